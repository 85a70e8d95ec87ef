"""The body as typed blocks (:attr:`Article.blocks`): what each kept block is.

The typed blocks are made from the kept blocks, the very ones that make ``paragraphs``, and
never change them:

- **HTML** (:func:`html_structure`): from the container tree the segmentation built (the
  tags of the elements above each block: ``li`` under ``ul``/``ol``, ``td``/``th`` under
  ``tr`` under ``table``, ``pre``, ``blockquote``, ``figure``) and what it noted while
  walking (:class:`~boilerstrip.dom.segment.Recorded`: links, formulas, images, code
  classes). A heading tag makes a heading; the blocks of a ``<pre>`` make one code block
  (with the language its classes name); the cells of a data table make one table (a table
  that holds another, headings, long text or a single column is layout: its blocks stay
  what they are); a list item's blocks make an item, its depth the number of lists around
  it; a block that is a whole formula, a formula. Only the kept blocks are looked at, so the
  cost is small beside the page's.
- **Text** (:func:`text_structure`): what the lines show, conservatively. Bullet lines
  (``-``, ``*``, ``•``; ``1.`` and ``1)`` in runs of two or more) are list items; a short
  title-case line without final punctuation, followed by prose, is a heading; lines whose
  columns line up (tab-separated, or two spaces or more aligned, on three lines or more with
  the same number of columns) are a table.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

from ._lazyre import lazy_re
from .article import BlockKind, BodyBlock, Span
from .blocks import Block, Label
from .dom.segment import Recorded, Segmented
from .features import squash_spaces
from .text import normalise

__all__ = ["html_structure", "text_structure"]


# --- HTML ----------------------------------------------------------------------------------


class _Where(NamedTuple):
    """The structural containers around a container (-1: none)."""

    pre: int = -1
    table: int = -1
    row: int = -1
    cell: int = -1
    head: bool = False
    """The row is in a ``<thead>`` or the cell is a ``<th>``."""
    item: int = -1
    depth: int = 0
    ordered: bool = False
    quote: int = -1
    figure: int = -1


_NOWHERE = _Where()
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
_PRE = frozenset({"pre", "listing", "xmp", "plaintext"})
_STRUCTURE_TAGS = _LISTS | _PRE | {"table", "thead", "tr", "td", "th", "li", "blockquote", "figure"}
_STRUCTURE_HINTS = frozenset({"list", "table", "quote", "code", "figcaption", "li", "figure", "listing", "xmp", "plaintext"})
"""Hints of a block below one of :data:`_STRUCTURE_TAGS` (the segmentation's membership hints
of lists, tables, quotes and ``<pre>``, and the tags of the containers that set none)."""

MAX_CELL_CHARS = 1500
"""A table with a cell longer than this holds text, not data: it is layout."""
MAX_CELL_BLOCKS = 12
"""A table with a cell of more blocks than this (paragraphs, a long list) is layout."""


def _step(w: _Where, tag: str, c: int) -> _Where:
    """The context below container ``c`` of tag ``tag``, one of :data:`_STRUCTURE_TAGS`, in ``w``."""
    pre, table, row, cell, head, item, depth, ordered, quote, figure = w
    if tag == "li":
        item = c
    elif tag in _LISTS:
        depth, ordered, item = depth + 1, tag == "ol", -1
    elif tag in ("td", "th"):
        cell, head = c, head or tag == "th"
    elif tag == "tr":
        row, cell = c, -1
    elif tag == "table":
        table, row, cell, head = c, -1, -1, False
    elif tag == "thead":
        head = True
    elif tag == "blockquote":
        quote = c
    elif tag == "figure":
        figure = c
    else:  # (a <pre> or its old forms)
        pre = c
    return _new(_Where, (pre, table, row, cell, head, item, depth, ordered, quote, figure))


_new = tuple.__new__
"""A named tuple made from its values without its ``__new__``'s keyword handling (the
contexts and typed blocks are made by the hundred)."""


class _Tree:
    """The container tree of a segmented page, with the structural context of its containers
    worked out on demand (memoised: each container once)."""

    def __init__(self, seg: Segmented) -> None:
        self.seg = seg
        self.memo: dict[int, _Where] = {}
        self.tables: dict[int, tuple[tuple[int, tuple[tuple[int, bool], ...]], ...] | None] = {}

    def where(self, c: int) -> _Where:
        memo, parent, tag = self.memo, self.seg.parent, self.seg.tag
        if c in memo:
            return memo[c]
        up = memo.get(parent[c])
        if up is not None:  # (the usual case: a sibling was met before)
            t = tag[c]
            made = memo[c] = _step(up, t, c) if t in _STRUCTURE_TAGS else up
            return made
        path = []
        while c >= 0 and c not in memo:
            path.append(c)
            c = parent[c]
        where = memo.get(c, _NOWHERE)
        for c in reversed(path):
            t = tag[c]
            if t in _STRUCTURE_TAGS:
                where = _step(where, t, c)
            memo[c] = where
        return where

    def table(self, t: int, at: int) -> tuple[tuple[int, tuple[tuple[int, bool], ...]], ...] | None:
        """The rows of data table ``t`` (each row's container and its cells: container and
        whether a header cell), or None for a layout table. ``at`` is a block inside it."""
        if t in self.tables:
            return self.tables[t]
        seg = self.seg
        end = seg.end[t]
        rows: list[tuple[int, list[tuple[int, bool]]]] = []
        layout = False
        for c in range(t + 1, end + 1):
            tag = seg.tag[c]
            if tag == "table":
                layout = True  # a table in a table: a page laid out in a grid
                break
            if tag == "tr" and self.where(c).table == t:
                rows.append((c, []))
            elif tag in ("td", "th") and rows and self.where(c).row == rows[-1][0]:
                rows[-1][1].append((c, self.where(c).head))
        if not layout:
            # the blocks of the table lie side by side in block order: its cells' sizes
            owner, blocks = seg.owner, seg.blocks
            lo = at
            while lo > 0 and t <= owner[lo - 1] <= end:
                lo -= 1
            hi = at
            while hi + 1 < len(owner) and t <= owner[hi + 1] <= end:
                hi += 1
            chars: dict[int, int] = {}
            count: dict[int, int] = {}
            headed: set[int] = set()
            for i in range(lo, hi + 1):
                b = blocks[i]
                cell = self.where(owner[i]).cell
                chars[cell] = chars.get(cell, 0) + len(b.text)
                count[cell] = count.get(cell, 0) + 1
                if b.heading:
                    headed.add(cell)
            layout = (
                max(chars.values(), default=0) > MAX_CELL_CHARS
                or max(count.values(), default=0) > MAX_CELL_BLOCKS
                or any(count[c] > 1 for c in headed)  # a heading over text: a section laid out in a cell
                or len(rows) < 2
                or max(len(cells) for _, cells in rows) < 2
            )
        made = None if layout else tuple((r, tuple(cells)) for r, cells in rows)
        self.tables[t] = made
        return made


def _language(cls: str) -> str | None:
    m = _LANGUAGE.search(cls)
    if m is None:
        return None
    language = m.group(1).lower().strip(".-")
    return None if language in _NOT_LANGUAGES else language or None


# "language-python", "lang-js", "highlight-source-rust" (GitHub), "highlight-python" (Sphinx),
# "brush: php;" (SyntaxHighlighter), "sourceCode python" (Pandoc)
_LANGUAGE = lazy_re(
    r"(?:^|[\s:])(?:language|lang|highlight-source|highlight|brush|sourcecode)(?:-|:\s?|\s)([A-Za-z][\w+#.-]{0,30})",
    re.IGNORECASE,
)
_NOT_LANGUAGES = frozenset({"none", "text", "plaintext", "plain", "nohighlight", "default", "notranslate", "js-"})


def _code_language(seg: Segmented, pre: int, owners: Sequence[int]) -> str | None:
    """The language a code block's markup names: a ``<code>`` class in it, else the classes of
    the ``<pre>`` and of the two containers above it."""
    rec = seg.recorded
    if rec is not None and rec.code_class:
        for c in (*owners, pre):
            cls = rec.code_class.get(c)
            if cls and (language := _language(cls)):
                return language
    c = pre
    for _ in range(3):
        if c < 0:
            break
        tokens = " ".join(tok[4:] for tok in seg.tokens[c] if tok.startswith("cls:"))
        if tokens and (language := _language(tokens)):
            return language
        c = seg.parent[c]
    return None


class _Resolver:
    """Relative addresses made absolute against the page's URL (the usual cases, an absolute
    address or one from the site's root, without :func:`urllib.parse.urljoin`)."""

    def __init__(self, url: str | None) -> None:
        self.url = url
        parts = urlsplit(url) if url else None
        self.origin = f"{parts.scheme}://{parts.netloc}" if parts and parts.scheme and parts.netloc else None

    def __call__(self, href: str) -> str:
        href = href.strip()
        if not self.url or href.startswith(("http://", "https://")):
            return href
        if self.origin and href.startswith("/") and not href.startswith("//"):
            return self.origin + href
        try:
            return urljoin(self.url, href)
        except ValueError:
            return href


