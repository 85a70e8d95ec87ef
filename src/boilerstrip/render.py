"""Markdown and HTML of an article's typed blocks (:meth:`Article.to_markdown`, :meth:`Article.to_html`).

Markdown is CommonMark with GitHub's pipe tables, and formulas in ``$...$`` / ``$$...$$``.
Text is escaped only where a Markdown reader would take it for markup: a line that would
start a heading, a quote, a list item, a thematic break or a fence; backticks; ``*``, ``_`` and
``~`` that could pair into emphasis; a ``]`` that would close a link; ``<`` before a tag, ``&``
of a character reference; a backslash before punctuation. Everything else (``70.2%``,
``[n 1]``, ``snake_case``, ``2 * 3``) is written as it is.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from urllib.parse import urlsplit

from ._lazyre import lazy_re
from .article import BodyBlock, Span

__all__ = ["escape", "html", "markdown"]


# --- escaping ------------------------------------------------------------------------------

_SPECIAL = lazy_re(r"[\\`*_~<&\]]")
_TOKENS = lazy_re(r"\*+|_+|~+|[\\`<&\]]")
_ENTITY = lazy_re(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_TAG_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# A line that Markdown would read as the start of a block: ATX heading, quote, bullet, ordered
# item, fence, setext underline or thematic break, link reference definition, task box.
# (The block markers are tested in order; each alternative is anchored and bounded.)
_LINE_START = lazy_re(
    r"""^(?P<lead>[ ]{0,3})(?:
        (?P<hash>\#{1,6})(?=[ \t]|$)            # heading
      | (?P<gt>>)                               # quote
      | (?P<rule>(?P<rc>[-*_])(?:[ \t]*(?P=rc)){2,}[ \t]*$)  # thematic break (before the bullet)
      | (?P<bullet>[-+*])(?=[ \t]|$)            # bullet item
      | (?P<num>[0-9]{1,9})(?P<delim>[.)])(?=[ \t]|$)  # ordered item
      | (?P<setext>(?:=+|-+)[ \t]*$)            # setext underline
      | (?P<fence>~{3,})                        # tilde fence (backticks are escaped inline)
      | (?P<ref>\[)(?=[^\]\n]{0,999}\]:)        # link reference definition
    )""",
    re.VERBOSE,
)


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch)[0] in "PS"


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the delimiter run ``text[start:end]`` is left- and right-flanking (CommonMark)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (not _is_punct(after) or before.isspace() or _is_punct(before))
    right = not before.isspace() and (not _is_punct(before) or after.isspace() or _is_punct(after))
    return left, right


def _escape_inline(text: str) -> str:
    """``text`` with the inline markers a Markdown reader would act on escaped (line starts
    are :func:`_escape_lines`'s)."""
    if not _SPECIAL.search(text):
        return text
    marked: set[int] = set()  # positions to escape
    runs: list[tuple[int, int, str, bool, bool]] = []  # emphasis-like runs: start, end, char, opens, closes
    for m in _TOKENS.finditer(text):
        start, end = m.span()
        ch = text[start]
        if ch in "*_~":
            left, right = _flanking(text, start, end)
            if ch == "_":
                before = text[start - 1] if start > 0 else " "
                after = text[end] if end < len(text) else " "
                opens = left and (not right or _is_punct(before))
                closes = right and (not left or _is_punct(after))
            else:
                opens, closes = left, right
            if opens or closes:
                runs.append((start, end, ch, opens, closes))
        elif ch == "\\":
            if end == len(text) or text[end] in _ASCII_PUNCT or text[end] == "\n":
                marked.add(start)
        elif ch == "`":
            marked.add(start)
        elif ch == "<":
            if end < len(text) and text[end] in _TAG_START:
                marked.add(start)
        elif ch == "&":
            if _ENTITY.match(text, start):
                marked.add(start)
        elif end < len(text) and text[end] in "([":  # "]": the end of a link's text
            marked.add(start)
    if runs:
        # a run is escaped when it could pair: an opener with a later closer of its character,
        # a closer with an earlier opener (a lone "*" in "2 * 3" or "2*3" stays)
        later_closer: dict[str, int] = {}
        for k, (_, _, ch, _, closes) in enumerate(runs):
            if closes:
                later_closer[ch] = k
        seen_opener: set[str] = set()
        for k, (start, end, ch, opens, closes) in enumerate(runs):
            if (opens and later_closer.get(ch, -1) > k) or (closes and ch in seen_opener):
                marked.update(range(start, end))
            if opens:
                seen_opener.add(ch)
    if not marked:
        return text
    out: list[str] = []
    last = 0
    for pos in sorted(marked):
        out.append(text[last:pos])
        out.append("\\")
        last = pos
    out.append(text[last:])
    return "".join(out)


def _escape_line_start(line: str) -> str:
    m = _LINE_START.match(line)
    if m is None:
        return line
    lead = m.group("lead")
    if m.group("num") is not None:
        at = m.end("num")  # "1." -> "1\."
    else:
        at = len(lead)
    return line[:at] + "\\" + line[at:]


def _escape_lines(text: str) -> str:
    """Each line of ``text`` (inline markers already escaped) without leading white space
    and with a block marker at its start escaped."""
    return "\n".join(_escape_line_start(line.lstrip()) for line in text.split("\n"))


def escape(text: str) -> str:
    """``text`` as Markdown that reads as ``text`` (see the module docstring).

    >>> escape("70.2% of [n 1] said *yes* in 1990. ")
    '70.2% of [n 1] said \\\\*yes\\\\* in 1990. '
    >>> escape("1. Not a list")
    '1\\\\. Not a list'
    """
    return _escape_lines(_escape_inline(text))


# --- Markdown ------------------------------------------------------------------------------

_SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "ftps"})


