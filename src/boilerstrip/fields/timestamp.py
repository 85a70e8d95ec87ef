"""Dates and times in page text, metadata values and URLs.

Five pure functions, every pattern compiled once at import:

- :func:`parse_timestamp` / :func:`find_timestamps`: the first / every date mention in a
  piece of page text, with its time, zone, "Published"/"Updated" prefix and the text as written.
- :func:`date_line_score`: how much a line *is* a date line (a dateline, a byline with a date)
  rather than a sentence that mentions a date.
- :func:`parse_iso_like`: a metadata value (ISO 8601, RFC 2822, or any form the text parser
  reads), with junk around it.
- :func:`date_from_url`: ``/2024/04/19/``, ``/2024-04-19-slug``, ``/20240419/`` in a URL path.

Rules a caller must know
------------------------
- **Day/month order.** Numeric dates with the year last are read month-first when the
  separator is ``/`` (``04/05/2024`` is April 5, the US habit) and day-first when it is ``.``
  or ``-`` (``04.05.2024`` and ``04-05-2024`` are May 4). When the preferred reading is
  impossible and the other is not (``19/04/2024``), the possible one is taken. Callers that
  know the page's language may pass ``dayfirst=True``/``False`` to override the default;
  :func:`dayfirst_for` gives it from a language tag (``en-US`` month first, ``en-GB`` and
  most other languages day first).
  Year-first dates (``2024/04/05``, ``2024-04-05``) are always year-month-day.
- **Two-digit years** (``19.04.24``, ``04/19/24``) are read only when day and month are both
  written with two digits (so a version number like ``1.12.24`` is not a date);
  ``90``-``99`` mean the 1990s and ``00``-``89`` the 2000s.
- **Bounds.** Dates before :data:`EARLIEST_YEAR` or more than :data:`MAX_FUTURE` after ``now``
  (the current time when ``now`` is ``None``) are rejected, as are impossible ones
  (February 30, month 13, hour 25; an impossible stated time rejects the whole date).
- **Zones.** A date is aware only when its text states a zone or an offset; ``ET``/``CT``/
  ``MT``/``PT`` follow the US daylight-saving rule for the date; ``IST`` is India, ``CST`` US
  Central, ``BST`` British Summer Time. Date-only stamps are naive midnight.
- **Relative dates** ("3 hours ago", "vor 2 Tagen", "yesterday at 4:19 pm") are resolved
  against ``now`` and skipped when ``now`` is ``None``. Seconds to weeks only: "2 months ago"
  does not give a day. A bare day word ("yesterday", "heute", "hier") counts only with a time
  after it or a "Published"/"Updated" prefix before it, because the words are common in prose
  (and "hier" is German and Dutch for "here"). The result carries ``now``'s ``tzinfo``.
- **Never a bare number.** Every form needs date punctuation, a month word or a CJK date
  mark; a price, a count ("16,000"), an id or an epoch number is never a date.

>>> s = parse_timestamp("04/19/2024 04:19:49 pm")
>>> s.value, s.text, s.has_time
(datetime.datetime(2024, 4, 19, 16, 19, 49), '04/19/2024 04:19:49 pm', True)
>>> parse_timestamp("Published: April 19, 2024 4:19 PM ET").value.isoformat()
'2024-04-19T16:19:00-04:00'
>>> parse_timestamp("Mis à jour le 19 avril 2024 à 16h19").kind
'updated'
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from urllib.parse import urlsplit

from .._lazyre import lazy_re
from . import _datewords as words
from ._datewords import fold as _fold_word

__all__ = [
    "EARLIEST_YEAR",
    "MAX_FUTURE",
    "Stamp",
    "date_from_url",
    "date_line_score",
    "dayfirst_for",
    "find_timestamps",
    "is_line_furniture",
    "is_month_word",
    "is_plausible",
    "kind_word",
    "parse_iso_like",
    "parse_timestamp",
    "swap_day_month",
]

EARLIEST_YEAR = 1990
"""Dates before January 1 of this year are rejected: the web pages this library reads were
published later, and older years in page text are history ("the 1989 revolution"), not
publication dates. Metadata junk such as ``1970-01-01`` (epoch zero) falls under it too."""

MAX_FUTURE = timedelta(days=2)
"""How far after ``now`` a date may lie. Time zones alone can put a fresh article's date a
day ahead of the reader's clock; anything further is an event date, not a publication date."""

_TWO_DIGIT_PIVOT = 90
"""Two-digit years at or above this are 19xx, below it 20xx (matches :data:`EARLIEST_YEAR`)."""


@dataclass(frozen=True, slots=True)
class Stamp:
    """One date (and time) found in text.

    ``value`` is aware when the text states a zone or an offset, else naive; a stamp without
    a time is midnight. ``text`` is the matched text exactly as written (weekday, time and
    zone included, the "Published" prefix not). ``kind`` is ``"published"``, ``"updated"``
    or ``None`` by the prefix before the date. ``relative`` marks dates resolved against
    ``now`` ("3 hours ago").
    """

    value: datetime
    text: str
    has_time: bool
    kind: str | None
    relative: bool


# --------------------------------------------------------------------------------------
# Lookup tables, folded once.


# Month, weekday and unit words repeat endlessly across pages: remember their folded forms.
fold = functools.lru_cache(maxsize=4096)(_fold_word)


def _fold_map(pairs: Iterable[tuple[str, int]]) -> dict[str, int]:
    return {fold(key): value for key, value in pairs}