class _Spans:
    """The links and formulas recorded in each text of the page, by text (the walk records them
    in order, so each text's are found by bisection)."""

    def __init__(self, rec: Recorded | None, resolve: _Resolver) -> None:
        self.rec = rec
        self.resolve = resolve
        self.link_at = [link[0] for link in rec.links] if rec is not None else []
        self.formula_at = [formula[0] for formula in rec.formulas] if rec is not None else []
        self.holding = {*self.link_at, *self.formula_at}
        """The texts with a link or a formula."""
        self.first = rec.first if rec is not None else [0]
        self._cache: dict[int, dict[int, tuple[list[int], list[int]]]] = {}
        self._befores = (
            [link[2] for link in rec.links] if rec is not None else [],
            [formula[1] for formula in rec.formulas] if rec is not None else [],
        )
        """How many pieces of its text come before each link and each formula."""

    def has(self, i: int) -> bool:
        """Whether block ``i`` may hold spans (its text holds a link or a formula)."""
        return bisect_right(self.first, i) - 1 in self.holding

    def _placed(self, r: int) -> dict[int, tuple[list[int], list[int]]]:
        """Block -> the links and the formulas (their indices) that start in it, for text ``r``
        cut into several blocks: each goes to the last block that starts at or before it (so
        that a block looks at its own links only, not at every link of the text)."""
        placed = self._cache.get(r)
        if placed is not None:
            return placed
        placed = self._cache[r] = {}
        rec = self.rec
        assert rec is not None
        starts = rec.part_starts.get(r, [0])
        offsets = list(accumulate(map(len, rec.pieces.get(r, ())), initial=0))
        first = self.first[r]
        befores = self._befores
        for which, at in ((0, self.link_at), (1, self.formula_at)):
            k = bisect_left(at, r)
            while k < len(at) and at[k] == r:
                offset = offsets[min(befores[which][k], len(offsets) - 1)]
                block = first + max(0, bisect_right(starts, offset) - 1)
                placed.setdefault(block, ([], []))[which].append(k)
                k += 1
        return placed

    def of(self, i: int, text: str) -> list[Span]:
        """The spans of block ``i`` (whose text is ``text``), in the order they occur."""
        rec = self.rec
        r = bisect_right(self.first, i) - 1
        if rec is None or r not in self.holding:
            return []
        found: list[tuple[int, Span]] = []
        links, link_at, formula_at = rec.links, self.link_at, self.formula_at
        if self.first[r + 1] - self.first[r] == 1:
            # where a span's text stands: from the pieces read before it
            prefix: _Prefix | None = _Prefix(rec.pieces.get(r, []))
            link_ks: Sequence[int]
            formula_ks: Sequence[int]
            k = bisect_left(link_at, r)
            link_ks = range(k, bisect_right(link_at, r, lo=k))
            k = bisect_left(formula_at, r)
            formula_ks = range(k, bisect_right(formula_at, r, lo=k))
        else:  # a part of the text: its own spans, each the first match after the span before
            prefix = None
            link_ks, formula_ks = self._placed(r).get(i, _NONE_PLACED)
        link_pieces = rec.link_pieces.get(r) or []
        pos = 0
        for k in link_ks if link_pieces else ():
            _, start, before, href = links[k]
            end = links[k + 1][1] if k + 1 < len(link_at) and link_at[k + 1] == r else len(link_pieces)
            link_text = squash_spaces("".join(link_pieces[start:end]))
            if link_text and href:
                at = _find(text, link_text, pos, prefix, before)
                if at >= 0:
                    found.append((at, _new(Span, ("link", link_text, self.resolve(href), at))))
                    pos = at + len(link_text)
        if formula_ks:
            pos = 0
            if prefix is not None:
                prefix = _Prefix(prefix.pieces)
            for k in formula_ks:
                _, before, formula_text, tex, _display = rec.formulas[k]
                formula_text = squash_spaces(formula_text)
                at = _find(text, formula_text, pos, prefix, before) if formula_text else -1
                if at >= 0:
                    found.append((at, _new(Span, ("math", formula_text, tex, at))))
                    pos = at + len(formula_text)
            found.sort(key=lambda x: x[0])
        if len(found) == 1:
            return [found[0][1]]
        # (a link around a formula, or two overlapping: the first that starts wins)
        spans: list[Span] = []
        end = -1
        for at, span in found:
            if at >= end:
                spans.append(span)
                end = at + len(span.text)
        return spans


