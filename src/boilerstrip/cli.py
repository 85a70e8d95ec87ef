"""The ``boilerstrip`` command (also ``python -m boilerstrip``).

    boilerstrip PAGE [--json | --explain] [--rules FILE] [--url URL]
    boilerstrip explain PAGE [--rules FILE] [--url URL]
    boilerstrip batch INPUT... -o OUT [--format jsonl|text|markdown] [--workers N]
                      [--glob PATTERN] [--jsonl-field NAME] [--rules FILE] ...
    boilerstrip rules list [--rules FILE]
    boilerstrip rules check FILE

PAGE is a path, or ``-`` for standard input; text or HTML, any encoding.
Exit status: 0 on success, 1 when the page or a rule file is invalid, 2 on usage errors.

``batch`` cleans a corpus: INPUTs are files, directories (recursive, ``--glob``), JSON Lines
(``--jsonl-field``), gzip (any of these) and WARC files (``pip install 'boilerstrip[warc]'``),
recognised by content. ``--format jsonl`` writes one record per page to OUT (``-``: standard
output); ``text`` and ``markdown`` write one file per page into the directory OUT. Rerunning
into the same OUT skips the pages already there. A progress bar is shown when standard error
is a terminal, and a summary line at the end. Exit status of ``batch``: 0 when every page was
cleaned, 1 when some pages failed (they are reported, and written as error records in JSON
Lines), 2 on usage errors (including an invalid rule file), 3 when the batch stopped before
the end (OUT not writable, an optional dependency missing), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

from . import __version__
from .api import Cleaner
from .article import Article
from .batch import DEFAULT_CHUNKSIZE, Result, clean_many
from .blocks import Block
from .errors import BoilerstripError
from .rules import RuleSet, load_rules
from .rules.commands import check_rules_file, list_rules
from .sources import JSONL_CONTENT_FIELDS, MissingExtraError, Page, iter_pages

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


# --- batch -----------------------------------------------------------------------------------

EXIT_OK = 0
EXIT_PAGES_FAILED = 1
EXIT_USAGE = 2
EXIT_STOPPED = 3
EXIT_INTERRUPTED = 130


def _batch_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="boilerstrip batch",
        description="Clean a corpus: files, directories, JSON Lines, gzip and WARC files in; JSON Lines, text or Markdown out.",
        epilog=(
            "Rerunning into the same OUT skips the pages already there (JSON Lines: the ids of its records, "
            "error records included; text/markdown: the files). Exit status: 0 every page cleaned, "
            "1 some pages failed, 2 usage error, 3 stopped before the end, 130 interrupted."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, JSON Lines, gzip or WARC files (recognised by content)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the JSON Lines file (- for standard output), or the directory for text/markdown")
    p.add_argument("--format", choices=("jsonl", "text", "markdown"), default="jsonl", help="output format (default: jsonl)")
    p.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1; 0: one per CPU)")
    p.add_argument("--chunksize", type=int, default=DEFAULT_CHUNKSIZE, metavar="N", help=f"pages sent to a worker at a time (default {DEFAULT_CHUNKSIZE})")
    p.add_argument("--glob", default="*", metavar="PATTERN", help="files of directories to read, e.g. '*.html' (default: all)")
    p.add_argument("--jsonl-field", metavar="NAME", help=f"the field holding the page in JSON Lines (default: the first of {', '.join(JSONL_CONTENT_FIELDS)})")
    p.add_argument("--url-field", default="url", metavar="NAME", help="the field holding the page's URL in JSON Lines (default: url)")
    p.add_argument("--id-field", metavar="NAME", help="the field holding the page's id in JSON Lines (default: FILE:LINE)")
    p.add_argument("--rules", metavar="FILE", action="append", default=[], help="a TOML rule file (repeatable)")
    p.add_argument("--no-default-rules", action="store_true", help="use only the --rules files")
    p.add_argument("--language", help="the pages' language (ISO 639-1); guessed per page when absent")
    p.add_argument("--input", choices=("auto", "text", "html"), default="auto", help="force text or HTML handling")
    p.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced")
    p.add_argument("--include-comments", action="store_true", help="keep comment sections (HTML)")
    return p


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def page_file_name(page_id: str, suffix: str) -> str:
    """A safe, unique file name for a page id: its readable part and a hash of the whole id.

    Only ``[A-Za-z0-9._-]`` survive, so no id can name a directory, climb out of OUT or hit a
    reserved name; the hash keeps ids apart that differ only in the characters replaced.

    >>> page_file_name("news/2024/a b.html", ".txt")
    'news_2024_a_b.html-0e7fa2dce7df.txt'
    """
    stem = _UNSAFE_NAME.sub("_", page_id).strip("._-")[:80] or "page"
    digest = hashlib.sha1(page_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{stem}-{digest}{suffix}"


def _json_line(record: dict[str, object]) -> str:
    line = json.dumps(record, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate (a file name or a JSON id): escape it as JSON does
        line = json.dumps(record, ensure_ascii=True)
    return line + "\n"


class _JsonlSink:
    """Records appended to a JSON Lines file (or standard output); resumes from its ids."""

    def __init__(self, target: str) -> None:
        self.done: set[str] = set()
        if target == "-":
            self.out: TextIO = sys.stdout
            self.owned = False
            return
        path = Path(target)
        if path.is_dir():
            raise _UsageError(f"{target} is a directory; --format jsonl writes a file")
        if path.exists():
            self.done = _resume_jsonl(path)
        self.out = open(path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed by close()
        self.owned = True

    def is_done(self, page_id: str) -> bool:
        return page_id in self.done

    def write(self, result: Result) -> None:
        self.out.write(_json_line(result.to_record()))

    def close(self) -> None:
        if self.owned:
            self.out.close()
        else:
            self.out.flush()


def _resume_jsonl(path: Path) -> set[str]:
    """The ids of an earlier run's records; a last line cut short by a crash is cut off."""
    done: set[str] = set()
    end_of_good = 0
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break  # the last line was being written when the run stopped
            end_of_good += len(raw)
            try:
                record = json.loads(raw)
            except ValueError:
                continue
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                done.add(record["id"])
    if end_of_good < path.stat().st_size:
        with open(path, "r+b") as fh:
            fh.truncate(end_of_good)
    return done


