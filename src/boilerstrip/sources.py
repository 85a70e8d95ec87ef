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
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

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


def iter_warc(path: str | os.PathLike[str]) -> Iterator[Page]:
    """Yield the HTML responses of a WARC file (``.warc`` or ``.warc.gz``) as pages.

    Only ``response`` records whose HTTP ``Content-Type`` is ``text/html`` or
    ``application/xhtml+xml`` are kept; the body is de-chunked and decompressed
    (``Content-Encoding``) by ``warcio``. The page's id is the ``WARC-Record-ID``, its ``url``
    the ``WARC-Target-URI`` and its ``date`` the ``WARC-Date``; the content is bytes.

    Needs the optional ``warcio`` package (``pip install 'boilerstrip[warc]'``); raises
    :class:`MissingExtraError` without it and :class:`SourceError` when the file is missing
    or not a readable WARC.
    """
    p = Path(path)
    yield from _wrap(_iter_warc(p), p)


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


def _open(path: Path) -> IO[bytes]:
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


def _close(stream: IO[bytes]) -> None:
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
        head = stream.read(_SNIFF_BYTES)
    finally:
        _close(stream)
    if head.startswith(_WARC_MAGIC):
        yield from _iter_warc(path, page_id)
    elif _is_jsonl(path, head, options):
        yield from _iter_jsonl(path, page_id, options, errors)
    else:
        yield from _iter_single(path, page_id)


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


def _iter_warc(path: Path, source_id: str | None = None) -> Iterator[Page]:
    archive_iterator = _import_warcio()
    with open(path, "rb") as raw:
        records = _read_warc(archive_iterator(raw), path)
        for record, body in records:
            headers = record.rec_headers
            yield Page(
                id=headers.get_header("WARC-Record-ID") or f"{source_id or _id_of(path)}@{raw.tell()}",
                content=body,
                url=headers.get_header("WARC-Target-URI"),
                date=headers.get_header("WARC-Date"),
                source=str(path),
            )


def _read_warc(records: Iterator[Any], path: Path) -> Iterator[tuple[Any, bytes]]:
    """The HTML responses of a warcio iterator with their bodies.

    warcio is lenient and, on a damaged file, can fail with whatever exception its parser
    meets (``ArchiveLoadFailed``, but also ``AttributeError`` or ``ValueError`` from inside):
    any of them, raised while warcio reads, means the file is not a readable WARC.
    """
    while True:
        try:
            record = next(records, None)
            if record is None:
                return
            if record.rec_type != "response" or record.http_headers is None:
                continue
            if _media_type(record.http_headers.get_header("Content-Type")) not in HTML_CONTENT_TYPES:
                continue
            body = record.content_stream().read()
        except Exception as exc:  # noqa: BLE001 - confined to warcio's parsing, see above
            raise SourceError(f"{_id_of(path)}: not a readable WARC file: {type(exc).__name__}: {exc}") from exc
        yield record, body