_NONE_PLACED: tuple[list[int], list[int]] = ([], [])
_SPACE_RUN = lazy_re(r"[\s\x00]+")


class _Prefix:
    """The length of a text's first pieces with white space squashed (a ``<br>`` read as a
    space), the leading space dropped, a trailing one kept: advanced piece by piece, since the
    spans of a text are looked up in order (so a text of many links costs its length once)."""

    __slots__ = ("pieces", "done", "length", "space")

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces
        self.done = 0
        self.length = 0
        self.space = False

    def upto(self, before: int) -> int:
        """The length for the first ``before`` pieces (``before`` never smaller than the last)."""
        pieces = self.pieces
        while self.done < min(before, len(pieces)):
            piece = _SPACE_RUN.sub(" ", pieces[self.done])
            self.done += 1
            if piece[:1] == " " and (self.space or not self.length):
                piece = piece[1:]
            if piece:
                self.length += len(piece)
                self.space = piece[-1] == " "
        return self.length


def _find(text: str, part: str, pos: int, prefix: _Prefix | None, before: int) -> int:
    """Where ``part`` (a link's or a formula's text) stands in the block's ``text``, at or
    after ``pos``: where it occurs when it occurs once there; else near the length of the
    ``before`` first pieces of the text as read, white space squashed (so that "here" in
    "see here" is not the "here" of an earlier "here and there"), else at its first
    occurrence."""
    at = text.find(part, pos)
    if at < 0 or text.find(part, at + 1) < 0:
        return at
    if prefix is not None and before:
        at = text.find(part, max(pos, prefix.upto(before) - 2))
        if at >= 0:
            return at
    return text.find(part, pos)


