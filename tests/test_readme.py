"""The README's interactive examples (``>>>``) run as doctests, from the repository root."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from boilerstrip import clean

ROOT = Path(__file__).resolve().parent.parent


def test_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples open files by their path in the repository
    result = doctest.testfile(
        str(ROOT / "README.md"),
        module_relative=False,
        globs={"clean": clean},
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
        raise_on_error=False,
    )
    assert result.attempted >= 5
    assert result.failed == 0
