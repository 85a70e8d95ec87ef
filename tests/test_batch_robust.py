"""Batch robustness (issue #16): a killed batch leaves no processes behind; damaged WARC records are errors.

The WARC files are built here, record by record (uncompressed, and gzip per record), with
made-up pages; the killed batch reads a generated JSON Lines file of made-up pages.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from boilerstrip import clean_many
from boilerstrip import sources as sources_module
from boilerstrip.cli import main
from boilerstrip.sources import Page, SourceError, iter_pages, iter_warc

# --- made-up WARC records --------------------------------------------------------------------


def _html(n: int) -> bytes:
    sentence = f"The council of Elmford met on day {n} and agreed the new budget for the town's schools. "
    return (
        f"<html><head><title>Elmford notice {n}</title></head><body><article><h1>Elmford notice {n}</h1>"
        f"<p>{sentence * 4}</p><p>{sentence * 3}</p></article></body></html>"
    ).encode()


def _record(n: int, *, record_type: str = "response", content_type: str = "text/html", body: bytes | None = None,
            length: int | None = None, http: bool = True) -> bytes:
    """One WARC record; ``length`` overrides the true Content-Length (to damage it)."""
    block = body if body is not None else _html(n)
    if http:
        block = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n".encode() + block
    header = (
        f"WARC/1.0\r\nWARC-Type: {record_type}\r\nWARC-Record-ID: <urn:uuid:test-{n}>\r\n"
        f"WARC-Target-URI: https://elmford.example/notice/{n}\r\nWARC-Date: 2024-03-0{n % 9 + 1}T08:00:00Z\r\n"
        f"Content-Type: application/http; msgtype={'request' if record_type == 'request' else 'response'}\r\n"
        f"Content-Length: {len(block) if length is None else length}\r\n\r\n"
    ).encode()
    return header + block + b"\r\n\r\n"


def _rid(n: int) -> str:
    return f"<urn:uuid:test-{n}>"


def _plain(records: list[bytes]) -> bytes:
    return b"".join(records)


def _per_record_gzip(records: list[bytes]) -> bytes:
    return b"".join(gzip.compress(r, mtime=0) for r in records)


PACKINGS: dict[str, Callable[[list[bytes]], bytes]] = {"warc": _plain, "warc.gz": _per_record_gzip}


@pytest.fixture(params=sorted(PACKINGS))
def packing(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _write(tmp_path: Path, packing: str, records: list[bytes], *, cut: int = 0) -> Path:
    """The records as a WARC file, the last one's last ``cut`` bytes cut off before packing."""
    if cut:
        records = [*records[:-1], records[-1][:-cut]]
    path = tmp_path / f"crawl.{packing}"
    path.write_bytes(PACKINGS[packing](records))
    return path


def _summary(pages: list[Page]) -> list[tuple[str, str | None]]:
    return [(p.id, p.error_type if p.error is not None else None) for p in pages]


# --- WARC: records cut short or with a wrong Content-Length ------------------------------------


def test_intact_warc_reads_every_page(tmp_path: Path, packing: str) -> None:
    path = _write(tmp_path, packing, [_record(1), _record(2), _record(3)])
    pages = list(iter_pages([path], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), None), (_rid(3), None)]
    assert pages[1].content == _html(2) and pages[1].url == "https://elmford.example/notice/2"


@pytest.mark.parametrize("cut", [60, 300])  # inside the last record's page, and inside its HTTP header
def test_last_record_cut_short_is_a_truncated_record(tmp_path: Path, packing: str, cut: int) -> None:
    path = _write(tmp_path, packing, [_record(1), _record(2), _record(3)], cut=cut)
    pages = list(iter_pages([path], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), None), (_rid(3), "TruncatedRecord")]
    last = pages[-1]
    assert last.url == "https://elmford.example/notice/3" and last.content == b""
    assert last.error is not None and str(path) in last.error and "cut short" in last.error
    # the default is to raise, naming the file and the record, after the good pages
    read: list[Page] = []
    with pytest.raises(SourceError, match=r"cut short") as info:
        read.extend(iter_warc(path))
    assert str(path) in str(info.value) and _rid(3) in str(info.value)
    assert [p.id for p in read] == [_rid(1), _rid(2)]


def test_record_cut_inside_its_warc_header(tmp_path: Path, packing: str) -> None:
    last = _record(3)
    path = _write(tmp_path, packing, [_record(1), _record(2), last], cut=len(last) - 40)
    pages = list(iter_pages([path], errors="record"))
    assert [p.id for p in pages[:2]] == [_rid(1), _rid(2)]
    assert len(pages) == 3 and pages[2].error_type == "TruncatedRecord"
    assert pages[2].id.startswith(f"{path.as_posix()}@")  # its WARC-Record-ID was cut off too


