"""Running a :class:`~boilerstrip.rules.RuleSet` on a page's blocks, fast and safely.

``RuleSet.compile(url=..., language=...)`` returns a :class:`Matcher` for one page. The
expensive part, the compiled :class:`_Plan`, is cached on the RuleSet; the Matcher itself is a
light per-page object holding the page's warnings and timeout bookkeeping.

How a block is matched without trying every rule
------------------------------------------------
The ``regex`` engine tries the alternatives of a pattern one after the other, so running 30
multilingual rules on a block costs ~50 µs even when none fires, and a combined alternation is
no faster. What is fast is not running them:

* **first-word guards**: a rule anchored at the start of the block (``anchor = "whole"``,
  ``"start"``, ``"list"``, or a pattern beginning with ``^``) can only fire when the block's
  first word is one of a finite set of words, read off the pattern by
  :mod:`~boilerstrip.rules._firstwords`. One dictionary lookup on the block's first word
  picks the few rules worth running;
* **max_words**: a group of rules is skipped outright on blocks longer than its largest
  ``max_words``;
* **buckets**: the rules left over (unanchored patterns, patterns the guard reader does not
  understand) and large groups sharing a first word are joined per origin into one alternation,
  searched once per block. On a hit, a second alternation with one capturing group per rule is
  matched at the hit's position to learn which rule fired. In an anchored bucket the engine
  tries the alternatives in order at position 0, so that rule is already the highest-ranked
  one that fires; in an unanchored bucket only the rules ranked above it are checked one by one.

Rules are also grouped into *units* of rules sharing the same ``sites`` and ``languages``, so a
per-site rule costs nothing on other sites and a new host never causes a recompilation.

Time limits
-----------
Every search of a user rule is limited to :data:`~boilerstrip.rules.REGEX_TIMEOUT` seconds of
the thread's CPU time (:func:`~boilerstrip.rules.model.limited_search`; CPU time, not wall time,
so that threads sharing a Cleaner decide as one thread alone). A timeout skips the rule for that
block and records a warning naming it; after a few timeouts on one page the rule is left out for
the rest of the page, so one bad user pattern cannot stall a crawl.

Built-in rules run without a per-search limit (their patterns are linear by construction,
which ``tests/test_regex_budget.py`` measures), but with a budget per page: once they have
used :data:`BUILTIN_BUDGET` seconds of CPU time on one page, the page's remaining blocks are
left to the classifier and a warning says so.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, cast

import regex

from .._lazyre import compile_re, compile_regex, lazy_re, lazy_regex
from .._log import get_logger
from ._firstwords import Guard, shipped_first_words, shipped_last_words, shipped_required_literals
from .model import EMOJI_GLUE, FIELD_ACTIONS, REGEX_TIMEOUT, Rule, _languages_match, _sites_match, limited_search

if TYPE_CHECKING:
    from lxml import etree

__all__ = ["BUILTIN_BUDGET", "Matcher", "strip_decoration"]


_MAX_TIMEOUTS_PER_RULE = 3
"""Timeouts of one rule on one page before it is left out for the rest of that page."""

BUILTIN_BUDGET = 2.0
"""Seconds of CPU time (of the thread cleaning the page) the built-in rules may spend on one
page. Their patterns are linear, and ordinary text is matched at about 15 MB per CPU second
(4 MB of articles and menus: 0.27 s), so only a page of some 30 MB or a hostile one reaches it.
The blocks left then are decided by the classifier, as if no built-in rule fired on them, and
``Article.warnings`` says how many there were. Checked between blocks: one block is matched in
full once begun."""

_ORIGIN_RANK = {"user": 0, "default": 1}
_RANKS = (0, 1)
_DEFAULT_RANK = _ORIGIN_RANK["default"]
FIRST, LAST = 0, 1
_NON = rf"[\W_{EMOJI_GLUE}]"  # not part of a word, emoji glue included (as in the rules' anchors)
_WORD = rf"[^\W_{EMOJI_GLUE}]"
_FIRST_WORDS = lazy_regex(rf"{_NON}*+({_WORD}++)(?:{_NON}++({_WORD}++))?")
_LAST_WORDS = lazy_regex(rf"(?r)(?:({_WORD}++){_NON}++)?({_WORD}++)")  # searched from the end

Key = tuple[int, int, int]

# Symbols at either end of a line that carry no words: arrows, emoji, bullets, dingbats, dashes
# and pipes (but not ©, ® or ™, which legal rules read). The same characters as the pattern
# ``^X+|X+$`` of ``api._DECORATION``, which is quadratic when searched over a run of them that
# does not reach the end ("Hello • • • ... • world •": every start in the run is scanned to its
# end); here each end is matched once, possessively, the trailing one backwards from the end.
_DECORATION_SET = r"[[\p{So}\p{Sm}\p{Sk}\p{Pd}|•·▪►»«*+#~\s\uFE0F\u200D]--[©®™]]"
_DECORATION_HEAD = lazy_regex(rf"{_DECORATION_SET}++", regex.VERSION1)
_DECORATION_TAIL = lazy_regex(rf"(?r){_DECORATION_SET}++", regex.VERSION1)


def strip_decoration(text: str) -> str:
    """``text`` without the decoration at either end, in time linear in its length.

    >>> strip_decoration("→ Like us on Facebook ✉️"), strip_decoration("© Acme •")
    ('Like us on Facebook', '© Acme')
    """
    head = _DECORATION_HEAD.match(text)
    start = head.end() if head is not None else 0
    if start == len(text):
        return ""
    tail = _DECORATION_TAIL.match(text, start)  # (?r): the run that ends the text, read backwards
    return text[start:tail.start() if tail is not None else len(text)]

_UNKNOWN = object()
"""Not in a Matcher's memo (``None`` there means: no rule fires)."""
_MEMO_SIZE = 20_000
"""At most this many block texts are remembered per page (a bound on memory for huge pages)."""