_MONTH: dict[str, int] = _fold_map(
    (form, number)
    for months in words.MONTHS.values()
    for number, forms in enumerate(months, start=1)
    for form in forms
)
_WEEKDAY: frozenset[str] = frozenset(
    fold(form) for days in words.WEEKDAYS.values() for forms in days for form in forms
)
_UNIT: dict[str, int] = _fold_map(words.UNITS.items())
_NUMBER: dict[str, int] = _fold_map(words.NUMBER_WORDS.items())
_DAY_WORD: dict[str, int] = _fold_map(words.DAY_WORDS.items())
_KIND: dict[str, str] = {fold(key): kind for key, kind in words.KIND_PREFIXES.items()}

_UTC = timezone.utc
_FIXED: dict[int, tzinfo] = {}


def is_month_word(word: str) -> bool:
    """Whether ``word`` is a month name or abbreviation in a supported language.

    >>> is_month_word("Sept"), is_month_word("März"), is_month_word("Doe")
    (True, True, False)
    """
    return fold(word.rstrip(".")) in _MONTH


def kind_word(word: str) -> str | None:
    """``"published"``/``"updated"`` when ``word`` alone is such a prefix ("Updated"), else None."""
    return _KIND.get(fold(word.rstrip(":")))


def _offset(minutes: int) -> tzinfo:
    """A shared fixed-offset zone (``timezone.utc`` for 0)."""
    if minutes == 0:
        return _UTC
    zone = _FIXED.get(minutes)
    if zone is None:
        zone = _FIXED.setdefault(minutes, timezone(timedelta(minutes=minutes)))
    return zone


