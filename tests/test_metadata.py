"""Page metadata: JSON-LD, OpenGraph, article:* and date-like meta, <time>, authors, language."""

from __future__ import annotations

import dataclasses
import json

import pytest

from boilerstrip.html import parse_html
from boilerstrip.metadata import PageMeta, parse_jsonld


def meta_of(head: str, body: str = "<p>Some text of the page body.</p>", **kwargs: object) -> PageMeta:
    return parse_html(f"<html><head>{head}</head><body>{body}</body></html>", **kwargs).meta  # type: ignore[arg-type]


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_title_and_h1s_kept_whole() -> None:
    meta = meta_of("<title>Codename: Obtvse - nwienert</title>", "<h1>Codename: Obtvse</h1><h1 hidden>Hidden</h1>")
    assert meta.title == "Codename: Obtvse - nwienert"  # never split on separators
    assert meta.h1s == ("Codename: Obtvse",)


def test_jsonld_news_article() -> None:
    meta = meta_of(ld({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council agrees the budget",
        "datePublished": "2024-03-05T09:30:00+01:00",
        "dateModified": "2024-03-06T10:00:00+01:00",
        "author": [{"@type": "Person", "name": "Ann Smith"}, {"@type": "Person", "name": "Bo Li"}],
        "articleBody": "The council met on Tuesday.",
        "inLanguage": "en-GB",
    }))
    assert meta.jsonld_type == "NewsArticle"
    assert meta.jsonld_headline == "Council agrees the budget"
    assert meta.published == "2024-03-05T09:30:00+01:00"  # kept as written
    assert meta.modified == "2024-03-06T10:00:00+01:00"
    assert meta.authors == ("Ann Smith", "Bo Li")
    assert meta.author == "Ann Smith"
    assert meta.article_body == "The council met on Tuesday."
    assert meta.language == "en-GB"


def test_jsonld_graph_prefers_the_article_over_webpage() -> None:
    meta = meta_of(ld({
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "name": "Example Site"},
            {"@type": "WebPage", "name": "Page name", "datePublished": "2020-01-01"},
            {"@type": ["BlogPosting"], "headline": "The real headline", "datePublished": "2023-07-08"},
        ],
    }))
    assert meta.jsonld_type == "BlogPosting"
    assert meta.jsonld_headline == "The real headline"
    assert meta.published == "2023-07-08"


def test_jsonld_list_and_several_scripts() -> None:
    meta = meta_of(
        ld([{"@type": "Organization", "name": "Org"}, {"@type": "Report", "headline": "Annual report"}])
        + ld({"@type": "BreadcrumbList", "itemListElement": []})
    )
    assert meta.jsonld_type == "Report"
    assert meta.jsonld_headline == "Annual report"


def test_malformed_jsonld_is_repaired_or_mined() -> None:
    trailing_comma = '<script type="application/ld+json">{"@type": "Article", "headline": "Trailing",}</script>'
    assert meta_of(trailing_comma).jsonld_headline == "Trailing"
    broken = '<script type="application/ld+json">{"@type": "Article" "headline": "Mined \\"quoted\\"", "datePublished": "2021-02-03"</script>'
    meta = meta_of(broken)
    assert meta.jsonld_headline == 'Mined "quoted"'
    assert meta.published == "2021-02-03"
    assert meta_of('<script type="application/ld+json">not json at all</script>').jsonld_type is None


def test_jsonld_deep_nesting_does_not_raise() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    assert parse_jsonld(deep) == []
    assert meta_of(f'<script type="application/ld+json">{deep}</script>').jsonld_type is None


