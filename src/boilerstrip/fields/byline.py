"""The byline: who wrote the article, as the page prints it.

Sources, best first (see :func:`pick_author`):

1. a "By ..." line of the header ("By Jane Doe | April 19, 2024", "Posted by Jane Doe on
   ...", "Text by Jane Doe", "Author: Jane Doe", a dateline's by-line part "... | Par Jeanne
   Dupont"), the name cut where the dateline furniture starts; never a widget's signature
   ("by Taboola", a "by ..." line under "Sponsored Links");
2. a label line ("By", "Written by", "Author:", "asked Mar 6, 2017") followed by a line
   that is only a name;
3. a block the HTML front-end marked as the byline, when it is a name (with a date around
   it or not);
4. the first post of a thread: a short header line "jdoe April 19, 2024, 4:19pm" whose only
   other words are the poster's name;
5. the page metadata (JSON-LD ``author``, author meta tags, a twitter card's "Written by"),
   co-authors joined;
6. the first schema.org microdata ``itemprop="author"`` that is not a comment's or an
   answer's (a thread's first post);
7. a thread's first post: its header line, else the name on its user card;
8. a line anywhere that says who wrote the page ("Written by Jane Doe", "Contributors: Jane
   Doe and John Roe"), else the name in an author box ("author-name", "post-author__name").

A name is short (at most six words), has no sentence punctuation, and is capitalised or a
single login-like token; everything else is left alone, so a wrong guess costs nothing but
the field. A name is judged by its shape and its source, not by how common its words are:
"Will Smith" from a ``rel=author`` link is a name, "View Profile" is a button. A JSON-LD
``Person`` is the author over an ``Organization`` (see :mod:`boilerstrip.metadata`).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .._lazyre import lazy_regex
from ..blocks import Block, Label
from ..features import lexicon
from ..metadata import PageMeta
from .timestamp import _scan, fold, is_month_word, kind_word

__all__ = ["clean_name", "is_by_line", "join_names", "pick_author"]

# Whole words only: "e" (Italian "and") must not match the start of "editors".
_PARTICLES = r"(?:(?:van|von|de|da|del|der|den|di|du|la|le|bin|al|el|ter|ten|y|e|and|und|et)(?![\p{L}\p{M}])|&)"
_NAME_WORD = r"(?:[\p{Lu}][\p{L}\p{M}.'’\-]*|[\p{Lu}]\.)"
# "By" and its translations, alone or after a verb ("Posted by", "Written by", "Text by").
# Only "by" may run into the name ("ByJane Doe" of a flattened layout): the others are
# followed by white space or ":" ("DIY Home" holds no Italian "di").
# The white space and ":" after it are read possessively ("\s*+(?::\s*+)?", never "\s*:?\s*",
# whose two runs split a long run of spaces every way: quadratic when nothing follows).
_BY = r"(?:by|von|par|por|di|door|przez|автор|от)"
_BY_WORD = lazy_regex(rf"(?i:{_BY})")  # (a cheap first test: most lines name no one)
_BY_NAME = lazy_regex(
    rf"(?:^|(?<=[\s(|·•,\-–—:]))(?:(?i:by)\s*+|(?i:{_BY})(?=[\s:])\s*+)(?::\s*+)?(?P<name>{_NAME_WORD}(?:[\s,]+(?:{_NAME_WORD}|{_PARTICLES})){{0,8}})(?!\w)",
    regex.VERSION1,
)
_BY_LOGIN = lazy_regex(
    rf"(?:^(?i:by)(?=[\s:])|(?:^|(?<=[\s(|·•,\-–—:]))(?i:(?:posted|post|started|submitted|asked|answered|written|created)\s+{_BY}))\s*+(?::\s*+)?(?P<name>[\w][\w.\-]{{1,39}})(?=$|[\s,:»|·•(])",
    regex.VERSION1,
)
# A line that only announces the name on the next line.
_LABEL = lazy_regex(
    r"^(?i:(?:written|posted|article|text|words|story|reported|published|created)\s+by|by|von|par|por|door|autor|auteur|author|authors|"
    r"topic\s+author|original\s+poster|asked|posted)\s*+(?::\s*+)?$",
    regex.VERSION1,
)
_TOKENS = lazy_regex(r"[\p{L}\p{M}\d][\p{L}\p{M}\d.'’_\-]*")
_LOGIN = lazy_regex(r"^[\p{L}\d][\p{L}\d._\-]{1,39}$")
# Each branch starts only where a run of white space starts (the look-behinds), so a long
# run of spaces is crossed once, not once per position.
_STOP_AT = lazy_regex(r"(?<!\s)\s+(?:[|·•/»]|[\-–—](?=\s)|on\s|in\s|at\s|am\s|le\s|el\s|il\s)|,\s|\s\(|(?<!\s)\s*[|·•»]")
# Words run together by a flattened layout ("Jane DoePublished", "Jane DoeAugust 4"): the cut
# is made only before furniture, never inside a name like "MacAlpine".
_GLUE_WORDS = frozenset(("last", "reviewed", "fact", "edited", "updated", "published", "posted"))
# Job titles printed after the name on an author card ("Jane Doe Senior Reporter",
# "Jane DoeFounder"): the name ends where they start.
_ROLE_WORDS = frozenset(
    "writer writers reporter reporters editor editors correspondent contributor contributing "
    "columnist journalist founder cofounder co-founder ceo cto cmo president senior staff lead "
    "reviewer manager director expert specialist analyst producer strategist consultant "
    "freelance chief head executive associate assistant deputy managing former".split()
)
_GLUED_CUTS = _GLUE_WORDS | _ROLE_WORDS
_GLUED = lazy_regex(r"(?<=\p{Ll})(?=\p{Lu}\p{Ll}+)")
# What may stand before "by" in a byline: nothing, a verb of writing, or dateline furniture.
_BEFORE_BY = frozenset(
    "posted post written text words article story reported published updated created "
    "originally submitted started and".split()
)
# Lines that name someone else than the author ("Reviewed by", "Photo by", "Edited by").
_NOT_AUTHOR = frozenset(
    "reviewed review checked fact edited photo photos photograph photography image images "
    "illustration illustrations video produced curated sponsored powered presented hosted "
    "designed developed translated narrated join joined date member members since".split()
)
# Recommendation and advertising widgets sign their boxes ("by Taboola", "Recommended by
# Outbrain"): a vendor's name is never the article's author.
_WIDGET_VENDORS = frozenset(
    "taboola outbrain revcontent mgid zergnet nativo sharethrough dianomi adblade yieldmo triplelift "
    "plista ligatus adnow lockerdome powerinbox engageya contentad gravity sovrn".split()
)
# Chrome whose by-lines are someone else's: an advert, a box of recommendations. (Not a share
# bar: a page's own by-line often sits in one.)
_OTHER_KINDS = frozenset(("advert", "related"))
# A widget's heading right above its "by ..." signature ("Sponsored Links", "You May Like").
_PROMO = lazy_regex(
    r"^(?i:sponsored|promoted|paid|recommended|you\s+may\s+(?:also\s+)?like|around\s+the\s+web|from\s+the\s+web|"
    r"more\s+from|partner\s+(?:content|links?)|ads?\b)"
)
_HEADER_BLOCKS = 12
_LATE_BYLINE = 20
_SIGNED = lazy_regex(
    rf"^(?i:(?:this\s+(?:post|article|story|guide)\s+(?:was|is)\s+)?(?:written|posted|authored)\s+by)\s*+(?::\s*+)?"
    rf"(?P<name>{_NAME_WORD}(?:[\s]+(?:{_NAME_WORD}|{_PARTICLES})){{0,5}})(?!\w)",
    regex.VERSION1,
)
# A by-line that names its author after a label ("Author: Jane Doe", "Contributors: Jane Doe
# and John Roe", "Autor: Jana Nowak").
_LABELLED = lazy_regex(
    rf"^(?i:authors?|contributors?|autor(?:es|en|zy)?|auteurs?|autore|autori|verfasser(?:in)?|redactor(?:a)?)\s*+:\s*+"
    rf"(?P<name>{_NAME_WORD}(?:[\s,]+(?:{_NAME_WORD}|{_PARTICLES})){{0,8}})(?!\w)",
    regex.VERSION1,
)
# Both are used with match() just after a word; the look-behind keeps a search over a run
# of spaces linear (a match can only start where the run does).
_NAME_GOES_ON = lazy_regex(r"(?<!\s)\s+(\p{Lu}\p{L}*)")
_LEADING_AND = lazy_regex(r"^(?:&|and\s)\s*", regex.IGNORECASE)
_DAY_AFTER = lazy_regex(r"(?<!\s)\.?,?\s*\d")
# A dateline's separator right before its by-line part ("... 08h10 | Par Jeanne Dupont").
_AFTER_PART = lazy_regex(r"[|•·]\s*+$")


def clean_name(text: str, *, login: bool = False, date_after: bool = True) -> str | None:
    """``text`` as an author name, cut before dateline furniture; ``None`` if it is not one.

    ``date_after`` says whether the line goes on with a date after ``text``: only then is a
    month word ending it ("Jill Doe August" of "By Jill Doe August 4") furniture.

    >>> clean_name("Jane Doe Updated Sep 4")
    'Jane Doe'
    >>> clean_name("Helen MarlowePublished")
    'Helen Marlowe'
    >>> clean_name("Read the full story in our archive") is None
    True
    """
    text = _LEADING_AND.sub("", text.strip(" \t:;,-–—|·•»"))
    for glue in _GLUED.finditer(text):
        word = regex.match(r"\p{L}+", text[glue.start():])
        if word and (is_month_word(word.group()) or kind_word(word.group()) or fold(word.group()) in _GLUED_CUTS):
            text = text[: glue.start()]
            break
    m = _STOP_AT.search(text)
    if m is not None and m.start() > 0:
        text = text[: m.start()]
    # cut at dateline furniture after the name: a month ("... August 4"), "Published",
    # "Updated", "Last updated"
    for i, w in enumerate(_TOKENS.finditer(text)):
        # a month before a day or year, or ending the name where the line goes on with one;
        # "Written by Sam May" is a name
        month = is_month_word(w.group()) and (
            _DAY_AFTER.match(text, w.end()) is not None or (date_after and w.end() == len(text))
        )
        if month or kind_word(w.group()) or fold(w.group()) in _GLUE_WORDS or (i >= 2 and fold(w.group()) in _ROLE_WORDS):
            if i == 0:
                return None
            text = text[: w.start()].rstrip(" ,;:-–—|")
            break
    words = _TOKENS.findall(text)
    while words and fold(words[-1]) in ("on", "in", "and", "at"):
        text = text[: text.rfind(words[-1])].rstrip(" ,;:-–—|")
        words = words[:-1]
    if not words or len(words) > 6 or _LABEL.match(text) or any(fold(w) in _NOT_AUTHOR or fold(w) in _WIDGET_VENDORS for w in words):
        return None
    if any(ch in text for ch in "!?;:\"“”") or any(w.isdigit() for w in words):
        return None
    if len(words) == 1 and login:
        return text if _LOGIN.match(text) else None
    capital = sum(1 for w in words if w[0].isupper())
    small = sum(1 for w in words if regex.fullmatch(_PARTICLES, w))
    if capital + small < len(words) or capital == 0:
        return None
    return text.strip()


def join_names(names: Sequence[str]) -> str | None:
    """Co-authors as a byline prints them: "A", "A and B", "A, B and C".

    >>> join_names(["Ann Lee", "Bo Chan", "Cy Diaz"])
    'Ann Lee, Bo Chan and Cy Diaz'
    """
    names = [n for n in names if n][:8]
    if not names:
        return None
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def is_by_line(text: str) -> bool:
    """Whether ``text`` is a "By ..." line naming someone (see :func:`pick_author`).

    >>> is_by_line("By Jane Doe December 2, 2025"), is_by_line("Find by Postal Code")
    (True, False)
    """
    return _name_in_line(text) is not None


def _from_line(block: Block) -> str | None:
    return _name_in_line(block.text) or _labelled(block.text)


def _labelled(text: str) -> str | None:
    """The name of a labelled by-line ("Author: Jane Doe"), cut where its furniture starts."""
    m = _LABELLED.match(text)
    if m is None:
        return None
    return clean_name(m.group("name"), date_after=_DAY_AFTER.match(text, m.end()) is not None)


def _name_in_line(text: str) -> str | None:
    """The name of a "By ..." line; "by" must open the line or follow a verb of writing or
    a date ("Posted by", "April 4, 2024 by"), so "Find by Postal Code" is not a byline."""
    if _BY_WORD.search(text) is None and text.isascii():
        return None
    for pattern, login in ((_BY_NAME, False), (_BY_LOGIN, True)):
        m = pattern.search(text)
        if m is None:
            continue
        before: str | None  # (None once _without_dates finds no date in it)
        before = text[: m.start()]
        if pattern is _BY_LOGIN:
            before = ""
            goes_on = _NAME_GOES_ON.match(text, m.end())
            if m.group().lower().startswith("by") and (
                m.group("name").endswith(".")
                or (goes_on is not None and not is_month_word(goes_on.group(1)) and not kind_word(goes_on.group(1)))
            ):
                continue  # "By R. T. Vance View ...", "By 4x Digital": a name too long, not a login
        elif before.strip():
            dated = any(ch.isdigit() for ch in before)
            if dated and _AFTER_PART.search(before) and _scan(before, None, None):
                pass  # "Example Daily | 04.05.2015 à 13h36 | Par Jeanne Dupont": a dateline's by-line part
            else:
                before = _without_dates(before) if dated else before
                words = [fold(w) for w in _TOKENS.findall(before or "")]
                if any(w not in _BEFORE_BY for w in words):
                    continue
        date_after = _DAY_AFTER.match(text, m.end()) is not None
        name = clean_name(m.group("name"), login=login, date_after=date_after)
        if name and not (login and name.islower() and _common_words(name)):
            return name  # "written by people, not machines" names no one
    return None


def _without_dates(text: str) -> str | None:
    """The text of a short header line with its dates cut out; None when it holds none."""
    hits = _scan(text, None, None)
    if not hits:
        return None
    rest, pos = [], 0
    for h in hits:
        rest.append(text[pos : h.lead])
        pos = h.end
    rest.append(text[pos:])
    # the post number after a forum header's date ("... 4:19pm 1") and a "(Display Name)"
    joined = " ".join(p.strip(" \t,;|·•-–—»") for p in rest if p.strip(" \t,;|·•-–—»"))
    return regex.sub(r"\s*\(\s*[^()]{1,40}\)|\s+#?\d{1,4}$", "", joined).strip()


def pick_author(blocks: Sequence[Block], first_body: int, meta: PageMeta | None) -> tuple[str, Block | None] | None:
    """The author, and the block when it is a "By ..." line that may leave the body (``None``
    when the name comes from metadata or from a line that also carries other content)."""
    meta_names = list(meta.article_authors) if meta is not None else []
    shown = _shown_author(blocks, first_body)
    if shown is not None:
        # the metadata's list is the fuller form of the same byline ("Jane Doe" shown,
        # "Jane Doe, MD" or three co-authors declared): take it
        if meta_names and _same_person(shown[0], meta_names):
            return join_names(meta_names) or shown[0], shown[1]
        return shown
    if meta_names:
        return join_names(meta_names) or "", None
    if meta is not None and meta.microdata_author and not _not_a_name(meta.microdata_author):
        return meta.microdata_author, None
    thread = _thread_starter(blocks, first_body)
    if thread is not None:
        return thread
    if meta is not None and meta.author and not _not_a_name(meta.author):
        return meta.author, None  # a rel=author link may read "View more posts"
    return _first_poster(blocks, first_body) or _signed_anywhere(blocks) or _author_box(blocks)


def _signed_anywhere(blocks: Sequence[Block]) -> tuple[str, None] | None:
    """A line anywhere on the page that opens by saying who wrote it ("Written by Jane Doe",
    "This post was written by Jane Doe, Head of ...", "Posted by Jane Doe on ..."): an author
    box under the article or a blog's footer line."""
    for block in blocks:
        if block.locked or block.features.words > 24 or block.label in (Label.HEADLINE, Label.CAPTION):
            continue
        m = _SIGNED.match(block.text)
        if m is not None:
            name = clean_name(m.group("name"), date_after=_DAY_AFTER.match(block.text, m.end()) is not None)
            if name:
                return name, None
        elif "comments" not in block.hints and (name := _labelled(block.text)):
            return name, None
    return None


