"""``clean()`` and the reusable :class:`Cleaner`: detect the input, run the pipeline.

The pipeline reads as its steps (see :meth:`Cleaner.clean`): decode, segment into
blocks, measure, apply the rules, classify the rest by density with context, pick the
fields, build the :class:`~boilerstrip.article.Article`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

import regex

from .article import Article, Caption, Removed
from .blocks import Block, Label
from .density import DEFAULT_THRESHOLDS, Thresholds, classify
from .errors import InputTooLarge
from .features import measure, page_language
from .fields.captions import split_credit
from .fields.headline import pick_text_headline
from .text import normalise, text_to_blocks

__all__ = ["DEFAULT_MAX_BYTES", "Cleaner", "clean"]

logger = logging.getLogger("boilerstrip")
logger.addHandler(logging.NullHandler())

DEFAULT_MAX_BYTES = 50_000_000
"""Pages larger than this (in bytes, or characters for str input) raise InputTooLarge."""

InputKind = Literal["auto", "text", "html"]


class Cleaner:
    """A configured cleaner: compile once, clean many pages; safe to share between threads.

    >>> cleaner = Cleaner()
    >>> cleaner.clean("Share this article\\n\\n" + "The council met on Tuesday and agreed the new budget for the schools of the town. " * 2).removed[0].kind
    'social'
    """

    def __init__(
        self,
        *,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
        max_bytes: int | None = DEFAULT_MAX_BYTES,
    ) -> None:
        self.thresholds = thresholds
        self.max_bytes = max_bytes

    def clean(
        self,
        page: str | bytes,
        *,
        url: str | None = None,
        language: str | None = None,
        now: datetime | None = None,
        input: InputKind = "auto",
    ) -> Article:
        """Clean one page (see :func:`boilerstrip.clean`)."""
        text = self._decode(page)
        blocks = _prepare(text, language)
        classify(blocks, self.thresholds)
        fields = _pick_fields(blocks)
        return _build(blocks, fields)

    def _decode(self, page: str | bytes) -> str:
        if not isinstance(page, (str, bytes, bytearray)):
            raise TypeError(f"clean() takes str or bytes, not {type(page).__name__}")
        if self.max_bytes is not None and len(page) > self.max_bytes:
            raise InputTooLarge(len(page), self.max_bytes)
        if isinstance(page, (bytes, bytearray)):
            return bytes(page).decode("utf-8", "replace")
        return page


_DEFAULT = Cleaner()


def clean(
    page: str | bytes,
    *,
    url: str | None = None,
    language: str | None = None,
    now: datetime | None = None,
    input: InputKind = "auto",
) -> Article:
    """Clean a scraped page: body paragraphs, headline, timestamp, captions, removed chrome.

    ``page`` is plain text or HTML, as ``str`` or ``bytes``.

    >>> article = clean("Like Us on Facebook\\n\\n" + "The council met on Tuesday and agreed the new budget for the schools of the town. " * 2)
    >>> article.paragraphs[0][:31]
    'The council met on Tuesday and '
    >>> [(r.text, r.kind) for r in article.removed]
    [('Like Us on Facebook', 'social')]
    """
    return _DEFAULT.clean(page, url=url, language=language, now=now, input=input)


# --- steps ---------------------------------------------------------------------------------


def _prepare(text: str, language: str | None = None) -> list[Block]:
    """Text -> blocks with their numbers and the rules' decisions (everything but classifying)."""
    blocks = text_to_blocks(normalise(text))
    measure(blocks, page_language(blocks, language))
    _apply_rules(blocks)
    return blocks


_SOCIAL = regex.compile(r"^(?:like|follow|share)\b.{0,30}\b(?:facebook|twitter|instagram|linkedin)\W*$|^share this(?: article| story)?\W*$", regex.I)
_ANALYTICS = regex.compile(r"^(?:real[- ]time|web|google)\s+analytics$|^(?:tracking pixel|hit counter|web counter)$", regex.I)
_PROMO = regex.compile(r"^make\s+.{1,40}\s+(?:your|my)\s+home\s?page\W*$|^set as home\s?page$", regex.I)
_INTERIM_RULES = ((_SOCIAL, "social", "social.follow-prompt"), (_ANALYTICS, "analytics", "analytics.pixel-alt"), (_PROMO, "promo", "promo.homepage"))


def _apply_rules(blocks: Sequence[Block]) -> None:
    for block in blocks:
        if block.features.words > 12:
            continue
        for pattern, kind, rule in _INTERIM_RULES:
            if pattern.search(block.text):
                block.decide(Label.CHROME, kind, rule, locked=True)
                break


class _Fields:
    __slots__ = ("headline", "captions", "timestamp", "timestamp_text", "author")

    def __init__(self) -> None:
        self.headline: str | None = None
        self.captions: list[Caption] = []
        self.timestamp: datetime | None = None
        self.timestamp_text: str | None = None
        self.author: str | None = None


def _pick_fields(blocks: Sequence[Block]) -> _Fields:
    fields = _Fields()
    first_body = next((b.index for b in blocks if b.label is Label.BODY), -1)
    # Captions: a line that carries a photo credit; the short line above it is its title.
    for i, block in enumerate(blocks):
        if block.locked or block.features.words > 80:
            continue
        credit = split_credit(block.text)
        if credit is None:
            continue
        title = None
        prev = blocks[i - 1] if i else None
        if prev is not None and not prev.locked and 1 <= prev.features.words <= 8 and not prev.features.ends_with_punct and prev.label is not Label.BODY or (
            prev is not None and prev.label is Label.BODY and prev.reason != "density.good" and prev.features.words <= 8
        ):
            title = prev.text
            prev.decide(Label.CAPTION, "caption", "caption.title")
        block.decide(Label.CAPTION, "caption", "caption.credit")
        fields.captions.append(Caption(block.text, credit, title))
    first_body = next((b.index for b in blocks if b.label is Label.BODY), -1)
    headline = pick_text_headline(blocks, first_body)
    if headline is not None:
        headline.decide(Label.HEADLINE, "headline", "headline.text-shape")
        fields.headline = headline.text
    return fields


def _build(blocks: Sequence[Block], fields: _Fields) -> Article:
    paragraphs = tuple(b.text for b in blocks if b.label is Label.BODY)
    removed = tuple(Removed(b.text, b.kind or "boilerplate", b.reason) for b in blocks if b.label is Label.CHROME)
    return Article(
        paragraphs=paragraphs,
        headline=fields.headline,
        timestamp=fields.timestamp,
        timestamp_text=fields.timestamp_text,
        captions=tuple(fields.captions),
        removed=removed,
        author=fields.author,
    )
