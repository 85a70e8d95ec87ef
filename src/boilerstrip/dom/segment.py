"""Segmentation: one iterative walk that cuts a pruned tree's text into blocks.

:func:`prune` drops what is never page text (scripts, styles, embedded documents, form
controls, hidden elements) and unwraps styling tags, all in lxml's C code; :func:`segment`
walks what is left once, without recursion, and returns a :class:`Segmented` page: the blocks
and the tree of containers (block-level elements) they hang from.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING, cast

from lxml import etree

from .._lazyre import lazy_re
from ..blocks import Block
from ..errors import InputError, InputTooLarge
from ..features import squash_spaces
from ..fields.byline import is_by_line
from .flags import (
    F_BYLINE, F_CAPTION, F_CODE, F_COMMENTS, F_FIGCAPTION, F_H1, F_LIST, F_QUOTE, F_TABLE,
    ROLE_FLAGS, TAG_FLAGS, class_flags,
)
from .parse import xml_safe

if TYPE_CHECKING:
    from ..html import SelectorRule

__all__ = ["BLOCK_ITEMS", "BLOCK_TAGS", "CHARS_PER_ITEM", "DROP_TAGS", "MIN_ITEM_LIMIT", "Segmented", "TooManyBlocks", "item_limit",
           "prune", "segment"]


# Elements whose content is never page text. (<noscript> is kept as a container: some sites,
# forums especially, serve their whole content there for clients without JavaScript; the
# selection uses it only when the page has no content elsewhere. An <object>'s content is
# what a reader sees when the object cannot be shown, and a formula's MathML is text of the
# sentence it sits in: both are kept, the formula's machine annotations are not.)
DROP_TAGS = frozenset({
    "head", "script", "style", "template", "svg", "annotation", "annotation-xml", "iframe", "frame",
    "frameset", "embed", "applet", "canvas", "datalist", "input", "audio", "video",
    "map", "title", "meta", "link", "base",
})
_FORMULA_SCRIPT = "math/tex"
"""A ``<script type="math/tex">`` holds a formula's TeX (MathJax): text, kept in its sentence."""
_FORMULA_TAG = "bs-formula"
"""Tag of a formula whose TeX is known: a MathJax script, or a MathML ``<math>`` with an
``application/x-tex`` annotation (KaTeX writes one), which gives its TeX as :data:`_TEX_ATTR`."""
_TEX_ATTR = "data-bs-tex"
_FIGURE_SRC = "data-bs-src"
_FIGURE_ALT = "data-bs-alt"
_VOID_DROPS = ("embed", "input", "link", "meta", "base")
_UNWRAP_TAG = "bs-unwrap"
# Form controls: dropped too, unless the parser let one swallow the page (an unclosed
# <button> holds everything after it in libxml2's tree; a browser would have closed it).
CONTROL_TAGS = ("button", "select", "option", "textarea")
_SWALLOWED = ("p", "div", "article", "section", "li", "table", "h1", "h2", "h3", "main")
# Elements that start a new block (the rest are inline: their text joins the current block).
BLOCK_TAGS = frozenset({
    "html", "body", "address", "article", "aside", "blockquote", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "thead", "tfoot", "tr",
    "td", "th", "caption", "ul", "noframes", "search", "frame", "listing", "plaintext", "xmp",
    "output", "picture", "noscript", "bs-hidden",
})
_PAGE_TAGS = frozenset({"html", "body"})
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}

MAX_TOKENS = 96
"""At most this many hints are inherited by a block (a bound on memory for deep pages)."""
MAX_OWN_TOKENS = 8
"""At most this many ``cls:``/``id:``/``role:`` hints come from one element (``<body>`` often
carries dozens of theme classes that say nothing about the blocks)."""


CHARS_PER_ITEM = 25
"""A page may cut into at most one item per this many characters of markup (or
:data:`MIN_ITEM_LIMIT` items, whichever is more), where a container counts one item and a
block :data:`BLOCK_ITEMS`: see :func:`item_limit`."""
BLOCK_ITEMS = 4
"""What a block costs, in containers (a block carries its text, hints, features and decision)."""
MIN_ITEM_LIMIT = 200_000
"""Every page may cut into this many items, whatever its size."""