def test_opengraph_and_article_meta() -> None:
    meta = meta_of(
        '<meta property="og:title" content="OG title">'
        '<meta property="og:site_name" content="The Site">'
        '<meta property="og:type" content="article">'
        '<meta property="og:locale" content="fr_FR">'
        '<meta property="article:published_time" content="2022-11-30T08:00:00Z">'
        '<meta property="article:modified_time" content="2022-12-01T08:00:00Z">'
        '<meta name="description" content="A short description.">'
        '<link rel="canonical" href="https://example.com/a">'
    )
    assert meta.og_title == "OG title"
    assert meta.og_site_name == "The Site"
    assert meta.og_type == "article"
    assert meta.published == "2022-11-30T08:00:00Z"
    assert meta.modified == "2022-12-01T08:00:00Z"
    assert meta.language == "fr-FR"
    assert meta.description == "A short description."
    assert meta.canonical == "https://example.com/a"


@pytest.mark.parametrize(
    "name", ["pubdate", "date", "dc.date", "DC.date.issued", "sailthru.date", "parsely-pub-date", "publish-date"]
)
def test_date_like_meta_names(name: str) -> None:
    meta = meta_of(f'<meta name="{name}" content="March 5, 2021">')
    assert meta.published == "March 5, 2021"
    assert ("meta:" + name.lower(), "March 5, 2021") in meta.published_candidates


def test_jsonld_date_outranks_meta_and_time() -> None:
    meta = meta_of(
        '<meta name="date" content="2001-01-01">' + ld({"@type": "Article", "datePublished": "2020-05-05"}),
        '<time datetime="1999-09-09">then</time><p>Body text.</p>',
    )
    assert meta.published == "2020-05-05"
    sources = [source for source, _ in meta.published_candidates]
    assert sources.index("jsonld") < sources.index("meta:date") < sources.index("time")


def test_time_elements() -> None:
    meta = meta_of("", '<p>Posted <time datetime="2019-04-01T10:00">April 1</time></p><time datetime=" 2019-04-02 ">x</time>')
    assert meta.times == ("2019-04-01T10:00", "2019-04-02")
    assert meta.published == "2019-04-01T10:00"


def test_updated_is_not_published() -> None:
    meta = meta_of('<meta property="article:modified_time" content="2024-01-02">')
    assert meta.published is None
    assert meta.modified == "2024-01-02"


def test_authors_from_meta_and_rel_author() -> None:
    meta = meta_of('<meta name="author" content="Jane Doe">', '<p>By <a rel="author" href="/jd">J. Doe</a></p>')
    assert meta.authors == ("Jane Doe", "J. Doe")
    assert meta_of('<meta name="author" content="https://example.com/me">').authors == ()
    assert meta_of('<meta name="author" content="Ann Lee and Bob Ray">').authors == ("Ann Lee", "Bob Ray")
    assert meta_of('<meta name="author" content="Smith, John">').authors == ("Smith, John",)


@pytest.mark.parametrize(
    ("html_attrs", "head", "language"),
    [
        ('lang="de-AT"', "", "de-AT"),
        ("", '<meta http-equiv="content-language" content="es">', "es"),
        ("", '<meta property="og:locale" content="pt_BR">', "pt-BR"),
        ("", "", None),
    ],
)
def test_language(html_attrs: str, head: str, language: str | None) -> None:
    page = parse_html(f"<html {html_attrs}><head>{head}</head><body><p>x</p></body></html>")
    assert page.meta.language == language


def test_canonical_falls_back_to_url() -> None:
    assert meta_of("", url="https://example.com/page").canonical == "https://example.com/page"


def test_pagemeta_is_frozen_and_empty_by_default() -> None:
    meta = PageMeta()
    assert meta.title is None and meta.h1s == () and meta.authors == () and meta.author is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        meta.title = "x"  # type: ignore[misc]


# --- authors: names, not handles; co-authors kept together ----------------------------------


def test_article_authors_are_the_jsonld_co_authors() -> None:
    meta = meta_of(
        ld({"@type": "Article", "headline": "H", "author": [{"@type": "Person", "name": "Ann Smith"}, {"@type": "Person", "name": "Bo Li"}]})
        + '<meta name="author" content="Site Desk">'
    )
    assert meta.article_authors == ("Ann Smith", "Bo Li")
    assert meta.authors[:2] == ("Ann Smith", "Bo Li")
    assert "Site Desk" in meta.authors  # still seen, but not a co-author


