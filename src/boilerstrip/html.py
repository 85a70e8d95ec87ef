"""HTML front-end: markup to labelled :class:`~boilerstrip.blocks.Block` objects and page metadata.

:func:`parse_html` runs four steps, each a function below:

1. **parse** (:func:`parse_tree`): lxml's HTML parser with no network access, no DTD loading
   and no entity expansion; a tree lxml cannot give whole (nesting deeper than libxml2 allows,
   a fatal parser error) is rebuilt by a small tolerant builder that flattens nesting past
   :data:`MAX_DEPTH`;
2. **segment** (:func:`segment`): one iterative walk over the tree turns every block-level
   element's own text into a block, with its tag, heading level, link characters and hints
   (membership, ancestry, ``cls:``/``id:``/``role:`` tokens); scripts, styles, forms
   controls, embedded documents and hidden elements are dropped;
3. **select** (:mod:`boilerstrip._dom`): every block gets a content value (positive for prose,
   negative for link lists and flagged chrome), every container the sum of the values below
   it, and the container with the largest sum is the main region; sibling regions that are
   prose too join it, and the lead paragraph above it is kept;
4. **label**: blocks in the region are ``BODY`` unless a chrome feature (a navigation,
   sharing, related-links, comments... container, link density) says otherwise; the rest is
   ``CHROME`` with the reason; the article's ``h1`` is ``HEADLINE``, ``figcaption`` and caption
   classes ``CAPTION``, a dateline ``TIMESTAMP``, a byline ``BYLINE``.

Limits (all documented constants): nesting deeper than :data:`MAX_DEPTH` is flattened into the
element at that depth (its text is kept); the page size is bounded by the caller's
``max_bytes`` (see :func:`boilerstrip.decode.decode_page`); JSON-LD by
:data:`boilerstrip.metadata.MAX_JSONLD_CHARS`.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser as _StdlibHTMLParser
from typing import Any, Protocol

from lxml import etree

from .dom.select import select_main
from .blocks import Block, Label
from .metadata import PageMeta, extract_meta

__all__ = ["MAX_DEPTH", "HtmlPage", "parse_html", "parse_tree", "prune", "segment"]

MAX_DEPTH = 512
"""Elements nested deeper than this are flattened into their ancestor at this depth (their
text is kept). libxml2 itself stops at 2048 levels and drops the rest of the page; such
pages are rebuilt by the fallback builder, which applies this limit."""


class SelectorRule(Protocol):
    """What :func:`parse_html` needs of a rule with an HTML selector."""

    id: str
    kind: str
    action: str


SelectorFn = Callable[[etree._Element], Sequence[etree._Element]]


@dataclass(slots=True)
class HtmlPage:
    """The blocks of a page, in document order, and its metadata."""

    blocks: list[Block]
    meta: PageMeta = field(default_factory=PageMeta)


def parse_html(
    markup: str,
    *,
    url: str | None = None,
    include_comments: bool = False,
    selector_rules: Sequence[tuple[SelectorRule, SelectorFn]] = (),
) -> HtmlPage:
    """Blocks and metadata of ``markup``, each block already labelled (see the module docstring).

    ``selector_rules`` are ``(rule, fn)`` pairs: ``fn(tree)`` returns elements and
    ``rule.action`` (``remove``, ``keep``, ``headline``, ``timestamp``, ``caption``) decides
    their blocks, locked, with ``rule.id`` as the reason and ``rule.kind`` as the kind.

    >>> page = parse_html("<html><body><nav><a href='/'>Home</a></nav><article><h1>Title</h1>"
    ...                   "<p>The council met on Tuesday and agreed the new budget for the town.</p>"
    ...                   "</article></body></html>")
    >>> [(b.text, b.label.value) for b in page.blocks]
    [('Home', 'chrome'), ('Title', 'headline'), ('The council met on Tuesday and agreed the new budget for the town.', 'body')]
    """
    root = parse_tree(markup)
    meta = extract_meta(root, url=url)
    marks = _apply_selectors(root, selector_rules)
    prune(root, marks)
    seg = segment(root, marks)
    select_main(seg, meta, include_comments=include_comments)
    return HtmlPage(blocks=seg.blocks, meta=meta)


# --- parsing ---------------------------------------------------------------------------------

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
            default_doctype=False,
        )
        _local.parser = parser
    return parser


def parse_tree(markup: str) -> etree._Element:
    """The root element of ``markup``, parsed safely (see the module docstring).

    The HTML parser never loads a DTD, never resolves an external entity and never expands an
    internal entity declaration; a DOCTYPE's internal subset is removed before parsing so that
    its declarations do not leak into the text either.
    """
    markup = _strip_doctype_subset(markup)
    data = markup.encode("utf-8", errors="replace")
    parser = _lxml_parser()
    root: etree._Element | None
    try:
        root = etree.fromstring(data, parser) if data.strip() else None
    except etree.XMLSyntaxError:
        root = None
    if root is None or _fatal(parser):
        root = _fallback_tree(markup)
    return root


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
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = etree.Element("html")
        self.stack: list[etree._Element] = [self.root]
        self.ignored: dict[str, int] = {}
        self.last: etree._Element | None = None  # last child closed/added, for tail text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "html":
            return
        implied = _IMPLIED_CLOSE.get(tag)
        if implied:
            for i in range(len(self.stack) - 1, max(len(self.stack) - 4, 0), -1):
                if self.stack[i].tag in implied:
                    del self.stack[i:]
                    break
        if len(self.stack) > MAX_DEPTH and tag not in _VOID:
            self.ignored[tag] = self.ignored.get(tag, 0) + 1
            return
        try:
            el = etree.SubElement(self.stack[-1], tag)
        except ValueError:  # a tag name lxml refuses (odd characters): keep its text only
            return
        for name, value in attrs:
            try:
                el.set(name, value if value is not None else "")
            except ValueError:
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
                self.last = self.stack[i]
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self.last is not None and self.last.getparent() is self.stack[-1]:
            self.last.tail = (self.last.tail or "") + data
        else:
            parent = self.stack[-1]
            if len(parent):
                last = parent[-1]
                last.tail = (last.tail or "") + data
            else:
                parent.text = (parent.text or "") + data


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


# --- selector rules ----------------------------------------------------------------------------

_RULE_ACTIONS = {
    "remove": Label.CHROME,
    "keep": Label.BODY,
    "headline": Label.HEADLINE,
    "timestamp": Label.TIMESTAMP,
    "caption": Label.CAPTION,
}


def _apply_selectors(
    root: etree._Element, rules: Sequence[tuple[SelectorRule, SelectorFn]]
) -> dict[etree._Element, SelectorRule]:
    """Elements chosen by the rules, each with the first rule that chose it."""
    marks: dict[etree._Element, SelectorRule] = {}
    for rule, fn in rules:
        if rule.action not in _RULE_ACTIONS:
            raise ValueError(f"rule {rule.id!r}: unknown action {rule.action!r}")
        for el in fn(root):
            if isinstance(el, etree._Element) and not isinstance(el.tag, type(etree.Comment)):
                marks.setdefault(el, rule)
    return marks


# --- segmentation ------------------------------------------------------------------------------

# Elements whose content is never page text.
DROP_TAGS = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "frame",
    "frameset", "object", "embed", "applet", "canvas", "button", "select", "option", "datalist",
    "textarea", "input", "audio", "video", "map", "title", "meta", "link", "base",
})
# Elements that start a new block (the rest are inline: their text joins the current block).
BLOCK_TAGS = frozenset({
    "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
    "td", "th", "caption", "ul", "noframes", "search", "frame", "listing", "plaintext", "xmp",
    "output", "picture",
})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

# Semantic flags of a container, from its tag, role, class and id.
F_NAV = 1 << 0
F_HEADER = 1 << 1
F_FOOTER = 1 << 2
F_ASIDE = 1 << 3
F_FORM = 1 << 4
F_COMMENTS = 1 << 5
F_SHARE = 1 << 6
F_RELATED = 1 << 7
F_ADVERT = 1 << 8
F_COOKIE = 1 << 9
F_NEWSLETTER = 1 << 10
F_BREADCRUMB = 1 << 11
F_META = 1 << 12
F_CAPTION = 1 << 13
F_CONTENT = 1 << 14
F_MAIN = 1 << 15
F_LIST = 1 << 16
F_TABLE = 1 << 17
F_QUOTE = 1 << 18
F_CODE = 1 << 19
F_FIGCAPTION = 1 << 20
F_H1 = 1 << 21
F_BYLINE = 1 << 22
F_DATE = 1 << 23
F_MODAL = 1 << 24
F_HIDDEN_HINT = 1 << 25  # collapsed/"sr-only" style hints
F_POST = 1 << 26  # a forum post, answer or review
F_TAGS = 1 << 27  # tag clouds, category lists
F_AUTHOR_BIO = 1 << 28
F_PAGINATION = 1 << 29

# Which flags are chrome, and the kind of chrome they mean (first match wins).
CHROME_KINDS: tuple[tuple[int, str], ...] = (
    (F_COMMENTS, "comments"),
    (F_COOKIE, "consent"),
    (F_NEWSLETTER, "newsletter"),
    (F_ADVERT, "advert"),
    (F_SHARE, "social"),
    (F_RELATED, "related"),
    (F_BREADCRUMB, "navigation"),
    (F_PAGINATION, "navigation"),
    (F_NAV, "navigation"),
    (F_MODAL, "consent"),
    (F_TAGS, "tags"),
    (F_AUTHOR_BIO, "author-bio"),
    (F_ASIDE, "sidebar"),
    (F_FOOTER, "footer"),
    (F_HEADER, "header"),
)
CHROME_FLAGS = 0
for _flag, _kind in CHROME_KINDS:
    CHROME_FLAGS |= _flag

_TAG_FLAGS = {
    "nav": F_NAV, "header": F_HEADER, "footer": F_FOOTER, "aside": F_ASIDE, "form": F_FORM,
    "ul": F_LIST, "ol": F_LIST, "dl": F_LIST, "menu": F_LIST | F_NAV, "table": F_TABLE,
    "blockquote": F_QUOTE, "pre": F_CODE, "figcaption": F_FIGCAPTION, "h1": F_H1,
    "main": F_MAIN, "article": F_CONTENT, "dialog": F_MODAL, "caption": F_CAPTION,
}
_ROLE_FLAGS = {
    "navigation": F_NAV, "menu": F_NAV, "menubar": F_NAV, "search": F_NAV, "banner": F_HEADER,
    "contentinfo": F_FOOTER, "complementary": F_ASIDE, "main": F_MAIN, "article": F_CONTENT,
    "dialog": F_MODAL, "alertdialog": F_MODAL, "alert": F_MODAL, "tablist": F_NAV,
    "toolbar": F_NAV, "comment": F_COMMENTS,
}

# Keywords in class and id values. A value is cut into lower-case words (at non-letters and
# camel case: "postContent sidebar_left" -> post, content, sidebar, left); each word is looked
# up whole, each run of two or three words joined ("read", "more" -> "readmore"), and each
# word searched for the substrings below. Whole-word keywords keep "ad" from firing inside
# "header", "read" or "download".
_WORD_KEYWORDS: dict[int, tuple[str, ...]] = {
    F_COMMENTS: ("respond", "replies", "discussion", "discussions"),
    F_COOKIE: ("cmp",),
    F_ADVERT: ("ad", "ads", "adv", "dfp", "gpt", "adslot", "adunit", "adwrap", "adwrapper", "adcontainer", "adbox", "adblock", "adspace", "adzone", "googleads"),
    F_RELATED: ("morestories", "morearticles", "readmore", "alsoread", "youmay", "youmaylike", "mostread", "popular", "mostpopular", "otherposts", "nextpost", "prevpost", "previouspost", "postnav", "upnext", "readnext", "morefrom", "seealso"),
    F_NAV: ("nav", "toc", "skiplink", "skiplinks", "jumplink", "jumplinks", "megamenu", "topnav", "subnav", "sitenav", "mainnav", "navlinks"),
    F_TAGS: ("tag", "tags", "taglist", "tagcloud", "categories", "postcategories", "keywords", "topics", "posttags", "entrytags", "articletags"),
    F_AUTHOR_BIO: ("authorbio", "abouttheauthor", "authorbox", "authorinfo", "biobox", "authorcard", "authorprofile"),
    F_ASIDE: ("rail", "aside", "secondary", "rightcol", "leftcol", "rightcolumn", "leftcolumn"),
    F_FOOTER: ("siteinfo",),
    F_HEADER: ("header", "masthead", "siteheader", "topbar", "pageheader", "globalheader"),
    F_BYLINE: ("author", "authors", "authorname", "writer", "contributor", "byauthor"),
    F_DATE: ("date", "dateline", "time", "timestamp", "published", "pubdate", "postdate", "entrydate", "postedon", "updated", "publishdate"),
    F_META: ("meta", "entrymeta", "postmeta", "articlemeta", "postinfo", "entryfooter", "postfooter"),
    F_CONTENT: ("text", "body", "postbody", "blogpost", "richtext", "bodycopy", "maintext", "articlebody", "entrycontent", "postcontent"),
    F_POST: ("post", "posts", "message", "messages", "answer", "answers", "question", "reply", "review", "reviews", "thread", "topic", "postbit"),
    F_MAIN: ("main", "maincontent", "primary"),
    F_HIDDEN_HINT: ("hidden", "dnone", "ishidden", "sronly", "screenreader", "visuallyhidden"),
}
_SUBSTRING_KEYWORDS: dict[int, tuple[str, ...]] = {
    F_COMMENTS: ("comment", "disqus"),
    F_COOKIE: ("cookie", "consent", "gdpr"),
    F_NEWSLETTER: ("newsletter", "subscri", "signup", "optin", "mailinglist"),
    F_ADVERT: ("advert", "adsense", "adsbygoogle", "sponsor", "taboola", "outbrain", "promo"),
    F_SHARE: ("share", "sharing", "social", "sociable", "addthis", "followus"),
    F_RELATED: ("related", "recommend", "trending", "recirc"),
    F_BREADCRUMB: ("breadcrumb", "crumbs"),
    F_PAGINATION: ("paginat", "pager"),
    F_NAV: ("navigation", "navbar", "menu"),
    F_MODAL: ("modal", "popup", "overlay", "lightbox", "offcanvas"),
    F_ASIDE: ("sidebar", "widgetarea"),
    F_FOOTER: ("footer", "colophon", "copyright"),
    F_CAPTION: ("caption",),
    F_BYLINE: ("byline",),
    F_CONTENT: ("content", "article", "entry", "story", "prose", "markdown", "description"),
    F_HIDDEN_HINT: ("visuallyhidden",),
}
_WORD_FLAGS: dict[str, int] = {}
for _flag, _words in _WORD_KEYWORDS.items():
    for _word in _words:
        _WORD_FLAGS[_word] = _WORD_FLAGS.get(_word, 0) | _flag
_SUBSTRINGS: tuple[tuple[str, int], ...] = tuple(
    (sub, flag) for flag, subs in _SUBSTRING_KEYWORDS.items() for sub in subs
)
_CLASS_CHUNK = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]+[0-9]*(?![A-Za-z0-9])")
_CAMEL_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_MAX_CACHE = 200_000
_word_cache: dict[str, int] = {}
_value_cache: dict[str, int] = {}


def _word_flags(word: str) -> int:
    flags = _word_cache.get(word)
    if flags is None:
        flags = _WORD_FLAGS.get(word, 0)
        for sub, flag in _SUBSTRINGS:
            if sub in word:
                flags |= flag
        if word.startswith("nav") or word.endswith("nav"):
            flags |= F_NAV
        if len(_word_cache) > _MAX_CACHE:
            _word_cache.clear()
        _word_cache[word] = flags
    return flags


def class_flags(value: str) -> int:
    """The feature flags of a ``class`` or ``id`` value (cached: values repeat a lot).

    >>> class_flags("post-content") & F_CONTENT != 0, class_flags("header") & F_ADVERT
    (True, 0)
    >>> class_flags("relatedPosts") & F_RELATED != 0
    True
    """
    flags = _value_cache.get(value)
    if flags is not None:
        return flags
    # Chunks are the parts between separators; a chunk that mixes letters and digits inside
    # ("a6d8cc4", a generated id) is skipped, a trailing number ("post-123", "col2") is not.
    words = []
    for chunk in _CLASS_CHUNK.findall(value):
        words.extend(w.lower() for w in _CAMEL_WORD.findall(chunk))
    flags = 0
    for i, word in enumerate(words):
        flags |= _word_flags(word)
        if i:
            flags |= _WORD_FLAGS.get(words[i - 1] + word, 0)
            if i > 1:
                flags |= _WORD_FLAGS.get(words[i - 2] + words[i - 1] + word, 0)
    if len(_value_cache) > _MAX_CACHE:
        _value_cache.clear()
    _value_cache[value] = flags
    return flags


MAX_TOKENS = 96
"""At most this many hints are inherited by a block (a bound on memory for deep pages)."""
MAX_OWN_TOKENS = 8
"""At most this many ``cls:``/``id:``/``role:`` hints come from one element (``<body>`` often
carries dozens of theme classes that say nothing about the blocks)."""


@dataclass(slots=True)
class Segmented:
    """The walk's output: blocks and the container tree they hang from.

    Containers are the block-level elements, numbered in document (pre-)order, so every
    container's descendants have larger numbers and ``end[c]`` is its last descendant.
    Container 0 is the page.
    """

    blocks: list[Block]
    owner: list[int]
    """Container of each block."""
    parent: list[int]
    tag: list[str]
    flags: list[int]
    """Flags of the container itself (not inherited)."""
    end: list[int]
    code_chars: list[int]
    rules: list[SelectorRule | None]
    """The selector rule that decides each block, if one does."""
    h1_blocks: list[int]
    tokens: list[tuple[str, ...]]
    """``cls:``/``id:``/``role:`` hints of each container's own attributes."""


