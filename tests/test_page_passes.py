"""The page-level passes that follow the classifier: the comment thread under an article is
cut (:func:`cut_comment_thread`, in text and in HTML), as is a news ticker
(:func:`cut_ticker`) and, on an HTML article or product page, a box under a related heading
(:func:`cut_headed_boxes`) and an author's bio (:func:`cut_bio_boxes`); on an article in text, body blocks kept with little confidence
are dropped (:func:`lean_on_articles`).

Pages are built from real articles in ``fixtures/articles`` (sources in ``SOURCES.md``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from boilerstrip import clean
from boilerstrip.api import _COMMENT_HEADER, _COMMENT_LEAD, _COMMENT_SIGNATURE, cut_ticker, lean_on_articles
from boilerstrip.blocks import Label
from boilerstrip.features import measure
from boilerstrip.text import text_to_blocks

ARTICLES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
HEAD, *ARTICLE = (ARTICLES / "en-coffee-history.txt").read_text(encoding="utf-8").strip().split("\n\n")
_, *OTHER = (ARTICLES / "en-coffee-health.txt").read_text(encoding="utf-8").strip().split("\n\n")
REPLIES = [p for p in OTHER if len(p.split()) >= 25][:3]


def _thread(*heading: str) -> str:
    lines = [HEAD, *ARTICLE[:6], *heading]
    for name, reply in zip(("Jane Roe says:", "Bo Li on May 4, 2024 at 4:19 pm said:", "* coffeefan42 says:"), REPLIES):
        lines += [name, reply]
    return "\n\n".join(lines)


@pytest.mark.parametrize("heading", ["42 Comments", "3 responses to “A Brief History of Coffee”", "Leave a comment"])
def test_comment_thread_under_an_article_is_cut(heading: str) -> None:
    article = clean(_thread(heading))
    for paragraph in ARTICLE[:6]:
        assert paragraph in article.paragraphs
    for reply in REPLIES:
        assert reply not in article.paragraphs
        assert any(r.text == reply and r.kind == "comments" for r in article.removed)


# Comment headers as themes print them without a colon: a name and "says" over the date, or
# a name and when (an old blog platform's), each comment closed by its reply buttons.
_HEADER_STYLES = {
    "name says": (("Jane Roe says", "July 31, 2018 at 2:41 pm"), ("Bo Li says", "August 2, 2018 at 9:05 am"), ("coffeefan42 says", "August 3, 2018 at 7:30 pm")),
    "name and when": (("Jane Roe September 11, 2008 at 2:06 PM",), ("Anonymous September 15, 2008 at 9:19 PM",), ("Mark de Vries 2 May 2009",)),
}


@pytest.mark.parametrize("style", sorted(_HEADER_STYLES))
def test_comment_headers_without_a_colon_start_the_thread(style: str) -> None:
    lines = [HEAD, *ARTICLE[:6], "12 Comments"]
    for header, reply in zip(_HEADER_STYLES[style], REPLIES):
        lines += [*header, reply, "Reply"]
    article = clean("\n\n".join(lines))
    for paragraph in ARTICLE[:6]:
        assert paragraph in article.paragraphs
    for reply in REPLIES:
        assert reply not in article.paragraphs
        assert any(r.text == reply and r.kind == "comments" for r in article.removed)


def test_a_one_sentence_post_over_a_long_thread_is_the_article() -> None:
    # a headline, a by-line and a one-line dek over twelve comments: the dek is the body
    dek = ARTICLE[0].split(". ")[0].rstrip(".") + "."
    lines = [HEAD, "By Jane Miller", dek, "12 Comments"]
    for k, reply in enumerate(REPLIES * 4):
        lines += [f"reader{k} says", f"March {k + 3}, 2024 at 4:{10 + k} pm", reply, "Reply"]
    article = clean("\n\n".join(lines))
    assert article.paragraphs == (dek,)
    assert sum(r.rule == "page.comment-thread" for r in article.removed) >= len(REPLIES) * 4


def test_a_thread_under_a_shared_link_stays() -> None:
    # no sentence of its own above the thread: the replies are what the page has
    lines = [HEAD, "example.com/a-brief-history-of-coffee", "12 Comments"]
    for k, reply in enumerate(REPLIES):
        lines += [f"reader{k} says", reply, "Reply"]
    article = clean("\n\n".join(lines))
    assert all(reply in article.paragraphs for reply in REPLIES)


def test_a_dateline_and_a_heading_under_a_comment_count_are_not_comment_headers() -> None:
    # "12 Comments" under the by-line, then the article: its dateline, a sub-heading that
    # says "says", a by-line with a date and an answer's "answered ..." line are no thread
    lines = [HEAD, "By Jane Miller", "12 Comments", "Monday, September 8, 2008", *ARTICLE[:2],
             "answered May 2, 2009 at 0:09", ARTICLE[2], "What the science says", *ARTICLE[3:5],
             "By Jane Miller May 4, 2024", ARTICLE[5], "Updated September 9, 2008"]
    article = clean("\n\n".join(lines))
    for paragraph in ARTICLE[:6]:
        assert paragraph in article.paragraphs
    assert not any(r.rule == "page.comment-thread" for r in article.removed)


@pytest.mark.parametrize(
    ("line", "header"),
    [("Jane Roe says:", True), ("Jane Roe says", True), ("Ana de la Cruz says", True), ("coffeefan42 says", True),
     ("Jane Roe September 11, 2008 at 2:06 PM", True), ("jdoe on 11/09/2008 14:06", True), ("Mark de Vries 2 May 2009", True),
     ("1. Jane Roe says", True), ("2. AmySeptember 11, 2008 at 2:06 PM", True), ("MondaySeptember 8, 2008", False),
     ("answeredMay 2, 2009 at 0:09", False), ("3. What the science says", False),
     ("What the science says", False), ("The study says", False), ("Monday, September 8, 2008", False),
     ("Updated September 9, 2008", False), ("By Jane Miller May 4, 2024", False), ("answered May 2, 2009 at 0:09", False),
     ("Commented May 3, 2009 at 3:22", False), ("March 3, 2024", False),
     ("Jane Roe wrote on April 1, 2009:", True), ("jdoe said on 01.04.2009 at 14:06", True),
     ("CommentAug 14, 2025", False), ("Reply May 3, 2009", False), ("Responses 12/03/2009", False)],
)
def test_what_reads_as_a_comment_header(line: str, header: bool) -> None:
    assert bool(_COMMENT_HEADER.match(line)) is header


def test_replies_without_a_comment_heading_stay() -> None:
    # a thread's replies look the same, but no "Comments" heading stands above them
    article = clean(_thread())
    assert all(reply in article.paragraphs for reply in REPLIES)


def _scored(lines: list[str], scores: list[float]) -> list:
    blocks = text_to_blocks("\n\n".join(lines))
    measure(blocks, "en")
    for block, score in zip(blocks, scores):
        block.decide(Label.BODY, "", "density.context-kept" if score < 0.5 else "density.prose")
        block.score = score
    return blocks


def test_an_article_drops_a_short_doubtful_block() -> None:
    teaser = "Read more stories about coffee farming here"
    blocks = _scored([*ARTICLE[:4], teaser], [0.9, 0.9, 0.9, 0.9, 0.52])
    lean_on_articles(blocks)
    assert [b.label for b in blocks] == [Label.BODY] * 4 + [Label.CHROME]
    assert blocks[-1].reason == "density.article-lean"


def test_a_long_paragraph_and_a_confident_short_block_stay() -> None:
    short = "Coffee spread to Europe in the 17th century"
    blocks = _scored([*ARTICLE[:3], short], [0.9, 0.9, 0.51, 0.7])
    lean_on_articles(blocks)
    assert all(b.label is Label.BODY for b in blocks)


def test_a_page_of_short_blocks_is_left_as_it_was() -> None:
    items = ["Ethiopian Yirgacheffe, light roast, 250 g", "Colombian Supremo, medium roast, 500 g", "Sumatra Mandheling, dark roast, 1 kg"]
    blocks = _scored(items, [0.52, 0.52, 0.52])
    lean_on_articles(blocks)
    assert all(b.label is Label.BODY for b in blocks)


def _html_thread(header: str) -> str:
    # an old blog theme: the thread's markup says nothing of comments, only its heading and
    # its headers ("Jane Roe wrote on April 1, 2009:") do
    replies = "".join(
        f'<div class="entry-r"><p class="who">{header.format(name=name, day=k + 1)}</p><p>{reply}</p></div>'
        for k, (name, reply) in enumerate(zip(("Jane Roe", "Bo Li", "Mark de Vries", "Ana Ruiz") * 3, REPLIES * 4))
    )
    post = "".join(f"<p>{p}</p>" for p in ARTICLE[:3])
    return (
        f"<html><head><title>{HEAD} | A Small Blog</title></head><body>"
        f'<div id="header"><a href="/">A Small Blog</a></div><div id="content"><div class="post">'
        f'<h2 class="post-title">{HEAD}</h2><div class="post-body">{post}</div>'
        f'<p class="post-footer">Posted by Jane at 9:14 PM</p></div>'
        f'<h3>12 Responses</h3><div class="responses">{replies}</div></div></body></html>'
    )


@pytest.mark.parametrize("header", ["<b>{name}</b> wrote on April {day}, 2009:", "<b>{name}</b> says:", "{name} April {day}, 2009 at 2:06 PM"])
def test_an_html_comment_thread_without_comment_markup_is_cut(header: str) -> None:
    article = clean(_html_thread(header))
    assert article.paragraphs[:3] == tuple(ARTICLE[:3])
    for reply in REPLIES:
        assert reply not in article.paragraphs
        assert any(r.text == reply and r.kind == "comments" and r.rule == "page.comment-thread" for r in article.removed)
    # a commenter's date is not the post's (the post's footer has none)
    assert article.timestamp is None
    # keeping comments is the caller's choice
    assert all(reply in clean(_html_thread(header), include_comments=True).paragraphs for reply in REPLIES)


def _story_with(after: str, story_paragraphs: int = 5) -> str:
    # a story with its headline and byline, then ``after`` in the same column
    story = "".join(f"<p>{p}</p>" for p in ARTICLE[:story_paragraphs])
    return (
        f"<html><head><title>{HEAD} - The Daily Example</title></head><body>"
        f'<div id="top"><a href="/">The Daily Example</a></div><div class="col">'
        f'<h1>{HEAD}</h1><div class="byline">By Jane Roe</div><div class="text">{story}</div>'
        f"{after}</div></body></html>"
    )


def _story_with_box(box_paragraphs: list[str], story_paragraphs: int = 5) -> str:
    # a box of teasers that opens with a related-content heading: each teaser a linked title
    # and a sentence or two of summary
    teasers = "".join(
        f'<div class="teaser"><a href="/s/{k}"><b>{p.split(".")[0][:60]}</b></a><p>{p}</p></div>'
        for k, p in enumerate(box_paragraphs)
    )
    return _story_with(f'<div class="rel"><h4>More from Local News</h4>{teasers}</div>', story_paragraphs)


def test_a_box_under_a_related_heading_goes_with_it() -> None:
    teasers = [p for p in OTHER if 12 <= len(p.split()) <= 60][:4]
    article = clean(_story_with_box(teasers))
    assert article.paragraphs == tuple(ARTICLE[:5])
    for teaser in teasers:
        assert any(r.text == teaser and r.kind == "related" and r.rule == "page.headed-box" for r in article.removed)


def _story_in_a_cell(heading: str, teasers: list[str]) -> str:
    """An older layout: the story and, under ``heading``, its box of teasers (a linked
    headline and a summary, split by ``<br>``s) as loose text in one table cell."""
    loose = "".join(f'<a href="/news/{k}.html"><b>{p.split(".")[0][:60]}</b></a><br>{p}<br><br>' for k, p in enumerate(teasers))
    story = "<br><br>".join(ARTICLE[:5])
    return (
        f"<html><head><title>{HEAD} - The Daily Example</title></head><body><table><tr>"
        f'<td valign="top"><a href="/">Home</a><br><a href="/news/">News</a><br><a href="/sports/">Sports</a></td>'
        f'<td valign="top"><font size="5"><b>{HEAD}</b></font><br>By Jane Roe<br><br>{story}<br><br>'
        f"<h3>{heading}</h3>{loose}</td></tr></table></body></html>"
    )


@pytest.mark.parametrize("heading", ["Related Stories", "More from Local News", "Top Stories", "Most Read", "See also"])
def test_an_older_layouts_related_box_is_the_loose_text_after_its_heading(heading: str) -> None:
    """In an older layout the box has no container of its own: under the heading, the rest of
    the story's cell (a linked headline and a summary sentence each) is what it announces."""
    teasers = [p for p in OTHER if 12 <= len(p.split()) <= 60][:4]
    article = clean(_story_in_a_cell(heading, teasers))
    assert article.paragraphs == tuple(ARTICLE[:5])
    assert any(r.text == heading and r.rule == "related.header" for r in article.removed)
    for teaser in teasers:
        assert any(teaser in r.text and r.kind == "related" and r.rule == "page.headed-box" for r in article.removed)


