#!/usr/bin/env python
"""Score boilerstrip and its peers side by side on the shared benchmarks.

Usage (from the repository root)::

    python benchmarks/bench.py --cache-only --jobs 2      # build the text renders once
    python benchmarks/bench.py                            # everything, default options
    python benchmarks/bench.py --datasets wcxb-dev --inputs html_text --systems boilerstrip,raw
    python benchmarks/bench.py --self-check               # metric check against published peers
    python benchmarks/bench.py --memory                   # peak memory / input size of clean()

See ``benchmarks/README.md`` for the options and what every column means.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import math
import multiprocessing
import os
import re
import statistics
import sys
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))  # so the script runs from a checkout without installing

from boilerstrip.evaluation import (  # noqa: E402
    date_match,
    scrapinghub_corpus,
    scrapinghub_page_prf,
    snippets_found,
    snippets_leaked,
    title_match,
    wcxb_page,
)

DEFAULT_DATA = REPO.parent / "shared" / "bench"
DEFAULT_OUT = HERE / "results" / "latest.json"
CACHE = HERE / ".cache"

DATASETS = ("scrapinghub", "wcxb-dev")
INPUTS = ("html", "html_text", "inscriptis")
TEXT_INPUTS = ("html_text", "inscriptis")
SYSTEMS = ("boilerstrip", "trafilatura", "justext", "readability", "raw")
HTML_ONLY = ("trafilatura", "justext", "readability")
# Which systems return which fields; the others show "-" for the field instead of 0.
GIVES_HEADLINE = {"boilerstrip", "trafilatura", "readability"}
GIVES_DATE = {"boilerstrip", "trafilatura"}
GIVES_AUTHOR = {"boilerstrip", "trafilatura"}

# Published F1 of the peer outputs in scrapinghub/peer-output (checked by --self-check).
SELF_CHECK = {
    "trafilatura.json": 0.958, "readability.json": 0.922, "justext.json": 0.804, "html-text.json": 0.665,
}


# ---------------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------------


@dataclass
class Page:
    """One benchmark page and its reference."""

    dataset: str
    id: str
    html_path: str
    url: str | None
    body: str
    page_type: str = "article"
    title: str | None = None
    author: str | None = None
    date: str | None = None
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)


def load_scrapinghub(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for pid in sorted(truth):
        item = truth[pid]
        pages.append(
            Page(
                dataset="scrapinghub",
                id=pid,
                html_path=str(root / "html" / f"{pid}.html.gz"),
                url=item.get("url"),
                body=item.get("articleBody") or "",
            )
        )
    return pages


def load_wcxb(root: Path) -> list[Page]:
    meta_path = root / "metadata.json"
    files_meta: dict[str, Any] = {}
    if meta_path.exists():
        files_meta = json.loads(meta_path.read_text(encoding="utf-8")).get("files", {})
    pages = []
    for gt_path in sorted((root / "ground-truth").glob("*.json")):
        pid = gt_path.stem
        html_path = root / "html" / f"{pid}.html.gz"
        if not html_path.exists():
            continue
        doc = json.loads(gt_path.read_text(encoding="utf-8"))
        gt = doc.get("ground_truth") or {}
        ptype = ((doc.get("_internal") or {}).get("page_type") or {}).get("primary")
        if not ptype:
            ptype = (files_meta.get(pid) or {}).get("page_type") or gt.get("page_type") or "unknown"
        pages.append(
            Page(
                dataset="wcxb-dev",
                id=pid,
                html_path=str(html_path),
                url=doc.get("url") or gt.get("url"),
                body=gt.get("main_content") or "",
                page_type=ptype,
                title=gt.get("title") or None,
                author=gt.get("author") or None,
                date=gt.get("publish_date") or None,
                with_snippets=[s for s in gt.get("with") or [] if s],
                without_snippets=[s for s in gt.get("without") or [] if s],
            )
        )
    return pages


def load_pages(data: Path, dataset: str) -> list[Page]:
    if dataset == "scrapinghub":
        return load_scrapinghub(data / "scrapinghub")
    if dataset == "wcxb-dev":
        return load_wcxb(data / "wcxb-dev")
    raise SystemExit(f"unknown dataset {dataset!r} (known: {', '.join(DATASETS)})")


# ---------------------------------------------------------------------------------------------
# HTML bytes -> str, and the text renders (cached on disk)
# ---------------------------------------------------------------------------------------------

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENC = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)


def read_html(path: str) -> bytes:
    with gzip.open(path, "rb") as fh:
        return fh.read()


def decode_html(raw: bytes) -> str:
    """Bytes to str: BOM, then the declared charset, then UTF-8 with replacement.

    A declared single-byte Latin charset never fails to decode, so when the bytes are valid
    UTF-8 with non-ASCII characters, UTF-8 wins (a common mislabelling).
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if raw.startswith(bom):
            return raw.decode(enc, "replace").lstrip("\ufeff")
    head = raw[:8192]
    m = _CHARSET.search(head) or _XML_ENC.search(head)
    declared = None
    if m:
        try:
            declared = codecs.lookup(m.group(1).decode("ascii").strip().lower()).name
        except (LookupError, UnicodeDecodeError):
            declared = None
    if declared and declared not in ("utf-8", "utf-16", "utf-16-le", "utf-16-be"):
        if declared in ("latin-1", "iso8859-1", "cp1252", "ascii"):
            try:
                return raw.decode("utf-8")
            except UnicodeDecodeError:
                pass
            declared = "cp1252"  # what browsers do for latin-1 labels
        try:
            return raw.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
    return raw.decode("utf-8", "replace")


