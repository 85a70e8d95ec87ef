#!/usr/bin/env python
"""How much of a page's structure ``Article.to_markdown()`` keeps (issue #17).

For every page the reference's headings, list items, table cells and code blocks are read
from its Markdown: WCXB's ground truth ``main_content_markdown`` on WCXB-dev, and the
``<name>.expected.md`` written by hand beside each page of ``fixtures/structure/``. An item
counts when the cleaned body contains its words (what the structure score can ask of the
structure: an item the body lost is the body score's business); it **comes out as such**
when ``to_markdown()`` writes it as the same kind (a heading as a heading, a cell in a
table...). The score of a kind is the share of the contained items that come out as such;
``precision`` is the share of the items ``to_markdown()`` writes as that kind (and whose
words the reference holds) that the reference has as that kind too.

Items are compared by their words (lower case, ``\\w+`` runs, Markdown markup and escapes
removed): equal, or one inside the other with at least 0.8 of the longer one's length.

Usage (from the repository root)::

    python benchmarks/structure.py                        # WCXB-dev (all pages) and the fixtures
    python benchmarks/structure.py --pages 300 --jobs 2   # every 5th WCXB-dev page
    python benchmarks/structure.py --data /path/to/bench --out /tmp/structure.json --per-page
    python benchmarks/structure.py --jobs 2 --out benchmarks/results/structure.json   # the stored figures
"""

from __future__ import annotations

import argparse
import gzip
import json
import multiprocessing
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))  # so the script runs from a checkout without installing

from boilerstrip import clean  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "bench"
FIXTURES = REPO / "fixtures" / "structure"
KINDS = ("heading", "item", "cell", "code")
MATCH_RATIO = 0.8

# --- reading Markdown ----------------------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_WORD = re.compile(r"\w+")


def words(text: str) -> str:
    """The words of a piece of Markdown, lower case, one space apart."""
    text = _LINK.sub(r"\1", _IMAGE.sub(" ", text))
    return " ".join(_WORD.findall(text.lower().replace("_", " ")))


def read_markdown(md: str) -> dict[str, list[str]]:
    """The headings, list items, table cells and code blocks of a Markdown text, as words."""
    found: dict[str, list[str]] = {kind: [] for kind in KINDS}
    lines = md.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if fence:
            mark = fence.group(1)
            j = i + 1
            while j < len(lines) and not lines[j].lstrip().startswith(mark[0] * len(mark)):
                j += 1
            found["code"].append(words("\n".join(lines[i + 1 : j])))
            i = j + 1
            continue
        heading = _HEADING.match(line)
        if heading:
            found["heading"].append(words(heading.group(1)))
        elif line.lstrip().startswith("|"):
            if not _DELIMITER_ROW.match(line):
                cells = _CELL_SPLIT.split(line.strip().strip("|"))
                found["cell"].extend(words(c) for c in cells)
        else:
            item = _ITEM.match(line)
            if item:
                found["item"].append(words(item.group(1)))
        i += 1
    return {kind: [w for w in items if w] for kind, items in found.items()}


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MATCH_RATIO * len(long) and f" {short} " in f" {long} "


def _matched(items: list[str], pool: list[str]) -> int:
    """How many of ``items`` have a partner in ``pool`` (each partner used once)."""
    left = Counter(pool)
    hits = 0
    for item in items:
        if left[item] > 0:
            left[item] -= 1
            hits += 1
            continue
        for other, count in left.items():
            if count > 0 and _same(item, other):
                left[other] -= 1
                hits += 1
                break
    return hits


def score_page(reference_md: str, body: str, markdown: str) -> dict[str, dict[str, int]]:
    """Per kind: reference items, those the body contains, those that come out as such; and
    the Markdown's items of the kind, those the reference's text holds, those it has as such."""
    ref = read_markdown(reference_md)
    mine = read_markdown(markdown)
    body_words = f" {words(body)} "
    ref_words = f" {words(reference_md)} "
    out: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        contained = [r for r in ref[kind] if f" {r} " in body_words]
        held = [m for m in mine[kind] if f" {m} " in ref_words]
        out[kind] = {
            "reference": len(ref[kind]),
            "in_body": len(contained),
            "as_such": _matched(contained, mine[kind]),
            "written": len(mine[kind]),
            "in_reference": len(held),
            "right": _matched(held, ref[kind]),
        }
    return out


# --- pages ---------------------------------------------------------------------------------


