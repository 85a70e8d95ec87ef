"""What the ``boilerstrip rules list`` and ``boilerstrip rules check FILE`` commands print."""

from __future__ import annotations

import os
from collections import Counter

from lxml import etree

from ..errors import RuleError
from .loader import load_rules
from .model import Rule, RuleSet

__all__ = ["check_rules", "check_rules_file", "list_rules"]

_PATTERN_WIDTH = 60


def _shown(rule: Rule) -> str:
    if rule.selector is not None:
        text = f"css: {rule.selector}"
    elif rule.xpath is not None:
        text = f"xpath: {rule.xpath}"
    else:
        text = rule.pattern or ""
        if rule.anchor != "none":
            text = f"{rule.anchor}: {text}"
    return text if len(text) <= _PATTERN_WIDTH else text[: _PATTERN_WIDTH - 1] + "…"


def list_rules(rules: RuleSet) -> str:
    """A plain-text table of the rules: id, kind, action, languages, sites, pattern.

    >>> print(list_rules(RuleSet([Rule(id="acme.promo", kind="promo", pattern="^Acme+", sites=("acme.com",))])))
    id          kind   action  languages  sites     pattern
    acme.promo  promo  remove  *          acme.com  ^Acme+
    """
    header = ("id", "kind", "action", "languages", "sites", "pattern")
    rows = [
        (r.id, r.kind, r.action, ",".join(r.languages) or "*", ",".join(r.sites) or "*", _shown(r))
        for r in rules
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in [header, *rows]]
    return "\n".join(lines)


def check_rules(rules: RuleSet) -> list[str]:
    """Problems with the rules' own ``examples`` and ``counterexamples`` (empty when none)."""
    problems: list[str] = []
    for rule in rules:
        if rule.is_selector:
            # a selector rule's examples are HTML: it must pick an element of each example
            # and of no counterexample
            problems += [f"rule {rule.id!r}: example {m!r} has no element it selects" for m in rule.examples if not _selects(rule, m)]
            problems += [f"rule {rule.id!r}: counterexample {m!r} has an element it selects" for m in rule.counterexamples if _selects(rule, m)]
            continue
        for text in rule.examples:
            try:
                ok = rule.matches(" ".join(text.split()))
            except TimeoutError:
                ok = False
            if not ok:
                problems.append(f"rule {rule.id!r}: example {text!r} does not match")
        for text in rule.counterexamples:
            try:
                bad = rule.matches(" ".join(text.split()))
            except TimeoutError:
                bad = True
            if bad:
                problems.append(f"rule {rule.id!r}: counterexample {text!r} matches")
    return problems


def _selects(rule: Rule, markup: str) -> bool:
    tree = etree.HTML(markup) if markup.strip() else None
    return tree is not None and rule.select is not None and bool(rule.select(tree))


def check_rules_file(path: str | os.PathLike[str]) -> tuple[bool, str]:
    """Load and check a rule file: ``(True, "... OK ...")`` or ``(False, the problem)``."""
    source = os.fspath(path)
    try:
        rules = load_rules(source)
    except RuleError as exc:
        return False, str(exc)
    problems = check_rules(rules)
    if problems:
        return False, "\n".join(f"{source}: {p}" for p in problems)
    actions = Counter(r.action for r in rules)
    by_action = ", ".join(f"{n} {a}" for a, n in sorted(actions.items()))
    selectors = sum(r.is_selector for r in rules)
    per_site = sum(bool(r.sites) for r in rules)
    examples = sum(len(r.examples) + len(r.counterexamples) for r in rules)
    noun = "rule" if len(rules) == 1 else "rules"
    return True, (f"{source}: OK, {len(rules)} {noun} ({by_action}); {selectors} CSS/XPath, "
                  f"{per_site} site-specific; {examples} examples checked")
