"""The headline: the on-page title of the article, not the masthead or a related link.

HTML pages offer several candidates: JSON-LD ``headline``, ``og:title`` and ``<title>`` (as
given, and with the site's name stripped by comparing against ``og:site_name``, the domain and
the other candidates, never by blindly splitting on "-" or "|"), the parts of the title, the
first ``h1`` and ``h2`` headings and the short lines above the first paragraph. Boosted trees
weigh them (:func:`html_candidates`): which sources agree, where the candidate shows, whether
it names the site.

In flattened text the headline is a short line above the first body paragraph, shaped
like a title (no sentence-final full stop, not a date, not a caption, not in capitals).
Converters often print the ``<title>`` as the first line ("Headline | Site"); a later line
that repeats part of it is then the on-page headline. A converter that prints no ``<title>``
(inscriptis) leaves the URL's slug as the surest sign: lines that repeat it are candidates
wherever they are. A row of menu controls run into one line ("Open sidebar menu Menu
Subscribe") and a photo's credit ("REUTERS/Jane Doe") never are; a line above a credit,
taken for the photo's title, still is when the slug or the ``<title>`` names it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import regex

from .._lazyre import lazy_regex
from ..blocks import Block, Label
from ..density import compile_trees
from ..dom.describe import PAGE_TYPES
from ..errors import RuleError
from ..features import lexicon  # shared with the line classifier
from ..metadata import PageMeta
from .byline import is_by_line
from .captions import is_credit_line

__all__ = ["pick_headline", "strip_site_name"]

_WORDS = lazy_regex(r"\w+")
_SENTENCE_BREAK = lazy_regex(r"\w[.!?]\s+[\p{Lu}\p{Lo}]")
# "»" separates ("Blog » Post") unless it closes a quotation, and a spaced "«" that no "»"
# closes soon after separates as well ("Post « Blog", an older blog's title): guillemets
# quote in French, and a headline may quote someone
_PARTS = lazy_regex(r"\s+[|\-–—:·•/]\s+|\s*[|·•]\s*|\s*»(?<!«[^«»]{0,200}»)\s*|\s+«\s+(?![^«»]{0,200}»)")


# A first part names the site when it is the host name plus at most this many letters
# ("Beanhaus.com" for beanhaus); longer, it is more likely a product or topic ("Beanhaus Grinder").
_HOST_SLACK = 4
# Host labels that never name a site: "www", the generic and common country endings.
_HOST_NOISE = frozenset({"www", "m", "com", "org", "net", "edu", "gov", "co", "io", "ac", "info", "biz"})


def host_names(url: str | None) -> list[str]:
    """The labels of a URL's host that may name the site (``https://shop.beanhaus.example/x`` ->
    ``["shop", "beanhaus"]``): without "www", the top-level domain and generic endings.

    >>> host_names("https://www.beanhaus.com/p/123")
    ['beanhaus']
    """
    if not url:
        return []
    host = url.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0].lower()
    labels = host.split(".")
    return [label for label in labels[:-1] if label not in _HOST_NOISE]


def is_front_page(url: str | None) -> bool:
    """Whether a URL is a site's front page (no path, no query): there the site's name is
    the page's title, so it is not stripped.

    >>> is_front_page("https://example.com/"), is_front_page("https://example.com/news/x")
    (True, False)
    """
    if not url:
        return True
    rest = url.split("://", 1)[-1]
    path = rest.split("/", 1)[1] if "/" in rest else ""
    return not path.split("#", 1)[0].strip("/") and "?" not in rest


def _key(text: str) -> str:
    return " ".join(_WORDS.findall(text.lower()))


def _word_set(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(text.lower()))


def _set_overlap(wa: frozenset[str], wb: frozenset[str]) -> float:
    """Word-F1 of two word sets."""
    if not wa or not wb:
        return 0.0
    return 2 * len(wa & wb) / (len(wa) + len(wb))


def strip_site_name(
    title: str, *, site: str | None = None, others: Sequence[str] = (), domain: Sequence[str] = ()
) -> str:
    """Drop a site-name prefix or suffix from a ``<title>``-like string.

    A part is dropped only when something says it is the site's name: ``site``
    (``og:site_name`` or the domain) matches it, or it is absent from the other headline
    candidates while the rest is present. ``domain`` holds the names of the page's host
    (``["beanhaus"]`` for ``www.beanhaus.com``): a last part that contains one is the site's name,
    and so is a first part no longer than the host name. Without such evidence, a
    separator-split part is dropped only when it is clearly shorter than the rest.

    >>> strip_site_name("Early Days of Espresso - Larkmoor Bean Roasters", site="Larkmoor Bean Roasters")
    'Early Days of Espresso'
    >>> strip_site_name("Codename: Obtvse - nwienert", others=["Codename: Obtvse"])
    'Codename: Obtvse'
    >>> strip_site_name("Burr Grinders for Espresso | Beanhaus.com", domain=["beanhaus"])
    'Burr Grinders for Espresso'
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
    site_key, tail_key, lead_key = _squash(site or ""), _squash(tail), _squash(lead)
    if site_key:
        if tail_key in site_key or site_key in tail_key:
            return head
        if lead_key in site_key or site_key in lead_key:
            return rest
    for name in domain:
        if len(name) < 3:
            continue
        if name in tail_key or (len(tail_key) >= 3 and tail_key in name):
            return head
        if (name in lead_key and len(lead_key) <= len(name) + _HOST_SLACK) or (len(lead_key) >= 3 and lead_key in name):
            return rest
    # no evidence: a short tail after a much longer head is a site name ("... | Metro Ledger")
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
    # a headline is one sentence at most: "...no sábado? Veja o vídeo!" is a lead
    return not text.startswith(("(", "[")) and _SENTENCE_BREAK.search(text) is None


