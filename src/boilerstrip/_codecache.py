"""The models' compiled code, kept on disk between processes.

The boosted trees run as generated Python (:func:`boilerstrip.density.compile_trees`). Writing
that source and compiling it costs a fresh process about 0.2 s per model, every run: the
whole of a short job's start-up. Like Python's own ``__pycache__``, the compiled code object is
stored (``marshal``) under a name that is the hash of everything it was made from: the model's
numbers, the generator's module, the Python bytecode version and the library version. A
changed model or a new release makes a new name; a file that cannot be read, or holds no code,
is made again.

Where: ``$BOILERSTRIP_CACHE_DIR`` when set (set it empty to keep nothing on disk), else
``$XDG_CACHE_HOME/boilerstrip``, else ``~/.cache/boilerstrip``. A directory that cannot be
written is not an error: the code is then compiled every time, as without a cache. Code
loaded from this directory runs in the process, so it must be as trusted as the installed
package (see SECURITY.md).
"""

from __future__ import annotations

import hashlib
import marshal
import os
from collections.abc import Callable
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType

from ._version import __version__

__all__ = ["ENV", "Memo", "cache_dir", "compiled"]

ENV = "BOILERSTRIP_CACHE_DIR"
"""The environment variable naming the cache directory (empty: no cache)."""


def cache_dir() -> Path | None:
    """The directory the compiled models are kept in, or ``None`` when caching is off."""
    value = os.environ.get(ENV)
    if value is not None:
        return Path(value) if value else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "boilerstrip"


def compiled(key: bytes, source: Callable[[], str], filename: str) -> CodeType:
    """The code object of ``source()`` compiled as a module, from the cache when ``key`` (every
    input the source depends on) was compiled before; ``source`` is only called on a miss."""
    directory = cache_dir()
    path = None
    if directory is not None:
        digest = hashlib.sha256(b"\0".join((MAGIC_NUMBER, __version__.encode(), key))).hexdigest()
        path = directory / f"{digest[:40]}.code"
        try:
            code = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            code = None
        if isinstance(code, CodeType):
            return code
    code = compile(source(), filename, "exec")
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(code))
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only home or a full disk: compile again next time
    return code


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

    def _path(self) -> Path | None:
        directory = cache_dir()
        if directory is None:
            return None
        digest = hashlib.sha256(b"\0".join((MAGIC_NUMBER, __version__.encode(), self._key))).hexdigest()
        return directory / f"{self._name}-{digest[:40]}.marshal"

    def _load(self) -> dict[object, object]:
        if self._values is None:
            values: object = None
            path = self._path()
            if path is not None:
                try:
                    values = marshal.loads(path.read_bytes())
                except (OSError, ValueError, EOFError, TypeError):
                    values = None
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
        """Write the file if anything was added (errors are ignored, as for code)."""
        path = self._path()
        if not self._dirty or path is None or self._values is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(self._values))
            os.replace(tmp, path)
            self._dirty = False
        except (OSError, ValueError):
            pass