def _images(seg: Segmented, resolve: _Resolver) -> tuple[dict[int, list[BodyBlock]], dict[int, tuple[str, str]]]:
    """The figures of the body: by the kept block that follows them, those between two kept
    blocks whose caption is not kept (an image alone); and the image of each figure near a
    kept block (a kept caption's)."""
    rec = seg.recorded
    before: dict[int, list[BodyBlock]] = {}
    figures: dict[int, tuple[str, str]] = {}
    if rec is None or not rec.images:
        return before, figures
    blocks, owner = seg.blocks, seg.owner
    n = len(blocks)
    body = Label.BODY
    first = rec.first
    end = seg.end
    for figure, raw, src, alt in rec.images:
        p = first[raw]
        # (a figure with no kept block on either side is not the body's)
        if not src or src.startswith("data:") or not (
            (p > 0 and blocks[p - 1].label is body) or (p < n and blocks[p].label is body)
        ):
            continue
        src = resolve(src)
        figures[figure] = (src, alt)
        q = p
        while q < n and figure <= owner[q] <= end[figure]:
            q += 1  # (the figure's caption is not what comes after it)
        # kept when the body goes on after it and came shortly before (a formula or a credit
        # line left out may stand between)
        if q < n and blocks[q].label is body and any(b.label is body for b in blocks[max(0, p - 3) : p]):
            if any(b.label is body for b in blocks[p:q]):
                continue  # the figure's kept caption carries it
            before.setdefault(q, []).append(BodyBlock("figure", "", src=src, alt=alt))
    return before, figures


