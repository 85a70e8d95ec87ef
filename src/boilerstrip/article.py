"""The result of cleaning a page: :class:`Article` and its parts.

All the classes are immutable (frozen dataclasses; the typed blocks, of which a page has
many, named tuples): a result can be shared, hashed and compared, and an empty page gives an
empty :class:`Article` (empty strings and tuples), never ``None``.

The body comes two ways: as text (``paragraphs``, ``body``) and as typed blocks
(``blocks``: headings, paragraphs, list items, tables, quotes, code, figures, formulas, in
document order), which :meth:`Article.to_markdown` and :meth:`Article.to_html` write out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, NamedTuple, TypeAlias

__all__ = ["Article", "BlockKind", "BodyBlock", "Caption", "Removed", "Span"]

BlockKind: TypeAlias = Literal["heading", "paragraph", "item", "table", "quote", "code", "figure", "math"]
"""What a :class:`BodyBlock` is."""


class Span(NamedTuple):
    """A link or a formula inside a block's text: ``text`` as it reads there, from character
    ``start`` on; ``target`` the link's address or the formula's TeX.

    >>> block = BodyBlock("paragraph", "Read the minutes.", spans=(Span("link", "the minutes", "/minutes", 5),))
    >>> span = block.spans[0]
    >>> block.text[span.start : span.start + len(span.text)]
    'the minutes'
    """

    kind: Literal["link", "math"]
    text: str
    target: str
    start: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "target": self.target, "start": self.start}


class BodyBlock(NamedTuple):
    """One block of the body with its kind, in document order (:attr:`Article.blocks`).

    ``text`` is the block's text as in ``paragraphs`` (a code block keeps its white space; a
    table's text is its rows, one a line, cells separated by tabs; a figure's text is its
    caption, empty when the caption is not part of the body). The other fields describe
    the kind and keep their defaults elsewhere:

    - ``level``: a heading's level (1-6); a list item's depth (1 for a top-level item);
    - ``ordered``: a numbered list item;
    - ``rows`` and ``header``: a table's cells, row by row, and whether the first row is a
      header row;
    - ``language``: a code block's language, when the page names it (``"python"``);
    - ``src`` and ``alt``: a figure's image address and alternative text;
    - ``tex``: a formula's TeX, when the page has it (its text is then what the page shows);
    - ``spans``: the links and formulas inside the text, where they were recorded.

    Like :class:`Span`, a named tuple rather than a frozen dataclass: as immutable, and built
    five times faster (a page makes dozens to hundreds, on every ``clean()``).

    >>> BodyBlock("heading", "Method", level=2).level
    2
    """

    kind: BlockKind
    text: str = ""
    level: int = 0
    ordered: bool = False
    rows: tuple[tuple[str, ...], ...] = ()
    header: bool = False
    language: str | None = None
    src: str | None = None
    alt: str | None = None
    tex: str | None = None
    spans: tuple[Span, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field (the same keys for every kind)."""
        return {
            "kind": self.kind,
            "text": self.text,
            "level": self.level,
            "ordered": self.ordered,
            "rows": [list(row) for row in self.rows],
            "header": self.header,
            "language": self.language,
            "src": self.src,
            "alt": self.alt,
            "tex": self.tex,
            "spans": [s.to_dict() for s in self.spans],
        }


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption, with its credit split out when the page gives one.

    >>> Caption("Smoke rises over the town.", "REUTERS/Kai Pfaffenbach").credit
    'REUTERS/Kai Pfaffenbach'
    """

    text: str
    credit: str | None = None
    title: str | None = None
    """The image's title or alt line printed above the caption, when there is one."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit, "title": self.title}


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of text left out of the body, with why.

    ``kind`` is the kind of chrome (``"social"``, ``"analytics"``, ``"navigation"``, ...);
    ``rule`` is the id of the rule (``"social.follow-prompt"``) or the heuristic
    (``"density.short-isolated"``) that removed it.
    """

    text: str
    kind: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Article:
    """What :func:`boilerstrip.clean` returns.

    ``str(article)`` is the body, so an Article can be written wherever text is expected.
    ``blocks`` is the same body as typed blocks (:class:`BodyBlock`); :meth:`to_markdown`
    and :meth:`to_html` write them out.

    >>> a = Article(paragraphs=("First.", "Second."))
    >>> str(a)
    'First.\\n\\nSecond.'
    >>> print(Article(blocks=(BodyBlock("heading", "Notes", level=2), BodyBlock("item", "One", level=1))).to_markdown())
    ## Notes
    <BLANKLINE>
    - One
    """

    paragraphs: tuple[str, ...] = ()
    headline: str | None = None
    timestamp: datetime | None = None
    timestamp_text: str | None = None
    captions: tuple[Caption, ...] = ()
    removed: tuple[Removed, ...] = ()
    author: str | None = None
    updated: datetime | None = None
    """When the page says it was last updated ("Updated May 2, 2024", ``dateModified``);
    ``timestamp`` stays the publication date."""
    updated_text: str | None = None
    warnings: tuple[str, ...] = ()
    """Problems met while cleaning that did not stop it (a rule that timed out, ...)."""
    page_type: str | None = None
    """What kind of page an HTML page is, by the page-type model: one of ``"article"``,
    ``"documentation"``, ``"forum"``, ``"service"``, ``"product"``, ``"collection"``,
    ``"listing"`` (:data:`boilerstrip.dom.describe.PAGE_TYPES`); ``None`` for plain text."""
    blocks: tuple[BodyBlock, ...] = ()
    """The body as typed blocks, in document order: the text of ``paragraphs`` with what
    the page says each block is (heading, list item, table, code...)."""
    body: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", "\n\n".join(self.paragraphs))

    def __str__(self) -> str:
        return self.body

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field (the timestamp and the update as ISO 8601 text)."""
        return {
            "headline": self.headline,
            "author": self.author,
            "timestamp": self.timestamp.isoformat() if self.timestamp else None,
            "timestamp_text": self.timestamp_text,
            "updated": self.updated.isoformat() if self.updated else None,
            "updated_text": self.updated_text,
            "captions": [c.to_dict() for c in self.captions],
            "body": self.body,
            "paragraphs": list(self.paragraphs),
            "removed": [r.to_dict() for r in self.removed],
            "warnings": list(self.warnings),
            "page_type": self.page_type,
            "blocks": [b.to_dict() for b in self.blocks],
        }

    def to_markdown(self, *, links: bool = False, images: bool = False) -> str:
        """The body as Markdown (CommonMark, with GitHub's pipe tables): ATX headings, nested
        lists, pipe tables, fenced code, block quotes, ``$...$`` and ``$$...$$`` formulas.

        Only what Markdown would misread is escaped (a line starting with ``#``, ``>``, ``-``
        and a space, ``1.`` and a space; backticks; ``*`` and ``_`` that would emphasise; ``|``
        in a table cell...), so ``70.2%`` and ``[n 1]`` come out as they are. ``links=True``
        writes the links recorded in the text as ``[text](address)``; ``images=True`` writes
        each figure's image as ``![alt](src)`` above its caption. The headline, byline and
        captions outside the body are not part of it. An Article built by hand without
        ``blocks`` writes its ``paragraphs``.

        >>> print(Article(paragraphs=("Growth was 70.2% [n 1].", "# not a heading")).to_markdown())
        Growth was 70.2% [n 1].
        <BLANKLINE>
        \\# not a heading
        """
        from .render import markdown

        return markdown(self._typed(), links=links, images=images)

    def to_html(self, *, links: bool = False, images: bool = False) -> str:
        """The body as a minimal HTML fragment (``<h2>``, ``<p>``, ``<ul>``/``<ol>``, ``<table>``,
        ``<blockquote>``, ``<pre><code>``, ``<figure>``; formulas as ``\\(...\\)`` and
        ``\\[...\\]`` in ``<span class="math ...">``), every text escaped; ``links`` and
        ``images`` as for :meth:`to_markdown`.

        >>> Article(blocks=(BodyBlock("paragraph", "Fish & chips <3"),)).to_html()
        '<p>Fish &amp; chips &lt;3</p>'
        """
        from .render import html

        return html(self._typed(), links=links, images=images)

    def _typed(self) -> tuple[BodyBlock, ...]:
        if self.blocks or not self.paragraphs:
            return self.blocks
        return tuple(BodyBlock("paragraph", p) for p in self.paragraphs)

    def to_json(self, **kwargs: Any) -> str:
        """``to_dict()`` serialised as JSON text (keyword arguments go to :func:`json.dumps`)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)