def _alt(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first so that "a las" beats "a";
    a space in a phrase stands for a short run of white space."""
    unique = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(re.escape(p).replace(r"\ ", r"\s{1,3}") for p in unique)


def _is_cjk(phrase: str) -> bool:
    return any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in phrase)


# --------------------------------------------------------------------------------------
# Patterns. Every repetition is bounded ({0,3}, {1,2}, ...) and no group repeats, so the
# work at one start position is bounded and a scan is linear in the text's length.

_SP = r"[ \t\u00a0\u202f]"  # horizontal white space, incl. no-break spaces
_L = r"[^\W\d_]"  # one letter, any script
_NOT_L_BEFORE = rf"(?<!{_L})"
_NOT_L_AFTER = rf"(?!{_L})"

# The date itself. Every written date holds a digit, so the scan jumps from one run of
# digits to the next (a C-speed search) and only there tries two anchored patterns: the
# forms that start with the digits (CJK, year first, year last, day-month-year,
# year-month-day as in citations "2023 Jan 7") and, when a
# word sits right before the digits, month-day-year. The month word is any run of letters
# here and is checked against the month table afterwards: a dict lookup is far cheaper
# than a 300-way alternation, and prose with no digit costs one search.
_DIGIT_FIRST = lazy_re(
    rf"""
    (?P<cjk>(?P<cy>\d{{4}}){_SP}{{0,2}}[年년]{_SP}{{0,2}}(?P<cm>\d{{1,2}}){_SP}{{0,2}}[月월]
        {_SP}{{0,2}}(?P<cd>\d{{1,2}}){_SP}{{0,2}}[日일号號])
  | (?P<ymd>(?<![.,:/+-])(?P<yy>\d{{4}})(?P<ys>[-/.])(?P<ym>\d{{1,2}})(?P=ys)(?P<yd>\d{{1,2}})
        (?!\d|[-/.,]\d))
  | (?P<num>(?<![.,:/+-])(?P<na>\d{{1,2}})(?P<ns>[-/.])(?P<nb>\d{{1,2}})(?P=ns)(?P<nc>\d{{4}}|\d{{2}})
        (?!\d|[-/.,:]\d))
  | (?P<dmy>(?<![.,:/+-])(?P<dd>\d{{1,2}})(?:st|nd|rd|th|er|re|e|º|°|ª)?\.?[\s/-]{{0,3}}
        (?:(?:de|of)\s{{1,3}})?(?P<dm>{_L}{{2,15}})\.?(?:,?[\s/-]{{1,3}}|,)(?:(?:de|del)\s{{1,3}})?
        (?P<dy>\d{{4}})(?!\d))
  | (?P<ywd>(?<![.,:/+-])(?P<wy>\d{{4}}),?{_SP}{{1,2}}(?P<wm>{_L}{{2,15}})\.?{_SP}{{1,2}}(?P<wd>\d{{1,2}})
        (?:st|nd|rd|th)?(?!\d|[.,:/]\d))
    """,
    re.VERBOSE | re.IGNORECASE,
)
_MONTH_FIRST = lazy_re(
    rf"""
    (?P<mdy>(?P<mm>{_L}{{2,15}})\.?[\s-]{{0,3}}(?P<md>\d{{1,2}})(?:st|nd|rd|th)?
        (?:,?[\s/-]{{1,3}}|,|\.{_SP}{{0,2}})(?P<my>\d{{4}})(?!\d))
    """,
    re.VERBOSE | re.IGNORECASE,
)
_DIGITS = lazy_re(r"\d+")

# What may follow the year and still belong to the date: "2024 г.", "2024 года", "2024 r.",
# a Japanese or Chinese weekday "(金)", "星期五".
_AFTER_DATE = lazy_re(
    rf"""
    {_SP}{{0,2}}(?:года|г\.|г{_NOT_L_AFTER}|r\.|roku{_NOT_L_AFTER})
  | {_SP}{{0,2}}[(（](?:[日月火水木金土]|星期[一二三四五六日天]|周[一二三四五六日天])[)）]
  | {_SP}{{0,2}}(?:星期|周)[一二三四五六日天]
    """,
    re.VERBOSE | re.IGNORECASE,
)

# A time of day. Forms: 16:19(:49(.123)), 4.19 pm / 16.19 Uhr (a dot needs a suffix or a
# connector word to be a time), 16h19, 4 pm / 16 Uhr / 16h, 16時19分; am/pm and "Uhr"/"h"
# suffixes; Chinese, Japanese, Korean am/pm words before the time.
_TIME = rf"""
    (?:(?P<pap>上午|下午|午前|午後|오전|오후){_SP}{{0,2}})?
    (?:
        (?P<h1>\d{{1,2}}):(?P<m1>\d{{2}})(?::(?P<s1>\d{{2}})(?:[.,](?P<f1>\d{{1,9}}))?)?(?![\d:])
      | (?P<h2>\d{{1,2}})\.(?P<m2>\d{{2}})(?![\d.])
      | (?P<h3>\d{{1,2}}){_SP}?h{_SP}?(?P<m3>\d{{2}})(?!\d)
      | (?P<h5>\d{{1,2}})[時时点點](?:(?P<m5>\d{{1,2}})分)?(?:(?P<s5>\d{{1,2}})秒)?
      | (?P<h4>\d{{1,2}})(?=\s{{0,2}}(?:[ap]\.?\s?m\b|uhr\b|h\b))
    )
    (?:{_SP}{{0,2}}(?P<ap>[ap])(?:\.{_SP}?m\b\.?|{_SP}?m\b))?
    (?:{_SP}{{0,2}}(?P<sfx>uhr|h)\b)?
"""

# A zone after a time: Z (attached), an offset (+02:00, +0200, UTC+2, GMT-05:30), or an
# upper-case abbreviation from the table, with or without parentheses.
_ZONE = rf"""
    (?P<zone>
        (?P<zz>(?-i:Z))(?!{_L})
      | {_SP}{{0,2}}\(?(?:(?P<zpre>(?-i:UTC|GMT|UT)){_SP}?)?(?P<zoff>[+\-−]\d{{1,2}}(?::?\d{{2}})?)(?!\d)\)?
      | {_SP}{{0,2}}\(?(?P<zabbr>(?-i:[A-Z]{{1,5}}))(?!{_L})\)?
    )?
"""

_CONNECTOR = _alt(words.TIME_CONNECTORS)

_TIME_AFTER = lazy_re(
    rf"""
    (?:(?P<iso>T)(?=\d)
      | {_SP}{{0,3}}(?:[,;|@·•/\-–—]{_SP}{{0,3}})?(?:(?P<conn>{_CONNECTOR}){_SP}{{1,3}})?)
    (?P<time>{_TIME})
    {_ZONE}
    """,
    re.VERBOSE | re.IGNORECASE,
)

_TIME_BEFORE = lazy_re(
    rf"""
    (?<![\d:.])(?P<time>{_TIME}){_ZONE}
    {_SP}{{0,3}}(?:[,;|@·•/\-–—]|on|le|el|am|de)?{_SP}{{0,3}}\Z
    """,
    re.VERBOSE | re.IGNORECASE,
)

_WEEKDAY_BEFORE = lazy_re(
    rf"""
    {_NOT_L_BEFORE}(?P<wd>{_L}{{2,13}}(?:-{_L}{{4,5}})?)\.?{_SP}{{0,2}},?\s{{0,3}}
    (?:(?:den|le|el|the|il|de)\s{{1,3}})?\Z
    """,
    re.VERBOSE | re.IGNORECASE,
)

# Plain (case-sensitive) alternation over the lower-cased window: see _REL_ANCHOR below for
# why; the boundaries of each hit are checked in _kind_before.
_KIND_RE = lazy_re(_alt(k.lower() for k in words.KIND_PREFIXES))
_KIND_RE_ANYCASE = lazy_re(_KIND_RE.pattern, re.IGNORECASE)
# A sentence end between a prefix and its date: then the prefix belongs to something else.
# (A dot after a capital is an initial, "By J. Doe on ...", and does not count.)
_SENTENCE_END = lazy_re(r"(?<![A-Z])[.!?](?=\s)|[。！？]")

# Relative dates: an anchor word, then a bounded look at its neighbours.
# Case-insensitive matching of an alternation is ten times slower in `re` than exact
# matching, and a leading look-behind is tried at every position, so the anchor is a plain
# alternation run on the lower-cased text (the same length in all but a few scripts; the
# slow pattern is kept for those) and word boundaries are checked on each hit.
_REL_ANCHOR_SOURCE = "|".join(
    (
        _alt(words.AGO_AFTER),
        _alt(words.AGO_BEFORE),
        _alt(k for k in words.DAY_WORDS if _is_cjk(k)),
        "前",
        _alt(k.lower() for k in words.DAY_WORDS if not _is_cjk(k)),
    )
)  # no groups: capturing groups make this search twice as slow; hits are classified below
_REL_ANCHOR = lazy_re(_REL_ANCHOR_SOURCE)
_REL_ANCHOR_ANYCASE = lazy_re(_REL_ANCHOR_SOURCE, re.IGNORECASE)
_AGO_AFTER = frozenset(words.AGO_AFTER)
_AGO_BEFORE = frozenset(words.AGO_BEFORE)
_REL_COUNT_AFTER = lazy_re(
    rf"{_SP}{{1,2}}(?:(?P<n>\d{{1,3}}|{_L}{{1,8}}){_SP}{{1,2}})?(?P<u>{_L}{{1,10}}){_NOT_L_AFTER}"
)
_CJK_UNITS = sorted((u for u in words.UNITS if _is_cjk(u)), key=len, reverse=True)
_REL_CJK_BEFORE = lazy_re(
    rf"(?<!\d)(?P<n>\d{{1,3}}){_SP}?(?P<u>{'|'.join(map(re.escape, _CJK_UNITS))})\Z"
)

# Metadata: ISO 8601 extended and basic forms.
_ISO = lazy_re(
    r"""
    (?<!\d)(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})
    (?:[T\x20](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,9}))?)?
       \x20?(?P<z>[Zz]|[+\-]\d{2}(?::?\d{2})?|UTC|GMT)?)?
    (?![\d:])
    """,
    re.VERBOSE,
)
_ISO_BASIC = lazy_re(
    r"^\s*(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})"
    r"(?:T(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})?(?:[.,](?P<f>\d{1,9}))?(?P<z>[Zz]|[+\-]\d{4})?)?\s*$"
)

# URLs: a date made of whole path segments (or a slug's leading date); a lone year, a
# year/month or an arbitrary number is never one.
_URL_DATE = lazy_re(
    r"""
    (?<=/)(?:
        (?P<y1>(?:19|20)\d{2})/(?P<m1>\d{1,2})/(?P<d1>\d{1,2})(?=[/_.\-]|$)
      | (?P<y2>(?:19|20)\d{2})/(?P<mon2>[A-Za-z]{3,9})/(?P<d2>\d{1,2})(?=[/_.\-]|$)
    )
  | (?<=[/_\-])(?:
        (?P<y3>(?:19|20)\d{2})(?P<s3>[-_])(?P<m3>\d{2})(?P=s3)(?P<d3>\d{2})(?=[/_.\-]|$)
      | (?P<y4>(?:19|20)\d{2})(?P<m4>[01]\d)(?P<d4>[0-3]\d)(?=[/_.\-]|$)
    )
    """,
    re.VERBOSE,
)


# --------------------------------------------------------------------------------------
# Building blocks.


def _make_date(year: int, month: int, day: int) -> date | None:
    """The date, or None when it does not exist (month 13, February 30)."""
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1 <= year <= 9999):
        return None
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _nth_sunday(year: int, month: int, n: int) -> date:
    """The n-th Sunday of the month; n = -1 for the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() + 1) % 7)


