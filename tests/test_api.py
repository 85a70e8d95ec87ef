"""The public surface: ``boilerstrip.__all__``, the Article, the errors, ``clean()`` and ``Cleaner``.

Pages used here, all in the repository: the seed, pages built from the real articles of
``fixtures/articles`` (a menu, the headline, the prose, short borderline lines between and
after the paragraphs, a footer), and the real pages of ``fixtures/gate/pages`` (HTML and their
text renders by html-text and inscriptis).
"""

from __future__ import annotations

import dataclasses
import gzip
import inspect
import json
import subprocess
import sys
import types
from collections.abc import Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pytest

import boilerstrip
from boilerstrip import (
    Article,
    BoilerstripError,
    Caption,
    Cleaner,
    InputError,
    InputTooLarge,
    NotTextError,
    Removed,
    RuleError,
    clean,
)
from boilerstrip import errors as errors_module
from boilerstrip.blocks import Block, Label

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt"
ARTICLES = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
GATE = sorted((ROOT / "fixtures" / "gate" / "pages").glob("*.gz"))
GATE_TEXT = [p for p in GATE if p.name.endswith(".txt.gz")]

MENU = ["Home", "News", "Food & Drink", "Travel"]
FOOTER = ["About us", "Contact", "© 2024 Example Media Ltd. All rights reserved."]
# Short lines that could be sub-headings or teasers: where the favor dial should matter.
BORDERLINE = [
    "Early days",
    "Where it all began",
    "Most read this week",
    "Prices rise again as the harvest fails",
    "Ten ways to do it better at home",
    "Editor's picks",
    "The best of the year, tested and ranked",
]


