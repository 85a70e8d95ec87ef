"""Structured fuzzing of :func:`boilerstrip.clean` and of what it reads (issue #16).

Only documented exceptions may escape ``clean()``: :class:`~boilerstrip.BoilerstripError`
subclasses, and ``TypeError``/``ValueError`` for an option of the wrong type or an unknown
value (``favor="fast"``, ``input="pdf"``; see SECURITY.md). Every other option value (any
``url`` string, any ``language`` string, any ``now`` datetime) must give an Article.

The first half pins the classes of failure found so far, one deterministic test each (all of
them failed before the fix):

1. a declared charset that names a codec that is no page encoding (``base64``, ``zlib``,
   ``rot13``, ``undefined``, ``idna``, ...) raised ``LookupError``/``UnicodeError``;
2. a malformed URL (``http://[::1/``, ``http://[zz]/``, a host that NFKC-normalises to a
   delimiter) raised ``ValueError`` from ``urllib``;
3. ``now`` at either end of the datetime range with a relative date on the page raised
   ``OverflowError``;
4. a rule file nested thousands of levels deep raised ``RecursionError`` (and an integer of
   more than 4,300 digits ``ValueError``, a pattern of thousands of nested groups
   ``RecursionError``) instead of ``RuleError``.

The second half fuzzes each class with hypothesis, and ``clean()`` with every option at once.
The number of examples follows the hypothesis profile (``tests/conftest.py``): the expensive
properties run a fraction of the profile's count, so the file stays near a minute under
``ci`` and scales up under ``thorough``.
"""

from __future__ import annotations

import encodings.aliases
import string
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import boilerstrip.api
import boilerstrip.rules.loader as loader
from boilerstrip import Article, BoilerstripError, Rule, RuleError, clean
from boilerstrip._url import MAX_URL_CHARS, check_url
from boilerstrip.decode import decode_page
from boilerstrip.fields.timestamp import date_from_url, date_line_score, find_timestamps, parse_iso_like, parse_timestamp
from boilerstrip.rules.loader import rules_from_toml
from boilerstrip.rules.model import host_of

import strategies as S  # tests/strategies.py; conftest.py puts tests/ on sys.path


def _examples(share: float) -> int:
    """``share`` of the profile's examples per property (at least 10)."""
    return max(10, int(settings().max_examples * share))  # settings() holds the loaded profile's values


BODY = "The council met on Tuesday and agreed the new budget for the schools of the town."
HTML_PAGE = (
    "<html><head><title>Council agrees budget</title></head><body>"
    "<h1>Council agrees budget</h1><p class=byline>Posted {date}</p>" + f"<p>{BODY}</p>" * 3 + "</body></html>"
)
TEXT_PAGE = "Council agrees budget\n\nPosted {date}\n\n" + f"{BODY}\n\n" * 3


def _clean_or_documented(page: str | bytes, **options: object) -> Article | None:
    """``clean(page, **options)``; a BoilerstripError is fine (returns None), anything else fails."""
    try:
        return clean(page, **options)  # type: ignore[arg-type]
    except BoilerstripError:
        return None


# --- 1. declared charsets that name no page encoding ----------------------------------------

NON_PAGE_CODECS = (
    "base64", "base_64", "hex", "zlib", "zip", "bz2", "rot13", "rot-13", "uu", "uu_codec", "quopri",
    "quoted-printable", "undefined", "idna", "punycode", "unicode_escape", "raw_unicode_escape",
    "utf-7", "utf7", "mbcs", "dbcs", "oem", "cp037", "ebcdic-cp-us", "cp500",
)  # fmt: skip


@pytest.mark.parametrize("label", NON_PAGE_CODECS)
@pytest.mark.parametrize("form", ['<meta charset="{}">', '<meta http-equiv="Content-Type" content="text/html; charset={}">', '<?xml version="1.0" encoding="{}"?>'])
def test_a_charset_naming_no_page_encoding_is_ignored(label: str, form: str) -> None:
    data = (form.format(label) + "<p>Le caf\xe9 o\xf9 l'on a mang\xe9 un g\xe2teau.</p>").encode("latin-1")
    text = decode_page(data, max_bytes=None)
    assert "café où l'on a mangé un gâteau" in text  # the label is ignored: detection reads it
    assert isinstance(clean(data), Article)


def test_utf7_label_does_not_turn_plus_sequences_into_markup() -> None:
    data = b'<meta charset="utf-7"><p>+ADw-script+AD4-alert(1)+ADw-/script+AD4- caf\xe9 au lait, s\'il vous pla\xeet.</p>'
    assert "<script>" not in decode_page(data, max_bytes=None)


