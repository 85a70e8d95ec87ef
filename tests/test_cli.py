"""The command line: ``boilerstrip PAGE [--json|--explain]``, ``explain PAGE``, ``rules list|check``."""

from __future__ import annotations

import codecs
import errno
import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

import boilerstrip.cli
from boilerstrip import Cleaner, clean
from boilerstrip.cli import main
from boilerstrip.rules import RuleSet

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt"
HTML_PAGE = ROOT / "fixtures" / "html" / "listing-go-blog.html"
EXAMPLE_RULES = ROOT / "examples" / "acme-news.toml"
HEADLINE = "Exodus of ISIS Foreign Fighters Continues Despite Airstrikes"
PENTAGON = "Pentagon spokesman, Rear Adm. John Kirby said this week that the strikes have disrupted the militants' operation."


@pytest.fixture(scope="module")
def expected() -> str:
    return clean(SEED.read_bytes()).body


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- cleaning a page -----------------------------------------------------------------------


def test_page_prints_the_body(capsys: pytest.CaptureFixture[str], expected: str) -> None:
    code, out, err = _run(capsys, str(SEED))
    assert code == 0 and err == ""
    assert out == expected + "\n"
    assert "Like Us on Facebook" not in out
    assert PENTAGON in out


def test_python_dash_m_prints_the_body(expected: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "boilerstrip", "seeds/000_bd49ed3feaf0e8fe.txt"],
        cwd=ROOT, capture_output=True, env=env, check=False,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert done.stderr == b""
    assert done.stdout.decode("utf-8").replace("\r\n", "\n") == expected + "\n"


def test_json_prints_the_article(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, str(SEED), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["headline"] == HEADLINE
    assert data["timestamp"] == "2024-04-19T16:19:49"
    assert data == clean(SEED.read_bytes()).to_dict()
    assert {r["text"] for r in data["removed"]} >= {"Like Us on Facebook", "Real Time Analytics"}


STRUCTURE_PAGE = ROOT / "fixtures" / "structure" / "science-notes.html"


def test_format_json_is_the_json_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, str(SEED), "--format", "json") == _run(capsys, str(SEED), "--json")
    assert _run(capsys, str(SEED), "--format", "text") == _run(capsys, str(SEED))


def test_format_markdown_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(STRUCTURE_PAGE), "--format", "markdown")
    article = clean(STRUCTURE_PAGE.read_bytes())
    assert code == 0 and err == ""
    assert out == f"# {article.headline}\n\n*Ada Fernsby · 3 March 2024*\n\n{article.to_markdown()}\n"
    assert "\n## What we needed\n" in out and "\n| Tub | Position | Day 1 | Day 28 |\n" in out
    assert "\n```python\nimport math\n" in out and "](" not in out
    code, linked, _ = _run(capsys, str(STRUCTURE_PAGE), "--format", "markdown", "--links", "--images", "--url", "https://pondlab.example.org/notes/x")
    assert "[pond survey](https://pondlab.example.org/notes/pond-survey)" in linked
    assert "![Tub A covered in duckweed](https://pondlab.example.org/images/tub-a-day-28.jpg)" in linked
    assert "\n<https://pondlab.example.org/notes/x>\n" in linked


def test_format_html_prints_a_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(STRUCTURE_PAGE), "--format", "html", "--links")
    assert code == 0 and err == ""
    article = clean(STRUCTURE_PAGE.read_bytes())
    assert out.startswith("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>Measuring the growth of duckweed</title>")
    assert f"<h1>{article.headline}</h1>" in out and article.to_html(links=True) in out
    assert out.endswith("</article>\n</body>\n</html>\n")


@pytest.mark.parametrize(
    "argv",
    [["--json", "--format", "markdown"], ["--explain", "--format", "html"], ["--format", "pdf"]],
    ids=["json-and-markdown", "explain-html", "unknown"],
)
def test_format_usage_errors(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([str(SEED), *argv])
    assert exit_info.value.code == 2
    assert "error:" in capsys.readouterr().err


def test_help_names_the_formats(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "{text,markdown,html,json}" in out and "--links" in out and "--images" in out


def _rows(out: str) -> list[list[str]]:
    lines = out.rstrip("\n").split("\n")
    header, rows = lines[0], lines[1:]
    assert "decision" in header and "kind" in header and "rule" in header and "score" in header
    return [row.split(maxsplit=6) for row in rows if not row.startswith(("warning:", "score:"))]


@pytest.mark.parametrize("argv", [["--explain", str(SEED)], ["explain", str(SEED)]], ids=["--explain", "explain"])
def test_explain_prints_one_row_per_block(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, _ = _run(capsys, *argv)
    assert code == 0
    _, blocks = Cleaner().explain(SEED.read_bytes())
    rows = _rows(out)
    assert len(rows) == len(blocks)
    for row, block in zip(rows, blocks):
        index, decision, kind, rule = row[:4]
        assert int(index) == block.index
        assert decision == block.label.value
        assert kind == (block.kind or "-")
        assert rule == block.reason
    decisions = {row[1] for row in rows}
    assert {"body", "chrome", "headline", "timestamp", "caption"} <= decisions


def test_stdin(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, expected: str) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(SEED.read_bytes())))
    code, out, err = _run(capsys, "-")
    assert code == 0 and err == ""
    assert out == expected + "\n"


def test_stdin_html(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    paragraph = "The council met on Tuesday and agreed the new budget for the schools of the town after a long debate."
    page = f"<html><body><nav><a href='/'>Home</a></nav><article><p>{paragraph}</p></article></body></html>"
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(page.encode("utf-8"))))
    code, out, _ = _run(capsys, "-")
    assert code == 0
    assert out == paragraph + "\n"


