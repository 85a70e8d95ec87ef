"""The result of cleaning a page: :class:`Article` and its parts.

All three classes are frozen dataclasses: a result can be shared, hashed and compared, and
an empty page gives an empty :class:`Article` (empty strings and tuples), never ``None``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["Article", "Caption", "Removed"]


@dataclass(frozen=True, slots=True)
class Caption:
    """A photo caption, with its credit split out when the page gives one.

    >>> Caption("Smoke rises over the town.", "REUTERS/Kai Pfaffenbach").credit
    'REUTERS/Kai Pfaffenbach'
    """

    text: str
    credit: str | None = None
    title: str | None = None
    """The image's title or alt line printed above the caption, when there is one."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "credit": self.credit, "title": self.title}


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of text left out of the body, with why.

    ``kind`` is the kind of chrome (``"social"``, ``"analytics"``, ``"navigation"``, ...);
    ``rule`` is the id of the rule (``"social.follow-prompt"``) or the heuristic
    (``"density.short-isolated"``) that removed it.
    """

    text: str
    kind: str
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kind": self.kind, "rule": self.rule}


@dataclass(frozen=True, slots=True)
class Article:
    """What :func:`boilerstrip.clean` returns.

    ``str(article)`` is the body, so an Article can be written wherever text is expected.

    >>> a = Article(paragraphs=("First.", "Second."))
    >>> str(a)
    'First.\\n\\nSecond.'
    """

    paragraphs: tuple[str, ...] = ()
    headline: str | None = None
    timestamp: datetime | None = None
    timestamp_text: str | None = None
    captions: tuple[Caption, ...] = ()
    removed: tuple[Removed, ...] = ()
    author: str | None = None
    updated: datetime | None = None
    """When the page says it was last updated ("Updated May 2, 2024", ``dateModified``);
    ``timestamp`` stays the publication date."""
    updated_text: str | None = None
    warnings: tuple[str, ...] = ()
    """Problems met while cleaning that did not stop it (a rule that timed out, ...)."""
    page_type: str | None = None
    """What kind of page an HTML page is, by the page-type model: one of ``"article"``,
    ``"documentation"``, ``"forum"``, ``"service"``, ``"product"``, ``"collection"``,
    ``"listing"`` (:data:`boilerstrip.dom.describe.PAGE_TYPES`); ``None`` for plain text."""
    body: str = field(init=False, default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "body", "\n\n".join(self.paragraphs))

    def __str__(self) -> str:
        return self.body

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dict of every field (the timestamp and the update as ISO 8601 text)."""
        return {
            "headline": self.headline,
            "author": self.author,
            "timestamp": self.timestamp.isoformat() if self.timestamp else None,
            "timestamp_text": self.timestamp_text,
            "updated": self.updated.isoformat() if self.updated else None,
            "updated_text": self.updated_text,
            "captions": [c.to_dict() for c in self.captions],
            "body": self.body,
            "paragraphs": list(self.paragraphs),
            "removed": [r.to_dict() for r in self.removed],
            "warnings": list(self.warnings),
            "page_type": self.page_type,
        }

    def to_json(self, **kwargs: Any) -> str:
        """``to_dict()`` serialised as JSON text (keyword arguments go to :func:`json.dumps`)."""
        kwargs.setdefault("ensure_ascii", False)
        return json.dumps(self.to_dict(), **kwargs)
