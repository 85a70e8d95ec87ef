"""Score an extraction against a reference, the way the public benchmarks do.

Pure functions, standard library only, so you can score your own extraction (or boilerstrip's)
on your own pages. Two families of metrics:

**ScrapingHub** (article-extraction-benchmark): tokens are ``\\w+`` matches with case kept;
each text becomes a multiset of 4-token shingles; a page gives normalised true positive,
false positive and false negative shares (:func:`scrapinghub_page`), and a corpus gives the
mean page precision and recall, their harmonic mean and the share of exact pages
(:func:`scrapinghub_corpus`).

>>> tp, fp, fn = scrapinghub_page("one two three four five", "one two three four")
>>> round(tp, 3), round(fp, 3), fn
(0.5, 0.5, 0.0)

**WCXB** (Web Content Extraction Benchmark): lower-cased ``\\w+`` tokens as bags of words, page
precision, recall and F1 (:func:`wcxb_page`); snippet checks (:func:`snippets_found`,
:func:`snippets_leaked`); headline and date checks (:func:`title_match`, :func:`date_match`).

>>> wcxb_page("The cat sat.", "the cat sat on the mat")
(1.0, 0.5, 0.6666666666666666)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

__all__ = [
    "date_match",
    "scrapinghub_corpus",
    "scrapinghub_page",
    "scrapinghub_page_prf",
    "scrapinghub_tokens",
    "snippets_found",
    "snippets_leaked",
    "title_match",
    "wcxb_page",
    "wcxb_tokens",
    "word_f1",
]

_TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
"""Tokens per shingle in the ScrapingHub metric."""
TITLE_THRESHOLD = 0.9
"""Word-F1 at or above which a headline counts as right."""


# --------------------------------------------------------------------------------------------
# ScrapingHub
# --------------------------------------------------------------------------------------------


def scrapinghub_tokens(text: str | None) -> list[str]:
    """The ``\\w+`` tokens of ``text``, case kept (``None`` is empty).

    >>> scrapinghub_tokens("It's 9:30, Mr. Smith.")
    ['It', 's', '9', '30', 'Mr', 'Smith']
    """
    return _TOKEN.findall(text) if text else []


def _shingles(tokens: list[str], n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of consecutive ``n``-grams; fewer than ``n`` tokens give one shorter shingle,
    no tokens give no shingle (so an empty prediction stays out of the precision mean)."""
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(zip(*(tokens[i:] for i in range(n))))


def _shingle_counts(pred_tokens: list[str], true_tokens: list[str]) -> tuple[float, float, float]:
    pred = _shingles(pred_tokens)
    true = _shingles(true_tokens)
    if len(pred) > len(true):
        small, large = true, pred
    else:
        small, large = pred, true
    tp = 0
    for key, count in small.items():
        other = large.get(key)
        if other:
            tp += count if count < other else other
    fp = sum(pred.values()) - tp
    fn = sum(true.values()) - tp
    total = tp + fp + fn
    if total == 0:  # both texts empty
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def scrapinghub_page(pred: str, truth: str) -> tuple[float, float, float]:
    """Normalised ``(tp, fp, fn)`` of one page: shingle matches divided by their sum.

    ``tp`` counts the 4-token shingles in both texts (multiset intersection), ``fp`` the extra
    ones in ``pred``, ``fn`` the ones missing from it; the three add up to 1 so that every page
    weighs the same in the corpus mean. An empty text has no shingle at all, so an empty
    prediction gives ``tp == fp == 0`` (and two empty texts give three zeros).

    >>> scrapinghub_page("a b c d", "a b c d")
    (1.0, 0.0, 0.0)
    >>> scrapinghub_page("", "a b c d")
    (0.0, 0.0, 1.0)
    """
    return _shingle_counts(scrapinghub_tokens(pred), scrapinghub_tokens(truth))


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fp == 0:
        return 0.0
    return tp / (tp + fp)


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fn == 0:
        return 0.0
    return tp / (tp + fn)


