"""The density classifier (:func:`boilerstrip.density.classify`): behaviour, not weights.

Pages here are a menu, a headline, five real prose paragraphs (``fixtures/articles``) and a
footer, run through the text front-end and :func:`measure` and then classified with no rules,
so every decision is the classifier's own.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from boilerstrip.api import keep_prose_runs
from boilerstrip.blocks import Block, Label
from boilerstrip.density import DEFAULT_THRESHOLDS, STAGE2_NAMES, classify, expected_f1_keep, use_model
from boilerstrip.features import VECTOR_NAMES, measure, page_language
from boilerstrip.text import normalise, text_to_blocks

ARTICLES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "articles").glob("*.txt"))
MENU = ["Home", "World", "Business", "Technology", "Sport", "Culture", "Opinion"]
FOOTER = ["About us", "Contact", "Privacy policy", "Terms of use", "© 2024 Example Media Ltd. All rights reserved."]
DENSITY_CHROME = {"density.boilerplate", "density.context-dropped"}
DENSITY_BODY = {"density.prose", "density.context-kept"}


def _page(path: Path) -> tuple[str, list[str], str]:
    """(page text, its prose paragraphs, its headline)."""
    head, *paragraphs = path.read_text(encoding="utf-8").strip().split("\n\n")
    paragraphs = paragraphs[:5]
    text = "\n".join(MENU) + "\n\n" + head + "\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n".join(FOOTER) + "\n"
    return text, paragraphs, head


def _blocks(text: str) -> tuple[list[Block], str]:
    blocks = text_to_blocks(normalise(text))
    language = page_language(blocks)
    measure(blocks, language)
    return blocks, language


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_prose_is_body_and_menu_and_footer_are_chrome(path: Path) -> None:
    """The classifier and the prose-run smoothing, as the text pipeline runs them."""
    text, paragraphs, _ = _page(path)
    blocks, language = _blocks(text)
    classify(blocks, language)
    keep_prose_runs(blocks)
    by_text = {b.text: b for b in blocks}
    for paragraph in paragraphs:
        block = by_text[paragraph]
        assert block.label is Label.BODY, (block.reason, paragraph[:60])
    for line in MENU + FOOTER:
        block = by_text[line]
        assert block.label is Label.CHROME, line
        assert block.reason in DENSITY_CHROME, (line, block.reason)


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_every_block_gets_a_label_and_a_reason(path: Path) -> None:
    blocks, language = _blocks(_page(path)[0])
    classify(blocks, language)
    for block in blocks:
        assert block.label in (Label.BODY, Label.CHROME), block.text
        assert block.reason in (DENSITY_BODY | DENSITY_CHROME), (block.text, block.reason)
        # a removed block always says what kind of chrome it is; a body block has no kind
        assert bool(block.kind) is (block.label is Label.CHROME), (block.text, block.kind)
        assert 0.0 <= block.score <= 1.0


def test_body_scores_above_chrome_scores() -> None:
    text, paragraphs, _ = _page(ARTICLES[0])
    blocks, language = _blocks(text)
    classify(blocks, language)
    scores = {b.text: b.score for b in blocks}
    assert min(scores[p] for p in paragraphs) > max(scores[line] for line in MENU + FOOTER)


def test_locked_blocks_keep_their_decision() -> None:
    text, paragraphs, _ = _page(ARTICLES[0])
    blocks, language = _blocks(text)
    menu_line = next(b for b in blocks if b.text == MENU[2])
    paragraph = next(b for b in blocks if b.text == paragraphs[2])
    # the opposite of what the classifier would decide for each
    menu_line.decide(Label.BODY, "", "test.keep", locked=True)
    paragraph.decide(Label.CHROME, "promo", "test.drop", locked=True)
    classify(blocks, language)
    assert (menu_line.label, menu_line.kind, menu_line.reason, menu_line.locked) == (Label.BODY, "", "test.keep", True)
    assert (paragraph.label, paragraph.kind, paragraph.reason, paragraph.locked) == (Label.CHROME, "promo", "test.drop", True)
    # the other blocks are still decided by the classifier
    others = [b for b in blocks if b is not menu_line and b is not paragraph]
    assert all(b.reason in DENSITY_BODY | DENSITY_CHROME for b in others)


def test_already_labelled_blocks_are_left_alone() -> None:
    """A block a field picker (or a front-end) labelled before classify keeps its label."""
    text, _, head = _page(ARTICLES[0])
    blocks, language = _blocks(text)
    headline = next(b for b in blocks if b.text == head)
    headline.decide(Label.HEADLINE, "headline", "test.headline")
    classify(blocks, language)
    assert (headline.label, headline.reason) == (Label.HEADLINE, "test.headline")


def test_bias_is_monotone() -> None:
    """A higher threshold keeps a subset of what a lower one keeps."""
    text, _, _ = _page(ARTICLES[0])
    kept = []
    for bias in (-0.3, -0.12, 0.0, 0.12, 0.3):
        blocks, language = _blocks(text)
        classify(blocks, language, replace(DEFAULT_THRESHOLDS, bias=bias))
        kept.append({b.index for b in blocks if b.label is Label.BODY})
    for looser, stricter in zip(kept, kept[1:]):
        assert stricter <= looser
    assert kept[-1] < kept[0], "the dial changed nothing over its whole range"


def test_page_of_only_chrome_has_no_body() -> None:
    blocks, language = _blocks("\n".join(MENU) + "\n\n" + "\n".join(FOOTER))
    classify(blocks, language)
    assert [b.label for b in blocks] == [Label.CHROME] * len(MENU + FOOTER)


def test_single_prose_block_is_body() -> None:
    text = (
        "The council met on Tuesday evening and agreed the new budget for the schools of the town, "
        "after a long debate about the cost of repairing the oldest buildings before the winter."
    )
    blocks, language = _blocks(text)
    classify(blocks, language)
    assert blocks[0].label is Label.BODY


# --- the expected-F1 choice and the compiled trees -----------------------------------------


def test_expected_f1_keeps_the_most_probable_blocks_first() -> None:
    p = [0.9, 0.2, 0.95, 0.6, 0.1]
    keep = expected_f1_keep(p, [10.0] * 5)
    kept = {i for i, k in enumerate(keep) if k}
    # whatever is kept, nothing less probable is kept while something more probable is dropped
    for i in kept:
        assert all(j in kept for j in range(5) if p[j] > p[i])
    assert {0, 2} <= kept and 4 not in kept


def test_expected_f1_keeps_doubtful_blocks_only_when_content_is_scarce() -> None:
    # one block at 0.45 among certain content: dropping it is the better bet ...
    rich = expected_f1_keep([0.99] * 10 + [0.45], [10.0] * 11)
    assert rich[-1] is False
    # ... but on a page whose best block is 0.45, keeping it is
    poor = expected_f1_keep([0.45, 0.05, 0.05], [10.0] * 3)
    assert poor == [True, False, False]


def test_expected_f1_keeps_nothing_that_is_near_certainly_chrome() -> None:
    assert expected_f1_keep([0.05, 0.1, 0.02], [50.0, 3.0, 8.0]) == [False, False, False]
    assert expected_f1_keep([], []) == []


def test_model_file_with_a_bad_tree_is_refused() -> None:
    good = {"features": list(VECTOR_NAMES), "stage1": {"baseline": 0.0, "trees": [[1, 0.5, -1.0, 1.0]]},
            "stage2": {name: 0.0 for name in STAGE2_NAMES}}
    use_model(good)
    try:
        for tree in ([len(VECTOR_NAMES), 0.5, 1.0, 2.0], ["__import__('os')", 0.5, 1.0, 2.0], [1, "0.5", 1.0, 2.0], [1, 0.5, 1.0]):
            with pytest.raises(ValueError):
                use_model({**good, "stage1": {"baseline": 0.0, "trees": [tree]}})
        with pytest.raises(ValueError):
            use_model({**good, "features": list(VECTOR_NAMES)[::-1]})
    finally:
        use_model(None)


def test_a_substituted_model_is_used_and_can_be_undone() -> None:
    text, _, _ = _page(ARTICLES[0])
    zero = {name: 0.0 for name in STAGE2_NAMES}
    # stage 2 reads only its bias: +8 keeps every block, -8 none
    for bias, expect in ((8.0, Label.BODY), (-8.0, Label.CHROME)):
        use_model({"features": list(VECTOR_NAMES), "stage1": {"baseline": 0.0, "trees": []}, "stage2": {**zero, "bias": bias}})
        try:
            blocks, language = _blocks(text)
            classify(blocks, language)
            assert {b.label for b in blocks} == {expect}
        finally:
            use_model(None)
    blocks, language = _blocks(text)
    classify(blocks, language)
    assert {b.label for b in blocks} == {Label.BODY, Label.CHROME}
