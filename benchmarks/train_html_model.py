"""Fit the HTML block classifier (``src/boilerstrip/data/html_model.json``), validated out of fold.

Every page of WCXB-dev and ScrapingHub is run through the HTML front-end up to the point
where blocks are described (:func:`boilerstrip.api.html_evidence`); each block gets the row
of :data:`boilerstrip.dom.describe.FEATURE_NAMES` numbers and a label (1 when its text is in
the page's reference main content, as for the text model). Gradient-boosted trees are fitted
on those rows.

Honest figures: the pages are split into folds **by site domain** (``GroupKFold``), and each
page is scored by a model fitted on the other folds only: a page never meets a model that saw
its site. The decision's two constants (``lo``, ``hi``: how sure the model must be to overrule
the selection, see :func:`decide`) are chosen per fold on the other folds' out-of-fold pages.
The script prints, per dataset and WCXB page type, the mean page body F1 of

- ``select``: the selection's own decision (the HTML mode before this model),
- ``oof-nested``: model and constants out of fold (the figure to report),
- ``oof``: model out of fold, with the constants most folds chose,
- ``in-sample``: the model fitted on every page (the gap shows how much it memorises),

and writes the model fitted on every page, with the constants most folds chose, to the
package data unless ``--dry-run``.

    python benchmarks/train_html_model.py [--data ../shared/bench] [--jobs 2] [--dry-run]

The extracted rows are cached in ``benchmarks/.cache/html_rows.pkl`` (``--refresh`` rebuilds
them); numpy and scikit-learn are needed only here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import statistics
import sys
from collections import defaultdict
from multiprocessing import Pool
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import load_pages  # noqa: E402
from train_text_model import export_trees, labels  # noqa: E402

from boilerstrip.dom.describe import FEATURE_NAMES  # noqa: E402
from boilerstrip.evaluation import scrapinghub_page, wcxb_page  # noqa: E402

CACHE = ROOT / "benchmarks" / ".cache" / "html_rows.pkl"
_WORDS = FEATURE_NAMES.index("log_words")
_PUNCT = FEATURE_NAMES.index("ends_with_punct")
_STOP = FEATURE_NAMES.index("stopword_density")
DATA = ROOT / "src" / "boilerstrip" / "data"


def _domain(url: str | None) -> str:
    host = (urlsplit(url or "").hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _extract(task: tuple[str, str, str, str | None, str, str]) -> dict[str, Any] | None:
    from boilerstrip.api import _DEFAULT, html_evidence

    dataset, pid, path, url, body, ptype = task
    raw = gzip.open(path).read()
    try:
        blocks, rows = html_evidence(_DEFAULT, raw, url=url)
    except Exception as exc:  # a page the library refuses is left out, and said
        print(f"{dataset}/{pid}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    return {
        "dataset": dataset, "id": pid, "type": ptype, "domain": _domain(url), "truth": body,
        "texts": [b.text for b in blocks],
        "select": [b.label.value for b in blocks],
        "locked": [b.locked for b in blocks],
        "words": [b.features.words for b in blocks],
        "X": np.asarray(rows, dtype=np.float32).reshape(len(blocks), len(FEATURE_NAMES)),
        "y": np.asarray(labels(blocks, body), dtype=np.int8),
    }


def extract(data: Path, jobs: int) -> list[dict[str, Any]]:
    tasks = []
    for dataset in ("wcxb-dev", "scrapinghub"):
        for p in load_pages(data, dataset):
            tasks.append((dataset, p.id, p.html_path, p.url, p.body, p.page_type))
    with Pool(jobs) as pool:
        pages = [p for p in pool.imap(_extract, tasks, chunksize=8) if p is not None]
    return pages


def score(page: dict[str, Any], keep: list[bool]) -> float:
    pred = "\n\n".join(t for t, k in zip(page["texts"], keep) if k)
    if page["dataset"] == "scrapinghub":
        tp, fp, fn = scrapinghub_page(pred, page["truth"])
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0
    return wcxb_page(pred, page["truth"])[2]


GUARD = 0.5
"""Set before looking at any figure: the model may not take away more than half of the words
the selection found (a page whose prose the model doubts keeps the selection's body)."""
GRID = [(lo, hi) for lo in (0.3, 0.4, 0.5) for hi in (0.6, 0.7, 0.8)]
"""Candidate (lo, hi) pairs; each fold's pair is chosen on the other folds."""


def decide(page: dict[str, Any], prob: np.ndarray, lo: float, hi: float, guard: float = GUARD) -> list[bool]:
    """Body or not for each block, as :class:`boilerstrip.api._HtmlJudge` decides.

    Rules' and fields' blocks keep their decision; the model overrides the selection when it
    is confident (below ``lo``: chrome, unless it is a paragraph of prose; from ``hi``: body); and when that would drop more than
    ``1 - guard`` of the words the selection kept, the selection stands.
    """
    select = [s == "body" for s in page["select"]]
    X = page["X"]
    out = []
    for i, (sel, state, locked, p) in enumerate(zip(select, page["select"], page["locked"], prob)):
        if locked or state not in ("body", "chrome"):
            out.append(sel)
        else:
            # a paragraph of prose the selection kept stays (api._prose_shaped, read here from
            # the row: 12+ words, a sentence's end, stopwords; unspaced scripts not covered)
            prose = np.expm1(X[i, _WORDS]) >= 12 and X[i, _PUNCT] > 0 and X[i, _STOP] >= 0.2
            out.append(bool(p >= hi or (sel and (p >= lo or prose))))
    kept = sum(w for w, k in zip(page["words"], out) if k)
    before = sum(w for w, k in zip(page["words"], select) if k)
    return select if kept < guard * before else out


def booster(seed: int = 0) -> Any:
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=150, learning_rate=0.1, max_leaf_nodes=31, max_depth=8, min_samples_leaf=40, l2_regularization=1.0,
        random_state=seed,
    )


