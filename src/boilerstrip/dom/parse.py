"""Safe parsing: lxml's HTML parser, with a tolerant fallback builder for pages it cannot take.

The HTML parser never loads a DTD, never resolves an external entity and never expands an
internal entity declaration (libxml2's HTML mode does not process DOCTYPE declarations; the
internal subset is removed beforehand so its text does not leak either), and has no network
access. libxml2 stops at 2048 levels of nesting and drops the rest of the page; such pages,
and pages with another fatal parser error, are rebuilt by :class:`_FlatBuilder` on the standard
library tokenizer, which flattens nesting past :data:`MAX_DEPTH`.
"""

from __future__ import annotations

import re

import threading
from html.parser import HTMLParser as _StdlibHTMLParser

from lxml import etree

from .._lazyre import lazy_re
from ..errors import InputError, InputTooLarge, InputTypeError

__all__ = ["CHARS_PER_TAG", "MAX_DEPTH", "MIN_TAG_LIMIT", "TooManyTags", "parse_tree", "tag_limit", "xml_safe"]

MAX_DEPTH = 512
"""Elements nested deeper than this are flattened into their ancestor at this depth (their
text is kept), when the fallback builder is used (libxml2 itself gives up at 2048 levels)."""


CHARS_PER_TAG = 40
"""A page may hold at most one ``<`` per this many characters (or :data:`MIN_TAG_LIMIT`,
whichever is more): see :func:`tag_limit`."""
MIN_TAG_LIMIT = 100_000
"""Every page may hold this many ``<``, whatever its size."""


