"""The built-in rules' first-word guards ship as ``rules/guards.json`` (#19)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import boilerstrip
from boilerstrip.rules import RuleSet
from boilerstrip.rules import _firstwords as firstwords
from boilerstrip.rules.loader import builtin_rules, rules_from_toml
from boilerstrip.rules.matcher import FIRST, LAST, _guard_of, build_units

GUARDS = Path(boilerstrip.__file__).parent / "rules" / firstwords.GUARDS_FILE
REGENERATE = 'python -c "import boilerstrip.rules._firstwords as f; f.write_guard_table()"'

USER_RULES = """
[[rules]]
id = "acme.sponsor"
kind = "promo"
pattern = "Sponsored by (?:acme|globex)"
anchor = "whole"
action = "remove"
"""


def _refuse(*args: object, **kwargs: object) -> object:
    raise AssertionError("a built-in rule's guard was read in the process")


def test_the_shipped_guards_are_what_the_generator_makes_of_the_rule_files() -> None:
    """They can never drift: an edited rule file (or guard reader) without regenerating the
    file fails here."""
    shipped = GUARDS.read_text(encoding="utf-8")
    assert shipped == firstwords.guard_table(), f"rules/{firstwords.GUARDS_FILE} is stale: run  {REGENERATE}"


def test_compiling_the_builtin_rules_reads_no_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every guard and literal set the matcher asks of a built-in rule, in every unit (all
    sites and languages), comes from the shipped file."""
    for name in ("first_words", "last_words", "required_literals"):
        monkeypatch.setattr(firstwords, name, _refuse)
    units = build_units(list(builtin_rules()))
    assert all(unit.compiled for unit in units)
    guarded = [g for rule in builtin_rules() if (g := _guard_of(rule)) is not None]
    assert {side for side, _ in guarded} == {FIRST, LAST}


def test_a_user_rule_is_read_in_the_process() -> None:
    rules = rules_from_toml(USER_RULES)
    (rule,) = list(rules)
    assert rule.pattern not in firstwords._shipped()["first_words"]
    guard = _guard_of(rule)
    assert guard is not None and guard[0] == FIRST
    assert guard[1].exact2 == {"sponsored by"}
    combined = RuleSet.default() | rules
    article = boilerstrip.clean(
        "The council met on Monday and agreed the budget for the schools of the town.\n\nSponsored by Acme\n",
        rules=combined,
    )
    assert any(r.rule == "acme.sponsor" for r in article.removed)


def test_a_fresh_process_without_a_cache_reads_no_builtin_pattern(tmp_path: Path) -> None:
    """With caching off, a fresh process cleaning a page reads no built-in rule's guard."""
    code = (
        "import boilerstrip, boilerstrip.rules._firstwords as f\n"
        "def refuse(*a, **k): raise AssertionError('read a guard')\n"
        "f.first_words = f.last_words = f.required_literals = refuse\n"
        "a = boilerstrip.clean('<html><body><nav><a href=\"/\">Home</a></nav><article><h1>Budget</h1>"
        + "".join(f"<p>The council met on {day} and agreed the budget for the schools of the town.</p>"
                  for day in ("Monday", "Tuesday", "Friday"))
        + "<p>Share this article</p></article></body></html>', url='https://news.example/a')\n"
        "print(len(a.paragraphs))"
    )
    env = {**os.environ, "BOILERSTRIP_CACHE_DIR": ""}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.split() == ["3"]
