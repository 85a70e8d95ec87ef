"""boilerstrip.langchain on real LangChain ``Document`` objects (langchain-core only).

Every cleaned document is checked against plain :func:`boilerstrip.clean` on the same page
and URL.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import sys
from typing import Any

import pytest

pytest.importorskip("langchain_core", reason="the langchain extra is missing: pip install -e '.[langchain]' (the test extra includes it)")

from integrations_support import (  # noqa: E402
    ACME_PAGE,
    ACME_RULES,
    ACME_URL,
    fixture_pages,
)
from langchain_core.documents import BaseDocumentTransformer, Document  # noqa: E402

from boilerstrip import (  # noqa: E402
    InputTooLarge,
    NotTextError,
    OptionError,
    OptionTypeError,
    RuleError,
    clean,
    load_rules,
)
from boilerstrip.langchain import (  # noqa: E402
    METADATA_FIELDS,
    BoilerstripTransformer,
    MissingExtraError,
)

PAGES = fixture_pages()


def _documents() -> list[Document]:
    return [Document(page_content=page.body.decode("utf-8"), metadata={"source": page.url}, id=page.name) for page in PAGES]


def _fields(article: dict[str, Any], names: tuple[str, ...] = METADATA_FIELDS) -> dict[str, Any]:
    return {name: article[name] for name in names if article[name] is not None}


def test_it_is_a_document_transformer() -> None:
    assert isinstance(BoilerstripTransformer(), BaseDocumentTransformer)


def test_cleaned_documents_equal_clean_of_the_same_pages() -> None:
    documents = _documents()
    cleaned = BoilerstripTransformer().transform_documents(documents)
    assert len(cleaned) == len(documents)
    for page, document, result in zip(PAGES, documents, cleaned):
        article = clean(document.page_content, url=page.url).to_dict()
        assert isinstance(result, Document) and result.id == page.name
        assert result.page_content == article["body"] and result.page_content
        assert result.metadata == {"source": page.url, **_fields(article)}
    # the input documents are as they were
    assert [d.page_content for d in documents] == [p.body.decode("utf-8") for p in PAGES]
    assert all(d.metadata == {"source": p.url} for d, p in zip(documents, PAGES))


def test_the_url_comes_from_url_then_an_http_source() -> None:
    page = PAGES[4]  # the Go blog: a listing by its URL, an article without it
    html = page.body.decode("utf-8")
    with_url = clean(html, url=page.url)
    without = clean(html)
    assert with_url.page_type != without.page_type  # so the test can tell
    transformer = BoilerstripTransformer()
    [from_url, from_source, from_path] = transformer.transform_documents([
        Document(page_content=html, metadata={"url": page.url, "source": "/data/go.html"}),
        Document(page_content=html, metadata={"source": page.url}),
        Document(page_content=html, metadata={"source": "/data/go.html"}),  # a file loader's source: a path
    ])
    assert from_url.metadata["page_type"] == from_source.metadata["page_type"] == with_url.page_type
    assert from_path.metadata["page_type"] == without.page_type


def test_options_fields_and_rule_files() -> None:
    html = ACME_PAGE.read_text(encoding="utf-8")
    transformer = BoilerstripTransformer(rules=[ACME_RULES], favor="recall", include_comments=True, fields=["headline", "timestamp", "removed"])
    [result] = transformer.transform_documents([Document(page_content=html, metadata={"url": ACME_URL})])
    article = clean(html, url=ACME_URL, rules=load_rules(ACME_RULES), favor="recall", include_comments=True).to_dict()
    assert result.page_content == article["body"]
    assert result.metadata == {"url": ACME_URL, **_fields(article, ("headline", "timestamp", "removed"))}
    assert any(r["rule"].startswith("acme") for r in result.metadata["removed"])


def _with_a_broken_page() -> list[Document]:
    documents = _documents()[:2]
    documents.insert(1, Document(page_content="\x00\x01\x02" * 100, metadata={"source": "https://example.org/photo"}))
    return documents


def test_on_error_raise_raises_the_pages_error_naming_the_document() -> None:
    with pytest.raises(NotTextError) as caught:
        BoilerstripTransformer().transform_documents(_with_a_broken_page())
    if sys.version_info >= (3, 11):
        assert caught.value.__notes__ == ["while boilerstrip cleaned document 1 (https://example.org/photo)"]


def test_on_error_keep_keeps_the_document_with_its_error() -> None:
    documents = _with_a_broken_page()
    cleaned = BoilerstripTransformer(on_error="keep").transform_documents(documents)
    assert len(cleaned) == 3
    assert cleaned[1].page_content == ""
    assert cleaned[1].metadata == {
        "source": "https://example.org/photo", "error_type": "NotTextError", "error": "the input is mostly control characters, not text",
    }
    assert [d.page_content for d in cleaned[::2]] == [clean(d.page_content, url=d.metadata["source"]).body for d in documents[::2]]


def test_on_error_drop_drops_it_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    documents = _with_a_broken_page()
    with caplog.at_level(logging.WARNING, logger="boilerstrip.langchain"):
        cleaned = BoilerstripTransformer(on_error="drop").transform_documents(documents)
    assert [d.metadata["source"] for d in cleaned] == [PAGES[0].url, PAGES[1].url]
    [warning] = caplog.records
    assert warning.getMessage().startswith("boilerstrip could not clean document 1 (https://example.org/photo): NotTextError")


def test_a_page_over_max_bytes_is_an_error_too() -> None:
    with pytest.raises(InputTooLarge):
        BoilerstripTransformer(max_bytes=1_000).transform_documents(_documents()[:1])


def test_atransform_documents() -> None:
    documents = _documents()[:2]
    transformer = BoilerstripTransformer()
    assert asyncio.run(transformer.atransform_documents(documents)) == transformer.transform_documents(documents)


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"on_error": "ignore"}, OptionError),
        ({"favor": "most"}, OptionError),
        ({"url": "https://example.org/"}, OptionTypeError),
        ({"fields": ["headline", "nope"]}, ValueError),
        ({"rules": ["no/such/rules.toml"]}, RuleError),
    ],
)
def test_wrong_options_fail_when_the_transformer_is_built(options: dict[str, Any], error: type[Exception]) -> None:
    with pytest.raises(error):
        BoilerstripTransformer(**options)


def test_without_the_extra_the_module_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "boilerstrip.langchain")
    monkeypatch.setitem(sys.modules, "langchain_core.documents", None)  # what an environment without langchain-core sees
    with pytest.raises(MissingExtraError, match=r"pip install 'boilerstrip\[langchain\]'"):
        importlib.import_module("boilerstrip.langchain")
