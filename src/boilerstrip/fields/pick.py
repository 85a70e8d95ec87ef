"""Pick the fields from the labelled blocks and the page metadata.

Order matters and is the same for text and HTML: captions first (so a photo's title
line is not taken for the headline), then the timestamp (a date line of the header, never
a date inside the body or a caption), then the headline, then the byline.

A date from content that is not the page's own never gives the page's date: a quotation or
an embedded post (``<blockquote>``, a tweet's "— Name (@handle) date" line), an infobox or a
label/value row ("Founded | 12 March 1998"), a list of related stories, a sidebar's
``<aside>`` below the header. A dateline of several parts ("Example Daily | 04.05.2015 à
13h36 • Mis à jour le 05.05.2015 à 08h10 | Par Jeanne Dupont") is one whatever its names:
it leaves the body and gives ``timestamp``, ``updated`` and the author.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import regex

from .._lazyre import lazy_regex
from ..article import Caption
from ..blocks import Block, Label
from ..metadata import PageMeta
from .byline import clean_name, is_by_line, pick_author
from .captions import split_credit
from .headline import NAMES_PAGE, names_the_page, pick_headline
from .timestamp import (
    Stamp,
    date_from_url,
    date_line_score,
    dayfirst_for,
    find_timestamps,
    is_line_furniture,
    kind_word,
    parse_iso_like,
    parse_timestamp,
    swap_day_month,
)

__all__ = ["Fields", "pick_fields"]

# Dates that belong to a person, a thread or a thing, not to the text: a member's join date, a
# thread's last post, a company's founding, a person's birth ("Joined: Jul 4, 2012", "Last post:
# 03/08/2023", "Founded 12 March 1998", "Born: 3 May 1961", "Gegründet 1998").
_NOT_PUBLISHED = lazy_regex(
    r"^\W{0,3}(?:joined|join\s+date|member\s+since|registered|last\s+(?:post|seen|active|visit|login|reply)|founded|established|since|"
    r"born|died|date\s+of\s+(?:birth|death)|opened|incorporated|formed|launched|inaugurated|premiered?|first\s+aired|"
    r"release\s+date|air\s+date|"
    r"mitglied\s+seit|dabei\s+seit|gegr(?:ü|ue)ndet|geboren|gestorben|er(?:ö|oe)ffnet|"
    r"inscrit|membre\s+depuis|fond(?:é|e)e?|n(?:é|e)e?\s+le|d(?:é|e)c(?:é|e)d(?:é|e)e?|"
    r"registrado|miembro\s+desde|fundad[oa]|nacid[oa]|fallecid[oa]|"
    r"iscritto|fondat[oa]|nat[oa]\s+(?:il|a)|"
    r"opgericht|geboren\s+op|"
    r"założon[ya]|urodzon[ya]|"
    r"основан[ао]?|родил(?:ся|ась))(?![\p{L}\p{M}])",
    regex.IGNORECASE,
)
# An embedded social post's signature line ("— Some Club (@SomeClub) October 31, 2021", "A post
# shared by Jane Doe (@jdoe)", a tweet's "pic.twitter.com/..." link): the post's date, not the page's.
_EMBED_SIGNATURE = lazy_regex(
    r"\(@[\w.]{1,30}\)|(?<![\w.])pic\.twitter\.com/|\bpost\s+shared\s+by\b",
    regex.IGNORECASE,
)
# Class and id words of containers whose dates are someone else's: an embedded post (a tweet, an
# Instagram or TikTok embed), an infobox (a thing's founding or birth date), a list of related
# stories (their dates). Matched inside a class token ("twitter-tweet", "related-posts"); a state
# class ("has-related-posts" on ``<body>``) says what the page has, not what the element is.
_EMBED_CLASSES = (
    "tweet", "instagram-media", "tiktok-embed", "fb-post", "facebook-post", "reddit-embed",
    "reddit-card", "bluesky-embed", "mastodon-embed", "threads-embed", "social-embed", "embedded-post",
)
_INFOBOX_CLASSES = ("infobox", "info-box", "factbox", "fact-box", "factfile")
_RELATED_CLASSES = (
    "related", "recommend", "recirc", "morestories", "more-stories", "readnext", "read-next",
    "alsoread", "also-read", "youmaylike", "you-may-like", "mostread", "most-read",
)
_ELSEWHERE_CLASSES = _EMBED_CLASSES + _INFOBOX_CLASSES + _RELATED_CLASSES
_STATE_CLASS = lazy_regex(r"^(?:cls|id):(?:has|no|with|without|show|hide|enable|disable)[-_]")
# A table or list cell's label that says the date beside it is the page's ("Date", "Published").
_DATE_LABEL = lazy_regex(
    r"^\W{0,3}(?:date|datum|fecha|data|дата|time|posted|published|updated|on)\W{0,3}$", regex.IGNORECASE
)
_DIGIT = lazy_regex(r"\d")
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
    page_types: Sequence[float] = (),
) -> Fields:
    """Label the field blocks (in place) and return the fields.

    ``language`` (a BCP 47 tag the caller knows) decides the day/month order of numeric dates
    before the page's own declaration does; ``page_types`` (the page-type model's
    probabilities, HTML only) weigh the headline's candidates."""
    out = Fields()
    _captions(blocks, out, url, meta.title if meta is not None else blocks[0].text if blocks else None)
    # the first body block that reads as a sentence: a title-shaped line above it is a candidate
    first_body = next(
        (b.index for b in blocks if b.label is Label.BODY and b.features.ends_with_punct), len(blocks)
    )
    _timestamp(blocks, first_body, meta, url, now, out, language)
    _byline(blocks, first_body, meta, out)
    head = pick_headline(blocks, first_body, meta, url, page_types)
    if head is not None:
        text, block = head
        out.headline = text
        if block is not None and block.label is Label.CAPTION:
            # the line above a photo's credit was the headline, not the photo's title
            out.captions = [Caption(c.text, c.credit, None) if c.title == block.text else c for c in out.captions]
        if block is not None:
            block.decide(Label.HEADLINE, "headline", block.reason if block.locked else "headline.shape", locked=block.locked)
    return out