def test_loose_text_under_a_heading_of_the_story_stays() -> None:
    # the same cell, the heading one of the story's own: its text is the story's
    more = [p for p in ARTICLE[5:] if len(p.split()) >= 12][:3]
    article = clean(_story_in_a_cell("Background", []).replace("</td></tr>", "<br><br>".join(more) + "</td></tr>"))
    assert article.paragraphs == (*ARTICLE[:5], "Background", *more)


def test_a_related_heading_alone_in_its_widget_takes_the_box_beside_it() -> None:
    """A page builder sets the heading in a widget of its own and the list it announces in the
    next: the box under "Latest News" is the container beside the heading's."""
    teasers = [p for p in OTHER if 12 <= len(p.split()) <= 60][:4]
    posts = "".join(
        f'<div class="post-card"><h3><a href="/s/{k}">{p.split(".")[0][:60]}</a></h3>'
        f'<div class="meta">March {20 + k}, 2025</div><div class="excerpt"><p>{p}</p></div>'
        f'<a href="/s/{k}">Read More</a></div>'
        for k, p in enumerate(teasers)
    )
    widgets = f'<div class="widget"><h2>Latest News</h2></div><div class="widget grid">{posts}</div>'
    article = clean(_story_with(widgets))
    assert article.paragraphs == tuple(ARTICLE[:5])
    for teaser in teasers:
        assert any(r.text == teaser and r.kind == "related" and r.rule == "page.headed-box" for r in article.removed)


