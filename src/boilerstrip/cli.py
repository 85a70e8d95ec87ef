"""The ``boilerstrip`` command (also ``python -m boilerstrip``).

    boilerstrip PAGE [--format text|markdown|html|json] [--links] [--images] [--explain]
                     [--rules FILE] [--url URL]
    boilerstrip explain PAGE [--json] [--rules FILE] [--url URL]
    boilerstrip batch INPUT... -o OUT [--format jsonl|text|markdown|html] [--with-markdown]
                      [--workers N] [--glob PATTERN] [--jsonl-field NAME] [--rules FILE] ...
    boilerstrip rules list [--rules FILE]
    boilerstrip rules check FILE

PAGE is a path, or ``-`` for standard input; text or HTML, any encoding. ``--format`` says
what is printed: the body as text (the default), a Markdown or an HTML document (the headline,
the byline, then the body with its structure: :meth:`Article.to_markdown`,
:meth:`Article.to_html`; ``--links`` and ``--images`` keep the links and the figures' images),
or the Article's JSON (``--json`` is short for ``--format json``). ``explain`` (or
``--explain``) prints every block with its decision, kind, reason and score; with ``--json``,
the Article's JSON and a ``blocks`` list of those blocks (see :func:`explain_record`).
Exit status: 0 on success; 1 when the page is refused (empty, binary, too large) or a rule file
is invalid; 2 on usage errors, PAGE that cannot be read included (no such file, a directory,
permission denied).

``batch`` cleans a corpus: INPUTs are files, directories (recursive, ``--glob``), JSON Lines
(``--jsonl-field``), gzip (any of these) and WARC files (``pip install 'boilerstrip[warc]'``),
recognised by content. ``--format jsonl`` writes one record per page to OUT (``-``: standard
output), with a ``markdown`` field too given ``--with-markdown``; ``text``, ``markdown`` and
``html`` write one file per page into the directory OUT. Rerunning
into the same OUT skips the pages already there. A progress bar is shown when standard error
is a terminal (with a total when every input is a page file or a directory of them, see
:func:`progress_total`), and a summary line at the end. Exit status of ``batch``: 0 when every
page was cleaned, 1 when some pages failed (they are reported, and written as error records in
JSON Lines), 2 on usage errors, found before any work (an INPUT that does not exist, OUT of the
wrong kind, an invalid rule file), 3 when the batch stopped before the end (OUT cannot be
written, at the start or midway; an optional dependency missing), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import hashlib
import html as html_module
import json
import os
import re
import shlex
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from . import __version__
from .api import Cleaner
from .article import Article
from .render import escape
from .batch import DEFAULT_CHUNKSIZE, Result, clean_many
from .blocks import Block
from .errors import BoilerstripError
from .report import explain_html
from .rules import RuleSet, load_rules
from .rules.commands import check_rules_file, list_rules
from .sources import (
    _GZIP_MAGIC,
    _JSONL_SUFFIXES,
    _WARC_MAGIC,
    JSONL_CONTENT_FIELDS,
    MissingExtraError,
    Page,
    iter_pages,
)

__all__ = ["main"]


class _UsageError(Exception):
    """A problem with the command line found after parsing it (exit status 2)."""


_REASONS = {
    errno.ENOENT: "no such file",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.ENOSPC: "no space left on the device",
    errno.EROFS: "read-only file system",
    errno.ENAMETOOLONG: "the name is too long",
}


def _reason(exc: OSError) -> str:
    """What went wrong, in a few words, without the errno number and the repeated path."""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


def _os_message(exc: OSError) -> str:
    """``PATH: reason`` when the error names a path, else the reason alone."""
    return f"{exc.filename}: {_reason(exc)}" if exc.filename is not None else _reason(exc)


def _read(path: str) -> bytes:
    """PAGE's bytes; a path that cannot be read is a usage error naming it, with a hint."""
    if path == "-":
        return sys.stdin.buffer.read()
    if os.path.isdir(path):  # before open(): on Windows a directory opens as "permission denied"
        raise _UsageError(
            f"{path}: is a directory; to clean every page in it use: boilerstrip batch {shlex.quote(path)} -o OUT"
        )
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except FileNotFoundError:
        raise _UsageError(f"{path}: no such file (give a path, or - for standard input)") from None
    except PermissionError:
        raise _UsageError(f"{path}: permission denied (cannot read the page)") from None
    except OSError as exc:
        raise _UsageError(f"{path}: cannot read: {_reason(exc)}") from None


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _is_blank(page: bytes) -> bool:
    """Nothing but ASCII whitespace, after a byte-order mark (in UTF-16/32 the NULs between).

    >>> _is_blank(b""), _is_blank(b" \\n\\t"), _is_blank(b"\\xff\\xfe \\x00\\n\\x00"), _is_blank(b"\\x00\\x00")
    (True, True, True, False)
    """
    whitespace = b" \t\n\r\f\v"
    for bom in _BOMS:
        if page.startswith(bom):
            page = page[len(bom) :]
            if bom != codecs.BOM_UTF8:
                whitespace += b"\x00"
            break
    return not page.strip(whitespace)