# --- 2. malformed URLs ------------------------------------------------------------------------

MALFORMED_URLS = (
    "http://[::1/", "http://[zz]/", "//[", "http://[", "http://]/", "http://[v1.x]/2024/04/19/", "http://a:b:c/",
    "http://x:99999/", "http://x:-1/", "http://x:８０/", "http://ex ample.com/2024/04/19/", "http://ex\x00ample.com/",
    "http://\uff03/", "http://a\u2100b/", "http://a\ufe6bb/", "http://x/\ud800", "http://x/\x7f",
    "http://example.com/" + "a" * (MAX_URL_CHARS + 1),
)  # fmt: skip


@pytest.mark.parametrize("url", MALFORMED_URLS, ids=lambda u: repr(u[:30]))
def test_a_malformed_url_is_no_url(url: str) -> None:
    assert check_url(url) is None
    date_from_url(url)  # never raises
    # no date on the page: the URL is read for one
    for page in (HTML_PAGE.format(date="by Jane Doe"), TEXT_PAGE.format(date="by Jane Doe")):
        article = clean(page, url=url)
        assert article.paragraphs


@pytest.mark.skipif(not hasattr(boilerstrip.api, "check_url"), reason="api.Cleaner._run does not call _url.check_url yet")
@pytest.mark.parametrize("url", ["http://x:99999/", "http://x:b:c/", "http://x y/", "x:99999/2024/04/19/"])
def test_site_rules_and_url_dates_ignore_a_malformed_url(url: str) -> None:
    rule = Rule(id="acme.headline-promo", kind="promo", pattern="^Council agrees", sites=("x",))
    page = TEXT_PAGE.format(date="by Jane Doe")
    article = clean(page, url=url, rules=rule)
    assert not any(r.kind == "promo" for r in article.removed)  # the host "x" is not trusted
    assert article.timestamp is None  # nor is the path's date
    assert any("not a usable URL" in w for w in article.warnings)
    assert any(r.kind == "promo" for r in clean(page, url="http://x/", rules=rule).removed)


@pytest.mark.parametrize("url", ["http://[::1/2024/04/19/story", "http://[zz]/2024/04/19/story", "http://\uff03/2024/04/19/"])
def test_date_from_url_gives_none_for_an_unreadable_url(url: str) -> None:
    assert date_from_url(url) is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/news/2024/04/19/story", "https://www.example.com/news/2024/04/19/story"),
        ("  https://example.com/a\n/b\t", "https://example.com/a/b"),
        ("example.com/news/1", "example.com/news/1"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("http://bücher.example/2024/04/19/", "http://bücher.example/2024/04/19/"),
        ("https://example.com/my page.html?q=[1]#top", "https://example.com/my page.html?q=[1]#top"),
    ],
)
def test_check_url_keeps_usable_urls(url: str, expected: str) -> None:
    assert check_url(url) == expected


# --- 3. now at the ends of the datetime range -------------------------------------------------

EXTREME_NOWS = (
    datetime.min, datetime.max, datetime.min.replace(tzinfo=timezone.utc), datetime.max.replace(tzinfo=timezone.utc),
    datetime.min.replace(tzinfo=timezone(timedelta(hours=23, minutes=59))),
    datetime.max.replace(tzinfo=timezone(timedelta(hours=-23, minutes=-59))),
    datetime.min + timedelta(hours=1), datetime.max - timedelta(days=1),
)  # fmt: skip
RELATIVE = (
    "3 hours ago", "in 2 days", "yesterday", "yesterday at 4:19 pm", "today at 23:59", "5 years ago", "2 weeks ago",
    "999 weeks ago", "tomorrow", "vor 3 Stunden", "hier à 16h19", "3日前", "just now", "1 minute ago",
)  # fmt: skip


@pytest.mark.parametrize("now", EXTREME_NOWS, ids=repr)
@pytest.mark.parametrize("phrase", RELATIVE)
def test_relative_dates_at_the_ends_of_the_datetime_range(now: datetime, phrase: str) -> None:
    for text in (f"Posted {phrase}", f"Updated {phrase}", phrase):
        parse_timestamp(text, now=now)
        find_timestamps(text, now=now)
        parse_iso_like(text, now=now)
    date_line_score(f"Posted {phrase}")
    for page in (HTML_PAGE.format(date=phrase), TEXT_PAGE.format(date=phrase)):
        article = clean(page, now=now)
        assert article.paragraphs


