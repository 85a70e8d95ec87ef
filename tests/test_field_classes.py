"""Fields on new sites (issue #21): one test per failure class, each on a made-up page.

Dates from quoted or embedded content, infoboxes, label/value rows and related-story lists
are not the page's date; datelines of several parts leave the body and fill ``timestamp`` and
``updated``; a widget's name is not an author; a name is judged by its shape and its source,
not by how common its words are; a JSON-LD ``Person`` is the author over an ``Organization``;
menu rows and photo credits of a flattened page are not its headline, and a headline that
opens like a credit ("Photos: ...") is not a caption. Authors named in an
author box or after a label ("Contributors: ...") are found anywhere on the page.
"""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from boilerstrip import clean

PARAGRAPHS = [
    "The harbour council voted on Tuesday night to extend the ferry timetable through the winter months, "
    "after a season in which passenger numbers rose for the first time in a decade.",
    "Councillors said the extra sailings would cost about two hundred thousand pounds a year, most of it "
    "covered by a grant from the regional transport fund that was agreed last spring.",
    "Residents of the outer islands had campaigned for the change since the autumn, when the last evening "
    "boat was cut and several families said they could no longer reach work on the mainland.",
    "The operator will hire four more crew members and refit the older of its two vessels before the new "
    "timetable begins, the council said in a statement after the meeting.",
]
TITLE = "Ferry timetable extended through the winter"
URL = "https://www.harbourgazette.example/news/ferry-timetable-extended"


def _html(*, head: str = "", top: str = "", middle: str = "", bottom: str = "", after: str = "") -> str:
    first, rest = PARAGRAPHS[:2], PARAGRAPHS[2:]
    return (
        f"<html><head><title>{TITLE}</title>{head}</head><body><article><h1>{TITLE}</h1>{top}"
        + "".join(f"<p>{p}</p>" for p in first) + middle + "".join(f"<p>{p}</p>" for p in rest)
        + f"{bottom}</article>{after}</body></html>"
    )


def _text(*, top: list[str] = (), middle: list[str] = (), bottom: list[str] = ()) -> str:  # type: ignore[assignment]
    return "\n\n".join([TITLE, *top, *PARAGRAPHS[:2], *middle, *PARAGRAPHS[2:], *bottom])


# --- (a) an embedded post's date is not the page's ------------------------------------------

TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en">What a night at the harbour! Thanks to everyone who came '
    'along.</p>&mdash; Larkmoor Rovers (@LarkmoorRovers) <a href="https://twitter.com/x/status/1">October 31, '
    "2021</a></blockquote>"
)


def test_html_embedded_tweet_gives_no_page_date() -> None:
    article = clean(_html(middle=TWEET), url=URL)
    assert article.timestamp is None
    assert article.headline == TITLE


def test_html_embedded_tweet_does_not_beat_the_posted_line() -> None:
    article = clean(_html(middle=TWEET, bottom="<p>Posted on March 3, 2022</p>"), url=URL)
    assert article.timestamp == datetime(2022, 3, 3)


@pytest.mark.parametrize("line", ["Published March 4, 2022", "Posted on March 4, 2022"])
def test_a_masthead_clock_above_the_headline_loses_to_the_published_line(line: str) -> None:
    """An older site shows today's date in its masthead, above the headline; the line under
    the headline that says it is the publication date is the page's date, in HTML and text."""
    clock = "Friday, March 11, 2022"
    html = _html(top=f"<div>{line}</div>").replace("<article>", f"<div class='strip'>{clock}</div><article>")
    article = clean(html)
    assert article.timestamp == datetime(2022, 3, 4)
    assert line not in article.paragraphs
    text = clean("\n\n".join([clock, TITLE, line, *PARAGRAPHS]))
    assert text.timestamp == datetime(2022, 3, 4)


def test_html_quoted_date_is_not_the_page_date() -> None:
    quote = "<blockquote><p>The service will end for good.</p><p>Harbour notice, 12 January 2019</p></blockquote>"
    assert clean(_html(middle=quote), url=URL).timestamp is None


