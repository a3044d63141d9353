"""Files holding reps' and prospects' data are readable by the app's own account only.

Made with the usual umask they would be 0644: anyone with a shell on the machine could copy
the database (password hashes, every prospect and visit) or an uploaded call list. They are
made 0600 from the start, like instance/secret_key, with no moment when they are not."""

from __future__ import annotations

import logging
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
log = logging.getLogger(__name__)


def create(path: Path) -> None:
    """path as an empty file only its owner may read, unless it exists; either way 0600."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    except FileExistsError:
        pass
    restrict(path)


def write_bytes(path: Path, data: bytes) -> None:
    """data into a new private file at path (replacing one that is there)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def folder(path: Path) -> Path:
    """path as a folder only its owner may list or enter."""
    path.mkdir(mode=FOLDER_MODE, exist_ok=True)
    restrict(path, FOLDER_MODE)
    return path


def restrict(path: Path, mode: int = FILE_MODE) -> None:
    """chmod an existing file made before this version; one owned by another account (say
    root, from a first run as root) is left as it is, with a warning, rather than stop the
    app."""
    try:
        os.chmod(path, mode)
    except FileNotFoundError:
        pass
    except PermissionError:
        log.warning("could not make %s private: it belongs to another account", path)


def sqlite_files(database: Path) -> None:
    """A SQLite database file made private before SQLite opens it (on each new connection,
    so a few system calls per pooled connection). SQLite gives its -wal and -shm files the
    database file's mode, so they are private too; ones left by an older version are
    restricted here."""
    if not database.parent.is_dir():
        return  # SQLite says so itself, in its own words, when it first connects
    create(database)
    for suffix in ("-wal", "-shm", "-journal"):
        restrict(database.with_name(database.name + suffix))
