"""Stopword lists, from the maintained ``stopwordsiso`` package (MIT), loaded once.

The language of a page is guessed from which list covers most of its words; stopword
density is a strong, language-neutral sign of prose (chrome is nouns and verbs in the
imperative: "Share", "Sign in", "Privacy Policy").

Importing ``stopwordsiso`` costs a fresh process some 30 ms (it loads ``importlib.metadata``
for its version and parses the lists of every language it has), and the sets and the index
of the guessed languages take as long again to build. So what is built is kept on disk by
:class:`boilerstrip._codecache.Memo`, under a name made of this module's source and the
package's files (their paths, sizes and modification times, as Python's bytecode cache
checks its sources); ``stopwordsiso`` is imported only when something is not there yet.
"""

from __future__ import annotations

import hashlib
import os
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib.util import find_spec
from itertools import chain, repeat
from pathlib import Path

from .._codecache import Memo

__all__ = ["LANGUAGES", "guess_language", "stopword_owners", "stopwords"]

#: Languages considered when guessing; others can still be passed explicitly.
LANGUAGES: tuple[str, ...] = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "sv", "da", "no", "fi", "cs",
    "sk", "hu", "ro", "tr", "uk", "bg", "hr", "sl", "ca", "id", "vi", "el",
)
_SCRIPT_LANGUAGES = {"zh", "ja", "ko", "ar", "he", "th", "fa", "hi"}


@lru_cache(maxsize=1)
def _memos() -> tuple[Memo, Memo] | None:
    """The disk caches of the sets (by language) and of the index, or None when the package's
    files cannot be found (then everything is built from ``stopwordsiso``, as without a cache)."""
    spec = find_spec("stopwordsiso")
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    parts = [Path(__file__).read_bytes(), repr(LANGUAGES).encode()]
    try:
        for name in sorted(os.listdir(package)):
            if not name.startswith((".", "__pycache__")):
                info = os.stat(package / name)
                parts.append(f"{package / name}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    except OSError:
        return None
    key = hashlib.sha256(b"\0\0".join(parts)).digest()
    return Memo("stopwords", key, limit=200), Memo("stopword-index", key, limit=1)


@lru_cache(maxsize=64)
def stopwords(language: str) -> frozenset[str]:
    """The stopword set of ``language`` (ISO 639-1), empty when none is known."""
    memos = _memos()
    words = _kept_or_built(language.lower().split("-")[0].split("_")[0], memos)
    if memos:
        memos[0].save()
    return words


def _kept_or_built(language: str, memos: tuple[Memo, Memo] | None) -> frozenset[str]:
    kept = memos[0].get(language) if memos else None
    if isinstance(kept, frozenset):
        return kept
    import stopwordsiso  # (only here: see the module's docstring)

    words = frozenset(w.lower() for w in stopwordsiso.stopwords(language)) if stopwordsiso.has_lang(language) else frozenset()
    if memos:
        memos[0].put(language, words)
    return words


@lru_cache(maxsize=1)
def stopword_owners() -> dict[str, tuple[str, ...]]:
    """For each stopword of :data:`LANGUAGES`, the languages it is one of (in their order)."""
    memos = _memos()
    kept = memos[1].get("index") if memos else None
    if isinstance(kept, dict):
        return kept
    owners: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        for word in _kept_or_built(lang, memos):
            owners.setdefault(word, []).append(lang)
    index = {w: tuple(langs) for w, langs in owners.items()}
    if memos:
        memos[1].put("index", index)
        for memo in memos:
            memo.save()
    return index


def guess_language(words: Iterable[str], *, default: str = "en") -> str:
    """The language whose stoplist covers most of ``words`` (lower-cased tokens).

    >>> guess_language("the cat sat on the mat and it was happy".split())
    'en'
    >>> guess_language("der Hund ist nicht in dem Haus und wir sind hier".split())
    'de'
    """
    # one C-level count over the languages of every word, in the words' order (so languages
    # tied on hits keep the order they were first met in, as most_common() reads it)
    hits: Counter[str] = Counter(chain.from_iterable(map(stopword_owners().get, words, repeat(()))))
    if not hits:
        return default
    return hits.most_common(1)[0][0]