def _score_legend(article: Article) -> str:
    # HTML (api._HtmlJudge): the blocks decided before the model (a rule, the headline) enter
    # as certain, 0 or 1; text (density.classify): the model scores every block, the rules'
    # verdicts entering its context as certain, and a rule's decision stands whatever the score
    if article.page_type is not None:
        return "score: the HTML model's probability that the block is body (1 if body, else 0, for a block a rule or a field decided first)"
    return "score: the text model's probability that the block is body (a rule's or a field's decision stands whatever the score)"


def _explain_table(article: Article, blocks: Sequence[Block], out: TextIO) -> None:
    out.write(f"{'#':>4}  {'decision':9} {'kind':12} {'rule / heuristic':28} {'score':>5} {'words':>5}  text\n")
    for b in blocks:
        text = b.text if len(b.text) <= 90 else b.text[:89] + "…"
        out.write(
            f"{b.index:>4}  {b.label.value:9} {b.kind or '-':12} {b.reason or '-':28} "
            f"{b.score:5.2f} {b.features.words:5d}  {text}\n"
        )
    out.write(_score_legend(article) + "\n")
    out.writelines(f"warning: {warning}\n" for warning in article.warnings)


def explain_record(article: Article, blocks: Sequence[Block]) -> dict[str, Any]:
    """What ``explain --json`` prints: the Article's ``to_dict()`` with, as its ``blocks``,
    every block of the page and its decision (the body's typed blocks are ``--json``'s).

    Each block: ``index``, ``label`` (the decision), ``kind`` and ``reason`` (the rule id or
    heuristic; ``null`` when none), ``score`` (as the table's legend says), ``words``, ``text``.
    """
    record = article.to_dict()
    record["blocks"] = [
        {
            "index": b.index,
            "label": b.label.value,
            "kind": b.kind or None,
            "reason": b.reason or None,
            "score": round(b.score, 4),
            "words": b.features.words,
            "text": b.text,
        }
        for b in blocks
    ]
    return record


def _page_parser(prog: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Clean a scraped page: print its article body.",
        epilog=(
            "Exit status: 0 done; 1 the page was refused (empty, binary, too large) or a rule file is invalid; "
            "2 usage error, a PAGE that is missing, a directory or unreadable included."
        ),
    )
    p.add_argument("page", help="a file path, or - for standard input (text or HTML)")
    p.add_argument(
        "--format", choices=FORMATS, default=None,
        help="what to print: the body as text (default); a Markdown or HTML document (headline, byline, "
             "then the body with its headings, lists, tables, code and formulas); json: the whole Article",
    )
    p.add_argument("--json", action="store_true", help="short for --format json (with --explain, also every block)")
    p.add_argument("--links", action="store_true", help="markdown/html: keep the links of the body's text")
    p.add_argument("--images", action="store_true", help="markdown/html: keep the images of the body's figures")
    p.add_argument("--explain", action="store_true", help="print every block with its decision, kind, rule and score")
    p.add_argument("--rules", metavar="FILE", action="append", default=[], help="a TOML rule file (repeatable)")
    p.add_argument("--no-default-rules", action="store_true", help="use only the --rules files")
    p.add_argument("--url", help="the page's URL (per-site rules, date in the path)")
    p.add_argument("--language", help="the page's language (ISO 639-1); guessed when absent")
    p.add_argument("--input", choices=("auto", "text", "html"), default="auto", help="force text or HTML handling")
    p.add_argument("--favor", choices=("balanced", "precision", "recall"), default="balanced")
    p.add_argument(
        "--html", metavar="REPORT",
        help="also write a self-contained HTML report of the blocks to REPORT: the body as kept, "
             "removed text shaded by kind, each block's rule or model decision on hover",
    )
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
    parser = _page_parser(prog)
    args = parser.parse_args(argv)
    if args.json and args.format not in (None, "json"):
        parser.error(f"--json and --format {args.format} ask for two formats")
    fmt = "json" if args.json else (args.format or "text")
    explain = explain or args.explain
    if explain and fmt not in ("text", "json"):
        parser.error(f"explain prints a table or JSON, not {fmt}")
    cleaner = Cleaner(
        rules=_load(args.rules), default_rules=not args.no_default_rules,
        favor=args.favor, include_comments=args.include_comments,
    )
    page = _read(args.page)
    if _is_blank(page):
        name = "standard input" if args.page == "-" else args.page
        sys.stderr.write(f"boilerstrip: {name}: the page is empty\n")
        return 1
    article, blocks = cleaner.explain(page, url=args.url, language=args.language, input=args.input)
    if args.html:
        report = explain_html(article, blocks, title="standard input" if args.page == "-" else args.page)
        try:
            Path(args.html).write_text(report, encoding="utf-8")
        except OSError as exc:
            sys.stderr.write(f"boilerstrip: {_cannot_write(args.html, exc)}\n")
            return EXIT_STOPPED
    out = sys.stdout
    if explain and fmt == "json":
        out.write(json.dumps(explain_record(article, blocks), ensure_ascii=False, indent=2) + "\n")
    elif explain:
        _explain_table(article, blocks, out)
    else:
        out.write(render_page(article, fmt, url=args.url, links=args.links, images=args.images))
    return 0


