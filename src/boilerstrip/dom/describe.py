"""Describe each HTML block as numbers for the learned block classifier.

The DOM front-end's selection (:mod:`boilerstrip.dom.select`) gives a first opinion; this
module turns that opinion and everything else the markup says about a block into one row of
numbers, so that a model fitted across many sites (``benchmarks/train_html_model.py``) makes
the decision:

- the selection's verdict and reason, and the block's content value;
- the block's own text numbers (:class:`~boilerstrip.blocks.Features`);
- its tag and membership (list, table, quote, code, figure caption, heading level);
- the semantic flags of its ancestors (navigation, header, footer, aside, form, comments,
  share, related, advert, consent, newsletter...), from tags, ARIA roles and class words;
- the text and link statistics of its container and of the container above;
- how many siblings share its container's tag (cards, posts, menu items);
- the selection's opinion of its neighbours, and page-level signals (what the metadata says
  the page is, how much of it the selection kept, and the page-type model's probabilities).

The page-type model reads one row per page (:func:`page_signals`: metadata, URL shape, the
share of the page's words in each kind of block and container, words of shops, forums and
manuals) and tells which of :data:`PAGE_TYPES` the page is; that answer is
:attr:`boilerstrip.Article.page_type` and a part of every block's row.

Every row has :data:`FEATURE_NAMES` columns; the rows of a page are built in one pass over
the blocks plus one over the containers, so the cost is linear in the page.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate
from typing import Any
from urllib.parse import urlsplit


from .._lazyre import lazy_re
from ..blocks import Label
from ..density import _sigmoid, compile_trees
from ..metadata import PageMeta
from . import flags as fl
from .segment import Segmented

__all__ = ["FEATURE_NAMES", "PAGE_KINDS", "PAGE_SIGNAL_NAMES", "PAGE_TYPES", "HtmlModel", "build_model", "describe", "iter_rows", "packaged_model", "page_kind", "page_signals", "probabilities"]

_REASONS = (
    "dom.main", "dom.outside-main", "dom.chrome-container", "dom.link-dense", "dom.repeated",
    "dom.trailing", "dom.fallback-content", "dom.fallback-region", "dom.lead",
)
_REASON_COLS = {r: tuple(1.0 if r == other else 0.0 for other in _REASONS) for r in _REASONS}
_NO_REASON = (0.0,) * len(_REASONS)
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
PAGE_TYPES = ("article", "documentation", "forum", "service", "product", "collection", "listing")
"""What :attr:`boilerstrip.Article.page_type` may say an HTML page is."""


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
    + ("sel_body_prev", "sel_body_next", "sel_body_win3", "sel_body_win10")
    + ("page_body_share", "page_log_words", "page_log_blocks")
    + tuple(f"page:{k}" for k in PAGE_KINDS)
    + tuple(f"type:{t}" for t in PAGE_TYPES)
)


def _signed_log(v: float) -> float:
    return math.copysign(math.log1p(abs(v)), v)


def _window(prefix: Sequence[float], n: int, i: int, k: int) -> float:
    lo, hi = max(0, i - k), min(n, i + k + 1)
    return (prefix[hi] - prefix[lo]) / (hi - lo)


def describe(seg: Segmented, meta: PageMeta, types: Sequence[float]) -> list[list[float]]:
    """One row of :data:`FEATURE_NAMES` numbers for each block of ``seg`` (see :func:`iter_rows`)."""
    return list(iter_rows(seg, meta, types))


@dataclass(frozen=True, slots=True)
class Containers:
    """What each container of a page holds: inherited flags, depth, and the sums of its
    subtree's blocks (words, characters, link characters, body words, blocks), as the
    selection left them (:func:`containers`; :func:`page_signals` and :func:`iter_rows` read
    the same one)."""

    inherited: list[int]
    depth: list[int]
    words: list[int]
    chars: list[int]
    links: list[int]
    body: list[int]
    count: list[int]
    same: dict[tuple[int, str], int]
    """How many containers share each (parent, tag): cards, posts, menu items."""


def containers(seg: Segmented) -> Containers:
    """The :class:`Containers` of a segmented page (computed once a page, before the model
    changes any decision)."""
    parent, m = seg.parent, len(seg.tag)
    inherited = [0] * m
    depth = [0] * m
    for c in range(1, m):
        inherited[c] = inherited[parent[c]] | seg.flags[c]
        depth[c] = depth[parent[c]] + 1
    words, chars, links, body, count = [0] * m, [0] * m, [0] * m, [0] * m, [0] * m
    for b, c in zip(seg.blocks, seg.owner):
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
    same: dict[tuple[int, str], int] = {}
    for c in range(1, m):
        key = (parent[c], seg.tag[c])
        same[key] = same.get(key, 0) + 1
    return Containers(inherited, depth, words, chars, links, body, count, same)


def iter_rows(
    seg: Segmented, meta: PageMeta, types: Sequence[float], box: Containers | None = None,
    only: Container[int] | None = None,
) -> Iterator[list[float]]:
    """The rows of :func:`describe` one at a time (a page's rows together would cost many
    times the page in memory: ~100 numbers a block).

    ``types`` is the page-type model's probability for each of :data:`PAGE_TYPES`; the blocks
    carry the selection's decision (label, reason, ``score`` = content value) and their
    :class:`~boilerstrip.blocks.Features`. ``box`` is the page's :func:`containers`, when
    already computed. With ``only``, just the rows of the blocks of those indices (in order):
    a block's row does not depend on which others are described.
    """
    blocks = seg.blocks
    n = len(blocks)
    if not n:
        return
    parent, owner, tag = seg.parent, seg.owner, seg.tag
    box = box or containers(seg)
    inherited, words, chars, links, body = box.inherited, box.words, box.chars, box.links, box.body
    same = box.same
    page_words = max(words[0], 1)
    page_body = sum(b.features.words for b in blocks if b.label is Label.BODY)

    sel = [1.0 if b.label is Label.BODY else 0.0 for b in blocks]
    sel_prefix = list(accumulate(sel, initial=0.0))
    kind = page_kind(meta)
    page_row = [
        page_body / page_words, math.log1p(page_words), math.log1p(n),
        *(1.0 if kind == k else 0.0 for k in PAGE_KINDS),
        *types,
    ]
    fields = (Label.HEADLINE, Label.CAPTION, Label.TIMESTAMP, Label.BYLINE)
    # the one-hot parts repeat from block to block: each distinct one is built once
    hint_cols: dict[frozenset[str], tuple[float, ...]] = {}
    flag_cols: dict[int, tuple[float, ...]] = {}
    # (and the container's part of the row, the same for every block it owns)
    box_cols: dict[int, tuple[float, ...]] = {}
    for i, b in enumerate(blocks):
        if only is not None and i not in only:
            continue
        f = b.features
        c = owner[i]
        hints = b.hints
        flags = inherited[c]
        if (hint_row := hint_cols.get(hints)) is None:
            hint_row = hint_cols[hints] = tuple(1.0 if h in hints else 0.0 for h in _HINTS)
        if (flag_row := flag_cols.get(flags)) is None:
            flag_row = flag_cols[flags] = tuple(1.0 if flags & bit else 0.0 for _, bit in _FLAGS)
        if (box_row := box_cols.get(c)) is None:
            up = parent[c] if c > 0 else 0
            box_row = box_cols[c] = (
                math.log1p(words[c]), links[c] / (chars[c] or 1), math.log1p(words[up]), links[up] / (chars[up] or 1),
                words[up] / page_words, body[up] / (words[up] or 1), math.log1p(box.depth[c]),
                math.log1p(same.get((parent[c], tag[c]), 1)), math.log1p(box.count[c]),
            )
        yield [
            sel[i], 1.0 if b.label in fields else 0.0, 1.0 if b.locked else 0.0, _signed_log(b.score),
            *_REASON_COLS.get(b.reason, _NO_REASON),
            math.log1p(f.words), f.link_density, f.stopword_density, float(f.ends_with_punct), f.upper_ratio,
            f.title_ratio, f.digit_ratio, f.position, math.log(max(f.repeats, 1)), float(b.heading), f.text_density,
            math.log1p(len(b.text) / (f.words + 1)),
            *hint_row,
            *flag_row,
            *box_row,
            sel[i - 1] if i else 0.0, sel[i + 1] if i + 1 < n else 0.0,
            _window(sel_prefix, n, i, 3), _window(sel_prefix, n, i, 10),
            *page_row,
        ]


# --- what kind of page ------------------------------------------------------------------------

_URL_WORDS = (
    ("product", lazy_re(r"(?:^|[/_.-])(?:products?|items?|shop|store|buy|dp|sku|p)(?:$|[/_.-])")),
    ("forum", lazy_re(r"(?:^|[/_.-])(?:forums?|threads?|topics?|t|discussions?|community|questions?|answers|boards?|viewtopic|showthread)(?:$|[/_.-])")),
    ("docs", lazy_re(r"(?:^|[/_.-])(?:docs?|documentation|api|reference|manual|guides?|tutorials?|wiki|learn|howto|faq)(?:$|[/_.-])")),
    ("collection", lazy_re(r"(?:^|[/_.-])(?:categor(?:y|ies)|tags?|topics|collections?|archives?|search|list|lists|page|browse|section)(?:$|[/_.-])")),
    ("article", lazy_re(r"(?:^|[/_.-])(?:news|blog|articles?|story|stories|posts?|opinion|features?)(?:$|[/_.-])")),
    ("service", lazy_re(r"(?:^|[/_.-])(?:about|contact|pricing|plans|services?|support|help|careers|jobs|login|signup|register|terms|privacy|locations?)(?:$|[/_.-])")),
)
_YEAR = lazy_re(r"(?:^|\D)(?:19|20)\d\d(?:\D|$)")
_LEXICON_KINDS = ("price", "forum", "docs", "review")
_LEXICON: dict[str, str] = {
    word: kind
    for kind, words in (
        ("price", "sku checkout"),
        ("forum", "reply replies replied posted joined quote member members thread threads upvote upvotes answered asked"),
        ("docs", "parameter parameters return returns example examples install installation usage argument arguments "
                 "function functions configure configuration syntax default"),
        ("review", "review reviews rating ratings star stars rated"),
    )
    for word in words.split()
}
"""Words of shops, forums, manuals and reviews, and the kind each counts for."""
_PRICE = lazy_re(r"[$€£¥]\s?\d|\d\s?(?:€|usd|eur|gbp)\b|add to (?:cart|basket|bag)|in stock|out of stock|free shipping|buy now")
"""A price or a shop's button, in lower-cased text."""
_WORD = lazy_re(r"\w+")
_LEXICON_CHARS = 50_000
"""Characters of the page's text the lexicon counts read (the page's share of a kind of word
is settled long before)."""
_SHARE_HINTS = ("p", "li", "td", "dd", "quote", "code", "byline")
_SHARE_FLAGS = (
    ("nav", fl.F_NAV), ("footer", fl.F_FOOTER), ("aside", fl.F_ASIDE), ("form", fl.F_FORM),
    ("comments", fl.F_COMMENTS), ("related", fl.F_RELATED), ("post", fl.F_POST), ("review", fl.F_REVIEW),
    ("main", fl.F_MAIN | fl.F_CONTENT), ("pagination", fl.F_PAGINATION),
)
PAGE_SIGNAL_NAMES: tuple[str, ...] = (
    tuple(f"page:{k}" for k in PAGE_KINDS)
    + ("url_known", "url_depth", "url_digits", "url_year", "url_query", "url_slash", "url_html")
    + tuple(f"url:{name}" for name, _ in _URL_WORDS)
    + ("log_words", "log_blocks", "log_words_per_block", "body_share", "link_share", "prose_share", "log_prose",
       "heading_share", "log_headings", "largest_share", "repeat_share", "log_same_tag_max")
    + tuple(f"hint:{h}" for h in _SHARE_HINTS)
    + tuple(f"flag:{name}" for name, _ in _SHARE_FLAGS)
    + tuple(f"lex:{name}" for name in _LEXICON_KINDS)
)
_UNKNOWN_KIND = PAGE_SIGNAL_NAMES.index("page:unknown")


