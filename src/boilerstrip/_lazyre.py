"""Regular expressions compiled when first used, and their compiled form kept on disk.

Compiling was most of a fresh process's start: the library's modules hold some 150 patterns
as module constants, and the built-in rules' patterns and their joined alternations are
large. Two things make that cost go away:

* **Lazy constants.** ``lazy_re`` and ``lazy_regex`` take the arguments of :func:`re.compile`
  and :func:`regex.compile` and return a stand-in for the compiled pattern: its first method
  lookup compiles it, and each method, once looked up, is stored on the stand-in as the
  compiled pattern's own bound method, so later calls cost what calls on the compiled pattern
  cost. Use them only for patterns called through their methods (``.search``, ``.sub``,
  ``.pattern``...): the stand-in is not a ``Pattern``, so it cannot be passed to
  ``re.sub(pattern, ...)`` or checked with ``isinstance``.
* **Compiled patterns kept between processes.** Both engines parse a pattern in Python into
  a list of opcodes, then hand that list to their C module (``_sre.compile``,
  ``_regex.compile``), which is fast. :func:`compile_re` and :func:`compile_regex` record the
  arguments of that last call the first time a pattern is compiled and keep them in the cache
  directory of :mod:`boilerstrip._codecache`, under a name made of the Python and ``regex``
  versions; a later process makes the same pattern object from them in microseconds instead of
  milliseconds. The engines' own ``compile`` is still what runs on a miss, and anything
  unexpected (another Python, an engine without that call) falls back to it, caching nothing.

Call :func:`save_compiled` once some work is done (the :class:`~boilerstrip.Cleaner` does,
after each page) to write what was compiled since the last save.

The package also ships the compiled form of its own patterns (:data:`SHIPPED`, written by
``benchmarks/ship_patterns.py``), so that the first process after installing does not
compile them either (a serverless function, whose cache directory starts empty every time,
is always that first process). That file is read only when :func:`engine` (the Python
version, the standard engine's code version and the ``regex`` release) is the one it was
made with; otherwise every pattern is compiled, and kept on disk, as above.
"""

from __future__ import annotations

import hashlib
import marshal
import re
import sys
import threading
import zlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from types import ModuleType
from typing import Any, AnyStr, cast

import regex

from ._codecache import Memo

__all__ = ["SHIPPED", "compile_re", "compile_regex", "engine", "lazy_re", "lazy_regex", "save_compiled"]


# --- compiled patterns kept on disk -------------------------------------------------------


def _engines() -> tuple[ModuleType, ModuleType] | None:
    """The modules whose global ``_sre`` / ``_regex`` each engine's compiler calls, or None."""
    try:
        import regex._main as regex_main

        re_compiler: ModuleType = getattr(re, "_compiler", None) or __import__("sre_compile")
        if not (hasattr(re_compiler, "_sre") and hasattr(regex_main, "_regex")):
            return None
    except ImportError:
        return None
    return re_compiler, regex_main


_ENGINES = _engines()
_SRE_MAGIC = getattr(getattr(_ENGINES[0], "_sre", None), "MAGIC", None) if _ENGINES else None
_MEMO = Memo(
    "patterns",
    hashlib.sha256(f"{sys.version}\0{_SRE_MAGIC}\0{regex.__version__}".encode()).digest(),
    limit=5_000,
)
_LOCK = threading.Lock()

SHIPPED = "data/patterns.marshal.zlib"
"""The compiled patterns shipped in the package (a path inside it): a dict ``{"engine": ...,
"patterns": ...}`` written by :mod:`marshal`, compressed by :mod:`zlib`."""


def engine() -> tuple[str, object, str]:
    """What the compiled form of a pattern depends on: the Python version (major.minor), the
    standard engine's code version (``_sre.MAGIC``) and the ``regex`` release."""
    return f"{sys.version_info[0]}.{sys.version_info[1]}", _SRE_MAGIC, str(regex.__version__)