FORMATS = ("text", "markdown", "html", "json")
"""What ``boilerstrip PAGE --format`` prints (``batch --format`` writes these but json, and
``jsonl``)."""


def render_page(article: Article, fmt: str, *, url: str | None = None, links: bool = False, images: bool = False) -> str:
    """A cleaned page as ``boilerstrip PAGE --format fmt`` prints it and ``batch --format fmt``
    writes it, ending with a line break (nothing for an empty text body).

    ``text`` is the body; ``markdown`` a document of the headline (``#``), the byline (author,
    date, update, in italics), the URL and the body (:meth:`Article.to_markdown`); ``html`` a
    whole HTML document of the same (:meth:`Article.to_html`); ``json`` the Article's
    ``to_dict()``, indented.

    >>> print(render_page(Article(paragraphs=("One.",), headline="Title"), "markdown"), end="")
    # Title
    <BLANKLINE>
    One.
    """
    if fmt == "json":
        return json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(article, url, links=links, images=images)
    if fmt == "html":
        return _html_document(article, url, links=links, images=images)
    return article.body + ("\n" if article.body else "")


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
        description="Clean a corpus: files, directories, JSON Lines, gzip and WARC files in; JSON Lines, text, Markdown or HTML out.",
        epilog=(
            "Rerunning into the same OUT skips the pages already there (JSON Lines: the ids of its records, "
            "error records included; text/markdown/html: the files). Exit status: 0 every page cleaned, "
            "1 some pages failed, 2 usage error, 3 stopped before the end, 130 interrupted."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, JSON Lines, gzip or WARC files (recognised by content)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="the JSON Lines file (- for standard output), or the directory for text/markdown/html")
    p.add_argument(
        "--format", choices=("jsonl", "text", "markdown", "html"), default="jsonl",
        help="output format (default: jsonl): one JSON record per page, or one file per page: the body as text, "
             "a Markdown or an HTML document (headline, byline, URL, then the body with its structure)",
    )
    p.add_argument(
        "--with-markdown", action="store_true",
        help="jsonl: add a markdown field to each record, the body as Markdown (Article.to_markdown(); null for a page that failed)",
    )
    p.add_argument("--links", action="store_true", help="markdown/html, and --with-markdown: keep the links of the body's text")
    p.add_argument("--images", action="store_true", help="markdown/html, and --with-markdown: keep the images of the body's figures")
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
    """Records appended to a JSON Lines file (or standard output); resumes from its ids. With
    ``markdown`` (a dict of ``to_markdown()``'s options), each record has a ``markdown`` field."""

    def __init__(self, target: str, markdown: dict[str, bool] | None = None) -> None:
        self.done: set[str] = set()
        self.markdown = markdown
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
        self.out.write(_json_line(result.to_record(markdown=self.markdown)))

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
    """One text, Markdown or HTML file per cleaned page in a directory (:func:`render_page`);
    resumes from the files there."""

    def __init__(self, target: str, fmt: str, *, links: bool = False, images: bool = False) -> None:
        self.root = Path(target)
        if self.root.exists() and not self.root.is_dir():
            raise _UsageError(f"{target} is a file; --format {fmt} writes a directory")
        self.root.mkdir(parents=True, exist_ok=True)
        self.format = fmt
        self.options = {"links": links, "images": images}
        self.suffix = {"markdown": ".md", "html": ".html"}.get(fmt, ".txt")

    def is_done(self, page_id: str) -> bool:
        return (self.root / page_file_name(page_id, self.suffix)).exists()

    def write(self, result: Result) -> None:
        if result.article is None:
            return  # reported on standard error; retried by the next run
        article = result.article
        text = article.body + "\n" if self.format == "text" else render_page(article, self.format, url=result.url, **self.options)
        final = self.root / page_file_name(result.id, self.suffix)
        partial = final.with_name(final.name + ".part")
        # written whole, then renamed: an interrupted run never leaves a half file that the
        # next run would take for done
        partial.write_text(text, encoding="utf-8", errors="surrogatepass")
        os.replace(partial, final)

    def close(self) -> None:
        pass


