"""Writing files safely: never over a user's file without asking, never half-written."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["FileExistsRefusal", "write_atomically"]


class FileExistsRefusal(FileExistsError):
    """The target exists and overwriting it was not asked for."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(
    path: Path, data: bytes | Callable[[BinaryIO], None], *, force: bool = False
) -> None:
    """Write ``data`` (bytes, or a function that writes to a binary file) to ``path``
    all at once or not at all.

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
            if isinstance(data, bytes):
                handle.write(data)
            else:
                data(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if not force and path.exists():  # created meanwhile: still never overwrite
            raise FileExistsRefusal(str(path))
        # mkstemp makes 0600 files; a report should get the mode any new file gets
        # (or keep the mode of the file it replaces).
        os.chmod(temp, path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