def _story_and_comments(html: bool, heading: str, comments: Sequence[tuple[str, Sequence[str]]], *, table: bool = False, after: str = "") -> str:
    """The article's first five paragraphs, then a comment section's ``heading`` and its
    ``comments``, each as (its markup, its lines of text): a page of HTML (the story in a layout
    table's cell when ``table``; ``after`` closes the section) or of flattened text."""
    if not html:
        return "\n\n".join([HEAD, *ARTICLE[:5], heading, *(line for _, lines in comments for line in lines)])
    story = "".join(f"<p>{p}</p>" for p in ARTICLE[:5])
    body = f"<h1>{HEAD}</h1>{story}<h3>{heading}</h3>{''.join(markup for markup, _ in comments)}{after}"
    body = f"<table><tr><td>{body}</td></tr></table>" if table else f"<div>{body}</div>"
    return f"<html><head><title>{HEAD}</title></head><body>{body}</body></html>"


_SIGNATURES = ("Posted by: Jane Roe | April 3, 2009 3:05 PM", "Posted by: bo.li77 | April 4, 2009 9:12 AM", "Posted by: Greg H. | April 5, 2009 1:40 PM")


@pytest.mark.parametrize("html", [False, True])
def test_a_thread_signed_below_each_comment_is_cut_from_its_first_comment(html: bool) -> None:
    # a news site's comments: each reply's text, then "Posted by: name | date" under it
    comments = [(f'<div class="c"><p>{reply}</p><p class="sig">{sig}</p></div>', (reply, sig)) for reply, sig in zip(REPLIES, _SIGNATURES)]
    article = clean(_story_and_comments(html, "Comments", comments, after="<h3>Post a Comment</h3>"))
    assert article.paragraphs == tuple(ARTICLE[:5])
    for reply in REPLIES:
        assert any(r.text == reply and r.rule == "page.comment-thread" for r in article.removed)
    assert article.timestamp is None  # a commenter's date is not the article's


