"""Readers that turn files, directories, JSON Lines, gzip and WARC archives into :class:`Page` records.

Every reader yields :class:`Page` records lazily, one at a time, so a corpus of any size
streams through :func:`boilerstrip.clean_many` without being held in memory::

    from boilerstrip import clean_many
    from boilerstrip.sources import iter_pages

    for result in clean_many(iter_pages(["crawl/", "extra.warc.gz"]), workers=4):
        print(result.id, result.article.headline if result.article else result.error)

Inputs are recognised by their content, not by their names:

- a directory is walked recursively (sorted, files matching ``glob``), each file as below;
- a file starting with the gzip magic bytes is decompressed, whatever its suffix;
- a file (or its decompressed content) starting with ``WARC/`` is a WARC archive: its
  ``response`` records whose HTTP ``Content-Type`` is HTML become pages (needs the optional
  ``warcio`` package: ``pip install 'boilerstrip[warc]'``);
- a file named ``*.jsonl`` / ``*.ndjson`` (also gzipped), or whose first line is a JSON object
  holding the content field, is JSON Lines: one page per line;
- anything else is one page (text or HTML, as bytes: the cleaner detects the encoding).

Page ids are stable between runs, so a batch can be resumed: a file's id is its path as given
(a file found in a directory: the directory as given joined with the file's path inside it,
``/``-separated; ``crawl/2024/a.html``, or ``2024/a.html`` for the directory ``.``), a JSON
line's is ``<file id>:<line number>`` (or the value of ``id_field``), a WARC record's is its
``WARC-Record-ID``.

Bad inputs never end in a traceback from deep inside: a missing or unreadable file, a corrupt
gzip stream, an unreadable WARC or a JSON line that cannot be read raises :class:`SourceError`
naming the file (and line) with ``errors="raise"`` (the default), or, with
``errors="record"``, becomes a :class:`Page` whose ``error`` says what went wrong, and
reading goes on with the next line or file. :func:`boilerstrip.clean_many` turns such a page
into an error result.

Damaged WARC records are caught record by record, not trusted to their ``Content-Length``
(see :func:`iter_warc`): a record cut short by the end of the file, or whose
``Content-Length`` runs past the next record's header, is an error page with ``error_type``
``"TruncatedRecord"`` (other damage: ``"MalformedRecord"``), named by its
``WARC-Record-ID``, and reading resynchronises on the next ``WARC/1.x`` header line, so the
records after it are still read. A gzipped file cut short gives the records before the cut.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import MissingExtraError, SourceError

__all__ = [
    "HTML_CONTENT_TYPES",
    "JSONL_CONTENT_FIELDS",
    "MissingExtraError",
    "Page",
    "SourceError",
    "iter_directory",
    "iter_file",
    "iter_jsonl",
    "iter_pages",
    "iter_warc",
]

OnError = Literal["raise", "record"]

JSONL_CONTENT_FIELDS = ("html", "content", "text", "raw_content")
"""Fields tried, in this order, for a JSON line's page when no ``content_field`` is given."""

HTML_CONTENT_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""HTTP media types of the WARC responses read as pages (parameters such as charset ignored)."""

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_MAGIC = b"WARC/"
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_SNIFF_BYTES = 64 * 1024
"""How much of a file is read to recognise JSON Lines by its first line."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a corpus, as the readers yield it and :func:`boilerstrip.clean_many` takes it.

    >>> Page("a.html", b"<p>Hello</p>").url is None
    True
    """

    id: str
    """Stable key: relative path, ``path:line`` for JSON Lines, ``WARC-Record-ID`` for WARC."""
    content: str | bytes
    """The page as text or HTML; bytes are decoded by the cleaner."""
    url: str | None = None
    """The page's URL when the source knows it (``WARC-Target-URI``, a JSON field)."""
    date: str | None = None
    """The capture date when the source knows it (``WARC-Date``, a JSON field), as given."""
    source: str | None = None
    """The file the page came from."""
    error: str | None = None
    """Why the page could not be read (``errors="record"``); ``content`` is then empty."""
    error_type: str | None = None
    """The kind of read error, when the reader knows better than ``"SourceError"``: a WARC
    record cut short is a ``"TruncatedRecord"``, one otherwise damaged a ``"MalformedRecord"``."""