def _same_person(name: str, names: Sequence[str]) -> bool:
    words = {fold(w) for w in _TOKENS.findall(name)}
    return any(words and words <= {fold(w) for w in _TOKENS.findall(n)} for n in names)


def _shown_author(blocks: Sequence[Block], first_body: int) -> tuple[str, Block | None] | None:
    """The author as the page shows it: a "By" line, a label and its name, a byline block."""
    header = blocks[max(0, first_body - _HEADER_BLOCKS) : first_body + 3]
    marked = [b for b in blocks if b.label is Label.BYLINE]
    candidates = _unique([*header, *marked])
    for block in candidates:
        # (a dateline may carry its by-line: "Example Daily | 04.05.2015 | Par Jeanne Dupont et Jean Martin")
        if block.features.words > (40 if block.label is Label.TIMESTAMP else 14) or block.label in (Label.HEADLINE, Label.CAPTION):
            continue
        if (block.locked and block.label is not Label.BYLINE) or _in_widget(blocks, block):
            continue
        name = _from_line(block)
        if name:
            return name, block
    for block in candidates:
        i = block.index
        if block.features.words <= 6 and i + 1 < len(blocks) and _label_line(block.text):
            nxt = blocks[i + 1]
            name = clean_name(nxt.text, login=True) if nxt.features.words <= 6 else None
            if name:
                return name, None
    for block in marked:
        if block.features.words <= 12:
            name = clean_name(block.text) or clean_name(_without_dates(block.text) or "", login=True)
            by = _BY_NAME.search(block.text)
            if not name and by is not None:  # the page marks it a byline: "Guide by Jane Doe"
                name = clean_name(by.group("name"), date_after=_DAY_AFTER.match(block.text, by.end()) is not None)
            if name:
                return name, None
    # a short "Text by Jane Doe" line a little further down (under a standfirst or a photo)
    for block in blocks[first_body + 3 : first_body + _LATE_BYLINE]:
        if block.features.words <= 6 and not block.locked and block.label not in (Label.HEADLINE, Label.CAPTION):
            name = None if _in_widget(blocks, block) else _from_line(block)
            if name:
                return name, block
    return None


