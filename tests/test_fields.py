"""Fields: captions and credits, the headline, the timestamp and the byline.

Unit tests for :func:`split_credit` and :func:`strip_site_name`, then the fields of text pages
as :func:`boilerstrip.clean` picks them, on pages built from a real article
(``fixtures/articles/en-coffee-history.txt``) with header lines around it.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from boilerstrip import Article, clean
from boilerstrip.blocks import Label
from boilerstrip.features import measure
from boilerstrip.fields.captions import split_credit
from boilerstrip.fields.headline import HTML_HEADLINE_FEATURES, html_candidates, strip_site_name
from boilerstrip.fields.pick import pick_fields
from boilerstrip.text import text_to_blocks

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
HEAD, *_PARAGRAPHS = (ARTICLES / "en-coffee-history.txt").read_text(encoding="utf-8").strip().split("\n\n")
PARAGRAPHS = _PARAGRAPHS[:5]


def _page(*header: str, paragraphs: list[str] = PARAGRAPHS) -> str:
    return "\n\n".join([*header, *paragraphs])


# --- captions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("(Photo : REUTERS/Kai Pfaffenbach) Smoke and dust rise over the town after an airstrike.", "REUTERS/Kai Pfaffenbach"),
        ("(Photo: Jane Doe) Pickers at work on a hillside plantation.", "Jane Doe"),
        ("The mayor speaks to reporters in the square on Monday. (AP Photo/Jane Doe)", "AP Photo/Jane Doe"),
        ("Photo: Jane Doe", "Jane Doe"),
        ("Photo: Jane Doe/Example Agency", "Jane Doe/Example Agency"),
        ("Credit: Jane Doe", "Jane Doe"),
        ("Workers repair the roof of the old station. Getty Images", "Getty Images"),
        ("Image source: Jane Doe", "Jane Doe"),
        ("Image source: Example City Museum", "Example City Museum"),
        ("A fisherman mends his nets at dawn. © Jane Doe", "Jane Doe"),
    ],
    ids=["photo-colon-agency", "photo-colon-name", "ap-photo", "photo-line", "photo-line-agency", "credit-line",
         "getty-images", "image-source-name", "image-source-museum", "copyright"],
)
def test_split_credit(text: str, credit: str) -> None:
    found = split_credit(text)
    assert found is not None, text
    # the credit is what the page gives, possibly with its "©" or "AP Photo/" prefix
    assert credit in found
    assert len(found) <= len(credit) + 8


@pytest.mark.parametrize(
    "text",
    [
        "The council met on Tuesday to discuss the budget.",
        "Credit card debt rose again in March.",
        "Image quality improved after the update.",
        "The photo was taken by a neighbour on Sunday.",
        "Getty Images has bought a rival picture agency.",
        "He told AP that the talks had failed.",
        "Sources close to the minister said the plan was dead.",
        "The new policy takes effect in May, the EPA said.",
        "The company confirmed the deal on Monday, according to Reuters.",
        "The figures were first reported by Bloomberg.",
    ],
)
def test_split_credit_none_on_ordinary_sentences(text: str) -> None:
    assert split_credit(text) is None


def test_a_news_sentence_citing_an_agency_stays_in_the_body() -> None:
    paragraphs = [
        *PARAGRAPHS[:2],
        "The company confirmed on Monday that it had agreed to buy its smaller rival for two billion dollars in cash, according to Reuters.",
        *PARAGRAPHS[2:],
    ]
    article = clean(_page(HEAD, paragraphs=paragraphs))
    assert article.paragraphs == tuple(paragraphs)
    assert article.captions == ()


def test_caption_with_its_title_line_leaves_the_body() -> None:
    caption = "(Photo : REUTERS/Jane Doe) Workers pick coffee cherries on a plantation near the town."
    article = clean(_page("COFFEE WORLD DAILY", HEAD, "Coffee Plantation", caption))
    assert article.paragraphs == tuple(PARAGRAPHS)
    assert len(article.captions) == 1
    assert (article.captions[0].text, article.captions[0].credit, article.captions[0].title) == (
        caption, "REUTERS/Jane Doe", "Coffee Plantation")
    assert article.headline == HEAD


# --- strip_site_name -----------------------------------------------------------------------


def test_strip_site_name_suffix_named_by_the_site() -> None:
    title = "Early Days of Espresso - Larkmoor Bean Roasters"
    assert strip_site_name(title, site="Larkmoor Bean Roasters") == "Early Days of Espresso"
    # the domain is evidence too
    assert strip_site_name(title, site="larkmoorbeanroasters.com") == "Early Days of Espresso"


def test_strip_site_name_prefix_named_by_the_site() -> None:
    title = "Larkmoor Bean Roasters | Early Days of Espresso"
    assert strip_site_name(title, site="Larkmoor Bean Roasters") == "Early Days of Espresso"


def test_strip_site_name_short_suffix_after_a_bar() -> None:
    assert strip_site_name("Council agrees the new school budget | Daily Post") == "Council agrees the new school budget"


def test_an_older_blogs_guillemet_separates_its_name() -> None:
    """"Post « Blog" (an older blog engine's default title) and "Blog » Post" name the site
    with a guillemet; the HTML headline is the post's part."""
    assert strip_site_name("Why the bridge matters « Riverside Notes", site="Riverside Notes") == "Why the bridge matters"
    assert strip_site_name("Riverside Notes » Why the bridge matters", site="Riverside Notes") == "Why the bridge matters"
    page = (
        "<html><head><title>Why the bridge matters &laquo; Riverside Notes</title></head><body>"
        "<div class='post'><h2><a href='/2011/05/bridge'>Why the bridge matters</a></h2>"
        + "<p>The council said on Tuesday that it would review the plans for a new bridge across the river.</p>" * 3
        + "</div></body></html>"
    )
    assert clean(page).headline == "Why the bridge matters"


@pytest.mark.parametrize("quote", ["« Nous sommes en guerre »", "«Nous sommes en guerre»"])
def test_a_quotation_in_guillemets_is_no_title_part(quote: str) -> None:
    """Guillemets quote (in French, Russian, Swiss German): a closing "»" separates nothing, and
    an opening "«" that a "»" closes neither."""
    assert strip_site_name(f"Le président : {quote} - Le Quotidien", site="Le Quotidien") == f"Le président : {quote}"
    assert strip_site_name(f"{quote}, dit le président | Le Quotidien", site="Le Quotidien") == f"{quote}, dit le président"


def test_strip_site_name_never_keeps_the_site_part_alone() -> None:
    title = "Codename: Obtvse - nwienert"
    for result in (
        strip_site_name(title),
        strip_site_name(title, site="nwienert"),
        strip_site_name(title, others=["Codename: Obtvse"]),
    ):
        assert result != "nwienert"
        assert "Obtvse" in result
    assert strip_site_name(title, others=["Codename: Obtvse"]) == "Codename: Obtvse"


@pytest.mark.parametrize(
    "title",
    ["Codename: Obtvse", "Anti-ISIS Coalition Expands Airstrikes", "Exodus of ISIS Foreign Fighters Continues Despite Airstrikes"],
)
def test_strip_site_name_leaves_a_title_without_site_name(title: str) -> None:
    assert strip_site_name(title) == title
    assert strip_site_name(title, site="Example News") == title


def test_strip_site_name_host_name_is_evidence() -> None:
    # no og:site_name: the page's host names the site
    assert strip_site_name("Burr Grinders for Espresso | Beanhaus.com", domain=["beanhaus"]) == "Burr Grinders for Espresso"
    assert strip_site_name("Grinder makes a squeaking noise - Brew42's Forum", domain=["forum", "brew42"]) == "Grinder makes a squeaking noise"
    # a first part only when it is no more than the host's name: "Beanhaus Grinder" is a product
    assert strip_site_name("Beanhaus | Burr Grinders for Espresso", domain=["beanhaus"]) == "Burr Grinders for Espresso"
    assert strip_site_name("Beanhaus Grinder - Matte Black Edition", domain=["beanhaus"]) == "Beanhaus Grinder - Matte Black Edition"
    # without the host's name the same title is kept
    assert strip_site_name("Grinder makes a squeaking noise - Brew42's Forum") == "Grinder makes a squeaking noise - Brew42's Forum"


def _html_page(title: str, h1: str, site: str | None = None) -> str:
    site_meta = f'<meta property="og:site_name" content="{site}">' if site else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html><head><title>{title}</title>{site_meta}</head><body>"
        f"<header><h1>{h1}</h1></header><article>{body}</article></body></html>"
    )


