"""What a page says about itself: title, headline candidates, dates, authors, language.

:func:`extract_meta` reads an lxml tree once and returns a frozen :class:`PageMeta`. Sources,
in the order the field stage usually trusts them: JSON-LD (``NewsArticle``, ``Article``,
``BlogPosting``, ``Report``, ``WebPage``, ... at the top level, in lists or in ``@graph``;
malformed JSON is repaired where it can be and mined with patterns where it cannot),
OpenGraph and ``article:*`` meta, Dublin Core and other date-like meta names,
``<time datetime>``, ``rel=author`` links and ``<meta name=author>``, ``<title>`` and ``<h1>``.

Dates are kept exactly as written: parsing them is the job of ``boilerstrip.fields.timestamp``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from lxml import etree

from ._lazyre import lazy_re

__all__ = ["PageMeta", "extract_meta", "parse_jsonld"]

MAX_JSONLD_CHARS = 2_000_000
"""JSON-LD scripts longer than this are skipped (no real page needs more)."""
MAX_JSONLD_NODES = 20_000
"""At most this many JSON values are visited per script when looking for the article."""


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Page-level metadata; every field is empty (``None`` or ``()``) when the page is silent."""

    title: str | None = None
    """The ``<title>`` text, whitespace normalised, not split on separators."""
    h1s: tuple[str, ...] = ()
    """Texts of the visible ``<h1>`` elements in document order."""
    og_title: str | None = None
    og_site_name: str | None = None
    og_type: str | None = None
    jsonld_headline: str | None = None
    jsonld_type: str | None = None
    """``@type`` of the JSON-LD object the other ``jsonld_*`` values come from."""
    published: str | None = None
    """The publication date as written (JSON-LD, then ``article:published_time``, then others)."""
    modified: str | None = None
    published_candidates: tuple[tuple[str, str], ...] = ()
    """Every publication date seen, as ``(source, text)``: ``("jsonld", ...)``, ``("meta:pubdate", ...)``,
    ``("time", ...)``; for the field stage to weigh."""
    authors: tuple[str, ...] = ()
    """Every author name seen (JSON-LD first, then meta, then ``rel=author`` links)."""
    article_authors: tuple[str, ...] = ()
    """The article's own author list from its best source (JSON-LD ``author``, else the
    author meta tags), in order: co-authors, not the names of other things on the page."""
    microdata_author: str | None = None
    """The first schema.org microdata ``itemprop="author"`` on the page (its ``name`` part,
    else its text): on a thread, the first post's writer."""
    language: str | None = None
    canonical: str | None = None
    description: str | None = None
    article_body: str | None = None
    """JSON-LD ``articleBody`` when the page has one."""
    times: tuple[str, ...] = ()
    """``datetime`` attributes of the ``<time>`` elements in document order."""

    @property
    def author(self) -> str | None:
        """The first author, or ``None``."""
        return self.authors[0] if self.authors else None


# --- meta names ------------------------------------------------------------------------------

# Lower-cased name/property/itemprop values that carry a publication date, best first.
_PUBLISHED_NAMES: tuple[str, ...] = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "article.published", "published_time", "publishdate", "publish-date",
    "publish_date", "publication_date", "pubdate", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "dc.date.created",
    "dcterms.created", "citation_publication_date", "citation_date", "citation_online_date",
    "date", "article_date_original", "original-publish-date", "cxenseparse:recs:publishtime",
    "displaydate", "created", "datecreated", "timestamp",
)
_PUBLISHED_RANK = {name: i for i, name in enumerate(_PUBLISHED_NAMES)}
_MODIFIED_NAMES = frozenset({
    "article:modified_time", "og:updated_time", "datemodified", "last-modified", "lastmod",
    "dc.date.modified", "dcterms.modified", "article.updated", "modified_time", "updated_time",
})
_BYLINE_LABELS = frozenset({"written by", "author", "authors", "by"})
_AUTHOR_NAMES = frozenset({
    "author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author",
    "parsely-author", "byl", "citation_author",
})
# twitter:creator is a handle ("@jdoe"), never the name a byline prints: not an author source.
_LANGUAGE_NAMES = frozenset({"og:locale", "language", "dc.language", "content-language", "inlanguage"})

