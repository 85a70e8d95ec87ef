"""The headline: the on-page title of the article, not the masthead or a related link.

HTML pages offer several candidates: the ``<h1>``, JSON-LD ``headline``, ``og:title`` and
``<title>``. The ``<h1>`` wins when another source agrees with it; otherwise the metadata,
with the site's name stripped by comparing against ``og:site_name``, the domain and the
other candidates (never by blindly splitting on "-" or "|").

In flattened text the headline is a short line above the first body paragraph, shaped
like a title (no sentence-final full stop, not a date, not a caption, not in capitals).
Converters often print the ``<title>`` as the first line ("Headline | Site"); a later line
that repeats part of it is then the on-page headline.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from ..blocks import Block, Label
from ..metadata import PageMeta

__all__ = ["pick_headline", "strip_site_name"]

_WORDS = regex.compile(r"\w+")
_SENTENCE_BREAK = regex.compile(r"\w[.!?]\s+[\p{Lu}\p{Lo}]")
_PARTS = regex.compile(r"\s+[|\-–—:·•»/]\s+|\s*[|·•»]\s*")


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _overlap(a: str, b: str) -> float:
    """Word-F1 of two strings (lower-cased word sets)."""
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not wa or not wb:
        return 0.0
    common = len(wa & wb)
    return 2 * common / (len(wa) + len(wb))


def strip_site_name(title: str, *, site: str | None = None, others: Sequence[str] = ()) -> str:
    """Drop a site-name prefix or suffix from a ``<title>``-like string.

    A part is dropped only when something says it is the site's name: ``site``
    (``og:site_name`` or the domain) matches it, or it is absent from the other headline
    candidates while the rest is present. Without such evidence, a separator-split part is
    dropped only when it is clearly shorter than the rest.

    >>> strip_site_name("Brief History of Coffee - Charleston Coffee Roasters", site="Charleston Coffee Roasters")
    'Brief History of Coffee'
    >>> strip_site_name("Codename: Obtvse - nwienert", others=["Codename: Obtvse"])
    'Codename: Obtvse'
    >>> strip_site_name("Codename: Obtvse")
    'Codename: Obtvse'
    """
    title = title.strip()
    for other in others:
        if other and _key(other) and _key(other) != _key(title) and _key(other) in _key(title) and len(_key(other).split()) >= 2:
            return other.strip()
    pieces = _PARTS.split(title)
    if len(pieces) < 2:
        return title
    seps = list(_PARTS.finditer(title))
    first, last = seps[0], seps[-1]
    head, tail = title[: last.start()].strip(), title[last.end():].strip()
    lead, rest = title[: first.start()].strip(), title[first.end():].strip()
    site_key = _key(site or "").replace(" ", "")
    if site_key:
        if _key(tail).replace(" ", "") in site_key or site_key in _key(tail).replace(" ", ""):
            return head
        if _key(lead).replace(" ", "") in site_key or site_key in _key(lead).replace(" ", ""):
            return rest
    # no evidence: a short tail after a much longer head is a site name ("... | BBC News")
    tail_words, head_words = len(_WORDS.findall(tail)), len(_WORDS.findall(head))
    if last.group().strip() in "|·•»" and tail_words <= 4 and head_words > tail_words:
        return head
    if last.group().strip() in "-–—" and tail_words <= 4 and head_words >= 2 * tail_words:
        return head
    return title


def _title_shaped(block: Block) -> bool:
    f = block.features
    text = block.text
    if block.locked or block.label in (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE):
        return False
    if not 2 <= f.words <= 30 or f.upper_ratio > 0.85 or f.digit_ratio > 0.4:
        return False
    if text.endswith((".", ",", ";", ":", "\u3002", "\uff0e", "\u3001", "\uff1a")) and not text.endswith("..."):
        return False
    # an exclamation or question of paragraph length that reads as body prose is the lead
    if f.ends_with_punct and f.words >= 12 and block.label is Label.BODY and f.stopword_density >= 0.3:
        return False
    # a headline is one sentence at most: "...Horizonte? Assista a uma palinha!" is a lead
    return not text.startswith(("(", "[")) and _SENTENCE_BREAK.search(text) is None


_TITLE_MATCH = 0.45
"""Word-F1 with the ``<title>`` (site name stripped) from which a later line is the on-page
headline rather than an unrelated line: the on-page headline often rewords the title
("Top 10 Picks" / "Best Apps ..."), so a strict match misses it, while menu entries that
share a word or two with the title stay below."""
_TITLE_DISTANCE = 0.005
"""Score lost per block between a candidate and the first sentence of the body: of two lines
that repeat the title, the one next to the article (not the one in the menu) is the headline."""
_TITLE_BREAK = regex.compile(r"\w[.]\s+[\p{Lu}\p{Lo}]")


def _title_line(block: Block) -> bool:
    """A line that may print a title: looser than :func:`_title_shaped`, since a
    ``<title>`` may hold questions ("What is X? Types of X") and one-word headings count."""
    f = block.features
    if block.locked or block.label in (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE):
        return False
    if not 1 <= f.words <= 30 or f.upper_ratio > 0.85 or f.digit_ratio > 0.4:
        return False
    text = block.text
    if text.endswith((".", ",", ";", ":", "\u3002", "\uff0e", "\u3001", "\uff1a")) and not text.endswith("..."):
        return False
    return not text.startswith(("(", "[")) and _TITLE_BREAK.search(text) is None


def _may_title(block: Block) -> bool:
    """A line that may be taken for the headline: a body line only when it is shaped like a
    title (the strict test keeps a short lead paragraph in the body), any other line when it
    passes the looser one."""
    return _title_shaped(block) if block.label is Label.BODY else _title_line(block)


def _text_headline(blocks: Sequence[Block], first_body: int) -> tuple[str, Block | None] | None:
    """The headline of flattened text: its text and the block that shows it.

    Converters that print the ``<title>`` first ("Headline | Site") give the best evidence:
    the line that repeats it (or most of its words, site name stripped), nearest the body,
    is the on-page headline; without one, the first line with its site name stripped.
    Otherwise the headline is judged by shape: a title-shaped line above the first sentence
    of the body, near it, of headline length.
    """
    if not blocks:
        return None
    limit = min(len(blocks), first_body + 3)
    first = blocks[0]
    if _may_title(first) and first.features.words >= 2:
        stripped = strip_site_name(first.text)
        key_stripped, key_title = _key(stripped), _key(first.text)
        title_words = set(key_stripped.split())
        best: tuple[float, Block] | None = None
        for block in blocks[1:]:
            if not 1 <= block.features.words <= 30:
                continue  # the cheap test first: most lines of a page fail it
            words = _WORDS.findall(block.text.lower())
            if not words or words[0] == "by" or title_words.isdisjoint(words) or not _may_title(block):
                continue
            key = " ".join(words)
            # the title repeated without (or with) its site name is the surest sign
            if key == key_stripped:
                score = 2.0
            elif key == key_title:
                score = 1.9
            elif len(words) < 2:
                continue  # one shared word ("Coffee" in the menu) is no evidence
            else:
                unique = set(words)
                score = 2 * len(unique & title_words) / (len(unique) + len(title_words))
            score -= _TITLE_DISTANCE * abs(first_body - block.index)
            if best is None or score > best[0]:
                best = (score, block)
        if best is not None and best[0] >= _TITLE_MATCH:
            return best[1].text, best[1]
        return stripped, first
    best = None
    for block in blocks[:limit]:
        if not _title_shaped(block):
            continue
        f = block.features
        score = 1.0 - 0.05 * abs(first_body - block.index)
        score += 0.4 * min(f.words, 8) / 8  # labels ("Key Points", "Live Chat") are short
        if "blank-before" in block.hints and "blank-after" in block.hints:
            score += 0.2  # a line on its own; menu entries come in runs of lines
        if block.heading == 1:
            score += 1.0
        if best is None or score > best[0]:
            best = (score, block)
    return (best[1].text, best[1]) if best else None


def pick_headline(blocks: Sequence[Block], first_body: int, meta: PageMeta | None) -> tuple[str, Block | None] | None:
    """The headline text and the block that shows it (``None`` when it comes from metadata)."""
    marked = [b for b in blocks if b.label is Label.HEADLINE]
    if meta is None:
        return (marked[0].text, marked[0]) if marked else _text_headline(blocks, first_body)
    site = meta.og_site_name
    sources = [s for s in (meta.jsonld_headline, meta.og_title) if s]
    shown = marked or [b for b in blocks if b.heading == 1]
    for block in shown:
        if any(_overlap(block.text, s) >= 0.5 for s in sources + ([meta.title] if meta.title else [])):
            return block.text, block
    for s in sources:
        return strip_site_name(s, site=site, others=[b.text for b in shown]), None
    if meta.title:
        return strip_site_name(meta.title, site=site, others=[b.text for b in shown]), None
    if shown:
        return shown[0].text, shown[0]
    return None