def _stack(pages: list[dict[str, Any]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X = np.concatenate([p["X"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    # a block weighs by its words: the metric counts words, not blocks
    w = np.concatenate([np.sqrt(np.asarray(p["words"], dtype=np.float64)) + 0.5 for p in pages])
    return X, y, w


def _predict(model: Any, X: np.ndarray) -> np.ndarray:
    return model.predict_proba(X)[:, 1] if len(X) else np.zeros(0)


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def _objective(pages: list[dict[str, Any]], f1: np.ndarray, mask: np.ndarray) -> float:
    """Mean page F1 on WCXB-dev plus on ScrapingHub, over the pages in ``mask``."""
    total = 0.0
    for dataset in ("wcxb-dev", "scrapinghub"):
        values = [f1[i] for i, p in enumerate(pages) if mask[i] and p["dataset"] == dataset]
        total += _mean(values)
    return total


def report(pages: list[dict[str, Any]], f1: dict[str, np.ndarray]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for dataset in ("wcxb-dev", "scrapinghub"):
        subset = [i for i, p in enumerate(pages) if p["dataset"] == dataset]
        row: dict[str, Any] = {}
        for name, values in f1.items():
            row[name] = round(_mean([values[i] for i in subset]), 4)
            if dataset == "wcxb-dev":
                by: dict[str, list[float]] = defaultdict(list)
                for i in subset:
                    by[pages[i]["type"]].append(values[i])
                row[name + "_types"] = {t: round(_mean(v), 4) for t, v in sorted(by.items())}
        out[dataset] = row
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--refresh", action="store_true")
    ap.add_argument("--dry-run", action="store_true")
    ap.add_argument("--save-oof", type=Path, help="write the out-of-fold probabilities here (pickle)")
    args = ap.parse_args()

    if CACHE.exists() and not args.refresh:
        pages = pickle.loads(CACHE.read_bytes())
    else:
        pages = extract(args.data, args.jobs)
        CACHE.parent.mkdir(parents=True, exist_ok=True)
        CACHE.write_bytes(pickle.dumps(pages))
    print(f"{len(pages)} pages, {sum(len(p['y']) for p in pages)} blocks", file=sys.stderr)

    from sklearn.model_selection import GroupKFold

    groups = np.asarray([p["domain"] for p in pages])
    oof: list[np.ndarray] = [np.zeros(0)] * len(pages)
    folds = np.zeros(len(pages), dtype=int)
    for fold, (train, test) in enumerate(GroupKFold(n_splits=args.folds).split(pages, groups=groups)):
        folds[test] = fold
        X, y, w = _stack([pages[i] for i in train])
        model = booster(fold).fit(X, y, sample_weight=w)
        print(f"fold {fold + 1}/{args.folds} fitted", file=sys.stderr)
        for i in test:
            oof[i] = _predict(model, pages[i]["X"])
    if args.save_oof:
        args.save_oof.write_bytes(pickle.dumps(oof))
    X, y, w = _stack(pages)
    full = booster().fit(X, y, sample_weight=w)
    insample = [_predict(full, p["X"]) for p in pages]

    select = np.asarray([score(p, [s == "body" for s in p["select"]]) for p in pages])
    by_pair = {pair: np.asarray([score(p, decide(p, q, *pair)) for p, q in zip(pages, oof)]) for pair in GRID}
    # nested: each fold's (lo, hi) is the best on the other folds' out-of-fold pages
    nested = np.zeros(len(pages))
    chosen = []
    for fold in range(args.folds):
        others = folds != fold
        pair = max(GRID, key=lambda g: _objective(pages, by_pair[g], others))
        chosen.append(pair)
        nested[folds == fold] = by_pair[pair][folds == fold]
    final = max(set(chosen), key=chosen.count)  # the pair most folds chose
    fixed = by_pair[final]
    sample = np.asarray([score(p, decide(p, q, *final)) for p, q in zip(pages, insample)])
    result = report(pages, {"select": select, "oof-nested": nested, "oof": fixed, "in-sample": sample})
    result["pairs"] = {"per-fold": chosen, "final": final}
    print(json.dumps(result, indent=1))
    if not args.dry_run:
        baseline, trees = export_trees(full)
        doc = {"features": list(FEATURE_NAMES), "baseline": baseline, "trees": trees,
               "lo": final[0], "hi": final[1], "guard": GUARD, "validation": result}
        (DATA / "html_model.json").write_text(json.dumps(doc, separators=(",", ":")), encoding="utf-8")
if __name__ == "__main__":
    main()
