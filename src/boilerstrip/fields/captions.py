"""Photo captions and their credits.

A caption in flattened text is a line that carries a photo credit: ``(Photo : REUTERS/Name)``
in front, ``(AP Photo/Name)`` or ``Getty Images`` at the end, ``Photo: ...``, ``Credit: ...``,
``Image source: ...`` or a ``©`` notice. The short line right above it, when there is one,
is usually the image's title or alt text, and belongs to the caption.
"""

from __future__ import annotations

import regex

from .._lazyre import lazy_regex

__all__ = ["is_credit_line", "split_credit"]

# Each pattern captures the credit in group "credit". Credits are short (a name, an agency,
# "AP Photo/Name"), so every repetition is bounded. Every pattern is also linear in the length
# of the line by construction (``tests/test_regex_budget.py`` measures it):
#
# * simple case folding (the ``regex`` module's default version): under VERSION1 ignore-case
#   also means full case folding, where one character of a class can match two ("st" is the
#   fold of the ligature "ﬆ", "ss" of "ß"), so a class repeated over "ststst..." has 2^n ways
#   to read it: "x Reuters/" + "st" * 24 + "!" took ~30 s in the agency/name pattern;
# * a run of white space next to another one, or in front of a credit that may itself start
#   with white space, is read possessively (``\s*+``): the engine otherwise tries every split
#   of a long run between the two, quadratic on "(Photo:" and 10,000 spaces. The credit then
#   starts at its first character that is not white space; where the old patterns let the
#   credit take in the white space (or ":") in front of it to reach its minimum length, a
#   look-behind allows a credit one character shorter, so the same lines match.
_CREDIT_WORDS = r"(?:photo(?:graph)?s?|image|picture|pic|foto|credit|source|bild|quelle|crédit|fuente|fonte)"
_AGENCIES = (
    r"(?:reuters|ap|afp|getty(?:\s+images)?|epa|xinhua|anadolu|dpa|ansa|efe|shutterstock|"
    r"alamy|istock(?:photo)?|unsplash|pixabay|pexels|wikimedia(?:\s+commons)?|bloomberg|pa\s+(?:images|wire|media))"
)


def _credit(first: str, rest: str, most: int, *, after: str) -> str:
    """A credit of 2 to ``most`` characters, starting with one of ``first`` and going on with
    ``rest``; of 1 when it follows what ``after`` matches (a separator the credit could count
    in the patterns before they were made possessive)."""
    return rf"(?:(?<={after}){first}{rest}{{0,{most - 1}}}?|{first}{rest}{{1,{most - 1}}}?)"


_BRACKETED = _credit(r"[^)\]\s]", r"[^)\]]", 80, after=r"[:\-\s]")  # "(Photo: X)"
_LABELLED = _credit(r"\S", r".", 80, after=r"\s")  # "Photo: X"
_PHOTO_BY = _credit(r"[^.\s]", r"[^.]", 60, after=r"\s\s")  # "Photo by X" (one space is "by\s+"'s)
_NAME = _credit(r"[\p{L}.'-]", r"[\p{L}.' -]", 60, after=" ")  # "REUTERS/X"
_NOTICE = _credit(r"[^©.\s]", r"[^©.]", 60, after=r"\s")  # "© X"
_PATTERNS = tuple(
    lazy_regex(p, regex.IGNORECASE)
    for p in (
        # "(Photo : REUTERS/Kai Pfaffenbach) text" and "[Photo: X] text"
        rf"^[(\[]\s*+{_CREDIT_WORDS}(?:\s++(?:by|courtesy(?:\s++of)?))?\s*+(?:[:\-]\s*+)?(?P<credit>{_BRACKETED})\s*+[)\]]",
        # "text (AP Photo/Name)" or "text (Photo: X)" at the end
        rf"[(\[]\s*+(?P<credit>(?:{_AGENCIES}\s*+(?:photo\s*+)?/|{_CREDIT_WORDS}\s*+(?:by|:))\s*+(?:[^)\]]{{1,60}}+|(?<=\s)))"
        rf"\s*+[)\]]\s*+\.?$",
        # "Photo: X" / "Credit: X" / "Image source: X" as the start of the line
        rf"^{_CREDIT_WORDS}(?:\s++(?:{_CREDIT_WORDS}|by|credit|courtesy(?:\s++of)?))?\s*+:\s*+(?P<credit>{_LABELLED})\s*+$",
        # "... Photo by Name on Unsplash" / trailing "AGENCY/Name" or "Getty Images"
        rf"(?:^|\s)(?P<credit>(?:photo|image)\s++by\s++{_PHOTO_BY})\s*+$",
        rf"\s(?P<credit>{_AGENCIES}\s*+/\s*+{_NAME})\s*+\.?$",
        # an agency alone after the caption's last sentence or a separator ("... harbour. Getty Images");
        # never the end of a sentence that cites it ("..., according to Reuters.")
        rf"(?:[.!?]\s++|\s[|–—-]\s*+|^)(?P<credit>{_AGENCIES})\s*+$",
        # "... at dawn. © Jane Doe"
        rf"[.!?]\s++(?P<credit>©\s*+{_NOTICE})\s*+$",
    )
)


