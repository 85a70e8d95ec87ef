"""``clean_many`` and ``clean_record``: order, failures as results, laziness, bounded work in flight,
the two kinds of result, and a script without the ``if __name__ == "__main__":`` guard.

Pages are the real pages of ``fixtures/html`` and ``fixtures/articles`` (sources and licences
in their SOURCES.md), plus generated pages where a test needs many.
"""

from __future__ import annotations

import itertools
import json
import os
import pickle
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

import boilerstrip
from boilerstrip import Cleaner, Page, Result, Rule, clean, clean_many
from boilerstrip import batch as batch_module
from boilerstrip.batch import (
    MARKDOWN_KEY,
    NO_MAIN_GUARD_EXIT,
    RECORD_KEYS,
    Cleaned,
    Failed,
    MissingMainGuardError,
    clean_record,
    max_in_flight,
)
from boilerstrip.errors import OptionError, OptionTypeError
from boilerstrip.sources import SourceError

ROOT = Path(__file__).resolve().parent.parent
HTML_PAGES = sorted((ROOT / "fixtures" / "html").glob("*.html"))
TEXT_PAGES = sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
PROSE = "The council met on Tuesday and agreed the new budget for the schools of the town. "


def _page(i: int) -> str:
    return f"<html><body><h1>Report number {i}</h1><p>{PROSE * (1 + i % 3)}</p></body></html>"


def _endless() -> Iterator[str]:
    for i in itertools.count():
        yield _page(i)


class Counting:
    """An iterable that counts how many items were taken from it."""

    def __init__(self, items: Iterator[object]) -> None:
        self.items = items
        self.taken = 0

    def __iter__(self) -> Iterator[object]:
        for item in self.items:
            self.taken += 1
            yield item


# --- order and results ---------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_results_come_in_input_order_and_match_clean(workers: int) -> None:
    # big and tiny pages interleaved, one per chunk, so workers finish out of order
    contents: list[str | bytes] = []
    for html, text in zip(HTML_PAGES, TEXT_PAGES):
        contents += [html.read_bytes(), "Short line only.", text.read_text(encoding="utf-8")]
    pages = [Page(f"p{i}", c, url=f"https://example.org/{i}") for i, c in enumerate(contents)]
    results = list(clean_many(pages, workers=workers, chunksize=1))
    assert [r.id for r in results] == [p.id for p in pages]
    assert [r.url for r in results] == [p.url for p in pages]
    assert [r.article for r in results] == [clean(p.content, url=p.url) for p in pages]


def test_plain_pages_get_their_position_as_id() -> None:
    results = list(clean_many([_page(0), _page(1).encode("utf-8")]))
    assert [(r.id, r.url, r.date, r.ok) for r in results] == [("0", None, None, True), ("1", None, None, True)]
    assert results[1].article == clean(_page(1))


@pytest.mark.parametrize("workers", [1, 2])
def test_failing_pages_become_error_results_and_the_batch_goes_on(workers: int) -> None:
    pages: list[object] = [
        _page(0),
        12345,                                         # not a page at all
        b"\x00\x01\x02\x03" * 200,                     # binary
        Page("gone", b"", source="x", error="x: cannot read: No such file or directory"),
        _page(4),
    ]
    results = list(clean_many(pages, workers=workers, chunksize=2, max_bytes=10_000))  # type: ignore[arg-type]
    assert [r.id for r in results] == ["0", "1", "2", "gone", "4"]
    assert [r.error_type for r in results] == [None, "InputTypeError", "NotTextError", "SourceError", None]
    assert results[1].error and "int" in results[1].error
    assert results[3].error == "x: cannot read: No such file or directory"
    assert results[4].article == clean(_page(4))
    too_big = list(clean_many(["<p>" + "word " * 5000 + "</p>"], workers=workers, max_bytes=1000))
    assert too_big[0].error_type == "InputTooLarge"


def test_an_unexpected_exception_is_captured_too(monkeypatch: pytest.MonkeyPatch) -> None:
    real = Cleaner.clean

    def flaky(self: Cleaner, page: str | bytes, **kwargs: object) -> object:
        if "explode" in str(page):
            raise RuntimeError("something deep went wrong")
        return real(self, page, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Cleaner, "clean", flaky)
    results = list(clean_many([_page(0), "please explode", _page(2)]))
    assert [r.error_type for r in results] == [None, "RuntimeError", None]
    assert results[1].error == "something deep went wrong" and results[1].article is None


