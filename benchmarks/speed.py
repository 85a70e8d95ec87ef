#!/usr/bin/env python
"""CPU time of boilerstrip against trafilatura, measured so that a busy machine cannot lie.

Two figures (issue #19):

1. **Per page.** Every page is cleaned by each system in turn, the order rotating from page
   to page, three times; a page's time is the minimum of its three ``time.thread_time()``
   readings (CPU time of this thread: waiting for a core does not count). Reported: the mean
   and median ms per page of each system, and trafilatura's time over each boilerstrip
   mode's, by mean and by median. boilerstrip runs on the page's HTML and, in text mode, on
   its ``html_text`` render when the benchmark cache has one (``bench.py --cache-only``).
2. **Cold start.** A fresh Python process imports the library and cleans one page; its CPU
   time (``time.process_time()``, the import included) is read inside it. The systems take
   turns, ``--cold-runs`` times each; the minimum and median are reported. boilerstrip is
   measured twice: with its cache of compiled models warm (every run after the first on a
   machine) and with an empty cache directory (the first run after installing). Python's
   bytecode cache is on for both libraries (``PYTHONDONTWRITEBYTECODE`` is dropped for the
   child processes), as it is for an installed package.

    python benchmarks/speed.py [--data ../shared/bench] [--pages 150] [--cold-runs 5]

trafilatura must be installed (it is not a dependency of boilerstrip).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from bench import cache_path, load_pages  # noqa: E402

Runner = Callable[[], object]


def per_page(data: Path, n: int) -> dict[str, list[float]]:
    """ms of CPU per page for each system, interleaved in rotating order, min of 3."""
    import trafilatura

    import boilerstrip

    pages = load_pages(data, "wcxb-dev")
    step = max(1, len(pages) // n)
    chosen = pages[::step][:n]
    times: dict[str, list[float]] = {"boilerstrip html": [], "boilerstrip text": [], "trafilatura": []}
    for page in chosen:
        raw = gzip.open(page.html_path).read()
        render = cache_path(page.dataset, "html_text", page.id)
        text = render.read_text(encoding="utf-8") if render.exists() else None
        systems: dict[str, Runner] = {
            "boilerstrip html": lambda: boilerstrip.clean(raw, url=page.url),
            "trafilatura": lambda: trafilatura.bare_extraction(raw, include_comments=False, with_metadata=True),
        }
        if text is not None:
            systems["boilerstrip text"] = lambda: boilerstrip.clean(text, input="text")
        names = list(systems)
        best = dict.fromkeys(names, float("inf"))
        for rep in range(3):
            k = (len(times["trafilatura"]) + rep) % len(names)
            for name in names[k:] + names[:k]:
                t0 = time.thread_time()
                systems[name]()
                best[name] = min(best[name], time.thread_time() - t0)
        for name in names:
            times[name].append(best[name] * 1000)
    return times


def _cold_once(code: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def cold_start(data: Path, runs: int) -> dict[str, list[float]]:
    """CPU seconds of a fresh process that imports and cleans one page, per system."""
    page = load_pages(data, "wcxb-dev")[0]
    template = (
        "import time, gzip; t = time.process_time(); import {mod}; raw = gzip.open({path!r}).read(); {call}; "
        "print(time.process_time() - t)"
    )
    code = {
        "boilerstrip": template.format(mod="boilerstrip", path=page.html_path, call="boilerstrip.clean(raw)"),
        "trafilatura": template.format(
            mod="trafilatura", path=page.html_path, call="trafilatura.bare_extraction(raw, with_metadata=True)"
        ),
    }
    src = str(HERE.parent / "src")
    base = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    # Python's own bytecode cache on, as for an installed package (pip compiles it at install;
    # trafilatura's is there): the warm-up run below writes boilerstrip's
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    out: dict[str, list[float]] = {"boilerstrip (cache warm)": [], "boilerstrip (cache empty)": [], "trafilatura": []}
    with tempfile.TemporaryDirectory() as warm:
        env_warm = {**base, "BOILERSTRIP_CACHE_DIR": warm}
        _cold_once(code["boilerstrip"], env_warm)  # fills the cache
        for i in range(runs):
            with tempfile.TemporaryDirectory() as empty:
                jobs: list[tuple[str, str, dict[str, str]]] = [
                    ("boilerstrip (cache warm)", code["boilerstrip"], env_warm),
                    ("boilerstrip (cache empty)", code["boilerstrip"], {**base, "BOILERSTRIP_CACHE_DIR": empty}),
                    ("trafilatura", code["trafilatura"], base),
                ]
                for name, source, env in jobs[i % 3:] + jobs[: i % 3]:
                    out[name].append(_cold_once(source, env))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "bench")
    ap.add_argument("--pages", type=int, default=150, help="WCXB-dev pages, evenly spaced (default 150)")
    ap.add_argument("--cold-runs", type=int, default=5, help="fresh processes per system (default 5)")
    args = ap.parse_args()

    times = per_page(args.data, args.pages)
    print(f"CPU ms per page, {len(times['trafilatura'])} WCXB-dev pages, interleaved, min of 3:")
    traf = times["trafilatura"]
    for name, values in times.items():
        if not values:
            continue
        line = f"  {name:18s} mean {statistics.fmean(values):6.1f}  median {statistics.median(values):6.1f}"
        if name != "trafilatura" and len(values) == len(traf):  # (every page had a render)
            line += (
                f"   trafilatura / this: {statistics.fmean(traf) / statistics.fmean(values):.2f}x by mean,"
                f" {statistics.median(traf) / statistics.median(values):.2f}x by median"
            )
        print(line)
    cold = cold_start(args.data, args.cold_runs)
    print(f"Cold start (fresh process: import + one page), CPU s, {args.cold_runs} runs each, interleaved:")
    for name, values in cold.items():
        print(f"  {name:26s} min {min(values):.3f}  median {statistics.median(values):.3f}")


if __name__ == "__main__":
    main()
