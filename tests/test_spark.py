"""boilerstrip.spark on a local SparkSession (``local[2]``): one session for the module.

Needs pyspark (in the ``spark`` and ``test`` extras) and a Java runtime Spark supports (17
or 21; ``JAVA_HOME`` or ``java`` on the PATH). Without Java the tests that need a session
are skipped, and the skip reason says so; nothing else skips them. Run them alone with::

    python -m pytest tests/test_spark.py

Every result is checked against plain :func:`boilerstrip.clean` on the same page in this
process. Starting the JVM is most of the run time. The session is stopped at the end and its
JVM and Python workers are checked gone.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


pytest.importorskip("pyspark", reason="the spark extra is missing: pip install -e '.[spark]' (the test extra includes it)")

import psutil  # noqa: E402 - a dependency of distributed, in the test extra
from pyspark import SparkContext  # noqa: E402
from pyspark.sql import Row, SparkSession  # noqa: E402
from pyspark.sql import types as T  # noqa: E402

from boilerstrip import BoilerstripError, OptionTypeError, clean, load_rules  # noqa: E402
from boilerstrip.batch import RECORD_KEYS, clean_record  # noqa: E402
from boilerstrip.sources import iter_warc  # noqa: E402
from boilerstrip.spark import (  # noqa: E402
    RESULT_FIELDS,
    MissingExtraError,
    clean_udf,
    clean_warc,
    partition_cleaner,
    read_warc,
    record_schema,
    result_schema,
)

pytestmark = [
    # pyspark 4.x warns on every pandas UDF (and on import of its pandas helpers) that it
    # "does not yet fully support pandas >= 3.0.0"; what these tests use works, and the
    # results are checked against clean() below
    pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning"),
]

ROOT = Path(__file__).resolve().parent.parent
WARC = ROOT / "fixtures" / "distributed" / "pages.warc.gz"
ACME_PAGE = ROOT / "fixtures" / "rules" / "acme-news.html"
ACME_RULES = ROOT / "examples" / "acme-news.toml"
ACME_URL = "https://www.acme-news.example/springfield/2024/03/03/riverbank"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
"""Binary data: clean() raises NotTextError on it."""


def _pages() -> list[str]:
    """Real pages: HTML and plain text, as str (a Spark string column)."""
    html = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "html").glob("*.html"))[:4]]
    text = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("en-*.txt"))[:2]]
    text.append((ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt").read_text(encoding="utf-8"))
    return html + text


PAGES = _pages()


def _article_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("id", "url", "date", "error_type", "error", "markdown")}


def _tree(pid: int) -> list[psutil.Process]:
    try:
        process = psutil.Process(pid)
        return [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    if _java() is None:
        # the only reason to skip: pyspark is in the test extra, Java cannot be pip-installed
        pytest.skip("Java is absent: the Spark tests need a Java runtime (17 or 21) on the PATH or in JAVA_HOME")
    saved = {k: os.environ.get(k) for k in ("PYSPARK_PYTHON", "PYSPARK_DRIVER_PYTHON", "SPARK_LOCAL_IP")}
    # the Python workers must be this interpreter (this virtual environment, this boilerstrip);
    # a loopback address keeps Spark off the network and quiet about the host name
    os.environ.update(PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("boilerstrip-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    gateway = session.sparkContext._gateway
    try:
        yield session
    finally:
        processes = _tree(gateway.proc.pid)
        session.stop()
        # stop() leaves the JVM running for a next session in this interpreter; the test run
        # has no use for it: shut the gateway and let the JVM exit (it exits when its stdin
        # closes), and make pyspark launch a fresh one if anything asks for it again
        gateway.shutdown()
        gateway.proc.stdin.close()
        gateway.proc.wait(timeout=60)
        SparkContext._gateway = None
        SparkContext._jvm = None
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        _, alive = psutil.wait_procs(processes, timeout=30)
        for process in alive:  # pragma: no cover - only when the JVM failed to exit
            process.kill()
        assert not alive, f"Spark processes still ran after the session stopped: {alive}"


# -- RDDs ------------------------------------------------------------------------------------


def test_map_partitions_equals_clean(spark: SparkSession) -> None:
    rdd = spark.sparkContext.parallelize(PAGES, 3)
    records = rdd.mapPartitions(partition_cleaner()).collect()
    assert len(records) == len(PAGES)
    for page, record in zip(PAGES, records):
        assert list(record) == list(RECORD_KEYS)
        assert record["error"] is None
        assert record["body"] == clean(page).body
        assert _article_fields(record) == clean(page).to_dict()
    sizes = rdd.glom().map(len).collect()
    assert [r["id"] for r in records] == [f"{n}:{i}" for n, size in enumerate(sizes) for i in range(size)]


def test_map_partitions_on_rows_pairs_and_failures(spark: SparkSession) -> None:
    rules = load_rules(ACME_RULES)
    acme = ACME_PAGE.read_text(encoding="utf-8")
    df = spark.createDataFrame(
        [Row(id="acme", html=acme, url=ACME_URL), Row(id="bad", html=None, url=None), Row(id="plain", html=PAGES[0], url=None)]
    )
    from_rows = df.rdd.mapPartitions(partition_cleaner(rules=rules, markdown={"links": True})).collect()
    assert [(r["id"], r["url"]) for r in from_rows] == [("acme", ACME_URL), ("bad", None), ("plain", None)]
    assert all(list(r) == [*RECORD_KEYS, "markdown"] for r in from_rows)
    assert _article_fields(from_rows[0]) == clean(acme, url=ACME_URL, rules=rules).to_dict()
    assert "acme.weather-box" in {r["rule"] for r in from_rows[0]["removed"]}  # the URL reached the rules
    assert from_rows[0]["markdown"] == clean(acme, url=ACME_URL, rules=rules).to_markdown(links=True)
    assert from_rows[1]["error_type"] == "TypeError" and from_rows[1]["body"] is None and from_rows[1]["markdown"] is None
    plain = clean(PAGES[0], rules=rules)  # foldcut: its text has links
    assert from_rows[2]["body"] == plain.body
    assert from_rows[2]["markdown"] == plain.to_markdown(links=True) != plain.to_markdown()

    pairs = spark.sparkContext.parallelize([(ACME_URL, acme), ("local-key", PNG)], 2)
    from_pairs = pairs.mapPartitions(partition_cleaner(rules=rules)).collect()
    assert [(r["id"], r["url"], r["error_type"]) for r in from_pairs] == [(ACME_URL, ACME_URL, None), ("local-key", None, "NotTextError")]
    assert from_pairs[0]["removed"] == from_rows[0]["removed"]
    assert all(list(r) == list(RECORD_KEYS) for r in from_pairs)  # no markdown unless asked


def test_without_the_extra_a_clear_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # what an environment without pyspark sees
    with pytest.raises(MissingExtraError, match=r"boilerstrip\[spark\]") as caught:
        clean_udf()
    assert isinstance(caught.value, BoilerstripError) and isinstance(caught.value, ImportError)


def test_bad_options_raise_on_the_driver() -> None:
    with pytest.raises(TypeError, match="colour"):
        partition_cleaner(colour="blue")
    with pytest.raises(ValueError, match="favor"):
        clean_udf(favor="speed")
    with pytest.raises(ValueError, match="unknown field"):
        clean_udf(fields=["bodies"])
    # markdown=: True or a mapping of to_markdown()'s options, checked here too
    for bad in ("yes", 1, {"link": True}, {"links": "yes"}):
        with pytest.raises(OptionTypeError, match="markdown"):
            partition_cleaner(markdown=bad)
        with pytest.raises(OptionTypeError, match="markdown"):
            clean_udf(markdown=bad)
        with pytest.raises(OptionTypeError, match="markdown"):
            record_schema(markdown=bad)
    with pytest.raises(ValueError, match="markdown=True"):
        clean_udf(fields=["body", "markdown"])  # a field that would always be null


def test_clean_warc_and_the_record_schema(spark: SparkSession, tmp_path: Path) -> None:
    missing = tmp_path / "missing.warc.gz"
    assert read_warc(spark, [str(WARC)]).collect() == list(iter_warc(WARC))
    records_rdd = clean_warc(spark, [str(WARC), str(missing)], favor="precision", markdown=True)
    assert records_rdd.getNumPartitions() == 2
    records = records_rdd.collect()
    assert records[:-1] == [clean_record(page, favor="precision", markdown=True) for page in iter_warc(WARC)]
    assert [r["error_type"] for r in records] == [None] * 6 + ["NotTextError", "SourceError"]
    expected = [clean(page.content, url=page.url, favor="precision").to_markdown() for page in list(iter_warc(WARC))[:6]]
    assert [r["markdown"] for r in records] == [*expected, None, None]
    # the documented schema holds the records as they are
    schema = record_schema(markdown=True)
    assert schema.names == [*record_schema().names, "markdown"] and "markdown" not in record_schema().names
    rows = spark.createDataFrame(records_rdd, schema).collect()
    assert [row.asDict(recursive=True) for row in rows] == records


# -- DataFrames ------------------------------------------------------------------------------


def test_pandas_udf_equals_clean(spark: SparkSession) -> None:
    urls = [None] * len(PAGES)
    urls[0] = "https://erikdemaine.org/foldcut"
    schema = T.StructType([T.StructField("k", T.IntegerType()), T.StructField("html", T.StringType()), T.StructField("url", T.StringType())])
    df = spark.createDataFrame([(i, p, u) for i, (p, u) in enumerate(zip(PAGES, urls))] + [(len(PAGES), None, None)], schema).repartition(2)
    markdown = clean_udf(url=True, fields=["markdown", "error_type"], markdown={"links": True})
    cleaned = df.withColumn("article", clean_udf(url=True)("html", "url")).withColumn("md", markdown("html", "url"))
    assert cleaned.schema["article"].dataType == result_schema()
    assert "markdown" not in result_schema().names  # only when asked
    assert cleaned.schema["md"].dataType == result_schema(["markdown", "error_type"], markdown=True)
    rows = sorted(cleaned.collect(), key=lambda row: row.k)
    for row in rows[:-1]:
        got = row.article.asDict(recursive=True)
        assert got["error"] is None and got["error_type"] is None
        assert got["body"] == clean(row.html, url=row.url).body
        assert {k: got[k] for k in RESULT_FIELDS if k not in ("error_type", "error")} == clean(row.html, url=row.url).to_dict()
        assert row.md.markdown == clean(row.html, url=row.url).to_markdown(links=True)
    assert rows[0].md.markdown != clean(rows[0].html, url=rows[0].url).to_markdown()  # foldcut's links
    null_page = rows[-1].article
    assert null_page.error_type == "TypeError" and null_page.body is None
    assert rows[-1].md.error_type == "TypeError" and rows[-1].md.markdown is None


def test_pandas_udf_on_bytes_with_fields_and_options(spark: SparkSession) -> None:
    rules = load_rules(ACME_RULES)
    acme = ACME_PAGE.read_bytes()
    schema = T.StructType([T.StructField("html", T.BinaryType()), T.StructField("url", T.StringType())])
    df = spark.createDataFrame([(bytearray(acme), ACME_URL), (bytearray(PNG), None), (bytearray(acme), None)], schema).coalesce(1)
    fields = ["headline", "body", "removed", "error_type"]
    udf = clean_udf(url=True, fields=fields, rules=rules, favor="recall")
    result = df.select(udf("html", "url").alias("a")).select("a.*")
    assert result.columns == fields
    first, bad, without_url = (row.asDict(recursive=True) for row in result.collect())
    expected = clean(acme, url=ACME_URL, rules=rules, favor="recall").to_dict()
    assert first == {**{k: expected[k] for k in fields if k != "error_type"}, "error_type": None}
    assert "acme.weather-box" in {r["rule"] for r in first["removed"]}
    assert "acme.weather-box" not in {r["rule"] for r in without_url["removed"]}
    assert bad["error_type"] == "NotTextError" and bad["body"] is None

    single = clean_udf(fields=["body"])
    bodies = [row.body for row in df.select(single("html").alias("b")).select("b.body").collect()]
    assert bodies[0] == clean(acme).body and bodies[1] is None
