"""Main-content selection: which blocks of a segmented page are the body.

1. Every block gets a *content value* (:func:`_value`): positive for prose (long, full of
   stopwords, with sentence punctuation), negative for link text; blocks under a credible
   chrome container (navigation, sharing, related links, comments...) count against.
2. Every container gets the sum of the values below it; the container with the largest sum is
   the *core*: the smallest subtree that holds the dense text and leaves the link lists out.
3. The region grows from the core: repeated siblings of the core (forum posts, the second half
   of an article split around an advert, product sections) join when they hold prose, and
   prose right above the core (the lead under the headline) is kept.
4. Inside the region a block is body unless a chrome container or its link density says
   otherwise; outside it is chrome. The article's ``h1`` becomes the headline; figure captions,
   the byline and the dateline above the body get their own labels.

Comments are chrome unless ``include_comments``; on a page whose text is mostly comments (a
forum thread, a Q&A page) the posts are the content.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .._lazyre import lazy_re
from ..blocks import Block, Label
from ..features import SAMPLE_CHARS, text_pieces
from ..stoplists import stopword_owners as _stopword_owners
from ..stoplists import stopwords as _stopwords
from .flags import (
    CHROME_FLAGS, CHROME_KINDS, F_FORM, F_ADVERT, F_ASIDE, F_AUTHOR_BIO, F_BREADCRUMB, F_BYLINE,
    F_CAPTION, F_COMMENTS, F_CONSENT_PLATFORM, F_REVIEW, F_COOKIE, F_DATE, F_FIGCAPTION, F_FOOTER, F_HEADER, F_META, F_MODAL,
    F_NAV, F_NEWSLETTER, F_FALLBACK, F_PAGINATION, F_RELATED, F_SHARE, F_TAGS, ROLE_FLAGS,
    TAG_FLAGS,
)

if TYPE_CHECKING:
    from ..metadata import PageMeta
    from .segment import Segmented

__all__ = ["says_article", "select_main"]

# Chrome flags that describe a structure (never long prose), as opposed to comments, related
# links or an author box whose text can read like prose.
_STRUCTURAL = (
    F_NAV | F_TAGS | F_SHARE | F_BREADCRUMB | F_PAGINATION | F_HEADER | F_FOOTER | F_ASIDE
    | F_MODAL | F_COOKIE | F_NEWSLETTER | F_ADVERT | F_FORM | F_RELATED
)
_PROSE_SHARE = 0.3
"""A class-named structural flag (nav, header, sidebar...) is doubted on a container whose
prose value is at least this share of its characters."""
_BESIDE_PROSE = 150.0
"""A sidebar (:func:`_says_sidebar`) that outweighs the rest of the page in prose (blogrolls,
recent comments, an "about me" beside a short post) is believed, not taken for a layout class
or a misnamed article, when the page has at least this prose value outside it (a short
paragraph): a post stands beside it."""
_WRAPPER_SHARE = 0.6
"""A chrome flag on a container holding more than this share of the page's text is a layout
class (``has-sidebar``, ``comments-open``), not a statement about the text."""
_THREAD_SHARE = {"thread": 1.0, "unknown": 20.0, "article": float("inf")}
"""Comments are the content when their prose outweighs the best region outside them this many
times (a thread whose opening post is short): readily on a page that says it is a discussion,
reluctantly on one that says nothing, never on one that says it is an article (a short post,
a headline and a dek, under a long thread is still the article)."""
_THREAD_TYPES = frozenset({"discussionforumposting", "qapage", "question", "socialmediaposting", "comment"})
_COLLECTION_TYPES = frozenset({"itemlist", "collectionpage", "searchresultspage"})
_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "techarticle", "scholarlyarticle", "report", "review",
})
# URL path segments (or host labels) that name a discussion: /forum/, /topic/, /t/, boards,
# and names ending in "forum" (a site called somethingforum.com).
_THREAD_URL = lazy_re(
    r"(?:^|[/.])(?:[a-z0-9-]*forums?|boards?|topics?|threads?|discussions?|community|communities|questions|comments|t)(?=[/.?#]|$)",
    re.I,
)
_CATEGORY_URL = lazy_re(
    r"/(?:c|cat|category|categories|subcategory|collections?|catalog|catalogue|shop|browse|department|dept|store)(?=[/.?#-]|$)",
    re.I,
)
_CATEGORY_URL_SHARE = 0.25
"""On a category address, a grid is the listing when it holds this share of the best prose
region's value (0.1 and 0.25 tried on WCXB-dev: 0.25 kept two shop guides out)."""
_LINK_DENSE = 0.6
"""A block (or a menu container) is link-dense when more than this share of its text is links."""
_LINK_PENALTY = 0.5
"""Value lost per link character: a link list costs about half of what the same amount of
prose is worth (0.3 to 0.8 tried on the dev sets; 0.5 keeps articles and helps listings)."""
_REPEAT_MIN_CHARS = 40
"""Texts at least this long that the page repeats are kept once (shorter ones, such as
"Reply" or a price, repeat legitimately)."""
_SIBLING_LEVELS = 4
"""How far above the core to look for repeated siblings (a post body sits a few levels below
the element that repeats)."""


# --- language --------------------------------------------------------------------------------

