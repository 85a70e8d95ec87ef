"""Pick the fields from the labelled blocks and the page metadata.

Order matters and is the same for text and HTML: captions first (so a photo's title
line is not taken for the headline), then the timestamp (a date line of the header, never
a date inside the body or a caption), then the headline, then the byline.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import regex

from ..article import Caption
from ..blocks import Block, Label
from ..metadata import PageMeta
from .byline import is_by_line, pick_author
from .captions import split_credit
from .headline import pick_headline
from .timestamp import (
    Stamp,
    date_from_url,
    date_line_score,
    dayfirst_for,
    find_timestamps,
    parse_iso_like,
    parse_timestamp,
    swap_day_month,
)

__all__ = ["Fields", "pick_fields"]

# Dates that belong to a person or a thread, not to the text: a member's join date, a
# thread's last post, a company's founding ("Joined: Jul 4, 2012", "Last post: 03/08/2023").
_NOT_PUBLISHED = regex.compile(
    r"^\W{0,3}(?:joined|join\s+date|member\s+since|registered|last\s+(?:post|seen|active|visit|login|reply)|founded|established|since|"
    r"mitglied\s+seit|dabei\s+seit|inscrit|membre\s+depuis|registrado|miembro\s+desde|iscritto)\b",
    regex.IGNORECASE,
)
_DIGIT = regex.compile(r"\d")
_DATE_LINE = 0.6
"""date_line_score at which a block is a dateline rather than a sentence mentioning a date."""
_SIGNED_DATE_LINE = 0.3
"""The least date_line_score of a header line that is a by-line with a date or says
"Published": below it, the date is a mention in a sentence."""
_HEADER_BLOCKS = 12
"""How far above the first body block (and into the body's first blocks) a dateline may sit."""


@dataclass(slots=True)
class Fields:
    headline: str | None = None
    timestamp: datetime | None = None
    timestamp_text: str | None = None
    captions: list[Caption] = field(default_factory=list)
    author: str | None = None
    updated: datetime | None = None
    updated_text: str | None = None


def pick_fields(
    blocks: Sequence[Block],
    meta: PageMeta | None = None,
    *,
    url: str | None = None,
    now: datetime | None = None,
    language: str | None = None,
) -> Fields:
    """Label the field blocks (in place) and return the fields.

    ``language`` (a BCP 47 tag the caller knows) decides the day/month order of numeric dates
    before the page's own declaration does."""
    out = Fields()
    _captions(blocks, out)
    # the first body block that reads as a sentence: a title-shaped line above it is a candidate
    first_body = next(
        (b.index for b in blocks if b.label is Label.BODY and b.features.ends_with_punct), len(blocks)
    )
    _timestamp(blocks, first_body, meta, url, now, out, language)
    _byline(blocks, first_body, meta, out)
    head = pick_headline(blocks, first_body, meta, url)
    if head is not None:
        text, block = head
        out.headline = text
        if block is not None:
            block.decide(Label.HEADLINE, "headline", block.reason if block.locked else "headline.shape", locked=block.locked)
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
        if (
            prev is not None and not prev.locked and prev.label is not Label.CAPTION
            and 1 <= prev.features.words <= 8 and not prev.features.ends_with_punct
            and not is_by_line(prev.text)  # "By Jane Doe December 2, 2025" above the photo
            and date_line_score(prev.text) < _DATE_LINE  # "Jane Doe • Nov 14, 2023": the dateline
        ):
            title = prev.text
            prev.decide(Label.CAPTION, "caption", "caption.title")
        if not explicit:
            block.decide(Label.CAPTION, "caption", "caption.credit")
        out.captions.append(Caption(block.text, credit, title))


def _timestamp(
    blocks: Sequence[Block],
    first_body: int,
    meta: PageMeta | None,
    url: str | None,
    now: datetime | None,
    out: Fields,
    language: str | None = None,
) -> None:
    """The publication date: metadata first (it names the publication date and its zone),
    then a visible dateline, then the URL path; an 'updated' line never beats a published one,
    it gives ``updated`` (as does the metadata's modification date).
    Numeric dates are read in the page's language's day/month order (:func:`dayfirst_for`)."""
    dayfirst = dayfirst_for(language or (meta.language if meta is not None else None))
    declared = _declared(meta, now, dayfirst)
    scores: dict[int, float] = {}
    header, last_body = _header(blocks, first_body), _last_body(blocks)
    stamp, line, in_header = _visible(blocks, header, last_body, now, dayfirst, scores)
    if declared is not None and stamp is not None:
        # "03/09/2026" beside an unambiguous March 9: the other source settles the order
        if _same_day(swap_day_month(stamp), declared.value):
            stamp = Stamp(declared.value, stamp.text, declared.has_time or stamp.has_time, stamp.kind, stamp.relative)
        elif _same_day(swap_day_month(declared), stamp.value):
            declared = Stamp(stamp.value, declared.text, stamp.has_time, declared.kind, declared.relative)
    if declared is not None:
        if stamp is not None and in_header and stamp.kind != "updated":
            # the header's own dateline is what readers see as the date: it wins, with the
            # metadata's time and zone when both name the same day
            if stamp.value.date() == declared.value.date() and declared.has_time and not stamp.value.tzinfo:
                stamp = Stamp(declared.value, stamp.text, True, stamp.kind, stamp.relative)
        elif stamp is not None and stamp.value.date() == declared.value.date():
            # the page shows the declared date: keep its words, take the zone from the metadata
            when = declared.value if declared.has_time or not stamp.has_time else stamp.value
            stamp = Stamp(when, stamp.text, stamp.has_time or declared.has_time, stamp.kind, stamp.relative)
        else:
            stamp, line = declared, None
    if stamp is None and url:
        stamp = date_from_url(url, now=now)
    if line is not None and not line.locked:
        line.decide(Label.TIMESTAMP, "timestamp", "timestamp.dateline")
    if stamp is not None:
        out.timestamp, out.timestamp_text = stamp.value, stamp.text
    update = _updated(blocks, header, last_body, meta, now, dayfirst, scores)
    if update is not None:
        value, shown = update
        # an update before the publication is a misread, not an update
        if stamp is None or _comparable(value.value) >= _comparable(stamp.value):
            out.updated, out.updated_text = value.value, value.text
            if shown is not None and shown is not line and not shown.locked and shown.label is not Label.BODY:
                shown.decide(Label.TIMESTAMP, "timestamp", "timestamp.updated")


def _comparable(value: datetime) -> datetime:
    """``value`` as naive UTC when it has a zone, as it is when not (a page's naive dates are
    its local time; comparing them with UTC is off by hours at most)."""
    offset = value.utcoffset()
    return value.replace(tzinfo=None) - offset if offset is not None else value


def _same_day(a: datetime | None, b: datetime) -> bool:
    return a is not None and a.date() == b.date()


def _declared(meta: PageMeta | None, now: datetime | None, dayfirst: bool | None = None) -> Stamp | None:
    if meta is None:
        return None
    for text in ([meta.published] if meta.published else []) + [t for _, t in meta.published_candidates]:
        parsed = parse_iso_like(text, now=now, dayfirst=dayfirst)
        if parsed is not None:
            return parsed
    return None


def _date_lines(
    blocks: Sequence[Block], now: datetime | None, max_words: int, scores: dict[int, float], dayfirst: bool | None = None,
    signed: bool = False,
) -> Iterator[tuple[Stamp, Block]]:
    """The blocks that are date lines, with their date. ``scores`` remembers each block's
    date_line_score across the passes of :func:`_visible` (the regexes run once a block).
    With ``signed`` (the header), a line that reads less like a dateline also counts when it
    says whose it is or what the date is: a by-line with a date ("by Jane Doe | Jun 7, 2022 |
    Tyres, Wheels") or a "Published" date among other words."""
    for block in blocks:
        if block.features.words > max_words or block.label in (Label.CAPTION, Label.HEADLINE):
            continue
        # every absolute date holds a digit; without ``now`` nothing else can be parsed
        if now is None and _DIGIT.search(block.text) is None:
            continue
        if block.label is not Label.TIMESTAMP:
            score = scores.get(block.index)
            if score is None:
                score = scores[block.index] = date_line_score(block.text)
            if score < (_SIGNED_DATE_LINE if signed else _DATE_LINE):
                continue
        else:
            score = 1.0
        if _NOT_PUBLISHED.match(block.text):
            continue
        found = parse_timestamp(block.text, now=now, dayfirst=dayfirst)
        if found is not None and score < _DATE_LINE:
            # a weak line counts for its publication date only: said so, or on a by-line
            if not (found.kind == "published" or (found.kind is None and is_by_line(block.text))):
                continue
        if found is not None and found.kind == "updated":
            # "Updated May 2, 2024 · Originally published March 3, 2024": the line's publication date
            found = next(
                (s for s in find_timestamps(block.text, now=now, dayfirst=dayfirst) if s.kind == "published"), found
            )
        if found is not None:
            yield found, block


def _visible(
    blocks: Sequence[Block], header: Sequence[Block], last_body: int, now: datetime | None,
    dayfirst: bool | None, scores: dict[int, float],
) -> tuple[Stamp | None, Block | None, bool]:
    """A dateline the page shows: in the header, else one that says it is the publication
    date anywhere ("Posted on ..." under a blog post), else the first above the body's end."""
    updated: tuple[Stamp, Block] | None = None
    for found, block in _date_lines(header, now, 40, scores, dayfirst, signed=True):
        if found.kind != "updated":
            return found, block, True
        updated = updated or (found, block)
    for found, block in _date_lines(blocks, now, 25, scores, dayfirst):
        if found.kind == "published":
            return found, block, False
    for found, block in _date_lines(blocks[: last_body + 3], now, 25, scores, dayfirst):
        if found.kind != "updated":
            return found, block, False
    return (*updated, False) if updated else (None, None, False)


def _header(blocks: Sequence[Block], first_body: int) -> list[Block]:
    """The blocks the page marks as its dateline, else those around the top of the body."""
    marked = [b for b in blocks if b.label is Label.TIMESTAMP]
    return marked or [b for b in blocks[: first_body + 3] if b.index >= first_body - _HEADER_BLOCKS]


def _last_body(blocks: Sequence[Block]) -> int:
    return max((b.index for b in blocks if b.label is Label.BODY), default=len(blocks))


def _updated(
    blocks: Sequence[Block], header: Sequence[Block], last_body: int, meta: PageMeta | None,
    now: datetime | None, dayfirst: bool | None, scores: dict[int, float],
) -> tuple[Stamp, Block | None] | None:
    """When the page was last updated: an "Updated ..." line in the header or above the end
    of the body (what readers see), else the metadata's modification date."""
    for part in (header, blocks[: last_body + 3]):
        for found, block in _date_lines(part, now, 25, scores, dayfirst):
            if found.kind == "updated":
                return found, block
            # "Published March 3, 2024 | Updated May 2, 2024": the update is the later mention
            later = [s for s in find_timestamps(block.text, now=now, dayfirst=dayfirst) if s.kind == "updated"]
            if later:
                return later[0], block
    if meta is not None and meta.modified:
        parsed = parse_iso_like(meta.modified, now=now, dayfirst=dayfirst)
        if parsed is not None:
            return parsed, None
    return None


def _byline(blocks: Sequence[Block], first_body: int, meta: PageMeta | None, out: Fields) -> None:
    found = pick_author(blocks, first_body, meta)
    if found is None:
        return
    out.author, block = found
    # only a line that is all byline leaves the body ("By Jane Doe", "Posted by jdoe on ...");
    # a sentence that happens to name the author stays
    if block is not None and not block.locked and block.label not in (Label.TIMESTAMP, Label.BYLINE) and block.features.words <= 14 and not block.features.ends_with_punct:
        block.decide(Label.BYLINE, "byline", "byline.by-line")
