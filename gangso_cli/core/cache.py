"""Computed values kept between runs in the user's cache folder, as plain JSON.

An entry is found only under the key it was written with: a hash of everything the value
was computed from (the caller's parts) and of this gangso (its version and its code), so
a changed file, another release or an edited module never reads an old value. A cache
that cannot be read or written is simply not used: the value is computed again.

Only plain data goes in (dicts, lists, strings, numbers); nothing is unpickled, no model
is rebuilt without the caller checking what it reads.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["cache_dir", "content_key", "read_cached", "write_cached"]


def cache_dir() -> Path:
    """Where gangso keeps its cache: ``$XDG_CACHE_HOME/gangso`` when that is set, else
    the platform's user cache folder (``~/.cache``, ``~/Library/Caches``,
    ``%LOCALAPPDATA%``)."""
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "gangso"
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "gangso" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "gangso"
    return Path.home() / ".cache" / "gangso"


def _code_fingerprint() -> str:
    """The version and every module of this gangso (name, size, modification time): an
    edited or upgraded installation has another fingerprint."""
    from gangso_cli.core.version import __version__

    package = Path(__file__).resolve().parents[1]
    parts = [__version__]
    for folder, _, files in sorted(os.walk(package)):
        for name in sorted(files):
            if name.endswith(".py"):
                stat = os.stat(os.path.join(folder, name))
                parts.append(f"{folder}/{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


def content_key(*parts: bytes | str) -> str:
    """A key for a value computed from ``parts`` (file contents, settings) by this
    gangso: equal only when every part and the code are the same."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def _path(name: str) -> Path:
    return cache_dir() / f"{name}.json"


def read_cached(name: str, key: str) -> Any | None:
    """The value stored as ``name`` under ``key``; None when there is none, it was
    stored under another key, or it cannot be read."""
    try:
        with open(_path(name), encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    return stored.get("value")


def write_cached(name: str, key: str, value: Any) -> None:
    """Store ``value`` (plain JSON data) as ``name`` under ``key``, replacing what was
    there; quietly nothing when the folder cannot be written."""
    import tempfile  # only when writing: a run that reads the cache does not need it

    target = _path(name)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump({"key": key, "value": value}, handle, ensure_ascii=False)
        os.replace(temporary, target)  # readers see the old entry or the new, whole
    except (OSError, TypeError, ValueError):
        with contextlib.suppress(OSError):
            os.unlink(temporary)