def scrapinghub_page_prf(pred: str, truth: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of one page on the shingles of :func:`scrapinghub_page` (two
    empty texts agree perfectly), as :func:`wcxb_page` gives them for WCXB.

    >>> scrapinghub_page_prf("a b c d e", "a b c d")
    (0.5, 1.0, 0.6666666666666666)
    >>> scrapinghub_page_prf("", "a b c d")
    (0.0, 0.0, 0.0)
    """
    counts = scrapinghub_page(pred, truth)
    p, r = _precision(*counts), _recall(*counts)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scrapinghub_corpus(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Corpus scores of ``(prediction, truth)`` pairs, one pair per page.

    Returns ``{"precision", "recall", "f1", "accuracy", "pages"}``: precision and recall are
    the means of the page values (pages with ``tp + fp == 0`` stay out of the precision mean,
    ``tp + fn == 0`` out of the recall mean), F1 is their harmonic mean, and accuracy is the
    share of pages whose token lists are identical. An empty corpus scores 0.

    >>> scores = scrapinghub_corpus([("a b c d e", "a b c d e"), ("a b c d", "a b c d x")])
    >>> scores["precision"], round(scores["recall"], 3), scores["accuracy"]
    (1.0, 0.75, 0.5)
    """
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    pages = 0
    for pred, truth in pairs:
        pages += 1
        pred_tokens = scrapinghub_tokens(pred)
        true_tokens = scrapinghub_tokens(truth)
        if pred_tokens == true_tokens:
            exact += 1
        tp, fp, fn = _shingle_counts(pred_tokens, true_tokens)
        if tp + fp > 0:
            precisions.append(_precision(tp, fp, fn))
        if tp + fn > 0:
            recalls.append(_recall(tp, fp, fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": exact / pages if pages else 0.0,
        "pages": pages,
    }


# --------------------------------------------------------------------------------------------
# WCXB
# --------------------------------------------------------------------------------------------


def wcxb_tokens(text: str | None) -> list[str]:
    """The ``\\w+`` tokens of the lower-cased ``text`` (``None`` is empty).

    >>> wcxb_tokens("Hello, World!")
    ['hello', 'world']
    """
    return _TOKEN.findall(text.lower()) if text else []


def _bag_prf(pred: list[str], ref: list[str]) -> tuple[float, float, float]:
    if not pred and not ref:
        return 1.0, 1.0, 1.0
    if not pred or not ref:
        return 0.0, 0.0, 0.0
    pc = Counter(pred)
    rc = Counter(ref)
    if len(pc) > len(rc):
        pc, rc = rc, pc
    overlap = 0
    for tok, count in pc.items():
        other = rc.get(tok)
        if other:
            overlap += count if count < other else other
    if overlap == 0:
        return 0.0, 0.0, 0.0
    precision = overlap / len(pred)
    recall = overlap / len(ref)
    return precision, recall, 2 * precision * recall / (precision + recall)


def wcxb_page(pred: str, truth: str) -> tuple[float, float, float]:
    """``(precision, recall, f1)`` of the lower-cased word bags of one page.

    The overlap is the multiset intersection of the tokens. An empty reference with an empty
    prediction scores ``(1.0, 1.0, 1.0)``; one empty side alone scores zeros.

    >>> wcxb_page("", "")
    (1.0, 1.0, 1.0)
    >>> wcxb_page("words", "")
    (0.0, 0.0, 0.0)
    """
    return _bag_prf(wcxb_tokens(pred), wcxb_tokens(truth))


def word_f1(pred: str | None, ref: str | None) -> float:
    """F1 of the lower-cased word bags of two short strings (titles, author names).

    >>> word_f1("Codename: Obtvse", "Codename: Obtvse - nwienert")
    0.8
    """
    return _bag_prf(wcxb_tokens(pred), wcxb_tokens(ref))[2]


def snippets_found(pred: str, snippets: Iterable[str]) -> tuple[int, int]:
    """``(found, total)``: how many snippets occur in ``pred`` (case-insensitive substring).

    Empty snippets are not counted.

    >>> snippets_found("The Quick brown fox", ["quick BROWN", "lazy dog", ""])
    (1, 2)
    """
    low = (pred or "").lower()
    found = total = 0
    for snippet in snippets:
        if not snippet:
            continue
        total += 1
        if snippet.lower() in low:
            found += 1
    return found, total


def snippets_leaked(pred: str, snippets: Iterable[str]) -> tuple[int, int]:
    """``(leaked, total)``: how many should-be-absent snippets occur in ``pred``.

    Same test as :func:`snippets_found`; for ``without`` snippets a hit is a leak.

    >>> snippets_leaked("Home | Login | Story text", ["login", "Order Now"])
    (1, 2)
    """
    return snippets_found(pred, snippets)


def title_match(pred: str | None, ref: str | None) -> bool:
    """Whether a headline is right: word-F1 with the reference at or above 0.9.

    With no reference title, only an empty prediction is right.

    >>> title_match("Codename: Obtvse", "Codename: Obtvse")
    True
    >>> title_match("nwienert", "Codename: Obtvse")
    False
    """
    if not wcxb_tokens(ref):
        return not wcxb_tokens(pred)
    return word_f1(pred, ref) >= TITLE_THRESHOLD


def _ymd(value: datetime | date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, (datetime, date)):  # the date as the page gives it, zone not shifted
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    text = str(value).strip()
    return text[:10] or None


def date_match(pred: datetime | date | str | None, ref: str | None) -> bool:
    """Whether a publication date is right: its ``YYYY-MM-DD`` equals ``ref[:10]``.

    A ``datetime`` is taken in its own zone (not shifted to UTC); a string by its first ten
    characters. With no reference date, only a missing prediction is right.

    >>> from datetime import datetime
    >>> date_match(datetime(2024, 3, 5, 23, 10), "2024-03-05T23:10:00+01:00")
    True
    >>> date_match("2024-03-06", "2024-03-05")
    False
    """
    ref_day = _ymd(ref)
    pred_day = _ymd(pred)
    if ref_day is None:
        return pred_day is None
    return pred_day == ref_day
