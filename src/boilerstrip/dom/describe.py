"""Describe each HTML block as numbers for the learned block classifier.

The DOM front-end's selection (:mod:`boilerstrip.dom.select`) gives a first opinion; this
module turns that opinion and everything else the markup says about a block into one row of
numbers, so that a model fitted across many sites (``benchmarks/train_html_model.py``) makes
the decision:

- the selection's verdict and reason, and the block's content value;
- the block's own text numbers (:class:`~boilerstrip.blocks.Features`) and the text model's
  stage-1 probability for its text alone (the evidence plain-text mode has);
- its tag and membership (list, table, quote, code, figure caption, heading level);
- the semantic flags of its ancestors (navigation, header, footer, aside, form, comments,
  share, related, advert, consent, newsletter...), from tags, ARIA roles and class words;
- the text and link statistics of its container and of the container above;
- how many siblings share its container's tag (cards, posts, menu items);
- the same opinions averaged over its neighbours, and page-level signals (what the metadata
  says the page is, how much of it the selection kept).

Every row has :data:`FEATURE_NAMES` columns; the rows of a page are built in one pass over
the blocks plus one over the containers, so the cost is linear in the page.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any

from ..blocks import Label
from ..density import _sigmoid, compile_trees
from ..metadata import PageMeta
from . import flags as fl
from .segment import Segmented

__all__ = ["FEATURE_NAMES", "PAGE_KINDS", "HtmlModel", "build_model", "describe", "iter_rows", "packaged_model", "page_kind", "probabilities"]

_REASONS = (
    "dom.main", "dom.outside-main", "dom.chrome-container", "dom.link-dense", "dom.repeated",
    "dom.trailing", "dom.fallback-content", "dom.fallback-region", "dom.lead",
)
_HINTS = (
    "p", "li", "div", "td", "th", "dd", "dt", "header", "nav", "footer", "aside", "form", "list",
    "table", "quote", "code", "figcaption", "caption-class", "h1", "byline", "comments", "role:main",
)
_FLAGS = (
    ("nav", fl.F_NAV), ("header", fl.F_HEADER), ("footer", fl.F_FOOTER), ("aside", fl.F_ASIDE),
    ("form", fl.F_FORM), ("comments", fl.F_COMMENTS), ("share", fl.F_SHARE), ("related", fl.F_RELATED),
    ("advert", fl.F_ADVERT), ("cookie", fl.F_COOKIE), ("newsletter", fl.F_NEWSLETTER),
    ("breadcrumb", fl.F_BREADCRUMB), ("meta", fl.F_META), ("content", fl.F_CONTENT), ("main", fl.F_MAIN),
    ("modal", fl.F_MODAL), ("hidden", fl.F_HIDDEN_HINT), ("post", fl.F_POST), ("tags", fl.F_TAGS),
    ("author-bio", fl.F_AUTHOR_BIO), ("pagination", fl.F_PAGINATION), ("fallback", fl.F_FALLBACK),
    ("review", fl.F_REVIEW),
)
_ARTICLE = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "techarticle", "scholarlyarticle", "report", "review", "posting",
})
_FORUM = frozenset({"discussionforumposting", "qapage", "question", "socialmediaposting"})
_PRODUCT = frozenset({"product", "productgroup", "offer", "og:product", "book", "softwareapplication"})
_COLLECTION = frozenset({"collectionpage", "itemlist", "searchresultspage", "itempage", "website", "webpage"})
PAGE_KINDS = ("article", "forum", "product", "collection", "unknown")


def page_kind(meta: PageMeta) -> str:
    """What the page's metadata says it is: one of :data:`PAGE_KINDS`."""
    kinds = {(meta.jsonld_type or "").lower(), (meta.og_type or "").lower()}
    for name, table in (("forum", _FORUM), ("product", _PRODUCT), ("article", _ARTICLE), ("collection", _COLLECTION)):
        if kinds & table:
            return name
    return "unknown"


FEATURE_NAMES: tuple[str, ...] = (
    ("sel_body", "sel_field", "locked", "sel_value")
    + tuple(f"reason:{r}" for r in _REASONS)
    + ("log_words", "link_density", "stopword_density", "ends_with_punct", "upper_ratio", "title_ratio",
       "digit_ratio", "position", "log_repeats", "heading", "text_density", "log_chars_per_word")
    + tuple(f"hint:{h}" for h in _HINTS)
    + tuple(f"flag:{name}" for name, _ in _FLAGS)
    + ("own_log_words", "own_link_share", "up_log_words", "up_link_share", "up_page_share",
       "up_body_share", "log_depth", "log_same_tag_siblings", "log_blocks_in_owner")
    + ("text_p", "text_p_prev", "text_p_next", "text_p_win3", "text_p_win10",
       "sel_body_prev", "sel_body_next", "sel_body_win3", "sel_body_win10")
    + ("page_body_share", "page_log_words", "page_text_p_max", "page_text_p_mean", "page_log_blocks")
    + tuple(f"page:{k}" for k in PAGE_KINDS)
)


def _signed_log(v: float) -> float:
    return math.copysign(math.log1p(abs(v)), v)


def _window(prefix: Sequence[float], n: int, i: int, k: int) -> float:
    lo, hi = max(0, i - k), min(n, i + k + 1)
    return (prefix[hi] - prefix[lo]) / (hi - lo)


def describe(seg: Segmented, meta: PageMeta, text_p: Sequence[float]) -> list[list[float]]:
    """One row of :data:`FEATURE_NAMES` numbers for each block of ``seg`` (see :func:`iter_rows`)."""
    return list(iter_rows(seg, meta, text_p))


