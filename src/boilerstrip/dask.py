"""Dask integration: clean bags and DataFrames of pages, one :class:`~boilerstrip.Cleaner` per partition.

Install with ``pip install "boilerstrip[dask]"`` (``dask[bag,dataframe,distributed]``) where
the client and the workers run. ``dask`` is imported only when a function here needs it, so
``import boilerstrip.dask`` always works; without the extra the functions raise
:class:`MissingExtraError`.

All functions take the options of :class:`~boilerstrip.Cleaner` (``rules``,
``default_rules``, ``favor``, ``include_comments``, ``max_bytes``, ``thresholds``) and the
per-page options of :func:`~boilerstrip.clean` (``language``, ``now``, ``input``), checked
when the graph is built, before any task runs. Nothing is computed until you ask.

- :func:`clean_bag`: a bag of pages in, a bag of records out, same partitions, same order.
  Records are :func:`boilerstrip.batch.clean_record`'s: ``id``, ``url``, ``date``, the fields
  of ``Article.to_dict()``, ``error_type`` and ``error``. Items are what :func:`as_page`
  takes: a :class:`~boilerstrip.sources.Page`, ``str`` or ``bytes`` (id
  ``"<partition>:<position>"``), a ``(key, page)`` pair, or a dict with a ``content`` (or
  ``html``, ``text``, ``raw_content``) field and optional ``id``, ``url``, ``date``.
- :func:`read_warc` / :func:`clean_warc`: WARC files in, a bag of pages / records out.
- :func:`clean_dataframe`: a dask DataFrame with a column of pages gets the cleaned fields
  as new columns (its ``meta`` is exact, so nothing is computed to infer it).

A failing page never fails the computation: its record (or row) has ``error_type`` and
``error`` set and null article fields.

``markdown=True`` (or a mapping of :meth:`~boilerstrip.Article.to_markdown`'s options,
``markdown={"links": True, "images": True}``) gives each record a ``markdown`` key, and
:func:`clean_dataframe` a ``markdown`` column: the body as Markdown, null for a page that
failed.

A Common Crawl-style job::

    from dask.distributed import Client
    from boilerstrip.dask import clean_warc

    client = Client(n_workers=4, threads_per_worker=1)   # processes: the cleaner is pure Python
    clean_warc(sorted(glob.glob("crawl/*.warc.gz"))).map(json.dumps).to_textfiles("out/*.jsonl")
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypedDict, cast

from ._distributed import (
    RESULT_FIELDS,
    MissingExtraError,
    PartitionCleaner,
    as_page,
    check_options,
    output_fields,
    require,
    warc_pages,
)
from .batch import MARKDOWN_KEY, MarkdownOption

if TYPE_CHECKING:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd

__all__ = [
    "DATAFRAME_FIELDS",
    "RESULT_FIELDS",
    "MissingExtraError",
    "as_page",
    "clean_bag",
    "clean_dataframe",
    "clean_warc",
    "read_warc",
]

logger = logging.getLogger("boilerstrip.dask")
logger.addHandler(logging.NullHandler())

DATAFRAME_FIELDS = ("headline", "author", "timestamp", "body", "error_type", "error")
"""The columns :func:`clean_dataframe` adds by default: one string (or null) per page."""

_TEXT_FIELDS = frozenset({
    "headline", "author", "timestamp", "timestamp_text", "updated", "updated_text", "body", "page_type",
    "error_type", "error", MARKDOWN_KEY,
})
"""Fields that are strings; the others (paragraphs, captions, removed, warnings) are lists."""


class _FrameOptions(TypedDict):
    """The keyword arguments of :func:`_clean_frame` after ``frame``."""

    column: str
    url_column: str | None
    names: Sequence[str]
    prefix: str
    cleaner: PartitionCleaner


def _bag() -> Any:
    return require("dask.bag", extra="dask", purpose="boilerstrip.dask")


# --- bags ----------------------------------------------------------------------------------


def clean_bag(bag: db.Bag, *, markdown: MarkdownOption = None, **options: Any) -> db.Bag:
    """A bag of records, one per item of ``bag``, in the same partitions and order.

    Each partition builds one cleaner on the worker that runs it. A ``str``/``bytes`` item's
    record id is ``"<partition>:<position>"``; other items keep their own id. ``markdown``
    (``True`` or ``{"links": True, ...}``) adds a ``markdown`` key to each record
    (:meth:`boilerstrip.batch.Result.to_record`).
    """
    dask_bag = _bag()
    cleaner = PartitionCleaner(check_options(options, markdown=markdown))
    # a bag of partition numbers, partition for partition beside the pages, tells each task
    # which partition it cleans (Bag.map_partitions has no partition_info)
    numbers = dask_bag.from_sequence(range(bag.npartitions), npartitions=bag.npartitions)
    if numbers.npartitions != bag.npartitions:  # pragma: no cover - from_sequence splits one per item
        raise RuntimeError("could not number the partitions of the bag")
    # dask's Bag.map_partitions is unannotated; it returns a Bag
    return cast("db.Bag", bag.map_partitions(_clean_partition, numbers, cleaner=cleaner))  # type: ignore[no-untyped-call]


def _clean_partition(items: Iterable[object], number: Sequence[int], *, cleaner: PartitionCleaner) -> list[dict[str, Any]]:
    # a list, not a generator: a bag partition is handed on (pickled, counted) as a whole
    return list(cleaner(items, partition=number[0]))


def read_warc(paths: str | Iterable[str], *, files_per_partition: int = 1) -> db.Bag:
    """A bag of the HTML responses of WARC files, as :class:`~boilerstrip.sources.Page`.

    ``paths`` are WARC or WARC.gz files the workers can read; by default one partition per
    file (a Common Crawl file, ~1 GB and ~30,000 responses, is a natural unit of work).
    Pages keep the response's URL, ``WARC-Record-ID`` (``id``) and ``WARC-Date`` (``date``);
    a file that cannot be read gives one page with ``error`` set (its id is the path).
    """
    dask_bag = _bag()
    require("warcio", extra="warc", purpose="reading WARC files")
    paths = [paths] if isinstance(paths, str) else [str(p) for p in paths]
    if not paths:
        raise ValueError("read_warc() needs at least one path")
    if not isinstance(files_per_partition, int) or isinstance(files_per_partition, bool) or files_per_partition < 1:
        raise ValueError(f"files_per_partition must be an int >= 1, not {files_per_partition!r}")
    return cast("db.Bag", dask_bag.from_sequence(paths, partition_size=files_per_partition).map_partitions(_read_partition))


def _read_partition(paths: Iterable[str]) -> list[Any]:
    return list(warc_pages(paths))


def clean_warc(
    paths: str | Iterable[str], *, files_per_partition: int = 1, markdown: MarkdownOption = None, **options: Any
) -> db.Bag:
    """WARC files in, a bag of records out: :func:`read_warc` then :func:`clean_bag`.

    Dask fuses the two steps into one task per partition, so pages are not shipped between
    workers. ``markdown`` adds a ``markdown`` key to each record (see :func:`clean_bag`).
    Write the records as JSON Lines with
    ``clean_warc(paths).map(json.dumps).to_textfiles("out/*.jsonl")``.
    """
    return clean_bag(read_warc(paths, files_per_partition=files_per_partition), markdown=markdown, **options)


# --- DataFrames ----------------------------------------------------------------------------


def clean_dataframe(
    df: dd.DataFrame,
    column: str = "html",
    *,
    url_column: str | None = None,
    fields: Sequence[str] = DATAFRAME_FIELDS,
    prefix: str = "",
    markdown: MarkdownOption = None,
    **options: Any,
) -> dd.DataFrame:
    """``df`` with the cleaned fields of its ``column`` of pages added as columns.

    ``url_column`` names a column of the pages' URLs (per-site rules, dates in URL paths).
    ``fields`` picks the columns to add among :data:`RESULT_FIELDS` (default
    :data:`DATAFRAME_FIELDS`), named ``prefix + field``. Text fields are pandas ``string``
    columns (null when absent or when the page failed); ``timestamp`` is ISO 8601 text with
    the page's offset when it gave one (``dd.to_datetime(df.timestamp, utc=True)`` makes it
    a datetime); ``paragraphs``, ``captions``, ``removed`` and ``warnings`` are ``object``
    columns of lists. Rows, index and partitions are kept. A null page gives a row with
    ``error_type`` ``"TypeError"``. ``markdown`` (``True`` or ``{"links": True, ...}``) adds
    a ``string`` column ``prefix + "markdown"``, the body as Markdown (last, unless
    ``fields`` places it).
    """
    _bag()
    require("dask.dataframe", extra="dask", purpose="boilerstrip.dask")
    names = output_fields(fields, RESULT_FIELDS, markdown)
    if not isinstance(prefix, str):
        raise TypeError(f"prefix must be a str, not {type(prefix).__name__}")
    for name, value in (("column", column), ("url_column", url_column)):
        if value is not None and value not in df.columns:
            raise KeyError(f"{name} {value!r} is not a column of the DataFrame (columns: {list(df.columns)})")
    clash = [prefix + n for n in names if prefix + n in df.columns]
    if clash:
        raise ValueError(f"the DataFrame already has the column(s) {clash}: choose a prefix")
    cleaner = PartitionCleaner(check_options(options, markdown=markdown))
    kwargs: _FrameOptions = {"column": column, "url_column": url_column, "names": names, "prefix": prefix, "cleaner": cleaner}
    # the meta is the function's own output on the empty meta frame: the same code makes the
    # dtypes of the meta and of every partition, so they cannot drift apart
    meta = _clean_frame(df._meta, **kwargs)
    # dask's DataFrame.map_partitions is unannotated; it returns a DataFrame
    return cast("dd.DataFrame", df.map_partitions(_clean_frame, meta=meta, **kwargs))  # type: ignore[no-untyped-call]


def _clean_frame(
    frame: pd.DataFrame,
    *,
    column: str,
    url_column: str | None,
    names: Sequence[str],
    prefix: str,
    cleaner: PartitionCleaner,
) -> pd.DataFrame:
    import pandas as pd

    session = cleaner.options.build()
    pages = frame[column].tolist()
    urls = frame[url_column].tolist() if url_column is not None else [None] * len(pages)
    records = [cleaner.clean(session, page, url) for page, url in zip(pages, urls)]
    out = frame.copy(deep=False)
    for name in names:
        dtype = pd.StringDtype() if name in _TEXT_FIELDS else object
        out[prefix + name] = pd.Series([r[name] for r in records], index=frame.index, dtype=dtype)
    return out
