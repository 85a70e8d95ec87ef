"""Decoding bytes to text and telling HTML from plain text (boilerstrip.decode)."""

from __future__ import annotations

import codecs
import gzip
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerstrip.decode import decode_page, looks_like_html
from boilerstrip.errors import BoilerstripError, InputTooLarge, NotTextError

TEXT = "Le café où l’on a mangé une crème brûlée — très bon."


# --- byte-order marks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
    ],
)
def test_bom_decides(bom: bytes, encoding: str) -> None:
    # The declaration says latin-1; the BOM wins and is not kept.
    page = f'<meta charset="iso-8859-1"><p>{TEXT}</p>'
    assert decode_page(bom + page.encode(encoding), max_bytes=None) == page


# --- declared charsets ------------------------------------------------------------------------


def test_meta_charset_latin1() -> None:
    page = '<html><head><meta charset="ISO-8859-1"></head><body><p>Le café où l\'on a mangé</p>'
    assert decode_page(page.encode("latin-1"), max_bytes=None) == page


def test_http_equiv_content_type() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><p>Привет, мир! Как дела?</p>'
    assert decode_page(page.encode("cp1251"), max_bytes=None) == page


def test_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="shift_jis"?><html><body><p>日本語のテキストです。</p></body></html>'
    assert decode_page(page.encode("shift_jis"), max_bytes=None) == page


def test_latin1_label_reads_windows_1252_punctuation() -> None:
    # Browsers read "iso-8859-1" as Windows-1252: 0x93/0x94 are curly quotes, not controls.
    page = '<meta charset="iso-8859-1"><p>\u201cQuoted\u201d text</p>'
    assert decode_page(page.encode("cp1252"), max_bytes=None) == page


def test_valid_utf8_wins_over_a_wrong_label() -> None:
    # A page labelled latin-1 whose bytes are UTF-8: reading the label would give "cafÃ©".
    page = f'<meta charset="iso-8859-1"><p>{TEXT}</p>'
    decoded = decode_page(page.encode("utf-8"), max_bytes=None)
    assert decoded == page
    assert "Ã" not in decoded


def test_unknown_label_falls_back() -> None:
    page = f'<meta charset="no-such-charset"><p>{TEXT}</p>'
    assert decode_page(page.encode("utf-8"), max_bytes=None) == page


# --- undeclared bytes ---------------------------------------------------------------------------


def test_undeclared_utf8() -> None:
    assert decode_page(TEXT.encode("utf-8"), max_bytes=None) == TEXT


def test_undeclared_single_byte_text_is_guessed() -> None:
    text = ("Les élèves ont visité le musée et ont découvert des œuvres très intéressantes. " * 8).strip()
    decoded = decode_page(text.encode("cp1252"), max_bytes=None)
    assert "élèves" in decoded and "musée" in decoded


_WESTERN = "The council\u2019s plan \u2014 approved on Tuesday \u2014 will cost \u20ac40 million, said the mayor of Z\u00fcrich. "


@pytest.mark.parametrize("repeats", [1, 3, 8])
@pytest.mark.parametrize("paragraphs", [1, 4])
def test_undeclared_western_text_with_few_accents_is_read_as_windows_1252(repeats: int, paragraphs: int) -> None:
    # English with a few typographic quotes, dashes and a euro sign, saved as Windows-1252
    # with no charset: left to itself the guesser read it as a DOS or Mac code page (cp775,
    # cp850, mac_roman), "council’s" as "councilís"; no page is in those
    html = "<html><body>" + f"<p>{_WESTERN * repeats}</p>" * paragraphs + "</body></html>"
    assert decode_page(html.encode("cp1252"), max_bytes=None) == html


def test_windows_1252_bytes_labelled_utf8_are_read_as_windows_1252() -> None:
    # a page that says UTF-8 but was saved as Windows-1252 (a template's label, an editor's
    # bytes): the label cannot be right, and the guess among the web's encodings is
    html = f'<html><head><meta charset="utf-8"></head><body><p>{_WESTERN * 5}</p><p>{_WESTERN * 5}</p></body></html>'
    assert decode_page(html.encode("cp1252"), max_bytes=None) == html


_CZECH = (
    "Městská rada v úterý večer schválila stavbu nového mostu přes řeku, po letech sporů. „Je to "
    "historické rozhodnutí,“ řekla starostka. Práce mají začít příští jaro a potrvají dva roky; "
    "náklady se odhadují na čtyřicet milionů eur."
)