def render(kind: str, html: str) -> str:
    """The text a common converter makes of the page."""
    if kind == "html_text":
        import html_text

        return html_text.extract_text(html, guess_layout=True)
    if kind == "inscriptis":
        import inscriptis

        return inscriptis.get_text(html)
    raise ValueError(kind)


def cache_path(dataset: str, kind: str, pid: str) -> Path:
    return CACHE / dataset / kind / f"{pid}.txt"


def get_render(page: Page, kind: str, html: str | None = None) -> tuple[str, float | None]:
    """The cached render of a page (made and stored when missing), and ms if it was made now."""
    path = cache_path(page.dataset, kind, page.id)
    if path.exists():
        return path.read_text(encoding="utf-8"), None
    if html is None:
        html = decode_html(read_html(page.html_path))
    t0 = time.perf_counter()
    try:
        text = render(kind, html)
    except Exception:  # a renderer crash gives an empty render, like a blank page
        text = ""
    ms = (time.perf_counter() - t0) * 1000
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return text, ms


def _cache_one(task: tuple[Page, tuple[str, ...]]) -> tuple[str, str, dict[str, float]]:
    page, kinds = task
    missing = [k for k in kinds if not cache_path(page.dataset, k, page.id).exists()]
    times: dict[str, float] = {}
    if missing:
        html = decode_html(read_html(page.html_path))
        for kind in missing:
            _, ms = get_render(page, kind, html)
            if ms is not None:
                times[kind] = ms
    return page.dataset, page.id, times


def build_cache(pages: list[Page], kinds: tuple[str, ...], jobs: int, quiet: bool) -> None:
    """Make every missing render; render times go to ``<cache>/<dataset>/<kind>/_times.json``."""
    t0 = time.perf_counter()
    times: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    tasks = [(p, kinds) for p in pages]
    done = 0
    for dataset, pid, t in _imap(_cache_one, tasks, jobs):
        done += 1
        for kind, ms in t.items():
            times[(dataset, kind)][pid] = round(ms, 3)
        if not quiet and done % 200 == 0:
            log(f"renders: {done}/{len(tasks)} pages")
    for (dataset, kind), new in times.items():
        tpath = CACHE / dataset / kind / "_times.json"
        old = json.loads(tpath.read_text()) if tpath.exists() else {}
        old.update(new)
        tpath.write_text(json.dumps(old, sort_keys=True))
    made = sum(len(v) for v in times.values())
    log(f"renders cached: {len(pages)} pages x {len(kinds)} renders ({made} made now) "
        f"under {CACHE} in {time.perf_counter() - t0:.1f}s")


def render_times(dataset: str, kind: str) -> dict[str, float]:
    tpath = CACHE / dataset / kind / "_times.json"
    return json.loads(tpath.read_text()) if tpath.exists() else {}


def _imap(fn: Callable[[Any], Any], tasks: list[Any], jobs: int) -> Iterator[Any]:
    if jobs <= 1:
        yield from map(fn, tasks)
        return
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with ctx.Pool(jobs) as pool:
        yield from pool.imap_unordered(fn, tasks, chunksize=1)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)



# ---------------------------------------------------------------------------------------------
# Systems
# ---------------------------------------------------------------------------------------------


@dataclass
class Output:
    body: str = ""
    headline: str | None = None
    date: datetime | date | str | None = None
    author: str | None = None


