"""The unit every stage works on: a :class:`Block` of text with its hints and its decision.

Front-ends (:mod:`boilerstrip.text`, and the HTML front-end) produce blocks; later stages
fill in the numbers (:mod:`boilerstrip.features`), the decision (:mod:`boilerstrip.density`,
the rules) and the reason, which is what ``Article.removed`` and ``--explain`` report.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

__all__ = ["Block", "Features", "Label"]


class Label(enum.Enum):
    """What a block was decided to be."""

    BODY = "body"
    CHROME = "chrome"
    HEADLINE = "headline"
    TIMESTAMP = "timestamp"
    CAPTION = "caption"
    BYLINE = "byline"
    UNDECIDED = "undecided"


@dataclass(slots=True)
class Features:
    """Cheap numbers about one block (see :func:`boilerstrip.features.measure`)."""

    chars: int = 0
    words: int = 0
    lines: int = 1
    words_per_line: float = 0.0
    text_density: float = 0.0
    """Words in the full 80-column wrapped lines over the number of those lines (boilerpipe)."""
    stopword_density: float = 0.0
    link_density: float = 0.0
    ends_with_punct: bool = False
    upper_ratio: float = 0.0
    """Share of the letters that are upper case."""
    title_ratio: float = 0.0
    """Share of the words that start with a capital letter."""
    digit_ratio: float = 0.0
    position: float = 0.0
    """Where the block sits in the page, 0.0 (top) to 1.0 (bottom)."""
    repeats: int = 1
    """How many blocks of the page have exactly this text."""


@dataclass(slots=True)
class Block:
    """One paragraph-like unit of the page.

    ``hints`` holds what the source says about the block: for text input the layout
    (``"first"``, ``"last"``), for HTML the tags and ancestry (``"h1"``, ``"li"``, ``"nav"``,
    ``"figcaption"``, ...). ``label``, ``kind`` and ``reason`` are the decision.
    """

    index: int
    text: str
    hints: frozenset[str] = frozenset()
    heading: int = 0
    """Heading level 1-6 when the source marks the block as a heading, else 0."""
    link_chars: int = 0
    features: Features = field(default_factory=Features)
    label: Label = Label.UNDECIDED
    kind: str = ""
    reason: str = ""
    score: float = 0.0
    """The model's probability, 0 to 1, that the block is body (the text classifier's after
    context, or the HTML block classifier's; an HTML block a rule or a field decided has 1 or
    0)."""
    locked: bool = False
    """A rule decided the block; the classifier and smoothing leave it alone."""

    def decide(self, label: Label, kind: str, reason: str, *, locked: bool = False) -> None:
        self.label = label
        self.kind = kind
        self.reason = reason
        self.locked = locked
