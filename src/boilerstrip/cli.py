"""The ``boilerstrip`` command (also ``python -m boilerstrip``).

    boilerstrip PAGE [--json | --markdown] [--explain] [--rules FILE] [--url URL]
    boilerstrip explain PAGE [--rules FILE] [--url URL]
    boilerstrip rules list [--rules FILE]
    boilerstrip rules check FILE

PAGE is a path, or ``-`` for standard input; text or HTML, any encoding.
Exit status: 0 on success, 1 when the page or a rule file is invalid, 2 on usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from . import __version__
from .api import Cleaner
from .blocks import Block
from .errors import BoilerstripError
from .rules import RuleSet, load_rules
from .rules.commands import check_rules_file, list_rules

__all__ = ["main"]


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as fh:
        return fh.read()


def _explain_table(blocks: Sequence[Block], out: TextIO) -> None:
    out.write(f"{'#':>4}  {'decision':9} {'kind':12} {'rule / heuristic':28} {'score':>5} {'words':>5}  text\n")
    for b in blocks:
        text = b.text if len(b.text) <= 90 else b.text[:89] + "…"
        out.write(
            f"{b.index:>4}  {b.label.value:9} {b.kind or '-':12} {b.reason or '-':28} "
            f"{b.score:5.2f} {b.features.words:5d}  {text}\n"
        )


def _page_parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description="Clean a scraped page: print its article body.")
    p.add_argument("page", help="a file path, or - for standard input (text or HTML)")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print the whole Article as JSON")
    fmt.add_argument("--explain", action="store_true", help="print every block with its decision, kind, rule and score")
    p.add_argument("--rules", metavar="FILE", action="append", default=[], help="a TOML rule file (repeatable)")
    p.add_argument("--no-default-rules", action="store_true", help="use only the --rules files")
    p.add_argument("--url", help="the page's URL (per-site rules, date in the path)")
    p.add_argument("--language", help="the page's language (ISO 639-1); guessed when absent")
    p.add_argument("--input", choices=("auto", "text", "html"), default="auto", help="force text or HTML handling")
    p.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced")
    p.add_argument("--include-comments", action="store_true", help="keep comment sections (HTML)")
    p.add_argument("--version", action="version", version=f"boilerstrip {__version__}")
    return p


def _load(paths: Sequence[str]) -> RuleSet | None:
    if not paths:
        return None
    rules = RuleSet()
    for path in paths:
        rules = rules | load_rules(path)
    return rules


def _clean_command(argv: Sequence[str], *, explain: bool, prog: str) -> int:
    args = _page_parser(prog).parse_args(argv)
    cleaner = Cleaner(
        rules=_load(args.rules), default_rules=not args.no_default_rules,
        favor=args.favor, include_comments=args.include_comments,
    )
    article, blocks = cleaner.explain(_read(args.page), url=args.url, language=args.language, input=args.input)
    out = sys.stdout
    if explain or args.explain:
        _explain_table(blocks, out)
        for warning in article.warnings:
            out.write(f"warning: {warning}\n")
    elif args.json:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(article.body + ("\n" if article.body else ""))
    return 0


def _rules_command(argv: Sequence[str]) -> int:
    p = argparse.ArgumentParser(prog="boilerstrip rules", description="List or check rule sets.")
    sub = p.add_subparsers(dest="action", required=True)
    ls = sub.add_parser("list", help="list the built-in rules (and those of --rules files)")
    ls.add_argument("--rules", metavar="FILE", action="append", default=[])
    ls.add_argument("--no-default-rules", action="store_true")
    check = sub.add_parser("check", help="validate a rule file and run its examples")
    check.add_argument("file")
    args = p.parse_args(argv)
    if args.action == "list":
        rules = _load(args.rules) or RuleSet()
        if not args.no_default_rules:
            rules = RuleSet.default() | rules
        sys.stdout.write(list_rules(rules) + "\n")
        return 0
    ok, message = check_rules_file(args.file)
    (sys.stdout if ok else sys.stderr).write(message + "\n")
    return 0 if ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["rules"]:
            return _rules_command(argv[1:])
        if argv[:1] == ["explain"]:
            return _clean_command(argv[1:], explain=True, prog="boilerstrip explain")
        return _clean_command(argv, explain=False, prog="boilerstrip")
    except BrokenPipeError:
        # the reader went away (`boilerstrip page.html | head`): not an error of ours
        sys.stderr.close()
        return 0
    except BoilerstripError as exc:
        sys.stderr.write(f"boilerstrip: {exc}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"boilerstrip: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