@lru_cache(maxsize=1)
def _shipped() -> dict[object, object]:
    """The package's :data:`SHIPPED` patterns, by the key :func:`_cached` reads, when they were
    made by this :func:`engine`; else (or when the file cannot be read) none."""
    if _ENGINES is None:
        return {}
    try:
        doc = marshal.loads(zlib.decompress(resources.files("boilerstrip").joinpath(SHIPPED).read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, zlib.error):
        return {}
    if not isinstance(doc, dict) or doc.get("engine") != engine() or not isinstance(doc.get("patterns"), dict):
        return {}
    patterns: dict[object, object] = doc["patterns"]
    return patterns


class _Recorder:
    """Stands for a C module during one compile: passes every call through and notes the
    arguments of each ``compile`` with its result (another thread's too, told apart by the
    result's identity)."""

    def __init__(self, real: Any) -> None:
        self._real = real
        self.calls: list[tuple[tuple[Any, ...], object]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def compile(self, *args: Any) -> Any:
        result = self._real.compile(*args)
        self.calls.append((args, result))
        return result


def _plain(value: Any) -> Any:
    """``value`` with its int subclasses (``IntFlag`` flags, ``re``'s named opcodes) as plain
    ints, in lists too: marshal writes only the built-in types."""
    if isinstance(value, list):
        # an engine's code: a long list of ints (some of them named opcodes), converted at C
        # speed; anything else in it (a nested list, a bool) item by item
        kinds = set(map(type, value))
        if bool not in kinds and all(issubclass(kind, int) for kind in kinds):
            return list(map(int, value))
        return [_plain(v) for v in value]
    return int(value) if isinstance(value, int) and type(value) not in (int, bool) else value


def _cached(key: tuple[str, str | bytes, int], holder: ModuleType, attr: str, compile: Callable[[], Any]) -> Any:
    """The pattern ``compile()`` makes, built from the kept C-level arguments under ``key``
    when they are there, else compiled with ``holder.<attr>`` (the C module) recorded."""
    args = _shipped().get(key)
    if args is None:
        args = _MEMO.get(key)
    if isinstance(args, tuple):
        try:
            return getattr(holder, attr).compile(*args)
        except (TypeError, ValueError, RuntimeError):  # not what this engine takes: compile anew
            pass
    with _LOCK:  # (one recorder at a time in the engine's namespace)
        real = getattr(holder, attr)
        recorder = _Recorder(real)
        setattr(holder, attr, recorder)
        try:
            compiled = compile()
        finally:
            setattr(holder, attr, real)
    for call, result in recorder.calls:
        if result is compiled:
            kept = tuple(_plain(a) for a in call)
            try:
                marshal.dumps(kept)
            except ValueError:  # an argument marshal cannot write: compiled each time
                break
            _MEMO.put(key, kept)
            break
    return compiled


def compile_re(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, from the disk cache when it was compiled before."""
    flags = int(flags)
    if _ENGINES is None or flags & (re.DEBUG | re.LOCALE):  # (output, or locale-dependent)
        return re.compile(pattern, flags)
    compiler = _ENGINES[0]  # what re.compile calls past its cache of recent patterns
    return cast("re.Pattern[AnyStr]", _cached(("re", pattern, flags), compiler, "_sre", lambda: compiler.compile(pattern, flags)))


def compile_regex(pattern: AnyStr, flags: int = 0, **kwargs: Any) -> regex.Pattern[AnyStr]:
    """``regex.compile(pattern, flags, **kwargs)``, from the disk cache when it was compiled
    before (named lists, the locale flag and a changed ``regex.DEFAULT_VERSION`` are not
    kept: those are compiled each time)."""
    flags = int(flags)
    if kwargs or flags & (regex.DEBUG | regex.LOCALE) or regex.DEFAULT_VERSION != regex.VERSION0:
        return regex.compile(pattern, flags, **kwargs)
    if _ENGINES is None:
        return regex.compile(pattern, flags)
    compiled = _cached(("regex", pattern, flags), _ENGINES[1], "_regex", lambda: regex.compile(pattern, flags, cache_pattern=False))
    return cast("regex.Pattern[AnyStr]", compiled)


def save_compiled() -> None:
    """Write the patterns compiled since the last save to the cache directory (when any were)."""
    _MEMO.save()


# --- lazy constants -----------------------------------------------------------------------


class _Lazy:
    """A pattern compiled by ``compile(pattern, flags, **kwargs)`` on first attribute lookup."""

    def __init__(self, compile: Callable[..., Any], pattern: str | bytes, flags: int, kwargs: dict[str, Any]) -> None:
        # ``pattern`` is the source, as on a compiled pattern; reading it compiles nothing
        # (patterns built from others' ``.pattern`` stay lazy)
        self.pattern = pattern
        self._args = (compile, flags, kwargs)

    def __getattr__(self, name: str) -> Any:  # only reached for names not stored yet
        if name.startswith("__"):  # copy, pickle and friends probing for hooks
            raise AttributeError(name)
        state = self.__dict__
        compiled = state.get("_compiled")
        if compiled is None:  # two threads may both compile: the same pattern, harmless
            compile, flags, kwargs = state["_args"]
            compiled = state["_compiled"] = compile(state["pattern"], flags, **kwargs)
        value = getattr(compiled, name)
        state[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy_re(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast("re.Pattern[AnyStr]", _Lazy(compile_re, pattern, flags, {}))


def lazy_regex(pattern: AnyStr, flags: int = 0, **kwargs: Any) -> regex.Pattern[AnyStr]:
    """``regex.compile(pattern, flags, **kwargs)``, done when the pattern is first used."""
    return cast("regex.Pattern[AnyStr]", _Lazy(compile_regex, pattern, flags, kwargs))