# JSON-LD types that describe the page's own text, best first.
_ARTICLE_TYPES: tuple[str, ...] = (
    "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "article", "blogposting", "socialmediaposting",
    "liveblogposting", "scholarlyarticle", "techarticle", "report", "review", "medicalwebpage",
    "discussionforumposting", "qapage", "howto", "recipe", "product", "event", "faqpage",
    "webpage", "aboutpage", "collectionpage", "itempage", "profilepage", "searchresultspage",
)
_TYPE_RANK = {name: i for i, name in enumerate(_ARTICLE_TYPES)}

_TRAILING_COMMA = lazy_re(r",(\s*[}\]])")
_JSON_STRING_FIELD = lazy_re(
    r'"(headline|datePublished|dateModified|articleBody|@type|name|inLanguage)"\s*:\s*"((?:[^"\\]|\\.){0,100000})"'
)


def extract_meta(root: etree._Element, *, url: str | None = None) -> PageMeta:
    """Read the metadata of the tree rooted at ``root`` (an lxml HTML tree)."""
    title: str | None = None
    h1s: list[str] = []
    found: dict[str, str] = {}
    published: list[tuple[int, str, str]] = []
    modified: str | None = None
    authors: list[str] = []
    meta_authors: list[str] = []
    # twitter:labelN "Written by" + twitter:dataN "Jane Doe": a CMS's card of the byline
    author_slots: set[str] = set()
    slot_data: dict[str, str] = {}
    language: str | None = None
    canonical: str | None = None
    times: list[str] = []
    jsonld: list[Any] = []

    lang = root.get("lang") or root.get("xml:lang")
    if lang and lang.strip():
        language = lang.strip()

    nested_h1s: set[etree._Element] = set()
    for el in root.iter("title", "meta", "link", "script", "time", "h1", "html"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip().lower()
            content = el.get("content")
            if content is None:
                content = el.get("datetime") or el.get("value")
            if not key or content is None:
                continue
            content = _norm(content)
            if not content:
                continue
            if key in _PUBLISHED_RANK:
                published.append((_PUBLISHED_RANK[key], "meta:" + key, content))
            elif key in _MODIFIED_NAMES:
                modified = modified or content
            elif key in _AUTHOR_NAMES:
                names = _split_authors(content)
                authors.extend(names)
                if not meta_authors:
                    meta_authors.extend(names)
            elif key.startswith("twitter:label") and content.lower().rstrip(":") in _BYLINE_LABELS:
                author_slots.add(key[len("twitter:label"):])
            elif key.startswith("twitter:data"):
                slot_data[key[len("twitter:data"):]] = content
            elif key in _LANGUAGE_NAMES:
                language = language or content.replace("_", "-")
            elif key in ("og:title", "og:site_name", "og:type", "description", "og:description", "og:url", "twitter:title"):
                found.setdefault(key, content)
        elif tag == "title":
            if title is None:
                title = _norm(_text(el)) or None
        elif tag == "link":
            rel = (el.get("rel") or "").lower().split()
            href = el.get("href")
            if href and "canonical" in rel and canonical is None:
                canonical = href.strip()
        elif tag == "script":
            kind = (el.get("type") or "").strip().lower()
            if kind == "application/ld+json" and el.text and len(el.text) <= MAX_JSONLD_CHARS:
                jsonld.append(el.text)
        elif tag == "time":
            value = el.get("datetime") or el.get("pubdate")
            if value and _norm(value):
                times.append(_norm(value))
                if el.get("pubdate") is not None or (el.get("itemprop") or "").lower() == "datepublished":
                    published.append((len(_PUBLISHED_NAMES), "time:pubdate", _norm(value)))
        elif tag == "h1" and el not in nested_h1s:
            for h1, raw in _h1_texts(el, nested_h1s):
                text = _norm(raw)
                if text and not _hidden(h1):
                    h1s.append(text)

    for slot in sorted(author_slots):
        names = _split_authors(slot_data.get(slot, ""))
        authors.extend(names)
        if not meta_authors:
            meta_authors.extend(names)

    # rel=author links name the author in their text.
    for el in root.iter("a"):
        rel_attr = el.get("rel")
        if rel_attr and "author" in rel_attr.lower().split():
            name = _norm(_text(el))
            if name and len(name) < 80 and _is_name(name):
                authors.append(name)

    microdata_author = _microdata_author(root)

    values = [obj for text in jsonld for obj in parse_jsonld(text)]
    article = _best_jsonld(values)
    nodes = _nodes_by_id(values)
    jsonld_headline = jsonld_type = article_body = None
    candidates: list[tuple[str, str]] = []
    if article is not None:
        jsonld_type = _first_type(article)
        jsonld_headline = _str(article.get("headline")) or _str(article.get("name"))
        article_body = _str(article.get("articleBody")) or _str(article.get("text")) if jsonld_type != "product" else None
        if value := _str(article.get("datePublished")) or _str(article.get("dateCreated")) or _str(article.get("uploadDate")):
            candidates.append(("jsonld", value))
        modified = _str(article.get("dateModified")) or modified
        people = list(_people(article.get("author"), nodes))
        persons = _dedupe(name for name, kind in people if kind == "person")
        # a Person never loses to an Organization: with both, the people are the authors
        jsonld_authors = _dedupe(name for name, kind in people if kind != "organization" or not persons)
        if jsonld_authors:
            authors = jsonld_authors + authors
            meta_authors = jsonld_authors
        language = _str(article.get("inLanguage")) or language
        jsonld_type = _raw_type(article)
    published.sort(key=lambda item: item[0])
    candidates.extend((source, value) for _, source, value in published)
    for value in times:
        candidates.append(("time", value))

    return PageMeta(
        title=title,
        h1s=tuple(h1s),
        og_title=found.get("og:title") or found.get("twitter:title"),
        og_site_name=found.get("og:site_name"),
        og_type=found.get("og:type"),
        jsonld_headline=jsonld_headline,
        jsonld_type=jsonld_type,
        published=candidates[0][1] if candidates else None,
        modified=modified,
        published_candidates=tuple(candidates),
        authors=tuple(_dedupe(a for a in authors if a)),
        article_authors=tuple(_dedupe(a for a in meta_authors if a)),
        microdata_author=microdata_author,
        language=language,
        canonical=canonical or found.get("og:url") or url,
        description=found.get("description") or found.get("og:description"),
        article_body=article_body,
        times=tuple(times),
    )


# --- JSON-LD -------------------------------------------------------------------------------


def parse_jsonld(text: str) -> list[Any]:
    """The JSON values of one ``ld+json`` script; malformed JSON is repaired or mined.

    >>> parse_jsonld('{"@type": "NewsArticle", "headline": "Hi",}')[0]["headline"]
    'Hi'
    >>> parse_jsonld('{"@type": "Article", "headline": "Broken" "x"}')[0]["headline"]
    'Broken'
    """
    text = text.strip()
    if text.startswith("<!--"):
        text = text[4:]
    if text.endswith("-->"):
        text = text[:-3]
    text = text.strip().removeprefix("//<![CDATA[").removesuffix("//]]>").strip().rstrip(";")
    for attempt in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return [json.loads(attempt, strict=False)]
        except (ValueError, RecursionError):
            continue
    # Several objects one after another, or garbage around one: mine the string fields.
    mined: dict[str, Any] = {}
    for match in _JSON_STRING_FIELD.finditer(text):
        key, raw = match.group(1), match.group(2)
        try:
            value = json.loads('"' + raw + '"', strict=False)
        except ValueError:
            value = raw
        if key == "@type" and "@type" in mined:
            continue
        mined.setdefault(key, value)
    return [mined] if mined else []


def _walk_json(value: Any) -> Iterator[dict[str, Any]]:
    """Every dict in ``value``, outer first, without recursion and with a bound on nodes."""
    stack = [value]
    seen = 0
    while stack and seen < MAX_JSONLD_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            yield item
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
                child = item.get(key)
                if isinstance(child, (dict, list)):
                    stack.append(child)
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _best_jsonld(values: list[Any]) -> dict[str, Any] | None:
    best: dict[str, Any] | None = None
    best_rank = len(_ARTICLE_TYPES)
    for value in values:
        for obj in _walk_json(value):
            rank = min((_TYPE_RANK.get(t, len(_ARTICLE_TYPES)) for t in _types(obj)), default=len(_ARTICLE_TYPES))
            if rank < best_rank or (best is None and "headline" in obj):
                best, best_rank = obj, rank
    return best


def _types(obj: dict[str, Any]) -> list[str]:
    raw = obj.get("@type")
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list):
        return []
    return [t.rsplit("/", 1)[-1].lower() for t in raw if isinstance(t, str)]