def _tier(action: str) -> int:
    # keep > field actions > remove: a keep is an explicit "this is content"; a field action
    # keeps the text too (as the headline, timestamp or a caption), so it outranks a removal
    # of the same block (e.g. "© Reuters" is a photo credit before it is a copyright line).
    if action == "keep":
        return 0
    if action in FIELD_ACTIONS:
        return 1
    return 2


class _Alternation:
    """A bucket's rules joined into one pattern, compiled on first use: a page that never
    reaches the bucket never pays for it (compiling is most of a fresh process's start).

    ``prefilter`` is the alternation without groups; ``ident`` the same with one named group
    per rule (``_bs<index>``), so a match tells which rule it was without compiling the rules
    one by one to count their groups. Two threads may compile the same pattern at once: both
    results are equal and either is kept.
    """

    __slots__ = ("_ident", "_parts", "_prefilter")

    def __init__(self, parts: Sequence[str]) -> None:
        self._parts = tuple(parts)
        self._prefilter: Any = None
        self._ident: Any = None

    @property
    def prefilter(self) -> Any:
        if self._prefilter is None:
            self._prefilter = compile_regex("|".join(f"(?:{p})" for p in self._parts))
        return self._prefilter

    @property
    def ident(self) -> Any:
        if self._ident is None:
            self._ident = compile_regex("|".join(f"(?P<_bs{i}>{p})" for i, p in enumerate(self._parts)))
        return self._ident


@dataclass(frozen=True, slots=True)
class _Bucket:
    """Rules of one origin that are pre-filtered together, in precedence order."""

    rules: tuple[Rule, ...]
    keys: tuple[Key, ...]
    anchored: bool
    alternation: _Alternation | None  # the rules joined, or None: run them one by one
    max_words: int | None  # largest max_words of the rules (None: some rule has no limit)
    literals: Callable[[str], bool] | None = None  # does the lower-cased text hold a required literal?
    trusted: bool = False  # built-in rules only: run without the timeout (see _trusted)
    min_key: Key = field(init=False, compare=False)  # keys[0]: read for every block, so kept

    def __post_init__(self) -> None:
        object.__setattr__(self, "min_key", self.keys[0])


