#!/usr/bin/env python
"""Quick scores of the HTML front-end alone, for tuning it (not the benchmark of record).

Runs :func:`boilerstrip.html.parse_html` on every page of the shared benchmarks, joins the
``BODY`` blocks with blank lines (what ``clean()`` returns as the body of an HTML page, before
the rules and the fields) and scores them::

    python benchmarks/html_tune.py                       # both datasets
    python benchmarks/html_tune.py --datasets wcxb-dev --jobs 2 --dump /tmp/h.json
    python benchmarks/html_tune.py --ids 0001,0172 --show   # print the body of some pages
    python benchmarks/html_tune.py --full --jobs 1          # whole clean(), as the benchmark runs it
    python benchmarks/html_tune.py --profile 200            # cProfile of clean() over 200 WCXB pages

Scores are also given for odd and even page ids apart (a guard against tuning to some pages:
a change that helps one half only is suspect). ScrapingHub ids are hex: their last digit's
parity splits them.

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
from boilerstrip.api import clean  # noqa: E402

FULL = False
"""Score the body of the whole ``clean()`` (set by ``--full``) instead of the front-end's."""

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
    if FULL:
        body = clean(raw, url=url).body
        return body, time.process_time() - start
    page = parse_html(decode_page(raw, max_bytes=None), url=url)
    elapsed = time.process_time() - start
    body = "\n\n".join(b.text for b in page.blocks if b.label is Label.BODY)
    return body, elapsed


def parity(pid: str) -> str:
    """"odd" or "even": of the number for WCXB ids, of the last hex digit for ScrapingHub's."""
    try:
        value = int(pid) if pid.isdigit() else int(pid[-1], 16)
    except ValueError:
        return "even"
    return "odd" if value % 2 else "even"


def stage_times(raws: list[tuple[bytes, str | None]]) -> dict[str, float]:
    """CPU seconds per stage of clean()'s HTML path, summed over ``raws`` (no profiler overhead).

    The stages are called as :meth:`boilerstrip.api.Cleaner._run` calls them; if that method
    changes, this copy is what to update.
    """
    from boilerstrip import api
    from boilerstrip.dom.parse import parse_tree
    from boilerstrip.dom.segment import prune, segment
    from boilerstrip.dom.select import select_main
    from boilerstrip.features import measure, page_language
    from boilerstrip.fields.pick import pick_fields
    from boilerstrip.metadata import extract_meta

    cleaner = api._DEFAULT
    totals: dict[str, float] = defaultdict(float)
    clock = time.process_time
    for raw, url in raws:
        t0 = clock()
        text = decode_page(raw, max_bytes=None)
        t1 = clock()
        root = parse_tree(text)
        t2 = clock()
        meta = extract_meta(root, url=url)
        t3 = clock()
        prune(root, {})
        seg = segment(root, {})
        t4 = clock()
        select_main(seg, meta)
        t5 = clock()
        matcher = cleaner.rules.compile(url=url, language=None)
        blocks = seg.blocks
        lang = page_language(blocks, meta.language)
        measure(blocks, lang)
        t6 = clock()
        api.apply_rules(blocks, matcher)
        t7 = clock()
        fields = pick_fields(blocks, meta, url=url, now=None)
        api.build_article(blocks, fields, matcher.warnings)
        t8 = clock()
        for name, dt in (
            ("decode", t1 - t0), ("dom.parse", t2 - t1), ("dom.metadata", t3 - t2),
            ("dom.prune+segment", t4 - t3), ("dom.select", t5 - t4), ("shared.features", t6 - t5),
            ("shared.rules", t7 - t6), ("shared.fields+article", t8 - t7),
        ):
            totals[name] += dt
    return totals


