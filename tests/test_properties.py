"""Property-based tests of :func:`boilerstrip.clean` (issues 2 and 6).

The strategies live in ``tests/strategies.py``; the number of examples per property comes from
the hypothesis profile (``HYPOTHESIS_PROFILE``, see ``tests/conftest.py``).

Properties:

- only :class:`~boilerstrip.BoilerstripError` subclasses escape ``clean``, on any text, any
  bytes and any HTML-ish input;
- the same input gives the same :class:`~boilerstrip.Article`, whatever was cleaned before;
- no invented text: every word of the body occurs in the input, in the input's order;
- a clean fixture article keeps exactly its paragraphs (the generated body is unambiguous);
- inserting catalogue chrome leaves the body unchanged and reports every inserted line;
- noise (white space, line endings, BOM, case, bullets, emoji, duplicates; for HTML also
  character references, unclosed and upper-case tags) does not change which paragraphs are kept;
- the text and HTML renderings of one page give the same body paragraphs.

Text comparisons go through :func:`norm`: white-space runs (NBSP and the other Unicode spaces
included) become one space, and invisible characters (zero-width spaces and joiners, soft
hyphens, BOM, direction marks: Unicode category Cf) and control characters are dropped, since
the library may strip them.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
import regex
from hypothesis import example, given, note
from hypothesis import strategies as st

from boilerstrip import Article, BoilerstripError, clean

import strategies as S  # tests/strategies.py; conftest.py puts tests/ on sys.path

RENDERINGS = {"text": S.render_text, "html": S.render_html}


# --- helpers -------------------------------------------------------------------------------


# Format characters (zero-width spaces and joiners, soft hyphen, BOM, direction marks) and
# control characters other than white space.
_INVISIBLE = regex.compile(r"\p{Cf}|(?!\s)\p{Cc}")
_INVISIBLE_OR_SPACE = regex.compile(r"\p{Cf}|\p{Cc}|\s")


def norm(text: str) -> str:
    """Whitespace-normalised text without invisible or control characters."""
    return " ".join(_INVISIBLE.sub("", text).split())


def _skeleton(text: str) -> str:
    """The text without any white space, invisible or control character."""
    return _INVISIBLE_OR_SPACE.sub("", text)


def _words_in_order(words: list[str], source: str) -> str | None:
    """The first word that does not occur in ``source`` after the previous one, else None.

    Compared as skeletons, so that a library that strips, keeps or turns into spaces the
    invisible and control characters of the input is judged the same; any character of a
    word that is not in the input, or a word out of order, is still caught.
    """
    cursor = 0
    for word in words:
        piece = _skeleton(word)
        if not piece:
            continue
        at = source.find(piece, cursor)
        if at < 0:
            return word
        cursor = at + len(piece)
    return None


def _assert_words_from(fields: dict[str, str], source: str) -> None:
    """Every word of each field occurs in ``source``, in order (NFKC tried as a fallback)."""
    for name, text in fields.items():
        words = text.split()
        missing = _words_in_order(words, _skeleton(source))
        if missing is not None:
            # A library may apply Unicode compatibility normalisation; that invents nothing.
            nfkc = [unicodedata.normalize("NFKC", w) for w in words]
            if _words_in_order(nfkc, _skeleton(unicodedata.normalize("NFKC", source))) is None:
                continue
            raise AssertionError(f"{name}: word {missing!r} is not in the input (or not in input order)\n{name} = {text!r}")


def _clean(page: str | bytes) -> Article | None:
    """``clean(page)``, or None when it raises a BoilerstripError (an allowed outcome)."""
    try:
        return clean(page)
    except BoilerstripError:
        return None


def _outcome(page: str | bytes) -> Article | tuple[str, str]:
    try:
        return clean(page)
    except BoilerstripError as exc:
        return (type(exc).__name__, str(exc))


def _normed(paragraphs: tuple[str, ...] | list[str]) -> list[str]:
    return [norm(p) for p in paragraphs]


def _diff(got: list[str] | tuple[str, ...], want: list[str] | tuple[str, ...]) -> str:
    """Which paragraphs were lost and which gained, by their first words."""

    def head(p: str) -> str:
        words = p.split()
        return " ".join(words[:8]) + (" ..." if len(words) > 8 else "")

    lost = [head(p) for p in (Counter(want) - Counter(got)).elements()]
    gained = [head(p) for p in (Counter(got) - Counter(want)).elements()]
    return f"lost {lost}, gained {gained}" if lost or gained else "same paragraphs in a different order"


# --- only BoilerstripError escapes ---------------------------------------------------------


@given(S.arbitrary_text())
@example("")
@example("\x00")
@example("\ufeff")
@example(" \n\t\r\n ")
def test_only_boilerstrip_errors_escape_on_text(page: str) -> None:
    result = _clean(page)
    assert result is None or isinstance(result, Article)


@given(S.arbitrary_bytes())
@example(b"")
@example(b"\x00" * 64)
@example(b"\xff\xfe" + "Ünïcödé text".encode("utf-16-le"))
@example(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
def test_only_boilerstrip_errors_escape_on_bytes(page: bytes) -> None:
    result = _clean(page)
    assert result is None or isinstance(result, Article)


@given(st.one_of(S.tag_soup(), S.tag_soup_bytes()))
@example("<html>")
@example("<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>")
@example(b'<html><head><meta charset="utf-16"></head><body><p>caf\xc3\xa9</p></body></html>')
def test_only_boilerstrip_errors_escape_on_html(page: str | bytes) -> None:
    result = _clean(page)
    assert result is None or isinstance(result, Article)


# --- determinism ---------------------------------------------------------------------------


@given(S.any_input(), S.any_input())
def test_same_input_gives_same_article(page: str | bytes, other: str | bytes) -> None:
    # Cleaning another page in between must not change the result (no state leaks).
    first = _outcome(page)
    _outcome(other)
    assert _outcome(page) == first


# --- no invented text, input order ---------------------------------------------------------


@given(S.arbitrary_text())
def test_body_words_come_from_text_input_in_order(page: str) -> None:
    article = _clean(page)
    if article is None:
        return
    _assert_words_from({"body": article.body, "headline": article.headline or ""}, page)


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@given(page=S.pages())
def test_body_words_come_from_page_in_order(rendering: str, page: S.Page) -> None:
    article = clean(RENDERINGS[rendering](page))
    _assert_words_from({"body": article.body, "headline": article.headline or ""}, "\n".join(page.reading_order()))


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@given(page=S.pages())
def test_body_paragraphs_keep_page_order(rendering: str, page: S.Page) -> None:
    # Stronger than the word check: each paragraph is one run of the page's text, and the
    # runs come in page order.
    source = norm("\n".join(page.reading_order()))
    cursor = 0
    for paragraph in _normed(clean(RENDERINGS[rendering](page)).paragraphs):
        at = source.find(paragraph, cursor)
        assert at >= 0, f"body paragraph not found (in order) in the page: {paragraph!r}"
        cursor = at + len(paragraph)


# --- the body of a generated page ----------------------------------------------------------


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@given(page=S.pages(max_chrome=0))
def test_clean_article_keeps_exactly_its_paragraphs(rendering: str, page: S.Page) -> None:
    got, want = _normed(clean(RENDERINGS[rendering](page)).paragraphs), _normed(page.paragraphs)
    assert got == want, _diff(got, want)


@pytest.mark.parametrize("rendering", sorted(RENDERINGS))
@given(page=S.pages(min_chrome=1))
def test_inserted_chrome_is_removed_and_reported(rendering: str, page: S.Page) -> None:
    render = RENDERINGS[rendering]
    plain = clean(render(page.without_chrome()))
    article = clean(render(page))
    removed = [norm(r.text) for r in article.removed]
    note(f"removed: {[(r.text, r.kind, r.rule) for r in article.removed]}")
    assert article.paragraphs == plain.paragraphs, _diff(article.paragraphs, plain.paragraphs)
    if rendering == "text":
        # One line per block in text: each inserted line is one removed entry.
        missing = Counter(norm(line.text) for line in page.inserted) - Counter(removed)
        assert not missing, f"inserted chrome not reported in removed: {sorted(missing.elements())}"
    else:
        # HTML may remove a whole <nav> or <aside> as one entry; each line must be inside one.
        missing_lines = [line.text for line in page.inserted if not any(norm(line.text) in r for r in removed)]
        assert not missing_lines, f"inserted chrome not reported in removed: {missing_lines}"


@given(page=S.pages(), data=st.data())
def test_noise_does_not_change_kept_paragraphs(page: S.Page, data: st.DataObject) -> None:
    noisy_page = data.draw(S.noised_chrome(page), label="noised chrome")
    noise = data.draw(S.text_noise(), label="text noise")
    plain = clean(S.render_text(page))
    noisy = clean(noise(S.render_text(noisy_page)))
    got, want = _normed(noisy.paragraphs), _normed(plain.paragraphs)
    assert got == want, _diff(got, want)


@given(page=S.pages(), data=st.data())
def test_html_noise_does_not_change_kept_paragraphs(page: S.Page, data: st.DataObject) -> None:
    noisy_page = data.draw(S.noised_chrome(page), label="noised chrome")
    noise = data.draw(S.html_noise(), label="html noise")
    plain = clean(S.render_html(page))
    noisy = clean(noise(S.render_html(noisy_page)))
    got, want = _normed(noisy.paragraphs), _normed(plain.paragraphs)
    assert got == want, _diff(got, want)


# --- text and HTML agree -------------------------------------------------------------------


@given(page=S.pages())
def test_text_and_html_renderings_give_same_paragraphs(page: S.Page) -> None:
    from_text = clean(S.render_text(page))
    from_html = clean(S.render_html(page))
    got, want = _normed(from_html.paragraphs), _normed(from_text.paragraphs)
    assert got == want, "HTML vs text: " + _diff(got, want)