def _bucket(items: Sequence[tuple[Key, Rule]], anchored: bool, combined: bool, *,
            with_literals: bool = False) -> _Bucket:
    rules = tuple(r for _, r in items)
    keys = tuple(k for k, _ in items)
    limits = [r.max_words for r in rules]
    max_words = None if any(m is None for m in limits) else max(limits)  # type: ignore[type-var]
    literals = _literal_filter(rules) if with_literals else None
    trusted = all(_trusted(r) for r in rules)
    if not combined or len(rules) == 1:
        return _Bucket(rules, keys, anchored, None, max_words, literals, trusted)
    # Scoped flags keep each rule's case sensitivity inside the shared alternation.
    parts = [f"(?-i:{r.regex_source})" if r.case_sensitive else f"(?i:{r.regex_source})" for r in rules]
    return _Bucket(rules, keys, anchored, _Alternation(parts), max_words, literals, trusted)


def _trusted(rule: Rule) -> bool:
    """Built-in rules run without the per-search time limit.

    Their patterns are ours and linear by construction (``tests/test_regex_budget.py``
    measures the growth of every one, and of the alternations they are joined into, on
    adversarial text); the limit costs ~7 µs a call in the ``regex`` module, which was a
    third of the whole matcher's time. User rules keep it; the built-in ones have the page's
    :data:`BUILTIN_BUDGET` instead.
    """
    return rule.origin == "default" and (rule.source or "").startswith("builtin/")


def _literal_filter(rules: Sequence[Rule]) -> Callable[[str], bool] | None:
    """A test for the literals one of which every match of every rule contains, or None."""
    literals: set[str] = set()
    for rule in rules:
        found = shipped_required_literals(rule.regex_source or "")
        if found is None:
            return None
        literals |= found
    ordered = tuple(sorted(literals, key=lambda s: (-len(s), s)))
    if len(ordered) <= _LITERAL_LOOP:
        # A handful of `in` tests (each a C substring search) beats any regex here: the regex
        # module spends ~60 µs on a 40-literal alternation, `re` ~13 µs, the loop ~8 µs (a
        # plain loop: any() over a generator costs twice as much per literal).
        def holds_one(low: str) -> bool:
            for s in ordered:
                if s in low:
                    return True
            return False

        return holds_one
    # A pure literal alternation cannot backtrack, so the standard engine is safe here.
    pattern = compile_re("|".join(re.escape(s) for s in ordered))
    return lambda low: pattern.search(low) is not None


_LITERAL_LOOP = 48


_SMALL_GROUP = 8
"""Rules sharing a first word that are run one by one; a larger group is joined into one
alternation (a site's 300 rules that all start with "Subscribe" cost one search, not 300)."""


@dataclass(frozen=True, slots=True)
class _Index:
    """First-word guards of one origin's anchored rules in one unit: which buckets to try for
    a block's first word and first two words."""

    exact1: dict[str, _Bucket]
    prefix1: tuple[tuple[int, dict[str, _Bucket]], ...]  # (prefix length, prefix -> bucket)
    exact2: dict[str, _Bucket]
    prefix2: dict[str, tuple[tuple[str, _Bucket], ...]]  # first word -> (two-word prefix, bucket)
    heads: frozenset[str] = field(init=False, compare=False)
    """The first ``shortest`` characters of every prefix in ``prefix1``: a word starting
    otherwise has none of them (most words), which one set lookup tells."""
    shortest: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        shortest = self.prefix1[0][0] if self.prefix1 else 0
        heads = frozenset(p[:shortest] for _, table in self.prefix1 for p in table)
        object.__setattr__(self, "shortest", shortest)
        object.__setattr__(self, "heads", heads)

    def buckets_for(self, one: str, two: str | None) -> list[_Bucket]:
        found = []
        bucket = self.exact1.get(one)
        if bucket is not None:
            found.append(bucket)
        if one[:self.shortest] in self.heads:
            for length, table in self.prefix1:  # by increasing length
                if len(one) < length:
                    break
                bucket = table.get(one[:length])
                if bucket is not None:
                    found.append(bucket)
        if two is not None:
            bucket = self.exact2.get(two)
            if bucket is not None:
                found.append(bucket)
            for prefix, bucket in self.prefix2.get(one, ()):
                if two.startswith(prefix):
                    found.append(bucket)
        return found