def _in_widget(blocks: Sequence[Block], block: Block) -> bool:
    """Whether a "by ..." line signs a widget rather than the article: it sits in an advert
    or a box of recommendations (as the HTML front-end marks them), or right under a widget's
    heading ("Sponsored Links", "You May Like")."""
    if block.label is Label.CHROME and block.kind in _OTHER_KINDS:
        return True
    prev = blocks[block.index - 1] if block.index > 0 else None
    return prev is not None and prev.features.words <= 6 and _PROMO.match(prev.text) is not None


def _label_line(text: str) -> bool:
    if len(text) > 40:
        return False
    if _LABEL.match(text):
        return True
    # "asked Mar 6, 2017 at 09:41": a verb and a date, the name on the next line
    low = text.lower()
    if low.startswith(("asked ", "posted ", "submitted ")):
        rest = _without_dates(text)
        return rest is not None and rest.lower() in ("asked", "posted", "submitted")
    return False


def _thread_starter(blocks: Sequence[Block], first_body: int) -> tuple[str, None] | None:
    """The poster of a thread's first post: a header line "jdoe April 19, 2024, 4:19pm 1"
    (a login or a name, a date, a post number) among the first lines of the content."""
    start = max(0, first_body - _HEADER_BLOCKS)
    for block in blocks[start : first_body + 3]:
        if block.features.words > 12 or block.label in (Label.HEADLINE, Label.CAPTION) or not any(ch.isdigit() for ch in block.text):
            continue
        rest = _without_dates(block.text)
        if rest:
            name = clean_name(rest, login=True)
            if name:
                return name, None
    return None


