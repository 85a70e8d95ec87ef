"""Scrapy integration: an item pipeline that cleans the pages a spider scraped, and :func:`article_of`.

Install with ``pip install "boilerstrip[scrapy]"``. Nothing here imports Scrapy until it is
used, so ``import boilerstrip.scrapy`` always works; without the extra the pipeline raises
:class:`MissingExtraError`.

:class:`BoilerstripPipeline`, enabled in ``ITEM_PIPELINES``, cleans the page an item carries
(its ``html`` field, or the one ``BOILERSTRIP_FIELD`` names, as ``str`` or ``bytes``) with the
URL in its ``url`` field, and adds the Article's fields to the item: ``headline``, ``author``,
``timestamp`` (ISO 8601 text), ``updated``, ``page_type`` and ``body`` by default, with
``error_type`` and ``error`` (``None`` unless the page failed). One
:class:`~boilerstrip.Cleaner` is built per crawler, from the settings:

========================================  ======================================================
``BOILERSTRIP_FIELD``                     the item field holding the page (default ``"html"``)
``BOILERSTRIP_URL_FIELD``                 the item field holding its URL (default ``"url"``)
``BOILERSTRIP_FIELDS``                    the Article fields to add (default :data:`DEFAULT_FIELDS`;
                                          any of :data:`ARTICLE_FIELDS`)
``BOILERSTRIP_FAVOR``                     ``"balanced"`` (default), ``"precision"`` or ``"recall"``
``BOILERSTRIP_RULES``                     paths of TOML rule files (:func:`boilerstrip.load_rules`)
``BOILERSTRIP_INCLUDE_COMMENTS``          keep comment sections (default ``False``)
========================================  ======================================================

A wrong setting (an unknown favor or field, a broken rule file) stops the crawl when it
starts. A page that cannot be cleaned does not: its item gets ``error_type`` (the
exception's name, e.g. ``"NotTextError"``) and ``error`` (its message) and ``None`` for the
Article's fields, a warning is logged, and the crawl goes on. The crawl's stats count
``boilerstrip/cleaned`` and ``boilerstrip/failed`` (and ``boilerstrip/failed/<error_type>``).
An item without the page field (or with ``None`` there) passes through untouched.

Items may be dicts or anything :mod:`itemadapter` adapts: a ``scrapy.Item``, a dataclass, an
attrs or a pydantic class. Those declare their fields, and only declared fields can be set:
the pipeline sets the ones the item's class declares and leaves the others out, with one
warning per class naming them; so an ``Item`` that declares ``headline`` and ``body`` gets
just those (declare ``error_type`` and ``error`` to see failures in the output too).

The spider keeps the page as ``response.text`` (Scrapy's decoding) or ``response.body``
(bytes: boilerstrip detects the encoding, as :func:`boilerstrip.clean` does). Feed exporters
cannot write bytes, and the page is usually not wanted in the output: leave it out with the
feed's ``fields`` (or ``FEED_EXPORT_FIELDS``).

Cleaning runs in the crawl's thread, as Scrapy runs every pipeline: about 10 to 100 ms for a
typical page.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ._distributed import (
    ARTICLE_FIELDS,
    ERROR_FIELDS,
    METADATA_FIELDS,
    MissingExtraError,
    PartitionCleaner,
    RulesOption,
    check_fields,
    check_host_options,
    require,
)
from .api import Cleaner, Favor, clean
from .article import Article

if TYPE_CHECKING:
    from itemadapter import ItemAdapter
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector
    from typing_extensions import Self

__all__ = ["ARTICLE_FIELDS", "DEFAULT_FIELDS", "BoilerstripPipeline", "MissingExtraError", "article_of", "page_of"]

logger = logging.getLogger("boilerstrip.scrapy")
logger.addHandler(logging.NullHandler())

DEFAULT_FIELDS = (*METADATA_FIELDS, "body")
"""The Article fields the pipeline adds to an item unless ``BOILERSTRIP_FIELDS`` says otherwise."""


class BoilerstripPipeline:
    """A Scrapy item pipeline: the page an item carries, cleaned into fields of the item.

    Enable it in the settings (see the module's docstring for its own)::

        ITEM_PIPELINES = {"boilerstrip.scrapy.BoilerstripPipeline": 300}

    Scrapy builds it with :meth:`from_crawler`; building it by hand takes the same options as
    keyword arguments (``field``, ``url_field``, ``fields``, and those of
    :class:`~boilerstrip.Cleaner` and :func:`~boilerstrip.clean` but ``url``; ``rules`` may be
    paths of rule files).
    """

    def __init__(
        self,
        *,
        field: str = "html",
        url_field: str = "url",
        fields: Sequence[str] | None = None,
        stats: StatsCollector | None = None,
        **options: Any,
    ) -> None:
        require("itemadapter", extra="scrapy", purpose="boilerstrip.scrapy.BoilerstripPipeline")
        self.field = field
        self.url_field = url_field
        self.fields = (*check_fields(DEFAULT_FIELDS if fields is None else fields, ARTICLE_FIELDS), *ERROR_FIELDS)
        self._cleaning = PartitionCleaner(check_host_options(options))
        self.cleaner: Cleaner = self._cleaning.options.build()
        """The one cleaner of the crawl, shared by every item."""
        self._stats = stats
        self._undeclared: set[tuple[type, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """The pipeline of a crawl, configured by its ``BOILERSTRIP_*`` settings."""
        settings = crawler.settings
        rules: RulesOption = settings.getlist("BOILERSTRIP_RULES") or None
        favor: Favor = settings.get("BOILERSTRIP_FAVOR", "balanced")
        return cls(
            field=settings.get("BOILERSTRIP_FIELD", "html"),
            url_field=settings.get("BOILERSTRIP_URL_FIELD", "url"),
            fields=settings.getlist("BOILERSTRIP_FIELDS") or None,
            stats=crawler.stats,
            favor=favor,
            rules=rules,
            include_comments=settings.getbool("BOILERSTRIP_INCLUDE_COMMENTS", False),
        )

    def process_item(self, item: Any, spider: object = None) -> Any:
        """Clean the item's page into its fields; return the item (never drop it).

        ``spider`` is accepted for Scrapy before 2.13, which passes it; it is not used.
        """
        from itemadapter import ItemAdapter

        adapter = ItemAdapter(item)
        page = adapter.get(self.field)
        if page is None:
            return item
        url = adapter.get(self.url_field)
        record = self._cleaning.clean(self.cleaner, page, url)
        if record["error_type"] is None:
            self._count("boilerstrip/cleaned")
        else:
            self._count("boilerstrip/failed", f"boilerstrip/failed/{record['error_type']}")
            logger.warning("boilerstrip could not clean %s: %s: %s", url or "an item", record["error_type"], record["error"])
        for name in self.fields:
            self._set(adapter, name, record[name])
        return item

    def _set(self, adapter: ItemAdapter, name: str, value: object) -> None:
        try:
            adapter[name] = value
        except KeyError:  # a field the item's class does not declare
            kind = type(adapter.item)
            if (kind, name) not in self._undeclared:
                self._undeclared.add((kind, name))
                logger.warning(
                    "%s declares no field %r: boilerstrip leaves it out (declare it, or set BOILERSTRIP_FIELDS)",
                    kind.__qualname__, name,
                )

    def _count(self, *keys: str) -> None:
        if self._stats is not None:
            for key in keys:
                self._stats.inc_value(key)


def page_of(response: Response) -> str | bytes:
    """The page of a response, as :func:`boilerstrip.clean` should read it.

    A response whose encoding is declared (by Scrapy's rules: given to the response, a
    byte-order mark, the ``Content-Type`` header, a ``<meta>`` charset) is decoded with it,
    except that a body which is valid UTF-8 stays bytes: boilerstrip reads it as UTF-8
    whatever the label says, as it does for a page's own ``<meta>`` (a server's default
    ``charset=iso-8859-1`` over a UTF-8 page is the common mislabel). A body the declared
    encoding cannot decode, and a response that declares none (or is not text), is given as
    bytes for boilerstrip's own detection.

    >>> from scrapy.http import HtmlResponse
    >>> page_of(HtmlResponse("https://example.org/", body="<p>café</p>".encode("cp1252"),
    ...                      headers={"Content-Type": "text/html; charset=windows-1252"}))
    '<p>café</p>'
    """
    body = response.body
    declared = getattr(response, "_declared_encoding", None)  # a TextResponse's (Scrapy's own rules)
    encoding = declared() if callable(declared) else None
    if not encoding:
        return body
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return body
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return body


def article_of(response: Response, *, cleaner: Cleaner | None = None, **options: Any) -> Article:
    """The :class:`~boilerstrip.Article` of a Scrapy response, for a spider that wants it at once.

    The page is :func:`page_of` the response, its URL ``response.url``. Pass the ``cleaner``
    you built (in the spider's ``__init__``, say) to reuse it; ``options`` are then the
    per-page options of :func:`~boilerstrip.clean` (``language``, ``now``, ``input``), or
    without one any option of :func:`~boilerstrip.clean` but ``url``. A page that cannot be
    cleaned raises, as :func:`~boilerstrip.clean` does (a
    :class:`~boilerstrip.BoilerstripError`)::

        def parse(self, response):
            article = article_of(response, cleaner=self.cleaner)
            yield {"url": response.url, "headline": article.headline, "body": article.body}
    """
    page = page_of(response)
    if cleaner is None:
        return clean(page, url=response.url, **options)
    return cleaner.clean(page, url=response.url, **options)
