"""The density classifier: decide what the rules left open, then revise with context.

Three steps, each a pure function of the numbers before it:

1. **Alone and among neighbours** (stage 1): gradient-boosted trees over each block's numbers
   (:func:`boilerstrip.features.vectors`: word count, stopword density, sentence ending,
   capitals, digits, position in the page's mass of words, the words and prose around it,
   the chrome lexicon's view of its words, whether it repeats other lines or the title).
2. **Context smoothing** (stage 2): a logistic layer over the stage-1 judgements of the
   neighbours and the page's level revises each block's, so that a short line between two
   body paragraphs (a sub-heading, the lead) stays body and a sentence-like line inside a
   block of menus goes.
3. **Choice** (:func:`expected_f1_keep`): keep the most probable blocks up to the point where
   the expected word F1 of the page's body peaks, instead of one fixed threshold.

The model is data (``data/text_model.json``), fitted by ``benchmarks/train_text_model.py``;
its trees ship as Python, the module ``boilerstrip._trees.text_model`` (see
:mod:`boilerstrip._treecode`). The decision for each block records which pass decided it
(``density.prose``, ``density.context-kept``, ``density.boilerplate``,
``density.context-dropped``), which is what ``Article.removed`` and ``--explain`` report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import mul, sub, truediv
from importlib import resources
from typing import Any

from ._treecode import compile_trees as compile_trees  # (the HTML and headline models' loaders import it from here)
from .blocks import Block, Label
from .features import VECTOR_NAMES, iter_vectors

__all__ = ["STAGE2_NAMES", "Thresholds", "classify", "expected_f1_keep", "groups", "lean", "stage2_vectors", "use_model"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The classifier's dial, and the numbers that name the kind of removed chrome."""

    bias: float = 0.0
    """Added to the decision threshold: positive favours precision, negative recall."""
    short_words: int = 7
    """Blocks below this are labelled by their shape (menu entry, counter, label)."""
    max_upper: float = 0.75
    """Blocks mostly in capitals are mastheads, labels and buttons."""
    max_digits: float = 0.5
    """Share of numeric tokens above which a line is a counter, clock or table of numbers."""


DEFAULT_THRESHOLDS = Thresholds()

#: Names of the stage-2 values, in order.
STAGE2_NAMES: tuple[str, ...] = (
    "bias", "logit", "prev", "next", "window2", "window5", "max3", "min_adjacent",
    "in_stretch", "p_x_words", "window10", "window25", "group_mean", "logit_prev", "logit_next",
    "p_rel_max", "p_max", "p_mean", "share_above", "log_rank", "logit_rel_max",
)


@dataclass(frozen=True, slots=True)
class _Model:
    score1: Callable[[Sequence[float]], float]
    """Stage 1: the trees' summed log-odds for one feature vector."""
    w2: tuple[float, ...]


def _build(raw: dict[str, Any]) -> _Model:
    if list(raw.get("features", VECTOR_NAMES)) != list(VECTOR_NAMES):
        raise ValueError("text model: its feature list does not match this version's features")
    stage1 = raw["stage1"]
    score1 = compile_trees(float(stage1["baseline"]), stage1["trees"], len(VECTOR_NAMES))
    w2 = tuple(float(raw["stage2"][name]) for name in STAGE2_NAMES)
    return _Model(score1, w2)


_override: _Model | None = None


@lru_cache(maxsize=1)
def _packaged() -> _Model:
    raw = json.loads(resources.files("boilerstrip").joinpath("data/text_model.json").read_text("utf-8"))
    return _build(raw)


def _model() -> _Model:
    return _override or _packaged()


def use_model(raw: dict[str, Any] | None) -> None:
    """Use the model ``raw`` (the JSON document ``train_text_model.py`` writes) in this process,
    or the packaged one again with ``None``. For fitting and evaluating models."""
    global _override
    _override = None if raw is None else _build(raw)


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


def _logit(q: float) -> float:
    q = min(max(q, 1e-4), 1 - 1e-4)
    return math.log(q / (1 - q))


def stage2_vectors(p: Sequence[float], log_words: Sequence[float], groups: Sequence[int]) -> list[list[float]]:
    """Context values for each block from the stage-1 probabilities ``p`` around it, and from
    the page's level: a page whose best block is doubtful is judged against that block."""
    return list(iter_stage2(p, log_words, groups))


def iter_stage2(p: Sequence[float], log_words: Sequence[float], groups: Sequence[int]) -> Iterator[list[float]]:
    """:func:`stage2_vectors` one row at a time (a large page's rows would cost more memory
    than the page)."""
    return map(list, _stage2_rows(p, log_words, groups))


