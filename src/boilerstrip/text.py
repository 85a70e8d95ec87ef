"""The plain-text front-end: a page as a scraper flattened it -> :class:`Block` objects.

Converters put one paragraph per line (html-text, inscriptis, most scrapers), separate
paragraph-like elements with blank lines and list items or menu entries with single line
breaks. So each non-empty line becomes a block; the blank-line layout around it is kept
as hints, because a run of short lines with no blank lines between them is how a
flattened menu looks.
"""

from __future__ import annotations

import re

from ._lazyre import lazy_re, lazy_regex
from .blocks import Block

__all__ = ["CHARS_PER_BLOCK", "MIN_BLOCK_LIMIT", "block_limit", "normalise", "text_to_blocks"]

# Characters that carry no text: zero-width spaces and joiners, BOM, soft hyphen, word joiner,
# and the bidirectional marks and embeddings (plain text keeps the logical order without them).
# (Classes of fixed characters: the standard engine is 4x faster at these than ``regex``.)
_INVISIBLE = lazy_re("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab/newline/carriage return (NUL included).
_CONTROL = lazy_re(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Any run of horizontal white space, NBSP and the Unicode spaces included: the white space of
# Unicode but the newline (``[^\S\n]`` in ``regex``; the standard engine's ``\s`` would add
# \x1c-\x1f, so the class is spelt out).
_SPACE_CHARS = "\t\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_SPACES = lazy_re(f"[{_SPACE_CHARS}]+")
# The runs that are not already one plain space (the others would be replaced by themselves):
# most gaps between words are one space, and not replacing them is 3x faster.
_ODD_SPACES = lazy_re(f"[{_SPACE_CHARS.replace(' ', '')}][{_SPACE_CHARS}]*| [{_SPACE_CHARS}]+")
# Bullets and box-drawing leaders that converters put in front of list items.
_BULLET = lazy_regex(r"^(?:[*\u2022\u25cf\u25aa\u25e6\u2023\u2043\u25b8\u25ba\u27a4\u2013\u2014-]|\d{1,2}[.)])\s+")


def normalise(text: str) -> str:
    """Normalise line endings and invisible characters; keep the line structure.

    >>> normalise("a\\u00a0b\\r\\nc\\u200b d  ")
    'a b\\nc d'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():  # (the invisible characters are not ASCII)
        text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    # One substitution over the whole text: a run of spaces never holds a newline, so this is
    # the substitution of each line
    return "\n".join(map(str.strip, _ODD_SPACES.sub(" ", text).split("\n")))


CHARS_PER_BLOCK = 100
"""A page may cut into at most one block per this many characters (or :data:`MIN_BLOCK_LIMIT`,
whichever is more): see :func:`block_limit`."""
MIN_BLOCK_LIMIT = 10_000
"""Every page may cut into this many blocks, whatever its size."""


def block_limit(chars: int) -> int:
    """How many blocks a page of ``chars`` characters may cut into, one a line.

    Every block costs the later stages about 1 KB of memory (the block, its numbers, its
    feature vector and the classifier's values), whatever its length: a page of short lines
    ("a\\n" repeated: two characters a block) would take hundreds of times its size. A page
    with more lines than this is cut into longer blocks instead (:func:`text_to_blocks`).

    >>> block_limit(1_000), block_limit(10_000_000)
    (10000, 100000)
    """
    return max(MIN_BLOCK_LIMIT, chars // CHARS_PER_BLOCK)


def text_to_blocks(text: str) -> list[Block]:
    """Split normalised text into one block per non-empty line, with layout hints.

    Hints: ``blank-before`` / ``blank-after`` when a blank line (or the page edge)
    separates the block from its neighbours, ``bullet`` when the line starts with a list
    bullet, ``indented`` is not kept (normalisation strips it; inscriptis tables show as
    wide runs of spaces collapsed to one).

    A page with more lines than :func:`block_limit` allows (hundreds of thousands of short
    lines: a word list, a column of numbers) is cut into fewer blocks: every line that is
    shorter than twice the page's characters per allowed block is joined to the lines after
    it (with their line breaks) until the block is that long, so that the number of blocks,
    and the memory they cost, stay in proportion to the page's size.
    """
    limit = block_limit(len(text))
    if text.count("\n") >= limit and _line_count(text) > limit:
        return _joined_blocks(text, 2 * -(-len(text) // limit))
    blocks: list[Block] = []
    append = blocks.append
    blank_before = True
    last: Block | None = None
    for line in text.split("\n"):
        if not line:
            if last is not None:
                last.hints = _WITH_BLANK_AFTER[last.hints]
            blank_before = True
            continue
        # (the pattern is tried only on a line starting with a bullet or a digit)
        bullet = (line[0] in _BULLET_FIRST or line[0].isdigit()) and _BULLET.match(line) is not None
        last = Block(len(blocks), line, _HINTS[blank_before, bullet])
        append(last)
        blank_before = False
    if last is not None:
        last.hints = _WITH_BLANK_AFTER[last.hints]
    return blocks


_NON_EMPTY_LINE = lazy_re(r"[^\n]+")


def _line_count(text: str) -> int:
    """The number of non-empty lines of ``text`` (one match object at a time, not a list)."""
    return sum(1 for _ in _NON_EMPTY_LINE.finditer(text))


_BLANK_LINES = lazy_re(r"\n\n+")


def _joined_blocks(text: str, size: int) -> list[Block]:
    """Blocks of at least ``size`` characters made of consecutive short lines, and every line
    of ``size`` characters or more as a block of its own.

    A run of short lines (blank lines included) is cut after the first line break that comes
    ``size`` characters or more into it; its blank lines are dropped from the block's text.
    Each block but a run's last is ``size`` characters or longer, and runs are separated by
    long lines, so there are at most ``2 * len(text) / size + 1`` blocks. Hints are those of
    the block's first line (``bullet``, ``blank-before``) and last line (``blank-after``).
    """
    blocks: list[Block] = []
    n = len(text)
    long_line = re.compile(f"^[^\\n]{{{size},}}$", re.MULTILINE)

    def add(start: int, end: int) -> None:
        """A block of ``text[start:end]`` (whole lines), unless it holds only blank lines."""
        while start < end and text[start] == "\n":
            start += 1
        while end > start and text[end - 1] == "\n":
            end -= 1
        if start == end:
            return
        piece = text[start:end]
        if "\n\n" in piece:
            piece = _BLANK_LINES.sub("\n", piece)
        before = start <= 1 or text[start - 2] == "\n"
        after = end >= n - 1 or text[end + 1] == "\n"
        first = piece.find("\n")  # (the bullet of the first line)
        bullet = (piece[0] in _BULLET_FIRST or piece[0].isdigit()) and _BULLET.match(
            piece, 0, first if first >= 0 else len(piece)) is not None
        hints = _HINTS[before, bullet]
        blocks.append(Block(len(blocks), piece, _WITH_BLANK_AFTER[hints] if after else hints))

    def run(start: int, end: int) -> None:
        """Blocks of the short lines in ``text[start:end]``."""
        while start < end:
            cut = text.find("\n", start + size, end) if start + size < end else -1
            stop = end if cut < 0 else cut
            add(start, stop)
            start = stop + 1

    pos = 0
    for match in long_line.finditer(text):
        run(pos, match.start())
        add(match.start(), match.end())
        pos = match.end() + 1
    run(pos, n)
    return blocks


# The few hint sets a line can have, made once: (blank line before, bullet) -> hints
_HINTS = {
    (before, bullet): frozenset(({"blank-before"} if before else set()) | ({"bullet"} if bullet else set()))
    for before in (False, True) for bullet in (False, True)
}
_WITH_BLANK_AFTER = {h: h | {"blank-after"} for h in _HINTS.values()}
_WITH_BLANK_AFTER.update({h: h for h in _WITH_BLANK_AFTER.values()})
_BULLET_FIRST = frozenset("*\u2022\u25cf\u25aa\u25e6\u2023\u2043\u25b8\u25ba\u27a4\u2013\u2014-")