def _captions(blocks: Sequence[Block], out: Fields, url: str | None, page_title: str | None) -> None:
    """The photo captions: lines a rule or the markup made captions, and lines that carry a
    credit, with the short line above each as the photo's title. A line that reads as a
    credit but is the page's ``<h1>``, or that the page's address or title names ("Photos:
    New bridge opens" under ``/photos-new-bridge-opens``), is no caption: a credit rule's
    decision on it gives way (``caption.names-page``) and the headline picker weighs it.
    (``page_title``: the page's ``<title>``; in flattened text, the first line, which a converter
    makes of it.)"""
    for i, block in enumerate(blocks):
        explicit = block.label is Label.CAPTION
        if block.label is Label.CHROME and block.locked:
            continue
        if not explicit and (block.features.words > 80 or block.label is Label.HEADLINE):
            continue
        credit = split_credit(block.text)
        if credit is None and not explicit:
            continue
        if credit is not None and (block.heading == 1 or names_the_page(block, url, page_title)):
            if explicit:  # (a credit rule's reading gives way: the line is a headline candidate)
                block.decide(Label.CHROME, "boilerplate", NAMES_PAGE)
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
    signed: bool = False, *, page: Sequence[Block], header: bool = False,
) -> Iterator[tuple[Stamp, Block]]:
    """The blocks that are date lines, with their date. ``scores`` remembers each block's
    date_line_score across the passes of :func:`_visible` (the regexes run once a block).
    With ``signed`` (the header), a line that reads less like a dateline also counts when it
    says whose it is or what the date is: a by-line with a date ("by Jane Doe | Jun 7, 2022 |
    Tyres, Wheels") or a "Published" date among other words. A line made only of dateline
    parts (:func:`_shaped_dateline`) counts wherever it is. ``page`` is every block of the
    page; a date from elsewhere (:func:`_elsewhere`) never counts, nor one in an ``<aside>``
    outside the ``header`` (a sidebar's; a page may put its own dateline in one)."""
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
            if score < (_SIGNED_DATE_LINE if signed else _DATE_LINE) and not _shaped_dateline(block.text):
                continue
        else:
            score = 1.0
        if _NOT_PUBLISHED.match(block.text) or _EMBED_SIGNATURE.search(block.text) or _elsewhere(page, block):
            continue
        if not header and "aside" in block.hints:
            continue
        found = parse_timestamp(block.text, now=now, dayfirst=dayfirst)
        if found is not None and score < _DATE_LINE and not _shaped_dateline(block.text):
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


_DATE_PART = 0.9
"""date_line_score from which a part of a dateline is its date: the date with its prefix and
time alone ("Mis à jour le 05.05.2015 à 08h10"), not a date before a title ("2022-04-12 Link to
Some Page")."""
# The parts of a dateline: "Example Daily | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 08h10".
# (Each branch starts where a run of white space starts: a long run is crossed once.)
_LINE_PARTS = lazy_regex(r"(?<!\s)\s++[|•·–—/]\s++|(?<!\s)\s*+[|•·]\s*+|(?<!\s)\s++-\s++")


def _shaped_dateline(text: str) -> bool:
    """Whether ``text`` is made only of dateline parts, separated by bars, bullets or dashes:
    at least one date (with its "Published"/"Updated" words and its time) and otherwise
    by-lines ("By Jane Doe", "Par Jeanne Dupont et Jean Martin"), names (the publication's, the
    author's) and furniture ("5 min read"). Such a line is a dateline however many names it
    carries, in any language the date parser reads."""
    return len(text) <= 300 and _DIGIT.search(text) is not None and _shaped(text)