def test_html_headline_candidates_merge_the_same_words_found_several_ways() -> None:
    """The ``og:title`` and the ``<h1>`` that say the same words are one candidate, found both
    ways and shown by the heading's block; the stripped title is another; a page with no
    title anywhere offers none (a short line above the story alone is no headline)."""
    from boilerstrip.html import parse_html

    head = "Footbridge plan approved"
    page = _html_page(f"{head} | Valley Courier", head).replace("</head>", f'<meta property="og:title" content="{head}"></head>')
    parsed = parse_html(page, url="https://news.valley.example/2024/footbridge-plan-approved")
    measure(parsed.blocks, "en")
    cands = html_candidates(parsed.blocks, 1, parsed.meta, "https://news.valley.example/2024/footbridge-plan-approved")
    found = {text: dict(zip(HTML_HEADLINE_FEATURES, values)) for text, _, values in cands}
    shown = [block for text, block, _ in cands if text == head]
    assert shown and shown[0] is not None and shown[0].heading == 1
    merged = found[head]
    assert merged["from_og"] == merged["from_h1"] == merged["from_title_stripped"] == 1.0
    assert merged["overlap_og"] == 1.0 and merged["share_in_slug"] == 1.0
    assert found[f"{head} | Valley Courier"]["from_title"] == 1.0
    bare = parse_html("<html><body><p>Short line</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</body></html>")
    measure(bare.blocks, "en")
    assert html_candidates(bare.blocks, 1, bare.meta) == []


