"""Rules: declarative, extensible, explainable decisions about blocks.

>>> from boilerstrip.rules import Rule, RuleSet
>>> mine = RuleSet([Rule(id="acme.drop-promo", kind="promo", pattern="^Subscribe to Acme Daily")])
>>> matcher = resolve(mine, defaults=True).compile(url="https://acme.com/a")
>>> matcher.match("Subscribe to Acme Daily!").id, matcher.match("Like us on Facebook").id
('acme.drop-promo', 'social.follow-us')
>>> matcher.match("Home prices rose again in March.") is None
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from .loader import load_rules
from .matcher import Matcher
from .model import ACTIONS, CHROME_KINDS, FIELD_KINDS, KINDS, REGEX_TIMEOUT, Rule, RuleSet

__all__ = [
    "ACTIONS",
    "CHROME_KINDS",
    "FIELD_KINDS",
    "KINDS",
    "REGEX_TIMEOUT",
    "Matcher",
    "Rule",
    "RuleSet",
    "load_rules",
    "resolve",
]

_merged: OrderedDict[RuleSet, RuleSet] = OrderedDict()
_merged_lock = threading.Lock()
_MERGED_SIZE = 32
"""User rule sets whose union with the defaults is remembered, so that calling clean() with the
same rules on every page reuses one compiled RuleSet instead of recompiling per page."""


def resolve(rules: RuleSet | Rule | Iterable[Rule] | None, *, defaults: bool) -> RuleSet:
    """The rule set ``clean()`` runs: the defaults plus the user's, or the user's alone.

    ``rules`` is what the caller gave ``clean(rules=...)``: a RuleSet, one Rule, an iterable of
    rules, or ``None``. Their precedence over the defaults comes from their ``origin``.
    The result is cached, so a loop calling this per page compiles once.
    """
    if rules is None:
        return RuleSet.default() if defaults else _EMPTY
    if isinstance(rules, Rule):
        rules = RuleSet([rules])
    elif not isinstance(rules, RuleSet):
        if isinstance(rules, (str, bytes)) or not isinstance(rules, Iterable):
            raise TypeError(
                f"rules must be a RuleSet, a Rule or an iterable of Rules, not {type(rules).__name__}"
                " (read a file with boilerstrip.load_rules(path))")
        rules = RuleSet(rules)
    if not defaults:
        return rules
    with _merged_lock:
        merged = _merged.get(rules)
        if merged is not None:
            _merged.move_to_end(rules)
            return merged
    merged = RuleSet.default() | rules
    with _merged_lock:
        _merged[rules] = merged
        if len(_merged) > _MERGED_SIZE:
            _merged.popitem(last=False)
    return merged


_EMPTY = RuleSet()