def _byline(article: Article) -> list[str]:
    updated = article.updated_text if article.updated_text != article.timestamp_text else None
    return [x for x in (article.author, article.timestamp_text, updated and f"updated {updated}") if x]


def _markdown(article: Article, url: str | None, *, links: bool = False, images: bool = False) -> str:
    """The Markdown document of a page: headline, byline, URL, then the body."""
    parts = []
    if article.headline:
        parts.append("# " + " ".join(escape(article.headline).split()))
    byline = " · ".join(" ".join(escape(x).split()) for x in _byline(article))
    if byline:
        parts.append(f"*{byline}*")
    if url:
        parts.append(f"<{url}>" if " " not in url and ">" not in url and "<" not in url else escape(url))
    body = article.to_markdown(links=links, images=images)
    if body:
        parts.append(body)
    return "\n\n".join(parts) + "\n"


def _html_document(article: Article, url: str | None, *, links: bool = False, images: bool = False) -> str:
    """A whole HTML document of a page: its title, headline, byline and URL, then the body."""
    esc = html_module.escape
    title = esc(article.headline or url or "", quote=False)
    head = [f"<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>"]
    if url:
        head.append(f'<link rel="canonical" href="{esc(url)}">')
    parts = ["</head>\n<body>\n<article>"]
    if article.headline:
        parts.append(f"<h1>{esc(article.headline, quote=False)}</h1>")
    byline = " · ".join(esc(x, quote=False) for x in _byline(article))
    if byline:
        parts.append(f"<p><em>{byline}</em></p>")
    body = article.to_html(links=links, images=images)
    if body:
        parts.append(body)
    parts.append("</article>\n</body>\n</html>")
    return "\n".join(head + parts) + "\n"


def _missing_inputs(inputs: Sequence[str]) -> str | None:
    """A one-line message naming the inputs that do not exist, or None when all do.

    Inputs are paths as given (``iter_pages`` takes no patterns and no ``-``), so a pattern the
    shell did not expand, or ``-``, gets a hint.
    """
    missing = [item for item in inputs if not os.path.exists(item)]
    if not missing:
        return None
    if len(missing) == 1:
        message = f"{missing[0]}: no such file or directory"
    else:
        message = f"{len(missing)} inputs do not exist: {', '.join(missing)}"
    if "-" in missing:
        message += " (batch does not read standard input: give files or directories)"
    elif any(ch in item for item in missing for ch in "*?["):
        message += " (a pattern? let the shell expand it, or give the directory and --glob PATTERN)"
    return message


_ONE_PAGE_SNIFF = 512
"""Bytes read from each file by :func:`progress_total`: enough to see gzip, WARC or a JSON object."""


