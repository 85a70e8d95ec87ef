"""The learned HTML block classifier: its rows, its decision (the expected-F1 cut), the fallback and the ``favor`` dial."""

from __future__ import annotations

import json
from dataclasses import replace
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from pathlib import Path

import pytest

import boilerstrip.api as api
from boilerstrip import Cleaner, clean
from boilerstrip.dom.describe import (
    FEATURE_NAMES,
    PAGE_SIGNAL_NAMES,
    PAGE_TYPES,
    HtmlModel,
    build_model,
    describe,
    packaged_model,
    page_signals,
)
from boilerstrip.features import measure
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
    return HtmlModel(lambda row: log_odds, real.restore, real.type_scores)


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Swap the packaged model for a stand-in (the judge looks it up per page)."""
    yield monkeypatch


def test_every_block_gets_one_row_of_every_feature() -> None:
    page = parse_html(PAGE)
    assert page.segmented is not None
    types = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    rows = describe(page.segmented, page.meta, types)
    assert len(rows) == len(page.blocks)
    assert {len(r) for r in rows} == {len(FEATURE_NAMES)}
    sel_body = FEATURE_NAMES.index("sel_body")
    nav = FEATURE_NAMES.index("hint:nav")
    home = next(i for i, b in enumerate(page.blocks) if b.text == "Home")
    assert rows[home][nav] == 1.0 and rows[home][sel_body] == 0.0
    # every row carries the page-type probabilities it was given
    assert all(r[FEATURE_NAMES.index("type:listing")] == 1.0 and r[FEATURE_NAMES.index("type:article")] == 0.0 for r in rows)


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


# --- page types ------------------------------------------------------------------------------------

PRODUCT = (
    "<html><head><title>Oak side table</title>"
    '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Product", '
    '"name": "Oak side table", "offers": {"@type": "Offer", "price": "149.00", "priceCurrency": "USD"}}</script>'
    "</head><body><nav><a href='/'>Home</a> <a href='/shop'>Shop</a> <a href='/cart'>Cart</a></nav>"
    "<main><h1>Oak side table</h1><p class='price'>$149.00</p><p>In stock. Free shipping on orders over $50.</p>"
    "<button>Add to cart</button>"
    "<p>A small table of solid oak with one drawer, oiled by hand and made to stand beside a sofa or a bed.</p>"
    "<ul><li>Height: 55 cm</li><li>Width: 40 cm</li><li>Weight: 6 kg</li></ul>"
    "<h2>Reviews</h2><div class='review'><p>Rated 5 stars. Sturdy and the colour is lovely.</p></div>"
    "<div class='review'><p>Rated 4 stars. The drawer sticks a little in damp weather.</p></div>"
    "</main><footer>Shipping and returns</footer></body></html>"
)


def _signals(page: str, url: str | None) -> list[float]:
    parsed = parse_html(page, url=url)
    assert parsed.segmented is not None
    measure(parsed.blocks, "en")
    return page_signals(parsed.segmented, parsed.meta, url)


def test_page_signals_read_the_metadata_the_address_and_the_words() -> None:
    signals = dict(zip(PAGE_SIGNAL_NAMES, _signals(PRODUCT, "https://shop.example/products/oak-side-table")))
    assert len(signals) == len(PAGE_SIGNAL_NAMES)
    assert signals["page:product"] == 1.0 and signals["page:article"] == 0.0
    assert signals["url:product"] == 1.0 and signals["url:forum"] == 0.0 and signals["url_known"] == 1.0
    assert signals["lex:price"] > signals["lex:docs"] and signals["lex:forum"] == 0
    assert 0 < signals["hint:li"] < 0.5 and signals["log_words"] > 3
    plain = dict(zip(PAGE_SIGNAL_NAMES, _signals(PAGE, None)))
    assert plain["url_known"] == 0.0 and plain["lex:price"] == 0 and plain["hint:p"] > 0.5


def test_the_page_type_model_gives_a_distribution_over_the_types() -> None:
    model = packaged_model()
    probs = model.page_types(_signals(PRODUCT, "https://shop.example/products/oak-side-table"))
    assert len(probs) == len(PAGE_TYPES) and abs(sum(probs) - 1) < 1e-9 and min(probs) >= 0


def test_article_page_type_is_told_for_html_and_not_for_text() -> None:
    product = clean(PRODUCT, url="https://shop.example/products/oak-side-table")
    assert product.page_type == "product"
    assert clean(PAGE, url="https://news.example/2024/05/budget-agreed.html").page_type == "article"
    assert product.to_dict()["page_type"] == "product"
    assert clean(PROSE * 3).page_type is None


_WORDS = FEATURE_NAMES.index("log_words")


def _by_length(row: list[float]) -> float:
    """A stand-in model: sure of paragraphs (p 0.98), fairly sure of a sentence (0.7), doubtful
    of a lone word (0.3)."""
    return 4.0 if row[_WORDS] > 3.0 else 0.85 if row[_WORDS] > 1.5 else -0.85


def test_the_dial_uses_the_models_own_betas(monkeypatch: pytest.MonkeyPatch) -> None:
    real = packaged_model()
    assert real.beta_precision < 1 <= real.beta_recall
    page = PAGE.replace("Paragraph 1.</p>", "Paragraph 1.</p><p>Short note, the vote was 7 to 2.</p>")
    note = "Short note, the vote was 7 to 2."
    kept = {}
    for beta_precision, beta_recall in ((0.9, 1.1), (0.3, 4.0)):
        model = HtmlModel(_by_length, (0.0,) * len(PAGE_TYPES), real.type_scores, beta_precision, beta_recall)
        monkeypatch.setattr(api, "packaged_model", lambda model=model: model)
        balanced = clean(page)
        precise = Cleaner(favor="precision").clean(page)
        generous = Cleaner(favor="recall").clean(page)
        assert set(precise.paragraphs) <= set(balanced.paragraphs) <= set(generous.paragraphs)
        assert note in balanced.paragraphs and "Sport" not in balanced.paragraphs
        kept[beta_precision] = (note in precise.paragraphs, "Sport" in generous.paragraphs)
    # near beta 1 the dial leaves the note and the menu as balanced has them; far from it
    # "precision" drops the note and "recall" brings the menu back
    assert kept[0.9] == (True, False)
    assert kept[0.3] == (False, True)
    assert all(p.startswith("The council met") for p in precise.paragraphs)


def test_the_restore_threshold_is_the_page_types(monkeypatch: pytest.MonkeyPatch) -> None:
    """A menu the selection dropped comes back at p 0.7 where the page's own type lets it
    (threshold 0.5), and not where only the other types would (0.9 for this one)."""
    real = packaged_model()
    kind = clean(PAGE).page_type
    assert kind in PAGE_TYPES

    def fairly_sure(row: list[float]) -> float:
        return 4.0 if row[_WORDS] > 3.0 else 0.85  # p 0.98 for paragraphs, 0.7 for the rest

    came_back = {}
    for own, others in ((0.5, 0.9), (0.9, 0.5)):
        restore = tuple(own if t == kind else others for t in PAGE_TYPES)
        model = HtmlModel(fairly_sure, restore, real.type_scores)
        assert model.restore_for(kind) == own
        monkeypatch.setattr(api, "packaged_model", lambda model=model: model)
        article, blocks = Cleaner().explain(PAGE)
        came_back[own] = [b.text for b in blocks if b.reason == "model.body"]
        assert set(came_back[own]) <= set(article.paragraphs)
    assert "Sport" in came_back[0.5]
    assert came_back[0.9] == []


def test_a_model_file_needs_a_restore_threshold_for_every_page_type() -> None:
    raw = json.loads(resources.files("boilerstrip").joinpath("data/html_model.json").read_text("utf-8"))
    assert build_model(raw).restore == tuple(raw["restore"][t] for t in PAGE_TYPES)
    del raw["restore"][PAGE_TYPES[-1]]
    with pytest.raises(ValueError, match="restore"):
        build_model(raw)


def _picks(k: int) -> tuple[Callable[[Sequence[float]], float], ...]:
    """A page-type scorer set that always picks type ``k``: each reading gets its own ``k``,
    so the answer tells which ran."""
    return tuple((lambda row, hit=(i == k): 5.0 if hit else 0.0) for i in range(len(PAGE_TYPES)))


def test_a_page_without_an_address_is_typed_by_the_model_fitted_without_addresses() -> None:
    real = packaged_model()
    model = HtmlModel(real.score, real.restore, _picks(0), real.beta_precision, real.beta_recall, _picks(2))
    signals = [0.0] * len(PAGE_SIGNAL_NAMES)
    assert max(range(len(PAGE_TYPES)), key=model.page_types(signals).__getitem__) == 0
    assert max(range(len(PAGE_TYPES)), key=model.page_types(signals, addressed=False).__getitem__) == 2
    # without a second set, the first reads every page
    plain = HtmlModel(real.score, real.restore, _picks(0))
    assert plain.page_types(signals, addressed=False) == plain.page_types(signals)


def test_a_page_without_address_or_metadata_is_typed_by_the_blind_model() -> None:
    # a page whose metadata names no kind (no og:type, no JSON-LD type), read without an
    # address, goes to the model fitted on pages read that way; with a kind, or an address,
    # it does not
    def top(types: list[float]) -> int:
        return max(range(len(PAGE_TYPES)), key=types.__getitem__)

    real = packaged_model()
    model = HtmlModel(real.score, real.restore, _picks(0), real.beta_precision, real.beta_recall, _picks(2), _picks(5))
    silent = [0.0] * len(PAGE_SIGNAL_NAMES)
    silent[PAGE_SIGNAL_NAMES.index("page:unknown")] = 1.0
    said = [0.0] * len(PAGE_SIGNAL_NAMES)
    said[PAGE_SIGNAL_NAMES.index("page:article")] = 1.0
    assert top(model.page_types(silent, addressed=False)) == 5
    assert top(model.page_types(said, addressed=False)) == 2
    assert top(model.page_types(silent)) == 0
    # the packaged model has all three
    assert real.type_scores_blind and real.type_scores_unaddressed


def test_an_old_news_page_without_any_address_is_an_article() -> None:
    # a layout table of 2008, cleaned with no URL, no canonical link of its own and no
    # og:type or JSON-LD: a page-type model that only ever saw pages with their URL called it
    # a listing, and one fitted on pages without their URL but with their metadata was unsure
    # of it (listing 0.42, article 0.32); the blind model reads it
    from test_table_layouts import HEADER, STORY, table_page

    article = clean(table_page(HEADER))
    assert article.page_type == "article"
    assert article.paragraphs == tuple(STORY)


_STORY = (
    "The city council voted on Tuesday night to approve the long-delayed bridge across the river, ending a debate that has run for more than a decade.",
    "Supporters said the new crossing would cut travel times for commuters and open the east bank to new housing, while opponents warned about the cost.",
    "The project is expected to cost about 40 million dollars, most of it paid by the state, and construction could begin as early as next spring.",
    "Several residents spoke against the plan during the public hearing, saying that the traffic on their quiet streets would double once the bridge opened.",
    "The mayor said the city would study ways to calm traffic in the affected neighbourhoods before the bridge opens to cars and trucks.",
    "A final design is due by the end of the year, and the council will hold another hearing once the engineers have presented it.",
)
_TEASERS = (
    ("School board picks new superintendent", "The board chose a longtime teacher from the district after a six-month search that drew candidates from three states."),
    ("Farmers market returns to the square", "Vendors will sell fruit, vegetables and baked goods every Saturday morning through October, the organisers said."),
    ("Library extends its weekend hours", "The main branch will stay open until eight on Saturdays after a donation from a local family covered the cost."),
    ("Storm knocks out power to thousands", "Crews worked through the night to restore power after high winds brought down trees and lines across the county."),
)


def _old_news_page(head: str = "") -> str:
    """A news page in the style of 2009: bare ``<div id=...>`` columns (the story's column, then
    a column of teasers with summaries), two rows of section links above the story, and no
    og:type or JSON-LD unless ``head`` adds it."""
    sections = " | ".join(
        f'<a href="/section/{s.lower()}">{s} news and more</a>'
        for s in "Local State Nation World Business Sports Schools Weather Obituaries Opinion Letters Columns Photos Video Events Classifieds Jobs Homes Cars Archives".split()
    )
    teasers = "".join(
        f'<div class="teaser"><h4><a href="/news/{i}.html">{t}</a></h4><span>{i + 2} hours ago</span><p>{s}</p></div>'
        for i, (t, s) in enumerate(_TEASERS)
    )
    return (
        f"<html><head><title>Council approves new bridge - Riverside Gazette</title>{head}</head><body>"
        '<div id="page"><div id="top"><a href="/">Riverside Gazette</a></div><div id="columns">'
        f'<div id="content"><div class="sections">{sections}</div><div class="sections">{sections.replace("news and more", "photos and videos")}</div>'
        '<div class="story"><h1>Council approves new bridge</h1><div class="byline">By Jane Doe</div>'
        + "".join(f"<p>{p}</p>" for p in _STORY)
        + f'</div></div><div id="right"><h3>Around town</h3>{teasers}</div></div></div></body></html>'
    )


def test_a_news_page_whose_metadata_is_silent_is_selected_as_an_article(monkeypatch: pytest.MonkeyPatch) -> None:
    # the selection reads a page its metadata calls an article as one story; a page of 2009
    # says nothing, and the selection took the column of teasers beside the story as more
    # of it. The page-type model reads it as an article, and it is selected again as one.
    url = "http://www.riverside-gazette.example/news/2009/03/03/council-approves-new-bridge.html"
    said = clean(_old_news_page('<meta property="og:type" content="article">'), url=url)
    for address in (url, None):  # (without an address, the blind page-type model reads it)
        silent = clean(_old_news_page(), url=address)
        assert said.paragraphs == silent.paragraphs == _STORY
        assert silent.page_type == "article"
        assert not any(summary in silent.body for _, summary in _TEASERS)
    # (without the second reading the teasers were body)
    monkeypatch.setattr(api, "packaged_model", lambda: replace(packaged_model(), reread=1.01, reread_blind=1.01))
    for address in (url, None):
        once = clean(_old_news_page(), url=address).body
        assert all(summary in once for _, summary in _TEASERS)


def test_a_page_the_blind_model_types_has_its_own_reread_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # read without an address and naming no kind, a page is typed by the blind model, and
    # whether it is selected again as an article is decided by `reread_blind`; with its
    # address, or with metadata naming a kind, by `reread`
    real = packaged_model()
    model = replace(real, reread=0.8, reread_blind=0.6)
    silent = [0.0] * len(PAGE_SIGNAL_NAMES)
    silent[PAGE_SIGNAL_NAMES.index("page:unknown")] = 1.0
    said = [0.0] * len(PAGE_SIGNAL_NAMES)
    said[PAGE_SIGNAL_NAMES.index("page:collection")] = 1.0
    assert model.reread_for(silent, addressed=False) == 0.6
    assert model.reread_for(silent, addressed=True) == 0.8
    assert model.reread_for(said, addressed=False) == 0.8
    assert replace(model, type_scores_blind=()).reread_for(silent, addressed=False) == 0.8  # no blind model
    # end to end: only the blind reading is selected again
    url = "http://www.riverside-gazette.example/news/2009/03/03/council-approves-new-bridge.html"
    monkeypatch.setattr(api, "packaged_model", lambda: replace(real, reread=1.01, reread_blind=0.0))
    assert all(summary in clean(_old_news_page(), url=url).body for _, summary in _TEASERS)
    assert clean(_old_news_page()).paragraphs == _STORY


def test_a_model_file_without_a_blind_threshold_uses_the_other() -> None:
    import json
    from importlib import resources

    from boilerstrip.dom.describe import build_model

    raw = json.loads(resources.files("boilerstrip").joinpath("data/html_model.json").read_text("utf-8"))
    raw.pop("reread_blind")
    raw["reread"] = 0.75
    assert build_model(raw).reread_blind == 0.75