_TITLE_MATCH = 0.45
"""Word-F1 with the first line (site name stripped) from which a later line is the on-page
headline rather than an unrelated line: the on-page headline often rewords the title
("Our 7 Favourites" / "Best Desk Lamps ..."), so a strict match misses it, while menu
entries that share a word or two with the title stay below."""
_TITLE_DISTANCE = 0.005
"""Score lost per block between a candidate and the first sentence of the body: of two lines
that repeat the title, the one next to the article (not the one in the menu) is the headline."""
_TITLE_BREAK = lazy_regex(r"\w[.]\s+[\p{Lu}\p{Lo}]")


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


_TEXT_OWN = (
    "above_first_body=0", "above_first_body=1", "above_first_body=2",
    "above_first_body=3-5", "above_first_body=6-10", "above_first_body>10",
    "words=1", "words=2-3", "words=4-7", "words=8-14", "words>=15",
    "label=body", "label=chrome",
    "list_bullet", "list_number",
    "title_case", "capitals", "question", "exclamation", "digits", "stopwords",
    "blank_before", "blank_after", "heading=1", "heading>1", "first_line_titled", "first_line_plain",
    "title_overlap", "title_repeat", "url_overlap", "has_url_slug",
    "lexicon_mean", "lexicon_min", "next_is_body", "next_is_dateline", "position",
    "first_line_separator", "first_line_has_site_name", "first_line_repeated",
    "is_title_repeat", "page_has_title_repeat", "candidate_rank", "candidate_rank_from_end",
    "candidates", "blocks_above_first_body", "share_of_own_in_title", "share_of_title_in_own",
    "share_of_own_in_slug", "times_on_page", "characters", "after_removed_line", "after_chrome",
    "next_words", "block_index", "part_of_first_line", "first_line_parts",
    "outside_reach", "slug_words_in_line", "caption_title",
)


def against_page(names: Sequence[str], but: Collection[str] = ()) -> tuple[str, ...]:
    """The names of a candidate's values followed by those :func:`_set_against_page` adds: for
    each value (but those in ``but``), how far it lies below the page's best candidate and
    above its worst. The trees choose one candidate among a page's few, so what they weigh
    is less "shares six words with the slug" than "shares the most words of any line here"."""
    kept = [n for n in names if n not in but]
    return (*names, *(f"{n}-page_max" for n in kept), *(f"{n}-page_min" for n in kept))


def _set_against_page(rows: Sequence[list[float]], among: Sequence[bool], columns: Sequence[int]) -> None:
    """Extend each row with its ``columns`` minus the column's largest value, then minus its
    smallest, over the rows of ``among`` (all rows when none is)."""
    if not rows:
        return
    pool = [r for r, keep in zip(rows, among) if keep] or list(rows)
    top = [max(r[k] for r in pool) for k in columns]
    low = [min(r[k] for r in pool) for k in columns]
    for row in rows:
        row.extend([row[k] - t for k, t in zip(columns, top)])
        row.extend([row[k] - t for k, t in zip(columns, low)])


_TITLE_SHARES = ("title_overlap", "title_repeat", "share_of_own_in_title", "share_of_title_in_own")
"""Values that compare a line with the first line, the ``<title>`` of most renders: on that
line itself they say nothing (it is not compared with itself), so against the page they
would single out the lines sharing the title's words over the title (a menu entry "Coffee"
under "History of coffee | Site"). They are kept out of :func:`against_page`."""
HEADLINE_FEATURES = against_page(_TEXT_OWN, _TITLE_SHARES)
"""Names of the values :func:`text_candidates` gives each candidate, in order: those of
:func:`candidate_features`, then most of them against the page's other candidates
(:func:`against_page`); the trees of ``data/headline_model.json`` split on them by position."""
_TEXT_AGAINST = [k for k, n in enumerate(_TEXT_OWN) if n not in _TITLE_SHARES]