def html_structure(blocks: Sequence[Block], seg: Segmented, *, url: str | None = None) -> tuple[BodyBlock, ...]:
    """The kept blocks of an HTML page (``blocks``, labelled) as typed blocks (see the module
    docstring). ``url`` resolves relative link and image addresses."""
    body = Label.BODY
    kept = [i for i, b in enumerate(blocks) if b.label is body]
    if not kept:
        return ()
    tree = _Tree(seg)
    resolve = _Resolver(url)
    spans = _Spans(seg.recorded, resolve)
    images, figure_images = _images(seg, resolve)
    holding, first, bisect = spans.holding, spans.first, bisect_right
    formulas = _whole_formulas(seg, kept)
    owner = seg.owner
    where, memo = tree.where, tree.memo
    parent, tag = seg.parent, seg.tag
    ws: list[_Where] = []
    for i in kept:
        if blocks[i].hints.isdisjoint(_STRUCTURE_HINTS):
            ws.append(_NOWHERE)  # (below no list, table, quote, code or caption: most blocks)
            continue
        c = owner[i]
        w = memo.get(c)
        if w is None:
            up = memo.get(parent[c])
            if up is None:
                w = where(c)
            else:  # (a sibling was met before: the usual case, inlined)
                t = tag[c]
                w = memo[c] = _step(up, t, c) if t in _STRUCTURE_TAGS else up
        ws.append(w)
    n = len(kept)
    out: list[BodyBlock] = []
    k = 0
    nowhere = _NOWHERE
    while k < n:
        i = kept[k]
        b = blocks[i]
        w = ws[k]
        if images and i in images:
            out.extend(images[i])
        j = k + 1  # the end of the run of kept blocks that make one typed block
        if w is nowhere:  # (most blocks: a paragraph or a heading)
            if formulas and i in formulas:
                out.append(BodyBlock("math", b.text, tex=formulas[i]))
            else:
                text = b.text
                out.append(_new(BodyBlock, (
                    "heading" if b.heading else "paragraph", text, b.heading, False, (), False, None, None, None,
                    None, tuple(spans.of(i, text)) if bisect(first, i) - 1 in holding else ())))
        elif w.pre >= 0:
            while j < n and ws[j].pre == w.pre:
                j += 1
            run = kept[k:j]
            language = _code_language(seg, w.pre, [owner[x] for x in run])
            level = w.depth if w.item >= 0 else 0  # (a code block in a list item stays in it)
            out.append(BodyBlock("code", _code_text(seg, blocks, run), level=level, language=language))
        elif w.cell >= 0 and (rows := tree.table(w.table, i)) is not None:
            while j < n and ws[j].table == w.table:
                j += 1
            cells = {ws[x].cell: [] for x in range(k, j)}  # type: dict[int, list[str]]
            for x in range(k, j):
                cells[ws[x].cell].append(blocks[kept[x]].text)
            out.append(_table(rows, cells))
            # (a kept block of the table outside its cells, such as its caption, follows it)
            out.extend(BodyBlock("paragraph", t) for t in cells.get(-1, ()))
        elif b.heading:
            out.append(BodyBlock("heading", b.text, level=b.heading, spans=tuple(spans.of(i, b.text))))
        elif w.figure >= 0:
            while j < n and ws[j].figure == w.figure and _plain(ws[j]) and not blocks[kept[j]].heading:
                j += 1
            src, alt = figure_images.get(w.figure, ("", ""))
            out.append(_joined("figure", blocks, kept[k:j], spans, src=src or None, alt=alt or None))
        elif w.item >= 0:
            while j < n and ws[j].item == w.item and _plain(ws[j]) and not blocks[kept[j]].heading:
                j += 1
            if j == k + 1 and not (out and out[-1].kind == "code"):  # (one block, the usual item)
                text = b.text
                out.append(_new(BodyBlock, ("item", text, w.depth, w.ordered, (), False, None, None, None, None,
                                            tuple(spans.of(i, text)) if bisect(first, i) - 1 in holding else ())))
            elif _goes_on(out, ws, k, kept, owner, tree):  # the same item, after a code block in it
                out.append(_joined("paragraph", blocks, kept[k:j], spans, level=w.depth))
            else:
                out.append(_joined("item", blocks, kept[k:j], spans, level=w.depth, ordered=w.ordered))
        elif w.quote >= 0:
            while j < n and ws[j].quote == w.quote and ws[j].item < 0 and _plain(ws[j]) and not blocks[kept[j]].heading:
                j += 1
            out.append(_joined("quote", blocks, kept[k:j], spans))
        elif formulas and i in formulas:
            out.append(BodyBlock("math", b.text, tex=formulas[i]))
        else:
            out.append(BodyBlock("paragraph", b.text, spans=tuple(spans.of(i, b.text))))
        k = j
    return tuple(out)


