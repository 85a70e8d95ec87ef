"""Slow results kept on disk between processes, like Python's own ``__pycache__``.

What is kept: the compiled form of the library's regular expressions
(:mod:`boilerstrip._lazyre`) and the stopword lists (:mod:`boilerstrip.stoplists`), each a
:class:`Memo` stored (``marshal``) under a name that is the hash of everything it was made
from, the Python bytecode version and the library version.
A changed input or a new release makes a new name; a file that cannot be read is made again.
(Not here: the models' trees ship as Python modules, see :mod:`boilerstrip._treecode`, and the
built-in rules' first-word guards as ``rules/guards.json``, see
:mod:`boilerstrip.rules._firstwords`.)

Where: ``$BOILERSTRIP_CACHE_DIR`` when set (set it empty to keep nothing on disk), else
``$XDG_CACHE_HOME/boilerstrip``, else ``~/.cache/boilerstrip``. A directory that cannot be
written is not an error: the work is then done again in every process, as without a cache.
The compiled patterns read from this directory are handed to the regular expression engines,
so it must be as trusted as the installed package (see SECURITY.md).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from importlib.util import MAGIC_NUMBER
from pathlib import Path

from ._version import __version__

__all__ = ["ENV", "Memo", "cache_dir"]

ENV = "BOILERSTRIP_CACHE_DIR"
"""The environment variable naming the cache directory (empty: no cache)."""


def cache_dir() -> Path | None:
    """The directory the cache files are kept in, or ``None`` when caching is off."""
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value) if value else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "boilerstrip"


def _path(key: bytes, suffix: str) -> Path | None:
    """The cache file of ``key`` (with the bytecode and library versions), or None when off."""
    directory = cache_dir()
    if directory is None:
        return None
    digest = hashlib.sha256(b"\0".join((MAGIC_NUMBER, __version__.encode(), key))).hexdigest()
    return directory / f"{digest[:40]}{suffix}"


def _read(path: Path | None) -> object:
    """What ``path`` holds, or None when it is missing or cannot be read as marshal data."""
    if path is None:
        return None
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _write(path: Path | None, value: dict[object, object]) -> bool:
    """Store ``value`` at ``path`` atomically; False when it cannot be written (a read-only
    home, a full disk: the work is done again next time)."""
    if path is None:
        return False
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(value))
        os.replace(tmp, path)
    except (OSError, ValueError):
        return False
    return True


class Memo:
    """Results of a slow pure function of strings, kept on disk between processes.

    One file per ``name`` and ``key`` (``key``: every input the results depend on besides the
    arguments, such as the function's module source). Values must be what :mod:`marshal`
    writes (None, numbers, strings, tuples, frozensets). The file is read on first use and
    written by :meth:`save` when something was added; at most ``limit`` entries are kept, so
    a process that sees endless new arguments cannot grow the file without bound.
    """

    def __init__(self, name: str, key: bytes, limit: int = 20_000) -> None:
        self._name, self._key, self._limit = name, key, limit
        self._values: dict[object, object] | None = None
        self._dirty = False

    def _load(self) -> dict[object, object]:
        if self._values is None:
            values = _read(_path(self._key, f".{self._name}.marshal"))
            self._values = values if isinstance(values, dict) else {}
        return self._values

    def get(self, key: object, default: object = None) -> object:
        return self._load().get(key, default)

    def put(self, key: object, value: object) -> None:
        values = self._load()
        if key not in values and len(values) < self._limit:
            values[key] = value
            self._dirty = True

    def save(self) -> None:
        """Write the file if anything was added (errors are ignored: the work is done again)."""
        if self._dirty and self._values is not None and _write(_path(self._key, f".{self._name}.marshal"), self._values):
            self._dirty = False
