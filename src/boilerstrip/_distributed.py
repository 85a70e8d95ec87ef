"""What the integrations share: items to pages, options, one cleaner per partition, fields of a record.

Private: :mod:`boilerstrip.spark`, :mod:`boilerstrip.dask`, :mod:`boilerstrip.scrapy`,
:mod:`boilerstrip.datatrove` and :mod:`boilerstrip.langchain` are the public faces. Nothing
here imports an engine or a framework, so each works (and fails with a clear message)
without the others.

The unit of work is a partition: :class:`PartitionCleaner` is a small picklable callable
holding checked options; called on a partition's items on an executor or worker, it builds
one :class:`~boilerstrip.Cleaner` there and yields one record
(:func:`boilerstrip.batch.clean_record`) per item, in order; with ``markdown=`` each record
has a ``markdown`` key after :data:`~boilerstrip.batch.RECORD_KEYS` (:func:`output_fields`).
"""

from __future__ import annotations

import importlib
import math
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from .api import Cleaner
from .batch import (
    MARKDOWN_KEY,
    RECORD_KEYS,
    Failed,
    MarkdownOption,
    _markdown_options,
    _split_options,
    clean_record,
)
from .errors import OptionTypeError
from .rules import Rule, RuleSet, load_rules
from .sources import MissingExtraError, Page, SourceError, iter_warc

__all__ = [
    "ARTICLE_FIELDS",
    "CONTENT_FIELDS",
    "ERROR_FIELDS",
    "METADATA_FIELDS",
    "RESULT_FIELDS",
    "MissingExtraError",
    "PartitionCleaner",
    "RulesOption",
    "as_page",
    "check_fields",
    "check_host_options",
    "check_options",
    "is_missing",
    "output_fields",
    "pick_fields",
    "read_rules",
    "require",
    "warc_pages",
]

RESULT_FIELDS: tuple[str, ...] = tuple(k for k in RECORD_KEYS if k not in ("id", "url", "date"))
"""A record's fields about the article and its error: every record key but ``id``, ``url``, ``date``."""

ERROR_FIELDS = ("error_type", "error")
"""A record's fields about its error: both ``None`` when the page was cleaned."""

ARTICLE_FIELDS: tuple[str, ...] = tuple(k for k in RESULT_FIELDS if k not in ERROR_FIELDS)
"""A record's fields about the article: the keys of ``Article.to_dict()``."""

METADATA_FIELDS = ("headline", "author", "timestamp", "updated", "page_type")
"""The fields a document framework (datatrove, LangChain) gets in its metadata by default: one
string each (timestamps as ISO 8601 text), which every store and writer takes."""

RulesOption: TypeAlias = "RuleSet | Rule | str | os.PathLike[str] | Iterable[Rule | str | os.PathLike[str]] | None"
"""What the framework integrations take as ``rules``: what :class:`~boilerstrip.Cleaner` takes,
or the path of a TOML rule file, or several (a framework's settings hold paths, not objects)."""

CONTENT_FIELDS = ("content", "html", "text", "raw_content")
"""Fields tried, in this order, for the page of a mapping or Row item."""


def require(module: str, *, extra: str, purpose: str) -> Any:
    """Import an optional dependency, or raise :class:`MissingExtraError` naming the extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{purpose} needs the optional {module} package: pip install 'boilerstrip[{extra}]' ({exc})"
        ) from exc


@dataclass(frozen=True, slots=True)
class Options:
    """Checked options, split as :func:`boilerstrip.batch.clean_record` takes them."""

    cleaner: dict[str, Any] = field(default_factory=dict)
    page: dict[str, Any] = field(default_factory=dict)
    markdown: dict[str, bool] | None = None
    """``to_markdown()``'s options when records carry a ``markdown`` key, else None."""

    def build(self) -> Cleaner:
        return Cleaner(**self.cleaner)


def check_options(options: dict[str, Any], *, markdown: MarkdownOption = None) -> Options:
    """Check the options on the driver: an unknown name, a bad value or a broken rule raises here.

    A job that would fail on every page must fail before it is submitted, not in a task
    log on an executor. ``markdown`` is what :meth:`boilerstrip.batch.Result.to_record` takes
    (a bad value raises :class:`~boilerstrip.OptionTypeError`).
    """
    cleaner_options, page_options = _split_options(options)
    checked = Options(cleaner_options, page_options, _markdown_options(markdown))
    checked.build()  # Cleaner() validates favor, max_bytes and the rules
    return checked


