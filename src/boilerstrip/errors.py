"""Errors raised by boilerstrip.

Every exception the library raises on purpose derives from :class:`BoilerstripError`,
so a pipeline can catch that one class and move on to the next page::

    BoilerstripError
    ├── InputError            the page cannot be read as a page
    │   ├── InputTypeError    not a page at all (an int, a list...; also a ``TypeError``)
    │   ├── NotTextError      binary data (images, archives, ...) rather than text or HTML
    │   └── InputTooLarge     the page is larger than the configured ``max_bytes``
    │       ├── TooManyTags   HTML that is almost all tags (``boilerstrip.dom.parse``)
    │       └── TooManyBlocks HTML that cuts into too many blocks (``boilerstrip.dom.segment``)
    ├── RuleError             a rule or rule file is invalid (names the file, rule and problem)
    ├── MissingMainGuardError clean_many(workers>1) called by a script without the
    │                         ``if __name__ == "__main__":`` guard (also a ``RuntimeError``)
    ├── SourceError           a corpus input cannot be read (a missing file, a corrupt gzip or
    │                         WARC file, a bad JSON line; names the file and line)
    └── MissingExtraError     an optional extra is needed (also an ``ImportError``; names it)
"""

from __future__ import annotations

__all__ = [
    "BoilerstripError",
    "InputError",
    "InputTooLarge",
    "InputTypeError",
    "MissingExtraError",
    "MissingMainGuardError",
    "NotTextError",
    "OptionError",
    "OptionTypeError",
    "RuleError",
    "SourceError",
]


class BoilerstripError(Exception):
    """Base class of every error boilerstrip raises."""


class InputError(BoilerstripError, ValueError):
    """The page given to :func:`boilerstrip.clean` cannot be read as a page."""


class InputTypeError(InputError, TypeError):
    """The page is of a type :func:`boilerstrip.clean` cannot take: it takes ``str``, ``bytes``
    (``bytearray``, ``memoryview``), a BeautifulSoup document or tag, or an lxml element or
    tree."""


class NotTextError(InputError):
    """The input is binary data (an image, an archive, ...), not text or HTML."""


class InputTooLarge(InputError):
    """The input is larger than the ``max_bytes`` limit of the cleaner."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"input of {size:,} bytes exceeds the limit of {limit:,} bytes "
            "(raise it with clean(..., max_bytes=N))"
        )
        self.size = size
        self.limit = limit


class OptionError(BoilerstripError, ValueError):
    """An option of :func:`boilerstrip.clean`, :class:`~boilerstrip.Cleaner` or
    :func:`boilerstrip.clean_many` has a value it cannot take (``favor="most"``,
    ``input="pdf"``). The message names the option and what it takes. Raised before any page
    is read."""


class OptionTypeError(OptionError, TypeError):
    """An option is of the wrong type (``max_bytes="10"``, ``now="today"``, an unknown option
    name): an :class:`OptionError` that is also a ``TypeError``."""


class MissingMainGuardError(BoilerstripError, RuntimeError):
    """:func:`boilerstrip.clean_many` with ``workers > 1`` was called by a script without the
    ``if __name__ == "__main__":`` guard.

    Each worker process imports the main script again before it can work; without the guard
    that import calls ``clean_many`` once more, where it cannot start processes of its own.
    Put the code that calls ``clean_many`` (and reads its results) under the guard, or pass
    ``workers=1``. Raised once, in the script's own process, when the first result is read
    (``clean_many`` returns a lazy iterator): no page is cleaned.
    """


class RuleError(BoilerstripError, ValueError):
    """A rule or a rule file is invalid.

    The message names the file (when there is one), the rule id and the problem.
    """

    def __init__(self, problem: str, *, rule_id: str | None = None, source: str | None = None) -> None:
        where = []
        if source:
            where.append(str(source))
        if rule_id:
            where.append(f"rule {rule_id!r}")
        prefix = ": ".join(where)
        super().__init__(f"{prefix}: {problem}" if prefix else problem)
        self.problem = problem
        self.rule_id = rule_id
        self.source = source


class SourceError(BoilerstripError):
    """An input cannot be read: a missing file, a corrupt gzip or WARC file, a bad JSON line.

    The message names the file (and the line of a JSON Lines file).
    """


class MissingExtraError(BoilerstripError, ImportError):
    """An optional dependency is needed for this input (the message says which extra to install)."""
