"""Hypothesis strategies for the property suite (``tests/test_properties.py``).

Every random input the suite feeds to :func:`boilerstrip.clean` comes from this module:

- :func:`pages`: a page built from a real article of ``fixtures/articles`` (3 to 8 of its prose
  paragraphs, in their order, an optional headline) with lines of the chrome catalogue
  ``fixtures/chrome/catalogue.json`` inserted at any of the places between, before and after
  them. The body of such a page is unambiguous: it is exactly the article's paragraphs.
- :func:`render_text` / :func:`render_html`: the two renderings of one :class:`Page`, the first
  as a scraper flattens a page (one block per line, blank lines between blocks), the second as
  a site would serve it (``<p>`` per paragraph, chrome in ``<nav>``, ``<aside>``, ``<footer>``).
- Noise operators (:func:`noised_chrome`, :func:`text_noise`, :func:`html_noise`): case
  changes, bullets, emoji, direction marks and duplicates on chrome lines; line-ending and
  white-space variants, NBSP, zero-width and soft hyphens, BOM on the whole text; character
  references, unclosed and upper-case tags, missing closing tags on HTML.
- Arbitrary input: :func:`arbitrary_text`, :func:`arbitrary_bytes`, :func:`tag_soup`.
- Structure: :func:`structured_articles`, an article of a fixture's prose with headings,
  nested lists, a table and code blocks (:class:`Structured`, :func:`render_structured`), for
  the typed blocks' round trip.

The fixtures are read once, at import, so drawing an example costs no file access.
"""

from __future__ import annotations

import functools
import html
import json
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from html.entities import codepoint2name
from pathlib import Path

from hypothesis import strategies as st

__all__ = [
    "ARTICLES",
    "CHROME",
    "ChromeLine",
    "FixtureArticle",
    "Page",
    "Slot",
    "Structured",
    "any_input",
    "arbitrary_bytes",
    "arbitrary_text",
    "html_noise",
    "noised_chrome",
    "pages",
    "render_html",
    "render_structured",
    "render_text",
    "structured_articles",
    "tag_soup",
    "tag_soup_bytes",
    "text_noise",
]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# --- fixtures ------------------------------------------------------------------------------


@dataclass(frozen=True)
class FixtureArticle:
    """One file of ``fixtures/articles``: its first block is the headline, the rest paragraphs."""

    name: str
    lang: str
    headline: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class ChromeLine:
    """One line of the chrome catalogue, with the kind of chrome it is and its language."""

    text: str
    kind: str
    lang: str


def _load_articles(folder: Path) -> tuple[FixtureArticle, ...]:
    articles = []
    for path in sorted(folder.glob("*.txt")):
        blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
        headline, *paragraphs = blocks
        articles.append(FixtureArticle(path.name, path.name.split("-", 1)[0], headline, tuple(paragraphs)))
    if len(articles) < 10:
        raise RuntimeError(f"expected the fixture articles in {folder}, found {len(articles)}")
    return tuple(articles)


def _load_catalogue(path: Path) -> tuple[ChromeLine, ...]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(
        ChromeLine(text, kind, lang)
        for kind, by_lang in data["kinds"].items()
        for lang, lines in by_lang.items()
        for text in lines
    )


ARTICLES: tuple[FixtureArticle, ...] = _load_articles(FIXTURES / "articles")
CHROME: tuple[ChromeLine, ...] = _load_catalogue(FIXTURES / "chrome" / "catalogue.json")


