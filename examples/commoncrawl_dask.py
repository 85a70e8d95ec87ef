"""Clean the HTML pages of WARC files with Dask: WARC in, JSON Lines out.

A Common Crawl-style job. Each WARC file is one partition of a Dask bag: a worker reads its
HTML responses (``boilerstrip.sources.iter_warc``), cleans them with one cleaner per
partition (``boilerstrip.dask.clean_warc``) and writes one JSON record per page (the keys
of ``boilerstrip.batch.RECORD_KEYS``: id, url, date, headline, author, timestamp, body, ...,
error_type, error). Pages that fail are records with ``error`` set; the job goes on.

Needs the dask and warc extras::

    pip install -e ".[dask,warc]"

Run it on the small WARC of the tests (from the repository root), on a local cluster of two
worker processes::

    python examples/commoncrawl_dask.py fixtures/distributed/pages.warc.gz -o /tmp/cc-dask --workers 2

On your own crawl (quote globs: the script expands them), with options of ``clean()``::

    python examples/commoncrawl_dask.py 'crawl/CC-MAIN-*.warc.gz' -o out/ --workers 8 --favor precision

On a running cluster (``dask scheduler`` and ``dask worker`` on your machines, boilerstrip
installed on every worker, the WARC paths readable by every worker)::

    python examples/commoncrawl_dask.py '/mnt/crawl/*.warc.gz' -o /mnt/out/run1 --scheduler tcp://10.0.0.1:8786

Output: ``OUT/00000.jsonl`` ... one JSON Lines file per WARC file (``--gzip``:
``.jsonl.gz``). A summary goes to standard output: files, pages, errors by kind, seconds,
pages per second.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import sys
import time
from collections.abc import Sequence


def _paths(patterns: Sequence[str]) -> list[str]:
    """Expand globs on the client; a path without glob characters is kept as it is."""
    paths: list[str] = []
    for pattern in patterns:
        matches = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        if not matches:
            raise SystemExit(f"no file matches {pattern!r}")
        paths.extend(matches)
    return paths


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description="Clean the HTML pages of WARC files with Dask; write JSON Lines.")
    p.add_argument("inputs", nargs="+", help="WARC or WARC.gz files, or quoted globs")
    p.add_argument("-o", "--output", required=True, help="output directory (created; existing part files are replaced)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="worker processes of a local cluster (default: the CPU count)")
    where.add_argument("--scheduler", metavar="ADDRESS", help="a running cluster's scheduler, e.g. tcp://10.0.0.1:8786")
    p.add_argument("--files-per-partition", type=int, default=1, help="WARC files per partition (default 1)")
    p.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced")
    p.add_argument("--rules", metavar="FILE", action="append", default=[], help="a TOML rule file (repeatable)")
    p.add_argument("--include-comments", action="store_true", help="keep comment sections")
    p.add_argument("--gzip", action="store_true", help="gzip the output files")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    paths = [os.path.abspath(p) for p in _paths(args.inputs)]

    import dask
    from distributed import Client, LocalCluster

    from boilerstrip import load_rules
    from boilerstrip.dask import clean_warc

    rules = None
    for path in args.rules:
        rules = load_rules(path) if rules is None else rules | load_rules(path)

    records = clean_warc(
        paths, files_per_partition=args.files_per_partition,
        favor=args.favor, rules=rules, include_comments=args.include_comments,
    )
    suffix = ".jsonl.gz" if args.gzip else ".jsonl"
    os.makedirs(args.output, exist_ok=True)
    lines = records.map(json.dumps, ensure_ascii=False)
    writes = lines.to_textfiles(os.path.join(args.output, "*" + suffix), name_function=lambda i: f"{i:05d}", last_endline=True, compute=False)
    kinds = records.pluck("error_type").frequencies()

    # processes, one thread each: cleaning is pure Python, so threads would share one core
    cluster = None if args.scheduler else LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
    with Client(args.scheduler or cluster):
        started = time.perf_counter()
        # one compute for both: the graph is shared, so every page is cleaned once
        *_, counts = dask.compute(*writes, kinds)
        seconds = time.perf_counter() - started
    if cluster is not None:
        cluster.close()

    counts = dict(counts)
    pages = sum(counts.values())
    errors = {kind: n for kind, n in counts.items() if kind is not None}
    by_kind = ", ".join(f"{kind} {n}" for kind, n in sorted(errors.items(), key=lambda kv: -kv[1])) or "none"
    print(f"files: {len(paths)}  pages: {pages}  errors: {sum(errors.values())} ({by_kind})")
    print(f"time: {seconds:.1f} s  pages/second: {pages / seconds:.1f}  output: {args.output}/*{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