def test_html_headline_candidates_carry_the_page_types() -> None:
    # every candidate ends with the page-type model's probabilities for the page (the same
    # for all of a page's candidates); none given: every type equally likely
    from boilerstrip.dom.describe import PAGE_TYPES
    from boilerstrip.html import parse_html

    parsed = parse_html(_html_page("Footbridge plan approved | Valley Courier", "Footbridge plan approved"))
    measure(parsed.blocks, "en")
    types = [0.5, 0.2, 0.1, 0.1, 0.05, 0.03, 0.02]
    for given, want in ((types, types), ((), [1 / len(PAGE_TYPES)] * len(PAGE_TYPES))):
        cands = html_candidates(parsed.blocks, 1, parsed.meta, None, given)
        assert len(cands) >= 2
        for _, _, values in cands:
            assert len(values) == len(HTML_HEADLINE_FEATURES)
            assert values[-len(PAGE_TYPES):] == pytest.approx(want)
    assert HTML_HEADLINE_FEATURES[-len(PAGE_TYPES):] == tuple(f"page_type={t}" for t in PAGE_TYPES)


@pytest.mark.parametrize(
    ("title", "h1"),
    [("Water Heater Repair and Installation in Denver", "Hot Water, Fixed Today"),
     ("Drain Cleaning Services in Austin, Texas", "Clear Drains, Happy Homes")],
)
def test_the_page_type_weighs_the_html_headline(title: str, h1: str) -> None:
    # a service page's headline is its <title> more often than its h1 (a slogan); an
    # article's is its h1 more often than its <title>: the same page gives one or the other
    # as the page-type model reads it
    from boilerstrip.dom.describe import PAGE_TYPES
    from boilerstrip.fields.headline import pick_headline
    from boilerstrip.html import parse_html

    story = (
        "Our licensed team has fixed leaking pipes, blocked drains and broken water heaters across the "
        "county for twenty years, and we answer the phone day and night.",
        "Every job starts with a free inspection and a written quote, so you know the price before any "
        "work begins, and every repair is covered by a two-year guarantee.",
    )
    page = (
        f"<html><head><title>{title}</title></head><body>"
        '<header><nav><a href="/">Home</a> <a href="/shop">Shop</a> <a href="/contact">Contact</a></nav></header>'
        f"<main><h1>{h1}</h1>" + "".join(f"<p>{p}</p>" for p in story) + "</main>"
        "<footer>\u00a9 2025 Acme</footer></body></html>"
    )
    parsed = parse_html(page)
    measure(parsed.blocks, "en")
    first_body = next(b.index for b in parsed.blocks if b.text == story[0])

    def headline(kind: str) -> str | None:
        types = [0.94 if t == kind else 0.01 for t in PAGE_TYPES]
        picked = pick_headline(parsed.blocks, first_body, parsed.meta, None, types)
        return picked[0] if picked is not None else None

    assert headline("service") == title
    assert headline("article") == h1


def test_html_headline_is_not_the_site_name_heading_off_the_front_page() -> None:
    page = _html_page("A Brief History of Coffee Drinking - Coffeetalk.org", "Coffeetalk.org")
    assert clean(page, url="https://www.coffeetalk.org/forum/viewtopic.php?t=42").headline == "A Brief History of Coffee Drinking"


def test_html_headline_is_a_section_heading_that_opens_the_title() -> None:
    # a section page: its <h1> is the first part of the <title> and og:title, which go on to
    # name the site (here with nothing that marks those parts as the site's name)
    title = "Roasting | Campus Weekly | Institute of Technology"
    page = _html_page(title, "Roasting").replace("</head>", f'<meta property="og:title" content="{title}"></head>')
    assert clean(page, url="https://www.example.edu/topic/roasting").headline == "Roasting"


def test_html_headline_stripped_of_section_and_site_names() -> None:
    page = _html_page("Coffee Roasting at Home | Guides | Campus News | Northfield Institute of Technology", "Menu")
    article = clean(page, url="https://news.northfield.edu/guides/coffee-roasting-at-home")
    assert article.headline == "Coffee Roasting at Home"


# --- headline (text) -----------------------------------------------------------------------


def test_headline_is_the_title_line_above_the_body() -> None:
    article = clean(_page(HEAD))
    assert article.headline == HEAD
    assert HEAD not in article.paragraphs
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_headline_is_not_the_masthead() -> None:
    article = clean(_page("COFFEE WORLD DAILY", HEAD))
    assert article.headline == HEAD


def test_headline_is_not_a_caption_title_line() -> None:
    article = clean(_page(
        "COFFEE WORLD DAILY", HEAD, "Coffee Plantation",
        "(Photo : REUTERS/Jane Doe) Workers pick coffee cherries on a plantation near the town.",
    ))
    assert article.headline == HEAD
    assert article.headline != "Coffee Plantation"


