"""The command line: ``boilerstrip PAGE [--json|--explain]``, ``explain PAGE``, ``rules list|check``."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from boilerstrip import Cleaner, clean
from boilerstrip.cli import main
from boilerstrip.rules import RuleSet

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt"
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


def _rows(out: str) -> list[list[str]]:
    lines = out.rstrip("\n").split("\n")
    header, rows = lines[0], lines[1:]
    assert "decision" in header and "kind" in header and "rule" in header
    return [row.split(maxsplit=6) for row in rows if not row.startswith("warning:")]


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


def test_empty_page_prints_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert _run(capsys, str(empty)) == (0, "", "")


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


@pytest.mark.parametrize(
    "argv",
    [["missing-page.txt"], ["explain", "missing-page.txt"], ["rules", "check", "missing-page.txt"]],
    ids=["page", "explain", "rules-check"],
)
def test_missing_file_exits_1_with_a_message(capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]) -> None:
    argv = [str(tmp_path / a) if a == "missing-page.txt" else a for a in argv]
    code, out, err = _run(capsys, *argv)
    assert code == 1 and out == ""
    assert "missing-page.txt" in err
    assert "Traceback" not in err


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