def _goes_on(out: list[BodyBlock], ws: list[_Where], k: int, kept: list[int], owner: list[int], tree: _Tree) -> bool:
    """Whether ``kept[k]``, in a list item, goes on with the item made last, past the code
    blocks that stand in it (``<li>Run: <pre>...</pre> then...</li>``)."""
    if not out or out[-1].kind != "code" or out[-1].level <= 0:
        return False
    back = k - 1
    while back >= 0 and ws[back].pre >= 0:
        back -= 1
    return back >= 0 and ws[back].item == ws[k].item


def _plain(w: _Where) -> bool:
    """Not in a ``<pre>`` or a table cell (which end a run of a list item's, a quote's or a
    caption's paragraphs: they are blocks of their own)."""
    return w.pre < 0 and w.cell < 0


def _joined(
    kind: BlockKind, blocks: Sequence[Block], run: Sequence[int], spans: _Spans, *, level: int = 0,
    ordered: bool = False, src: str | None = None, alt: str | None = None,
) -> BodyBlock:
    """One typed block of several kept blocks (paragraphs of one list item, quote or caption),
    their texts joined as ``body`` joins them."""
    if len(run) == 1:
        text = blocks[run[0]].text
        found = spans.of(run[0], text) if spans.has(run[0]) else []
    else:
        text = "\n\n".join(blocks[x].text for x in run)
        found = []
        offset = 0
        for x in run:
            part = blocks[x].text
            found.extend(sp._replace(start=sp.start + offset) for sp in spans.of(x, part))
            offset += len(part) + 2
    return _new(BodyBlock, (kind, text, level, ordered, (), False, None, src, alt, None, tuple(found)))


def _code_text(seg: Segmented, blocks: Sequence[Block], run: Sequence[int]) -> str:
    """The text of a code block: its blocks one a line, with a blank line where ``<br><br>``
    cut one text in two (blocks of separate elements, a line each, are joined by one line
    break)."""
    rec = seg.recorded
    if len(run) == 1 or rec is None:
        return "\n".join(blocks[x].text for x in run)
    out = [blocks[run[0]].text]
    for prev, x in zip(run, run[1:]):
        same_text = bisect_right(rec.first, prev) == bisect_right(rec.first, x)
        out.append(("\n\n" if same_text else "\n") + blocks[x].text)
    return "".join(out)


