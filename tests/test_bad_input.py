"""Bad input through the public ``clean()``: one test per kind of input a crawler hands over.

Every test asserts either a sensible Article (the real paragraphs of the page in its body) or
the documented error (a :class:`~boilerstrip.BoilerstripError` subclass); any other exception
fails the test as it is. The real paragraphs come from ``fixtures/articles`` (sources and
licences in ``fixtures/articles/SOURCES.md``).

Decoding details (BOM order, declared-charset widening, UTF-16 without BOM) belong to the
decoder's own doctests; these tests look at what a user of ``clean()`` sees.
"""

from __future__ import annotations

import codecs
import gzip
import html
import io
import random
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from boilerstrip import Article, BoilerstripError, Cleaner, InputTooLarge, NotTextError, clean
from boilerstrip.api import DEFAULT_MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "fixtures" / "articles"


@dataclass(frozen=True)
class Fixture:
    """A real article: its headline and its prose paragraphs, in order."""

    headline: str
    paragraphs: tuple[str, ...]


def _article(name: str) -> Fixture:
    blocks = [b.strip() for b in (ARTICLES / name).read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return Fixture(blocks[0], tuple(blocks[1:]))


EN = _article("en-coffee-health.txt")
FR = _article("fr-barbecue-charbon.txt")  # accented Latin text: mojibake would show
RU = _article("ru-dieta-atkinsa.txt")  # Cyrillic: a wrong single-byte codec would show


def as_text(article: Fixture) -> str:
    return "\n\n".join((article.headline, *article.paragraphs))


def as_html(article: Fixture, *, head: str = "", wrap: tuple[str, str] = ("", "")) -> str:
    """A plain article page; ``wrap`` goes around the ``<article>`` element."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{html.escape(article.headline)}</title></head><body>"
        f"{wrap[0]}<article><h1>{html.escape(article.headline)}</h1>{paragraphs}</article>{wrap[1]}"
        "</body></html>"
    )


def assert_kept(result: Article, article: Fixture) -> None:
    """Every paragraph of ``article`` is a body paragraph of ``result``, in order."""
    missing = [p[:60] for p in article.paragraphs if p not in result.paragraphs]
    assert not missing, f"paragraphs lost: {missing}"
    positions = [result.paragraphs.index(p) for p in article.paragraphs]
    assert positions == sorted(positions), "paragraphs out of order"


def all_text(result: Article) -> str:
    """Every string the Article carries, for 'this must not appear anywhere' checks."""
    return repr(result.to_dict())


def assert_empty(result: Article) -> None:
    assert result.paragraphs == ()
    assert result.body == ""
    assert result.headline is None
    assert result.removed == ()


# --- empty, whitespace ------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["", b""], ids=["str", "bytes"])
def test_empty_input_gives_an_empty_article(page: str | bytes) -> None:
    assert_empty(clean(page))


@pytest.mark.parametrize(
    "page",
    [" ", "\n\n\n", " \t\r\n \r\n\t ", "\u00a0\u2003\u3000\u200b\ufeff", b"  \r\n\t\n ", "\ufeff \n".encode("utf-16")],
    ids=["space", "newlines", "mixed", "unicode-spaces", "bytes", "utf-16-bytes"],
)
def test_whitespace_only_gives_an_empty_article(page: str | bytes) -> None:
    assert_empty(clean(page))


# --- binary data ------------------------------------------------------------------------------


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(range(256))


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.html", as_html(EN))  # an archive of text is still an archive
    return buffer.getvalue()


def _pdf() -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 4


BINARY = {
    "png": _png(),
    "zip": _zip(),
    "gzip": gzip.compress(as_html(EN).encode("utf-8"), mtime=0),
    "pdf": _pdf(),
    "random-16k": random.Random(6).randbytes(16_384),
    "random-1m": random.Random(7).randbytes(1_000_000),
}


@pytest.mark.parametrize("page", [b"<html><body><p>Bytes.</p></body></html>", bytearray(b"<p>x</p>"), None, 42])
def test_the_parse_functions_say_they_take_str(page: object) -> None:
    """``boilerstrip.html.parse_html`` and ``parse_tree`` take text; anything else gets the
    documented error, not an internal one (``clean()`` is the entry point for bytes)."""
    from boilerstrip.errors import InputTypeError
    from boilerstrip.html import parse_html, parse_tree

    for parse in (parse_html, parse_tree):
        with pytest.raises(InputTypeError, match="take the page as str"):
            parse(page)  # type: ignore[arg-type]


@pytest.mark.parametrize("data", BINARY.values(), ids=BINARY.keys())
def test_binary_data_raises_not_text_error(data: bytes) -> None:
    # Documented choice (decode.py, SECURITY.md): binary data raises NotTextError, a
    # BoilerstripError, rather than returning an Article made of decoded noise.
    with pytest.raises(NotTextError) as caught:
        clean(data)
    assert isinstance(caught.value, BoilerstripError)
    assert str(caught.value)  # says what it saw


# --- encodings --------------------------------------------------------------------------------


# A stray byte a UTF-8 page should never hold: a Latin-1 e-acute, a lone continuation byte, a
# truncated three-byte sequence, bytes that never occur in UTF-8.
_STRAYS = (b"\xe9", b"\x80", b"\xe2\x82", b"\xff\xfe", b"\xc3(", b"\xf0\x28\x8c")


def _with_strays(text: str, encode: str = "utf-8") -> tuple[bytes, list[tuple[str, str]]]:
    """``text`` as UTF-8 with a stray byte sequence after the second space of every paragraph.

    Returns the bytes and, per paragraph, the text on each side of the stray.
    """
    out: list[bytes] = []
    sides: list[tuple[str, str]] = []
    for i, block in enumerate(text.split("\n\n")):
        cut = block.find(" ", block.find(" ") + 1) + 1
        left, right = block[:cut], block[cut:]
        out.append(left.encode(encode) + _STRAYS[i % len(_STRAYS)] + b" " + right.encode(encode))
        sides.append((left.strip(), right))
    return b"\n\n".join(out), sides


@pytest.mark.parametrize("article", [EN, FR], ids=["ascii", "accented"])
def test_invalid_utf8_is_decoded_and_the_body_kept(article: Fixture) -> None:
    data, sides = _with_strays(as_text(article))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # the test input really is invalid
    result = clean(data)
    body = result.body
    for left, right in sides[1:]:  # the first block is the headline
        assert left in body and right in body, f"paragraph lost around the stray bytes: {left!r}"
    assert len(result.paragraphs) >= len(article.paragraphs)


def test_invalid_utf8_in_html_keeps_the_article() -> None:
    pieces = as_html(FR).encode("utf-8").split(b"</p><p>")
    # one stray sequence between every two paragraphs, and one inside the first paragraph
    page = b"".join(piece + b"</p>" + _STRAYS[i % len(_STRAYS)] + b"<p>" for i, piece in enumerate(pieces[:-1]))
    page = (page + pieces[-1]).replace(b"<p>Le ", b"<p>Le \xe9 ", 1)
    result = clean(page)
    for paragraph in FR.paragraphs[1:]:
        assert paragraph in result.paragraphs  # exact: accents intact, no mojibake
    assert any(p.startswith("Le ") and FR.paragraphs[0][3:] in p for p in result.paragraphs)


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")], ids=["le", "be"])
@pytest.mark.parametrize("kind", ["html", "text"])
def test_utf16_with_a_bom(bom: bytes, codec: str, kind: str) -> None:
    page = as_html(FR) if kind == "html" else as_text(FR)
    result = clean(bom + page.encode(codec))
    assert_kept(result, FR)
    assert "\x00" not in all_text(result)


@pytest.mark.parametrize(
    "article,declared,actual",
    [
        (FR, "iso-8859-1", "utf-8"),  # the common mislabelling: UTF-8 bytes, Latin-1 label
        (FR, "windows-1252", "utf-8"),
        (RU, "windows-1251", "utf-8"),
        (RU, "koi8-r", "utf-8"),
        (FR, "utf-8", "cp1252"),  # the other way round: Windows-1252 bytes labelled UTF-8
    ],
    ids=["utf8-as-latin1", "utf8-as-cp1252", "utf8-as-cp1251", "utf8-as-koi8r", "cp1252-as-utf8"],
)
def test_a_wrong_declared_charset_gives_no_mojibake(article: Fixture, declared: str, actual: str) -> None:
    page = as_html(article, head=f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">')
    result = clean(page.encode(actual))
    assert_kept(result, article)
    assert result.headline == article.headline
    for garbled in ("Ã©", "Ã¨", "Ð¾", "Ñ\x81", "\ufffd"):
        assert garbled not in result.body


# --- NUL bytes --------------------------------------------------------------------------------


def _with_nuls(text: str, every: int = 37) -> str:
    """``text`` with a NUL inserted every ``every`` characters (inside words too)."""
    return "\x00".join(text[i : i + every] for i in range(0, len(text), every))


@pytest.mark.parametrize("kind", ["text", "html"])
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_nul_bytes_are_stripped_and_the_text_kept(kind: str, as_bytes: bool) -> None:
    page = _with_nuls(as_text(EN) if kind == "text" else as_html(EN))
    result = clean(page.encode("utf-8") if as_bytes else page)
    assert_kept(result, EN)
    assert "\x00" not in all_text(result)


# --- size ---------------------------------------------------------------------------------------


def _one_line(size: int) -> str:
    """Real prose on one line (the English fixture articles, paragraphs joined by spaces),
    repeated to ``size`` characters and cut after a sentence."""
    prose = " ".join(p for f in sorted(ARTICLES.glob("en-*.txt")) for p in _article(f.name).paragraphs)
    line = (prose + " ") * (size // (len(prose) + 1) + 1)
    return line[: line.rfind(". ", 0, size) + 1]


_TEN_MB = 10_000_000


def test_a_single_10mb_line() -> None:
    line = _one_line(_TEN_MB)
    assert "\n" not in line and len(line) > 0.99 * _TEN_MB
    result = clean(line)
    # One line of running prose is the page's whole content: the body holds it.
    assert len(result.body) > 0.99 * len(line), f"body has {len(result.body):,} of {len(line):,} characters"
    assert result.body.startswith(line[:200])


def test_100000_short_lines() -> None:
    lines = [f"Item {i}" for i in range(100_000)]
    page = "\n".join(lines[:50_000]) + "\n\n" + as_text(EN) + "\n\n" + "\n".join(lines[50_000:])
    result = clean(page)
    assert_kept(result, EN)
    kept_lines = sum(1 for p in result.paragraphs if p.startswith("Item "))
    assert kept_lines < 1_000, f"{kept_lines} of the short lines kept as body"


def assert_text_kept(result: Article, article: Fixture) -> None:
    """Every paragraph of ``article`` is in the body, in order (maybe joined to others)."""
    body = result.body
    positions = [body.find(p) for p in article.paragraphs]
    assert -1 not in positions, f"paragraphs lost: {[p[:60] for p, i in zip(article.paragraphs, positions) if i < 0]}"
    assert positions == sorted(positions), "paragraphs out of order"


# Nesting past libxml2's limit (2048) goes to the fallback builder, which flattens everything
# deeper than MAX_DEPTH into the element at that depth (documented in dom/parse.py): the text
# is kept, the element boundaries below the limit are not, so paragraphs may come out joined.
@pytest.mark.parametrize(
    "opening,closing,depth",
    # (as deep as the tag limit lets a page of this size be: boilerstrip.dom.parse.tag_limit)
    [("<div>", "</div>", 45_000), ("<span>", "</span>", 45_000), ("<table><tr><td>", "</td></tr></table>", 15_000)],
    ids=["45k-div", "45k-span", "15k-table"],
)
def test_deeply_nested_elements_keep_the_paragraphs_inside(opening: str, closing: str, depth: int) -> None:
    page = as_html(EN, wrap=(opening * depth, closing * depth))
    assert_text_kept(clean(page), EN)


def test_deeply_nested_unclosed_elements() -> None:
    page = as_html(EN, wrap=("<div><b><i>" * 30_000, ""))
    assert_text_kept(clean(page), EN)


# HTML5 void elements written the HTML5 way (no end tag, no "/>"). libxml2's HTML parser does
# not know some of them as void, so an unclosed one can swallow the rest of the page as its
# children; what follows must still come out.
@pytest.mark.parametrize("tag", ['<embed src="player.swf">', '<source src="clip.mp4">', '<track src="subs.vtt">', "<wbr>"])
def test_unclosed_void_elements_do_not_swallow_the_page(tag: str) -> None:
    assert_kept(clean(as_html(EN, wrap=(f"<div>{tag}</div>{tag}", ""))), EN)


# --- XML attacks ----------------------------------------------------------------------------


_SECRET = "canary-5e3f1b7a-not-for-output"


@pytest.fixture()
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{_SECRET}\n", encoding="utf-8")
    return path


def _xxe_pages(path: Path) -> list[str]:
    uri = path.as_uri()
    para = html.escape(EN.paragraphs[0])
    body = f"<body><article><h1>&xxe;</h1><p>{para}</p><p>&xxe; &xxe;</p></article></body></html>"
    return [
        f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "{uri}">]>\n<html><head><title>&xxe;</title></head>{body}',
        f'<!DOCTYPE html [\n  <!ENTITY xxe SYSTEM "{path}">\n]><html>{body}',
        f'<!DOCTYPE html [<!ENTITY % ext SYSTEM "{uri}"> %ext;]><html>{body}',
        f'<!DOCTYPE html SYSTEM "{uri}"><html>{body}',
        f'<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "{uri}"><html>{body}',
        f'<html><body><svg><!DOCTYPE svg [<!ENTITY xxe SYSTEM "{uri}">]><text>&xxe;</text></svg><p>{para}</p></body></html>',
    ]


@pytest.mark.parametrize("which", range(6))
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_xxe_doctype_reads_no_file(secret_file: Path, which: int, as_bytes: bool) -> None:
    page = _xxe_pages(secret_file)[which]
    result = clean(page.encode("utf-8") if as_bytes else page)
    assert _SECRET not in all_text(result)
    assert EN.paragraphs[0] in result.paragraphs


def _billion_laughs(levels: int = 10) -> str:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    para = html.escape(EN.paragraphs[0])
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + "\n".join(decls) + "\n]>\n"
        f"<html><head><title>&lol{levels - 1};</title></head><body><article><p>{para}</p>"
        f"<p>&lol{levels - 1};</p></article></body></html>"
    )


@pytest.mark.parametrize("input_kind", ["auto", "html", "text"])
def test_entity_bomb_is_not_expanded(input_kind: str) -> None:
    page = _billion_laughs()  # 10**9 "lol"s if expanded: 3 GB
    start = time.perf_counter()
    result = clean(page, input=input_kind)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - start
    text = all_text(result)
    # expanded, the page would be 3 GB; unexpanded, the Article carries at most the page's own
    # text once (the body and the typed blocks repeat the paragraphs, so they are left out of
    # the count)
    carried = repr({k: v for k, v in result.to_dict().items() if k not in ("body", "blocks")})
    assert len(carried) < 2 * len(page)
    assert "lollollol" not in text
    if input_kind != "text":  # read as text, the markup is one line of tags, not a paragraph
        assert EN.paragraphs[0] in result.body
    # Expanding the bomb takes minutes and gigabytes; cleaning this page takes milliseconds. The
    # bound is three orders of magnitude above that, so a loaded machine does not trip it.
    assert elapsed < 10.0


# --- size limit -------------------------------------------------------------------------------


def test_default_size_limit_is_documented_and_enforced() -> None:
    assert DEFAULT_MAX_BYTES == 50_000_000
    security = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert f"{DEFAULT_MAX_BYTES:,}" in security  # the documented figure is the real one
    with pytest.raises(InputTooLarge) as caught:
        clean(b" " * (DEFAULT_MAX_BYTES + 1))
    assert caught.value.limit == DEFAULT_MAX_BYTES
    assert caught.value.size == DEFAULT_MAX_BYTES + 1


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_input_over_a_configured_limit_raises_input_too_large(as_bytes: bool) -> None:
    page: str | bytes = as_text(EN)
    if as_bytes:
        page = page.encode("utf-8")
    size = len(page)
    with pytest.raises(InputTooLarge) as caught:
        clean(page, max_bytes=size - 1)
    assert isinstance(caught.value, BoilerstripError)
    assert (caught.value.size, caught.value.limit) == (size, size - 1)
    assert f"{size - 1:,}" in str(caught.value)
    with pytest.raises(InputTooLarge):
        Cleaner(max_bytes=size - 1).clean(page)
    assert_kept(clean(page, max_bytes=size), EN)  # at the limit is fine
    assert_kept(clean(page, max_bytes=None), EN)  # None: no limit


def test_size_limit_counts_bytes_not_characters_for_bytes() -> None:
    page = as_text(RU)
    data = page.encode("utf-8")
    assert len(data) > len(page)  # Cyrillic: two bytes a character
    with pytest.raises(InputTooLarge):
        clean(data, max_bytes=len(page))
    assert_kept(clean(page, max_bytes=len(page)), RU)


def test_control_characters_in_html_are_dropped() -> None:
    """C0 controls are not HTML text; lxml refuses them when a node is edited (found by the
    property suite with '<HTML><BUTTON/>\\x08')."""
    from boilerstrip import clean as _clean

    assert _clean("<HTML><BUTTON/>\x08").paragraphs == ()
    page = "<html><body><p>The council met on Tuesday\x08 and agreed the new budget for the schools of the town.</p></body></html>"
    assert _clean(page).paragraphs == ("The council met on Tuesday and agreed the new budget for the schools of the town.",)