def test_the_page_url_reaches_the_cleaner_in_worker_processes() -> None:
    rule = Rule(id="acme.promo", kind="advert", pattern="^Subscribe to Acme Daily", sites=("acme.example",))
    body = f"Subscribe to Acme Daily for more\n\n{PROSE * 3}"
    pages = [Page("acme", body, url="https://acme.example/a"), Page("other", body, url="https://other.example/a")]
    results = list(clean_many(pages, workers=2, chunksize=1, rules=[rule]))
    assert [r.id for r in results] == ["acme", "other"]
    acme, other = (r.article for r in results)
    assert acme is not None and other is not None
    assert "acme.promo" in [r.rule for r in acme.removed]
    assert "acme.promo" not in [r.rule for r in other.removed]


# --- streaming -----------------------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_an_endless_input_is_read_lazily(workers: int) -> None:
    source = Counting(_endless())
    results = list(itertools.islice(clean_many(source, workers=workers, chunksize=3), 10))
    assert [r.id for r in results] == [str(i) for i in range(10)]
    assert all(r.ok for r in results)
    assert source.taken <= 10 + max_in_flight(workers, 3)


@pytest.mark.parametrize(("workers", "chunksize"), [(1, 8), (2, 1), (2, 5)])
def test_pages_in_flight_stay_bounded(workers: int, chunksize: int) -> None:
    source = Counting(iter([_page(i) for i in range(60)]))
    bound = max_in_flight(workers, chunksize)
    ahead = []
    for done, _ in enumerate(clean_many(source, workers=workers, chunksize=chunksize), start=1):
        ahead.append(source.taken - done)
    assert len(ahead) == 60
    assert max(ahead) <= bound
    if workers > 1:
        assert bound == workers * 2 * chunksize
        assert max(ahead) > 0  # it does read ahead, to keep the workers busy


def test_stopping_early_shuts_the_workers_down() -> None:
    results = clean_many(_endless(), workers=2, chunksize=2)
    assert next(results).ok
    results.close()  # runs the pool's shutdown; must return, not hang
    with pytest.raises(StopIteration):
        next(results)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_input_raises_after_the_pages_read_before_it(workers: int) -> None:
    def five_then_broken() -> Iterator[str]:
        for i in range(5):
            yield _page(i)
        raise SourceError("crawl.jsonl: cannot read: disk gone")

    seen = []
    with pytest.raises(SourceError, match="disk gone"):
        for result in clean_many(five_then_broken(), workers=workers, chunksize=2):
            seen.append(result.id)
    assert seen == ["0", "1", "2", "3", "4"]


class _KillsItsWorker:
    """Unpickled in a worker process, it ends that process: a crash no try/except can catch."""

    def __reduce__(self) -> tuple[object, tuple[int]]:
        return (os._exit, (1,))


def test_a_dead_worker_fails_only_its_page_and_the_batch_goes_on() -> None:
    pages: list[object] = [_page(0), _KillsItsWorker(), *(_page(i) for i in range(2, 12))]
    results = list(clean_many(pages, workers=2, chunksize=2))  # type: ignore[arg-type]
    assert [r.id for r in results] == [str(i) for i in range(12)]
    # the pages in flight with it were cleaned again, each alone; only the culprit fails
    assert [r.id for r in results if not r.ok] == ["1"]
    assert results[1].error_type == "WorkerError" and "stopped" in (results[1].error or "")
    assert [r.article for r in results[2:]] == [clean(_page(i)) for i in range(2, 12)]


# --- options -------------------------------------------------------------------------------


