"""Per-block numbers: cheap, language-aware features the rules and the classifier read.

Everything here is one pass over each block's text with precompiled patterns.
"""

from __future__ import annotations

import json
import math
import re
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate, filterfalse
from operator import itemgetter
from importlib import resources
from typing import TYPE_CHECKING

import regex

from ._lazyre import lazy_re, lazy_regex
from .blocks import Block, Features
from .stoplists import guess_language, stopwords

__all__ = ["SAMPLE_CHARS", "VECTOR_NAMES", "WORD", "count_words", "measure", "iter_vectors", "page_language", "squash_spaces", "text_pieces", "vectors"]

WORD = lazy_regex(r"\w+")
# The same on ASCII text, where both engines' \w is [A-Za-z0-9_]: the standard one is faster.
_ASCII_WORD = lazy_re(r"\w+")
_NONWORD = lazy_regex(r"\W")
_ASCII_NONWORD = lazy_re(r"\W")
_TOKEN_CHUNK = 1 << 16
"""A text longer than this is tokenised a piece at a time (cut where no word runs on): a
block of millions of two-letter words would otherwise hold a list of them all, about 20
times its size."""
# Scripts written without spaces between words: a run of them counts one word per two characters.
_UNSPACED = lazy_regex(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
# A sentence ends in punctuation, possibly followed by a closing quote or bracket.
_SPACED = lazy_regex(r"[^\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}]")
# (searched from the end, "(?r)": a forward search tries every position of a long block)
_TERMINAL = lazy_regex(r"(?r)[.!?\u3002\uff01\uff1f\u2026:;][\"'\u201d\u2019\u00bb)\]]*$")
# _TERMINAL without a regex: the closers and the enders are different characters, so the
# pattern matches when the last character before the trailing closers is an ender ("$" also
# matches before a final newline).
_ENDERS = frozenset(".!?\u3002\uff01\uff1f\u2026:;")
_CLOSERS = "\"'\u201d\u2019\u00bb)]"


def _ends_sentence(text: str) -> bool:
    """Whether ``_TERMINAL`` is found in ``text`` (~6x faster than the search)."""
    if text.endswith("\n"):
        text = text[:-1]
    text = text.rstrip(_CLOSERS)
    return bool(text) and text[-1] in _ENDERS


_HAN = lazy_regex(r"\p{Han}")
_KANA = lazy_regex(r"[\p{Hiragana}\p{Katakana}]")
# Runs, not single characters: the sum of the runs' lengths is the count of letters (or of
# capitals), and findall() makes one string per run instead of one per letter.
_LETTERS = lazy_regex(r"\p{L}+")
_UPPERS = lazy_regex(r"\p{Lu}+")
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


SAMPLE_CHARS = 1 << 16
"""Characters of a block a language or stopword sample reads (each stops after 3,000 words
anyway): a huge block is sampled by its head."""


def page_language(blocks: Sequence[Block], hint: str | None = None) -> str:
    """The page's language: ``hint`` when given, else a guess from the stopwords of its text."""
    if hint:
        return hint.lower().split("-")[0].split("_")[0]
    sample: list[str] = []
    for block in blocks:
        text = block.text[:SAMPLE_CHARS]
        # (ASCII: lower-casing changes no word boundary, and both engines' \w is [A-Za-z0-9_])
        sample += _ASCII_WORD.findall(text.lower()) if text.isascii() else map(str.lower, WORD.findall(text))
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
    counts = Counter([b.text for b in blocks])
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
    n = stops_n = titles = digits = 0
    for piece in text_pieces(text, _ASCII_NONWORD if is_ascii else _NONWORD):
        tokens = _ASCII_WORD.findall(piece) if is_ascii else WORD.findall(piece)
        # map() over C methods: these three sums were a tenth of the text mode's time
        n += len(tokens)
        stops_n += sum(map(stops.__contains__, map(str.lower, tokens)))
        titles += sum(map(str.isupper, map(itemgetter(0), tokens)))
        digits += sum(map(str.isdigit, tokens))
    f.chars = len(text)
    # (str.isascii() is free: an ASCII text has no CJK or Thai to look for)
    f.words = count_words(text) if not is_ascii and _UNSPACED.search(text) else n
    if n:
        f.stopword_density = stops_n / n
        f.title_ratio = titles / n
        f.digit_ratio = digits / n
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
    f.ends_with_punct = _ends_sentence(text)
    f.lines = max(1, -(-len(text) // _WRAP))
    f.words_per_line = f.words / f.lines
    # Text density counts only full wrapped lines; a block shorter than one line
    # has its words as its density (boilerpipe's convention).
    full = len(text) // _WRAP
    f.text_density = f.words * (full * _WRAP / len(text)) / full if full else float(f.words)
    return bool(n), bool(letters)


def text_pieces(text: str, nonword: re.Pattern[str] | regex.Pattern[str]) -> Iterator[str]:
    """``text`` in pieces of about :data:`_TOKEN_CHUNK` characters, each cut where a
    character that is no word character stands (so no word is cut in two)."""
    start, size = 0, len(text)
    while start < size:
        end = start + _TOKEN_CHUNK
        if end < size:
            cut = nonword.search(text, end)
            end = cut.start() if cut else size
        yield text[start:end]
        start = end


_SPACE = lazy_re(r"\s")


def squash_spaces(text: str) -> str:
    """``" ".join(text.split())``, a piece at a time for a long text (the list of all the words
    of a huge block of short words costs about 20 times its size).

    >>> squash_spaces("  two   words ")
    'two words'
    """
    if len(text) <= _TOKEN_CHUNK:
        return " ".join(text.split())
    # each piece is cut where white space stands, so its words are whole
    return " ".join(part for piece in text_pieces(text, _SPACE) if (part := " ".join(piece.split())))


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
_SEPARATOR = lazy_regex(r"\s[|•·»/]\s|\s[|•·»]$|^[|•·»]\s")
_MONEY = lazy_regex(r"[$€£¥₹]\s?\d|\d\s?(?:[$€£¥₹]|EUR|USD|zł|kr)")
_URLISH = lazy_regex(r"https?://|www\.|@\w|\.com\b")

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
_DUP_FLOOR = 30_000
_CHARS_PER_GRAM = 40
"""Word trigrams counted per page for ``dup_share``: ``_DUP_FLOOR``, or one per
``_CHARS_PER_GRAM`` characters of the page's blocks, up to ``_DUP_BUDGET``. Past it (a page of
hundreds of thousands of characters) later lines count as unique, which keeps the memory the
count costs (~130 bytes a trigram) under ~4x the page's size and 13 MB."""


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
    tokens = list(filterfalse(str.isdigit, lowered))
    # (the lexicon's values are floats, never None: map(get) is one C call a token)
    scores = [v for v in map(lex.get, tokens) if v is not None]
    if not scores:
        return _NO_LEX
    n = len(tokens)
    return (
        sum(scores) / len(scores), min(scores), max(scores), lex.get(tokens[0], 0.0),
        len(scores) / n, sum([v for v in scores if v < 0]) / n,
    )


def _shape(f: Features, text: str) -> int:
    """A coarse signature of a line (length class, digits, money, end punctuation, as bits);
    records of a listing (tiles, results) repeat it."""
    return _shape_of(f, _MONEY.search(text) is not None)


def _shape_of(f: Features, money: bool) -> int:
    w = f.words
    size = 0 if w <= 1 else 1 if w <= 3 else 2 if w <= 8 else 3 if w <= 20 else 4
    return size << 3 | (f.digit_ratio > 0) << 2 | money << 1 | f.ends_with_punct


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


def _one_hots(size: int) -> tuple[tuple[float, ...], ...]:
    """``_one_hots(n)[k]`` is ``_bins`` with the ``k``-th of ``n`` edges hit (``k == n``: none)."""
    return tuple(tuple(1.0 if j == k else 0.0 for j in range(size)) for k in range(size + 1))


_WORD_HOT = _one_hots(len(_WORD_BINS))
_STOP_HOT = _one_hots(len(_STOP_BINS))
_NO_STOP_BINS = _STOP_HOT[-1]

_CACHE_BYTES = 2_000_000
"""Bytes (estimated: :data:`_ENTRY_BYTES` and :data:`_TOKEN_BYTES` a token) of what
:func:`iter_vectors` keeps of each distinct text between its passes (and for the repeats of a
line): its content words, trigrams and pattern tests. A page past it (~100,000 characters of
prose) tokenises its other lines again in pass 2 instead, which bounds the memory the cache
costs whatever the page's shape (a short token costs as much as a long one)."""
_ENTRY_BYTES = 600
_TOKEN_BYTES = 150


def _text_words(text: str, stops: frozenset[str]) -> tuple[list[str], set[str], set[tuple[str, str, str]]]:
    """A block's lower-cased tokens, content words (not stopwords, not numbers, longer than
    two letters) and word trigrams."""
    low = text.lower()
    # (on an ASCII string both engines' \w is [A-Za-z0-9_]: the standard one is faster)
    toks = _ASCII_WORD.findall(low) if low.isascii() else WORD.findall(low)
    content = {w for w in toks if len(w) > 2 and w not in stops and not w.isdigit()}
    # (tuples, not joined strings: tokens hold no spaces, so the two are the same trigrams)
    return toks, content, set(zip(toks, toks[1:], toks[2:]))


if TYPE_CHECKING:
    from typing import TypeAlias

    _TextInfo: TypeAlias = tuple[
        int, set[str], set[tuple[str, str, str]], tuple[float, ...],
        tuple[float, float, float, float, float, float, float], float,
    ]
    """What :func:`_text_info` returns."""


def _text_info(text: str, stops: frozenset[str], lex: dict[str, float], first: set[str]) -> _TextInfo:
    """What the vectors read off a block's text alone, computed once per distinct text:
    (the number of tokens, content words, word trigrams, lexicon row, the values of
    separators, money, urlish, copyright, starts lower, ends with a colon, starts with a digit,
    and the share of its distinct words found in the ``first`` line's when it repeats that
    line, else 0). The tokens themselves are not kept: a page of short tokens would cost
    ~60 bytes a character."""
    toks, content, grams = _text_words(text, stops)
    ws = set(toks)
    shared = len(ws & first)
    title = shared / len(ws) if ws and shared / len(ws) >= 0.7 and shared >= min(2, len(first)) else 0.0
    # Each pattern is run only on a line holding a literal that every match contains: the
    # `in` tests are C substring searches, ~8x cheaper than the patterns on the other lines.
    return len(toks), content, grams, _lex_row(toks, lex), (
        1.0 if ("|" in text or "/" in text or "\u2022" in text or "\u00b7" in text or "\u00bb" in text)
        and _SEPARATOR.search(text) else 0.0,
        1.0 if ("$" in text or "EUR" in text or "USD" in text or "kr" in text or "z\u0142" in text
                or "\u20ac" in text or "\u00a3" in text or "\u00a5" in text or "\u20b9" in text)
        and _MONEY.search(text) else 0.0,
        1.0 if ("://" in text or "www." in text or "@" in text or ".com" in text) and _URLISH.search(text) else 0.0,
        1.0 if "\u00a9" in text or "(" in text and "(c)" in text.lower() else 0.0,
        1.0 if text[:1].islower() else 0.0,
        1.0 if text.endswith(":") else 0.0,
        1.0 if text[:1].isdigit() else 0.0,
    ), title


_N_FLAGS = 7


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
    words = [f.words for f in feats]
    logw = list(map(math.log1p, words))
    prose = [f.words >= 10 and f.ends_with_punct and f.stopword_density >= 0.2 for f in feats]
    total = sum(words) or 1
    longest = max(words) or 1
    # densest stretch of prose: +words for prose blocks, -penalty otherwise
    best, span, run, start = 0.0, (0, 0), 0.0, 0
    for i, w in enumerate(words):
        value = w if prose[i] else -min(w, 8) - 2
        if run <= 0:
            run, start = value, i
        else:
            run += value
        if run > best:
            best, span = run, (start, i + 1)
    span0, span1 = span
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
        if last - i < near[i]:
            near[i] = last - i
    # runs of lines without blank lines between them
    group = [0] * n
    g = -1
    for i, b in enumerate(blocks):
        if "blank-before" in b.hints or i == 0:
            g += 1
        group[i] = g
    ngroups = g + 1
    gsize = [0] * ngroups
    gwords = [0.0] * ngroups
    gbullets = [0] * ngroups
    gprose = [0] * ngroups
    for i, b in enumerate(blocks):
        g = group[i]
        gsize[g] += 1
        gwords[g] += logw[i]
        gbullets[g] += "bullet" in b.hints
        gprose[g] += prose[i]
    glog = list(map(math.log, gsize))
    gmean = [w / s for w, s in zip(gwords, gsize)]
    gbullet_share = [c / s for c, s in zip(gbullets, gsize)]
    gprose_share = [c / s for c, s in zip(gprose, gsize)]
    # the page's topic: content words (not stopwords) shared with its prose and its first line
    stops = stopwords(language)
    lex = lexicon()
    # What each distinct text gives (words, trigrams, pattern tests), within a budget of
    # bytes: menus and footers repeat their lines, and pass 2 reads what pass 1 made.
    cache: dict[str, _TextInfo] = {}
    room = _CACHE_BYTES
    first = _text_words(blocks[0].text, stops)[0]
    first_set = set(first)
    title_words = {w for w in first if len(w) > 2 and w not in stops and not w.isdigit()}
    del first

    def info_of(text: str) -> _TextInfo:
        nonlocal room
        info = cache.get(text)
        if info is None:
            info = _text_info(text, stops, lex, first_set)
            if room > 0:
                room -= _ENTRY_BYTES + _TOKEN_BYTES * info[0] + len(text)
                cache[text] = info
        return info

    # Pass 1: the prose's topic words, the lexicon's view, the word trigrams of the page
    # (teasers and summaries repeat the body or each other) and the first later line
    # repeating the first line (the <title> in most renders): the headline.
    # (each block's words and trigrams are gathered, then counted once, in C)
    prose_words: list[str] = []
    all_grams: list[tuple[str, str, str]] = []
    budget = min(_DUP_BUDGET, max(_DUP_FLOOR, sum(f.chars for f in feats) // _CHARS_PER_GRAM))
    # per-block numbers in flat arrays of doubles: ~8 bytes a value instead of ~32 in lists
    lexrows = array("d")
    head = -1
    tmatch = array("d", bytes(8 * n))
    flags = array("d")  # the pattern tests of each block, _N_FLAGS a block (see _text_info)
    for i, b in enumerate(blocks):
        info = info_of(b.text)
        if prose[i]:
            prose_words += info[1]
        lexrows.extend(info[3])
        flags.extend(info[4])
        if budget > 0:
            grams = info[2]
            budget -= len(grams)
            all_grams += grams
        if i and info[5] and words[i] <= 30:
            tmatch[i] = info[5]
            if head < 0:
                head = i
    # Pass 2: the share of each block's trigrams found elsewhere, its topic values, its shape
    repeated = {g for g, c in Counter(all_grams).items() if c > 1}
    prose_df = Counter(prose_words)
    in_prose = set(prose_df)
    in_prose2 = {w for w, c in prose_df.items() if c > 1}
    del all_grams, prose_words, prose_df
    dup = array("d")
    topic = array("d")
    sig = [0] * n
    for i, b in enumerate(blocks):
        words_info = cache.get(b.text) or _text_words(b.text, stops)  # (past the budget: words only)
        content, grams = words_info[1], words_info[2]
        dup.append(len(grams & repeated) / len(grams) if grams else 0.0)
        if content:
            # (a prose block's own words do not count as shared with the prose)
            topic.extend((
                len(content & (in_prose2 if prose[i] else in_prose)) / len(content),
                len(content & title_words) / len(content) if i else 0.0,
                math.log1p(len(content)),
            ))
        else:
            topic.extend(_NO_TOPIC)
        sig[i] = _shape_of(feats[i], flags[_N_FLAGS * i + 1] == 1.0)
    del cache
    del repeated, in_prose, in_prose2
    # a line in a repeating record has the same shapes as the lines k back
    periodic = [0.0] * n
    for i in range(1, n - 1):
        for k in range(2, 9):
            if i - 1 - k < 0:
                break
            if sig[i] == sig[i - k] and sig[i + 1] == sig[i + 1 - k] and sig[i - 1] == sig[i - 1 - k]:
                periodic[i] = 1.0
                break
    rank_log = [0.0] * n
    for r, j in enumerate(sorted(range(n), key=words.__getitem__, reverse=True)):
        rank_log[j] = math.log1p(r)
    # prefix sums for window means
    pl = array("d", accumulate(logw, initial=0.0))
    pp = array("d", accumulate(prose, initial=0.0))
    plex = array("d", accumulate(lexrows[::6], initial=0.0))
    pdup = array("d", accumulate(dup, initial=0.0))
    since = [0.0] * n
    if head >= 0:
        since[head:] = map(math.log1p, range(n - head))
    last = n - 1
    mass = 0
    for i, b in enumerate(blocks):
        f = feats[i]
        w = words[i]
        mpos = (mass + w / 2) / total
        mass += w
        i7 = _N_FLAGS * i
        hints = b.hints
        gi = group[i]
        position = f.position
        stop = f.stopword_density
        punct = f.ends_with_punct
        # window means: (prefix[hi] - prefix[lo]) / (hi - lo) over i-k .. i+k within the page
        lo3 = i - 3 if i > 3 else 0
        hi3 = i + 4 if i + 4 < n else n
        lo5 = i - 5 if i > 5 else 0
        hi5 = i + 6 if i + 6 < n else n
        lo10 = i - 10 if i > 10 else 0
        hi10 = i + 11 if i + 11 < n else n
        lo15 = i - 15 if i > 15 else 0
        hi15 = i + 16 if i + 16 < n else n
        i6 = 6 * i
        i3 = 3 * i
        if i:
            prev = feats[i - 1]
            prev_log, prev_punct, prev_stop = logw[i - 1], 1.0 if prev.ends_with_punct else 0.0, prev.stopword_density
        else:
            prev_log = prev_punct = prev_stop = 0.0
        if i < last:
            nxt = feats[i + 1]
            next_log, next_punct, next_stop = logw[i + 1], 1.0 if nxt.ends_with_punct else 0.0, nxt.stopword_density
        else:
            next_log = next_punct = next_stop = 0.0
        row = [
            1.0,
            logw[i],
            stop,
            1.0 if punct else 0.0,
            f.upper_ratio,
            f.title_ratio,
            f.digit_ratio,
            position,
            position * (1 - position) * 4,
            1.0 if f.repeats > 1 else 0.0,
            1.0 if "bullet" in hints or "li" in hints else 0.0,
            1.0 if "blank-before" in hints else 0.0,
            1.0 if "blank-after" in hints else 0.0,
            f.link_density,
            prev_log,
            next_log,
            logw[i - 2] if i > 1 else 0.0,
            logw[i + 2] if i + 2 < n else 0.0,
            prev_punct,
            next_punct,
            prev_stop,
            next_stop,
            (pl[hi3] - pl[lo3]) / (hi3 - lo3),
            (pl[hi10] - pl[lo10]) / (hi10 - lo10),
            (pp[hi5] - pp[lo5]) / (hi5 - lo5),
            (pp[hi15] - pp[lo15]) / (hi15 - lo15),
            mpos,
            mpos * (1 - mpos) * 4,
            1.0 if mpos < 0.1 else 0.0,
            1.0 if mpos > 0.9 else 0.0,
            f.chars / w if w else 0.0,
            flags[i7],
            flags[i7 + 4],
            1.0 if span0 <= i < span1 else 0.0,
            1.0 / (1 + near[i]),
            1.0 if w <= 15 and not punct and i < last and prose[i + 1] else 0.0,
            stop * logw[i],
            1.0 if b.heading > 0 else 0.0,
            w / longest,
            glog[gi],
            gmean[gi],
            flags[i7 + 1],
            flags[i7 + 2],
            flags[i7 + 3],
            flags[i7 + 5],
            1.0 if w >= 3 and f.title_ratio == 1.0 else 0.0,
            flags[i7 + 6],
            1.0 if i < 3 else 0.0,
            1.0 if i >= n - 3 else 0.0,
            topic[i3],
            topic[i3 + 1],
            topic[i3 + 2],
            lexrows[i6],
            lexrows[i6 + 1],
            lexrows[i6 + 2],
            lexrows[i6 + 3],
            lexrows[i6 + 4],
            lexrows[i6 + 5],
            dup[i],
            tmatch[i],
            1.0 if head >= 0 and i >= head else 0.0,
            since[i],
            periodic[i],
            1.0 if i == 0 or group[i - 1] != gi else 0.0,
            1.0 if i == last or group[i + 1] != gi else 0.0,
            gbullet_share[gi],
            gprose_share[gi],
            rank_log[i],
            (plex[hi3] - plex[lo3]) / (hi3 - lo3),
            (pdup[hi3] - pdup[lo3]) / (hi3 - lo3),
        ]
        row += _WORD_HOT[bisect_left(_WORD_BINS, w)]
        row += _STOP_HOT[bisect_left(_STOP_BINS, stop)] if w >= 7 else _NO_STOP_BINS
        row += (1.0, 0.0) if punct and w < 7 else (0.0, 1.0) if punct else (0.0, 0.0)
        yield row