def test_content_length_past_the_end_of_the_file(tmp_path: Path, packing: str) -> None:
    path = _write(tmp_path, packing, [_record(1), _record(2), _record(3, length=100_000)])
    pages = list(iter_pages([path], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), None), (_rid(3), "TruncatedRecord")]
    assert "Content-Length is 100000" in (pages[-1].error or "")


@pytest.mark.parametrize("extra", [40, 700, 100_000])  # into the next header, past it, past the end of the file
def test_content_length_past_the_next_record_resynchronises(tmp_path: Path, packing: str, extra: int) -> None:
    true_length = len(_record(2)) - len(_record(2).split(b"\r\n\r\n", 1)[0]) - 8
    records = [_record(1), _record(2, length=true_length + extra), _record(3), _record(4)]
    pages = list(iter_pages([path := _write(tmp_path, packing, records)], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), "TruncatedRecord"), (_rid(3), None), (_rid(4), None)]
    assert "the next record starts" in (pages[1].error or "") and str(path) in (pages[1].error or "")
    assert pages[2].content == _html(3)


def test_content_length_short_of_the_record_end(tmp_path: Path, packing: str) -> None:
    records = [_record(1), _record(2, length=30), _record(3)]
    pages = list(iter_pages([_write(tmp_path, packing, records)], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), "MalformedRecord"), (_rid(3), None)]


def test_gzip_stream_cut_inside_the_last_record(tmp_path: Path) -> None:
    members = [gzip.compress(r, mtime=0) for r in (_record(1), _record(2), _record(3))]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(members[:2]) + members[2][:len(members[2]) // 2])
    pages = list(iter_pages([path], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), None), (_rid(3), "TruncatedRecord")]
    assert "gzip data is cut short" in (pages[-1].error or "")
    # cut between two members: nothing is known to be lost
    path.write_bytes(b"".join(members[:2]))
    assert _summary(list(iter_pages([path], errors="record"))) == [(_rid(1), None), (_rid(2), None)]
    # cut inside the gzip header of the third member: its record is lost, and said to be
    path.write_bytes(b"".join(members[:2]) + members[2][:6])
    pages = list(iter_pages([path], errors="record"))
    assert _summary(pages)[:2] == [(_rid(1), None), (_rid(2), None)] and len(pages) == 3
    assert pages[2].id.startswith(f"{path.as_posix()}@") and pages[2].error_type == "TruncatedRecord"


def test_data_after_a_record_makes_it_malformed_and_is_skipped(tmp_path: Path, packing: str) -> None:
    # a record's end must be followed by the next record: other data means its Content-Length
    # cannot be trusted (it may be too short), so the record is an error and reading goes on
    records = [_record(1), _record(2), b"this is no WARC record\r\n" * 3, _record(3)]
    pages = list(iter_pages([_write(tmp_path, packing, records)], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), "MalformedRecord"), (_rid(3), None)]


def test_no_warc_header_at_all(tmp_path: Path) -> None:
    path = tmp_path / "notes.warc"
    path.write_bytes(b"these are notes, not a WARC file\n" * 4)
    [page] = iter_warc(path, errors="record")
    assert page.id == f"{path.as_posix()}@0" and page.error_type == "MalformedRecord"
    with pytest.raises(SourceError, match="no WARC record header"):
        list(iter_warc(path))


def test_damaged_records_that_are_no_page_are_skipped(tmp_path: Path, packing: str) -> None:
    records = [
        _record(1, record_type="request", body=b"", length=5000),  # swallows the image and the page after it
        _record(2, content_type="image/png", body=b"\x89PNG" + bytes(300), length=90_000),
        _record(3),
    ]
    pages = list(iter_pages([_write(tmp_path, packing, records)], errors="record"))
    assert _summary(pages) == [(_rid(3), None)]


def test_a_warc_inside_a_well_framed_record_is_not_split(tmp_path: Path, packing: str) -> None:
    inner = _record(9).replace(b"text/html", b"text/plain")
    page = b"<html><body><article><p>An archived capture follows.</p><pre>\r\n" + inner + b"</pre></article></body></html>"
    pages = list(iter_pages([_write(tmp_path, packing, [_record(1, body=page), _record(2)])], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), None)]
    assert pages[0].content == page