# --- dispatch ------------------------------------------------------------------------------


def iter_pages(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    *,
    glob: str = "*",
    content_field: str | None = None,
    url_field: str | None = "url",
    id_field: str | None = None,
    date_field: str | None = "date",
    errors: OnError = "raise",
) -> Iterator[Page]:
    """Yield the pages of every input (files, directories, JSON Lines, gzip, WARC), in order.

    Each input is recognised by its content (see the module docstring). ``glob`` selects the
    files of directories (e.g. ``"*.html"``; matched against the file name, recursively);
    ``content_field``, ``url_field``, ``id_field`` and ``date_field`` name the fields of JSON
    Lines records. ``errors="record"`` turns unreadable inputs into pages carrying an
    ``error`` instead of raising :class:`SourceError`.
    """
    _check_errors(errors)  # here, not on the first page: this function is not a generator
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    return _iter_pages(inputs, glob, _JsonOptions(content_field, url_field, id_field, date_field), errors)


def _iter_pages(inputs: Iterable[str | os.PathLike[str]], glob: str, options: _JsonOptions, errors: OnError) -> Iterator[Page]:
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            yield from _iter_directory(path, glob, options, errors)
        else:
            yield from _guard(_dispatch(path, _id_of(path), options, errors), path, _id_of(path), errors)


def iter_directory(
    path: str | os.PathLike[str],
    *,
    glob: str = "*",
    content_field: str | None = None,
    url_field: str | None = "url",
    id_field: str | None = None,
    date_field: str | None = "date",
    errors: OnError = "raise",
) -> Iterator[Page]:
    """Yield the pages of every file under a directory matching ``glob``, recursively, sorted.

    Each file is read as :func:`iter_pages` reads it (gzip, WARC, JSON Lines or one page);
    a file's id is its path as reached from ``path`` (``path`` as given, ``/``, the path
    inside it).
    """
    _check_errors(errors)
    root = Path(path)
    if not root.is_dir():
        error = SourceError(f"{_id_of(root)}: not a directory")
        if errors == "raise":
            raise error
        return iter([_error_page(_id_of(root), root, error)])
    return _iter_directory(root, glob, _JsonOptions(content_field, url_field, id_field, date_field), errors)


def iter_file(path: str | os.PathLike[str], *, id: str | None = None) -> Iterator[Page]:
    """Yield one file (gzipped or not) as one page, its content as bytes.

    Raises :class:`SourceError` when the file cannot be read.
    """
    p = Path(path)
    page_id = id if id is not None else _id_of(p)
    yield from _wrap(_iter_single(p, page_id), p)


def iter_jsonl(
    path: str | os.PathLike[str],
    *,
    content_field: str | None = None,
    url_field: str | None = "url",
    id_field: str | None = None,
    date_field: str | None = "date",
    errors: OnError = "raise",
) -> Iterator[Page]:
    """Yield one page per line of a JSON Lines file (gzipped or not).

    ``content_field`` names the field holding the page (by default the first present of
    :data:`JSONL_CONTENT_FIELDS`); ``url_field`` and ``date_field`` the page's URL and date
    (``None`` to ignore them); ``id_field`` the page's id (by default, and when a line lacks
    it, ``<path>:<line number>``). Blank lines are skipped. A line that is not a JSON
    object, or lacks a string content field, raises :class:`SourceError` with
    ``errors="raise"``, or becomes an error page with ``errors="record"``.
    """
    _check_errors(errors)
    p = Path(path)
    return _guard(
        _iter_jsonl(p, _id_of(p), _JsonOptions(content_field, url_field, id_field, date_field), errors),
        p, _id_of(p), errors,
    )


