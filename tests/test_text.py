"""The plain-text front-end: :func:`normalise` and :func:`text_to_blocks`."""

from __future__ import annotations

import pytest

from boilerstrip.blocks import Label
from boilerstrip.text import normalise, text_to_blocks

# --- normalise -----------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_newlines(newline: str) -> None:
    text = newline.join(["First line", "", "Second line", "Third line"])
    assert normalise(text) == "First line\n\nSecond line\nThird line"


def test_mixed_line_endings_keep_every_line() -> None:
    # "\r\n" is one break, not two: no blank line may appear between "a" and "b"
    assert normalise("a\r\nb\rc\nd").split("\n") == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    "space",
    ["\u00a0", "\t", "\u2009", "\u202f", "\u3000", "  \t\u00a0 "],
    ids=["nbsp", "tab", "thin", "narrow-nbsp", "ideographic", "run"],
)
def test_unicode_spaces_become_one_space(space: str) -> None:
    assert normalise(f"council{space}meeting") == "council meeting"


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u2066"],
    ids=["zwsp", "zwnj", "zwj", "word-joiner", "bom", "soft-hyphen", "lrm", "rlm", "lre", "lri"],
)
def test_invisible_characters_are_dropped(invisible: str) -> None:
    assert normalise(f"coun{invisible}cil meet{invisible}ing") == "council meeting"


def test_leading_byte_order_mark_is_dropped() -> None:
    assert normalise("\ufeffHeadline\nBody") == "Headline\nBody"


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f"])
def test_control_characters_are_dropped(control: str) -> None:
    assert normalise(f"coun{control}cil") == "council"


def test_trailing_and_leading_spaces_are_stripped_per_line() -> None:
    assert normalise("  Headline   \n\tBody text  \t\n") == "Headline\nBody text\n"


def test_line_of_only_spaces_becomes_blank() -> None:
    assert normalise("a\n \u00a0\t\u200b \nb") == "a\n\nb"


def test_text_without_noise_is_unchanged() -> None:
    text = "Headline\n\nThe first paragraph, with punctuation: yes!\nA second line."
    assert normalise(text) == text


def test_normalise_is_idempotent() -> None:
    noisy = "\ufeffHead\u00a0line \r\n\r\n\u200bBody\u00adtext\t \x00\r"
    once = normalise(noisy)
    assert normalise(once) == once


# --- text_to_blocks ------------------------------------------------------------------------


def test_one_block_per_non_empty_line_in_order() -> None:
    text = "Masthead\n\nHome\nNews\nSport\n\n\n\nA paragraph of text.\n\nFooter"
    blocks = text_to_blocks(text)
    assert [b.text for b in blocks] == ["Masthead", "Home", "News", "Sport", "A paragraph of text.", "Footer"]
    assert [b.index for b in blocks] == list(range(len(blocks)))


def test_empty_text_gives_no_blocks() -> None:
    assert text_to_blocks("") == []
    assert text_to_blocks("\n\n\n") == []


def test_blank_line_hints() -> None:
    blocks = text_to_blocks("Masthead\n\nHome\nNews\nSport\n\nParagraph")
    hints = {b.text: b.hints for b in blocks}
    # the page edge counts as a blank line
    assert {"blank-before", "blank-after"} <= hints["Masthead"]
    assert "blank-before" in hints["Home"] and "blank-after" not in hints["Home"]
    # inside a run of lines with no blank line between them: neither hint (a flattened menu)
    assert not {"blank-before", "blank-after"} & hints["News"]
    assert "blank-after" in hints["Sport"] and "blank-before" not in hints["Sport"]
    assert {"blank-before", "blank-after"} <= hints["Paragraph"]


def test_single_line_page_is_blank_on_both_sides() -> None:
    (block,) = text_to_blocks("Only line")
    assert {"blank-before", "blank-after"} <= block.hints


def test_normalised_whitespace_line_separates_blocks() -> None:
    blocks = text_to_blocks(normalise("First\n \t\u00a0\nSecond"))
    assert [b.text for b in blocks] == ["First", "Second"]
    assert "blank-after" in blocks[0].hints and "blank-before" in blocks[1].hints


@pytest.mark.parametrize(
    "line",
    ["• Share this story", "* Home", "- World news", "– Politics", "— Sport", "1. Preheat the oven", "3) Serve warm", "▸ Next"],
)
def test_bullet_hint(line: str) -> None:
    (block,) = text_to_blocks(line)
    assert "bullet" in block.hints
    # the bullet stays in the text: the front-end marks layout, it does not rewrite lines
    assert block.text == line


@pytest.mark.parametrize(
    "line",
    [
        "The council met on Tuesday.",
        "-5 degrees in the valley overnight.",
        "2024. The year the river froze.",
        "**Bold claim** from the mayor.",
        "100 people attended the meeting.",
    ],
)
def test_no_bullet_hint_on_ordinary_lines(line: str) -> None:
    (block,) = text_to_blocks(line)
    assert "bullet" not in block.hints


def test_blocks_start_undecided_with_no_reason() -> None:
    for block in text_to_blocks("Headline\n\nBody text here."):
        assert block.label is Label.UNDECIDED
        assert block.reason == "" and not block.locked
