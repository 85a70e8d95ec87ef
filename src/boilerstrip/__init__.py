"""boilerstrip: clean scraped web pages.

>>> from boilerstrip import clean
>>> article = clean("Site Name\\n\\nLike us on Facebook\\n\\n" + "A real sentence of the article body goes here, long enough to be read as text. " * 3)
>>> "Facebook" in article.body
False
"""

from ._version import __version__
from .api import Cleaner, clean
from .article import Article, BodyBlock, Caption, Removed, Span
from .batch import Cleaned, Failed, Result, clean_many
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
from .sources import Page

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
