"""The density classifier: decide what the rules left open, then revise with context.

Two passes, each a pure function of the numbers before it:

1. **Alone and among neighbours** (stage 1): a logistic score over each block's numbers
   (:func:`boilerstrip.features.vectors`: word count, stopword density, sentence ending,
   capitals, digits, position in the page's mass of words, the words and prose around it,
   whether it lies in the page's densest stretch of prose).
2. **Context smoothing** (stage 2): the stage-1 judgements of the neighbours revise each
   block's, so that a short line between two body paragraphs (a sub-heading, the lead)
   stays body and a sentence-like line inside a block of menus goes.

Both weight vectors are data (``data/text_model.json``), fitted by
``benchmarks/train_text_model.py``; evaluating them is a few dot products per block.
The decision for each block records which pass decided it (``density.prose``,
``density.context-kept``, ``density.boilerplate``, ``density.context-dropped``), which is
what ``Article.removed`` and ``--explain`` report.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .blocks import Block, Label
from .features import VECTOR_NAMES, iter_vectors

__all__ = ["STAGE2_NAMES", "Thresholds", "classify", "groups", "stage2_vectors"]


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
)


@lru_cache(maxsize=1)
def _model() -> tuple[tuple[float, ...], tuple[float, ...], float]:
    raw = json.loads(resources.files("boilerstrip").joinpath("data/text_model.json").read_text("utf-8"))
    w1 = tuple(float(raw["stage1"][name]) for name in VECTOR_NAMES)
    w2 = tuple(float(raw["stage2"][name]) for name in STAGE2_NAMES)
    return w1, w2, float(raw["threshold"])


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
    """Context values for each block from the stage-1 probabilities ``p`` around it."""
    n = len(p)
    gsum: dict[int, float] = {}
    gcount: dict[int, int] = {}
    for g, value in zip(groups, p):
        gsum[g] = gsum.get(g, 0.0) + value
        gcount[g] = gcount.get(g, 0) + 1
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
    prefix = [0.0]
    for value in p:
        prefix.append(prefix[-1] + value)

    def window(i: int, k: int) -> float:
        lo, hi = max(0, i - k), min(n, i + k + 1)
        count = hi - lo - 1
        return (prefix[hi] - prefix[lo] - p[i]) / count if count else 0.0

    out = []
    for i in range(n):
        prev = p[i - 1] if i else 0.0
        nxt = p[i + 1] if i + 1 < n else 0.0
        around = [p[j] for j in range(max(0, i - 3), min(n, i + 4)) if j != i]
        out.append([
            1.0,
            _logit(p[i]),
            prev,
            nxt,
            window(i, 2),
            window(i, 5),
            max(around) if around else 0.0,
            min(prev, nxt),
            float(span[0] <= i < span[1]),
            p[i] * log_words[i],
            window(i, 10),
            window(i, 25),
            gsum[groups[i]] / gcount[groups[i]],
            _logit(prev) if i else -5.0,
            _logit(nxt) if i + 1 < n else -5.0,
        ])
    return out


def groups(blocks: Sequence[Block]) -> list[int]:
    """The run (lines with no blank line between them) each block belongs to."""
    out, g = [], -1
    for i, b in enumerate(blocks):
        if i == 0 or "blank-before" in b.hints:
            g += 1
        out.append(g)
    return out


def _dot(w: Sequence[float], x: Sequence[float]) -> float:
    return sum(a * b for a, b in zip(w, x))


def classify(blocks: Sequence[Block], language: str, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> None:
    """Label every undecided block BODY or CHROME (in place), with a kind and a reason.

    Blocks a rule decided (``locked``) keep their decision but still count as context.
    """
    if not blocks:
        return
    w1, w2, threshold = _model()
    threshold += thresholds.bias
    # one row at a time: the rows of a large page would cost far more memory than the page
    p1 = []
    log_words = []
    for x in iter_vectors(blocks, language):
        p1.append(_sigmoid(_dot(w1, x)))
        log_words.append(x[1])
    # a rule's verdict is certain: it enters the context as 0 or 1
    for i, block in enumerate(blocks):
        if block.locked:
            p1[i] = 1.0 if block.label is Label.BODY else 0.0
    p2 = [_sigmoid(_dot(w2, x)) for x in stage2_vectors(p1, log_words, groups(blocks))]
    for block, first, final in zip(blocks, p1, p2):
        block.score = final
        if block.locked or block.label is not Label.UNDECIDED:
            continue
        if final >= threshold:
            block.decide(Label.BODY, "", "density.prose" if first >= threshold else "density.context-kept")
        else:
            reason = "density.boilerplate" if first < threshold else "density.context-dropped"
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
