"""Clean the HTML pages of WARC files with Apache Spark: WARC in, JSON Lines out.

A Common Crawl-style job. Each WARC file is one partition: an executor reads its HTML
responses (``boilerstrip.sources.iter_warc``), cleans them with one cleaner per partition
(``boilerstrip.spark.clean_warc``) and writes one JSON record per page (the keys of
``boilerstrip.batch.RECORD_KEYS``: id, url, date, headline, author, timestamp, body, ...,
error_type, error). Pages that fail are records with ``error`` set; the job goes on.

Needs the spark and warc extras and Java (17 or 21)::

    pip install -e ".[spark,warc]"

Run it on the small WARC of the tests (from the repository root)::

    python examples/commoncrawl_spark.py fixtures/distributed/pages.warc.gz -o /tmp/cc-spark

On your own crawl (quote globs: the script expands them), with options of ``clean()``::

    python examples/commoncrawl_spark.py 'crawl/CC-MAIN-*.warc.gz' -o out/ --master 'local[4]' --favor precision

On a cluster, submit it with ``spark-submit`` (without ``--master`` here, so spark-submit's
wins); the WARC paths must then be readable by every executor (a shared or mounted file
system), and boilerstrip installed on every executor::

    spark-submit --master yarn examples/commoncrawl_spark.py '/mnt/crawl/*.warc.gz' -o /mnt/out/run1

Output: ``OUT/part-00000`` ... one file per WARC file, JSON Lines (``--gzip``: ``.gz``).
A summary goes to standard output: files, pages, errors by kind, seconds, pages per second.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from typing import Any


def _paths(patterns: Sequence[str]) -> list[str]:
    """Expand globs on the driver; a path without glob characters is kept as it is."""
    paths: list[str] = []
    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not matches:
            raise SystemExit(f"no file matches {pattern!r}")
        paths.extend(matches)
    return paths


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Clean the HTML pages of WARC files with Spark; write JSON Lines.")
    p.add_argument("inputs", nargs="+", help="WARC or WARC.gz files, or quoted globs")
    p.add_argument("-o", "--output", required=True, help="output directory (must not exist)")
    p.add_argument("--master", help="Spark master, e.g. 'local[4]' (default: spark-submit's, else local[*])")
    p.add_argument("--partitions", type=int, help="partitions (default: one per file)")
    p.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced")
    p.add_argument("--rules", metavar="FILE", action="append", default=[], help="a TOML rule file (repeatable)")
    p.add_argument("--include-comments", action="store_true", help="keep comment sections")
    p.add_argument("--gzip", action="store_true", help="gzip the part files")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = [os.path.abspath(p) for p in _paths(args.inputs)]
    if os.path.exists(args.output):
        raise SystemExit(f"{args.output} exists: Spark writes a new directory")

    from pyspark.sql import SparkSession

    from boilerstrip import load_rules
    from boilerstrip.spark import clean_warc

    rules = None
    for path in args.rules:
        rules = load_rules(path) if rules is None else rules | load_rules(path)

    # the executors' Python must be this one (with boilerstrip) unless the cluster says otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    # no progress bar: the summary below is the report, and a bar garbles a log file
    builder = SparkSession.builder.appName("boilerstrip-commoncrawl").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    try:
        started = time.perf_counter()
        records = clean_warc(
            spark, paths, num_slices=args.partitions,
            favor=args.favor, rules=rules, include_comments=args.include_comments,
        )
        # counted while the records are written, so the pages are cleaned once (a retried
        # task can count twice: this is a summary, not an audit)
        pages = spark.sparkContext.accumulator(0)
        errors = spark.sparkContext.accumulator(Counter(), _CounterParam())

        def to_line(record: dict[str, Any]) -> str:
            pages.add(1)
            if record["error_type"]:
                errors.add(Counter({record["error_type"]: 1}))
            return json.dumps(record, ensure_ascii=False)

        codec = "org.apache.hadoop.io.compress.GzipCodec" if args.gzip else None
        records.map(to_line).saveAsTextFile(args.output, compressionCodecClass=codec)
        seconds = time.perf_counter() - started
    finally:
        spark.stop()

    error_count = sum(errors.value.values())
    by_kind = ", ".join(f"{kind} {n}" for kind, n in errors.value.most_common()) or "none"
    print(f"files: {len(paths)}  pages: {pages.value}  errors: {error_count} ({by_kind})")
    print(f"time: {seconds:.1f} s  pages/second: {pages.value / seconds:.1f}  output: {args.output}/part-*")
    return 0


class _CounterParam:
    """An accumulator of Counters (error kinds), merged across tasks."""

    def zero(self, value: Counter[str]) -> Counter[str]:
        return Counter()

    def addInPlace(self, a: Counter[str], b: Counter[str]) -> Counter[str]:  # noqa: N802 - pyspark's name
        a.update(b)
        return a


if __name__ == "__main__":
    sys.exit(main())
