"""The compiled patterns shipped in the package (#19): a first process compiles nothing of its own.

``benchmarks/ship_patterns.py`` writes ``data/patterns.marshal.zlib``; these tests say when
the file is wrong or stale for the engine they run on, and that any other engine ignores it.
"""

from __future__ import annotations

import gzip
import marshal
import os
import re
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import pytest
import regex

from boilerstrip import _lazyre
from boilerstrip._codecache import ENV

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "fixtures" / "gate").rglob("*.html.gz"))[:12]
TEXTS = [*sorted((ROOT / "fixtures" / "articles").glob("*.txt")), ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt"]


def _document() -> dict[str, Any]:
    raw = (Path(_lazyre.__file__).parent / _lazyre.SHIPPED).read_bytes()
    doc = marshal.loads(zlib.decompress(raw))
    assert isinstance(doc, dict)
    return doc


def _probes() -> list[str]:
    texts = ["", "By Jane Smith, Staff Writer", "Photo: Reuters", "Subscribe to our newsletter", "2024-03-05T10:00:00Z",
             "Posted on March 5, 2024 by admin", "© 2024 Example Media. All rights reserved.", "Ａｂｃ 東京 ñandú"]
    for path in PAGES[:3]:
        texts += gzip.open(path).read().decode("utf-8", "replace").splitlines()[:200]
    return texts


def test_the_shipped_file_names_its_engine_and_holds_the_packages_patterns() -> None:
    doc = _document()
    engine = doc["engine"]
    assert isinstance(engine, tuple) and len(engine) == 3 and re.fullmatch(r"3\.\d+", engine[0])
    patterns = doc["patterns"]
    assert len(patterns) >= 100
    assert {key[0] for key in patterns} == {"re", "regex"}


def test_this_engine_reads_the_file_only_when_it_made_it(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = _document()
    _lazyre._shipped.cache_clear()
    try:
        assert (_lazyre._shipped() == doc["patterns"]) == (_lazyre.engine() == doc["engine"])
        # another engine (here: another regex release) reads nothing from it
        monkeypatch.setattr(_lazyre, "engine", lambda: (doc["engine"][0], doc["engine"][1], "0.0.0"))
        _lazyre._shipped.cache_clear()
        assert _lazyre._shipped() == {}
    finally:
        monkeypatch.undo()
        _lazyre._shipped.cache_clear()


def _compiled_anew(key: tuple[str, Any, int]) -> Any:
    engine, pattern, flags = key
    return re.compile(pattern, flags) if engine == "re" else regex.compile(pattern, flags, cache_pattern=False)


def _from_shipped(key: tuple[str, Any, int], args: tuple[Any, ...]) -> Any:
    assert _lazyre._ENGINES is not None
    holder, attr = (_lazyre._ENGINES[0], "_sre") if key[0] == "re" else (_lazyre._ENGINES[1], "_regex")
    return getattr(holder, attr).compile(*args)


def test_each_shipped_pattern_is_the_pattern_its_source_compiles_to() -> None:
    """On the engine that made the file: each entry gives a pattern with the source, flags and
    groups of a fresh compile, that finds the same matches in varied text. (On any other
    engine the file is not read: the test above.)"""
    doc = _document()
    if _lazyre.engine() != doc["engine"]:
        assert _lazyre._shipped() == {}
        return
    probes = _probes()
    wrong = []
    for key, args in doc["patterns"].items():
        fresh, shipped = _compiled_anew(key), _from_shipped(key, args)
        same = (fresh.pattern, fresh.flags, fresh.groups, dict(fresh.groupindex)) == (
            shipped.pattern, shipped.flags, shipped.groups, dict(shipped.groupindex))
        for text in probes:
            subject: Any = text.encode("utf-8") if isinstance(key[1], bytes) else text
            a, b = fresh.search(subject), shipped.search(subject)
            same = same and (a is None) == (b is None) and (a is None or (a.span(), a.groups()) == (b.span(), b.groups()))
        if not same:
            wrong.append(repr(key)[:120])
    assert not wrong, "shipped patterns that differ from their source: " + "; ".join(wrong)


def test_a_first_process_compiles_none_of_the_packages_patterns(tmp_path: Path) -> None:
    """A fresh process with an empty cache directory cleans real pages, HTML and text, in every
    ``favor`` setting. On the engine the file was made for, nothing is left to compile (no
    pattern file is written to the cache: ``benchmarks/ship_patterns.py`` is to be run again
    when this fails); on another, the patterns are compiled and kept there, as before."""
    code = (
        "import gzip, sys, boilerstrip\n"
        "for path in sys.argv[1:]:\n"
        "    page = gzip.open(path).read() if path.endswith('.gz') else open(path, encoding='utf-8').read()\n"
        "    for favor in ('balanced', 'precision', 'recall'):\n"
        "        assert boilerstrip.Cleaner(favor=favor).clean(page).paragraphs\n"
    )
    env = {**os.environ, ENV: str(tmp_path)}
    subprocess.run([sys.executable, "-c", code, *map(str, PAGES + TEXTS)], env=env, check=True, capture_output=True)
    kept = [p.name for p in tmp_path.iterdir() if p.name.endswith(".patterns.marshal")]
    if _lazyre.engine() == _document()["engine"]:
        assert kept == []
    else:
        assert len(kept) == 1