def first_reading(rule: Rule) -> bool | None:
    """How a rule's first words are read (:func:`~boilerstrip.rules._firstwords.first_words`'s
    ``ends_word``), or None for a rule not anchored at the start of the block."""
    if rule.anchor in ("whole", "list"):
        return True
    if rule.anchor == "start" or rule.anchored:
        return False
    return None


def _guard_of(rule: Rule) -> tuple[int, Guard] | None:
    """The guard of a pattern rule: ``(FIRST, guard)`` on the block's first words, ``(LAST,
    guard)`` on its last words, or None when the rule has to be tried on every block.
    (The built-in rules' guards ship with the package: ``_firstwords.guard_table``.)"""
    if rule.pattern is None:
        return None
    ends_word = first_reading(rule)
    guard = None if ends_word is None else shipped_first_words(rule.pattern, ends_word=ends_word)
    if guard is not None:
        return FIRST, guard
    guard = shipped_last_words(rule.regex_source or "")
    return None if guard is None else (LAST, guard)


def _index(items: Sequence[tuple[Key, Rule, Guard]]) -> _Index:
    # The tables hold positions in ``items``, taken in key order (the order _build gives), so
    # each word's group is in key order as filled and its tuple names it: ~10,000 words are
    # indexed when the built-in rules are first compiled, a sort and a tuple of keys each
    # was a quarter of a fresh process's first page.
    order = sorted(range(len(items)), key=lambda i: items[i][0])
    tables: tuple[dict[str, list[int]], ...] = ({}, {}, {}, {})
    for i in order:
        guard = items[i][2]
        for table, words in zip(tables, (guard.exact1, guard.prefix1, guard.exact2, guard.prefix2)):
            for word in words:
                table.setdefault(word, []).append(i)
    # Identical groups (the many first words of one rule) share one bucket object.
    made: dict[tuple[int, ...], _Bucket] = {}

    def bucket(group: list[int]) -> _Bucket:
        ident = tuple(group)
        found = made.get(ident)
        if found is None:
            rules = [(items[i][0], items[i][1]) for i in group]
            found = made[ident] = _bucket(rules, anchored=True, combined=len(group) > _SMALL_GROUP)
        return found

    def exact(table: dict[str, list[int]]) -> dict[str, _Bucket]:
        return {w: bucket(g) for w, g in table.items()}

    def by_length(table: dict[str, list[int]]) -> tuple[tuple[int, dict[str, _Bucket]], ...]:
        lengths: dict[int, dict[str, _Bucket]] = {}
        for prefix, group in table.items():
            lengths.setdefault(len(prefix), {})[prefix] = bucket(group)
        return tuple(sorted(lengths.items()))

    def by_first_word(table: dict[str, list[int]]) -> dict[str, tuple[tuple[str, _Bucket], ...]]:
        firsts: dict[str, list[tuple[str, _Bucket]]] = {}
        for prefix, group in table.items():
            firsts.setdefault(prefix.split(" ", 1)[0], []).append((prefix, bucket(group)))
        return {w: tuple(entries) for w, entries in firsts.items()}

    return _Index(exact(tables[0]), by_length(tables[1]), exact(tables[2]), by_first_word(tables[3]))


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One origin's rules of one unit, ready to run."""

    first: _Index | None  # anchored rules, looked up by the block's first words
    last: _Index | None  # rules that end the block, looked up by its last words (reversed)
    buckets: tuple[_Bucket, ...]  # the rest, by precedence