@lru_cache(maxsize=4096)
def _shaped(text: str) -> bool:
    """:func:`_shaped_dateline` of a short line with a digit, remembered: the passes over the
    header ask it of the same lines again (4096 lines of at most 300 characters: ~1 MB)."""
    parts = [p for p in (q.strip() for q in _LINE_PARTS.split(text)) if p]
    if not 2 <= len(parts) <= 8:
        return False
    dated = 0
    for part in parts:
        if _DIGIT.search(part) is not None and date_line_score(part) >= _DATE_PART:
            dated += 1
        elif not (is_line_furniture(part) or is_by_line(part) or clean_name(part, date_after=False)):
            return False
    return dated > 0


def _elsewhere(blocks: Sequence[Block], block: Block) -> bool:
    """Whether ``block`` holds content from elsewhere than the page's own text, whose dates
    are not the page's: a quotation (``<blockquote>``), an embedded post, an infobox, a list
    of related stories, a comment, or the value of a label/value row ("Founded | 12 March
    1998") whose label is not the page's date."""
    if block.kind in ("related", "comments"):
        return True
    hints = block.hints
    if not hints:
        return False  # (text input: no markup)
    if "quote" in hints or _foreign_classes(hints):
        return True
    if ("td" in hints or "dd" in hints) and block.index > 0:
        label = _row_label(blocks, block)
        if label is not None and _DATE_LABEL.match(label.text) is None and kind_word(label.text) is None:
            return True
    return False


@lru_cache(maxsize=4096)
def _foreign_classes(hints: frozenset[str]) -> bool:
    """Whether a class or id among ``hints`` names an embed, an infobox or related items (the
    blocks of a container share one set of hints: each set is read once)."""
    return any(
        hint.startswith(("cls:", "id:")) and not _STATE_CLASS.match(hint) and any(w in hint for w in _ELSEWHERE_CLASSES)
        for hint in hints
    )


def _row_label(blocks: Sequence[Block], block: Block) -> Block | None:
    """The label cell of a label/value row: the block right before a table cell or a
    ``<dd>``, when it is a header cell, a ``<dt>``, or a cell that ends in a colon or names
    an event ("Founded:", "Opened"), of a few words without digits. (Any plain cell before a
    date is no label: a forum laid out in a table puts the poster's name there.)"""
    prev = blocks[block.index - 1]
    hints = prev.hints
    if not ("th" in hints or "dt" in hints or ("td" in hints and (prev.text.endswith(":") or _NOT_PUBLISHED.match(prev.text)))):
        return None
    if prev.features.words > 4 or any(ch.isdigit() for ch in prev.text):
        return None
    return prev


def _visible(
    blocks: Sequence[Block], header: Sequence[Block], last_body: int, now: datetime | None,
    dayfirst: bool | None, scores: dict[int, float],
) -> tuple[Stamp | None, Block | None, bool]:
    """A dateline the page shows: in the header (one that says it is the publication date
    before a bare date: a masthead's clock stands above the headline), else one that says it
    is the publication date anywhere ("Posted on ..." under a blog post), else the first
    above the body's end."""
    updated: tuple[Stamp, Block] | None = None
    bare: tuple[Stamp, Block] | None = None
    for found, block in _date_lines(header, now, 40, scores, dayfirst, signed=True, page=blocks, header=True):
        if found.kind == "published":
            return found, block, True
        if found.kind == "updated":
            updated = updated or (found, block)
        else:
            bare = bare or (found, block)
    if bare is not None:
        return (*bare, True)
    for found, block in _date_lines(blocks, now, 25, scores, dayfirst, page=blocks):
        if found.kind == "published":
            return found, block, False
    for found, block in _date_lines(blocks[: last_body + 3], now, 25, scores, dayfirst, page=blocks):
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
    for part, in_header in ((header, True), (blocks[: last_body + 3], False)):
        for found, block in _date_lines(part, now, 40 if in_header else 25, scores, dayfirst, page=blocks, header=in_header):
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
    if block is not None and block.label is Label.BYLINE and block.index + 1 < len(blocks):
        role = blocks[block.index + 1]
        if role.label is Label.BODY and not role.locked and _ROLE_LINE.fullmatch(role.text.strip()):
            role.decide(Label.BYLINE, "byline", "byline.role")


_ROLE_LINE = lazy_regex(
    r"(?i)\A(?:[\w.&'’-]++\s++){0,4}+(?:staff|writer|reporter|correspondent|editor|columnist|contributor|critic"
    r"|photographer|chief)s?\Z"
)
"""The line under a by-line that gives the author's job ("Staff Writer", "Associated Press
Writer", "Senior Correspondent"): a few words ending in a newsroom role. It is part of the
by-line, not of the story."""
