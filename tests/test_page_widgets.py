"""What stands around an article on made-up pages: a video player's settings menu, its
screen-reader text and caption settings dialog, a live-news ticker and a reader poll inside it
(furniture, not the story); a slideshow appended after it (captions, not the story); a long comment
thread under a short one (the thread is not the story either); and a consent dialog's preference
centre after it."""

from __future__ import annotations

import pytest

import boilerstrip
from test_table_layouts import HEADER, STORY, table_page

SETTINGS = ["Quality", "Auto", "1080p", "720p", "Speed", "Normal", "1.5x", "Subtitles", "Off", "English"]
TICKER = [f"Police close the bridge after a crash on the northern highway, lane {i}" for i in range(1, 7)]

PLAYER = (
    '<div class="video-player"><video src="clip.mp4"></video><div class="player-settings"><ul>'
    + "".join(f"<li>{s}</li>" for s in SETTINGS)
    + "</ul></div></div>"
)
LIVE = (
    '<div class="news-ticker"><h3>Latest</h3><ul>'
    + "".join(f'<li><span>10:0{i}</span> <a href="/n{i}">{t}</a></li>' for i, t in enumerate(TICKER))
    + "</ul></div>"
)


def article_page(widget: str) -> bytes:
    menu = "".join(f'<li><a href="/{s}">{s}</a></li>' for s in ("Home", "News", "Sports", "Opinion"))
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        "<html><head><title>Council approves budget</title></head><body>"
        f"<nav><ul>{menu}</ul></nav><article><h1>Council approves budget</h1>{widget}{paragraphs}</article>"
        "<footer><p>Copyright 2026 The Example Post</p></footer></body></html>"
    ).encode()


POLL_LINES = ["Quick Poll", "Should the council raise water rates next year?"]
POLL = (
    f'<div class="poll-box"><h4>{POLL_LINES[0]}</h4><p class="poll-question">{POLL_LINES[1]}</p>'
    '<form><input type="radio" name="v"> Yes <input type="radio" name="v"> No <button>Vote</button></form></div>'
)


@pytest.mark.parametrize(("widget", "furniture"), [(PLAYER, SETTINGS), (LIVE, TICKER)], ids=["player-settings", "ticker"])
def test_a_widget_at_the_top_of_an_article_is_not_its_body(widget: str, furniture: list[str]) -> None:
    article = boilerstrip.clean(article_page(widget))
    assert all(p in article.paragraphs for p in STORY)
    kept = [t for t in furniture if any(t in p for p in article.paragraphs)]
    assert not kept
    removed = " ".join(r.text for r in article.removed)
    assert all(t in removed for t in furniture)


# What a common web player prints for screen readers and in its caption settings dialog,
# line by line as a flattened page shows it (the player's own markup gives no class to go by
# once flattened; in HTML, a player may come without telling classes too).
PLAYER_LINES = [
    "Video Player is loading.", "Play Video", "Play Mute", "Current Time 0:00", "Duration 2:41", "Loaded: 0%",
    "Stream Type LIVE", "LIVE Seek to live, currently behind live", "Remaining Time - 2:41", "1x, selected",
    "descriptions off, selected", "captions settings, opens captions settings dialog", "captions off, selected",
    "Picture-in-Picture Fullscreen", "Beginning of dialog window. Escape will cancel and close the window.",
    "Color White Black Red Green Blue Yellow Magenta Cyan Opacity Opaque Semi-Transparent",
    "50% 75% 100% 125% 150% 175% 200% 300% 400%", "Text Edge Style", "None Raised Depressed Uniform Dropshadow",
    "Reset restore all settings to the default values Done", "Close Modal Dialog", "End of dialog window.",
]


@pytest.mark.parametrize("where", ["top", "bottom"])
@pytest.mark.parametrize("form", ["text", "html"])
def test_a_video_players_screen_reader_text_and_settings_dialog_are_not_the_story(form: str, where: str) -> None:
    lines = PLAYER_LINES if where == "top" else PLAYER_LINES[::-1]
    if form == "text":
        story = "\n\n".join(STORY)
        player = "\n".join(lines)
        page: str | bytes = (f"Council approves budget\n\n{player}\n\n{story}" if where == "top"
                             else f"Council approves budget\n\n{story}\n\n{player}")
    else:
        player = '<div class="c1">' + "".join(f'<div class="c{k}"><span>{t}</span></div>' for k, t in enumerate(lines, 2)) + "</div>"
        page = article_page(player) if where == "top" else article_page("").replace(b"</article>", player.encode() + b"</article>")
    article = boilerstrip.clean(page)
    assert all(p in article.paragraphs for p in STORY)
    kept = [t for t in lines if any(t in p for p in article.paragraphs)]
    assert not kept
    rules = {r.rule for r in article.removed if r.text in lines}
    assert rules & {"player.messages", "player.controls"}


