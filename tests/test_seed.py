"""The seed page returns exactly what ../shared/seed-expected.json says (copied here as data)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from boilerstrip import Article, clean

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt"

HEADLINE = "Exodus of ISIS Foreign Fighters Continues Despite Airstrikes"
CAPTION = (
    "(Photo : REUTERS/Kai Pfaffenbach) Smoke and dust rise over Syrian town of Kobani after an airstrike, "
    "as seen from the Mursitpinar crossing on the Turkish-Syrian border in the southeastern town of Suruc "
    "in Sanliurfa province October 23, 2014."
)
FIRST = "About one thousand foreign fighters are believed to join the twin conflicts in Syria and Iraq"
LAST = "Experts are concerned that these militants carry passports that would allow them to travel back to their countries to launch domestic terrorism."
CHROME = {
    "CHINA TOPIX": "masthead",
    "Make CT Your Homepage": "promo",
    "Like Us on Facebook": "social",
    "Real Time Analytics": "analytics",
}


@pytest.fixture(scope="module")
def article() -> Article:
    return clean(SEED.read_text(encoding="utf-8"))


def test_headline(article: Article) -> None:
    assert article.headline == HEADLINE


def test_timestamp(article: Article) -> None:
    assert article.timestamp == datetime(2024, 4, 19, 16, 19, 49)
    assert article.timestamp_text == "04/19/2024 04:19:49 pm"


def test_caption_with_credit(article: Article) -> None:
    assert len(article.captions) == 1
    caption = article.captions[0]
    assert caption.text == CAPTION
    assert caption.credit == "REUTERS/Kai Pfaffenbach"
    # the photo's title line belongs to the caption, never to the headline or the body
    assert caption.title == "ISIS in Kobani"


def test_body_paragraphs(article: Article) -> None:
    assert len(article.paragraphs) == 11
    assert article.paragraphs[0].startswith(FIRST)
    assert article.paragraphs[-1].endswith(LAST)
    assert all(p == p.strip() for p in article.paragraphs)
    assert "Like Us on Facebook" not in article.body
    assert "Kobani" not in article.body  # the caption and the photo title stay out
    assert article.body == "\n\n".join(article.paragraphs) == str(article)


def test_chrome_reported_with_kind_and_rule(article: Article) -> None:
    removed = {r.text: r for r in article.removed}
    assert set(removed) == set(CHROME)
    for text, kind in CHROME.items():
        assert removed[text].kind == kind, text
        assert removed[text].rule, text


def test_seed_in_bytes_and_crlf_gives_the_same_article(article: Article) -> None:
    raw = SEED.read_text(encoding="utf-8")
    assert clean(raw.encode("utf-8")) == article
    assert clean(raw.replace("\n", "\r\n")) == article