_CHUNK = 256
"""Rows made at a time, one column after the other: the columns are slices and C-level maps
over page-wide lists (far cheaper than a Python expression per value), and a chunk bounds the
memory they cost."""


def _window(prefix: Sequence[float], p: Sequence[float], n: int, k: int, a: int, b: int) -> list[float]:
    """Rows ``a`` to ``b`` of the mean of ``p`` over the ``k`` blocks either side (the block
    itself left out), from the prefix sums of ``p``."""

    def one(i: int) -> float:
        lo, hi = max(0, i - k), min(n, i + k + 1)
        count = hi - lo - 1
        return (prefix[hi] - prefix[lo] - p[i]) / count if count else 0.0

    s, e = max(a, k), min(b, n - k)  # rows whose window lies inside the page
    if s >= e:
        return [one(i) for i in range(a, b)]
    inner = map(truediv, map(sub, map(sub, prefix[s + k + 1:e + k + 1], prefix[s - k:e - k]), p[s:e]), repeat(2 * k))
    return [one(i) for i in range(a, s)] + list(inner) + [one(i) for i in range(e, b)]


def _stage2_rows(p: Sequence[float], log_words: Sequence[float], groups: Sequence[int]) -> Iterator[tuple[float, ...]]:
    """The rows of :func:`iter_stage2` as tuples, made a chunk of rows at a time."""
    n = len(p)
    if not n:
        return
    p = list(p)
    log_words = list(log_words)
    gsum: dict[int, float] = {}
    gcount: dict[int, int] = {}
    for g, value in zip(groups, p):
        gsum[g] = gsum.get(g, 0.0) + value
        gcount[g] = gcount.get(g, 0) + 1
    group_mean = {g: gsum[g] / gcount[g] for g in gsum}
    # the densest stretch of likely content: maximum sub-array over (p - 0.5) * weight
    best, span, run, start = 0.0, (0, 0), 0.0, 0
    for i in range(n):
        value = (p[i] - 0.5) * (1.0 + log_words[i])
        if run <= 0:
            run, start = value, i
        else:
            run += value
        if run > best:
            best, span = run, (start, i + 1)
    prefix = list(accumulate(p, initial=0.0))
    p_max = max(p)
    logit_max = _logit(p_max)
    words = list(map(math.expm1, log_words))
    total_words = sum(words) or 1.0
    p_mean = sum(map(mul, p, words)) / total_words
    # (reverse=True keeps equal values in their order, as a key of -p would)
    order = sorted(range(n), key=p.__getitem__, reverse=True)
    rank = [0] * n
    above = [0.0] * n
    seen = 0.0
    for r, j in enumerate(order):
        rank[j] = r
        above[j] = seen / total_words
        seen += words[j]
    del order, words
    logits = list(map(_logit, p))
    p_scale = max(p_max, 1e-3)
    # for max3: -inf outside the page is never the largest (n > 1: every block has a neighbour)
    padded = [-math.inf] * 3 + p + [-math.inf] * 3
    for a in range(0, n, _CHUNK):
        b = min(n, a + _CHUNK)
        m = b - a
        prev = p[a - 1:b - 1] if a else [0.0] + p[:b - 1]
        nxt = p[a + 1:b + 1] + ([0.0] if b == n else [])
        if n > 1:
            # the largest of the 3 blocks either side (in the same order as a list of them)
            max3 = list(map(max, padded[a:b], padded[a + 1:b + 1], padded[a + 2:b + 2],
                            padded[a + 4:b + 4], padded[a + 5:b + 5], padded[a + 6:b + 6]))
        else:
            max3 = [0.0]
        lo, hi = max(a, span[0]), min(b, span[1])
        in_stretch = [0.0] * m if lo >= hi else [0.0] * (lo - a) + [1.0] * (hi - lo) + [0.0] * (b - hi)
        yield from zip(
            repeat(1.0, m),
            logits[a:b],
            prev,
            nxt,
            _window(prefix, p, n, 2, a, b),
            _window(prefix, p, n, 5, a, b),
            max3,
            map(min, prev, nxt),
            in_stretch,
            map(mul, p[a:b], log_words[a:b]),
            _window(prefix, p, n, 10, a, b),
            _window(prefix, p, n, 25, a, b),
            map(group_mean.__getitem__, groups[a:b]),
            logits[a - 1:b - 1] if a else [-5.0] + logits[:b - 1],
            logits[a + 1:b + 1] + ([-5.0] if b == n else []),
            [v / p_scale for v in p[a:b]],
            repeat(p_max, m),
            repeat(p_mean, m),
            above[a:b],
            map(math.log1p, rank[a:b]),
            [v - logit_max for v in logits[a:b]],
        )