@pytest.mark.parametrize(
    "line",
    [
        "— Larkmoor Rovers (@LarkmoorRovers) October 31, 2021",
        "What a night at the harbour! pic.twitter.com/AbCdEf12 — Larkmoor Rovers (@LarkmoorRovers) October 31, 2021",
        "A post shared by Larkmoor Rovers (@larkmoor.rovers) on Oct 31, 2021 at 4:19pm PDT",
    ],
)
def test_text_embedded_post_signature_gives_no_page_date(line: str) -> None:
    article = clean(_text(middle=["What a night at the harbour! Thanks to everyone who came along.", line]))
    assert article.timestamp is None


# --- (b) an infobox's or a label/value row's date is a thing's, not the page's ---------------


def test_html_infobox_founding_date_is_not_the_page_date() -> None:
    infobox = (
        '<table class="infobox vcard"><tr><th>Type</th><td>Ferry operator</td></tr>'
        "<tr><th>Founded</th><td>12 March 1998</td></tr><tr><th>Headquarters</th><td>Larkmoor</td></tr></table>"
    )
    assert clean(_html(top=infobox), url=URL).timestamp is None


def test_html_label_value_table_date_is_not_the_page_date() -> None:
    table = (
        "<table><tr><td>Type</td><td>Ferry operator</td></tr><tr><td>Opened</td><td>12 March 1998</td></tr>"
        "<tr><td>Vessels</td><td>Two</td></tr></table>"
    )
    assert clean(_html(top=table), url=URL).timestamp is None
    # a row that says it holds the date is the dateline
    dated = "<table><tr><th>Published</th><td>12 March 2021</td></tr></table>"
    assert clean(_html(top=dated), url=URL).timestamp == datetime(2021, 3, 12)


def test_html_related_stories_dates_are_not_the_page_date() -> None:
    related = (
        '<div class="related-posts"><h3>More from the harbour</h3><ul>'
        '<li><a href="/a">Harbour wall repaired</a> March 3, 2021</li>'
        '<li><a href="/b">New pontoon for the marina</a> February 9, 2021</li></ul></div>'
    )
    assert clean(_html(bottom=related), url=URL).timestamp is None


@pytest.mark.parametrize("line", ["Born: 3 May 1961", "Opened 12 March 1998", "Gegründet am 12. März 1998", "Fondée le 12 mars 1998"])
def test_text_event_label_dates_are_not_the_page_date(line: str) -> None:
    assert clean(_text(top=[line])).timestamp is None


# --- (c) datelines of several parts, in several languages ----------------------------------

DATELINES = [
    (
        "La Gazette du Port | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 08h10 | Par Jeanne Dupont et Jean Martin",
        datetime(2015, 5, 4, 13, 36), datetime(2015, 5, 5, 8, 10), "Jeanne Dupont et Jean Martin",
    ),
    (
        "Hafenblatt | Veröffentlicht am 04.05.2015, 13:36 Uhr | Aktualisiert am 05.05.2015, 08:10 Uhr | Von Jana Beispiel und Max Muster",
        datetime(2015, 5, 4, 13, 36), datetime(2015, 5, 5, 8, 10), "Jana Beispiel und Max Muster",
    ),
    (
        "Diario del Puerto | Publicado el 4 de mayo de 2015, 13:36 | Actualizado el 5 de mayo de 2015, 08:10 | Por Juana Ejemplo y Pedro Muestra",
        datetime(2015, 5, 4, 13, 36), datetime(2015, 5, 5, 8, 10), "Juana Ejemplo y Pedro Muestra",
    ),
]


@pytest.mark.parametrize(("line", "published", "updated", "author"), DATELINES, ids=["fr", "de", "es"])
def test_html_dateline_of_several_parts(line: str, published: datetime, updated: datetime, author: str) -> None:
    article = clean(_html(top=f"<div>{line}</div>"), url=URL)
    assert (article.timestamp, article.updated) == (published, updated)
    assert article.author == author
    assert line not in article.body and "Mis à jour" not in article.body


@pytest.mark.parametrize(("line", "published", "updated", "author"), DATELINES, ids=["fr", "de", "es"])
def test_text_dateline_of_several_parts(line: str, published: datetime, updated: datetime, author: str) -> None:
    article = clean(_text(top=[line]))
    assert (article.timestamp, article.updated) == (published, updated)
    assert article.author == author
    assert article.paragraphs == tuple(PARAGRAPHS)


