"""Per-block numbers: cheap, language-aware features the rules and the classifier read.

Everything here is one pass over each block's text with precompiled patterns.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from operator import itemgetter
from importlib import resources

import regex

from .blocks import Block, Features
from .stoplists import guess_language, stopwords

__all__ = ["VECTOR_NAMES", "WORD", "count_words", "measure", "iter_vectors", "page_language", "vectors"]

WORD = regex.compile(r"\w+")
# The same on ASCII text, where both engines' \w is [A-Za-z0-9_]: the standard one is faster.
_ASCII_WORD = re.compile(r"\w+")
# Scripts written without spaces between words: a run of them counts one word per two characters.
_UNSPACED = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
# A sentence ends in punctuation, possibly followed by a closing quote or bracket.
_SPACED = regex.compile(r"[^\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
# (searched from the end, "(?r)": a forward search tries every position of a long block)
_TERMINAL = regex.compile(r"(?r)[.!?\u3002\uff01\uff1f\u2026:;][\"'\u201d\u2019\u00bb)\]]*$")
_HAN = regex.compile(r"\p{Han}")
_KANA = regex.compile(r"[\p{Hiragana}\p{Katakana}]")
# Runs, not single characters: the sum of the runs' lengths is the count of letters (or of
# capitals), and findall() makes one string per run instead of one per letter.
_LETTERS = regex.compile(r"\p{L}+")
_UPPERS = regex.compile(r"\p{Lu}+")
# In ASCII the letters are A-Z and a-z and the capitals A-Z: deleting every other byte with
# bytes.translate (in C) leaves them to be counted.
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_NOT_ASCII_UPPER = bytes(b for b in range(256) if not 65 <= b <= 90)
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
    # The numbers of a repeated text (menus, footers: a quarter of a page's blocks) are read
    # off its first block: (that block's features, whether it had words, whether letters).
    measured: dict[str, tuple[Features, bool, bool]] = {}
    for block in blocks:
        f = block.features
        text = block.text
        repeats = counts[text]
        first = measured.get(text) if repeats > 1 else None
        if first is None:
            has_tokens, has_letters = _measure_text(f, text, stops)
            if repeats > 1:
                measured[text] = (f, has_tokens, has_letters)
        else:
            _copy_text_numbers(*first, f)
        f.link_density = block.link_chars / len(text) if text else 0.0
        f.position = block.index / total
        f.repeats = repeats


def _measure_text(f: Features, text: str, stops: frozenset[str]) -> tuple[bool, bool]:
    """Set the numbers of ``f`` that depend on the text alone; whether it has words, letters."""
    is_ascii = text.isascii()
    tokens = _ASCII_WORD.findall(text) if is_ascii else WORD.findall(text)
    f.chars = len(text)
    # (str.isascii() is free: an ASCII text has no CJK or Thai to look for)
    f.words = count_words(text) if not is_ascii and _UNSPACED.search(text) else len(tokens)
    if tokens:
        # map() over C methods: these three sums were a tenth of the text mode's time
        n = len(tokens)
        f.stopword_density = sum(map(stops.__contains__, map(str.lower, tokens))) / n
        f.title_ratio = sum(map(str.isupper, map(itemgetter(0), tokens))) / n
        f.digit_ratio = sum(map(str.isdigit, tokens)) / n
    # Capitals matter for short lines (mastheads, buttons); the head of a long one is enough.
    head = text[:200]
    if head.isascii():
        raw = head.encode("ascii")
        letters = len(raw.translate(None, _NOT_ASCII_LETTER))
        if letters:
            f.upper_ratio = len(raw.translate(None, _NOT_ASCII_UPPER)) / letters
    else:
        letters = sum(map(len, _LETTERS.findall(head)))
        if letters:
            f.upper_ratio = sum(map(len, _UPPERS.findall(head))) / letters
    f.ends_with_punct = bool(_TERMINAL.search(text))
    f.lines = max(1, -(-len(text) // _WRAP))
    f.words_per_line = f.words / f.lines
    # Text density counts only full wrapped lines; a block shorter than one line
    # has its words as its density (boilerpipe's convention).
    full = len(text) // _WRAP
    f.text_density = f.words * (full * _WRAP / len(text)) / full if full else float(f.words)
    return bool(tokens), bool(letters)


def _copy_text_numbers(src: Features, has_tokens: bool, has_letters: bool, f: Features) -> None:
    """What :func:`_measure_text` would set on ``f`` for the text ``src`` was measured on."""
    f.chars = src.chars
    f.words = src.words
    if has_tokens:
        f.stopword_density = src.stopword_density
        f.title_ratio = src.title_ratio
        f.digit_ratio = src.digit_ratio
    if has_letters:
        f.upper_ratio = src.upper_ratio
    f.ends_with_punct = src.ends_with_punct
    f.lines = src.lines
    f.words_per_line = src.words_per_line
    f.text_density = src.text_density


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
    "lex_mean", "lex_min", "lex_max", "lex_first", "lex_cover", "lex_neg",
    "dup_share", "title_match", "after_title", "since_title",
    "periodic", "group_first", "group_last", "group_bullets", "group_prose", "word_rank",
    "lex_window", "dup_window",
) + tuple(f"words_le_{b}" for b in _WORD_BINS) + tuple(
    f"stop_lt_{b}" for b in _STOP_BINS
) + ("punct_short", "punct_long")


_NO_LEX = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
_NO_TOPIC = (0.0, 0.0, 0.0)
_DUP_BUDGET = 100_000
"""Word trigrams counted per page for ``dup_share``: past it (a multi-megabyte page) later
lines count as unique, which bounds the memory a huge page costs."""


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """Word -> log-odds that a page using it has it in content rather than chrome.

    Data (``data/chrome_lexicon.json``), fitted by ``benchmarks/train_text_model.py``; only
    words found on pages of many different sites are in it, so it holds the vocabulary of
    chrome in general ("share", "subscribe", "cart"), never one site's names.
    """
    raw = json.loads(resources.files("boilerstrip").joinpath("data/chrome_lexicon.json").read_text("utf-8"))
    return {str(k): float(v) for k, v in raw["words"].items()}


def _lex_row(lowered: list[str], lex: dict[str, float]) -> tuple[float, ...]:
    tokens = [t for t in lowered if not t.isdigit()]
    scores = [lex[t] for t in tokens if t in lex]
    if not scores:
        return _NO_LEX
    n = len(tokens)
    return (
        sum(scores) / len(scores), min(scores), max(scores), lex.get(tokens[0], 0.0),
        len(scores) / n, sum(v for v in scores if v < 0) / n,
    )


def _shape(f: Features, text: str) -> int:
    """A coarse signature of a line (length class, digits, money, end punctuation, as bits);
    records of a listing (tiles, results) repeat it."""
    w = f.words
    size = 0 if w <= 1 else 1 if w <= 3 else 2 if w <= 8 else 3 if w <= 20 else 4
    return size << 3 | (f.digit_ratio > 0) << 2 | (_MONEY.search(text) is not None) << 1 | f.ends_with_punct


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

    lex = lexicon()
    first = WORD.findall(blocks[0].text.lower())
    first_set = set(first)
    title_words = {w for w in first if len(w) > 2 and w not in stops and not w.isdigit()}
    # Pass 1, one tokenisation per block: the prose's topic words, the lexicon's view, the
    # word trigrams of the page (teasers and summaries repeat the body or each other) and the
    # first later line repeating the first line (the <title> in most renders): the headline.
    # Token lists are not kept: on a large page they would cost more memory than the page.
    prose_df: Counter[str] = Counter()
    tri_count: Counter[str] = Counter()
    budget = _DUP_BUDGET
    # per-block numbers in flat arrays of doubles: ~8 bytes a value instead of ~32 in lists
    lexrows = array("d")
    head = -1
    tmatch = array("d", bytes(8 * n))
    for i, b in enumerate(blocks):
        toks = WORD.findall(b.text.lower())
        if prose[i]:
            prose_df.update({w for w in toks if len(w) > 2 and w not in stops and not w.isdigit()})
        lexrows.extend(_lex_row(toks, lex))
        if budget > 0:
            grams = {" ".join(toks[k:k + 3]) for k in range(len(toks) - 2)}
            budget -= len(grams)
            tri_count.update(grams)
        if i and first_set and feats[i].words <= 30:
            ws = set(toks)
            shared = len(ws & first_set)
            if ws and shared / len(ws) >= 0.7 and shared >= min(2, len(first_set)):
                tmatch[i] = shared / len(ws)
                if head < 0:
                    head = i
    # Pass 2: the share of each block's trigrams found elsewhere, and its topic values
    dup = array("d")
    topic = array("d")
    for i, b in enumerate(blocks):
        toks = WORD.findall(b.text.lower())
        grams = {" ".join(toks[k:k + 3]) for k in range(len(toks) - 2)}
        dup.append(sum(1 for g in grams if tri_count.get(g, 0) > 1) / len(grams) if grams else 0.0)
        words_i = {w for w in toks if len(w) > 2 and w not in stops and not w.isdigit()}
        if words_i:
            own = 1 if prose[i] else 0
            topic.extend((
                sum(1 for w in words_i if prose_df[w] - own > 0) / len(words_i),
                sum(1 for w in words_i if w in title_words) / len(words_i) if i else 0.0,
                math.log1p(len(words_i)),
            ))
        else:
            topic.extend(_NO_TOPIC)
    del tri_count, prose_df
    # a line in a repeating record has the same shapes as the lines k back
    sig = [_shape(f, b.text) for f, b in zip(feats, blocks)]
    periodic = [0.0] * n
    for i in range(1, n - 1):
        for k in range(2, 9):
            if i - 1 - k < 0:
                break
            if sig[i] == sig[i - k] and sig[i + 1] == sig[i + 1 - k] and sig[i - 1] == sig[i - 1 - k]:
                periodic[i] = 1.0
                break
    gbullets: dict[int, int] = {}
    gprose: dict[int, int] = {}
    for i, b in enumerate(blocks):
        gbullets[group[i]] = gbullets.get(group[i], 0) + ("bullet" in b.hints)
        gprose[group[i]] = gprose.get(group[i], 0) + prose[i]
    wrank = array("l", bytes(array("l").itemsize * n))
    for r, j in enumerate(sorted(range(n), key=lambda j: -feats[j].words)):
        wrank[j] = r
    # prefix sums for window means
    pl = array("d", [0.0])
    pp = array("d", [0.0])
    plex = array("d", [0.0])
    pdup = array("d", [0.0])
    for i in range(n):
        pl.append(pl[-1] + logw[i])
        pp.append(pp[-1] + prose[i])
        plex.append(plex[-1] + lexrows[6 * i])
        pdup.append(pdup[-1] + dup[i])

    def mean(prefix: Sequence[float], i: int, k: int) -> float:
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
        row += topic[3 * i:3 * i + 3]
        row += lexrows[6 * i:6 * i + 6]
        gi = group[i]
        row += [
            dup[i],
            tmatch[i],
            float(head >= 0 and i >= head),
            math.log1p(i - head) if head >= 0 and i >= head else 0.0,
            periodic[i],
            float(i == 0 or group[i - 1] != gi),
            float(i == n - 1 or group[i + 1] != gi),
            gbullets[gi] / size,
            gprose[gi] / size,
            math.log1p(wrank[i]),
            mean(plex, i, 3),
            mean(pdup, i, 3),
        ]
        row += _bins(f.words, _WORD_BINS)
        row += _bins(f.stopword_density, _STOP_BINS) if f.words >= 7 else [0.0] * len(_STOP_BINS)
        row += [float(f.ends_with_punct and f.words < 7), float(f.ends_with_punct and f.words >= 7)]
        yield row