_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)
_JUSTEXT_LANGS = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal",
    "nb": "Norwegian_Bokmal", "nn": "Norwegian_Nynorsk", "fi": "Finnish", "pl": "Polish",
    "cs": "Czech", "sk": "Slovak", "sl": "Slovenian", "hr": "Croatian", "sr": "Serbian",
    "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "tr": "Turkish", "hu": "Hungarian",
    "ro": "Romanian", "el": "Greek", "ca": "Catalan", "id": "Indonesian", "ms": "Malay",
    "vi": "Vietnamese", "ko": "Korean", "ar": "Arabic", "fa": "Persian", "he": "Hebrew",
    "hi": "Hindi", "et": "Estonian", "lv": "Latvian", "lt": "Lithuanian",
}


def _justext_language(raw: bytes) -> str:
    """The jusText stoplist for the page's ``<html lang>``; English when unknown."""
    m = _LANG.search(raw[:20000])
    if m:
        return _JUSTEXT_LANGS.get(m.group(1).decode("ascii").lower()[:2], "English")
    return "English"


def run_boilerstrip(page: Page, raw: bytes, text: str | None) -> Output:
    from boilerstrip import clean

    article = clean(text if text is not None else raw, url=page.url)
    return Output(article.body, article.headline, article.timestamp, getattr(article, "author", None))


def run_trafilatura(page: Page, raw: bytes, text: str | None) -> Output:
    from trafilatura import bare_extraction

    doc = bare_extraction(raw, url=page.url, include_comments=False, with_metadata=True)
    if doc is None:
        return Output()
    if isinstance(doc, dict):  # trafilatura < 1.9 returns a dict
        return Output((doc.get("text") or "").strip(), doc.get("title"), doc.get("date"), doc.get("author"))
    return Output((doc.text or "").strip(), doc.title, doc.date, doc.author)


