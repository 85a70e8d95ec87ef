"""Bytes to text, and telling HTML from plain text.

:func:`decode_page` turns whatever a scraper saved into a ``str``:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides outright;
2. otherwise the charset the page declares (``<meta charset>``, the ``http-equiv``
   ``Content-Type``, an XML declaration) is tried, except that bytes which are valid UTF-8 and
   hold non-ASCII text are read as UTF-8 whatever the label says (a mislabelled UTF-8 page is
   the common case; valid multi-byte UTF-8 by accident is vanishingly rare);
3. undeclared bytes are read as strict UTF-8; UTF-8 with a few stray bytes of another
   encoding (a mixed page) keeps its UTF-8 and reads the strays as Windows-1252;
4. anything else goes to ``charset-normalizer``, and Windows-1252 is the last resort.

Binary data (images, archives, PDF, executables, or bytes that are mostly control characters)
raises :class:`~boilerstrip.errors.NotTextError`; input longer than ``max_bytes`` raises
:class:`~boilerstrip.errors.InputTooLarge`. NUL characters are removed from the result.

>>> decode_page('<meta charset="iso-8859-1"><p>caf\\xe9</p>'.encode("latin-1"), max_bytes=None)
'<meta charset="iso-8859-1"><p>café</p>'
>>> looks_like_html("<p>Hello <b>world</b></p>"), looks_like_html("I <3 cats and a < b")
(True, False)
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass

from ._lazyre import lazy_re
from .errors import InputTooLarge, NotTextError

__all__ = ["HEAD_BYTES", "Sniffed", "decode_page", "looks_like_html", "sniff"]

HEAD_BYTES = 16_384
"""How much of the start of a page is searched for a charset declaration and binary signs."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# File signatures of common binary formats a crawler saves by mistake, with their names.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"%PDF-", "PDF document"), (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"), (b"\x1f\x8b", "gzip data"), (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"), (b"7z\xbc\xaf\x27\x1c", "7-zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"), (b"\x28\xb5\x2f\xfd", "zstandard data"),
    (b"\x7fELF", "ELF executable"), (b"MZ\x90\x00", "Windows executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"), (b"\x00asm", "WebAssembly module"),
    (b"SQLite format 3\x00", "SQLite database"), (b"wOFF", "WOFF font"), (b"wOF2", "WOFF2 font"),
    (b"OggS", "Ogg media"), (b"ID3", "MP3 audio"), (b"fLaC", "FLAC audio"),
    (b"\x00\x00\x01\x00", "icon"), (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"), (b"RIFF", "RIFF media"),
)
_WEAK_MAGIC = frozenset({b"ID3", b"RIFF", b"BZh"})
"""Signatures short or wordy enough to start real text: they also need binary bytes."""
# Bytes below 0x20 that text legitimately contains (tab, newlines, form feed, ESC of ISO-2022).
_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")
_OTHER_CONTROLS = bytes(b for b in [*range(32), 127] if b not in _TEXT_CONTROLS)
"""The control bytes binary data is recognised by: below 0x20 but not text's, and DEL."""
_PREFERRED = ("cp1252", "iso8859_15")
"""Tie-breaks between equally plausible guesses, most common on the web first (UTF-8 never
gets here: bytes that are valid UTF-8 were read as UTF-8 before any guess)."""
_GUESS_BYTES = 262_144
"""charset-normalizer reads at most this much (it is slow on large pages)."""
_WEB_GUESSES = (
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859_2", "iso8859_4", "iso8859_5", "iso8859_7", "iso8859_8", "iso8859_13", "iso8859_15",
    "koi8_r", "koi8_u", "cp866", "cp874", "shift_jis", "cp932", "euc_jp", "iso2022_jp",
    "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "euc_kr", "cp949",
)
"""The encodings an undeclared page may be guessed to be in: the legacy encodings of the web
(the WHATWG Encoding Standard's, as a browser's detector guesses among them). Left to itself
charset-normalizer also reads Western text as a DOS or Mac code page (cp775, cp850, cp852,
mac_roman), which no page uses: its smart quotes, dashes and accented letters came out as
other letters."""
_LANGUAGE = lazy_re(
    rb"""<html\b[^>]{0,512}?\blang\s*=\s*["']?\s*([A-Za-z]{2,3})\b"""
    rb"""|<meta\b[^>]{0,256}?content-language["']?\s+content\s*=\s*["']?\s*([A-Za-z]{2,3})\b""",
    re.I,
)
_LANGUAGE_CODE_PAGES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("cs", "sk", "pl", "hu", "sl", "hr", "bs", "ro", "sq"), ("cp1250", "iso8859_2")),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr"), ("cp1251", "koi8_r", "koi8_u", "iso8859_5")),
    "el": ("cp1253", "iso8859_7"),
    **dict.fromkeys(("tr", "az"), ("cp1254",)),
    **dict.fromkeys(("he", "yi"), ("cp1255", "iso8859_8")),
    **dict.fromkeys(("ar", "fa", "ur"), ("cp1256",)),
    **dict.fromkeys(("lt", "lv", "et"), ("cp1257", "iso8859_13", "iso8859_4")),
    "vi": ("cp1258",),
    "th": ("cp874",),
    "ja": ("cp932", "shift_jis", "euc_jp", "iso2022_jp"),
    "zh": ("gb18030", "gbk", "gb2312", "big5", "big5hkscs"),
    "ko": ("cp949", "euc_kr"),
}
"""The encodings, most used first, an older page in a language was saved in (a browser's
default for that language's locale): a tie between two equally plausible readings of an
undeclared page goes to its declared language's."""
_CONTROL_SHARE = 0.10
"""Above this share of other control bytes in the head, the data is binary, not text."""

