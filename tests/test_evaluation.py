"""Tests of boilerstrip.evaluation on small synthetic cases (no benchmark data needed).

The check against the published ScrapingHub figures lives in
``python benchmarks/bench.py --self-check`` because it needs ../shared/bench.
"""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone

import pytest

from boilerstrip.evaluation import (
    date_match,
    scrapinghub_corpus,
    scrapinghub_page,
    scrapinghub_page_prf,
    scrapinghub_tokens,
    snippets_found,
    snippets_leaked,
    title_match,
    wcxb_page,
    wcxb_tokens,
    word_f1,
)

# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------


def test_scrapinghub_tokens_keep_case_and_split_on_non_word():
    assert scrapinghub_tokens("Don't STOP—now 3.5%") == ["Don", "t", "STOP", "now", "3", "5"]
    assert scrapinghub_tokens("") == []
    assert scrapinghub_tokens(None) == []


def test_wcxb_tokens_lower_and_unicode():
    assert wcxb_tokens("Über CAFÉ, naïve") == ["über", "café", "naïve"]
    assert wcxb_tokens("日本語 テキスト") == ["日本語", "テキスト"]


# --------------------------------------------------------------------------------------------
# ScrapingHub page
# --------------------------------------------------------------------------------------------


def test_page_identical():
    assert scrapinghub_page("a b c d e f", "a b c d e f") == (1.0, 0.0, 0.0)


def test_page_shares_sum_to_one_and_count_shingles():
    # truth: 6 tokens -> 3 shingles; pred adds 2 tokens at the end -> 5 shingles, 3 shared
    tp, fp, fn = scrapinghub_page("a b c d e f g h", "a b c d e f")
    assert (tp, fp, fn) == pytest.approx((3 / 5, 2 / 5, 0.0))
    assert math.isclose(tp + fp + fn, 1.0)


def test_page_is_case_sensitive():
    tp, fp, fn = scrapinghub_page("A b c d", "a b c d")
    assert tp == 0.0 and fp == pytest.approx(0.5) and fn == pytest.approx(0.5)


def test_page_multiset_counts_repeats():
    # "x y z w" twice in truth, once in prediction
    tp, fp, fn = scrapinghub_page("x y z w", "x y z w. x y z w")
    # truth shingles: xyzw, yzwx, zwxy, wxyz, xyzw -> 5 ; pred: 1 ; shared: 1
    assert (tp, fp, fn) == pytest.approx((1 / 5, 0.0, 4 / 5))


def test_page_short_texts_make_one_shorter_shingle():
    assert scrapinghub_page("a b", "a b") == (1.0, 0.0, 0.0)
    assert scrapinghub_page("a b", "a b c") == pytest.approx((0.0, 0.5, 0.5))


def test_page_empty_sides():
    assert scrapinghub_page("", "a b c d e") == (0.0, 0.0, 1.0)
    assert scrapinghub_page("a b c d e", "") == (0.0, 1.0, 0.0)
    assert scrapinghub_page("", "") == (0.0, 0.0, 0.0)


# --------------------------------------------------------------------------------------------
# ScrapingHub corpus
# --------------------------------------------------------------------------------------------


def test_corpus_means_of_page_values():
    pairs = [
        ("a b c d e f g h", "a b c d e f"),  # P 3/5, R 1
        ("a b c d e f", "a b c d e f g h"),  # P 1, R 3/5
    ]
    s = scrapinghub_corpus(pairs)
    assert s["precision"] == pytest.approx(0.8)
    assert s["recall"] == pytest.approx(0.8)
    assert s["f1"] == pytest.approx(0.8)
    assert s["accuracy"] == 0.0
    assert s["pages"] == 2


def test_corpus_empty_prediction_stays_out_of_precision_mean():
    pairs = [("a b c d e", "a b c d e"), ("", "p q r s t")]
    s = scrapinghub_corpus(pairs)
    assert s["precision"] == 1.0  # only the first page counts for precision
    assert s["recall"] == pytest.approx(0.5)
    assert s["f1"] == pytest.approx(2 * 0.5 / 1.5)


def test_corpus_accuracy_compares_token_lists_not_strings():
    pairs = [("Hello,   world!\n\nBye.", "Hello world Bye"), ("Hello world", "hello world")]
    assert scrapinghub_corpus(pairs)["accuracy"] == 0.5


def test_corpus_accepts_generators_and_empty():
    assert scrapinghub_corpus(iter([])) == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "accuracy": 0.0, "pages": 0}
    s = scrapinghub_corpus((t, t) for t in ["one two three four five", "six"])
    assert s["f1"] == 1.0 and s["accuracy"] == 1.0