def page_signals(seg: Segmented, meta: PageMeta, url: str | None, box: Containers | None = None) -> list[float]:
    """What the page says about its kind, as :data:`PAGE_SIGNAL_NAMES` numbers: its metadata,
    the shape of its URL, the share of its words in each kind of block and container, and how
    often the words of shops, forums and manuals occur (for the page-type model). ``box`` is
    the page's :func:`containers`, when already computed."""
    kind = page_kind(meta)
    out = [1.0 if kind == k else 0.0 for k in PAGE_KINDS]
    parts = urlsplit(url or "")
    path = parts.path.lower()
    segments = [s for s in path.split("/") if s]
    out += [
        1.0 if url else 0.0, math.log1p(len(segments)), sum(ch.isdigit() for ch in path) / (len(path) or 1),
        1.0 if _YEAR.search(path) else 0.0, 1.0 if parts.query else 0.0, 1.0 if path.endswith("/") else 0.0,
        1.0 if path.endswith((".html", ".htm", ".php", ".aspx")) else 0.0,
    ]
    out += [1.0 if pattern.search(path) else 0.0 for _, pattern in _URL_WORDS]
    blocks = seg.blocks
    box = box or containers(seg)
    inherited = box.inherited
    total = sum(b.features.words for b in blocks) or 1
    body = links = prose = prose_n = heads = heads_n = largest = repeated = 0.0
    by_hints: dict[frozenset[str], int] = {}  # words per distinct hint set and flag set
    by_flags: dict[int, int] = {}
    for b, c in zip(blocks, seg.owner):
        f = b.features
        w = f.words
        body += w if b.label is Label.BODY else 0
        links += w * f.link_density
        if w >= 12 and f.ends_with_punct:
            prose += w
            prose_n += 1
        if b.heading:
            heads += w
            heads_n += 1
        largest = max(largest, w)
        repeated += w if f.repeats > 1 else 0
        by_hints[b.hints] = by_hints.get(b.hints, 0) + w
        by_flags[inherited[c]] = by_flags.get(inherited[c], 0) + w
    hint_words = [sum(w for hints, w in by_hints.items() if h in hints) for h in _SHARE_HINTS]
    flag_words = [sum(w for flags, w in by_flags.items() if flags & bit) for _, bit in _SHARE_FLAGS]
    out += [
        math.log1p(total), math.log1p(len(blocks)), math.log1p(total / (len(blocks) or 1)), body / total,
        links / total, prose / total, math.log1p(prose_n), heads / total, math.log1p(heads_n), largest / total,
        repeated / total, math.log1p(max(box.same.values(), default=0)),
    ]
    out += [v / total for v in hint_words]
    out += [v / total for v in flag_words]
    text, size = [], 0
    for b in blocks:
        if size >= _LEXICON_CHARS:
            break
        text.append(b.text)
        size += len(b.text)
    joined = "\n".join(text)[:_LEXICON_CHARS].lower()
    counts = dict.fromkeys(_LEXICON_KINDS, 0)
    for word, times in Counter(_WORD.findall(joined)).items():
        if (group := _LEXICON.get(word)) is not None:
            counts[group] += times
    counts["price"] += len(_PRICE.findall(joined))
    out += [1000.0 * counts[name] / total for name in _LEXICON_KINDS]
    return out


# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HtmlModel:
    """The fitted block classifier: trees over :data:`FEATURE_NAMES`, the page-type model, and
    the F-score the ``favor`` settings aim at."""

    score: Callable[[Sequence[float]], float]
    """The trees' summed log-odds for one row."""
    restore: tuple[float, ...]
    """From this probability a block the selection dropped may come back, one per
    :data:`PAGE_TYPES` entry (see :meth:`restore_for`)."""
    type_scores: tuple[Callable[[Sequence[float]], float], ...]
    """The page-type model: one function of the :func:`page_signals` row per
    :data:`PAGE_TYPES` entry, giving that type's log-odds score."""
    beta_precision: float = 0.6
    """``favor="precision"`` keeps the blocks of the best expected F-beta at this beta (below 1)."""
    beta_recall: float = 1.5
    """``favor="recall"``: the same at this beta (1 or above), without ``restore``."""
    type_scores_unaddressed: tuple[Callable[[Sequence[float]], float], ...] = ()
    """The page-type model for a page read without any address (no URL given, none stated
    by the page), fitted on such rows: the first only ever saw pages with their URL. Empty:
    the first reads every page."""
    type_scores_blind: tuple[Callable[[Sequence[float]], float], ...] = ()
    """The page-type model for a page read without any address whose metadata says nothing of
    its kind (no og:type, no JSON-LD type: most pages from before about 2012), fitted on the
    pages read that way (their metadata stripped): the second leans on the metadata most
    pages have. Empty: the second reads such a page."""
    reread: float = 1.01
    """A page whose metadata does not call it an article (an older page: no og:type, no
    JSON-LD) is selected again as an article when the page-type model gives "article" at
    least this (above 1: never; chosen out of fold by the fitting script)."""
    reread_blind: float = 1.01
    """The same for a page the blind model types (:meth:`reads_blind`): chosen out of fold on
    the pages read that way, as a separate constant, since such a page's "article" is less
    sure while the article reading suits it more (the pages of the older sites)."""

    def restore_for(self, page_type: str | None) -> float:
        """How sure the model must be to bring back a dropped block on a page of this type
        (a listing's selection misses more of its items than an article's of its story)."""
        return self.restore[PAGE_TYPES.index(page_type)] if page_type in PAGE_TYPES else max(self.restore)

    def page_types(self, signals: Sequence[float], addressed: bool = True) -> list[float]:
        """The probability of each of :data:`PAGE_TYPES` for a page with these signals, read
        with its address (a URL) or without any (and then, when its metadata says nothing of
        its kind, by the blind model)."""
        scorers = self.type_scores
        if self.reads_blind(signals, addressed):
            scorers = self.type_scores_blind
        elif not addressed and self.type_scores_unaddressed:
            scorers = self.type_scores_unaddressed
        scores = [score(signals) for score in scorers]
        top = max(scores)
        odds = [math.exp(s - top) for s in scores]
        total = sum(odds)
        return [v / total for v in odds]

    def reads_blind(self, signals: Sequence[float], addressed: bool) -> bool:
        """Whether the blind page-type model types this page: read without any address, its
        metadata naming no kind."""
        return not addressed and bool(self.type_scores_blind) and signals[_UNKNOWN_KIND] == 1.0

    def reread_for(self, signals: Sequence[float], addressed: bool) -> float:
        """From what probability of "article" a page whose metadata does not call it one is
        selected again as one (:attr:`reread`, or :attr:`reread_blind` for a page the blind
        model types)."""
        return self.reread_blind if self.reads_blind(signals, addressed) else self.reread


