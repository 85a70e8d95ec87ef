"""Which first words can a rule's match start with? (a cheap guard in front of the regex)

Most rules are anchored at the start of the block: ``"Share this article"``, ``"Advertisement"``.
Such a rule can only fire on a block whose first word is one of a finite set of words (case
folded), and a dictionary lookup on the block's first word then tells which few rules are worth
running. That matters because the ``regex`` engine tries the alternatives of a pattern one by
one: 30 multilingual rules cost ~50 µs per block tried in full, a lookup costs well under 1 µs.

:func:`first_words` reads a pattern with a small parser that knows the common syntax (literals,
escapes, classes of listed characters, groups, alternation, bounded and optional quantifiers)
and gives up (returns ``None``) on anything else: a wildcard, ``\\w``, a lookaround, an unbounded
repetition of word characters, or more than a few thousand expansions. Giving up is always safe:
the rule is then run on every block. Zero-width assertions (``\\b``) are ignored, which can only
widen the set, never narrow it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Union, cast, overload

import regex

from .._lazyre import lazy_regex

if TYPE_CHECKING:
    from typing import TypeAlias

    from .model import Rule

__all__ = ["Guard", "first_words"]

_MAX_EXPANSIONS = 4096
_MAX_LOOP = 16
_WORD = lazy_regex(r"[^\W_]")
_SIMPLE_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", "f": "\f", "v": "\v", "a": "\a", "e": "\x1b"}
_NONWORD_CLASS_ESCAPES = frozenset("sW")
_OPAQUE_ESCAPES = frozenset("wdDSpPNXgkRGLKQEhHzC0123456789")  # classes, references, specials
_OPAQUE: _Mark = ("opaque",)
"""A part of the pattern this reader does not understand: fine after the first word, fatal in it."""


class _GiveUp(Exception):
    pass


@dataclass(frozen=True)
class Guard:
    """The opening words a match can begin with (lower case; a space for any separator).

    A block can only match when its first word is in ``exact1`` or starts with one of
    ``prefix1``, or its first two words are in ``exact2`` or start with one of ``prefix2``.
    """

    exact1: frozenset[str]
    prefix1: frozenset[str]
    exact2: frozenset[str]
    prefix2: frozenset[str]


# -- parsing into a tiny AST ---------------------------------------------------------------
# Nodes: ("set", chars: frozenset[str], nonword: bool)  one character from chars (or any
#        non-word character when nonword is true); ("alt", [seq, ...]); ("seq", [node, ...]);
#        ("rep", node, min, max|None); ("end",) for "$"; ("wordend",) for "\\b" (read as "a word
#        ends here", the only reading that matters after word characters); ("nothing",) for
#        the other zero-width assertions; ("opaque",) for what this reader does not know.

if TYPE_CHECKING:
    _Set: TypeAlias = tuple[Literal["set"], frozenset[str], bool]
    _Seq: TypeAlias = tuple[Literal["seq"], list["_Node"]]
    _Alt: TypeAlias = tuple[Literal["alt"], list[_Seq]]
    _Rep: TypeAlias = tuple[Literal["rep"], "_Node", int, Union[int, None]]
    _Mark: TypeAlias = tuple[Literal["end", "wordend", "nothing", "opaque"]]
    _Node: TypeAlias = Union[_Set, _Seq, _Alt, _Rep, _Mark]


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.i = 0

    def parse(self) -> _Node:
        node = self.alt()
        if self.i != len(self.src):
            raise _GiveUp
        return node

    def peek(self) -> str:
        return self.src[self.i] if self.i < len(self.src) else ""

    def alt(self) -> _Alt:
        branches = [self.seq()]
        while self.peek() == "|":
            self.i += 1
            branches.append(self.seq())
        return ("alt", branches)

    def seq(self) -> _Seq:
        items: list[_Node] = []
        while self.i < len(self.src) and self.peek() not in "|)":
            atom = self.atom()
            items.append(self.quantified(atom))
        return ("seq", items)

    def quantified(self, atom: _Node) -> _Node:
        c = self.peek()
        lo: int
        hi: int | None
        if c == "?":
            lo, hi = 0, 1
            self.i += 1
        elif c == "*":
            lo, hi = 0, None
            self.i += 1
        elif c == "+":
            lo, hi = 1, None
            self.i += 1
        elif c == "{":
            m = regex.match(r"\{(\d*)(?:(,)(\d*))?\}", self.src[self.i:])
            if m is None or (m.group(1) == "" and m.group(3) in (None, "")):
                return atom  # a literal "{", as the regex module reads it
            lo = int(m.group(1) or 0)
            hi = lo if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
            self.i += m.end()
        else:
            return atom
        if self.peek() in ("?", "+"):  # lazy or possessive: the same strings, or fewer
            self.i += 1
        return ("rep", atom, lo, hi)

    def atom(self) -> _Node:
        c = self.src[self.i]
        if c == "(":
            return self.group()
        if c == "[":
            return self.char_class()
        if c == "\\":
            return self.escape(in_class=False)
        self.i += 1
        if c == ".":
            return _OPAQUE
        if c == "^":
            return ("nothing",)
        if c == "$":
            return ("end",)
        return ("set", frozenset((c.lower(),)), False)

    def group(self) -> _Node:
        src = self.src
        self.i += 1
        if src.startswith("?#", self.i):
            end = src.find(")", self.i)
            if end < 0:
                raise _GiveUp
            self.i = end + 1
            return ("nothing",)
        opaque = False
        zero_width = False
        if src.startswith("?", self.i):
            m = regex.match(r"\?(?::|>|[a-zA-Z]*(?:-[a-zA-Z]+)?:|P?<[A-Za-z_]\w*>)", src[self.i:])
            if m is None:
                m = regex.match(r"\?<?[=!]", src[self.i:])
                if m is not None:
                    zero_width = True  # a lookaround: ignoring it only widens the set
                else:
                    # A conditional, recursion...: read past it, know nothing of it.
                    m = regex.match(r"\?(?:\(\w+\)|P?[>=]\w+|&\w+|R|[+-]?\d+|\||)", src[self.i:])
                    if m is None:
                        raise _GiveUp
                    opaque = True
            self.i += m.end()
            if src[self.i - 1] == ")":  # "(?R)", "(?1)", "(?P=name)" and the like end here
                return _OPAQUE
        node = self.alt()
        if self.peek() != ")":
            raise _GiveUp
        self.i += 1
        if zero_width:
            return ("nothing",)
        return _OPAQUE if opaque else node

    def escape(self, *, in_class: bool) -> _Node:
        src = self.src
        if self.i + 1 >= len(src):
            raise _GiveUp
        c = src[self.i + 1]
        self.i += 2
        if c in _NONWORD_CLASS_ESCAPES:
            return ("set", frozenset(), True)
        if c in ("b", "M") and not in_class:
            return ("wordend",)
        if c == "Z" and not in_class:
            return ("end",)
        if c in ("B", "A", "m") and not in_class:
            return ("nothing",)
        if c in _OPAQUE_ESCAPES:
            # A class (\\w, \\d, \\p{L}), a reference or the like: read past it.
            if c in "pPNgkX" and self.peek() in "{<":
                close = "}" if self.peek() == "{" else ">"
                end = src.find(close, self.i)
                if end < 0:
                    raise _GiveUp
                self.i = end + 1
            elif c in "pP":
                self.i += 1
            elif c.isdigit():
                while self.peek().isdigit():
                    self.i += 1
            return _OPAQUE
        if c == "x":
            m = regex.match(r"[0-9a-fA-F]{2}|\{[0-9a-fA-F]+\}", src[self.i:])
            if m is None:
                raise _GiveUp
            self.i += m.end()
            return ("set", frozenset((chr(int(m.group().strip("{}"), 16)).lower(),)), False)
        if c in ("u", "U"):
            n = 4 if c == "u" else 8
            digits = src[self.i:self.i + n]
            if len(digits) != n or not regex.fullmatch(r"[0-9a-fA-F]+", digits):
                raise _GiveUp
            self.i += n
            return ("set", frozenset((chr(int(digits, 16)).lower(),)), False)
        if c in _SIMPLE_ESCAPES:
            return ("set", frozenset(_SIMPLE_ESCAPES[c]), False)
        if c.isalnum():
            return _OPAQUE  # an escape this parser does not know
        return ("set", frozenset((c.lower(),)), False)

    def char_class(self) -> _Node:
        src = self.src
        self.i += 1
        opaque = False
        if self.peek() == "^":
            opaque = True
            self.i += 1
        chars: set[str] = set()
        nonword = False
        first = True
        while True:
            if self.i >= len(src):
                raise _GiveUp
            c = src[self.i]
            if c == "]" and not first:
                self.i += 1
                break
            first = False
            if c == "[":
                raise _GiveUp  # nested set (regex V1) or a POSIX class: do not guess its end
            lo: str | None
            if c == "\\":
                node = self.escape(in_class=True)
                if node[0] != "set":
                    opaque = True
                    lo = None
                else:
                    chars |= node[1]
                    nonword = nonword or node[2]
                    lo = next(iter(node[1])) if len(node[1]) == 1 else None
            else:
                self.i += 1
                lo = c
                chars.add(c.lower())
            # A range "a-z": expanded when small, else the class is opaque.
            if self.peek() == "-" and self.i + 1 < len(src) and src[self.i + 1] != "]":
                self.i += 1
                hi_c = src[self.i]
                if hi_c == "\\":
                    node = self.escape(in_class=True)
                    hi_c = next(iter(node[1])) if node[0] == "set" and len(node[1]) == 1 else ""
                else:
                    self.i += 1
                if lo is None or not hi_c or ord(hi_c) < ord(lo) or ord(hi_c) - ord(lo) > 64:
                    opaque = True
                else:
                    chars |= {chr(o).lower() for o in range(ord(lo), ord(hi_c) + 1)}
        return _OPAQUE if opaque else ("set", frozenset(chars), nonword)


# -- expanding the first words -------------------------------------------------------------
# State: the set of "open" strings, the block's opening words as read so far, lower case:
#   "shar"        inside the first word (""  : nothing read yet, punctuation is skipped)
#   "share "      between the first and the second word (the space stands for any separator)
#   "share thi"   inside the second word
# A non-word character ends a word. Reading stops after two words: one word is often too
# common to pick rules by ("The story continues below", "We use cookies" begin like prose),
# two rarely are. Where the second word cannot be known (a wildcard after the first word, too
# many combinations), the string falls back to its first word alone, which is always safe.


def _is_word(c: str) -> bool:
    return bool(_WORD.match(c))


class _Out:
    """The guard being collected."""

    def __init__(self) -> None:
        self.exact1: set[str] = set()
        self.prefix1: set[str] = set()
        self.exact2: set[str] = set()
        self.prefix2: set[str] = set()

    def settle(self, p: str, *, ends_word: bool) -> None:
        """Record an open string at a point where the match may end."""
        if p == "":
            raise _GiveUp  # the match may hold no word at all: nothing to look up
        if p.endswith(" "):
            self.exact1.add(p[:-1])
        elif " " in p:
            (self.exact2 if ends_word else self.prefix2).add(p)
        else:
            (self.exact1 if ends_word else self.prefix1).add(p)

    def degrade(self, opens: frozenset[str] | set[str]) -> frozenset[str]:
        """Stop reading strings past the first word where what follows is unknown: inside the
        second word it is a prefix of it; between the words, the first word alone. Strings
        still inside the first word are returned (the caller decides)."""
        kept = set()
        for p in opens:
            if p.endswith(" "):
                self.exact1.add(p[:-1])
            elif " " in p:
                self.prefix2.add(p)
            else:
                kept.add(p)
        return frozenset(kept)

    def collapse(self, opens: frozenset[str] | set[str]) -> frozenset[str]:
        """Too many strings: fall back to the first word for those past it."""
        kept = set()
        for p in opens:
            if " " in p:
                self.exact1.add(p.split(" ", 1)[0])
            else:
                kept.add(p)
        return frozenset(kept)


def _expand(node: _Node, opens: frozenset[str], out: _Out) -> frozenset[str]:
    if not opens:
        return opens
    if node[0] == "nothing":
        return opens
    if node[0] == "wordend":
        ended: set[str] = set()
        for p in opens:
            if p == "" or p.endswith(" "):
                ended.add(p)  # between words "\\b" says a word starts next: no news
            elif " " in p:
                out.exact2.add(p)  # the second word is complete
            else:
                ended.add(p + " ")
        return frozenset(ended)
    if node[0] == "opaque":
        if any(" " not in p for p in opens):
            raise _GiveUp  # the first word itself is unknown
        out.degrade(opens)
        return frozenset()
    if node[0] == "end":
        for p in opens:
            out.settle(p, ends_word=True)
        return frozenset()
    if node[0] == "set":
        _, chars, nonword = node
        result: set[str] = set()
        has_nonword = nonword or any(not _is_word(c) for c in chars)
        word_chars = [c for c in chars if _is_word(c)]
        for p in opens:
            for c in word_chars:
                result.add(p + c)
            if has_nonword:
                if p == "" or p.endswith(" "):
                    result.add(p)  # punctuation before a word: skipped
                elif " " in p:
                    out.exact2.add(p)  # the second word is complete
                else:
                    result.add(p + " ")
        return _bounded(result, out)
    if node[0] == "seq":
        for item in node[1]:
            opens = _expand(item, opens, out)
            if not opens:
                break
        return opens
    if node[0] == "alt":
        merged: set[str] = set()
        for branch in node[1]:
            merged |= _expand(branch, opens, out)
        return _bounded(merged, out)
    if node[0] == "rep":
        _, inner, lo, hi = node
        if lo > _MAX_LOOP:
            raise _GiveUp
        for _ in range(lo):
            opens = _expand(inner, opens, out)
        seen = set(opens)
        current = opens
        # Apply the body again until no new string appears. A body that starts with a
        # separator settles at once ("item (sep item)*"); a body that keeps adding word
        # characters never does: its strings fall back to their first word.
        for _ in range(_MAX_LOOP if hi is None else hi - lo):
            current = _expand(inner, current, out)
            if current <= seen:
                break
            seen |= current
            if len(seen) > _MAX_EXPANSIONS:
                seen = set(_bounded(seen, out))
        else:
            if hi is None:
                return out.degrade(seen) if all(" " in p for p in seen) else _give_up()
        return frozenset(seen)
    raise _GiveUp


def _give_up() -> frozenset[str]:
    raise _GiveUp


def _bounded(opens: set[str], out: _Out) -> frozenset[str]:
    if len(opens) <= _MAX_EXPANSIONS:
        return frozenset(opens)
    kept = out.collapse(opens)
    if len(kept) > _MAX_EXPANSIONS:
        raise _GiveUp
    return kept


def first_words(pattern: str, *, ends_word: bool) -> Guard | None:
    """The guard of ``pattern`` read from where the block's first word starts, or ``None``.

    ``ends_word``: what follows the pattern can only be non-word characters (a rule anchored
    to the whole block, or a list), so a word still open at the pattern's end is complete.
    Otherwise it is only a prefix of the block's word.

    >>> g = first_words("(?:share|tweet)(?: this)?|e-?mail", ends_word=True)
    >>> sorted(g.exact1), sorted(g.exact2)
    (['email', 'share', 'tweet'], ['e mail', 'share this', 'tweet this'])
    >>> first_words(r"\\w+ says", ends_word=True) is None
    True
    """
    out = _Out()
    try:
        tree = _Parser(pattern).parse()
        opens = _expand(tree, frozenset({""}), out)
        for p in opens:
            out.settle(p, ends_word=ends_word)
    except (_GiveUp, RecursionError, ValueError):
        return None
    return Guard(frozenset(out.exact1), frozenset(out.prefix1), frozenset(out.exact2), frozenset(out.prefix2))


# -- reading from the end ------------------------------------------------------------------
# A pattern that must end at the end of the block ("... Read more$") can be read backwards the
# same way: its last two words, reversed, against the block's last two words, reversed.


@overload
def _reverse(node: _Seq) -> _Seq: ...
@overload
def _reverse(node: _Node) -> _Node: ...
def _reverse(node: _Node) -> _Node:
    if node[0] == "seq":
        return ("seq", [_reverse(n) for n in reversed(node[1])])
    if node[0] == "alt":
        return ("alt", [_reverse(n) for n in node[1]])
    if node[0] == "rep":
        return ("rep", _reverse(node[1]), node[2], node[3])
    if node[0] == "end":
        return ("nothing",)  # where the reading starts
    return node


def _ends_anchored(node: _Node) -> bool:
    """Whether every match of ``node`` ends at the end of the text (only non-word characters
    between its last word and a "$")."""
    if node[0] == "end":
        return True
    if node[0] == "alt":
        return all(_ends_anchored(branch) for branch in node[1])
    if node[0] == "seq":
        for item in reversed(node[1]):
            if item[0] in ("nothing", "wordend"):
                continue
            if item[0] == "end":
                return True
            if item[0] == "set" and not any(_is_word(c) for c in item[1]):
                continue
            if item[0] == "rep" and item[1][0] == "set" and not any(_is_word(c) for c in item[1][1]):
                continue
            return _ends_anchored(item)
        return False
    return False


def last_words(pattern: str) -> Guard | None:
    """The guard of a pattern that ends at the end of the block, read backwards: the strings
    are the block's last word and last two words, each reversed ("erom daer" for "read more").

    >>> sorted(last_words(r"(?:…|\\.\\.\\.) ?(?:read more|weiterlesen)[\\W_]*$").exact2)
    ['erom daer']
    >>> last_words("read more") is None
    True
    """
    out = _Out()
    try:
        tree = _Parser(pattern).parse()
        if not _ends_anchored(tree):
            return None
        opens = _expand(_reverse(tree), frozenset({""}), out)
        for p in opens:
            out.settle(p, ends_word=False)
    except (_GiveUp, RecursionError, ValueError):
        return None
    return Guard(frozenset(out.exact1), frozenset(out.prefix1), frozenset(out.exact2), frozenset(out.prefix2))


# -- required literals ---------------------------------------------------------------------
# For a pattern that can match anywhere in the block, the next best thing to a first-word
# lookup: every match contains one of a few literal strings, and a plain substring search for
# them (in the lower-cased text) is far cheaper than running the pattern.

_MIN_LITERAL = 3
_IDEOGRAPHIC = lazy_regex(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")
_SYMBOL = lazy_regex(r"^\p{So}+$")


def _useful(literal: str) -> bool:
    """Whether a literal is rare enough to filter by: three characters, or two ideographs
    (a two-character Chinese word is as specific as a Latin word), or symbols such as "©"."""
    if len(literal) >= _MIN_LITERAL:
        return True
    if len(literal) == 2 and _IDEOGRAPHIC.search(literal):
        return True
    return bool(_SYMBOL.match(literal))


def _flat_branches(node: _Node) -> list[list[_Node]]:
    """The branches of an alternation, looking through groups that are a whole branch."""
    if node[0] == "alt":
        out: list[list[_Node]] = []
        for seq in node[1]:
            items = seq[1]
            if len(items) == 1 and items[0][0] == "alt":
                out.extend(_flat_branches(items[0]))
            else:
                out.append(items)
        return out
    return [[node]]


def _literal_runs(items: list[_Node]) -> list[str]:
    """The runs of consecutive mandatory single characters in a sequence."""
    runs: list[str] = []
    current = ""
    for item in items:
        if item[0] in ("nothing", "wordend"):
            continue  # zero width: does not break a run
        if item[0] == "set" and len(item[1]) == 1 and not item[2]:
            current += next(iter(item[1]))
            continue
        if item[0] == "alt" and len(item[1]) == 1:
            inner = _literal_runs(item[1][0][1])
            # A group holding only literals continues the run; otherwise it breaks it.
            if len(inner) == 1 and all(i[0] in ("set", "nothing", "wordend") for i in item[1][0][1]):
                current += inner[0]
                continue
        if current:
            runs.append(current)
        current = ""
    if current:
        runs.append(current)
    return runs


def _required(items: list[_Node]) -> frozenset[str] | None:
    """A set of literals one of which a match of the sequence must contain, or None."""
    candidates = [frozenset({run}) for run in _literal_runs(items) if _useful(run)]
    for item in items:
        sub: frozenset[str] | None = None
        if item[0] == "alt" and len(item[1]) > 1:
            parts = [_required(branch[1]) for branch in item[1]]
            if all(p is not None for p in parts):
                sub = frozenset().union(*parts)  # type: ignore[arg-type]
        elif item[0] == "alt":
            sub = _required(item[1][0][1])
        elif item[0] == "rep" and item[2] >= 1:
            sub = _required([item[1]])
        if sub:
            candidates.append(sub)
    if not candidates:
        return None
    # The set whose shortest literal is longest filters best.
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def required_literals(pattern: str) -> frozenset[str] | None:
    """Lower-case strings one of which every match of ``pattern`` contains, or ``None``.

    >>> sorted(required_literals(r"\\ball rights reserved\\b|tous droits réservés"))
    ['all rights reserved', 'tous droits réservés']
    >>> sorted(required_literals(r"\\d+ shares?"))
    [' share']
    >>> required_literals(r"\\d+ \\w+") is None
    True
    """
    try:
        tree = _Parser(pattern).parse()
    except (_GiveUp, RecursionError, ValueError):
        return None
    return _required([tree])


# -- shipped with the package ----------------------------------------------------------------
# Reading the guards of the built-in rules takes ~0.15 s of CPU: most of a fresh process's
# first page when nothing is kept between processes (#19). They depend only on the built-in
# patterns and this module, so they ship in ``rules/guards.json``, made by :func:`guard_table`;
# ``tests/test_rules_guards.py`` checks the file is exactly what it makes of the rule files.
# A pattern not in the file (a user rule) is read in the process.

GUARDS_FILE = "guards.json"
"""The shipped guards of the built-in rules, next to ``builtin/`` in this package."""


@functools.cache
def _shipped() -> dict[str, dict[str, object]]:
    text = resources.files(__package__).joinpath(GUARDS_FILE).read_text(encoding="utf-8")
    return cast("dict[str, dict[str, object]]", json.loads(text))


def _decode(found: object) -> Guard | None:
    if found is None:
        return None
    exact1, prefix1, exact2, prefix2 = cast("list[list[str]]", found)
    return Guard(frozenset(exact1), frozenset(prefix1), frozenset(exact2), frozenset(prefix2))


def _encode(guard: Guard | None) -> list[list[str]] | None:
    if guard is None:
        return None
    return [sorted(guard.exact1), sorted(guard.prefix1), sorted(guard.exact2), sorted(guard.prefix2)]


def _first_table(ends_word: bool) -> str:
    return "first_words" if ends_word else "first_words_open"


def shipped_first_words(pattern: str, *, ends_word: bool) -> Guard | None:
    """:func:`first_words`, from the shipped file for a built-in pattern."""
    table = _shipped()[_first_table(ends_word)]
    if pattern in table:
        return _decode(table[pattern])
    return first_words(pattern, ends_word=ends_word)


def shipped_last_words(pattern: str) -> Guard | None:
    """:func:`last_words`, from the shipped file for a built-in pattern."""
    table = _shipped()["last_words"]
    if pattern in table:
        return _decode(table[pattern])
    return last_words(pattern)


def shipped_required_literals(pattern: str) -> frozenset[str] | None:
    """:func:`required_literals`, from the shipped file for a built-in pattern."""
    table = _shipped()["required_literals"]
    if pattern in table:
        found = table[pattern]
        return None if found is None else frozenset(cast("list[str]", found))
    return required_literals(pattern)


def guard_table(rules: Iterable[Rule] | None = None) -> str:
    """The text of ``rules/guards.json``: what the matcher reads of each pattern of ``rules``
    (by default the built-in rules, as loaded from ``builtin/*.toml``).

    Regenerate the file after editing a built-in rule or this module::

        python -c "import boilerstrip.rules._firstwords as f; f.write_guard_table()"
    """
    from .loader import builtin_rules
    from .matcher import first_reading

    table: dict[str, dict[str, object]] = {
        "first_words": {}, "first_words_open": {}, "last_words": {}, "required_literals": {},
    }
    for rule in builtin_rules() if rules is None else rules:
        if rule.pattern is None:
            continue
        source = rule.regex_source or ""
        ends_word = first_reading(rule)
        guard = None if ends_word is None else first_words(rule.pattern, ends_word=ends_word)
        if ends_word is not None:
            table[_first_table(ends_word)][rule.pattern] = _encode(guard)
        if guard is None:
            guard = last_words(source)
            table["last_words"][source] = _encode(guard)
        if guard is None:
            literals = required_literals(source)
            table["required_literals"][source] = None if literals is None else sorted(literals)
    header = {"_": "made by boilerstrip.rules._firstwords.guard_table() from builtin/*.toml: do not edit"}
    return json.dumps({**header, **table}, ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def write_guard_table() -> bool:
    """Write :func:`guard_table` into this package's ``guards.json``; whether it changed."""
    path = Path(__file__).with_name(GUARDS_FILE)
    text = guard_table()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    _shipped.cache_clear()
    return True