def read_rules(rules: RulesOption) -> RuleSet | None:
    """``rules`` as one :class:`~boilerstrip.RuleSet`: each path is read with
    :func:`~boilerstrip.load_rules` (a broken file raises :class:`~boilerstrip.RuleError` here).

    One RuleSet, not a tuple of rules: datatrove describes a run with ``dataclasses.asdict``
    of its steps, which copies a :class:`~boilerstrip.Rule` field by field and fails on a
    compiled selector, where a RuleSet is copied whole.
    """
    if rules is None or isinstance(rules, RuleSet):
        return rules
    if isinstance(rules, Rule):
        return RuleSet([rules])
    if isinstance(rules, str | os.PathLike):
        return load_rules(rules)
    if isinstance(rules, bytes) or not isinstance(rules, Iterable):
        raise OptionTypeError(f"rules must be rule file paths, a RuleSet or Rules, not {type(rules).__name__}")
    read: list[Rule] = []
    for item in rules:
        read.extend([item] if isinstance(item, Rule) else load_rules(item))
    return RuleSet(read)


def check_host_options(options: dict[str, Any]) -> Options:
    """:func:`check_options` for a framework that gives each page its own URL: ``rules`` may
    name rule files (:func:`read_rules`), and ``url`` is refused (it comes with each page)."""
    if "url" in options:
        raise OptionTypeError("url is not an option here: each page's URL comes with the page")
    if options.get("rules") is not None:
        options = {**options, "rules": read_rules(options["rules"])}
    return check_options(options)


def pick_fields(record: Mapping[str, Any], names: Iterable[str], *, drop_none: bool = False) -> dict[str, Any]:
    """The fields ``names`` of a record; with ``drop_none``, those that are ``None`` are left out
    (for metadata stores that refuse ``None``, such as Chroma's)."""
    return {name: record[name] for name in names if not (drop_none and record[name] is None)}


def check_fields(fields: Sequence[str] | None, allowed: Sequence[str]) -> tuple[str, ...]:
    """The chosen output fields, checked against those there are (None: all of them)."""
    if fields is None:
        return tuple(allowed)
    if isinstance(fields, str):
        raise TypeError("fields must be a sequence of field names, not a str")
    unknown = [f for f in fields if f not in allowed]
    if unknown:
        raise ValueError(f"unknown field(s) {unknown}; choose from {list(allowed)}")
    if not fields:
        raise ValueError("fields must name at least one field")
    return tuple(fields)


def output_fields(fields: Sequence[str] | None, allowed: Sequence[str], markdown: MarkdownOption) -> tuple[str, ...]:
    """:func:`check_fields`, with the ``markdown`` field when ``markdown`` asks for it.

    The field comes last, unless ``fields`` places it; ``fields`` may name it only when
    Markdown is asked for (a column that would always be null is a mistake). A bad
    ``markdown`` raises :class:`~boilerstrip.OptionTypeError`.

    >>> output_fields(["body"], ("body", "error"), True)
    ('body', 'markdown')
    >>> output_fields(None, ("body", "error"), None)
    ('body', 'error')
    """
    asked = _markdown_options(markdown) is not None
    if fields is not None and not isinstance(fields, str) and MARKDOWN_KEY in fields and not asked:
        raise ValueError(f"the {MARKDOWN_KEY} field needs markdown=True (or a mapping of to_markdown()'s options)")
    names = check_fields(fields, (*allowed, MARKDOWN_KEY) if asked and fields is not None else allowed)
    return names if not asked or MARKDOWN_KEY in names else (*names, MARKDOWN_KEY)


def as_page(item: object, *, key: str = "0") -> Page | str | bytes:
    """One item of a partition as a page for :func:`~boilerstrip.batch.clean_record`.

    - a :class:`~boilerstrip.sources.Page` is used as it is;
    - ``str`` or ``bytes`` (also ``bytearray``) is the page itself; its record's id is ``key``
      (the item's ``"<partition>:<position>"`` when the engine says which partition it is in);
    - a mapping, or anything with ``asDict()`` (a Spark ``Row``), gives its page from the
      first of :data:`CONTENT_FIELDS` present, and optional ``id``, ``url`` and ``date``;
    - a 2-tuple ``(key, page)`` (a pair RDD, ``sc.wholeTextFiles``): ``key`` is the id, and
      also the URL when it is an ``http(s)://`` address.

    Anything else raises ``TypeError``: the caller turns it into an error record.

    >>> as_page(("https://example.org/a", "<p>Hi</p>")).url
    'https://example.org/a'
    >>> as_page({"html": "<p>Hi</p>", "id": 7}).id
    '7'
    """
    if isinstance(item, Page | str | bytes):
        return item
    if isinstance(item, bytearray | memoryview):
        return bytes(item)
    as_dict = getattr(item, "asDict", None)
    if callable(as_dict):  # a pyspark Row is a tuple: read it by name before the pair case
        item = as_dict()
    if isinstance(item, Mapping):
        return _mapping_page(item, key)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], str | bytes | bytearray):
        name, content = item
        name = key if name is None else str(name)
        url = name if name.startswith(("http://", "https://")) else None
        return Page(id=name, content=bytes(content) if isinstance(content, bytearray) else content, url=url)
    raise TypeError(
        f"cannot clean a {type(item).__name__}: give a Page, str, bytes, a (key, page) pair, "
        f"or a mapping/Row with one of the fields {', '.join(CONTENT_FIELDS)}"
    )