_NO_SPACES = lazy_re(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_WORD = lazy_re(r"\w+")
_NON_WORD = lazy_re(r"\W")


def _page_stopwords(blocks: Sequence[Block], meta: PageMeta) -> frozenset[str]:
    """The stopwords of the page's declared language, or of the language its words suggest.

    A declared language whose stopwords are rare in the page's words is a template's default
    (an English article under ``lang="de"``): then the words' own language is used, when its
    stopwords are clearly commoner."""
    sample: list[str] = []
    for block in blocks:
        sample.extend(_WORD.findall(block.text[:SAMPLE_CHARS].lower()))  # (a huge block: its head)
        if len(sample) > 3000:
            break
    language = (meta.language or "").strip()
    stop = _stopwords(language) if language else frozenset()
    declared = sum(map(stop.__contains__, sample)) / len(sample) if stop and sample else 0.0
    if stop and declared >= _DECLARED_STOP_SHARE:
        return stop
    owners = _stopword_owners()
    hits: dict[str, int] = {}
    for word in sample:
        for lang in owners.get(word, ()):
            hits[lang] = hits.get(lang, 0) + 1
    if not hits:
        return stop
    guess = max(hits, key=hits.__getitem__)
    if stop and hits[guess] < 2 * declared * len(sample):
        return stop
    return _stopwords(guess)


_DECLARED_STOP_SHARE = 0.15
"""Share of a page's words among its declared language's stopwords below which the words'
own language is checked (prose runs at 0.3-0.5 in the languages of the stoplists)."""


# --- block values ----------------------------------------------------------------------------

_ELLIPSES = ("...", "\u2026", "[\u2026]", "[...]")
_PUNCT = lazy_re(r"[.!?;,:。！？，、；]")


class _Stats:
    __slots__ = ("chars", "link", "words", "stop", "punct", "teaser")

    def __init__(self, chars: int, link: int, words: int, stop: float, punct: int, teaser: bool) -> None:
        self.chars = chars
        self.link = link
        self.words = words
        self.stop = stop
        self.punct = punct
        self.teaser = teaser
        """A linked or listed text cut off with an ellipsis: an excerpt of another page."""


def _measure(blocks: Sequence[Block], stop: frozenset[str]) -> list[_Stats]:
    out = []
    contains = stop.__contains__
    for block in blocks:
        text = block.text
        if block.link_chars > 0.5 * len(text):
            # Link-dense: its value is its link text whatever the words (see _value).
            out.append(_Stats(len(text), block.link_chars, text.count(" ") + 1, 0.0, 0, False))
            continue
        n = stops = 0
        for piece in text_pieces(text.lower(), _NON_WORD):  # (a huge block: no list of all its words)
            words = _WORD.findall(piece)
            n += len(words)
            stops += sum(map(contains, words))
        stop_share = stops / n if stop and n else 0.0
        if _NO_SPACES.search(text):
            n = max(n, len(text) // 2)  # scripts without spaces: characters in twos as "words"
        teaser = text.endswith(_ELLIPSES) and (block.link_chars > 0 or "li" in block.hints) and len(text) < 800
        out.append(_Stats(len(text), block.link_chars, n, stop_share, len(_PUNCT.findall(text)), teaser))
    return out


def _value(st: _Stats, has_stop: bool) -> float:
    """Content value of one block, before container flags.

    Non-link characters weighted by a prose quality in [0, 1] (stopword share, punctuation),
    halved for short blocks, minus the link characters: a paragraph of 300 characters of
    prose is worth about 300, a menu of 300 link characters about -240.
    """
    if st.chars == 0:
        return 0.0
    plain = st.chars - st.link
    if st.link > 0.5 * st.chars:
        return -_LINK_PENALTY * st.link
    q = 0.15 + 1.3 * st.stop if has_stop else 0.6
    if st.punct:
        q += 0.15 + min(st.punct / max(st.words, 1), 0.2)
    q = min(q, 1.0)
    if plain < 40:
        q *= 0.5
    if st.teaser:
        return -0.3 * st.chars
    if st.words and st.chars > 20 * st.words:
        q *= 0.1  # tokens, hashes or run-together words, not prose
    return plain * q - _LINK_PENALTY * st.link


# --- selection -------------------------------------------------------------------------------


def select_main(seg: Segmented, meta: PageMeta, *, include_comments: bool = False, article: bool = False) -> None:
    """Label every block of ``seg`` (BODY, CHROME, HEADLINE, CAPTION, TIMESTAMP, BYLINE).

    ``article``: the page is read as an article although its metadata does not say so (the
    page-type model's reading of a page whose metadata is silent, see ``api``)."""
    blocks = seg.blocks
    if not blocks:
        return
    n = len(seg.tag)
    parent = seg.parent
    owner = seg.owner
    stop = _page_stopwords(blocks, meta)
    stats = _measure(blocks, stop)
    base = [_value(st, bool(stop)) for st in stats]
    # A text the page repeats (a disclaimer per item, a description per hidden variant)
    # counts once: later copies are neutral, and never body twice.
    seen: dict[str, int] = {}
    repeat_of = [-1] * len(blocks)
    for i, block in enumerate(blocks):
        if len(block.text) >= _REPEAT_MIN_CHARS:
            first_i = seen.setdefault(block.text, i)
            if first_i != i:
                repeat_of[i] = first_i
                base[i] = 0.0

    # Text and prose value per container subtree.
    chars = [0] * n
    links = [0] * n
    prose = [0.0] * n
    for i, st in enumerate(stats):
        chars[owner[i]] += st.chars
        links[owner[i]] += st.link
        if base[i] > 0:
            prose[owner[i]] += base[i]
    for c in range(n - 1, 0, -1):
        chars[parent[c]] += chars[c]
        links[parent[c]] += links[c]
        prose[parent[c]] += prose[c]
    page_chars = max(chars[0], 1)

    # Which chrome flags to believe: not a layout class on a container holding most of the
    # page, not a structural flag (navigation, tags, sharing...) on a container of prose.
    own_flags = [0] * n
    product = _says_product(meta)
    collection = (meta.jsonld_type or "").lower() in _COLLECTION_TYPES
    # (a page that is neither an article nor a thread: a landing page made of sections)
    storied = article or says_article(meta)
    landing = not storied and _thread_share(meta) > _THREAD_SHARE["thread"]
    in_main = [False] * n
    if landing:
        for c in range(1, n):
            p = parent[c]
            in_main[c] = in_main[p] or seg.tag[p] == "main" or "role:main" in seg.tokens[p]
    for c in range(1, n):
        own = seg.flags[c] & CHROME_FLAGS
        if seg.flags[c] & F_CONSENT_PLATFORM:
            own_flags[c] = F_COOKIE  # (believed whatever it holds, see flags._CONSENT_PLATFORMS)
            continue
        if product and seg.flags[c] & F_REVIEW:
            own |= F_COMMENTS  # customer reviews under a product are its comments
        if collection and own & F_RELATED:
            own &= ~F_RELATED  # on a page that says it is a list, its list is no "related" box
        if landing and own & F_HEADER and seg.tag[c] != "header" and in_main[c]:
            own &= ~F_HEADER  # "section-header" inside <main>: a section's title, not the banner
        # (a sidebar beside a shorter post is believed however much text it holds)
        beside = bool(own & F_ASIDE) and prose[c] > prose[0] - prose[c] >= _BESIDE_PROSE and _says_sidebar(seg, c)
        if own and not beside:
            if chars[c] > _WRAPPER_SHARE * page_chars:
                # (but a <nav> of links is a menu however much of the page it holds: a book's
                # table of contents beside a short chapter, a mega-menu over a short page)
                own = own & _markup_flags(seg, c) & F_NAV if links[c] > _LINK_DENSE * chars[c] else 0
            elif own & F_FORM and prose[c] >= 100:
                own &= ~F_FORM  # a form around posts or an article, not a form to fill in
            elif own & _STRUCTURAL and prose[c] >= 300 and prose[c] >= _PROSE_SHARE * chars[c]:
                # Only class words are doubted: <nav>, <footer>, role=dialog... mean it.
                own &= ~(_STRUCTURAL & ~_markup_flags(seg, c))
            elif own & F_NAV and seg.end[c] == c and links[c] <= 0.1 * chars[c] and prose[c] >= 0.5 * chars[c] > 40:
                # A paragraph of prose without links ("contextmenu" on each <p>): a class
                # word, not a menu.
                own &= ~(F_NAV & ~_markup_flags(seg, c))
        own_flags[c] = own
    inherited = [0] * n
    noscript = [False] * n
    for c in range(1, n):
        inherited[c] = inherited[parent[c]] | own_flags[c]
        noscript[c] = noscript[parent[c]] or bool(seg.flags[c] & F_FALLBACK)

    # Comments are chrome unless asked for, or unless they are what the page is (a forum).
    mask = CHROME_FLAGS
    if include_comments:
        mask &= ~F_COMMENTS
    values, ns_prose, comment_prose = _values(stats, base, owner, inherited, noscript, mask)
    best, best_sum, sums = _best_region(values, owner, parent, n)
    if mask & F_COMMENTS and comment_prose > (
        _thread_share(meta, best_sum, headed=article or _one_headed_article(seg)) * max(best_sum, 0.0)
    ):
        mask &= ~F_COMMENTS
        values, ns_prose, _ = _values(stats, base, owner, inherited, noscript, mask)
        best, best_sum, sums = _best_region(values, owner, parent, n)
    # <noscript> content counts only when the page has little content elsewhere.
    use_fallback = ns_prose > 2 * max(best_sum, 0.0)
    if use_fallback:
        values, _, _ = _values(stats, base, owner, inherited, [False] * n, mask)
        best, best_sum, sums = _best_region(values, owner, parent, n)
    # A listing (product grid, teaser list, category page): repeated cards outweigh the prose.
    grids = _card_grids(seg, stats, chars, inherited, mask)
    in_grid = None if article else _listing(grids, seg, meta, best_sum)
    if in_grid is not None:
        for i, st in enumerate(stats):
            if in_grid[owner[i]] and not inherited[owner[i]] & mask:
                values[i] = max(values[i], _CARD_VALUE * st.chars)
        best, best_sum, sums = _best_region(values, owner, parent, n)
    for i, v in enumerate(values):
        blocks[i].score = v

    best = _one_column(_main_landmark(best, seg, prose), seg, prose, chars)
    if not storied:
        best = _climb(best, values, seg, inherited, mask, sums, chars)
    # An article continues in siblings of its own container (split around an advert); the
    # items of a layout around it (page rows, columns) are other content.
    one_story = storied and bool(mask & F_COMMENTS)
    roots = _grow(best, sums, seg, inherited, mask, levels=1 if one_story else _SIBLING_LEVELS)
    if in_grid is None and mask & F_COMMENTS:
        _mark_related(own_flags, prose, grids, roots, article=storied, product=_says_product(meta))
    first_body = _label_region(
        roots, seg, stats, own_flags, inherited, noscript, use_fallback, in_grid, repeat_of, mask, "dom.main"
    )
    if not any(b.label is Label.BODY and not b.heading for b in blocks):
        # Nothing passed, or a lone heading: a page of link cards (a category page, a
        # schedule) or of short lines. Its main landmark, else its biggest stretch of text
        # outside chrome containers, is the content: something of the page beats nothing.
        landmark = _main_landmark(0, seg, [float(c) for c in chars], share=0.0)
        if landmark <= 0 or not chars[landmark]:
            loose = [
                -abs(v) if inherited[owner[i]] & mask else _LOOSE_VALUE * st.chars
                for i, (v, st) in enumerate(zip(base, stats))
            ]
            landmark = _best_region(loose, owner, parent, n)[0]
        if landmark > 0:
            first_body = _label_region(
                [landmark], seg, stats, own_flags, inherited, noscript, use_fallback, [True] * n, repeat_of, mask,
                "dom.fallback-region",
            )

    _trim_tail(blocks, values, in_grid is not None)
    headline = _pick_headline(seg, meta, first_body)
    if headline >= 0:
        blocks[headline].decide(Label.HEADLINE, "headline", "dom.h1")
        if first_body < 0 or headline < first_body:
            _recover_lead(seg, stats, base, [f & mask for f in inherited], headline, first_body)
    _label_fields(seg, stats, headline, thread=not include_comments and not mask & F_COMMENTS, cards=in_grid)
    _apply_rules(seg)


def _mark_related(
    own_flags: list[int], prose: list[float], grids: list[_Grid], roots: list[int], *, article: bool, product: bool
) -> None:
    """On a page that says it is an article (and is neither a listing nor a thread), flag as
    related links a grid of teasers: repeated items that each open with a linked heading
    (the title of another page), short, holding much less prose than the rest of the region
    (an appendix, as "More from ..." under an article; a list article's items hold its prose).

    (Flagging the siblings after a short "Related posts" title as well cost WCXB-dev 0.005:
    such titles also head sections of the content.)
    """
    region_prose = sum(prose[r] for r in roots)
    for grid in grids if article or product else ():
        items = grid.items
        if product:
            teasers = grid.linked >= _TEASER_SHARE * len(items)
        else:
            teasers = grid.headed >= _TEASER_SHARE * len(items)
        if teasers and grid.mass <= (_CARD_CHARS if product else _TEASER_CHARS) * len(items):
            grid_prose = sum(prose[c] for c in items)
            if grid_prose > _TEASER_PROSE * (region_prose - grid_prose):
                continue
            for item in items:
                own_flags[item] |= F_RELATED


_LOOSE_VALUE = 0.2
"""Value per character of any text outside chrome containers, links included, when the
page has no body otherwise (see :func:`select_main`): only the size of a stretch counts."""
_TEASER_SHARE = 0.6
"""Share of a grid's items that must open with a linked heading for it to be teasers."""
_TEASER_PROSE = 0.5
"""A teaser grid holds at most this share of the prose of the rest of the region."""
_TEASER_CHARS = 600
"""Teasers are short: at most this many characters per item on average."""
_CARD_CHARS = 1200
"""Product cards (title, price, delivery, rating, seller) run longer than article teasers."""


def _label_region(
    roots: list[int],
    seg: Segmented,
    stats: list[_Stats],
    own_flags: list[int],
    inherited: list[int],
    noscript: list[bool],
    use_fallback: bool,
    in_grid: list[bool] | None,
    repeat_of: list[int],
    mask: int,
    reason: str,
) -> int:
    """Label the blocks inside the region under ``roots`` BODY (unless a chrome container or
    their link density says otherwise) and those outside CHROME; the first body block's index."""
    n = len(seg.tag)
    parent = seg.parent
    blocks = seg.blocks
    in_region = [False] * n
    rel = [0] * n  # chrome flags of containers inside the region, below its root
    for root in roots:
        in_region[root] = True
        for c in range(root + 1, seg.end[root] + 1):
            in_region[c] = True
            p = parent[c]
            rel[c] = ((rel[p] if p != root else 0) | own_flags[c]) & mask
    first_body = -1
    for i, block in enumerate(blocks):
        c = seg.owner[i]
        st = stats[i]
        if in_region[c]:
            flags = rel[c]
            if flags:
                block.decide(Label.CHROME, _kind(flags), "dom.chrome-container")
            elif noscript[c] and not use_fallback:
                block.decide(Label.CHROME, "boilerplate", "dom.fallback-content")
            elif (
                st.link > _LINK_DENSE * st.chars
                and st.chars - st.link < 40
                and not (block.heading and _opens_prose(stats, i))
                and "list" not in block.hints
                and not (in_grid and in_grid[c])
            ):
                block.decide(Label.CHROME, "navigation", "dom.link-dense")
            elif repeat_of[i] >= 0 and blocks[repeat_of[i]].label is Label.BODY:
                block.decide(Label.CHROME, "duplicate", "dom.repeated")
            else:
                block.decide(Label.BODY, "", reason)
                if first_body < 0:
                    first_body = i
        else:
            flags = inherited[c] & mask
            block.decide(Label.CHROME, _kind(flags) if flags else "boilerplate", "dom.outside-main")
    return first_body


_CARD_VALUE = 0.5
"""Value per character of a card's text on a listing page, links included."""
_GRID_MIN_ITEMS = 4
_GRID_SHARE = 1.0
"""A page is a listing when its best grid of cards holds this many times the value of its
best prose region."""


class _Grid:
    """A group of sibling cards: ``items`` are the containers, ``mass`` their characters,
    ``linked`` how many of them hold link text."""

    __slots__ = ("items", "mass", "linked", "tag", "headed")

    def __init__(self, items: list[int], mass: int, linked: int, tag: str, headed: int = 0) -> None:
        self.items = items
        self.mass = mass
        self.linked = linked
        self.tag = tag
        self.headed = headed
        """How many items open with a linked heading: the title of another page."""


def _card_grids(seg: Segmented, stats: list[_Stats], chars: list[int], inherited: list[int], mask: int) -> list[_Grid]:
    """Every grid of cards on the page.

    A grid is a container with at least three children of one signature (tag and class
    words) whose items are cards: most hold two blocks or more (a title and a price, a
    headline and a summary), their texts differ, and none is under a chrome container.
    Menus (one link per item) are not grids.
    """
    n = len(seg.tag)
    parent = seg.parent
    end = seg.end
    nblocks = [0] * n
    links = [0] * n
    first = [-1] * n
    for i in range(len(stats) - 1, -1, -1):
        c = seg.owner[i]
        nblocks[c] += 1
        links[c] += stats[i].link
        first[c] = i
    for c in range(n - 1, 0, -1):
        p = parent[c]
        nblocks[p] += nblocks[c]
        links[p] += links[c]
        if first[c] >= 0 and (first[p] < 0 or first[c] < first[p]):
            first[p] = first[c]
    grids = []
    for p in range(1, n):
        if nblocks[p] < 2 * _GRID_MIN_ITEMS or inherited[p] & mask:
            continue
        groups: dict[tuple[str, frozenset[str]], list[int]] = {}
        c = p + 1
        while c <= end[p]:
            if nblocks[c]:
                groups.setdefault(_signature(seg, c), []).append(c)
            c = end[c] + 1
        for (tag, _), items in groups.items():
            if len(items) < _GRID_MIN_ITEMS:
                continue
            mass = sum(chars[c] for c in items)
            if mass < 100 or mass / len(items) > 2000:
                continue
            cards = sum(1 for c in items if nblocks[c] >= 2 and not inherited[c] & mask)
            if cards < 0.6 * len(items):
                continue
            # Blocks of a subtree are consecutive: an item's text is its blocks' texts.
            texts = {" ".join(b.text for b in seg.blocks[first[c] : first[c] + min(nblocks[c], 6)]) for c in items}
            if len(texts) < 0.6 * len(items):
                continue
            headed = 0
            for c in items:
                head = seg.blocks[first[c]]
                if head.heading and head.link_chars * 2 >= len(head.text):
                    headed += 1
            grids.append(_Grid(items, mass, sum(1 for c in items if links[c]), tag, headed))
    return grids


def _listing(grids: list[_Grid], seg: Segmented, meta: PageMeta, best_sum: float) -> list[bool] | None:
    """Containers inside the cards of the page's main grid, when the page is a listing: its
    biggest grid outweighs its best prose region. ``None`` when it is not a listing."""
    kind = (meta.jsonld_type or "").lower()
    # (og:type "article" is many a CMS's default for every page: a JSON-LD type that is not
    # an article, "WebPage" or "CollectionPage", overrules it here.)
    if kind in _THREAD_TYPES or kind in _ARTICLE_TYPES or (not kind and says_article(meta)) or not grids:
        return None
    grid = max(grids, key=lambda g: g.mass)
    # A page whose address names a category (/collections/, /category/, /c/) is a listing
    # with some text (a shop's guide under its products): its grid need not outweigh it.
    path = _address(meta).partition("/")[2]
    share = _GRID_SHARE * (_CATEGORY_URL_SHARE if _CATEGORY_URL.search("/" + path) else 1.0)
    if grid.mass < 300 or grid.mass < share * max(best_sum, 0.0):
        return None
    in_grid = [False] * len(seg.tag)
    for item in grid.items:
        for c in range(item, seg.end[item] + 1):
            in_grid[c] = True
    return in_grid


def _says_product(meta: PageMeta) -> bool:
    """True when the page's metadata calls it one product (JSON-LD type or og:type)."""
    return (meta.jsonld_type or "").lower() == "product" or (meta.og_type or "").lower() in ("product", "og:product")


def says_article(meta: PageMeta) -> bool:
    """True when the page's metadata calls it an article (JSON-LD type or og:type)."""
    kind = (meta.jsonld_type or "").lower()
    return kind in _ARTICLE_TYPES or (meta.og_type or "").lower() == "article"


def _address(meta: PageMeta) -> str:
    """The page's address without its scheme: host, path and query."""
    url = meta.canonical or ""
    return url.split("://", 1)[1] if "://" in url else url


def _thread_share(meta: PageMeta, post: float | None = None, *, headed: bool = False) -> float:
    """How much comment prose it takes for comments to be the content (see ``_THREAD_SHARE``),
    given the value of the best region outside them (``post``). A page says it is an article
    in its metadata, or (``headed``) with its one ``<article>`` holding its ``<h1>``; an
    article with less than :data:`_POST_PROSE` of its own (a link shared for discussion) is
    judged as a page that says nothing."""
    kind = (meta.jsonld_type or "").lower()
    if kind in _THREAD_TYPES or _THREAD_URL.search(_address(meta)):
        return _THREAD_SHARE["thread"]
    if headed or kind in _ARTICLE_TYPES or (meta.og_type or "").lower() == "article":
        return _THREAD_SHARE["article"] if post is None or post >= _POST_PROSE else _THREAD_SHARE["unknown"]
    return _THREAD_SHARE["unknown"]


def _one_headed_article(seg: Segmented) -> bool:
    """Whether the page has one ``<article>`` and it holds the page's first ``<h1>`` (a thread
    whose posts are articles has several)."""
    articles = [c for c, tag in enumerate(seg.tag) if tag == "article"]
    if len(articles) != 1 or not seg.h1_blocks:
        return False
    return articles[0] <= seg.owner[seg.h1_blocks[0]] <= seg.end[articles[0]]


_POST_PROSE = 30.0
"""A sentence's worth of prose value (a plain sentence of forty characters at three quarters
of full prose quality, see :func:`_value`: a one-line dek under a headline counts)."""


def _says_sidebar(seg: Segmented, c: int) -> bool:
    """Whether a container is a sidebar by its markup (``<aside>``, ``role=complementary``) or by
    a class or id that is the word itself: layouts name their columns ``sidebar-first-only``,
    ``content-sidebar-wrap``, ``sidebar_content``, which hold the content as often as not."""
    return bool(_markup_flags(seg, c) & F_ASIDE) or not _SIDEBAR_NAMES.isdisjoint(seg.tokens[c])


_SIDEBAR_NAMES = frozenset({"id:sidebar", "cls:sidebar"})


def _markup_flags(seg: Segmented, c: int) -> int:
    """Chrome flags a container has from its tag or ARIA role (not from class words);
    ``<header>`` excepted: articles use it for their own title block."""
    flags = TAG_FLAGS.get(seg.tag[c], 0)
    for token in seg.tokens[c]:
        if token.startswith("role:"):
            flags |= ROLE_FLAGS.get(token[5:], 0)
    return flags & ~(F_HEADER | F_FORM)


def _values(
    stats: list[_Stats],
    base: list[float],
    owner: list[int],
    inherited: list[int],
    noscript: list[bool],
    mask: int,
) -> tuple[list[float], float, float]:
    """Block values under the chrome flags in ``mask``; also the prose held by ``<noscript>``
    and by comment containers (for the two fallbacks)."""
    values = []
    ns_prose = 0.0
    comment_prose = 0.0
    for i, st in enumerate(stats):
        v = base[i]
        flags = inherited[owner[i]]
        if flags & F_COMMENTS and v > 0:
            comment_prose += v
        if flags & mask or noscript[owner[i]]:
            if noscript[owner[i]] and not flags & mask:
                ns_prose += max(v, 0.0)
            v = -abs(v) - 0.3 * st.chars
        values.append(v)
    return values, ns_prose, comment_prose


def _best_region(values: list[float], owner: list[int], parent: list[int], n: int) -> tuple[int, float, list[float]]:
    """The container whose subtree has the largest sum of block values, the sum, and all sums.

    Ties go to the outermost container (it adds only neutral blocks: headings, short lines).
    """
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
    return best, best_sum, sums


_CLIMB = 0.05
"""The core widens to an ancestor while the ancestor's extra text (chrome containers aside)
costs less than this share of the core's value (pages not marked as articles only)."""


def _climb(
    best: int, values: list[float], seg: Segmented, inherited: list[int], mask: int, sums: list[float], chars: list[int]
) -> int:
    """Widen the core to ancestors whose extra text, chrome containers aside, costs little:
    a landing page's sections, an article's header above its body."""
    if _CLIMB <= 0:
        return best
    n = len(seg.tag)
    parent = seg.parent
    free = [0.0] * n  # sums without the blocks under believed chrome containers
    for i, v in enumerate(values):
        c = seg.owner[i]
        if not inherited[c] & mask:
            free[c] += v
    for c in range(n - 1, 0, -1):
        free[parent[c]] += free[c]
    node = best
    core = max(sums[best], 1.0)
    while parent[node] > 0 and seg.tag[parent[node]] not in ("html", "#page"):
        if seg.tag[node] in _CELLS and _beside(node, seg, chars):
            break  # a column of a layout table: the cells beside it are other columns
        p = parent[node]
        extra = free[p] - free[node]
        if extra < -_CLIMB * core or inherited[p] & mask:
            break
        node = p
    return node


def _main_landmark(best: int, seg: Segmented, prose: list[float], share: float = 0.6) -> int:
    """The page's one ``<main>`` (or ``role=main``) when it lies inside the region and holds
    at least ``share`` of its prose (most of it, by default: 0.6 kept articles whole on the
    dev sets): what the page itself says is the main content."""
    found = -1
    for c in range(best + 1, seg.end[best] + 1):
        if seg.tag[c] == "main" or "role:main" in seg.tokens[c]:
            if found >= 0 and not (found <= c <= seg.end[found]):
                return best  # several: the page does not say which
            if found < 0:
                found = c
    if found >= 0 and prose[found] >= share * prose[best]:
        return found
    return best


def _signature(seg: Segmented, c: int) -> tuple[str, frozenset[str]]:
    """Tag and class words of a container, digits dropped: what repeated items share."""
    words = frozenset(t.rstrip("0123456789-_") for t in seg.tokens[c] if t.startswith("cls:"))
    return seg.tag[c], words


_LAYOUT_CELLS = frozenset({"table", "tbody", "tr", "td", "th"})
_CELLS = ("td", "th")
_COLUMN_SHARE = 0.5
"""A cell of a layout table that holds more than this share of the prose of each container
above it, up to the core, is the column the content is set in (:func:`_one_column`)."""


def _one_column(best: int, seg: Segmented, prose: list[float], chars: list[int]) -> int:
    """The core, or the column of a layout table that holds most of its prose.

    The sums of the region choice favour the whole layout over its middle cell when a column
    beside the story adds a little prose (teasers with a line of summary under each headline):
    the cells of a row are columns side by side, not one text. Going down from the core,
    each time into the child that holds most of the prose, a cell reached this way with text
    in another cell of its row (:func:`_beside`) is the core instead."""
    node = best
    while seg.tag[node] not in _CELLS:
        top, c = -1, node + 1
        while c <= seg.end[node]:  # the direct children: each next one starts after the last's subtree
            if top < 0 or prose[c] > prose[top]:
                top = c
            c = seg.end[c] + 1
        if top < 0 or prose[top] <= _COLUMN_SHARE * prose[node]:
            return best
        node = top
    return node if _beside(node, seg, chars) else best


def _beside(cell: int, seg: Segmented, chars: list[int]) -> bool:
    """Whether a table cell is a column of a layout row: another cell of its row holds text,
    and none is a header cell (a row of a data table names its value in a ``th``)."""
    row = seg.parent[cell]
    columns = False
    c = row + 1
    while c <= seg.end[row]:
        if seg.tag[c] == "th":
            return False
        columns = columns or (c != cell and seg.tag[c] == "td" and chars[c] > 0)
        c = seg.end[c] + 1
    return columns


def _grow(best: int, sums: list[float], seg: Segmented, inherited: list[int], mask: int, *, levels: int) -> list[int]:
    """The region's roots: the core, plus repeated siblings of it (or of one of its nearest
    ``levels`` ancestors) that hold net content and are not chrome."""
    roots = [best]
    parent = seg.parent
    node = best
    for _ in range(levels):
        p = parent[node]
        if p <= 0:
            break
        signature = _signature(seg, node)
        if signature[0] in _LAYOUT_CELLS and not signature[1]:
            node = p  # the bare rows and cells of a layout table are alike, not repeated items
            continue
        twins = []
        c = p + 1  # the first child; each next child starts after the previous one's subtree
        while c <= seg.end[p]:
            if c != node and _signature(seg, c) == signature:
                twins.append(c)
            c = seg.end[c] + 1
        good = [t for t in twins if sums[t] > 0 and not inherited[t] & mask]
        if good:
            if node == best:
                roots.extend(good)
                # What lies between the first and the last of them (the lists and headings
                # between a post's paragraphs) is part of the same text.
                first, last = min(roots), max(roots)
                c = p + 1
                while c <= seg.end[p]:
                    if first < c < last and c not in roots and not inherited[c] & mask:
                        roots.append(c)
                    c = seg.end[c] + 1
            else:
                # The core sits inside one repeated item: take the whole items.
                roots = [node, *good]
            break
        node = p
    return sorted(roots)


def _trim_tail(blocks: list[Block], values: list[float], listing: bool) -> None:
    """Short lines of no value after the last paragraph ("Last updated ... by", "Back to
    top") are the page's foot, not the article's end; page edges count as chrome (jusText)."""
    if listing:
        return
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if block.label is not Label.BODY:
            continue
        if values[i] >= _TAIL_VALUE or len(block.text) >= 100 or block.heading or "li" in block.hints or "td" in block.hints:
            break
        block.decide(Label.CHROME, "boilerplate", "dom.trailing")


_TAIL_VALUE = 10.0
"""Body lines after the last paragraph worth less than this (and short) are trimmed."""


_RULE_LABELS = {
    "remove": Label.CHROME,
    "keep": Label.BODY,
    "headline": Label.HEADLINE,
    "timestamp": Label.TIMESTAMP,
    "caption": Label.CAPTION,
}


def _apply_rules(seg: Segmented) -> None:
    """Blocks under an element a selector rule chose take the rule's decision, locked."""
    for block, rule in zip(seg.blocks, seg.rules):
        if rule is not None:
            block.decide(_RULE_LABELS[rule.action], rule.kind, rule.id, locked=True)


def _recover_lead(
    seg: Segmented, stats: list[_Stats], base: list[float], flags: list[int], headline: int, first_body: int
) -> None:
    """Prose between the headline and the region (a lead styled as a teaser) is body."""
    stop = first_body if first_body >= 0 else len(seg.blocks)
    for i in range(headline + 1, stop):
        block = seg.blocks[i]
        if block.label is Label.CHROME and not flags[seg.owner[i]] and base[i] >= 60 and stats[i].punct:
            block.decide(Label.BODY, "", "dom.lead")


def _titled_h1(seg: Segmented, meta: PageMeta) -> int:
    """The ``h1`` block whose words best match the title metadata (word Jaccard >= 0.5)."""
    titles = [t for t in (meta.jsonld_headline, meta.og_title, meta.title) if t]
    if not titles:
        return -1
    title_words = [set(_WORD.findall(t.lower())) for t in titles]
    best, best_score = -1, 0.0
    for i in seg.h1_blocks:
        if len(seg.blocks[i].text) > 300:
            continue
        words = set(_WORD.findall(seg.blocks[i].text.lower()))
        if not words:
            continue
        score = max(len(words & tw) / len(words | tw) for tw in title_words)
        if score > best_score:
            best, best_score = i, score
    return best if best_score >= 0.5 else -1


def _pick_headline(seg: Segmented, meta: PageMeta, first_body: int) -> int:
    """The index of the article's ``h1`` block: the one that matches the page's title
    metadata best, else the last ``h1`` above the body; -1 when there is none."""
    candidates = [i for i in seg.h1_blocks if len(seg.blocks[i].text) <= 300]
    if not candidates:
        return -1
    titled = _titled_h1(seg, meta)
    if titled >= 0:
        return titled
    # Else the first h1 of the body, or the last one above it.
    inside = [i for i in candidates if seg.blocks[i].label is Label.BODY]
    if inside and (first_body < 0 or inside[0] <= first_body + 3):
        return inside[0]
    above = [i for i in candidates if first_body < 0 or i < first_body]
    if above:
        return above[-1]
    return -1


def _label_fields(seg: Segmented, stats: list[_Stats], headline: int, *, thread: bool, cards: list[bool] | None = None) -> None:
    """Captions anywhere in the body; one byline and one dateline between the headline and
    the first paragraph (on a thread page each post's author and date are content). On a
    listing, the caption of a card (``cards``: containers inside the grid's items) is its
    title or summary: content, not a figure's caption."""
    blocks = seg.blocks
    own = seg.flags
    parent = seg.parent
    top_end = next((i for i, b in enumerate(blocks) if b.label is Label.BODY and stats[i].chars > 80), -1)
    byline = timestamp = False
    for i, block in enumerate(blocks):
        if block.label is Label.HEADLINE:
            continue
        hints = block.hints
        if (
            block.label is Label.BODY
            and ("figcaption" in hints or "caption-class" in hints)
            and not (cards and cards[seg.owner[i]])
            and _small_caption(seg, i)
        ):
            block.decide(Label.CAPTION, "caption", "dom.figcaption" if "figcaption" in hints else "dom.caption-class")
            continue
        if thread or top_end < 0 or (byline and timestamp) or stats[i].chars > 120 or stats[i].words > 12:
            continue
        if not ((headline >= 0 and headline < i <= top_end + 2) or (headline < 0 and top_end - 3 <= i < top_end)):
            continue
        c = seg.owner[i]
        path_flags = own[c] | own[parent[c]] if c > 0 else 0
        if not byline and ("byline" in hints or path_flags & (F_BYLINE | F_AUTHOR_BIO) or block.text.lower().startswith("by ")):
            block.decide(Label.BYLINE, "byline", "dom.byline")
            byline = True
        elif not timestamp and ("time" in hints or path_flags & (F_DATE | F_META)) and any(ch.isdigit() for ch in block.text):
            block.decide(Label.TIMESTAMP, "timestamp", "dom.dateline")
            timestamp = True


_CAPTION_CHARS = 600
"""A caption container holds at most this much text (more is a theme class on a wrapper)."""


def _small_caption(seg: Segmented, i: int) -> bool:
    """True when the block's nearest caption container is caption-sized."""
    c = seg.owner[i]
    while c > 0:
        if seg.flags[c] & (F_CAPTION | F_FIGCAPTION):
            size = 0
            for j in range(i, len(seg.blocks)):
                if not c <= seg.owner[j] <= seg.end[c]:
                    break
                size += len(seg.blocks[j].text)
            for j in range(i - 1, -1, -1):
                if not c <= seg.owner[j] <= seg.end[c]:
                    break
                size += len(seg.blocks[j].text)
            return size <= _CAPTION_CHARS
        c = seg.parent[c]
    return False


def _kind(flags: int) -> str:
    for flag, kind in CHROME_KINDS:
        if flags & flag:
            return kind
    return "boilerplate"


def _opens_prose(stats: list[_Stats], i: int) -> bool:
    """True when the block after ``i`` is a paragraph of its own text (a linked heading over
    it titles a section of the content, as in a list article)."""
    if i + 1 >= len(stats):
        return False
    nxt = stats[i + 1]
    return nxt.chars - nxt.link >= _PROSE_AFTER_HEADING and nxt.punct > 0


_PROSE_AFTER_HEADING = 80
"""Characters of its own (non-link) text that make the block after a linked heading a paragraph."""