def _safe_url(url: str) -> str | None:
    """``url`` when it is safe to write as a link or image address (http(s), mailto, ftp or
    relative), else None (``javascript:``, ``data:``...)."""
    url = url.strip()
    if not url or url.startswith("#"):
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if not scheme or scheme in _SAFE_SCHEMES else None


def _md_url(url: str) -> str:
    return "".join(f"%{ord(c):02X}" if c in " ()<>\\" or c.isspace() else c for c in url)


def _start(span: Span) -> int:
    return span.start


def _at(text: str, span: Span, pos: int) -> int:
    """Where ``span`` stands in ``text`` (its ``start``, or where its text is first found at
    or after ``pos`` when the text there is another), -1 if nowhere."""
    if not span.text:
        return -1
    if span.start >= pos and text.startswith(span.text, span.start):
        return span.start
    return text.find(span.text, pos)


def _inline(
    text: str, spans: Sequence[Span], links: bool, escape: Callable[[str], str], write: Callable[[Span], str]
) -> str:
    """A block's text with its formulas (and, with ``links``, its safe links) written by
    ``write`` and the text around them by ``escape``: the one walk of both writers."""
    chosen = sorted((s for s in spans if s.kind == "math" or (links and _safe_url(s.target) is not None)), key=_start)
    out: list[str] = []
    pos = 0
    for span in chosen:
        at = _at(text, span, pos)
        if at < 0:
            continue
        out.append(escape(text[pos:at]))
        out.append(write(span))
        pos = at + len(span.text)
    out.append(escape(text[pos:]))
    return "".join(out)


def _md_span(span: Span) -> str:
    if span.kind == "math":
        return "$" + span.target.strip() + "$"
    label = _escape_inline(span.text).replace("[", "\\[").replace("]", "\\]")
    return f"[{label}]({_md_url(span.target.strip())})"


def _md_spans(text: str, spans: Sequence[Span], links: bool) -> str:
    """The inline Markdown of a block's text: its formulas as ``$TeX$``, its links (with
    ``links``) as ``[text](address)``, the rest escaped."""
    return _inline(text, spans, links, _escape_inline, _md_span)


def _md_text(block: BodyBlock, links: bool) -> str:
    return _escape_lines(_md_spans(block.text, block.spans, links))


def _md_cell(text: str) -> str:
    return _escape_inline(" ".join(text.split())).replace("|", "\\|")


def _md_table(block: BodyBlock) -> str:
    width = max((len(r) for r in block.rows), default=0)
    if not width:
        return ""
    rows = [[_md_cell(c) for c in row] + [""] * (width - len(row)) for row in block.rows]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
    lines.extend("| " + " | ".join(row) + " |" for row in rows[1:])
    return "\n".join(lines)


_BACKTICKS = lazy_re(r"`+")


def _md_code(block: BodyBlock) -> str:
    longest = max((len(m) for m in _BACKTICKS.findall(block.text)), default=0)
    fence = "`" * max(3, longest + 1)
    language = re.sub(r"[^\w+#.-]", "", block.language or "")
    return f"{fence}{language}\n{block.text}\n{fence}"