def iter_warc(path: str | os.PathLike[str], *, errors: OnError = "raise") -> Iterator[Page]:
    """Yield the HTML responses of a WARC file (``.warc`` or ``.warc.gz``) as pages.

    Only ``response`` records whose HTTP ``Content-Type`` is ``text/html`` or
    ``application/xhtml+xml`` are kept; the body is de-chunked and decompressed
    (``Content-Encoding``) by ``warcio``. The page's id is the ``WARC-Record-ID`` (without
    one: ``<file id>@<offset>``, the record's offset in the decompressed file), its ``url``
    the ``WARC-Target-URI`` and its ``date`` the ``WARC-Date``; the content is bytes.

    Each record is checked against its ``Content-Length`` before it is read: the block must be
    all there and be followed by blank lines, then the next record's ``WARC/1.x`` line or the
    end of the file. A damaged record that may be a page (a ``response`` record not known to
    be something other than HTML) raises :class:`SourceError` with ``errors="raise"`` (the
    default), or, with ``errors="record"``, becomes an error page (its id, ``url`` and
    ``date`` from its header; ``error_type`` ``"TruncatedRecord"`` when the file, or the
    next record, begins before its ``Content-Length`` says it ends, ``"MalformedRecord"``
    for any other damage) and reading goes on with the next record:

    - a record cut short by the end of the file (or of a damaged gzip stream) is an error,
      not a shorter page;
    - when ``Content-Length`` runs past the next record's header, reading resynchronises on
      the first ``WARC/1.x`` header line inside the block, so the records after the damaged
      one are still read (a block that legitimately holds such a line, a WARC archived
      inside a WARC, is read whole when its framing is right);
    - when it stops short (the block is not followed by a record end), reading resumes at the
      next ``WARC/1.x`` header line after it;
    - data between records that is no record header is reported (``"MalformedRecord"``, id
      ``<file id>@<offset>``) and skipped up to the next header.

    A gzip stream damaged in the middle (not only cut short) cannot be resynchronised: what
    it held before the damage is read, then the rest of the file is reported as one error.
    Damaged records known to be no page (requests, metadata, images) are skipped silently.

    Needs the optional ``warcio`` package (``pip install 'boilerstrip[warc]'``); raises
    :class:`MissingExtraError` without it and :class:`SourceError` when the file is missing
    or unreadable.
    """
    _check_errors(errors)
    p = Path(path)
    return _wrap(_iter_warc(p, None, errors), p)


# --- internals -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _JsonOptions:
    content_field: str | None
    url_field: str | None
    id_field: str | None
    date_field: str | None


def _check_errors(errors: object) -> None:
    if errors not in ("raise", "record"):
        raise ValueError(f"errors must be 'raise' or 'record', not {errors!r}")


def _id_of(path: Path) -> str:
    return path.as_posix()


def _error_page(page_id: str, path: Path, error: BaseException) -> Page:
    return Page(id=page_id, content=b"", source=str(path), error=str(error))


