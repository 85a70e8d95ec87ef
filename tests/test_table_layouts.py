"""Pages of the table-layout era (made up here): no block markup around the header lines, the
text set in ``<font>`` and cut by ``<br>``, columns that are cells of one layout table."""

from __future__ import annotations

import pytest

import boilerstrip
from boilerstrip.blocks import Label

STORY = [
    "The city council voted on Tuesday night to approve a new budget that includes money for road repairs, two more "
    "firefighters and a modest raise for municipal workers, ending weeks of debate over how to close a shortfall.",
    "Council members said the plan was not perfect but that it struck a reasonable balance between the needs of "
    "residents and the limits of a tax base that has barely grown since the factory on the east side closed.",
    '"We heard from a lot of people who were worried about their streets, and we listened," said the council '
    'president, who has served on the board for eleven years. "Nobody got everything they wanted."',
    "Under the plan, the public works department will receive an extra four hundred thousand dollars for paving, "
    "which officials said would allow crews to resurface about twelve miles of road before the winter.",
    "Some residents who spoke during the public comment period said the budget still did too little for the library, "
    "whose hours were cut last year and which now closes at five on weekdays.",
    "The budget takes effect on the first of July. A public hearing on the proposed water and sewer rates is "
    "scheduled for next month at the municipal building.",
]
SECTIONS = ["Home", "News", "Local", "Sports", "Business", "Opinion", "Obituaries", "Classifieds", "Weather"]
POPULAR = [f"Most read story number {i} about the town fair" for i in range(1, 8)]


def table_page(header: str, story: list[str] = STORY, right: str | None = None) -> bytes:
    """A three-column layout table: sections on the left, the story in the middle cell (its
    paragraphs cut by ``<br><br>``), a most-read list on the right (or ``right``), a footer row."""
    top = " | ".join(f'<a href="/{s.lower()}/"><font size="2">{s}</font></a>' for s in SECTIONS)
    left = "".join(f'<tr><td><a href="/s/{i}"><font size="1">{s}</font></a></td></tr>' for i, s in enumerate(SECTIONS))
    text = "<br><br>\n".join(f'<font face="Verdana" size="2">{p}</font>' for p in story)
    if right is None:
        right = "<b>Most Popular</b><ul>" + "".join(f'<li><a href="/p{i}">{t}</a></li>' for i, t in enumerate(POPULAR)) + "</ul>"
    return f"""<html><head><title>Council approves budget - The Valley Courier</title></head>
<body><table width="760"><tr><td colspan="3"><img src="/logo.gif" alt="The Valley Courier"><br>{top}</td></tr>
<tr><td width="140" valign="top"><table>{left}</table></td>
<td width="440" valign="top">{header}<br><br>
{text}</td>
<td width="180" valign="top">{right}</td></tr>
<tr><td colspan="3"><font size="1">Copyright 2008 The Valley Courier. All rights reserved.</font></td></tr>
</table></body></html>""".encode()


HEADER = (
    '<font face="Georgia" size="5"><b>Council approves budget</b></font><br>'
    '<font size="1">By Jane Miller, Staff Writer<br>Wednesday, March 5, 2008</font>'
)


def test_a_header_stack_cut_by_single_breaks_gives_its_byline_and_date() -> None:
    article = boilerstrip.clean(table_page(HEADER))
    assert article.author == "Jane Miller"
    assert article.timestamp is not None and article.timestamp.date().isoformat() == "2008-03-05"
    assert not any("Jane Miller" in p or "March 5, 2008" in p for p in article.paragraphs)
    assert all(p in article.paragraphs for p in STORY)


@pytest.mark.parametrize("order", ["byline-first", "date-first"])
def test_the_header_lines_may_come_in_any_order(order: str) -> None:
    lines = ["By Jane Miller", "March 5, 2008"] if order == "byline-first" else ["March 5, 2008", "By Jane Miller"]
    article = boilerstrip.clean(table_page("<b>Council approves budget</b><br>" + "<br>".join(lines)))
    assert article.author == "Jane Miller"
    assert article.timestamp is not None and article.timestamp.date().isoformat() == "2008-03-05"


def test_lines_without_a_byline_or_date_stay_one_paragraph() -> None:
    """An address or a verse is a paragraph of lines: single breaks cut nothing there."""
    address = "The Valley Courier<br>12 Mill Street<br>Springfield"
    article = boilerstrip.clean(table_page(HEADER, [*STORY[:3], address, *STORY[3:]]))
    assert "The Valley Courier 12 Mill Street Springfield" in article.paragraphs