def test_large_records_are_checked_without_being_held(tmp_path: Path, packing: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # every block counts as large: read through, then re-read (or scanned) only when needed
    monkeypatch.setattr(sources_module, "_MAX_BUFFERED_BLOCK", 64)
    monkeypatch.setattr(sources_module, "_PAGE_TYPES_PROBE", 80)
    true_length = len(_record(2)) - len(_record(2).split(b"\r\n\r\n", 1)[0]) - 8
    records = [
        _record(1), _record(5, content_type="image/png", body=bytes(500)),
        _record(2, length=true_length + 700), _record(3), _record(4, length=100_000),
    ]
    pages = list(iter_pages([_write(tmp_path, packing, records)], errors="record"))
    assert _summary(pages) == [(_rid(1), None), (_rid(2), "TruncatedRecord"), (_rid(3), None), (_rid(4), "TruncatedRecord")]
    assert [p.content for p in pages if p.error is None] == [_html(1), _html(3)]


# --- the batch: error records and exit status ------------------------------------------------


def test_batch_writes_error_records_and_exits_1(tmp_path: Path, packing: str, capsys: pytest.CaptureFixture[str]) -> None:
    true_length = len(_record(2)) - len(_record(2).split(b"\r\n\r\n", 1)[0]) - 8
    records = [_record(1), _record(2, length=true_length + 700), _record(3), _record(4)]
    path = _write(tmp_path, packing, records, cut=80)
    out = tmp_path / "out.jsonl"
    code = main(["batch", str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 1
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["error_type"]) for r in lines] == [
        (_rid(1), None), (_rid(2), "TruncatedRecord"), (_rid(3), None), (_rid(4), "TruncatedRecord"),
    ]
    assert lines[1]["url"] == "https://elmford.example/notice/2" and "cut short" in lines[1]["error"]
    assert lines[2]["headline"] == "Elmford notice 3"
    assert f"{_rid(4)}: TruncatedRecord: " in err
    assert "2 errors" in err


def test_error_type_survives_worker_processes(tmp_path: Path) -> None:
    path = _write(tmp_path, "warc.gz", [_record(1), _record(2), _record(3)], cut=60)
    results = list(clean_many(iter_pages([path], errors="record"), workers=2, chunksize=1))
    assert [(r.id, r.error_type) for r in results] == [(_rid(1), None), (_rid(2), None), (_rid(3), "TruncatedRecord")]


# --- a killed batch takes its processes with it ----------------------------------------------


def _processes() -> dict[int, tuple[int, str, str]]:
    """pid -> (parent pid, state, start time) of every process, from /proc."""
    table: dict[int, tuple[int, str, str]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        table[int(name)] = (int(fields[1]), fields[0], fields[19])
    return table


def _descendants(pid: int) -> dict[int, str]:
    """pid -> start time of every live descendant of ``pid``."""
    table = _processes()
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, state, started) in table.items():
            if ppid == parent and child not in found and state != "Z":
                found[child] = started
                todo.append(child)
    return found


def _still_running(processes: dict[int, str]) -> list[int]:
    table = _processes()
    # a zombie has ended; a pid whose start time changed is another process
    return [pid for pid, started in processes.items() if pid in table and table[pid][1] != "Z" and table[pid][2] == started]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process table from /proc")
def test_killed_batch_leaves_no_worker_or_forkserver_running(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    sentence = "The Elmford council met on Tuesday and agreed the new budget for the town's schools. "
    with open(corpus, "w", encoding="utf-8") as fh:
        for n in range(20_000):  # far more than the batch cleans before it is killed
            fh.write(json.dumps({"text": f"Notice {n}\n\n" + sentence * 8}) + "\n")
    out = tmp_path / "out.jsonl"
    batch = subprocess.Popen(
        [sys.executable, "-m", "boilerstrip", "batch", str(corpus), "-o", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    processes: dict[int, str] = {}
    try:
        deadline = time.monotonic() + 120
        # running: the fork server and both workers are up, and pages are coming back
        while time.monotonic() < deadline and batch.poll() is None:
            processes = _descendants(batch.pid)
            if len(processes) >= 3 and out.exists() and out.stat().st_size > 0:
                break
            time.sleep(0.05)
        assert batch.poll() is None, "the batch ended before it could be killed"
        assert len(processes) >= 3, f"no workers seen: {processes}"
        batch.send_signal(signal.SIGKILL)
        batch.wait(10)
        deadline = time.monotonic() + 15
        while _still_running(processes) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _still_running(processes) == [], "processes of the killed batch still running"
    finally:
        if batch.poll() is None:
            batch.kill()
            batch.wait()
        for pid in _still_running(processes):
            os.kill(pid, signal.SIGKILL)