def test_signatures_below_a_comment_link_over_the_article_leave_the_article() -> None:
    # "12 Comments" links to the thread from the top: the article between it and the first
    # signature is longer than any comment, so the cut starts at that signature
    lines = [HEAD, "12 Comments", *ARTICLE[:5]]
    for reply, sig in zip(REPLIES, _SIGNATURES):
        lines += [reply, sig]
    article = clean("\n\n".join(lines))
    assert all(p in article.paragraphs for p in ARTICLE[:5])


@pytest.mark.parametrize(
    ("line", "signature"),
    [*((sig, True) for sig in _SIGNATURES), ("Submitted by jdoe on Tue, 04/03/2009 - 15:05", True),
     ("Comment by Jane Doe at 3:05 pm", True), ("Posted by Jane", False), ("Posted in News | 3 Comments", False),
     ("Posted by the council. It said 3 things.", False)],
)
def test_what_reads_as_a_comment_signature(line: str, signature: bool) -> None:
    assert bool(_COMMENT_SIGNATURE.match(line)) is signature


_TICKER = ["10:05 Storm closes schools across the county", "10:40 am - Bridge reopens after repairs",
           "11:15 Mayor names new police chief", "11:50 Library hours change next month"]


@pytest.mark.parametrize("html", [False, True])
def test_a_news_ticker_beside_the_story_goes(html: bool) -> None:
    if html:
        items = "".join(f'<li>{t[:5]} <a href="/t{k}">{t[6:]}</a></li>' for k, t in enumerate(_TICKER))
        story = "".join(f"<p>{p}</p>" for p in ARTICLE[:5])
        page = f"<html><head><title>{HEAD}</title></head><body><h1>{HEAD}</h1><div><ul>{items}</ul>{story}</div></body></html>"
    else:
        page = "\n\n".join([HEAD, *_TICKER, *ARTICLE[:5]])
    article = clean(page)
    assert article.paragraphs == tuple(ARTICLE[:5])
    assert sum(r.rule == "page.ticker" and r.kind == "related" for r in article.removed) == len(_TICKER)


