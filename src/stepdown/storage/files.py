"""Files and folders that hold health data: folders 0700, files 0600, created that way.

Modes are given when a file or folder is created (not fixed up afterwards), so there is no moment in
which another account on the machine could open it. SQLite gives its -wal, -shm and -journal files
the mode of the database file, so creating the database 0600 first covers them too.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
PRIVATE_UMASK = 0o077


def private_umask() -> None:
    """From now on this process creates files 0600 and folders 0700 (the CLI and the server)."""
    os.umask(PRIVATE_UMASK)


def private_folder(path: Path) -> Path:
    """Create `path` and any missing parents, each 0700 (an existing folder is left as it is)."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=FOLDER_MODE)
            os.chmod(folder, FOLDER_MODE)  # mkdir's mode is filtered by the umask; be exact
    return path


def private_file(path: Path) -> None:
    """Make sure `path` exists with mode 0600: a new empty file is created so, an existing one tightened."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        tighten(path)


def claim(path: Path) -> bool:
    """Create `path` empty and 0600 only if it does not exist yet (never overwrites); True if created."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        return False
    return True


def tighten(path: Path) -> None:
    """Mode 0600 for an existing file of ours (one we may not change is left alone)."""
    with contextlib.suppress(OSError):
        if path.is_file() and path.stat().st_mode & 0o077:
            os.chmod(path, FILE_MODE)


def write_private(path: Path, data: bytes) -> Path:
    """Write `data` to `path` as a new 0600 file, whole or not at all (a temp file, then a rename)."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}.partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
