"""Stopword lists, from the maintained ``stopwordsiso`` package (MIT), loaded once.

The language of a page is guessed from which list covers most of its words; stopword
density is a strong, language-neutral sign of prose (chrome is nouns and verbs in the
imperative: "Share", "Sign in", "Privacy Policy").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain, repeat

import stopwordsiso

__all__ = ["LANGUAGES", "guess_language", "stopwords"]

#: Languages considered when guessing; others can still be passed explicitly.
LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "sv", "da", "no", "fi", "cs",
    "sk", "hu", "ro", "tr", "uk", "bg", "hr", "sl", "ca", "id", "vi", "el",
)
_SCRIPT_LANGUAGES = {"zh", "ja", "ko", "ar", "he", "th", "fa", "hi"}


@lru_cache(maxsize=64)
def stopwords(language: str) -> frozenset[str]:
    """The stopword set of ``language`` (ISO 639-1), empty when none is known."""
    language = language.lower().split("-")[0].split("_")[0]
    if not stopwordsiso.has_lang(language):
        return frozenset()
    return frozenset(w.lower() for w in stopwordsiso.stopwords(language))


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[str, ...]]:
    owners: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for word in stopwords(lang):
            owners.setdefault(word, []).append(lang)
    return {w: tuple(langs) for w, langs in owners.items()}


def guess_language(words: Iterable[str], *, default: str = "en") -> str:
    """The language whose stoplist covers most of ``words`` (lower-cased tokens).

    >>> guess_language("the cat sat on the mat and it was happy".split())
    'en'
    >>> guess_language("der Hund ist nicht in dem Haus und wir sind hier".split())
    'de'
    """
    # one C-level count over the languages of every word, in the words' order (so languages
    # tied on hits keep the order they were first met in, as most_common() reads it)
    hits: Counter[str] = Counter(chain.from_iterable(map(_index().get, words, repeat(()))))
    if not hits:
        return default
    return hits.most_common(1)[0][0]