# Inline elements whose tags only style their text: removed (text kept) before the walk, in C,
# so that the Python walk visits fewer elements.
INLINE_STRIP = (
    "span", "b", "i", "em", "strong", "font", "u", "small", "big", "sup", "sub", "abbr", "cite",
    "mark", "s", "strike", "del", "ins", "label", "dfn", "var", "bdi", "bdo", "nobr", "img",
    "wbr", "acronym", "blink", "data", "ruby", "rt", "rp", "tt", "em", "o:p",
)
_HIDDEN_XPATH = etree.XPath("//*[@hidden or @aria-hidden or @style or self::dialog]")
_MARK_TAG = "bs-mark"
"""Tag given to an inline element a selector rule chose, so that it survives stripping."""


def _is_hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None:
        return True
    if el.tag == "dialog" and el.get("open") is None:
        return True
    aria = el.get("aria-hidden")
    if aria is not None and aria.strip().lower() == "true":
        return True
    style = el.get("style")
    if style and ("none" in style or "hidden" in style):
        compact = style.replace(" ", "").lower()
        return "display:none" in compact or "visibility:hidden" in compact
    return False


def _remove_keep_tail(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail:
        previous = el.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def prune(root: etree._Element, marks: dict[etree._Element, SelectorRule] | None = None) -> None:
    """Drop non-text and hidden elements and unwrap styling tags, all in lxml's C code."""
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    for el in _HIDDEN_XPATH(root):
        if _is_hidden(el):
            _remove_keep_tail(el)
    if marks:
        for el in marks:
            if el.tag not in BLOCK_TAGS:
                el.tag = _MARK_TAG
    etree.strip_tags(root, *INLINE_STRIP)


def segment(root: etree._Element, marks: dict[etree._Element, SelectorRule] | None = None) -> Segmented:
    """Cut the text of a pruned tree into blocks in one iterative walk.

    Every block-level element (and every element a selector rule chose) is a container; the
    text between container boundaries is a block owned by the innermost open container.
    ``<br><br>`` also ends a block. Link text and code text are counted as they are read.
    """
    marks = marks or {}
    raw_blocks: list[tuple[int, str, str, str, bool]] = []  # container, text, link, code, <time>

    c_parent: list[int] = [-1]
    c_tag: list[str] = ["#page"]
    c_flags: list[int] = [0]
    c_inherited: list[int] = [0]
    c_tokens: list[tuple[str, ...]] = [()]
    c_rule: list[SelectorRule | None] = [None]
    c_end: list[int] = [0]

    parts: list[str] = []  # text of the current block
    link_parts: list[str] = []  # the part of it inside links
    code_parts: list[str] = []  # the part of it inside code
    saw_time = False
    cur = 0
    link_depth = 0
    code_depth = 0
    block_tags = BLOCK_TAGS
    tag_flags = _TAG_FLAGS
    code_tags = _CODE_TAGS
    stack: list[int] = []  # per open element: container id, or -1 plain, -2 link, -3 code
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            tag = el.tag
            if tag in block_tags or tag == _MARK_TAG:
                if parts:
                    raw_blocks.append((cur, "".join(parts), "".join(link_parts), "".join(code_parts), saw_time))
                    parts.clear()
                    link_parts.clear()
                    code_parts.clear()
                    saw_time = False
                cls = el.get("class")
                ident = el.get("id")
                role = el.get("role")
                own = tag_flags.get(tag, 0)
                tokens: tuple[str, ...] = ()
                if cls or ident or role:
                    own, tokens = _attribute_features(own, cls, ident, role)
                parent = cur
                cur = len(c_tag)
                c_parent.append(parent)
                c_tag.append(tag)
                c_flags.append(own)
                c_inherited.append(c_inherited[parent] | own)
                c_tokens.append(tokens)
                c_end.append(cur)
                c_rule.append(marks.get(el, c_rule[parent]) if marks else None)
                stack.append(cur)
            elif tag == "a":
                link_depth += 1
                stack.append(-2)
            elif tag == "br":
                parts.append(_BR)
                stack.append(-1)
            elif tag in code_tags:
                code_depth += 1
                stack.append(-3)
            else:
                if tag == "time":
                    saw_time = True
                elif not isinstance(tag, str):  # a comment left by the fallback builder
                    walker.skip_subtree()
                    stack.append(-1)
                    continue
                stack.append(-1)
            text = el.text
        else:
            kind = stack.pop()
            if kind >= 0:
                if parts:
                    raw_blocks.append((cur, "".join(parts), "".join(link_parts), "".join(code_parts), saw_time))
                    parts.clear()
                    link_parts.clear()
                    code_parts.clear()
                    saw_time = False
                c_end[kind] = len(c_tag) - 1
                cur = c_parent[kind]
            elif kind == -2:
                link_depth -= 1
            elif kind == -3:
                code_depth -= 1
            text = el.tail
        if text and (parts or not text.isspace()):
            parts.append(text)
            if link_depth:
                link_parts.append(text)
            if code_depth:
                code_parts.append(text)
    if parts:
        raw_blocks.append((cur, "".join(parts), "".join(link_parts), "".join(code_parts), saw_time))
    c_end[0] = len(c_tag) - 1
    return _make_blocks(raw_blocks, c_parent, c_tag, c_flags, c_inherited, c_tokens, c_rule, c_end)


def _attribute_features(own: int, cls: str | None, ident: str | None, role: str | None) -> tuple[int, tuple[str, ...]]:
    """Flags and ``cls:``/``id:``/``role:`` hints of a container's attributes."""
    tokens: list[str] = []
    if role:
        for r in role.lower().split():
            own |= _ROLE_FLAGS.get(r, 0)
            tokens.append("role:" + r)
            if r in _ANCESTRY_ROLES:
                tokens.append(_ANCESTRY_ROLES[r])
    if cls:
        own |= class_flags(cls)
        tokens.extend(["cls:" + c for c in cls.lower().split()])
    if ident:
        own |= class_flags(ident)
        tokens.append("id:" + ident.strip().lower())
    return own, tuple(tokens)


def _make_blocks(
    raw_blocks: list[tuple[int, str, str, str, bool]],
    c_parent: list[int],
    c_tag: list[str],
    c_flags: list[int],
    c_inherited: list[int],
    c_tokens: list[tuple[str, ...]],
    c_rule: list[SelectorRule | None],
    c_end: list[int],
) -> Segmented:
    """Normalise the raw texts into :class:`Block` objects with their hints."""
    blocks: list[Block] = []
    owner: list[int] = []
    code_chars: list[int] = []
    rules: list[SelectorRule | None] = []
    h1_blocks: list[int] = []
    inherited_hints: dict[int, frozenset[str]] = {}
    block_hints: dict[int, frozenset[str]] = {}

    def hints_of(c: int) -> frozenset[str]:
        """Hints every block under container ``c`` inherits (memoised, built top-down)."""
        path = []
        while c not in inherited_hints and c >= 0:
            path.append(c)
            c = c_parent[c]
        hints = inherited_hints.get(c, frozenset())
        for c in reversed(path):
            parent = c_parent[c]
            own = c_flags[c]
            new: list[str] = _flag_hints(own, c_inherited[parent] if parent >= 0 else 0, c_tag[c]) if own or c_tag[c] in _ANCESTRY_TAGS else []
            tokens = c_tokens[c]
            if tokens and len(hints) < MAX_TOKENS:
                new.extend(tokens[: min(MAX_OWN_TOKENS, MAX_TOKENS - len(hints))])
            if new:
                hints = hints | frozenset(new)
            inherited_hints[c] = hints
        return hints

    for container, raw, links, codes, time_hint in raw_blocks:
        pieces = _BR_SPLIT.split(raw) if _BR2 in raw or _BR_SPACED in raw else None
        if pieces is not None and len(pieces) > 1:
            items = [(p, _count_in(links, p), _count_in(codes, p)) for p in pieces]
        else:
            items = [(raw, len(" ".join(links.split())) if links else 0, len(" ".join(codes.split())) if codes else 0)]
        tag = c_tag[container]
        pre = c_inherited[container] & F_CODE
        for piece, link, code in items:
            if pre:
                lines = [line.rstrip() for line in piece.replace(_BR, "\n").split("\n")]
                text = _INVISIBLE_RE.sub("", "\n".join(lines).strip("\n"))
                if not text.strip():
                    continue
            else:
                text = " ".join(piece.replace(_BR, " ").split())
                if _INVISIBLE_RE.search(text):
                    text = " ".join(_INVISIBLE_RE.sub("", text).split())
                if not text:
                    continue
            hints = block_hints.get(container)
            if hints is None:
                hints = block_hints[container] = hints_of(container) | {tag}
            if time_hint or code:
                extra = ["time"] if time_hint else []
                if code and code >= 0.9 * len(text):
                    extra.append("code")
                if extra:
                    hints = hints | frozenset(extra)
            index = len(blocks)
            blocks.append(Block(index=index, text=text, hints=hints, heading=_HEADINGS.get(tag, 0), link_chars=min(link, len(text))))
            owner.append(container)
            code_chars.append(code)
            rules.append(c_rule[container])
            if tag == "h1":
                h1_blocks.append(index)
    c_tag = [t if t != _MARK_TAG else "span" for t in c_tag]
    return Segmented(
        blocks=blocks,
        owner=owner,
        parent=c_parent,
        tag=c_tag,
        flags=c_flags,
        end=c_end,
        code_chars=code_chars,
        rules=rules,
        h1_blocks=h1_blocks,
        tokens=c_tokens,
    )


_BR = "\x00"  # stands for a <br> in a block's text parts (NUL never reaches here: decode drops it)
_BR2 = _BR + _BR
_BR_SPACED = _BR + "\n"
_BR_SPLIT = re.compile(r"\x00\s*\x00[\s\x00]*")
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u200c\u200d\ufeff\u2060]")
_CODE_TAGS = frozenset({"code", "kbd", "samp"})