def test_a_quoted_posts_signature_stays_with_the_post() -> None:
    """An embedded post ends with its author and date: that line is the quote's, not a header."""
    quote = (
        '<blockquote class="embedded-post"><p>The vote is done and the budget passed tonight.</p>'
        "The Council (@council) March 4, 2008<br>Reply to this</blockquote>"
    )
    html = table_page(HEADER).replace(b"<br><br>\n", b"<br><br>\n" + quote.encode(), 1)
    article = boilerstrip.clean(html)
    pieces = [*article.paragraphs, *(r.text for r in article.removed)]
    assert "The Council (@council) March 4, 2008" not in pieces
    assert any(p.startswith("The Council (@council) March 4, 2008") for p in pieces)
    assert article.timestamp is not None and article.timestamp.date().isoformat() == "2008-03-05"


def test_the_side_columns_of_a_layout_table_are_not_the_story() -> None:
    """The cells beside the story are rows of the same bare table as the story's, not repeated
    posts of it: the sections and the most-read list stay out; every paragraph stays in."""
    article = boilerstrip.clean(table_page(HEADER))
    assert all(p in article.paragraphs for p in STORY)
    assert not any(t in article.body for t in POPULAR)
    assert not any(p in SECTIONS for p in article.paragraphs)
    removed = {r.text for r in article.removed}
    assert all(t in removed for t in POPULAR)


TEASERS = [
    ("Storm closes the river road", "Crews expect to reopen the road to traffic by the end of the week."),
    ("Fair draws a record crowd", "More than twelve thousand people came through the gates on Saturday."),
    ("School board names a new head", "The board chose the principal of the high school after a long search."),
    ("Library asks for volunteers", "The library needs help with its reading program for the summer months."),
    ("Mill Street bridge to be painted", "The work will close one lane of the bridge for two weeks in April."),
]


def teaser_column(heads: list[tuple[str, str]] = TEASERS) -> str:
    """A column of teasers: each a linked headline over a line of summary, cut by breaks."""
    return "<b>Top Stories</b><br>" + "".join(
        f'<a href="/t{i}"><b>{head}</b></a><br><font size="1">{line}</font><br><br>' for i, (head, line) in enumerate(heads)
    )


@pytest.mark.parametrize("wrapped", [False, True])
def test_a_column_of_teasers_with_a_summary_each_is_not_the_story(wrapped: bool) -> None:
    """Teasers beside the story add a little prose to the layout row around it, but the row's
    cells are columns side by side: the selection takes the cell that holds most of the prose,
    and leaves the teasers' column out, however deep the table sits."""
    from boilerstrip.html import parse_html

    html = table_page(HEADER, right=teaser_column()).decode()
    if wrapped:
        html = html.replace("<body>", '<body><div id="wrap"><center>').replace("</body>", "</center></div></body>")
    blocks = parse_html(html).blocks
    story = [b for b in blocks if b.text in STORY]
    teasers = [b for b in blocks if any(b.text.endswith(line) for _, line in TEASERS)]
    assert len(story) == len(STORY) and all(b.label is Label.BODY for b in story)
    assert len(teasers) == len(TEASERS) and all(b.reason == "dom.outside-main" for b in teasers)
    article = boilerstrip.clean(html)
    assert all(p in article.paragraphs for p in STORY)


def test_a_data_tables_value_cell_is_not_a_column() -> None:
    """A row of a data table names its value in a header cell: the value is no column of a
    layout, and the article around the table stays whole."""
    from boilerstrip.html import parse_html

    long_value = " ".join(STORY[:3])
    html = (
        "<html><body><div class='post'><h1>Council approves budget</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY[3:])
        + f"<table><tr><th>Summary</th><td>{long_value}</td></tr></table></div></body></html>"
    )
    blocks = parse_html(html).blocks
    assert all(b.label is Label.BODY for b in blocks if b.text in STORY[3:])


def test_the_part_of_the_title_the_page_shows_is_the_headline() -> None:
    """Without ``<h1>``, metadata or an address to tell the site's name, the part of a title of
    several that the page shows above its first paragraph is the headline, and leaves the body."""
    article = boilerstrip.clean(table_page(HEADER))
    assert article.headline == "Council approves budget"
    assert "Council approves budget" not in article.paragraphs