# A charset declared in the markup: <meta charset=...>, <meta http-equiv content="...;
# charset=...">, or <?xml ... encoding="..."?>. Bounded repetitions keep the scan linear.
_DECLARED = lazy_re(
    rb"""<meta\b[^>]{0,512}?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})"""
    rb"""|^\s*<\?xml\b[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})""",
    re.I,
)

# Labels that browsers (the WHATWG Encoding Standard) read as a wider encoding; decoding with
# the superset never loses a character the narrow one has.
_WIDER = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "big5": "big5hkscs",
    # A page read as bytes cannot really be UTF-16 when its markup declared it in ASCII.
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
    "utf-32": "utf-8",
    "utf-32-le": "utf-8",
    "utf-32-be": "utf-8",
}

# Codecs Python can look up that are no page's encoding, by their codec names: a label naming
# one is ignored as an unknown label is. Codecs that are not text encodings at all (base64,
# hex, zlib, bz2, rot13, uu, quopri) are refused by their own flag (``_is_text_encoding``).
_NOT_PAGE_ENCODINGS = frozenset({
    "undefined",  # raises on every byte
    "idna", "punycode",  # host-name encodings: raise UnicodeError, not UnicodeDecodeError
    "unicode-escape", "raw-unicode-escape",  # Python string-literal escapes
    "utf-7",  # no browser reads it: "+ADw-" would turn into "<" (an old XSS trick)
    "mbcs", "oem",  # Windows-only: the machine's code page, not the page's
    # EBCDIC: a page whose charset declaration was read as ASCII is not EBCDIC
    "cp037", "cp273", "cp424", "cp500", "cp875", "cp1026", "cp1140",
})