@pytest.mark.parametrize(
    "content",
    [b"", b" \n\t\r\n", codecs.BOM_UTF8 + b"\n\n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
    ids=["0-bytes", "whitespace", "utf-8-bom", "utf-16-whitespace"],
)
@pytest.mark.parametrize("command", [[], ["explain"], ["--json"], ["explain", "--json"]], ids=["page", "explain", "json", "explain-json"])
def test_empty_page_says_so_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("empty.txt").write_bytes(content)
    argv = [*command[:1], "empty.txt", *command[1:]] if command[:1] == ["explain"] else ["empty.txt", *command]
    assert _run(capsys, *argv) == (1, "", "boilerstrip: empty.txt: the page is empty\n")


def test_empty_standard_input_says_so(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", types.SimpleNamespace(buffer=io.BytesIO(b"\n")))
    assert _run(capsys, "-") == (1, "", "boilerstrip: standard input: the page is empty\n")


def test_a_page_of_one_word_is_not_empty(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = tmp_path / "word.txt"
    page.write_bytes(b"\n  Hello\n")
    code, _, err = _run(capsys, str(page))
    assert code == 0 and err == ""


# --- explain: JSON and the score -----------------------------------------------------------


@pytest.mark.parametrize(
    "argv", [["explain", str(SEED), "--json"], [str(SEED), "--explain", "--json"]], ids=["explain-json", "--explain-json"]
)
def test_explain_json_holds_what_the_table_holds(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 0 and err == ""
    data = json.loads(out)
    article, blocks = Cleaner().explain(SEED.read_bytes())
    blocks_json = data.pop("blocks")
    fields = article.to_dict()
    fields.pop("blocks")  # (--json's blocks are the body's typed blocks; explain's, every block)
    assert data == fields  # the fields and the warnings, as --json prints them
    assert [b["index"] for b in blocks_json] == [b.index for b in blocks]
    for got, block in zip(blocks_json, blocks):
        assert set(got) == {"index", "label", "kind", "reason", "score", "words", "text"}
        assert got["label"] == block.label.value
        assert got["kind"] == (block.kind or None)
        assert got["reason"] == (block.reason or None)
        assert got["score"] == pytest.approx(block.score, abs=1e-4)
        assert got["words"] == block.features.words
        assert got["text"] == block.text
    # the same rows as the table
    code, table, _ = _run(capsys, "explain", str(SEED))
    rows = _rows(table)
    assert [(int(r[0]), r[1], r[2], r[3], float(r[4]), int(r[5])) for r in rows] == [
        (b["index"], b["label"], b["kind"] or "-", b["reason"] or "-", round(b["score"], 2), b["words"]) for b in blocks_json
    ]


def test_explain_json_carries_the_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "explain", str(SEED), "--json", "--url", "not a url")
    assert code == 0
    warnings = json.loads(out)["warnings"]
    assert warnings  # the URL given is no URL
    code, table, _ = _run(capsys, "explain", str(SEED), "--url", "not a url")
    assert [line.removeprefix("warning: ") for line in table.splitlines() if line.startswith("warning: ")] == warnings


@pytest.mark.parametrize(("page", "model"), [(SEED, "text"), (HTML_PAGE, "HTML")], ids=["text", "html"])
def test_explain_score_is_a_probability_and_the_table_says_so(
    capsys: pytest.CaptureFixture[str], page: Path, model: str
) -> None:
    code, table, _ = _run(capsys, "explain", str(page))
    assert code == 0
    [legend] = [line for line in table.splitlines() if line.startswith("score:")]
    assert f"the {model} model's probability that the block is body" in legend
    code, out, _ = _run(capsys, "explain", str(page), "--json")
    blocks = json.loads(out)["blocks"]
    assert blocks and all(0.0 <= b["score"] <= 1.0 for b in blocks)
    assert len({b["score"] for b in blocks}) > 2  # probabilities, not only the 0/1 of decisions
    if model == "HTML":  # a block a rule decided enters the model as certain
        rule_ids = {rule.id for rule in RuleSet.default()}
        ruled = [b for b in blocks if b["reason"] in rule_ids]
        assert ruled and all(b["score"] == float(b["label"] == "body") for b in ruled)


# --- rules ---------------------------------------------------------------------------------


def test_rules_list_prints_the_builtin_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "rules", "list")
    assert code == 0
    listed = [line.split()[0] for line in out.strip().split("\n")[1:]]
    builtin = [rule.id for rule in RuleSet.default()]
    assert builtin and listed == builtin


def test_rules_check_example_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "rules", "check", str(EXAMPLE_RULES))
    assert code == 0, err
    assert "acme-news.toml" in out and "OK" in out


BROKEN = """
[[rules]]
id = "mine.unclosed-group"
kind = "promo"
pattern = "(Subscribe to"
action = "remove"
"""


def test_rules_check_broken_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken-rules.toml"
    path.write_text(BROKEN, encoding="utf-8")
    code, out, err = _run(capsys, "rules", "check", str(path))
    assert code == 1
    assert "broken-rules.toml" in err and "mine.unclosed-group" in err
    assert "Traceback" not in err and out == ""


def test_rules_check_failing_example(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "examples.toml"
    path.write_text(
        '[[rules]]\nid = "mine.promo"\nkind = "promo"\npattern = "^Subscribe to Acme"\n'
        'action = "remove"\nexamples = ["Join Acme today"]\n',
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "rules", "check", str(path))
    assert code == 1
    assert "examples.toml" in err and "mine.promo" in err and "Join Acme today" in err


def test_page_with_a_broken_rule_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "broken-rules.toml"
    path.write_text(BROKEN, encoding="utf-8")
    code, out, err = _run(capsys, str(SEED), "--rules", str(path))
    assert code == 1 and out == ""
    assert "broken-rules.toml" in err and "mine.unclosed-group" in err


def test_user_rule_removes_a_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, expected: str) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[rules]]\nid = "mine.drop-spokesman"\nkind = "other"\npattern = "^Pentagon spokesman"\naction = "remove"\n',
        encoding="utf-8",
    )
    code, out, _ = _run(capsys, str(SEED), "--rules", str(path))
    assert code == 0
    assert PENTAGON in expected and PENTAGON not in out
    assert out == expected.replace(PENTAGON + "\n\n", "") + "\n"
    code, out, _ = _run(capsys, str(SEED), "--rules", str(path), "--json")
    removed = {r["text"]: r["rule"] for r in json.loads(out)["removed"]}
    assert removed[PENTAGON] == "mine.drop-spokesman"


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("command", [[], ["explain"]], ids=["page", "explain"])
def test_missing_page_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(capsys, *command, "nosuch.html") == (
        2, "", "boilerstrip: nosuch.html: no such file (give a path, or - for standard input)\n"
    )