def item_limit(chars: int) -> int:
    """How many items (a container one, a block :data:`BLOCK_ITEMS`) a page of ``chars``
    characters may cut into.

    A block costs the later stages about 0.65 KB of memory and a container about 0.15 KB,
    whatever the size of the markup that made them: a page of tiny table cells
    (``<td>1</td>``, 10 characters each) would peak at 60 times its size. One item per
    :data:`CHARS_PER_ITEM` characters keeps what the blocks cost near 6 times the page's size,
    leaving room for libxml2's tree under the page's 15; real pages have far fewer (a
    paragraph is a container and a block for 100 characters and more of markup, and no
    benchmark page has 3,000 blocks), and any page of up to 5,000,000 characters
    (:data:`MIN_ITEM_LIMIT` items) is always taken.

    >>> item_limit(1_000), item_limit(10_000_000)
    (200000, 400000)
    """
    return max(MIN_ITEM_LIMIT, chars // CHARS_PER_ITEM)


class TooManyBlocks(InputTooLarge):
    """The page cuts into more blocks and containers than :func:`item_limit` allows for its size.

    Raised by :func:`segment` as soon as the count passes the limit, before the memory of the
    blocks runs away. ``size`` is the page's length in characters and ``limit`` the number of
    items allowed (a container counts one, a block :data:`BLOCK_ITEMS`).
    """

    def __init__(self, size: int, limit: int) -> None:
        InputError.__init__(
            self,
            f"page of {size:,} characters cuts into too many blocks and containers (more than "
            f"{limit:,} items, a block counting {BLOCK_ITEMS}; at most one item per {CHARS_PER_ITEM} "
            f"characters, or {MIN_ITEM_LIMIT:,}): cleaning it would take more than 15 times its size "
            "in memory",
        )
        self.size = size
        self.limit = limit


RawBlock = tuple[int, str, str, str, bool, tuple[list[tuple[int, int]], list[tuple[int, int]]] | None]
"""A text the walk read between two container boundaries: its container, its text (``<br>``
as :data:`_BR`), its link text, its code text, whether it holds a ``<time>``, and (when its
breaks may cut it) where its link and its code text lie in it."""


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
    recorded: Recorded | None = None
    """What the walk noted of the page's structure beyond the container tree (links,
    formulas, images, code languages), for the body's typed blocks."""


@dataclass(slots=True)
class Recorded:
    """The few things :func:`segment` notes while it walks, beyond the container tree, so that
    :mod:`boilerstrip.structure` can type the body's blocks: a tuple per link, formula and
    image, a class per code element in a ``<pre>``. A *text* is what the walk read between two
    block boundaries; ``<br><br>`` may cut one text into several blocks, and a text of white
    space gives none: ``first[t]`` is the index of the first block made from text ``t`` (the
    blocks of text ``t`` are ``first[t]`` to ``first[t + 1] - 1``).
    """

    first: list[int]
    links: list[tuple[int, int, int, str | None]]
    """``(text, link piece, piece, href)`` of each link: the text it starts in, and how many
    pieces of that text's link text (:attr:`link_pieces`) and of the text itself
    (:attr:`pieces`) came before it."""
    link_pieces: dict[int, list[str]]
    """Text -> its link text, piece by piece as read (for the texts where a link starts): a
    link's text is its pieces up to the next link's first (or the end)."""
    pieces: dict[int, list[str]]
    """Text -> the text, piece by piece as read, for the texts where a link starts or with a
    formula (where in the text each one stands)."""
    formulas: list[tuple[int, int, str, str, bool]]
    """``(text, piece, formula text as read, TeX, display)`` of each formula with its TeX (MathJax's
    ``<script type="math/tex">``; MathML, KaTeX's included, with an ``application/x-tex``
    annotation)."""
    images: list[tuple[int, int, str, str]]
    """``(figure, text, src, alt)`` of each ``<figure>`` with an image, the first text read
    after it opened, and its first image (``src`` the address of a lazy image, ``data-src``,
    when it has one). Images outside figures are not noted: the walk never sees them."""
    code_class: dict[int, str]
    """Container (in a ``<pre>``) -> the ``class`` of its first ``<code>`` that has one."""
    part_starts: dict[int, list[int]]
    """Text cut by ``<br><br>`` (or a header stack's ``<br>``) into several blocks -> where
    each of its blocks starts in the text as read (the offset of the breaks before it, in the
    pieces joined): a link or a formula belongs to the last block that starts at or before it."""


# Inline elements whose tags only style their text: removed (text kept) before the walk, in C,
# so that the Python walk visits fewer elements. (A figure's image is noted on the figure first.)
INLINE_STRIP = (
    "span", "b", "i", "em", "strong", "font", "u", "small", "big", "sup", "sub", "abbr", "cite",
    "mark", "s", "strike", "del", "ins", "label", "dfn", "var", "bdi", "bdo", "nobr", "img",
    "wbr", "acronym", "blink", "data", "ruby", "rt", "rp", "tt", "em", "o:p",
)
# (The elements that have one of the attributes, and the dialogs, in document order: as
# "//*[@hidden or @aria-hidden or @style or self::dialog]", in half the time, because libxml2
# then tests the predicate on the attribute nodes only, not on every element of the page.)
_HIDDEN_XPATH = etree.XPath("//@hidden/.. | //@aria-hidden/.. | //@style/.. | //dialog")
_HIDDEN_TAG = "bs-hidden"
"""Tag given to a hidden block kept as fallback content (see :func:`prune`)."""
_HIDDEN_KEEP_CHARS = 200
_TEXT_LENGTH = etree.XPath("string-length(normalize-space(string()))")
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
        try:
            if previous is not None:
                previous.tail = (previous.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        except ValueError:  # libxml2 made a character lxml refuses to set (from "&#xFFFE;", "&#1;")
            if previous is not None:
                previous.tail = xml_safe((previous.tail or "") + tail)
            else:
                parent.text = xml_safe((parent.text or "") + tail)
    parent.remove(el)


def _text_length(el: etree._Element) -> int:
    return int(cast(float, _TEXT_LENGTH(el)))  # string-length() gives a number


def prune(root: etree._Element, marks: dict[etree._Element, SelectorRule] | None = None) -> None:
    """Drop non-text and hidden elements and unwrap styling tags, all in lxml's C code."""
    # A void element can hold nothing; when libxml2 nested the rest of the page inside an
    # unclosed one (<embed src=...> without "/>"), what it holds is page text: unwrap it.
    swallowing = [el for el in root.iter(*_VOID_DROPS) if len(el) or (el.text or "").strip()]
    for el in swallowing:
        el.tag = _UNWRAP_TAG
    if swallowing:
        etree.strip_tags(root, _UNWRAP_TAG)
    for el in root.iter("script", "annotation", "figure"):
        tag = el.tag
        if tag == "script":
            if (el.get("type") or "").strip().lower().startswith(_FORMULA_SCRIPT):
                el.tag = _FORMULA_TAG
        elif tag == "figure":
            img = next(el.iter("img"), None)
            if img is not None:  # (noted on the figure: the image's tag is stripped later)
                el.set(_FIGURE_SRC, xml_safe(img.get("data-src") or img.get("src") or ""))
                el.set(_FIGURE_ALT, xml_safe(img.get("alt") or ""))
        elif (el.get("encoding") or "").strip().lower() == "application/x-tex" and el.text:
            # (the annotation itself goes with DROP_TAGS: the MathML's text stays the text)
            math = next(el.iterancestors("math"), None)
            if math is not None:
                math.tag = _FORMULA_TAG
                math.set(_TEX_ATTR, xml_safe(el.text.strip()))
    etree.strip_elements(root, *DROP_TAGS, with_tail=False)
    for el in list(root.iter(*CONTROL_TAGS)):
        if next(el.iter(*_SWALLOWED), None) is None:
            _remove_keep_tail(el)
    for el in cast("list[etree._Element]", _HIDDEN_XPATH(root)):  # (a node-set of elements)
        if _is_hidden(el):
            # A hidden block with real text may be content a script reveals (a whole article
            # in a display:none wrapper, an inactive tab): keep it as a fallback container
            # the selection uses only when the visible page has too little. Anything else
            # hidden (menus, modals, inline spans) goes.
            # (Hidden microdata, an ``itemscope`` element, is metadata for machines: it goes.)
            if (
                el.tag in BLOCK_TAGS
                and el.tag not in _PAGE_TAGS
                and el.get("itemscope") is None
                and _text_length(el) >= _HIDDEN_KEEP_CHARS
            ):
                el.tag = _HIDDEN_TAG
            else:
                _remove_keep_tail(el)
    if marks:
        for el in marks:
            if el.tag not in BLOCK_TAGS:
                el.tag = _MARK_TAG
    etree.strip_tags(root, *INLINE_STRIP)
    split = cast("list[etree._Element]", _SPLIT_TEXT_XPATH(root))
    if split:
        _merge_text_nodes(root, split)


# Elements whose text is split over many adjacent text nodes: more text nodes than one before
# each child and one at the start (stripping tags and removing elements leaves the pieces of
# text side by side, unmerged).
_SPLIT_TEXT_XPATH = etree.XPath("//*[count(text()) > count(*) + 32]")
_ALL_TEXT_LENGTH = etree.XPath("string-length()")
_MERGE_BUDGET = 4
"""Characters serialised to merge text nodes, at most this many times the page's text."""


def _merge_text_nodes(root: etree._Element, elements: list[etree._Element]) -> None:
    """Merge each run of adjacent text nodes in ``elements`` (their text, their children's
    tails) into one node.

    lxml reads a run of ``n`` adjacent text nodes in time quadratic in ``n`` (``el.text``
    concatenates them one at a time), so a ``<p>`` with tens of thousands of stripped inline
    children took seconds to read in :func:`segment`. Serialising to text is linear: each
    run is cut out of ``tostring(method="text")`` and written back as one node. That costs the
    size of the element's subtree, so the innermost elements go first and the work stops at
    :data:`_MERGE_BUDGET` times the page's text (only elements nested in each other many times
    over reach it; their runs stay as they are).
    """
    budget = _MERGE_BUDGET * int(cast(float, _ALL_TEXT_LENGTH(root))) + 10_000
    for el in reversed(elements):
        children = list(el)
        whole = etree.tostring(el, method="text", encoding=str, with_tail=False)
        budget -= 2 * len(whole)
        if budget < 0:
            return
        tails = []
        inside = 0
        for child in children:
            with_tail = etree.tostring(child, method="text", encoding=str, with_tail=True)
            own = etree.tostring(child, method="text", encoding=str, with_tail=False)
            tails.append(with_tail[len(own) :])
            inside += len(with_tail)
        try:
            el.text = whole[: len(whole) - inside] or None
            for child, tail in zip(children, tails):
                child.tail = tail or None
        except ValueError:  # a character lxml refuses to set (libxml2 made it from "&#1;")
            el.text = xml_safe(whole[: len(whole) - inside]) or None
            for child, tail in zip(children, tails):
                child.tail = xml_safe(tail) or None


def segment(
    root: etree._Element, marks: dict[etree._Element, SelectorRule] | None = None, *, size: int | None = None
) -> Segmented:
    """Cut the text of a pruned tree into blocks in one iterative walk.

    Every block-level element (and every element a selector rule chose) is a container; the
    text between container boundaries is a block owned by the innermost open container.
    ``<br><br>`` also ends a block. Link text and code text are counted as they are read;
    links, formulas, images and the classes of code elements are noted (:class:`Recorded`).

    ``size`` is the length of the page's markup: with it, a page that cuts into more blocks
    and containers than :func:`item_limit` allows raises :class:`TooManyBlocks`.
    """
    marks = marks or {}
    limit = item_limit(size) if size is not None else None
    # (items are counted when there are this many containers: each adds at most 1 + 2 * BLOCK_ITEMS)
    check_at = max(1, limit // (1 + 2 * BLOCK_ITEMS)) if limit is not None else -1
    tag_names = _TAG_NAMES
    raw_blocks: list[RawBlock] = []

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
    inline_at: tuple[list[int], list[int]] = ([], [])  # which of the parts are link text, code text
    saw_time = False
    cur = 0
    link_depth = 0
    code_depth = 0
    block_tags = BLOCK_TAGS
    tag_flags = TAG_FLAGS
    code_tags = _CODE_TAGS
    # (what is recorded for the typed blocks: a few entries per link, formula, image)
    links: list[tuple[int, int, int, str | None]] = []
    link_pieces: dict[int, list[str]] = {}
    text_pieces: dict[int, list[str]] = {}
    formulas: list[tuple[int, int, str, str, bool]] = []
    images: list[tuple[int, int, str, str]] = []
    code_class: dict[int, str] = {}
    opened: list[tuple[int, int, str, bool]] = []  # per open formula: text, part, TeX, display
    stack: list[int] = []  # per open element: container id, or -1 plain, -2 link, -3 code, -4 formula
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        if event == "start":
            tag = el.tag
            if tag in block_tags or tag == _MARK_TAG:
                if parts:
                    _close_text(raw_blocks, cur, parts, link_parts, code_parts, inline_at, saw_time, links, formulas, link_pieces, text_pieces)
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
                if cur == check_at:
                    assert limit is not None and size is not None
                    room = limit - cur - BLOCK_ITEMS * len(raw_blocks)
                    if room <= 0:
                        raise TooManyBlocks(size, limit)
                    # (a container adds at most itself and the blocks on its two sides)
                    check_at = cur + max(1, room // (1 + 2 * BLOCK_ITEMS))
                c_parent.append(parent)
                c_tag.append(tag_names.get(tag, tag))  # (one string per tag name, not per element)
                c_flags.append(own)
                # The classes of <html> and <body> describe the page (theme options such as
                # "comments-open"), not the blocks: they give no membership hints.
                c_inherited.append(c_inherited[parent] | (own if tag not in _PAGE_TAGS else 0))
                c_tokens.append(tokens)
                c_end.append(cur)
                c_rule.append(marks.get(el, c_rule[parent]) if marks else None)
                stack.append(cur)
                if tag == "figure":
                    src = el.get(_FIGURE_SRC)
                    if src is not None:
                        images.append((cur, len(raw_blocks), src, el.get(_FIGURE_ALT) or ""))
            elif tag == "a":
                link_depth += 1
                stack.append(-2)
                links.append((len(raw_blocks), len(link_parts), len(parts), el.get("href")))
            elif tag == "br":
                parts.append(_BR)
                stack.append(-1)
            elif tag in code_tags:
                code_depth += 1
                stack.append(-3)
                if c_inherited[cur] & F_CODE and cur not in code_class:
                    cls = el.get("class")
                    if cls:
                        code_class[cur] = cls
            elif tag == _FORMULA_TAG:
                tex = el.get(_TEX_ATTR)
                mode = (el.get("type") or "") if tex is None else (el.get("display") or "")
                opened.append((len(raw_blocks), len(parts), (el.text or "").strip() if tex is None else tex,
                               "display" in mode or mode == "block"))
                stack.append(-4)
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
            text = el.tail
            if kind >= 0:
                if parts:
                    _close_text(raw_blocks, cur, parts, link_parts, code_parts, inline_at, saw_time, links, formulas, link_pieces, text_pieces)
                    saw_time = False
                c_end[kind] = len(c_tag) - 1
                cur = c_parent[kind]
            elif kind == -2:
                link_depth -= 1
            elif kind == -3:
                code_depth -= 1
            elif kind == -4:
                at, part, tex, display = opened.pop()
                if tex and at == len(raw_blocks) and part < len(parts):
                    formulas.append((at, part, "".join(parts[part:]), tex, display))
        if text and (parts or not text.isspace()):
            if link_depth:
                link_parts.append(text)
                inline_at[0].append(len(parts))
            if code_depth:
                code_parts.append(text)
                inline_at[1].append(len(parts))
            parts.append(text)
    if parts:
        _close_text(raw_blocks, cur, parts, link_parts, code_parts, inline_at, saw_time, links, formulas, link_pieces, text_pieces)
    c_end[0] = len(c_tag) - 1
    if limit is not None and size is not None and len(c_tag) + BLOCK_ITEMS * len(raw_blocks) > limit:
        raise TooManyBlocks(size, limit)
    max_blocks = (limit - len(c_tag)) // BLOCK_ITEMS if limit is not None else None
    seg = _make_blocks(raw_blocks, c_parent, c_tag, c_flags, c_inherited, c_tokens, c_rule, c_end,
                       max_blocks=max_blocks, size=size or 0)
    assert seg.recorded is not None
    seg.recorded.links, seg.recorded.link_pieces, seg.recorded.pieces = links, link_pieces, text_pieces
    seg.recorded.formulas, seg.recorded.images = formulas, images
    seg.recorded.code_class = code_class
    return seg


def _attribute_features(own: int, cls: str | None, ident: str | None, role: str | None) -> tuple[int, tuple[str, ...]]:
    """Flags and ``cls:``/``id:``/``role:`` hints of a container's attributes."""
    hit = _class_features(cls) if cls else None
    if hit is not None and not ident and not role:
        return own | hit[0], hit[1]  # (the common case: a class alone)
    tokens: list[str] = []
    if role:
        for r in role.lower().split():
            own |= ROLE_FLAGS.get(r, 0)
            tokens.append("role:" + r)
            if r in _ANCESTRY_ROLES:
                tokens.append(_ANCESTRY_ROLES[r])
    if hit is not None:
        own |= hit[0]
        tokens.extend(hit[1])
    if ident:
        own |= class_flags(ident)
        tokens.append("id:" + ident.strip().lower())
    return own, tuple(tokens)


def _class_features(cls: str) -> tuple[int, tuple[str, ...]]:
    """Flags and ``cls:`` hints of a ``class`` value (cached)."""
    hit = _class_cache.get(cls)
    if hit is None:
        hit = (class_flags(cls), tuple("cls:" + c for c in cls.lower().split()[:MAX_OWN_TOKENS]))
        if len(_class_cache) > _MAX_CLASS_CACHE:
            _class_cache.clear()
        _class_cache[cls] = hit
    return hit


# A page repeats its class values many times (every item of a list, every post): their flags
# and hints are worked out once per value.
_class_cache: dict[str, tuple[int, tuple[str, ...]]] = {}
_MAX_CLASS_CACHE = 50_000


def _make_blocks(
    raw_blocks: list[RawBlock],
    c_parent: list[int],
    c_tag: list[str],
    c_flags: list[int],
    c_inherited: list[int],
    c_tokens: list[tuple[str, ...]],
    c_rule: list[SelectorRule | None],
    c_end: list[int],
    *,
    max_blocks: int | None = None,
    size: int = 0,
) -> Segmented:
    """Normalise the raw texts into :class:`Block` objects with their hints (at most
    ``max_blocks`` of them: ``<br><br>`` cuts one text into many)."""
    block_cap = max_blocks if max_blocks is not None else -1
    blocks: list[Block] = []
    owner: list[int] = []
    code_chars: list[int] = []
    rules: list[SelectorRule | None] = []
    h1_blocks: list[int] = []
    inherited_hints: dict[int, frozenset[str]] = {}
    block_hints: dict[int, frozenset[str]] = {}

    # Containers with the same tag, flags and tokens under the same inherited hints (the <p>s
    # of an article, the <li>s of a menu, the cards of a grid) pass on the same hints: one set
    # is made and shared (sets are immutable). Keyed by the inherited set's id: every such set
    # is kept alive in ``inherited_hints`` until the blocks are made.
    passed: dict[tuple[int, int, str, int, tuple[str, ...]], frozenset[str]] = {}

    def hints_of(c: int) -> frozenset[str]:
        """Hints every block under container ``c`` inherits (memoised, built top-down)."""
        path = []
        while c not in inherited_hints and c >= 0:
            path.append(c)
            c = c_parent[c]
        hints = inherited_hints.get(c, _NO_HINTS)
        for c in reversed(path):
            parent = c_parent[c]
            inherited = c_inherited[parent] if parent >= 0 else 0
            tag = c_tag[c]
            own = c_flags[c]
            tokens = c_tokens[c]
            key = (id(hints), inherited, tag, own, tokens)
            made = passed.get(key)
            if made is None:
                new: list[str] = []
                if (own or tag in _ANCESTRY_TAGS) and tag not in _PAGE_TAGS:
                    new = _flag_hints(own, inherited, tag)
                if tokens and len(hints) < MAX_TOKENS:
                    new.extend(tokens[: min(MAX_OWN_TOKENS, MAX_TOKENS - len(hints))])
                # (a nested "row" in a "row" adds nothing)
                made = passed[key] = hints | frozenset(new) if new and not hints.issuperset(new) else hints
            hints = inherited_hints[c] = made
        return hints

    # The same for the hints of the blocks a container owns.
    owned: dict[tuple[int, int, str, int, tuple[str, ...]], frozenset[str]] = {}

    def own_hints(c: int, tag: str) -> frozenset[str]:
        """The hints of the blocks a container owns: what it inherits plus its tag, made in
        one set (most containers own blocks but have no descendant that needs theirs)."""
        parent = c_parent[c]
        hints = hints_of(parent) if parent >= 0 else _NO_HINTS
        inherited = c_inherited[parent] if parent >= 0 else 0
        own = c_flags[c]
        tokens = c_tokens[c]
        key = (id(hints), inherited, tag, own, tokens)
        made = owned.get(key)
        if made is not None:
            return made
        new: list[str] = [tag]
        if (own or tag in _ANCESTRY_TAGS) and tag not in _PAGE_TAGS:
            new.extend(_flag_hints(own, inherited, tag))
        if tokens and len(hints) < MAX_TOKENS:
            new.extend(tokens[: min(MAX_OWN_TOKENS, MAX_TOKENS - len(hints))])
        made = owned[key] = hints | frozenset(new)
        return made

    first: list[int] = []
    part_starts: dict[int, list[int]] = {}
    block_starts: list[int] = []
    for container, raw, links, codes, time_hint, spans in raw_blocks:
        first.append(len(blocks))
        tag = c_tag[container]
        pre = c_inherited[container] & F_CODE
        cut = _cut_at_breaks(raw, headers=not c_inherited[container] & (F_CODE | F_QUOTE)) if _BR in raw else None
        starts: list[int] | None = None
        if cut is not None:
            pieces, starts, offsets = cut
            part_starts[len(first) - 1] = block_starts = []
            if spans is None:
                items = [(p, 0, 0) for p in pieces]
            else:
                link_spans, code_spans = spans
                items = list(zip(pieces, _chars_in(raw, link_spans, pieces, offsets), _chars_in(raw, code_spans, pieces, offsets)))
        else:
            items = [(raw, len(squash_spaces(links)) if links else 0, len(squash_spaces(codes)) if codes else 0)]
        for part, (piece, link, code) in enumerate(items):
            if pre:
                lines = [line.rstrip() for line in piece.replace(_BR, "\n").split("\n")]
                text = _INVISIBLE_RE.sub("", "\n".join(lines).strip("\n"))
                if not text.strip():
                    continue
            else:
                text = squash_spaces(piece.replace(_BR, " "))
                if not text.isascii() and _INVISIBLE_RE.search(text):  # (the invisibles are not ASCII)
                    text = squash_spaces(_INVISIBLE_RE.sub("", text))
                if not text:
                    continue
                if text[0] == "<" and text[-1] == ">" and _ONLY_TAGS.fullmatch(text):
                    continue  # markup kept as text (libxml2 reads <noscript> in <head> so)
            hints = block_hints.get(container)
            if hints is None:
                hints = block_hints[container] = own_hints(container, tag)
            if time_hint or code:
                extra = ["time"] if time_hint else []
                if code and code >= 0.9 * len(text):
                    extra.append("code")
                if extra:
                    hints = hints | frozenset(extra)
            index = len(blocks)
            if index == block_cap:
                raise TooManyBlocks(size, item_limit(size))
            if starts is not None:
                block_starts.append(starts[part])
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
        recorded=Recorded(first=[*first, len(blocks)], links=[], link_pieces={}, pieces={}, formulas=[], images=[], code_class={},
                          part_starts=part_starts),
    )


_NO_HINTS: frozenset[str] = frozenset()
_TAG_NAMES = {tag: tag for tag in (*BLOCK_TAGS, _MARK_TAG)}
_ADDRESS = lazy_re(r"(?:https?://|www\.)\S+")
"""The text of a link that shows its own address ("https://example.org/report.pdf"): a source
the author wrote out, counted as text, not as link text (a menu never reads so)."""
_BR = "\x00"  # stands for a <br> in a block's text parts (NUL never reaches here: decode drops it)
_BR2 = _BR + _BR
_BR_SPACED = _BR + "\n"
_BR_SPLIT = lazy_re(r"\x00\s*\x00[\s\x00]*")
_BR_ONE = lazy_re(r"\x00[\s\x00]*")
_HEADER_CHARS = 400
"""A text of lines joined by single ``<br>``s is looked at as a header stack only up to this
length (a headline, a by-line and a date line take less)."""


def _cut_at_breaks(raw: str, *, headers: bool) -> tuple[list[str], list[int], list[int]] | None:
    """The pieces the breaks of a text cut it into, where the break before each starts (0 for
    the first) and where each piece starts, when there are several: at every ``<br><br>``, and
    at each ``<br>`` of a piece that is a header stack (:func:`_header_stack`; not in
    preformatted or quoted text: an embedded post's signature line is the post's)."""
    seps = list(_BR_SPLIT.finditer(raw)) if _BR2 in raw or _BR_SPACED in raw else []
    pieces: list[str] = []
    starts: list[int] = []
    offsets: list[int] = []
    pos = start = 0
    for m in [*seps, None]:
        piece = raw[pos : m.start() if m else len(raw)]
        at = 0
        if headers and _BR in piece and _header_stack(piece):
            for line in _BR_ONE.finditer(piece):
                pieces.append(piece[at : line.start()])
                starts.append(start)
                offsets.append(pos + at)
                start, at = pos + line.start(), line.end()
        pieces.append(piece[at:])
        starts.append(start)
        offsets.append(pos + at)
        if m:
            pos, start = m.end(), m.start()
    return (pieces, starts, offsets) if len(pieces) > 1 else None


def _header_stack(raw: str) -> bool:
    """Whether a short text's lines, joined by single ``<br>``s, are a header stack: a few short
    lines one of which is a by-line ("Headline<br>By Jane Doe<br>March 5, 2008"), what a page
    without block markup writes as separate lines. Left as one text, its by-line and date
    would never be seen as lines of their own. (A date line alone does not make a stack: the
    cards of a listing stack dates too, "Book by Dec 31<br>Travel through May 31".)"""
    if len(raw) > _HEADER_CHARS:
        return False
    lines = [line for line in (squash_spaces(part) for part in raw.split(_BR)) if line]
    return (
        2 <= len(lines) <= _HEADER_LINES
        and all(line.count(" ") < _HEADER_WORDS for line in lines)
        and any(is_by_line(line) for line in lines)
    )


_HEADER_LINES = 6
_HEADER_WORDS = 20
"""At most this many lines of fewer than :data:`_HEADER_WORDS` words each."""
_ONLY_TAGS = lazy_re(r"(?:<[^<>]{1,2000}>\s*)+")
_INVISIBLE_RE = lazy_re("[\u00ad\u200b\u200c\u200d\ufeff\u2060\ufffe\uffff]")
# (U+FFFE and U+FFFF are not characters: libxml2 makes them from "&#xFFFE;" references)
_CODE_TAGS = frozenset({"code", "kbd", "samp"})


def _close_text(
    raw_blocks: list[RawBlock], cur: int, parts: list[str], link_parts: list[str], code_parts: list[str],
    inline_at: tuple[list[int], list[int]], saw_time: bool, links: list[tuple[int, int, int, str | None]],
    formulas: list[tuple[int, int, str, str, bool]], link_pieces: dict[int, list[str]], text_pieces: dict[int, list[str]],
) -> None:
    """End the text the walk was reading (its pieces, link pieces and code pieces, emptied for
    the next): one raw block of container ``cur``; its pieces as read are kept when a link or a
    formula starts in it, for where those stand. A text that ``<br>``s may cut keeps where its
    link and code text lie in it, so that each piece counts its own."""
    raw = "".join(parts)
    link_at, code_at = inline_at
    linked = "".join(link_parts)
    if linked and ("://" in linked or "www." in linked):  # (an address written out is the text's, not a link away)
        link_at = [k for k in link_at if not _ADDRESS.fullmatch(parts[k].strip())]
        linked = "".join(parts[k] for k in link_at)
    spans: tuple[list[tuple[int, int]], list[tuple[int, int]]] | None = None
    if (linked or code_parts) and _BR in raw:
        ends = list(accumulate(map(len, parts)))
        spans = ([(ends[k] - len(parts[k]), ends[k]) for k in link_at], [(ends[k] - len(parts[k]), ends[k]) for k in code_at])
    raw_blocks.append((cur, raw, linked, "".join(code_parts), saw_time, spans))
    at = len(raw_blocks) - 1
    if (link_parts and links and links[-1][0] == at) or (formulas and formulas[-1][0] == at):
        link_pieces[at], text_pieces[at] = link_parts[:], parts[:]
    parts.clear()
    link_parts.clear()
    code_parts.clear()
    inline_at[0].clear()
    inline_at[1].clear()


def _chars_in(raw: str, spans: list[tuple[int, int]], pieces: list[str], offsets: list[int]) -> list[int]:
    """For each piece that breaks cut ``raw`` into (in order, starting at ``offsets``), the
    characters (whitespace squashed) of the link or code text at ``spans`` (in order) that fall
    in it: one walk over both."""
    counts = []
    k = 0
    for piece, start in zip(pieces, offsets):
        end = start + len(piece)
        while k < len(spans) and spans[k][1] <= start:
            k += 1
        count = 0
        j = k
        while j < len(spans) and spans[j][0] < end:
            a, b = spans[j]
            count += len(squash_spaces(raw[max(a, start) : min(b, end)]))
            j += 1
        counts.append(count)
    return counts


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
