"""The `stepdown` command. Sub-commands load lazily so start-up stays fast."""

from __future__ import annotations

import importlib
import os
import sys

import click

from stepdown import __version__

# command name -> "module:attribute". Each module imports storage, web or report libraries
# inside its command bodies, never at the top.
COMMANDS: dict[str, str] = {
    # planning (issue: foundation)
    "assess": "stepdown.cli.assess:assess",
    "plan": "stepdown.cli.plan:plan",
    "magnesium": "stepdown.cli.magnesium:magnesium",
    # daily loop
    "init": "stepdown.cli.start:init",
    "today": "stepdown.cli.today:today",
    "checkin": "stepdown.cli.checkin:checkin",
    "take": "stepdown.cli.take:take",
    "doses": "stepdown.cli.doses:doses",
    "pause": "stepdown.cli.pause:pause",
    "status": "stepdown.cli.today:status",
    "proposals": "stepdown.cli.proposals:proposals",
    "refill": "stepdown.cli.supply:refill",
    # web app
    "serve": "stepdown.cli.serve:serve",
    "admin": "stepdown.cli.admin:admin",
    # recovery toolkit
    "craving": "stepdown.cli.toolkit:craving",
    "lapse": "stepdown.cli.toolkit:lapse",
    "support": "stepdown.cli.toolkit:support",
    "milestones": "stepdown.cli.toolkit:milestones",
    "breathe": "stepdown.cli.toolkit:breathe",
    "selfcare": "stepdown.cli.toolkit:selfcare",
    # reports and data
    "report": "stepdown.cli.reports:report",
    "calendar": "stepdown.cli.reports:calendar",
    "export": "stepdown.cli.reports:export",
    "import": "stepdown.cli.reports:import_",
    "backup": "stepdown.cli.reports:backup",
    "restore": "stepdown.cli.reports:restore",
    "note": "stepdown.cli.reports:note",
}


NO_TERMINAL = (
    "stepdown needed to ask you a question, but there is no terminal to answer it on; give every value as "
    "an option (see --help), nothing was changed."
)


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="stepdown")
def cli() -> None:
    """stepdown: plan and follow a taper off 7-OH, with magnesium support.

    Not medical advice: plan and follow your taper together with a clinician.
    """


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return an exit code; bad input gives 2 and one plain sentence."""
    from stepdown.domain.errors import InvalidInput

    try:
        result = cli.main(args=argv, prog_name="stepdown", standalone_mode=False)
    except click.exceptions.Abort as exc:
        # A question asked with nothing to answer it (no terminal: end of input) is missing input, not a
        # stop the person chose: click raises Abort from the EOFError it met.
        if isinstance(exc.__context__, EOFError):
            click.echo(f"Error: {NO_TERMINAL}", err=True)
            return 2
        click.echo("Aborted; nothing was changed.", err=True)
        return 1
    except click.UsageError as exc:
        from stepdown.cli.output import clean

        click.echo(f"Error: {clean(exc.format_message())}", err=True)
        return 2
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except InvalidInput as exc:
        from stepdown.cli.hints import with_hint  # shared messages name no command; the CLI adds it
        from stepdown.cli.output import clean

        click.echo(f"Error: {clean(with_hint(exc.message))}", err=True)
        return 2
    except OSError as exc:  # a path the person gave that the system refuses (too long, no access, ...)
        from stepdown.cli.output import clean

        where = f" {exc.filename!s:.80}" if exc.filename else ""
        click.echo(f"Error: could not use{clean(where)}: {exc.strerror or exc}.", err=True)
        return 2
    except Exception as exc:  # a bug: say so plainly; STEPDOWN_DEBUG=1 shows the traceback
        if os.environ.get("STEPDOWN_DEBUG"):
            raise
        from stepdown.cli.output import clean

        click.echo(f"Error: something went wrong inside stepdown ({type(exc).__name__}: {clean(str(exc))}).",
                   err=True)  # fmt: skip
        return 1
    return result if isinstance(result, int) else 0


def run() -> None:
    from stepdown.storage.files import private_umask

    private_umask()  # whatever else this process writes (health data) is 0600 / 0700 too
    sys.exit(main())