@pytest.mark.parametrize("command", [[], ["explain"]], ids=["page", "explain"])
def test_directory_page_points_to_batch(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    Path("my crawl").mkdir()
    code, out, err = _run(capsys, *command, "my crawl/")
    assert (code, out) == (2, "")
    assert err == "boilerstrip: my crawl/: is a directory; to clean every page in it use: boilerstrip batch 'my crawl/' -o OUT\n"


def test_unreadable_page_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("locked.html").write_text("<p>secret</p>")

    def denied(path: str, *args: object, **kwargs: object) -> object:
        raise PermissionError(errno.EACCES, "Permission denied", path)

    # permissions cannot be relied on to deny (root reads anything): the open itself fails
    monkeypatch.setattr(boilerstrip.cli, "open", denied, raising=False)
    assert _run(capsys, "locked.html") == (2, "", "boilerstrip: locked.html: permission denied (cannot read the page)\n")


def test_missing_rule_file_exits_1_with_a_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing-rules.toml"
    for argv in (["rules", "check", str(missing)], [str(SEED), "--rules", str(missing)]):
        code, out, err = _run(capsys, *argv)
        assert code == 1 and out == ""
        assert "missing-rules.toml" in err and err.count("\n") == 1
        assert "Traceback" not in err and "Errno" not in err


def test_binary_page_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    code, out, err = _run(capsys, str(path))
    assert code == 1 and out == ""
    assert err.startswith("boilerstrip: ") and "binary" in err


@pytest.mark.parametrize("argv", [[], ["--no-such-option", "page.txt"], ["rules"], ["rules", "frobnicate"]])
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "usage:" in capsys.readouterr().err
