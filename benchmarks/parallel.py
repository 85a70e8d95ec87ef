#!/usr/bin/env python
"""How ``clean_many(workers=2)`` scales against ``workers=1``, and what starting the pool costs.

Parallel speed-up is a matter of elapsed time, so this script reads the wall clock
(``time.perf_counter``); run it on an idle machine (it prints the load average before and
after: a busy machine makes the figures meaningless, whatever they say).

1. **Throughput.** ``--pages`` WCXB-dev pages (evenly spaced) are cleaned by
   ``clean_many(pages, workers=W)`` for W = 1 and 2, taking turns, ``--rounds`` times each;
   each setting's best round is reported as pages per second, with the ratio of the two. The
   pages are read into memory first; each round makes a new pool (as a script does).
2. **Start cost.** ``clean_many([one small page], workers=2)`` from the call to its result:
   the forkserver and two workers started, each importing boilerstrip, then one page; beside
   it the same page with ``workers=1`` in this (warm) process. Best of ``--rounds``.

    python benchmarks/parallel.py [--data ../shared/bench] [--pages 300] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from bench import load_pages  # noqa: E402

from boilerstrip import clean_many  # noqa: E402
from boilerstrip.sources import Page  # noqa: E402

SMALL = ("<html><head><title>Notice</title></head><body><article><h1>Library hours</h1>"
         "<p>The library opens at nine on weekdays and closes at six, except on public holidays.</p>"
         "</article></body></html>")


def _run(pages: list[Page], workers: int) -> float:
    """Seconds (wall) to clean every page with a new pool of ``workers``."""
    start = time.perf_counter()
    n = sum(1 for result in clean_many(pages, workers=workers) if result.ok)
    elapsed = time.perf_counter() - start
    assert n == len(pages), f"{len(pages) - n} pages failed"
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "bench")
    ap.add_argument("--pages", type=int, default=300, help="WCXB-dev pages, evenly spaced (default 300)")
    ap.add_argument("--rounds", type=int, default=3, help="runs of each setting, taking turns (default 3)")
    args = ap.parse_args()

    chosen = load_pages(args.data, "wcxb-dev")
    chosen = chosen[:: max(1, len(chosen) // args.pages)][: args.pages]
    pages = [Page(p.id, gzip.open(p.html_path).read(), url=p.url) for p in chosen]
    print(f"load average before: {' '.join(f'{v:.2f}' for v in os.getloadavg())}; {os.cpu_count()} CPUs")
    _run(pages[:20], 1)  # (this process's caches warm, as in a running pipeline)
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(args.rounds):
        for workers in (1, 2):
            best[workers] = min(best[workers], _run(pages, workers))
    small = [Page("small", SMALL)]
    start_cost = {1: float("inf"), 2: float("inf")}
    for _ in range(args.rounds):
        for workers in (1, 2):
            start_cost[workers] = min(start_cost[workers], _run(small, workers))
    print(f"load average after:  {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    print(f"{len(pages)} WCXB-dev pages, wall time, best of {args.rounds} rounds:")
    for workers in (1, 2):
        print(f"  workers={workers}: {best[workers]:6.2f} s  {len(pages) / best[workers]:6.1f} pages/s")
    print(f"  workers=2 over workers=1: {best[1] / best[2]:.2f}x")
    print("one small page, from the call to its result:")
    print(f"  workers=1 (this process, warm): {1000 * start_cost[1]:7.1f} ms")
    print(f"  workers=2 (new pool: forkserver, two workers importing boilerstrip): {1000 * start_cost[2]:7.1f} ms")


if __name__ == "__main__":
    main()
