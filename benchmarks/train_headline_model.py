"""Fit the text-mode headline model (``src/boilerstrip/data/headline_model.json``).

In flattened text the headline is one of the short lines near the top of the body. Each
candidate line (``boilerstrip.fields.headline.text_candidates``) is described by the numbers
of ``candidate_features`` (where it sits, its shape, its label, what it shares with the first
line and with the URL's slug, how chrome-like its words are), and a logistic model weighs
them; the best-scoring candidate of a page is its headline.

Training data: the WCXB-dev pages rendered by html-text and inscriptis (the renders that
``benchmarks/bench.py --cache-only`` writes), a candidate labelled right when it matches the
reference title the way the benchmark scores headlines. The candidates are read from the
blocks exactly as ``clean()`` has them when it picks the headline. ``--holdout`` fits on even
page ids and prints the accuracy on the odd ones; it writes the package data only with
``--out``. numpy and scikit-learn are needed here only, never by the library.

    python benchmarks/train_headline_model.py [--data ../shared/bench] [--holdout]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import boilerstrip.fields.pick as pick  # noqa: E402
from boilerstrip import clean  # noqa: E402
from boilerstrip.evaluation import title_match  # noqa: E402
from boilerstrip.fields.headline import HEADLINE_FEATURES, text_candidates  # noqa: E402

DATA = ROOT / "src" / "boilerstrip" / "data"

PRIORS = {"first_line_plain": -1.0}
"""Weights set by hand, not fitted. A first line that is not a ``<title>`` (no site-name
separator, not repeated below) is the top of a html-text page whose ``<title>`` is bare, or
the top of the menu in an inscriptis render; the fit cannot tell them apart and learns a
small positive weight from the first kind, while the text scrapers hand us starts with a
masthead. It is held down, at no cost on the training renders (measured when it was set,
in-sample: a free fit 0.691 html-text, 0.558 inscriptis; with this prior 0.691, 0.560)."""
FITTED = [i for i, name in enumerate(HEADLINE_FEATURES) if name not in PRIORS]


def collect(args) -> dict[tuple[str, str], list[tuple[list[float], bool]]]:
    """(input, page id) -> the page's candidates as (features, matches the reference)."""
    seen: list[list] = []
    real = pick.pick_headline

    def spy(blocks, first_body, meta, url=None):
        seen.append(text_candidates(blocks, first_body, url))
        return real(blocks, first_body, meta, url)

    pick.pick_headline = spy
    out = {}
    try:
        for path in sorted((Path(args.data) / "wcxb-dev" / "ground-truth").glob("*.json")):
            doc = json.loads(path.read_text())
            truth = doc.get("ground_truth") or {}
            title = truth.get("title")
            if not title:
                continue
            for inp in args.inputs.split(","):
                render = Path(args.cache) / "wcxb-dev" / inp / f"{path.stem}.txt"
                if not render.exists():
                    continue
                seen.clear()
                clean(render.read_text(), url=doc.get("url") or truth.get("url"))
                cands = seen[-1] if seen else []
                out[(inp, path.stem)] = [(values, title_match(text, title)) for _, text, values in cands]
    finally:
        pick.pick_headline = real
    return out


def fit(pages, keys, c: float):
    from sklearn.linear_model import LogisticRegression

    X = [[v[i] for i in FITTED] for k in keys for v, _ in pages[k]]
    y = [ok for k in keys for _, ok in pages[k]]
    return LogisticRegression(C=c, max_iter=5000).fit(np.array(X), np.array(y))


def weights(model) -> dict[str, float]:
    fitted = dict(zip((HEADLINE_FEATURES[i] for i in FITTED), model.coef_[0]))
    return {name: float(PRIORS.get(name, fitted.get(name, 0.0))) for name in HEADLINE_FEATURES}


def accuracy(model, pages, keys) -> float:
    """Share of pages whose best-scoring candidate is the headline (a page without
    candidates counts as a miss)."""
    w = np.array(list(weights(model).values()))
    right = 0
    for k in keys:
        cands = pages[k]
        if cands:
            scores = np.array([v for v, _ in cands]) @ w
            right += cands[int(np.argmax(scores))][1]
    return right / max(1, len(keys))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--cache", default=str(ROOT / "benchmarks" / ".cache"))
    ap.add_argument("--inputs", default="html_text,inscriptis")
    ap.add_argument("--holdout", action="store_true", help="fit on even page ids, score the odd ones")
    ap.add_argument("--c", type=float, default=0.1, help="inverse L2 strength of the logistic fit")
    ap.add_argument("--out", default=None, help="model file (default: the package's, unless --holdout)")
    args = ap.parse_args()

    pages = collect(args)
    keys = sorted(pages)
    if args.holdout:
        model = fit(pages, [k for k in keys if int(k[1]) % 2 == 0], args.c)
        for inp in args.inputs.split(","):
            odd = [k for k in keys if k[0] == inp and int(k[1]) % 2]
            print(f"{inp:12s} held-out headline accuracy {accuracy(model, pages, odd):.4f} ({len(odd)} pages)")
    else:
        model = fit(pages, keys, args.c)
        for inp in args.inputs.split(","):
            mine = [k for k in keys if k[0] == inp]
            print(f"{inp:12s} in-sample headline accuracy {accuracy(model, pages, mine):.4f} ({len(mine)} pages)")
    out = args.out or (None if args.holdout else DATA / "headline_model.json")
    if out:
        doc = {
            "about": "Text-mode headline weights; fitted by benchmarks/train_headline_model.py.",
            "intercept": round(float(model.intercept_[0]), 5),
            "weights": {name: round(w, 5) for name, w in weights(model).items()},
        }
        Path(out).write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {out}")


if __name__ == "__main__":
    main()
