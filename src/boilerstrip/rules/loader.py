"""Reading rules from TOML files, TOML text and dicts; loading the built-in rules.

A rule file is data, never code: it is parsed with ``tomllib`` (``tomli`` on Python 3.10) and
every value is checked. The minimal form::

    [[rules]]
    id = "acme.drop-promo"
    kind = "promo"
    pattern = "^Subscribe to Acme Daily"
    action = "remove"

Top-level ``sites`` and ``languages`` keys, when present, apply to every rule of the file
that does not set its own. A ``pattern`` may be a list of strings: they are alternatives.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

from ..errors import RuleError
from .model import Origin, Rule, RuleSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

__all__ = ["MAX_RULE_FILE_BYTES", "builtin_rules", "load_rules", "rules_from_dicts", "rules_from_toml"]

MAX_RULE_FILE_BYTES = 10_000_000
"""A rule file (or TOML text) larger than this is refused with :class:`RuleError`: rule files
are a few kilobytes, and a multi-gigabyte one would only exhaust memory."""

RULE_KEYS: frozenset[str] = frozenset(
    {
        "id", "kind", "action", "pattern", "selector", "xpath", "anchor", "case_sensitive",
        "sites", "languages", "max_words", "description", "examples", "counterexamples",
    }
)
FILE_KEYS: frozenset[str] = frozenset({"rules", "sites", "languages", "description"})

BUILTIN_ORDER: tuple[str, ...] = (
    "navigation", "consent", "social", "analytics", "newsletter", "advert", "promo", "app",
    "related", "comments", "legal", "credit",
)
"""Order of the built-in files, which is the order of precedence among default rules of the
same action; files not listed here follow in alphabetical order."""


def load_rules(path: str | os.PathLike[str]) -> RuleSet:
    """Read a TOML rule file into a :class:`RuleSet` of user rules.

    Raises :class:`~boilerstrip.RuleError` naming the file, the rule and the problem.
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as fh:
            data = fh.read(MAX_RULE_FILE_BYTES + 1)
    except OSError as exc:
        raise RuleError(f"cannot read the rule file: {exc.strerror or exc}", source=source) from None
    if len(data) > MAX_RULE_FILE_BYTES:
        raise RuleError(f"the rule file is larger than {MAX_RULE_FILE_BYTES:,} bytes", source=source)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(f"a rule file must be UTF-8 ({exc})", source=source) from None
    return rules_from_toml(text, source=source)


def rules_from_toml(text: str, *, source: str | None = None, origin: Origin = "user") -> RuleSet:
    """Rules from the text of a TOML rule file.

    Raises :class:`~boilerstrip.RuleError` for invalid TOML, TOML nested too deeply to parse,
    text longer than :data:`MAX_RULE_FILE_BYTES` characters, and any invalid rule.
    """
    if not isinstance(text, str):
        raise TypeError(f"rules_from_toml() takes the TOML text as a str, not {type(text).__name__}")
    if len(text) > MAX_RULE_FILE_BYTES:
        raise RuleError(f"the rule file is larger than {MAX_RULE_FILE_BYTES:,} characters", source=source)
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The message already carries "(at line N, column M)".
        raise RuleError(f"invalid TOML: {exc}", source=source) from None
    except RecursionError:
        # tomllib parses nested arrays and inline tables recursively: "a = [[[[...]]]]" a few
        # thousand levels deep exhausts the stack. No rule file nests more than two levels.
        raise RuleError("invalid TOML: arrays or inline tables nested too deeply", source=source) from None
    except ValueError as exc:
        # e.g. an integer of more than 4,300 digits (int() refuses to convert it)
        raise RuleError(f"invalid TOML: {exc}", source=source) from None
    unknown = sorted(set(doc) - FILE_KEYS)
    if unknown:
        raise RuleError(
            f"unknown top-level key {unknown[0]!r} (a rule file has [[rules]] tables and "
            f"optional {', '.join(sorted(FILE_KEYS - {'rules'}))})", source=source)
    if "rules" not in doc:
        raise RuleError("no [[rules]] tables found", source=source)
    tables = doc["rules"]
    if not isinstance(tables, list):
        raise RuleError("'rules' must be an array of tables: write each rule under [[rules]]",
                        source=source)
    defaults: dict[str, Any] = {k: doc[k] for k in ("sites", "languages") if k in doc}
    return rules_from_dicts(tables, source=source, origin=origin, defaults=defaults)


