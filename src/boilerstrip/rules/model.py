"""The rule model: :class:`Rule` (one rule, validated when built) and :class:`RuleSet`.

A rule is data: an id, the kind of chrome or field it marks, one way of matching (a regex
``pattern`` run on a block's text, or a CSS ``selector`` / ``xpath`` run on an HTML tree), an
action and optional filters (``sites``, ``languages``, ``max_words``). Everything is checked
when the rule is built, so a bad rule fails at load time with a :class:`~boilerstrip.RuleError`
that names its file, its id and the problem, never in the middle of cleaning a page.

>>> r = Rule(id="acme.drop-promo", kind="promo", pattern="^Subscribe to Acme Daily")
>>> r.matches("Subscribe to Acme Daily for $1")
True
>>> RuleSet([r]).get("acme.drop-promo") is r
True
"""

from __future__ import annotations

import fnmatch
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any, Callable, Literal

import regex

from .._lazyre import compile_regex, lazy_regex
from ..errors import RuleError

if TYPE_CHECKING:
    from lxml import etree

    from .matcher import Matcher, _Plan

__all__ = [
    "ACTIONS",
    "ANCHORS",
    "CHROME_KINDS",
    "FIELD_KINDS",
    "KINDS",
    "REGEX_TIMEOUT",
    "Rule",
    "RuleSet",
]

CHROME_KINDS: frozenset[str] = frozenset(
    {
        "social", "analytics", "navigation", "consent", "newsletter", "advert", "legal",
        "related", "comments", "promo", "masthead", "byline", "app", "credit", "other",
    }
)
"""Kinds of page furniture a rule can mark (what ``Removed.kind`` reports)."""

FIELD_KINDS: frozenset[str] = frozenset({"headline", "timestamp", "caption"})
"""Kinds that name an Article field rather than chrome."""

KINDS: frozenset[str] = CHROME_KINDS | FIELD_KINDS

ACTIONS: tuple[str, ...] = ("remove", "keep", "headline", "timestamp", "caption")
FIELD_ACTIONS: frozenset[str] = frozenset({"headline", "timestamp", "caption"})

ANCHORS: tuple[str, ...] = ("none", "start", "whole", "list")
"""How ``pattern`` is placed against the block text (see :attr:`Rule.anchor`)."""

REGEX_TIMEOUT = 0.05
"""Seconds of CPU time (of the thread that runs it) one regex search of a user rule may take
on one block before it is abandoned.

A linear pattern scans a 10,000-character block in well under a millisecond, so 50 ms only
ever stops a pattern that backtracks catastrophically, and a page of 300 blocks with one such
rule still finishes (the matcher disables a rule after a few timeouts on the same page).
The limit is CPU time, not wall time, so that a Cleaner shared by threads decides as it does
alone: see :func:`limited_search`.
"""

_CPU_SHARE = 0.8
"""A search stopped by the wall-clock limit has timed out when it used at least this share of
the limit in CPU time; else it was kept waiting (for the GIL, for a core) and is run again."""
_WALL_GROWTH = 4.0
_ATTEMPTS = 5
"""Runs of one search before a search that keeps waiting counts as timed out (its wall limits
are ``timeout`` times 1, 4, 16, 64 and 256)."""