def test_a_title_part_the_page_does_not_show_above_the_story_is_no_headline_of_its_own() -> None:
    """A masthead at the top of the page is a part of the title too, but it is not what stands
    above the first paragraph: the headline is the story's part of the title (or the title
    whole), never the masthead's."""
    masthead = '<div><font size="6">The Valley Courier</font></div>'
    html = table_page("By Jane Miller<br>March 5, 2008").replace(b'<img src="/logo.gif" alt="The Valley Courier">', masthead.encode())
    article = boilerstrip.clean(html)
    assert article.headline is not None and article.headline.startswith("Council approves budget")


@pytest.mark.parametrize("role", ["Staff Writer", "Associated Press Writer", "Senior Correspondent"])
def test_the_job_line_under_a_byline_leaves_the_body(role: str) -> None:
    """"By Jane Miller<br>Staff Writer": the job line is the by-line's, in HTML and in text."""
    header = f"<b>Council approves budget</b><br>By Jane Miller<br>{role}<br>March 5, 2008"
    article, blocks = boilerstrip.Cleaner().explain(table_page(header))
    assert article.author == "Jane Miller"
    assert role not in article.paragraphs
    assert [(b.kind, b.reason) for b in blocks if b.text == role] == [("byline", "byline.role")]
    assert all(p in article.paragraphs for p in STORY)
    text = boilerstrip.clean("Council approves budget\n\nBy Jane Miller\n" + role + "\n\n" + "\n\n".join(STORY))
    assert text.author == "Jane Miller" and role not in text.paragraphs
    assert all(p in text.paragraphs for p in STORY)


def test_a_paragraph_after_a_byline_that_ends_in_a_job_word_stays() -> None:
    """Only a short line that is a job title goes: a sentence about an editor is the story's."""
    line = "The editor resigned on Monday after the board met behind closed doors with the new owner of the paper."
    article = boilerstrip.clean(table_page("<b>Council approves budget</b><br>By Jane Miller", [line, *STORY]))
    assert line in article.paragraphs


@pytest.mark.parametrize("source", ["title", "og:title"])
def test_a_title_shown_in_bold_above_the_story_leaves_the_body(source: str) -> None:
    """No ``<h1>``: the headline comes from the metadata (a ``<title>`` of one part, or
    ``og:title`` beside a ``<title>`` that is the paper's name, which its address tells),
    and the bold line that shows it word for word above the story is the headline's block,
    not a paragraph of the body."""
    html = table_page(HEADER).replace(b" - The Valley Courier</title>", b"</title>")
    url = None
    if source == "og:title":
        html = html.replace(b"<title>Council approves budget</title>", b'<title>Valley Courier</title><meta property="og:title" content="Council approves budget">')
        url = "https://www.valleycourier.example/news/2008/03/05/budget.html"
    article, blocks = boilerstrip.Cleaner().explain(html, url=url)
    assert article.headline == "Council approves budget"
    assert "Council approves budget" not in article.paragraphs
    assert [b.label.value for b in blocks if b.text == "Council approves budget"] == ["headline"]
    assert all(p in article.paragraphs for p in STORY)


def br_column_page(after: str) -> bytes:
    """A layout table whose left cell lists the sections as links cut by single ``<br>``s,
    then, after a ``<br><br>``, something else of the column (``after``)."""
    links = "<br>".join(f'<a href="/{s.lower()}/">{s}</a>' for s in SECTIONS)
    text = "<br><br>\n".join(STORY)
    return f"""<html><head><title>Council approves budget - The Valley Courier</title></head>
<body><table><tr><td width="150" valign="top">{links}<br><br>{after}</td>
<td valign="top"><font size="4"><b>Council approves budget</b></font><br><br>{text}</td></tr></table>
</body></html>""".encode()


@pytest.mark.parametrize("after", ["<b>Search</b><form><input name=q></form>", "<b>Weather</b> Sunny, 54 degrees", '<img src="/ad.gif" alt="Advertisement">'])
def test_links_cut_from_their_column_by_breaks_are_still_links(after: str) -> None:
    """``<br><br>`` cuts a cell's text into pieces; each piece counts the link text it holds
    (not the cell's whole link text, or none when that does not fit in one piece), so a
    column of section links is seen as links however the cell goes on."""
    from boilerstrip.api import _DEFAULT

    article, blocks = _DEFAULT.explain(br_column_page(after))
    menu = next(b for b in blocks if b.text.startswith("Home News"))
    assert menu.features.link_density > 0.8
    assert menu.text not in article.body
    assert all(p in article.paragraphs for p in STORY)



