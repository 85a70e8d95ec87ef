"""Per-block numbers: cheap, language-aware features the rules and the classifier read.

Everything here is one pass over each block's text with precompiled patterns.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Sequence

import regex

from .blocks import Block
from .stoplists import guess_language, stopwords

__all__ = ["VECTOR_NAMES", "WORD", "count_words", "measure", "iter_vectors", "page_language", "vectors"]

WORD = regex.compile(r"\w+")
# Scripts written without spaces between words: a run of them counts one word per two characters.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
# A sentence ends in punctuation, possibly followed by a closing quote or bracket.
_SPACED = regex.compile(r"[^\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
_TERMINAL = regex.compile(r"[.!?\u3002\uff01\uff1f\u2026:;][\"'\u201d\u2019\u00bb)\]]*$")
_HAN = regex.compile(r"\p{Han}")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
_LETTER = regex.compile(r"\p{L}")
_UPPER = regex.compile(r"\p{Lu}")
_WRAP = 80  # boilerpipe's text density wraps blocks at 80 columns


def count_words(text: str) -> int:
    """Words in ``text``; runs of CJK/Thai characters count one word per two characters.

    >>> count_words("Like Us on Facebook")
    4
    >>> count_words("北京是中国的首都")
    4
    """
    n = 0
    for token in WORD.findall(text):
        if _UNSPACED.search(token):
            n += max(1, len(_UNSPACED.findall(token)) // 2) + bool(_SPACED.search(token))
        else:
            n += 1
    return n


def page_language(blocks: Sequence[Block], hint: str | None = None) -> str:
    """The page's language: ``hint`` when given, else a guess from the stopwords of its text."""
    if hint:
        return hint.lower().split("-")[0].split("_")[0]
    sample: list[str] = []
    for block in blocks:
        sample.extend(w.lower() for w in WORD.findall(block.text))
        if len(sample) > 3000:
            break
    # Scripts without spaces: decide by the share of their characters, however short the page
    head = "".join(sample[:400])
    han = len(_HAN.findall(head))
    kana = len(_KANA.findall(head))
    if head and (han + kana) > 0.3 * len(head):
        return "ja" if kana > han * 0.2 else "zh"
    return guess_language(sample)