def test_a_live_blogs_timed_sentences_stay() -> None:
    # a minute-by-minute report: each entry a time and a sentence, the article itself
    entries = ["10:05 The council opened the session with a minute of silence.",
               "10:20 Jones asked for the vote to be delayed until May.", "10:40 The motion failed, seven to two."]
    article = clean("\n\n".join([HEAD, ARTICLE[0], *entries, ARTICLE[1]]))
    assert not any(r.rule == "page.ticker" for r in article.removed)


@pytest.mark.parametrize(
    ("line", "timed"),
    [("14:48 Storm closes schools across the county", True), ("10:05 am - Council opens session", True),
     ("9 pm Fireworks over the river", True), ("6:58:36 AM: Deploy site", False),
     ("10:05 The council opened the session.", False), ("12:30", False), ("2:1 win for the home side", False)],
)
def test_what_reads_as_a_ticker_line(line: str, timed: bool) -> None:
    # three such lines in a row, each kept as body
    blocks = text_to_blocks("\n\n".join([line] * 3))
    measure(blocks, "en")
    for block in blocks:
        block.decide(Label.BODY, "", "test")
    assert len(blocks) == 3
    assert cut_ticker(blocks) == ([0, 1, 2] if timed else [])


def _story_with_bio(bio: list[str], story_paragraphs: int = 5) -> str:
    # the author's bio in a container whose class says so
    about = "".join(f"<p>{p}</p>" for p in bio)
    return _story_with(f'<div class="contributor-bio"><h4>About Jane Roe</h4>{about}</div>', story_paragraphs)


