"""The headline: the on-page title of the article, not the masthead or a related link.

In flattened text the headline is a short line above the first body paragraph, shaped
like a title (no sentence-final full stop, not a date, not a caption, not shouted in
capitals). Converters often print the HTML ``<title>`` as the first line ("Headline |
Site"); a later line that repeats part of it is then the on-page headline.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..blocks import Block, Label

__all__ = ["pick_text_headline", "strip_site_name"]

_SEPARATORS = regex.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|·•»]\s*")
_WORDS = regex.compile(r"\w+")


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def strip_site_name(title: str, *, others: Sequence[str] = ()) -> str:
    """Drop a site-name prefix or suffix from a ``<title>``-like string.

    A part is only dropped when the rest still reads as a title; when ``others`` (other
    headline candidates) contain the title's main part, that part is returned.

    >>> strip_site_name("Brief History of Coffee - Charleston Coffee Roasters")
    'Brief History of Coffee'
    >>> strip_site_name("Codename: Obtvse - nwienert")
    'Codename: Obtvse'
    """
    keys = [_key(o) for o in others if o]
    for other, key in zip(others, keys):
        if key and key != _key(title) and key in _key(title) and len(key.split()) >= 2:
            return other.strip()
    parts = [p for p in regex.split(r"\s+[|\-–—·•»]\s+|\s*[|·•»]\s*", title) if p.strip()]
    if len(parts) < 2:
        return title.strip()
    # The longest part is the headline; site names are short and sit at either end.
    best = max(parts, key=lambda p: len(_WORDS.findall(p)))
    if best in (parts[0], parts[-1]):
        if best == parts[0]:
            return title[: title.rfind(parts[-1])].rstrip(" |-–—·•»").strip() if len(parts) == 2 else best.strip()
        return best.strip()
    return best.strip()


def _candidate(block: Block) -> bool:
    f = block.features
    text = block.text
    if block.locked or block.label in (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE):
        return False
    if not 2 <= f.words <= 30 or f.upper_ratio > 0.85 or f.digit_ratio > 0.4:
        return False
    if text.endswith((".", ",", ";")) and not text.endswith("..."):
        return False
    return not text.startswith(("(", "["))


def pick_text_headline(blocks: Sequence[Block], first_body: int) -> Block | None:
    """The headline block among the blocks above (or at the top of) the body, or None."""
    if not blocks:
        return None
    title_key = _key(blocks[0].text) if "|" in blocks[0].text or " - " in blocks[0].text else ""
    best: tuple[float, Block] | None = None
    limit = min(len(blocks), first_body + 1) if first_body >= 0 else min(len(blocks), 40)
    for block in blocks[:limit]:
        if not _candidate(block) or block.label is Label.BODY and block.features.words > 14:
            continue
        key = _key(block.text)
        score = 1.0 - 0.02 * (limit - block.index)
        if title_key and block.index > 0 and key and key in title_key and len(key.split()) >= 2:
            score += 2.0
        if block.features.title_ratio > 0.6:
            score += 0.3
        if block.index == 0 and title_key:
            score -= 1.0
        if best is None or score > best[0]:
            best = (score, block)
    return best[1] if best else None
