"""boilerstrip.scrapy: a real crawl of a local site through the pipeline, and the pipeline and
``article_of`` on real Scrapy objects (a ``Crawler`` with its settings, ``HtmlResponse``).

Twisted's reactor cannot be started twice in one process, so each crawl runs Scrapy's
``CrawlerProcess`` in a fresh interpreter, against an ``http.server`` this process serves on
127.0.0.1 (an ephemeral port). Every item is checked against plain :func:`boilerstrip.clean`
on the bytes the server sent, with the item's URL.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

pytest.importorskip("scrapy", reason="the scrapy extra is missing: pip install -e '.[scrapy]' (the test extra includes it)")

import attrs  # noqa: E402 - a dependency of Twisted, so of Scrapy
import scrapy  # noqa: E402
from integrations_support import (  # noqa: E402
    ACME_PAGE,
    ACME_RULES,
    ACME_URL,
    PNG,
    fixture_pages,
)
from scrapy.http import HtmlResponse, Response  # noqa: E402
from scrapy.utils.test import get_crawler  # noqa: E402

from boilerstrip import Cleaner, NotTextError, OptionError, RuleError, clean, load_rules  # noqa: E402
from boilerstrip.scrapy import (  # noqa: E402
    ARTICLE_FIELDS,
    DEFAULT_FIELDS,
    BoilerstripPipeline,
    MissingExtraError,
    article_of,
    page_of,
)

PAGES = fixture_pages()


# --- a real crawl --------------------------------------------------------------------------


class _Site(BaseHTTPRequestHandler):
    """An index page linking to every fixture page and to a PNG served as ``text/html``."""

    routes: ClassVar[dict[str, tuple[str, bytes]]] = {}
    """Path → (Content-Type, body); set by the ``site`` fixture."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        content_type, body = self.routes.get(self.path, ("text/plain", b"not found"))
        self.send_response(200 if self.path in self.routes else 404)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the signature of http.server
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[dict[str, bytes]]:
    """The local site; yields the URL of each page (index first) with the bytes it serves."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    routes = {f"/pages/{page.name}.html": ("text/html; charset=utf-8", page.body) for page in PAGES}
    routes["/pages/broken.html"] = ("text/html", PNG)
    links = "".join(f'<li><a href="{path}">{path}</a></li>' for path in routes)
    routes = {"/": ("text/html; charset=utf-8", f"<html><body><ul>{links}</ul></body></html>".encode()), **routes}
    _Site.routes = routes
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield {base + path: body for path, (_, body) in routes.items()}
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


CRAWL = """
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class Site(scrapy.Spider):
    name = "site"

    def __init__(self, start):
        super().__init__()
        self.start_urls = [start]

    def parse(self, response):
        if response.url == self.start_urls[0]:
            yield from response.follow_all(css="a")
        else:
            # the bytes as served: the test cleans the same bytes
            yield {"url": response.url, "html": response.body}


start, out, log = sys.argv[1:]
process = CrawlerProcess(settings={
    "ITEM_PIPELINES": {"boilerstrip.scrapy.BoilerstripPipeline": 300},
    "BOILERSTRIP_FAVOR": "precision",
    "BOILERSTRIP_FIELDS": %(fields)r,
    "FEEDS": {out: {"format": "jsonlines", "fields": ["url", *%(fields)r, "error_type", "error"]}},
    "LOG_FILE": log,
    "LOG_LEVEL": "INFO",
    "HTTPPROXY_ENABLED": False,  # the site is on 127.0.0.1, whatever the environment's proxy
    "TELNETCONSOLE_ENABLED": False,
    "DOWNLOAD_TIMEOUT": 30,
    "CLOSESPIDER_TIMEOUT": 120,
})
process.crawl(Site, start=start)
process.start()
"""


@pytest.fixture(scope="module")
def crawl(site: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict[str, Any]], str]:
    """The crawl's items by URL, and its log."""
    work = tmp_path_factory.mktemp("crawl")
    out, log = work / "items.jsonl", work / "crawl.log"
    script = CRAWL % {"fields": list(ARTICLE_FIELDS)}
    start = next(iter(site))
    run = subprocess.run(
        [sys.executable, "-c", script, start, str(out), str(log)], capture_output=True, text=True, timeout=300, check=False
    )
    log_text = log.read_text(encoding="utf-8") if log.exists() else ""
    assert run.returncode == 0, f"the crawl failed:\n{run.stderr[-5000:]}\n{log_text[-5000:]}"
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_url = {item["url"]: item for item in items}
    assert len(by_url) == len(items), "an item came out twice"
    return by_url, log_text