def measure(blocks: Sequence[Block], language: str) -> None:
    """Fill in ``block.features`` for every block (in place)."""
    stops = stopwords(language)
    counts = Counter(b.text for b in blocks)
    total = max(1, len(blocks) - 1)
    for block in blocks:
        f = block.features
        text = block.text
        tokens = WORD.findall(text)
        f.chars = len(text)
        f.words = count_words(text) if _UNSPACED.search(text) else len(tokens)
        if tokens:
            lowered = [t.lower() for t in tokens]
            f.stopword_density = sum(1 for t in lowered if t in stops) / len(tokens)
            f.title_ratio = sum(1 for t in tokens if t[0].isupper()) / len(tokens)
            f.digit_ratio = sum(1 for t in tokens if t.isdigit()) / len(tokens)
        # Capitals matter for short lines (mastheads, buttons); the head of a long one is enough.
        head = text[:200]
        letters = len(_LETTER.findall(head))
        if letters:
            f.upper_ratio = len(_UPPER.findall(head)) / letters
        f.ends_with_punct = bool(_TERMINAL.search(text))
        f.lines = max(1, -(-len(text) // _WRAP))
        f.words_per_line = f.words / f.lines
        # Text density counts only full wrapped lines; a block shorter than one line
        # has its words as its density (boilerpipe's convention).
        full = len(text) // _WRAP
        f.text_density = f.words * (full * _WRAP / len(text)) / full if full else float(f.words)
        f.link_density = block.link_chars / len(text) if text else 0.0
        f.position = block.index / total
        f.repeats = counts[text]


# --- the classifier's view of a block: its own numbers and its neighbourhood's ---------------

_WORD_BINS = (1, 2, 3, 6, 10, 15, 25, 40)
_STOP_BINS = (0.1, 0.2, 0.3, 0.4)
_SEPARATOR = regex.compile(r"\s[|•·»/]\s|\s[|•·»]$|^[|•·»]\s")
_MONEY = regex.compile(r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|EUR|USD|zł|kr)")
_URLISH = regex.compile(r"https?://|www\.|@\w|\.com\b")

#: Names of the values :func:`vectors` returns, in order (the model file refers to them).
VECTOR_NAMES: tuple[str, ...] = (
    "bias", "log_words", "stopwords", "punct", "upper", "title_case", "digits",
    "position", "middle", "repeated", "bullet", "blank_before", "blank_after", "link_density",
    "prev_log_words", "next_log_words", "prev2_log_words", "next2_log_words",
    "prev_punct", "next_punct", "prev_stopwords", "next_stopwords",
    "window3_log_words", "window10_log_words", "window5_prose", "window15_prose",
    "mass_position", "mass_middle", "mass_head", "mass_tail", "word_length", "separators",
    "starts_lower", "prose_region", "near_prose", "heading_like", "stop_x_words",
    "heading_level", "relative_length", "group_log_size", "group_mean_log_words",
    "money", "urlish", "copyright", "ends_colon", "all_title", "starts_digit",
    "top", "bottom", "topic_prose", "topic_title", "topic_words",
) + tuple(f"words_le_{b}" for b in _WORD_BINS) + tuple(
    f"stop_lt_{b}" for b in _STOP_BINS
) + ("punct_short", "punct_long")


def _prose(f: Features) -> bool:
    return f.words >= 10 and f.ends_with_punct and f.stopword_density >= 0.2


def _bins(value: float, edges: Sequence[float]) -> list[float]:
    """One-hot: the first edge ``value`` is below or equal to (words) / below (densities)."""
    out = [0.0] * len(edges)
    for k, edge in enumerate(edges):
        if value <= edge:
            out[k] = 1.0
            break
    return out


def vectors(blocks: Sequence[Block], language: str = "en") -> list[list[float]]:
    """One feature vector per block (see :data:`VECTOR_NAMES`), after :func:`measure`."""
    return list(iter_vectors(blocks, language))


def iter_vectors(blocks: Sequence[Block], language: str = "en") -> Iterator[list[float]]:
    """One feature vector per block (see :data:`VECTOR_NAMES`), after :func:`measure`.

    Context values look at the neighbours: the words of the blocks around, how much of the
    window is prose, where the block sits in the page's mass of words, the run of lines
    it belongs to (lines with no blank line between them: menus come as long runs of short
    lines) and whether it lies in the densest stretch of prose (a maximum sub-array).
    """
    n = len(blocks)
    if not n:
        return
    feats = [b.features for b in blocks]
    logw = [math.log1p(f.words) for f in feats]
    prose = [_prose(f) for f in feats]
    total = sum(f.words for f in feats) or 1
    longest = max(f.words for f in feats) or 1
    # densest stretch of prose: +words for prose blocks, -penalty otherwise
    best, span, run, start = 0.0, (0, 0), 0.0, 0
    for i, f in enumerate(feats):
        value = f.words if prose[i] else -min(f.words, 8) - 2
        if run <= 0:
            run, start = value, i
        else:
            run += value
        if run > best:
            best, span = run, (start, i + 1)
    # distance to the nearest prose block, both ways, in O(n)
    near = [n] * n
    last = -n
    for i in range(n):
        if prose[i]:
            last = i
        near[i] = i - last
    last = 2 * n
    for i in range(n - 1, -1, -1):
        if prose[i]:
            last = i
        near[i] = min(near[i], last - i)
    # runs of lines without blank lines between them
    group = [0] * n
    g = -1
    for i, b in enumerate(blocks):
        if "blank-before" in b.hints or i == 0:
            g += 1
        group[i] = g
    gsize: Counter[int] = Counter(group)
    gwords: dict[int, float] = {}
    for i in range(n):
        gwords[group[i]] = gwords.get(group[i], 0.0) + logw[i]
    # the page's topic: content words (not stopwords) shared with its prose and its first line
    stops = stopwords(language)

    def content(block: Block) -> set[str]:
        # made when needed, not kept for every block: on a large page the sets would cost
        # more memory than the page itself
        return {w for w in WORD.findall(block.text.lower()) if len(w) > 2 and w not in stops and not w.isdigit()}

    prose_df: Counter[str] = Counter()
    for i in range(n):
        if prose[i]:
            prose_df.update(content(blocks[i]))
    title_words = content(blocks[0])
    # prefix sums for window means
    pl = [0.0]
    pp = [0]
    for i in range(n):
        pl.append(pl[-1] + logw[i])
        pp.append(pp[-1] + prose[i])

    def mean(prefix: list, i: int, k: int) -> float:
        lo, hi = max(0, i - k), min(n, i + k + 1)
        return (prefix[hi] - prefix[lo]) / (hi - lo)

    mass = 0
    for i, (b, f) in enumerate(zip(blocks, feats)):
        mpos = (mass + f.words / 2) / total
        mass += f.words
        prev = feats[i - 1] if i else None
        nxt = feats[i + 1] if i + 1 < n else None
        text = b.text
        size = gsize[group[i]]
        row = [
            1.0,
            logw[i],
            f.stopword_density,
            float(f.ends_with_punct),
            f.upper_ratio,
            f.title_ratio,
            f.digit_ratio,
            f.position,
            f.position * (1 - f.position) * 4,
            float(f.repeats > 1),
            float("bullet" in b.hints or "li" in b.hints),
            float("blank-before" in b.hints),
            float("blank-after" in b.hints),
            f.link_density,
            logw[i - 1] if i else 0.0,
            logw[i + 1] if i + 1 < n else 0.0,
            logw[i - 2] if i > 1 else 0.0,
            logw[i + 2] if i + 2 < n else 0.0,
            float(prev.ends_with_punct) if prev else 0.0,
            float(nxt.ends_with_punct) if nxt else 0.0,
            prev.stopword_density if prev else 0.0,
            nxt.stopword_density if nxt else 0.0,
            mean(pl, i, 3),
            mean(pl, i, 10),
            mean(pp, i, 5),
            mean(pp, i, 15),
            mpos,
            mpos * (1 - mpos) * 4,
            float(mpos < 0.1),
            float(mpos > 0.9),
            f.chars / f.words if f.words else 0.0,
            float(bool(_SEPARATOR.search(text))),
            float(text[:1].islower()),
            float(span[0] <= i < span[1]),
            1.0 / (1 + near[i]),
            float(f.words <= 15 and not f.ends_with_punct and i + 1 < n and prose[i + 1]),
            f.stopword_density * logw[i],
            float(b.heading > 0),
            f.words / longest,
            math.log(size),
            gwords[group[i]] / size,
            float(bool(_MONEY.search(text))),
            float(bool(_URLISH.search(text))),
            float("©" in text or "(c)" in text.lower()),
            float(text.endswith(":")),
            float(f.words >= 3 and f.title_ratio == 1.0),
            float(text[:1].isdigit()),
            float(i < 3),
            float(i >= n - 3),
        ]
        words_i = content(b)
        if words_i:
            own = 1 if prose[i] else 0
            row += [
                sum(1 for w in words_i if prose_df[w] - own > 0) / len(words_i),
                sum(1 for w in words_i if w in title_words) / len(words_i) if i else 0.0,
                math.log1p(len(words_i)),
            ]
        else:
            row += [0.0, 0.0, 0.0]
        row += _bins(f.words, _WORD_BINS)
        row += _bins(f.stopword_density, _STOP_BINS) if f.words >= 7 else [0.0] * len(_STOP_BINS)
        row += [float(f.ends_with_punct and f.words < 7), float(f.ends_with_punct and f.words >= 7)]
        yield row