def _us_dst(day: date) -> bool:
    """Whether US daylight saving time is in force on ``day`` (rules of 1987 and 2007)."""
    if day.year >= 2007:
        start, end = _nth_sunday(day.year, 3, 2), _nth_sunday(day.year, 11, 1)
    else:
        start, end = _nth_sunday(day.year, 4, 1), _nth_sunday(day.year, 10, -1)
    return start <= day < end


def _two_digit_year(yy: int) -> int:
    return 1900 + yy if yy >= _TWO_DIGIT_PIVOT else 2000 + yy


@dataclass(frozen=True, slots=True)
class _Time:
    """A parsed time with the zone written after it (``zone`` None when none is)."""

    clock: time
    zone: tzinfo | None
    end: int  # where the time (and zone) ends in the text


_BAD = object()  # a time that is written clearly but impossible: reject the whole date


def _read_time(
    m: re.Match[str], on: date, *, connector: bool, iso: bool
) -> _Time | object | None:
    """Turn a _TIME(+_ZONE) match into a :class:`_Time`.

    Returns None when the match is not really a time ("12.50" with no suffix), and _BAD
    when it clearly is one but cannot exist (25:10).
    """
    g = m.groupdict()
    ampm = (g["ap"] or "").lower()
    if g["pap"]:
        ampm = "p" if g["pap"] in ("下午", "午後", "오후") else "a"
    sfx = g["sfx"]
    second = micro = 0
    strong = False
    if g["h1"] is not None:
        hour, minute, strong = int(g["h1"]), int(g["m1"]), True
        if g["s1"]:
            second = int(g["s1"])
        if g["f1"]:
            micro = int(g["f1"][:6].ljust(6, "0"))
    elif g["h2"] is not None:
        if not (ampm or sfx or connector):
            return None
        hour, minute = int(g["h2"]), int(g["m2"])
    elif g["h3"] is not None:
        hour, minute, strong = int(g["h3"]), int(g["m3"]), True
    elif g["h5"] is not None:
        hour, minute, strong = int(g["h5"]), int(g["m5"] or 0), True
        second = int(g["s5"] or 0)
    else:
        if not (ampm or sfx):
            return None
        hour, minute = int(g["h4"]), 0
    if ampm:
        if strong and ((ampm == "p" and 13 <= hour <= 23) or (ampm == "a" and hour == 0)):
            pass  # a 24-hour clock with a needless suffix ("17:19 PM", "00:30 AM"): it says one time
        elif not 1 <= hour <= 12:
            return _BAD if strong else None
        else:
            hour = hour % 12 + (12 if ampm == "p" else 0)
    if not (hour <= 23 and minute <= 59 and second <= 59):
        return _BAD if strong else None

    end = m.end("time")
    zone: tzinfo | None = None
    if g["zone"]:
        zone = _read_zone(g, on, iso=iso)
        if zone is not None:
            end = m.end("zone")
            if m.group("zone").endswith(")") and "(" not in m.group("zone"):
                end -= 1  # the ")" closes something opened before the date
    # A trailing space or dot of "p.m. " is part of the match but not of the time.
    while end > m.start("time") and m.string[end - 1] in " \t\u00a0\u202f":
        end -= 1
    return _Time(time(hour, minute, second, micro), zone, end)


def _read_zone(g: dict[str, str | None], on: date, *, iso: bool) -> tzinfo | None:
    if g["zz"]:
        return _UTC
    if g["zoff"]:
        raw = g["zoff"].replace("−", "-")
        sign = -1 if raw[0] == "-" else 1
        digits = raw[1:].replace(":", "")
        # A bare "-5" after a time is as likely a list or a score as an offset.
        if not (g["zpre"] or ":" in raw or len(digits) == 4 or (iso and len(digits) == 2)):
            return None
        if len(digits) <= 2:
            hours, minutes = int(digits), 0
        else:
            hours, minutes = int(digits[:-2]), int(digits[-2:])
        if hours > 14 or minutes > 59:
            return None
        return _offset(sign * (hours * 60 + minutes))
    abbr = g["zabbr"]
    if abbr:
        if abbr in words.ZONES:
            return _offset(words.ZONES[abbr])
        if abbr in words.US_ZONES:
            return _offset(words.US_ZONES[abbr] + (60 if _us_dst(on) else 0))
    return None


