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
    from ..metadata import PageMeta
    from .segment import Segmented

__all__ = ["select_main"]

from .flags import (  # noqa: E402
    F_ADVERT, F_ASIDE, F_BREADCRUMB, F_COOKIE, F_FOOTER, F_HEADER, F_MODAL, F_NAV, F_NEWSLETTER,
    F_PAGINATION, F_SHARE, F_TAGS,
)

# Chrome flags that describe a structure (never long prose), as opposed to comments or
# related-links boxes whose text can read like prose.
_STRUCTURAL = (
    F_NAV | F_TAGS | F_SHARE | F_BREADCRUMB | F_PAGINATION | F_HEADER | F_FOOTER | F_ASIDE
    | F_MODAL | F_COOKIE | F_NEWSLETTER | F_ADVERT
)


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
    from . import flags as H

    blocks = seg.blocks
    if not blocks:
        return
    n = len(seg.tag)
    parent = seg.parent
    owner = seg.owner
    stop = _page_stopwords(blocks, meta)
    stats = _measure(blocks, stop)
    base = [_value(st, bool(stop)) for st in stats]

    # Text and prose value per container subtree.
    chars = [0] * n
    prose = [0.0] * n
    for i, st in enumerate(stats):
        chars[owner[i]] += st.chars
        if base[i] > 0:
            prose[owner[i]] += base[i]
    for c in range(n - 1, 0, -1):
        chars[parent[c]] += chars[c]
        prose[parent[c]] += prose[c]
    page_chars = max(chars[0], 1)

    chrome_mask = H.CHROME_FLAGS
    if include_comments:
        chrome_mask &= ~H.F_COMMENTS
    # Which chrome flags to believe. A flag on a container holding most of the page is a
    # layout class ("has-sidebar", "comments-open"); a structural flag (navigation, tags,
    # sharing...) on a container that is mostly good prose is a naming accident.
    own_flags = [0] * n
    for c in range(1, n):
        own = seg.flags[c] & chrome_mask
        if own:
            if chars[c] > 0.6 * page_chars:
                own = 0
            elif own & _STRUCTURAL and prose[c] >= 300 and prose[c] >= 0.5 * chars[c]:
                own &= ~_STRUCTURAL
        own_flags[c] = own
    eff = [0] * n
    for c in range(1, n):
        eff[c] = eff[parent[c]] | own_flags[c]

    values = [0.0] * len(blocks)
    for i, st in enumerate(stats):
        v = base[i]
        if eff[owner[i]]:
            v = -abs(v) - 0.3 * st.chars
        values[i] = v
        blocks[i].score = v

    sums = [0.0] * n
    for i, v in enumerate(values):
        sums[owner[i]] += v
    for c in range(n - 1, 0, -1):
        sums[parent[c]] += sums[c]

    best = 0
    best_sum = sums[0]
    for c in range(1, n):
        if sums[c] > best_sum:
            best, best_sum = c, sums[c]
    lo, hi = best, seg.end[best]

    # Flags relative to the region: only containers inside it count.
    rel = [0] * n
    for c in range(lo + 1, hi + 1):
        p = parent[c]
        rel[c] = (rel[p] if p > lo else 0) | own_flags[c]

    for i, block in enumerate(blocks):
        c = owner[i]
        st = stats[i]
        if lo <= c <= hi:
            flags = rel[c]
            if flags:
                block.decide(Label.CHROME, _kind(flags), "dom.chrome-container")
            elif st.chars and st.link / st.chars > 0.6 and st.chars - st.link < 40 and "list" not in block.hints:
                block.decide(Label.CHROME, "navigation", "dom.link-dense")
            else:
                block.decide(Label.BODY, "", "dom.main")
        else:
            flags = eff[c]
            block.decide(Label.CHROME, _kind(flags) if flags else "boilerplate", "dom.outside-main")


def _page_stopwords(blocks: list[Block], meta: PageMeta) -> frozenset[str]:
    """The stopwords of the page's declared language, or of the language its words suggest."""
    language = (meta.language or "").strip()
    stop = _stopwords(language) if language else frozenset()
    if stop:
        return stop
    sample: list[str] = []
    for block in blocks:
        sample.extend(w.lower().strip(_WORD_STRIP) for w in block.text.split())
        if len(sample) > 3000:
            break
    language = _guess_language(sample)
    return _stopwords(language) if language else frozenset()


def _kind(flags: int) -> str:
    from .flags import CHROME_KINDS

    for flag, kind in CHROME_KINDS:
        if flags & flag:
            return kind
    return "boilerplate"
