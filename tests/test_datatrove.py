"""boilerstrip.datatrove in a real datatrove pipeline: ``WarcReader`` → ``Boilerstrip`` → ``JsonlWriter``.

The WARC is built here, in the test's folder, from the fixture pages (``warcio``, which the
``datatrove`` extra brings), so no binary is committed. Every output document is checked
against plain :func:`boilerstrip.clean` on the same record's payload and URL.
"""

from __future__ import annotations

import importlib
import json
import pickle
import sys
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("datatrove", reason="the datatrove extra is missing: pip install -e '.[datatrove]' (the test extra includes it)")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import WarcReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402
from integrations_support import (  # noqa: E402
    ACME_PAGE,
    ACME_RULES,
    ACME_URL,
    PNG,
    fixture_pages,
)
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402

from boilerstrip import OptionError, OptionTypeError, clean, load_rules  # noqa: E402
from boilerstrip.datatrove import METADATA_FIELDS, Boilerstrip, MissingExtraError  # noqa: E402

CONTROLS = b"\x00\x01\x02" * 100
"""Valid UTF-8, so WarcReader keeps it, but control characters: clean() raises NotTextError."""
BROKEN_URL = "https://erikdemaine.org/broken"
DATE = "2025-03-01T12:00:00Z"


def _build_warc(path: Path) -> dict[str, bytes]:
    """A crawl file of the fixture pages, the rules fixture's page, a page that cannot be cleaned
    and an image (which WarcReader skips); returns the HTML responses' payloads by URL."""
    html = {page.url: page.body for page in fixture_pages()} | {ACME_URL: ACME_PAGE.read_bytes(), BROKEN_URL: CONTROLS}
    responses = [(url, body, "text/html") for url, body in html.items()] + [("https://erikdemaine.org/logo.png", PNG, "image/png")]
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, body, mime in responses:
            http = StatusAndHeaders("200 OK", [("Content-Type", mime)], protocol="HTTP/1.1")
            headers = {"WARC-Date": DATE, "WARC-Identified-Payload-Type": mime}
            # with its length given, warcio does not spool the payload to a temporary file it never closes
            record = writer.create_warc_record(url, "response", payload=BytesIO(body), length=len(body), http_headers=http, warc_headers_dict=headers)
            writer.write_record(record)
    return html


def _expected(payload: bytes, url: str, **options: Any) -> tuple[str, dict[str, Any]]:
    """The body and the metadata fields that clean() gives for a page."""
    article = clean(payload, url=url, **options).to_dict()
    return article["body"], {k: article[k] for k in METADATA_FIELDS if article[k] is not None}


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], list[dict[str, Any]], dict[str, Any], str]:
    """The payloads of the WARC, the documents the pipeline wrote, the step's stats and the task's log."""
    work = tmp_path_factory.mktemp("datatrove")
    (work / "warc").mkdir()
    payloads = _build_warc(work / "warc" / "pages.warc.gz")
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(work / "warc")),
            Boilerstrip(favor="precision", rules=[ACME_RULES]),
            JsonlWriter(str(work / "out"), compression=None),
        ],
        tasks=1,
        logging_dir=str(work / "logs"),
    ).run()
    documents = [json.loads(line) for path in sorted((work / "out").glob("*.jsonl")) for line in path.read_text(encoding="utf-8").splitlines()]
    [stats_file] = (work / "logs" / "stats").glob("*.json")
    [step_stats] = [s for s in json.loads(stats_file.read_text(encoding="utf-8")) if "Boilerstrip" in s["name"]]
    log = "".join(path.read_text(encoding="utf-8") for path in (work / "logs" / "logs").glob("*.log"))
    return payloads, documents, step_stats["stats"], log


