"""Pick the fields from the labelled blocks and the page metadata.

Order matters and is the same for text and HTML: captions first (so a photo's title
line is not taken for the headline), then the timestamp (a date line of the header, never
a date inside the body or a caption), then the headline, then the byline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import regex

from ..article import Caption
from ..blocks import Block, Label
from ..metadata import PageMeta
from .captions import split_credit
from .headline import pick_headline
from .timestamp import Stamp, date_from_url, date_line_score, parse_iso_like, parse_timestamp

__all__ = ["Fields", "pick_fields"]

_BYLINE = regex.compile(
    r"^(?:by|von|par|por|di|door|przez|автор)\s*:?\s+(?P<name>[\p{Lu}][\p{L}.'’-]+(?:\s+(?:[\p{Lu}][\p{L}.'’-]+|van|von|de|da|del|der|la|le|and|und|et|y|e)){0,6})",
    regex.IGNORECASE,
)
_DATE_LINE = 0.6
"""date_line_score at which a block is a dateline rather than a sentence mentioning a date."""
_HEADER_BLOCKS = 12
"""How far above the first body block (and into the body's first blocks) a dateline may sit."""


@dataclass(slots=True)
class Fields:
    headline: str | None = None
    timestamp: datetime | None = None
    timestamp_text: str | None = None
    captions: list[Caption] = field(default_factory=list)
    author: str | None = None


def pick_fields(
    blocks: Sequence[Block],
    meta: PageMeta | None = None,
    *,
    url: str | None = None,
    now: datetime | None = None,
) -> Fields:
    """Label the field blocks (in place) and return the fields."""
    out = Fields()
    _captions(blocks, out)
    # the first body block that reads as a sentence: a title-shaped line above it is a candidate
    first_body = next(
        (b.index for b in blocks if b.label is Label.BODY and b.features.ends_with_punct), len(blocks)
    )
    _timestamp(blocks, first_body, meta, url, now, out)
    head = pick_headline(blocks, first_body, meta)
    if head is not None:
        text, block = head
        out.headline = text
        if block is not None:
            block.decide(Label.HEADLINE, "headline", block.reason if block.locked else "headline.shape", locked=block.locked)
    _byline(blocks, first_body, meta, out)
    return out


def _captions(blocks: Sequence[Block], out: Fields) -> None:
    for i, block in enumerate(blocks):
        explicit = block.label is Label.CAPTION
        if block.label is Label.CHROME and block.locked:
            continue
        if not explicit and (block.features.words > 80 or block.label is Label.HEADLINE):
            continue
        credit = split_credit(block.text)
        if credit is None and not explicit:
            continue
        title = None
        prev = blocks[i - 1] if i else None
        # the photo's title or alt line: a short unpunctuated line right above the caption
        if prev is not None and not prev.locked and prev.label is not Label.CAPTION and 1 <= prev.features.words <= 8 and not prev.features.ends_with_punct:
            title = prev.text
            prev.decide(Label.CAPTION, "caption", "caption.title")
        if not explicit:
            block.decide(Label.CAPTION, "caption", "caption.credit")
        out.captions.append(Caption(block.text, credit, title))


def _timestamp(
    blocks: Sequence[Block], first_body: int, meta: PageMeta | None, url: str | None, now: datetime | None, out: Fields
) -> None:
    stamp: Stamp | None = None
    # 1. a visible dateline of the header (or one the front-end or a rule marked)
    window = [b for b in blocks if b.label is Label.TIMESTAMP] or [
        b for b in blocks[: first_body + 3] if b.index >= first_body - _HEADER_BLOCKS and b.label is not Label.CAPTION
    ]
    line: Block | None = None
    for block in window:
        if block.features.words > 40:
            continue
        if block.label is not Label.TIMESTAMP and date_line_score(block.text) < _DATE_LINE:
            continue
        found = parse_timestamp(block.text, now=now)
        if found is not None and (stamp is None or found.kind == "published" and stamp.kind == "updated"):
            stamp, line = found, block
            if found.kind != "updated":
                break
    # 1b. anywhere else on the page, a line that says it is the publication date
    #     ("Posted on April 13, 2023" under a blog post), never a caption or a body sentence
    if stamp is None:
        for block in blocks:
            if block.features.words > 25 or block.label in (Label.CAPTION, Label.HEADLINE) or date_line_score(block.text) < _DATE_LINE:
                continue
            found = parse_timestamp(block.text, now=now)
            if found is not None and found.kind == "published":
                stamp, line = found, block
                break
    # 1c. failing that, the first date line before the end of the body
    if stamp is None:
        last_body = max((b.index for b in blocks if b.label is Label.BODY), default=len(blocks))
        for block in blocks[: last_body + 3]:
            if block.features.words > 25 or block.label in (Label.CAPTION, Label.HEADLINE) or date_line_score(block.text) < _DATE_LINE:
                continue
            found = parse_timestamp(block.text, now=now)
            if found is not None and found.kind != "updated":
                stamp, line = found, block
                break
    # 2. the page's metadata, which states the time zone where the visible line may not
    if meta is not None:
        for text in ([meta.published] if meta.published else []) + [t for _, t in meta.published_candidates]:
            parsed = parse_iso_like(text)
            if parsed is None:
                continue
            if stamp is None or (stamp.value.date() == parsed.value.date() and parsed.has_time and parsed.value.tzinfo and not stamp.value.tzinfo):
                stamp = parsed if stamp is None else Stamp(parsed.value, stamp.text, True, stamp.kind, stamp.relative)
            break
    # 3. the URL path
    if stamp is None and url:
        stamp = date_from_url(url)
    if line is not None and not line.locked:
        line.decide(Label.TIMESTAMP, "timestamp", "timestamp.dateline")
    if stamp is not None:
        out.timestamp, out.timestamp_text = stamp.value, stamp.text


def _byline(blocks: Sequence[Block], first_body: int, meta: PageMeta | None, out: Fields) -> None:
    for block in blocks[max(0, first_body - _HEADER_BLOCKS): first_body + 3]:
        if block.features.words > 14 or block.label in (Label.HEADLINE, Label.CAPTION) or block.locked:
            continue
        m = _BYLINE.match(block.text)
        if m:
            out.author = m.group("name").strip()
            if block.label is not Label.TIMESTAMP:
                block.decide(Label.BYLINE, "byline", "byline.by-line")
            break
    if out.author is None and meta is not None and meta.author:
        out.author = meta.author