def test_headline_is_not_a_menu_entry() -> None:
    menu = "\n".join(["Home", "News", "Food & Drink", "Travel"])
    article = clean(_page(menu, HEAD))
    assert article.headline == HEAD
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_headline_is_the_line_the_url_names() -> None:
    # two title-shaped lines above the body (a section label and the headline): the one whose
    # words the URL's slug repeats is the headline, whichever comes first
    header = ("Coffee Culture Around the World", HEAD)
    for lines in (header, header[::-1]):
        article = clean(_page(*lines), url="https://example.org/2024/05/history-of-coffee.html")
        assert article.headline == HEAD, lines
        assert article.paragraphs[-len(PARAGRAPHS):] == tuple(PARAGRAPHS)


def test_headline_of_a_render_that_starts_with_its_title() -> None:
    # html-text prints the <title> first: the later line repeating it is the headline
    article = clean(_page(f"{HEAD} | Coffee World Daily", "Home", "Subscribe", HEAD))
    assert article.headline == HEAD
    assert article.paragraphs == tuple(PARAGRAPHS)
    # the <title> line leaves the body, reported as the page's title line
    removed = {r.text: (r.kind, r.rule) for r in article.removed}
    assert removed[f"{HEAD} | Coffee World Daily"] == ("masthead", "headline.title-line")


def test_url_words() -> None:
    from boilerstrip.fields.headline import url_words

    assert url_words("https://example.org/2024/05/early-days-of-espresso.html") == {"early", "days", "of", "espresso"}
    assert url_words("https://example.org/news/12345") == frozenset()
    assert url_words("https://example.org/") == frozenset()
    assert url_words(None) == frozenset()


# --- timestamp (text) ----------------------------------------------------------------------


def test_timestamp_is_the_header_dateline_not_a_date_in_the_body() -> None:
    body = [*PARAGRAPHS[:2], "The roastery in the old harbour opened its doors to the public on October 23, 2014.", *PARAGRAPHS[2:]]
    article = clean(_page(HEAD, "March 3, 2021 10:15 am", paragraphs=body))
    assert article.timestamp == datetime(2021, 3, 3, 10, 15)
    assert article.timestamp_text == "March 3, 2021 10:15 am"
    assert article.paragraphs == tuple(body)


def test_timestamp_dateline_above_the_headline() -> None:
    caption = "(Photo : REUTERS/Jane Doe) Pickers at work near the town on October 23, 2014."
    article = clean(_page("COFFEE WORLD DAILY", "04/19/2024 04:19:49 pm", HEAD, caption))
    assert article.timestamp == datetime(2024, 4, 19, 16, 19, 49)
    assert "04/19/2024 04:19:49 pm" not in article.body
    assert [r.text for r in article.removed if "04/19/2024" in r.text] == []


def test_no_dateline_no_invented_timestamp_from_the_header() -> None:
    article = clean(_page(HEAD))
    assert article.timestamp is None and article.timestamp_text is None


# --- byline (text) -------------------------------------------------------------------------


def test_by_line_becomes_the_author_and_leaves_the_body() -> None:
    article = clean(_page(HEAD, "By Jane Doe"))
    assert article.author == "Jane Doe"
    assert article.headline == HEAD
    assert "By Jane Doe" not in article.paragraphs
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_by_line_with_a_dateline() -> None:
    article = clean(_page(HEAD, "By Jane Doe", "March 3, 2021"))
    assert article.author == "Jane Doe"
    assert article.headline == HEAD
    assert article.timestamp == datetime(2021, 3, 3)
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_byline_and_date_on_one_line() -> None:
    article = clean(_page(HEAD, "By Jane Doe | March 3, 2021"))
    assert article.author == "Jane Doe"
    assert article.timestamp == datetime(2021, 3, 3)
    assert article.paragraphs == tuple(PARAGRAPHS)


def test_no_byline_no_author() -> None:
    assert clean(_page(HEAD)).author is None


# --- pick_fields on labelled blocks --------------------------------------------------------


def test_pick_fields_on_labelled_blocks() -> None:
    """Fields from blocks whose body is already decided: the picker alone, no classifier."""
    blocks = text_to_blocks(_page("COFFEE WORLD DAILY", "04/19/2024 04:19:49 pm", HEAD, "By Jane Doe"))
    measure(blocks, "en")
    for block in blocks:
        if block.text in PARAGRAPHS:
            block.decide(Label.BODY, "", "test.body")
        else:
            block.decide(Label.CHROME, "boilerplate", "test.chrome")
    fields = pick_fields(blocks)
    assert fields.headline == HEAD
    assert fields.timestamp == datetime(2024, 4, 19, 16, 19, 49)
    assert fields.author == "Jane Doe"
    labels = {b.text: b.label for b in blocks}
    assert labels[HEAD] is Label.HEADLINE
    assert labels["By Jane Doe"] is Label.BYLINE
    assert labels["04/19/2024 04:19:49 pm"] is Label.TIMESTAMP
    assert labels["COFFEE WORLD DAILY"] is Label.CHROME
    assert all(labels[p] is Label.BODY for p in PARAGRAPHS)


def test_pick_fields_of_no_blocks() -> None:
    fields = pick_fields([])
    assert (fields.headline, fields.timestamp, fields.author, fields.captions) == (None, None, None, [])


def test_fields_of_an_empty_page() -> None:
    assert clean("") == Article()