@dataclass(slots=True)
class _Unit:
    """Rules sharing one ``sites`` and ``languages`` filter; compiled on first use."""

    sites: tuple[str, ...]
    languages: tuple[str, ...]
    items: list[tuple[Key, Rule]] = field(default_factory=list)
    _compiled: tuple[_Compiled, ...] | None = None

    def applies_to(self, host: str | None, language: str | None) -> bool:
        return _sites_match(self.sites, host) and _languages_match(self.languages, language)

    @property
    def compiled(self) -> tuple[_Compiled, ...]:
        """Per origin rank: the first-word and last-word indexes and the unguarded buckets."""
        if self._compiled is None:
            self._compiled = tuple(self._build(rank) for rank in _RANKS)
        return self._compiled

    def _build(self, rank: int) -> _Compiled:
        guarded: tuple[list[tuple[Key, Rule, Guard]], list[tuple[Key, Rule, Guard]]] = ([], [])
        groups: dict[bool, list[tuple[Key, Rule]]] = {}
        solos: list[_Bucket] = []
        for key, rule in sorted(self.items, key=lambda kr: kr[0]):
            if key[0] != rank or rule.is_selector:
                continue
            guard = _guard_of(rule)
            if guard is not None:
                guarded[guard[0]].append((key, rule, guard[1]))
            elif not rule.combinable:
                solos.append(_bucket([(key, rule)], rule.anchored, combined=False, with_literals=not rule.anchored))
            else:
                # Anchored and unanchored regexes go to separate alternations: anchored ones
                # are run with match() (one position); mixing them slows the engine down.
                groups.setdefault(rule.anchored, []).append((key, rule))
        # Unguarded rules are pre-filtered by the literals they require when they all have some
        # (a substring search in the lower-cased block); else the group's alternation is run.
        buckets = []
        for anchored, items in groups.items():
            # Only for unanchored rules: an anchored one fails fast at position 0 anyway, a
            # scan of the whole text for its literals would cost more than it saves.
            filtered = [kr for kr in items if not anchored and shipped_required_literals(kr[1].regex_source or "")]
            others = [kr for kr in items if kr not in filtered]
            for part in (filtered, others):
                if part:
                    buckets.append(_bucket(part, anchored, combined=True, with_literals=part is filtered))
        return _Compiled(
            _index(guarded[FIRST]) if guarded[FIRST] else None,
            _index(guarded[LAST]) if guarded[LAST] else None,
            tuple(sorted(buckets + solos, key=lambda b: b.min_key)),
        )


def build_units(rules: Sequence[Rule]) -> list[_Unit]:
    """Group the rules of a RuleSet by their (sites, languages) filter, with their precedence keys."""
    units: dict[tuple[tuple[str, ...], tuple[str, ...]], _Unit] = {}
    for index, rule in enumerate(rules):
        key = (_ORIGIN_RANK[rule.origin], _tier(rule.action), index)
        # (a Rule stores its filters as tuples, whatever sequence it was given)
        sites, languages = tuple(rule.sites), tuple(rule.languages)
        unit = units.get((sites, languages))
        if unit is None:
            unit = units[(sites, languages)] = _Unit(sites, languages)
        unit.items.append((key, rule))
    return list(units.values())


@dataclass(frozen=True, slots=True)
class _Plan:
    """What one page needs: per origin, the first-word indexes and the buckets (by precedence);
    and the selector rules."""

    by_origin: tuple[tuple[int, tuple[_Index, ...], tuple[_Index, ...], tuple[_Bucket, ...], tuple[tuple[int, tuple[_Index, ...]], ...]], ...]
    """Per origin: its rank, first-word indexes, last-word indexes, buckets, and ``(side,
    indexes)`` for the sides that have indexes. Origins without rules are left out."""
    selectors: tuple[tuple[Rule, etree.XPath], ...]
    rules: tuple[Rule, ...]


