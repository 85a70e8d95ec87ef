"""LangChain integration: :class:`BoilerstripTransformer`, a document transformer (langchain-core only).

Install with ``pip install "boilerstrip[langchain]"`` (``langchain-core``). The transformer
subclasses ``BaseDocumentTransformer``, so importing this module without langchain-core raises
:class:`MissingExtraError` naming the extra.

HTML documents in (a loader's ``page_content``, with the page's URL in ``metadata["url"]`` or
``metadata["source"]``), cleaned documents out: ``page_content`` is the Article's body, and
its fields join the document's metadata (``headline``, ``author``, ``timestamp``,
``updated``, ``page_type`` by default; they replace keys of the same name). A field the page
does not have is left out rather than set to ``None``, so vector stores that refuse ``None``
(Chroma) take the metadata as it is. The input documents are not changed.

A page that cannot be cleaned (binary data, a page over ``max_bytes``) is handled as
``on_error`` says:

- ``"raise"`` (the default): the :class:`~boilerstrip.BoilerstripError` that
  :func:`boilerstrip.clean` raised (``NotTextError``, ...) propagates, with a note naming the
  document (Python 3.11+); no document is returned;
- ``"keep"``: the document comes out with an empty ``page_content`` and ``error_type`` and
  ``error`` in its metadata, so the output lines up with the input;
- ``"drop"``: the document is left out of the output, and a warning is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any, Literal, get_args

from ._distributed import (
    ARTICLE_FIELDS,
    ERROR_FIELDS,
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
from .errors import BoilerstripError, OptionError

require("langchain_core.documents", extra="langchain", purpose="boilerstrip.langchain")

from langchain_core.documents import BaseDocumentTransformer, Document  # noqa: E402

__all__ = ["ARTICLE_FIELDS", "METADATA_FIELDS", "URL_KEYS", "BoilerstripTransformer", "MissingExtraError", "OnError"]

logger = logging.getLogger("boilerstrip.langchain")
logger.addHandler(logging.NullHandler())

OnError = Literal["raise", "keep", "drop"]
"""What :class:`BoilerstripTransformer` does with a page that cannot be cleaned (see the module's docstring)."""
URL_KEYS = ("url", "source")
"""The metadata keys read for a document's URL, in this order; a value counts only when it is an
``http(s)://`` address (a file loader's ``source`` is a path)."""


class BoilerstripTransformer(BaseDocumentTransformer):
    """Clean HTML documents into their article text, with the Article's fields in the metadata.

    One :class:`~boilerstrip.Cleaner` is built here and shared by every call (it is safe to
    share between threads, as ``atransform_documents`` does). Options: ``favor``, ``rules``
    (TOML paths or rules), ``include_comments``, ``fields`` (any of :data:`ARTICLE_FIELDS`),
    ``on_error`` (see the module's docstring), and any other option of
    :class:`~boilerstrip.Cleaner` and :func:`~boilerstrip.clean` but ``url``.

    >>> page = "<html><head><title>Budget</title></head><body><nav>Home | News</nav>" + (
    ...     "<p>The council met on Tuesday and agreed the new budget for the schools of the town.</p>" * 3) + "</body></html>"
    >>> [doc] = BoilerstripTransformer().transform_documents([Document(page, metadata={"source": "https://example.org/budget"})])
    >>> doc.page_content[:26], doc.metadata["source"]
    ('The council met on Tuesday', 'https://example.org/budget')
    """

    def __init__(
        self,
        *,
        favor: Favor = "balanced",
        rules: RulesOption = None,
        include_comments: bool = False,
        fields: Sequence[str] | None = None,
        on_error: OnError = "raise",
        **options: Any,
    ) -> None:
        if on_error not in get_args(OnError):
            raise OptionError(f"on_error must be one of {', '.join(map(repr, get_args(OnError)))}, not {on_error!r}")
        self.fields = check_fields(METADATA_FIELDS if fields is None else fields, ARTICLE_FIELDS)
        self.on_error: OnError = on_error
        self._cleaning = PartitionCleaner(
            check_host_options({"favor": favor, "rules": rules, "include_comments": include_comments, **options})
        )
        self.cleaner: Cleaner = self._cleaning.options.build()

    def transform_documents(self, documents: Sequence[Document], **kwargs: Any) -> Sequence[Document]:
        """The cleaned documents, in order (without those that failed, with ``on_error="drop"``)."""
        if kwargs:
            raise TypeError(f"unknown argument(s) {', '.join(sorted(kwargs))}: give options to BoilerstripTransformer()")
        cleaned = (self._transform(position, document) for position, document in enumerate(documents))
        return [document for document in cleaned if document is not None]

    def _transform(self, position: int, document: Document) -> Document | None:
        url = next((u for u in map(document.metadata.get, URL_KEYS) if isinstance(u, str) and u.startswith(("http://", "https://"))), None)
        if self.on_error == "raise":
            try:
                record = self.cleaner.clean(document.page_content, url=url, **self._cleaning.options.page).to_dict()
            except BoilerstripError as exc:
                if hasattr(exc, "add_note"):  # Python 3.11+
                    exc.add_note(f"while boilerstrip cleaned {_name(position, document, url)}")
                raise
            return _copy(document, record["body"], pick_fields(record, self.fields, drop_none=True))
        record = self._cleaning.clean(self.cleaner, document.page_content, url)
        if record["error_type"] is None:
            return _copy(document, record["body"], pick_fields(record, self.fields, drop_none=True))
        if self.on_error == "drop":
            logger.warning("boilerstrip could not clean %s: %s: %s; dropping it", _name(position, document, url), record["error_type"], record["error"])
            return None
        return _copy(document, "", pick_fields(record, ERROR_FIELDS))


def _name(position: int, document: Document, url: str | None) -> str:
    return f"document {position} ({url or document.metadata.get('source') or 'no URL'})"


def _copy(document: Document, text: str, fields: dict[str, Any]) -> Document:
    """A new document of the same class with ``fields`` added to its metadata, keeping its ``id``
    (the input stays as it was)."""
    extra = {} if getattr(document, "id", None) is None else {"id": document.id}
    return type(document)(page_content=text, metadata={**document.metadata, **fields}, **extra)
