"""The examples of ``docs/integrations_readme_section.md`` run as written, from the repository root.

That file is the README's section on the Scrapy, datatrove and LangChain integrations. Each
```` ```python ```` block is a script: it runs in a fresh interpreter whose working directory
is the repository root, as if pasted into a file there; the ```` ```text ```` block after one
is what it must print. A block is skipped only when its integration's extra is missing (the
test extra installs them all).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "integrations_readme_section.md"

SECTIONS = {"Scrapy": ("scrapy", 2), "datatrove": ("datatrove", 1), "LangChain": ("langchain_core", 1)}
"""Each ``### `` section: the package its examples need, and how many examples it has (so that
one cannot drop out of the test unnoticed, by a misspelt fence, say)."""

_BLOCK = re.compile(r"^```python\n(?P<code>.*?)^```\n(?:\s*^```text\n(?P<output>.*?)^```$)?", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Example:
    section: str
    line: int
    """The line of the opening fence (1-based)."""
    code: str
    output: str | None


def _examples() -> list[Example]:
    text = DOC.read_text(encoding="utf-8")
    found = []
    for section in SECTIONS:
        start = text.index(f"\n### {section}\n")
        end = text.find("\n### ", start + 1)
        for match in _BLOCK.finditer(text, start, len(text) if end == -1 else end):
            found.append(Example(section, text.count("\n", 0, match.start()) + 1, match["code"], match["output"]))
    return found


EXAMPLES = _examples()


def test_every_example_is_found() -> None:
    assert len(re.findall(r"^```\s*py", DOC.read_text(encoding="utf-8"), re.MULTILINE)) == len(EXAMPLES)
    assert {s: sum(e.section == s for e in EXAMPLES) for s in SECTIONS} == {s: n for s, (_, n) in SECTIONS.items()}


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{e.section}:{e.line}" for e in EXAMPLES])
def test_the_example_runs_as_written(example: Example, tmp_path: Path) -> None:
    package = SECTIONS[example.section][0]
    if importlib.util.find_spec(package) is None:
        pytest.skip(f"the {example.section} extra is missing: pip install -e '.[test]' installs it")
    script = tmp_path / f"example_line_{example.line}.py"
    script.write_text(example.code, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    where = f"{DOC.relative_to(ROOT)}:{example.line}"
    assert run.returncode == 0, f"{where} failed:\n{run.stderr[-5000:]}"
    if example.output is not None:
        assert run.stdout.splitlines() == example.output.splitlines(), f"{where} printed something else:\n{run.stdout}"