# --- byline: names and where they come from -----------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from boilerstrip.fields import captions as _captions  # noqa: E402
from boilerstrip.fields.byline import clean_name, join_names, pick_author  # noqa: E402
from boilerstrip.metadata import PageMeta  # noqa: E402


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("Jane Doe", "Jane Doe"),
        ("Jane Doe Updated Sep 4", "Jane Doe"),
        ("Helen MarlowePublished", "Helen Marlowe"),  # words run together by the layout
        ("Jane DoeAugust 4, 2024", "Jane Doe"),
        ("Fiona MacAlpine", "Fiona MacAlpine"),  # a capital inside a name is not a cut
        ("Jane Doe on January 4", "Jane Doe"),
        ("Jane Doe | Staff writer", "Jane Doe"),
        ("Elsa van der Heijden", "Elsa van der Heijden"),
        ("Owen Hartley Senior Travel Reporter", "Owen Hartley"),  # a job title after the name
        ("Marek ZielinskiFounder", "Marek Zielinski"),
        ("& Darnell Pruitt Writer", "Darnell Pruitt"),
        ("Nadia Okafor August 4", "Nadia Okafor"),
    ],
)
def test_clean_name_cuts_dateline_furniture(raw: str, name: str) -> None:
    assert clean_name(raw) == name


@pytest.mark.parametrize(
    "raw",
    ["Read the full story in our archive", "By", "Written by", "Updated", "Fact Checked", "Join Date", "3 comments", "Why grind fresh?"],
)
def test_clean_name_rejects_what_is_not_a_name(raw: str) -> None:
    assert clean_name(raw) is None


def test_clean_name_month_word_ending_a_name() -> None:
    # a month word ends the name only where the line goes on with a date ("By Sam May 4, 2024")
    assert clean_name("Sam May", date_after=False) == "Sam May"
    assert clean_name("Sam May", date_after=True) == "Sam"


def test_clean_name_takes_a_login_only_when_asked() -> None:
    assert clean_name("jdoe42", login=True) == "jdoe42"
    assert clean_name("jdoe42") is None


def test_join_names_as_a_byline_prints_them() -> None:
    assert join_names(["Ann Lee"]) == "Ann Lee"
    assert join_names(["Ann Lee", "Bo Chan"]) == "Ann Lee and Bo Chan"
    assert join_names([]) is None


def _labelled(*header: str, body: list[str] = PARAGRAPHS, marks: dict[str, Label] | None = None) -> list:
    blocks = text_to_blocks(_page(*header, paragraphs=body))
    measure(blocks, "en")
    for block in blocks:
        label = (marks or {}).get(block.text) or (Label.BODY if block.text in body else Label.CHROME)
        block.decide(label, "", "test")
    return blocks


def _first_body(blocks: list) -> int:
    return next(b.index for b in blocks if b.label is Label.BODY)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Posted by Jane Doe on March 3, 2021", "Jane Doe"),
        ("March 3, 2021 by Jane Doe", "Jane Doe"),
        ("Text by Jane Doe", "Jane Doe"),
        ("Post by jdoe42 » Tue Mar 12, 2024 8:05 pm", "jdoe42"),
        ("By The Ledger editors", "The Ledger"),  # "e" (a particle) is no cut inside "editors"
        ("Written by Dr Elsa van der Heijden, Dr Pieter Janssen", "Dr Elsa van der Heijden"),
        ("Written By: Sam May", "Sam May"),
        ("By Nadia Okafor August 4, 2024", "Nadia Okafor"),
        ("By Mr_Quibble May 17, 2023 in Build Logs", "Mr_Quibble"),  # a login after a plain "By"
    ],
)
def test_by_after_a_verb_or_a_date_is_a_byline(line: str, author: str) -> None:
    blocks = _labelled(HEAD, line)
    found = pick_author(blocks, _first_body(blocks), None)
    assert found is not None and found[0] == author


@pytest.mark.parametrize(
    "line",
    [
        "Find by Postal Code", "Tax Forms by State", "Reviewed by Jane Doe", "Photo by Jane Doe",
        "Every guide we publish is written by people, not machines. Learn More",
        "By R. T. Vance View In Print Edition and more",
    ],
)
def test_by_inside_a_label_or_for_someone_else_is_not_a_byline(line: str) -> None:
    blocks = _labelled(HEAD, line)
    assert pick_author(blocks, _first_body(blocks), None) is None


def test_a_label_line_names_the_author_on_the_next_line() -> None:
    blocks = _labelled(HEAD, "Written by:", "Jane Doe")
    assert pick_author(blocks, _first_body(blocks), None) == ("Jane Doe", None)


def test_a_byline_block_of_only_a_name() -> None:
    blocks = _labelled(HEAD, "Jane Doe", marks={"Jane Doe": Label.BYLINE})
    assert pick_author(blocks, _first_body(blocks), None) == ("Jane Doe", None)


