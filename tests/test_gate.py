"""The quality gate: accuracy on the gate corpus may never drop silently.

``test_gate_meets_floors`` cleans the ~60 pages of ``fixtures/gate`` in each stored input
(HTML, html-text render, inscriptis render; the seed as text), scores them with
``boilerstrip.evaluation`` and fails when a figure falls more than 0.01 below its floor in
``fixtures/gate/floors.json``, printing the pages that got worse. ``test_golden`` compares the
full output of a dozen page/input pairs with ``fixtures/gate/golden``. To raise floors or
regenerate golden files, see ``benchmarks/gate.py`` (and the README).
"""

from __future__ import annotations

import functools
import inspect
import json
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # importlib mode: make helpers importable

import gate_support as gs  # noqa: E402

import boilerstrip  # noqa: E402
from boilerstrip import Article  # noqa: E402
from boilerstrip.evaluation import wcxb_tokens  # noqa: E402

"""The whole gate must stay well inside the 3 minutes CI allows it."""


@pytest.fixture(scope="module")
def pages() -> list[gs.GatePage]:
    return gs.load_manifest()


@pytest.fixture(scope="module")
def floors() -> dict:
    return gs.read_floors()


@pytest.fixture(scope="module")
def gate_run(pages: list[gs.GatePage]) -> tuple[list[gs.PageResult], float]:
    """One run of the real ``clean()`` over the corpus, shared by the tests of this module."""
    t0 = time.perf_counter()
    results = gs.run_gate(pages)
    return results, time.perf_counter() - t0


# --------------------------------------------------------------------------------------------
# The corpus is what SOURCES.md says it is
# --------------------------------------------------------------------------------------------


def test_corpus_composition(pages: list[gs.GatePage]) -> None:
    ids = [p.id for p in pages]
    assert len(ids) == len(set(ids)), "duplicate page ids in the manifest"
    assert 55 <= len(pages) <= 70
    wcxb_types = {p.page_type for p in pages if p.dataset == "wcxb-dev"}
    assert wcxb_types == {"article", "forum", "product", "collection", "listing",
                          "documentation", "service"}
    assert sum(p.dataset == "scrapinghub" for p in pages) >= 10
    languages = {p.language for p in pages} - {"en", "und"}
    assert len(languages) >= 4, f"too few non-English languages: {sorted(languages)}"
    assert any(p.dataset == "seed" for p in pages)


def test_corpus_files_are_stored_and_readable(pages: list[gs.GatePage]) -> None:
    for page in pages:
        if page.dataset == "seed":
            assert page.inputs == ("text",)
        else:
            assert page.inputs == ("html", "html_text", "inscriptis"), page.id
        for kind in page.inputs:
            data = page.load(kind)
            assert data, f"{page.id} {kind} is empty"
        assert wcxb_tokens(page.body), f"{page.id} has an empty reference body"
    size = sum((gs.GATE_DIR / f).stat().st_size for p in pages for f in p.files.values())
    assert size < 4_000_000, f"gate corpus grew to {size} bytes"