def _md_image(block: BodyBlock) -> str:
    src = _safe_url(block.src or "")
    if src is None:
        return ""
    alt = _escape_inline(" ".join((block.alt or "").split())).replace("[", "\\[").replace("]", "\\]")
    return f"![{alt}]({_md_url(src)})"


def _items_end(blocks: Sequence[BodyBlock], i: int) -> int:
    """The end of the run of list items from ``blocks[i]``, with the code blocks that stand
    in them."""
    j = i
    while j < len(blocks) and (blocks[j].kind == "item" or (blocks[j].kind in ("code", "paragraph") and blocks[j].level > 0)):
        j += 1
    return j


def _md_items(items: Sequence[BodyBlock], links: bool) -> str:
    """A run of list items as nested Markdown lists: each level indented under the marker of
    the item above it, numbered items counted from 1 per list; a code block in an item
    indented under it."""
    lines: list[str] = []
    widths: list[int] = []  # marker width at each open level
    numbers: list[int] = []  # last number at each open level (0: a bullet list)
    for item in items:
        if item.kind != "item":  # a code block or a paragraph in the last item of its level
            level = min(item.level, len(widths))
            indent = " " * sum(widths[:level])
            text = _md_code(item) if item.kind == "code" else "\n" + _md_text(item, links)
            lines.extend(indent + line if line else "" for line in text.split("\n"))
            continue
        level = min(max(item.level, 1), len(widths) + 1)
        del widths[level:], numbers[level:]  # the deeper lists end
        number = 1
        if len(widths) == level:  # an item of this level came before
            if (numbers[-1] > 0) == item.ordered:  # (else a list of the other sort begins)
                number = numbers[-1] + 1
            widths.pop()
            numbers.pop()
        marker = f"{number}." if item.ordered else "-"
        indent = " " * sum(widths)
        widths.append(len(marker) + 1)
        numbers.append(number if item.ordered else 0)
        body = _md_text(item, links)
        inner = indent + " " * (len(marker) + 1)
        first, *rest = body.split("\n")
        lines.append(f"{indent}{marker} {first}".rstrip())
        lines.extend(inner + line if line else "" for line in rest)
    return "\n".join(lines)


def _runs(blocks: Sequence[BodyBlock]) -> Iterator[tuple[BodyBlock, Sequence[BodyBlock]]]:
    """Each block with its run: a run of list items (nested ones included) comes once, as its
    first item and the whole run; any other block is a run of its own."""
    i = 0
    while i < len(blocks):
        j = _items_end(blocks, i) if blocks[i].kind == "item" else i + 1
        yield blocks[i], blocks[i:j]
        i = j


def markdown(blocks: Sequence[BodyBlock], *, links: bool = False, images: bool = False) -> str:
    """The Markdown of ``blocks`` (see :meth:`boilerstrip.Article.to_markdown`).

    >>> print(markdown([BodyBlock("heading", "Results", level=2), BodyBlock("item", "fast", level=1),
    ...                 BodyBlock("item", "cheap", level=2, ordered=True)]))
    ## Results
    <BLANKLINE>
    - fast
      1. cheap
    """
    chunks: list[str] = []
    for block, run in _runs(blocks):
        kind = block.kind
        if kind == "item":
            chunks.append(_md_items(run, links))
        elif kind == "heading":
            text = " ".join(_md_spans(block.text, block.spans, links).split())
            if text:
                level = min(max(block.level, 1), 6)
                # (a closing run of "#" would be read as the heading's end)
                chunks.append("#" * level + " " + re.sub(r"(\s)(#+)$", r"\1\\\2", text))
        elif kind == "table":
            chunks.append(_md_table(block))
        elif kind == "code":
            chunks.append(_md_code(block))
        elif kind == "quote":
            quoted = _md_text(block, links).split("\n")
            chunks.append("\n".join(f"> {line}" if line else ">" for line in quoted))
        elif kind == "figure":
            image = _md_image(block) if images else ""
            caption = _md_text(block, links) if block.text else ""
            chunks.append("\n\n".join(x for x in (image, caption) if x))
        elif kind == "math" and block.tex:
            chunks.append(f"$$\n{block.tex.strip()}\n$$")
        else:
            chunks.append(_md_text(block, links))
    return "\n\n".join(c for c in chunks if c)


# --- HTML ----------------------------------------------------------------------------------


def _esc(text: str) -> str:
    return _html.escape(text, quote=False)


def _attr(text: str) -> str:
    return _html.escape(text, quote=True)