_BIO = ("Jane Roe is a staff writer who covers city hall and the county budget. She joined the paper in "
        "2015 after ten years at a wire service, and lives by the river with two dogs.")


def test_an_authors_bio_under_an_article_is_cut() -> None:
    article = clean(_story_with_bio([_BIO]))
    assert article.page_type == "article"
    assert article.paragraphs == tuple(ARTICLE[:5])
    assert any(r.text == _BIO and r.kind == "author-bio" and r.rule == "page.author-bio" for r in article.removed)


@pytest.mark.parametrize("heading", ["About the Author", "About the reviewer", "Über den Autor"])
def test_a_box_under_an_about_the_author_heading_is_the_bio(heading: str) -> None:
    """No class says "bio": the heading does, and the box under it goes, heading and all, as
    the author's bio."""
    article = clean(_story_with(f'<div class="box"><h2>{heading}</h2><p>{_BIO}</p></div>'))
    assert article.paragraphs == tuple(ARTICLE[:5])
    assert any(r.text == heading and r.kind == "author-bio" and r.rule == "page.headed-box" for r in article.removed)
    assert any(r.text == _BIO and r.kind == "author-bio" and r.rule == "page.headed-box" for r in article.removed)


@pytest.mark.parametrize(("page", "rule"), [(_story_with_box, "page.headed-box"), (_story_with_bio, "page.author-bio")])
def test_a_box_over_most_of_the_page_is_left_alone(page: Callable[[list[str], int], str], rule: str) -> None:
    # the box (under a related heading; of bios) would hold more of the page's words than the
    # story: it is what the page is about
    box = [p for p in OTHER if len(p.split()) >= 25][:6]
    assert sum(len(p.split()) for p in box) > sum(len(p.split()) for p in ARTICLE[:2])
    article = clean(page(box, 2))
    assert not any(r.rule == rule for r in article.removed)


_SHELL = [
    "The Summit Rain Shell keeps the weather out on long days in the hills. Its three-layer fabric breathes while you climb and blocks wind on the ridge.",
    "Pit zips let heat escape on the ascent, and the hood adjusts with one hand so it stays put in a gale.",
    "The cut leaves room for a fleece beneath, and the hem drops at the back to keep rain off a pack's hip belt.",
]
_CARDS = [
    "A light fleece that layers under any shell and dries fast after a wet morning on the trail.",
    "Merino socks with a cushioned heel that stay warm when your boots are soaked through.",
    "A packable down vest that adds warmth at camp without taking room in your bag.",
    "Waterproof overtrousers with full side zips so you can pull them on over your boots.",
]


@pytest.mark.parametrize("heading", ["Customers who bought this item also bought", "Frequently bought together", "Similar items", "Kunden kauften auch"])
def test_a_shops_recommendation_box_leaves_the_product_page(heading: str) -> None:
    """A shop's carousel under "Customers who bought this item also bought" sits inside the
    product's own container, each card a line of prose: its heading is related content, and
    the box goes with it, as a related box does on an article."""
    cards = "".join(f'<div class="item"><h3><a href="/p/{k}">Item {k}</a></h3><p>{text}</p><span>${40 + k}.99</span></div>' for k, text in enumerate(_CARDS))
    description = "".join(f"<p>{p}</p>" for p in _SHELL)
    page = (
        '<html><head><title>Summit Rain Shell | Example Outfitters</title><meta property="og:type" content="product"></head><body>'
        '<header><nav><a href="/">Home</a> <a href="/men">Men</a> <a href="/women">Women</a> <a href="/sale">Sale</a></nav></header>'
        f'<main><div class="product"><h1>Summit Rain Shell</h1><div class="price">$129.00</div><div class="description">{description}</div>'
        f'<div class="reco"><h2>{heading}</h2>{cards}</div></div></main>'
        "<footer><p>© 2026 Example Outfitters. All rights reserved.</p></footer></body></html>"
    )
    article = clean(page)
    assert article.page_type == "product"
    assert article.paragraphs == tuple(_SHELL)
    assert any(r.text == heading and r.kind == "related" and r.rule == "related.header" for r in article.removed)
    for text in _CARDS:
        assert any(r.text == text and r.kind == "related" and r.rule == "page.headed-box" for r in article.removed)