class _FileSink:
    """One text or Markdown file per cleaned page in a directory; resumes from the files there."""

    def __init__(self, target: str, markdown: bool) -> None:
        self.root = Path(target)
        if self.root.exists() and not self.root.is_dir():
            raise _UsageError(f"{target} is a file; --format text/markdown writes a directory")
        self.root.mkdir(parents=True, exist_ok=True)
        self.markdown = markdown
        self.suffix = ".md" if markdown else ".txt"

    def is_done(self, page_id: str) -> bool:
        return (self.root / page_file_name(page_id, self.suffix)).exists()

    def write(self, result: Result) -> None:
        if result.article is None:
            return  # reported on standard error; retried by the next run
        text = _markdown(result.article, result.url) if self.markdown else result.article.body + "\n"
        final = self.root / page_file_name(result.id, self.suffix)
        partial = final.with_name(final.name + ".part")
        # written whole, then renamed: an interrupted run never leaves a half file that the
        # next run would take for done
        partial.write_text(text, encoding="utf-8", errors="surrogatepass")
        os.replace(partial, final)

    def close(self) -> None:
        pass


_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=|~-]|\d+[.)])", re.MULTILINE)


def _md_escape(text: str) -> str:
    """Text that Markdown renders as itself: inline markers and line-start block markers escaped."""
    text = _MD_INLINE.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: m.group(1) + (m.group(2)[:-1] + "\\" + m.group(2)[-1]), text)


def _markdown(article: Article, url: str | None) -> str:
    parts = []
    if article.headline:
        parts.append("# " + _md_escape(article.headline))
    updated = article.updated_text if article.updated_text != article.timestamp_text else None
    byline = " · ".join(
        _md_escape(x) for x in (article.author, article.timestamp_text, updated and f"updated {updated}") if x
    )
    if byline:
        parts.append(f"*{byline}*")
    if url:
        parts.append(f"<{url}>" if " " not in url and ">" not in url else _md_escape(url))
    parts.extend(_md_escape(p) for p in article.paragraphs)
    return "\n\n".join(parts) + "\n"


class _UsageError(Exception):
    """A problem with the command line found after parsing it."""


def _batch_command(argv: Sequence[str]) -> int:
    parser = _batch_parser()
    args = parser.parse_args(argv)
    workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
    if args.workers < 0 or args.chunksize < 1:
        parser.error("--workers must be >= 0 and --chunksize >= 1")
    try:
        rules = _load(args.rules)
        sink: _JsonlSink | _FileSink = (
            _JsonlSink(args.output) if args.format == "jsonl" else _FileSink(args.output, args.format == "markdown")
        )
    except (_UsageError, BoilerstripError, OSError) as exc:
        sys.stderr.write(f"boilerstrip batch: {exc}\n")
        return EXIT_USAGE
    counts = {"pages": 0, "errors": 0, "skipped": 0}
    pages = iter_pages(
        args.inputs, glob=args.glob, content_field=args.jsonl_field,
        url_field=args.url_field or None, id_field=args.id_field, errors="record",
    )

    def todo() -> Iterator[Page]:
        for page in pages:
            if sink.is_done(page.id):
                counts["skipped"] += 1
                continue
            yield page

    status = EXIT_OK
    start = time.perf_counter()
    bar = tqdm(unit=" pages", file=sys.stderr, disable=not _is_terminal(sys.stderr), dynamic_ncols=True)
    try:
        results = clean_many(
            todo(), workers=workers, chunksize=args.chunksize,
            rules=rules, default_rules=not args.no_default_rules, favor=args.favor,
            include_comments=args.include_comments, language=args.language, input=args.input,
        )
        for result in results:
            sink.write(result)
            counts["pages"] += 1
            if not result.ok:
                counts["errors"] += 1
                message = result.error or ""
                # a source error already names its file and line, which is the page's id
                message = message.removeprefix(f"{result.id}: ")
                bar.write(f"boilerstrip batch: {result.id}: {result.error_type}: {message}", file=sys.stderr)
            bar.update()
    except KeyboardInterrupt:
        sys.stderr.write("boilerstrip batch: interrupted; rerun the same command to go on\n")
        status = EXIT_INTERRUPTED
    except BrokenPipeError:
        raise
    except (MissingExtraError, OSError) as exc:
        sys.stderr.write(f"boilerstrip batch: stopped: {exc}\n")
        status = EXIT_STOPPED
    finally:
        bar.close()
        sink.close()
    elapsed = time.perf_counter() - start
    rate = counts["pages"] / elapsed if elapsed > 0 else 0.0
    sys.stderr.write(
        f"boilerstrip batch: {counts['pages']} pages, {counts['errors']} errors, "
        f"{counts['skipped']} skipped, {rate:.1f} pages/s ({elapsed:.1f} s)\n"
    )
    if status == EXIT_OK and counts["errors"]:
        status = EXIT_PAGES_FAILED
    return status


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or unusual stream
        return False


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["rules"]:
            return _rules_command(argv[1:])
        if argv[:1] == ["batch"]:
            return _batch_command(argv[1:])
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