def test_an_absolute_date_is_plausible_under_a_now_at_the_end_of_the_range() -> None:
    stamp = parse_timestamp("Posted April 19, 2024", now=datetime.max)
    assert stamp is not None and stamp.value == datetime(2024, 4, 19)
    assert parse_timestamp("Posted 3 hours ago", now=datetime.min) is None


# --- 4. rule files nested too deeply, and other TOML the parser cannot convert -----------------

DEEP_TOML = {
    "arrays": "a = " + "[" * 100_000 + "]" * 100_000,
    "inline tables": "a = " + "{b = " * 100_000 + "1" + "}" * 100_000,
    "arrays in a rule": '[[rules]]\nid = "a.b"\nkind = "promo"\npattern = ' + "[" * 5_000 + '"x"' + "]" * 5_000,
}


@pytest.mark.parametrize("text", DEEP_TOML.values(), ids=DEEP_TOML.keys())
def test_deeply_nested_toml_is_a_rule_error(text: str) -> None:
    with pytest.raises(RuleError, match="nested too deeply|must"):
        rules_from_toml(text, source="deep.toml")


def test_deeply_nested_rule_file_is_a_rule_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(DEEP_TOML["arrays"], encoding="utf-8")
    with pytest.raises(RuleError, match=r"deep\.toml.*nested too deeply"):
        loader.load_rules(path)


def test_an_integer_too_long_to_convert_is_a_rule_error() -> None:
    with pytest.raises(RuleError, match="invalid TOML"):
        rules_from_toml("a = " + "9" * 5_000)


@pytest.mark.parametrize("pattern", ["(" * 50_000 + "a" + ")" * 50_000, "(?:" * 5_000 + "a" + ")" * 5_000])
def test_a_pattern_nested_too_deeply_is_a_rule_error(pattern: str) -> None:
    text = f'[[rules]]\nid = "acme.deep"\nkind = "promo"\npattern = "{pattern}"\n'
    with pytest.raises(RuleError, match="acme.deep.*nested too deeply"):
        rules_from_toml(text)


def test_an_oversized_rule_file_is_a_rule_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_RULE_FILE_BYTES", 1_000)
    path = tmp_path / "big.toml"
    path.write_text("# padding\n" * 200, encoding="utf-8")
    with pytest.raises(RuleError, match="larger than"):
        loader.load_rules(path)
    with pytest.raises(RuleError, match="larger than"):
        rules_from_toml("# padding\n" * 200)


# --- 5. fuzzing --------------------------------------------------------------------------------

# Charset labels: every name and alias Python knows (text codecs or not), spelled as pages
# spell them, and garbage of the shape the declaration pattern accepts.
_KNOWN_LABELS = sorted(set(encodings.aliases.aliases) | set(encodings.aliases.aliases.values()) | set(NON_PAGE_CODECS))
_LABELS = st.one_of(
    st.sampled_from(_KNOWN_LABELS),
    st.sampled_from(_KNOWN_LABELS).map(lambda s: s.replace("_", "-").upper()),
    st.from_regex(r"[A-Za-z0-9._:-]{1,40}", fullmatch=True),
)
_DECLARATIONS = st.sampled_from(
    ('<meta charset="{}">', "<meta charset={}>", '<meta http-equiv="Content-Type" content="text/html; charset={}">', '<?xml version="1.0" encoding="{}"?>')
)
_PAGE_CODECS = st.sampled_from(("latin-1", "cp1252", "koi8-r", "shift_jis", "gb18030", "big5", "utf-8", "utf-16-le", "cp437", "iso8859-7"))
_STRAYS = st.lists(st.sampled_from((b"\xe9", b"\xff", b"\xfe", b"\x80", b"\xc3\x28", b"\xed\xa0\x80", b"+ADw-", b"=3D", b"\x1b$B", b"~{")), min_size=1, max_size=4)


@st.composite
def _declared_pages(draw: st.DrawFn) -> bytes:
    """Bytes declaring an arbitrary charset, with text in some other encoding and stray bytes
    that are not UTF-8 (so the declaration is consulted)."""
    head = draw(_DECLARATIONS).format(draw(_LABELS)).encode("ascii")
    text = draw(st.one_of(st.sampled_from((BODY, "Le café où l'on a mangé.", "Привет, мир!", "日本語のテキスト")), st.text(max_size=60)))
    body = text.encode(draw(_PAGE_CODECS), errors="replace")
    for stray in draw(_STRAYS):
        at = draw(st.integers(0, len(body)))
        body = body[:at] + stray + body[at:]
    return head + b"<p>" + body + b"</p>"


