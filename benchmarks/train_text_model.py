"""Fit the weights of the text-mode line classifier (``src/boilerstrip/data/text_model.json``).

The classifier is two logistic layers over the numbers of :func:`boilerstrip.features.vectors`:
the first judges each block from its own numbers and its neighbourhood's, the second revises
that judgement with the judgements around it (context smoothing, learned instead of hand-set).
Pure Python evaluates it at run time; numpy is needed only here, to fit it.

Training data: the WCXB-dev pages rendered to text by html-text and inscriptis (the renders
that ``benchmarks/bench.py --cache-only`` writes), a block labelled content when its text
appears in the page's reference main content. ScrapingHub is never used for fitting, so its
figures stay an out-of-sample check. ``--holdout`` fits on even page ids only, so the odd ones
can be scored as unseen pages.

    python benchmarks/train_text_model.py [--data ../shared/bench] [--holdout]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from boilerstrip.api import _prepare  # noqa: E402
from boilerstrip.density import STAGE2_NAMES, groups, stage2_vectors  # noqa: E402
from boilerstrip.features import VECTOR_NAMES, vectors  # noqa: E402

_TOK = re.compile(r"\w+")


def labels(blocks, reference: str) -> list[int]:
    ref_tokens = _TOK.findall(reference.lower())
    ref_string = " " + " ".join(ref_tokens) + " "
    ref_lines = {" ".join(_TOK.findall(line.lower())) for line in reference.split("\n")}
    ref_trigrams = set(zip(ref_tokens, ref_tokens[1:], ref_tokens[2:]))
    out = []
    for b in blocks:
        toks = _TOK.findall(b.text.lower())
        if not toks:
            out.append(0)
            continue
        joined = " ".join(toks)
        if len(toks) < 4:
            out.append(int(joined in ref_lines or (len(toks) > 1 and f" {joined} " in ref_string)))
            continue
        if f" {joined} " in ref_string:
            out.append(1)
            continue
        grams = list(zip(toks, toks[1:], toks[2:]))
        hit = sum(g in ref_trigrams for g in grams) / len(grams)
        out.append(int(hit >= 0.6))
    return out


def fit(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """Weighted L2-regularised logistic regression by Newton's method."""
    beta = np.zeros(X.shape[1])
    for _ in range(iters):
        z = X @ beta
        p = 1 / (1 + np.exp(-z))
        g = X.T @ (w * (p - y)) + l2 * beta
        H = (X * (w * p * (1 - p))[:, None]).T @ X + l2 * np.eye(X.shape[1])
        step = np.linalg.solve(H, g)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--cache", default=str(ROOT / "benchmarks" / ".cache"))
    ap.add_argument("--inputs", default="html_text,inscriptis")
    ap.add_argument("--holdout", action="store_true", help="fit on even page ids only")
    ap.add_argument("--out", default=str(ROOT / "src" / "boilerstrip" / "data" / "text_model.json"))
    args = ap.parse_args()
    gt_dir = Path(args.data) / "wcxb-dev" / "ground-truth"
    pages = []
    for path in sorted(gt_dir.glob("*.json")):
        if args.holdout and int(path.stem) % 2:
            continue
        gt = json.loads(path.read_text())
        ref = (gt.get("ground_truth") or {}).get("main_content") or ""
        for inp in args.inputs.split(","):
            render = Path(args.cache) / "wcxb-dev" / inp / f"{path.stem}.txt"
            if render.exists():
                pages.append((render.read_text(), ref))
    print(f"{len(pages)} renders", file=sys.stderr)
    rows, ys, ws, page_groups = [], [], [], []
    for text, ref in pages:
        blocks, lang = _prepare(text)
        if not blocks:
            continue
        rows.append(np.array(vectors(blocks, lang)))
        page_groups.append(groups(blocks))
        ys.append(np.array(labels(blocks, ref), dtype=float))
        ws.append(np.array([math.sqrt(1 + b.features.words) for b in blocks]))
    X = np.vstack(rows)
    y = np.concatenate(ys)
    w = np.concatenate(ws)
    print(f"{len(y)} blocks, {y.mean():.3f} content", file=sys.stderr)
    beta1 = fit(X, y, w)
    # stage 2: context over stage-1 probabilities, page by page
    rows2 = []
    for Xp, gp in zip(rows, page_groups):
        p = 1 / (1 + np.exp(-(Xp @ beta1)))
        rows2.append(np.array(stage2_vectors(list(map(float, p)), [float(v) for v in Xp[:, VECTOR_NAMES.index("log_words")]], gp)))
    X2 = np.vstack(rows2)
    beta2 = fit(X2, y, w)
    p2 = 1 / (1 + np.exp(-(X2 @ beta2)))
    words = np.expm1(X[:, VECTOR_NAMES.index("log_words")])
    best = (0.0, 0.5)
    for t in np.arange(0.2, 0.8, 0.02):
        pred = p2 >= t
        tp = (words * (pred & (y == 1))).sum()
        prec = tp / max(1e-9, (words * pred).sum())
        rec = tp / max(1e-9, (words * (y == 1)).sum())
        f1 = 2 * prec * rec / max(1e-9, prec + rec)
        if f1 > best[0]:
            best = (f1, float(t))
    print(f"word-weighted block F1 {best[0]:.4f} at threshold {best[1]:.2f}", file=sys.stderr)
    model = {
        "about": "Weights of boilerstrip's text-mode line classifier; fitted by benchmarks/train_text_model.py "
        "on WCXB-dev text renders (CC-BY-4.0, WCXB, Murrough Foley)" + (" (even page ids only)" if args.holdout else "") + ".",
        "stage1": dict(zip(VECTOR_NAMES, map(float, beta1))),
        "stage2": dict(zip(STAGE2_NAMES, map(float, beta2))),
        "threshold": round(best[1], 3),
    }
    Path(args.out).write_text(json.dumps(model, indent=1) + "\n")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