# One cheap test before the six patterns: every credit names a credit word, an agency or "by".
_ANY_CREDIT = lazy_regex(rf"{_CREDIT_WORDS}|{_AGENCIES}|\bby\b|©", regex.IGNORECASE)


# Last words of the lines the agency-alone pattern can match ("... harbour. Getty Images").
_AGENCY_ENDS = frozenset(
    "reuters ap afp getty images epa xinhua anadolu dpa ansa efe shutterstock alamy istock "
    "istockphoto unsplash pixabay pexels wikimedia commons bloomberg wire media".split()
)


_CREDIT_STARTS = ("photo", "image", "picture", "pic", "foto", "credit", "source", "bild", "quelle", "crédit", "fuente", "fonte")


def _may_hold_credit(text: str) -> bool:
    """A test in plain string operations that every line a credit pattern matches passes:
    it opens with a bracket or a credit word ("Photo:", "Credit:"), closes with a bracket, has
    a slash, "©", "photo" or "image", or ends with an agency's name. Most lines of a page fail it, and are spared the regexes."""
    if not text:
        return False
    if text[0] in "([" or "/" in text or "©" in text:
        return True  # a bracket in front, "AGENCY/Name", a copyright notice
    tail = text.rstrip()
    if tail.rstrip(".").rstrip()[-1:] in (")", "]"):
        return True  # "(AP Photo/Name)" at the end
    low = tail.lower()
    if low.startswith(_CREDIT_STARTS) or "photo" in low or "image" in low:
        return True  # "Photo: X", "Credit: X", "... Photo by X"
    last = low.rsplit(None, 1)[-1] if low else ""
    return last in _AGENCY_ENDS


def split_credit(text: str) -> str | None:
    """The photo credit in ``text``, or ``None`` when it carries none.

    >>> split_credit("(Photo : REUTERS/Kai Pfaffenbach) Smoke and dust rise over the town.")
    'REUTERS/Kai Pfaffenbach'
    >>> split_credit("The mayor speaks in the square. (AP Photo/Jane Doe)")
    'AP Photo/Jane Doe'
    >>> split_credit("The council met on Tuesday to discuss the budget.") is None
    True
    """
    if not _may_hold_credit(text) or _ANY_CREDIT.search(text) is None:
        return None
    for pattern in _PATTERNS:
        m = pattern.search(text)
        if m:
            return m.group("credit").strip()
    return None


# A line that is only a credit, with no "Photo:" word: "REUTERS/Jane Doe", "Jane Doe/Getty Images",
# "Getty Images/iStockphoto"; or one labelled with a credit word the caption patterns leave to
# prose ("Imagem: Jane Doe", "Illustration: Jane Doe", "Crédito: Jane Doe").
_BARE_CREDIT = lazy_regex(
    rf"^\(?\s*+(?:{_AGENCIES}(?:\s++photo)?\s*+/\s*+[\p{{L}}.' -]{{2,60}}+|[\p{{L}}.' -]{{2,60}}+/\s*+{_AGENCIES})\s*+\)?\s*+$"
    r"|^(?:imagem|illustration|ilustra(?:ção|ción|zione)|grafik|infografik|kuva|crédito|credito|créditos|creditos|"
    r"fotografía|fotografia|reprodução|reproducción)\s*+:\s*+\S.{0,80}+$",
    regex.IGNORECASE,
)


def is_credit_line(text: str) -> bool:
    """Whether ``text`` is a photo's credit line (what :func:`split_credit` finds, or a bare
    credit: "REUTERS/Jane Doe", "Jane Doe/Getty Images", "Imagem: Jane Doe"), which is never a
    headline.

    >>> is_credit_line("REUTERS/Jane Doe"), is_credit_line("Imagem: Jane Doe"), is_credit_line("Harbour ferry runs all winter")
    (True, True, False)
    """
    if len(text) > 200:
        return False
    return _BARE_CREDIT.search(text) is not None or (len(text) <= 120 and split_credit(text) is not None)
