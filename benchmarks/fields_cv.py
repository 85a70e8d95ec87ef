#!/usr/bin/env python
"""Field accuracy on WCXB-dev (headline, date, author), in-sample and out of fold (issue #21).

The fields are scored exactly as ``bench.py`` scores them (its ``_score``: the headline and the
author right at word-F1 >= 0.9 with the reference, the date right when its ``YYYY-MM-DD`` is
the reference's), over the pages that have the reference field.

What is fitted on the dev pages is refitted per fold, the folds grouped by site domain
(``GroupKFold``, 5 folds; the domain is the URL's host without ``www.``):

- the text-mode headline trees (``data/headline_model.json``): fitted on the other folds'
  candidates of both renders, the fold's pages scored with them. With ``--nested`` the
  trees' size (trees, depth, learning rate) is chosen per outer fold by an inner grouped CV
  on the other folds, and the size an all-pages grouped CV chooses is printed: the one to ship
  with ``train_headline_model.py --trees --depth --rate``.
- the HTML headline trees (``data/html_headline_model.json``): fitted on the other folds'
  pages (each cleaned with its URL and without), the fold's pages scored with them, with
  and without their URL (``train_headline_model.py --html`` does the same).
- any picker constant given with ``--grid module.NAME=v1,v2,...``: every value is run on
  every page, each fold takes the value that is best on the other folds.

Everything else (the rules of the pickers) is fitted on nothing, so its in-sample and
out-of-fold figures are the same. Two other models the pipeline uses were fitted on these
pages and are *not* refitted here: the HTML block classifier and the text line classifier
(they decide which blocks are body, hence where the header is). The figures are therefore
still a little optimistic; the held-out figures of issue #21 are the check.

The date is also reported on the pages whose HTML holds the reference date at all (any
written or ISO form of that day anywhere in the source, day/month read either way, or the
URL's path): no picker can give a date a page does not hold.

The candidates of the text headline are collected from a real ``clean()`` run with the
packaged trees; a refitted model is scored by replaying the pick on them (the best candidate,
the ``<title>`` line's words as the page shows them). The replay is checked against
``clean()`` with the packaged trees, and the check is printed.

Usage (from the repository root; the renders must be cached first, see ``bench.py --cache-only``)::

    OMP_NUM_THREADS=1 python benchmarks/fields_cv.py
    OMP_NUM_THREADS=1 python benchmarks/fields_cv.py --nested --jobs 2
    OMP_NUM_THREADS=1 python benchmarks/fields_cv.py --trees 100 --depth 4
    OMP_NUM_THREADS=1 python benchmarks/fields_cv.py --grid boilerstrip.fields.pick._DATE_LINE=0.5,0.6,0.7
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import json
import pickle
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

import bench  # noqa: E402
import train_headline_model as thm  # noqa: E402

import boilerstrip.fields.headline as headline  # noqa: E402
import boilerstrip.fields.pick as pick  # noqa: E402
from boilerstrip import clean  # noqa: E402
from boilerstrip.errors import RuleError  # noqa: E402
from boilerstrip.evaluation import title_match  # noqa: E402
from boilerstrip.fields.timestamp import date_from_url, find_timestamps  # noqa: E402

FOLDS = 5
TEXT_INPUTS = ("html_text", "inscriptis")
GRID = {"max_iter": (50, 100, 200), "max_depth": (3, 5, 8), "learning_rate": (0.05, 0.1)}
"""Sizes of the headline trees tried by ``--nested`` (depth 8 is the most ``compile_trees`` takes)."""


def domain(url: str | None) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


# ---------------------------------------------------------------------------------------------
# One page: the fields as clean() gives them, scored as bench.py scores them
# ---------------------------------------------------------------------------------------------


def _held_days(html: str, url: str | None) -> set[str]:
    """Every day the page's source writes (either day/month order), and its URL's date."""
    days = {s.value.date().isoformat() for first in (None, True, False) for s in find_timestamps(html, dayfirst=first)}
    stamp = date_from_url(url) if url else None
    if stamp is not None:
        days.add(stamp.value.date().isoformat())
    return days


def _apply(patch: dict[str, Any]) -> dict[str, Any]:
    """Set the ``module.NAME`` values of ``patch``; return the old ones."""
    old = {}
    for dotted, value in patch.items():
        mod, name = dotted.rsplit(".", 1)
        module = importlib.import_module(mod)
        old[dotted] = getattr(module, name)
        setattr(module, name, value)
    return old


def _score(page: bench.Page, article: Any) -> dict[str, Any]:
    rec = bench._score(page, bench.Output(article.body, article.headline, article.timestamp, article.author))
    out = {k: rec.get(k) for k in ("title", "date", "date_wrong", "author") if k in rec}
    out["given"] = (article.headline, article.timestamp.isoformat() if article.timestamp else None, article.author)
    return out


def _packaged_or_constant() -> bool:
    """Whether the packaged headline trees match the features; when they do not (a feature
    added), a constant scorer stands in so that the candidates can be collected."""
    try:
        headline._model()
    except RuleError:
        headline._model = lambda: (lambda values: 0.0)
        return False
    return True


def run_page(task: tuple[bench.Page, tuple[str, ...], list[dict[str, Any]]]) -> dict[str, Any]:
    """Every variant's fields of one page on every input; for text inputs also the headline
    candidates (their features and whether each would give the reference title)."""
    page, inputs, variants = task
    _packaged_or_constant()
    raw = bench.read_html(page.html_path)
    out: dict[str, Any] = {"id": page.id, "domain": domain(page.url), "title": bool(page.title)}
    if page.date and "html" in inputs:
        out["holds_date"] = page.date[:10] in _held_days(bench.decode_html(raw), page.url)
    seen: list[Any] = []
    real = pick.pick_headline

    def spy(blocks, first_body, meta, url=None, page_types=()):  # type: ignore[no-untyped-def]
        marked = any(b.label.value == "headline" for b in blocks) if meta is None else True
        seen.append((marked, headline.text_candidates(blocks, first_body, url) if meta is None and not marked else []))
        return real(blocks, first_body, meta, url, page_types)

    for inp in inputs:
        text = None if inp == "html" else bench.get_render(page, inp)[0]
        runs = []
        for variant in variants:
            old = _apply(variant)
            pick.pick_headline = spy
            seen.clear()
            try:
                article = clean(raw if text is None else text, url=page.url)
            finally:
                pick.pick_headline = real
                _apply(old)
            rec = _score(page, article)
            if text is not None and page.title and seen:
                marked, cands = seen[-1]
                rec["marked"] = marked
                rec["cands"] = _replayable(cands, page.title)
            runs.append(rec)
        out[inp] = runs
    return out


def _replayable(cands: Sequence[tuple[Any, str, list[float]]], title: str) -> list[tuple[list[float], bool]]:
    """The candidates as (features, right if picked): what ``_text_headline`` would return for
    each (an empty text is never picked; the ``<title>`` line gives the repeat's words)."""
    repeat = next((b for b, _, v in cands if v[headline._IS_REPEAT]), None)
    out = []
    for block, text, values in cands:
        if not text:
            continue
        shown = text
        if repeat is not None and block.index == 0 and headline._key(repeat.text) == headline._key(text):
            shown = repeat.text
        out.append((values, title_match(shown, title)))
    return out


# ---------------------------------------------------------------------------------------------
# The headline trees, refitted per fold
# ---------------------------------------------------------------------------------------------


def _fit(rows: list[tuple[list[float], bool]], setting: dict[str, Any]) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    params = {**thm.BOOSTING, **setting}
    X = np.array([v for v, _ in rows], dtype=float)
    y = np.array([ok for _, ok in rows])
    return HistGradientBoostingClassifier(**params).fit(X, y)


def _replay(score: Callable[[np.ndarray], np.ndarray], rec: dict[str, Any]) -> bool:
    """Whether the pick with ``score`` gives the reference title on this page and render."""
    if rec.get("marked") or "cands" not in rec:
        return bool(rec["title"])  # another path than the trees gave the headline
    cands = rec["cands"]
    if not cands:
        return False
    scores = score(np.array([v for v, _ in cands], dtype=float))
    return bool(cands[int(np.argmax(scores))][1])


def _rows(results: list[dict[str, Any]], idx: Sequence[int], v: int = 0) -> list[tuple[list[float], bool]]:
    return [c for i in idx for inp in TEXT_INPUTS if inp in results[i] for c in results[i][inp][v].get("cands", ())]


def _headline_acc(model: Any, results: list[dict[str, Any]], idx: Sequence[int], inp: str, v: int = 0) -> tuple[int, int]:
    right = total = 0
    for i in idx:
        rec = results[i][inp][v]
        if rec.get("title") is None:
            continue
        total += 1
        right += _replay(model.decision_function, rec)
    return right, total


def _folds(results: list[dict[str, Any]], idx: Sequence[int], k: int) -> list[tuple[list[int], list[int]]]:
    from sklearn.model_selection import GroupKFold

    idx = list(idx)
    groups = [results[i]["domain"] or results[i]["id"] for i in idx]
    return [([idx[a] for a in tr], [idx[b] for b in te]) for tr, te in GroupKFold(n_splits=k).split(idx, groups=groups)]


def _settings() -> list[dict[str, Any]]:
    keys = list(GRID)
    return [dict(zip(keys, vals)) for vals in itertools.product(*(GRID[k] for k in keys))]


def _cv_choice(results: list[dict[str, Any]], idx: Sequence[int], k: int) -> tuple[dict[str, Any], dict[str, float]]:
    """The setting of :data:`GRID` with the best grouped-CV headline accuracy over ``idx`` (both
    renders pooled), and every setting's figure."""
    folds = _folds(results, idx, k)
    figures = {}
    for setting in _settings():
        right = total = 0
        for train, test in folds:
            model = _fit(_rows(results, train), setting)
            for inp in TEXT_INPUTS:
                r, t = _headline_acc(model, results, test, inp)
                right, total = right + r, total + t
        figures[json.dumps(setting, sort_keys=True)] = right / max(1, total)
    best = max(figures, key=lambda s: (figures[s], -json.loads(s)["max_iter"] * json.loads(s)["max_depth"]))
    return json.loads(best), figures


def _variant_choice(results: list[dict[str, Any]], idx: Sequence[int], k: int, setting: dict[str, Any], n: int) -> tuple[int, list[float]]:
    """The picker variant with the best grouped-CV headline accuracy over ``idx`` (trees of
    ``setting`` refitted per fold on each variant's candidates), and every variant's figure."""
    folds = _folds(results, idx, k)
    figures = []
    for v in range(n):
        right = total = 0
        for train, test in folds:
            model = _fit(_rows(results, train, v), setting)
            for inp in TEXT_INPUTS:
                r, t = _headline_acc(model, results, test, inp, v)
                right, total = right + r, total + t
        figures.append(right / max(1, total))
    return max(range(n), key=lambda v: (figures[v], -v)), figures


def headline_cv(results: list[dict[str, Any]], args: argparse.Namespace, n: int = 1) -> dict[str, Any]:
    """Text headline accuracy per render: out of fold (trees refitted per fold, and with
    ``--nested`` sized per fold; with ``n`` picker variants, the variant chosen per fold by an
    inner grouped CV) and in-sample (fitted on every page)."""
    idx = [i for i, r in enumerate(results) if any(inp in r for inp in TEXT_INPUTS)]
    fixed = {"max_iter": args.trees, "max_depth": args.depth, "learning_rate": args.rate}
    fixed = {k: v for k, v in fixed.items() if v is not None}
    oof = {inp: [0, 0] for inp in TEXT_INPUTS}
    chosen: list[Any] = []
    for f, (train, test) in enumerate(_folds(results, idx, FOLDS)):
        setting, v = fixed, 0
        if args.nested:
            setting, _ = _cv_choice(results, train, FOLDS - 1)
            chosen.append(setting)
            log(f"headline fold {f}: chose {setting}")
        elif n > 1:
            v, figs = _variant_choice(results, train, FOLDS - 1, setting, n)
            chosen.append({"variant": v, "inner": [round(x, 4) for x in figs]})
            log(f"headline fold {f}: chose variant {v} ({figs})")
        model = _fit(_rows(results, train, v), setting)
        for inp in TEXT_INPUTS:
            r, t = _headline_acc(model, results, test, inp, v)
            oof[inp][0] += r
            oof[inp][1] += t
    final, v = fixed, 0
    figures: dict[str, float] = {}
    if args.nested:
        final, figures = _cv_choice(results, idx, FOLDS)
    elif n > 1:
        v, figs = _variant_choice(results, idx, FOLDS, final, n)
        figures = {f"variant {i}": x for i, x in enumerate(figs)}
    model = _fit(_rows(results, idx, v), final)
    insample = {inp: _headline_acc(model, results, idx, inp, v) for inp in TEXT_INPUTS}
    return {
        "oof": {inp: r / max(1, t) for inp, (r, t) in oof.items()},
        "insample": {inp: r / max(1, t) for inp, (r, t) in insample.items()},
        "pages": {inp: t for inp, (_, t) in insample.items()},
        "setting": {**thm.BOOSTING, **final},
        "fold_settings": chosen,
        "grid": figures,
    }


def replay_check(results: list[dict[str, Any]]) -> tuple[int, int]:
    """Pages where the replayed pick with the packaged trees agrees with ``clean()``."""
    score = headline._model()

    def packaged(X: np.ndarray) -> np.ndarray:
        return np.array([score(list(row)) for row in X])

    agree = total = 0
    for r in results:
        for inp in TEXT_INPUTS:
            if inp in r and r[inp][0].get("title") is not None:
                total += 1
                agree += _replay(packaged, r[inp][0]) == bool(r[inp][0]["title"])
    return agree, total


# ---------------------------------------------------------------------------------------------
# Picker constants, chosen per fold
# ---------------------------------------------------------------------------------------------


def _share(results: list[dict[str, Any]], idx: Sequence[int], inp: str, key: str, v: int, only: Callable[[dict[str, Any]], bool] | None = None) -> tuple[int, int]:
    right = total = 0
    for i in idx:
        r = results[i]
        if inp not in r or (only is not None and not only(r)):
            continue
        val = r[inp][v].get(key)
        if val is None:
            continue
        total += 1
        right += bool(val)
    return right, total


def field_cv(results: list[dict[str, Any]], inp: str, key: str, n_variants: int, only: Callable[[dict[str, Any]], bool] | None = None) -> dict[str, Any]:
    """A field's accuracy with the variant chosen per fold (out of fold) and the variant
    best on all pages (in-sample). With one variant the two are the same."""
    idx = list(range(len(results)))
    right = total = 0
    for train, test in _folds(results, idx, FOLDS):
        scores = [_share(results, train, inp, key, v, only) for v in range(n_variants)]
        best = max(range(n_variants), key=lambda v: (scores[v][0] / max(1, scores[v][1]), -v))
        r, t = _share(results, test, inp, key, best, only)
        right, total = right + r, total + t
    every = [_share(results, idx, inp, key, v, only) for v in range(n_variants)]
    best = max(range(n_variants), key=lambda v: (every[v][0] / max(1, every[v][1]), -v))
    return {"oof": right / max(1, total), "insample": every[best][0] / max(1, every[best][1]), "pages": total, "variant": best}


def _variants(grid: Sequence[str]) -> list[dict[str, Any]]:
    """``module.NAME=v1,v2`` options as every combination of values (the first is the default)."""
    axes = []
    for spec in grid:
        dotted, _, values = spec.partition("=")
        axes.append([(dotted, json.loads(v)) for v in values.split(",")])
    return [dict(combo) for combo in itertools.product(*axes)] if axes else [{}]


# ---------------------------------------------------------------------------------------------


def log(msg: str) -> None:
    print(f"[fields_cv {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def collect(args: argparse.Namespace, variants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    pages = bench.load_wcxb(Path(args.data) / "wcxb-dev")
    if args.limit:
        pages = pages[: args.limit]
    inputs = tuple(args.inputs.split(","))
    tasks = [(p, inputs, variants) for p in pages]
    results = []
    t0 = time.perf_counter()
    for n, r in enumerate(bench._imap(run_page, tasks, args.jobs), 1):
        results.append(r)
        if n % 250 == 0:
            log(f"pages: {n}/{len(tasks)} ({time.perf_counter() - t0:.0f}s)")
    results.sort(key=lambda r: r["id"])
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(bench.DEFAULT_DATA))
    ap.add_argument("--inputs", default="html,html_text,inscriptis")
    ap.add_argument("--limit", type=int, default=0, help="first N pages (0 = all)")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--nested", action="store_true", help="size the headline trees per fold by an inner grouped CV")
    ap.add_argument("--trees", type=int, help="headline trees (default: train_headline_model.BOOSTING)")
    ap.add_argument("--depth", type=int, help="their depth")
    ap.add_argument("--rate", type=float, help="their learning rate")
    ap.add_argument("--grid", action="append", default=[], metavar="module.NAME=v1,v2",
                    help="a picker constant chosen per fold (repeatable; values as JSON)")
    ap.add_argument("--results", type=Path, help="per-page results: read when it exists, else written")
    ap.add_argument("--out", type=Path, help="write the figures as JSON")
    args = ap.parse_args(argv)

    variants = _variants(args.grid)
    packaged = _packaged_or_constant()
    if args.results is not None and args.results.exists():
        results = pickle.loads(args.results.read_bytes())
        log(f"read {len(results)} pages from {args.results}")
    else:
        results = collect(args, variants)
        if args.results is not None:
            args.results.write_bytes(pickle.dumps(results))
    n = len(variants)
    inputs = [inp for inp in ("html", *TEXT_INPUTS) if any(inp in r for r in results)]

    rows: list[tuple[str, dict[str, Any]]] = []
    for inp in inputs:
        rows.append((f"{inp} headline (packaged model)", field_cv(results, inp, "title", n)))
        rows.append((f"{inp} date", field_cv(results, inp, "date", n)))
        if inp == "html":
            rows.append(("html date, HTML holds the ref. date", field_cv(results, inp, "date", n, lambda r: bool(r.get("holds_date")))))
        rows.append((f"{inp} author", field_cv(results, inp, "author", n)))
    report: dict[str, Any] = {"rows": {name: fig for name, fig in rows}, "variants": variants}
    text_inputs = [inp for inp in TEXT_INPUTS if inp in inputs]
    if not packaged:
        rows = [(name, fig) for name, fig in rows if "packaged" not in name]
        log("the packaged headline trees do not match the features: their rows are left out")
    if text_inputs and (n == 1 or not args.nested):
        if packaged and n == 1:
            agree, total = replay_check(results)
            report["replay_check"] = [agree, total]
        hl = headline_cv(results, args, n)
        report["headline_trees"] = hl
        for inp in text_inputs:
            rows.append((f"{inp} headline (trees refitted)", {"oof": hl["oof"][inp], "insample": hl["insample"][inp], "pages": hl["pages"][inp]}))

    if "html" in inputs and n == 1:
        _, fig = thm.html_cv(*thm.html_collect(args.data, args.jobs))
        report["html_headline_trees"] = fig
        rows.append(("html headline (trees refitted)", {"oof": fig["oof"][0], "insample": fig["insample"][0], "pages": fig["pages"]}))
        rows.append(("html headline, no URL given (trees refitted)", {"oof": fig["oof"][1], "insample": fig["insample"][1], "pages": fig["pages"]}))

    print(f"{'field':44s} {'pages':>6s} {'out of fold':>12s} {'in-sample':>10s}")
    for name, fig in rows:
        print(f"{name:44s} {fig['pages']:6d} {fig['oof']:12.4f} {fig['insample']:10.4f}")
    if n > 1:
        print("variants (in-sample best per row above):")
        for v, variant in enumerate(variants):
            print(f"  {v}: {variant}")
    if "replay_check" in report:
        agree, total = report["replay_check"]
        print(f"replay check: the replayed pick agrees with clean() on {agree}/{total} page renders")
    if "headline_trees" in report:
        hl = report["headline_trees"]
        print(f"headline trees: {hl['setting']}")
        for s in hl["fold_settings"]:
            print(f"  fold choice: {s}")
        for s, fig in sorted(hl["grid"].items(), key=lambda kv: -kv[1])[:8]:
            print(f"  grid (grouped CV, all pages): {fig:.4f} {s}")
    if args.out:
        args.out.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