def _time_after(text: str, pos: int, on: date) -> _Time | object | None:
    m = _TIME_AFTER.match(text, pos)
    if m is None:
        return None
    return _read_time(m, on, connector=bool(m.group("conn")), iso=bool(m.group("iso")))


def _kind_before(text: str, lo: int, start: int) -> tuple[str | None, int]:
    """The kind named by a prefix shortly before ``start`` (and where the prefix starts)."""
    base = max(lo, start - 60)
    window = text[base:start]
    lower = window.lower()
    pattern = _KIND_RE if len(lower) == len(window) else _KIND_RE_ANYCASE
    last = None
    for m in pattern.finditer(lower if pattern is _KIND_RE else window):
        a, b = base + m.start(), base + m.end()
        if m.group()[0] < "\u3040" and (
            (a > 0 and text[a - 1].isalpha())
            or (b < len(text) and text[b].isalpha() and text[b - 1] != ":")
        ):
            continue  # part of a longer word ("updatedness", "reposted")
        last = (a, b)
    if last is None:
        return None, start
    gap = text[last[1] : start]
    if len(gap) > 40 or _SENTENCE_END.search(gap):
        return None, start
    key = fold(" ".join(text[last[0] : last[1]].split()))
    return _KIND.get(key), last[0]


_SPACES = frozenset(" \t\u00a0\u202f")


def _token_before(text: str, lo: int, end: int, *, digits: bool) -> tuple[int, str] | None:
    """The word (or, with ``digits``, the number) that ends one or two spaces before ``end``.

    A small backward reader for "<count> <unit> ago": regex has no backward matching, and a
    search for a pattern ending at ``end`` would retry at every position of the window.
    """
    j = end
    while j > lo and end - j < 2 and text[j - 1] in _SPACES:
        j -= 1
    if j == end:
        return None
    if text[j - 1] == "." and not digits:
        j -= 1  # "3 Std. ago" is not a thing, but "3 hrs. ago" is
    stop = j
    if digits and text[j - 1 : j].isdigit():
        while j > lo and stop - j < 3 and text[j - 1].isdigit():
            j -= 1
        if j > lo and text[j - 1].isdigit():
            return None
    else:
        while j > lo and stop - j < 10 and text[j - 1].isalpha():
            j -= 1
        if j > lo and text[j - 1].isalpha():
            return None
    if j == stop:
        return None
    return j, text[j:stop]


@dataclass(frozen=True, slots=True)
class _Hit:
    """A stamp with where it sits in the text (the prefix included in ``lead``)."""

    stamp: Stamp
    start: int
    end: int
    lead: int


def _absolute(text: str, m: re.Match[str], lo: int, dayfirst: bool | None) -> _Hit | None:
    """Build a hit from a _DIGIT_FIRST or _MONTH_FIRST match, or None when it is not a real date."""
    form = m.lastgroup
    g = m.groupdict()
    if form == "cjk":
        day = _make_date(int(g["cy"]), int(g["cm"]), int(g["cd"]))
    elif form == "ymd":
        day = _make_date(int(g["yy"]), int(g["ym"]), int(g["yd"]))
    elif form == "num":
        a, b, c, sep = g["na"], g["nb"], g["nc"], g["ns"]
        if len(c) == 2:
            if len(a) != 2 or len(b) != 2:
                return None
            year = _two_digit_year(int(c))
        else:
            year = int(c)
        first = dayfirst if dayfirst is not None else sep != "/"
        d_, m_ = (int(a), int(b)) if first else (int(b), int(a))
        day = _make_date(year, m_, d_) or _make_date(year, d_, m_)
    elif form == "dmy":
        month = _MONTH.get(fold(g["dm"]))
        day = _make_date(int(g["dy"]), month, int(g["dd"])) if month else None
    elif form == "ywd":
        month = _MONTH.get(fold(g["wm"]))
        day = _make_date(int(g["wy"]), month, int(g["wd"])) if month else None
    else:  # mdy
        month = _MONTH.get(fold(g["mm"]))
        day = _make_date(int(g["my"]), month, int(g["md"])) if month else None
    if day is None:
        return None

    start, end = m.start(), m.end()
    tail = _AFTER_DATE.match(text, end)
    if tail is not None:
        end = tail.end()

    stated = _time_after(text, end, day)
    if stated is _BAD:
        return None

    w = _WEEKDAY_BEFORE.search(text, max(lo, start - 24), start)
    if w is not None and fold(w.group("wd")) in _WEEKDAY:
        start = w.start()

    if stated is None:
        b = _TIME_BEFORE.search(text, max(lo, start - 40), start)
        if b is not None:
            early = _read_time(b, day, connector=False, iso=False)
            if early is _BAD:
                return None
            # Before a date only unmistakable times count ("4:19 PM ET, April 19").
            if isinstance(early, _Time) and (
                b.group("h1") or b.group("h3") or b.group("ap") or b.group("pap")
            ):
                stated = _Time(early.clock, early.zone, end)
                start = b.start()
    elif isinstance(stated, _Time):
        end = stated.end

    if isinstance(stated, _Time):
        value = datetime.combine(day, stated.clock, stated.zone)
        has_time = True
    else:
        value = datetime(day.year, day.month, day.day)
        has_time = False
    prefix, lead = _kind_before(text, lo, start)
    stamp = Stamp(value, text[start:end], has_time, prefix, False)
    return _Hit(stamp, start, end, min(lead, start))


