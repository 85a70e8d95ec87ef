"""Fit the text-mode line classifier (``src/boilerstrip/data/text_model.json``) and the chrome
lexicon it reads (``src/boilerstrip/data/chrome_lexicon.json``).

The classifier has two stages over the numbers of :func:`boilerstrip.features.vectors`:

1. gradient-boosted trees judge each block from its own numbers and its neighbourhood's;
2. a logistic layer revises that judgement with the judgements around it and the page's
   overall level (context smoothing, learned instead of hand-set). Its training rows come
   from out-of-fold stage-1 scores, so it learns how far to trust stage 1 on unseen pages.

The library evaluates both in pure Python (the trees are compiled once into a Python
function); numpy and scikit-learn are needed only here, to fit them.

Training data: the WCXB-dev pages rendered to text by html-text and inscriptis (the renders
that ``benchmarks/bench.py --cache-only`` writes), a block labelled content when its text
appears in the page's reference main content. ScrapingHub is not used for fitting unless
``--datasets`` says so, so its figures stay an out-of-sample check. ``--cv K`` writes nothing
and prints the body F1 of the fitted datasets out of fold, with K folds grouped by site host
(each page scored by a lexicon and a model fitted without its site), beside in-sample (fitted
on every page), per render and page type; pages are cleaned with their URL, as ``bench.py``
cleans them. ``--holdout`` fits on even
page ids only and prints the body F1 of the odd ones and of ScrapingHub; it does not write the
package data unless ``--out``/``--lexicon-out`` say where.

The lexicon keeps only words seen on pages of at least ``--min-sites`` different sites
(hosts), so it describes chrome in general and never names one site.

    python benchmarks/train_text_model.py [--data ../shared/bench] [--cv 5 | --holdout]
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from boilerstrip import density, features  # noqa: E402
from boilerstrip._treecode import write_modules  # noqa: E402
from boilerstrip.api import _prepare, undecided  # noqa: E402
from boilerstrip.density import STAGE2_NAMES, groups, stage2_vectors  # noqa: E402
from boilerstrip.features import VECTOR_NAMES, WORD, vectors  # noqa: E402

_TOK = re.compile(r"\w+")
DATA = ROOT / "src" / "boilerstrip" / "data"


def labels(blocks, reference: str) -> list[int]:
    """1 for a block whose text is in the reference main content, else 0."""
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


def fit_lr(X: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0, iters: int = 30) -> np.ndarray:
    """Weighted L2-regularised logistic regression by Newton's method."""
    beta = np.zeros(X.shape[1])
    for _ in range(iters):
        p = 1 / (1 + np.exp(-(X @ beta)))
        g = X.T @ (w * (p - y)) + l2 * beta
        H = (X * (w * p * (1 - p))[:, None]).T @ X + l2 * np.eye(X.shape[1])
        step = np.linalg.solve(H, g)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def build_lexicon(pages: list[dict], min_sites: int) -> dict[str, float]:
    """Word -> log-odds (content vs chrome) over pages, for words seen on ``min_sites`` hosts."""
    pos: Counter[str] = Counter()
    neg: Counter[str] = Counter()
    sites: dict[str, set[str]] = defaultdict(set)
    for page in pages:
        in_content: set[str] = set()
        in_chrome: set[str] = set()
        for b, y in zip(page["blocks"], page["y_all"]):
            words = {t.lower() for t in WORD.findall(b.text) if not t.isdigit()}
            (in_content if y else in_chrome).update(words)
        pos.update(in_content)
        neg.update(in_chrome)
        for word in in_content | in_chrome:
            sites[word].add(page["host"])
    return {
        word: round(math.log((pos[word] + 1) / (neg[word] + 1)), 3)
        for word, hosts in sites.items()
        if len(hosts) >= min_sites
    }