_OLD_HEADERS = ("reader0 wrote at 9:10 AM:", "Jane Roe wrote at 9:42 PM:", "bo.li77 said at 10:05 am on March 5, 2009:")


@pytest.mark.parametrize("heading", ["What readers say", "Reader comments", "Have your say"])
@pytest.mark.parametrize("html", [False, True])
def test_an_older_news_sites_reader_comments_are_cut(heading: str, html: bool) -> None:
    """An older news site heads its comments "Reader comments" or "Have your say" and each
    comment "jdoe wrote at 9:10 AM:", with no class that says so (a layout table's cell):
    the thread goes from its first comment, in HTML and in text."""
    comments = [(f"<p><b>{header}</b></p><p>{reply}</p>", (header, reply)) for header, reply in zip(_OLD_HEADERS, REPLIES)]
    article = clean(_story_and_comments(html, heading, comments, table=True))
    assert article.paragraphs == tuple(ARTICLE[:5])
    for reply in REPLIES:
        assert any(r.text == reply and r.rule == "page.comment-thread" for r in article.removed)


@pytest.mark.parametrize("heading", ["Reader comments", "Comments (3)"])
def test_a_comment_that_shares_its_block_with_its_header_is_cut(heading: str) -> None:
    """An older site prints a comment as "<b>jdoe</b> wrote on April 1, 2009:<br>text": one
    block, header and comment; the thread still goes from its first comment."""
    comments = [(f'<div class="c"><b>{header[:-1]}</b>:<br>{reply}</div>', ()) for header, reply in zip(_OLD_HEADERS, REPLIES)]
    article = clean(_story_and_comments(True, heading, comments, table=True))
    assert article.paragraphs == tuple(ARTICLE[:5])
    for reply in REPLIES:
        assert any(reply in r.text and r.rule == "page.comment-thread" for r in article.removed)


@pytest.mark.parametrize(
    ("line", "lead"),
    [
        ("jdoe wrote on April 1, 2009: I think the council got this one right.", True),
        ("bo.li77 said at 10:05 am on March 5, 2009: Nonsense.", True),
        ("Jane Roe wrote on 4/1/2009: Well said.", True),
        ("She wrote at 9:10 AM: the vote is off.", False),
        ("The mayor said on Tuesday: we will build it.", False),
        ("The council wrote on 4 May 2009: the plan stands.", False),
        ("Jo said: we will build it.", False),
    ],
)
def test_a_comment_lead_names_who_and_when(line: str, lead: bool) -> None:
    assert bool(_COMMENT_LEAD.match(line)) is lead


@pytest.mark.parametrize("line", ["jdoe wrote at 9:10 AM:", "Jane Roe said at 14:06 on 4 May 2009", "Ana Lima disse às 10h15:"])
def test_a_comment_header_may_say_at_what_time(line: str) -> None:
    assert _COMMENT_HEADER.match(line)


@pytest.mark.parametrize("line", ["The mayor said at 9:10 AM that the bridge would close.", "She wrote at 9:10 AM: the vote is off."])
def test_a_sentence_that_says_at_what_time_is_no_comment_header(line: str) -> None:
    assert not _COMMENT_HEADER.match(line)