def profile(count: int) -> None:
    """cProfile of clean() over the first ``count`` WCXB pages: the share of the DOM front-end
    (decode + parse_html) and of the shared pipeline (features, rules, fields)."""
    import cProfile
    import pstats

    items = load("wcxb-dev")[:count]
    raws = []
    for _, pid, url, _, _ in items:
        with gzip.open(DATA / "wcxb-dev" / "html" / f"{pid}.html.gz", "rb") as fh:
            raws.append((fh.read(), url))
    for raw, url in raws[:5]:
        clean(raw, url=url)  # warm caches (stoplists, compiled rules)
    times = stage_times(raws)
    whole = sum(times.values())
    front = sum(v for k, v in times.items() if not k.startswith("shared"))
    print(f"CPU time per page by stage ({len(raws)} WCXB pages, no profiler): {whole / len(raws) * 1000:.1f} ms")
    for name, dt in times.items():
        print(f"  {name:22} {dt / len(raws) * 1000:6.2f} ms  {dt / whole:5.1%}")
    print(f"  DOM front-end (decode+dom.*) {front / whole:5.1%}, shared pipeline {1 - front / whole:5.1%}")
    start = time.process_time()
    for raw, url in raws:
        clean(raw, url=url)
    print(f"clean() itself: {(time.process_time() - start) / len(raws) * 1000:.1f} ms/page; median below")
    per = []
    for raw, url in raws:
        t = time.process_time()
        clean(raw, url=url)
        per.append(time.process_time() - t)
    print(f"clean() median {statistics.median(per) * 1000:.1f} ms/page")
    prof = cProfile.Profile()
    prof.enable()
    for raw, url in raws:
        clean(raw, url=url)
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[3] for k, v in stats.stats.items() if k[2] == "_run" and k[0].endswith("api.py"))
    parts = {}
    for (path, _, name), v in stats.stats.items():
        if path.endswith("api.py") and name in ("measure", "apply_rules", "pick_fields", "build_article", "decode_page", "parse_html", "page_language"):
            parts[name] = parts.get(name, 0.0) + v[3]
        elif name in ("measure", "pick_fields", "decode_page", "parse_html", "page_language") and "boilerstrip" in path:
            parts[name] = parts.get(name, 0.0) + v[3]
    print(f"clean(): {total / len(raws) * 1000:.1f} ms/page (cumulative, under cProfile)")
    for name, cum in sorted(parts.items(), key=lambda kv: -kv[1]):
        print(f"  {name:14} {cum / len(raws) * 1000:6.2f} ms/page  {cum / total:5.1%}")
    stats.sort_stats("tottime").print_stats(30)


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
    parser.add_argument("--full", action="store_true", help="score the body of the whole clean()")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="cProfile clean() over N WCXB pages")
    args = parser.parse_args()
    global FULL
    FULL = args.full
    if args.profile:
        profile(args.profile)
        return

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
            by_type["ALL-" + parity(row["id"])].append(row["f"])
    if by_type:
        print("WCXB-dev body F1: " + "  ".join(f"{t} {statistics.mean(v):.4f} ({len(v)})" for t, v in sorted(by_type.items())))
    sh = [row for row in rows if row["dataset"] == "scrapinghub"]
    if sh:
        pairs = {row["id"]: tuple(row.pop("pair")) for row in sh}
        corpus = scrapinghub_corpus(list(pairs.values()))
        halves = {
            side: scrapinghub_corpus([pair for pid, pair in pairs.items() if parity(pid) == side])["f1"]
            for side in ("odd", "even")
        }
        print(
            f"ScrapingHub: F1 {corpus['f1']:.4f} P {corpus['precision']:.4f} R {corpus['recall']:.4f}"
            f" accuracy {corpus['accuracy']:.3f}  (word-F1 {statistics.mean(r['f'] for r in sh):.3f})"
            f"  odd {halves['odd']:.4f} even {halves['even']:.4f}"
        )
    ms = [row["ms"] for row in rows]
    print(f"time: mean {statistics.mean(ms):.1f} ms/page, median {statistics.median(ms):.1f}, max {max(ms):.0f}")
    if args.dump:
        Path(args.dump).write_text(json.dumps(rows), encoding="utf-8")


if __name__ == "__main__":
    main()