def export_trees(model) -> tuple[float, list]:
    """A fitted HistGradientBoostingClassifier as (baseline, nested [feature, threshold, left, right] | leaf)."""

    def node(nodes, i: int):
        if nodes["is_leaf"][i]:
            return round(float(nodes["value"][i]), 6)
        return [
            int(nodes["feature_idx"][i]),
            float(nodes["num_threshold"][i]),
            node(nodes, int(nodes["left"][i])),
            node(nodes, int(nodes["right"][i])),
        ]

    trees = [node(pred[0].nodes, 0) for pred in model._predictors]
    return float(model._baseline_prediction[0][0]), trees


def _entries(args) -> list[tuple[str, str, str, str | None, str]]:
    """(dataset, page id, reference main content, URL, page type) of each page to read."""
    out = []
    for dataset in args.datasets.split(","):
        if dataset == "wcxb-dev":
            for path in sorted((Path(args.data) / "wcxb-dev" / "ground-truth").glob("*.json")):
                gt = json.loads(path.read_text())
                ref = (gt.get("ground_truth") or {}).get("main_content") or ""
                kind = ((gt.get("_internal") or {}).get("page_type") or {}).get("primary") or "unknown"
                out.append((dataset, path.stem, ref, gt.get("url"), kind))
        elif dataset == "scrapinghub":
            truth = json.loads((Path(args.data) / "scrapinghub" / "ground-truth.json").read_text())
            for pid, item in sorted(truth.items()):
                out.append((dataset, pid, item.get("articleBody") or "", item.get("url"), "article"))
        else:
            raise SystemExit(f"unknown dataset {dataset!r} (wcxb-dev, scrapinghub)")
    return out


_SOURCES = {
    "wcxb-dev": "WCXB-dev text renders (CC-BY-4.0, WCXB, Murrough Foley)",
    "scrapinghub": "ScrapingHub text renders (MIT, Scrapinghub)",
}


def _sources(args) -> str:
    """The fitted datasets and their licences, for the model files' "about"."""
    return " and ".join(_SOURCES[d] for d in args.datasets.split(","))


def load_pages(args, holdout: bool) -> tuple[list[dict], list[dict]]:
    """Training pages (and, with ``holdout``, the unseen odd WCXB-dev ones) with blocks and labels."""
    train, test = [], []
    for dataset, pid, ref, url, kind in _entries(args):
        host = urlsplit(url or "").netloc.lower().removeprefix("www.") or pid
        for inp in args.inputs.split(","):
            render = Path(args.cache) / dataset / inp / f"{pid}.txt"
            if not render.exists():
                continue
            text = render.read_text()
            page = {"dataset": dataset, "id": pid, "input": inp, "text": text, "ref": ref, "host": host, "url": url, "type": kind}
            if holdout and dataset == "wcxb-dev" and int(pid) % 2:
                test.append(page)
                continue
            blocks, lang = _prepare(text)
            page.update(blocks=blocks, lang=lang, y_all=labels(blocks, ref))
            train.append(page)
    return train, test


