"""The plain-text front-end: a page as a scraper flattened it -> :class:`Block` objects.

Converters put one paragraph per line (html-text, inscriptis, most scrapers), separate
paragraph-like elements with blank lines and list items or menu entries with single line
breaks. So each non-empty line becomes a block; the blank-line layout around it is kept
as hints, because a run of short lines with no blank lines between them is how a
flattened menu looks.
"""

from __future__ import annotations

import regex

from .blocks import Block

__all__ = ["normalise", "text_to_blocks"]

# Characters that carry no text: zero-width spaces and joiners, BOM, soft hyphen, word joiner,
# and the bidirectional marks and embeddings (plain text keeps the logical order without them).
_INVISIBLE = regex.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab/newline/carriage return (NUL included).
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Any run of horizontal white space, NBSP and the Unicode spaces included.
_SPACES = regex.compile(r"[^\S\n]+")
# Bullets and box-drawing leaders that converters put in front of list items.
_BULLET = regex.compile(r"^(?:[*\u2022\u25cf\u25aa\u25e6\u2023\u2043\u25b8\u25ba\u27a4\u2013\u2014-]|\d{1,2}[.)])\s+")


def normalise(text: str) -> str:
    """Normalise line endings and invisible characters; keep the line structure.

    >>> normalise("a\\u00a0b\\r\\nc\\u200b d  ")
    'a b\\nc d'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def text_to_blocks(text: str) -> list[Block]:
    """Split normalised text into one block per non-empty line, with layout hints.

    Hints: ``blank-before`` / ``blank-after`` when a blank line (or the page edge)
    separates the block from its neighbours, ``bullet`` when the line starts with a list
    bullet, ``indented`` is not kept (normalisation strips it; inscriptis tables show as
    wide runs of spaces collapsed to one).
    """
    lines = text.split("\n")
    blocks: list[Block] = []
    blank_before = True
    for line in lines:
        if not line:
            if blocks:
                last = blocks[-1]
                last.hints = last.hints | {"blank-after"}
            blank_before = True
            continue
        hints = {"blank-before"} if blank_before else set()
        if _BULLET.match(line):
            hints.add("bullet")
        blocks.append(Block(index=len(blocks), text=line, hints=frozenset(hints)))
        blank_before = False
    if blocks:
        blocks[-1].hints = blocks[-1].hints | {"blank-after"}
    return blocks