def _table(rows: tuple[tuple[int, tuple[tuple[int, bool], ...]], ...], texts: dict[int, list[str]]) -> BodyBlock:
    """A table block of the kept cells (``texts``: cell container -> its kept blocks' texts,
    joined by a space); rows with no kept text and columns empty in every row are left out."""
    grid: list[list[str]] = []
    header = False
    for _, cells in rows:
        row = [" ".join(texts.get(c, ())) for c, _ in cells]
        if any(row):
            if not grid:
                header = bool(cells) and all(head for _, head in cells)
            grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend([""] * (width - len(row)))
    used = [c for c in range(width) if any(row[c] for row in grid)]
    if len(used) < width:
        grid = [[row[c] for c in used] for row in grid]
    cells_rows = tuple(tuple(row) for row in grid)
    return BodyBlock("table", "\n".join("\t".join(row) for row in cells_rows), rows=cells_rows, header=header)


def _whole_formulas(seg: Segmented, kept: Sequence[int]) -> dict[int, str]:
    """Kept blocks that are a formula and nothing else -> the formula's TeX."""
    rec = seg.recorded
    if rec is None or not rec.formulas:
        return {}
    blocks = seg.blocks
    whole: dict[int, str] = {}
    for raw, _, text, tex, _display in rec.formulas:
        lo, hi = rec.first[raw], rec.first[raw + 1]
        formula = squash_spaces(text)
        for i in range(lo, hi):
            if blocks[i].text == formula and blocks[i].label is Label.BODY:
                whole[i] = tex
    return whole


# --- text ----------------------------------------------------------------------------------

# What the text front-end's "bullet" hint covers, less the dashes (a line opening with an en or
# em dash is a quotation's attribution or a dialogue line as often as an item).
_ITEM = lazy_re(r"([*\u2022\u25cf\u25aa\u25e6\u2023\u2043\u25b8\u25ba\u27a4-])\s+|(\d{1,2})[.)]\s+")
_HEADING_MAX_WORDS = 12
_HEADING_MAX_CHARS = 100
_HEADING_TITLE_RATIO = 0.6
"""Share of capitalised words from which a short line reads as a title ("How to Plant Roses")."""
_PROSE_WORDS = 15
_END_PUNCT = frozenset(".!?,;:…。！？")
_COLUMNS = lazy_re(r"\S+(?: \S+)*")
_MIN_TABLE_LINES = 3


def text_structure(blocks: Sequence[Block], source: str | None = None, *, headline: str | None = None) -> tuple[BodyBlock, ...]:
    """The kept blocks of a text page as typed blocks (see the module docstring).

    ``source`` is the page's text before normalisation (its tabs and runs of spaces show
    columns); ``headline`` the article's headline (a body line that repeats it is a heading).
    """
    kept = [b for b in blocks if b.label is Label.BODY]
    if not kept:
        return ()
    tables = _text_tables(blocks, kept, source) if source and ("\t" in source or "  " in source) else {}
    items = _text_items(kept)
    out: list[BodyBlock] = []
    k = 0
    while k < len(kept):
        b = kept[k]
        table = tables.get(b.index)
        if table is not None:
            rows, count = table
            out.append(BodyBlock("table", "\n".join("\t".join(r) for r in rows), rows=rows))
            k += count
            continue
        item = items.get(k)
        if item is not None:
            text, ordered = item
            out.append(BodyBlock("item", text, level=1, ordered=ordered))
        elif _text_heading(kept, k, headline):
            out.append(BodyBlock("heading", b.text, level=1 if b.text == headline else 2))
        else:
            out.append(BodyBlock("paragraph", b.text))
        k += 1
    return tuple(out)


