"""Word tables for :mod:`boilerstrip.fields.timestamp`: month and weekday names, time-zone
abbreviations, "Published"/"Updated" prefixes and the words of relative dates.

The tables are written by language so that they can be read, checked and extended one
language at a time; :mod:`~boilerstrip.fields.timestamp` folds them into lookup maps keyed by
:func:`fold` (lower case, accents stripped) once at import. The first form of each month is
the one a date is written with in running text (the genitive in Polish and Russian), which
is what the tests' own date writer uses.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

__all__ = [
    "AGO_AFTER",
    "AGO_BEFORE",
    "DAY_WORDS",
    "KIND_PREFIXES",
    "LANGUAGES",
    "MONTHS",
    "NUMBER_WORDS",
    "TIME_CONNECTORS",
    "UNITS",
    "US_ZONES",
    "WEEKDAYS",
    "ZONES",
    "fold",
]


def fold(word: str) -> str:
    """Lower-case ``word`` and strip its accents ("Août" -> "aout", "września" -> "wrzesnia").

    Lookups go through this so that "Marz", "März" and "MÄRZ" are one key.
    """
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


LANGUAGES: tuple[str, ...] = ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru")

# Month names by language: twelve tuples, each (the form used in a written date, other forms...).
# Abbreviations are listed without their dot; the parser accepts an optional dot after any form.
MONTHS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"),
        ("May",), ("June", "Jun"), ("July", "Jul"), ("August", "Aug"),
        ("September", "Sep", "Sept"), ("October", "Oct"), ("November", "Nov"),
        ("December", "Dec"),
    ),
    "de": (
        ("Januar", "Jänner", "Jan"), ("Februar", "Feber", "Feb"), ("März", "Mär", "Mrz", "Maerz"),
        ("April", "Apr"), ("Mai",), ("Juni", "Jun"), ("Juli", "Jul"), ("August", "Aug"),
        ("September", "Sep", "Sept"), ("Oktober", "Okt"), ("November", "Nov"),
        ("Dezember", "Dez"),
    ),
    "fr": (
        ("janvier", "janv"), ("février", "févr", "fév"), ("mars",), ("avril", "avr"),
        ("mai",), ("juin",), ("juillet", "juil"), ("août",),
        ("septembre", "sept"), ("octobre", "oct"), ("novembre", "nov"), ("décembre", "déc"),
    ),
    "es": (
        ("enero", "ene"), ("febrero", "feb"), ("marzo", "mar"), ("abril", "abr"),
        ("mayo", "may"), ("junio", "jun"), ("julio", "jul"), ("agosto", "ago"),
        ("septiembre", "setiembre", "sep", "sept"), ("octubre", "oct"),
        ("noviembre", "nov"), ("diciembre", "dic"),
    ),
    "it": (
        ("gennaio", "gen"), ("febbraio", "feb"), ("marzo", "mar"), ("aprile", "apr"),
        ("maggio", "mag"), ("giugno", "giu"), ("luglio", "lug"), ("agosto", "ago"),
        ("settembre", "set"), ("ottobre", "ott"), ("novembre", "nov"), ("dicembre", "dic"),
    ),
    "pt": (
        ("janeiro", "jan"), ("fevereiro", "fev"), ("março", "mar"), ("abril", "abr"),
        ("maio", "mai"), ("junho", "jun"), ("julho", "jul"), ("agosto", "ago"),
        ("setembro", "set"), ("outubro", "out"), ("novembro", "nov"), ("dezembro", "dez"),
    ),
    "nl": (
        ("januari", "jan"), ("februari", "feb"), ("maart", "mrt"), ("april", "apr"),
        ("mei",), ("juni", "jun"), ("juli", "jul"), ("augustus", "aug"),
        ("september", "sep", "sept"), ("oktober", "okt"), ("november", "nov"),
        ("december", "dec"),
    ),
    "pl": (
        ("stycznia", "styczeń", "sty"), ("lutego", "luty", "lut"), ("marca", "marzec", "mar"),
        ("kwietnia", "kwiecień", "kwi"), ("maja", "maj"), ("czerwca", "czerwiec", "cze"),
        ("lipca", "lipiec", "lip"), ("sierpnia", "sierpień", "sie"),
        ("września", "wrzesień", "wrz"), ("października", "październik", "paź"),
        ("listopada", "listopad", "lis"), ("grudnia", "grudzień", "gru"),
    ),
    "ru": (
        ("января", "январь", "янв"), ("февраля", "февраль", "фев"), ("марта", "март", "мар"),
        ("апреля", "апрель", "апр"), ("мая", "май"), ("июня", "июнь", "июн"),
        ("июля", "июль", "июл"), ("августа", "август", "авг"),
        ("сентября", "сентябрь", "сен", "сент"), ("октября", "октябрь", "окт"),
        ("ноября", "ноябрь", "ноя"), ("декабря", "декабрь", "дек"),
    ),
}

# Weekday names by language, Monday first: (full form, abbreviations...). They are only
# ever used to widen a match to the left ("Friday, April 19, 2024"), never to date anything.
WEEKDAYS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "en": (
        ("Monday", "Mon"), ("Tuesday", "Tue", "Tues"), ("Wednesday", "Wed"),
        ("Thursday", "Thu", "Thur", "Thurs"), ("Friday", "Fri"), ("Saturday", "Sat"),
        ("Sunday", "Sun"),
    ),
    "de": (
        ("Montag", "Mo"), ("Dienstag", "Di"), ("Mittwoch", "Mi"), ("Donnerstag", "Do"),
        ("Freitag", "Fr"), ("Samstag", "Sonnabend", "Sa"), ("Sonntag", "So"),
    ),
    "fr": (
        ("lundi", "lun"), ("mardi", "mar"), ("mercredi", "mer"), ("jeudi", "jeu"),
        ("vendredi", "ven"), ("samedi", "sam"), ("dimanche", "dim"),
    ),
    "es": (
        ("lunes", "lun"), ("martes", "mar"), ("miércoles", "mié"), ("jueves", "jue"),
        ("viernes", "vie"), ("sábado", "sáb"), ("domingo", "dom"),
    ),
    "it": (
        ("lunedì", "lun"), ("martedì", "mar"), ("mercoledì", "mer"), ("giovedì", "gio"),
        ("venerdì", "ven"), ("sabato", "sab"), ("domenica", "dom"),
    ),
    "pt": (
        ("segunda-feira", "segunda", "seg"), ("terça-feira", "terça", "ter"),
        ("quarta-feira", "quarta", "qua"), ("quinta-feira", "quinta", "qui"),
        ("sexta-feira", "sexta", "sex"), ("sábado", "sáb"), ("domingo", "dom"),
    ),
    "nl": (
        ("maandag", "ma"), ("dinsdag", "di"), ("woensdag", "wo"), ("donderdag", "do"),
        ("vrijdag", "vr"), ("zaterdag", "za"), ("zondag", "zo"),
    ),
    "pl": (
        ("poniedziałek", "pon"), ("wtorek", "wt"), ("środa", "śr"), ("czwartek", "czw"),
        ("piątek", "pt"), ("sobota", "sob"), ("niedziela", "niedz", "nd"),
    ),
    "ru": (
        ("понедельник", "пн"), ("вторник", "вт"), ("среда", "ср"), ("четверг", "чт"),
        ("пятница", "пт"), ("суббота", "сб"), ("воскресенье", "вс"),
    ),
}

# Zone abbreviations with a fixed offset, in minutes east of UTC. Matched case-sensitively
# (upper case only) so that the French "et" or the English "at" never read as a zone.
# Where an abbreviation is ambiguous the reading common on English-language news pages wins:
# IST is India (+05:30), CST is US Central (-06:00), BST is British Summer Time (+01:00).
ZONES: Mapping[str, int] = {
    "UTC": 0, "GMT": 0, "UT": 0, "WET": 0,
    "BST": 60, "WEST": 60, "CET": 60, "MEZ": 60, "WAT": 60,
    "CEST": 120, "MESZ": 120, "EET": 120, "CAT": 120, "SAST": 120,
    "EEST": 180, "MSK": 180, "EAT": 180,
    "GST": 240,
    "PKT": 300,
    "IST": 330,
    "ICT": 420, "WIB": 420,
    "SGT": 480, "HKT": 480, "PHT": 480, "AWST": 480,
    "JST": 540, "KST": 540,
    "ACST": 570, "ACDT": 630,
    "AEST": 600, "AEDT": 660,
    "NZST": 720, "NZDT": 780,
    "NDT": -150, "NST": -210,
    "ADT": -180, "BRT": -180, "ART": -180,
    "AST": -240, "EDT": -240,
    "EST": -300, "CDT": -300,
    "CST": -360, "MDT": -360,
    "MST": -420, "PDT": -420,
    "PST": -480, "AKDT": -480,
    "AKST": -540,
    "HST": -600,
}

# Generic US zones ("4:19 PM ET"): standard offset in minutes; daylight saving time adds an
# hour on the dates the US rule says (see timestamp._us_dst).
US_ZONES: Mapping[str, int] = {"ET": -300, "CT": -360, "MT": -420, "PT": -480}

# Prefixes that say which date a date line gives. Matched case-insensitively, as whole
# words, shortly before the date; spaces stand for any run of white space.
KIND_PREFIXES: Mapping[str, str] = {
    # English
    "published": "published", "first published": "published",
    "originally published": "published", "publication date": "published",
    "date published": "published", "published date": "published", "publish date": "published",
    "posted": "published", "date posted": "published", "post date": "published",
    "post time": "published", "created": "published",
    "released": "published", "start date": "published", "started by": "published",
    "updated": "updated", "last updated": "updated", "modified": "updated",
    "last modified": "updated", "revised": "updated", "edited": "updated",
    "date modified": "updated",
    # German
    "veröffentlicht": "published", "erschienen": "published", "publiziert": "published",
    "erstellt": "published",
    "aktualisiert": "updated", "zuletzt aktualisiert": "updated", "geändert": "updated",
    "stand:": "updated",
    # French
    "publié": "published", "publiée": "published", "mis en ligne": "published",
    "créé": "published",
    "mis à jour": "updated", "mise à jour": "updated", "modifié": "updated",
    "actualisé": "updated", "dernière mise à jour": "updated",
    # Spanish
    "publicado": "published", "publicada": "published", "fecha de publicación": "published",
    "actualizado": "updated", "actualizada": "updated", "última actualización": "updated",
    "modificado": "updated",
    # Italian
    "pubblicato": "published", "pubblicata": "published",
    "data di pubblicazione": "published",
    "aggiornato": "updated", "aggiornata": "updated", "ultimo aggiornamento": "updated",
    "modificato": "updated",
    # Portuguese (publicado / modificado as in Spanish)
    "postado": "published", "atualizado": "updated", "atualizada": "updated",
    "última atualização": "updated",
    # Dutch
    "gepubliceerd": "published", "geplaatst": "published",
    "bijgewerkt": "updated", "laatst bijgewerkt": "updated", "gewijzigd": "updated",
    # Polish
    "opublikowano": "published", "opublikowany": "published", "data publikacji": "published",
    "dodano": "published",
    "zaktualizowano": "updated", "aktualizacja": "updated", "zmodyfikowano": "updated",
    # Russian
    "опубликовано": "published", "опубликован": "published", "дата публикации": "published",
    "обновлено": "updated", "обновлен": "updated", "изменено": "updated",
    # Chinese, Japanese
    "发布时间": "published", "發佈時間": "published", "发布于": "published", "发表于": "published",
    "公開日": "published", "投稿日": "published", "掲載日": "published",
    "更新时间": "updated", "更新時間": "updated", "更新于": "updated", "更新日": "updated",
}

# Words that may join a date and its time ("April 19, 2024 at 4:19 pm", "19 avril à 16h19").
TIME_CONNECTORS: tuple[str, ...] = (
    "at", "um", "à", "a las", "a la", "alle ore", "alle", "ore", "às", "as", "om",
    "o godz.", "o godz", "godz.", "godz", "o", "в", "kl.", "kl",
)

# Relative dates: units (-> seconds); looked up by their folded form. Months and years are left out on purpose:
# "2 months ago" does not say the day, and a date that is wrong by weeks is worse than none.
_MINUTE = 60
_HOUR = 3600
_DAY = 86400
_WEEK = 7 * _DAY
UNITS: Mapping[str, int] = {
    # English
    "second": 1, "seconds": 1, "sec": 1, "secs": 1,
    "minute": _MINUTE, "minutes": _MINUTE, "min": _MINUTE, "mins": _MINUTE,
    "hour": _HOUR, "hours": _HOUR, "hr": _HOUR, "hrs": _HOUR, "h": _HOUR,
    "day": _DAY, "days": _DAY, "week": _WEEK, "weeks": _WEEK, "wk": _WEEK, "wks": _WEEK,
    # German
    "sekunde": 1, "sekunden": 1, "minuten": _MINUTE,
    "stunde": _HOUR, "stunden": _HOUR, "std": _HOUR, "tag": _DAY, "tagen": _DAY,
    "woche": _WEEK, "wochen": _WEEK,
    # French
    "heure": _HOUR, "heures": _HOUR, "jour": _DAY, "jours": _DAY,
    "semaine": _WEEK, "semaines": _WEEK, "seconde": 1, "secondes": 1,
    # Spanish, Portuguese, Italian
    "segundo": 1, "segundos": 1, "minuto": _MINUTE, "minutos": _MINUTE, "minuti": _MINUTE,
    "hora": _HOUR, "horas": _HOUR, "ora": _HOUR, "ore": _HOUR,
    "dia": _DAY, "dias": _DAY, "día": _DAY, "días": _DAY, "giorno": _DAY, "giorni": _DAY,
    "semana": _WEEK, "semanas": _WEEK, "settimana": _WEEK, "settimane": _WEEK,
    "secondo": 1, "secondi": 1,
    # Dutch
    "minuut": _MINUTE, "uur": _HOUR, "dag": _DAY, "dagen": _DAY,
    "weken": _WEEK,
    # Polish
    "sekunda": 1, "sekundy": 1, "sekund": 1, "minuta": _MINUTE, "minuty": _MINUTE,
    "minut": _MINUTE, "minutę": _MINUTE, "godzina": _HOUR, "godziny": _HOUR,
    "godzin": _HOUR, "godzinę": _HOUR, "dzień": _DAY, "dni": _DAY, "tydzień": _WEEK,
    "tygodnie": _WEEK, "tygodni": _WEEK,
    # Russian
    "секунду": 1, "секунды": 1, "секунд": 1, "минуту": _MINUTE, "минуты": _MINUTE,
    "минут": _MINUTE, "час": _HOUR, "часа": _HOUR, "часов": _HOUR, "день": _DAY,
    "дня": _DAY, "дней": _DAY, "неделю": _WEEK, "недели": _WEEK, "недель": _WEEK,
    # Chinese, Japanese (written right before 前)
    "秒": 1, "秒钟": 1, "分": _MINUTE, "分钟": _MINUTE, "分鐘": _MINUTE, "小时": _HOUR,
    "小時": _HOUR, "个小时": _HOUR, "個小時": _HOUR, "時間": _HOUR, "天": _DAY, "日": _DAY, "周": _WEEK, "週": _WEEK,
    "週間": _WEEK,
}

# Number words that stand for a count in "an hour ago", "vor einer Stunde", "il y a un jour".
NUMBER_WORDS: Mapping[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3,
    "ein": 1, "eine": 1, "einem": 1, "einer": 1, "zwei": 2, "drei": 3,
    "un": 1, "une": 1, "deux": 2, "trois": 3,
    "uno": 1, "una": 1, "dos": 2, "tres": 3, "due": 2, "tre": 3,
    "um": 1, "uma": 1, "dois": 2, "duas": 2,
    "een": 1, "twee": 2, "drie": 3,
    "jeden": 1, "jedna": 1, "jedną": 1, "dwa": 2, "dwie": 2, "trzy": 3,
    "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "три": 3,
}

# Words written after "<count> <unit>" ("3 hours ago", "3 ore fa") ...
AGO_AFTER: tuple[str, ...] = ("ago", "fa", "geleden", "temu", "назад")
# ... and before it ("vor 3 Stunden", "il y a 3 heures", "hace 3 horas", "há 3 horas").
AGO_BEFORE: tuple[str, ...] = ("vor", "il y a", "hace", "há")

# Day words, in days before today. "hier" is French for yesterday but German and Dutch for
# "here"; like every day word it counts only with a time after it or a prefix before it.
DAY_WORDS: Mapping[str, int] = {
    "today": 0, "yesterday": 1,
    "heute": 0, "gestern": 1, "vorgestern": 2,
    "aujourd'hui": 0, "aujourd’hui": 0, "hier": 1, "avant-hier": 2,
    "hoy": 0, "ayer": 1, "anteayer": 2,
    "oggi": 0, "ieri": 1,
    "hoje": 0, "ontem": 1, "anteontem": 2,
    "vandaag": 0, "gisteren": 1, "eergisteren": 2,
    "dzisiaj": 0, "dziś": 0, "wczoraj": 1, "przedwczoraj": 2,
    "сегодня": 0, "вчера": 1, "позавчера": 2,
    "今天": 0, "昨天": 1, "前天": 2, "今日": 0, "昨日": 1, "一昨日": 2,
}