_POSTER_WORDS = frozenset(("username", "author", "authorname", "postauthor", "poster", "owner", "postprofile", "postuser"))
"""Class words that name who wrote a post (a forum's user card, an author box)..."""
_USER_PARTS = frozenset(("info", "details", "name", "card"))
"""...as do "user" or "message" next to one of these ("user-info", "message-name")."""
_CLASS_WORD = lazy_regex(r"[a-z]+")
_STATUS = lazy_regex(r"\b(?:online|offline|away)$", regex.IGNORECASE)
_POSTER_WINDOW = 40
"""How many blocks past the first body block the first post's user card may come."""


def _poster_class(words: Sequence[str]) -> bool:
    """True for the words of a class token that names a post's writer ("user-details",
    "postprofile", "message-name", "post-author"); not a word inside another ("homeowners",
    "authorized") nor a data token naming one author ("author-jane-doe" on every teaser)."""
    if not words or (words[0] == "author" and len(words) >= 3):
        return False
    if _POSTER_WORDS.intersection(words):
        return True
    return bool(("user" in words or "message" in words) and _USER_PARTS.intersection(words))


# Words of the buttons and labels that sit where a name would ("View Profile", "Read More",
# "Staff Writer", "Our Team"): a capitalised phrase of common words with one of them is not a
# person's name.
_UI_WORDS = frozenset(
    "view more read all posts post articles stories profile follow following followers share save "
    "print email subscribe sign login log menu home about contact bio biography see visit "
    "author authors staff team editor editors editorial admin administrator contributor "
    "contributors writer writers guest our the by your my news desk".split()
)