@settings(max_examples=_examples(1.0), suppress_health_check=[HealthCheck.too_slow])
@given(_declared_pages())
def test_fuzz_declared_charsets(data: bytes) -> None:
    try:
        text = decode_page(data, max_bytes=None)
    except BoilerstripError:
        return
    assert isinstance(text, str)


@settings(max_examples=_examples(0.3), suppress_health_check=[HealthCheck.too_slow])
@given(_declared_pages())
def test_fuzz_declared_charsets_through_clean(data: bytes) -> None:
    _clean_or_documented(data)


# URLs built from pieces: schemes, user info, hosts (brackets, IDN, NFKC traps, spaces,
# controls), ports (out of range, signs, non-ASCII digits, extra colons), paths with dates.
_SCHEMES = ("", "http://", "https://", "//", "HTTP://", "http:/", "http:///", "ftp://", "javascript:", "mailto:", "data:text/html,", "\t http://")
_USERINFO = ("", "user@", "u:p@", "@", ":@", "a@b@", "[@")
_HOSTS = (
    "example.com", "WWW.Example.COM.", "news.example.co.uk", "[::1]", "[::1", "::1]", "[zz]", "[v1.x]", "[fe80::1%25eth0]",
    "[::ffff:1.2.3.4]", "1.2.3.4", "999.1.1.1", "bücher.example", "xn--bcher-kva.example", "xn--", "a b", "ex\x00ample",
    "\uff03", "a\u2100b", "\ufe6b", "", "%41", "a..b", "-a-", "." * 300, "a" * 64 + ".com", "[", "]", "\u0130.example",
    "\u212a.example", "例え.テスト", "\u202eevil.example", "example.com\\evil", "ex%00ample.com",
)  # fmt: skip
_PORTS = ("", ":", ":80", ":8080", ":0", ":65535", ":65536", ":99999", ":-1", ":+1", ":b:c", ":\u0663", ":８０", ":1" + "0" * 30, ": 80")
_PATHS = (
    "", "/", "/2024/04/19/story", "/news/2024-04-19-slug", "/20240419/", "/2024/feb/30/", "/9999/12/31/x", "/0001/01/01/",
    "/1990/01/01/", "/%zz", "/\ud800", "/\x7f", "/a b/2024/04/19/", "?q=[1]", "#[", "/?a=1&b=2#frag", "/../..", "/" + "x/" * 200,
)  # fmt: skip
_URL_PIECES = st.one_of(st.sampled_from(_SCHEMES + _USERINFO + _HOSTS + _PORTS + _PATHS), st.text(max_size=8))
_HUGE_URLS = ("http://example.com/" + "a" * 200_000, "http://" + "a." * 50_000 + "com/", "http://[" + ":" * 100_000 + "]/")


@st.composite
def _urls(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.one_of(st.sampled_from(_HUGE_URLS), st.text(max_size=60)))
    if draw(st.booleans()):
        parts = [draw(st.sampled_from(p)) for p in (_SCHEMES, _USERINFO, _HOSTS, _PORTS, _PATHS)]
        return "".join(parts)
    return "".join(draw(st.lists(_URL_PIECES, max_size=8)))


@settings(max_examples=_examples(1.0))
@given(_urls())
def test_fuzz_urls(url: str) -> None:
    safe = check_url(url)
    if safe is not None:
        assert len(safe) <= MAX_URL_CHARS
        parts = urlsplit(safe if "//" in safe else "//" + safe)  # what the pipeline reads: never raises
        parts.hostname, parts.port  # noqa: B018
    date_from_url(url)
    host_of(url)


@settings(max_examples=_examples(0.3), suppress_health_check=[HealthCheck.too_slow])
@given(_urls(), st.sampled_from((HTML_PAGE, TEXT_PAGE)), st.sampled_from(("by Jane Doe", "April 19, 2024")))
def test_fuzz_urls_through_clean(url: str, page: str, date: str) -> None:
    article = clean(page.format(date=date), url=url)  # the URL is read for a date when the page has none
    assert article.paragraphs


_FIXED_ZONES = st.integers(-1439, 1439).map(lambda m: timezone(timedelta(minutes=m)))
_ZONES: st.SearchStrategy[tzinfo] = st.one_of(_FIXED_ZONES, st.timezones())
_NOWS: st.SearchStrategy[datetime | None] = st.one_of(
    st.none(),
    st.sampled_from(EXTREME_NOWS),
    # naive and aware, over the whole range and within a week of either end
    st.datetimes(),
    st.datetimes(timezones=_ZONES),
    st.datetimes(max_value=datetime(1, 1, 8)),
    st.datetimes(max_value=datetime(1, 1, 8), timezones=_ZONES),
    st.datetimes(min_value=datetime(9999, 12, 24)),
    st.datetimes(min_value=datetime(9999, 12, 24), timezones=_ZONES),
)
_PHRASES = st.one_of(st.sampled_from(RELATIVE), st.sampled_from(("April 19, 2024", "19.04.2024 16:19 Uhr", "2024-04-19T16:19:49-23:59", "December 31, 9999 11:59 pm", "January 1, 0001")))