def _relative(text: str, now: datetime, lo_bound: int) -> list[_Hit]:
    """Relative dates in ``text``, resolved against ``now``."""
    hits: list[_Hit] = []
    lo = lo_bound
    lower = text.lower()
    anchors = (
        _REL_ANCHOR.finditer(lower)
        if len(lower) == len(text)
        else _REL_ANCHOR_ANYCASE.finditer(text)
    )
    for a in anchors:
        start, end = a.start(), a.end()
        if start < lo:
            continue
        found = " ".join(a.group().lower().split())
        cjk = _is_cjk(found)
        if not cjk and (
            (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end].isalpha())
        ):
            continue  # inside a word ("ago" in "agog", "fa" in "fast")
        seconds: int | None = None
        count = 1
        day_back: int | None = None
        if found in _AGO_AFTER:
            u = _token_before(text, lo, start, digits=False)
            unit = _UNIT.get(fold(u[1])) if u is not None else None
            if u is None or unit is None:
                continue
            n = _token_before(text, lo, u[0], digits=True)
            count_ok = _count(n[1]) if n is not None else 1
            if count_ok is None:
                continue
            seconds, count, start = unit, count_ok, (n[0] if n is not None else u[0])
        elif found in _AGO_BEFORE:
            c = _REL_COUNT_AFTER.match(text, end)
            if c is None:
                continue
            unit, count_ok = _UNIT.get(fold(c.group("u"))), _count(c.group("n"))
            if unit is None or count_ok is None:
                continue
            seconds, count, end = unit, count_ok, c.end()
        elif found == "前":
            c = _REL_CJK_BEFORE.search(text, max(lo, start - 8), start)
            if c is None:
                continue
            seconds, count, start = _UNIT[c.group("u")], int(c.group("n")), c.start()
        else:
            day_back = _DAY_WORD[fold(found)]

        if seconds is not None:
            try:
                value = now - timedelta(seconds=seconds * count)
            except OverflowError:
                continue  # before year 1 (a ``now`` at the start of the datetime range)
            has_time = seconds < 86400
            if not has_time:
                value = value.replace(hour=0, minute=0, second=0, microsecond=0)
        else:
            assert day_back is not None
            try:
                on = now.date() - timedelta(days=day_back)
            except OverflowError:
                continue
            stated = _time_after(text, end, on)
            if not isinstance(stated, _Time) and _kind_before(text, lo, start)[0] is None:
                continue  # a day word alone is prose, not a date line
            if isinstance(stated, _Time):
                zone = stated.zone if stated.zone is not None else now.tzinfo
                value = datetime.combine(on, stated.clock, zone)
                has_time, end = True, stated.end
            else:
                value = datetime(on.year, on.month, on.day, tzinfo=now.tzinfo)
                has_time = False
        prefix, lead = _kind_before(text, lo, start)
        hits.append(_Hit(Stamp(value, text[start:end], has_time, prefix, True), start, end, lead))
        lo = end
    return hits


def _count(word: str | None) -> int | None:
    if word is None:
        return 1
    if word.isdigit():
        return int(word)
    return _NUMBER.get(fold(word))


_GAP = frozenset(" \t\n\r\f\v\u00a0\u202f-")


def _word_before(text: str, at: int, lo: int) -> int | None:
    """Where a word ends up to three spaces (and a dot) before ``at`` starts, if one does:
    the start of a possible "April 19" (the same shape _MONTH_FIRST asks for)."""
    j = at
    while j > lo and at - j < 3 and text[j - 1] in _GAP:
        j -= 1
    if j > lo and text[j - 1] == ".":
        j -= 1
    end = j
    while j > lo and end - j <= 15 and text[j - 1].isalpha():
        j -= 1
    if end - j < 2 or end - j > 15 or (j > 0 and text[j - 1].isalpha()):
        return None
    return j


def _scan(text: str, now: datetime | None, dayfirst: bool | None) -> list[_Hit]:
    """Every date in ``text``, in order, before any bounds are applied."""
    hits: list[_Hit] = []
    pos = lo = 0
    while True:
        run = _DIGITS.search(text, pos)
        if run is None:
            break
        hit = None
        at = run.start()
        word = _word_before(text, at, lo)
        if word is not None:
            m = _MONTH_FIRST.match(text, word)
            if m is not None:
                hit = _absolute(text, m, lo, dayfirst)
        if hit is None:
            m = _DIGIT_FIRST.match(text, at)
            if m is not None:
                hit = _absolute(text, m, lo, dayfirst)
        if hit is None:
            # No date starts at this run (a date never starts inside a run of digits).
            pos = run.end()
            continue
        hits.append(hit)
        pos = lo = hit.end
    if now is not None:
        rel = _relative(text, now, 0)
        if rel:
            taken = [(h.start, h.end) for h in hits]
            for r in rel:
                if all(r.end <= s or r.start >= e for s, e in taken):
                    hits.append(r)
            hits.sort(key=lambda h: h.start)
    return hits