SLIDES = [f"Photo {k} of 30: Scenes from the spring fair on the common, day {k}" for k in range(1, 31)]


@pytest.mark.parametrize("form", ["text", "html"])
def test_a_slideshow_appended_to_the_story_gives_captions_not_body(form: str) -> None:
    gallery = '<div class="gallery"><h3>More galleries</h3>' + "".join(
        f'<div class="slide"><img src="/g{k}.jpg"><p>{t}</p></div>' for k, t in enumerate(SLIDES, 1)) + "</div>"
    html = article_page("").replace(b"</article>", gallery.encode() + b"</article>")
    page: str | bytes = html if form == "html" else "Council approves budget\n\n" + "\n\n".join([*STORY, "More galleries", *SLIDES])
    article = boilerstrip.clean(page)
    assert all(p in article.paragraphs for p in STORY)
    assert not [t for t in SLIDES if any(t in p for p in article.paragraphs)]
    assert {c.text for c in article.captions} >= set(SLIDES)


DEK = "The council approved the budget on Tuesday night after weeks of debate over road repairs and library hours."
REPLY = (
    "I have lived in this town for many years and I think the council finally did something right with the roads, "
    "although the library still needs more money and longer hours for the students who study there, reply {k}."
)


def discussed_page(post: str, *, declared: bool = True) -> bytes:
    """A page with a long comment thread under its post in its one ``<article>``; ``declared``:
    its metadata says it is an article."""
    thread = "".join(
        f'<li class="comment"><div class="comment-author">reader{k}</div><div class="comment-content"><p>{REPLY.format(k=k)}</p></div></li>'
        for k in range(40)
    )
    return (
        '<html><head><title>Council approves budget</title>'
        + ('<meta property="og:type" content="article">' if declared else "")
        + "</head><body>"
        + f'<article>{post}</article><section id="comments"><h2>40 Comments</h2><ol class="comment-list">{thread}</ol></section>'
        "</body></html>"
    ).encode()


@pytest.mark.parametrize("declared", [True, False], ids=["metadata", "markup"])
def test_a_short_article_under_a_long_thread_is_still_the_article(declared: bool) -> None:
    """A post of a headline, a by-line and a dek is the article however long its comments,
    whether the metadata says so or the page's one ``<article>`` holds its ``<h1>``."""
    post = f'<h1>Council approves budget</h1><p class="byline">By Jane Miller</p><p>{DEK}</p>'
    article = boilerstrip.clean(discussed_page(post, declared=declared))
    assert article.paragraphs == (DEK,)
    assert sum(r.kind == "comments" for r in article.removed) >= 40


def test_a_one_sentence_post_under_a_thread_holding_most_of_the_page_is_the_article() -> None:
    """A post of a headline, a by-line and a one-line dek, no metadata, under a long comment
    section: the dek is a sentence of the post's own, so the comments stay comments."""
    dek = "The vote passed seven to two after a long debate."
    words = "river mountain garden painter village harbour bridge festival market orchard lantern meadow".split()
    replies = [" ".join(words[(k + j) % len(words)] for j in range(20)).capitalize() + "." for k in range(15)]
    thread = "".join(
        f'<div class="comment"><span class="author">user{k}</span> <span class="date">March {k + 1}, 2024</span>'
        f"<p>{reply}</p></div>"
        for k, reply in enumerate(replies)
    )
    html = (
        "<html><head><title>Council approves budget - Valley Courier</title></head><body>"
        '<header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>'
        '<div class="wrap"><main><article><h1>Council approves budget</h1>'
        f'<p class="byline">By Ann Lee, March 5, 2024</p><p class="dek">{dek}</p></article>'
        f'<section id="comments"><h2>15 comments</h2>{thread}</section></main></div>'
        "<footer>Copyright 2024 Valley Courier</footer></body></html>"
    )
    article = boilerstrip.clean(html)
    assert article.paragraphs == (dek,)
    removed = " ".join(r.text for r in article.removed)
    assert all(reply in removed for reply in replies)


def test_a_shared_link_without_prose_of_its_own_gives_its_discussion() -> None:
    """A link shared for discussion (no sentence of its own): the comments are what the page has."""
    article = boilerstrip.clean(discussed_page('<h1><a href="https://elsewhere.example/report">Budget report</a></h1>'))
    assert sum(REPLY.format(k=k) in article.paragraphs for k in range(40)) == 40


