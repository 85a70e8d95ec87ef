"""Main-content selection: which blocks of a segmented page are the body.

Every block gets a *content value*: positive for prose (long, full of stopwords, with sentence
punctuation), negative for link text and for blocks under chrome containers (navigation,
sharing, related links, comments...). Every container gets the sum of the values of the blocks
below it, and the container with the largest sum is the main region: the smallest subtree that
holds the dense text and leaves the link lists out. Sibling regions that are prose too join it
(an article split around an advert), and prose just above it (the lead under the headline) is
kept. Inside the region, blocks under chrome containers or dense with links are chrome.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

import stopwordsiso

from ..blocks import Block, Label

if TYPE_CHECKING:
    from ..html import Segmented
    from ..metadata import PageMeta

__all__ = ["select_main"]


# --- language --------------------------------------------------------------------------------

_GUESS_LANGUAGES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "sv", "da", "no", "fi", "cs", "sk",
    "hu", "ro", "tr", "uk", "bg", "hr", "sl", "ca", "id", "vi", "el",
)
_NO_SPACES = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")


@lru_cache(maxsize=64)
def _stopwords(language: str) -> frozenset[str]:
    language = language.lower().replace("_", "-").split("-")[0]
    if not language or not stopwordsiso.has_lang(language):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(language))


@lru_cache(maxsize=1)
def _stopword_owners() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for lang in _GUESS_LANGUAGES:
        for word in _stopwords(lang):
            owners.setdefault(word, []).append(lang)
    return {w: tuple(langs) for w, langs in owners.items()}


def _guess_language(words: list[str]) -> str:
    owners = _stopword_owners()
    hits: dict[str, int] = {}
    for word in words:
        for lang in owners.get(word, ()):
            hits[lang] = hits.get(lang, 0) + 1
    if not hits:
        return ""
    return max(hits, key=hits.__getitem__)


# --- block values ----------------------------------------------------------------------------

_SENTENCE_END = frozenset(".!?。！？…:;\"'”’»)")
_PUNCT = re.compile(r"[.!?;,:。！？，、；]")
_WORD_STRIP = ".,;:!?\"'()[]{}«»“”‘’-–—…*#/|"


class _Stats:
    __slots__ = ("chars", "link", "words", "stop", "punct", "value")

    def __init__(self) -> None:
        self.chars = 0
        self.link = 0
        self.words = 0
        self.stop = 0.0
        self.punct = 0
        self.value = 0.0


def _measure(blocks: list[Block], stop: frozenset[str]) -> list[_Stats]:
    out = []
    for block in blocks:
        text = block.text
        st = _Stats()
        st.chars = len(text)
        st.link = block.link_chars
        words = text.split()
        if _NO_SPACES.search(text):
            # Scripts without spaces: count characters in twos as "words".
            st.words = max(len(words), len(text) // 2)
        else:
            st.words = len(words)
        if stop and words:
            hits = 0
            for w in words:
                if w.lower().strip(_WORD_STRIP) in stop:
                    hits += 1
            st.stop = hits / len(words)
        st.punct = len(_PUNCT.findall(text))
        out.append(st)
    return out


def _value(st: _Stats, has_stop: bool) -> float:
    """Content value of one block, before container flags."""
    if st.chars == 0:
        return 0.0
    plain = st.chars - st.link
    link_density = st.link / st.chars
    if link_density > 0.5:
        return -0.8 * st.link
    if has_stop:
        q = 0.15 + 1.3 * st.stop
    else:
        q = 0.6
    if st.punct:
        q += 0.15 + min(st.punct / max(st.words, 1), 0.2)
    q = min(q, 1.0)
    if plain < 40:
        q *= 0.5
    return plain * q - 0.8 * st.link


# --- selection -------------------------------------------------------------------------------


def select_main(seg: Segmented, meta: PageMeta, *, include_comments: bool = False) -> None:
    """Label every block of ``seg`` (BODY, CHROME, HEADLINE, CAPTION, TIMESTAMP, BYLINE)."""
    from ..html import CHROME_FLAGS, CHROME_KINDS, F_COMMENTS

    blocks = seg.blocks
    if not blocks:
        return
    n = len(seg.tag)
    language = (meta.language or "").strip()
    stop = _stopwords(language) if language else frozenset()
    if not stop:
        sample: list[str] = []
        for block in blocks:
            sample.extend(w.lower().strip(_WORD_STRIP) for w in block.text.split())
            if len(sample) > 3000:
                break
        language = _guess_language(sample)
        stop = _stopwords(language) if language else frozenset()
    stats = _measure(blocks, stop)

    # Text per container subtree, to tell wrappers from real chrome containers.
    chars = [0] * n
    for i, st in enumerate(stats):
        chars[seg.owner[i]] += st.chars
    for c in range(n - 1, 0, -1):
        chars[seg.parent[c]] += chars[c]
    page_chars = max(chars[0], 1)

    chrome_mask = CHROME_FLAGS
    if include_comments:
        chrome_mask &= ~F_COMMENTS
    # Effective flags: a flag on a container that holds most of the page is a layout class
    # ("has-sidebar", "comments-open"), not a statement about its text.
    eff = [0] * n
    for c in range(1, n):
        own = seg.flags[c]
        if own & chrome_mask and chars[c] > 0.6 * page_chars:
            own &= ~chrome_mask
        eff[c] = eff[seg.parent[c]] | own

    values = [0.0] * len(blocks)
    for i, st in enumerate(stats):
        v = _value(st, bool(stop))
        if eff[seg.owner[i]] & chrome_mask:
            v = -abs(v) - 0.3 * st.chars
        values[i] = v
        blocks[i].score = v

    sums = [0.0] * n
    for i, v in enumerate(values):
        sums[seg.owner[i]] += v
    for c in range(n - 1, 0, -1):
        sums[seg.parent[c]] += sums[c]

    best = 0
    best_sum = sums[0]
    for c in range(1, n):
        if sums[c] > best_sum:
            best, best_sum = c, sums[c]
    lo, hi = best, seg.end[best]

    # Flags relative to the region: only containers inside it count.
    rel = [0] * n
    for c in range(lo + 1, hi + 1):
        parent = seg.parent[c]
        rel[c] = (rel[parent] if parent > lo else 0) | seg.flags[c]

    for i, block in enumerate(blocks):
        c = seg.owner[i]
        st = stats[i]
        if lo <= c <= hi:
            flags = rel[c] & chrome_mask
            if flags:
                block.decide(Label.CHROME, _kind(flags, CHROME_KINDS), "dom.chrome-container")
            elif st.chars and st.link / st.chars > 0.6 and st.chars - st.link < 40 and "list" not in block.hints:
                block.decide(Label.CHROME, "navigation", "dom.link-dense")
            else:
                block.decide(Label.BODY, "", "dom.main")
        else:
            flags = eff[c] & chrome_mask
            block.decide(Label.CHROME, _kind(flags, CHROME_KINDS) if flags else "boilerplate", "dom.outside-main")


def _kind(flags: int, kinds: tuple[tuple[int, str], ...]) -> str:
    for flag, kind in kinds:
        if flags & flag:
            return kind
    return "boilerplate"