def test_article_authors_a_person_over_an_organization() -> None:
    # (#21) an Organization next to a Person is the publisher credited, not a co-author
    org, person = {"@type": "NewsMediaOrganization", "name": "Site Daily"}, {"@type": "Person", "name": "Ann Smith"}
    for authors in ([org, person], [person, org]):
        assert meta_of(ld({"@type": "Article", "headline": "H", "author": authors})).article_authors == ("Ann Smith",)
    # an Organization alone is still the author
    assert meta_of(ld({"@type": "Article", "headline": "H", "author": org})).article_authors == ("Site Daily",)


def test_article_authors_by_reference_in_the_graph() -> None:
    graph = {"@graph": [
        {"@type": "Article", "headline": "H", "author": [{"@id": "#ann"}, {"@id": "#site"}]},
        {"@type": "Person", "@id": "#ann", "name": "Ann Smith"},
        {"@type": "Organization", "@id": "#site", "name": "Site Daily"},
    ]}
    meta = meta_of(ld(graph) + '<meta name="author" content="Site Desk">')
    assert meta.article_authors == ("Ann Smith",)


def test_article_authors_from_the_author_meta_without_jsonld() -> None:
    assert meta_of('<meta name="author" content="Ann Smith and Bo Li">').article_authors == ("Ann Smith", "Bo Li")


@pytest.mark.parametrize(
    "value",
    ["https://www.facebook.com/jdoe", "@jdoe", "262588213843476", "jane.doe", "jdoe@example.com"],
)
def test_profile_urls_handles_ids_and_logins_are_not_author_names(value: str) -> None:
    meta = meta_of(f'<meta property="article:author" content="{value}">')
    assert meta.authors == ()
    assert meta.article_authors == ()


def test_twitter_creator_is_not_an_author() -> None:
    assert meta_of('<meta name="twitter:creator" content="Jane Doe">').authors == ()


def test_twitter_card_written_by_names_the_author() -> None:
    card = (
        '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Jane Doe">'
        '<meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">'
    )
    meta = meta_of(card)
    assert meta.authors == ("Jane Doe",)
    assert meta.article_authors == ("Jane Doe",)
    # a card without the label names no one
    assert meta_of('<meta name="twitter:data1" content="4 minutes">').authors == ()
    # the author meta tag comes first
    assert meta_of('<meta name="author" content="Ann Smith">' + card).article_authors == ("Ann Smith",)


def test_microdata_author_is_the_first_not_in_a_reply() -> None:
    body = (
        '<div itemscope itemtype="https://schema.org/Comment"><span itemprop="author">Bo Li</span></div>'
        '<article itemscope itemtype="https://schema.org/DiscussionForumPosting">'
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<meta itemprop="url" content="/u/jdoe42"><span itemprop="name">jdoe42</span></div>'
        "<p>Which grinder should I buy?</p></article>"
    )
    assert meta_of("", body).microdata_author == "jdoe42"
    only_replies = '<li itemprop="comment" itemscope><b itemprop="author">Bo Li</b></li>'
    assert meta_of("", only_replies).microdata_author is None
    assert meta_of("").microdata_author is None


def test_double_escaped_entities_are_decoded() -> None:
    meta = meta_of(
        '<meta property="og:title" content="Salt &amp;amp; Pepper">'
        + ld({"@type": "Article", "headline": "Recipes for 2025 | Bread, Soup &#x26; Pie", "author": {"@type": "Person", "name": "Anna &amp; Sofia"}})
    )
    assert meta.og_title == "Salt & Pepper"
    assert meta.jsonld_headline == "Recipes for 2025 | Bread, Soup & Pie"
    assert meta.author == "Anna & Sofia"
    twice = meta_of(ld({"@type": "Article", "headline": "And finally&amp;#8230; a storm"}))
    assert twice.jsonld_headline == "And finally\u2026 a storm"


def test_a_literal_ampersand_stays() -> None:
    assert meta_of("<title>AT&amp;T; R&amp;D notes</title>").title == "AT&T; R&D notes"
