#!/usr/bin/env python
"""The quality gate: report, raise floors, regenerate golden files, rebuild the corpus.

Usage (from the repository root)::

    python benchmarks/gate.py                         # per-page report, figures vs floors
    python benchmarks/gate.py --update-floors         # floors := current figures (never lower)
    python benchmarks/gate.py --update-floors --allow-lower --reason "why"   # + CHANGELOG note
    python benchmarks/gate.py --regen-golden          # rewrite fixtures/gate/golden/*.json
    python benchmarks/gate.py --build-corpus --data ../shared/bench --force  # re-draw the pages

The gate itself is ``tests/test_gate.py``; this tool shares its code (``tests/gate_support.py``)
so that the figures printed here are the ones the test checks.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "src"))  # run from a checkout without installing
sys.path.insert(0, str(REPO / "tests"))

import gate_support as gs  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "bench"
SEED = REPO / "seeds" / "000_bd49ed3feaf0e8fe.txt"

# --------------------------------------------------------------------------------------------
# The sampling rule (written out in fixtures/gate/SOURCES.md; change both together)
# --------------------------------------------------------------------------------------------

RNG_SEED = "boilerstrip-gate-v1"
SIZE_CAP = 40_000
"""Largest gzip size (bytes) of a randomly drawn page: keeps the corpus small for CI."""
NON_ENGLISH_SIZE_CAP = 100_000
"""Non-English pages are rare in the benchmarks, so they may be bigger."""
WCXB_QUOTA = {
    "article": 12, "forum": 6, "service": 6, "listing": 6,
    "product": 5, "collection": 5, "documentation": 5,
}
SH_TOTAL = 15
GOLDEN_SH = 4  # ScrapingHub pages with golden files: the first 2 English and 2 non-English

# The most frequent function words of each language: enough to tell the languages of the
# benchmark pages apart on running text. Words shared by several languages ("de", "a", "en")
# are left out on purpose, they would only blur the scores.
_FUNCTION_WORDS = {
    "en": "the and of to is in that for with it was on are this you be not have",
    "fr": "le la les des est et une du que pour dans pas sur qui au il elle nous vous",
    "de": "der die und das ist nicht ein eine zu mit den sich auf für auch dem von wir",
    "es": "el los las del que y es por una con para como pero más se lo su al",
    "pt": "o os as da do das dos que é não uma com para em um você também no na ao",
    "it": "il di che è la per un una del della non sono gli con anche nel alla lo",
    "nl": "het een van en is dat niet op te zijn voor met ook er maar",
    "id": "yang dan di ini itu dengan untuk tidak dari dalam akan pada ada kita juga",
}
_FW = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}
_SCRIPTS = (  # (language, first, last, share of letters needed)
    ("ko", "\uac00", "\ud7af", 0.2),
    ("ja", "\u3040", "\u30ff", 0.05),  # any kana at all means Japanese, not Chinese
    ("zh", "\u4e00", "\u9fff", 0.2),
    ("ru", "\u0400", "\u04ff", 0.3),
    ("ar", "\u0600", "\u06ff", 0.3),
)
_HTML_LANG = re.compile(rb"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3})""", re.I)


def html_lang(raw: bytes) -> str | None:
    """The primary subtag of ``<html lang>``, lower-cased, if the page declares one."""
    m = _HTML_LANG.search(raw[:20000])
    return m.group(1).decode("ascii").lower() if m else None


