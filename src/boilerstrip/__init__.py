"""boilerstrip: clean scraped web pages.

>>> from boilerstrip import clean
>>> article = clean("Site Name\\n\\nLike us on Facebook\\n\\n" + "A real sentence of the article body goes here, long enough to be read as text. " * 3)
>>> "Facebook" in article.body
False
"""

import typing

from ._version import __version__
from .api import Cleaner, clean
from .article import Article, BodyBlock, Caption, Removed, Span
from .errors import (
    BoilerstripError,
    InputError,
    InputTooLarge,
    InputTypeError,
    MissingExtraError,
    MissingMainGuardError,
    NotTextError,
    OptionError,
    OptionTypeError,
    RuleError,
    SourceError,
)
from .rules import Rule, RuleSet, load_rules

if typing.TYPE_CHECKING:
    from .batch import Cleaned, Failed, Result, clean_many
    from .sources import Page

# Imported on first use (PEP 562): a script that cleans one page does not pay for the batch
# machinery (threads, signals, logging) and the sources' readers at ``import boilerstrip``.
_LAZY = {"Cleaned": "batch", "Failed": "batch", "Page": "sources", "Result": "batch", "clean_many": "batch"}

__all__ = [
    "Article",
    "BodyBlock",
    "BoilerstripError",
    "Caption",
    "Cleaned",
    "Cleaner",
    "Failed",
    "InputError",
    "InputTooLarge",
    "InputTypeError",
    "MissingExtraError",
    "MissingMainGuardError",
    "NotTextError",
    "OptionError",
    "OptionTypeError",
    "Page",
    "Removed",
    "Result",
    "Rule",
    "RuleError",
    "RuleSet",
    "SourceError",
    "Span",
    "__version__",
    "clean",
    "clean_many",
    "load_rules",
]


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'boilerstrip' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"boilerstrip.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})