def test_the_pipeline_equals_clean_on_the_same_records(pipeline_run: tuple[dict[str, bytes], list[dict[str, Any]], dict[str, Any], str]) -> None:
    payloads, documents, _, _ = pipeline_run
    rules = load_rules(ACME_RULES)
    by_url = {document["metadata"]["url"]: document for document in documents}
    assert len(by_url) == len(documents)
    expected_urls = set(payloads) - {BROKEN_URL}
    assert set(by_url) == expected_urls  # every page but the broken one, no image
    for url in expected_urls:
        body, fields = _expected(payloads[url], url, favor="precision", rules=rules)
        document = by_url[url]
        assert document["text"] == body and body, url
        assert document["metadata"] == {"url": url, "date": DATE, "file_path": document["metadata"]["file_path"], **fields}, url
    # the site's rules were read from their file: the rules fixture's page has its headline
    assert by_url[ACME_URL]["metadata"]["headline"] == clean(payloads[ACME_URL], url=ACME_URL, rules=rules).headline


def test_a_page_that_fails_is_dropped_and_counted(pipeline_run: tuple[dict[str, bytes], list[dict[str, Any]], dict[str, Any], str]) -> None:
    payloads, _, stats, log = pipeline_run
    assert stats["total"] == len(payloads)  # the broken page reached the step
    assert stats["clean_error"] == 1
    assert stats["forwarded"] == len(payloads) - 1
    assert f"boilerstrip could not clean {BROKEN_URL} (NotTextError: " in log


def test_the_step_alone_on_documents_takes_fields_and_keeps_other_metadata() -> None:
    page = fixture_pages()[3]  # the forum thread: it has a timestamp, no author
    step = Boilerstrip(fields=["headline", "author", "timestamp", "captions"], include_comments=True)
    documents = [
        Document(text=page.body.decode("utf-8"), id="a", metadata={"url": page.url, "lang": "en"}),
        Document(text=page.body.decode("utf-8"), id="b", metadata={}),  # no URL: cleaned without one
    ]
    with_url, without_url = step.run(iter(documents))
    article = clean(page.body, url=page.url, include_comments=True)
    assert with_url.text == article.body
    # the author is None: left out
    assert with_url.metadata == {"url": page.url, "lang": "en", "headline": article.headline, "timestamp": article.to_dict()["timestamp"], "captions": []}
    assert without_url.text == clean(page.body, include_comments=True).body
    assert step.extract(page.body.decode("utf-8")) == without_url.text  # BaseExtractor's interface, without a URL


def test_a_page_over_the_timeout_is_dropped() -> None:
    # datatrove's sandbox waits 0.1 s past the deadline before it gives up, and a forked child
    # can warm up inside a millisecond: the page must take well over 0.1 s, whatever the machine.
    # A made-up story of 20,000 paragraphs (about 2 MB) takes seconds to clean.
    paragraph = "<p>The council met on Tuesday to weigh the plan for the river path, and voted to fund it.</p>"
    page = f"<html><body><article><h1>River path</h1>{paragraph * 20_000}</article></body></html>"
    step = Boilerstrip(timeout=0.05)
    assert list(step.run(iter([Document(text=page, id="a", metadata={"url": "https://example.org/river"})]))) == []
    assert step.stats["timeout"].total == 1


def test_the_step_survives_pickling() -> None:
    # datatrove ships the pipeline to its worker processes
    page = fixture_pages()[1]
    step = pickle.loads(pickle.dumps(Boilerstrip(favor="recall", rules=[ACME_RULES])))
    [document] = step.run(iter([Document(text=page.body.decode("utf-8"), id="a", metadata={"url": page.url})]))
    assert document.text == clean(page.body, url=page.url, favor="recall", rules=load_rules(ACME_RULES)).body


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"favor": "most"}, OptionError),
        ({"url": "https://example.org/"}, OptionTypeError),
        ({"fields": ["headline", "nope"]}, ValueError),
        ({"colour": "blue"}, OptionTypeError),
    ],
)
def test_wrong_options_fail_when_the_step_is_built(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        Boilerstrip(**options)


def test_without_the_extra_the_module_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "boilerstrip.datatrove")
    monkeypatch.setitem(sys.modules, "datatrove.pipeline.extractors.base", None)  # what an environment without datatrove sees
    with pytest.raises(MissingExtraError, match=r"pip install 'boilerstrip\[datatrove\]'"):
        importlib.import_module("boilerstrip.datatrove")