def test_comments_the_selection_removed_do_not_come_back_from_the_model() -> None:
    """Keeping comments is the caller's choice (``include_comments``): the block model does not
    bring back replies of a comment section, however much they read like the story."""
    menu = "".join(f'<li><a href="/{s}">{s}</a></li>' for s in ("Home", "News", "Local", "Sports", "Business"))
    tools = '<div class="tools"><a href="#">Email this</a> | <a href="#">Print</a> | <a href="#">Share</a></div>'
    related = (
        '<div class="related"><h4>Related</h4><ul><li><a href="/r1">School board delays vote on new calendar</a></li>'
        '<li><a href="/r2">Water rates may rise again next year</a></li></ul></div>'
    )
    reply = "I think the council did the right thing here and the roads really needed the work after this winter, finally."
    replies = "".join(f'<div class="comment"><p class="author">reader{k} wrote:</p><p>{reply}</p></div>' for k in range(4))
    paragraphs = ["".join(f"<p>{p}</p>" for p in part) for part in (STORY[:3], STORY[3:])]
    html = (
        "<html><head><title>Council approves budget | Example News</title></head><body>"
        f'<div id="masthead"><a href="/">Example News</a></div><div id="nav"><ul>{menu}</ul></div><div id="main">'
        f'<h1>Council approves budget</h1><p class="byline">By Jane Miller</p><p class="date">March 5, 2009</p>{tools}'
        f'{paragraphs[0]}{related}{paragraphs[1]}<div id="comments"><h3>Comments</h3>{replies}</div></div>'
        '<div id="footer"><p>Copyright 2009 Example Media Group. All rights reserved.</p></div></body></html>'
    ).encode()
    article = boilerstrip.clean(html)
    assert all(p in article.paragraphs for p in STORY)
    assert reply not in article.paragraphs
    assert sum(r.text == reply for r in article.removed) == 4
    assert reply in boilerstrip.clean(html, include_comments=True).paragraphs


WALK = [
    "We walked the river path on Sunday; the new bridge is finished and the views of the valley are as fine as before the flood.",
    "The cafe at the old mill has opened again too, and the owners say the path brought them more walkers than ever this spring.",
]
SIDE_PROSE = [
    "I am a retired teacher who writes about walks in the valley, local history and the birds I meet along the way, most weeks.",
    *(
        f"Reader {k} on the old mill walk: what a lovely walk, we tried it last weekend with the children and loved every minute of it."
        for k in range(8)
    ),
    *(
        f"Another blog I read every week, number {k}, is about hills and rivers and the small villages between them, with good maps."
        for k in range(5)
    ),
]


def blog_page(column: str) -> bytes:
    """A short post beside a column holding more prose than the post ("about me", recent
    comments, a blogroll); ``column``: the column's opening tag."""
    side = (
        f"<h2>About me</h2><p>{SIDE_PROSE[0]}</p><h2>Recent comments</h2><ul>"
        + "".join(f"<li>{t}</li>" for t in SIDE_PROSE[1:9])
        + "</ul><h2>Archive</h2><ul>"
        + "".join(f'<li><a href="/{y}">{y}</a> (12)</li>' for y in range(2006, 2020))
        + "</ul><h2>Favourite reads</h2>"
        + "".join(f"<p>{t}</p>" for t in SIDE_PROSE[9:])
    )
    close = column.split()[0].replace("<", "</") + ">"
    return (
        "<html><head><title>A walk by the river | Valley Walks</title></head><body>"
        '<div id="header"><h1><a href="/">Valley Walks</a></h1></div>'
        '<div id="main"><div class="post"><h2 class="post-title">A walk by the river</h2><div class="post-body">'
        + "".join(f"<p>{p}</p>" for p in WALK)
        + f'</div><div class="post-footer">Posted by Ann at 10:15 AM</div></div></div>{column}{side}{close}'
        "</body></html>"
    ).encode()


URL = "https://www.example.org/2008/05/a-walk-by-the-river.html"


@pytest.mark.parametrize("column", ['<div id="sidebar">', '<aside class="widgets">', '<div class="sidebar">'])
def test_a_sidebar_with_more_prose_than_the_post_stays_out(column: str) -> None:
    """However much prose a sidebar holds, it is not the post it stands beside."""
    article = boilerstrip.clean(blog_page(column), url=URL)
    assert all(p in article.paragraphs for p in WALK)
    assert not [t for t in SIDE_PROSE if t in article.paragraphs]
    assert any(r.kind == "sidebar" and r.text == SIDE_PROSE[0] for r in article.removed)