def test_sources_lists_every_page(pages: list[gs.GatePage]) -> None:
    sources = (gs.GATE_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for page in pages:
        assert page.id in sources, f"{page.id} is not listed in SOURCES.md"
    assert "CC-BY-4.0" in sources and "Murrough Foley" in sources and "MIT" in sources


# --------------------------------------------------------------------------------------------
# The gate
# --------------------------------------------------------------------------------------------


def test_floors_cover_every_input_and_figure(floors: dict, gate_run) -> None:
    """A floor for every figure the gate computes, so nothing can drop unwatched."""
    results, _ = gate_run
    current = gs.figures(results)
    assert set(floors["figures"]) == set(current) == set(gs.INPUTS)
    for kind, figs in current.items():
        missing = sorted(set(figs) - set(floors["figures"][kind]))
        assert not missing, f"figures without a floor for {kind}: {missing} (run --update-floors)"
    # The per-page values stored with the floors are what the per-page diff compares against.
    assert {pid for kind in floors["pages"].values() for pid in kind} == {
        r.page.id for r in results}


def test_gate_meets_floors(floors: dict, gate_run) -> None:
    results, _ = gate_run
    drops = gs.compare(floors, gs.figures(results))
    if drops:  # pytest.fail keeps the report readable (no assertion rewriting around it)
        pytest.fail(gs.format_failures(drops, floors, results), pytrace=False)


DROP_ALL_TOML = """
[[rules]]
id = "gate.drop-everything"
kind = "advert"
pattern = "."
action = "remove"
description = "Matches every non-empty block: a deliberate regression for the gate's own test."
"""


def _drop_every_paragraph_clean() -> tuple[gs.CleanFn, str]:
    """A ``clean`` that keeps no body, and how it was made.

    The real thing is a rule set that removes every block, run without the default rules.
    While ``clean()`` does not take ``rules=``/``default_rules=`` yet, an empty Article (what
    such a rule set yields) stands in for it.
    """
    params = inspect.signature(boilerstrip.clean).parameters
    if "rules" in params and "default_rules" in params:
        from boilerstrip.rules import RuleSet

        rules = RuleSet.from_toml(DROP_ALL_TOML)
        return functools.partial(boilerstrip.clean, rules=rules, default_rules=False), "rules"
    return (lambda page, **kwargs: Article()), "simulated"


def test_gate_catches_a_regression(pages: list[gs.GatePage], floors: dict,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the gate as CI does, with a cleaner that loses every paragraph: it must fail, and
    the report must name the figures and the pages behind them."""
    broken, how = _drop_every_paragraph_clean()
    monkeypatch.setattr(boilerstrip, "clean", broken)
    results = gs.run_gate(pages)  # the gate's own default path: looks up boilerstrip.clean
    drops = gs.compare(floors, gs.figures(results))
    dropped = {(d.kind, d.name) for d in drops}
    for kind in gs.INPUTS:
        if floors["figures"][kind]["body_f1"] > 2 * gs.TOLERANCE:
            assert (kind, "body_f1") in dropped, f"{how}: body_f1 of {kind} not reported"
    report = gs.format_failures(drops, floors, results)
    assert "body_f1" in report and "floor" in report
    best = max(floors["pages"]["html"], key=lambda pid: floors["pages"]["html"][pid]["body_f1"])
    assert best in report, "the per-page diff does not show the page that lost the most"


def test_leaked_rate_is_lower_is_better() -> None:
    floors = {"figures": {"html": {"snippets_leaked": 0.20, "body_f1": 0.50}}}
    assert gs.compare(floors, {"html": {"snippets_leaked": 0.05, "body_f1": 0.60}}) == []
    assert gs.compare(floors, {"html": {"snippets_leaked": 0.209, "body_f1": 0.491}}) == []
    drops = gs.compare(floors, {"html": {"snippets_leaked": 0.22, "body_f1": 0.48}})
    assert [(d.name, d.now) for d in drops] == [("snippets_leaked", 0.22), ("body_f1", 0.48)]


def test_a_figure_that_disappears_breaks_the_gate() -> None:
    drops = gs.compare({"figures": {"html": {"date": 0.5}}}, {"html": {}})
    assert len(drops) == 1 and drops[0].now is None


# --------------------------------------------------------------------------------------------
# Raising floors
# --------------------------------------------------------------------------------------------


def _fake_results(pages: list[gs.GatePage], body_f1: float) -> list[gs.PageResult]:
    return [gs.PageResult(p, "text", "", {"body_f1": body_f1}, 0.0) for p in pages[:3]]


def test_update_floors_raises_but_never_lowers_silently(pages: list[gs.GatePage]) -> None:
    low = gs.updated_floors(None, _fake_results(pages, 0.5), today="2000-01-01")
    assert low["figures"]["text"]["body_f1"] == 0.5 and low["notes"] == []
    high = gs.updated_floors(low, _fake_results(pages, 0.7), today="2000-01-01")
    assert high["figures"]["text"]["body_f1"] == 0.7
    with pytest.raises(gs.FloorsLowered) as info:
        gs.updated_floors(high, _fake_results(pages, 0.69))
    assert "body_f1" in str(info.value)
    with pytest.raises(ValueError):
        gs.updated_floors(high, _fake_results(pages, 0.6), allow_lower=True)
    lowered = gs.updated_floors(high, _fake_results(pages, 0.6), allow_lower=True,
                                reason="new tokeniser", today="2000-01-02")
    assert lowered["figures"]["text"]["body_f1"] == 0.6
    assert lowered["notes"][-1]["reason"] == "new tokeniser"
    assert "0.7000 -> 0.6000" in lowered["notes"][-1]["lowered"][0]


def test_floors_file_is_what_the_tool_writes(floors: dict, pages: list[gs.GatePage]) -> None:
    """The checked-in floors are in the tool's layout, carry the tolerance the gate uses, give
    a reason for every lowering, and agree with the per-page values stored beside them (so a
    floor edited by hand, instead of by ``--update-floors``, shows up here)."""
    assert gs.FLOORS.read_text(encoding="utf-8") == gs.floors_text(floors)
    assert floors["tolerance"] == gs.TOLERANCE
    for note in floors.get("notes", []):
        assert note["reason"].strip(), note
    by_id = {p.id: p for p in pages}
    stored = [gs.PageResult(by_id[pid], kind, "", metrics, 0.0)
              for kind, per_page in floors["pages"].items() for pid, metrics in per_page.items()]
    for kind, figs in gs.figures(stored).items():
        for name, value in figs.items():
            if name != "sh_f1":  # a corpus figure of the texts, not of the page values
                assert floors["figures"][kind][name] == pytest.approx(value, abs=1e-3), (kind, name)


# --------------------------------------------------------------------------------------------
# Golden files
# --------------------------------------------------------------------------------------------

GOLDEN = gs.golden_cases() if gs.MANIFEST.exists() else []


def test_golden_set_is_a_dozen_with_every_input() -> None:
    assert 10 <= len(GOLDEN) <= 14
    assert {kind for _, kind in GOLDEN} == set(gs.INPUTS)
    stored = {p.name for p in gs.GOLDEN_DIR.glob("*.json")}
    assert stored == {gs.golden_path(pid, kind).name for pid, kind in GOLDEN}


def test_golden_diff_shows_the_changed_field() -> None:
    before = gs.golden_text(Article(paragraphs=("One.", "Two."), headline="Old title"))
    after = gs.golden_text(Article(paragraphs=("One.", "Two."), headline="New title"))
    diff = gs.golden_diff(before, after, "page.html")
    assert '-  "headline": "Old title",' in diff and '+  "headline": "New title",' in diff
    assert "page.html (golden)" in diff and '"paragraphs"' not in diff
    longer = gs.golden_text(Article(paragraphs=("One.", "Two.", "Three."), headline="Old title"))
    diff = gs.golden_diff(before, longer, "page.html")
    assert '+    "Three."' in diff and "Three" not in diff.replace('+    "Three."', ""), (
        "a paragraph change must show once, not again inside the body line")


@pytest.mark.parametrize(("page_id", "kind"), GOLDEN, ids=[f"{p}-{k}" for p, k in GOLDEN])
def test_golden(page_id: str, kind: str, pages: list[gs.GatePage]) -> None:
    page = next(p for p in pages if p.id == page_id)
    expected = gs.golden_path(page_id, kind).read_text(encoding="utf-8")
    actual = gs.golden_text(gs.clean_page(page, kind))
    if json.loads(actual) != json.loads(expected):
        pytest.fail(
            f"{page_id} ({kind}): output changed; if intended, run "
            "`python benchmarks/gate.py --regen-golden` and review the diff:\n"
            + gs.golden_diff(expected, actual, f"{page_id}.{kind}"), pytrace=False)