def _cp1252_strays(error: UnicodeError) -> tuple[str, int]:
    """Error handler: read the bytes UTF-8 rejected as Windows-1252 (Latin-1 where undefined)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", ""), error.end


codecs.register_error("boilerstrip.cp1252", _cp1252_strays)


def decode_page(data: bytes | bytearray | str, *, max_bytes: int | None) -> str:
    """``data`` as text; see the module docstring for the order of the guesses.

    ``max_bytes`` bounds the input (bytes for ``bytes``, characters for ``str``); ``None``
    means no limit.

    >>> decode_page(b"\\xef\\xbb\\xbfhello\\x00", max_bytes=100)
    'hello'
    >>> decode_page(b"\\x89PNG\\r\\n\\x1a\\n....", max_bytes=None)
    Traceback (most recent call last):
    ...
    boilerstrip.errors.NotTextError: the input is binary data (PNG image), not text
    """
    if isinstance(data, str):
        if max_bytes is not None and len(data) > max_bytes:
            raise InputTooLarge(len(data), max_bytes)
        if _mostly_controls(data[:HEAD_BYTES].encode("utf-8", "surrogatepass")):
            raise NotTextError("the input is mostly control characters, not text")
        return data.replace("\x00", "")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"decode_page() takes bytes or str, not {type(data).__name__}")
    data = bytes(data)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputTooLarge(len(data), max_bytes)
    text = _decode(data)
    return text.replace("\x00", "")


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    head = data[:HEAD_BYTES]
    bomless = _utf16_without_bom(head)
    if bomless:
        return data.decode(bomless, errors="replace")
    _check_binary(head)
    if data.isascii():
        return data.decode("ascii")
    try:
        return data.decode("utf-8")  # valid non-ASCII UTF-8 wins over any label (see above)
    except UnicodeDecodeError:
        pass
    declared = _declared_encoding(head)
    if declared is not None and declared != "utf-8":
        try:
            return data.decode(declared)
        except (UnicodeError, LookupError):  # LookupError: never for a checked codec; belt and braces
            pass
    if _mostly_utf8(data):
        return data.decode("utf-8", errors="boilerstrip.cp1252")
    guessed = _guess(data)
    if guessed is not None:
        return guessed
    if declared is not None and declared != "utf-8":
        try:
            return data.decode(declared, errors="replace")
        except (UnicodeError, LookupError):
            pass
    return data.decode("cp1252", errors="boilerstrip.cp1252")


def _declared_encoding(head: bytes) -> str | None:
    """The codec name of the charset the markup declares, widened as browsers do."""
    match = _DECLARED.search(head)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").strip().lower()
    return _page_codec(label)


@functools.lru_cache(maxsize=256)
def _page_codec(label: str) -> str | None:
    """The codec a declared charset ``label`` names, widened as browsers do; ``None`` for an
    unknown label and for a codec that is no page encoding (``base64``, ``zlib``, ``rot13``,
    ``idna``, ``undefined``, ... see ``_NOT_PAGE_ENCODINGS``).

    >>> _page_codec("ISO-8859-1"), _page_codec("base64"), _page_codec("idna"), _page_codec("no-such")
    ('cp1252', None, None, None)
    """
    label = label.lower()
    if label in ("x-user-defined", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8"):
        return "utf-8"
    try:
        info = codecs.lookup(label)
    except (LookupError, ValueError):
        return None
    # CodecInfo._is_text_encoding is False for the bytes-to-bytes and str-to-str codecs
    # (base64, hex, zlib, bz2, uu, quopri, rot13), which bytes.decode() refuses outright.
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_PAGE_ENCODINGS:
        return None
    return _WIDER.get(info.name, info.name)


def _mostly_utf8(data: bytes) -> bool:
    """True when the non-ASCII bytes are mostly well-formed UTF-8 (a mixed-encoding page)."""
    decoded = data.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 127) - bad
    return good > 2 * bad


def _guess(data: bytes) -> str | None:
    """charset-normalizer's best reading in one of :data:`_WEB_GUESSES`, or ``None`` when it
    has none."""
    from charset_normalizer import from_bytes  # imported here: it is slow to import

    # (filtered after the guess: told to try only these, it ranks them otherwise, and put a
    # Baltic code page above Shift_JIS on Japanese text)
    results = [m for m in from_bytes(data[:_GUESS_BYTES]) if m.encoding in _WEB_GUESSES]
    if not results:
        return None
    best = results[0]
    # Equally plausible readings (cp1250 and cp1252 tie on Czech as on English text): prefer
    # the code page of the language the page declares, then the encoding the web uses most.
    tied = {
        e for m in results if m.chaos == best.chaos and m.coherence == best.coherence
        for e in (m.encoding, *m.could_be_from_charset) if e in _WEB_GUESSES
    }
    order = (*_LANGUAGE_CODE_PAGES.get(_declared_language(data[:HEAD_BYTES]) or "", ()), *_PREFERRED)
    encoding = next((e for e in order if e in tied), best.encoding)
    try:
        return data.decode(encoding, errors="replace")
    except (LookupError, UnicodeError):
        return None


def _declared_language(head: bytes) -> str | None:
    """The primary language subtag the markup declares (``<html lang>``, a
    ``Content-Language`` meta), lower-cased: ``"cs"`` for ``lang="cs-CZ"``."""
    match = _LANGUAGE.search(head)
    return (match.group(1) or match.group(2)).decode("ascii").lower() if match is not None else None


def _utf16_without_bom(head: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when the head is ASCII-range UTF-16 with no BOM."""
    sample = head[:4096]
    if len(sample) < 16 or sample.count(0) < len(sample) // 3:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > 0.8 * half and even_nuls < 0.1 * half:
        return "utf-16-le"
    if even_nuls > 0.8 * half and odd_nuls < 0.1 * half:
        return "utf-16-be"
    return None


def _check_binary(head: bytes) -> None:
    for magic, name in _MAGIC:
        if head.startswith(magic):
            if magic in _WEAK_MAGIC and not _mostly_controls(head, 0.02):
                continue
            raise NotTextError(f"the input is binary data ({name}), not text")
    if _mostly_controls(head):
        raise NotTextError("the input is mostly control bytes, not text")


