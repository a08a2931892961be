import sys

from stepdown.cli.main import main

sys.exit(main())
