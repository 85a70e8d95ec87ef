"""The learned HTML block classifier: its rows, its decision, the guard and the ``favor`` dial."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import boilerstrip.api as api
from boilerstrip import Cleaner, clean
from boilerstrip.dom.describe import FEATURE_NAMES, HtmlModel, describe, packaged_model
from boilerstrip.html import parse_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
PAGES = sorted(FIXTURES.glob("*.html"))

PROSE = (
    "The council met on Tuesday evening and agreed the budget for the schools of the town, "
    "after a long debate about the cost of the new library and the repairs to the bridge. "
)
PAGE = (
    "<html><head><title>Budget agreed</title></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>"
    "<li><a href='/sport'>Sport</a></li></ul></nav>"
    "<article><h1>Budget agreed</h1>"
    + "".join(f"<p>{PROSE}Paragraph {i}.</p>" for i in range(4))
    + "</article><footer><p>Contact us</p></footer></body></html>"
)


def _fixed(log_odds: float) -> HtmlModel:
    real = packaged_model()
    return HtmlModel(lambda row: log_odds, real.lo, real.hi, real.guard)


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Swap the packaged model for a stand-in (the judge looks it up per page)."""
    yield monkeypatch


def test_every_block_gets_one_row_of_every_feature() -> None:
    page = parse_html(PAGE)
    assert page.segmented is not None
    rows = describe(page.segmented, page.meta, [0.5] * len(page.blocks))
    assert len(rows) == len(page.blocks)
    assert {len(r) for r in rows} == {len(FEATURE_NAMES)}
    sel_body = FEATURE_NAMES.index("sel_body")
    nav = FEATURE_NAMES.index("hint:nav")
    home = next(i for i, b in enumerate(page.blocks) if b.text == "Home")
    assert rows[home][nav] == 1.0 and rows[home][sel_body] == 0.0


def test_the_packaged_model_keeps_an_article_and_drops_its_menu() -> None:
    article = clean(PAGE)
    assert len(article.paragraphs) == 4
    assert all(p.startswith("The council met") for p in article.paragraphs)
    assert "Home" in {r.text for r in article.removed}


def test_a_model_that_doubts_everything_cannot_take_the_body_away(model: pytest.MonkeyPatch) -> None:
    before = clean(PAGE).paragraphs
    model.setattr(api, "packaged_model", lambda: _fixed(-20.0))
    assert Cleaner().clean(PAGE).paragraphs == before


def test_a_sure_model_overrules_the_selection_and_says_so(model: pytest.MonkeyPatch) -> None:
    model.setattr(api, "packaged_model", lambda: _fixed(20.0))
    article, blocks = Cleaner().explain(PAGE)
    overruled = [b for b in blocks if b.reason == "model.body"]
    assert overruled and all(b.text in article.paragraphs for b in overruled)
    assert all(b.score > 0.99 for b in overruled)


@pytest.mark.parametrize("path", PAGES, ids=[p.stem for p in PAGES])
def test_favor_moves_the_html_body_one_way(path: Path) -> None:
    markup = path.read_bytes()
    balanced = clean(markup).paragraphs
    precise = clean(markup, favor="precision").paragraphs
    generous = clean(markup, favor="recall").paragraphs
    assert set(precise) <= set(balanced) <= set(generous)


def test_favor_changes_html_pages() -> None:
    """The dial reaches HTML: across the fixture pages it moves the body both ways."""
    moved = {"precision": 0, "recall": 0}
    for path in PAGES:
        markup = path.read_bytes()
        balanced = clean(markup).paragraphs
        moved["precision"] += clean(markup, favor="precision").paragraphs != balanced
        moved["recall"] += clean(markup, favor="recall").paragraphs != balanced
    assert moved["precision"] >= 1 and moved["recall"] >= 1, moved
