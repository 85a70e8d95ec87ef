"""The models' trees as Python: the shipped modules and the code made for other trees (#19)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import boilerstrip
from boilerstrip import _treecode, _trees
from boilerstrip._treecode import compile_trees, modules, write_modules
from boilerstrip._trees import headline_model, html_headline_model, html_model, text_model

PACKAGE = Path(boilerstrip.__file__).parent

TREES = [[0, 0.5, -1.0, [1, 2.0, 0.25, 0.75]], [1, 1.0, 0.5, -0.5]]
"""Two small trees over two features: [feature, threshold, left, right] or a leaf."""

ROWS = [[0.0, 0.0], [1.0, 1.5], [1.0, 3.0], [0.5, 1.0]]


def _score(x: list[float]) -> float:
    """What the trees above give, by hand (baseline 0.1)."""
    first = -1.0 if x[0] <= 0.5 else (0.25 if x[1] <= 2.0 else 0.75)
    second = 0.5 if x[1] <= 1.0 else -0.5
    return 0.1 + first + second


def test_the_shipped_modules_are_what_the_generator_makes_of_the_shipped_models() -> None:
    """They can never drift: a refitted model (or a changed generator) without
    ``write_modules()`` fails here. The training scripts call it when they write a model."""
    shipped = {path.name: path.read_text(encoding="utf-8") for path in (PACKAGE / "_trees").glob("*.py")}
    assert shipped == modules()


def test_write_modules_writes_only_what_changed(tmp_path: Path) -> None:
    assert sorted(p.name for p in write_modules(out=tmp_path)) == sorted(modules())
    stale = tmp_path / "text_model.py"
    stale.write_text("# old\n", encoding="utf-8")
    assert write_modules(out=tmp_path) == [stale]
    assert write_modules(out=tmp_path) == []


def test_the_packaged_models_run_the_shipped_functions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading a shipped model compiles nothing: its functions are the modules' own."""
    from boilerstrip import density
    from boilerstrip.dom.describe import build_model
    from boilerstrip.fields import headline

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("a shipped model's trees were compiled")

    monkeypatch.setattr(_treecode, "compile", refuse, raising=False)
    data = PACKAGE / "data"
    html = build_model(json.loads((data / "html_model.json").read_text(encoding="utf-8")))
    assert html.score is html_model.score
    assert html.type_scores == (
        html_model.page_type_0, html_model.page_type_1, html_model.page_type_2, html_model.page_type_3,
        html_model.page_type_4, html_model.page_type_5, html_model.page_type_6,
    )
    assert html.type_scores_unaddressed == (
        html_model.page_type_no_url_0, html_model.page_type_no_url_1, html_model.page_type_no_url_2,
        html_model.page_type_no_url_3, html_model.page_type_no_url_4, html_model.page_type_no_url_5,
        html_model.page_type_no_url_6,
    )
    assert html.type_scores_blind == (
        html_model.page_type_blind_0, html_model.page_type_blind_1, html_model.page_type_blind_2,
        html_model.page_type_blind_3, html_model.page_type_blind_4, html_model.page_type_blind_5,
        html_model.page_type_blind_6,
    )
    text = json.loads((data / "text_model.json").read_text(encoding="utf-8"))
    density.use_model(text)
    try:
        assert density._model().score1 is text_model.score
    finally:
        density.use_model(None)
    headline._model.cache_clear()
    assert headline._model() is headline_model.score
    headline._html_model.cache_clear()
    assert headline._html_model() is html_headline_model.score
    assert len(_trees.FUNCTIONS) == 25


def test_other_trees_are_compiled_in_the_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A model being fitted is compiled from the same generated source, and nothing is written."""
    monkeypatch.setenv("BOILERSTRIP_CACHE_DIR", str(tmp_path))
    score = compile_trees(0.1, TREES, 2)
    assert [score(r) for r in ROWS] == [pytest.approx(_score(r)) for r in ROWS]
    assert compile_trees(0.2, TREES, 2)(ROWS[0]) == pytest.approx(_score(ROWS[0]) + 0.1)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("tree", [[0, 0.5, 1.0], [5, 0.5, 1.0, 2.0], [0, "0.5", 1.0, 2.0], [0, 0.5, "__import__('os')", 1.0], True])
def test_trees_are_checked_before_they_are_compiled(tree: object) -> None:
    with pytest.raises(ValueError):
        compile_trees(0.0, [tree], 2)


def test_a_fresh_process_without_a_cache_compiles_no_trees(tmp_path: Path) -> None:
    """With caching off, a fresh process cleaning a page calls ``compile`` for no model."""
    code = (
        "import builtins, boilerstrip, boilerstrip._treecode as t\n"
        "def refuse(*a, **k): raise AssertionError('compiled a model')\n"
        "t.compile = refuse\n"
        "a = boilerstrip.clean('<html><body><nav><a href=\"/\">Home</a></nav><article><h1>Budget</h1>"
        + "".join(f"<p>The council met on {day} and agreed the budget for the schools of the town.</p>"
                  for day in ("Monday", "Tuesday", "Friday"))
        + "</article></body></html>')\n"
        "b = boilerstrip.clean('Budget\\n\\nThe council met on Monday and agreed the budget for the schools of the town.')\n"
        "print(len(a.paragraphs), len(b.paragraphs))"
    )
    env = {**os.environ, "BOILERSTRIP_CACHE_DIR": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    html, text = out.stdout.split()
    assert html == "3" and int(text) >= 1