def test_the_crawl_gives_one_item_per_page(site: dict[str, bytes], crawl: tuple[dict[str, dict[str, Any]], str]) -> None:
    items, _ = crawl
    assert sorted(items) == sorted(url for url in site if "/pages/" in url)


def test_crawled_items_equal_clean_of_the_same_bytes(site: dict[str, bytes], crawl: tuple[dict[str, dict[str, Any]], str]) -> None:
    items, _ = crawl
    for url, body in site.items():
        if url.endswith(("/", "/broken.html")):
            continue
        expected = {"url": url, **clean(body, url=url, favor="precision").to_dict(), "error_type": None, "error": None}
        assert items[url] == expected, url
        assert items[url]["body"], url


def test_a_broken_page_gets_error_fields_and_the_crawl_goes_on(
    site: dict[str, bytes], crawl: tuple[dict[str, dict[str, Any]], str]
) -> None:
    items, log = crawl
    [broken] = [url for url in site if url.endswith("/broken.html")]
    with pytest.raises(NotTextError) as caught:
        clean(site[broken], url=broken)
    assert items[broken] == {"url": broken, **dict.fromkeys(ARTICLE_FIELDS), "error_type": "NotTextError", "error": str(caught.value)}
    assert f"WARNING: boilerstrip could not clean {broken}: NotTextError" in log
    # the other pages were cleaned (the previous tests), nothing failed in Scrapy, and the stats count both
    assert "ERROR" not in log and "Traceback" not in log and "DeprecationWarning" not in log, log[-3000:]
    assert f"'boilerstrip/cleaned': {len(PAGES)}" in log
    assert "'boilerstrip/failed': 1" in log and "'boilerstrip/failed/NotTextError': 1" in log


# --- the pipeline on a real Crawler ----------------------------------------------------------


def _pipeline(**settings: Any) -> BoilerstripPipeline:
    return BoilerstripPipeline.from_crawler(get_crawler(settings_dict=settings))


def test_default_settings_add_the_default_fields() -> None:
    page = PAGES[0]
    item = _pipeline().process_item({"url": page.url, "html": page.body})
    article = clean(page.body, url=page.url).to_dict()
    assert item == {"url": page.url, "html": page.body, **{k: article[k] for k in DEFAULT_FIELDS}, "error_type": None, "error": None}