_REACH = 40
"""How many blocks above the first sentence of the body a headline may sit (a subtitle,
a byline, a date, a photo and its caption come between; a converter may print a long menu
between the headline and a body it starts late)."""
_BELOW = 2
"""How many lines below the first sentence of the body a headline may sit (the first sentence
may be a notice or a teaser above the title). ``_REACH`` and ``_BELOW`` were chosen among 25/40
and 0/2 by ``benchmarks/fields_cv.py --grid`` (grouped by site; per fold, 4 of 5 folds chose
40/2), with the trees refitted for each."""
_BULLET = ("* ", "+ ", "- ", "o ", "\u2022 ")
_NUMBERED = lazy_regex(r"^\d+[.)]\s")
_SLUG_END = lazy_regex(r"\.\w{2,5}$")


def url_words(url: str | None) -> frozenset[str]:
    """The words of a URL's slug (``/2024/05/early-days-of-espresso.html`` ->
    early, days, of, espresso); empty when the path has no slug of two words or more."""
    if not url:
        return frozenset()
    path = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    parts = [p for p in path.split("/")[1:] if p]
    if not parts:
        return frozenset()
    slug = _SLUG_END.sub("", max(parts[-2:], key=len)).lower()
    words = [w for w in regex.split(r"[-_+.]", slug) if w and not w.isdigit()]
    return frozenset(words) if len(words) >= 2 else frozenset()


@dataclass(frozen=True, slots=True)
class _Page:
    """What every candidate of one page is weighed against (computed once a page)."""

    first_body: int
    title_words: frozenset[str]
    """The first line's words, site name stripped, when that line reads as a ``<title>``."""
    head_words: frozenset[str]
    """The first line's words, site name stripped, whatever the line is."""
    head_parts_keys: frozenset[str]
    """The words of each part of the first line ("Software | Tech News" -> software, tech news)."""
    head_parts: int
    slug: frozenset[str]
    repeated: bool
    """A later line repeats the first line exactly (site name stripped)."""
    repeat: int | None
    """The index of the line :func:`_title_repeat` finds, if any."""
    keys: dict[str, int]
    """How often the page prints each candidate's words as a line of their own."""


def candidate_features(blocks: Sequence[Block], block: Block, page: _Page, rank: int, count: int) -> list[float]:
    """The values, named by :data:`_TEXT_OWN`, that weigh ``block`` as the headline of
    flattened text: where it sits relative to the body and among the other candidates
    (``rank`` of ``count``), its length and shape, how it was labelled and what comes around
    it, how much it shares with the page's ``<title>`` (the first line) and with the URL's
    slug, whether it is the line that repeats the first line, how often the page prints it,
    and how chrome-like its words are."""
    f = block.features
    text = block.text
    first_body = page.first_body
    d = first_body - block.index
    words = _WORDS.findall(text.lower())
    unique = set(words)
    key = " ".join(words)
    lex = lexicon()
    scores = [lex.get(w, 0.0) for w in words]
    first = block.index == 0
    separated = first and _PARTS.search(text) is not None  # "Headline | Site"
    titled = first and (page.repeated or separated)
    overlap = 0.0
    title_words = page.title_words
    if title_words and unique and not first:
        overlap = 2 * len(unique & title_words) / (len(unique) + len(title_words))
    shared = len(unique & page.head_words)
    before = blocks[block.index - 1] if block.index > 0 else None
    after = blocks[block.index + 1] if block.index + 1 < len(blocks) else None
    values = (
        d == 0, d == 1, d == 2, 3 <= d <= 5, 6 <= d <= 10, d > 10,
        f.words == 1, 2 <= f.words <= 3, 4 <= f.words <= 7, 8 <= f.words <= 14, f.words >= 15,
        block.label is Label.BODY, block.label is Label.CHROME,
        text.startswith(_BULLET) or "bullet" in block.hints, _NUMBERED.match(text) is not None,
        f.title_ratio, f.upper_ratio > 0.6, text.endswith("?"), text.endswith("!"), f.digit_ratio > 0,
        f.stopword_density,
        "blank-before" in block.hints, "blank-after" in block.hints, block.heading == 1, block.heading > 1,
        titled, first and not titled,
        overlap, overlap >= 0.99,
        len(unique & page.slug) / len(page.slug) if page.slug else 0.0, bool(page.slug),
        sum(scores) / len(scores) if scores else 0.0, min(scores) if scores else 0.0,
        after is not None and after.label is Label.BODY,
        after is not None and after.label in (Label.TIMESTAMP, Label.BYLINE),
        f.position,
        separated, first and strip_site_name(text) != text,
        first and page.repeated,
        block.index == page.repeat, page.repeat is not None, rank, count - 1 - rank,
        count, d,
        shared / len(unique) if unique else 0.0, shared / len(page.head_words) if page.head_words else 0.0,
        len(unique & page.slug) / len(unique) if unique else 0.0,
        page.keys.get(key, 0), len(text),
        before is not None and before.locked, before is None or before.label is Label.CHROME,
        after.features.words if after is not None else 0,
        block.index, not first and bool(key) and key in page.head_parts_keys,
        page.head_parts,
        not -_BELOW <= d <= _REACH, len(unique & page.slug), _guessed_caption_title(block),
    )
    return [float(v) for v in values]