def iter_rows(seg: Segmented, meta: PageMeta, text_p: Sequence[float]) -> Iterator[list[float]]:
    """The rows of :func:`describe` one at a time (a page's rows together would cost many
    times the page in memory: ~100 numbers a block).

    ``text_p`` is the text model's stage-1 probability for each block's text; the blocks
    carry the selection's decision (label, reason, ``score`` = content value) and their
    :class:`~boilerstrip.blocks.Features`.
    """
    blocks = seg.blocks
    n = len(blocks)
    if not n:
        return
    parent, owner, tag = seg.parent, seg.owner, seg.tag
    m = len(tag)
    # flags inherited from every ancestor container; depth
    inherited = [0] * m
    depth = [0] * m
    for c in range(1, m):
        inherited[c] = inherited[parent[c]] | seg.flags[c]
        depth[c] = depth[parent[c]] + 1
    # words, link characters, body words and blocks of each container's subtree
    words = [0] * m
    links = [0] * m
    chars = [0] * m
    body = [0] * m
    count = [0] * m
    for i, b in enumerate(blocks):
        c = owner[i]
        w = b.features.words
        words[c] += w
        chars[c] += len(b.text)
        links[c] += b.link_chars
        count[c] += 1
        if b.label is Label.BODY:
            body[c] += w
    for c in range(m - 1, 0, -1):
        p = parent[c]
        words[p] += words[c]
        chars[p] += chars[c]
        links[p] += links[c]
        body[p] += body[c]
        count[p] += count[c]
    # siblings with the same tag under the same parent
    same: dict[tuple[int, str], int] = {}
    for c in range(1, m):
        key = (parent[c], tag[c])
        same[key] = same.get(key, 0) + 1
    page_words = max(words[0], 1)
    page_body = sum(b.features.words for b in blocks if b.label is Label.BODY)

    sel = [1.0 if b.label is Label.BODY else 0.0 for b in blocks]
    tp = [float(v) for v in text_p]
    sel_prefix = list(accumulate(sel, initial=0.0))
    tp_prefix = list(accumulate(tp, initial=0.0))
    tp_max = max(tp)
    tp_mean = sum(v * (b.features.words + 0.5) for v, b in zip(tp, blocks)) / sum(b.features.words + 0.5 for b in blocks)
    kind = page_kind(meta)
    page_row = [
        page_body / page_words, math.log1p(page_words), tp_max, tp_mean, math.log1p(n),
        *(1.0 if kind == k else 0.0 for k in PAGE_KINDS),
    ]
    fields = (Label.HEADLINE, Label.CAPTION, Label.TIMESTAMP, Label.BYLINE)
    for i, b in enumerate(blocks):
        f = b.features
        c = owner[i]
        up = parent[c] if c > 0 else 0
        hints = b.hints
        flags = inherited[c]
        row = [
            sel[i], 1.0 if b.label in fields else 0.0, 1.0 if b.locked else 0.0, _signed_log(b.score),
            *(1.0 if b.reason == r else 0.0 for r in _REASONS),
            math.log1p(f.words), f.link_density, f.stopword_density, float(f.ends_with_punct), f.upper_ratio,
            f.title_ratio, f.digit_ratio, f.position, math.log(max(f.repeats, 1)), float(b.heading), f.text_density,
            math.log1p(len(b.text) / (f.words + 1)),
            *(1.0 if h in hints else 0.0 for h in _HINTS),
            *(1.0 if flags & bit else 0.0 for _, bit in _FLAGS),
            math.log1p(words[c]), links[c] / (chars[c] or 1), math.log1p(words[up]), links[up] / (chars[up] or 1),
            words[up] / page_words, body[up] / (words[up] or 1), math.log1p(depth[c]),
            math.log1p(same.get((parent[c], tag[c]), 1)), math.log1p(count[c]),
            tp[i], tp[i - 1] if i else 0.0, tp[i + 1] if i + 1 < n else 0.0,
            _window(tp_prefix, n, i, 3), _window(tp_prefix, n, i, 10),
            sel[i - 1] if i else 0.0, sel[i + 1] if i + 1 < n else 0.0,
            _window(sel_prefix, n, i, 3), _window(sel_prefix, n, i, 10),
            *page_row,
        ]
        yield row


# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HtmlModel:
    """The fitted block classifier: trees over :data:`FEATURE_NAMES`, and how far to trust them."""

    score: Callable[[Sequence[float]], float]
    """The trees' summed log-odds for one row."""
    lo: float
    """Below this probability a block the selection kept is chrome."""
    hi: float
    """From this probability a block the selection dropped is body."""
    guard: float
    """When the model would keep less than this share of the words the selection kept, the
    selection stands (the model never takes a page's body away)."""


def build_model(raw: dict[str, Any]) -> HtmlModel:
    """The model of the JSON document ``benchmarks/train_html_model.py`` writes."""
    if list(raw.get("features", ())) != list(FEATURE_NAMES):
        raise ValueError("html model: its feature list does not match this version's features")
    score = compile_trees(float(raw["baseline"]), raw["trees"], len(FEATURE_NAMES))
    return HtmlModel(score, float(raw["lo"]), float(raw["hi"]), float(raw["guard"]))


@lru_cache(maxsize=1)
def packaged_model() -> HtmlModel:
    """The model shipped in the package (compiled on first use)."""
    return build_model(json.loads(resources.files("boilerstrip").joinpath("data/html_model.json").read_text("utf-8")))


def probabilities(rows: Iterable[Sequence[float]], model: HtmlModel | None = None) -> list[float]:
    """The probability that each block is body, one per row of :func:`describe`."""
    score = (model or packaged_model()).score
    return [_sigmoid(score(row)) for row in rows]
