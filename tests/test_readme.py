"""The README's examples run as written, from the repository root.

- Every ```` ```python ```` block is a script: it runs in a fresh interpreter whose working
  directory is the repository root, as if pasted into a file there (so the
  ``if __name__ == "__main__":`` of a multiprocessing example matters, as it does for a user).
  When a ```` ```text ```` block follows it, that is what the script must print.
- A block that cannot run in a test is marked ``<!-- not run: why -->`` on the line before its
  fence; :data:`NOT_RUN` counts them, so one cannot be added silently (there are none).
- Interactive sessions (``>>>``, in ```` ```pycon ```` blocks) run as doctests.
- The ``clean_many`` example type-checks under ``mypy --strict``, ``result.article.headline``
  included.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

PYTHON_BLOCKS = 17
"""How many ```python blocks the README has: change it with the README, so that a block
cannot drop out of the test unnoticed (a misspelt fence, a parsing slip)."""

NOT_RUN = 0
"""How many of them are marked ``<!-- not run: ... -->``."""

_NOT_RUN = re.compile(r"<!--\s*not run:\s*(?P<why>.+?)\s*-->")
_ANY_PYTHON_FENCE = re.compile(r"^\s*(```|~~~)\s*py(thon)?3?\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Block:
    line: int
    """The line of the opening fence (1-based)."""
    code: str
    output: str | None
    """The ```text block that follows it: what it prints."""
    not_run: str | None
    """Why it is not run, from its ``<!-- not run: ... -->`` mark."""

    @property
    def needs(self) -> list[str]:
        """The optional packages (extras) the block imports."""
        return [name for name in ("pyspark", "dask", "distributed", "warcio", "scrapy", "datatrove", "langchain_core") if re.search(rf"\b(from|import) {name}\b", self.code)]


def _fence(lines: list[str], start: int) -> tuple[str, int]:
    """The body of the fenced block opening at ``start``, and the index after its closing fence."""
    end = start + 1
    while end < len(lines) and lines[end].strip() != "```":
        end += 1
    assert end < len(lines), f"README.md:{start + 1}: the block is never closed"
    return "".join(line + "\n" for line in lines[start + 1 : end]), end + 1


def _python_blocks() -> list[Block]:
    lines = README.read_text(encoding="utf-8").splitlines()
    blocks = []
    index = 0
    while index < len(lines):
        if lines[index].strip() != "```python":
            index += 1
            continue
        start = index
        code, index = _fence(lines, start)
        before = start - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        mark = _NOT_RUN.search(lines[before]) if before >= 0 else None
        after = index
        while after < len(lines) and not lines[after].strip():
            after += 1
        output = None
        if after < len(lines) and lines[after].strip() == "```text":
            output, index = _fence(lines, after)
        blocks.append(Block(start + 1, code, output, mark.group("why") if mark else None))
    return blocks


BLOCKS = _python_blocks()


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").is_file():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def test_every_python_block_is_found() -> None:
    text = README.read_text(encoding="utf-8")
    assert len(_ANY_PYTHON_FENCE.findall(text)) == len(BLOCKS), "a Python fence the parser does not read as ```python"
    assert len(BLOCKS) == PYTHON_BLOCKS
    assert sum(block.not_run is not None for block in BLOCKS) == NOT_RUN
    for block in BLOCKS:
        # sessions belong in ```pycon blocks, where the doctest below runs them
        assert ">>> " not in block.code, f"README.md:{block.line}: a >>> session in a ```python block"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README.md:{block.line}" for block in BLOCKS])
def test_python_block_runs_as_written(block: Block, tmp_path: Path) -> None:
    if block.not_run is not None:
        pytest.skip(f"README.md:{block.line} is marked not run: {block.not_run}")
    missing = [name for name in block.needs if importlib.util.find_spec(name) is None]
    if missing:
        pytest.fail(
            f"README.md:{block.line} needs {', '.join(missing)}, an optional extra: "
            "pip install -e '.[test]' installs them all"
        )
    env = dict(os.environ)
    if "pyspark" in block.needs:
        if _java() is None:
            # as in tests/test_spark.py: the one reason a Spark test may skip
            pytest.skip("Java is absent: the Spark example needs a Java runtime (17 or 21) on the PATH or in JAVA_HOME")
        env.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # as tests/test_spark.py: no lookup of the host's name
    script = tmp_path / f"readme_line_{block.line}.py"
    script.write_text(block.code, encoding="utf-8")
    # the timeout only guards against a hang; Spark's JVM takes most of a minute to start
    run = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False
    )
    assert run.returncode == 0, f"README.md:{block.line} failed:\n{run.stderr[-5000:]}"
    if block.output is not None:
        assert [line.rstrip() for line in run.stdout.splitlines()] == block.output.splitlines(), (
            f"README.md:{block.line} printed something else than the README shows"
        )


def test_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples open files by their path in the repository
    result = doctest.testfile(
        str(README),
        module_relative=False,
        globs={},  # the sessions import what they use
        optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS,
        raise_on_error=False,
    )
    assert result.attempted >= 5
    assert result.failed == 0


# --- types ---------------------------------------------------------------------------------


def _mypy_strict(tmp_path: Path, source: str) -> tuple[int, str]:
    if importlib.util.find_spec("mypy") is None:
        pytest.fail("mypy is missing: pip install -e '.[test]' (the test extra includes it)")
    from mypy import api

    snippet = tmp_path / "snippet.py"
    snippet.write_text(source, encoding="utf-8")
    stdout, stderr, status = api.run([
        "--strict",
        "--config-file", str(ROOT / "pyproject.toml"),
        "--cache-dir", str(tmp_path / "mypy-cache"),
        # judge the snippet; boilerstrip's own modules are checked by `mypy --strict src/boilerstrip`
        "--follow-imports", "silent",
        str(snippet),
    ])
    return status, stdout + stderr


def test_the_clean_many_example_type_checks(tmp_path: Path) -> None:
    [example] = [block for block in BLOCKS if "clean_many(" in block.code and "result.ok" in block.code]
    assert "result.article.headline" in example.code  # the access the narrowing is for
    status, report = _mypy_strict(tmp_path, example.code)
    assert status == 0, report


def test_mypy_does_see_a_result_that_was_not_narrowed(tmp_path: Path) -> None:
    # the control: a plain Result keeps `article: Article | None`, so the same access is an
    # error; the example passes because clean_many's results narrow, not because mypy sees Any
    status, report = _mypy_strict(tmp_path, (
        "from boilerstrip import Result\n\n\n"
        "def headline(result: Result) -> str | None:\n"
        "    if result.ok:\n"
        "        return result.article.headline\n"
        "    return None\n"
    ))
    assert status == 1
    assert 'Item "None" of "Article | None" has no attribute "headline"' in report, report
