"""The stopword lists and compiled patterns kept on disk between processes (#19)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from boilerstrip._codecache import ENV, Memo, cache_dir


def test_the_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    assert cache_dir() == tmp_path
    monkeypatch.setenv(ENV, "")
    assert cache_dir() is None
    monkeypatch.delenv(ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "boilerstrip"


def test_a_cache_path_that_is_a_file_is_not_an_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(ENV, str(blocker / "cache"))
    memo = Memo("t", b"k")
    memo.put("a", 1)
    memo.save()  # (cannot write: ignored)
    assert memo.get("a") == 1


def test_a_memo_keeps_marshalable_results_between_instances(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV, str(tmp_path))
    memo = Memo("guards", b"v1", limit=2)
    memo.put(("first", "pattern", True), (frozenset({"a"}), frozenset()))
    memo.put(("last", "x"), None)
    memo.put(("last", "y"), None)  # past the limit: not kept
    memo.save()
    again = Memo("guards", b"v1")
    assert again.get(("first", "pattern", True)) == (frozenset({"a"}), frozenset())
    assert again.get(("last", "x"), "missing") is None
    assert again.get(("last", "y"), "missing") == "missing"
    # another key (the analysing code changed) starts empty
    assert Memo("guards", b"v2").get(("last", "x"), "missing") == "missing"


def test_a_fresh_process_reads_what_was_kept(tmp_path: Path) -> None:
    """Two fresh processes clean the same page alike; the second finds everything kept."""
    env = {**os.environ, ENV: str(tmp_path)}
    code = (
        "import boilerstrip; a = boilerstrip.clean('<html><body><nav><a href=\"/\">Home</a></nav><article><h1>Budget</h1>"
        + "".join(f"<p>The council met on {day} and agreed the budget for the schools of the town after a long debate.</p>"
                  for day in ("Monday", "Tuesday", "Friday"))
        + "</article></body></html>'); print(len(a.paragraphs), a.page_type)"
    )
    outputs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout for _ in range(2)]
    assert outputs[0] == outputs[1] and outputs[0].split()[0] == "3"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names
    # The models' code and the built-in rules' guards ship in the package.
    assert not any(n.endswith((".code", ".rule-guards.marshal")) for n in names)


def test_stoplists_are_kept_and_read_back(tmp_path: Path) -> None:
    """The sets and the language index are built from stopwordsiso once; a later process
    reads the same values from the cache without asking stopwordsiso (made unusable there)."""
    code = (
        "import sys, marshal, stopwordsiso; from boilerstrip import stoplists\n"
        "if sys.argv[1] == 'again': stopwordsiso.stopwords = stopwordsiso.has_lang = None\n"
        "de = stoplists.stopwords('de-AT'); index = stoplists.stopword_owners()\n"
        "print(stoplists.guess_language('der Hund ist nicht hier'.split())); sys.stdout.flush()\n"
        "sys.stdout.buffer.write(marshal.dumps((de, index)))"
    )
    env = {**os.environ, ENV: str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code, arg], env=env, capture_output=True, check=True).stdout.split(b"\n", 1)
        for arg in ("first", "again")
    ]
    assert [head for head, _ in runs] == [b"de", b"de"]
    import marshal

    import stopwordsiso

    values = [marshal.loads(body) for _, body in runs]
    assert values[0] == values[1]
    assert values[0][0] == frozenset(w.lower() for w in stopwordsiso.stopwords("de"))