def detect_language(text: str, declared: str | None) -> str:
    """The language of a reference text: by script, else by function words, else declared.

    Pages declare ``<html lang="en">`` on German text and ``lang="de"`` on English text, so
    the reference text decides; the declaration only breaks a tie (tables, product grids).
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return declared or "und"
    for lang, lo, hi, share in _SCRIPTS:
        if sum(lo <= c <= hi for c in letters) / len(letters) > share:
            return lang
    tokens = re.findall(r"\w+", text.lower())
    scores = sorted(((sum(t in words for t in tokens) / len(tokens), lang)
                     for lang, words in _FW.items()), reverse=True)
    (best, lang), (second, _) = scores[0], scores[1]
    if best >= 0.08 and best >= 1.5 * second:
        return lang
    return declared or "und"


def _domain(url: str | None) -> str:
    host = re.sub(r"^[a-z]+://", "", url or "").split("/")[0].lower()
    return host.removeprefix("www.")


def _candidates(data: Path) -> list[dict[str, Any]]:
    """Every benchmark page with what the rule looks at (reference text, size, language)."""
    out = []
    sh_root = data / "scrapinghub"
    truth = json.loads((sh_root / "ground-truth.json").read_text(encoding="utf-8"))
    for sid in sorted(truth):
        item = truth[sid]
        path = sh_root / "html" / f"{sid}.html.gz"
        out.append({
            "dataset": "scrapinghub", "source_id": sid, "id": f"sh-{sid[:10]}", "path": path,
            "page_type": "article", "url": item.get("url"),
            "reference": {"body": item.get("articleBody") or ""},
        })
    wc_root = data / "wcxb-dev"
    for gt_path in sorted((wc_root / "ground-truth").glob("*.json")):
        doc = json.loads(gt_path.read_text(encoding="utf-8"))
        gt = doc.get("ground_truth") or {}
        path = wc_root / "html" / f"{gt_path.stem}.html.gz"
        if not path.exists():
            continue
        out.append({
            "dataset": "wcxb-dev", "source_id": gt_path.stem, "id": f"wcxb-{gt_path.stem}",
            "path": path, "url": doc.get("url"),
            "page_type": ((doc.get("_internal") or {}).get("page_type") or {}).get("primary"),
            "reference": {
                "body": gt.get("main_content") or "",
                "title": gt.get("title") or None,
                "date": gt.get("publish_date") or None,
                "author": gt.get("author") or None,
                "with": [s for s in gt.get("with") or [] if s],
                "without": [s for s in gt.get("without") or [] if s],
            },
        })
    for c in out:
        c["gz_bytes"] = c["path"].stat().st_size
        with gzip.open(c["path"], "rb") as fh:
            c["html_lang"] = html_lang(fh.read(20000))
        c["language"] = detect_language(c["reference"]["body"], c["html_lang"])
    return out


def select_pages(data: Path) -> list[dict[str, Any]]:
    """Apply the sampling rule. It looks only at the references, sizes and languages,
    never at what boilerstrip makes of a page."""
    rng = random.Random(RNG_SEED)
    cands = [c for c in _candidates(data) if re.search(r"\w", c["reference"]["body"])]
    taken: list[dict[str, Any]] = []
    domains: set[str] = set()

    def fits(c: dict[str, Any], cap: int) -> bool:
        return c["gz_bytes"] <= cap and _domain(c["url"]) not in domains

    def take(c: dict[str, Any]) -> None:
        taken.append(c)
        domains.add(_domain(c["url"]))

    def non_english(c: dict[str, Any]) -> bool:
        return c["language"] not in ("en", "und")

    # ScrapingHub: one page per non-English language, then English pages up to SH_TOTAL.
    sh = [c for c in cands if c["dataset"] == "scrapinghub"]
    for lang in sorted({c["language"] for c in sh if non_english(c)}):
        pool = [c for c in sh if c["language"] == lang and fits(c, NON_ENGLISH_SIZE_CAP)]
        if pool:
            take(rng.choice(pool))
    n_sh = sum(c["dataset"] == "scrapinghub" for c in taken)
    pool = [c for c in sh if c["language"] == "en" and fits(c, SIZE_CAP)]
    for c in rng.sample(pool, len(pool)):
        if n_sh >= SH_TOTAL:
            break
        if fits(c, SIZE_CAP):
            take(c)
            n_sh += 1

    # WCXB: every non-English page (one per domain), then a random draw per page type.
    wc = [c for c in cands if c["dataset"] == "wcxb-dev"]
    for c in wc:
        if non_english(c) and fits(c, NON_ENGLISH_SIZE_CAP):
            take(c)
    for ptype, quota in WCXB_QUOTA.items():
        have = sum(c["dataset"] == "wcxb-dev" and c["page_type"] == ptype for c in taken)
        pool = [c for c in wc if c["page_type"] == ptype and c["language"] == "en"
                and fits(c, SIZE_CAP)]
        for c in rng.sample(pool, len(pool)):
            if have >= quota:
                break
            if fits(c, SIZE_CAP):
                take(c)
                have += 1
    return sorted(taken, key=lambda c: (c["dataset"], c["source_id"]))


def _seed_entry() -> dict[str, Any]:
    """The seed page and its reference, from ``../shared/seed-expected.json``.

    Body: the expected paragraphs. With-snippets: those paragraphs (each must come out whole).
    Without-snippets: the chrome lines, the photo title and the caption (a caption is a field
    of its own, not body).
    """
    expected = json.loads((REPO.parent / "shared" / "seed-expected.json").read_text("utf-8"))
    without = [c["text"] for c in expected["chrome"]]
    without += [k for k, v in expected.get("_flexible", {}).items() if "neither headline nor body" in v]
    without += [c["text"] for c in expected["captions"]]
    return {
        "id": "seed-000", "dataset": "seed", "source_id": SEED.name, "page_type": "article",
        "language": "en", "html_lang": None, "url": None,
        "reference": {
            "body": "\n\n".join(expected["body_paragraphs"]),
            "title": expected["headline"],
            "date": expected["timestamp"]["iso"],
            "author": None,
            "with": list(expected["body_paragraphs"]),
            "without": without,
        },
    }


def _gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)  # same bytes on every rebuild


def build_corpus(data: Path, force: bool) -> None:
    """Draw the pages, store them with their renders, and write the manifest and SOURCES.md."""
    from bench import decode_html, render  # the benchmark's own decoding and converters

    if gs.MANIFEST.exists() and not force:
        raise SystemExit(f"{gs.MANIFEST} exists; pass --force to re-draw the corpus "
                         "(floors and golden files must be regenerated after it)")
    chosen = select_pages(data)
    pages_dir = gs.GATE_DIR / "pages"
    if pages_dir.exists():
        shutil.rmtree(pages_dir)
    pages_dir.mkdir(parents=True)
    entries = []
    for c in chosen:
        raw = c["path"].read_bytes()
        html_bytes = gzip.decompress(raw)
        html = decode_html(html_bytes)
        files = {"html": f"pages/{c['id']}.html.gz"}
        (gs.GATE_DIR / files["html"]).write_bytes(_gz(html_bytes))
        for kind in ("html_text", "inscriptis"):
            files[kind] = f"pages/{c['id']}.{kind}.txt.gz"
            (gs.GATE_DIR / files[kind]).write_bytes(_gz(render(kind, html).encode("utf-8")))
        entries.append({
            "id": c["id"], "dataset": c["dataset"], "source_id": c["source_id"],
            "page_type": c["page_type"], "language": c["language"], "html_lang": c["html_lang"],
            "url": c["url"], "html_sha256": hashlib.sha256(html_bytes).hexdigest(),
            "files": files, "reference": c["reference"],
        })
    seed = _seed_entry()
    seed["files"] = {"text": "pages/seed-000.txt.gz"}
    (gs.GATE_DIR / seed["files"]["text"]).write_bytes(_gz(SEED.read_bytes()))
    entries.append(seed)
    manifest = {
        "_about": "The quality-gate corpus: see SOURCES.md for the sampling rule and licences.",
        "rule": {"rng_seed": RNG_SEED, "size_cap": SIZE_CAP,
                 "non_english_size_cap": NON_ENGLISH_SIZE_CAP, "wcxb_quota": WCXB_QUOTA,
                 "scrapinghub_total": SH_TOTAL},
        "golden": _golden_selection(entries),
        "pages": entries,
    }
    gs.MANIFEST.write_text(gs.dump_json(manifest), encoding="utf-8")
    for name, src in (("LICENSE-scrapinghub", data / "scrapinghub" / "LICENSE"),
                      ("LICENSE-wcxb", data / "wcxb-dev" / "LICENSE")):
        shutil.copyfile(src, gs.GATE_DIR / name)
    (gs.GATE_DIR / "SOURCES.md").write_text(sources_text(entries), encoding="utf-8")
    print(composition(gs.load_manifest()))


_SOURCES_HEAD = """\
# Gate corpus: sources, licences and how the pages were chosen

