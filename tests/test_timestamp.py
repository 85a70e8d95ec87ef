"""Tests for boilerstrip.fields.timestamp: formats, languages, zones, prefixes, relative
dates, bounds, the metadata and URL readers, date-line scoring, and adversarial input."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boilerstrip.fields import _datewords as W
from boilerstrip.fields.timestamp import (
    EARLIEST_YEAR,
    MAX_FUTURE,
    Stamp,
    date_from_url,
    date_line_score,
    dayfirst_for,
    find_timestamps,
    is_plausible,
    parse_iso_like,
    parse_timestamp,
    swap_day_month,
)

NOW = datetime(2024, 4, 20, 12, 0)
FAR = datetime(2031, 1, 1)  # lets the property test write dates up to 2030


def tz(hours: float) -> timezone:
    return timezone(timedelta(minutes=round(hours * 60)))


# --------------------------------------------------------------------------------------
# The seed.


def test_seed_dateline() -> None:
    s = parse_timestamp("04/19/2024 04:19:49 pm")
    assert s == Stamp(datetime(2024, 4, 19, 16, 19, 49), "04/19/2024 04:19:49 pm", True, None, False)
    assert date_line_score("04/19/2024 04:19:49 pm") >= 0.95


SEED_CAPTION = (
    "(Photo : REUTERS/Kai Pfaffenbach) Smoke and dust rise over Syrian town of Kobani after "
    "an airstrike, as seen from the Mursitpinar crossing on the Turkish-Syrian border in the "
    "southeastern town of Suruc in Sanliurfa province October 23, 2014."
)


def test_seed_caption_date_found_but_not_a_date_line() -> None:
    stamps = find_timestamps(SEED_CAPTION)
    assert [s.value for s in stamps] == [datetime(2014, 10, 23)]
    assert stamps[0].text == "October 23, 2014"
    assert date_line_score(SEED_CAPTION) < 0.2


# --------------------------------------------------------------------------------------
# Formats and languages: (text, expected value, expected matched text or None for "all").

EXAMPLES: list[tuple[str, datetime, str | None]] = [
    # ISO 8601 and RFC 2822
    ("2024-04-19", datetime(2024, 4, 19), None),
    ("2024-04-19T16:19:49Z", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), None),
    ("2024-04-19T16:19:49.123+02:00", datetime(2024, 4, 19, 16, 19, 49, 123000, tz(2)), None),
    ("2024-04-19 16:19:49 -0400", datetime(2024, 4, 19, 16, 19, 49, tzinfo=tz(-4)), None),
    ("Fri, 19 Apr 2024 16:19:49 +0000", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), None),
    ("Fri, 19 Apr 2024 16:19:49 GMT", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), None),
    (
        "Fri Apr 19 2024 16:19:49 GMT+0200 (Central European Summer Time)",
        datetime(2024, 4, 19, 16, 19, 49, tzinfo=tz(2)),
        "Fri Apr 19 2024 16:19:49 GMT+0200",
    ),
    # numeric
    ("04/19/2024 04:19:49 pm", datetime(2024, 4, 19, 16, 19, 49), None),
    ("4/19/2024 4:19 PM", datetime(2024, 4, 19, 16, 19), None),
    ("19/04/2024 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("19.04.2024", datetime(2024, 4, 19), None),
    ("19.04.2024 - 16:19 Uhr", datetime(2024, 4, 19, 16, 19), None),
    ("19-04-2024", datetime(2024, 4, 19), None),
    ("2024/04/19", datetime(2024, 4, 19), None),
    ("2024.04.19 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("04/19/24", datetime(2024, 4, 19), None),
    ("19.04.95", datetime(1995, 4, 19), None),
    # English
    ("April 19, 2024 4:19 PM ET", datetime(2024, 4, 19, 16, 19, tzinfo=tz(-4)), None),
    ("Apr. 19th, 2024", datetime(2024, 4, 19), None),
    ("APRIL 19 2024", datetime(2024, 4, 19), None),
    ("Friday, April 19, 2024 at 4:19 p.m.", datetime(2024, 4, 19, 16, 19), None),
    ("the 19th of April, 2024", datetime(2024, 4, 19), "19th of April, 2024"),
    ("19 Sept. 2023 4.19pm", datetime(2023, 9, 19, 16, 19), None),
    ("4:19 PM ET, April 19, 2024", datetime(2024, 4, 19, 16, 19, tzinfo=tz(-4)), None),
    ("Jan 2, 2024 9 am", datetime(2024, 1, 2, 9, 0), None),
    ("Jul. 11. 2023", datetime(2023, 7, 11), None),
    ("2021 Mar 5;9(2):e10422", datetime(2021, 3, 5), "2021 Mar 5"),
    # German
    ("Freitag, 19. April 2024, 16:19 Uhr", datetime(2024, 4, 19, 16, 19), None),
    ("19. März 2024 um 16.19 Uhr", datetime(2024, 3, 19, 16, 19), None),
    ("Fr., 19. Apr. 2024", datetime(2024, 4, 19), None),
    ("3. Jänner 2024", datetime(2024, 1, 3), None),
    # French
    ("vendredi 19 avril 2024 à 16h19", datetime(2024, 4, 19, 16, 19), None),
    ("1er août 2023", datetime(2023, 8, 1), None),
    ("19 févr. 2024, 16 h 19", datetime(2024, 2, 19, 16, 19), None),
    ("le 2 décembre 2023 à 9h", datetime(2023, 12, 2, 9, 0), "2 décembre 2023 à 9h"),
    # Spanish
    ("viernes, 19 de abril de 2024 a las 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("1º de septiembre del 2023", datetime(2023, 9, 1), None),
    ("19 ene. 2024", datetime(2024, 1, 19), None),
    # Italian
    ("venerdì 19 aprile 2024 alle 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("19 giugno 2023 ore 16.19", datetime(2023, 6, 19, 16, 19), None),
    # Portuguese
    ("sexta-feira, 19 de abril de 2024 às 16h19", datetime(2024, 4, 19, 16, 19), None),
    ("5 de março de 2024", datetime(2024, 3, 5), None),
    # Dutch
    ("vrijdag 19 april 2024 om 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("3 mrt. 2024", datetime(2024, 3, 3), None),
    # Polish (genitive and nominative month forms)
    ("piątek, 19 kwietnia 2024 r., godz. 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("19 października 2023", datetime(2023, 10, 19), None),
    ("7 wrzesień 2023", datetime(2023, 9, 7), None),
    # Russian
    ("пятница, 19 апреля 2024 г., 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("19 мая 2023 года в 16:19", datetime(2023, 5, 19, 16, 19), None),
    ("3 Декабря 2023", datetime(2023, 12, 3), None),
    # Chinese, Japanese, Korean
    ("2024年4月19日", datetime(2024, 4, 19), None),
    ("2024年04月19日 16:19", datetime(2024, 4, 19, 16, 19), None),
    ("2024年4月19日(金) 16時19分", datetime(2024, 4, 19, 16, 19), None),
    ("2024年4月19日 下午4:19", datetime(2024, 4, 19, 16, 19), None),
    ("2024년 4월 19일 오후 4:19", datetime(2024, 4, 19, 16, 19), None),
    # a 24-hour clock with a needless suffix, as some templates print it: one time all the same
    ("04/19/2024 13:10 pm", datetime(2024, 4, 19, 13, 10), None),
    ("Apr 19, 2024 @16:19 PM", datetime(2024, 4, 19, 16, 19), None),
    ("04/19/2024 00:30 AM", datetime(2024, 4, 19, 0, 30), None),
]


@pytest.mark.parametrize(("text", "expected", "matched"), EXAMPLES)
def test_formats_and_languages(text: str, expected: datetime, matched: str | None) -> None:
    s = parse_timestamp(text, now=NOW)
    assert s is not None, text
    assert s.value == expected
    assert (s.value.tzinfo is None) == (expected.tzinfo is None)
    assert s.text == (matched if matched is not None else text)
    assert s.has_time == (expected.time() != datetime.min.time())
    assert s.relative is False


# --------------------------------------------------------------------------------------
# Zones.

ZONE_CASES: list[tuple[str, float | None]] = [
    ("April 19, 2024 4:19 PM ET", -4),  # daylight saving time in April
    ("January 19, 2024 4:19 PM ET", -5),
    ("November 1, 2006 4:19 PM ET", -5),  # the pre-2007 rule ended DST in October
    ("March 20, 2006 4:19 PM PT", -8),  # ... and began in April
    ("March 20, 2007 4:19 PM PT", -7),  # the 2007 rule begins it in March
    ("July 4, 2024 4:19 PM CT", -5),
    ("July 4, 2024 4:19 PM MT", -6),
    ("April 19, 2024 4:19 PM (ET)", -4),
    ("April 19, 2024 4:19 PM EST", -5),
    ("April 19, 2024 4:19 PM EDT", -4),
    ("April 19, 2024 4:19 PM PST", -8),
    ("April 19, 2024 4:19 PM PDT", -7),
    ("April 19, 2024 4:19 PM CST", -6),
    ("April 19, 2024 4:19 PM CDT", -5),
    ("19 April 2024 16:19 BST", 1),
    ("19 April 2024 16:19 CET", 1),
    ("19 April 2024 16:19 CEST", 2),
    ("19 April 2024 16:19 EET", 2),
    ("19 April 2024 16:19 IST", 5.5),
    ("19 April 2024 16:19 JST", 9),
    ("19 April 2024 16:19 AEST", 10),
    ("19 April 2024 16:19 UTC", 0),
    ("19 April 2024 16:19 GMT", 0),
    ("19 April 2024 16:19 UTC+2", 2),
    ("19 April 2024 16:19 GMT-05:30", -5.5),
    ("19 April 2024 16:19 +02:00", 2),
    ("19 April 2024 16:19 +0200", 2),
    ("2024-04-19T16:19:49+05", 5),
    ("19 April 2024 16:19 -5", None),  # a bare "-5" is not an offset
    ("19 April 2024 16:19 et", None),  # zones are upper case only ("et" is French "and")
    ("19 April 2024 16:19 XYZ", None),  # not a zone we know
]


@pytest.mark.parametrize(("text", "hours"), ZONE_CASES)
def test_zones(text: str, hours: float | None) -> None:
    s = parse_timestamp(text, now=FAR)
    assert s is not None
    assert (s.value.hour, s.value.minute) == (16, 19)
    if hours is None:
        assert s.value.tzinfo is None
        assert s.text.endswith(("16:19", "16:19:49"))
    else:
        assert s.value.utcoffset() == timedelta(minutes=round(hours * 60))


# --------------------------------------------------------------------------------------
# Day/month order.


@pytest.mark.parametrize(
    ("text", "dayfirst", "expected"),
    [
        ("04/05/2024", None, date(2024, 4, 5)),  # slash: US order by default
        ("04.05.2024", None, date(2024, 5, 4)),  # dots: day first
        ("04-05-2024", None, date(2024, 5, 4)),  # dashes: day first
        ("04/05/2024", True, date(2024, 5, 4)),
        ("04.05.2024", False, date(2024, 4, 5)),
        ("19/04/2024", None, date(2024, 4, 19)),  # only one reading is possible
        ("04.19.2024", None, date(2024, 4, 19)),
        ("19/04/2024", False, date(2024, 4, 19)),
        ("2024/04/05", True, date(2024, 4, 5)),  # year first is always y-m-d
    ],
)
def test_day_month_order(text: str, dayfirst: bool | None, expected: date) -> None:
    s = parse_timestamp(text, now=FAR, dayfirst=dayfirst)
    assert s is not None and s.value.date() == expected


# --------------------------------------------------------------------------------------
# Prefixes.

KIND_CASES: list[tuple[str, str | None]] = [
    ("Published: April 19, 2024 4:19 PM ET", "published"),
    ("Posted on April 19, 2024", "published"),
    ("First published on Fri 19 April 2024 16.19 BST", "published"),
    ("Posted by Jane Doe on April 19, 2024", "published"),
    ("Updated: 4:19 PM ET, April 19, 2024", "updated"),
    ("Last modified: 19.04.2024", "updated"),
    ("Veröffentlicht am 19.04.2024", "published"),
    ("Aktualisiert am Freitag, 19. April 2024", "updated"),
    ("Stand: 19.04.2024 16:19 Uhr", "updated"),
    ("Publié le 19 avril 2024", "published"),
    ("Mis à jour le 19 avril 2024 à 16h19", "updated"),
    ("Publicado el 19 de abril de 2024", "published"),
    ("Actualizado: 19/04/2024 16:19 CEST", "updated"),
    ("Pubblicato il 19 aprile 2024", "published"),
    ("Aggiornato il 19 aprile 2024", "updated"),
    ("Publicado em 19/04/2024 às 16h19", "published"),
    ("Atualizado em 19/04/2024", "updated"),
    ("Gepubliceerd op 19 april 2024", "published"),
    ("Laatst bijgewerkt: 19 april 2024", "updated"),
    ("Opublikowano: 19 kwietnia 2024", "published"),
    ("Aktualizacja: 19.04.2024, 16:19", "updated"),
    ("Опубликовано: 19.04.2024 16:19", "published"),
    ("Обновлено 19 апреля 2024", "updated"),
    ("发布时间：2024年04月19日 16:19", "published"),
    ("更新日 2024年4月19日", "updated"),
    ("By Jane Doe | April 19, 2024", None),
    ("The report was published. On April 19, 2024 it rained.", None),  # sentence between
]


@pytest.mark.parametrize(("text", "kind"), KIND_CASES)
def test_kind_prefixes(text: str, kind: str | None) -> None:
    s = parse_timestamp(text, now=NOW)
    assert s is not None
    assert s.kind == kind
    assert s.value.date() == date(2024, 4, 19)


def test_published_and_updated_on_one_line() -> None:
    stamps = find_timestamps("Published April 18, 2024 | Updated April 19, 2024 9:02 am")
    assert [(s.kind, s.value) for s in stamps] == [
        ("published", datetime(2024, 4, 18)),
        ("updated", datetime(2024, 4, 19, 9, 2)),
    ]


# --------------------------------------------------------------------------------------
# Relative dates.

RELATIVE_CASES: list[tuple[str, datetime, bool]] = [
    ("3 hours ago", datetime(2024, 4, 20, 9, 0), True),
    ("an hour ago", datetime(2024, 4, 20, 11, 0), True),
    ("45 minutes ago", datetime(2024, 4, 20, 11, 15), True),
    ("2 days ago", datetime(2024, 4, 18), False),
    ("1 week ago", datetime(2024, 4, 13), False),
    ("vor 3 Stunden", datetime(2024, 4, 20, 9, 0), True),
    ("vor einer Stunde", datetime(2024, 4, 20, 11, 0), True),
    ("vor 2 Tagen", datetime(2024, 4, 18), False),
    ("il y a 2 jours", datetime(2024, 4, 18), False),
    ("il y a une heure", datetime(2024, 4, 20, 11, 0), True),
    ("hace 3 horas", datetime(2024, 4, 20, 9, 0), True),
    ("hace 2 días", datetime(2024, 4, 18), False),
    ("3 ore fa", datetime(2024, 4, 20, 9, 0), True),
    ("há 2 dias", datetime(2024, 4, 18), False),
    ("2 dagen geleden", datetime(2024, 4, 18), False),
    ("3 uur geleden", datetime(2024, 4, 20, 9, 0), True),
    ("3 godziny temu", datetime(2024, 4, 20, 9, 0), True),
    ("3 часа назад", datetime(2024, 4, 20, 9, 0), True),
    ("2 дня назад", datetime(2024, 4, 18), False),
    ("3小时前", datetime(2024, 4, 20, 9, 0), True),
    ("3日前", datetime(2024, 4, 17), False),
    ("yesterday at 4:19 pm", datetime(2024, 4, 19, 16, 19), True),
    ("Today at 9:05 AM", datetime(2024, 4, 20, 9, 5), True),
    ("gestern, 16:19 Uhr", datetime(2024, 4, 19, 16, 19), True),
    ("hier à 16h19", datetime(2024, 4, 19, 16, 19), True),
    ("ayer a las 16:19", datetime(2024, 4, 19, 16, 19), True),
    ("ieri alle 16:19", datetime(2024, 4, 19, 16, 19), True),
    ("ontem às 16h19", datetime(2024, 4, 19, 16, 19), True),
    ("gisteren om 16:19", datetime(2024, 4, 19, 16, 19), True),
    ("wczoraj o 16:19", datetime(2024, 4, 19, 16, 19), True),
    ("вчера в 16:19", datetime(2024, 4, 19, 16, 19), True),
    ("昨天 16:19", datetime(2024, 4, 19, 16, 19), True),
    ("Updated yesterday", datetime(2024, 4, 19), False),
]


@pytest.mark.parametrize(("text", "expected", "has_time"), RELATIVE_CASES)
def test_relative_dates(text: str, expected: datetime, has_time: bool) -> None:
    s = parse_timestamp(text, now=NOW)
    assert s is not None
    assert (s.value, s.has_time, s.relative) == (expected, has_time, True)
    assert text.endswith(s.text)
    assert parse_timestamp(text) is None  # no `now`: left unparsed


@pytest.mark.parametrize(
    "text",
    [
        "yesterday the minister said",  # a bare day word is prose
        "Mehr Infos hier",  # German "here"
        "today's top stories",
        "2 months ago",  # no day
        "a few hours ago",  # no count
        "vor dem Haus",
        "the agog crowd",
    ],
)
def test_relative_rejections(text: str) -> None:
    assert parse_timestamp(text, now=NOW) is None


def test_relative_keeps_the_zone_of_now() -> None:
    now = datetime(2024, 4, 20, 12, 0, tzinfo=tz(2))
    s = parse_timestamp("3 hours ago", now=now)
    assert s is not None and s.value == datetime(2024, 4, 20, 9, 0, tzinfo=tz(2))


# --------------------------------------------------------------------------------------
# Rejections.


@pytest.mark.parametrize(
    "text",
    [
        "February 30, 2024",
        "29.02.2023",  # not a leap year
        "13/13/2024",
        "2024-13-01",
        "2024-04-31",
        "April 19, 2024 25:10",  # a stated impossible time rejects the date
        "04/19/2024 13:10 am",  # a 24-hour time and a contradicting suffix
        "04/19/2024 0:10 pm",
        "March 3, 1989",  # before EARLIEST_YEAR
        "April 23, 2024",  # more than MAX_FUTURE after NOW
        "16,000",
        "1.000.000",
        "sold 16,000 copies for 4.99 on page 2024",
        "ID 20240419",
        "1713543589",
        "3/4 cup",
        "2014-2015 season",
        "version 1.12.24",
        "192.168.1.1",
        "June 2024",  # no day
        "April 19",  # no year
        "10:30",
        "",
    ],
)
def test_rejections(text: str) -> None:
    assert parse_timestamp(text, now=NOW) is None
    assert find_timestamps(text, now=NOW) == []


def test_bounds_are_module_constants() -> None:
    assert EARLIEST_YEAR == 1990 and MAX_FUTURE == timedelta(days=2)
    assert parse_timestamp("January 1, 1990", now=NOW) is not None
    assert parse_timestamp("December 31, 1989", now=NOW) is None
    assert parse_timestamp("April 22, 2024 11:00", now=NOW) is not None  # within two days
    assert parse_timestamp("February 29, 2024", now=NOW) is not None
    assert not is_plausible(datetime(2024, 4, 22, 12, 1), now=NOW)
    aware = datetime(2024, 4, 22, 11, 0, tzinfo=timezone.utc)
    assert is_plausible(aware, now=NOW)  # naive vs aware: compared by wall clock


def test_future_bound_defaults_to_the_clock() -> None:
    soon = datetime.now() + timedelta(days=30)
    assert parse_timestamp(soon.strftime("%B %d, %Y")) is None
    past = datetime.now() - timedelta(days=30)
    s = parse_timestamp(past.strftime("%B %d, %Y"))
    assert s is not None and s.value.date() == past.date()


# --------------------------------------------------------------------------------------
# find_timestamps and date_line_score.


def test_find_returns_every_date_in_order() -> None:
    text = (
        "Posted 19.04.2024, updated 04/20/2024 9:05 am. The talks of March 3, 2021 and of "
        "2022年5月6日 failed; 3 hours ago a new round began."
    )
    stamps = find_timestamps(text, now=NOW)
    assert [s.value for s in stamps] == [
        datetime(2024, 4, 19),
        datetime(2024, 4, 20, 9, 5),
        datetime(2021, 3, 3),
        datetime(2022, 5, 6),
        datetime(2024, 4, 20, 9, 0),
    ]
    assert [s.text for s in stamps][:2] == ["19.04.2024", "04/20/2024 9:05 am"]
    assert all(s.text in text for s in stamps)
    assert [s.kind for s in stamps][:2] == ["published", "updated"]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("04/19/2024 04:19:49 pm", 0.95, 1.0),
        ("Published: April 19, 2024 4:19 PM ET", 0.95, 1.0),
        ("Updated 3 hours ago", 0.95, 1.0),
        ("By Jane Doe | April 19, 2024", 0.8, 1.0),
        ("By Jane Doe and John Roe, Staff Writers | Apr 19, 2024 | 5 min read", 0.6, 1.0),
        ("Veröffentlicht am 19.04.2024 von Max Mustermann", 0.8, 1.0),
        ("The talks, which began on April 19, 2024, broke down after a week of argument.", 0.0, 0.2),
        (SEED_CAPTION, 0.0, 0.2),
        ("No date here at all.", 0.0, 0.0),
        ("", 0.0, 0.0),
    ],
)
def test_date_line_score(text: str, low: float, high: float) -> None:
    assert low <= date_line_score(text) <= high


def test_date_line_score_prefers_lines_over_sentences() -> None:
    line = date_line_score("Sanliurfa, October 23, 2014")
    sentence = date_line_score(SEED_CAPTION)
    assert line > 0.5 > sentence


# --------------------------------------------------------------------------------------
# Metadata values.

ISO_CASES: list[tuple[str, datetime | None, bool]] = [
    ("2024-04-19", datetime(2024, 4, 19), False),
    ("2024-04-19T16:19:49", datetime(2024, 4, 19, 16, 19, 49), True),
    ("2024-04-19T16:19:49Z", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), True),
    ("2024-04-19T16:19:49.123456789+02:00", datetime(2024, 4, 19, 16, 19, 49, 123456, tz(2)), True),
    ("2024-04-19T16:19+0530", datetime(2024, 4, 19, 16, 19, tzinfo=tz(5.5)), True),
    ("2024-04-19 16:19:49 UTC", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), True),
    ('  "2024-04-19T16:19:49-04:00" ', datetime(2024, 4, 19, 16, 19, 49, tzinfo=tz(-4)), True),
    ("date: 2024-04-19T16:19:49Z;", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), True),
    ("20240419", datetime(2024, 4, 19), False),
    ("20240419T161949Z", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), True),
    ("Fri, 19 Apr 2024 16:19:49 +0000", datetime(2024, 4, 19, 16, 19, 49, tzinfo=timezone.utc), True),
    ("April 19, 2024", datetime(2024, 4, 19), False),
    ("19.04.2024 16:19", datetime(2024, 4, 19, 16, 19), True),
    ("1970-01-01T00:00:00Z", None, False),  # epoch zero: junk
    ("0000-00-00 00:00:00", None, False),
    ("2024-02-30", None, False),
    ("2024-04-19T25:00:00", None, False),
    ("1713543589", None, False),  # epoch seconds are not read
    ("2099-01-01", None, False),  # far future
    ("", None, False),
    ("n/a", None, False),
]


@pytest.mark.parametrize(("text", "expected", "has_time"), ISO_CASES)
def test_parse_iso_like(text: str, expected: datetime | None, has_time: bool) -> None:
    s = parse_iso_like(text, now=NOW)
    if expected is None:
        assert s is None
        return
    assert s is not None
    assert s.value == expected and (s.value.tzinfo is None) == (expected.tzinfo is None)
    assert s.has_time == has_time
    assert s.text in text


# --------------------------------------------------------------------------------------
# URLs.

URL_CASES: list[tuple[str, date | None]] = [
    ("https://example.com/news/2024/04/19/some-story/", date(2024, 4, 19)),
    ("https://example.com/2024/4/9/story.html", date(2024, 4, 9)),
    ("https://example.com/world/2024/apr/19/story", date(2024, 4, 19)),
    ("https://example.com/2024-04-19/story", date(2024, 4, 19)),
    ("https://example.com/blog/2024-04-19-story-title", date(2024, 4, 19)),
    ("https://example.com/articles/20240419/story", date(2024, 4, 19)),
    ("https://example.com/story-20240419.html", date(2024, 4, 19)),
    ("https://example.com/article/123456789/", None),  # an id
    ("https://example.com/article/12345678/", None),  # eight digits but no date
    ("https://example.com/2024/", None),  # a year alone
    ("https://example.com/2024/04/story", None),  # year and month only
    ("https://example.com/2024/13/01/story", None),
    ("https://example.com/p/2024041912/", None),  # ten digits
    ("https://example.com/story?date=2024-04-19", None),  # only the path counts
    ("https://example.com/1985/04/19/story", None),  # before the bound
    ("https://example.com/2099/04/19/story", None),  # future
    ("https://example.com/products/3000-04-19", None),
    ("not a url", None),
]


@pytest.mark.parametrize(("url", "expected"), URL_CASES)
def test_date_from_url(url: str, expected: date | None) -> None:
    s = date_from_url(url, now=NOW)
    if expected is None:
        assert s is None
    else:
        assert s is not None and s.value == datetime.combine(expected, datetime.min.time())
        assert s.has_time is False and s.text in url


# --------------------------------------------------------------------------------------
# Tables and the result type.


def test_month_words_are_unambiguous() -> None:
    seen: dict[str, int] = {}
    for months in W.MONTHS.values():
        assert len(months) == 12
        for number, forms in enumerate(months, start=1):
            for form in forms:
                key = W.fold(form)
                assert seen.setdefault(key, number) == number, form


def test_zone_table_offsets_are_real() -> None:
    for name, minutes in {**W.ZONES, **W.US_ZONES}.items():
        assert name.isupper() and -12 * 60 <= minutes <= 14 * 60


def test_stamp_is_frozen() -> None:
    s = parse_timestamp("19.04.2024")
    assert s is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.text = "x"  # type: ignore[misc]


# --------------------------------------------------------------------------------------
# Adversarial input: every pattern has bounded repetition, so these run in linear time.
# A catastrophic pattern would make this test hang rather than fail an assertion.

ADVERSARIAL = [
    "1" * 100_000,
    "1/" * 50_000,
    "19.04." * 16_000,
    "2024-" * 20_000,
    "12:" * 33_000,
    "April 19, " * 10_000,
    "19 April " * 11_000,
    "2024年" * 20_000,
    "a" * 100_000,
    "19" + " " * 100_000 + "April 2024",
    "Published " * 10_000 + "April 19, 2024",
    "Friday, " * 12_000 + "April 19, 2024",
    "4:19 PM, " * 11_000 + "April 19, 2024",
    "3 hours " * 12_000,
    "ago " * 25_000,
    "hier " * 20_000,
    "+0200 " * 16_000,
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=lambda t: repr(t[:12]))
def test_adversarial_input(text: str) -> None:
    stamps = find_timestamps(text, now=NOW)
    assert all(s.text in text for s in stamps)
    assert 0.0 <= date_line_score(text) <= 1.0
    parse_iso_like(text)
    date_from_url("https://example.com/" + text[:5000])


# --------------------------------------------------------------------------------------
# Properties.

SAFE_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789 /.-:,|年月日AaPpMmTZ+()ofdehruyjJFebprilMaytg\n")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), SAFE_TEXT))
def test_any_text_never_raises_and_matches_are_substrings(text: str) -> None:
    stamps = find_timestamps(text, now=FAR)
    assert stamps == find_timestamps(text, now=FAR)  # deterministic
    pos = 0
    for s in stamps:
        at = text.find(s.text, pos)
        assert at >= 0  # in the input, in order
        pos = at + len(s.text)
        assert is_plausible(s.value, now=FAR)
    assert 0.0 <= date_line_score(text) <= 1.0
    parse_iso_like(text)


# Our own date writer, from the same tables the parser reads.

Writer = Callable[[st.DataObject, datetime, bool], tuple[str, bool, bool | None]]
"""(draw, value, with_time) -> (text, seconds written, dayfirst to pass)."""


def _case(draw: st.DataObject, word: str) -> str:
    return draw.draw(st.sampled_from([word, word.lower(), word.upper(), word.capitalize()]))


def _month(draw: st.DataObject, lang: str, month: int, *, full_only: bool = False) -> str:
    forms = W.MONTHS[lang][month - 1]
    form = forms[0] if full_only else draw.draw(st.sampled_from(forms))
    if len(form) <= 4 and form != forms[0] and draw.draw(st.booleans()):
        form += "."
    return _case(draw, form)


def _weekday(draw: st.DataObject, lang: str, value: datetime) -> str:
    return draw.draw(st.sampled_from(W.WEEKDAYS[lang][value.weekday()]))


def _clock12(draw: st.DataObject, value: datetime, seconds: bool) -> str:
    hour = value.hour % 12 or 12
    hh = draw.draw(st.sampled_from([f"{hour}", f"{hour:02d}"]))
    mark = draw.draw(st.sampled_from(["am", "AM", "a.m.", "pm", "PM", "p.m."]))
    mark = mark.replace("a", "p").replace("A", "P") if value.hour >= 12 else mark.replace("p", "a").replace("P", "A")
    body = f"{hh}:{value.minute:02d}" + (f":{value.second:02d}" if seconds else "")
    if not seconds and draw.draw(st.booleans()):
        body = f"{hh}.{value.minute:02d}"  # "4.19pm"
    return body + draw.draw(st.sampled_from(["", " "])) + mark


def _clock24(value: datetime, seconds: bool) -> str:
    return f"{value.hour:02d}:{value.minute:02d}" + (f":{value.second:02d}" if seconds else "")


# Per language: a date writer (draw, value) -> text, and a time writer (draw, value) -> text
# that includes its connector.
def _date_en(d: st.DataObject, v: datetime) -> str:
    day = str(v.day)
    if d.draw(st.booleans()):
        day += {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(v.day, "th")
    form = d.draw(st.integers(0, 3))
    month = _month(d, "en", v.month)
    if form == 0:
        return f"{month} {day}, {v.year}"
    if form == 1:
        return f"{_weekday(d, 'en', v)}, {month} {day}, {v.year}"
    if form == 2:
        return f"{day} {month} {v.year}"
    return f"{month} {day} {v.year}"


def _date_de(d: st.DataObject, v: datetime) -> str:
    text = f"{v.day}. {_month(d, 'de', v.month)} {v.year}"
    return f"{_weekday(d, 'de', v)}, {text}" if d.draw(st.booleans()) else text


def _date_fr(d: st.DataObject, v: datetime) -> str:
    day = "1er" if v.day == 1 and d.draw(st.booleans()) else str(v.day)
    text = f"{day} {_month(d, 'fr', v.month)} {v.year}"
    return f"{_weekday(d, 'fr', v)} {text}" if d.draw(st.booleans()) else text


def _date_es(d: st.DataObject, v: datetime) -> str:
    text = f"{v.day} de {_month(d, 'es', v.month)} de {v.year}"
    return f"{_weekday(d, 'es', v)}, {text}" if d.draw(st.booleans()) else text


def _date_it(d: st.DataObject, v: datetime) -> str:
    text = f"{v.day} {_month(d, 'it', v.month)} {v.year}"
    return f"{_weekday(d, 'it', v)} {text}" if d.draw(st.booleans()) else text


def _date_pt(d: st.DataObject, v: datetime) -> str:
    text = f"{v.day} de {_month(d, 'pt', v.month)} de {v.year}"
    return f"{_weekday(d, 'pt', v)}, {text}" if d.draw(st.booleans()) else text


def _date_nl(d: st.DataObject, v: datetime) -> str:
    text = f"{v.day} {_month(d, 'nl', v.month)} {v.year}"
    return f"{_weekday(d, 'nl', v)} {text}" if d.draw(st.booleans()) else text


def _date_pl(d: st.DataObject, v: datetime) -> str:
    text = f"{v.day} {_month(d, 'pl', v.month)} {v.year}" + d.draw(st.sampled_from(["", " r."]))
    return f"{_weekday(d, 'pl', v)}, {text}" if d.draw(st.booleans()) else text


def _date_ru(d: st.DataObject, v: datetime) -> str:
    text = f"{v.day} {_month(d, 'ru', v.month)} {v.year}" + d.draw(st.sampled_from(["", " г.", " года"]))
    return f"{_weekday(d, 'ru', v)}, {text}" if d.draw(st.booleans()) else text


CONNECTORS: dict[str, list[str]] = {
    "en": [" ", ", ", " at ", " | ", " - "],
    "de": [" ", ", ", " um ", " - "],
    "fr": [" ", " à ", ", "],
    "es": [" ", " a las ", ", "],
    "it": [" ", " alle ", " ore ", ", "],
    "pt": [" ", " às ", ", "],
    "nl": [" ", " om ", ", "],
    "pl": [" ", " o ", " godz. ", ", "],
    "ru": [" ", " в ", ", "],
}

DATE_WRITERS = {
    "en": _date_en, "de": _date_de, "fr": _date_fr, "es": _date_es, "it": _date_it,
    "pt": _date_pt, "nl": _date_nl, "pl": _date_pl, "ru": _date_ru,
}


def _time_for(d: st.DataObject, lang: str, v: datetime, seconds: bool) -> str:
    if lang == "en" and d.draw(st.booleans()):
        text = _clock12(d, v, seconds)
    elif lang == "fr" and not seconds and d.draw(st.booleans()):
        text = f"{v.hour}h{v.minute:02d}"
    elif lang == "de" and not seconds and d.draw(st.booleans()):
        text = f"{v.hour}.{v.minute:02d} Uhr"
    else:
        text = _clock24(v, seconds)
    if lang == "en" and d.draw(st.booleans()):
        text += " " + d.draw(st.sampled_from(["ET", "EST", "EDT", "PT", "GMT", "UTC", "BST", "IST"]))
    return d.draw(st.sampled_from(CONNECTORS[lang])) + text


def write_words(d: st.DataObject, v: datetime, with_time: bool) -> tuple[str, bool, bool | None]:
    lang = d.draw(st.sampled_from(W.LANGUAGES))
    text = DATE_WRITERS[lang](d, v)
    seconds = with_time and d.draw(st.booleans())
    if with_time:
        text += _time_for(d, lang, v, seconds)
    return text, seconds, None


def write_numeric(d: st.DataObject, v: datetime, with_time: bool) -> tuple[str, bool, bool | None]:
    seconds = with_time and d.draw(st.booleans())
    two = d.draw(st.booleans())
    year = f"{v.year % 100:02d}" if two else str(v.year)
    pad = two or d.draw(st.booleans())
    dd, mm = (f"{v.day:02d}", f"{v.month:02d}") if pad else (str(v.day), str(v.month))
    form = d.draw(st.sampled_from(["us", "us-dayfirst", "dots", "dashes", "ymd"]))
    dayfirst: bool | None = None
    if form == "us":
        text = f"{mm}/{dd}/{year}"
    elif form == "us-dayfirst":
        text, dayfirst = f"{dd}/{mm}/{year}", True
    elif form == "dots":
        text = f"{dd}.{mm}.{year}"
    elif form == "dashes":
        text = f"{dd}-{mm}-{year}"
    else:
        sep = d.draw(st.sampled_from("/.-"))
        text = f"{v.year}{sep}{v.month:02d}{sep}{v.day:02d}"
    if with_time:
        clock = _clock12(d, v, seconds) if d.draw(st.booleans()) else _clock24(v, seconds)
        text += d.draw(st.sampled_from([" ", ", ", " - "])) + clock
    return text, seconds, dayfirst


def write_iso(d: st.DataObject, v: datetime, with_time: bool) -> tuple[str, bool, bool | None]:
    text = f"{v.year}-{v.month:02d}-{v.day:02d}"
    if not with_time:
        return text, False, None
    text += d.draw(st.sampled_from(["T", " "])) + _clock24(v, True)
    text += d.draw(st.sampled_from(["", ".5", ".123456", "Z", "+02:00", "-0400", " +0000"]))
    return text, True, None


def write_rfc2822(d: st.DataObject, v: datetime, with_time: bool) -> tuple[str, bool, bool | None]:
    text = f"{W.WEEKDAYS['en'][v.weekday()][1]}, {v.day} {W.MONTHS['en'][v.month - 1][-1]} {v.year}"
    if with_time:
        text += " " + _clock24(v, True) + d.draw(st.sampled_from([" +0000", " GMT", " -0500"]))
    return text, with_time, None


def write_cjk(d: st.DataObject, v: datetime, with_time: bool) -> tuple[str, bool, bool | None]:
    pad = d.draw(st.booleans())
    m, dd = (f"{v.month:02d}", f"{v.day:02d}") if pad else (str(v.month), str(v.day))
    text = d.draw(
        st.sampled_from([f"{v.year}年{m}月{dd}日", f"{v.year}년 {m}월 {dd}일"])
    )
    if with_time:
        text += d.draw(st.sampled_from([" ", ""])) + d.draw(
            st.sampled_from([_clock24(v, False), f"{v.hour}時{v.minute}分"])
        )
    return text, False, None


WRITERS: list[Writer] = [write_words, write_numeric, write_iso, write_rfc2822, write_cjk]
PREFIXES = [
    ("", None),
    ("Published: ", "published"),
    ("Posted on ", "published"),
    ("Updated ", "updated"),
    ("Veröffentlicht am ", "published"),
    ("Mis à jour le ", "updated"),
    ("Actualizado el ", "updated"),
    ("By Jane Doe | ", None),
]
SUFFIXES = ["", " | 5 min read", ".", " — Reuters", "\n"]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2030, 12, 31, 23, 59, 59)),
    with_time=st.booleans(),
    writer=st.sampled_from(WRITERS),
    prefix=st.sampled_from(PREFIXES),
    suffix=st.sampled_from(SUFFIXES),
    data=st.data(),
)
def test_any_written_date_parses_back(
    value: datetime,
    with_time: bool,
    writer: Writer,
    prefix: tuple[str, str | None],
    suffix: str,
    data: st.DataObject,
) -> None:
    written, seconds, dayfirst = writer(data, value, with_time)
    text = prefix[0] + written + suffix
    s = parse_timestamp(text, now=FAR, dayfirst=dayfirst)
    assert s is not None, text
    assert s.value.date() == value.date(), text
    assert s.has_time == with_time, text
    if with_time:
        assert (s.value.hour, s.value.minute) == (value.hour, value.minute), text
        if seconds:
            assert s.value.second == value.second, text
    assert s.text in written, text
    assert s.kind == prefix[1], text


UNIT_WORDS: dict[str, tuple[str, str, str, str]] = {
    # language: (pattern with {n} and {u}, minute unit, hour unit, day unit)
    "en": ("{n} {u} ago", "minutes", "hours", "days"),
    "de": ("vor {n} {u}", "Minuten", "Stunden", "Tagen"),
    "fr": ("il y a {n} {u}", "minutes", "heures", "jours"),
    "es": ("hace {n} {u}", "minutos", "horas", "días"),
    "it": ("{n} {u} fa", "minuti", "ore", "giorni"),
    "pt": ("há {n} {u}", "minutos", "horas", "dias"),
    "nl": ("{n} {u} geleden", "minuten", "uur", "dagen"),
    "pl": ("{n} {u} temu", "minut", "godzin", "dni"),
    "ru": ("{n} {u} назад", "минут", "часов", "дней"),
}


@settings(max_examples=200, deadline=None)
@given(
    now=st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2030, 12, 31)),
    lang=st.sampled_from(sorted(UNIT_WORDS)),
    unit=st.integers(1, 3),
    n=st.integers(5, 59),
)
def test_any_relative_date_resolves_against_now(now: datetime, lang: str, unit: int, n: int) -> None:
    pattern, *units = UNIT_WORDS[lang]
    s = parse_timestamp(pattern.format(n=n, u=units[unit - 1]), now=now)
    assert s is not None and s.relative
    seconds = (60, 3600, 86400)[unit - 1]
    expected = now - timedelta(seconds=n * seconds)
    if unit == 3:
        expected = expected.replace(hour=0, minute=0, second=0, microsecond=0)
    assert s.value == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("en-US", False), ("en_us", False), ("en-PH", False), ("en-GB", True), ("en-AU", True), ("en-IN", True),
        ("en-CA", None), ("en", None), ("de-DE", True), ("fr", True), ("pt-BR", True), ("ja-JP", None),
        ("zh-Hans-CN", None), ("und", None), ("", None), (None, None), ("12", None),
    ],
)
def test_dayfirst_for_language_tags(tag: str | None, expected: bool | None) -> None:
    assert dayfirst_for(tag) is expected


def test_dayfirst_reads_numeric_metadata_too() -> None:
    assert parse_iso_like("03/04/2024", dayfirst=True).value == datetime(2024, 4, 3)
    assert parse_iso_like("03/04/2024").value == datetime(2024, 3, 4)
    assert parse_iso_like("2024-03-04", dayfirst=True).value == datetime(2024, 3, 4)  # ISO is ISO


@pytest.mark.parametrize(
    ("text", "other"),
    [("03/09/2026", date(2026, 9, 3)), ("09.10.2024", date(2024, 9, 10)), ("03-09-26", date(2026, 3, 9)),
     ("19.04.2024", None), ("04/04/2024", None), ("March 9, 2026", None), ("2026-03-09", None), ("2026/03/09", None)],
)
def test_swap_day_month_only_when_the_text_allows_both(text: str, other: date | None) -> None:
    swapped = swap_day_month(parse_timestamp(text))
    assert (swapped.date() if swapped else None) == other


@pytest.mark.parametrize("line", ["Start date Aug 14, 2021", "Started by Jane Doe, August 14, 2021, 10:42:17 AM"])
def test_forum_thread_starts_are_publication_dates(line: str) -> None:
    stamp = parse_timestamp(line)
    assert stamp.value.date() == date(2021, 8, 14)
    assert stamp.kind == "published"
