"""Writing files safely: never over a user's file without asking, never half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["FileExistsRefusal", "write_atomically"]


class FileExistsRefusal(FileExistsError):
    """The target exists and overwriting it was not asked for."""


def write_atomically(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` all at once or not at all.

    The bytes go to a temporary file in the same folder, which is then renamed over the
    target: a failure or an interrupt leaves no partial file behind.

    Raises:
        FileExistsRefusal: ``path`` exists and ``force`` is False.
        OSError: the folder is missing or not writable.
    """
    if path.exists() and not force:
        raise FileExistsRefusal(str(path))
    if path.is_dir():
        raise IsADirectoryError(21, "is a directory", str(path))
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if not force and path.exists():  # created meanwhile: still never overwrite
            raise FileExistsRefusal(str(path))
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
