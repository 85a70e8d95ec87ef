"""The library's loggers, made on first use.

Importing :mod:`logging` is a few milliseconds of a fresh process's start, and a plain
``clean()`` logs nothing: the modules that log on a rare path (a rule's timeout, the rules'
time budget) ask for their logger when they have something to say. Every logger is under
``boilerstrip``, which gets a :class:`logging.NullHandler` the first time one is made, so that
records reach the application's handlers and never Python's last-resort stderr handler.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import logging

__all__ = ["get_logger"]


def get_logger(name: str) -> logging.Logger:
    """The logger ``name`` (``boilerstrip`` or a child), the package's NullHandler in place."""
    import logging

    root = logging.getLogger("boilerstrip")
    if not any(isinstance(handler, logging.NullHandler) for handler in root.handlers):
        root.addHandler(logging.NullHandler())
    return logging.getLogger(name)