def tag_limit(chars: int) -> int:
    """How many ``<`` (tags, comments, a ``<`` in a script) a page of ``chars`` characters may hold.

    libxml2's tree costs about 200 bytes an element, whatever the size of the markup that made
    it: 10 MB of ``word<br>`` or ``<em>x</em>`` took 20 to 35 times the page in memory before a
    single block was cut, and at one ``<`` per 16 characters still 17 to 28 times. Real pages
    hold far fewer tags: under 25,000 on every benchmark page (one ``<`` per 18 characters on
    the densest, a small one; per 27 and more on every page over 300 KB), so any page of up to
    100,000 tags is taken, and a larger one needs a ``<`` per 40 characters at most.

    >>> tag_limit(1_000), tag_limit(10_000_000)
    (100000, 250000)
    """
    return max(MIN_TAG_LIMIT, chars // CHARS_PER_TAG)


class TooManyTags(InputTooLarge):
    """The page is almost all tags: more ``<`` than :func:`tag_limit` allows for its size.

    Raised before the page is parsed; ``size`` is the page's length in characters, ``tags``
    how many ``<`` it holds and ``limit`` the number allowed.
    """

    def __init__(self, size: int, tags: int, limit: int) -> None:
        InputError.__init__(
            self,
            f"page of {size:,} characters holds {tags:,} tags (at most one per {CHARS_PER_TAG} characters, "
            f"or {MIN_TAG_LIMIT:,}, are taken): parsing it would take more than 15 times its size in memory",
        )
        self.size = size
        self.tags = tags
        self.limit = limit


_local = threading.local()


def _lxml_parser() -> etree.HTMLParser:
    """One parser per thread (lxml parsers must not be shared between threads)."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=True,  # long text nodes; depth is still capped by libxml2 (2048)
            recover=True,
            compact=True,
            default_doctype=False,  # type: ignore[call-arg]  # lxml-stubs lack HTMLParser(default_doctype=...)
        )
        _local.parser = parser
    return parser


_CONTROL_CHARS = lazy_re(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
"""The characters of :data:`_CONTROL_CHARS` as UTF-8 bytes (each is one ASCII byte, which never
occurs inside the encoding of another character, so deleting them from the bytes is deleting
them from the text; ``bytes.translate`` does it several times faster than a regex)."""

_END_TAGS = lazy_re(rb"</(?:body|html)\s*>", re.IGNORECASE)

_NONCHARS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
"""U+FFFE and U+FFFF in UTF-8: not characters, and lxml refuses them in a text it is given
(libxml2 keeps them when it parses, and a later edit of the node then fails)."""
_NOT_XML = lazy_re("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` without the characters lxml refuses to put in a tree (C0 controls other than
    tab and newlines, lone surrogates, U+FFFE and U+FFFF).

    >>> xml_safe("a\\x01b\\ufffec\\ud800d")
    'abcd'
    """
    return _NOT_XML.sub("", text)


def parse_tree(markup: str) -> etree._Element:
    """The root element of ``markup``, parsed safely (see the module docstring).

    The HTML parser never loads a DTD, never resolves an external entity and never expands an
    internal entity declaration; a DOCTYPE's internal subset is removed before parsing so that
    its declarations do not leak into the text either. A page of more tags than
    :func:`tag_limit` allows raises :class:`TooManyTags` before it is parsed. ``markup`` that is
    not a ``str`` raises :class:`~boilerstrip.errors.InputTypeError` (bytes are decoded by
    :func:`boilerstrip.clean`, which detects their encoding).
    """
    if not isinstance(markup, str):
        raise InputTypeError(
            f"parse_html() and parse_tree() take the page as str, not {type(markup).__name__}:"
            " decode it first, or call clean(), which detects the encoding of bytes"
        )
    tags, limit = markup.count("<"), tag_limit(len(markup))
    if tags > limit:
        raise TooManyTags(len(markup), tags, limit)
    # C0 control characters are not allowed in XML/HTML text, and lxml refuses them later
    # when a text node is edited; they carry nothing, so they go before parsing
    markup = _strip_doctype_subset(markup)
    # (a lone surrogate becomes "?"; U+FFFE and U+FFFF go with the controls)
    data = markup.encode("utf-8", errors="replace").translate(None, _CONTROL_BYTES)
    if b"\xef\xbf" in data:
        for nonchar in _NONCHARS:
            data = data.replace(nonchar, b"")
    data = _close_raw_text(data)
    full = data
    # A browser reads what follows "</body></html>" as more of the body (a template that
    # closes the page after its header and then prints the article); libxml2 drops it. The
    # end tags are optional, so without them both read the same page.
    data = _END_TAGS.sub(b"", data)
    parser = _lxml_parser()
    root: etree._Element | None
    try:
        root = etree.fromstring(data, parser) if data.strip() else None
    except etree.XMLSyntaxError:
        root = None
    del data
    if root is None or _fatal(parser):
        root = None
        root = _fallback_tree(full.decode("utf-8", errors="replace"))
    _close_paragraphs(root)
    return root


# --- paragraphs left open before an HTML5 block ------------------------------------------------

_HTML5_BLOCKS = (
    "article", "aside", "section", "nav", "header", "footer", "main", "figure", "figcaption", "details",
    "summary", "dialog", "hgroup", "menu", "search",
)


def _close_paragraphs(root: etree._Element) -> None:
    """Move an HTML5 block element that libxml2 nested in a ``<p>`` out of it, as a browser
    reads the markup.

    Browsers close an open paragraph at ``<aside>``, ``<section>``, ``<header>``, ``<figure>``
    and the other block elements of HTML5; libxml2 knows only the older ones (``<div>``,
    ``<ul>``, ``<table>``...) and nests the new ones inside the paragraph when its ``</p>``
    is left out. A story with a box of share links in an ``<aside>`` after each paragraph then
    has each paragraph and its box in one container, which reads as chrome. The block, what
    follows it in the paragraph, and the paragraph's tail move after the paragraph. Only
    those elements are visited (a C-level walk by tag).
    """
    for block in list(root.iter(*_HTML5_BLOCKS)):
        p = block.getparent()
        if p is None or p.tag != "p" or (parent := p.getparent()) is None:
            continue
        moved = [block, *block.itersiblings()]
        tail, p.tail = p.tail, None
        at = parent.index(p)
        for k, element in enumerate(moved, 1):
            parent.insert(at + k, element)  # (an element moves with its tail)
        if tail:
            moved[-1].tail = (moved[-1].tail or "") + tail


# --- raw-text elements left open ----------------------------------------------------------------

_RAW_TEXT = (b"title", b"textarea", b"style", b"script", b"iframe", b"noembed", b"noframes")
"""Elements whose content libxml2 reads as text up to their end tag (browsers too, for the
first four): one left open swallows the rest of the page."""
_RAW_TAG = lazy_re(rb"<(/?)(title|textarea|style|script|iframe|noembed|noframes)(?=[\s/>])", re.IGNORECASE)
_START_TAG_REST = lazy_re(rb"""(?:[^>"']|"[^"]{0,4096}"|'[^']{0,4096}'){0,4096}>""")
_NEXT_TAG = lazy_re(rb"<[A-Za-z/!?]")
_NEXT_STRUCTURE = lazy_re(
    rb"</?(?:html|head|body|meta|link|title|base|div|p|h[1-6]|article|section|main|header|footer|nav|aside|"
    rb"ul|ol|li|dl|table|tr|td|form|figure|blockquote|pre|noscript|script|style)(?=[\s/>])|<!--",
    re.IGNORECASE,
)


def _close_raw_text(data: bytes) -> bytes:
    """``data`` with an end tag added for each raw-text element that has none.

    A ``<title>`` or ``<textarea>`` without its end tag ends at the next tag-like ``<`` (what
    such a title holds is a few words; the tags after it are the page). A ``<script>``,
    ``<style>``, ``<iframe>``, ``<noembed>`` or ``<noframes>`` without its end tag ends at the
    next tag that only a page has (``<body>``, ``<div>``, ``<p>``, a heading, a list, a table, a
    comment...), so that a stray ``<`` in code does not end it. Browsers read everything after
    such an element as its text (an empty page); the page's body is worth more than its code.
    An element whose end tag comes later is left alone (the end tag closes it there, as in
    browsers). Linear: the end tags are located once, in one pass.
    """
    tags = [(m.start(), m.end(), m.group(1) == b"/", m.group(2).lower()) for m in _RAW_TAG.finditer(data)]
    if not tags:
        return data
    last_end: dict[bytes, int] = {}
    for start, _, closing, name in tags:
        if closing:
            last_end[name] = start
    pieces: list[bytes] = []
    done = 0  # data[:done] is in pieces
    skip_to = 0  # tags before this offset are text of an element already closed here
    open_name: bytes | None = None
    for start, end, closing, name in tags:
        if start < skip_to:
            continue
        if open_name is not None:
            if closing and name == open_name:
                open_name = None
            continue
        if closing:
            continue
        rest = _START_TAG_REST.match(data, end)
        if rest is None:
            continue
        after = rest.end()
        if data[after - 2 : after - 1] == b"/":  # <title/>: empty, as libxml2 reads it
            continue
        if last_end.get(name, -1) > start:
            open_name = name
            continue
        # Left open: end it where the page seems to go on.
        finder = _NEXT_TAG if name in (b"title", b"textarea") else _NEXT_STRUCTURE
        found = finder.search(data, after)
        cut = found.start() if found else len(data)
        pieces.append(data[done:cut])
        pieces.append(b"</" + name + b">")
        done = skip_to = cut
    if not pieces:
        return data
    pieces.append(data[done:])
    return b"".join(pieces)


def _fatal(parser: etree.HTMLParser) -> bool:
    """True when libxml2 gave up part of the page (too deep, or another fatal error)."""
    for entry in parser.error_log:
        if entry.level_name == "FATAL":
            return True
    return False


def _strip_doctype_subset(markup: str) -> str:
    """Remove a ``<!DOCTYPE ... [ internal subset ]>`` at the start of the page."""
    head = markup[:4096]
    start = head.find("<!")
    if start < 0 or head[start : start + 9].upper() != "<!DOCTYPE":
        return markup
    bracket = markup.find("[", start)
    close = markup.find(">", start)
    if bracket < 0 or (0 <= close < bracket):
        return markup
    end = markup.find("]>", bracket)
    if end < 0:
        end = markup.find("]", bracket)
        if end < 0:
            return markup
        end_gt = markup.find(">", end)
        end = end_gt if end_gt >= 0 else end
        return markup[:start] + markup[end + 1 :]
    return markup[:start] + markup[end + 2 :]


_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr", "keygen",
})
# Elements an opening tag of the same name (or the listed ones) closes implicitly.
_IMPLIED_CLOSE = {
    "p": {"p"}, "li": {"li"}, "dt": {"dt", "dd"}, "dd": {"dt", "dd"}, "tr": {"tr", "td", "th"},
    "td": {"td", "th"}, "th": {"td", "th"}, "option": {"option"},
}