def _mostly_controls(head: bytes, share: float = _CONTROL_SHARE) -> bool:
    if not head:
        return False
    # bytes.translate deletes them in C: the length lost is their count
    controls = len(head) - len(head.translate(None, _OTHER_CONTROLS))
    return controls > share * len(head)


# --- HTML or plain text ----------------------------------------------------------------------

_HTML_START = lazy_re(r"\s*(?:<\?xml[^>]{0,200}>\s*)?(?:<!--.{0,2000}?-->\s*)*<(?:!doctype\b|html\b|head\b|body\b)", re.I | re.S)
_TAG_NAMES = (
    r"p|div|span|a|br|hr|li|ul|ol|table|tbody|thead|tr|td|th|h[1-6]|img|script|noscript|style|meta|link|"
    r"title|strong|em|b|i|u|section|article|header|footer|nav|main|aside|form|input|button|blockquote|pre|"
    r"code|figure|figcaption|picture|source|video|audio|svg|iframe|label|select|option|textarea|small|"
    r"sup|sub|dl|dt|dd|html|head|body"
)
_TAG = lazy_re(rf"</?({_TAG_NAMES})(?:\s[^<>]{{0,2000}})?/?>", re.I)
_LINE_START_STRUCTURE = lazy_re(r"^[ \t]*<(?:html|head|body)\b[^<>]{0,2000}>", re.I | re.M)
_SNIFF_CHARS = 65_536
"""How much of the text :func:`sniff` reads."""
_CLOSE = 0.2
"""A share of tagged lines this near :data:`_SHARE` is a close call, and says so."""
_SHARE = 0.4
"""Share of the text's non-blank lines that must hold a tag for it to be read as HTML (when it
does not start as a document does): prose that quotes a tag ("allowed tags: <em> <strong>"),
a scraper's leftover ``<noscript>`` markup or a tutorial's code sample holds tags on a few
lines in a hundred, a fragment of HTML on most of its lines."""


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What :func:`sniff` decided: ``html`` or not, and, when the evidence was close, a note
    saying why (it becomes one of the Article's warnings)."""

    html: bool
    note: str | None = None


def sniff(text: str) -> Sniffed:
    """Tell HTML markup from plain text by how it starts and how much of it is markup.

    A doctype (of any document type: flattened text never starts with one) or an
    ``<html>``/``<head>``/``<body>`` tag at the start makes HTML. Otherwise
    the text needs markup (at least three tags of two kinds, one of them a closing tag or a
    ``<br>``, or a structure tag at the start of a line) spread over its lines: on
    :data:`_SHARE` of its non-blank lines. A stray ``<3``, ``a < b`` or a tag quoted in prose
    does not make HTML. When the share is within :data:`_CLOSE` of the bar, the answer
    carries a note.

    >>> sniff("<ul><li>one</li><li>two</li></ul>")
    Sniffed(html=True, note=None)
    >>> sniff("Allowed tags: <em> <strong> <a href=''></a>\\n" + "A line of prose.\\n" * 40).html
    False
    """
    head = text[:_SNIFF_CHARS]
    if _HTML_START.match(head):
        return Sniffed(True)
    names: set[str] = set()
    count = 0
    closing = False
    for match in _TAG.finditer(head):
        names.add(match.group(1).lower())
        count += 1
        closing = closing or match.group(0).startswith("</") or match.group(1).lower() == "br"
        if count >= 3 and len(names) >= 2 and closing:
            break
    else:
        if not _LINE_START_STRUCTURE.search(head):
            return Sniffed(False)
    lines = [line for line in head.split("\n") if line.strip()]
    share = sum(1 for line in lines if "<" in line and _TAG.search(line)) / len(lines)
    html = share >= _SHARE
    if abs(share - _SHARE) < _CLOSE:
        mode, other = ("HTML", "text") if html else ("plain text", "html")
        return Sniffed(html, f"read as {mode}: tags on {share:.0%} of its lines (input={other!r} forces the other reading)")
    return Sniffed(html)


def looks_like_html(text: str) -> bool:
    """True when ``text`` is HTML markup rather than plain text (:func:`sniff`).

    >>> looks_like_html("<!DOCTYPE html><title>x</title>")
    True
    >>> looks_like_html("Use the <p> tag for paragraphs.")
    False
    """
    return sniff(text).html