def test_a_byline_block_names_the_author_after_any_word() -> None:
    line = "Guide by Owen Pryce Former Deputy Games Editor"
    blocks = _labelled(HEAD, line, marks={line: Label.BYLINE})
    assert pick_author(blocks, _first_body(blocks), None) == ("Owen Pryce", None)
    # unmarked, "Guide by" is not a byline
    assert pick_author(_labelled(HEAD, line), _first_body(_labelled(HEAD, line)), None) is None


def test_a_short_by_line_under_the_standfirst() -> None:
    # the line comes after the first paragraphs (a standfirst, a photo), not in the header
    body = PARAGRAPHS[:4] + ["Text by Jane Doe"] + PARAGRAPHS[4:]
    blocks = _labelled(HEAD, body=body, marks={"Text by Jane Doe": Label.BODY})
    found = pick_author(blocks, _first_body(blocks), None)
    assert found is not None and found[0] == "Jane Doe"


def test_a_by_line_above_a_photo_is_not_its_title() -> None:
    caption = "Pickers at work on a hillside plantation. (Photo: Jane Roe)"
    fields = pick_fields(_labelled(HEAD, "By Jane Doe December 2, 2025", caption))
    assert fields.author == "Jane Doe"
    assert [c.title for c in fields.captions] == [None]


def test_metadata_author_that_is_a_link_label_is_not_taken() -> None:
    blocks = _labelled(HEAD)
    assert pick_author(blocks, _first_body(blocks), PageMeta(authors=("View more posts",))) is None
    assert pick_author(blocks, _first_body(blocks), PageMeta(authors=("Jane Doe",))) == ("Jane Doe", None)


def test_microdata_author_before_a_guess_from_the_thread() -> None:
    blocks = _labelled("Which grinder for espresso?", "eljay October 8, 2023, 7:42am 1")
    assert pick_author(blocks, _first_body(blocks), PageMeta(microdata_author="jdoe42")) == ("jdoe42", None)
    assert pick_author(blocks, _first_body(blocks), PageMeta()) == ("eljay", None)


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("Written by Jane Doe", "Jane Doe"),
        ("This post was written by Jane Doe, Head of Partnerships and Member Services", "Jane Doe"),
        ("Posted by Jane Doe on 2023-11-07 in coffee. Tags: coffee, history, trade.", "Jane Doe"),
    ],
)
def test_an_author_box_far_below_the_header(line: str, author: str) -> None:
    body = PARAGRAPHS * 6  # the line comes long after the header
    blocks = _labelled(HEAD, body=[*body, line], marks={line: Label.CHROME})
    assert pick_author(blocks, _first_body(blocks), None) == (author, None)
    # a sentence that only mentions "written by" is no author box
    blocks = _labelled(HEAD, body=[*body, "Most of the songs were written by Jane Doe in a single week."])
    assert pick_author(blocks, _first_body(blocks), None) is None


def test_the_first_poster_of_a_thread() -> None:
    blocks = _labelled("Which grinder for espresso?", "jdoe42 October 8, 2023, 7:42am 1")
    assert pick_author(blocks, _first_body(blocks), None) == ("jdoe42", None)


POST = "<p>I am looking for a grinder that can handle espresso and filter coffee, and I would like to spend less than three hundred dollars on it.</p>"
REPLY = "<p>I have used the same burr grinder for five years now and it still grinds evenly for espresso, so I would start there.</p>"


def _thread(cards: str) -> str:
    return f"<html><body><main><h1>Which grinder for espresso?</h1>{cards}</main></body></html>"


def test_the_name_on_the_first_posts_user_card() -> None:
    html = _thread(
        f'<div class="post"><div class="user-info"><a href="/u/1">jdoe42</a></div>{POST}</div>'
        f'<div class="post"><div class="user-info"><a href="/u/2">coffeefan</a></div>{REPLY}</div>'
    )
    assert clean(html).author == "jdoe42"


def test_the_owners_card_before_an_editors() -> None:
    # a question-and-answer page: the editor's card comes first, the asker's is the owner's
    html = _thread(
        f'{POST}<div class="user-details"><a href="/u/9">EditorBot</a></div>'
        f'<div class="user-details owner"><a href="/u/1">jdoe42</a></div>{REPLY}'
    )
    assert clean(html).author == "jdoe42"


@pytest.mark.parametrize("card", [
    '<div class="homeowners-guide"><p>Grinders</p></div>',  # "owner" inside another word
    '<div class="user-info"><a href="/share">Share</a></div>',  # a button, not a name
])
def test_no_author_from_a_card_that_names_none(card: str) -> None:
    assert clean(_thread(card + f'<div class="post">{POST}</div>')).author is None


def test_metadata_co_authors_complete_the_shown_byline() -> None:
    blocks = _labelled(HEAD, "By Ann Lee")
    meta = PageMeta(authors=("Ann Lee", "Bo Chan"), article_authors=("Ann Lee", "Bo Chan"))
    assert pick_author(blocks, _first_body(blocks), meta)[0] == "Ann Lee and Bo Chan"  # type: ignore[index]
    # a byline that names someone else than the metadata wins: it is what the page shows
    other = PageMeta(authors=("Site Team",), article_authors=("Site Team",))
    assert pick_author(blocks, _first_body(blocks), other)[0] == "Ann Lee"  # type: ignore[index]


