"""Pages laid out as older news sites and blogs laid them out, made from WCXB-dev's articles:
a check of the HTML models on a kind of page the benchmarks hardly have (issue #15).

WCXB-dev's pages are recent: their markup names its parts (``<article>``, ``<nav>``, classes
such as ``post-content``) and their metadata says what they are (og:type, JSON-LD). A page
from before about 2012 says none of this: a story in a table cell beside a column of section
links, its paragraphs split by ``<br><br>``, a box of related headlines after it in the same
cell. Read that way, the page-type model, which never met such a page, could take a story
followed by twelve teasers for a listing, and the listing's lenient block decisions then kept
the teasers and the menu. ``train_html_model.py`` fits the blind page-type model (the one
that types a page read without an address whose metadata names no kind, as an older site's)
on these pages too, and scores them out of fold, each as a page of its source's site (the
block classifier fitted on them too cost WCXB-dev more than it taught: see the CHANGELOG).

Each WCXB-dev article with four or more paragraphs of plain prose gives one page. Three in
four are story pages: its
title, a by-line, a date line and those paragraphs (the reference: the paragraphs alone, as
WCXB's references leave the headline out), set in one of four layouts (a three-column table,
a two-column table, ``<div>`` soup without semantic tags, an old blog theme) among chrome
drawn at random: section links, a breadcrumb, e-mail and print links, a box of related
headlines inside or after the story, a "Most read" column, advertisement labels, reader
comments, a copyright footer. The fourth is a section front instead: a list of linked
headlines, each with its summary (the reference), among the same chrome. Teasers and comments
are made from the titles and first sentences of the articles of other sites.

A page gets an old style URL on its source's site domain (which groups it with its source in
the cross-validation). Everything is drawn from one seed: the same data gives the same pages.

    python benchmarks/older_layouts.py [--data ../shared/bench] [--show N]
"""

from __future__ import annotations

import argparse
import html
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import load_pages  # noqa: E402

DATASET = "older-layouts"

_MARKUP = re.compile(r"^\s*(?:[-*+>|#]|\d+[.)]\s|!\[|\[)")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")