def _must_not_be_read() -> Iterator[str]:
    raise AssertionError("the input was read before the options were checked")
    yield ""  # pragma: no cover


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"favor": "most"}, ValueError),
        ({"fast": True}, TypeError),
        ({"language": 3}, TypeError),
        ({"input": "pdf"}, ValueError),
        ({"rules": "not rules"}, TypeError),
        ({"workers": 0}, ValueError),
        ({"chunksize": 0}, ValueError),
    ],
)
def test_invalid_options_fail_fast_in_the_caller(options: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        clean_many(_must_not_be_read(), **options)  # type: ignore[arg-type]


def test_one_cleaner_per_set_of_options(monkeypatch: pytest.MonkeyPatch) -> None:
    built = []
    real_init = Cleaner.__init__

    def counting_init(self: Cleaner, **kwargs: object) -> None:
        built.append(kwargs)
        real_init(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Cleaner, "__init__", counting_init)
    monkeypatch.setattr(batch_module, "_CLEANERS", {})
    list(clean_many([_page(i) for i in range(20)], favor="precision"))
    list(clean_many([_page(i) for i in range(5)], favor="precision"))
    assert built == [{"favor": "precision"}]
    # a worker's initializer builds it once; its chunks reuse it
    batch_module._init_worker({"favor": "recall"}, {})
    first = batch_module._work([(0, _page(0))])
    batch_module._work([(1, _page(1)), (2, _page(2))])
    assert built == [{"favor": "precision"}, {"favor": "recall"}]
    assert first[0].article == clean(_page(0), favor="recall")


# --- records -------------------------------------------------------------------------------


def test_records_have_one_schema_and_are_json_safe() -> None:
    ok, bad = clean_many([Page("a", HTML_PAGES[0].read_bytes(), url="https://example.org/a", date="2024-05-01"), 7])  # type: ignore[list-item]
    good = ok.to_record()
    assert tuple(good) == RECORD_KEYS
    assert tuple(bad.to_record()) == RECORD_KEYS
    assert ok.article is not None
    assert {k: good[k] for k in ok.article.to_dict()} == ok.article.to_dict()
    assert (good["id"], good["url"], good["date"], good["error"]) == ("a", "https://example.org/a", "2024-05-01", None)
    record = bad.to_record()
    assert record["error_type"] == "InputTypeError" and record["body"] is None and record["id"] == "1"
    assert json.loads(json.dumps([good, record])) == [good, record]


def test_clean_record_takes_pages_strings_and_bytes() -> None:
    text = TEXT_PAGES[0].read_text(encoding="utf-8")
    from_page = clean_record(Page("doc", text, url="https://example.org/doc", date="d"))
    assert (from_page["id"], from_page["url"], from_page["date"]) == ("doc", "https://example.org/doc", "d")
    assert from_page["body"] == clean(text, url="https://example.org/doc").body
    assert clean_record(text)["body"] == clean(text).body
    assert clean_record(text.encode("utf-8"), favor="precision")["body"] == clean(text, favor="precision").body
    assert clean_record(b"\x00\x01\x02\x03" * 200)["error_type"] == "NotTextError"


def test_clean_record_reuses_a_given_cleaner() -> None:
    cleaner = Cleaner(favor="recall")
    text = TEXT_PAGES[1].read_text(encoding="utf-8")
    assert clean_record(text, cleaner=cleaner, language="en")["body"] == cleaner.clean(text, language="en").body
    with pytest.raises(TypeError, match="belong to the Cleaner"):
        clean_record(text, cleaner=cleaner, favor="precision")
    with pytest.raises(TypeError, match="unknown option"):
        clean_record(text, colour="blue")


def test_records_carry_markdown_only_when_asked() -> None:
    html = HTML_PAGES[0].read_bytes()  # article-foldcut: its text has links
    article = clean(html)
    assert article.to_markdown(links=True) != article.to_markdown()
    ok, bad = clean_many([html, b"\x00\x01\x02\x03" * 200])
    for markdown in (None, False):
        assert tuple(ok.to_record(markdown=markdown)) == RECORD_KEYS
        assert tuple(clean_record(html, markdown=markdown)) == RECORD_KEYS
    asked: list[tuple[object, dict[str, bool]]] = [(True, {}), ({"links": True}, {"links": True}), ({"links": True, "images": False}, {"links": True})]
    for markdown, options in asked:
        record = ok.to_record(markdown=markdown)
        assert tuple(record) == (*RECORD_KEYS, MARKDOWN_KEY)
        assert record[MARKDOWN_KEY] == article.to_markdown(**options)
        assert clean_record(html, markdown=markdown) == record
        failed = bad.to_record(markdown=markdown)
        assert tuple(failed) == (*RECORD_KEYS, MARKDOWN_KEY) and failed[MARKDOWN_KEY] is None
        assert failed["error_type"] == "NotTextError"


@pytest.mark.parametrize("markdown", ["yes", 1, ["links"], {"link": True}, {"links": "yes"}])
def test_a_bad_markdown_option_raises_before_the_page_is_cleaned(markdown: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch_module, "_clean_one", lambda *args: pytest.fail("the page was cleaned"))
    with pytest.raises(OptionTypeError, match="markdown") as caught:
        clean_record("Some text.", markdown=markdown)  # type: ignore[arg-type]
    assert isinstance(caught.value, OptionError)


def test_result_and_page_are_public() -> None:
    assert {"Page", "Result", "clean_many"} <= set(boilerstrip.__all__)
    result = Result("x", article=clean(_page(1)))
    assert result.ok and result.to_record()["headline"] == "Report number 1"
    assert not Result("y", error_type="NotTextError", error="binary").ok


# --- the two kinds of result ---------------------------------------------------------------


@pytest.mark.parametrize("workers", [1, 2])
def test_results_are_cleaned_or_failed(workers: int) -> None:
    cleaned, failed = clean_many([_page(0), b"\x00\x01\x02\x03" * 200], workers=workers)
    # the exact classes, also after the trip back from a worker process
    assert type(cleaned) is Cleaned and type(failed) is Failed
    assert isinstance(cleaned, Result) and isinstance(failed, Result)
    assert cleaned.ok is True and failed.ok is False
    assert cleaned.article == clean(_page(0)) and (cleaned.error_type, cleaned.error) == (None, None)
    assert failed.article is None and failed.error_type == "NotTextError" and failed.error
    assert tuple(failed.to_record()) == RECORD_KEYS and failed.to_record()["body"] is None
    match failed:
        case Cleaned():
            pytest.fail("a binary page was cleaned")
        case Failed(error_type=kind):
            assert kind == "NotTextError"


def test_each_kind_of_result_requires_its_fields() -> None:
    article = clean(_page(1))
    assert Cleaned("a", "https://example.org/a", "d", article=article).article is article
    assert Failed("b", error_type="SourceError", error="gone").article is None
    with pytest.raises(TypeError):
        Cleaned("c")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Failed("d", error="no type")  # type: ignore[call-arg]
    for result in (Cleaned("a", article=article), Failed("b", error_type="E", error="m")):
        assert pickle.loads(pickle.dumps(result)) == result


# --- a script without `if __name__ == "__main__":` -----------------------------------------

_JOB = """\
import multiprocessing
import boilerstrip.batch
from boilerstrip import clean_many

if "{method}" == "spawn":  # what Windows uses; POSIX gets forkserver
    boilerstrip.batch._context = lambda: multiprocessing.get_context("spawn")

pages = ["<p>" + "The council met on Tuesday and agreed the new budget for the schools. " * 3 + "</p>"] * 30
{body}
"""

_LOOP = """\
for result in clean_many(pages, workers=2, chunksize=2):
    print("processed", result.id, result.ok, result.error_type, flush=True)
"""


def _run_job(tmp_path: Path, method: str, *, guarded: bool) -> subprocess.CompletedProcess[str]:
    body = f'if __name__ == "__main__":\n{textwrap.indent(_LOOP, "    ")}' if guarded else _LOOP
    script = tmp_path / "job.py"
    script.write_text(_JOB.format(method=method, body=body), encoding="utf-8")
    # timeout: a hang guard only (the bug this replaces spent minutes failing page by page)
    return subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_a_script_without_the_main_guard_gets_one_clear_error(tmp_path: Path, method: str) -> None:
    run = _run_job(tmp_path, method, guarded=False)
    assert run.returncode != 0
    assert "processed" not in run.stdout  # no page is reported, neither cleaned nor failed
    assert "WorkerError" not in run.stdout + run.stderr
    assert run.stderr.count("Traceback") == 1, run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("boilerstrip.errors.MissingMainGuardError: ")
    assert "job.py calls clean_many(..., workers=2)" in last and 'if __name__ == "__main__":' in last
    assert len(run.stderr.splitlines()) < 40, run.stderr


@pytest.mark.parametrize("method", ["forkserver", "spawn"])
def test_the_same_script_with_the_guard_cleans_every_page(tmp_path: Path, method: str) -> None:
    run = _run_job(tmp_path, method, guarded=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [f"processed {i} True None" for i in range(30)]
    assert "Traceback" not in run.stderr


def test_a_broken_pool_is_closed_before_the_interpreter_exit_hook_can_wake_it() -> None:
    # concurrent.futures' exit hook writes to each pool's wake-up pipe without a lock while the
    # pool's manager thread closes it: a script stopped by MissingMainGuardError printed a
    # second traceback ("Bad file descriptor") when the two met. After _close no pipe is open.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    for _ in range(5):
        pool = ProcessPoolExecutor(2, mp_context=batch_module._context())
        with pytest.raises(BrokenProcessPool):
            pool.submit(os._exit, 3).result()
        wakeup = pool._executor_manager_thread_wakeup
        assert 3 in batch_module._close(pool)
        assert wakeup._closed


def test_the_missing_guard_error_is_a_boilerstrip_error() -> None:
    assert issubclass(MissingMainGuardError, boilerstrip.BoilerstripError)
    assert issubclass(MissingMainGuardError, RuntimeError)  # what multiprocessing itself raises for it
    assert NO_MAIN_GUARD_EXIT not in (0, 1)  # a status that a crash or a clean exit cannot give