def limited_search(pattern: Any, text: str, timeout: float, pos: int = 0, *, anchored: bool = False) -> Any:
    """``pattern.search(text, pos)`` (``match`` when ``anchored``), abandoned with
    ``TimeoutError`` once it has cost the calling thread ``timeout`` seconds of CPU time.

    The ``regex`` module's own ``timeout=`` is wall-clock time, and its searches let go of the
    GIL: in a thread among busy threads a search of microseconds can wait 50 ms to get it back
    and "time out", so a Cleaner shared by threads gave other Articles than run alone. Here the
    wall-clock limit only stops the engine; whether the search timed out is decided on this
    thread's CPU time (``time.thread_time``). A search that was stopped while it had used less
    than ``_CPU_SHARE`` of the limit was kept waiting, not working: it is run again with a
    longer wall-clock limit, and its result counts only if it used at most ``timeout`` seconds
    of CPU time. A pattern that backtracks catastrophically is stopped after about ``timeout``
    seconds of CPU time whatever the load (a few times that on a machine so busy the limit had
    to grow).
    """
    run = pattern.match if anchored else pattern.search
    wall = timeout
    for _ in range(_ATTEMPTS):
        start = time.thread_time()
        try:
            found = run(text, pos, timeout=wall)
        except TimeoutError:
            if time.thread_time() - start >= timeout * _CPU_SHARE:
                raise
            wall *= _WALL_GROWTH
            continue
        if wall > timeout and time.thread_time() - start > timeout:
            raise TimeoutError("regex search used up its CPU time")
        return found
    raise TimeoutError("regex search kept waiting for the CPU")

Origin = Literal["user", "default"]

_ID = lazy_regex(r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)+$")
_LANGUAGE = lazy_regex(r"^[a-z]{2,3}(?:-[a-z0-9]{1,8})*$")
_SITE = lazy_regex(r"^[a-z0-9*?\[\]\p{L}\p{N}._-]+$")
# A leading global flag group such as "(?x)", a backreference, a conditional or a recursion
# ties a pattern to its own group numbering or flags: such a pattern cannot be spliced into a
# combined alternation, so the matcher runs it on its own (correct, just not pre-filtered).
_NOT_COMBINABLE = lazy_regex(
    r"\\[1-9]|\\g[<{]|\\k[<{']|\(\?P[=>]|\(\?\(|\(\?[\^a-zA-Z0-9+-]*\)|\(\?&"
)
EMOJI_GLUE = "\u200d\u20e3\ufe00-\ufe0f"
"""Characters that ``\\w`` counts as word characters but that only glue emoji together
(zero-width joiner, keycap, variation selectors: "➡️" is U+27A1 U+FE0F). Around a rule's
text they are separators like the emoji themselves."""
# Around a rule's text and between the items of a "list" rule: anything that is not a letter
# or digit.
_SEP = rf"[\W_{EMOJI_GLUE}]"


def _wrap(pattern: str, anchor: str) -> str:
    """The regex actually run for ``pattern`` placed with ``anchor``."""
    # The separators in front of the pattern are crossed lazily (``*?``): the pattern is tried
    # at each position of the run, once. A greedy run backtracks one character at a time
    # instead, and the ``regex`` engine then costs time in the run's length per step when the
    # pattern may start with a separator ("«", "©"): quadratic on a line of "« « « ...".
    if anchor == "whole":
        return rf"^{_SEP}*?(?:{pattern}){_SEP}*$"
    if anchor == "start":
        return rf"^{_SEP}*?(?:{pattern})"
    if anchor == "list":
        # Possessive: once an item and its separator are read they are not re-read, which keeps
        # a long failing row linear (the regex engine otherwise retries every split).
        # Each item must end where a word ends ("Contact" is not read out of "Contacto").
        return rf"^{_SEP}*?(?:{pattern})(?![^\W_])(?:{_SEP}+?(?:{pattern})(?![^\W_]))*+{_SEP}*$"
    return pattern