def test_settings_choose_the_field_the_rules_the_favor_and_the_output() -> None:
    pipeline = _pipeline(
        BOILERSTRIP_FIELD="page",
        BOILERSTRIP_URL_FIELD="link",
        BOILERSTRIP_FIELDS="headline,timestamp,removed,body",  # as `-s` or an environment variable gives it
        BOILERSTRIP_RULES=[str(ACME_RULES)],
        BOILERSTRIP_FAVOR="recall",
        BOILERSTRIP_INCLUDE_COMMENTS="True",
    )
    page = ACME_PAGE.read_bytes()
    item = pipeline.process_item({"page": page, "link": ACME_URL})
    article = clean(page, url=ACME_URL, rules=load_rules(ACME_RULES), favor="recall", include_comments=True).to_dict()
    assert item == {"page": page, "link": ACME_URL, **{k: article[k] for k in ("headline", "timestamp", "removed", "body")}, "error_type": None, "error": None}
    assert any(r["rule"].startswith("acme") for r in item["removed"]), "the site's rules were not used"
    assert pipeline.cleaner.favor == "recall" and pipeline.cleaner.include_comments


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ({"BOILERSTRIP_FAVOR": "most"}, OptionError),
        ({"BOILERSTRIP_FIELDS": ["headline", "bodyy"]}, ValueError),
        ({"BOILERSTRIP_RULES": ["no/such/rules.toml"]}, RuleError),
    ],
)
def test_a_wrong_setting_fails_when_the_crawl_starts(settings: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        _pipeline(**settings)


def test_an_item_without_the_page_passes_untouched() -> None:
    item = {"url": "https://example.org/", "title": "no page here"}
    assert _pipeline().process_item(dict(item)) == item


class Declared(scrapy.Item):
    url = scrapy.Field()
    html = scrapy.Field()
    headline = scrapy.Field()
    body = scrapy.Field()
    error_type = scrapy.Field()
    error = scrapy.Field()


def test_a_scrapy_item_gets_the_fields_it_declares_and_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    pipeline = _pipeline()
    article = clean(PAGES[0].body, url=PAGES[0].url)
    with caplog.at_level(logging.WARNING, logger="boilerstrip.scrapy"):
        items = [pipeline.process_item(Declared(url=page.url, html=page.body)) for page in PAGES[:2]]
    assert isinstance(items[0], Declared)
    assert dict(items[0]) == {"url": PAGES[0].url, "html": PAGES[0].body, "headline": article.headline, "body": article.body, "error_type": None, "error": None}
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 4, warnings  # author, timestamp, updated, page_type: once each for the class
    assert all(w.startswith("Declared declares no field") for w in warnings)


@dataclasses.dataclass
class PageRecord:
    url: str
    html: bytes
    headline: str | None = None
    author: str | None = None
    timestamp: str | None = None
    updated: str | None = None
    page_type: str | None = None
    body: str | None = None
    error_type: str | None = None
    error: str | None = None


@attrs.define
class AttrsPage:
    url: str
    html: bytes
    body: str | None = None
    error_type: str | None = None
    error: str | None = None


def test_dataclass_and_attrs_items() -> None:
    pipeline = _pipeline()
    page = PAGES[1]
    article = clean(page.body, url=page.url).to_dict()
    record = pipeline.process_item(PageRecord(page.url, page.body))
    assert dataclasses.asdict(record) == {"url": page.url, "html": page.body, **{k: article[k] for k in DEFAULT_FIELDS}, "error_type": None, "error": None}
    failed = pipeline.process_item(AttrsPage("https://example.org/photo", PNG))
    assert (failed.body, failed.error_type) == (None, "NotTextError")


def test_the_pipeline_counts_in_the_crawl_stats() -> None:
    crawler = get_crawler()
    pipeline = BoilerstripPipeline.from_crawler(crawler)
    for page in [PAGES[0].body, PNG, b"\x00\x01\x02" * 100]:
        pipeline.process_item({"url": "https://example.org/", "html": page})
    stats = crawler.stats.get_stats()
    assert stats["boilerstrip/cleaned"] == 1 and stats["boilerstrip/failed"] == 2
    assert stats["boilerstrip/failed/NotTextError"] == 2


def test_without_the_extra_the_pipeline_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "itemadapter", None)  # what an environment without Scrapy sees
    with pytest.raises(MissingExtraError, match=r"pip install 'boilerstrip\[scrapy\]'"):
        BoilerstripPipeline()


# --- article_of ----------------------------------------------------------------------------

CP1252_PAGE = (
    "<html><head><title>Le budget de l’école</title></head><body>"
    + "<p>Le conseil s’est réuni mardi à l’école et a voté le budget déjà prévu, « enfin », dit-on.</p>" * 4
    + "</body></html>"
)


def test_article_of_decodes_with_the_declared_encoding() -> None:
    body = CP1252_PAGE.encode("cp1252")
    url = "https://example.org/ecole"
    response = HtmlResponse(url, body=body, headers={"Content-Type": "text/html; charset=windows-1252"})
    assert page_of(response) == CP1252_PAGE
    assert article_of(response) == clean(CP1252_PAGE, url=url)
    assert "réuni mardi à l’école" in article_of(response).body


def test_article_of_leaves_undeclared_and_utf8_bodies_to_boilerstrip() -> None:
    page = PAGES[0]
    undeclared = HtmlResponse(page.url, body=page.body)  # no header, no <meta> charset in the page
    mislabelled = HtmlResponse(page.url, body=page.body, headers={"Content-Type": "text/html; charset=iso-8859-1"})
    not_text = Response(page.url, body=PNG)
    assert page_of(undeclared) is page.body and page_of(mislabelled) is page.body and page_of(not_text) is PNG
    assert article_of(undeclared) == article_of(mislabelled) == clean(page.body, url=page.url)
    with pytest.raises(NotTextError):
        article_of(not_text)


def test_article_of_reuses_a_cleaner_and_takes_options() -> None:
    page = PAGES[2]
    response = HtmlResponse(page.url, body=page.body, headers={"Content-Type": "text/html; charset=utf-8"})
    cleaner = Cleaner(favor="precision")
    assert article_of(response, cleaner=cleaner) == cleaner.clean(page.body, url=page.url)
    assert article_of(response, favor="recall") == clean(page.body, url=page.url, favor="recall")
    with pytest.raises(TypeError):
        article_of(response, cleaner=cleaner, favor="recall")  # a cleaner's options are its own