def _html_span(span: Span) -> str:
    if span.kind == "math":
        return f'<span class="math inline">\\({_esc(span.target.strip())}\\)</span>'
    return f'<a href="{_attr(span.target.strip())}">{_esc(span.text)}</a>'


def _html_spans(text: str, spans: Sequence[Span], links: bool) -> str:
    return _inline(text, spans, links, _esc, _html_span)


def _split(block: BodyBlock) -> list[tuple[str, list[Span]]]:
    """The paragraphs of a block's text (a list item or a quote of several) with their spans,
    placed in each."""
    out: list[tuple[str, list[Span]]] = []
    offset = 0
    for part in block.text.split("\n\n"):
        end = offset + len(part)
        out.append((part, [s._replace(start=s.start - offset) for s in block.spans if offset <= s.start < end]))
        offset = end + 2
    return out


def _html_paragraphs(block: BodyBlock, links: bool) -> str:
    if "\n\n" not in block.text:
        return _html_spans(block.text, block.spans, links)
    return "".join(f"<p>{_html_spans(p, spans, links)}</p>" for p, spans in _split(block))


def _html_items(items: Sequence[BodyBlock], links: bool) -> str:
    out: list[str] = []
    open_lists: list[str] = []  # "ul" or "ol" per open level
    for item in items:
        if item.kind != "item":  # a code block or a paragraph in the last item of its level
            while len(open_lists) > max(1, item.level):
                out.append(f"</li></{open_lists.pop()}>")
            out.append(_html_code(item) if item.kind == "code" else f"<p>{_html_paragraphs(item, links)}</p>")
            continue
        level = min(max(item.level, 1), len(open_lists) + 1)
        tag = "ol" if item.ordered else "ul"
        while len(open_lists) > level:
            out.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == level and open_lists[-1] != tag:
            out.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == level:
            out.append("</li>")
        else:
            out.append(f"<{tag}>")
            open_lists.append(tag)
        out.append(f"<li>{_html_paragraphs(item, links)}")
    while open_lists:
        out.append(f"</li></{open_lists.pop()}>")
    return "".join(out)


def _html_code(block: BodyBlock) -> str:
    language = re.sub(r"[^\w+#.-]", "", block.language or "")
    cls = f' class="language-{language}"' if language else ""
    return f"<pre><code{cls}>{_esc(block.text)}</code></pre>"


def _html_table(block: BodyBlock) -> str:
    rows = list(block.rows)
    out = ["<table>"]
    if block.header and rows:
        out.append("<thead><tr>" + "".join(f"<th>{_esc(c)}</th>" for c in rows[0]) + "</tr></thead>")
        rows = rows[1:]
    if rows:
        out.append("<tbody>")
        out.extend("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in rows)
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)


def html(blocks: Sequence[BodyBlock], *, links: bool = False, images: bool = False) -> str:
    """A minimal HTML fragment of ``blocks`` (see :meth:`boilerstrip.Article.to_html`).

    >>> html([BodyBlock("item", "a", level=1), BodyBlock("item", "b", level=2)])
    '<ul><li>a<ul><li>b</li></ul></li></ul>'
    """
    chunks: list[str] = []
    for block, run in _runs(blocks):
        kind = block.kind
        if kind == "item":
            chunks.append(_html_items(run, links))
        elif kind == "heading":
            level = min(max(block.level, 1), 6)
            chunks.append(f"<h{level}>{_html_spans(block.text, block.spans, links)}</h{level}>")
        elif kind == "table":
            chunks.append(_html_table(block))
        elif kind == "code":
            chunks.append(_html_code(block))
        elif kind == "quote":
            chunks.append("<blockquote>" + "".join(
                f"<p>{_html_spans(p, spans, links)}</p>" for p, spans in _split(block)) + "</blockquote>")
        elif kind == "figure":
            src = _safe_url(block.src or "") if images else None
            inner = f'<img src="{_attr(src)}" alt="{_attr(block.alt or "")}">' if src else ""
            if block.text:
                inner += f"<figcaption>{_html_spans(block.text, block.spans, links)}</figcaption>"
            if inner:
                chunks.append(f"<figure>{inner}</figure>")
        elif kind == "math" and block.tex:
            chunks.append(f'<p><span class="math display">\\[{_esc(block.tex.strip())}\\]</span></p>')
        else:
            chunks.append(f"<p>{_html_paragraphs(block, links)}</p>" if "\n\n" not in block.text
                          else _html_paragraphs(block, links))
    return "\n".join(chunks)