def test_metadata_authors_when_the_page_shows_none() -> None:
    blocks = _labelled(HEAD)
    meta = PageMeta(authors=("Ann Lee", "Bo Chan"), article_authors=("Ann Lee", "Bo Chan"))
    assert pick_author(blocks, _first_body(blocks), meta) == ("Ann Lee and Bo Chan", None)


# --- headline: the line that repeats the <title> ---------------------------------------------


def test_text_headline_is_the_line_repeating_the_title_without_its_site_name() -> None:
    menu = ["Home", "News", "Brief History", "Coffee Roasters"]
    blocks = _labelled(f"{HEAD} | Daily Grind", *menu, HEAD)
    fields = pick_fields(blocks)
    assert fields.headline == HEAD
    assert next(b for b in blocks if b.text == HEAD).label is Label.HEADLINE


def test_text_headline_from_the_title_when_no_line_repeats_it() -> None:
    blocks = _labelled(f"{HEAD} | Daily Grind", "Home", "News")
    assert pick_fields(blocks).headline == HEAD


def test_text_headline_is_not_a_menu_entry_sharing_a_word_with_the_title() -> None:
    words = HEAD.split()
    blocks = _labelled(f"{HEAD} | Daily Grind", words[-1], "Travel")
    assert pick_fields(blocks).headline == HEAD


def test_text_headline_model_file_matches_its_features() -> None:
    import json
    from importlib import resources

    from boilerstrip.fields.headline import HEADLINE_FEATURES, text_candidates

    raw = json.loads(resources.files("boilerstrip").joinpath("data/headline_model.json").read_text("utf-8"))
    assert raw["features"] == list(HEADLINE_FEATURES)
    assert len(raw["trees"]) >= 50
    blocks = _labelled(f"{HEAD} | Daily Grind", "Home", HEAD)
    candidates = text_candidates(blocks, _first_body(blocks))
    assert candidates
    assert all(len(values) == len(HEADLINE_FEATURES) for _, _, values in candidates)


def test_text_candidates_hold_the_title_repeat_wherever_it_is() -> None:
    # the on-page headline printed below the first paragraph (a layout with the lead above the
    # title) is still weighed, and marked as the line that repeats the <title>
    from boilerstrip.fields.headline import HEADLINE_FEATURES, text_candidates

    blocks = _labelled(f"{HEAD} | Daily Grind", "Home", body=[PARAGRAPHS[0], HEAD, *PARAGRAPHS[1:]])
    candidates = text_candidates(blocks, _first_body(blocks))
    repeat = [values for block, _, values in candidates if block.text == HEAD]
    assert repeat
    assert repeat[0][HEADLINE_FEATURES.index("is_title_repeat")] == 1.0
    assert all(values[HEADLINE_FEATURES.index("page_has_title_repeat")] == 1.0 for _, _, values in candidates)


# --- timestamp: dates that are not the publication date -------------------------------------


@pytest.mark.parametrize("line", ["Joined: Jul 4, 2012", "Last post: 03/08/2023 at 2:17 pm", "Member since March 3, 2019", "Founded: Aug 3, 2018"])
def test_member_and_thread_dates_are_not_the_timestamp(line: str) -> None:
    blocks = _labelled(HEAD, line)
    assert pick_fields(blocks).timestamp is None


def test_a_dateline_beside_a_join_date_still_counts() -> None:
    blocks = _labelled(HEAD, "Joined: Jul 4, 2012", "March 3, 2021")
    assert pick_fields(blocks).timestamp == datetime(2021, 3, 3)


# --- captions: the cheap test before the credit patterns --------------------------------------

_CREDIT_BITS = st.sampled_from(
    ["(", ")", "[", "]", "Photo", "photo by", "Image:", "Credit:", "Source:", "REUTERS", "AP", "Getty Images",
     "/", "©", ".", ":", " ", "Jane Doe", "by", "the harbour", "Bild:", "istock", "PA Wire"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CREDIT_BITS, min_size=1, max_size=8).map("".join) | st.text(max_size=60))
def test_the_prefilter_never_hides_a_credit(text: str) -> None:
    """Every line a credit pattern matches passes the plain-string test: skipping the
    patterns on the others changes no result."""
    matched = any(p.search(text) for p in _captions._PATTERNS)
    if matched:
        assert _captions._may_hold_credit(text), text


# --- timestamp: day/month order -------------------------------------------------------------


def test_metadata_settles_the_order_of_an_ambiguous_dateline() -> None:
    # "09.10.2024" reads as October 9 by default; the metadata's ISO date says September 10
    blocks = _labelled(HEAD, "09.10.2024")
    meta = PageMeta(published="2024-09-10T08:30:00Z")
    fields = pick_fields(blocks, meta)
    assert fields.timestamp == datetime(2024, 9, 10, 8, 30, tzinfo=timezone.utc)
    assert fields.timestamp_text == "09.10.2024"


