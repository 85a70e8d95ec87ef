"""datatrove integration: :class:`Boilerstrip`, an extractor step for datatrove pipelines.

Install with ``pip install "boilerstrip[datatrove]"`` (``datatrove[io]``: its WARC reader and
JSON Lines writer need the ``io`` extra). The step subclasses datatrove's ``BaseExtractor``,
so importing this module without datatrove raises :class:`MissingExtraError` naming the extra.

The step takes each document's HTML (``document.text``, as datatrove's ``WarcReader`` gives
it) and its URL (``document.metadata["url"]``), and puts the cleaned body in
``document.text`` and the Article's fields in ``document.metadata``: ``headline``, ``author``,
``timestamp`` and ``updated`` (ISO 8601 text) and ``page_type`` by default. A field the page
does not have is left out rather than set to ``None`` (datatrove's metadata holds strings,
numbers and booleans). Options are those of the other integrations: ``favor``, ``rules``
(TOML paths or rules), ``include_comments``, and any other option of
:class:`~boilerstrip.Cleaner` and :func:`~boilerstrip.clean` but ``url``; they are checked when
the step is built, before any task runs.

As in datatrove's own extractors, each task cleans its documents in a child process it can
kill: a page that takes longer than ``timeout`` seconds is dropped (stat ``timeout``) and
the child is started again. A page that cannot be cleaned is dropped too (stat
``clean_error``), with a warning in the task's log for the first page of each kind of error;
a page whose body is empty is dropped (stat ``dropped``), as datatrove's extractors do.
The cleaner is built once per child process, so rules compile once per task.

A Common Crawl-style pipeline (``tests/test_datatrove.py`` runs one)::

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter
    from boilerstrip.datatrove import Boilerstrip

    LocalPipelineExecutor(pipeline=[
        WarcReader("crawl/", glob_pattern="*.warc.gz"),
        Boilerstrip(favor="precision"),
        JsonlWriter("cleaned/"),
    ], tasks=4).run()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._distributed import (
    ARTICLE_FIELDS,
    METADATA_FIELDS,
    MissingExtraError,
    PartitionCleaner,
    RulesOption,
    check_fields,
    check_host_options,
    pick_fields,
    require,
)
from .api import Cleaner, Favor

require("datatrove.pipeline.extractors.base", extra="datatrove", purpose="boilerstrip.datatrove")

from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox  # noqa: E402
from datatrove.utils.logging import logger  # noqa: E402 - the task's log, where datatrove users look
from datatrove.utils.typeshelper import StatHints  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from datatrove.data import Document

__all__ = ["ARTICLE_FIELDS", "DEFAULT_TIMEOUT", "METADATA_FIELDS", "Boilerstrip", "MissingExtraError"]

DEFAULT_TIMEOUT = 10.0
"""Seconds a page may take: boilerstrip cleans a typical page in 10 to 100 ms, and a page of
megabytes in seconds; datatrove's own default (1 s) would drop large pages on a busy machine."""


@dataclass(frozen=True, slots=True)
class _Page:
    """One document as the child process gets it. Not a tuple: datatrove 0.8 and later spread a
    tuple into the arguments of the extracting function, earlier versions pass it whole."""

    html: str
    url: str | None


class Boilerstrip(BaseExtractor):  # type: ignore[misc] # datatrove ships no type hints
    """A datatrove step: HTML documents in, cleaned documents out (see the module's docstring).

    ``fields`` chooses the Article fields put in the metadata (any of :data:`ARTICLE_FIELDS`;
    :data:`METADATA_FIELDS` by default). ``timeout`` is per document, in seconds.
    """

    name = "🧹 Boilerstrip"

    def __init__(
        self,
        *,
        favor: Favor = "balanced",
        rules: RulesOption = None,
        include_comments: bool = False,
        fields: Sequence[str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        **options: Any,
    ) -> None:
        super().__init__(timeout)
        self.fields = check_fields(METADATA_FIELDS if fields is None else fields, ARTICLE_FIELDS)
        self.cleaning = PartitionCleaner(
            check_host_options({"favor": favor, "rules": rules, "include_comments": include_comments, **options})
        )
        self._cleaner: Cleaner | None = None
        self._warned: set[str] = set()

    def _built(self) -> Cleaner:
        if self._cleaner is None:
            self._cleaner = self.cleaning.options.build()
        return self._cleaner

    def extract(self, text: str) -> str:
        """The body of one page, without its URL (``BaseExtractor``'s interface; :meth:`run`
        gives each page its URL). A page that cannot be cleaned raises, as
        :func:`boilerstrip.clean` does."""
        return self._built().clean(text, **self.cleaning.options.page).body

    def _record(self, page: _Page | str) -> dict[str, Any] | None:
        """What runs in the child process: a page in, its record out. A ``str`` is the sandbox's
        warm-up call, which builds the cleaner before the first page's clock starts."""
        cleaner = self._built()
        if isinstance(page, str):
            return None
        return self.cleaning.clean(cleaner, page.html, page.url)

    def run(self, data: Iterable[Document], rank: int = 0, world_size: int = 1) -> Iterator[Document]:
        """Clean each document with its URL; drop those that fail, time out or come out empty."""
        with ExtractorSandbox(timeout=self.timeout) as sandbox:
            for document in data:
                self.stat_update(StatHints.total)
                url = document.metadata.get("url")
                with self.track_time():
                    try:
                        record = sandbox.process_document(_Page(document.text, url), self._record)
                    except TimeoutError:
                        self.stat_update("timeout")
                        logger.warning(f"⏰ boilerstrip took more than {self.timeout} s on {url or document.id}: skipping it")
                        continue
                    except EOFError:  # the child died (out of memory, most likely); the sandbox starts another
                        self.stat_update("broken_process")
                        logger.warning(f"boilerstrip's process died on {url or document.id}: skipping it")
                        continue
                if record["error_type"] is not None:
                    self._failed(document, record)
                    continue
                self.stat_update("extracted")
                document.text = record["body"]
                document.metadata.update(pick_fields(record, self.fields, drop_none=True))
                if document.text:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(document)
                    yield document
                else:
                    self.stat_update(StatHints.dropped)

    def _failed(self, document: Document, record: dict[str, Any]) -> None:
        kind = record["error_type"]
        self.stat_update("clean_error")
        if kind not in self._warned:
            self._warned.add(kind)
            logger.warning(
                f"❌ boilerstrip could not clean {document.metadata.get('url') or document.id} "
                f"({kind}: {record['error']}): skipping it. Later {kind} pages are only counted (clean_error)."
            )