def make_plan(units: Sequence[_Unit]) -> _Plan:
    by_origin = []
    for rank in _RANKS:
        firsts = tuple(idx for u in units if (idx := u.compiled[rank].first) is not None)
        lasts = tuple(idx for u in units if (idx := u.compiled[rank].last) is not None)
        buckets = tuple(sorted((b for u in units for b in u.compiled[rank].buckets), key=lambda b: b.min_key))
        sides = tuple((side, indexes) for side, indexes in ((FIRST, firsts), (LAST, lasts)) if indexes)
        if sides or buckets:
            by_origin.append((rank, firsts, lasts, buckets, sides))
    items = sorted((kr for u in units for kr in u.items), key=lambda kr: kr[0])
    # (a selector rule always has its compiled selector: r.select is not None)
    selectors = tuple((r, cast("etree.XPath", r.select)) for _, r in items if r.is_selector)
    return _Plan(tuple(by_origin), selectors, tuple(r for _, r in items))


# On ASCII text the glue characters (not ASCII) cannot occur, and both engines read \w alike:
# the standard engine does the first words 3x faster, and the last words are the first words
# of the reversed text (already reversed, as the last-word index wants them).
# (\A: used with match() only, but anchored so that a search cannot go quadratic either)
_ASCII_FIRST_WORDS = lazy_re(r"\A[\W_]*([^\W_]+)(?:[\W_]+([^\W_]+))?")
_TAIL = 64
"""Characters at the end of a block reversed to find its last words (more when they reach back
further)."""


def _words_of(text: str, side: int) -> tuple[str, str | None]:
    """The block's first word and first two words (lower case, one space between), or its
    last word and last two words, each reversed, for the last-word index."""
    m: re.Match[str] | regex.Match[str] | None
    if text.isascii():
        if side == FIRST:
            m = _ASCII_FIRST_WORDS.match(text)
        else:
            tail = text[:-_TAIL - 1:-1]
            m = _ASCII_FIRST_WORDS.match(tail)
            if len(text) > _TAIL and (m is None or m.group(2) is None or m.end() == len(tail)):
                m = _ASCII_FIRST_WORDS.match(text[::-1])  # the words may reach past the tail
        if m is None:
            return "", None
        one = m.group(1).lower()
        two = m.group(2)
        return one, (f"{one} {two.lower()}" if two else None)
    if side == FIRST:
        m = _FIRST_WORDS.match(text)
        if m is None:
            return "", None
        one = m.group(1).lower()
        return one, (f"{one} {m.group(2).lower()}" if m.group(2) else None)
    m = _LAST_WORDS.search(text)
    if m is None:
        return "", None
    one = m.group(2).lower()[::-1]
    return one, (f"{one} {m.group(1).lower()[::-1]}" if m.group(1) else None)


