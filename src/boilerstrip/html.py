"""HTML front-end: markup to labelled :class:`~boilerstrip.blocks.Block` objects and page metadata.

:func:`parse_html` runs these steps (the modules of :mod:`boilerstrip.dom`):

1. **parse** (:func:`~boilerstrip.dom.parse.parse_tree`): lxml's HTML parser with no network
   access, no DTD loading and no entity expansion; a tree lxml cannot give whole (nesting
   deeper than libxml2 allows, a fatal parser error) is rebuilt by a small tolerant builder
   that flattens nesting past :data:`MAX_DEPTH`. A raw-text element left open (libxml2 and
   browsers read the rest of the page as its text, so the page came back empty) is closed
   first: an unclosed ``<title>`` or ``<textarea>`` ends at the next tag-like ``<`` (it holds
   a few words; what follows is the page), an unclosed ``<script>``, ``<style>``,
   ``<iframe>``, ``<noembed>`` or ``<noframes>`` at the next tag only a page has (``<body>``,
   ``<div>``, ``<p>``, a heading, a list, a table, a comment...), so that a stray ``<`` in code
   does not end it; an element whose end tag comes later is left alone. Characters lxml
   refuses (U+FFFE, U+FFFF, C0 controls) are dropped and lone surrogates become ``?``;
2. **metadata** (:func:`~boilerstrip.metadata.extract_meta`): JSON-LD, OpenGraph, dates,
   authors, language, ``<title>`` and ``<h1>``;
3. **prune and segment** (:mod:`boilerstrip.dom.segment`): scripts, styles, embedded documents,
   form controls and hidden elements go (a hidden block with real text is kept aside as
   fallback content); one iterative walk turns the text between block-level boundaries into
   blocks with their tag, heading level, link characters and hints (membership, ancestry,
   ``cls:``/``id:``/``role:`` tokens);
4. **select and label** (:mod:`boilerstrip.dom.select`): content values per block, the
   container holding the most of them, grown over repeated siblings; ``BODY`` inside unless
   a chrome container or link density says otherwise, ``CHROME`` outside with the kind and
   the reason (``dom.outside-main``, ``dom.chrome-container``, ``dom.link-dense``...); the
   article's ``h1`` is ``HEADLINE``, captions ``CAPTION``, a byline ``BYLINE``, a dateline
   ``TIMESTAMP``; blocks chosen by selector rules take the rule's decision, locked.

Limits: nesting deeper than :data:`MAX_DEPTH` is flattened into the element at that depth
(its text is kept); the page size is bounded by the caller's ``max_bytes`` (see
:func:`boilerstrip.decode.decode_page`); JSON-LD by :data:`boilerstrip.metadata.MAX_JSONLD_CHARS`;
``cls:``/``id:``/``role:`` hints by :data:`boilerstrip.dom.segment.MAX_TOKENS`; the number of
blocks and containers by :func:`boilerstrip.dom.segment.item_limit` (a container counts one
item, a block four; one item per 13 characters of markup, or 200,000 items, whichever is more:
a page of tiny table cells would otherwise take 60 times its size in memory), past which
:class:`~boilerstrip.dom.segment.TooManyBlocks` (an ``InputTooLarge``) is raised. All walks
are iterative: no input depth can raise ``RecursionError``, and time grows linearly with the
page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from lxml import etree

from .blocks import Block, Label
from .dom.parse import MAX_DEPTH, parse_tree
from .dom.segment import Segmented, prune, segment
from .dom.select import select_main
from .metadata import PageMeta, extract_meta

__all__ = ["MAX_DEPTH", "HtmlPage", "SelectorRule", "parse_html", "parse_tree"]


class SelectorRule(Protocol):
    """What :func:`parse_html` needs of a rule with an HTML selector (read only, so that a
    frozen :class:`~boilerstrip.rules.Rule` qualifies)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def action(self) -> str: ...


SelectorFn = Callable[[etree._Element], Sequence[etree._Element]]


@dataclass(slots=True)
class HtmlPage:
    """The blocks of a page, in document order, and its metadata."""

    blocks: list[Block]
    meta: PageMeta = field(default_factory=PageMeta)
    segmented: Segmented | None = None
    """The container tree the blocks hang from (for :mod:`boilerstrip.dom.describe`)."""


def parse_html(
    markup: str,
    *,
    url: str | None = None,
    include_comments: bool = False,
    selector_rules: Sequence[tuple[SelectorRule, SelectorFn]] = (),
    language: str | None = None,
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
    if language:  # the caller's word stands over the page's declaration (stopwords, dates)
        meta = replace(meta, language=language)
    marks = _apply_selectors(root, selector_rules)
    prune(root, marks)
    seg = segment(root, marks, size=len(markup))
    del root, marks  # (the selection needs the blocks only: libxml2's tree goes now)
    select_main(seg, meta, include_comments=include_comments)
    return HtmlPage(blocks=seg.blocks, meta=meta, segmented=seg)


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
