"""Corpus readers: files, directories, JSON Lines, gzip (by magic bytes) and WARC, and bad inputs.

Pages are the real pages of ``fixtures/html`` (WCXB dev, CC-BY-4.0); the WARC fixture
``fixtures/batch/small.warc.gz`` carries two of them among records the reader must skip
(see fixtures/batch/README.md).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import sys
from pathlib import Path

import pytest

from boilerstrip import BoilerstripError, Page
from boilerstrip.sources import (
    MissingExtraError,
    SourceError,
    iter_directory,
    iter_file,
    iter_jsonl,
    iter_pages,
    iter_warc,
)

ROOT = Path(__file__).resolve().parent.parent
HTML = ROOT / "fixtures" / "html"
WARC = ROOT / "fixtures" / "batch" / "small.warc.gz"
FOLDCUT = HTML / "article-foldcut.html"
NGINX = HTML / "documentation-nginx-guide.html"


def _gz(path: Path, data: bytes) -> Path:
    path.write_bytes(gzip.compress(data))
    return path


def _jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


# --- Page ----------------------------------------------------------------------------------


def test_page_is_frozen_with_optional_fields() -> None:
    page = Page("a", "text")
    assert (page.url, page.date, page.source, page.error) == (None, None, None, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.id = "b"  # type: ignore[misc]


# --- plain files and directories -----------------------------------------------------------


def test_a_file_is_one_page_of_bytes_with_its_path_as_id(tmp_path: Path) -> None:
    target = tmp_path / "page.html"
    target.write_bytes(FOLDCUT.read_bytes())
    pages = list(iter_pages([target]))
    assert [p.id for p in pages] == [target.as_posix()]
    assert pages[0].content == FOLDCUT.read_bytes()
    assert pages[0].source == str(target)
    assert list(iter_file(target, id="x")) == [dataclasses.replace(pages[0], id="x")]


def test_a_directory_is_walked_recursively_sorted_and_filtered_by_glob(tmp_path: Path) -> None:
    (tmp_path / "b" / "deep").mkdir(parents=True)
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "b" / "c.html").write_text("<p>c</p>")
    (tmp_path / "b" / "deep" / "d.html").write_text("<p>d</p>")
    (tmp_path / "b" / "notes.txt").write_text("notes")
    root = tmp_path.as_posix()
    every = [p.id for p in iter_pages(tmp_path)]
    assert every == [f"{root}/a.html", f"{root}/b/c.html", f"{root}/b/deep/d.html", f"{root}/b/notes.txt"]
    html = [p.id for p in iter_directory(tmp_path, glob="*.html")]
    assert html == [f"{root}/a.html", f"{root}/b/c.html", f"{root}/b/deep/d.html"]
    assert [p.content for p in iter_pages([tmp_path], glob="d.*")] == [b"<p>d</p>"]


def test_directory_ids_are_relative_when_the_directory_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "x.html").write_text("<p>x</p>")
    monkeypatch.chdir(tmp_path)
    assert [p.id for p in iter_pages(["site"])] == ["site/x.html"]
    monkeypatch.chdir(tmp_path / "site")
    assert [p.id for p in iter_pages(["."])] == ["x.html"]


# --- JSON Lines ----------------------------------------------------------------------------


def test_jsonl_yields_one_page_per_line_with_url_date_and_line_ids(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "crawl.jsonl", [
        {"html": "<p>one</p>", "url": "https://example.org/1", "date": "2024-05-01"},
        {"html": "<p>two</p>"},
    ])
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("\n   \n")  # blank lines are skipped
    pages = list(iter_jsonl(path))
    stem = path.as_posix()
    assert [(p.id, p.content, p.url, p.date) for p in pages] == [
        (f"{stem}:1", "<p>one</p>", "https://example.org/1", "2024-05-01"),
        (f"{stem}:2", "<p>two</p>", None, None),
    ]


def test_jsonl_field_options(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "crawl.jsonl", [
        {"key": "doc-7", "body": "<p>seven</p>", "text": "ignored", "link": "https://example.org/7", "url": "https://wrong.example/"},
        {"body": "<p>eight</p>", "link": "https://example.org/8"},
    ])
    pages = list(iter_jsonl(path, content_field="body", url_field="link", id_field="key"))
    assert [(p.id, p.content, p.url) for p in pages] == [
        ("doc-7", "<p>seven</p>", "https://example.org/7"),
        (f"{path.as_posix()}:2", "<p>eight</p>", "https://example.org/8"),  # no id field: file:line
    ]
    # by default the first present of html, content, text, raw_content
    defaults = list(iter_jsonl(path, errors="record"))
    assert defaults[0].content == "ignored" and defaults[0].url == "https://wrong.example/"
    assert defaults[1].error is not None and "no field" in defaults[1].error
    only_text = _jsonl(tmp_path / "t.jsonl", [{"text": "plain words", "content": "preferred"}])
    assert [p.content for p in iter_jsonl(only_text)] == ["preferred"]


def test_jsonl_is_recognised_by_content_without_its_suffix(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "export.data", [{"content": "<p>a</p>"}, {"content": "<p>b</p>"}])
    assert [p.content for p in iter_pages([path])] == ["<p>a</p>", "<p>b</p>"]
    # a page that merely starts with a brace is still one page
    odd = tmp_path / "odd.txt"
    odd.write_text("{not json} but a sentence of text.\n")
    assert [p.id for p in iter_pages([odd])] == [odd.as_posix()]


def test_bad_json_lines_raise_or_become_error_pages(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"html": "<p>ok</p>"}\n'
        "this is not json\n"
        '["a", "list"]\n'
        '{"html": 5}\n'
        '{"other": "field"}\n'
        '{"html": "<p>last</p>"}\n',
        encoding="utf-8",
    )
    with pytest.raises(SourceError, match=r"mixed\.jsonl:2: not a JSON line"):
        list(iter_jsonl(path))
    pages = list(iter_jsonl(path, errors="record"))
    assert [p.error is None for p in pages] == [True, False, False, False, False, True]
    errors = [p.error for p in pages if p.error]
    assert "must be an object" in errors[1] and "must be a string" in errors[2] and "no field" in errors[3]
    assert pages[-1].content == "<p>last</p>"
    assert all(p.id.endswith(f":{n}") for n, p in zip(range(1, 7), pages))


def test_invalid_utf8_json_line_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"html": "\xff\xfe"}\n{"html": "fine"}\n')
    pages = list(iter_pages([path], errors="record"))
    assert pages[0].error is not None and pages[1].content == "fine"


# --- gzip ----------------------------------------------------------------------------------


def test_gzip_is_recognised_by_magic_bytes_not_by_name(tmp_path: Path) -> None:
    hidden = _gz(tmp_path / "page.dat", FOLDCUT.read_bytes())
    named = _gz(tmp_path / "page.html.gz", NGINX.read_bytes())
    assert [p.content for p in iter_pages([hidden, named])] == [FOLDCUT.read_bytes(), NGINX.read_bytes()]
    # a .gz name on a file that is not gzip is read as it is
    liar = tmp_path / "plain.gz"
    liar.write_bytes(b"<p>not compressed</p>")
    assert [p.content for p in iter_pages([liar])] == [b"<p>not compressed</p>"]


def test_gzipped_jsonl_by_suffix_and_by_content(tmp_path: Path) -> None:
    lines = b'{"html": "<p>a</p>", "url": "https://example.org/a"}\n{"html": "<p>b</p>"}\n'
    for name in ("crawl.jsonl.gz", "crawl.bin"):
        path = _gz(tmp_path / name, lines)
        pages = list(iter_pages([path]))
        assert [(p.id, p.content, p.url) for p in pages] == [
            (f"{path.as_posix()}:1", "<p>a</p>", "https://example.org/a"),
            (f"{path.as_posix()}:2", "<p>b</p>", None),
        ]


def test_corrupt_gzip_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "cut.html.gz"
    path.write_bytes(gzip.compress(FOLDCUT.read_bytes())[:300])
    with pytest.raises(SourceError, match="cut.html.gz: cannot read"):
        list(iter_pages([path]))
    [page] = iter_pages([path], errors="record")
    assert page.id == path.as_posix() and page.content == b"" and "cannot read" in (page.error or "")


# --- WARC ----------------------------------------------------------------------------------


def test_warc_keeps_only_html_responses_with_url_date_and_record_id() -> None:
    pages = list(iter_warc(WARC))
    assert [(p.id, p.url, p.date) for p in pages] == [
        ("<urn:uuid:00000000-0000-4000-8000-000000000002>", "https://erikdemaine.org/foldcut", "2024-05-01T10:00:00Z"),
        ("<urn:uuid:00000000-0000-4000-8000-000000000004>", "https://nginx.org/en/docs/beginners_guide.html", "2024-05-01T10:00:05Z"),
    ]
    # the second was sent chunked and gzip-encoded: the page comes out as the server had it
    assert [p.content for p in pages] == [FOLDCUT.read_bytes(), NGINX.read_bytes()]
    assert all(p.source == str(WARC) for p in pages)


def test_uncompressed_warc_is_recognised_by_content(tmp_path: Path) -> None:
    plain = tmp_path / "archive.bin"
    plain.write_bytes(gzip.decompress(WARC.read_bytes()))  # every gzip member, concatenated
    assert plain.read_bytes().startswith(b"WARC/")
    (tmp_path / "copy.warc.gz").write_bytes(WARC.read_bytes())
    from_dir = list(iter_pages([tmp_path]))
    assert [p.url for p in from_dir] == [p.url for p in iter_warc(WARC)] * 2
    assert [p.content for p in iter_pages([plain])] == [FOLDCUT.read_bytes(), NGINX.read_bytes()]


def test_broken_warc_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 500\r\n\r\nshort")
    with pytest.raises(SourceError, match="broken.warc"):
        list(iter_warc(path))
    [page] = iter_pages([path], errors="record")
    assert page.error and "broken.warc" in page.error


def test_missing_warcio_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "warcio.archiveiterator", None)  # import now fails
    with pytest.raises(MissingExtraError, match=r"pip install 'boilerstrip\[warc\]'") as info:
        list(iter_warc(WARC))
    assert isinstance(info.value, BoilerstripError) and isinstance(info.value, ImportError)
    # not a per-file problem: it stops iter_pages even when errors are recorded
    with pytest.raises(MissingExtraError):
        list(iter_pages([WARC], errors="record"))


# --- bad inputs ----------------------------------------------------------------------------


def test_missing_file_raises_or_becomes_an_error_page(tmp_path: Path) -> None:
    missing = tmp_path / "nope.html"
    present = tmp_path / "yes.html"
    present.write_text("<p>yes</p>")
    for reader in (lambda: list(iter_pages([missing])), lambda: list(iter_file(missing)), lambda: list(iter_warc(missing))):
        with pytest.raises(SourceError, match="nope.html: cannot read: No such file"):
            reader()
    pages = list(iter_pages([missing, present], errors="record"))
    assert [(p.id, p.error is not None) for p in pages] == [(missing.as_posix(), True), (present.as_posix(), False)]
    assert [p.error for p in iter_directory(missing, errors="record")] == [f"{missing.as_posix()}: not a directory"]


def test_unknown_errors_policy_is_rejected() -> None:
    for reader in (iter_pages, iter_jsonl, iter_directory):
        with pytest.raises(ValueError, match="errors must be"):
            reader(WARC, errors="ignore")  # type: ignore[operator]  # raised at the call, not on the first page


def test_readers_are_lazy(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text('{"html": "<p>x</p>"}\n' * 3 + "broken line\n", encoding="utf-8")
    pages = iter_jsonl(path)
    # the broken fourth line is not read until asked for
    assert [next(pages).content for _ in range(3)] == ["<p>x</p>"] * 3
    with pytest.raises(SourceError):
        next(pages)