def is_plausible(value: datetime, *, now: datetime | None = None) -> bool:
    """Whether ``value`` may be a publication date: not before :data:`EARLIEST_YEAR` and not
    more than :data:`MAX_FUTURE` after ``now`` (the current time when ``now`` is None).

    Aware and naive values are compared by their wall-clock times; the two-day margin is
    wider than any zone difference.

    >>> is_plausible(datetime(1989, 12, 31))
    False
    >>> is_plausible(datetime(2024, 4, 21), now=datetime(2024, 4, 19))
    True
    >>> is_plausible(datetime(2024, 4, 22), now=datetime(2024, 4, 19))
    False
    """
    if value.year < EARLIEST_YEAR:
        return False
    if now is None:
        now = datetime.now(_UTC) if value.tzinfo is not None else datetime.now()
    if (value.tzinfo is None) != (now.tzinfo is None):
        value, now = value.replace(tzinfo=None), now.replace(tzinfo=None)
    if now > datetime.max.replace(tzinfo=now.tzinfo) - MAX_FUTURE:
        return True  # ``now`` at the end of the datetime range: nothing lies after the limit
    return value <= now + MAX_FUTURE


# --------------------------------------------------------------------------------------
# Public functions.


def find_timestamps(
    text: str, *, now: datetime | None = None, dayfirst: bool | None = None
) -> list[Stamp]:
    """Every date mention in ``text``, in order.

    Relative dates need ``now``; dates outside the bounds (see :func:`is_plausible`) are
    left out. ``dayfirst`` overrides the default day/month order of numeric dates.

    >>> [s.text for s in find_timestamps("Posted 19.04.2024, updated 04/20/2024 9:05 am.")]
    ['19.04.2024', '04/20/2024 9:05 am']
    """
    return [h.stamp for h in _scan(text, now, dayfirst) if is_plausible(h.stamp.value, now=now)]


def parse_timestamp(
    text: str, *, now: datetime | None = None, dayfirst: bool | None = None
) -> Stamp | None:
    """The first date in ``text`` (see :func:`find_timestamps`), or None.

    >>> parse_timestamp("Aktualisiert am Freitag, 19. April 2024, 16:19 Uhr").value
    datetime.datetime(2024, 4, 19, 16, 19)
    >>> parse_timestamp("vor 3 Stunden", now=datetime(2024, 4, 19, 12, 0)).value
    datetime.datetime(2024, 4, 19, 9, 0)
    >>> parse_timestamp("sold 16,000 copies for 4.99") is None
    True
    """
    for hit in _scan(text, now, dayfirst):
        if is_plausible(hit.stamp.value, now=now):
            return hit.stamp
    return None


_MONTH_FIRST_REGIONS = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "mp", "pr", "vi", "um"})
"""Regions of English that write the month first (``04/19/2024``): the United States and the
places that follow its usage. Canada writes both, so it keeps the default."""
_YEAR_FIRST = frozenset({"zh", "ja", "ko", "hu", "lt", "mn"})
_NEITHER = frozenset({"en", "und", ""})


def dayfirst_for(language: str | None) -> bool | None:
    """The day/month order of numeric dates in a page of ``language`` (a BCP 47 tag such as
    ``html lang`` or ``og:locale`` give): ``False`` for US English, ``True`` for regional
    English elsewhere and for languages that write the day first, ``None`` (the separator
    decides, see the module's rules) for plain ``en``, an unknown tag, and languages that
    write the year first.

    >>> dayfirst_for("en-US"), dayfirst_for("en_GB"), dayfirst_for("de-DE"), dayfirst_for("en"), dayfirst_for(None)
    (False, True, True, None, None)
    """
    if not language:
        return None
    parts = language.strip().lower().replace("_", "-").split("-")
    base = parts[0]
    if (base in _NEITHER and len(parts) == 1) or base in _YEAR_FIRST or not base.isalpha() or len(base) > 3:
        return None
    if base == "en":
        region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), None)
        if region is None or region == "ca":
            return None
        return region not in _MONTH_FIRST_REGIONS
    return True


def swap_day_month(stamp: Stamp) -> datetime | None:
    """The other reading of an all-numeric date whose day and month could be either
    (``03/09/2026``: March 9 or September 3), or ``None`` when the text leaves no doubt
    (a month name, ISO year-first order, a day above 12).

    >>> swap_day_month(parse_timestamp("03/09/2026")).date()
    datetime.date(2026, 9, 3)
    >>> swap_day_month(parse_timestamp("March 9, 2026")) is None
    True
    """
    m = _AMBIGUOUS.search(stamp.text)
    value = stamp.value
    if m is None or value.day > 12 or value.day == value.month:
        return None
    return value.replace(day=value.month, month=value.day)


_AMBIGUOUS = lazy_re(r"(?<![\d.\-/])(?:0?[1-9]|1[0-2])[./-](?:0?[1-9]|1[0-2])[./-](?:\d{4}|\d{2})(?![\d.\-/])")


def parse_iso_like(text: str, *, now: datetime | None = None, dayfirst: bool | None = None) -> Stamp | None:
    """A metadata value (``datePublished``, ``article:published_time``, ``<time datetime>``).

    Reads ISO 8601 (extended or basic; with or without a zone, ``Z``, fractional seconds;
    date-only), RFC 2822, and failing those any form :func:`parse_timestamp` reads, with
    junk around the value (``dayfirst`` as for :func:`parse_timestamp`). A bare number is not
    read as epoch seconds. The bounds of :func:`is_plausible` apply (so ``1970-01-01T00:00:00Z`` and ``0001-01-01`` are None).

    >>> parse_iso_like(" 2024-04-19T16:19:49.5+02:00 ").value.isoformat()
    '2024-04-19T16:19:49.500000+02:00'
    >>> parse_iso_like("Fri, 19 Apr 2024 16:19:49 GMT").value.isoformat()
    '2024-04-19T16:19:49+00:00'
    """
    m = _ISO.search(text) or _ISO_BASIC.match(text)
    if m is not None:
        stamp = _iso_stamp(m)
        if stamp is None:
            return None
        return stamp if is_plausible(stamp.value, now=now) else None
    for hit in _scan(text, None, dayfirst):
        if is_plausible(hit.stamp.value, now=now):
            return hit.stamp
    return None


