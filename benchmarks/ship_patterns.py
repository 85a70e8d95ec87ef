"""Write the compiled form of the package's own patterns to ``src/boilerstrip/data/patterns.marshal``.

A fresh process with an empty cache directory (the first run after installing; every run of
a serverless function) spends most of its start compiling regular expressions: the engines
parse each pattern in Python. The package ships what that parse produces for its own
patterns (see :mod:`boilerstrip._lazyre`); this script makes the file. It compiles

- every pattern held at module level in the package (``lazy_re`` / ``lazy_regex`` constants),
- every built-in rule's pattern, and the joined alternations of the built-in rule buckets,
- whatever else the pipeline compiles while it cleans the pages under ``fixtures/`` and
  ``seeds/`` (patterns made inside functions),

with nothing read from the disk cache or from an older shipped file, and writes the engine
arguments of each, under :func:`boilerstrip._lazyre.engine`. Run it after changing a pattern
or a built-in rule, and after upgrading Python or ``regex`` (the file is ignored by any other
engine; ``tests/test_shipped_patterns.py`` says when it is stale).

    python benchmarks/ship_patterns.py [--out PATH]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import importlib
import marshal
import os
import pkgutil
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
os.environ["BOILERSTRIP_CACHE_DIR"] = ""  # nothing read from (or written to) the disk cache
sys.path.insert(0, str(ROOT / "src"))

import boilerstrip  # noqa: E402
from boilerstrip import _lazyre  # noqa: E402


def _pages() -> list[tuple[str | bytes, str]]:
    """The repository's own pages: (page, input kind)."""
    pages: list[tuple[str | bytes, str]] = []
    for path in sorted([*(ROOT / "fixtures").rglob("*"), *(ROOT / "seeds").rglob("*")]):
        name = path.name
        if name.endswith(".html.gz"):
            pages.append((gzip.open(path).read(), "html"))
        elif name.endswith((".html", ".htm")):
            pages.append((path.read_bytes(), "html"))
        elif name.endswith(".txt"):
            pages.append((path.read_text(encoding="utf-8", errors="replace"), "text"))
    return pages


def compile_everything() -> dict[object, object]:
    """The engine arguments of every pattern the package compiles (see the module docstring)."""
    _lazyre._shipped.cache_clear()
    _lazyre._shipped = lambda: {}  # type: ignore[assignment]  # an older file is not read
    _lazyre._MEMO._limit = 1_000_000
    for info in pkgutil.walk_packages(boilerstrip.__path__, "boilerstrip."):
        if not info.name.endswith("__main__"):
            importlib.import_module(info.name)
    from boilerstrip.api import _DEFAULT
    from boilerstrip.rules import RuleSet
    from boilerstrip.rules.matcher import _Alternation

    # (what ``import boilerstrip`` compiled came from the shipped file, before it was set
    # aside above: the module constants and the rules' patterns are compiled here again)
    for rule in RuleSet.default():
        if rule.pattern is not None:
            rule._compile_pattern()
    _DEFAULT.rules.compile()
    for page, kind in _pages():
        for favor in ("balanced", "precision", "recall"):
            try:
                boilerstrip.Cleaner(favor=favor).clean(page, input=kind)
            except boilerstrip.BoilerstripError:  # (the fixtures of bad input)
                pass
    for obj in gc.get_objects():
        if isinstance(obj, _lazyre._Lazy):
            compile, flags, kwargs = obj._args
            compile(obj.pattern, flags, **kwargs)
        elif isinstance(obj, _Alternation):
            _ = obj.prefilter, obj.ident
    memo = _lazyre._MEMO
    return dict(memo._values or {})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "boilerstrip" / _lazyre.SHIPPED)
    args = ap.parse_args()
    patterns = compile_everything()
    # (sorted, and marshal's version 2, which writes no back-references, so that the file
    # changes little when a few patterns do; it is not byte for byte the same from run to
    # run: regex lists the first characters of a pattern in no fixed order)
    ordered = dict(sorted(patterns.items(), key=repr))
    data = zlib.compress(marshal.dumps({"engine": _lazyre.engine(), "patterns": ordered}, 2), 9)
    args.out.write_bytes(data)
    print(f"{len(patterns)} patterns, {len(data):,} bytes, engine {_lazyre.engine()} -> {args.out}")


if __name__ == "__main__":
    main()