def _wcxb_pages(data: Path, pages: int | None) -> list[tuple[str, Path, str, str | None]]:
    root = data / "wcxb-dev"
    found = []
    for truth in sorted((root / "ground-truth").glob("*.json")):
        gt = json.loads(truth.read_text(encoding="utf-8"))
        md = gt.get("ground_truth", {}).get("main_content_markdown")
        html = root / "html" / f"{truth.stem}.html.gz"
        if md and html.exists():
            found.append((f"wcxb-{truth.stem}", html, md, gt.get("url")))
    if pages and pages < len(found):
        step = len(found) / pages
        found = [found[int(k * step)] for k in range(pages)]
    return found


def _fixture_pages() -> list[tuple[str, Path, str, str | None]]:
    found = []
    for expected in sorted(FIXTURES.glob("*.expected.md")):
        name = expected.name.removesuffix(".expected.md")
        page = next((p for p in FIXTURES.glob(name + ".*") if not p.name.endswith(".expected.md")), None)
        if page is not None:
            found.append((f"fixture-{name}", page, expected.read_text(encoding="utf-8"), None))
    return found


def _run(job: tuple[str, Path, str, str | None]) -> tuple[str, dict[str, dict[str, int]] | None, str | None]:
    pid, path, md, url = job
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    try:
        article = clean(raw, url=url)
    except Exception as exc:  # noqa: BLE001 - a page that fails is reported, not fatal
        return pid, None, f"{type(exc).__name__}: {exc}"
    return pid, score_page(md, article.body, article.to_markdown()), None


def _total(results: list[dict[str, dict[str, int]]]) -> dict[str, dict[str, Any]]:
    total: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        sums = Counter()
        for r in results:
            sums.update(r[kind])
        row: dict[str, Any] = dict(sums)
        row["score"] = round(sums["as_such"] / sums["in_body"], 4) if sums["in_body"] else None
        row["precision"] = round(sums["right"] / sums["in_reference"], 4) if sums["in_reference"] else None
        row["pages"] = sum(1 for r in results if r[kind]["in_body"])
        total[kind] = row
    return total


def _table(name: str, total: dict[str, dict[str, Any]], pages: int) -> str:
    lines = [f"{name} ({pages} pages)",
             f"  {'kind':8} {'reference':>9} {'in body':>8} {'as such':>8} {'score':>6}   {'written':>8} {'precision':>9}  pages"]
    for kind in KINDS:
        r = total[kind]
        score = f"{r['score']:.3f}" if r["score"] is not None else "-"
        precision = f"{r['precision']:.3f}" if r["precision"] is not None else "-"
        lines.append(f"  {kind:8} {r['reference']:9d} {r['in_body']:8d} {r['as_such']:8d} {score:>6}   "
                     f"{r['written']:8d} {precision:>9}  {r['pages']:5d}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared benchmark folder (default: ../shared/bench)")
    ap.add_argument("--pages", type=int, default=None, help="WCXB-dev pages to score, spread over the set (default: all)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON (with --per-page, each page's counts too)")
    ap.add_argument("--per-page", action="store_true", help="with --out: each page's counts as well")
    ap.add_argument("--worst", type=int, default=0, help="list this many pages that lose the most items of each kind")
    args = ap.parse_args(argv)
    sets = {"wcxb-dev": _wcxb_pages(args.data, args.pages) if (args.data / "wcxb-dev").exists() else [],
            "fixtures": _fixture_pages()}
    report: dict[str, Any] = {}
    for name, jobs in sets.items():
        if not jobs:
            print(f"{name}: no pages", file=sys.stderr)
            continue
        t0 = time.perf_counter()
        if args.jobs > 1:
            with multiprocessing.Pool(args.jobs) as pool:
                done = pool.map(_run, jobs, chunksize=4)
        else:
            done = [_run(job) for job in jobs]
        scored = {pid: r for pid, r, _ in done if r is not None}
        for pid, _, error in done:
            if error:
                print(f"{pid}: {error}", file=sys.stderr)
        total = _total(list(scored.values()))
        print(_table(name, total, len(scored)) + f"\n  ({time.perf_counter() - t0:.0f} s)")
        if args.worst:
            for kind in KINDS:
                lost = sorted(scored.items(), key=lambda kv: kv[1][kind]["as_such"] - kv[1][kind]["in_body"])[: args.worst]
                print(f"  most {kind}s lost: " + ", ".join(
                    f"{pid} {r[kind]['as_such']}/{r[kind]['in_body']}" for pid, r in lost if r[kind]["in_body"] > r[kind]["as_such"]))
        report[name] = {"pages": len(scored), "total": total, **({"per_page": scored} if args.per_page else {})}
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