PAPERS = (
    "The Riverton Herald", "Valley Tribune", "The Daily Courier", "Northfield Gazette", "The Morning Ledger",
    "Harbor City Times", "The County Record", "Lakeside Sentinel", "The Evening Post-Dispatch", "Mid-State Journal",
)
BLOGS = ("Notes from the Porch", "Field Journal", "The Long View", "Small Town Dispatches", "Margins")
SECTIONS = (
    "Home", "News", "Local", "Nation", "World", "Business", "Sports", "Opinion", "Editorials", "Letters", "Obituaries",
    "Weather", "Entertainment", "Movies", "Music", "Lifestyle", "Health", "Education", "Technology", "Science",
    "Travel", "Food", "Photos", "Video", "Blogs", "Classifieds", "Jobs", "Real Estate", "Cars", "Archives",
    "Contact Us", "Subscribe", "Site Map", "Traffic", "Lottery", "Events",
)
RELATED = (
    "Related Stories", "More local news", "More from this section", "Also in the news", "Related articles",
    "Other stories", "More headlines", "In other news", "Recent posts", "See also",
)
POPULAR = ("Most Read", "Most Popular", "Top Stories", "Most E-mailed", "Latest Headlines", "Don't Miss")
NAMES = (
    "John Smith", "Mary Jones", "Sam Lee", "Ana Garcia", "Peter Brown", "Linda Chen", "Tom Walsh", "Rita Patel",
    "David Moore", "Karen Young", "Luis Ortega", "Helen Park",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


@dataclass(frozen=True)
class Story:
    """One WCXB-dev article's site, title and paragraphs of plain prose."""

    domain: str
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Made:
    """One made page: its HTML, the address it is read with, its reference body and its type."""

    id: str
    url: str
    html: str
    body: str
    type: str


def stories(data: Path) -> list[Story]:
    """WCXB-dev's articles with four or more paragraphs of plain prose (no list, table or
    heading lines), making at least half of its paragraphs, each cut to its first twelve such
    paragraphs."""
    out = []
    for page in load_pages(data, "wcxb-dev"):
        if page.page_type != "article" or not page.title:
            continue
        paras = [p.strip() for p in page.body.split("\n\n")]
        prose = [p for p in paras if len(p.split()) >= 12 and "\n" not in p and not _MARKUP.match(p)]
        if len(prose) < 4 or len(prose) < 0.5 * len(paras):
            continue
        host = (urlsplit(page.url or "").hostname or "").lower()
        out.append(Story(host[4:] if host.startswith("www.") else host, page.title.strip(), tuple(prose[:12])))
    return out


class _Maker:
    """The chrome of one page, drawn from ``rng``; ``pool`` holds the other stories (teasers,
    comments)."""

    def __init__(self, rng: random.Random, pool: list[Story]) -> None:
        self.rng = rng
        self.pool = pool
        self.blog = rng.random() < 0.2
        self.site = rng.choice(BLOGS if self.blog else PAPERS)
        self.year = rng.randint(2001, 2012)

    def date(self, plain: bool = False) -> str:
        r = self.rng
        m, d = r.randint(1, 12), r.randint(1, 28)
        if plain:
            return r.choice((f"{MONTHS[m - 1]} {d}, {self.year}", f"{m}/{d}/{self.year}", f"{d} {MONTHS[m - 1][:3]} {self.year}"))
        return r.choice((
            f"{MONTHS[m - 1]} {d}, {self.year}", f"{d} {MONTHS[m - 1]} {self.year}", f"{m}/{d}/{self.year}",
            f"Published {MONTHS[m - 1][:3]}. {d}, {self.year}", f"Posted: {MONTHS[m - 1]} {d}, {self.year} {r.randint(1, 12)}:{r.randint(0, 59):02d} pm",
            f"Updated {MONTHS[m - 1]} {d}, {self.year}",
        ))

    def others(self, n: int) -> list[Story]:
        return self.rng.sample(self.pool, min(n, len(self.pool)))

    def nav(self) -> str:
        r = self.rng
        links = r.sample(SECTIONS, r.randint(8, 24))
        style = r.randrange(3)
        if style == 0:
            return "".join(f'<a href="/{_slug(s)}/">{s}</a><br>' for s in links)
        if style == 1:
            return " | ".join(f'<a href="/{_slug(s)}/">{s}</a>' for s in links)
        return "<ul>" + "".join(f'<li><a href="/{_slug(s)}/">{s}</a></li>' for s in links) + "</ul>"

    def teasers(self, n: int, summaries: bool) -> str:
        r = self.rng
        bold = r.random() < 0.5
        out = []
        for s in self.others(n):
            head = html.escape(s.title)
            link = f'<a href="/news/{_slug(s.title)[:40]}.html">{"<b>" + head + "</b>" if bold else head}</a>'
            if summaries:
                out.append(f"{link}<br>{html.escape(_first_sentence(s))}<br><br>")
            else:
                out.append(f"{link}<br>")
        return "".join(out)

    def box(self, heading: str, n: int, summaries: bool) -> str:
        r = self.rng
        head = r.choice((f"<b>{heading}</b><br>", f"<h3>{heading}</h3>", f'<font size="3"><b>{heading}</b></font><br>'))
        return head + self.teasers(n, summaries)

    def tools(self) -> str:
        words = self.rng.sample(("E-mail this story", "Print", "Printer-friendly version", "Share", "Digg this",
                                 "del.icio.us", "Comments", "Reprints", "Text size: A A A"), 4)
        return " | ".join(f'<a href="/tools/{k}">{w}</a>' for k, w in enumerate(words))

    def comments(self) -> str:
        r = self.rng
        n = r.randint(2, 7)
        heading = r.choice(("Reader comments", f"Comments ({n})", f"{n} Responses", "What readers say", f"{n} comments"))
        parts = [f"<h3>{heading}</h3>"]
        for s in self.others(n):
            who = r.choice(NAMES).split()[0].lower() + str(r.randint(1, 99))
            parts.append(f'<div class="c"><b>{who}</b> wrote on {self.date(plain=True)}:<br>{html.escape(" ".join(s.paragraphs[:1]))}</div>')
        return "".join(parts)

    def footer(self) -> str:
        return (f'<font size="1">Copyright &copy; {self.year} {self.site}. All rights reserved. '
                '<a href="/privacy">Privacy Policy</a> | <a href="/terms">Terms of Use</a> | <a href="/contact">Contact Us</a></font>')

    def head(self, title: str) -> str:
        sep = self.rng.choice((" - ", " | ", " :: ", " &laquo; "))
        return (f'<html><head><title>{html.escape(title)}{sep}{self.site}</title>'
                '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>')


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _first_sentence(story: Story) -> str:
    first = _SENTENCE.split(story.paragraphs[0])[0]
    words = first.split()
    return " ".join(words[:40]) + ("..." if len(words) > 40 else "")


def story_page(story: Story, rng: random.Random, pool: list[Story]) -> tuple[str, str]:
    """A page of ``story`` in an older layout, and its reference (the paragraphs)."""
    m = _Maker(rng, pool)
    r = rng
    title = html.escape(story.title)
    paras = [html.escape(p) for p in story.paragraphs]
    headline = r.choice((
        f'<font size="5" face="arial"><b>{title}</b></font><br>', f"<h1>{title}</h1>", f'<span class="headline">{title}</span><br>',
        f"<h2>{title}</h2>", f'<div class="storyhead">{title}</div>',
    ))
    byline = "" if r.random() < 0.2 else r.choice((
        f"By {r.choice(NAMES)}, Staff Writer<br>", f'<font size="2">By {r.choice(NAMES)}</font><br>',
        f"<i>by {r.choice(NAMES)}</i><br>", f'<div class="byline">By {r.choice(NAMES)} | {m.date()}</div>',
    ))
    dateline = f'<font size="1">{m.date()}</font><br><br>' if r.random() < 0.7 else "<br>"
    inline = ""
    if r.random() < 0.35:
        inline = (f'<table align="right" width="180" border="1"><tr><td>{m.box(r.choice(RELATED), r.randint(3, 6), False)}</td></tr>'
                  '<tr><td><img src="/ads/box.gif" alt="Advertisement"></td></tr></table>')
    at = r.randint(1, min(3, len(paras) - 1))
    style = r.randrange(3)
    if style == 0:
        text = "<br><br>".join(paras[:at]) + "<br><br>" + inline + "<br><br>".join(paras[at:]) + "<br><br>"
        text = f'<font size="2" face="arial">{text}</font>'
    elif style == 1:
        text = "".join(f"<p>{p}</p>" for p in paras[:at]) + inline + "".join(f"<p>{p}</p>" for p in paras[at:])
    else:
        text = (f'<div class="storytext">{"".join(f"<p>{p}</p>" for p in paras[:at])}</div>{inline}'
                f'<div class="storytext">{"".join(f"<p>{p}</p>" for p in paras[at:])}</div>')
    after = []
    if r.random() < 0.6:
        after.append(m.tools() + "<br><br>")
    if r.random() < 0.6:
        after.append(("<hr>" if r.random() < 0.5 else "") + m.box(r.choice(RELATED), r.randint(4, 14), r.random() < 0.5))
    if r.random() < 0.3:
        after.append(m.comments())
    crumbs = ""
    if r.random() < 0.4:
        crumbs = f'<font size="1"><a href="/">Home</a> &gt; <a href="/news/">News</a> &gt; <a href="/news/local/">{r.choice(SECTIONS)}</a></font><br>'
    story_html = crumbs + headline + byline + dateline + text + "".join(after)
    side = m.box(r.choice(POPULAR), r.randint(4, 10), r.random() < 0.4) + ('<br><img src="/ads/side.gif" alt="Advertisement">' if r.random() < 0.5 else "")
    page = _layout(m, story.title, story_html, side)
    return page, "\n\n".join(story.paragraphs)


def section_page(rng: random.Random, pool: list[Story]) -> tuple[str, str]:
    """A section front in an older layout: linked headlines with their summaries (the
    reference), perhaps a date each."""
    m = _Maker(rng, pool)
    r = rng
    section = r.choice(("Local News", "Business", "Sports", "Opinion", "Health", "Technology", "World", "Politics", "Education"))
    items = m.others(r.randint(6, 18))
    dated = r.random() < 0.5
    head_tag = r.choice(("b", "h3", "font"))
    parts, ref = [], []
    for s in items:
        t = html.escape(s.title)
        head = f'<font size="3"><b>{t}</b></font>' if head_tag == "font" else f"<{head_tag}>{t}</{head_tag}>"
        summary = _first_sentence(s)
        parts.append(
            f'<a href="/news/{_slug(s.title)[:40]}.html">{head}</a>' + ("<br>" if head_tag != "h3" else "")
            + (f'<font size="1">{m.date()}</font><br>' if dated else "") + f"{html.escape(summary)}<br><br>"
        )
        ref += [s.title, summary]
    main = f"<h1>{section}</h1>" if r.random() < 0.5 else f'<font size="5"><b>{section}</b></font><br><br>'
    main += "".join(parts)
    if r.random() < 0.5:
        main += '<a href="?page=2">Next page &raquo;</a> | <a href="/archives/">Archives</a>'
    side = m.box(r.choice(POPULAR), r.randint(4, 10), False)
    return _layout(m, section, main, side), "\n\n".join(ref)


def _layout(m: _Maker, title: str, main: str, side: str) -> str:
    r = m.rng
    top = f'<img src="/images/logo.gif" alt="{m.site}"> <font size="1">{m.date()}</font>'
    if m.blog:
        return (m.head(title) + f'<body><div id="page"><div id="header"><h1><a href="/">{m.site}</a></h1>'
                f'<p class="description">{r.choice(("Thoughts on our town", "A weblog", "Writing about things"))}</p></div>'
                f'<div id="content"><div class="post">{main}</div></div>'
                f'<div id="sidebar"><h2>Archives</h2>{m.nav()}<h2>Elsewhere</h2>{side}</div>'
                f'<div id="footer">{m.footer()}</div></div></body></html>')
    layout = r.randrange(3)
    if layout == 0:  # three columns of one table
        return (m.head(title) + f'<body bgcolor="#ffffff"><table width="100%" cellpadding="0"><tr><td colspan="3">{top}</td></tr>'
                f'<tr><td width="150" valign="top">{m.nav()}</td><td valign="top" width="450">{main}</td>'
                f'<td width="170" valign="top">{side}</td></tr><tr><td colspan="3" align="center">{m.footer()}</td></tr></table></body></html>')
    if layout == 1:  # menu row above two columns
        return (m.head(title) + f'<body><table width="800"><tr><td colspan="2">{top}<br>{m.nav()}</td></tr>'
                f'<tr><td width="560" valign="top">{main}</td><td width="240" valign="top">{side}</td></tr>'
                f'<tr><td colspan="2">{m.footer()}</td></tr></table></body></html>')
    return (m.head(title) + f'<body><div id="header"><div id="logo">{m.site}</div><div id="topnav">{m.nav()}</div>'
            '<div id="search"><form><input name="q"><input type="submit" value="Search"></form></div></div>'
            f'<div id="wrapper"><div id="leftcol">{main}</div><div id="rightcol">{side}</div></div>'
            f'<div id="footer">{m.footer()}</div></body></html>')


def make(data: Path, seed: int = 0) -> list[Made]:
    """The pages: one per usable WCXB-dev article, and a section front after every third."""
    all_stories = stories(data)
    out = []
    for k, story in enumerate(all_stories):
        rng = random.Random(f"{seed}:{k}")
        pool = [s for s in all_stories if s.domain != story.domain]
        year = rng.randint(2003, 2012)
        if k % 4 == 3:
            page, body = section_page(rng, pool)
            url, kind = f"http://www.{story.domain}/{rng.choice(('news', 'sections', 'local'))}/{rng.choice(('index.html', 'default.asp', ''))}", "listing"
        else:
            page, body = story_page(story, rng, pool)
            url, kind = f"http://www.{story.domain}/news/{year}/{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/story{k}.html", "article"
        out.append(Made(f"o{k:04d}", url, page, body, kind))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench")
    ap.add_argument("--show", type=int, help="print this page's HTML")
    args = ap.parse_args()
    pages = make(args.data)
    kinds = [p.type for p in pages]
    print(f"{len(pages)} pages: {kinds.count('article')} stories, {kinds.count('listing')} section fronts", file=sys.stderr)
    if args.show is not None:
        print(pages[args.show].html)


if __name__ == "__main__":
    main()