def build_model(raw: dict[str, Any]) -> HtmlModel:
    """The model of the JSON document ``benchmarks/train_html_model.py`` writes."""
    if list(raw.get("features", ())) != list(FEATURE_NAMES):
        raise ValueError("html model: its feature list does not match this version's features")
    def type_model(types: dict[str, Any]) -> tuple[Callable[[Sequence[float]], float], ...]:
        if list(types["signals"]) != list(PAGE_SIGNAL_NAMES) or list(types["types"]) != list(PAGE_TYPES):
            raise ValueError("html model: its page-type signals do not match this version's")
        return tuple(
            compile_trees(float(base), trees, len(PAGE_SIGNAL_NAMES)) for base, trees in zip(types["baselines"], types["trees"])
        )

    score = compile_trees(float(raw["baseline"]), raw["trees"], len(FEATURE_NAMES))
    type_scores = type_model(raw["page_types"])
    # (a model file without the second page-type model reads every page with the first)
    unaddressed = type_model(raw["page_types_no_url"]) if "page_types_no_url" in raw else ()
    blind = type_model(raw["page_types_blind"]) if "page_types_blind" in raw else ()
    favor = raw["favor"]
    restore = raw["restore"]
    if set(restore) != set(PAGE_TYPES):
        raise ValueError("html model: its restore thresholds do not match this version's page types")
    return HtmlModel(
        score, tuple(float(restore[t]) for t in PAGE_TYPES), type_scores, float(favor["precision"]), float(favor["recall"]),
        unaddressed, blind, float(raw.get("reread", 1.01)), float(raw.get("reread_blind", raw.get("reread", 1.01))),
    )


@lru_cache(maxsize=1)
def packaged_model() -> HtmlModel:
    """The model shipped in the package (compiled on first use)."""
    return build_model(json.loads(resources.files("boilerstrip").joinpath("data/html_model.json").read_text("utf-8")))


def probabilities(rows: Iterable[Sequence[float]], model: HtmlModel | None = None) -> list[float]:
    """The probability that each block is body, one per row of :func:`describe`."""
    score = (model or packaged_model()).score
    return [_sigmoid(score(row)) for row in rows]