def _first_type(obj: dict[str, Any]) -> str | None:
    types = _types(obj)
    return types[0] if types else None


def _raw_type(obj: dict[str, Any]) -> str | None:
    raw = obj.get("@type")
    if isinstance(raw, list):
        raw = next((t for t in raw if isinstance(t, str)), None)
    return raw.rsplit("/", 1)[-1] if isinstance(raw, str) else None


def _str(value: Any) -> str | None:
    """A JSON value as normalised text: strings, the first string of a list, ``@value``."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, (str, dict))), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, str):
        return _norm(value) or None
    return None


def _people(value: Any, nodes: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str | None]]:
    """The names of a JSON-LD ``author`` value with the kind of each (:func:`_kind`); an
    ``{"@id": ...}`` reference is looked up in ``nodes``."""
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        if isinstance(item, str):
            for name in _split_authors(_norm(item)):
                yield name, None
        elif isinstance(item, dict):
            ref = item.get("@id")
            if "name" not in item and isinstance(ref, str):
                item = nodes.get(ref, item)
            found = _str(item.get("name"))
            if found and _is_name(found):
                yield found, _kind(item)


_ORGANIZATION_TYPES = frozenset({
    "organization", "newsmediaorganization", "corporation", "localbusiness", "onlinebusiness",
    "educationalorganization", "governmentorganization", "medicalorganization", "ngo",
    "researchorganization", "sportsorganization", "brand", "website",
})


def _kind(obj: dict[str, Any]) -> str | None:
    """``"person"``, ``"organization"`` or ``None`` by a JSON-LD object's ``@type``."""
    types = _types(obj)
    if "person" in types:
        return "person"
    if any(t in _ORGANIZATION_TYPES or t.endswith("organization") for t in types):
        return "organization"
    return None