def _not_a_name(name: str) -> bool:
    """Whether a value a source offers as a name (a ``rel=author`` link, microdata, a user
    card) is a label or a button rather than a person, judged by its shape: capitalised words
    are a name ("Will Smith", "Mark Price", "The Example Team") even when every word is common,
    unless they are all common and one is a button's or a label's word ("View Profile", "Staff
    Writer"); a single word is a name when it is not common vocabulary ("Save", "Share" are
    buttons)."""
    words = _TOKENS.findall(name)
    if len(words) >= 2 and all(w[0].isupper() or regex.fullmatch(_PARTICLES, w) for w in words):
        return any(fold(w) in _UI_WORDS for w in words) and _common_words(name)
    return _common_words(name)


def _common_words(name: str) -> bool:
    """True when every word of ``name`` is common vocabulary (in the chrome lexicon, which
    holds words seen on many sites): "Save", "Share", "Staff Writer" are buttons and labels,
    not names."""
    words = [w.lower() for w in _TOKENS.findall(name)]
    common = lexicon()
    return all(w in common for w in words)


def _first_poster(blocks: Sequence[Block], first_body: int) -> tuple[str, None] | None:
    """The name on the first post's user card: a short line under an element whose class
    names a user or an author ("user-details owner", "postprofile", "message-name") among the
    first lines of the content; a commenter's card is not one. A card marked as the owner's
    (the asker's, where editors have cards too) comes first."""
    start = max(0, first_body - _HEADER_BLOCKS)
    cards = []
    for block in blocks[start : first_body + _POSTER_WINDOW]:
        if block.features.words > 4 or len(block.text) > 40 or block.label in (Label.HEADLINE, Label.CAPTION):
            continue
        classes = [_CLASS_WORD.findall(h[4:].lower()) for h in block.hints if h.startswith("cls:")]
        if any("comment" in w for words in classes for w in words) or not any(map(_poster_class, classes)):
            continue
        if _STATUS.search(block.text):
            continue  # "J Offline": an avatar's initial and the user's status
        owner = any("owner" in words for words in classes)
        cards.append((not owner, block.index, block))
    for _, _, block in sorted(cards, key=lambda c: c[:2]):
        name = clean_name(_without_dates(block.text) or block.text, login=True)
        # (a class name is a weak source: a card's heading of common words is no name)
        if name and len(name) > 1 and not _common_words(name):
            return name, None
    return None


