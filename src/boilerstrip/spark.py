"""Apache Spark integration: clean pages where they are, one :class:`~boilerstrip.Cleaner` per partition.

Install with ``pip install "boilerstrip[spark]"`` (pyspark, pandas, pyarrow) on the driver
and on every executor, with a Java runtime that your Spark version supports. ``pyspark`` is
imported only when a function here needs it, so ``import boilerstrip.spark`` always works;
without the extra the functions raise :class:`MissingExtraError`.

Three entry points, all taking the options of :class:`~boilerstrip.Cleaner` (``rules``,
``default_rules``, ``favor``, ``include_comments``, ``max_bytes``, ``thresholds``) and the
per-page options of :func:`~boilerstrip.clean` (``language``, ``now``, ``input``); options
are checked on the driver, before any task starts:

- :func:`partition_cleaner` for ``rdd.mapPartitions``: items in, records out (see
  :func:`boilerstrip.batch.clean_record`: ``id``, ``url``, ``date``, the fields of
  ``Article.to_dict()``, ``error_type`` and ``error``). Items may be a
  :class:`~boilerstrip.sources.Page`, the page itself (``str``/``bytes``; its id is
  ``"<partition>:<position>"``), a ``(key, page)`` pair (what ``sc.wholeTextFiles`` gives),
  or a mapping / :class:`pyspark.sql.Row` with a ``content`` (or ``html``, ``text``,
  ``raw_content``) field and optional ``id``, ``url`` and ``date`` fields (see :func:`as_page`);
- :func:`clean_udf` for DataFrames: a pandas UDF taking a column of HTML or text (and, with
  ``url=True``, a column of URLs) and giving a struct column of :func:`result_schema`;
- :func:`clean_warc` for a Common Crawl-style job: WARC paths in, an RDD of records out
  (:func:`read_warc` gives the pages alone).

A failing page never fails the job: its record (or struct) has ``error_type`` and ``error``
set and null article fields.

``markdown=True`` (or a mapping of :meth:`~boilerstrip.Article.to_markdown`'s options,
``markdown={"links": True, "images": True}``) gives each record, or the UDF's struct, a
``markdown`` field: the body as Markdown, null for a page that failed. Pass the same value to
:func:`record_schema` or :func:`result_schema` for the schema that holds it.

A WARC job, written out as JSON Lines (one part file per partition)::

    from pyspark.sql import SparkSession
    from boilerstrip.spark import clean_warc

    spark = SparkSession.builder.getOrCreate()
    records = clean_warc(spark, ["CC-MAIN-...-00000.warc.gz", "CC-MAIN-...-00001.warc.gz"])
    records.map(json.dumps).saveAsTextFile("out/")

A DataFrame of pages::

    from boilerstrip.spark import clean_udf

    cleaned = df.withColumn("article", clean_udf(url=True, favor="precision")("html", "url"))
    cleaned.select("url", "article.headline", "article.body", "article.error")
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

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
from .batch import MarkdownOption
from .sources import Page

if TYPE_CHECKING:
    import pandas as pd
    from pyspark import RDD, SparkContext
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StructType

__all__ = [
    "RECORD_FIELDS",
    "RESULT_FIELDS",
    "MissingExtraError",
    "as_page",
    "clean_partition",
    "clean_udf",
    "clean_warc",
    "partition_cleaner",
    "read_warc",
    "record_schema",
    "result_schema",
]

logger = logging.getLogger("boilerstrip.spark")
logger.addHandler(logging.NullHandler())

RECORD_FIELDS = ("id", "url", "date", *RESULT_FIELDS)
"""The fields of a record of :func:`partition_cleaner` and :func:`clean_warc`, in schema order."""


def _pyspark() -> Any:
    return require("pyspark", extra="spark", purpose="boilerstrip.spark")


# --- schemas -------------------------------------------------------------------------------


def _field_types() -> dict[str, Any]:
    """The Spark type of every field a record or a UDF result can hold."""
    _pyspark()
    from pyspark.sql import types as T

    text = T.StringType()
    caption = T.StructType(
        [T.StructField("text", text), T.StructField("credit", text), T.StructField("title", text)]
    )
    removed = T.StructType(
        [T.StructField("text", text), T.StructField("kind", text), T.StructField("rule", text)]
    )
    span = T.StructType(
        [T.StructField("kind", text), T.StructField("text", text), T.StructField("target", text),
         T.StructField("start", T.IntegerType())]
    )
    block = T.StructType([  # (the keys of BodyBlock.to_dict(), in its order)
        T.StructField("kind", text), T.StructField("text", text), T.StructField("level", T.IntegerType()),
        T.StructField("ordered", T.BooleanType()), T.StructField("rows", T.ArrayType(T.ArrayType(text))),
        T.StructField("header", T.BooleanType()), T.StructField("language", text), T.StructField("src", text),
        T.StructField("alt", text), T.StructField("tex", text), T.StructField("spans", T.ArrayType(span)),
    ])
    return {
        "id": text,
        "url": text,
        "date": text,
        "headline": text,
        "author": text,
        # ISO 8601 text as in Article.to_dict(): a Spark TimestampType would move every
        # timestamp to the session's zone and lose the offset the page stated (or did not)
        "timestamp": text,
        "timestamp_text": text,
        "updated": text,
        "updated_text": text,
        "captions": T.ArrayType(caption),
        "body": text,
        "paragraphs": T.ArrayType(text),
        "removed": T.ArrayType(removed),
        "warnings": T.ArrayType(text),
        "page_type": text,
        "blocks": T.ArrayType(block),
        "error_type": text,
        "error": text,
        "markdown": text,
    }


def result_schema(fields: Sequence[str] | None = None, *, markdown: MarkdownOption = None) -> StructType:
    """The struct type of :func:`clean_udf`'s column (``fields`` picks and orders a subset).

    Every field is nullable. Strings: ``body`` (paragraphs joined by a blank line),
    ``headline``, ``author``, ``timestamp`` (ISO 8601 text, with the page's offset when it
    gave one), ``timestamp_text`` (the date as the page wrote it), ``updated`` and
    ``updated_text`` (the same for the page's last update), and for a page that could
    not be cleaned ``error_type`` (the exception's name, e.g. ``"NotTextError"``) and
    ``error`` (its message); both are null on success, and the article fields null on
    failure. Arrays:
    ``paragraphs`` (string), ``captions`` (struct of ``text``, ``credit``, ``title``),
    ``removed`` (struct of ``text``, ``kind``, ``rule``), ``warnings`` (string) and ``blocks``
    (the typed blocks: struct of the keys of ``BodyBlock.to_dict()``). With ``markdown``
    (as :func:`clean_udf` takes it) a last string field, ``markdown``, that ``fields`` may
    also place.

    >>> [f.name for f in result_schema(["body"], markdown=True).fields]
    ['body', 'markdown']
    """
    return _schema(output_fields(fields, RESULT_FIELDS, markdown))


def record_schema(fields: Sequence[str] | None = None, *, markdown: MarkdownOption = None) -> StructType:
    """The schema of the records of :func:`partition_cleaner` and :func:`clean_warc`.

    :func:`result_schema`'s fields after ``id``, ``url`` and ``date`` (strings; ``date`` is
    the WARC record's date as ISO 8601 text); with ``markdown`` (the value the records were
    made with), the ``markdown`` field last. Use it to turn records into a DataFrame::

        spark.createDataFrame(clean_warc(spark, paths), record_schema())
    """
    return _schema(output_fields(fields, RECORD_FIELDS, markdown))


def _schema(fields: Sequence[str]) -> StructType:
    from pyspark.sql import types as T

    types = _field_types()
    return T.StructType([T.StructField(name, types[name], nullable=True) for name in fields])


# --- RDDs ----------------------------------------------------------------------------------


def partition_cleaner(*, markdown: MarkdownOption = None, **options: Any) -> PartitionCleaner:
    """A function for ``rdd.mapPartitions``: items in, one record per item out, in order.

    The options are checked here, on the driver; each partition then builds one
    :class:`~boilerstrip.Cleaner` on its executor (rules compile once per partition, not
    once per page). Items are what :func:`as_page` accepts. ``markdown`` (``True`` or
    ``{"links": True, ...}``) adds a ``markdown`` field to each record
    (:meth:`boilerstrip.batch.Result.to_record`).

    >>> clean_pages = partition_cleaner(favor="precision")
    >>> records = list(clean_pages(["Share this\\n\\n" + "The council met on Tuesday to agree the budget of the schools. " * 3]))
    >>> records[0]["body"][:15], records[0]["error"]
    ('The council met', None)
    """
    return PartitionCleaner(check_options(options, markdown=markdown), locate=_partition_id)


def _partition_id() -> int | None:
    """The partition of the running Spark task (None outside a task, e.g. in a doctest)."""
    try:
        from pyspark import TaskContext
    except ImportError:  # the function called by hand, where pyspark is not installed
        return None
    context = TaskContext.get()
    return None if context is None else context.partitionId()


def clean_partition(items: Iterable[object], *, markdown: MarkdownOption = None, **options: Any) -> Iterator[dict[str, Any]]:
    """Clean one partition's items into records (``rdd.mapPartitions(clean_partition)``).

    The same as ``partition_cleaner(markdown=markdown, **options)(items)``; prefer
    :func:`partition_cleaner` with options, which checks them once on the driver.
    """
    return partition_cleaner(markdown=markdown, **options)(items)


def read_warc(spark: SparkSession | SparkContext, paths: str | Iterable[str], *, num_slices: int | None = None) -> RDD[Page]:
    """The HTML responses of WARC files as an RDD of :class:`~boilerstrip.sources.Page`.

    ``paths`` are WARC or WARC.gz files that every executor can read (a local path on a
    one-machine cluster, a shared or mounted file system on a real one); by default one
    partition per file, since a Common Crawl file (~1 GB, ~30,000 responses) is a natural
    unit of work; ``num_slices`` sets fewer. Pages keep the response's URL, its
    ``WARC-Record-ID`` as ``id`` and its ``WARC-Date`` as ``date``; a file that cannot be
    read gives one page with ``error`` set (its id is the path) and the job goes on.
    """
    _pyspark()
    require("warcio", extra="warc", purpose="reading WARC files")
    paths = [paths] if isinstance(paths, str) else [str(p) for p in paths]
    if not paths:
        raise ValueError("read_warc() needs at least one path")
    sc = spark.sparkContext if hasattr(spark, "sparkContext") else spark
    return sc.parallelize(paths, num_slices or len(paths)).mapPartitions(warc_pages)


def clean_warc(
    spark: SparkSession | SparkContext,
    paths: str | Iterable[str],
    *,
    num_slices: int | None = None,
    markdown: MarkdownOption = None,
    **options: Any,
) -> RDD[dict[str, Any]]:
    """The HTML responses of WARC files, cleaned: an RDD of records, one per response, in order.

    :func:`read_warc` then :func:`partition_cleaner` (Spark runs both in one stage: pages
    are never shipped between executors). Records keep the response's URL (``url``), its
    ``WARC-Record-ID`` (``id``) and ``WARC-Date`` (``date``); a page that fails, or a file
    that cannot be read, gives a record with ``error_type`` and ``error`` set; ``markdown``
    adds a ``markdown`` field (see :func:`partition_cleaner`). Write them out with
    ``records.map(json.dumps).saveAsTextFile(out)`` or turn them into a DataFrame with
    ``spark.createDataFrame(records, record_schema(markdown=markdown))``.
    """
    cleaner = partition_cleaner(markdown=markdown, **options)
    return read_warc(spark, paths, num_slices=num_slices).mapPartitions(cleaner)


# --- DataFrames ----------------------------------------------------------------------------


def clean_udf(
    *, url: bool = False, fields: Sequence[str] | None = None, markdown: MarkdownOption = None, **options: Any
) -> Any:
    """A pandas UDF that cleans a column of pages into a struct column of :func:`result_schema`.

    The UDF takes one column of HTML or text (``string`` or ``binary``), or two with
    ``url=True``: the pages and their URLs (which enable per-site rules and dates in URL
    paths). ``fields`` keeps a subset of the struct's fields (``removed`` and ``paragraphs``
    double the data; drop them when only the body is wanted). ``markdown`` (``True`` or
    ``{"links": True, "images": True}``) adds a ``markdown`` field, the body as Markdown
    (last, unless ``fields`` places it). The remaining options are those
    of :class:`~boilerstrip.Cleaner` and :func:`~boilerstrip.clean`, checked here; one
    cleaner is built per partition. A null page gives a struct with ``error`` set. With a
    DataFrame ``df`` of columns ``html`` and ``url`` (``tests/test_spark.py`` runs this)::

        clean_article = clean_udf(url=True, fields=["headline", "body", "error"], favor="recall")
        df.select(clean_article("html", "url").alias("a")).select("a.*")
    """
    _pyspark()
    import pandas as pd
    from pyspark.sql.pandas.functions import pandas_udf  # (where pyspark.sql.functions gets it from)

    names = output_fields(fields, RESULT_FIELDS, markdown)
    cleaner = PartitionCleaner(check_options(options, markdown=markdown))
    schema = _schema(names)

    def frame(records: list[dict[str, Any]]) -> pd.DataFrame:
        return pd.DataFrame({name: [r[name] for r in records] for name in names}, columns=list(names))

    # Iterator UDFs are called once per partition with its Arrow batches: the cleaner is
    # built once there, as in partition_cleaner
    if url:

        def clean_pages_with_urls(batches: Iterator[tuple[pd.Series, pd.Series]]) -> Iterator[pd.DataFrame]:
            session = cleaner.options.build()
            for pages, urls in batches:
                yield frame([cleaner.clean(session, page, u) for page, u in zip(pages, urls)])

        # pyspark reads the UDF's kind from its type hints; this module's annotations are
        # strings (postponed evaluation) naming pandas, which is imported here only
        clean_pages_with_urls.__annotations__ = {
            "batches": Iterator[tuple[pd.Series, pd.Series]], "return": Iterator[pd.DataFrame],
        }
        return pandas_udf(clean_pages_with_urls, schema)  # type: ignore[call-overload]

    def clean_pages(batches: Iterator[pd.Series]) -> Iterator[pd.DataFrame]:
        session = cleaner.options.build()
        for pages in batches:
            yield frame([cleaner.clean(session, page, None) for page in pages])

    clean_pages.__annotations__ = {"batches": Iterator[pd.Series], "return": Iterator[pd.DataFrame]}
    return pandas_udf(clean_pages, schema)  # type: ignore[call-overload]