_NEVER_BELOW = 0.15
"""A block this unlikely is never kept: without it a page of pure chrome would keep its
least bad line (the expected F1 of keeping nothing is zero, of keeping anything above it)."""


_SHORT_WORDS = 4
_SHORT_KEEP = 0.6


def expected_f1_keep(p: Sequence[float], weights: Sequence[float], beta: float = 1.0) -> list[bool]:
    """The blocks to keep so that the expected word F-score is highest, given each block's
    probability ``p`` of being content and its weight (words).

    The best set is a run of the most probable blocks; its length is where
    ``(1 + b²) * E[kept content] / (b² * E[all content] + kept words)`` peaks (``b`` is
    ``beta``: 1 weighs precision and recall alike, below 1 favours precision and keeps a
    shorter run, above 1 favours recall). A page with little likely content keeps only its
    best blocks, one with much keeps generously: a fixed threshold cannot do both.
    """
    n = len(p)
    order = [j for j in sorted(range(n), key=lambda j: -p[j]) if p[j] >= _NEVER_BELOW]
    b2 = beta * beta
    total = b2 * sum(a * b for a, b in zip(p, weights))
    best, best_k, tp, kept = 0.0, 0, 0.0, 0.0
    for k, j in enumerate(order, 1):
        tp += p[j] * weights[j]
        kept += weights[j]
        value = (1 + b2) * tp / (kept + total) if kept + total else 0.0
        if value > best:
            best, best_k = value, k
    keep = [False] * n
    for j in order[:best_k]:
        keep[j] = True
    return keep


def lean(kept: bool, p: float, bias: float) -> bool:
    """A kept-or-not decision moved by ``bias`` one way only: above zero a kept block whose
    probability is below ``0.5 + bias`` goes, below zero a dropped one from ``0.5 + bias``
    comes back."""
    if bias > 0:
        return kept and p >= 0.5 + bias
    if bias < 0:
        return kept or p >= 0.5 + bias
    return kept


def groups(blocks: Sequence[Block]) -> list[int]:
    """The run (lines with no blank line between them) each block belongs to."""
    out, g = [], -1
    for i, b in enumerate(blocks):
        if i == 0 or "blank-before" in b.hints:
            g += 1
        out.append(g)
    return out


def classify(blocks: Sequence[Block], language: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """Label every undecided block BODY or CHROME (in place), with a kind and a reason.

    Blocks a rule decided (``locked``) keep their decision but still count as context.
    ``thresholds.bias`` moves the result one way only: above zero it drops kept blocks whose
    score is below ``0.5 + bias``; below zero it adds blocks scoring at least ``0.5 + bias``.
    """
    if not blocks:
        return
    model = _model()
    score1, w2 = model.score1, model.w2
    # one row at a time: the rows of a large page would cost far more memory than the page
    p1 = []
    log_words = []
    for x in iter_vectors(blocks, language):
        p1.append(_sigmoid(score1(x)))
        log_words.append(x[1])
    # a rule's verdict is certain: it enters the context as 0 or 1
    for i, block in enumerate(blocks):
        if block.locked:
            p1[i] = 1.0 if block.label is Label.BODY else 0.0
    p2 = [_sigmoid(sum(map(mul, w2, x))) for x in _stage2_rows(p1, log_words, groups(blocks))]
    keep = expected_f1_keep(p2, [b.features.words + 0.5 for b in blocks])
    for i, (block, first, final) in enumerate(zip(blocks, p1, p2)):
        block.score = final
        if block.locked or block.label is not Label.UNDECIDED:
            continue
        # a line of a few words is kept only when more likely content than not: on a page
        # of thousands of them (a giant list) their summed doubt would outweigh the text
        kept = lean(keep[i] and (block.features.words >= _SHORT_WORDS or final >= _SHORT_KEEP), final, thresholds.bias)
        if kept:
            block.decide(Label.BODY, "", "density.prose" if first >= 0.5 else "density.context-kept")
        else:
            reason = "density.boilerplate" if first < 0.5 else "density.context-dropped"
            block.decide(Label.CHROME, _kind(block, thresholds), reason)


def _kind(block: Block, t: Thresholds) -> str:
    """Name the kind of chrome a density decision removed, from the block's shape."""
    f = block.features
    if f.link_density > 0.5 or f.repeats > 1 or "nav" in block.hints:
        return "navigation"
    if f.words and f.digit_ratio > t.max_digits:
        return "counter"
    if f.words < t.short_words and f.upper_ratio > t.max_upper and f.position < 0.2:
        return "masthead"
    if f.words < t.short_words:
        return "navigation" if f.position < 0.3 else "boilerplate"
    return "boilerplate"