def _count_in(inner: str, piece: str) -> int:
    """Characters of ``inner`` (link or code text) that fall in ``piece`` (a br-split part)."""
    if not inner:
        return 0
    normal = " ".join(inner.split())
    return len(normal) if normal and normal in " ".join(piece.split()) else 0


# Hints a flag adds to the blocks below its container (the first time it appears on the path).
_FLAG_HINTS: tuple[tuple[int, str], ...] = (
    (F_LIST, "list"), (F_TABLE, "table"), (F_QUOTE, "quote"), (F_CODE, "code"),
    (F_FIGCAPTION, "figcaption"), (F_CAPTION, "caption-class"), (F_H1, "h1"),
    (F_BYLINE, "byline"), (F_COMMENTS, "comments"),
)
_ANCESTRY_TAGS = {"nav": "nav", "header": "header", "footer": "footer", "aside": "aside", "form": "form"}
_ANCESTRY_ROLES = {"navigation": "nav", "banner": "header", "contentinfo": "footer", "complementary": "aside", "search": "form"}


def _flag_hints(own: int, parent_inherited: int, tag: str) -> list[str]:
    """Membership and ancestry hints that a container adds for the blocks below it."""
    hints: list[str] = []
    new = own & ~parent_inherited
    if new:
        for flag, name in _FLAG_HINTS:
            if new & flag:
                hints.append(name)
    ancestry = _ANCESTRY_TAGS.get(tag)
    if ancestry:
        hints.append(ancestry)
    return hints