class _FlatBuilder(_StdlibHTMLParser):
    """A tolerant tree builder on the standard library tokenizer, for pages lxml cannot take.

    It keeps every piece of text, closes tags loosely (an end tag closes the nearest open
    element of its name, if any) and flattens nesting past :data:`MAX_DEPTH`: deeper start
    tags are ignored (their text goes to the element at the limit) and so are their end tags.
    Text is gathered in a list and written to the tree once per text node (when the tree
    changes shape or the page ends): appending to a node's text piece by piece copies it each
    time, which is quadratic when the flattened part of a page is large. Characters lxml
    refuses (lone surrogates, U+FFFE, U+FFFF, C0 controls) are dropped from text, attribute
    values and names.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("html")
        self.stack: list[etree._Element] = [self.root]
        self.ignored: dict[str, int] = {}
        self.last: etree._Element | None = None  # last child closed/added, for tail text
        self.pending: list[str] = []  # text not yet written to the tree

    def flush(self) -> None:
        """Write the pending text where it goes: the tail of the last child, else the text of
        the current element."""
        if not self.pending:
            return
        data = "".join(self.pending)
        self.pending.clear()
        if _NOT_XML.search(data):  # (character references can make them: &#xFFFE;, &#1;)
            data = xml_safe(data)
        if self.last is not None and self.last.getparent() is self.stack[-1]:
            self.last.tail = (self.last.tail or "") + data
        else:
            parent = self.stack[-1]
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + data
            else:
                parent.text = (parent.text or "") + data

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "html":
            return
        implied = _IMPLIED_CLOSE.get(tag)
        if implied:
            for i in range(len(self.stack) - 1, max(len(self.stack) - 4, 0), -1):
                if self.stack[i].tag in implied:
                    self.flush()
                    del self.stack[i:]
                    break
        if len(self.stack) > MAX_DEPTH and tag not in _VOID:
            self.ignored[tag] = self.ignored.get(tag, 0) + 1
            return
        self.flush()
        try:
            el = etree.SubElement(self.stack[-1], tag)
        except ValueError:  # a tag name lxml refuses (odd characters): keep its text only
            return
        for name, value in attrs:
            value = value if value is not None else ""
            try:
                el.set(name, value)
            except ValueError:
                try:
                    el.set(xml_safe(name), xml_safe(value))
                except ValueError:  # an attribute name lxml refuses: drop the attribute
                    continue
        if tag in _VOID:
            self.last = el
        else:
            self.stack.append(el)
            self.last = None

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if self.ignored.get(tag):
            self.ignored[tag] -= 1
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self.flush()
                self.last = self.stack[i]
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.pending.append(data)

    def close(self) -> None:
        super().close()
        self.flush()


def _fallback_tree(markup: str) -> etree._Element:
    builder = _FlatBuilder()
    builder.feed(markup)
    builder.close()
    root = builder.root
    if root.find("body") is None:
        # Give the walk the usual shape: everything outside <head> goes under <body>.
        body = etree.Element("body")
        for child in list(root):
            if child.tag != "head":
                body.append(child)
        body.text, root.text = root.text, None
        root.append(body)
    return root
