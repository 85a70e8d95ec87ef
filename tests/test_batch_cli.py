"""``boilerstrip batch``: every input kind, every output format, resume, summary, progress bar, exit status.

Pages are the real pages of ``fixtures/html`` and ``fixtures/articles`` and the WARC fixture
``fixtures/batch/small.warc.gz`` (sources and licences in their README/SOURCES files).
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import re
import sys
from pathlib import Path

import pytest

import boilerstrip.cli
from boilerstrip import clean
from boilerstrip.cli import main, page_file_name, progress_total
from boilerstrip.render import escape
from boilerstrip.sources import iter_warc

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "fixtures" / "html"
ARTICLES = ROOT / "fixtures" / "articles"
WARC = ROOT / "fixtures" / "batch" / "small.warc.gz"
SUMMARY = re.compile(r"^boilerstrip batch: (\d+) pages, (\d+) errors, (\d+) skipped, [\d.]+ pages/s \([\d.]+ s\)$", re.MULTILINE)


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every input kind in the working directory; maps each input to the page ids it holds."""
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site" / "news"
    site.mkdir(parents=True)
    (site / "foldcut.html").write_bytes((HTML / "article-foldcut.html").read_bytes())
    (site / "golang.html").write_bytes((HTML / "listing-go-blog.html").read_bytes())
    (site / "notes.md").write_text("not selected by the glob")
    records = [
        {"page": (ARTICLES / "en-coffee-health.txt").read_text(encoding="utf-8"), "url": "https://example.org/coffee"},
        {"page": (ARTICLES / "fr-barbecue-charbon.txt").read_text(encoding="utf-8")},
    ]
    Path("crawl.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    Path("page.bin").write_bytes(gzip.compress((HTML / "forum-lobsters-thread.html").read_bytes()))
    Path("crawl.warc.gz").write_bytes(WARC.read_bytes())
    return {
        "site": ["site/news/foldcut.html", "site/news/golang.html"],
        "crawl.jsonl": ["crawl.jsonl:1", "crawl.jsonl:2"],
        "page.bin": ["page.bin"],
        "crawl.warc.gz": [p.id for p in iter_warc(WARC)],
    }


INPUT_ARGS = ["site", "crawl.jsonl", "page.bin", "crawl.warc.gz", "--glob", "*.html", "--jsonl-field", "page"]


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["batch", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _summary(err: str) -> tuple[int, int, int]:
    found = SUMMARY.findall(err)
    assert len(found) == 1, err
    pages, errors, skipped = (int(x) for x in found[0])
    return pages, errors, skipped


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- inputs and JSON Lines output ----------------------------------------------------------


def test_every_input_kind_to_jsonl(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    code, out, err = _run(capsys, *INPUT_ARGS, "-o", "out.jsonl")
    assert code == 0, err
    assert out == ""
    records = _records(Path("out.jsonl"))
    expected_ids = [i for ids in corpus.values() for i in ids]
    assert [r["id"] for r in records] == expected_ids
    assert _summary(err) == (len(expected_ids), 0, 0)
    by_id = {r["id"]: r for r in records}
    assert by_id["site/news/foldcut.html"]["body"] == clean((HTML / "article-foldcut.html").read_bytes()).body
    assert by_id["page.bin"]["body"] == clean((HTML / "forum-lobsters-thread.html").read_bytes()).body
    coffee = (ARTICLES / "en-coffee-health.txt").read_text(encoding="utf-8")
    assert by_id["crawl.jsonl:1"]["url"] == "https://example.org/coffee"
    assert by_id["crawl.jsonl:1"]["body"] == clean(coffee, url="https://example.org/coffee").body
    warc = by_id[corpus["crawl.warc.gz"][1]]
    assert (warc["url"], warc["date"]) == ("https://nginx.org/en/docs/beginners_guide.html", "2024-05-01T10:00:05Z")
    assert warc["headline"] and warc["body"]


def test_jsonl_to_standard_output_with_two_workers(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    code, _, err = _run(capsys, *INPUT_ARGS, "-o", "one.jsonl")
    assert code == 0, err
    code, out, err = _run(capsys, *INPUT_ARGS, "-o", "-", "--workers", "2", "--chunksize", "1")
    assert code == 0, err
    assert [json.loads(line) for line in out.splitlines()] == _records(Path("one.jsonl"))


def test_clean_options_are_passed_on(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    page = "Subscribe to Acme Daily for more\n\n" + "The council met on Tuesday and agreed the new budget for the schools. " * 3
    Path("page.txt").write_text(page, encoding="utf-8")
    Path("acme.toml").write_text(
        '[[rules]]\nid = "acme.promo"\nkind = "advert"\npattern = "^Subscribe to Acme Daily"\n', encoding="utf-8"
    )
    code, out, err = _run(capsys, "page.txt", "-o", "-", "--rules", "acme.toml", "--favor", "precision", "--input", "text", "--language", "en")
    assert code == 0, err
    [record] = [json.loads(line) for line in out.splitlines()]
    assert [r["rule"] for r in record["removed"]] == ["acme.promo"]
    assert record["body"] == clean(page, favor="precision", input="text", language="en").body


# --- text and Markdown output --------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "suffix"), [("text", ".txt"), ("markdown", ".md"), ("html", ".html")])
def test_one_file_per_page(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]], fmt: str, suffix: str) -> None:
    code, out, err = _run(capsys, *INPUT_ARGS, "-o", "pages", "--format", fmt)
    assert code == 0, err
    ids = [i for ids in corpus.values() for i in ids]
    files = sorted(p.name for p in Path("pages").iterdir())
    assert files == sorted(page_file_name(i, suffix) for i in ids)
    foldcut = clean((HTML / "article-foldcut.html").read_bytes())
    written = (Path("pages") / page_file_name("site/news/foldcut.html", suffix)).read_text(encoding="utf-8")
    if fmt == "text":
        assert written == foldcut.body + "\n"
    elif fmt == "markdown":
        assert foldcut.headline and written.startswith("# " + escape(foldcut.headline) + "\n\n")
        assert written.endswith("\n\n" + foldcut.to_markdown() + "\n")  # the body with its structure
    else:
        assert foldcut.headline and f"<h1>{foldcut.headline}</h1>" in written
        assert foldcut.to_html() in written and written.endswith("</html>\n")
    warc_md = (Path("pages") / page_file_name(corpus["crawl.warc.gz"][0], suffix)).read_text(encoding="utf-8")
    assert ("<https://erikdemaine.org/foldcut>" in warc_md) == (fmt == "markdown")


def test_file_names_are_safe_and_distinct() -> None:
    ids = ["../../etc/passwd", "a/b", "a_b", "<urn:uuid:1234>", "C:\\x\\y", "", "é/ü", "x" * 500]
    names = [page_file_name(i, ".txt") for i in ids]
    assert len(set(names)) == len(ids)
    for name in names:
        assert re.fullmatch(r"[A-Za-z0-9._-]+\.txt", name), name
        assert not name.startswith(".") and len(name) < 120


def test_markdown_escapes_only_text_that_would_become_markup() -> None:
    assert escape("# not a heading") == "\\# not a heading"
    assert escape("1. not a list") == "1\\. not a list"
    assert escape("- dash and *stars* and [link](x) and <b>") == "\\- dash and \\*stars\\* and [link\\](x) and \\<b>"
    assert escape("plain words, 1.5 times, 70.2% [n 1]") == "plain words, 1.5 times, 70.2% [n 1]"


def test_markdown_files_keep_the_structure(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("site").mkdir()
    page = ROOT / "fixtures" / "structure" / "science-notes.html"
    Path("site/notes.html").write_bytes(page.read_bytes())
    code, _, err = _run(capsys, "site", "-o", "pages", "--format", "markdown", "--links")
    assert code == 0, err
    written = (Path("pages") / page_file_name("site/notes.html", ".md")).read_text(encoding="utf-8")
    article = clean(page.read_bytes())
    assert written.endswith("\n\n" + article.to_markdown(links=True) + "\n")
    assert "| B | Shelf \\| shaded | 12 | 188 |" in written and "[pond survey](https://" in written


def test_jsonl_records_carry_markdown_when_asked(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    code, _, err = _run(capsys, *INPUT_ARGS, "-o", "plain.jsonl")
    assert code == 0, err
    assert all("markdown" not in r for r in _records(Path("plain.jsonl")))
    code, _, err = _run(capsys, *INPUT_ARGS, "-o", "md.jsonl", "--with-markdown")
    assert code == 0, err
    records = _records(Path("md.jsonl"))
    foldcut = next(r for r in records if r["id"] == "site/news/foldcut.html")
    article = clean((HTML / "article-foldcut.html").read_bytes())
    assert foldcut["markdown"] == article.to_markdown()
    assert all(set(r) == set(records[0]) for r in records)
    assert all(isinstance(r["blocks"], list) for r in records if r["error"] is None)
    Path("broken.html").write_bytes(b"\x00\x01\x02\x03" * 200)  # binary data: a page that fails
    code, _, err = _run(capsys, "site/news/foldcut.html", "broken.html", "-o", "links.jsonl", "--with-markdown", "--links")
    assert code == 1, err
    linked, broken = _records(Path("links.jsonl"))
    assert linked["markdown"] == article.to_markdown(links=True) != article.to_markdown()
    assert broken["error_type"] == "NotTextError" and broken["markdown"] is None


def test_with_markdown_needs_jsonl(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["batch", *INPUT_ARGS, "-o", "pages", "--format", "text", "--with-markdown"])
    assert exit_info.value.code == 2
    assert "--with-markdown" in capsys.readouterr().err


# --- resume --------------------------------------------------------------------------------


def test_rerun_into_jsonl_skips_pages_already_done(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    code, _, err = _run(capsys, "site", "crawl.jsonl", "--glob", "*.html", "--jsonl-field", "page", "-o", "out.jsonl")
    assert code == 0 and _summary(err) == (4, 0, 0)
    before = Path("out.jsonl").read_bytes()
    code, _, err = _run(capsys, "site", "crawl.jsonl", "--glob", "*.html", "--jsonl-field", "page", "-o", "out.jsonl")
    assert code == 0 and _summary(err) == (0, 0, 4)
    assert Path("out.jsonl").read_bytes() == before
    # new inputs are added, old ones skipped
    code, _, err = _run(capsys, *INPUT_ARGS, "-o", "out.jsonl")
    assert code == 0 and _summary(err) == (3, 0, 4)
    ids = [r["id"] for r in _records(Path("out.jsonl"))]
    assert sorted(ids) == sorted(i for v in corpus.values() for i in v)


def test_resume_tolerates_a_truncated_last_line(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    code, _, _ = _run(capsys, *INPUT_ARGS, "-o", "out.jsonl")
    assert code == 0
    full = Path("out.jsonl").read_bytes()
    lines = full.splitlines(keepends=True)
    Path("out.jsonl").write_bytes(b"".join(lines[:-1]) + lines[-1][:40])  # a crash mid-line
    code, _, err = _run(capsys, *INPUT_ARGS, "-o", "out.jsonl")
    assert code == 0, err
    assert _summary(err) == (1, 0, len(lines) - 1)
    assert Path("out.jsonl").read_bytes() == full


def test_rerun_into_a_directory_skips_existing_files(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    code, _, err = _run(capsys, *INPUT_ARGS, "-o", "pages", "--format", "text")
    total = _summary(err)[0]
    victim = Path("pages") / page_file_name("crawl.jsonl:2", ".txt")
    kept = Path("pages") / page_file_name("page.bin", ".txt")
    kept.write_text("left alone\n", encoding="utf-8")
    victim.unlink()
    code, _, err = _run(capsys, *INPUT_ARGS, "-o", "pages", "--format", "text")
    assert code == 0 and _summary(err) == (1, 0, total - 1)
    assert victim.exists() and kept.read_text(encoding="utf-8") == "left alone\n"
    assert not list(Path("pages").glob("*.part"))


# --- errors and exit status ----------------------------------------------------------------


def test_failed_pages_are_reported_recorded_and_exit_1(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    Path("binary.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    Path("bad.jsonl").write_text('{"page": "Some words of a page."}\nnot json\n', encoding="utf-8")
    code, _, err = _run(capsys, "binary.png", "bad.jsonl", "site", "--glob", "*.html", "--jsonl-field", "page", "-o", "out.jsonl")
    assert code == 1
    assert _summary(err) == (5, 2, 0)
    assert "boilerstrip batch: binary.png: NotTextError:" in err
    assert "boilerstrip batch: bad.jsonl:2: SourceError: not a JSON line" in err
    records = _records(Path("out.jsonl"))
    assert [(r["id"], r["error_type"]) for r in records] == [
        ("binary.png", "NotTextError"), ("bad.jsonl:1", None),
        ("bad.jsonl:2", "SourceError"), ("site/news/foldcut.html", None), ("site/news/golang.html", None),
    ]
    # error records count as done: a rerun does not repeat them
    code, _, err = _run(capsys, "binary.png", "bad.jsonl", "site", "--glob", "*.html", "--jsonl-field", "page", "-o", "out.jsonl")
    assert code == 0 and _summary(err) == (0, 0, 5)


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (["nosuch/"], "nosuch/: no such file or directory"),
        (["site", "missing.html"], "missing.html: no such file or directory"),
        (["a.html", "site", "b/"], "2 inputs do not exist: a.html, b/"),
        (["-"], "-: no such file or directory (batch does not read standard input: give files or directories)"),
        (["site/*.html"], "site/*.html: no such file or directory (a pattern? let the shell expand it, or give the directory and --glob PATTERN)"),
    ],
    ids=["one", "among-others", "two", "stdin", "pattern"],
)
def test_missing_input_is_a_usage_error_before_any_work(
    capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]], inputs: list[str], message: str
) -> None:
    for output in (["-o", "out.jsonl"], ["-o", "pages", "--format", "text"]):
        code, out, err = _run(capsys, *inputs, *output)
        assert (code, out, err) == (2, "", f"boilerstrip batch: {message}\n")
    assert not Path("out.jsonl").exists() and not Path("pages").exists()  # OUT untouched


@pytest.mark.parametrize(
    "argv",
    [
        ["site"],                                             # no -o
        ["-o", "out.jsonl"],                                  # no input
        ["site", "-o", "x", "--format", "pdf"],
        ["site", "-o", "x", "--workers", "-1"],
        ["site", "-o", "x", "--workers", "two"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["batch", *argv])
    assert info.value.code == 2
    assert "usage: boilerstrip batch" in capsys.readouterr().err


def test_bad_output_or_rule_file_exits_2(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    Path("a-file").write_text("x")
    Path("pages").mkdir()
    Path("broken.toml").write_text('[[rules]]\nid = "x"\nkind = "nonsense-kind"\npattern = "("\n', encoding="utf-8")
    for argv in (["site", "-o", "a-file", "--format", "text"], ["site", "-o", "pages"], ["site", "-o", "o.jsonl", "--rules", "broken.toml"]):
        code, _, err = _run(capsys, *argv)
        assert code == 2, argv
        assert err.startswith("boilerstrip batch: ") and "Traceback" not in err
    assert not Path("o.jsonl").exists()


def test_missing_warc_extra_stops_with_exit_3(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)
    code, _, err = _run(capsys, "crawl.jsonl", "crawl.warc.gz", "--jsonl-field", "page", "-o", "out.jsonl")
    assert code == 3
    assert "pip install 'boilerstrip[warc]'" in err
    assert _summary(err) == (2, 0, 0)  # what was done before is kept and counted
    assert [r["id"] for r in _records(Path("out.jsonl"))] == corpus["crawl.jsonl"]


def test_output_that_cannot_be_created_stops_with_exit_3(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]]) -> None:
    code, out, err = _run(capsys, "site", "--glob", "*.html", "-o", "no-such-dir/out.jsonl")
    assert (code, out) == (3, "")
    assert err == "boilerstrip batch: stopped: no-such-dir/out.jsonl: cannot write: its directory does not exist\n"


def _deny_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make OUT unwritable: permissions cannot be relied on (root writes anywhere)."""
    real_open = open

    def guarded(path: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if any(m in mode for m in "wax+"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(boilerstrip.cli, "open", guarded, raising=False)


def test_unwritable_output_stops_with_exit_3(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    _deny_writes(monkeypatch)
    code, out, err = _run(capsys, "site", "--glob", "*.html", "-o", "out.jsonl")
    assert (code, out) == (3, "")
    assert err == "boilerstrip batch: stopped: out.jsonl: cannot write: permission denied\n"


def test_output_failing_midway_stops_with_exit_3(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    def full(self: object, result: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(boilerstrip.cli._FileSink, "write", full)
    code, out, err = _run(capsys, "site", "--glob", "*.html", "-o", "pages", "--format", "text")
    assert (code, out) == (3, "")
    assert "boilerstrip batch: stopped: pages: cannot write: no space left on the device\n" in err
    assert "Errno" not in err
    assert _summary(err) == (0, 0, 0)


# --- progress bar --------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal(capsys: pytest.CaptureFixture[str], corpus: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = _run(capsys, "site", "--glob", "*.html", "-o", "plain.jsonl")
    assert code == 0 and "\r" not in err and err.count("\n") == 1  # the summary alone
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["batch", "site", "--glob", "*.html", "-o", "tty.jsonl"]) == 0
    shown = terminal.getvalue()
    assert "\r" in shown and "2 pages" in shown.replace("2pages", "2 pages")
    assert _summary(shown) == (2, 0, 0)


def test_progress_bar_shows_the_total_when_known(corpus: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["batch", "site", "--glob", "*.html", "-o", "tty.jsonl"]) == 0
    assert "2/2" in terminal.getvalue()
    # a rerun skips both pages: the total is what is left to clean
    terminal.seek(0)
    terminal.truncate()
    Path("site/news/new.html").write_bytes((HTML / "article-foldcut.html").read_bytes())
    assert main(["batch", "site", "--glob", "*.html", "-o", "tty.jsonl"]) == 0
    shown = terminal.getvalue()
    assert "0/3" in shown and "1/1" in shown
    assert _summary(shown) == (1, 0, 2)


def test_progress_total_counts_page_files(corpus: dict[str, list[str]]) -> None:
    assert progress_total(["site"], "*.html") == 2
    assert progress_total(["site"]) == 3  # notes.md too
    assert progress_total(["site", "site/news/golang.html"], "*.html") == 3
    Path("empty-dir").mkdir()
    Path("blank.txt").write_text("   \n")
    assert progress_total(["empty-dir", "blank.txt"]) == 1


@pytest.mark.parametrize("many", ["crawl.jsonl", "page.bin", "crawl.warc.gz"], ids=["jsonl", "gzip", "warc"])
def test_progress_total_is_unknown_for_files_of_many_pages(corpus: dict[str, list[str]], many: str) -> None:
    assert progress_total(["site", many], "*.html") is None
    Path("deep").mkdir()
    Path("deep", many).write_bytes(Path(many).read_bytes())  # inside a directory too
    assert progress_total(["deep"]) is None


def test_progress_total_is_unknown_when_it_cannot_tell(corpus: dict[str, list[str]]) -> None:
    # a JSON object may start JSON Lines under any name; a long blank start hides what follows
    Path("records.txt").write_text('{"text": "a page"}\n{"text": "another"}\n', encoding="utf-8")
    Path("spaces.txt").write_text(" " * 4096 + '{"text": "a page"}\n', encoding="utf-8")
    assert progress_total(["records.txt"]) is None
    assert progress_total(["spaces.txt"]) is None
    Path("plain.ndjson").write_text("not JSON at all, but named as JSON Lines", encoding="utf-8")
    assert progress_total(["plain.ndjson"]) is None
