"""Bounded resources: time grows linearly with the input, and no built-in regex backtracks.

No test here has an absolute wall-clock target (the machines that run CI are shared and
busy). Linearity is checked on the growth ratio of CPU time per doubling of the input;
regexes are checked with the ``regex`` module's ``timeout=``: a pattern that backtracks
catastrophically on an adversarial string raises ``TimeoutError`` in seconds instead of hanging
the suite, while a linear pattern scans 50,000 characters in milliseconds.

Memory is measured in the benchmark (``python benchmarks/bench.py --memory``), not here: a
peak-memory assertion needs ``tracemalloc``, which slows cleaning several times over.
"""

from __future__ import annotations

import functools
import html
import importlib
import json
import pkgutil
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import regex

import boilerstrip
from boilerstrip import clean
from boilerstrip._lazyre import _Lazy
from boilerstrip.rules import RuleSet

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


# --- inputs ---------------------------------------------------------------------------------


def _articles() -> list[list[str]]:
    """The fixture articles (sources in fixtures/articles/SOURCES.md), headline first."""
    return [
        [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        for path in sorted((FIXTURES / "articles").glob("*.txt"))
    ]


def _chrome() -> list[str]:
    kinds = json.loads((FIXTURES / "chrome" / "catalogue.json").read_text(encoding="utf-8"))["kinds"]
    return [line for by_language in kinds.values() for lines in by_language.values() for line in lines]


def _chunks(kind: str) -> Iterator[str]:
    """Endless page material: articles in turn, each between lines of chrome, numbered so that
    no two chunks are the same text (repeats would make later copies cheaper or dearer)."""
    articles, chrome = _articles(), _chrome()
    n = 0
    while True:
        for article in articles:
            n += 1
            menu = [f"{chrome[(n * 7 + i) % len(chrome)]} {n}" for i in range(6)]
            if kind == "text":
                yield "\n".join(menu) + "\n\n" + "\n\n".join(article) + "\n\n"
            else:
                links = "".join(f'<li><a href="/s/{n}/{i}">{html.escape(m)}</a></li>' for i, m in enumerate(menu))
                paras = "".join(f"<p>{html.escape(p)}</p>" for p in article[1:])
                yield (
                    f'<nav class="menu"><ul>{links}</ul></nav><section class="story" id="s{n}">'
                    f"<h2>{html.escape(article[0])}</h2>{paras}</section>"
                )


def page_of(kind: str, size: int) -> str:
    """A text or HTML page of about ``size`` characters."""
    parts: list[str] = []
    total = 0
    for chunk in _chunks(kind):
        if total >= size:
            break
        parts.append(chunk)
        total += len(chunk)
    body = "".join(parts)
    if kind == "text":
        return body
    return f"<!DOCTYPE html><html><head><title>Front page</title></head><body><main>{body}</main></body></html>"


# --- time is linear in input size -------------------------------------------------------------

SIZES = (25_000, 50_000, 100_000, 200_000, 400_000)
REPEATS = 3
MAX_STEP_RATIO = 3.5
"""Largest allowed cost of one doubling: linear is 2.0, quadratic 4.0."""
MAX_TOTAL_RATIO = 2.5 * (SIZES[-1] / SIZES[0])
"""Largest allowed cost of all the doublings together: linear is 16, n^1.5 is 64, n^2 256."""


def cpu_seconds(fn: Callable[[], Any]) -> float:
    # CPU time of this process, not wall time: on a shared machine the time spent waiting for a
    # core is noise, not cost. Threads (lxml does not start any) would be counted too.
    start = time.process_time()
    fn()
    return time.process_time() - start


@pytest.mark.parametrize("kind", ["text", "html"])
def test_time_is_linear_in_input_size(kind: str) -> None:
    pages = [page_of(kind, size) for size in SIZES]
    clean(pages[0])  # warm up: first-use caches (rules, stoplists, the model) are not per byte
    best = [float("inf")] * len(pages)
    for _ in range(REPEATS):  # round-robin, so a burst of load hits every size alike
        for i, page in enumerate(pages):
            best[i] = min(best[i], cpu_seconds(functools.partial(clean, page)))
    steps = [later / earlier for earlier, later in zip(best, best[1:])]
    report = ", ".join(f"{len(p) // 1000} KB: {t * 1000:.0f} ms" for p, t in zip(pages, best))
    assert all(step < MAX_STEP_RATIO for step in steps), f"a doubling cost more than {MAX_STEP_RATIO}x: {report}"
    assert best[-1] / best[0] < MAX_TOTAL_RATIO, f"16x the input cost {best[-1] / best[0]:.1f}x: {report}"


# --- no built-in regex backtracks catastrophically --------------------------------------------

N = 50_000
ADVERSARIAL = {
    "letters": "a" * N,
    "spaces": " " * N,
    "digits": "1" * N,
    "word-space": "ab " * (N // 3),
    "digit-space": "12 " * (N // 3),
    "dashes": "-" * N,
    "separators": "- | . " * (N // 6),
    "date-ish": "1/1-1:1." * (N // 8),
    "title-case": "Aa Bb, " * (N // 7),
    "markup": "<a " * (N // 3),
    "cjk": "字" * N,
    "lines": "a\n" * (N // 2),
}
"""Long runs of what patterns repeat over, each followed by a character that breaks a match
at the end (the classic trigger: ``(a+)+$`` against ``aaaa...!``)."""

TIMEOUT = 2.0
"""Per search. A linear pattern scans 50,000 characters in well under 0.3 s even on a loaded
machine; a quadratic one needs tens of seconds, an exponential one forever."""

# How some patterns are used, which bounds what they can meet; every entry is tested in that use.
MATCH_ONLY = {"boilerstrip.rules.matcher._FIRST_WORDS"}
"""Only ever used with ``.match`` (anchored at the start), never searched."""
COLLAPSED_ONLY = {"boilerstrip.fields.headline._PARTS"}
"""Only ever sees text whose runs of white space are collapsed to one space (titles and block
texts are normalised first); ``test_patterns_on_collapsed_text_see_collapsed_text`` checks it."""


def _module_patterns() -> dict[str, Any]:
    """Every compiled pattern held at module level in the package, by dotted name (patterns in
    module-level tuples, lists and dicts too)."""
    found: dict[str, Any] = {}

    def visit(name: str, value: object, depth: int) -> None:
        if isinstance(value, _Lazy):  # a pattern compiled on first use: compile it now
            value = value.search.__self__
        if isinstance(value, (re.Pattern, regex.Pattern)):
            found.setdefault(name, value)
        elif depth < 2 and isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                visit(f"{name}[{i}]", item, depth + 1)
        elif depth < 2 and isinstance(value, dict):
            for key, item in value.items():
                visit(f"{name}[{key!r}]", item, depth + 1)

    for info in pkgutil.walk_packages(boilerstrip.__path__, "boilerstrip."):
        if info.name.endswith("__main__"):
            continue  # runs the command line on import
        module = importlib.import_module(info.name)
        for attr, value in vars(module).items():
            if not attr.startswith("__"):
                visit(f"{info.name}.{attr}", value, 0)
    return found


def _rule_patterns() -> dict[str, Any]:
    return {f"rule {rule.id}": rule.regex for rule in RuleSet.default() if rule.regex is not None}


_RE_FLAGS = (("IGNORECASE", "IGNORECASE"), ("MULTILINE", "MULTILINE"), ("DOTALL", "DOTALL"), ("VERBOSE", "VERBOSE"), ("ASCII", "ASCII"))


def as_regex(pattern: Any) -> Any:
    """A :mod:`regex` pattern for ``pattern``: itself, or a standard-library ``re`` pattern
    recompiled with the same source and flags (``re`` has no timeout; both are backtracking
    engines over the same syntax, so a catastrophic pattern is catastrophic in both)."""
    if isinstance(pattern, regex.Pattern):
        return pattern
    flags = 0
    for re_name, regex_name in _RE_FLAGS:
        if pattern.flags & getattr(re, re_name):
            flags |= getattr(regex, regex_name)
    return regex.compile(pattern.pattern, flags)


def _adversarial_for(pattern: Any, *, collapse: bool = False) -> Iterator[tuple[str, str | bytes]]:
    for name, text in ADVERSARIAL.items():
        if collapse:
            text = regex.sub(r"\s+", " ", text)
        text += "!"
        yield name, text.encode("utf-8") if isinstance(pattern.pattern, bytes) else text


MODULE_PATTERNS = _module_patterns()
RULE_PATTERNS = _rule_patterns()


def test_the_pattern_catalogue_is_complete() -> None:
    # The walk finds the patterns the issue names; if a refactor hides them, this says so.
    names = set(MODULE_PATTERNS)
    for expected in ("boilerstrip.fields.captions._PATTERNS[0]", "boilerstrip.fields.timestamp._ISO",
                     "boilerstrip.text._SPACES", "boilerstrip.api._COMMENT_HEADER", "boilerstrip.decode._DECLARED"):
        assert expected in names
    assert len(MODULE_PATTERNS) >= 40
    assert len(RULE_PATTERNS) >= 20
    assert MATCH_ONLY | COLLAPSED_ONLY <= names  # the exceptions name real patterns


def _scan(patterns: dict[str, Any], method: str = "search", *, collapse: bool = False) -> list[str]:
    slow: list[str] = []
    for name, pattern in patterns.items():
        compiled = as_regex(pattern)
        run = getattr(compiled, method)
        for label, text in _adversarial_for(compiled, collapse=collapse):
            try:
                run(text, timeout=TIMEOUT)
            except TimeoutError:
                slow.append(f"{name} on {label}")
    return slow


def test_module_patterns_do_not_backtrack() -> None:
    searched = {k: v for k, v in MODULE_PATTERNS.items() if k not in MATCH_ONLY | COLLAPSED_ONLY}
    slow = _scan(searched)
    assert not slow, "catastrophic backtracking (search timed out): " + "; ".join(slow)


def test_rule_patterns_do_not_backtrack() -> None:
    slow = _scan(RULE_PATTERNS)
    assert not slow, "catastrophic backtracking (search timed out): " + "; ".join(slow)


def test_match_only_patterns_do_not_backtrack_in_match() -> None:
    slow = _scan({k: MODULE_PATTERNS[k] for k in MATCH_ONLY}, "match")
    assert not slow, "; ".join(slow)


def test_collapsed_text_patterns_do_not_backtrack_on_collapsed_text() -> None:
    slow = _scan({k: MODULE_PATTERNS[k] for k in COLLAPSED_ONLY}, collapse=True)
    assert not slow, "; ".join(slow)


class Guarded:
    """A compiled pattern whose every search runs with a timeout (a stand-in for a module-level
    pattern while the pipeline runs)."""

    _METHODS = frozenset({"search", "match", "fullmatch", "findall", "finditer", "split", "sub", "subn"})

    def __init__(self, name: str, pattern: Any) -> None:
        self._name = name
        self._pattern = as_regex(pattern)

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self._pattern, attr)
        if attr in self._METHODS:
            return functools.partial(value, timeout=TIMEOUT)
        return value


PIPELINE_STRINGS = ("spaces", "word-space", "digits", "dashes", "date-ish", "markup", "cjk")
"""The adversarial strings the pipeline test builds its pages from (a subset: every string
costs a full clean() of 50,000 characters)."""


def _adversarial_pages() -> list[str]:
    lines = [ADVERSARIAL[name] for name in PIPELINE_STRINGS]
    text = "\n\n".join(f"{line}!" for line in lines)
    title = " ".join(lines[:2])
    body = "".join(f'<p class="{line[:5000]}">{html.escape(line)}!</p>' for line in lines)
    page = f"<html><head><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    return [text, page]


@pytest.mark.parametrize("which", ["text", "html"])
def test_pipeline_patterns_in_use_do_not_backtrack(monkeypatch: pytest.MonkeyPatch, which: str) -> None:
    """clean() on pages made of the adversarial strings, every module-level pattern guarded.

    This checks the patterns the way the pipeline really uses them (after normalisation,
    anchored or not), including the two exceptions above.
    """
    for name, pattern in MODULE_PATTERNS.items():
        module_name, _, attr = name.rpartition(".")
        if "[" in attr or "[" in module_name:
            continue  # inside a container: guarded below with its container
        monkeypatch.setattr(importlib.import_module(module_name), attr, Guarded(name, pattern))
    captions = importlib.import_module("boilerstrip.fields.captions")
    monkeypatch.setattr(captions, "_PATTERNS", tuple(Guarded("captions", p) for p in captions._PATTERNS))

    page = _adversarial_pages()[0 if which == "text" else 1]
    result = clean(page)  # a TimeoutError escapes from the guarded search that backtracks
    assert isinstance(result.body, str)


def test_rule_matcher_does_not_time_out_on_adversarial_blocks() -> None:
    matcher = RuleSet.default().compile(url="https://news.example/story", language="en", timeout=TIMEOUT)
    for text in ADVERSARIAL.values():
        block = f"{text}!"
        matcher.match(block, words=len(block.split()))
    assert not matcher.warnings, matcher.warnings