def rules_from_dicts(
    items: Iterable[Mapping[str, Any]],
    *,
    source: str | None = None,
    origin: Origin = "user",
    defaults: Mapping[str, Any] | None = None,
) -> RuleSet:
    """Rules from mappings with the keys of a ``[[rules]]`` table, in order.

    ``defaults`` supplies values for keys a rule leaves out (a file's top-level ``sites``).
    """
    rules: list[Rule] = []
    seen: set[str] = set()
    for number, item in enumerate(items, 1):
        rule = rule_from_dict(item, source=source, origin=origin, defaults=defaults, number=number)
        if rule.id in seen:
            raise RuleError("duplicate rule id", rule_id=rule.id, source=source)
        seen.add(rule.id)
        rules.append(rule)
    return RuleSet(rules)


def rule_from_dict(
    item: Mapping[str, Any],
    *,
    source: str | None = None,
    origin: Origin = "user",
    defaults: Mapping[str, Any] | None = None,
    number: int | None = None,
) -> Rule:
    """One rule from a mapping; every key and value is checked."""
    where = f"rule #{number}" if number is not None else "a rule"
    if not isinstance(item, Mapping):
        raise RuleError(f"{where} must be a table of keys, not {type(item).__name__}", source=source)
    rule_id = item.get("id")
    if rule_id is None:
        raise RuleError(f"{where} has no 'id'", source=source)
    if not isinstance(rule_id, str):
        raise RuleError(f"{where}: 'id' must be a string, not {rule_id!r}", source=source)
    unknown = sorted(set(item) - RULE_KEYS)
    if unknown:
        raise RuleError(f"unknown key {unknown[0]!r} (known keys: {', '.join(sorted(RULE_KEYS))})",
                        rule_id=rule_id, source=source)
    if "kind" not in item:
        raise RuleError("missing 'kind'", rule_id=rule_id, source=source)
    values: dict[str, Any] = dict(defaults or {})
    values.update(item)
    pattern = values.get("pattern")
    if isinstance(pattern, list):
        if not pattern or not all(isinstance(p, str) and p for p in pattern):
            raise RuleError("a 'pattern' list must hold non-empty strings", rule_id=rule_id, source=source)
        # Alternatives, each in its own group so one alternative's "|" cannot leak into another.
        values["pattern"] = "|".join(f"(?:{p})" for p in pattern) if len(pattern) > 1 else pattern[0]
    try:
        return Rule(**values, origin=origin, source=source)
    except RecursionError:
        # a pattern nested thousands of groups deep exhausts the regex compiler's stack
        raise RuleError("the pattern is nested too deeply to compile", rule_id=rule_id, source=source) from None


@functools.lru_cache(maxsize=1)
def builtin_rules() -> RuleSet:
    """The default rules shipped in ``boilerstrip/rules/builtin/*.toml`` (loaded once)."""
    folder = resources.files("boilerstrip.rules").joinpath("builtin")
    files = [f for f in folder.iterdir() if f.name.endswith(".toml")]
    order = {name: i for i, name in enumerate(BUILTIN_ORDER)}
    files.sort(key=lambda f: (order.get(f.name[:-5], len(order)), f.name))
    rules = RuleSet()
    for f in files:
        part = rules_from_toml(f.read_text(encoding="utf-8"), source=f"builtin/{f.name}", origin="default")
        clash = [r.id for r in part if r.id in rules]
        if clash:
            raise RuleError("duplicate rule id", rule_id=clash[0], source=f"builtin/{f.name}")
        rules = rules.merge(part)
    return rules