@pytest.mark.parametrize("make", [lambda line: _html(top=f"<div>{line}</div>"), lambda line: _text(top=[line])], ids=["html", "text"])
def test_a_dateline_with_a_needless_pm_after_a_24_hour_time(make: object) -> None:
    # "17:19 PM" says one time: some templates print a 24-hour clock with the suffix anyway
    line = "May 4, 2015 @17:19 PM · Updated: May 5, 2015 @08:10 AM"
    article = clean(make(line))  # type: ignore[operator]
    assert (article.timestamp, article.updated) == (datetime(2015, 5, 4, 17, 19), datetime(2015, 5, 5, 8, 10))
    assert article.paragraphs == tuple(PARAGRAPHS)


# --- (d) a menu row or a photo credit of a flattened page is not its headline ---------------


@pytest.mark.parametrize(
    "credit", ["Jane Doe/Getty Images", "REUTERS/Jane Doe", "Imagem: Jane Doe", "Photo: Jane Doe"]
)
def test_text_headline_above_a_photo_credit(credit: str) -> None:
    text = "\n\n".join(["Open sidebar menu Menu Subscribe", "Home  News  Sport", TITLE, credit, *PARAGRAPHS])
    article = clean(text, url=URL)
    assert article.headline == TITLE
    assert article.captions == () or all(c.title != TITLE for c in article.captions)


def test_text_menu_row_is_not_the_headline() -> None:
    # as inscriptis prints a header: indented lines, the menu's controls run together
    text = "\n".join(["      Abrir menu lateral Menu Assine", "", "   " + TITLE, "", "      Imagem: Jane Doe", ""])
    article = clean(text + "\n\n".join(PARAGRAPHS), url=URL)
    assert article.headline == TITLE


LABELLED = "Photos: Ferry timetable extended through the winter"
"""A headline that opens with a media label, as news sites title their galleries: it reads like
a photo's credit ("Photo: Jane Doe")."""
LABELLED_URL = "https://www.harbourgazette.example/news/photos-ferry-timetable-extended-through-the-winter"


def test_html_labelled_h1_is_the_headline_not_a_caption() -> None:
    html = _html(top='<figure><img src="f.jpg"><figcaption>The ferry leaves the harbour.</figcaption></figure>')
    article = clean(html.replace(TITLE, LABELLED))  # the <title> and the <h1>
    assert article.headline == LABELLED
    assert [c.text for c in article.captions] == ["The ferry leaves the harbour."]


@pytest.mark.parametrize("url", [LABELLED_URL, None])
def test_text_labelled_headline_the_page_names_is_the_headline(url: str | None) -> None:
    # named by the address, or by the converter's first line (the page's <title>)
    text = "\n\n".join([f"{LABELLED} | Harbour Gazette", "Harbour Gazette", "Home  News  Sport", LABELLED, *PARAGRAPHS])
    article = clean(text, url=url)
    assert article.headline == LABELLED
    assert article.captions == ()  # neither the headline line nor the converter's <title> line
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_a_caption_that_shares_the_titles_words_is_still_a_caption() -> None:
    caption = "Image: The ferry timetable was extended through the winter after a long campaign"
    text = "\n\n".join([f"{TITLE} | Harbour Gazette", TITLE, caption, *PARAGRAPHS])
    article = clean(text, url=URL)
    assert article.headline == TITLE
    assert [c.text for c in article.captions] == [caption]


# --- (e) a recommendation widget is not the author -----------------------------------------

WIDGETS = [
    '<div id="taboola-below-article"><div class="trc_rbox_header">You May Like</div>'
    '<a class="trc_attribution" href="https://popup.taboola.example/">by Taboola</a>'
    '<div><a href="/x">Doctors stunned by this simple trick</a></div></div>',
    '<div class="OUTBRAIN"><span class="ob-widget-header">Recommended for you</span>'
    '<a class="ob_what" href="https://outbrain.example/what-is/">Recommended by Outbrain</a></div>',
]