OLDER_SECTIONS = [
    "Home", "Local News", "Sports", "Business", "Opinion", "Obituaries", "Weather", "Entertainment", "Classifieds", "Jobs",
    "Real Estate", "Cars", "Lifestyle", "Health", "Education", "Politics", "Crime", "Photos", "Video", "Blogs", "Letters",
    "Columnists", "Events", "Contact Us", "Subscribe",
]
OLDER_HEADS = [
    "Mayor backs new school budget", "Storm knocks out power to 3,000 homes", "Police seek witnesses to crash on Main Street",
    "Local team wins state title", "County fair draws record crowd", "Gas prices climb again", "Hospital opens new wing",
    "Library hours to be cut", "Teen charged in burglary spree", "Council delays vote on parking fees",
    "Schools close early for snow", "Farmers market moves downtown",
]


def older_story_page(headline: str, story: list[str]) -> str:
    """A news story as a site of about 2008 serves it, with no metadata: a column of 25 section
    links, the story cell (breadcrumb, headline, by-line, date, paragraphs cut by breaks, a box
    of related headlines set beside its fourth paragraph, e-mail and print links, a most-read
    list), a column of teasers with a line of summary each, a footer row."""
    nav = "".join(f'<a href="/s{i}">{s}</a><br>' for i, s in enumerate(OLDER_SECTIONS))

    def heads(n: int) -> str:
        return "".join(f'<a href="/h{i}">{OLDER_HEADS[i % len(OLDER_HEADS)]}</a><br>' for i in range(n))

    teasers = "".join(
        f'<a href="/t{i}"><b>{OLDER_HEADS[(i + 5) % 12]}</b></a><br><font size=1>{line}</font><br><br>'
        for i, (_, line) in enumerate([*TEASERS, ("", "Officials said the new wing would open to patients in the spring.")])
    )
    return f"""<html><head><title>{headline} - The Daily Gazette</title>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>
<body bgcolor="#ffffff"><table width="100%"><tr><td colspan=3><img src="/logo.gif" alt="The Daily Gazette"> <font size=1>Tuesday, March 4, 2008</font></td></tr>
<tr><td width=150 valign=top class="leftnav">{nav}</td>
<td valign=top width=450>
<font size=1><a href="/">Home</a> &gt; <a href="/news">News</a> &gt; <a href="/news/local">Local</a></font><br>
<font size=5 face=arial><b>{headline}</b></font><br>
<font size=2>By John Smith, Staff Writer</font><br><font size=1>Published March 4, 2008</font><br><br>
<font size=2 face=arial>{"<br><br>".join(story[:3])}<br><br>
<table align=right width=180 border=1><tr><td><b>Related Stories</b><br>{heads(5)}</td></tr>
<tr><td><a href="/ads/click"><img src="/ad.gif" alt="Advertisement"></a></td></tr></table>
{"<br><br>".join(story[3:])}</font><br><br>
<a href="/email">Email this story</a> | <a href="/print">Printer friendly</a> | <a href="/comments">Comments (12)</a><br><br>
<b>Most Read</b><br>{heads(8)}
</td><td width=160 valign=top><b>Top Stories</b><br>{teasers}<img src="/ad2.gif" alt="Advertisement"></td></tr>
<tr><td colspan=3 align=center><font size=1>Copyright 2008 The Daily Gazette. All rights reserved. <a href="/privacy">Privacy Policy</a> |
<a href="/terms">Terms of Use</a> | <a href="/contact">Contact Us</a></font></td></tr></table></body></html>"""


@pytest.mark.parametrize("name", ["en-coffee-history.txt", "en-rolling-tracker.txt", "en-evergreens.txt"])
def test_an_older_sites_story_read_without_an_address_is_an_article(name: str) -> None:
    """Read with no URL and no metadata, a story among an older site's many links (sections,
    related and most-read lists, teasers) is typed by the blind page-type model, which has
    seen such pages (``benchmarks/older_layouts.py``): an article, whose menus and lists stay
    out, not a listing, whose lenient threshold would bring them back."""
    from pathlib import Path

    articles = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
    headline, *story = (articles / name).read_text(encoding="utf-8").strip().split("\n\n")
    story = story[:9]
    article = boilerstrip.clean(older_story_page(headline, story))
    assert article.page_type == "article"
    assert article.headline == headline
    assert article.paragraphs == tuple(story)
