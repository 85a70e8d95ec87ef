"""The explain report (``boilerstrip.report.explain_html``): every block once, in order, its
decision on hover, removed text shaded by kind, the fields marked; text escaped; and what a
real browser draws of it."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerstrip import Cleaner
from boilerstrip.blocks import Label
from boilerstrip.report import _PALETTE, _shade, explain_html

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt"
PAGES = [SEED, *sorted((ROOT / "fixtures" / "html").glob("*.html"))]


def _report(path: Path) -> tuple[str, list]:
    article, blocks = Cleaner().explain(path.read_bytes())
    return explain_html(article, blocks, title=path.name), blocks


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_every_block_once_in_order_with_its_decision(path: Path) -> None:
    page, blocks = _report(path)
    tree = lxml.html.document_fromstring(page)
    shown = tree.xpath('//div[contains(concat(" ", @class, " "), " block ")]')
    assert len(shown) == len(blocks)
    for div, block in zip(shown, blocks):
        badge = div.xpath('./span[@class="badge"]')
        text = div.text_content()
        if badge:
            text = text[len(badge[0].text_content()):]
        assert text == block.text
        classes = div.get("class").split()
        title = div.get("title")
        assert block.reason in title if block.reason else True
        assert f"score {block.score:.2f}" in title
        if block.label is Label.CHROME:
            kind = block.kind or "boilerplate"
            assert "removed" in classes and title.startswith(f"removed: {kind}")
            assert badge and badge[0].text_content() == kind
        elif block.label is Label.BODY:
            assert "body" in classes and title.startswith("kept")
        elif block.label in (Label.HEADLINE, Label.TIMESTAMP, Label.CAPTION, Label.BYLINE):
            assert "field" in classes and badge[0].text_content() == block.label.value
    assert not tree.xpath("//script | //link | //img | //iframe"), "the report is self-contained"


def test_the_seed_report_shows_its_fields_and_kinds() -> None:
    page, blocks = _report(SEED)
    tree = lxml.html.document_fromstring(page)
    fields = dict(zip(tree.xpath("//dt/text()"), tree.xpath("//dd/text()")))
    assert fields["headline"] == "Exodus of ISIS Foreign Fighters Continues Despite Airstrikes"
    assert fields["timestamp"].startswith("2024-04-19T16:19:49")
    legend = " ".join(tree.xpath('//p[@class="legend"]/span/text()'))
    for kind in ("social", "analytics", "promo", "masthead"):
        assert f"{kind} (" in legend
    # each kind's shade is in the style sheet, on that kind's class
    style = tree.xpath("//style/text()")[0]
    assert f".k-social {{ background: {_shade('social')}; }}" in style


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("ab <>&\"'/=script iframe")), min_size=1, max_size=40), min_size=1, max_size=8))
def test_the_page_text_never_becomes_markup(lines: list[str]) -> None:
    article, blocks = Cleaner().explain("\n\n".join(lines), input="text")
    tree = lxml.html.document_fromstring(explain_html(article, blocks, title="<b>x</b>"))
    assert not tree.xpath("//script | //iframe | //b")
    assert len(tree.xpath('//div[contains(concat(" ", @class, " "), " block ")]')) == len(blocks)


# --- what a browser draws -------------------------------------------------------------------

_BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None)


def _png_pixels(data: bytes) -> set[tuple[int, int, int]]:
    """The distinct colours of an 8-bit RGB or RGBA, non-interlaced PNG (what Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and colour in (2, 6) and interlace == 0
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        colours.update(tuple(line[x:x + 3]) for x in range(0, stride, channels))
        previous = line
    return colours


def _rgb(shade: str) -> tuple[int, int, int]:
    return int(shade[1:3], 16), int(shade[3:5], 16), int(shade[5:7], 16)


@pytest.mark.skipif(_BROWSER is None, reason="no Chromium or Chrome installed (Debian: apt install chromium)")
def test_a_browser_draws_the_removed_kinds_in_their_shades(tmp_path: Path) -> None:
    page, _ = _report(SEED)
    report = tmp_path / "report.html"
    report.write_text(page, encoding="utf-8")
    shot = tmp_path / "shot.png"
    assert _BROWSER is not None
    subprocess.run(
        [_BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--screenshot={shot}", "--window-size=900,1400", report.as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    colours = _png_pixels(shot.read_bytes())
    for kind in ("social", "analytics", "promo", "masthead"):
        assert _rgb(_shade(kind)) in colours, f"the {kind} shade is not on screen"
    assert (255, 255, 255) in colours and len(colours) > 20  # a page with text on it, not a blank
    unused = [s for s in _PALETTE if s not in {_shade(k) for k in ("social", "analytics", "promo", "masthead", "boilerplate", "navigation")}]
    assert any(_rgb(s) not in colours for s in unused), "every shade on screen: the check would pass on anything"


def test_explain_writes_the_report_and_says_when_it_cannot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from boilerstrip.cli import main

    report = tmp_path / "report.html"
    assert main(["explain", str(SEED), "--html", str(report)]) == 0
    assert "decision" in capsys.readouterr().out  # the table is still printed
    article, blocks = Cleaner().explain(SEED.read_bytes())
    assert report.read_text(encoding="utf-8") == explain_html(article, blocks, title=str(SEED))
    assert main(["explain", str(SEED), "--html", str(tmp_path / "nosuch" / "r.html")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "r.html: cannot write: its directory does not exist" in err