def _holds_one_page(path: Path) -> bool:
    """Whether ``iter_pages`` surely reads the file as one page (not JSON Lines, gzip or WARC)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(_JSONL_SUFFIXES):
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(_ONE_PAGE_SNIFF)
    except OSError:
        return True  # iter_pages makes an unreadable file one error page
    start = head.lstrip()
    if head.startswith((_GZIP_MAGIC, _WARC_MAGIC)) or start.startswith(b"{"):
        return False  # gzip may hide anything; a JSON object may start JSON Lines
    return bool(start) or len(head) < _ONE_PAGE_SNIFF  # all whitespace so far: cannot tell


def progress_total(inputs: Sequence[str], glob: str = "*") -> int | None:
    """How many pages ``batch`` will read from ``inputs``, when that is cheap to know; else None.

    Known when every input is a file holding one page or a directory of such files (those
    matching ``glob``, as ``iter_pages`` walks them): the files are listed and the first
    512 bytes of each are read. Any JSON Lines, gzip or WARC file makes it unknown, as
    counting its pages means reading it whole.

    >>> progress_total([])
    0
    """
    total = 0
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            try:
                files = [p for p in path.rglob(glob) if p.is_file()]
            except OSError:
                return None
        else:
            files = [path]
        for file in files:
            if not _holds_one_page(file):
                return None
        total += len(files)
    return total


def _cannot_write(target: str, exc: OSError) -> str:
    """One line for an OUT that cannot be written, naming OUT (not a temporary file in it)."""
    if target == "-":
        return f"standard output: cannot write: {_reason(exc)}"
    reason = "its directory does not exist" if exc.errno == errno.ENOENT else _reason(exc)
    return f"{target}: cannot write: {reason}"


def _batch_command(argv: Sequence[str]) -> int:
    parser = _batch_parser()
    args = parser.parse_args(argv)
    workers = args.workers if args.workers > 0 else (os.cpu_count() or 1)
    if args.workers < 0 or args.chunksize < 1:
        parser.error("--workers must be >= 0 and --chunksize >= 1")
    if args.with_markdown and args.format != "jsonl":
        parser.error(f"--with-markdown adds a field to JSON Lines records; --format {args.format} writes files")
    missing = _missing_inputs(args.inputs)
    if missing is not None:
        sys.stderr.write(f"boilerstrip batch: {missing}\n")
        return EXIT_USAGE
    try:
        rules = _load(args.rules)
        sink: _JsonlSink | _FileSink = (
            _JsonlSink(args.output, {"links": args.links, "images": args.images} if args.with_markdown else None)
            if args.format == "jsonl"
            else _FileSink(args.output, args.format, links=args.links, images=args.images)
        )
    except (_UsageError, BoilerstripError) as exc:
        sys.stderr.write(f"boilerstrip batch: {exc}\n")
        return EXIT_USAGE
    except OSError as exc:  # a command that is right, in a place that is not: fix it, rerun
        sys.stderr.write(f"boilerstrip batch: stopped: {_cannot_write(args.output, exc)}\n")
        return EXIT_STOPPED
    counts = {"pages": 0, "errors": 0, "skipped": 0}
    pages = iter_pages(
        args.inputs, glob=args.glob, content_field=args.jsonl_field,
        url_field=args.url_field or None, id_field=args.id_field, errors="record",
    )
    shown = _is_terminal(sys.stderr)
    bar = tqdm(
        unit=" pages", file=sys.stderr, disable=not shown, dynamic_ncols=True,
        total=progress_total(args.inputs, args.glob) if shown else None,
    )

    def todo() -> Iterator[Page]:
        for page in pages:
            if sink.is_done(page.id):
                counts["skipped"] += 1
                if bar.total:  # the bar counts the pages to clean in this run (drawn at the next)
                    bar.total -= 1
                continue
            yield page

    status = EXIT_OK
    start = time.perf_counter()
    try:
        results = clean_many(
            todo(), workers=workers, chunksize=args.chunksize,
            rules=rules, default_rules=not args.no_default_rules, favor=args.favor,
            include_comments=args.include_comments, language=args.language, input=args.input,
        )
        for result in results:
            try:
                sink.write(result)
            except OSError as exc:
                if isinstance(exc, BrokenPipeError):
                    raise
                raise _OutputError(_cannot_write(args.output, exc)) from exc
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
    except (_OutputError, MissingExtraError) as exc:
        sys.stderr.write(f"boilerstrip batch: stopped: {exc}\n")
        status = EXIT_STOPPED
    except OSError as exc:
        sys.stderr.write(f"boilerstrip batch: stopped: {_os_message(exc)}\n")
        status = EXIT_STOPPED
    finally:
        bar.close()
        try:
            sink.close()
        except OSError as exc:
            if isinstance(exc, BrokenPipeError):
                raise
            sys.stderr.write(f"boilerstrip batch: stopped: {_cannot_write(args.output, exc)}\n")
            status = EXIT_STOPPED
    elapsed = time.perf_counter() - start
    rate = counts["pages"] / elapsed if elapsed > 0 else 0.0
    sys.stderr.write(
        f"boilerstrip batch: {counts['pages']} pages, {counts['errors']} errors, "
        f"{counts['skipped']} skipped, {rate:.1f} pages/s ({elapsed:.1f} s)\n"
    )
    if status == EXIT_OK and counts["errors"]:
        status = EXIT_PAGES_FAILED
    return status


class _OutputError(Exception):
    """OUT could not be written in the middle of a batch (exit status 3)."""


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
    except _UsageError as exc:
        sys.stderr.write(f"boilerstrip: {exc}\n")
        return EXIT_USAGE
    except BoilerstripError as exc:
        sys.stderr.write(f"boilerstrip: {exc}\n")
        return 1
    except OSError as exc:
        sys.stderr.write(f"boilerstrip: {_os_message(exc)}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