def _text_items(kept: Sequence[Block]) -> dict[int, tuple[str, bool]]:
    """Kept lines that are list items -> (text without the bullet, numbered); a numbered line
    only in a run of two or more ("1. Introduction" alone is as often a numbered heading)."""
    found: dict[int, tuple[str, bool]] = {}
    for k, b in enumerate(kept):
        if "bullet" not in b.hints or "\n" in b.text:
            continue
        m = _ITEM.match(b.text)
        if m is not None and m.end() < len(b.text):
            found[k] = (b.text[m.end():], m.group(2) is not None)
    for k, (_, ordered) in list(found.items()):
        if ordered and not (found.get(k - 1, ("", False))[1] or found.get(k + 1, ("", False))[1]):
            del found[k]
    return found


def _text_heading(kept: Sequence[Block], k: int, headline: str | None) -> bool:
    """A short title-case line without final punctuation, followed by prose (or the headline)."""
    b = kept[k]
    text = b.text
    if headline and text == headline:
        return True
    f = b.features
    if (
        "\n" in text
        or len(text) > _HEADING_MAX_CHARS
        or not 1 <= f.words <= _HEADING_MAX_WORDS
        or text[-1] in _END_PUNCT
        or "bullet" in b.hints
        or k + 1 >= len(kept)
    ):
        return False
    if not (f.title_ratio >= _HEADING_TITLE_RATIO or (f.upper_ratio > 0.9 and f.words >= 2)):
        return False
    after = kept[k + 1].features
    return after.words >= _PROSE_WORDS and after.ends_with_punct


def _text_tables(
    blocks: Sequence[Block], kept: Sequence[Block], source: str
) -> dict[int, tuple[tuple[tuple[str, ...], ...], int]]:
    """Runs of kept lines whose columns line up -> (rows, number of lines), by the index of
    their first block."""
    lines = [line for line, normal in zip(_raw_lines(source), normalise(source).split("\n")) if normal]
    if len(lines) != len(blocks):
        return {}  # (short lines were joined into blocks: no line-by-line view)
    tables: dict[int, tuple[tuple[tuple[str, ...], ...], int]] = {}
    k = 0
    while k < len(kept):
        run = [kept[k]]
        cells = _cells(lines[kept[k].index], kept[k].text)
        if cells is None:
            k += 1
            continue
        rows = [cells]
        while k + len(run) < len(kept):
            nxt = kept[k + len(run)]
            prev = run[-1]
            if nxt.index != prev.index + 1 or "blank-after" in prev.hints:
                break
            more = _cells(lines[nxt.index], nxt.text)
            if more is None or len(more[0]) != len(cells[0]) or (more[2] != cells[2]):
                break
            run.append(nxt)
            rows.append(more)
        if len(run) >= _MIN_TABLE_LINES and (cells[2] or _aligned([r[1] for r in rows])):
            tables[run[0].index] = (tuple(r[0] for r in rows), len(run))
            k += len(run)
        else:
            k += 1
    return tables


def _raw_lines(source: str) -> list[str]:
    return source.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _cells(line: str, text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...], bool] | None:
    """A line's cells, their spans and whether tabs cut them, when it has two or more and
    they read, joined by spaces, as the block's text."""
    if "\t" in line:
        parts = line.strip().split("\t")
        spans: tuple[tuple[int, int], ...] = ()
        tabbed = True
    elif "  " in line:
        found = [(m.group(), m.start(), m.end()) for m in _COLUMNS.finditer(line.replace("\xa0", " "))]
        parts = [p for p, _, _ in found]
        spans = tuple((s, e) for _, s, e in found)
        tabbed = False
    else:
        return None
    cells = tuple(normalise(p) for p in parts)
    if len(cells) < 2 or " ".join(c for c in cells if c) != text:
        return None
    return cells, spans, tabbed


def _aligned(spans: Sequence[tuple[tuple[int, int], ...]]) -> bool:
    """Every column after the first starts (left-aligned) or ends (right-aligned) at the same
    place on every line."""
    for col in range(1, len(spans[0])):
        starts = {s[col][0] for s in spans}
        ends = {s[col][1] for s in spans}
        if len(starts) > 1 and len(ends) > 1:
            return False
    return True