def fit(train: list[dict], args, log=lambda msg: None) -> tuple[dict, dict[str, float]]:
    """The lexicon, the stage-1 trees and the stage-2 weights fitted on ``train``: the model
    document (as ``text_model.json`` holds it) and the lexicon."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    lex = build_lexicon(train, args.min_sites)
    log(f"lexicon: {len(lex)} words seen on >= {args.min_sites} sites")
    features.lexicon = lambda: lex  # the vectors below read this lexicon
    rows, ys, ws, page_groups = [], [], [], []
    for page in train:
        open_blocks = undecided(page["blocks"])
        if not open_blocks:
            continue
        keep = {id(b) for b in open_blocks}
        rows.append(np.array(vectors(open_blocks, page["lang"])))
        ys.append(np.array([y for b, y in zip(page["blocks"], page["y_all"]) if id(b) in keep], dtype=float))
        ws.append(np.array([math.sqrt(1 + b.features.words) for b in open_blocks]))
        page_groups.append(groups(open_blocks))
    X, y, w = np.vstack(rows), np.concatenate(ys), np.concatenate(ws)
    log(f"{len(y)} blocks, {y.mean():.3f} content")

    def booster():
        return HistGradientBoostingClassifier(
            max_iter=args.trees, max_depth=args.depth, learning_rate=args.rate, min_samples_leaf=40, random_state=0
        )

    model1 = booster().fit(X, y, sample_weight=w)
    # stage 2 learns from out-of-fold stage-1 scores (3 folds by page): in-sample scores
    # would be over-confident and teach it to trust stage 1 too much
    lw = VECTOR_NAMES.index("log_words")
    oof: list[np.ndarray] = [np.empty(0)] * len(rows)
    for fold in range(3):
        idx = [i for i in range(len(rows)) if i % 3 != fold]
        m = booster().fit(np.vstack([rows[i] for i in idx]), np.concatenate([ys[i] for i in idx]),
                          sample_weight=np.concatenate([ws[i] for i in idx]))
        for i in range(fold, len(rows), 3):
            oof[i] = m.predict_proba(rows[i])[:, 1]
    X2 = np.vstack([
        np.array(stage2_vectors(list(map(float, p)), [float(v) for v in Xp[:, lw]], gp))
        for p, Xp, gp in zip(oof, rows, page_groups)
    ])
    beta2 = fit_lr(X2, y, w)
    baseline, trees = export_trees(model1)
    model = {
        "about": "boilerstrip's text-mode line classifier; fitted by benchmarks/train_text_model.py on "
        + _sources(args) + (" (even page ids only)" if args.holdout else "") + ".",
        "features": list(VECTOR_NAMES),
        "stage1": {"baseline": baseline, "trees": trees},
        "stage2": dict(zip(STAGE2_NAMES, map(float, beta2))),
    }
    return model, lex


def body_f1(pages: list[dict], model: dict, lex: dict[str, float]) -> list[float]:
    """Each page's body F1 when the cleaner uses ``model`` and ``lex`` (the page's URL given,
    as ``bench.py`` gives it)."""
    import boilerstrip
    from boilerstrip.evaluation import scrapinghub_page_prf, wcxb_page

    def f1(page: dict, body: str) -> float:
        score = wcxb_page if page["dataset"] == "wcxb-dev" else scrapinghub_page_prf
        return score(body, page["ref"])[2]

    features.lexicon = lambda: lex
    density.use_model(model)
    try:
        cleaner = boilerstrip.Cleaner()
        return [f1(p, cleaner.clean(p["text"], input="text", url=p["url"]).body) for p in pages]
    finally:
        density.use_model(None)


def cross_validate(pages: list[dict], args, log) -> dict:
    """Out-of-fold body F1 of each dataset (folds grouped by site host: a page is scored by a model
    and a lexicon fitted without its site), beside in-sample (the model fitted on every page),
    per render and per page type."""
    from sklearn.model_selection import GroupKFold

    oof = np.zeros(len(pages))
    for k, (tr, te) in enumerate(GroupKFold(n_splits=args.cv).split(pages, groups=[p["host"] for p in pages])):
        model, lex = fit([pages[i] for i in tr], args)
        oof[te] = body_f1([pages[i] for i in te], model, lex)
        log(f"fold {k + 1}/{args.cv} scored")
    model, lex = fit(pages, args)
    insample = np.asarray(body_f1(pages, model, lex))
    out: dict = {}
    for dataset in args.datasets.split(","):
        for inp in args.inputs.split(","):
            mine = [i for i, p in enumerate(pages) if p["input"] == inp and p["dataset"] == dataset]
            if not mine:
                continue
            row = {"pages": len(mine), "oof": round(float(oof[mine].mean()), 4), "in-sample": round(float(insample[mine].mean()), 4)}
            by: dict[str, list[int]] = defaultdict(list)
            for i in mine:
                by[pages[i]["type"]].append(i)
            if len(by) > 1:
                row["oof by type"] = {t: round(float(oof[ix].mean()), 4) for t, ix in sorted(by.items())}
                row["in-sample by type"] = {t: round(float(insample[ix].mean()), 4) for t, ix in sorted(by.items())}
            out[f"{dataset} {inp}"] = row
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "bench"))
    ap.add_argument("--cache", default=str(ROOT / "benchmarks" / ".cache"))
    ap.add_argument("--inputs", default="html_text,inscriptis")
    ap.add_argument("--datasets", default="wcxb-dev", help="what to fit on: wcxb-dev, scrapinghub or both (comma-separated)")
    ap.add_argument("--holdout", action="store_true", help="fit on even page ids, score the odd ones")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="only report: K-fold cross-validation grouped by site (out-of-fold and in-sample body F1)")
    ap.add_argument("--trees", type=int, default=150)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--rate", type=float, default=0.1)
    ap.add_argument("--min-sites", type=int, default=25)
    ap.add_argument("--out", default=None, help="model file (default: the package's, unless --holdout or --cv)")
    ap.add_argument("--lexicon-out", default=None, help="lexicon file (default: the package's, unless --holdout or --cv)")
    args = ap.parse_args()

    t0 = time.time()

    def log(msg: str) -> None:
        print(f"{msg} ({time.time() - t0:.0f} s)", file=sys.stderr)

    train, test = load_pages(args, args.holdout)
    log(f"{len(train)} training renders, {len(test)} held out")
    if args.cv:
        print(json.dumps(cross_validate(train, args, log), indent=1))
        return
    model, lex = fit(train, args, log)
    log("fitted")
    lexicon_doc = {
        "about": f"Words seen on pages of at least {args.min_sites} different sites in {_sources(args)}"
        ", with the log-odds that a page using the word has it in its main "
        "content rather than its chrome; fitted by benchmarks/train_text_model.py.",
        "words": dict(sorted(lex.items())),
    }
    out = args.out or (None if args.holdout else str(DATA / "text_model.json"))
    lex_out = args.lexicon_out or (None if args.holdout else str(DATA / "chrome_lexicon.json"))
    if out:
        Path(out).write_text(json.dumps(model, separators=(",", ":")) + "\n")
        print(f"wrote {out}", file=sys.stderr)
        for path in write_modules():  # the package's trees as Python, made from its model files
            print(f"wrote {path}", file=sys.stderr)
    if lex_out:
        Path(lex_out).write_text(json.dumps(lexicon_doc, indent=0, ensure_ascii=False) + "\n")
        print(f"wrote {lex_out}", file=sys.stderr)
    if args.holdout:
        score_holdout(args, test, model)


def score_holdout(args, test: list[dict], model: dict) -> None:
    """Body F1 of the cleaner, with the model just fitted, on the held-out pages and ScrapingHub."""
    import boilerstrip
    from boilerstrip.evaluation import scrapinghub_corpus, wcxb_page

    density.use_model(model)
    cleaner = boilerstrip.Cleaner()
    by_input: dict[str, list[float]] = defaultdict(list)
    for page in test:
        by_input[page["input"]].append(wcxb_page(cleaner.clean(page["text"], input="text").body, page["ref"])[2])
    for inp, f1s in sorted(by_input.items()):
        print(f"held-out WCXB-dev (odd ids) {inp}: F1 {sum(f1s) / len(f1s):.4f} over {len(f1s)} pages")
    truth = json.loads((Path(args.data) / "scrapinghub" / "ground-truth.json").read_text())
    for inp in args.inputs.split(","):
        pairs = []
        for pid, item in truth.items():
            render = Path(args.cache) / "scrapinghub" / inp / f"{pid}.txt"
            if render.exists():
                pairs.append((cleaner.clean(render.read_text(), input="text").body, item.get("articleBody") or ""))
        if pairs:
            print(f"ScrapingHub {inp}: F1 {scrapinghub_corpus(pairs)['f1']:.4f} over {len(pairs)} pages")


if __name__ == "__main__":
    main()