def text_candidates(blocks: Sequence[Block], first_body: int, url: str | None = None) -> list[tuple[Block, str, list[float]]]:
    """The lines of flattened text that may be its headline, each with the text it would
    give (the first line without its site name) and its :func:`candidate_features`: the
    short, title-shaped lines from a little above the first sentence of the body down to it,
    the first line, and the line that repeats the first line wherever it is."""
    if not blocks:
        return []
    head = blocks[0]
    stripped = _key(strip_site_name(head.text))
    reach = range(max(0, first_body - _REACH), min(len(blocks), first_body + 1 + _BELOW))
    indices = list(reach) if 0 in reach else [0, *reach]
    repeat = _title_repeat(blocks, first_body) if _PARTS.search(head.text) else None
    if repeat is not None and repeat.index not in reach:
        indices.append(repeat.index)
    slug = url_words(url)
    taken = set(indices)
    indices += [b.index for b in _slug_lines(blocks, slug, first_body) if b.index not in taken]
    lines = []
    for i in sorted(indices):
        block = blocks[i]
        if block.locked or not 1 <= block.features.words <= 30:
            continue  # a line a rule removed is never the headline
        if block.label in (Label.CAPTION, Label.TIMESTAMP, Label.BYLINE) and not (
            _guessed_caption_title(block) and _named_by(block, slug, stripped)
        ):
            continue
        if block.label is Label.BODY and not _title_shaped(block) and block is not repeat:
            continue  # a lead paragraph never leaves the body
        if block.index > first_body and block.label is Label.CHROME and not _title_line(block):
            continue  # nor does prose below its first sentence that the body has not taken yet
        if block.features.upper_ratio > 0.85 and block.features.words > 1:
            continue  # a line in capitals is a masthead or a section label
        if _in_paragraph(blocks, block):
            continue  # a line of a hard-wrapped paragraph: its sentence runs on, it is body text
        if block.label is Label.BODY and _in_list(blocks, block):
            continue  # an item of the body's list ("- lights along the path") is body text
        if (is_credit_line(block.text) and block.reason != NAMES_PAGE) or _menu_line(block.text):
            continue  # a photo's credit (unless the page's title names it), a row of menu controls ("Open sidebar menu Menu Subscribe")
        lines.append(block)
    # the first line is a converter's <title> when a later line repeats it or it names a site
    repeated = bool(stripped) and any(b.index > 0 and _key(b.text) == stripped for b in lines)
    titled = repeated or _PARTS.search(head.text) is not None
    # how often the page prints each candidate (counted for the candidates only: a big page's
    # other lines are never kept)
    keys = dict.fromkeys((_key(b.text) for b in lines), 0)
    for block in blocks:
        if block.features.words <= 30:
            key = _key(block.text)
            if key in keys:
                keys[key] += 1
    page = _Page(
        first_body=first_body,
        title_words=frozenset(stripped.split()) if titled else frozenset(),
        head_words=frozenset(stripped.split()),
        head_parts_keys=frozenset(_key(part) for part in _PARTS.split(head.text)) | {stripped},
        head_parts=len(_PARTS.split(head.text)),
        slug=slug,
        repeated=repeated,
        repeat=repeat.index if repeat is not None else None,
        keys=keys,
    )
    front = is_front_page(url)
    evidence = (repeat.text,) if repeat is not None else ()  # "Headline | Site" above "Headline"
    out = [
        (b, _strip_all(b.text, None, evidence, url, front) if b.index == 0 else b.text,
         candidate_features(blocks, b, page, rank, len(lines)))
        for rank, b in enumerate(lines)
    ]
    _set_against_page([values for _, _, values in out], [bool(text) for _, text, _ in out], _TEXT_AGAINST)
    return out