def _built_page(path: Path) -> str:
    head, *paragraphs = path.read_text(encoding="utf-8").strip().split("\n\n")
    lines = ["\n".join(MENU), head]
    for i, paragraph in enumerate(paragraphs[:6]):
        lines.append(paragraph)
        if i in (1, 3):
            lines.append(BORDERLINE[i // 2])
    lines += ["\n".join(BORDERLINE[2:5]), "\n".join(BORDERLINE[5:]), "\n".join(FOOTER)]
    return "\n\n".join(lines) + "\n"


@lru_cache(maxsize=None)
def _page(name: str) -> bytes | str:
    """A page by name: ``seed``, ``built/<article>`` or ``gate/<file>``."""
    kind, _, rest = name.partition("/")
    if kind == "seed":
        return SEED.read_text(encoding="utf-8")
    if kind == "built":
        return _built_page(ROOT / "fixtures" / "articles" / rest)
    return gzip.decompress((ROOT / "fixtures" / "gate" / "pages" / rest).read_bytes())


TEXT_PAGES = ["seed"] + [f"built/{p.name}" for p in ARTICLES] + [f"gate/{p.name}" for p in GATE_TEXT]
# HTML is slower to clean: a sample of the HTML pages keeps the module within seconds
HTML_PAGES = [f"gate/{p.name}" for p in GATE if p.name.endswith(".html.gz")][::6]
PAGES = TEXT_PAGES + HTML_PAGES

_CLEANERS = {favor: Cleaner(favor=favor) for favor in ("precision", "balanced", "recall")}


@lru_cache(maxsize=None)
def _explained(name: str, favor: str = "balanced") -> tuple[Article, list[Block]]:
    """One Cleaner per favor, reused over every page of the module."""
    return _CLEANERS[favor].explain(_page(name))


@pytest.fixture(scope="module")
def seed() -> Article:
    return clean(SEED.read_text(encoding="utf-8"))


# --- __all__ -------------------------------------------------------------------------------


def test_all_is_sorted() -> None:
    assert boilerstrip.__all__ == sorted(boilerstrip.__all__)


def test_all_is_exactly_the_public_names() -> None:
    """In the style of httpx's test_exported_members: nothing missing, nothing extra (by
    ``dir()``: some names are imported on first use, so ``vars()`` lacks them until then)."""
    public = sorted(
        name
        for name in dir(boilerstrip)
        if (not name.startswith("_") or name == "__version__")
        and not isinstance(getattr(boilerstrip, name), types.ModuleType)
    )
    assert boilerstrip.__all__ == public


def test_every_name_in_all_exists_and_is_documented() -> None:
    for name in boilerstrip.__all__:
        assert hasattr(boilerstrip, name), name
        value = getattr(boilerstrip, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert inspect.getdoc(value), f"{name} has no docstring"
    assert isinstance(boilerstrip.__version__, str) and boilerstrip.__version__


def test_import_does_not_load_batch_sources_or_logging() -> None:
    """A plain ``clean()`` needs none of them; they come with the first name that does."""
    code = (
        "import sys, boilerstrip; loaded = sorted(m for m in ('boilerstrip.batch', 'boilerstrip.sources', 'logging') if m in sys.modules); "
        "boilerstrip.clean('A real sentence of the article body goes here, long enough to be read as text. ' * 3); "
        "loaded += sorted(m for m in ('boilerstrip.batch', 'boilerstrip.sources') if m in sys.modules); "
        "from boilerstrip import Page, clean_many; print(loaded, Page.__module__, clean_many.__module__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "boilerstrip.sources", "boilerstrip.batch"]


def test_star_import_gives_all() -> None:
    namespace: dict[str, object] = {}
    exec("from boilerstrip import *", namespace)  # noqa: S102 - the point of the test
    assert sorted(k for k in namespace if k != "__builtins__") == sorted(boilerstrip.__all__)


# --- Article -------------------------------------------------------------------------------


def test_article_is_frozen(seed: Article) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed.body = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed.paragraphs = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed.captions[0].credit = "someone else"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        seed.removed[0].rule = "other"  # type: ignore[misc]
    assert isinstance(seed.paragraphs, tuple) and isinstance(seed.removed, tuple) and isinstance(seed.captions, tuple)


def test_article_is_hashable_and_comparable(seed: Article) -> None:
    again = clean(SEED.read_text(encoding="utf-8"))
    assert again == seed and hash(again) == hash(seed)
    assert again is not seed


def test_str_is_the_body(seed: Article) -> None:
    assert len(seed.paragraphs) > 1
    assert str(seed) == seed.body == "\n\n".join(seed.paragraphs)


def test_body_follows_paragraphs_when_built_by_hand() -> None:
    article = Article(paragraphs=("One.", "Two."))
    assert str(article) == article.body == "One.\n\nTwo."
    with pytest.raises(TypeError):
        Article(paragraphs=("One.",), body="Other")  # type: ignore[call-arg]


def test_to_dict_round_trips_through_json_and_holds_every_field(seed: Article) -> None:
    data = seed.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {f.name for f in dataclasses.fields(Article)}
    assert data["headline"] == seed.headline
    assert data["author"] == seed.author
    assert data["body"] == seed.body
    assert data["paragraphs"] == list(seed.paragraphs)
    assert data["timestamp_text"] == seed.timestamp_text
    assert seed.timestamp is not None and datetime.fromisoformat(data["timestamp"]) == seed.timestamp
    assert data["captions"] == [{"text": c.text, "credit": c.credit, "title": c.title} for c in seed.captions]
    assert data["removed"] == [{"text": r.text, "kind": r.kind, "rule": r.rule} for r in seed.removed]
    assert data["warnings"] == list(seed.warnings)
    assert set(data["captions"][0]) == {f.name for f in dataclasses.fields(Caption)}
    assert set(data["removed"][0]) == {f.name for f in dataclasses.fields(Removed)}
    assert json.loads(seed.to_json()) == data


def test_to_dict_of_an_empty_article() -> None:
    data = Article().to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["timestamp"] is None and data["paragraphs"] == [] and data["body"] == ""


@pytest.mark.parametrize(
    "page",
    ["", b"", "   \n\n\t\n", "\ufeff", "<html><body></body></html>", b"<html></html>"],
    ids=["empty-str", "empty-bytes", "white-space", "bom", "empty-html", "empty-html-bytes"],
)
def test_empty_page_gives_an_empty_article(page: str | bytes) -> None:
    article = clean(page)
    assert isinstance(article, Article)
    assert article == Article()
    assert str(article) == "" and article.paragraphs == () and article.removed == ()


def test_a_page_a_script_writes_says_so() -> None:
    # a forum served as a shell: a title and a description, a splash screen, the posts
    # left to a script; nothing to keep, and the caller is told why
    shell = (
        "<html><head><title>Which telescope first? - Help - Star Forum</title>"
        '<meta name="description" content="I am new to astronomy and would like advice on a first telescope.">'
        '<script src="/app.js"></script></head><body><section id="splash"><div class="dots"></div></section>'
        "<script>window.preloaded = {\"posts\": []}</script></body></html>"
    )
    article = clean(shell)
    assert article.body == ""
    assert len(article.warnings) == 1 and "script" in article.warnings[0] and "0 words" in article.warnings[0]
    story = shell.replace('<div class="dots"></div>', "<p>" + "A reply with enough words to be read as the body of the page. " * 3 + "</p>")
    assert not any("script" in w for w in clean(story).warnings)


# --- errors --------------------------------------------------------------------------------


def test_every_error_class_derives_from_boilerstrip_error() -> None:
    classes = [getattr(errors_module, name) for name in errors_module.__all__]
    exported = [v for v in vars(boilerstrip).values() if inspect.isclass(v) and issubclass(v, BaseException)]
    assert set(exported) <= set(classes)
    assert {InputError, InputTooLarge, NotTextError, RuleError} <= set(classes)
    for cls in classes:
        assert issubclass(cls, BoilerstripError), cls


@pytest.mark.parametrize(
    "page",
    [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"PK\x03\x04" + bytes(range(256)) * 2, "\x00\x01\x02" * 50],
    ids=["png", "zip", "control-characters"],
)
def test_binary_input_raises_not_text_error(page: str | bytes) -> None:
    with pytest.raises(NotTextError) as info:
        clean(page)
    assert isinstance(info.value, BoilerstripError)
    assert str(info.value)


# --- argument checking ---------------------------------------------------------------------

PROSE = "The council met on Tuesday and agreed the new budget for the schools of the town. " * 2
RELATIVE = "Council agrees budget\n\n3 hours ago\n\n" + PROSE


@pytest.mark.parametrize("page", [123, 1.5, None, ["a page"], {"page": "x"}], ids=lambda v: type(v).__name__)
def test_page_of_the_wrong_type_raises_input_type_error(page: object) -> None:
    from boilerstrip import BoilerstripError, InputTypeError

    with pytest.raises(InputTypeError) as info:
        clean(page)  # type: ignore[arg-type]
    message = str(info.value)
    assert "str or bytes" in message and type(page).__name__ in message
    assert isinstance(info.value, BoilerstripError) and isinstance(info.value, TypeError)
    with pytest.raises(InputTypeError):
        Cleaner().explain(page)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "call"),
    [
        ("url", lambda: clean(PROSE, url=123)),
        ("language", lambda: clean(PROSE, language=5)),
        ("now", lambda: clean(RELATIVE, now="2024-01-01")),
        ("rules", lambda: clean(PROSE, rules=5)),
        ("rules", lambda: Cleaner(rules=5)),
        ("favor", lambda: clean(PROSE, favor=["precision"])),
        ("max_bytes", lambda: clean(PROSE, max_bytes="10")),
    ],
    ids=["url", "language", "now", "rules-clean", "rules-Cleaner", "favor", "max_bytes"],
)
def test_argument_of_the_wrong_type_raises_a_clear_type_error(name: str, call) -> None:
    """The message names the argument, so the caller knows which one to fix."""
    with pytest.raises(TypeError) as info:
        call()
    assert name in str(info.value), str(info.value)


@pytest.mark.parametrize("value", ["pdf", "TEXT", "", 1])
def test_bad_input_kind_raises_value_error(value: object) -> None:
    with pytest.raises(ValueError) as info:
        clean(PROSE, input=value)  # type: ignore[arg-type]
    assert "input" in str(info.value) and "'html'" in str(info.value)


@pytest.mark.parametrize("value", ["fast", "Precision", ""])
def test_bad_favor_raises_value_error(value: str) -> None:
    for call in (lambda: clean(PROSE, favor=value), lambda: Cleaner(favor=value)):  # type: ignore[arg-type]
        with pytest.raises(ValueError) as info:
            call()
        assert "favor" in str(info.value) and "recall" in str(info.value)


@pytest.mark.parametrize("page", [PROSE, PROSE.encode()], ids=["str", "bytes"])
def test_max_bytes_raises_input_too_large(page: str | bytes) -> None:
    size = len(page)
    with pytest.raises(InputTooLarge) as info:
        clean(page, max_bytes=size - 1)
    assert isinstance(info.value, BoilerstripError) and isinstance(info.value, InputError)
    assert (info.value.size, info.value.limit) == (size, size - 1)
    assert "max_bytes" in str(info.value)
    # at the limit, and with no limit, the page is cleaned
    assert clean(page, max_bytes=size).paragraphs == clean(page).paragraphs
    assert clean(page, max_bytes=None).paragraphs == clean(page).paragraphs
    with pytest.raises(InputTooLarge):
        Cleaner(max_bytes=10).clean(page)


def test_input_kind_can_be_forced() -> None:
    markup = "<p>" + PROSE + "</p>"
    assert clean(markup, input="html").body == PROSE.strip()
    # read as text, the tags are text: the line stays whole, tags and all, wherever it goes
    as_text = clean(markup, input="text")
    texts = list(as_text.paragraphs) + [r.text for r in as_text.removed]
    assert texts == [markup.strip()]


# --- the favor dial ------------------------------------------------------------------------


def _kept(name: str, favor: str) -> set[str]:
    return set(_explained(name, favor)[0].paragraphs)


@pytest.mark.parametrize("name", TEXT_PAGES, ids=TEXT_PAGES)
def test_favor_is_monotone(name: str) -> None:
    precision, balanced, recall = (_kept(name, f) for f in ("precision", "balanced", "recall"))
    assert precision <= balanced, sorted(precision - balanced)
    assert balanced <= recall, sorted(balanced - recall)


def test_favor_changes_something() -> None:
    """The dial is not a no-op: on some real page each end keeps a different body."""
    assert GATE_TEXT, "fixtures/gate/pages holds the real text renders this test needs"
    assert any(_kept(n, "precision") < _kept(n, "balanced") for n in TEXT_PAGES)
    assert any(_kept(n, "balanced") < _kept(n, "recall") for n in TEXT_PAGES)


# --- Cleaner -------------------------------------------------------------------------------


def test_cleaner_reused_gives_what_clean_gives() -> None:
    for name in PAGES[::2]:
        assert _explained(name)[0] == clean(_page(name)), name


def test_cleaner_reused_in_another_order_gives_the_same() -> None:
    cleaner = Cleaner()
    for name in reversed(PAGES[::3]):
        assert cleaner.clean(_page(name)) == _explained(name)[0], name


def test_cleaner_with_favor_matches_clean_with_favor() -> None:
    for name in TEXT_PAGES[:8]:
        assert _explained(name, "precision")[0] == clean(_page(name), favor="precision"), name


def _iter_pages() -> Iterator[tuple[str, Article, list[Block]]]:
    for name in PAGES:
        article, blocks = _explained(name)
        yield name, article, blocks


def test_explain_labels_match_the_article() -> None:
    for name, article, blocks in _iter_pages():
        body = tuple(b.text for b in blocks if b.label is Label.BODY)
        chrome = tuple(Removed(b.text, b.kind, b.reason) for b in blocks if b.label is Label.CHROME)
        assert body == article.paragraphs, name
        assert chrome == article.removed, name
        assert [b.index for b in blocks] == sorted(b.index for b in blocks), name


def test_explain_decides_every_block_with_a_reason() -> None:
    for name, _, blocks in _iter_pages():
        for block in blocks:
            assert block.label is not Label.UNDECIDED, (name, block.text[:60])
            assert block.reason, (name, block.text[:60])


def test_every_removed_entry_has_a_rule_and_a_kind() -> None:
    seen = 0
    for name, article, _ in _iter_pages():
        for removed in article.removed:
            assert removed.rule, (name, removed)
            assert removed.kind, (name, removed)
            seen += 1
    assert seen > 100


def test_explain_returns_what_clean_returns(seed: Article) -> None:
    article, blocks = Cleaner().explain(SEED.read_text(encoding="utf-8"))
    assert article == seed
    assert all(isinstance(b, Block) for b in blocks)
    # the seed's four chrome lines come back as CHROME blocks with their rule
    assert {b.text: b.reason for b in blocks if b.label is Label.CHROME} == {r.text: r.rule for r in seed.removed}
    assert len(seed.removed) == 4


# --- language= reaches every stage that reads a language ------------------------------------------

_PIER = (
    "The harbour board met on Thursday evening and agreed to rebuild the old stone pier before the "
    "winter storms arrive in the bay. "
) * 3


@pytest.mark.parametrize(("language", "month"), [(None, 5), ("en-US", 5), ("en-GB", 4), ("de", 4)])
def test_language_decides_the_day_month_order_of_a_text_dateline(language: str | None, month: int) -> None:
    text = f"Pier to be rebuilt\n\nPublished 05/04/2024 10:30\n\n{_PIER}\n\n{_PIER}"
    stamp = clean(text, language=language).timestamp
    assert stamp is not None and (stamp.month, stamp.day) == (month, 4 if month == 5 else 5)


@pytest.mark.parametrize(("language", "month"), [(None, 5), ("en-GB", 4), ("fr", 4)])
def test_language_overrides_the_html_declaration(language: str | None, month: int) -> None:
    page = (
        '<html lang="en-US"><head><title>Pier to be rebuilt</title></head><body><article>'
        f"<h1>Pier to be rebuilt</h1><p>Published 05/04/2024 10:30</p><p>{_PIER}</p><p>{_PIER}</p>"
        "</article></body></html>"
    )
    stamp = clean(page, language=language).timestamp
    assert stamp is not None and stamp.month == month


def test_parse_html_takes_the_callers_language_for_the_selection() -> None:
    from boilerstrip.html import parse_html

    page = '<html lang="en"><body><p>Der Rat hat am Dienstag den Haushalt beschlossen.</p></body></html>'
    assert parse_html(page).meta.language == "en"
    assert parse_html(page, language="de").meta.language == "de"


# --- the page's own address stands in for url= ---------------------------------------------

_STATED_PROSE = "".join(
    f"<p>The council met on {day} evening and agreed the budget for the schools of the town after a long debate.</p>"
    for day in ("Monday", "Tuesday", "Thursday")
)


def _stated_page(head: str, extra: str = "") -> str:
    return (
        f"<html><head><title>Budget agreed</title>{head}</head><body><article><h1>Budget agreed</h1>"
        f"{_STATED_PROSE}{extra}</article></body></html>"
    )


def test_a_pages_canonical_address_brings_its_site_rules_and_date() -> None:
    from boilerstrip import Rule, clean

    promo = "Read the Acme Daily every morning in your inbox, free of charge."
    rules = [
        Rule(id="acme.promo", kind="promo", pattern=r"read the acme daily every morning", sites=("acme.example",)),
        Rule(id="acme.box", kind="promo", xpath="//aside[@class='acme-box']", sites=("acme.example",)),
    ]
    box = "<aside class='acme-box'><p>Acme readers also liked the story of the new bridge over the river.</p></aside>"
    for head in ('<link rel="canonical" href="https://www.acme.example/2024/05/17/budget-agreed">',
                 '<meta property="og:url" content="https://www.acme.example/2024/05/17/budget-agreed">'):
        page = _stated_page(head, f"<p>{promo}</p>{box}")
        stated = clean(page, rules=rules)
        assert promo not in stated.paragraphs and not any("bridge" in p for p in stated.paragraphs)
        assert {r.rule for r in stated.removed} >= {"acme.promo", "acme.box"}
        assert stated.timestamp is not None and stated.timestamp.date().isoformat() == "2024-05-17"
        # the caller's url= wins over what the page states
        elsewhere = clean(page, rules=rules, url="https://other.example/story")
        assert promo in elsewhere.paragraphs and elsewhere.timestamp is None


def test_a_relative_or_unusable_stated_address_is_ignored() -> None:
    from boilerstrip import Rule, clean

    rules = [Rule(id="acme.promo", kind="promo", pattern=r"acme daily", sites=("acme.example",))]
    for head in ('<link rel="canonical" href="/2024/05/17/budget-agreed">', '<link rel="canonical" href="http://[zz]/x">'):
        page = _stated_page(head, "<p>Acme Daily</p>")
        article = clean(page, rules=rules)
        assert article.timestamp is None and not any(r.rule == "acme.promo" for r in article.removed)


@pytest.mark.parametrize(
    ("options", "kind"),
    [
        ({"favor": "most"}, "value"), ({"input": "pdf"}, "value"),
        ({"favor": 3}, "type"), ({"max_bytes": "10"}, "type"), ({"now": "today"}, "type"),
        ({"url": 5}, "type"), ({"language": b"en"}, "type"), ({"rules": "acme.toml"}, "type"),
    ],
)
def test_a_bad_option_raises_a_documented_option_error(options: dict[str, object], kind: str) -> None:
    from boilerstrip import BoilerstripError, OptionError, OptionTypeError

    with pytest.raises(OptionError) as caught:
        boilerstrip.clean("The council met on Tuesday.", **options)  # type: ignore[arg-type]
    assert isinstance(caught.value, BoilerstripError) and isinstance(caught.value, ValueError)
    assert isinstance(caught.value, OptionTypeError) == (kind == "type") == isinstance(caught.value, TypeError)
    assert next(iter(options)) in str(caught.value)  # the message names the option


def test_an_unknown_batch_option_is_an_option_type_error() -> None:
    from boilerstrip import OptionTypeError, clean_many

    with pytest.raises(OptionTypeError, match="bogus"):
        list(clean_many(["The council met on Tuesday."], bogus=1))  # type: ignore[call-arg]


# --- pages a scraper has already parsed ------------------------------------------------------

_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"


@pytest.mark.parametrize("name", sorted(p.name for p in _FIXTURES.glob("*.html")))
def test_a_parsed_tree_gives_the_article_of_its_markup(name: str) -> None:
    """A BeautifulSoup document and an lxml tree (what Scrapy, parsel and requests-html hold)
    give the Article their own markup gives."""
    import bs4
    import lxml.html

    raw = (_FIXTURES / name).read_bytes()
    soup = bs4.BeautifulSoup(raw, "lxml")
    tree = lxml.html.document_fromstring(raw)
    from_soup = clean(str(soup))
    assert clean(soup) == from_soup
    assert from_soup.body, "the fixture has a body"
    from lxml import etree

    markup = etree.tostring(tree, encoding="unicode", method="html")
    assert clean(tree) == clean(markup)
    assert clean(tree.getroottree()) == clean(markup)
    # and the words of the body are the page's: the same as from the raw bytes
    assert set(clean(tree).body.split()) == set(clean(raw).body.split())


def test_a_parsed_fragment_is_read_as_html() -> None:
    """A tag holding a short article is HTML even where the text of its markup alone would be
    read as plain text, and a tag of the soup (not the whole document) is taken as given."""
    import bs4
    import lxml.html

    page = "<div><h1>Council agrees budget</h1><p>" + PROSE + "</p><p>" + PROSE + "</p></div>"
    soup = bs4.BeautifulSoup("<html><body><nav><a href='/'>Home</a></nav>" + page + "</body></html>", "html.parser")
    div = soup.find("div")
    assert isinstance(div, bs4.Tag)
    article = clean(div)
    assert article.headline == "Council agrees budget"
    assert "Home" not in article.body and article.paragraphs
    element = lxml.html.fragment_fromstring(page)
    assert clean(element) == article == clean(page, input="html")