def test_corpus_matches_page_function():
    pairs = [
        ("The quick brown fox jumps over the lazy dog", "The quick brown fox jumps over a lazy dog today"),
        ("Menu Home About The story starts here and goes on", "The story starts here and goes on"),
        ("Only chrome here", "Completely different article text about something"),
    ]
    precisions, recalls = [], []
    for pred, truth in pairs:
        tp, fp, fn = scrapinghub_page(pred, truth)
        precisions.append(tp / (tp + fp))
        recalls.append(tp / (tp + fn))
    s = scrapinghub_corpus(pairs)
    assert s["precision"] == pytest.approx(sum(precisions) / 3)
    assert s["recall"] == pytest.approx(sum(recalls) / 3)


# --------------------------------------------------------------------------------------------
# WCXB
# --------------------------------------------------------------------------------------------


def test_wcxb_page_bag_of_words_lowercase():
    assert wcxb_page("The THE cat", "the cat the") == (1.0, 1.0, 1.0)
    p, r, f1 = wcxb_page("the cat sat on the mat menu login", "the cat sat on the mat")
    assert (p, r) == pytest.approx((6 / 8, 1.0))
    assert f1 == pytest.approx(2 * 0.75 / 1.75)


def test_wcxb_page_multiset_overlap():
    # "a" three times predicted, once in truth: overlap counts once
    assert wcxb_page("a a a", "a b") == pytest.approx((1 / 3, 1 / 2, 0.4))


def test_wcxb_page_empty_cases():
    assert wcxb_page("", "") == (1.0, 1.0, 1.0)
    assert wcxb_page("  ...  ", "") == (1.0, 1.0, 1.0)  # no tokens on either side
    assert wcxb_page("text", "") == (0.0, 0.0, 0.0)
    assert wcxb_page("", "text") == (0.0, 0.0, 0.0)
    assert wcxb_page("x", "y") == (0.0, 0.0, 0.0)


def test_snippets():
    body = "Intro line.\nThe Porridge keeps WINNING the breakfast debate."
    assert snippets_found(body, ["porridge keeps winning the", "not here"]) == (1, 2)
    assert snippets_found("", ["a"]) == (0, 1)
    assert snippets_found("abc", []) == (0, 0)
    assert snippets_leaked("Home | LOGIN | Story", ["Login", "Order Now", ""]) == (1, 2)


def test_title_match():
    assert title_match("Codename: Obtvse", "codename obtvse")
    assert not title_match("nwienert", "Codename: Obtvse")
    assert not title_match(None, "A title")
    assert not title_match("", "A title")
    # 9 of 10 reference words: F1 = 2*1*0.9/1.9 = 0.947 -> right
    ref = "one two three four five six seven eight nine ten"
    assert title_match("one two three four five six seven eight nine", ref)
    # site name appended: 4 words vs 2 -> F1 0.667 -> wrong
    assert not title_match("Big News - Example Site", "Big News")
    assert title_match(None, None) and title_match("", None)
    assert not title_match("Something", None)


def test_word_f1():
    assert word_f1("a b", "a b") == 1.0
    assert word_f1("a", "a b") == pytest.approx(2 / 3)
    assert word_f1(None, "a") == 0.0


def test_date_match():
    assert date_match("2024-03-05", "2024-03-05")
    assert date_match("2024-03-05T10:00:00Z", "2024-03-05T23:59:59+02:00")
    assert date_match(datetime(2024, 3, 5, 12, 0), "2024-03-05")
    assert date_match(date(2024, 3, 5), "2024-03-05")
    assert not date_match("2024-03-06", "2024-03-05")
    assert not date_match(None, "2024-03-05")
    assert date_match(None, None) and date_match(None, "")
    assert not date_match("2024-03-05", None)


def test_date_match_keeps_the_page_zone():
    # 00:30 in UTC+2 is still the 5th on the page, though the 4th in UTC
    aware = datetime(2024, 3, 5, 0, 30, tzinfo=timezone(timedelta(hours=2)))
    assert date_match(aware, "2024-03-05")
    assert not date_match(aware, "2024-03-04")


def test_scrapinghub_page_prf_scores_the_shingles_as_the_benchmark_does() -> None:
    assert scrapinghub_page_prf("a b c d e f", "a b c d e f") == (1.0, 1.0, 1.0)
    p, r, f1 = scrapinghub_page_prf("a b c d e f g h", "a b c d e f")
    assert (p, r) == pytest.approx((0.6, 1.0)) and f1 == pytest.approx(0.75)
    assert scrapinghub_page_prf("", "a b c d e") == (0.0, 0.0, 0.0)
    assert scrapinghub_page_prf("", "") == (1.0, 1.0, 1.0)  # nothing to find, nothing found