def _iso_stamp(m: re.Match[str]) -> Stamp | None:
    day = _make_date(int(m["y"]), int(m["mo"]), int(m["d"]))
    if day is None:
        return None
    if m["h"] is None:
        return Stamp(datetime(day.year, day.month, day.day), m.group(), False, None, False)
    hour, minute, second = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    micro = int(m["f"][:6].ljust(6, "0")) if m["f"] else 0
    zone: tzinfo | None = None
    z = m["z"]
    if z:
        if z in ("Z", "z", "UTC", "GMT"):
            zone = _UTC
        else:
            digits = z[1:].replace(":", "")
            hours, minutes = int(digits[:2]), int(digits[2:] or 0)
            if hours > 14 or minutes > 59:
                return None
            zone = _offset((-1 if z[0] == "-" else 1) * (hours * 60 + minutes))
    value = datetime(day.year, day.month, day.day, hour, minute, second, micro, zone)
    return Stamp(value, m.group().strip(), True, None, False)


def date_from_url(url: str, *, now: datetime | None = None) -> Stamp | None:
    """The date written in a URL's path: ``/2024/04/19/``, ``/2024/apr/19/``,
    ``/2024-04-19-slug``, ``/20240419/``; None when there is none.

    A lone year (``/2024/``), a year and month, or an arbitrary number (``/123456789/``) is
    not a date; the bounds of :func:`is_plausible` apply. A URL ``urlsplit`` cannot read
    (an unbalanced ``[``) has no date.

    >>> date_from_url("https://example.com/news/2024/04/19/some-story/").value
    datetime.datetime(2024, 4, 19, 0, 0)
    >>> date_from_url("https://example.com/article/123456789/") is None
    True
    """
    try:
        path = urlsplit(url).path
    except ValueError:  # a malformed host ("http://[::1/", "http://[zz]/"): no usable URL
        return None
    for m in _URL_DATE.finditer(path):
        g = m.groupdict()
        if g["y1"]:
            parts = (g["y1"], g["m1"], g["d1"])
            month: int | None = int(parts[1])
        elif g["y2"]:
            parts = (g["y2"], g["mon2"], g["d2"])
            month = _MONTH.get(fold(parts[1]))
        elif g["y3"]:
            parts = (g["y3"], g["m3"], g["d3"])
            month = int(parts[1])
        else:
            parts = (g["y4"], g["m4"], g["d4"])
            month = int(parts[1])
        day = _make_date(int(parts[0]), month, int(parts[2])) if month else None
        if day is None:
            continue
        value = datetime(day.year, day.month, day.day)
        if is_plausible(value, now=now):
            return Stamp(value, m.group(), False, None, False)
    return None


# --------------------------------------------------------------------------------------
# Date lines.

_TOKEN = lazy_re(r"[^\W_]+")
# Words a dateline or byline is made of besides the date and the author's name.
_LINE_WORDS: frozenset[str] = frozenset(
    fold(w)
    for w in (
        "by von par por di door przez автор от and und et y e en i и on at am um le la el "
        "der die das the den dnia in of du del do da na в "
        "min mins minute minutes read reading time lesezeit minuten lecture lectura lettura "
        "leitura leestijd czytania чтения comments comment kommentare commentaires "
        "comentarios commenti reacties komentarze комментарии share photo photos video "
        "staff editor editors reporter reporters writer writers author authors autor auteur "
        "correspondent redaktion "
        "redacción redazione redactie redakcja редакция date datum fecha data дата "
        "uhr h am pm ago"
    ).split()
) | frozenset(w for k in _KIND for w in k.split())
_SCORE_NOW = datetime(9000, 1, 1)


def is_line_furniture(text: str) -> bool:
    """Whether ``text`` holds only the words a dateline or byline is made of besides dates and
    names, and numbers ("5 min read", "3 comments", "Updated").

    >>> is_line_furniture("5 min read"), is_line_furniture("Council meets")
    (True, False)
    """
    tokens = _TOKEN.findall(text)
    return bool(tokens) and all(t.isdigit() or fold(t) in _LINE_WORDS for t in tokens)


def date_line_score(text: str) -> float:
    """How much ``text`` is a date line, 0..1.

    1 for a line that is only a date ("04/19/2024 04:19:49 pm", "Published: April 19, 2024
    4:19 PM ET"), high for a byline with a date ("By Jane Doe | April 19, 2024"), low for a
    sentence that mentions a date, 0 without a date. What is left after removing the dates
    and their prefixes is weighed: byline and dateline furniture ("by", "min read", "Updated")
    weighs little, a capitalised word (a name) half, any other word fully; a long remainder
    that ends like a sentence is halved again. Bounds are not applied: an out-of-range date
    still makes a date line.

    >>> date_line_score("04/19/2024 04:19:49 pm")
    1.0
    >>> date_line_score("By Jane Doe | April 19, 2024") > 0.8
    True
    """
    hits = _scan(text, _SCORE_NOW, None)
    if not hits:
        return 0.0
    rest: list[str] = []
    pos = 0
    for h in hits:
        rest.append(text[pos : h.lead])
        pos = h.end
    rest.append(text[pos:])
    weight = 0.0
    plain = 0
    for token in _TOKEN.findall(" ".join(rest)):
        if fold(token) in _LINE_WORDS:
            weight += 0.1
        elif token.isdigit():
            weight += 0.3
        elif token[0].isupper():
            weight += 0.5
        else:
            weight += 1.0
            plain += 1
    score = 1.0 / (1.0 + (weight / 4.0) ** 2)
    if plain >= 4 and text.rstrip().endswith((".", "!", "?", "。")):
        score *= 0.5
    return round(score, 3)