def _nodes_by_id(values: list[Any]) -> dict[str, dict[str, Any]]:
    """The JSON-LD objects of a page that have an ``@id`` and say what they are (a name or a
    type), by ``@id``: what an ``{"@id": ...}`` reference points to."""
    nodes: dict[str, dict[str, Any]] = {}
    for value in values:
        for obj in _walk_json(value):
            ref = obj.get("@id")
            if isinstance(ref, str) and ("name" in obj or "@type" in obj):
                nodes.setdefault(ref, obj)
    return nodes


_ITEMPROP_AUTHOR = etree.XPath("(//*[@itemprop='author'])[position() <= 8]")
_ITEMPROP_NAME = etree.XPath(".//*[@itemprop='name']")
# Items whose author is a commenter's, not the page's ("Post #2" of a thread, an answer).
_REPLY_ITEMS = ("comment", "answer", "review")


def _microdata_author(root: etree._Element) -> str | None:
    # (both expressions select elements: their results are lists of elements)
    for el in cast("list[etree._Element]", _ITEMPROP_AUTHOR(root)):
        if _in_reply(el):
            continue
        named = cast("list[etree._Element]", _ITEMPROP_NAME(el))
        holder = named[0] if named else el
        text = _norm(holder.get("content") or _text(holder))
        return text if text and len(text) <= 60 and _is_name(text) else None
    return None


def _in_reply(el: etree._Element) -> bool:
    """Whether a microdata property belongs to a comment, an answer or a review."""
    parent = el.getparent()
    while parent is not None:
        if parent.get("itemscope") is not None:
            kind = ((parent.get("itemtype") or "") + " " + (parent.get("itemprop") or "")).lower()
            return any(word in kind for word in _REPLY_ITEMS)
        parent = parent.getparent()
    return False


