#!/usr/bin/env python
"""Quick scores of the HTML front-end alone, for tuning it (not the benchmark of record).

Runs :func:`boilerstrip.html.parse_html` on every page of the shared benchmarks, joins the
``BODY`` blocks with blank lines (what ``clean()`` returns as the body of an HTML page, before
the rules and the fields) and scores them::

    python benchmarks/html_tune.py                       # both datasets
    python benchmarks/html_tune.py --datasets wcxb-dev --jobs 2 --dump /tmp/h.json
    python benchmarks/html_tune.py --ids 0001,0172 --show   # print the body of some pages

WCXB: mean page F1 of lower-cased word bags, overall and per page type. ScrapingHub: the
official shingle F1. Timing: CPU time of decode + parse_html per page.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from boilerstrip.blocks import Label  # noqa: E402
from boilerstrip.decode import decode_page  # noqa: E402
from boilerstrip.evaluation import scrapinghub_corpus, wcxb_page  # noqa: E402
from boilerstrip.html import parse_html  # noqa: E402

DATA = Path(os.environ.get("BOILERSTRIP_BENCH", HERE.parent.parent / "shared" / "bench"))


def load(dataset: str) -> list[tuple[str, str, str | None, str, str]]:
    """(dataset, id, url, page type, reference body) of every page."""
    items = []
    if dataset == "scrapinghub":
        truth = json.loads((DATA / "scrapinghub" / "ground-truth.json").read_text(encoding="utf-8"))
        for pid in sorted(truth):
            items.append((dataset, pid, truth[pid].get("url"), "news", truth[pid].get("articleBody") or ""))
    else:
        for path in sorted((DATA / "wcxb-dev" / "ground-truth").glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            ptype = ((doc.get("_internal") or {}).get("page_type") or {}).get("primary") or "unknown"
            items.append((dataset, path.stem, doc.get("url"), ptype, doc["ground_truth"].get("main_content") or ""))
    return items


def body_of(dataset: str, pid: str, url: str | None) -> tuple[str, float]:
    with gzip.open(DATA / dataset / "html" / f"{pid}.html.gz", "rb") as fh:
        raw = fh.read()
    start = time.process_time()  # CPU time: other jobs on the machine do not inflate it
    page = parse_html(decode_page(raw, max_bytes=None), url=url)
    elapsed = time.process_time() - start
    body = "\n\n".join(b.text for b in page.blocks if b.label is Label.BODY)
    return body, elapsed


def run(item: tuple[str, str, str | None, str, str]) -> dict[str, Any]:
    dataset, pid, url, ptype, truth = item
    body, elapsed = body_of(dataset, pid, url)
    row: dict[str, Any] = {"dataset": dataset, "id": pid, "type": ptype, "ms": elapsed * 1000}
    if dataset == "scrapinghub":
        row["pair"] = (body, truth)
    p, r, f = wcxb_page(body, truth)
    row.update(p=p, r=r, f=f)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default="wcxb-dev,scrapinghub")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--dump", help="write per-page rows to this JSON file")
    parser.add_argument("--ids", help="only these page ids (comma-separated)")
    parser.add_argument("--show", action="store_true", help="print each page's body and labels")
    args = parser.parse_args()

    items = [it for ds in args.datasets.split(",") for it in load(ds)]
    if args.ids:
        wanted = set(args.ids.split(","))
        items = [it for it in items if it[1] in wanted]
    if args.show:
        for dataset, pid, url, ptype, truth in items:
            with gzip.open(DATA / dataset / "html" / f"{pid}.html.gz", "rb") as fh:
                page = parse_html(decode_page(fh.read(), max_bytes=None), url=url)
            print(f"===== {dataset} {pid} {ptype} {url}")
            for b in page.blocks:
                mark = {Label.BODY: "+", Label.CHROME: "-"}.get(b.label, "*")
                print(f"{mark} {b.score:8.1f} {b.label.value[:4]:4} {b.kind[:10]:10} {b.reason[:22]:22} {b.text[:110]!r}")
            print(run((dataset, pid, url, ptype, truth)))
        return
    with Pool(args.jobs) as pool:
        rows = pool.map(run, items, chunksize=4)
    by_type: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        if row["dataset"] == "wcxb-dev":
            by_type[row["type"]].append(row["f"])
            by_type["ALL"].append(row["f"])
    if by_type:
        print("WCXB-dev body F1: " + "  ".join(f"{t} {statistics.mean(v):.3f} ({len(v)})" for t, v in sorted(by_type.items())))
    sh = [row for row in rows if row["dataset"] == "scrapinghub"]
    if sh:
        corpus = scrapinghub_corpus([tuple(row.pop("pair")) for row in sh])
        print(
            f"ScrapingHub: F1 {corpus['f1']:.4f} P {corpus['precision']:.4f} R {corpus['recall']:.4f}"
            f" accuracy {corpus['accuracy']:.3f}  (word-F1 {statistics.mean(r['f'] for r in sh):.3f})"
        )
    ms = [row["ms"] for row in rows]
    print(f"time: mean {statistics.mean(ms):.1f} ms/page, median {statistics.median(ms):.1f}, max {max(ms):.0f}")
    if args.dump:
        Path(args.dump).write_text(json.dumps(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