def _top_level_alternation(src: str) -> bool:
    """Whether ``src`` has a ``|`` outside every group and character class."""
    depth = 0
    i = 0
    n = len(src)
    while i < n:
        c = src[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            # Skip the class; a "]" right after "[" or "[^" is a literal.
            i += 1
            if i < n and src[i] == "^":
                i += 1
            if i < n and src[i] == "]":
                i += 1
            while i < n and src[i] != "]":
                i += 2 if src[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth = max(0, depth - 1)
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _as_tuple(value: Any, name: str, rule_id: str, source: str | None) -> tuple[str, ...]:
    """Normalise a str or an iterable of str to a tuple of str (a lone str is one item)."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    try:
        items = tuple(value)
    except TypeError:
        raise RuleError(f"{name!r} must be a list of strings, not {type(value).__name__}",
                        rule_id=rule_id, source=source) from None
    for item in items:
        if not isinstance(item, str):
            raise RuleError(f"{name!r} must be a list of strings; found {item!r}",
                            rule_id=rule_id, source=source)
    return items


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule. Built from keyword arguments, a TOML table or a dict; validated on creation.

    Matching: exactly one of ``pattern`` (a regex searched in the block's whitespace-normalised
    text with the :mod:`regex` module, case-insensitive unless ``case_sensitive``), ``selector``
    (CSS, HTML pages only) or ``xpath`` (HTML pages only).

    ``anchor`` places the pattern: ``"none"`` searches anywhere; ``"start"`` requires it at
    the start of the block (after punctuation); ``"whole"`` requires it to be the whole block
    (punctuation, symbols and spaces around it allowed); ``"list"`` accepts a block made of
    one or more matches separated by punctuation or spaces ("Facebook | Twitter | Email").

    Filters: ``sites`` (host names or globs, matched against the host of ``clean(url=...)``;
    a bare name also matches its subdomains, so ``"acme.com"`` covers ``www.acme.com``, while
    ``"*.acme.com"`` matches subdomains only), ``languages`` (codes such as ``"de"``; a rule
    restricted to languages still fires when the page's language is unknown), and
    ``max_words`` (the rule only fires on blocks of at most that many words).

    ``origin`` is ``"user"`` for rules you make and ``"default"`` for the built-ins; user rules
    take precedence over default rules.
    """

    id: str
    kind: str
    action: str = "remove"
    pattern: str | None = None
    selector: str | None = None
    xpath: str | None = None
    anchor: str = "none"
    case_sensitive: bool = False
    sites: Sequence[str] = ()
    languages: Sequence[str] = ()
    max_words: int | None = None
    description: str = ""
    examples: Sequence[str] = ()
    """Block texts the rule must match (checked by ``boilerstrip rules check`` and the tests)."""
    counterexamples: Sequence[str] = ()
    """Block texts the rule must not match."""
    origin: Origin = "user"
    source: str | None = field(default=None, compare=False)
    """The file the rule came from, for error messages."""
    _regex: Any = field(init=False, repr=False, compare=False, default=None)
    _select: etree.XPath | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        src = self.source
        if not isinstance(self.id, str) or not self.id:
            raise RuleError("a rule needs an 'id'", source=src)
        rid = self.id
        if not _ID.match(rid):
            raise RuleError(
                "the id must be dotted lower-case words such as 'acme.drop-promo' "
                "(letters, digits, '-' and '_', at least one '.')",
                rule_id=rid, source=src,
            )
        for name in ("kind", "action", "anchor", "description"):
            if not isinstance(getattr(self, name), str):
                raise RuleError(f"{name!r} must be a string", rule_id=rid, source=src)
        if self.kind not in KINDS:
            raise RuleError(f"unknown kind {self.kind!r} (known: {', '.join(sorted(KINDS))})",
                            rule_id=rid, source=src)
        if self.action not in ACTIONS:
            raise RuleError(f"unknown action {self.action!r} (known: {', '.join(ACTIONS)})",
                            rule_id=rid, source=src)
        if self.action in FIELD_ACTIONS:
            allowed = {self.action, "credit"} if self.action == "caption" else {self.action}
            if self.kind not in allowed:
                raise RuleError(
                    f"action {self.action!r} needs kind {' or '.join(map(repr, sorted(allowed)))}"
                    f" (got {self.kind!r})", rule_id=rid, source=src)
        if self.anchor not in ANCHORS:
            raise RuleError(f"unknown anchor {self.anchor!r} (known: {', '.join(ANCHORS)})",
                            rule_id=rid, source=src)
        if self.origin not in ("user", "default"):
            raise RuleError(f"origin must be 'user' or 'default', not {self.origin!r}",
                            rule_id=rid, source=src)
        if not isinstance(self.case_sensitive, bool):
            raise RuleError("'case_sensitive' must be true or false", rule_id=rid, source=src)
        if self.max_words is not None and (
            isinstance(self.max_words, bool) or not isinstance(self.max_words, int)
            or self.max_words < 1
        ):
            raise RuleError(f"'max_words' must be a positive integer, not {self.max_words!r}",
                            rule_id=rid, source=src)
        sites = tuple(s.strip().lower().rstrip(".") for s in _as_tuple(self.sites, "sites", rid, src))
        for site in sites:
            if not site or not _SITE.match(site):
                raise RuleError(
                    f"bad site {site!r}: give host names or globs such as 'acme.com' or "
                    "'*.acme.com', not URLs", rule_id=rid, source=src)
        languages = tuple(
            lang.strip().lower().replace("_", "-")
            for lang in _as_tuple(self.languages, "languages", rid, src)
        )
        for lang in languages:
            if not _LANGUAGE.match(lang):
                raise RuleError(f"bad language code {lang!r} (use codes such as 'en', 'pt-br')",
                                rule_id=rid, source=src)
        object.__setattr__(self, "sites", sites)
        object.__setattr__(self, "languages", languages)
        object.__setattr__(self, "examples", _as_tuple(self.examples, "examples", rid, src))
        object.__setattr__(
            self, "counterexamples", _as_tuple(self.counterexamples, "counterexamples", rid, src)
        )

        given = [name for name in ("pattern", "selector", "xpath") if getattr(self, name) is not None]
        if len(given) != 1:
            got = "none" if not given else " and ".join(repr(g) for g in given)
            raise RuleError(f"a rule needs exactly one of 'pattern', 'selector' or 'xpath' (got {got})",
                            rule_id=rid, source=src)
        if self.pattern is not None:
            # a built-in rule's pattern is compiled when first run (its patterns are checked
            # by the tests; compiling them all was most of ``import boilerstrip``); a user's is
            # checked here, so that a bad one fails where it is loaded
            if not (self.origin == "default" and (self.source or "").startswith("builtin/")):
                object.__setattr__(self, "_regex", self._compile_pattern())
        else:
            if self.anchor != "none":
                raise RuleError("'anchor' applies to a 'pattern', not to a selector",
                                rule_id=rid, source=src)
            object.__setattr__(self, "_select", self._compile_selector())

    def _compile_pattern(self) -> Any:
        rid, src = self.id, self.source
        if not isinstance(self.pattern, str):
            raise RuleError("'pattern' must be a string (or a list of strings in a file)",
                            rule_id=rid, source=src)
        if not self.pattern.strip():
            raise RuleError("empty pattern", rule_id=rid, source=src)
        flags = 0 if self.case_sensitive else regex.IGNORECASE
        try:
            compiled = compile_regex(_wrap(self.pattern, self.anchor), flags)
        except regex.error as exc:
            raise RuleError(f"invalid regex {self.pattern!r}: {exc}", rule_id=rid, source=src) from None
        except RecursionError:
            raise RuleError("the pattern is nested too deeply to compile", rule_id=rid, source=src) from None
        # A pattern that matches an empty string somewhere in any text (".*", "^", "x?")
        # would fire on every block of every page: a mistake, never an intent.
        empty = None
        for probe in ("\x00", "\n"):  # "." matches the first, not the second
            try:
                found = compiled.search(probe, timeout=REGEX_TIMEOUT)
            except TimeoutError:
                found = None
            if found is not None and found.group() == "":
                empty = found
        if empty is not None:
            raise RuleError(f"pattern {self.pattern!r} can match an empty string, so it would "
                            "fire on every block", rule_id=rid, source=src)
        return compiled

    def _compile_selector(self) -> etree.XPath:
        from lxml import etree

        rid, src = self.id, self.source
        if self.selector is not None:
            if not isinstance(self.selector, str) or not self.selector.strip():
                raise RuleError("'selector' must be a non-empty string", rule_id=rid, source=src)
            try:
                from cssselect import SelectorError
                from lxml.cssselect import CSSSelector
            except ImportError:
                raise RuleError(
                    "CSS selectors need the 'cssselect' package (pip install cssselect); "
                    "or write the rule with an 'xpath' key", rule_id=rid, source=src) from None
            try:
                return CSSSelector(self.selector, translator="html")
            except (SelectorError, etree.XPathError) as exc:
                raise RuleError(f"bad selector {self.selector!r}: {exc}", rule_id=rid, source=src) from None
        if not isinstance(self.xpath, str) or not self.xpath.strip():
            raise RuleError("'xpath' must be a non-empty string", rule_id=rid, source=src)
        try:
            return etree.XPath(self.xpath)
        except etree.XPathError as exc:
            raise RuleError(f"bad xpath {self.xpath!r}: {exc}", rule_id=rid, source=src) from None

    # -- reading ---------------------------------------------------------------------------

    @property
    def regex(self) -> Any:
        """The compiled :mod:`regex` pattern (anchor applied), or ``None`` for a selector rule."""
        if self._regex is None and self.pattern is not None:
            object.__setattr__(self, "_regex", self._compile_pattern())
        return self._regex

    @property
    def regex_source(self) -> str | None:
        """The text of the regex actually run (``pattern`` with its ``anchor`` applied)."""
        return None if self.pattern is None else _wrap(self.pattern, self.anchor)

    @property
    def is_selector(self) -> bool:
        """Whether the rule matches HTML elements (``selector``/``xpath``) rather than text."""
        return self.pattern is None

    @property
    def select(self) -> etree.XPath | None:
        """The compiled selector: a callable from an lxml tree or element to matching elements."""
        return self._select

    @property
    def anchored(self) -> bool:
        """Whether the regex can only match at the start of the text (lets it be pre-filtered
        with a single ``match`` call)."""
        src = self.regex_source
        return src is not None and src.startswith(("^", "\\A")) and not _top_level_alternation(src)

    @property
    def combinable(self) -> bool:
        """Whether the regex can be spliced into a combined alternation with other rules."""
        src = self.regex_source
        return src is not None and not _NOT_COMBINABLE.search(src)

    def applies_to(self, host: str | None, language: str | None) -> bool:
        """Whether the ``sites`` and ``languages`` filters let the rule run on such a page.

        >>> r = Rule(id="a.b", kind="promo", pattern="x", sites=("acme.com",), languages=("de",))
        >>> r.applies_to("www.acme.com", "de"), r.applies_to("acme.com", None), r.applies_to(None, "de")
        (True, True, False)
        """
        return _sites_match(self.sites, host) and _languages_match(self.languages, language)

    def matches(self, text: str, *, words: int | None = None, timeout: float = REGEX_TIMEOUT) -> bool:
        """Whether this pattern rule fires on a block's text (``max_words`` included).

        Raises ``TimeoutError`` when the search takes more than ``timeout`` seconds of this
        thread's CPU time (see :func:`limited_search`): the
        :class:`~boilerstrip.rules.Matcher` turns that into a warning, this method does not.
        """
        compiled = self.regex
        if compiled is None:
            return False
        if self.max_words is not None:
            if words is None:
                words = len(text.split())
            if words > self.max_words:
                return False
        return limited_search(compiled, text, timeout) is not None

    def to_dict(self) -> dict[str, Any]:
        """The rule as the keys of a TOML ``[[rules]]`` table (defaults left out)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name.startswith("_") or f.name in ("origin", "source"):
                continue
            value = getattr(self, f.name)
            if value == f.default:
                continue
            out[f.name] = list(value) if isinstance(value, tuple) else value
        out.setdefault("action", self.action)
        return out

    def __reduce__(self) -> tuple[Any, ...]:
        # Compiled selectors do not pickle; rebuild (and re-validate) from the fields instead.
        kwargs = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        return (_rebuild_rule, (kwargs,))


def _rebuild_rule(kwargs: dict[str, Any]) -> Rule:
    return Rule(**kwargs)


def _sites_match(sites: Sequence[str], host: str | None) -> bool:
    if not sites:
        return True
    if host is None:
        return False
    for site in sites:
        if any(c in site for c in "*?["):
            if fnmatch.fnmatchcase(host, site):
                return True
        elif host == site or host.endswith("." + site):
            return True
    return False


def _languages_match(languages: Sequence[str], language: str | None) -> bool:
    if not languages or language is None:
        return True
    return any(lang.split("-", 1)[0] == language for lang in languages)


def _primary_language(language: str | None) -> str | None:
    if not language:
        return None
    return language.strip().lower().replace("_", "-").split("-", 1)[0] or None


def host_of(url: str | None) -> str | None:
    """The lower-case host of a URL (``None`` when there is none).

    >>> host_of("https://WWW.Acme.com:8080/news/1"), host_of("acme.com/x"), host_of(None)
    ('www.acme.com', 'acme.com', None)
    """
    from urllib.parse import urlsplit

    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:  # e.g. an unbalanced "[" of an IPv6 literal: no usable host
        return None
    return (host or "").rstrip(".") or None


_CACHE_SIZE = 512
"""Hosts remembered per RuleSet by compile(): bounded so a crawl of a million sites does not
grow memory; a miss costs one pass over the site filters, not a recompilation."""


class RuleSet:
    """An ordered, immutable collection of rules with unique ids.

    Build one with ``RuleSet(rules)``, :meth:`from_toml`, :meth:`from_dicts` or
    :func:`~boilerstrip.load_rules`; extend by union, never by mutation::

        rules = RuleSet.default() | load_rules("acme.toml")
        rules = rules.without("social.*").add(Rule(id="acme.x", kind="promo", pattern="^Acme+"))

    ``a | b`` keeps ``a``'s order and appends ``b``; a rule of ``b`` with an id already in
    ``a`` replaces it in place (as ``dict | dict`` does). Precedence between rules when more
    than one fires on a block: user rules before default rules; then ``keep``, then the field
    actions (``headline``, ``timestamp``, ``caption``), then ``remove``; then the order here.

    >>> rs = RuleSet([Rule(id="a.one", kind="promo", pattern="x"), Rule(id="a.two", kind="legal", pattern="y")])
    >>> [r.id for r in rs.without("a.o*")], len(rs), "a.two" in rs
    (['a.two'], 2, True)
    """

    __slots__ = ("_rules", "_index", "_hash", "_lock", "_units", "_plans", "_hosts", "__weakref__")

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        items = tuple(rules)
        index: dict[str, int] = {}
        for i, rule in enumerate(items):
            if not isinstance(rule, Rule):
                raise TypeError(f"RuleSet takes Rule objects, not {type(rule).__name__}")
            if rule.id in index:
                raise RuleError("duplicate rule id", rule_id=rule.id, source=rule.source)
            index[rule.id] = i
        self._rules: tuple[Rule, ...] = items
        self._index = index
        self._hash: int | None = None
        self._lock = threading.Lock()
        self._units: Any = None
        self._plans: OrderedDict[Any, _Plan] = OrderedDict()
        self._hosts: OrderedDict[tuple[str | None, str | None], _Plan] = OrderedDict()

    # -- constructors ----------------------------------------------------------------------

    @classmethod
    def default(cls) -> RuleSet:
        """The built-in rules (loaded once from the package's ``rules/builtin/*.toml``)."""
        from .loader import builtin_rules

        return builtin_rules()

    @classmethod
    def from_toml(cls, text: str, *, source: str | None = None) -> RuleSet:
        """Rules from the text of a TOML rule file (``[[rules]]`` tables)."""
        from .loader import rules_from_toml

        return rules_from_toml(text, source=source)

    @classmethod
    def from_dicts(cls, items: Iterable[dict[str, Any]], *, source: str | None = None) -> RuleSet:
        """Rules from dicts with the keys of a ``[[rules]]`` table."""
        from .loader import rules_from_dicts

        return rules_from_dicts(items, source=source)

    # -- collection protocol ---------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._rules)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, Rule):
            i = self._index.get(item.id)
            return i is not None and self._rules[i] == item
        return isinstance(item, str) and item in self._index

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return self._rules == other._rules

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._rules)
        return self._hash

    def __repr__(self) -> str:
        user = sum(r.origin == "user" for r in self._rules)
        return f"<RuleSet of {len(self._rules)} rules: {len(self._rules) - user} default, {user} user>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (RuleSet, (self._rules,))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in self._rules)

    def get(self, rule_id: str) -> Rule | None:
        """The rule with this id, or ``None``."""
        i = self._index.get(rule_id)
        return None if i is None else self._rules[i]

    # -- deriving new sets -----------------------------------------------------------------

    def merge(self, other: RuleSet | Iterable[Rule]) -> RuleSet:
        """``self`` followed by ``other``; a rule of ``other`` replaces one with the same id."""
        others = other._rules if isinstance(other, RuleSet) else tuple(other)
        rules = list(self._rules)
        index = dict(self._index)
        for rule in others:
            if not isinstance(rule, Rule):
                raise TypeError(f"RuleSet takes Rule objects, not {type(rule).__name__}")
            i = index.get(rule.id)
            if i is None:
                index[rule.id] = len(rules)
                rules.append(rule)
            else:
                rules[i] = rule
        return RuleSet(rules)

    def __or__(self, other: object) -> RuleSet:
        if not isinstance(other, RuleSet):
            return NotImplemented
        return self.merge(other)

    def add(self, *rules: Rule) -> RuleSet:
        """A new set with ``rules`` appended; an id already present is an error (use ``|``
        to replace a rule on purpose)."""
        for rule in rules:
            if isinstance(rule, Rule) and rule.id in self._index:
                raise RuleError("duplicate rule id (use `rules | RuleSet([rule])` to replace it)",
                                rule_id=rule.id, source=rule.source)
        return RuleSet(self._rules + rules)

    def without(self, *patterns: str) -> RuleSet:
        """A new set without the rules whose id equals or glob-matches any of ``patterns``
        (``"social.*"``, ``"*.read-more"``)."""
        def dropped(rule_id: str) -> bool:
            return any(rule_id == p or fnmatch.fnmatchcase(rule_id, p) for p in patterns)

        return RuleSet(r for r in self._rules if not dropped(r.id))

    def filter(self, predicate: Callable[[Rule], bool]) -> RuleSet:
        """A new set of the rules for which ``predicate(rule)`` is true."""
        return RuleSet(r for r in self._rules if predicate(r))

    # -- matching --------------------------------------------------------------------------

    def compile(self, url: str | None = None, language: str | None = None, *,
                timeout: float = REGEX_TIMEOUT) -> Matcher:
        """A :class:`~boilerstrip.rules.Matcher` for one page.

        Only the rules whose ``sites`` and ``languages`` admit the page are kept. The
        compiled form is cached per (host, language) on this RuleSet, so calling this for
        every page is cheap; the returned Matcher is light and carries the page's warnings,
        so use one per page (and do not share it between threads).
        """
        from .matcher import Matcher

        host = host_of(url)
        lang = _primary_language(language)
        key = (host, lang)
        with self._lock:
            plan = self._hosts.get(key)
            if plan is not None:
                self._hosts.move_to_end(key)
        if plan is None:
            plan = self._plan_for(host, lang)
            with self._lock:
                self._hosts[key] = plan
                if len(self._hosts) > _CACHE_SIZE:
                    self._hosts.popitem(last=False)
        return Matcher(plan, timeout=timeout)

    def _plan_for(self, host: str | None, lang: str | None) -> _Plan:
        from .matcher import build_units, make_plan

        with self._lock:
            if self._units is None:
                self._units = build_units(self._rules)
            units = self._units
        chosen = tuple(i for i, unit in enumerate(units) if unit.applies_to(host, lang))
        with self._lock:
            plan = self._plans.get(chosen)
        if plan is None:
            plan = make_plan([units[i] for i in chosen])
            with self._lock:
                self._plans[chosen] = plan
                if len(self._plans) > _CACHE_SIZE:
                    self._plans.popitem(last=False)
        return plan
