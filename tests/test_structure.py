"""The body as typed blocks (#17): ``Article.blocks``, ``to_markdown()``, ``to_html()``.

Hand-built blocks pin down the writers (escaping, nested lists, tables, code fences,
formulas, links, images); fixture pages (``fixtures/structure/``, made up for these tests,
and the shipped ``fixtures/html`` pages) pin down what the HTML and text front-ends find;
properties over generated pages check that the Markdown holds exactly the body's words, in
order, and that a generated article's headings, lists, table and code come back as such.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from lxml import html as lxml_html

import strategies as S
from boilerstrip import Article, BodyBlock, Span, clean
from boilerstrip.render import escape, html, markdown

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
STRUCTURE = FIXTURES / "structure"


# --- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Growth was 70.2% in 2023.", "Growth was 70.2% in 2023."),
        ("as noted [n 1] and [2]", "as noted [n 1] and [2]"),
        ("snake_case_name and 2 * 3 and 2*3", "snake_case_name and 2 * 3 and 2*3"),
        ("C:\\Users\\ada", "C:\\Users\\ada"),
        ("AT&T and a < b", "AT&T and a < b"),
        ("a *real* emphasis", "a \\*real\\* emphasis"),
        ("__init__ and _this_", "\\_\\_init\\_\\_ and \\_this\\_"),
        ("use `code` here", "use \\`code\\` here"),
        ("# not a heading", "\\# not a heading"),
        ("#hashtag stays", "#hashtag stays"),
        ("> not a quote", "\\> not a quote"),
        ("- not an item", "\\- not an item"),
        ("+ not an item", "\\+ not an item"),
        ("* not an item", "\\* not an item"),
        ("1. not an item", "1\\. not an item"),
        ("12) not an item", "12\\) not an item"),
        ("---", "\\---"),
        ("~~~", "\\~~~"),
        ("[label]: /not-a-definition", "\\[label]: /not-a-definition"),
        ("[text](not-a-link)", "[text\\](not-a-link)"),
        ("<div> stays text", "\\<div> stays text"),
        ("&amp; stays as written", "\\&amp; stays as written"),
        ("a \\* b", "a \\\\* b"),
        ("~~struck~~", "\\~\\~struck\\~\\~"),
    ],
)
def test_escape_only_what_markdown_would_misread(text: str, expected: str) -> None:
    assert escape(text) == expected


def test_escape_every_line_of_a_multi_line_text() -> None:
    assert escape("first line\n# second\n  - third") == "first line\n\\# second\n\\- third"


# --- Markdown of hand-built blocks ---------------------------------------------------------


def test_markdown_of_headings_paragraphs_and_nested_lists() -> None:
    blocks = [
        BodyBlock("heading", "Method", level=2),
        BodyBlock("paragraph", "We counted twice."),
        BodyBlock("item", "first", level=1, ordered=True),
        BodyBlock("item", "nested bullet", level=2),
        BodyBlock("item", "deeper number", level=3, ordered=True),
        BodyBlock("item", "second", level=1, ordered=True),
        BodyBlock("item", "tenth", level=1, ordered=True),
        BodyBlock("paragraph", "After the list."),
    ]
    assert markdown(blocks) == (
        "## Method\n\nWe counted twice.\n\n"
        "1. first\n   - nested bullet\n     1. deeper number\n2. second\n3. tenth\n\n"
        "After the list."
    )


def test_markdown_list_item_of_several_paragraphs_and_a_code_block_inside() -> None:
    blocks = [
        BodyBlock("item", "Open a terminal.\n\nOn Linux:", level=1, ordered=True),
        BodyBlock("code", "cd ~", level=1),
        BodyBlock("paragraph", "Then go on.", level=1),
        BodyBlock("item", "Done.", level=1, ordered=True),
    ]
    assert markdown(blocks) == (
        "1. Open a terminal.\n\n   On Linux:\n   ```\n   cd ~\n   ```\n\n   Then go on.\n2. Done."
    )


def test_markdown_switches_list_sort_at_the_same_level() -> None:
    blocks = [BodyBlock("item", "a", level=1), BodyBlock("item", "b", level=1, ordered=True)]
    assert markdown(blocks) == "- a\n1. b"


def test_markdown_table_escapes_pipes_and_pads_rows() -> None:
    table = BodyBlock("table", rows=(("Name", "Note"), ("a|b", "*x*"), ("only",)), header=True)
    assert markdown([table]) == "| Name | Note |\n|---|---|\n| a\\|b | \\*x\\* |\n| only |  |"


def test_markdown_code_fence_is_longer_than_any_backtick_run() -> None:
    code = BodyBlock("code", "print('```')\n  ````x````", language="python")
    out = markdown([code])
    assert out.startswith("`````python\n") and out.endswith("\n`````")
    assert "print('```')\n  ````x````" in out


def test_markdown_quotes_formulas_and_figures() -> None:
    blocks = [
        BodyBlock("quote", "One.\n\n# Two"),
        BodyBlock("math", "r=lnN", tex=r"r = \ln N"),
        BodyBlock("paragraph", "where x2 holds", spans=(Span("math", "x2", "x^2", 6),)),
        BodyBlock("figure", "A tub of duckweed.", src="https://example.org/tub.jpg", alt="Tub [A]"),
        BodyBlock("figure", "", src="https://example.org/alone.png", alt=""),
    ]
    assert markdown(blocks) == (
        "> One.\n>\n> \\# Two\n\n$$\nr = \\ln N\n$$\n\nwhere $x^2$ holds\n\nA tub of duckweed."
    )
    with_images = markdown(blocks, images=True)
    assert "![Tub \\[A\\]](https://example.org/tub.jpg)\n\nA tub of duckweed." in with_images
    assert with_images.endswith("![](https://example.org/alone.png)")


def test_markdown_links_only_when_asked_and_only_safe_ones() -> None:
    block = BodyBlock(
        "paragraph",
        "See the minutes and the trick here.",
        spans=(Span("link", "the minutes", "https://example.org/a b(1)", 4), Span("link", "here", "javascript:alert(1)", 30)),
    )
    assert markdown([block]) == "See the minutes and the trick here."
    assert markdown([block], links=True) == "See [the minutes](https://example.org/a%20b%281%29) and the trick here."


def test_markdown_span_placed_at_its_start_not_at_the_first_match() -> None:
    block = BodyBlock("paragraph", "here and there, click here", spans=(Span("link", "here", "/x", 22),))
    assert markdown([block], links=True) == "here and there, click [here](/x)"


def test_an_article_built_by_hand_writes_its_paragraphs() -> None:
    article = Article(paragraphs=("Growth was 70.2% [n 1].", "- a dash"))
    assert article.to_markdown() == "Growth was 70.2% [n 1].\n\n\\- a dash"
    assert article.to_html() == "<p>Growth was 70.2% [n 1].</p>\n<p>- a dash</p>"
    assert Article().to_markdown() == "" and Article().to_html() == ""


# --- HTML of hand-built blocks -------------------------------------------------------------


def test_html_escapes_and_nests() -> None:
    blocks = [
        BodyBlock("heading", "Fish & <chips>", level=3),
        BodyBlock("item", "a", level=1),
        BodyBlock("item", "b", level=2, ordered=True),
        BodyBlock("item", "c", level=1),
        BodyBlock("table", rows=(("H1", "H2"), ("<1>", "2")), header=True),
        BodyBlock("code", "if a < b:\n    pass", language="python"),
        BodyBlock("quote", "q"),
        BodyBlock("paragraph", "e = mc2", spans=(Span("math", "mc2", "mc^2", 4), Span("link", "e", '"><script>', 0))),
    ]
    out = html(blocks, links=True)
    assert out == (
        "<h3>Fish &amp; &lt;chips&gt;</h3>\n"
        "<ul><li>a<ol><li>b</li></ol></li><li>c</li></ul>\n"
        "<table><thead><tr><th>H1</th><th>H2</th></tr></thead><tbody><tr><td>&lt;1&gt;</td><td>2</td></tr></tbody></table>\n"
        '<pre><code class="language-python">if a &lt; b:\n    pass</code></pre>\n'
        "<blockquote><p>q</p></blockquote>\n"
        '<p><a href="&quot;&gt;&lt;script&gt;">e</a> = <span class="math inline">\\(mc^2\\)</span></p>'
    )


def test_html_leaves_out_unsafe_image_addresses() -> None:
    figure = BodyBlock("figure", "caption", src="javascript:alert(1)", alt="x")
    assert html([figure], images=True) == "<figure><figcaption>caption</figcaption></figure>"


# --- to_dict -------------------------------------------------------------------------------


def test_to_dict_has_the_blocks_and_round_trips_through_json() -> None:
    article = clean((STRUCTURE / "science-notes.html").read_bytes())
    data = article.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data)[-1] == "blocks" and "paragraphs" in data and "body" in data
    keys = {"kind", "text", "level", "ordered", "rows", "header", "language", "src", "alt", "tex", "spans"}
    assert all(set(b) == keys for b in data["blocks"])
    assert [b["kind"] for b in data["blocks"]] == [b.kind for b in article.blocks]
    spans = [s for b in data["blocks"] for s in b["spans"]]
    assert spans and all(set(s) == {"kind", "text", "target", "start"} for s in spans)


# --- HTML pages ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def science() -> Article:
    return clean((STRUCTURE / "science-notes.html").read_bytes())


def test_science_notes_kinds_in_document_order(science: Article) -> None:
    kinds = [(b.kind, b.level) for b in science.blocks]
    assert kinds == [
        ("paragraph", 0), ("heading", 2), ("paragraph", 0),
        ("item", 1), ("item", 1), ("item", 2), ("item", 2), ("item", 1),
        ("heading", 2), ("paragraph", 0), ("item", 1), ("item", 1), ("item", 1),
        ("heading", 3), ("paragraph", 0), ("table", 0),
        ("paragraph", 0), ("paragraph", 0), ("math", 0), ("paragraph", 0),
        ("figure", 0), ("paragraph", 0), ("code", 0), ("quote", 0), ("paragraph", 0),
    ]
    assert [b.ordered for b in science.blocks if b.kind == "item"] == [False] * 5 + [True] * 3


def test_science_notes_paragraphs_unchanged_and_covered(science: Article) -> None:
    texts = [b.text for b in science.blocks if b.kind not in ("table", "figure")]
    assert all(t in science.paragraphs for t in texts if t)
    table = next(b for b in science.blocks if b.kind == "table")
    assert table.header and table.rows == (
        ("Tub", "Position", "Day 1", "Day 28"),
        ("A", "Sunny windowsill", "12", "410"),
        ("B", "Shelf | shaded", "12", "188"),
        ("C", "Cupboard top", "11", "97"),
    )
    cells = [c for row in table.rows for c in row]
    assert cells == [p for p in science.paragraphs if p in cells]  # the cells are body blocks, in order


def test_science_notes_code_formulas_links_and_figure(science: Article) -> None:
    code = next(b for b in science.blocks if b.kind == "code")
    assert code.language == "python"
    assert code.text.startswith("import math\n\ndef rate(first, last, days):\n    \"\"\"The daily")
    math = next(b for b in science.blocks if b.kind == "math")
    assert math.tex == r"r = \frac{\ln N_{28} - \ln N_1}{27}"
    growth = next(b for b in science.blocks if b.text.startswith("Growth"))
    assert [(s.kind, s.text, s.target) for s in growth.spans] == [
        ("math", "t", "t"), ("math", "N(t) = N_0 e^{rt}", "N(t) = N_0 e^{rt}"), ("math", "r", "r"),  # MathJax, KaTeX
    ]
    rate = next(b for b in science.blocks if b.text.startswith("With the counts"))
    assert [s.target for s in rate.spans] == ["k", "e^{0.13k}"]  # MathML with a TeX annotation
    first = science.blocks[0]
    # the page's canonical link stands in for its URL: addresses are made absolute
    assert first.spans == (Span("link", "pond survey", "https://pondlab.example.org/notes/pond-survey", first.text.index("pond survey")),)
    figure = next(b for b in science.blocks if b.kind == "figure")
    assert (figure.src, figure.alt, figure.text) == ("https://pondlab.example.org/images/tub-a-day-28.jpg", "Tub A covered in duckweed", "")


def test_science_notes_markdown(science: Article) -> None:
    md = science.to_markdown(links=True, images=True)
    expected = (STRUCTURE / "science-notes.expected.md").read_text(encoding="utf-8")
    # the expected file holds the figure's caption too, which the page's caption field has
    caption = "\n\nTub A on day 28: the surface is almost fully covered with fronds."
    assert md == expected.replace(caption, "").rstrip("\n")
    assert "$N(t) = N_0 e^{rt}$" in science.to_markdown()
    assert "](http" not in science.to_markdown() and "![" not in science.to_markdown()


def test_science_notes_html_is_well_formed_and_holds_the_body(science: Article) -> None:
    out = science.to_html(links=True, images=True)
    root = lxml_html.fragment_fromstring(out, create_parent="div")
    assert [el.tag for el in root][:4] == ["p", "h2", "p", "ul"]
    assert root.find(".//ul/li/ul/li") is not None and root.find(".//ol") is not None
    assert root.find(".//table/thead/tr/th") is not None
    assert root.find(".//pre/code").get("class") == "language-python"
    assert root.find(".//figure/img").get("src").endswith("/images/tub-a-day-28.jpg")
    assert root.find(".//a").get("href") == "https://pondlab.example.org/notes/pond-survey"


def test_nginx_guide_code_blocks_and_lists() -> None:
    article = clean((FIXTURES / "html" / "documentation-nginx-guide.html").read_bytes())
    codes = [b.text for b in article.blocks if b.kind == "code"]
    assert "nginx -s signal" in codes and "nginx -s reload" in codes
    assert any(c.startswith("http {\n    server {") for c in codes)  # white space kept
    items = [b.text for b in article.blocks if b.kind == "item"]
    assert "stop — fast shutdown" in items and "reopen — reopening the log files" in items
    headings = [(b.level, b.text) for b in article.blocks if b.kind == "heading"]
    assert (4, "Starting, Stopping, and Reloading Configuration") in headings
    md = article.to_markdown()
    assert "\n```\nnginx -s signal\n```\n" in md and "\n- stop — fast shutdown\n" in md


_PROSE = [
    p for p in (FIXTURES / "articles" / "en-vegetable-garden.txt").read_text(encoding="utf-8").split("\n\n")[1:]
    if len(p.split()) > 30
]


def test_a_layout_table_is_not_a_table() -> None:
    page = (
        "<html><body><table><tr><td><h2>How to start a vegetable garden</h2>"
        + "".join(f"<p>{p}</p>" for p in _PROSE[:3])
        + f"</td><td><p>{_PROSE[3]}</p></td></tr></table></body></html>"
    )
    article = clean(page)
    assert len(article.paragraphs) >= 3 and not [b for b in article.blocks if b.kind == "table"]
    assert {b.kind for b in article.blocks} <= {"heading", "paragraph"}


@pytest.mark.parametrize(
    ("markup", "language"),
    [
        ('<div class="highlight-rust notranslate"><div class="highlight"><pre>fn main() {\n    run();\n}</pre></div></div>', "rust"),
        ('<pre><code class="language-go" data-lang="go">package main\n\nfunc main() {}</code></pre>', "go"),
        ('<pre class="brush: php;">echo $total;\nexit(0);</pre>', "php"),
        ("<pre><code>make test\nmake wheel</code></pre>", None),
    ],
)
def test_the_page_names_the_code_language(markup: str, language: str | None) -> None:
    page = f"<html><body><main><p>{_PROSE[0]}</p>{markup}<p>{_PROSE[1]}</p><p>{_PROSE[2]}</p></main></body></html>"
    codes = [b for b in clean(page).blocks if b.kind == "code"]
    assert [b.language for b in codes] == [language]


# --- text pages ----------------------------------------------------------------------------


def test_allotment_notes_text_structure() -> None:
    article = clean((STRUCTURE / "allotment-notes.txt").read_bytes())
    kinds = [b.kind for b in article.blocks]
    assert kinds[:3] == ["paragraph", "heading", "paragraph"]
    assert [b.text for b in article.blocks if b.kind == "item"] == [
        "Broad beans, sown five centimetres deep",
        "Onion sets, spaced fifteen centimetres apart",
        "Early potatoes, once the soil is no longer cold to the touch",
        "Fill in the renewal form in the shed.",
        "Pay the fee to the treasurer.",
        "Collect your new padlock code.",
    ]
    assert [b.ordered for b in article.blocks if b.kind == "item"] == [False] * 3 + [True] * 3
    table = next(b for b in article.blocks if b.kind == "table")
    assert table.rows[0] == ("Plot size", "Members", "Non-members") and len(table.rows) == 4


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        # aligned columns: two spaces or more, on three lines with the same columns
        ("Station   Line    Minutes\nEast      Red     4\nNorth     Blue    12\n", ["table"]),
        # two lines are not enough; nor are columns that do not line up
        ("Station   Line    Minutes\nEast      Red     4\n", ["paragraph", "paragraph"]),
        ("Station  Line  Minutes\nEast   Red    4\nNorth Blue  12\n", ["paragraph"] * 3),
        # one numbered line is a numbered heading as often as an item
        ("1. Introduction\n", ["paragraph"]),
        ("1) first step\n2) second step\n", ["item", "item"]),
        # a dash opens a quotation's attribution as often as an item
        ("– Jane Doe\n", ["paragraph"]),
    ],
)
def test_text_mode_infers_only_unambiguous_structure(text: str, kinds: list[str]) -> None:
    from boilerstrip.blocks import Label
    from boilerstrip.structure import text_structure
    from boilerstrip.text import normalise, text_to_blocks

    blocks = text_to_blocks(normalise(text))
    for b in blocks:
        b.label = Label.BODY
    assert [b.kind for b in text_structure(blocks, text)] == kinds


# --- properties ----------------------------------------------------------------------------

_FENCE = re.compile(r"^ *(`{3,}|~{3,})")
_DELIMITER_ROW = re.compile(r"^\|(?:---\|)+$")
_LINE_MARKERS = re.compile(r"^ *(?:>+ ?)*(?:#{1,6} +|[-*+] +|\d{1,9}[.)] +)?")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_WORD = re.compile(r"\w+")


def markup_free_words(md: str) -> list[str]:
    """The words of Markdown as ``to_markdown()`` writes it, its markup left out: line-start
    markers, fences (and their language), table delimiter rows, escapes."""
    words: list[str] = []
    fence: str | None = None
    for line in md.split("\n"):
        opening = _FENCE.match(line)
        if opening and (fence is None or opening.group(1).startswith(fence)):
            fence = opening.group(1) if fence is None else None
            continue
        if fence is None:
            if _DELIMITER_ROW.match(line):
                continue
            line = _ESCAPED.sub(r"\1", _LINE_MARKERS.sub("", line))
        words.extend(_WORD.findall(line))
    return words


def _body_words(article: Article) -> list[str]:
    return _WORD.findall(article.body)


@settings(max_examples=300)
@given(S.pages().map(S.render_html))
def test_markdown_words_are_the_body_words_html(page: str) -> None:
    article = clean(page)
    assert markup_free_words(article.to_markdown()) == _body_words(article)


@settings(max_examples=300)
@given(S.pages().flatmap(S.noised_chrome).map(S.render_text))
def test_markdown_words_are_the_body_words_text(page: str) -> None:
    article = clean(page)
    assert markup_free_words(article.to_markdown()) == _body_words(article)


@settings(max_examples=300)
@given(S.structured_articles())
def test_structured_article_round_trips(article: S.Structured) -> None:
    cleaned = clean(S.render_structured(article))
    assert markup_free_words(cleaned.to_markdown()) == _body_words(cleaned)
    kept = set(cleaned.paragraphs)
    typed = [(b.kind, b.level, b.ordered, b.text) for b in cleaned.blocks]
    for part in article.parts:
        kind = part[0]
        if kind == "heading":
            level, text = part[1], part[2]
            if text in kept:
                assert ("heading", level, False, text) in typed
        elif kind == "list":
            for depth, ordered, text in part[1]:  # type: ignore[attr-defined]
                if text in kept:
                    assert ("item", depth, ordered, text) in typed
        elif kind == "table":
            header, rows = part[1], part[2]
            if all(c in kept for row in (header, *rows) for c in row):  # type: ignore[attr-defined]
                tables = [b for b in cleaned.blocks if b.kind == "table"]
                assert any(b.rows == (header, *rows) and b.header for b in tables)  # type: ignore[misc]
        elif kind == "code":
            language, text = part[1], part[2]
            if text in kept:
                assert any(b.kind == "code" and b.text == text and b.language == (language or None) for b in cleaned.blocks)


@settings(max_examples=200)
@given(S.structured_articles())
def test_html_output_holds_the_body_words(article: S.Structured) -> None:
    cleaned = clean(S.render_structured(article))
    out = cleaned.to_html()
    if not out:
        return
    root = lxml_html.fragment_fromstring(out, create_parent="div")
    assert _WORD.findall(" ".join(root.itertext())) == _body_words(cleaned)


def test_each_block_of_a_br_cut_paragraph_has_its_own_links() -> None:
    """A paragraph cut by <br><br> makes several blocks: each gets the links that stand in it,
    even when its text also mentions an earlier block's link text."""
    sentence = "The committee read the report over two long evenings and then voted on each point of it."
    page = (
        "<html><head><title>Notes</title></head><body><article><h1>Meeting notes</h1><p>"
        f'<a href="/minutes">the minutes</a> of Monday are online. {sentence}<br><br>'
        f'<a href="/budget">the budget</a> came next, and it quoted the minutes at length. {sentence}'
        "</p></article></body></html>"
    )
    article = clean(page, url="https://club.example/notes/meeting")
    spans = {b.text.split()[1]: [(s.text, s.target) for s in b.spans] for b in article.blocks if b.kind == "paragraph"}
    assert spans == {
        "minutes": [("the minutes", "https://club.example/minutes")],
        "budget": [("the budget", "https://club.example/budget")],
    }