@pytest.mark.parametrize("widget", WIDGETS, ids=["taboola", "outbrain"])
def test_html_recommendation_widget_is_not_the_author(widget: str) -> None:
    page = f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>" + "".join(
        f"<p>{p}</p>" for p in PARAGRAPHS[:2]) + f"</article>{widget}</body></html>"
    assert clean(page, url=URL).author is None


@pytest.mark.parametrize(
    "lines",
    [["You May Like", "by Taboola", "Doctors stunned by this simple trick"], ["Sponsored Links\nby Outbrain"],
     ["Around the web", "by Examplenet", "The one gadget every home needs"]],
    ids=["taboola", "outbrain", "unknown-vendor"],
)
def test_text_recommendation_widget_is_not_the_author(lines: list[str]) -> None:
    assert clean("\n\n".join([TITLE, *PARAGRAPHS[:2], *lines])).author is None


# --- (f) a name is judged by its shape and its source, not by how common its words are -------

NAMES = ["Chris Young", "Will Smith", "Mark Price"]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "source",
    ['<a rel="author" href="/author/x">{}</a>', '<span itemprop="author">{}</span>', '<div class="byline">By {}</div>'],
    ids=["rel-author", "microdata", "by-line"],
)
def test_html_name_of_common_words_is_the_author(name: str, source: str) -> None:
    assert clean(_html(top=source.format(name)), url=URL).author == name


@pytest.mark.parametrize("name", NAMES)
def test_text_name_of_common_words_is_the_author(name: str) -> None:
    assert clean(_text(top=[f"By {name}"])).author == name


@pytest.mark.parametrize("label", ["View Profile", "Read More", "Staff Writer"])
def test_a_button_is_still_not_the_author(label: str) -> None:
    assert clean(_html(top=f'<a rel="author" href="/author/x">{label}</a>'), url=URL).author is None


# --- (g) a JSON-LD Person wins over an Organization ----------------------------------------

ORG = {"@type": "Organization", "name": "Harbour Gazette"}
PERSON = {"@type": "Person", "name": "Jane Doe"}


def _jsonld(value: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


@pytest.mark.parametrize("authors", [[ORG, PERSON], [PERSON, ORG]], ids=["org-first", "person-first"])
def test_jsonld_person_over_organization(authors: list[dict[str, str]]) -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE, "author": authors}
    assert clean(_html(head=_jsonld(ld)), url=URL).author == "Jane Doe"


def test_jsonld_person_by_reference_over_an_organization_meta_author() -> None:
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "headline": TITLE, "author": {"@id": "https://h.example/#/person/1"}},
        {"@type": "Person", "@id": "https://h.example/#/person/1", "name": "Jane Doe"},
    ]}
    page = _html(head=_jsonld(ld) + '<meta name="author" content="Harbour Gazette">')
    assert clean(page, url=URL).author == "Jane Doe"


def test_jsonld_organization_alone_is_still_the_author() -> None:
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": TITLE, "author": ORG}
    assert clean(_html(head=_jsonld(ld)), url=URL).author == "Harbour Gazette"


# --- authors named away from the header ----------------------------------------------------


def test_html_author_box_under_the_article() -> None:
    box = '<div class="post-author-box"><div class="post-author__name">Jane Doe</div><p>Jane Doe covers the coast.</p></div>'
    # a long article: the box sits far below the header
    filler = "".join(f"<p>Part {n}. {PARAGRAPHS[n % 4]}</p>" for n in range(60))
    assert clean(_html(bottom=filler + box), url=URL).author == "Jane Doe"


def test_html_review_card_is_not_an_author_box() -> None:
    card = '<div class="review-card"><div class="review-card__author">Tom Reader</div><p>Great boat.</p></div>'
    assert clean(_html(after=card), url=URL).author is None


@pytest.mark.parametrize(("line", "name"), [("Contributors: Jane Doe and John Roe", "Jane Doe and John Roe"), ("Author: Jane Doe", "Jane Doe")])
def test_labelled_by_line(line: str, name: str) -> None:
    assert clean(_html(bottom=f"<p>{line}</p>"), url=URL).author == name
    assert clean(_text(top=[line])).author == name