Generated by `python benchmarks/gate.py --build-corpus` (do not edit by hand; change the rule in
`benchmarks/gate.py` and re-run it, then regenerate floors and golden files).

## Licences
- **ScrapingHub** pages (`sh-*`): Scrapinghub article-extraction-benchmark, MIT
  (`LICENSE-scrapinghub`, Copyright (c) 2020 Scrapinghub). Reference: `articleBody`.
- **WCXB** pages (`wcxb-*`): WCXB, Murrough Foley, development split, CC-BY-4.0
  (`LICENSE-wcxb`). Reference: `main_content`, `title`, `author`, `publish_date`, `with`,
  `without`. Changes made: the HTML is re-compressed; text renders were added (below).
- **seed-000**: `seeds/000_bd49ed3feaf0e8fe.txt` of this repository, with the expectations of
  `../shared/seed-expected.json`: body = the expected paragraphs; with-snippets = those
  paragraphs; without-snippets = the chrome lines, the photo title and the caption.

## What is stored per page
`pages/<id>.html.gz` (the page's bytes as the benchmark has them), `pages/<id>.html_text.txt.gz`
(`html_text.extract_text(html, guess_layout=True)`) and `pages/<id>.inscriptis.txt.gz`
(`inscriptis.get_text(html)`), both made from the HTML decoded as `benchmarks/bench.py` decodes
it, so they are byte for byte the benchmark's renders; the reference, page type, language,
URL and the SHA-256 of the HTML are in `manifest.json`.

## The sampling rule
It looks at the references, the file sizes and the languages only, never at what boilerstrip
makes of a page. Randomness: `random.Random("{rng_seed}")`, one generator for the whole draw.

1. Candidates: every page of both datasets whose reference body has a word in it.
2. Language of a page: from its reference text, by script (Hangul, kana, Han, Cyrillic,
   Arabic), else by the share of common function words of eight Latin-script languages (at
   least 8% and 1.5 times the runner-up), else the `<html lang>` declaration, else `und`.
3. At most one page per domain in the whole corpus (in drawing order).
4. ScrapingHub: for each non-English language (alphabetical), one page drawn at random among
   those up to {non_english_cap:,} gzip bytes; then English pages up to {size_cap:,} gzip
   bytes, in random order, until there are {sh_total} ScrapingHub pages.
5. WCXB: every non-English page up to {non_english_cap:,} gzip bytes (they are rare), then for
   each page type, English pages up to {size_cap:,} gzip bytes in random order until the
   type's quota is met: {quota}.
6. Golden files: the seed, the first page of each WCXB type, the first two English and the
   first two non-English ScrapingHub pages (manifest order), inputs taken in turn
   (html, html_text, inscriptis).

## Pages
| id | dataset | type | lang | source | url |
|---|---|---|---|---|---|
"""


def sources_text(entries: list[dict[str, Any]]) -> str:
    """SOURCES.md: the licences, the rule (with its parameters) and one row per page."""
    text = _SOURCES_HEAD.format(
        rng_seed=RNG_SEED, size_cap=SIZE_CAP, non_english_cap=NON_ENGLISH_SIZE_CAP,
        sh_total=SH_TOTAL, quota=", ".join(f"{k} {v}" for k, v in WCXB_QUOTA.items()))
    for e in entries:
        url = (e["url"] or "").replace("|", "%7C")
        text += (f"| {e['id']} | {e['dataset']} | {e['page_type']} | {e['language']} | "
                 f"{e['source_id']} | {url} |\n")
    return text


def _golden_selection(entries: list[dict[str, Any]]) -> list[list[str]]:
    """A dozen (page, input) pairs: the seed, the first page of each WCXB type, the first two
    English and two non-English ScrapingHub pages (manifest order), inputs taken in turn."""
    picked = [e for e in entries if e["dataset"] == "seed"]
    seen: set[str] = set()
    for e in entries:
        if e["dataset"] == "wcxb-dev" and e["page_type"] not in seen:
            seen.add(e["page_type"])
            picked.append(e)
    sh = [e for e in entries if e["dataset"] == "scrapinghub"]
    picked += [e for e in sh if e["language"] == "en"][: GOLDEN_SH // 2]
    picked += [e for e in sh if e["language"] != "en"][: GOLDEN_SH // 2]
    kinds = ("html", "html_text", "inscriptis")
    out = []
    turn = 0
    for e in picked:
        if "text" in e["files"]:
            out.append([e["id"], "text"])
        else:
            out.append([e["id"], kinds[turn % len(kinds)]])
            turn += 1
    return out


def composition(pages: list[gs.GatePage]) -> str:
    """Counts per dataset, page type and language, and the stored size."""
    size = sum((gs.GATE_DIR / f).stat().st_size for p in pages for f in p.files.values())
    size += gs.MANIFEST.stat().st_size
    lines = [f"{len(pages)} pages, {size / 1e6:.2f} MB stored (pages + manifest)"]
    for label, key in (("dataset", lambda p: p.dataset),
                       ("type", lambda p: f"{p.dataset}/{p.page_type}"),
                       ("language", lambda p: p.language)):
        counts = Counter(key(p) for p in pages)
        lines.append(f"  {label}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Floors and golden files
# --------------------------------------------------------------------------------------------


def update_floors(allow_lower: bool, reason: str | None) -> int:
    old = gs.read_floors() if gs.FLOORS.exists() else None
    t0 = time.perf_counter()
    results = gs.run_gate()
    try:
        new = gs.updated_floors(old, results, allow_lower=allow_lower, reason=reason)
    except gs.FloorsLowered as exc:
        print("refusing to lower these floors (pass --allow-lower --reason \"...\" and add a "
              "CHANGELOG note saying why):", file=sys.stderr)
        print(exc, file=sys.stderr)
        return 1
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    gs.FLOORS.write_text(gs.floors_text(new), encoding="utf-8")
    print(gs.format_report(results, new))
    print(f"\nwrote {gs.FLOORS.relative_to(REPO)} ({time.perf_counter() - t0:.1f}s)")
    if new["notes"] and (old is None or new["notes"] != old.get("notes")):
        print("floors were lowered: add a CHANGELOG.md entry saying why.", file=sys.stderr)
    return 0


def regen_golden() -> int:
    pages = {p.id: p for p in gs.load_manifest()}
    gs.GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
    wanted = set()
    for pid, kind in gs.golden_cases():
        path = gs.golden_path(pid, kind)
        wanted.add(path)
        text = gs.golden_text(gs.clean_page(pages[pid], kind))
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        path.write_text(text, encoding="utf-8")
        print(f"{'updated' if changed else 'same   '} {path.relative_to(REPO)}")
    for stale in sorted(set(gs.GOLDEN_DIR.glob("*.json")) - wanted):
        stale.unlink()
        print(f"removed {stale.relative_to(REPO)}")
    return 0


def report() -> int:
    floors = gs.read_floors() if gs.FLOORS.exists() else None
    t0 = time.perf_counter()
    results = gs.run_gate()
    elapsed = time.perf_counter() - t0
    print(gs.format_report(results, floors))
    print(f"gate wall time {elapsed:.1f}s")
    if floors is None:
        print("no floors file yet: run with --update-floors", file=sys.stderr)
        return 1
    drops = gs.compare(floors, gs.figures(results))
    if drops:
        print("\n" + gs.format_failures(drops, floors, results))
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--update-floors", action="store_true",
                      help="write the current figures as the floors (refuses to lower any)")
    mode.add_argument("--regen-golden", action="store_true",
                      help="rewrite the golden files from the current output")
    mode.add_argument("--build-corpus", action="store_true",
                      help="re-draw the gate pages from the benchmark data (see SOURCES.md)")
    mode.add_argument("--composition", action="store_true",
                      help="print the corpus counts per dataset, type and language")
    ap.add_argument("--allow-lower", action="store_true",
                    help="with --update-floors: let floors go down (needs --reason)")
    ap.add_argument("--reason", help="why the floors go down; kept in floors.json notes")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="benchmark data root")
    ap.add_argument("--force", action="store_true", help="with --build-corpus: overwrite")
    args = ap.parse_args(argv)
    if (args.allow_lower or args.reason) and not args.update_floors:
        ap.error("--allow-lower and --reason go with --update-floors")
    if args.update_floors:
        return update_floors(args.allow_lower, args.reason)
    if args.regen_golden:
        return regen_golden()
    if args.build_corpus:
        build_corpus(args.data, args.force)
        return 0
    if args.composition:
        print(composition(gs.load_manifest()))
        return 0
    return report()


if __name__ == "__main__":
    raise SystemExit(main())