def run_justext(page: Page, raw: bytes, text: str | None) -> Output:
    import justext

    paragraphs = justext.justext(raw, justext.get_stoplist(_justext_language(raw)))
    return Output("\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))


def run_readability(page: Page, raw: bytes, text: str | None) -> Output:
    import html_text
    from readability import Document

    doc = Document(raw, url=page.url)
    summary = doc.summary(html_partial=True)
    return Output(html_text.extract_text(summary, guess_layout=True), doc.short_title() or None)


def run_raw(page: Page, raw: bytes, text: str | None) -> Output:
    if text is not None:
        return Output(text)
    return Output(render("html_text", decode_html(raw)))


RUNNERS: dict[str, Callable[[Page, bytes, str | None], Output]] = {
    "boilerstrip": run_boilerstrip,
    "trafilatura": run_trafilatura,
    "justext": run_justext,
    "readability": run_readability,
    "raw": run_raw,
}

_WARM_HTML = (
    b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    + b"<p>This is a sentence that warms the extractor up before any timing is taken.</p>" * 5
    + b"</article></body></html>"
)


def _init_worker(systems: tuple[str, ...]) -> None:
    """Quiet the peers' logging and import/warm every system so timings leave imports out."""
    import logging
    import warnings

    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    warm = Page("warm", "warm", "", None, "")
    for name in systems:
        try:
            RUNNERS[name](warm, _WARM_HTML, None)
        except Exception:
            pass


# ---------------------------------------------------------------------------------------------
# Running and scoring one page
# ---------------------------------------------------------------------------------------------


def _score(page: Page, out: Output) -> dict[str, Any]:
    rec: dict[str, Any] = {}
    if page.dataset == "scrapinghub":
        p, r, f1 = scrapinghub_page_prf(out.body, page.body)
        rec.update(p=p, r=r, f1=f1, body=out.body)
        return rec
    p, r, f1 = wcxb_page(out.body, page.body)
    rec.update(p=p, r=r, f1=f1)
    rec["with"] = snippets_found(out.body, page.with_snippets)
    rec["without"] = snippets_leaked(out.body, page.without_snippets)
    rec["title"] = title_match(out.headline, page.title) if page.title else None
    if page.date:
        ok = date_match(out.date, page.date)
        rec["date"] = ok
        rec["date_wrong"] = (not ok) and out.date not in (None, "")
    rec["author"] = title_match(out.author, page.author) if page.author else None
    return rec


def run_page(task: tuple[Page, tuple[str, ...], tuple[str, ...]]) -> list[dict[str, Any]]:
    page, inputs, systems = task
    raw = read_html(page.html_path)
    records = []
    for inp in inputs:
        text = None
        if inp in TEXT_INPUTS:
            text, _ = get_render(page, inp)
        for name in systems:
            if text is not None and name in HTML_ONLY:
                continue
            error = None
            t0 = time.perf_counter()
            try:
                if name == "raw" and text is None and cache_path(page.dataset, "html_text", page.id).exists():
                    out = Output(get_render(page, "html_text")[0])  # time taken from the cache build
                else:
                    out = RUNNERS[name](page, raw, text)
            except Exception as exc:  # counts as an empty output
                out = Output()
                error = f"{type(exc).__name__}: {exc}"[:300]
                tb = traceback.format_exc(limit=-3)
                error += "\n" + tb[-600:]
            ms = (time.perf_counter() - t0) * 1000
            if name == "raw":
                ms = 0.0 if text is not None else ms
            rec = _score(page, out)
            rec.update(dataset=page.dataset, input=inp, system=name, id=page.id, type=page.page_type,
                       ms=ms, error=error, url=page.url)
            records.append(rec)
    return records


# ---------------------------------------------------------------------------------------------
# Aggregation
# ---------------------------------------------------------------------------------------------


def _mean(xs: list[float]) -> float | None:
    return sum(xs) / len(xs) if xs else None


def _share(flags: Iterable[bool | None]) -> float | None:
    vals = [bool(f) for f in flags if f is not None]
    return sum(vals) / len(vals) if vals else None


def aggregate(records: list[dict[str, Any]], raw_times: dict[tuple[str, str], float]) -> dict[str, Any]:
    """Corpus figures of one (dataset, input, system) row."""
    first = records[0]
    dataset, system, inp = first["dataset"], first["system"], first["input"]
    records = sorted(records, key=lambda r: r["id"])
    times = [r["ms"] for r in records]
    if system == "raw" and inp == "html":  # the render time recorded when the cache was built
        times = [raw_times.get((dataset, r["id"]), r["ms"]) for r in records]
    row: dict[str, Any] = {
        "dataset": dataset, "input": inp, "system": system, "pages": len(records),
        "errors": sum(1 for r in records if r["error"]),
        "ms_median": statistics.median(times) if times else None,
        "ms_mean": _mean(times),
    }
    if dataset == "scrapinghub":
        truth = {r["id"]: r.pop("truth") for r in records}
        row.update(scrapinghub_corpus((r["body"], truth[r["id"]]) for r in records))
        row.pop("pages", None)
        row["pages"] = len(records)
    else:
        row["precision"] = _mean([r["p"] for r in records])
        row["recall"] = _mean([r["r"] for r in records])
        row["f1"] = _mean([r["f1"] for r in records])
        wf = sum(r["with"][0] for r in records)
        wt = sum(r["with"][1] for r in records)
        lf = sum(r["without"][0] for r in records)
        lt = sum(r["without"][1] for r in records)
        row["with_found"] = wf / wt if wt else None
        row["without_leaked"] = lf / lt if lt else None
        row["headline"] = _share(r["title"] for r in records) if system in GIVES_HEADLINE else None
        row["titled_pages"] = sum(1 for r in records if r["title"] is not None)
        gives_date = system in GIVES_DATE
        row["date"] = _share(r.get("date") for r in records) if gives_date else None
        row["date_wrong"] = _share(r.get("date_wrong") for r in records) if gives_date else None
        row["dated_pages"] = sum(1 for r in records if "date" in r)
        row["author"] = _share(r["author"] for r in records) if system in GIVES_AUTHOR else None
        row["authored_pages"] = sum(1 for r in records if r["author"] is not None)
        by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in records:
            by_type[r["type"]].append(r)
        row["per_type"] = {
            t: {"pages": len(rs), "precision": _mean([r["p"] for r in rs]),
                "recall": _mean([r["r"] for r in rs]), "f1": _mean([r["f1"] for r in rs])}
            for t, rs in sorted(by_type.items())
        }
    row["per_page_f1"] = {r["id"]: round(r["f1"], 4) for r in records}
    row["error_pages"] = {r["id"]: r["error"] for r in records if r["error"]}
    return row


# ---------------------------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------------------------


def _fmt(v: Any, pct: bool = False, nd: int = 3) -> str:
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{100 * v:.1f}" if pct else f"{v:.{nd}f}"
    return str(v)


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]
    line = lambda cells: "  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))
    out = [line(header), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    return "\n".join(out)


def print_tables(rows: list[dict[str, Any]], skipped: list[tuple[str, str, str]]) -> None:
    for dataset in DATASETS:
        drows = [r for r in rows if r["dataset"] == dataset]
        dskip = [s for s in skipped if s[0] == dataset]
        if not drows and not dskip:
            continue
        n = max((r["pages"] for r in drows), default=0)
        print(f"\n== {dataset} ({n} pages) ==")
        if dataset == "scrapinghub":
            header = ["dataset", "input", "system", "P", "R", "F1", "acc%", "ms med", "ms mean", "err"]
            body = [[dataset, r["input"], r["system"], _fmt(r["precision"]), _fmt(r["recall"]), _fmt(r["f1"]),
                     _fmt(r["accuracy"], True), _fmt(r["ms_median"], nd=1), _fmt(r["ms_mean"], nd=1), str(r["errors"])]
                    for r in drows]
        else:
            header = ["dataset", "input", "system", "P", "R", "F1", "with%", "leak%", "head%", "date%",
                      "wrongdate%", "author%", "ms med", "ms mean", "err"]
            body = [[dataset, r["input"], r["system"], _fmt(r["precision"]), _fmt(r["recall"]), _fmt(r["f1"]),
                     _fmt(r["with_found"], True), _fmt(r["without_leaked"], True), _fmt(r["headline"], True),
                     _fmt(r["date"], True), _fmt(r["date_wrong"], True), _fmt(r["author"], True),
                     _fmt(r["ms_median"], nd=1), _fmt(r["ms_mean"], nd=1), str(r["errors"])]
                    for r in drows]
        body += [[d, i, s] + ["-"] * (len(header) - 3) for d, i, s in dskip]
        print(_table(header, body))
        if dataset == "wcxb-dev" and drows:
            types = sorted({t for r in drows for t in r["per_type"]})
            header = ["F1 by page type", "input", "system"] + [f"{t[:11]} ({drows[0]['per_type'].get(t, {}).get('pages', 0)})" for t in types]
            body = [[dataset, r["input"], r["system"]] + [_fmt((r["per_type"].get(t) or {}).get("f1")) for t in types]
                    for r in drows]
            print()
            print(_table(header, body))


def print_worst(rows: list[dict[str, Any]], records: dict[tuple[str, str, str], list[dict[str, Any]]], n: int) -> None:
    for row in rows:
        key = (row["dataset"], row["input"], row["system"])
        recs = sorted(records[key], key=lambda r: (r["f1"], r["id"]))[:n]
        print(f"\n-- worst {len(recs)} pages: {' / '.join(key)} --")
        for r in recs:
            extra = f" [{r['type']}]" if r["dataset"] == "wcxb-dev" else ""
            err = "  ERROR " + r["error"].splitlines()[0] if r["error"] else ""
            print(f"{r['id'][:16]:16}{extra:16} F1 {r['f1']:.3f}  P {r['p']:.3f}  R {r['r']:.3f}  {r['url'] or ''}{err}")


# ---------------------------------------------------------------------------------------------
# Self-check of the metric against the published peer scores
# ---------------------------------------------------------------------------------------------


def self_check(data: Path) -> bool:
    root = data / "scrapinghub"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    ok = True
    print("ScrapingHub metric self-check (peer-output/*.json against ground-truth.json):")
    print(f"{'output':24} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6}  expected F1")
    for path in sorted((root / "peer-output").glob("*.json")):
        pred = json.loads(path.read_text(encoding="utf-8"))
        pred = pred.get("output", pred)
        s = scrapinghub_corpus(
            ((pred.get(k) or {}).get("articleBody") or "", v.get("articleBody") or "") for k, v in truth.items()
        )
        want = SELF_CHECK.get(path.name)
        mark = ""
        if want is not None:
            good = round(s["f1"], 3) == want
            ok &= good
            mark = f"{want:.3f} {'OK' if good else 'MISMATCH'}"
        print(f"{path.name:24} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['accuracy']:6.3f}  {mark}")
    print("self-check:", "passed" if ok else "FAILED")
    return ok


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def _split(value: str, known: tuple[str, ...], what: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in items if v not in known]
    if bad:
        raise SystemExit(f"unknown {what}: {', '.join(bad)} (known: {', '.join(known)})")
    return items


def _versions() -> dict[str, str | None]:
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {}
    for dist in ("boilerstrip", "trafilatura", "justext", "readability-lxml", "html-text", "inscriptis", "lxml"):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


def _git() -> str | None:
    import subprocess

    try:
        rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return rev + ("-dirty" if dirty else "")
    except Exception:
        return None


# ---------------------------------------------------------------------------------------------
# Memory (--memory): peak memory of clean() on a generated 10 MB page and the largest pages
# ---------------------------------------------------------------------------------------------

MEMORY_TARGET = 15.0
"""Issue 6: peak memory under 15x the input size."""
MEMORY_GENERATED = 10_000_000
MEMORY_LARGEST = 5


def _generated_page(kind: str, size: int) -> bytes:
    """A ``kind`` ("html" or "text") page of about ``size`` bytes: the fixture articles in turn,
    each after a menu of numbered links (so menus never repeat; the articles do)."""
    arts = [f.read_text(encoding="utf-8").strip().split("\n\n") for f in sorted((REPO / "fixtures" / "articles").glob("*.txt"))]
    parts, total, n = [], 0, 0
    while total < size:
        blocks = arts[n % len(arts)]
        n += 1
        menu = [f"Section {n}.{i}" for i in range(6)]
        if kind == "text":
            part = "\n".join(menu) + "\n\n" + "\n\n".join(blocks) + "\n\n"
        else:
            part = ("<nav><ul>" + "".join(f'<li><a href="/s/{n}/{i}">{m}</a></li>' for i, m in enumerate(menu))
                    + f"</ul></nav><article><h2>{blocks[0]}</h2>" + "".join(f"<p>{p}</p>" for p in blocks[1:]) + "</article>")
        parts.append(part)
        total += len(part.encode("utf-8"))
    body = "".join(parts)
    if kind == "html":
        body = f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Generated</title></head><body>{body}</body></html>"
    return body.encode("utf-8")


_TAG_DENSE = ("table-cells", "br-words", "div-span-a", "inline-children", "deep-nesting")
MEMORY_SHAPES = (*_TAG_DENSE, "nested-h1", *(f"{shape}@limit" for shape in _TAG_DENSE))
"""Generated HTML shapes that stress one part of the pipeline each (issue 16): many small table
cells, words separated by ``<br>``, repeated ``div``/``span``/``a``, one ``<p>`` with tens of
thousands of inline children, ``<h1>`` elements nested 1,500 deep, and ``<div>`` nesting deeper
than libxml2 takes (the fallback builder). At 10 MB the tag-dense ones hold more tags than
:func:`boilerstrip.dom.parse.tag_limit` allows and are refused; ``shape@limit`` is the same
shape with words added after every tag until it is just under the limit (the densest page
that is cleaned)."""


def shape_page(shape: str, size: int) -> bytes:
    """A made-up HTML page of about ``size`` bytes in one of :data:`MEMORY_SHAPES`."""
    if shape.endswith("@limit"):
        from boilerstrip.dom.parse import CHARS_PER_TAG

        base = shape.removesuffix("@limit")
        sample = shape_page(base, 100_000).decode("utf-8")
        per_tag = len(sample) / sample.count("<")
        pad = max(0, math.ceil(CHARS_PER_TAG + 1 - per_tag))
        words = "ab " * math.ceil(pad / 3)
        page = shape_page(base, int(size * per_tag / (per_tag + pad))).decode("utf-8")
        head, sep, body = page.partition("<body>")
        return (head + sep + body.replace(">", ">" + words)).encode("utf-8")

    def repeat(unit: Callable[[int], str], budget: int) -> str:
        parts, total, i = [], 0, 0
        while total < budget:
            parts.append(unit(i))
            total += len(parts[-1])
            i += 1
        return "".join(parts)

    if shape == "table-cells":
        body = "<table>" + repeat(lambda i: ("<tr>" if i % 8 == 0 else "") + f"<td>c{i}</td>", size) + "</table>"
    elif shape == "br-words":
        body = "<div>" + repeat(lambda i: f"word{i}<br>", size) + "</div>"
    elif shape == "div-span-a":
        body = repeat(lambda i: f'<div><span><a href="/p/{i}">item {i}</a></span></div>', size)
    elif shape == "inline-children":
        # a <p> of styling tags (stripped before the walk), then one of links and code cut by <br><br>
        body = ("<p>" + repeat(lambda i: f"<em>e{i}</em> <b>b{i}</b> <i>i{i}</i> ", size // 2) + "</p><p>"
                + repeat(lambda i: f'<a href="#{i}">w{i}</a> <code>c{i}</code><br><br>', size // 2) + "</p>")
    elif shape == "nested-h1":
        # up to 1,500 levels (libxml2 takes them), about 400 bytes of words each
        depth = max(1, min(1500, size // 400))
        words = max(1, size // depth // 5)
        level = "<h1>" + " ".join(f"w{i % 1000:03d}" for i in range(words)) + " "
        body = level * depth + "</h1>" * depth
    elif shape == "deep-nesting":
        body = repeat(lambda i: f"<div>d{i} ", size)
    else:
        raise ValueError(f"unknown shape {shape!r} (known: {', '.join(MEMORY_SHAPES)})")
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Shape {shape}</title></head>"
            f"<body>{body}</body></html>").encode("utf-8")


def _largest_pages(data: Path, datasets: tuple[str, ...], n: int) -> list[tuple[str, Path]]:
    """The ``n`` largest HTML pages (by the uncompressed size a gzip trailer records)."""
    sized = []
    for d in datasets:
        for path in (data / d / "html").glob("*.html.gz"):
            with open(path, "rb") as fh:
                fh.seek(-4, os.SEEK_END)
                sized.append((int.from_bytes(fh.read(4), "little"), f"{d}/{path.name[:-8]}", path))
    return [(name, path) for _, name, path in sorted(sized, reverse=True)[:n]]


def _memory_page(source: tuple[str, str]) -> bytes:
    """The page of a memory job: ("generated", kind), ("shape", shape) or ("file", path)."""
    what, arg = source
    if what == "generated":
        return _generated_page(arg, MEMORY_GENERATED)
    if what == "shape":
        return shape_page(arg, MEMORY_GENERATED)
    return read_html(arg)


def _measure_memory(label: str, source: tuple[str, str], out: Any) -> None:
    """Child process: put ``(label, figures)`` on ``out``, or ``(label, error)`` (the parent
    would otherwise wait forever)."""
    try:
        out.put((label, _memory_figures(_memory_page(source))))
    except Exception as exc:
        out.put((label, f"{type(exc).__name__}: {exc}"[:60]))


def _memory_figures(page: bytes) -> tuple[int, float, int, int | None, str]:
    """Input bytes, seconds, tracemalloc peak, peak RSS growth (Linux; it includes libxml2's
    tree, which tracemalloc cannot see) and outcome ("ok", or the name of the documented
    error that refused the page: its peak is what it took to refuse it) of clean(page); RSS
    first, then a traced second run. A small page is cleaned first, so that the models and
    rules loaded once per process are not counted against the page."""
    import tracemalloc

    from boilerstrip import BoilerstripError, clean

    clean(b"<html><body><p>The council met on Tuesday and agreed the new budget.</p></body></html>")
    outcome = "ok"

    def run() -> None:
        nonlocal outcome
        try:
            clean(page, max_bytes=None)
        except BoilerstripError as exc:
            outcome = type(exc).__name__

    rss_growth = None
    try:  # writing "5" to clear_refs resets VmHWM (peak RSS) to the current RSS (Linux >= 4.0)
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        start_rss = _status_kb("VmRSS")
        t0 = time.perf_counter()
        run()
        seconds = time.perf_counter() - t0
        rss_growth = (_status_kb("VmHWM") - start_rss) * 1024
    except OSError:
        t0 = time.perf_counter()
        run()
        seconds = time.perf_counter() - t0
    tracemalloc.start()
    tracemalloc.reset_peak()
    run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return len(page), seconds, peak, rss_growth, outcome


def _status_kb(field_name: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    raise OSError(f"no {field_name} in /proc/self/status")


def memory_report(data: Path, datasets: tuple[str, ...], n_largest: int = MEMORY_LARGEST) -> int:
    """Print peak memory / input size of clean() per page; 1 if a page misses the target."""
    jobs = [(f"generated {kind} {MEMORY_GENERATED / 1e6:.0f} MB", ("generated", kind)) for kind in ("html", "text")]
    jobs += [(f"shape {shape} {MEMORY_GENERATED / 1e6:.0f} MB", ("shape", shape)) for shape in MEMORY_SHAPES]
    jobs += [(name, ("file", str(path))) for name, path in _largest_pages(data, datasets, n_largest)]
    ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    rows, worst = [], 0.0
    for label, source in jobs:  # one fresh process per page: no page inherits another's heap
        queue = ctx.Queue()
        proc = ctx.Process(target=_measure_memory, args=(label, source, queue))
        proc.start()
        label, result = queue.get()
        proc.join()
        if isinstance(result, str):
            rows.append([label, "-", "-", "-", result, "-", "-", "-"])
            continue
        size, seconds, peak, rss, outcome = result
        worst = max(worst, peak / size, (rss or 0) / size)
        rows.append([label, f"{size / 1e6:.2f}", f"{seconds:.1f}", f"{peak / 1e6:.1f}", f"{peak / size:.1f}x",
                     "-" if rss is None else f"{rss / 1e6:.1f}", "-" if rss is None else f"{rss / size:.1f}x", outcome])
        log(f"memory: {label} done")
    print(_table(["page", "input MB", "clean s", "traced peak MB", "peak/input", "RSS growth MB", "RSS/input", "result"],
                 rows))
    print(f"target: peak < {MEMORY_TARGET:.0f}x input; worst {worst:.1f}x -> {'ok' if worst < MEMORY_TARGET else 'MISSED'}")
    return 0 if worst < MEMORY_TARGET else 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark data (default: ../shared/bench)")
    ap.add_argument("--datasets", default=",".join(DATASETS), help="comma list of: " + ", ".join(DATASETS))
    ap.add_argument("--inputs", default=",".join(INPUTS), help="comma list of: " + ", ".join(INPUTS))
    ap.add_argument("--systems", default=",".join(SYSTEMS), help="comma list of: " + ", ".join(SYSTEMS))
    ap.add_argument("--types", default="", help="WCXB page types to keep (comma list), e.g. article,forum")
    ap.add_argument("--limit", type=int, default=0, help="first N pages of each dataset (0 = all)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1: honest timing)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results (default benchmarks/results/latest.json)")
    ap.add_argument("--per-page", type=int, nargs="?", const=20, default=0, metavar="N",
                    help="also print the N (default 20) worst pages of every row")
    ap.add_argument("--quiet", action="store_true", help="no progress log")
    ap.add_argument("--cache-only", action="store_true", help="only build the text renders for --inputs")
    ap.add_argument("--self-check", action="store_true", help="check the ScrapingHub metric on peer-output/ and exit")
    ap.add_argument("--memory", action="store_true",
                    help="peak memory of clean() on a generated 10 MB page and the largest pages, and exit")
    args = ap.parse_args(argv)

    if args.memory:
        return memory_report(args.data, _split(args.datasets, DATASETS, "dataset"))

    if args.self_check:
        return 0 if self_check(args.data) else 1

    datasets = _split(args.datasets, DATASETS, "dataset")
    inputs = _split(args.inputs, INPUTS, "input")
    systems = _split(args.systems, SYSTEMS, "system")
    types = {t.strip() for t in args.types.split(",") if t.strip()}

    pages: list[Page] = []
    for d in datasets:
        dpages = load_pages(args.data, d)
        if types and d == "wcxb-dev":
            dpages = [p for p in dpages if p.page_type in types]
        if args.limit:
            dpages = dpages[: args.limit]
        pages += dpages

    # Renders first: everything text-mode (and raw on html) reads them from the cache.
    kinds = tuple(k for k in inputs if k in TEXT_INPUTS)
    if "raw" in systems and "html" in inputs and "html_text" not in kinds:
        kinds += ("html_text",)
    if kinds:
        build_cache(pages, kinds, args.jobs, args.quiet)
    if args.cache_only:
        return 0

    raw_times = {(d, pid): ms for d in datasets for pid, ms in render_times(d, "html_text").items()}
    truths = {(p.dataset, p.id): p.body for p in pages}
    records: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    tasks = [(p, inputs, systems) for p in pages]
    t0 = time.perf_counter()
    if args.jobs <= 1:
        _init_worker(systems)
        results: Iterator[list[dict[str, Any]]] = map(run_page, tasks)
        ctx_pool = None
    else:
        ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        ctx_pool = ctx.Pool(args.jobs, initializer=_init_worker, initargs=(systems,))
        results = ctx_pool.imap_unordered(run_page, tasks, chunksize=1)
    try:
        for done, recs in enumerate(results, 1):
            for rec in recs:
                if rec["dataset"] == "scrapinghub":
                    rec["truth"] = truths[(rec["dataset"], rec["id"])]
                records[(rec["dataset"], rec["input"], rec["system"])].append(rec)
            if not args.quiet and (done % 100 == 0 or done == len(tasks)):
                log(f"pages: {done}/{len(tasks)} ({time.perf_counter() - t0:.0f}s)")
    finally:
        if ctx_pool is not None:
            ctx_pool.close()
            ctx_pool.join()

    order = {(d, i, s): n for n, (d, i, s) in enumerate((d, i, s) for d in datasets for i in inputs for s in systems)}
    keys = sorted(records, key=order.__getitem__)
    rows = [aggregate(list(records[k]), raw_times) for k in keys]
    skipped = [(d, i, s) for d in datasets for i in inputs for s in systems
               if (d, i, s) not in records and i in TEXT_INPUTS and s in HTML_ONLY]
    print_tables(rows, skipped)
    if args.per_page:
        print_worst(rows, records, args.per_page)

    report = {
        "meta": {
            "date": datetime.now().isoformat(timespec="seconds"),
            "git": _git(),
            "python": sys.version.split()[0],
            "versions": _versions(),
            "data": str(args.data),
            "datasets": list(datasets), "inputs": list(inputs), "systems": list(systems),
            "types": sorted(types) or None, "limit": args.limit or None, "jobs": args.jobs,
            "seconds": round(time.perf_counter() - t0, 1),
            "notes": "ms = time of the extraction call only (raw/html: html_text render time from the cache build); "
                     "timings with jobs > 1 share the CPU. wcxb date/date_wrong over pages with a reference date.",
        },
        "results": rows,
        "skipped": [{"dataset": d, "input": i, "system": s, "reason": "html-only system on text input"}
                    for d, i, s in skipped],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, args.out)
    if not args.quiet:
        log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