_SLUG_LINES = 6
"""At most this many lines beyond the reach above the body join the candidates because they
repeat the URL's slug: a converter that prints no ``<title>`` (inscriptis) leaves the slug as
the surest sign of the headline, which may sit far above the first sentence (under a long
menu) or below it (under a cookie notice that reads as a sentence)."""


def _slug_lines(blocks: Sequence[Block], slug: frozenset[str], first_body: int) -> list[Block]:
    """The short lines anywhere on the page that hold at least half of the slug's words (two
    at least), nearest the first sentence of the body first (:data:`_SLUG_LINES` of them)."""
    if len(slug) < 2:
        return []
    need = max(2, (len(slug) + 1) // 2)
    found = []
    for block in blocks:
        if not 1 <= block.features.words <= 30 or block.locked:
            continue
        words = set(_WORDS.findall(block.text.lower()))
        if len(words & slug) >= need:
            found.append(block)
    found.sort(key=lambda b: abs(first_body - b.index))
    return found[:_SLUG_LINES]


# Words of menu controls in the languages of the stoplists: a line made mostly of them is a
# row of buttons flattened into one line ("Open sidebar menu Menu Subscribe"), never a title.
_MENU_WORDS = frozenset(
    """menu menú sidebar navigation nav toggle hamburger open close skip main content search login
    log sign signin signup register subscribe account cart basket checkout
    abrir fechar cerrar buscar busca pesquisar pesquisa entrar assine assinar assinatura
    suscribirse suscríbete carrito cuenta conta carrinho sair iniciar sesión sessão
    öffnen schließen suche suchen anmelden abonnieren warenkorb konto
    ouvrir fermer rechercher recherche connexion abonner panier compte
    apri chiudi cerca accedi abbonati carrello
    openen sluiten zoeken inloggen abonneren winkelwagen
    otwórz zamknij szukaj zaloguj koszyk""".split()
)


def _menu_line(text: str) -> bool:
    """Whether a line is mostly menu controls (at least half its words, and two of them): a
    row of buttons, not a headline. (A lone "Menu" or "Search" may be a page's own title.)"""
    words = _WORDS.findall(text.lower())
    menu = sum(1 for w in words if w in _MENU_WORDS)
    return menu >= 2 and 2 * menu >= len(words)


_RUN_ON_WORDS = 6
"""Words from which a line whose sentence runs on into the next line is a line of a hard-wrapped
paragraph (plain text wrapped at 72 or 80 columns) rather than a title above a lowercase line."""


def _runs_on(line: Block, nxt: Block) -> bool:
    """Whether ``nxt`` carries on the sentence of ``line``, the line right above it (no blank
    line between): ``line`` is long and does not end a sentence, and ``nxt`` starts in lower
    case and is not a date, a by-line or a caption."""
    f = line.features
    text = nxt.text
    return (
        f.words >= _RUN_ON_WORDS
        and not f.ends_with_punct
        and text[:1].islower()
        and nxt.features.words >= 3
        and nxt.label not in (Label.TIMESTAMP, Label.BYLINE, Label.CAPTION)
        and not is_by_line(text)
    )


def _in_paragraph(blocks: Sequence[Block], block: Block) -> bool:
    """Whether ``block`` is a line of a hard-wrapped paragraph: its sentence runs on into the
    next line, or the line above runs on into it. Such a line is body text, never the headline
    (taking it would cut the paragraph's first line out of the body)."""
    i = block.index
    if i + 1 < len(blocks) and "blank-after" not in block.hints and _runs_on(block, blocks[i + 1]):
        return True
    return i > 0 and "blank-before" not in block.hints and _runs_on(blocks[i - 1], block)


def _item(block: Block) -> bool:
    text = block.text
    return text.startswith(_BULLET) or _NUMBERED.match(text) is not None


def _in_list(blocks: Sequence[Block], block: Block) -> bool:
    """Whether ``block`` is an item of a list: it starts with a bullet or a number, and so does
    the line right above or below it."""
    i = block.index
    return _item(block) and any(0 <= j < len(blocks) and _item(blocks[j]) for j in (i - 1, i + 1))


def _guessed_caption_title(block: Block) -> bool:
    """A line taken for a photo's title only because it sits right above a credit: the
    headline often does too ("Headline" over "Imagem: Jane Doe"), so it stays a candidate
    when the URL or the page's title names it (:func:`_named_by`)."""
    return block.label is Label.CAPTION and block.reason == "caption.title"


def _named_by(block: Block, slug: frozenset[str], title_key: str) -> bool:
    """Whether the URL's slug (half its words, two at least) or the first line's words (site
    name stripped; half of them) name ``block``."""
    words = set(_WORDS.findall(block.text.lower()))
    if len(slug) >= 2 and len(words & slug) >= max(2, (len(slug) + 1) // 2):
        return True
    title = set(title_key.split())
    return block.index > 0 and len(title) >= 2 and 2 * len(words & title) >= len(title)


NAMES_PAGE = "caption.names-page"
"""The reason of a line that reads as a photo's credit but that the page's address or title
names (:func:`names_the_page`): not a caption, a headline candidate."""


def names_the_page(block: Block, url: str | None, title: str | None) -> bool:
    """Whether ``block`` says what the page's address (its slug) or its title (site name
    stripped) says, word for word (word-F1 0.9 or more, two words at least): then a line that
    reads like something else ("Photos: New bridge opens" like a photo's credit) is the page's
    own title. (A photo's caption that merely shares words with the title is not.)

    >>> from boilerstrip.blocks import Block
    >>> names_the_page(Block(index=3, text="Photos: New bridge opens"), "https://x.example/photos-new-bridge-opens", None)
    True
    >>> names_the_page(Block(index=3, text="Image: The new bridge opens to walkers on Sunday"), None, "New bridge opens | Town News")
    False
    """
    owns = {_word_set(block.text), _word_set(strip_site_name(block.text))}  # (a converter's <title> line names its site)
    refs = (url_words(url), _word_set(strip_site_name(title)) if title else frozenset())
    return any(len(ref) >= 2 and _set_overlap(own, ref) >= _NAMES_PAGE_F1 for ref in refs for own in owns)


_NAMES_PAGE_F1 = 0.9
"""The word-F1 with the slug or the title at which a line is the page's title: the benchmark's
own test of a right headline."""


def _title_repeat(blocks: Sequence[Block], first_body: int) -> Block | None:
    """The line that repeats the first line (a converter's ``<title>``, site name stripped),
    nearest the body, or ``None`` when no line repeats enough of it."""
    first = blocks[0]
    if not (_may_title(first) and first.features.words >= 2):
        return None
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
    return best[1] if best is not None and best[0] >= _TITLE_MATCH else None


def _trees(name: str, features: Sequence[str]) -> Callable[[Sequence[float]], float]:
    """The scoring function of the trees in ``data/<name>.json``, fitted on ``features``."""
    raw = json.loads(resources.files("boilerstrip").joinpath(f"data/{name}.json").read_text("utf-8"))
    if list(raw.get("features", ())) != list(features):
        raise RuleError(f"data/{name}.json does not match the features of its picker")
    return compile_trees(float(raw["baseline"]), raw["trees"], len(features))


@lru_cache(maxsize=1)
def _model() -> Callable[[Sequence[float]], float]:
    return _trees("headline_model", HEADLINE_FEATURES)


def _text_headline(blocks: Sequence[Block], first_body: int, url: str | None = None) -> tuple[str, Block | None] | None:
    """The headline of flattened text: its text and the block that shows it.

    Every candidate line (:func:`text_candidates`) is scored by boosted trees (in
    ``data/headline_model.json``, fitted by ``benchmarks/train_headline_model.py``) and the
    best one is the headline. What weighs most: the line repeats the first line (a
    converter's ``<title>``, "Headline | Site"), shares words with it and with the URL's slug,
    sits just above the first sentence of the body, and is shaped like a title, not like a
    menu entry. A first line that another line repeats is the ``<title>``, not page text:
    when the body kept it, it is removed as the masthead it is.
    """
    candidates = text_candidates(blocks, first_body, url)
    score = _model()
    best: tuple[float, str, Block] | None = None
    repeat: Block | None = None
    for block, text, values in candidates:
        if values[_IS_REPEAT]:
            repeat = block
        if not text:
            continue
        value = score(values)
        if best is None or value > best[0]:
            best = (value, text, block)
    head = blocks[0] if blocks else None
    if repeat is not None and head is not None and head.label is Label.BODY and not head.locked:
        head.decide(Label.CHROME, "masthead", "headline.title-line")
    if best is None:
        return None
    if repeat is not None and best[2] is head and _key(repeat.text) == _key(best[1]):
        return repeat.text, repeat  # the <title>'s words as the page shows them
    return best[1], best[2]


_IS_REPEAT = HEADLINE_FEATURES.index("is_title_repeat")


_HTML_OWN = (
    "from_jsonld", "from_jsonld_stripped", "from_og", "from_og_stripped", "from_title",
    "from_title_stripped", "from_title_part", "from_h1", "from_h2", "from_above_body",
    "h1_rank", "h1_count", "shown", "blocks_to_first_body", "position", "link_share", "heading",
    "label=headline", "label=body", "label=chrome", "words", "characters", "separator",
    "ends_with_punct", "overlap_jsonld", "overlap_og", "overlap_title", "sources_agreeing",
    "names_site", "front_page", "share_in_slug", "candidates_containing", "candidates_contained",
    "sources", "ways_found", "part_of_title", "overlap_first_h1", "times_on_page",
    "title_part_rank", "title_part_rank_from_end", "title_parts",
)
HTML_HEADLINE_FEATURES = (*against_page(_HTML_OWN), *(f"page_type={t}" for t in PAGE_TYPES))
"""Names of the values :func:`html_candidates` gives each candidate, in order (its own, then
the same against the page's other candidates, :func:`against_page`, then the page-type
model's probabilities for the page: a service page's headline is its ``<title>`` more often
than its ``h1``, an article's the other way round); the trees of
``data/html_headline_model.json`` split on them by position."""

_SHOWN_WORDS = 30
"""Longest block (in words) just above the first paragraph that is a headline candidate."""
_MAX_SHOWN = 300
"""Longest heading (in characters) that is a headline candidate; longer is not a title."""
_H1S = 4
_H2S = 3
_TITLE_PARTS = 4


@dataclass(slots=True)
class _Candidate:
    text: str
    ways: set[str]
    block: Block | None


def html_candidates(
    blocks: Sequence[Block], first_body: int, meta: PageMeta, url: str | None = None, page_types: Sequence[float] = ()
) -> list[tuple[str, Block | None, list[float]]]:
    """The headlines an HTML page offers, each with the block that shows it (if one does) and
    the values, named by :data:`HTML_HEADLINE_FEATURES`, that weigh it.

    The candidates: JSON-LD's ``headline``, ``og:title`` and ``<title>``, each as given and
    with the site's name stripped; the parts of the ``<title>``; the first ``h1`` and ``h2``
    headings; the short blocks just above the first paragraph. The same words found several
    ways are one candidate, and the ways it was found are among its values, with how much it
    shares with each source, where its block sits and what the page made of that block, and
    the page-type model's ``page_types`` (in :data:`PAGE_TYPES` order; none given: every type
    equally likely). A page without any title (no ``h1``, no title metadata) has no candidates.
    """
    site = meta.og_site_name
    front = is_front_page(url)
    names = [] if front else [_squash(n) for n in ([site] if site else []) + host_names(url)]
    h1s = [b for b in blocks if b.heading == 1 and len(b.text) <= _MAX_SHOWN]
    sources = (meta.jsonld_headline, meta.og_title, meta.title)
    if not h1s and not any(sources):
        return []  # no title anywhere: a short line above the story alone is no headline
    found: dict[str, _Candidate] = {}

    def add(text: str | None, way: str, block: Block | None = None) -> None:
        key = _key(text) if text else ""
        if key:
            cand = found.setdefault(key, _Candidate(text or "", set(), None))
            cand.ways.add(way)
            if cand.block is None:
                cand.block = block

    others = [b.text for b in h1s]
    for way, source in zip(("jsonld", "og", "title"), sources):
        if source:
            add(source, way)
            stripped = _strip_all(source, site, others, url, front)
            if stripped != source:
                add(stripped, way + "_stripped")
    parts = _PARTS.split(meta.title) if meta.title else []
    if len(parts) > 1:
        for part in parts[:_TITLE_PARTS]:
            add(part, "title_part")
    for block in h1s[:_H1S]:
        add(block.text, "h1", block)
    for block in [b for b in blocks if b.heading == 2 and len(b.text) <= _MAX_SHOWN][:_H2S]:
        add(block.text, "h2", block)
    for block in blocks[max(first_body - 3, 0) : first_body]:
        if block.features.words <= _SHOWN_WORDS:
            add(block.text, "above", block)
    if not found:
        return []
    slug = url_words(url)
    part_keys = [_key(part) for part in parts]
    # how often the page prints each candidate as a line of its own (case and spacing aside:
    # a page's lines are many, and this is read for every one)
    times = Counter(" ".join(b.text.lower().split()) for b in blocks if b.features.words <= 40)
    keys = list(found)
    n_blocks = max(len(blocks), 1)
    # the word sets the candidates are compared with, made once
    source_words = [_word_set(s) if s else None for s in sources]
    h1_words = _word_set(h1s[0].text) if h1s else None
    out: list[tuple[str, Block | None, list[float]]] = []
    for key, cand in found.items():
        text, shown, ways = cand.text, cand.block, cand.ways
        words = key.split()
        own = _word_set(text)
        overlaps = [_set_overlap(own, w) if w is not None else -1.0 for w in source_words]
        values = [
            *(way in ways for way in ("jsonld", "jsonld_stripped", "og", "og_stripped", "title", "title_stripped", "title_part", "h1", "h2", "above")),
            next((i for i, h in enumerate(h1s) if h is shown), -1), len(h1s),
            shown is not None,
            shown.index - first_body if shown is not None else 0,
            shown.index / n_blocks if shown is not None else -1.0,
            shown.link_chars / max(len(shown.text), 1) if shown is not None else -1.0,
            shown.heading or 0 if shown is not None else -1,
            shown is not None and shown.label is Label.HEADLINE,
            shown is not None and shown.label is Label.BODY,
            shown is not None and shown.label is Label.CHROME,
            len(words), len(text), _PARTS.search(text) is not None, text.rstrip()[-1:] in (".", "!", "?"),
            *overlaps, sum(o >= 0.5 for o in overlaps),
            bool(names) and _names_site(text, names), front and url is not None,
            sum(w in slug for w in words) / len(words) if slug else -1.0,
            sum(1 for k in keys if k != key and key in k), sum(1 for k in keys if k != key and k in key),
            sum(s is not None for s in sources), len(ways),
            key in part_keys,
            _set_overlap(own, h1_words) if h1_words is not None else -1.0,
            times.get(" ".join(text.lower().split()), 0),
            part_keys.index(key) if key in part_keys else -1,
            len(part_keys) - 1 - part_keys.index(key) if key in part_keys else -1,
            len(parts),
        ]
        out.append((text, shown, [float(v) for v in values]))
    _set_against_page([values for _, _, values in out], [True] * len(out), range(len(_HTML_OWN)))
    kinds = [float(p) for p in page_types] if len(page_types) == len(PAGE_TYPES) else [1.0 / len(PAGE_TYPES)] * len(PAGE_TYPES)
    for _, _, values in out:
        values.extend(kinds)
    return out


@lru_cache(maxsize=1)
def _html_model() -> Callable[[Sequence[float]], float]:
    return _trees("html_headline_model", HTML_HEADLINE_FEATURES)


def pick_headline(
    blocks: Sequence[Block], first_body: int, meta: PageMeta | None, url: str | None = None, page_types: Sequence[float] = ()
) -> tuple[str, Block | None] | None:
    """The headline text and the block that shows it (``None`` when it comes from metadata).

    A headline a rule chose (a locked ``headline`` block) is final. Otherwise, on an HTML
    page, boosted trees (``data/html_headline_model.json``, fitted by
    ``benchmarks/train_headline_model.py --html``) score every :func:`html_candidates` and the
    best one is the headline; in flattened text, :func:`_text_headline` picks it.
    """
    ruled = next((b for b in blocks if b.label is Label.HEADLINE and b.locked), None)
    if ruled is not None:
        return ruled.text, ruled
    if meta is None:
        marked = next((b for b in blocks if b.label is Label.HEADLINE), None)
        return (marked.text, marked) if marked is not None else _text_headline(blocks, first_body, url)
    score = _html_model()
    best: tuple[float, str, Block | None] | None = None
    for text, block, values in html_candidates(blocks, first_body, meta, url, page_types):
        value = score(values)
        if best is None or value > best[0]:
            best = (value, text, block)
    return (best[1], best[2]) if best is not None else None


def _squash(text: str) -> str:
    return _key(text).replace(" ", "")


def _names_site(text: str, names: Sequence[str]) -> bool:
    """Whether a heading is just the site's name (``"Coffeetalk.org"`` for coffeetalk)."""
    key = _squash(text)
    return bool(key) and any(
        n and (key == n or (len(key) >= 4 and (key in n or n in key) and len(key) <= len(n) + _HOST_SLACK))
        for n in names
    )


def _strip_all(title: str, site: str | None, others: Sequence[str], url: str | None, front: bool) -> str:
    """Strip the site's name from a title; off the front page also with the host's name as
    evidence, and repeatedly ("Topic | Section | Site" -> "Topic"). On a front page the
    site's name often is the title, so only ``og:site_name`` and the candidates count."""
    out = strip_site_name(title, site=site, others=others)
    if front:
        return out
    domain = host_names(url)
    for _ in range(_MAX_STRIPS):
        shorter = strip_site_name(out, site=site, others=others, domain=domain)
        if shorter == out:
            break
        out = shorter
    return out


# A title is stripped of at most this many more parts after the first ("A | B | C | D | E").
_MAX_STRIPS = 4