def _author_box(blocks: Sequence[Block]) -> tuple[str, None] | None:
    """The name in an author box anywhere on the page: a line of a few words that is only a
    name, under an element whose class names the author ("author-name", "post-author__name",
    "author-card"); not a commenter's, nor one of a box of related stories."""
    for block in blocks:
        if block.features.words > 5 or len(block.text) > 60 or block.label in (Label.HEADLINE, Label.CAPTION):
            continue
        if "byline" not in block.hints or "comments" in block.hints or block.kind in _OTHER_KINDS:
            continue
        if any(h.startswith("cls:") and any(w in h for w in _QUOTED_PEOPLE) for h in block.hints):
            continue
        name = clean_name(block.text, date_after=False)
        words = _TOKENS.findall(name or "")
        if name and len(words) >= 2 and fold(words[0]) not in _NOT_A_FIRST_WORD and not _not_a_name(name):
            return name, None
    return None


# Boxes that name people other than the article's author: reviews, testimonials, quotes.
_QUOTED_PEOPLE = ("review", "testimonial", "quote", "rating")
# Words that open a shop's or a profile's line, never a name ("From Example Co", "Visit the Store").
_NOT_A_FIRST_WORD = frozenset(("from", "visit", "by", "about", "meet", "see", "more", "shop", "store", "sold"))


def _unique(blocks: Sequence[Block]) -> list[Block]:
    seen: set[int] = set()
    out = []
    for b in sorted(blocks, key=lambda b: b.index):
        if b.index not in seen:
            seen.add(b.index)
            out.append(b)
    return out