@pytest.mark.parametrize(
    "head", ['<html lang="cs">', '<html lang="cs-CZ">', '<html xmlns="http://www.w3.org/1999/xhtml" lang="cs" xml:lang="cs">'],
)
def test_an_undeclared_page_in_a_declared_language_is_read_in_its_code_page(head: str) -> None:
    # Czech saved as Windows-1250 often reads as plausibly in Windows-1252 to the guesser (the
    # same chaos, the same coherence), and the tie went to the web's commonest encoding:
    # "Městská" came out as "Mìstská". The page's declared language settles the tie, as a
    # browser's locale would (before: 9 of these 36 pages misread)
    misread = []
    for paragraphs in (1, 2, 3, 5):
        for title in ("x", "Zprávy", "Most přes řeku"):
            html = f"{head}<head><title>{title}</title></head><body>" + f"<p>{_CZECH}</p>" * paragraphs + "</body></html>"
            if decode_page(html.encode("cp1250"), max_bytes=None) != html:
                misread.append((paragraphs, title))
    assert misread == []


def test_a_guess_is_always_an_encoding_of_the_web() -> None:
    from charset_normalizer import from_bytes

    from boilerstrip.decode import _GUESS_BYTES, _WEB_GUESSES, _guess

    for text in (_WESTERN * 3, "Městská rada schválila stavbu nového mostu přes řeku. " * 4, TEXT * 4):
        for encoding in ("cp1252", "cp1250", "cp852", "mac_roman"):
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            guessed = _guess(data)
            assert guessed is not None
            # what it read is what one of the web's encodings reads, and the best of those
            readings = [m for m in from_bytes(data[:_GUESS_BYTES]) if m.encoding in _WEB_GUESSES]
            assert readings and guessed in {data.decode(m.encoding, errors="replace") for m in readings}
    assert not {"cp437", "cp775", "cp850", "cp852", "mac_roman", "ascii", "utf_8"} & set(_WEB_GUESSES)


def test_mixed_encoding_keeps_utf8_and_reads_strays() -> None:
    # A UTF-8 page with one stray Latin-1 byte (a template pasted from another system).
    data = ("<p>" + TEXT + "</p>").encode("utf-8") + b"<p>Caf\xe9 au lait</p>"
    decoded = decode_page(data, max_bytes=None)
    assert TEXT in decoded
    assert "Café au lait" in decoded


def test_utf16_without_bom() -> None:
    page = "<html><body><p>Plain ASCII text in UTF-16 without a byte-order mark.</p></body></html>"
    assert decode_page(page.encode("utf-16-le"), max_bytes=None) == page
    assert decode_page(page.encode("utf-16-be"), max_bytes=None) == page


def test_nul_bytes_are_removed() -> None:
    assert decode_page(b"<p>a\x00b</p>", max_bytes=None) == "<p>ab</p>"
    assert decode_page("<p>a\x00b</p>", max_bytes=None) == "<p>ab</p>"


def test_str_passes_through() -> None:
    assert decode_page(TEXT, max_bytes=1000) == TEXT


# --- binary data and size limits ------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(200),
        b"GIF89a" + bytes(200),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(100),
        gzip.compress(b"<html><body>compressed</body></html>"),
        zlib.compress(b"x" * 1000) * 3,
        bytes(range(32)) * 50,
    ],
    ids=["png", "jpeg", "gif", "pdf", "zip", "gzip", "zlib", "controls"],
)
def test_binary_raises_not_text(data: bytes) -> None:
    with pytest.raises(NotTextError):
        decode_page(data, max_bytes=None)


def test_control_heavy_str_raises_not_text() -> None:
    with pytest.raises(NotTextError):
        decode_page("\x01\x02\x03\x04" * 100, max_bytes=None)


def test_text_starting_like_a_weak_signature_is_text() -> None:
    # "ID3" and "RIFF" start real prose too; without binary bytes they are text.
    assert decode_page(b"ID3 tags are metadata in MP3 files.", max_bytes=None).startswith("ID3")


def test_too_large() -> None:
    with pytest.raises(InputTooLarge) as info:
        decode_page(b"x" * 101, max_bytes=100)
    assert info.value.size == 101 and info.value.limit == 100
    with pytest.raises(InputTooLarge):
        decode_page("x" * 101, max_bytes=100)
    assert decode_page(b"x" * 100, max_bytes=100) == "x" * 100
    assert len(decode_page(b"x" * 10_000, max_bytes=None)) == 10_000


def test_wrong_type() -> None:
    with pytest.raises(TypeError):
        decode_page(12, max_bytes=None)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(st.binary(max_size=4000))
def test_any_bytes_decode_or_raise_a_library_error(data: bytes) -> None:
    try:
        text = decode_page(data, max_bytes=None)
    except BoilerstripError as error:
        assert isinstance(error, NotTextError)
    else:
        assert isinstance(text, str) and "\x00" not in text