def _mapping_page(item: Mapping[str, Any], key: str) -> Page:
    name = next((f for f in CONTENT_FIELDS if item.get(f) is not None), None)
    if name is None:
        raise TypeError(f"the item has none of the fields {', '.join(CONTENT_FIELDS)} (or they are null)")
    content = item[name]
    if isinstance(content, bytearray):
        content = bytes(content)
    if not isinstance(content, str | bytes):
        raise TypeError(f"field {name!r} must be str or bytes, not {type(content).__name__}")
    return Page(
        id=key if item.get("id") is None else str(item["id"]),
        content=content,
        url=_text(item.get("url")),
        date=_text(item.get("date")),
    )


def is_missing(value: object) -> bool:
    """None, or a missing value of pandas (NaN in an object column, ``pd.NA`` in a string one)."""
    return value is None or (isinstance(value, float) and math.isnan(value)) or type(value).__name__ == "NAType"


def _text(value: object) -> str | None:
    if is_missing(value):
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def error_record(key: str, url: str | None, exc: BaseException, *, markdown: MarkdownOption = None) -> dict[str, Any]:
    """A record with the fixed keys for an item that is not a page at all."""
    failed = Failed(key, url, None, error_type=type(exc).__name__, error=str(exc) or repr(exc))
    return failed.to_record(markdown=markdown)


def _identity(item: object, key: str) -> tuple[str, str | None]:
    """The id and URL of an item that could not be read as a page, when it has them."""
    as_dict = getattr(item, "asDict", None)
    fields = as_dict() if callable(as_dict) else item
    if isinstance(fields, Mapping):
        name = fields.get("id")
        return (key if is_missing(name) else str(name)), _text(fields.get("url"))
    return key, None


@dataclass(frozen=True, slots=True)
class PartitionCleaner:
    """A picklable function of a partition: its items in, records out, in order.

    One :class:`~boilerstrip.Cleaner` is built per call, that is per partition, on the
    worker that runs it. Items are what :func:`as_page` takes; an item it cannot take gives
    an error record (``TypeError``) and the partition goes on.
    """

    options: Options
    locate: Callable[[], int | None] | None = None
    """Says which partition is being cleaned, when the engine can tell (Spark's TaskContext)."""

    def __call__(self, items: Iterable[object], partition: int | None = None) -> Iterator[dict[str, Any]]:
        cleaner = self.options.build()
        if partition is None and self.locate is not None:
            partition = self.locate()
        prefix = "" if partition is None else f"{partition}:"
        for position, item in enumerate(items):
            key = f"{prefix}{position}"
            try:
                page = as_page(item, key=key)
            except TypeError as exc:
                yield error_record(*_identity(item, key), exc, markdown=self.options.markdown)
                continue
            record = clean_record(page, cleaner=cleaner, markdown=self.options.markdown, **self.options.page)
            if not isinstance(page, Page):
                record["id"] = key
            yield record

    def clean(self, cleaner: Cleaner, page: object, url: object = None) -> dict[str, Any]:
        """One cell of a DataFrame column (a page, maybe with its URL) as a record.

        A null page gives an error record; a null URL (None, NaN, ``pd.NA``) is no URL.
        """
        url = url if isinstance(url, str) and url else None
        if isinstance(page, bytearray | memoryview):
            page = bytes(page)
        markdown = self.options.markdown
        if is_missing(page):
            return error_record("", url, TypeError("the page is null"), markdown=markdown)
        if not isinstance(page, str | bytes):
            return error_record("", url, TypeError(f"a page must be str or bytes, not {type(page).__name__}"), markdown=markdown)
        options = self.options.page if url is None else {**self.options.page, "url": url}
        return clean_record(page, cleaner=cleaner, markdown=markdown, **options)



def warc_pages(paths: Iterable[object]) -> Iterator[Page]:
    """The HTML responses of WARC files; a file that cannot be read ends with an error page.

    A missing or damaged file is that file's problem, not the job's: it becomes a
    :class:`~boilerstrip.sources.Page` whose ``error`` says why (its id is the path), which
    :func:`~boilerstrip.batch.clean_record` turns into a ``SourceError`` record, where a
    rerun can find it; the other files go on. A missing ``warcio`` is the job's problem:
    :class:`MissingExtraError` fails it.
    """
    for path in paths:
        name = str(path)
        try:
            yield from iter_warc(name)
        except SourceError as exc:
            yield Page(id=name, content=b"", source=name, error=str(exc))
