"""HTML shapes that took quadratic time, many times their size in memory, or lost the page
(issue #16). Every page here is made up.

Time: the CPU time of ``clean()`` per doubling of the page, at sizes where the work takes at
least 0.2 s, stays under 3.5 (linear work doubles; quadratic work quadruples). No test has an
absolute wall-clock target; a size that takes more than 5 s is compared with half its size
instead of twice (so that the old quadratic code fails in seconds, not minutes).

Memory: the ``tracemalloc`` peak of one ``clean()`` stays under 15 times the page's size
(SECURITY.md), or the page is refused with the documented :class:`TooManyBlocks` before its
memory runs away. Resident memory (which also counts libxml2's tree) is measured by
``python benchmarks/bench.py --memory`` on the same shapes at 10 MB.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable

import pytest
from resource_support import doubling_ratio  # tests/ is on sys.path (conftest.py)
from lxml import etree

import boilerstrip.dom.parse as parse_module
import boilerstrip.dom.segment as segment_module
from boilerstrip import BoilerstripError, InputTooLarge, clean
from boilerstrip.dom.parse import MIN_TAG_LIMIT, TooManyTags, parse_tree, tag_limit
from boilerstrip.dom.segment import BLOCK_ITEMS, MIN_ITEM_LIMIT, TooManyBlocks, item_limit
from boilerstrip.metadata import extract_meta

PARAGRAPHS = (
    "The harbour board met on Thursday evening and agreed to rebuild the old stone pier before "
    "the winter storms arrive in the bay.",
    "Fishermen had asked for the work for years, and the board said the money would come from "
    "the mooring fees it raised last spring.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def _repeat(unit: Callable[[int], str], size: int) -> str:
    parts: list[str] = []
    total = 0
    i = 0
    while total < size:
        parts.append(unit(i))
        total += len(parts[-1])
        i += 1
    return "".join(parts)


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Pier to be rebuilt</title></head><body>{body}</body></html>"


def _nested_h1(size: int) -> str:
    depth = max(1, min(2000, size // 300))  # libxml2 takes up to 2048 levels
    level = "<h1>" + " ".join(f"w{i:03d}" for i in range(59)) + " "
    return _page(level * depth + "</h1>" * depth)


SHAPES: dict[str, Callable[[int], str]] = {
    # nesting past libxml2's limit: the fallback builder, which flattens past MAX_DEPTH
    "deep-nesting": lambda n: _page(_repeat(lambda i: f"<div>d{i} ", n)),
    # one <p> with tens of thousands of styling children (stripped before the walk)
    "inline-children": lambda n: _page("<p>" + _repeat(lambda i: f"<em>e{i}</em> ", n) + "</p>"),
    # one <p> of links and code cut into thousands of blocks by <br><br>
    "br-links": lambda n: _page("<p>" + _repeat(lambda i: f'<a href="#{i}">link {i}</a> more words here<br><br>', n) + "</p>"),
    # one <p> of links that all read the same: each is placed by the text before it
    "same-links": lambda n: _page("<p>" + _repeat(lambda i: '<a href="#x">more</a> words and more ', n) + "</p>"),
    "nested-h1": _nested_h1,
    "table-cells": lambda n: _page("<table>" + _repeat(lambda i: ("<tr>" if i % 8 == 0 else "") + f"<td>c{i}</td>", n) + "</table>"),
    "br-words": lambda n: _page("<div>" + _repeat(lambda i: f"word{i}<br>", n) + "</div>"),
    "div-span-a": lambda n: _page(_repeat(lambda i: f'<div><span><a href="/p/{i}">item {i}</a></span></div>', n)),
    # one block of a million two-letter words (a list of them all costs ~20x the page)
    "short-words": lambda n: _page("<div>" + _repeat(lambda i: "ab " * 14 + f"w{i}<br>", n) + "</div>"),
    # layout tables nested in their prose cells: the core goes down column by column
    "nested-columns": lambda n: _page(_repeat(lambda i: f"<table><tr><td>side {i}</td><td><p>{PARAGRAPHS[i % 2]}</p>", n)),
}
# Sizes where today's code takes about 0.2-0.4 s (the test doubles them until it does).
SIZES = {
    "deep-nesting": 400_000,
    "inline-children": 1_000_000,
    "br-links": 800_000,
    "nested-h1": 300_000,
    "same-links": 400_000,
    "table-cells": 100_000,
    "br-words": 500_000,
    "div-span-a": 300_000,
    "short-words": 1_000_000,
    "nested-columns": 400_000,
}


def _doubling_ratio(make: Callable[[int], str], size: int) -> float:
    return doubling_ratio(make, size, cap=4_000_000)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_time_grows_linearly(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # the work on the page, not its refusal: the largest sizes hold more tags than the floor
    monkeypatch.setattr(parse_module, "MIN_TAG_LIMIT", 10**9)
    ratio = _doubling_ratio(SHAPES[shape], SIZES[shape])
    if ratio >= 3.5:  # a busy machine: measure once more before failing
        ratio = min(ratio, _doubling_ratio(SHAPES[shape], SIZES[shape]))
    assert ratio < 3.5, f"{shape}: CPU time x{ratio:.2f} when the page doubles"


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_peak_memory_under_15x(shape: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The pages are small (tracemalloc slows cleaning several times over): without the floor
    # of the item limit they are judged as a 10 MB page is.
    clean(SHAPES[shape](2_000), max_bytes=None)
    monkeypatch.setattr(segment_module, "MIN_ITEM_LIMIT", 0, raising=False)
    monkeypatch.setattr(parse_module, "MIN_TAG_LIMIT", 0, raising=False)
    page = SHAPES[shape](max(100_000, SIZES[shape] // 4))
    size = len(page.encode("utf-8"))
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        try:
            clean(page, max_bytes=None)
        except (TooManyBlocks, TooManyTags):
            refused = True  # as documented: what it took to refuse it counts
        else:
            refused = False
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / size < 15, f"{shape}: peak {peak / size:.1f}x the page's size (refused: {refused})"


# --- too many tags -------------------------------------------------------------------------------


def test_a_page_almost_all_tags_is_refused_before_it_is_parsed() -> None:
    page = _page("<div>" + "".join(f"w{i % 10}<br>" for i in range(MIN_TAG_LIMIT)) + "</div>")
    assert page.count("<") > tag_limit(len(page))
    tracemalloc.start()
    try:
        with pytest.raises(TooManyTags) as caught:
            clean(page, max_bytes=None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(caught.value, InputTooLarge) and caught.value.limit == tag_limit(len(page))
    assert "tags" in str(caught.value)
    assert peak < 3 * len(page)  # refused before libxml2 builds anything


def test_a_page_as_dense_in_tags_as_real_pages_is_taken_under_the_floor() -> None:
    # a menu of 12,000 links: one "<" per 10 characters, denser than any real page measured
    # (18), and 48,000 tags: under the floor every page gets
    items = "".join(f'<li><a href="/t/{i}">topic {i}</a></li>' for i in range(12_000))
    page = _page(f"<nav><ul>{items}</ul></nav><article><h1>Pier to be rebuilt</h1>{BODY}</article>")
    assert len(page) / page.count("<") < 12 and page.count("<") < MIN_TAG_LIMIT
    article = clean(page, max_bytes=None)
    assert PARAGRAPHS[0] in article.body and "topic 7" not in article.body


def test_past_the_floor_a_page_with_a_tag_per_40_characters_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parse_module, "MIN_TAG_LIMIT", 0)  # judged as a large page is
    teaser = "<li><a href='/t'>A linked story</a> " + "with a summary of what it says. " * 4 + "</li>"
    page = _page(f"<article><h1>Pier to be rebuilt</h1>{BODY}</article><ul>{teaser * 200}</ul>")
    assert 40 < len(page) / page.count("<") < 50
    assert PARAGRAPHS[0] in clean(page, max_bytes=None).body
    with pytest.raises(TooManyTags):  # the same page with its summaries cut short is not
        clean(page.replace("with a summary of what it says. " * 4, "with a summary."), max_bytes=None)


# --- too many blocks ------------------------------------------------------------------------------


def test_a_page_of_too_many_tiny_blocks_is_refused_before_its_memory_runs_away() -> None:
    cells = MIN_ITEM_LIMIT // BLOCK_ITEMS  # a container and a block each: past the floor
    # (cells left open, as HTML allows: one "<" a cell, under the tag limit)
    page = _page("<table>" + "".join(("<tr>" if i % 8 == 0 else "") + f"<td>c{i}" for i in range(cells)) + "</table>")
    assert cells * (1 + BLOCK_ITEMS) > item_limit(len(page)) and page.count("<") < tag_limit(len(page))
    with pytest.raises(TooManyBlocks) as caught:
        clean(page, max_bytes=None)
    assert isinstance(caught.value, InputTooLarge) and isinstance(caught.value, BoilerstripError)
    assert "blocks" in str(caught.value) and caught.value.limit == item_limit(len(page))


def test_a_page_cut_into_too_many_blocks_by_line_breaks_is_refused() -> None:
    # two "<" a block: the tag limit refuses it before the block limit is reached
    words = MIN_ITEM_LIMIT // BLOCK_ITEMS + 10
    page = _page("<div>" + "".join(f"w{i}<br><br>" for i in range(words)) + "</div>")
    with pytest.raises(TooManyTags):
        clean(page, max_bytes=None)


def test_a_long_page_of_small_tables_is_taken_under_the_floor() -> None:
    # 12,500 rows: 37,500 containers and 25,000 blocks, under the floor
    rows = "".join(f"<tr><td>Pier {i}</td><td>{i * 3} m</td></tr>" for i in range(MIN_ITEM_LIMIT // 16))
    article = clean(_page(BODY + f"<table>{rows}</table>"), max_bytes=None)
    assert PARAGRAPHS[0] in article.body


# --- nested <h1> --------------------------------------------------------------------------------


def test_nested_h1s_get_the_text_a_browser_gives_them() -> None:
    root = parse_tree("<html><body><h1>Pier <i>rebuilt</i><h1>Harbour news</h1> at last</h1></body></html>")
    assert extract_meta(root).h1s == ("Pier rebuilt at last", "Harbour news")


# --- characters lxml refuses --------------------------------------------------------------------


@pytest.mark.parametrize("depth", [0, 3_000])
@pytest.mark.parametrize("odd", ["\ufffe", "\uffff", "\ud800", "&#xfffe;", "&#1;", "&#xd800;"])
def test_characters_lxml_refuses_are_dropped_on_both_parsers(depth: int, odd: str) -> None:
    # deeper than libxml2's 2048 levels the fallback builder builds the tree
    page = _page(
        "<div>" * depth
        + f'<p title="a{odd}b" data-{odd if odd[0] != "&" else "x"}="1">{odd}</p>'
        + f"<p>{PARAGRAPHS[0]} {odd}</p><p>Boats <span hidden>x</span>{odd} wait. {PARAGRAPHS[1]}</p>"
        + "</div>" * depth
    )
    article = clean(page)
    assert "harbour board met on Thursday" in article.body
    assert "mooring fees" in article.body
    for char in ("\ufffe", "\uffff"):
        assert char not in article.body


# --- raw-text elements left open ------------------------------------------------------------------

ARTICLE = f"<article><h1>Pier to be rebuilt</h1>{BODY}</article>"


@pytest.mark.parametrize(
    "head",
    [
        "<title>Pier to be rebuilt",
        "<title>Pier to be rebuilt</head>",
        "<textarea>Your comment",
        "<style>p { color: red }",
        "<script>var big = a<b; if (x > 2) {",
        "<iframe>Your browser cannot show frames",
        "<noembed>No plugins",
        "<noframes>No frames",
    ],
)
def test_an_unclosed_raw_text_element_does_not_swallow_the_body(head: str) -> None:
    article = clean(f"<!DOCTYPE html><html><head>{head}<body>{ARTICLE}</body></html>")
    assert article.paragraphs == PARAGRAPHS
    assert article.headline == "Pier to be rebuilt"
    assert "color" not in article.body and "var big" not in article.body


def test_an_unclosed_title_keeps_its_words_as_the_title() -> None:
    root = parse_tree("<html><head><title>Pier to be rebuilt<meta name='x' content='y'><body><p>Text</p></body></html>")
    assert extract_meta(root).title == "Pier to be rebuilt"


def test_closed_raw_text_elements_are_left_alone() -> None:
    # a tag-like string inside a closed script, a title closed later, and an empty <title/>
    page = (
        "<html><head><script>var t = '<title>'; if (a<b) {}</script><title>Pier <b>news</b></title>"
        f"<title/></head><body>{ARTICLE}</body></html>"
    )
    root = parse_tree(page)
    assert extract_meta(root).title == "Pier <b>news</b>"
    assert etree.tostring(root).count(b"<title") == 2