class Matcher:
    """The rules that apply to one page, ready to run on its blocks.

    Made by :meth:`RuleSet.compile`. Use one Matcher per page: it collects that page's
    :attr:`warnings` (copy them into ``Article.warnings``) and is not meant to be shared
    between threads.
    """

    __slots__ = ("_plan", "_timeout", "warnings", "_timeouts", "_disabled", "_broken", "_selector_rules", "_memo",
                 "_builtin_spent", "_builtin_left", "_budget_warning")

    def __init__(self, plan: _Plan, *, timeout: float = REGEX_TIMEOUT) -> None:
        self._plan = plan
        self._timeout = timeout
        self.warnings: list[str] = []
        """Problems met on this page (a rule that timed out), one sentence each."""
        self._timeouts: dict[str, int] = {}
        self._disabled: set[str] = set()
        self._broken: set[int] = set()  # ids of buckets whose alternation timed out on this page
        self._selector_rules: tuple[tuple[Rule, Callable[[Any], list[Any]]], ...] | None = None
        # The answers for the texts met on this page: menus and footers repeat their lines (a
        # quarter of a page's blocks are repeats). Emptied on a timeout, which changes what
        # later searches do (see _forget).
        self._memo: dict[tuple[str, int], Rule | None] = {}
        self._builtin_spent = 0.0  # CPU seconds the default rules used on this page
        self._builtin_left = 0  # blocks the default rules did not see, out of budget
        self._budget_warning: int | None = None  # index of the budget's warning in warnings

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Every rule that applies to this page, in precedence order."""
        return self._plan.rules

    @property
    def selector_rules(self) -> tuple[tuple[Rule, Callable[[Any], list[Any]]], ...]:
        """``(rule, select)`` pairs for the HTML front-end, in precedence order.

        ``select(tree_or_element)`` returns the matching elements (a list, empty when an XPath
        expression fails at run time, which adds a warning).
        """
        if self._selector_rules is None:
            self._selector_rules = tuple((r, self._guarded(r, fn)) for r, fn in self._plan.selectors)
        return self._selector_rules

    def _guarded(self, rule: Rule, fn: Callable[[Any], Any]) -> Callable[[Any], list[Any]]:
        from lxml import etree

        def select(tree: Any) -> list[Any]:
            try:
                found = fn(tree)
            except etree.XPathError as exc:
                self.warnings.append(f"rule {rule.id!r} failed on this page and was skipped: {exc}")
                return []
            if not isinstance(found, list):  # an XPath such as "count(//p)" gives a number
                return []
            return [e for e in found if isinstance(e, etree._Element)]

        return select

    def match(self, text: str, words: int | None = None) -> Rule | None:
        """The rule that decides this block, or ``None`` when no rule fires.

        ``text`` is the block's whitespace-normalised text and ``words`` its word count
        (counted here when not given). Never raises on a slow pattern: see :attr:`warnings`.
        """
        if words is None:
            words = len(text.split())
        key = (text, words)
        memo = self._memo
        known = memo.get(key, _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        rule = self._match(text, words)
        if memo is self._memo and len(memo) < _MEMO_SIZE:  # (no timeout meanwhile)
            memo[key] = rule
        return rule

    def _match(self, text: str, words: int) -> Rule | None:
        keys: list[tuple[str, str | None] | None] = [None, None]  # the block's words, read on need
        for rank, firsts, lasts, buckets, sides in self._plan.by_origin:
            if rank != _DEFAULT_RANK:
                best = self._match_origin(text, words, keys, buckets, sides)
            elif self._builtin_spent >= BUILTIN_BUDGET:
                self._out_of_budget()
                best = None
            else:
                start = time.thread_time()
                try:
                    best = self._match_origin(text, words, keys, buckets, sides)
                finally:
                    self._builtin_spent += time.thread_time() - start
            if best is not None:
                return best
        return None

    def _match_origin(self, text: str, words: int, keys: list[tuple[str, str | None] | None],
                      buckets: tuple[_Bucket, ...], sides: tuple[tuple[int, tuple[_Index, ...]], ...]) -> Rule | None:
        """The best rule of one origin that fires on the block, or None."""
        best: Rule | None = None
        best_key: Key | None = None
        low: str | None = None  # the lower-cased text, made on first need
        for side, indexes in sides:  # (the sides with indexes)
            if keys[side] is None:
                keys[side] = _words_of(text, side)
            one, two = keys[side]  # type: ignore[misc]
            if not one:
                continue
            for index in indexes:
                for bucket in index.buckets_for(one, two):
                    if best_key is not None and bucket.min_key > best_key:
                        continue
                    if bucket.max_words is not None and words > bucket.max_words:
                        continue
                    found = self._best_in(bucket, text, words)
                    if found is not None and (best_key is None or found[0] < best_key):
                        best_key, best = found
        for bucket in buckets:
            if best_key is not None and bucket.min_key > best_key:
                break  # buckets are sorted by their best key: none below can win
            if bucket.max_words is not None and words > bucket.max_words:
                continue
            if bucket.literals is not None:
                if low is None:
                    low = text.lower()
                if not bucket.literals(low):
                    continue
            found = self._best_in(bucket, text, words)
            if found is not None and (best_key is None or found[0] < best_key):
                best_key, best = found
        return best

    def _out_of_budget(self) -> None:
        """Count one more block the built-in rules left to the classifier, and say so (one
        warning per page, rewritten as the count grows)."""
        self._builtin_left += 1
        message = (f"built-in rules stopped after {self._builtin_spent:.2f} s of CPU time on this page "
                   f"(the limit is {BUILTIN_BUDGET:g} s); {self._builtin_left:,} "
                   f"block{'s' if self._builtin_left != 1 else ''} left to the classifier")
        if self._budget_warning is None:
            get_logger(__name__).info(message)
            self._budget_warning = len(self.warnings)
            self.warnings.append(message)
        else:
            self.warnings[self._budget_warning] = message

    # -- internals -------------------------------------------------------------------------

    def _best_in(self, bucket: _Bucket, text: str, words: int) -> tuple[Key, Rule] | None:
        alternation = bucket.alternation
        if alternation is None or id(bucket) in self._broken:
            return self._first(bucket, 0, len(bucket.rules), text, words)
        try:
            prefilter = alternation.prefilter
            if bucket.trusted:
                hit = prefilter.match(text) if bucket.anchored else prefilter.search(text)
                if hit is None:
                    return None
                which = alternation.ident.match(text, hit.start())
            else:
                hit = limited_search(prefilter, text, self._timeout, anchored=bucket.anchored)
                if hit is None:
                    return None
                which = limited_search(alternation.ident, text, self._timeout, hit.start(), anchored=True)
        except TimeoutError:
            # The alternation as a whole was too slow: fall back to one search per rule for
            # the rest of this page, which also tells which rule is to blame.
            self._broken.add(id(bucket))
            self._forget()
            return self._first(bucket, 0, len(bucket.rules), text, words)
        name = which.lastgroup if which is not None else None
        if name is None or not name.startswith("_bs"):
            return self._first(bucket, 0, len(bucket.rules), text, words)
        pos = int(name[3:])
        if not bucket.anchored:
            # A rule ranked higher may match further along the text.
            found = self._first(bucket, 0, pos, text, words)
            if found is not None:
                return found
        rule = bucket.rules[pos]
        if rule.id not in self._disabled and (rule.max_words is None or words <= rule.max_words):
            return bucket.keys[pos], rule
        return self._first(bucket, pos + 1, len(bucket.rules), text, words)

    def _first(self, bucket: _Bucket, start: int, stop: int, text: str, words: int) -> tuple[Key, Rule] | None:
        """The first rule of ``bucket.rules[start:stop]`` that fires, searched one by one."""
        for i in range(start, stop):
            rule = bucket.rules[i]
            if rule.max_words is not None and words > rule.max_words:
                continue
            if rule.id in self._disabled:
                continue
            if bucket.trusted:
                if rule.regex.search(text) is not None:
                    return bucket.keys[i], rule
                continue
            try:
                if limited_search(rule.regex, text, self._timeout) is not None:
                    return bucket.keys[i], rule
            except TimeoutError:
                self._timed_out(rule, text)
        return None

    def _forget(self) -> None:
        """Drop the remembered answers: after a timeout the same text may be matched otherwise
        (a rule left out, an alternation run rule by rule, or no timeout the next time)."""
        self._memo = {}

    def _timed_out(self, rule: Rule, text: str) -> None:
        self._forget()
        count = self._timeouts.get(rule.id, 0) + 1
        self._timeouts[rule.id] = count
        message = (f"rule {rule.id!r} timed out after {self._timeout:g} s of CPU time on a block of "
                   f"{len(text):,} characters and was skipped for that block")
        if count >= _MAX_TIMEOUTS_PER_RULE:
            self._disabled.add(rule.id)
            message += f"; after {count} timeouts it is skipped for the rest of the page"
        get_logger(__name__).info(message)
        self.warnings.append(message)