def test_a_layout_class_naming_the_sidebar_does_not_hide_the_content() -> None:
    """``content-sidebar-wrap`` names a layout, not a sidebar: a story in a column so named,
    with a footer of prose below it, is still the body."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    footer = "".join(f"<p>{t}</p>" for t in SIDE_PROSE[:3])
    html = (
        "<html><head><title>Council approves budget</title></head><body>"
        f'<div class="content-sidebar-wrap"><h1>Council approves budget</h1>{paragraphs}</div>'
        f'<div id="footer">{footer}</div></body></html>'
    ).encode()
    article = boilerstrip.clean(html, url="https://www.example.org/news/council-approves-budget")
    assert all(p in article.paragraphs for p in STORY)


@pytest.mark.parametrize("menu", ["<nav>", '<div role="navigation">'])
def test_a_table_of_contents_holding_most_of_the_page_is_still_navigation(menu: str) -> None:
    """A book's page: its table of contents, a ``<nav>`` of fifteen chapters of ten sections each,
    holds more of the page's text than the short chapter beside it. A chrome class on a
    container holding most of the page is a layout's; a menu of links is a menu whatever its
    size."""
    close = "</nav>" if menu == "<nav>" else "</div>"
    toc = "".join(
        f'<li><a href="/ch{c}">Chapter {c}</a><ul>'
        + "".join(f'<li><a href="/ch{c}#s{k}">{c}.{k} Section on a topic of chapter {c}</a></li>' for k in range(10))
        + "</ul></li>"
        for c in range(15)
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = (
        "<html><head><title>Council budgets: a primer</title></head><body>"
        f"{menu}<h4>Table of contents</h4><ul>{toc}</ul>{close}"
        f"<div class=\"page\"><h1>Council budgets: a primer</h1>{paragraphs}</div></body></html>"
    ).encode()
    article = boilerstrip.clean(html)
    assert all(p in article.paragraphs for p in STORY)
    assert not any("Section on a topic" in p for p in article.paragraphs)


@pytest.mark.parametrize("url", [URL, None], ids=["with-url", "without-url"])
def test_a_blog_masthead_linking_home_is_not_the_headline(url: str | None) -> None:
    """``<h1><a href="/">Valley Walks</a></h1>`` over a post titled "A walk by the river", in a
    ``<title>`` of both: the masthead shows the blog's name (whatever the host is called), the
    post's own heading above its first paragraph is the headline."""
    article = boilerstrip.clean(blog_page('<div id="sidebar">'), url=url)
    assert article.headline == "A walk by the river"


def test_a_linked_headline_keeps_its_place_over_a_shorter_part_of_the_title() -> None:
    """A headline linking to its own page is still the headline when a section's label, a
    shorter part of the title, shows below it."""
    paragraphs = "".join(f"<p>{p}</p>" for p in STORY)
    html = (
        "<html><head><title>Council approves budget | Local News | Valley Courier</title></head><body>"
        '<h1><a href="/2009/03/council-approves-budget">Council approves budget</a></h1>'
        f'<h3>Local News</h3>{paragraphs}</body></html>'
    ).encode()
    assert boilerstrip.clean(html).headline == "Council approves budget"


def test_a_reader_poll_in_the_storys_cell_is_not_its_body() -> None:
    # an old layout table: the poll sits in the story's cell under its last paragraph, and
    # only its class says what it is
    article = boilerstrip.clean(table_page(HEADER, [*STORY, POLL]))
    assert all(p in article.paragraphs for p in STORY)
    assert not any(line in p for line in POLL_LINES for p in article.paragraphs)
    assert all(any(r.text == line and r.kind == "form" for r in article.removed) for line in POLL_LINES)


PURPOSES = [
    "Manage Consent Preferences",
    "These cookies may be set through our site by our advertising partners. They may be used by those "
    "companies to build a profile of your interests and show you relevant adverts on other sites.",
    "Store and/or access information on a device",
    "Create profiles for personalised advertising 312 partners can use this purpose",
    "Advertising presented to you on this service can be based on limited data, such as the website or app "
    "you are using, your non-precise location, your device type or which content you are (or have been) "
    "interacting with.",
    "Link different devices",
]


@pytest.mark.parametrize("mode", ["text", "html"])
def test_a_consent_preference_centre_after_the_story_is_not_its_body(mode: str) -> None:
    # a flattened page ends with a consent dialog's standard texts (the framework's purposes,
    # a platform's cookie categories); on HTML they stand in a plain container with no name
    if mode == "text":
        page: str | bytes = "\n\n".join(["Council approves budget", *STORY, *PURPOSES, "Copyright 2026 The Example Post"])
    else:
        page = article_page("").replace(b"</article>", b"</article><div>" + "".join(f"<p>{p}</p>" for p in PURPOSES).encode() + b"</div>")
    article = boilerstrip.clean(page)
    assert all(p in article.paragraphs for p in STORY)
    assert not any(line[:30] in p for line in PURPOSES[1:] for p in article.paragraphs)
    consent = {r.rule for r in article.removed if r.kind == "consent"}
    assert {"consent.purposes", "consent.purpose-text"} <= consent