@settings(max_examples=_examples(1.0))
@given(_NOWS, st.lists(_PHRASES, min_size=1, max_size=3).map(" ".join), st.sampled_from(("Posted ", "Updated: ", "", "By Jane Doe | ")))
def test_fuzz_now_with_relative_dates(now: datetime | None, phrase: str, prefix: str) -> None:
    text = prefix + phrase
    parse_timestamp(text, now=now)
    find_timestamps(text, now=now)
    parse_iso_like(text, now=now)
    date_line_score(text)


@settings(max_examples=_examples(0.3), suppress_health_check=[HealthCheck.too_slow])
@given(_NOWS, _PHRASES, st.sampled_from((HTML_PAGE, TEXT_PAGE)))
def test_fuzz_now_through_clean(now: datetime | None, phrase: str, page: str) -> None:
    assert clean(page.format(date=phrase), now=now).paragraphs


# TOML: nested arrays and inline tables of random depth around rule-shaped text.
@st.composite
def _toml_texts(draw: st.DrawFn) -> str:
    depth = draw(st.one_of(st.integers(0, 50), st.integers(0, 5_000)))
    kind = draw(st.sampled_from(("array", "table", "mixed", "rule", "text", "int")))
    if kind == "array":
        return "a = " + "[" * depth + "1" + "]" * depth
    if kind == "table":
        return "a = " + "{b = " * depth + "1" + "}" * depth
    if kind == "mixed":
        return "a = " + "[{b = " * depth + "1" + "}]" * depth
    if kind == "rule":
        return '[[rules]]\nid = "acme.x"\nkind = "promo"\npattern = "' + "(" * depth + "x" + ")" * depth + '"\n'
    if kind == "int":
        return "a = " + "9" * draw(st.integers(1, 6_000))
    return draw(st.text(alphabet=st.sampled_from('[]{}=,."\'\n a1#' + string.ascii_letters), max_size=200))


@settings(max_examples=_examples(0.2), suppress_health_check=[HealthCheck.too_slow])
@given(_toml_texts())
def test_fuzz_rule_toml(text: str) -> None:
    try:
        rules_from_toml(text)
    except RuleError:
        pass


# clean() with everything at once: any input, and every option (valid or not).
_FAVORS = ("balanced", "precision", "recall")
_INPUTS = ("auto", "text", "html")
_LANGUAGES = st.one_of(
    st.none(),
    st.sampled_from(("en", "en-US", "de_DE", "zh-Hant-TW", "pt-br", "x" * 100, "", "und", "-", "_", "en--", "\x00", "ar", "he", "ja")),
    st.text(max_size=20),
)


@settings(max_examples=_examples(1.0), suppress_health_check=[HealthCheck.too_slow])
@given(
    page=st.one_of(S.any_input(), _declared_pages()),
    url=st.one_of(st.none(), _urls()),
    language=_LANGUAGES,
    now=_NOWS,
    # one_of picks a branch uniformly: a valid value three times out of four
    favor=st.one_of(*[st.sampled_from(_FAVORS)] * 3, st.text(max_size=10)),
    input=st.one_of(*[st.sampled_from(_INPUTS)] * 3, st.text(max_size=5)),
    include_comments=st.booleans(),
)
def test_fuzz_clean_with_every_option(
    page: str | bytes, url: str | None, language: str | None, now: datetime | None, favor: str, input: str, include_comments: bool
) -> None:
    options = dict(url=url, language=language, now=now, favor=favor, input=input, include_comments=include_comments)
    if favor not in _FAVORS or input not in _INPUTS:
        with pytest.raises((TypeError, ValueError)):  # documented: an unknown option value
            clean(page, **options)  # type: ignore[arg-type]
        return
    _clean_or_documented(page, **options)


def test_a_rule_built_in_code_with_a_pattern_nested_too_deeply_raises_rule_error() -> None:
    with pytest.raises(RuleError, match="nested too deeply"):
        Rule(id="deep.pattern", kind="promo", pattern="(" * 50_000 + "a" + ")" * 50_000)