def _split_authors(text: str) -> list[str]:
    text = text.strip()
    if text.lower().startswith("by "):
        text = text[3:]
    if not _is_name(text):
        return []
    parts = [p.strip() for p in re.split(r"\s*(?:,|;|\band\b|&)\s*", text) if p.strip()] if len(text) < 200 else []
    # "Smith, John" is one person, not two: keep the whole when a part is a single word.
    if len(parts) > 1 and all(" " in p for p in parts):
        return parts
    return [text] if text and len(text) < 200 else []


_NOT_A_NAME = lazy_re(r"^(?:https?:|www\.|@)|^[\d\W_]+$|\S@\S|^[a-z0-9_]+[._][a-z0-9_.]+$")


def _is_name(text: str) -> bool:
    """Whether an author value reads as a name: a profile URL, a handle ("@jdoe"), an e-mail
    address, a number or a login ("jane.doe") is what a CMS stores, not what a byline prints.

    >>> _is_name("Jane Doe"), _is_name("https://www.facebook.com/jdoe"), _is_name("@jdoe"), _is_name("262588213843476")
    (True, False, False, False)
    """
    return bool(text) and _NOT_A_NAME.search(text) is None


# --- helpers -------------------------------------------------------------------------------

_SOFT = str.maketrans({"\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})


_ENTITY = lazy_re(r"&(?:#\d{1,7}|#[xX][\da-fA-F]{1,6}|[A-Za-z]{2,8});")


def _norm(text: str) -> str:
    """Whitespace collapsed to single spaces; invisible characters removed; character
    references left over from double escaping (``&amp;amp;`` in the source, ``&#x26;`` in
    JSON-LD, ``&amp;#8230;`` in JSON-LD: decoded twice at most) decoded, since no title or name
    means them literally."""
    for _ in range(2):  # (escaped twice: ``&amp;#8230;`` reads ``&#8230;`` after one pass)
        if "&" not in text or not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return " ".join(text.translate(_SOFT).split())


def _text(el: etree._Element) -> str:
    """All the text under ``el`` (lxml walks the subtree in C, without Python recursion)."""
    return "".join(t for t in el.itertext() if isinstance(t, str))


def _h1_texts(h1: etree._Element, nested: set[etree._Element]) -> list[tuple[etree._Element, str]]:
    """``h1`` and the ``<h1>`` elements inside it (added to ``nested``), each with its own text.

    An ``<h1>`` start tag closes an open ``<h1>`` in browsers; libxml2 nests them instead. Each
    gets the text a browser would give it, the nested ones' text left out of the outer one:
    one walk of the subtree, where taking the text of every nested ``<h1>`` whole would be
    quadratic in the nesting.

    >>> from lxml import etree
    >>> root = etree.fromstring("<h1>Main <i>title</i><h1>Inner</h1> end</h1>", etree.HTMLParser())
    >>> [text for _, text in _h1_texts(root.find(".//h1"), set())]
    ['Main title end', 'Inner']
    """
    if h1.find(".//h1") is None:  # (the usual case)
        return [(h1, _text(h1))]
    # (iterwalk does not visit comments: the parser removes them before this runs)
    found: list[tuple[etree._Element, list[str]]] = []
    open_parts: list[list[str]] = []
    for event, el in etree.iterwalk(h1, events=("start", "end")):
        tag = el.tag
        if event == "start":
            if tag == "h1":
                parts: list[str] = []
                found.append((el, parts))
                open_parts.append(parts)
                if el is not h1:
                    nested.add(el)
            if el.text and isinstance(tag, str):
                open_parts[-1].append(el.text)
        else:
            if tag == "h1":
                open_parts.pop()
            if el.tail and el is not h1:
                open_parts[-1].append(el.tail)
    return [(el, "".join(parts)) for el, parts in found]


def _hidden(el: etree._Element) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    style = el.get("style")
    if style:
        compact = style.replace(" ", "").lower()
        return "display:none" in compact or "visibility:hidden" in compact
    return False


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
