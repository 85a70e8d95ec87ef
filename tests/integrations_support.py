"""What the Scrapy, datatrove and LangChain tests share: the fixture pages and their URLs."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACME_PAGE = ROOT / "fixtures" / "rules" / "acme-news.html"
ACME_RULES = ROOT / "examples" / "acme-news.toml"
ACME_URL = "https://www.acme-news.example/springfield/2024/03/03/riverbank"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
"""Binary data: clean() raises NotTextError on it."""


@dataclass(frozen=True)
class FixturePage:
    name: str
    url: str
    body: bytes


def fixture_pages() -> list[FixturePage]:
    """The real pages of ``fixtures/html``, with the URL each was crawled from."""
    pages = []
    for path in sorted((ROOT / "fixtures" / "html").glob("*.html")):
        url = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))["url"]
        pages.append(FixturePage(path.stem, url, path.read_bytes()))
    return pages