def test_a_dateline_settles_the_order_of_ambiguous_metadata() -> None:
    # metadata "03-09-2026" (September 3 by default) and, under the article, "Published March 9,
    # 2026": away from the header the metadata would win, but its order is settled by the line
    blocks = _labelled(HEAD, body=[*PARAGRAPHS, "Published March 9, 2026"])
    fields = pick_fields(blocks, PageMeta(published="03-09-2026"))
    assert fields.timestamp == datetime(2026, 3, 9)
    # the same metadata beside an unrelated date line keeps its own reading
    blocks = _labelled(HEAD, body=[*PARAGRAPHS, "Published March 10, 2026"])
    assert pick_fields(blocks, PageMeta(published="03-09-2026")).timestamp == datetime(2026, 9, 3)


def test_unrelated_dates_are_not_swapped() -> None:
    # the metadata's date is not the dateline's with day and month swapped: the dateline wins
    blocks = _labelled(HEAD, "05/04/2024")
    fields = pick_fields(blocks, PageMeta(published="2024-06-04"))
    assert fields.timestamp == datetime(2024, 5, 4)


@pytest.mark.parametrize(("language", "expected"), [("en-US", datetime(2024, 3, 4)), ("en-GB", datetime(2024, 4, 3)), ("de", datetime(2024, 4, 3)), (None, datetime(2024, 3, 4))])
def test_the_page_language_orders_numeric_dates(language: str | None, expected: datetime) -> None:
    blocks = _labelled(HEAD, "03/04/2024")
    assert pick_fields(blocks, PageMeta(language=language)).timestamp == expected


# --- updated -------------------------------------------------------------------------------


def test_updated_beside_the_publication_date() -> None:
    blocks = _labelled(HEAD, "Published March 3, 2024", "Updated May 2, 2024 at 9:15 am")
    fields = pick_fields(blocks)
    assert fields.timestamp == datetime(2024, 3, 3)
    assert (fields.updated, fields.updated_text) == (datetime(2024, 5, 2, 9, 15), "May 2, 2024 at 9:15 am")
    labels = {b.text: b.label for b in blocks}
    assert labels["Updated May 2, 2024 at 9:15 am"] is Label.TIMESTAMP


def test_updated_from_the_metadata_when_the_page_shows_none() -> None:
    blocks = _labelled(HEAD, "March 3, 2024")
    fields = pick_fields(blocks, PageMeta(published="2024-03-03T08:00:00Z", modified="2024-06-01T10:00:00Z"))
    assert fields.timestamp.date() == datetime(2024, 3, 3).date()
    assert fields.updated == datetime(2024, 6, 1, 10, tzinfo=timezone.utc)


def test_an_update_before_the_publication_is_not_taken() -> None:
    blocks = _labelled(HEAD, "March 3, 2024")
    fields = pick_fields(blocks, PageMeta(published="2024-03-03", modified="2019-01-01"))
    assert fields.updated is None


def test_no_updated_without_an_update() -> None:
    fields = pick_fields(_labelled(HEAD, "March 3, 2024"))
    assert fields.updated is None and fields.updated_text is None


def test_updated_reaches_the_article_and_its_dict() -> None:
    article = clean(_page(HEAD, "Published March 3, 2024 | Updated May 2, 2024"))
    assert article.timestamp == datetime(2024, 3, 3)
    assert article.updated == datetime(2024, 5, 2)
    data = article.to_dict()
    assert data["updated"] == "2024-05-02T00:00:00"
    assert data["updated_text"] == "May 2, 2024"


def test_a_dateline_above_a_photo_credit_is_the_dateline_not_the_photo_title() -> None:
    caption = "(Photo: Jane Doe) Pickers at work on a hillside plantation."
    blocks = _labelled(HEAD, "Farah Njoroge • Nov 14, 2023", caption)
    fields = pick_fields(blocks)
    assert fields.timestamp == datetime(2023, 11, 14)
    assert [(c.text, c.title, c.credit) for c in fields.captions] == [(caption, None, "Jane Doe")]


def test_a_line_with_an_update_and_the_original_publication_gives_the_publication() -> None:
    blocks = _labelled(HEAD, "Updated June 14, 2021 6:05 PM ET Originally published June 12, 2021 9:30 AM ET")
    fields = pick_fields(blocks)
    assert fields.timestamp.date() == datetime(2021, 6, 12).date()
    assert fields.updated.date() == datetime(2021, 6, 14).date()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("by Jane Doe | Jun 7, 2022 | Tyre Care and Wheel Alignment, Latest News", datetime(2022, 6, 7)),
        ("Notes - Published: 2023.10.25 | home-gardening | compost | soil", datetime(2023, 10, 25)),
    ],
)
def test_a_header_byline_or_published_line_with_other_words_is_a_dateline(line: str, expected: datetime) -> None:
    assert pick_fields(_labelled(HEAD, line)).timestamp == expected


def test_a_weak_header_line_does_not_give_its_update_as_the_timestamp() -> None:
    line = "By Jane Doe, Home and Garden Tools Expert & John Roe, Lawn Care Expert Last Updated on Jan 19, 2026"
    fields = pick_fields(_labelled(HEAD, line))
    assert fields.timestamp is None