@settings(max_examples=200)
@given(st.text(max_size=2000))
def test_utf8_round_trip(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    try:
        decoded = decode_page(data, max_bytes=None)
    except NotTextError:
        return  # text that is mostly control characters
    if "\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        if not text.startswith("\ufeff"):
            assert decoded == text


# --- HTML or plain text ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><title>x</title>",
        "  \n<!doctype HTML>\n<html lang='en'>",
        "<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body>x</body></html>",
        "<!-- saved page --><html><body>x</body></html>",
        "<body><p>Just a body</p></body>",
        "<div class='a'><p>One</p><p>Two</p></div>",
        "Intro text<br>more text<br><a href='/x'>link</a>",
        "<ul><li>one</li><li>two</li></ul>",
    ],
)
def test_looks_like_html(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "I <3 my cat and she <3 me.",
        "If a < b and b > c then nothing follows about a and c.",
        "Use the <p> tag for paragraphs.",
        "Plain text\n\nwith paragraphs\n\nand no markup at all.",
        "Emails: <john@example.com>, <jane@example.com>",
        "Generic List<String> and Map<K, V> are Java types.",
    ],
)
def test_plain_text_is_not_html(text: str) -> None:
    assert not looks_like_html(text)


def _flattened(*inserted: str) -> str:
    """A page as a scraper flattens it: menu lines, a headline, paragraphs, a footer, with
    ``inserted`` lines in the middle."""
    menu = ["Home", "World", "Business", "Sport", "Subscribe"]
    prose = [f"Paragraph {i} of the story says what happened at the meeting on Tuesday night." for i in range(12)]
    footer = ["Leave a comment", "Your email address will not be published.", "© 2024 The Example Gazette"]
    return "\n\n".join(menu + ["Council agrees new budget"] + prose[:6] + list(inserted) + prose[6:] + footer)


@pytest.mark.parametrize(
    "inserted",
    [
        # a comment form's help text quoting the tags it allows
        ('Allowed HTML tags: <a href="" title=""> <abbr title=""> <b> <blockquote cite=""> <em> <strong> </a>',),
        # markup a converter kept from <noscript> (a tracking pixel) and a quoted body tag
        ('<noscript><img height="1" width="1" style="display:none" src="https://example.com/px?id=1"/></noscript>',
         "Put the script just before the closing </body> tag, or inside <head> and <body>."),
        # a tutorial's code sample on lines of its own
        ("<html>", "<body>", "<p>Hello</p>", "</body>", "</html>"),
    ],
    ids=["allowed-tags", "noscript-pixel", "code-sample"],
)
def test_flattened_text_quoting_tags_is_not_html(inserted: tuple[str, ...]) -> None:
    text = _flattened(*inserted)
    assert not looks_like_html(text)
    # even when a line of markup comes first (a document's own start, <html> or <body>, is
    # HTML's mark)
    lead = next(line for line in inserted if not line.startswith(("<html", "<body")))
    assert not looks_like_html(lead + "\n\n" + text)


def test_close_calls_say_which_reading_was_chosen() -> None:
    from boilerstrip import clean
    from boilerstrip.decode import sniff

    clear_text, clear_html = _flattened(), "<div>" + "<p>One paragraph.</p>\n" * 20 + "</div>"
    assert sniff(clear_text).note is None and sniff(clear_html).note is None
    # a page with markup on half of its lines: read as HTML, with a note that says so
    half = "\n".join(["<p>A <em>marked-up</em> paragraph of the story.</p>"] * 5 + ["A line of plain text."] * 5)
    sniffed = sniff(half)
    assert sniffed.html and sniffed.note is not None and "input='text'" in sniffed.note
    # on a third: read as text, with a note
    third = "\n".join(["<p>A <em>marked-up</em> paragraph of the story.</p>"] * 4 + ["A line of plain text."] * 8)
    assert not sniff(third).html and "input='html'" in (sniff(third).note or "")
    warnings = clean(half).warnings
    assert sniffed.note in warnings
    assert sniffed.note not in clean(half, input="html").warnings  # a stated input is not a guess
    assert not any("read as" in w for w in clean(clear_text).warnings + clean(clear_html).warnings)


def test_a_document_with_any_doctype_is_html() -> None:
    """A doctype of another document type (an internal subset, an XML prolog before it) is
    still markup: flattened text never starts with one."""
    page = '<?xml version="1.0"?>\n<!DOCTYPE page [\n<!ENTITY a "b">\n<!ENTITY c "d">\n<!ENTITY e "f">\n]>\n<html><body><p>One.</p></body></html>'
    assert looks_like_html(page)