def _describe(path: Path, exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return f"{_id_of(path)}: cannot read: {exc.strerror}"
    return f"{_id_of(path)}: cannot read: {exc}"


# The exceptions a damaged or missing file raises from the standard library's readers.
_READ_ERRORS = (OSError, EOFError, zlib.error, gzip.BadGzipFile)


def _wrap(pages: Iterator[Page], path: Path) -> Iterator[Page]:
    """Re-raise a read failure of ``pages`` as a SourceError naming the file."""
    try:
        yield from pages
    except SourceError:
        raise
    except _READ_ERRORS as exc:
        raise SourceError(_describe(path, exc)) from exc


def _guard(pages: Iterator[Page], path: Path, page_id: str, errors: OnError) -> Iterator[Page]:
    """Apply the ``errors`` policy to a whole input: raise, or end it with an error page."""
    try:
        yield from _wrap(pages, path)
    except MissingExtraError:
        raise
    except SourceError as exc:
        if errors == "raise":
            raise
        yield _error_page(page_id, path, exc)


def _iter_directory(root: Path, glob: str, options: _JsonOptions, errors: OnError) -> Iterator[Page]:
    try:
        files = sorted(p for p in root.rglob(glob) if p.is_file())
    except OSError as exc:
        error = SourceError(_describe(root, exc))
        if errors == "raise":
            raise error from exc
        yield _error_page(_id_of(root), root, error)
        return
    for path in files:
        # the path as reached from the input: stable between runs of one command, and two
        # directories holding the same relative path do not collide
        page_id = (_root_prefix(root) + path.relative_to(root).as_posix())
        yield from _guard(_dispatch(path, page_id, options, errors), path, page_id, errors)


def _root_prefix(root: Path) -> str:
    prefix = root.as_posix()
    return "" if prefix == "." else prefix.rstrip("/") + "/"


def _open(path: Path) -> io.BufferedIOBase:
    """The file as a binary stream, decompressed when it starts with the gzip magic bytes."""
    raw = open(path, "rb")  # noqa: SIM115 - handed to the caller, who closes it
    try:
        magic = raw.read(2)
        raw.seek(0)
    except OSError:
        raw.close()
        raise
    if magic == _GZIP_MAGIC:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # closing it leaves raw open: see _close
    return raw


def _close(stream: io.BufferedIOBase) -> None:
    inner = getattr(stream, "fileobj", None)
    stream.close()
    if inner is not None:
        inner.close()


def _dispatch(path: Path, page_id: str, options: _JsonOptions, errors: OnError) -> Iterator[Page]:
    """Recognise one file by its content and yield its pages."""
    if path.is_dir():
        raise SourceError(f"{_id_of(path)}: is a directory")
    stream = _open(path)
    try:
        head = _read_head(stream, _SNIFF_BYTES)
    finally:
        _close(stream)
    if head.startswith(_WARC_MAGIC):
        yield from _iter_warc(path, page_id, errors)
    elif _is_jsonl(path, head, options):
        yield from _iter_jsonl(path, page_id, options, errors)
    else:
        yield from _iter_single(path, page_id)


def _read_head(stream: io.BufferedIOBase, size: int) -> bytes:
    """Up to ``size`` bytes from the start of a stream; those before a damaged or cut gzip stream too.

    So a gzipped WARC cut short is still recognised, and its reader reports the damage where
    it is, after the records before it.
    """
    head = bytearray()
    while len(head) < size:
        try:
            chunk = stream.read1(size - len(head))
        except _READ_ERRORS:
            if not head:
                raise
            break
        if not chunk:
            break
        head += chunk
    return bytes(head)


def _is_jsonl(path: Path, head: bytes, options: _JsonOptions) -> bool:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(_JSONL_SUFFIXES):
        return True
    if not head.lstrip()[:1] == b"{":
        return False
    first = head.lstrip().split(b"\n", 1)[0]
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and _content_key(record, options.content_field) is not None


def _content_key(record: dict[str, object], field: str | None) -> str | None:
    if field is not None:
        return field if field in record else None
    return next((key for key in JSONL_CONTENT_FIELDS if key in record), None)


def _iter_single(path: Path, page_id: str) -> Iterator[Page]:
    if path.is_dir():
        raise SourceError(f"{_id_of(path)}: is a directory")
    stream = _open(path)
    try:
        content = stream.read()
    finally:
        _close(stream)
    yield Page(id=page_id, content=content, source=str(path))


def _iter_jsonl(path: Path, file_id: str, options: _JsonOptions, errors: OnError) -> Iterator[Page]:
    stream = _open(path)
    try:
        for number, raw in enumerate(stream, start=1):
            if not raw.strip():
                continue
            line_id = f"{file_id}:{number}"
            try:
                yield _json_page(raw, line_id, path, options)
            except SourceError as exc:
                if errors == "raise":
                    raise
                yield _error_page(line_id, path, exc)
    finally:
        _close(stream)


def _json_page(raw: bytes, line_id: str, path: Path, options: _JsonOptions) -> Page:
    try:
        record = json.loads(raw)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise SourceError(f"{line_id}: not a JSON line: {exc}") from None
    if not isinstance(record, dict):
        raise SourceError(f"{line_id}: a JSON line must be an object, not {type(record).__name__}")
    key = _content_key(record, options.content_field)
    if key is None:
        wanted = options.content_field or " or ".join(JSONL_CONTENT_FIELDS)
        raise SourceError(f"{line_id}: no field {wanted!r} (choose one with the content field option)")
    content = record[key]
    if not isinstance(content, str):
        raise SourceError(f"{line_id}: field {key!r} must be a string, not {type(content).__name__}")
    page_id = _text_field(record, options.id_field) or line_id
    return Page(
        id=page_id,
        content=content,
        url=_text_field(record, options.url_field),
        date=_text_field(record, options.date_field),
        source=str(path),
    )


def _text_field(record: dict[str, object], field: str | None) -> str | None:
    if field is None:
        return None
    value = record.get(field)
    if value is None or isinstance(value, bool | dict | list):
        return None
    return value if isinstance(value, str) else str(value)


def _import_warcio() -> Any:
    # imported on first use: warcio is an optional extra
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError as exc:
        raise MissingExtraError(
            "reading WARC files needs the optional warcio package: pip install 'boilerstrip[warc]'"
        ) from exc
    return ArchiveIterator


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _iter_warc(path: Path, source_id: str | None = None, errors: OnError = "raise") -> Iterator[Page]:
    archive_iterator = _import_warcio()
    file_id = source_id or _id_of(path)
    stream = _open(path)
    try:
        for frame in _WarcFrames(stream, file_id).frames():
            headers = frame.headers
            record_id = headers.get("warc-record-id")
            where = f"{file_id}: record {record_id + ' ' if record_id else ''}at offset {frame.offset}"
            record_id = record_id or f"{file_id}@{frame.offset}"
            url, date = headers.get("warc-target-uri"), headers.get("warc-date")
            if frame.error is not None:
                error = SourceError(f"{where}: {frame.error}")
                if errors == "raise":
                    raise error
                yield Page(id=record_id, content=b"", url=url, date=date, source=str(path), error=str(error), error_type=frame.error_type)
                continue
            try:
                body = _warc_body(archive_iterator, frame)
            except Exception as exc:  # noqa: BLE001 - confined to warcio's parsing of one well-framed record
                error = SourceError(f"{where}: not a readable WARC record: {type(exc).__name__}: {exc}")
                if errors == "raise":
                    raise error from exc
                yield Page(id=record_id, content=b"", url=url, date=date, source=str(path), error=str(error), error_type="MalformedRecord")
                continue
            if body is not None:
                yield Page(id=record_id, content=body, url=url, date=date, source=str(path))
    finally:
        _close(stream)


def _warc_body(archive_iterator: Any, frame: _Frame) -> bytes | None:
    """The page of one whole record, read by warcio (HTTP headers, de-chunked, decoded); None when it is no HTML response."""
    if frame.block is None:
        return None
    records = archive_iterator(io.BytesIO(frame.head + frame.block + b"\r\n\r\n"))
    record = next(records, None)
    if record is None or record.rec_type != "response" or record.http_headers is None:
        return None
    if _media_type(record.http_headers.get_header("Content-Type")) not in HTML_CONTENT_TYPES:
        return None
    body: bytes = record.content_stream().read()
    return body


# --- WARC framing --------------------------------------------------------------------------
#
# A WARC record is a version line, header lines, an empty line, a block of exactly
# Content-Length bytes and two CRLFs; the next record (or the end of the file) follows. The
# framing is checked here, before warcio parses the record, because warcio trusts
# Content-Length: a record cut short at the end of the file came out as a shorter page, and
# a Content-Length running past the next record's header silently swallowed the records
# after it into this one's body.

_WARC_CHUNK = 1 << 16
_MAX_WARC_HEADER = 1 << 20
"""A record's WARC header longer than this is damage, not a header."""
_MAX_BUFFERED_BLOCK = 64 << 20
"""A record block up to this size is held in memory while it is checked; a larger one is read
through (skipped) and re-read only if it is an HTML response."""
_PAGE_TYPES_PROBE = 1 << 16
"""How much of a large response block is read to find its HTTP Content-Type."""
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_NEXT_RECORD = re.compile(rb"\nWARC/1\.\d\r?\n[!-9;-~]+:")
"""The start of a record's header inside other data: a version line, then a header line."""


@dataclass(frozen=True, slots=True)
class _Frame:
    """One record as framed: its header, and its block or the error that makes it unreadable."""

    offset: int
    """Where the record starts in the (decompressed) file."""
    headers: dict[str, str]
    """The WARC header fields, names lower-cased, the first of each."""
    head: bytes = b""
    block: bytes | None = None
    """The record's block when it may be a page (a response record), else None."""
    error: str | None = None
    error_type: str | None = None


class _WarcFrames:
    """Split a WARC stream into records, checking each against its Content-Length.

    Reads with look-ahead at absolute offsets of the (decompressed) stream, seeking back only
    when a large record turns out damaged.
    """

    def __init__(self, stream: io.BufferedIOBase, file_id: str) -> None:
        self._stream = stream
        self._file_id = file_id
        self._buffer = bytearray()
        self._start = 0  # the offset of _buffer[0]
        self._eof = False
        self.damage: str | None = None  # why the data ended early (a gzip stream cut short)

    # -- buffered reading

    def _fill(self, end: int) -> bool:
        """Buffer the data up to offset ``end``; False when it ends first."""
        while self._start + len(self._buffer) < end and not self._eof:
            try:
                chunk = self._stream.read1(max(_WARC_CHUNK, end - self._start - len(self._buffer)))
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                # what was decompressed before the damage is good: keep it, note why it ends
                self.damage = f"its gzip data is cut short or damaged after offset {self._start + len(self._buffer)}: {exc}"
                chunk = b""
            if chunk:
                self._buffer += chunk
            else:
                self._eof = True
        return self._start + len(self._buffer) >= end

    def _end(self) -> int:
        """The offset where the buffered data ends."""
        return self._start + len(self._buffer)

    def _bytes(self, start: int, end: int) -> bytes:
        return bytes(self._buffer[start - self._start:end - self._start])

    def _drop(self, before: int) -> None:
        """Forget the data before offset ``before``."""
        cut = min(max(before - self._start, 0), len(self._buffer))
        del self._buffer[:cut]
        self._start += cut

    def _seek(self, offset: int) -> None:
        """Read from ``offset`` again (a gzip stream is decompressed again from its start)."""
        self._stream.seek(offset)
        self._buffer.clear()
        self._start, self._eof, self.damage = offset, False, None

    def _skip_to(self, end: int) -> bool:
        """Read through to offset ``end`` without holding the data; False when it ends first."""
        while self._end() < end:
            self._drop(self._end())
            if not self._fill(min(end, self._end() + _WARC_CHUNK)):
                if self._end() < end:
                    self._drop(self._end())
                    return False
        self._drop(end)
        return True

    def _find_record(self, start: int) -> int | None:
        """The offset of the next record header after ``start``, or None; data before it is dropped."""
        position = start
        while True:
            self._fill(position + _WARC_CHUNK)
            found = _NEXT_RECORD.search(self._buffer, max(position - 1 - self._start, 0))
            if found is not None:
                return self._start + found.start() + 1
            if self._eof:
                return None
            # keep a tail that may hold the start of a header split between two reads
            position = max(self._end() - 64, position)
            self._drop(position - 1)

    # -- records

    def frames(self) -> Iterator[_Frame]:
        position = 0
        while True:
            self._drop(position)
            position = self._skip_blank_lines(position)
            if not self._fill(position + 1):
                if self.damage is not None:
                    yield _Frame(position, {}, error=self.damage, error_type="TruncatedRecord")
                return
            self._fill(position + 5)
            if self._bytes(position, position + 5) != _WARC_MAGIC:
                following = self._find_record(position)
                skipped = "to the end of the file" if following is None else f"up to the next record at offset {following}"
                yield _Frame(position, {}, error=f"no WARC record header here: {_tail(self._bytes(position, position + 40))}; data skipped {skipped}",
                             error_type="MalformedRecord")
                if following is None:
                    return
                position = following
                continue
            frame, position_after = self._frame(position)
            if frame is not None:
                yield frame
            if position_after is None:
                return
            position = position_after

    def _skip_blank_lines(self, position: int) -> int:
        while self._fill(position + 1):
            byte = self._buffer[position - self._start]
            if byte not in b"\r\n":
                break
            position += 1
            self._drop(position)
        return position

    def _frame(self, start: int) -> tuple[_Frame | None, int | None]:
        """The record at ``start`` and the offset to go on from (None: the end of the data)."""
        header_end = None
        while header_end is None:
            found = _HEADER_END.search(self._buffer, start - self._start)
            if found is not None:
                header_end = self._start + found.end()
            elif self._end() - start > _MAX_WARC_HEADER or not self._fill(self._end() + _WARC_CHUNK):
                break
        if header_end is None:
            headers = _warc_headers(self._bytes(start, self._end()))
            if self._eof:
                return _Frame(start, headers, error=f"the file ends inside the record's header{self._why()}", error_type="TruncatedRecord"), None
            following = self._find_record(start + 1)
            return _Frame(start, headers, error="the record's header never ends", error_type="MalformedRecord"), following
        head = self._bytes(start, header_end)
        headers = _warc_headers(head)
        try:
            length = int(headers.get("content-length", ""))
            if length < 0:
                raise ValueError
        except ValueError:
            following = self._find_record(header_end)
            error = f"invalid or missing Content-Length {headers.get('content-length')!r}"
            return _Frame(start, headers, error=error, error_type="MalformedRecord"), following
        block_end = header_end + length
        wanted = (headers.get("warc-type") or "").lower() == "response"
        if length <= _MAX_BUFFERED_BLOCK:
            complete = self._fill(block_end)
            data_end = self._end()
            if complete and self._followed_by_record(block_end):
                probe = self._bytes(header_end, min(block_end, header_end + _PAGE_TYPES_PROBE))
                page = wanted and _http_media_type(probe) in (None, *HTML_CONTENT_TYPES)
                block = self._bytes(header_end, block_end) if page else None
                return _Frame(start, headers, head, block), block_end
        else:
            self._fill(min(block_end, header_end + _PAGE_TYPES_PROBE))
            probe = self._bytes(header_end, min(block_end, header_end + _PAGE_TYPES_PROBE))
            complete = self._skip_to(block_end)
            data_end = self._end()
            if complete and self._followed_by_record(block_end):
                if not wanted or _http_media_type(probe) not in (None, *HTML_CONTENT_TYPES):
                    return _Frame(start, headers, head), block_end
                self._seek(header_end)
                self._fill(block_end)
                return _Frame(start, headers, head, self._bytes(header_end, block_end)), block_end
            damage = self.damage
            self._seek(header_end)
            self.damage = damage
        # damaged: the data ends, or the next record begins, before Content-Length says this
        # one ends, or something else follows it. Go on at the next record header after this
        # record's header (one inside its block when Content-Length runs past it).
        self._fill(min(block_end, header_end + _PAGE_TYPES_PROBE))
        probe = self._bytes(header_end, min(block_end, header_end + _PAGE_TYPES_PROBE, self._end()))
        available = min(data_end, block_end) - header_end
        following = self._find_record(header_end)
        if following is not None and following < block_end:
            error = (f"cut short: Content-Length is {length} but the next record starts after "
                     f"{following - header_end} bytes of it, at offset {following}")
            error_type = "TruncatedRecord"
        elif not complete:
            error = f"cut short: Content-Length is {length} but the file ends after {available} bytes of it{self._why()}"
            error_type = "TruncatedRecord"
        else:
            after = "the next record" if following is not None else "the end of the file"
            error = f"Content-Length is {length} but the record does not end there (data runs on to {after})"
            error_type = "MalformedRecord"
        if not _may_be_page(headers, probe):
            return None, following  # a damaged record that is no page: nothing to report
        return _Frame(start, headers, head, error=error, error_type=error_type), following

    def _followed_by_record(self, end: int) -> bool:
        """Whether a record ending at ``end`` is followed by blank lines, then a record or the end."""
        self._fill(end + 64)
        rest = self._bytes(end, end + 64).lstrip(b"\r\n")
        if rest:
            if len(rest) < len(_WARC_MAGIC) and self._fill(self._end() + len(_WARC_MAGIC)):
                rest = self._bytes(end, end + 128).lstrip(b"\r\n")
            return rest.startswith(_WARC_MAGIC)
        return self._eof or self._end() - end >= 64  # only blank lines so far: the end, or more of them

    def _why(self) -> str:
        return f" ({self.damage})" if self.damage else ""


def _warc_headers(head: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", "replace").splitlines()[1:]:
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers.setdefault(name.strip().lower(), value.strip())
    return headers


def _http_media_type(block: bytes) -> str | None:
    """The media type of an HTTP response's ``Content-Type`` in the start of a block; None when unknown."""
    found = _HEADER_END.search(block)
    if found is None:
        return None
    for line in block[:found.start()].decode("latin-1").splitlines()[1:]:
        name, colon, value = line.partition(":")
        if colon and name.strip().lower() == "content-type":
            return _media_type(value)
    return ""


def _may_be_page(headers: dict[str, str], probe: bytes) -> bool:
    """Whether a damaged record could have been a page: not known to be some other record or type."""
    record_type = (headers.get("warc-type") or "").lower()
    if record_type and record_type != "response":
        return False
    return _http_media_type(probe) in (None, *HTML_CONTENT_TYPES)


def _tail(data: bytes) -> str:
    return repr(data[:40])