# --- pages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """The chrome lines inserted at one place of a page.

    ``tight`` joins them with single line breaks in the text rendering (how a flattened menu
    or share bar looks) instead of blank lines, and lists them as ``<li>`` in HTML.
    """

    lines: tuple[ChromeLine, ...] = ()
    tight: bool = False


@dataclass(frozen=True)
class Page:
    """A generated page: a real article's paragraphs, an optional headline, chrome in slots.

    ``pieces`` is the headline (when there is one) followed by the paragraphs; ``slots[i]``
    holds the chrome before ``pieces[i]``, ``slots[-1]`` the chrome after the last piece.
    """

    source: str
    lang: str
    headline: str | None
    paragraphs: tuple[str, ...]
    slots: tuple[Slot, ...]

    @property
    def pieces(self) -> tuple[str, ...]:
        return ((self.headline,) if self.headline else ()) + self.paragraphs

    @property
    def inserted(self) -> tuple[ChromeLine, ...]:
        """Every chrome line of the page, in page order (a duplicated line counts twice)."""
        return tuple(line for slot in self.slots for line in slot.lines)

    def without_chrome(self) -> Page:
        return replace(self, slots=tuple(Slot() for _ in self.slots))

    def reading_order(self) -> list[str]:
        """All text of the page in document order (the same for both renderings)."""
        out: list[str] = []
        for i, piece in enumerate(self.pieces):
            out.extend(line.text for line in self.slots[i].lines)
            out.append(piece)
        out.extend(line.text for line in self.slots[-1].lines)
        return out


def render_text(page: Page) -> str:
    """The page as plain text: one block per paragraph or chrome line, blank lines between.

    A ``tight`` slot is one block whose lines are separated by single line breaks.
    """
    blocks: list[str] = []
    for i, piece in enumerate(page.pieces):
        blocks.extend(_slot_blocks(page.slots[i]))
        blocks.append(piece)
    blocks.extend(_slot_blocks(page.slots[-1]))
    return "\n\n".join(blocks) + "\n"


def _slot_blocks(slot: Slot) -> list[str]:
    texts = [line.text for line in slot.lines]
    return ["\n".join(texts)] if slot.tight and texts else texts


def render_html(page: Page) -> str:
    """The page as a site would serve it.

    Headline in ``<h1>`` (and ``<title>``), each paragraph in its own ``<p>`` inside
    ``<main><article>``; the chrome before the first piece in ``<header><nav>``, between pieces
    in ``<aside>``, after the last piece in ``<footer>``.
    """
    esc = _escape
    out = ["<!DOCTYPE html>", f'<html lang="{page.lang}">', '<head><meta charset="utf-8">']
    if page.headline:
        out.append(f"<title>{esc(page.headline)}</title>")
    out.append("</head>")
    out.append("<body>")
    pieces = page.pieces
    top = page.slots[0]
    if top.lines:
        items = "".join(f'<li><a href="#">{esc(line.text)}</a></li>' for line in top.lines)
        out.append(f"<header><nav><ul>{items}</ul></nav></header>")
    out.append("<main><article>")
    for i, piece in enumerate(pieces):
        if i and page.slots[i].lines:
            out.append(f"<aside>{_html_lines(page.slots[i])}</aside>")
        tag = "h1" if page.headline and i == 0 else "p"
        out.append(f"<{tag}>{esc(piece)}</{tag}>")
    out.append("</article></main>")
    bottom = page.slots[len(pieces)]
    if bottom.lines:
        out.append(f"<footer>{_html_lines(bottom)}</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _html_lines(slot: Slot) -> str:
    if slot.tight:
        return "<ul>" + "".join(f'<li><a href="#">{_escape(line.text)}</a></li>' for line in slot.lines) + "</ul>"
    return "".join(f"<p>{_escape(line.text)}</p>" for line in slot.lines)


_FIXTURE_ARTICLES = st.sampled_from(ARTICLES)
_CHROME_LINES = st.sampled_from(CHROME)
_SEEDS = st.integers(0, 2**32 - 1)


# Strategies whose bounds depend on the drawn article are cached by bounds: building a
# strategy costs more than drawing from it, and there are only a few dozen distinct bounds.
@functools.cache
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@functools.cache
def _permutations(n: int) -> st.SearchStrategy[list[int]]:
    return st.permutations(range(n))


@functools.cache
def _insertions(n_slots: int, low: int, high: int) -> st.SearchStrategy[list[tuple[int, ChromeLine]]]:
    return st.lists(st.tuples(st.integers(0, n_slots - 1), _CHROME_LINES), min_size=low, max_size=high)


@functools.cache
def _flags(n: int) -> st.SearchStrategy[list[bool]]:
    return st.lists(st.booleans(), min_size=n, max_size=n)


@st.composite
def pages(
    draw: st.DrawFn,
    *,
    min_chrome: int = 0,
    max_chrome: int = 6,
    min_paragraphs: int = 3,
    max_paragraphs: int = 8,
) -> Page:
    """A page from one fixture article with ``min_chrome`` to ``max_chrome`` chrome lines.

    Chrome lines come from any kind and any language of the catalogue (a German site shows
    English share buttons often enough). Shrinks towards the first paragraphs of the first
    article, no headline, and the first catalogue line before the first piece.
    """
    article = draw(_FIXTURE_ARTICLES)
    n = len(article.paragraphs)
    k = draw(_integers(min(min_paragraphs, n), min(max_paragraphs, n)))
    chosen = sorted(draw(_permutations(n))[:k])
    headline = article.headline if draw(st.booleans()) else None
    n_slots = k + (1 if headline else 0) + 1
    insertions = draw(_insertions(n_slots, min_chrome, max_chrome))
    tight = draw(_flags(n_slots))
    slots = tuple(Slot(tuple(line for at, line in insertions if at == i), tight[i]) for i in range(n_slots))
    return Page(article.name, article.lang, headline, tuple(article.paragraphs[i] for i in chosen), slots)


# --- noise on chrome lines -----------------------------------------------------------------

_BULLETS = ("•", "·", "-", "*", "»", "›", "▪", "◦", "→", "►", "–", "✓")
_EMOJI = ("👍", "📣", "🔔", "📧", "🍪", "➡️", "🔥", "👉", "✉️", "🐦", "📱", "⭐", "👍🏽")

_ChromeOp = Callable[[str, random.Random], str]
_CHROME_OPS: dict[str, _ChromeOp] = {
    "upper": lambda s, r: s.upper(),
    "lower": lambda s, r: s.lower(),
    "title": lambda s, r: s.title(),
    "bullet": lambda s, r: f"{r.choice(_BULLETS)} {s}",
    "emoji-before": lambda s, r: f"{r.choice(_EMOJI)} {s}",
    "emoji-after": lambda s, r: f"{s} {r.choice(_EMOJI)}",
    # Direction marks around the line, as right-to-left sites emit them around UI labels.
    "bidi-marks": lambda s, r: f"\u200f{s}\u200e",
}


_CHROME_OP_LISTS = st.lists(st.sampled_from(sorted(_CHROME_OPS)), unique=True, max_size=3)


@st.composite
def noised_chrome(draw: st.DrawFn, page: Page) -> Page:
    """``page`` with case changes, bullets, emoji and duplicates applied to its chrome lines.

    The paragraphs and headline are left alone: these operators model how sites dress up
    their chrome, not changes to the article.
    """
    rnd = random.Random(draw(_SEEDS))
    slots = []
    for slot in page.slots:
        lines: list[ChromeLine] = []
        for line in slot.lines:
            ops = draw(_CHROME_OP_LISTS)
            text = line.text
            for op in ops:
                text = _CHROME_OPS[op](text, rnd)
            noised = replace(line, text=text)
            lines.append(noised)
            if draw(st.booleans()):  # duplicated line (a widget shown twice)
                lines.append(noised)
        slots.append(replace(slot, lines=tuple(lines)))
    return replace(page, slots=tuple(slots))


# --- noise on the whole text ---------------------------------------------------------------

NBSP, ZWSP, ZWNJ, WJ, SHY, BOM = "\u00a0", "\u200b", "\u200c", "\u2060", "\u00ad", "\ufeff"


_SPACE = re.compile(" ")
_INSIDE_WORD = re.compile(r"(?<=\S)(?=\S)")


def _sub_spaces(text: str, rnd: random.Random, choices: Sequence[str], p: float = 0.3) -> str:
    """Replace each space by one of ``choices`` with probability ``p``."""
    return _SPACE.sub(lambda m: rnd.choice(choices) if rnd.random() < p else " ", text)


def _inside_words(text: str, rnd: random.Random, char: str, p: float = 0.05) -> str:
    """Insert ``char`` at about a share ``p`` of the places between two non-space characters."""
    places = [m.start() for m in _INSIDE_WORD.finditer(text)]
    chosen = sorted(rnd.sample(places, int(len(places) * p)))
    out, last = [], 0
    for at in chosen:
        out.append(text[last:at])
        out.append(char)
        last = at
    out.append(text[last:])
    return "".join(out)


def _per_line(text: str, fn: Callable[[str], str]) -> str:
    return "\n".join(fn(line) for line in text.split("\n"))


def _mixed_line_endings(text: str, rnd: random.Random) -> str:
    """Each line break as LF, CRLF or CR, never a CR followed by an LF (that would be one break)."""
    out: list[str] = []
    for part in text.split("\n")[:-1]:
        ending = rnd.choice(["\n", "\r\n", "\r"])
        if not part and out and out[-1] == "\r" and ending == "\n":
            ending = "\r"
        out.extend((part, ending))
    out.append(text.split("\n")[-1])
    return "".join(out)


_TextOp = Callable[[str, random.Random], str]
# Applied in this order: characters, then lines, then line endings, then the BOM, so that
# the line-based operators still see "\n" and the BOM stays first.
_TEXT_OPS: dict[str, _TextOp] = {
    "nbsp": lambda t, r: _sub_spaces(t, r, [NBSP]),
    "tabs": lambda t, r: _sub_spaces(t, r, ["\t", " \t"]),
    "double-spaces": lambda t, r: _sub_spaces(t, r, ["  ", "   "]),
    "unicode-spaces": lambda t, r: _sub_spaces(t, r, ["\u2009", "\u202f", "\u3000", "\u2002"]),
    "zero-width": lambda t, r: _inside_words(t, r, ZWSP),
    "joiners": lambda t, r: _inside_words(t, r, r.choice([ZWNJ, WJ])),
    "soft-hyphens": lambda t, r: _inside_words(t, r, SHY),
    "trailing-spaces": lambda t, r: _per_line(t, lambda s: s + r.choice(["", " ", "  ", "\t", " \t ", NBSP])),
    "leading-spaces": lambda t, r: _per_line(t, lambda s: r.choice(["", " ", "  ", "\t"]) + s),
    "blank-lines-with-spaces": lambda t, r: _per_line(t, lambda s: s or r.choice(["", " ", "\t", "   ", NBSP])),
    "extra-blank-lines": lambda t, r: t.replace("\n\n", "\n\n\n"),
    "crlf": lambda t, r: t.replace("\n", "\r\n"),
    "cr": lambda t, r: t.replace("\n", "\r"),
    "mixed-line-endings": lambda t, r: _mixed_line_endings(t, r),
    "bom": lambda t, r: BOM + t,
}
_LINE_ENDING_OPS = ("crlf", "cr", "mixed-line-endings")


@st.composite
def text_noise(draw: st.DrawFn) -> Callable[[str], str | bytes]:
    """A function that applies a drawn set of white-space, line-ending and BOM noise to a text.

    At most one line-ending operator is drawn. The result may be UTF-8 bytes with a BOM
    (``"utf-8-sig"``), the BOM as a scraper that saved the file would leave it.
    """
    ops = set(draw(st.lists(st.sampled_from([op for op in _TEXT_OPS if op not in _LINE_ENDING_OPS]), unique=True, max_size=6)))
    ending = draw(st.sampled_from((None, *_LINE_ENDING_OPS)))
    if ending:
        ops.add(ending)
    as_bytes = draw(st.booleans()) and draw(st.booleans())  # a quarter of the time
    seed = draw(_SEEDS)
    order = [op for op in _TEXT_OPS if op in ops]

    def apply(text: str) -> str | bytes:
        rnd = random.Random(seed)
        for op in order:
            text = _TEXT_OPS[op](text, rnd)
        return text.encode("utf-8-sig") if as_bytes else text

    return _Named(apply, f"noise({', '.join(order)}{', as utf-8-sig bytes' if as_bytes else ''}, seed={seed})")


class _Named:
    """A callable with a readable repr, so falsifying examples name the noise they applied."""

    def __init__(self, fn: Callable[[str], str | bytes], name: str) -> None:
        self._fn = fn
        self._name = name

    def __call__(self, text: str) -> str | bytes:
        return self._fn(text)

    def __repr__(self) -> str:
        return self._name


# --- noise on HTML ---------------------------------------------------------------------------

_TEXT_RUN = re.compile(r">([^<]+)<")
_TAG_NAME = re.compile(r"(</?)([a-z][a-z0-9]*)")


_REFERABLE = re.compile(r"[^\x00-\x7f]| ")


def _entities(markup: str, rnd: random.Random) -> str:
    """Write some non-ASCII characters and spaces of the text as character references."""

    def ref(m: re.Match[str]) -> str:
        c = m.group()
        if rnd.random() >= 0.3:
            return c
        if c == " ":
            return rnd.choice(["&nbsp;", "&#160;", "&#32;"])
        name = codepoint2name.get(ord(c))
        return rnd.choice([f"&{name};" if name else f"&#{ord(c)};", f"&#{ord(c)};", f"&#x{ord(c):x};", f"&#X{ord(c):X};"])

    return _TEXT_RUN.sub(lambda m: ">" + _REFERABLE.sub(ref, m.group(1)) + "<", markup)


_HtmlOp = Callable[[str, random.Random], str]
_HTML_OPS: dict[str, _HtmlOp] = {
    "entities": _entities,
    "unclosed-p-and-li": lambda h, r: h.replace("</p>", "").replace("</li>", ""),
    "no-closing-document-tags": lambda h, r: _sub_all(r"</(article|main|body|html)>", "", h),
    "upper-case-tags": lambda h, r: _TAG_NAME.sub(lambda m: m.group(1) + m.group(2).upper(), h),
    "no-doctype-no-head": lambda h, r: _sub_all(r"<!DOCTYPE html>\n|<head>.*?</head>\n", "", h),
    "indented-markup": lambda h, r: h.replace("><", ">\n    <"),
    "crlf": lambda h, r: h.replace("\n", "\r\n"),
    "bom": lambda h, r: BOM + h,
}


def _sub_all(pattern: str, repl: str, text: str) -> str:
    """``re.sub`` with ``.`` matching line breaks too."""
    return re.sub(pattern, repl, text, flags=re.S)


@st.composite
def html_noise(draw: st.DrawFn) -> Callable[[str], str | bytes]:
    """A function that applies a drawn set of markup noise to an HTML rendering.

    Character references, unclosed ``<p>``/``<li>``, missing closing tags at the end, upper
    case tag names, no doctype or head, re-indented markup, CRLF, a BOM; optionally served
    as UTF-8 bytes. None of them changes the text a browser shows.
    """
    ops = draw(st.lists(st.sampled_from(sorted(_HTML_OPS)), unique=True, max_size=5))
    as_bytes = draw(st.booleans())
    seed = draw(_SEEDS)
    order = [op for op in _HTML_OPS if op in ops]

    def apply(markup: str) -> str | bytes:
        rnd = random.Random(seed)
        for op in order:
            markup = _HTML_OPS[op](markup, rnd)
        return markup.encode("utf-8") if as_bytes else markup

    return _Named(apply, f"html_noise({', '.join(order)}{', as utf-8 bytes' if as_bytes else ''}, seed={seed})")


# --- arbitrary text ------------------------------------------------------------------------

# Lines that stress the field pickers and rules: impossible dates, bylines, credits, counters,
# right-to-left text, mojibake, combining marks, emoji, URLs, lone punctuation.
_ODD_LINES = (
    "",
    " ",
    "***",
    "—",
    "1.",
    "©",
    "|",
    "Page 1 of 2",
    "12:30",
    "2024-04-19T16:19:49Z",
    "04/19/2024 04:19:49 pm",
    "Updated: 19 April 2024",
    "February 30, 2024",
    "31/02/2024 25:61",
    "2024-13-45T99:99:99+25:00",
    "January 1, 0001",
    "December 31, 9999 11:59 pm",
    "Published 0 minutes ago",
    "Posted on 1st Smarch 2024",
    "(Photo : REUTERS/Kai Pfaffenbach)",
    "Photo: ",
    "By ",
    "By John Smith and Jane Doe, Staff Writers",
    "https://example.com/2024/04/19/story.html?utm_source=x",
    "3 likes",
    "12 comments",
    "مرحبا بكم في موقعنا. هذا نص تجريبي باللغة العربية يحتوي على عدة كلمات.",
    "שלום עולם, זהו משפט בעברית עם כמה מילים.",
    "\u202eThis text is reversed by an override mark\u202c",
    "CafÃ© de FlÃ¶re â€” Ã©tÃ© 2024",
    "e\u0301te\u0301 a\u0300 Paris",
    "👍🏽👨‍👩‍👧‍👦🏳️‍🌈",
    "\x00\x01\x02",
    "\ufeff",
    "a" * 200,
    "word " * 60,
    "Sign in | Register | Help | Contact us | About us | Careers | Jobs",
    "<p>Not really HTML &amp; not really text</p>",
)


# Strategies are built once, here, rather than per example: building them is not free and
# every example of every property would pay for it again.
_ARTICLE_LINES = st.sampled_from(tuple(p for a in ARTICLES for p in (a.headline, *a.paragraphs)))
_CHROME_TEXTS = st.sampled_from(tuple(dict.fromkeys(c.text for c in CHROME)))
_LINE = st.one_of(_ARTICLE_LINES, _CHROME_TEXTS, st.sampled_from(_ODD_LINES), st.text(max_size=40))
_SEPARATOR = st.sampled_from(("\n", "\n\n", "\r\n", "\r", "\n\n\n", "\n \n", "\t\n", "\u2028", "\u2029", "\x0c", "\x85"))
# Pages assembled from lines: prose, chrome, odd lines and random text, odd separators.
_LINE_SOUP = st.lists(st.tuples(_LINE, _SEPARATOR), max_size=12).map(lambda parts: "".join(a + b for a, b in parts))


_SPECIAL_CHARS = " \t\n\r\x00\x0b\x0c\x1c\x85\u00a0\u200b\u200c\u200d\u200e\u200f\u00ad\ufeff\u2028\u2029\u202e\u2066\u3000aé.,;:!?<>&#\"'©|»•-–—…0123456789"


def arbitrary_text() -> st.SearchStrategy[str]:
    """Any text: random Unicode, white-space-and-control soup, and line-built pages."""
    return st.one_of(
        st.text(max_size=300),
        st.text(alphabet=st.sampled_from(_SPECIAL_CHARS), max_size=300),
        _LINE_SOUP,
    )


_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "shift_jis", "koi8-r", "gb18030", "big5")
_BAD_BYTES = (b"\xff", b"\xfe", b"\xc3", b"\xc3\x28", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x00", b"\x00\x00\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe", b"\x1b$B")


@st.composite
def _encoded_text(draw: st.DrawFn) -> bytes:
    text = draw(st.one_of(_LINE_SOUP, st.text(max_size=200)))
    data = text.encode(draw(st.sampled_from(_CODECS)), errors="replace")
    # Corrupt a few places: invalid UTF-8, stray BOMs, NULs, a cut in the middle of a character.
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from(_BAD_BYTES)) + data[at:]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


def arbitrary_bytes() -> st.SearchStrategy[bytes]:
    """Any bytes: random binary, and text in many encodings with corrupted sequences."""
    return st.one_of(st.binary(max_size=600), _encoded_text())


# --- tag soup ------------------------------------------------------------------------------

_TAGS = (
    "html", "head", "body", "title", "meta", "link", "base", "p", "div", "span", "a", "br", "hr", "img",
    "h1", "h2", "h3", "ul", "ol", "li", "table", "tr", "td", "th", "nav", "footer", "header", "aside",
    "article", "main", "section", "figure", "figcaption", "time", "script", "style", "noscript",
    "iframe", "svg", "math", "template", "form", "input", "button", "select", "option", "textarea",
    "pre", "code", "blockquote", "b", "i", "font", "center", "marquee", "frameset", "frame", "object",
    "embed", "xmp", "plaintext", "x-widget", "o:p", "fb:like",
)  # fmt: skip
_ATTRS = ("class", "id", "href", "src", "style", "lang", "charset", "content", "http-equiv", "datetime", "itemprop", "property", "name", "alt", "title", "onclick", "dir", "xmlns")
_ENTITIES = (
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&nbsp", "&#160;", "&#xa0;", "&#0;", "&#x0;", "&#xD800;",
    "&#x110000;", "&#99999999999;", "&bogus;", "&", "&#;", "&#x;", "&e;", "&lol3;", "&AElig", "&amp;amp;", "&shy;", "&#8203;",
)  # fmt: skip
_XXE = '<!DOCTYPE html [<!ENTITY e SYSTEM "file:///nonexistent/boilerstrip-xxe-probe">]>'
_BOMB = '<!DOCTYPE html [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
_PREFIXES = ("", "<!DOCTYPE html>", "<html>", "<!doctype html><html lang=en><head>", "<?xml version='1.0' encoding='utf-8'?>", "<?xml version=\"1.0\" encoding=\"utf-16\"?><html>", '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">', _XXE, _BOMB, "\ufeff<html>", "  \n\n<html>")
_SPECIAL_TOKENS = (
    "<!-- a comment -->", "<!--", "-->", "<!-->", "<![CDATA[x < y]]>", "<![CDATA[", "<?php echo 1; ?>", "<!DOCTYPE html>",
    '<meta charset="utf-16">', '<meta http-equiv="Content-Type" content="text/html; charset=bogus">', '<meta charset="x-user-defined">',
    "</", "<", ">", "< p>", "<p<p>", "</p>", "<br/>", "</br>", "<p/>", "<//p>", "<a href=\"javascript:alert(1)\">x</a>",
    "<script>document.write('<p>x</p>')</script>", "<script>", "</script>", "<style>p { color: red }</style>", "<style>",
    '<time datetime="2024-02-30T25:61:00Z">30 February</time>', '<time datetime="">', "<time>yesterday</time>",
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-13-45","headline":null,"author":[{}]}</script>',
    '<script type="application/ld+json">{not json</script>', '<script type="application/ld+json">[[[[[[]]]]]]</script>',
    '<meta property="article:published_time" content="99999-01-01">', '<meta property="og:title" content="">',
    '<meta name="author" content="&#0;">', '<img alt="Real Time Analytics" src="x">', '<img src="x" alt="', "\x00", "\ufeff", "\r\n",
    "<table><tr><td>a<td>b<tr><td>c</table>", "<ul><li>one<li>two</ul>", "<figure><img src=x><figcaption>Photo: A. B.</figcaption></figure>",
    '<a href="/next">Next »</a>', "<nav>Home | News</nav>", "<h1></h1>", "<title></title><title>Two titles</title>",
)  # fmt: skip


_TAG_NAMES = st.sampled_from(_TAGS)
_ATTR_LISTS = st.lists(st.sampled_from(_ATTRS), max_size=3)
_ATTR_VALUES = st.one_of(st.sampled_from(("", "x", "2024-04-19", "utf-8", "main content", "nav", "\u202e")), st.text(max_size=10))
_QUOTES = st.sampled_from(('"', "'", "", "unterminated", "bare"))


@st.composite
def _open_tag(draw: st.DrawFn) -> str:
    name = draw(_TAG_NAMES)
    attrs = []
    for attr in draw(_ATTR_LISTS):
        value = draw(_ATTR_VALUES)
        quote = draw(_QUOTES)
        if quote == "bare":
            attrs.append(f" {attr}")
        elif quote == "unterminated":
            attrs.append(f' {attr}="{value}')
        else:
            attrs.append(f" {attr}={quote}{value}{quote}")
    slash = "/" if draw(st.booleans()) and draw(st.booleans()) else ""
    return f"<{name}{''.join(attrs)}{slash}>"


_TAG_TOKENS = st.one_of(
    _open_tag(),
    st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(_ENTITIES),
    st.sampled_from(_SPECIAL_TOKENS),
    _ARTICLE_LINES,
    _CHROME_TEXTS,
    st.text(max_size=20),
    st.integers(1, 300).map(lambda n: "<div>" * n),
)


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """HTML-ish text: tags, attributes, entities, comments, doctypes (XXE, entity bomb), JSON-LD
    and meta tags with impossible values, real prose and chrome, optionally cut anywhere."""
    soup = draw(st.sampled_from(_PREFIXES)) + "".join(draw(st.lists(_TAG_TOKENS, max_size=30)))
    if draw(st.booleans()):
        soup = soup[: draw(st.integers(0, len(soup)))]
    return soup


@st.composite
def tag_soup_bytes(draw: st.DrawFn) -> bytes:
    """:func:`tag_soup` encoded in an encoding that may contradict the one it declares."""
    return draw(tag_soup()).encode(draw(st.sampled_from(_CODECS)), errors="replace")


def any_input() -> st.SearchStrategy[str | bytes]:
    """Anything :func:`boilerstrip.clean` may be given: text, bytes, tag soup, generated pages."""
    return st.one_of(
        arbitrary_text(),
        arbitrary_bytes(),
        tag_soup(),
        tag_soup_bytes(),
        pages().map(render_text),
        pages().map(render_html),
    )


# --- structure -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Structured:
    """An article with structure: each part a ``(kind, ...)`` tuple, in order.

    - ``("paragraph", text)``
    - ``("heading", level, text)``
    - ``("list", ((depth, ordered, text), ...))``: items in document order, depth from 1
    - ``("table", header_row, rows)``: rows of cells (strings)
    - ``("code", language, text)``
    """

    lang: str
    headline: str
    parts: tuple[tuple[object, ...], ...]


_CODE_SNIPPETS = (
    ("python", "def area(r):\n    return 3.14159 * r ** 2\n\nprint(area(2))"),
    ("", "$ mkdir notes && cd notes\n$ echo 'a < b & c' > first.txt"),
    ("javascript", "const total = items.reduce((a, b) => a + b, 0);\nconsole.log(`total: ${total}`);"),
    ("sql", "SELECT name, count(*)\n  FROM visits\n GROUP BY name\n HAVING count(*) > 3;"),
    ("", "```\nfenced inside\n```\n    indented | piped *starred* _under_"),
)


def _words_of(text: str, rnd: random.Random, low: int, high: int) -> str:
    words = [w.strip(".,;:!?()[]«»\"“”„'") for w in text.split()]
    words = [w for w in words if w] or ["text"]
    start = rnd.randrange(len(words))
    n = rnd.randint(low, high)
    picked = (words[start:] + words)[:n]
    return " ".join(picked)


@st.composite
def structured_articles(draw: st.DrawFn) -> Structured:
    """A structured article from one fixture article: its prose paragraphs in order, with
    headings (levels 2-4), a list of up to three levels (bullets or numbers), a table with a
    header row and code blocks between them. Words of headings, items and cells come from
    the article itself; code from a few snippets (indentation, ``<``, ``&``, backticks)."""
    article = draw(_FIXTURE_ARTICLES)
    rnd = random.Random(draw(_SEEDS))
    paragraphs = list(article.paragraphs[: draw(_integers(3, max(3, min(8, len(article.paragraphs)))))])
    parts: list[tuple[object, ...]] = []
    kinds = draw(st.lists(st.sampled_from(("heading", "list", "table", "code")), min_size=1, max_size=5))
    serial = iter(range(1, 10_000))  # (a number after each generated text keeps the texts apart)
    slots = sorted(draw(st.lists(_integers(0, len(paragraphs)), min_size=len(kinds), max_size=len(kinds))))
    extras: dict[int, list[str]] = {}
    for kind, slot in zip(kinds, slots):
        extras.setdefault(slot, []).append(kind)
    for i in range(len(paragraphs) + 1):
        for kind in extras.get(i, ()):
            source = paragraphs[min(i, len(paragraphs) - 1)]
            if kind == "heading":
                parts.append(("heading", rnd.randint(2, 4), f"{_words_of(source, rnd, 2, 6).capitalize()} {next(serial)}"))
            elif kind == "list":
                ordered = rnd.random() < 0.5
                items: list[tuple[int, bool, str]] = []
                depth = 1
                for _ in range(rnd.randint(2, 6)):
                    depth = max(1, min(3, depth + rnd.choice((-1, 0, 0, 1)) if items else 1))
                    items.append((depth, ordered if depth == 1 else rnd.random() < 0.5, f"{_words_of(source, rnd, 4, 12)} {next(serial)}"))
                parts.append(("list", tuple(items)))
            elif kind == "table":
                cols = rnd.randint(2, 4)
                header = tuple(f"{_words_of(source, rnd, 1, 2).capitalize()} {next(serial)}" for _ in range(cols))
                rows = tuple(
                    tuple(f"{_words_of(source, rnd, 1, 4)} {next(serial)}" if c else str(rnd.randint(1, 999)) for c in range(cols))
                    for _ in range(rnd.randint(2, 5))
                )
                parts.append(("table", header, rows))
            else:
                language, code = rnd.choice(_CODE_SNIPPETS)
                parts.append(("code", language, code))
        if i < len(paragraphs):
            parts.append(("paragraph", paragraphs[i]))
    return Structured(article.lang, article.headline, tuple(parts))


def render_structured(article: Structured) -> str:
    """The structured article as a site would serve it (``<h1>`` headline, the parts in
    ``<main><article>``, nested ``<ul>``/``<ol>``, a ``<table>`` with a ``<thead>``,
    ``<pre><code class="language-...">``), with a navigation bar and a footer around."""
    esc = _escape
    out = ["<!DOCTYPE html>", f'<html lang="{article.lang}">', '<head><meta charset="utf-8">',
           f"<title>{esc(article.headline)}</title></head><body>",
           '<header><nav><ul><li><a href="/">Home</a></li><li><a href="/about">About</a></li></ul></nav></header>',
           "<main><article>", f"<h1>{esc(article.headline)}</h1>"]
    for part in article.parts:
        kind = part[0]
        if kind == "paragraph":
            out.append(f"<p>{esc(str(part[1]))}</p>")
        elif kind == "heading":
            out.append(f"<h{part[1]}>{esc(str(part[2]))}</h{part[1]}>")
        elif kind == "list":
            out.append(_render_list(part[1]))  # type: ignore[arg-type]
        elif kind == "table":
            header, rows = part[1], part[2]
            head = "".join(f"<th>{esc(c)}</th>" for c in header)  # type: ignore[attr-defined]
            body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)  # type: ignore[attr-defined]
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        else:
            cls = f' class="language-{part[1]}"' if part[1] else ""
            out.append(f"<pre><code{cls}>{esc(str(part[2]))}</code></pre>")
    out.append('</article></main><footer><p>© 2024 Example Press. <a href="/privacy">Privacy</a></p></footer></body></html>')
    return "\n".join(out) + "\n"


def _render_list(items: tuple[tuple[int, bool, str], ...]) -> str:
    """Nested lists of ``(depth, ordered, text)`` items (each deeper item inside the last item
    of the level above; a list's tag is its first item's)."""
    out: list[str] = []
    stack: list[str] = []
    for depth, ordered, text in items:
        tag = "ol" if ordered else "ul"
        while len(stack) > depth:
            out.append(f"</li></{stack.pop()}>")
        if len(stack) == depth:
            if stack[-1] != tag:
                out.append(f"</li></{stack.pop()}><{tag}>")
                stack.append(tag)
            else:
                out.append("</li>")
        else:
            while len(stack) < depth:
                out.append(f"<{tag}>")
                stack.append(tag)
        out.append(f"<li>{_escape(text)}")
    while stack:
        out.append(f"</li></{stack.pop()}>")
    return "".join(out)
