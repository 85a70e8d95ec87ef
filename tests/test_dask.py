"""boilerstrip.dask on a real cluster: a ``distributed.LocalCluster`` of two worker processes.

Every result is checked against plain :func:`boilerstrip.clean` on the same page in this
process, so the workers must run the same cleaner with the same options. The cluster is
started once for the module and closed at its end; the teardown checks that its worker
processes are gone.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason="the dask extra is missing: pip install -e '.[dask]' (the test extra includes it)")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402
import psutil  # noqa: E402 - a dependency of distributed
from distributed import Client, LocalCluster  # noqa: E402

from boilerstrip import BoilerstripError, OptionTypeError, clean, load_rules  # noqa: E402
from boilerstrip.batch import RECORD_KEYS, clean_record  # noqa: E402
from boilerstrip.dask import DATAFRAME_FIELDS, MissingExtraError, clean_bag, clean_dataframe, clean_warc, read_warc  # noqa: E402
from boilerstrip.sources import Page, iter_warc  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WARC = ROOT / "fixtures" / "distributed" / "pages.warc.gz"
ACME_PAGE = ROOT / "fixtures" / "rules" / "acme-news.html"
ACME_RULES = ROOT / "examples" / "acme-news.toml"
ACME_URL = "https://www.acme-news.example/springfield/2024/03/03/riverbank"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
"""Binary data: clean() raises NotTextError on it."""


def _pages() -> list[str | bytes]:
    """Real pages of several kinds: HTML as bytes, plain text as str."""
    html = [p.read_bytes() for p in sorted((ROOT / "fixtures" / "html").glob("*.html"))]
    text = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures" / "articles").glob("en-*.txt"))[:4]]
    text.append((ROOT / "seeds" / "000_bd49ed3feaf0e8fe.txt").read_text(encoding="utf-8"))
    return [page for pair in zip(html, text) for page in pair] + html[len(text):] + text[len(html):]


PAGES = _pages()


def _article_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in ("id", "url", "date", "error_type", "error", "markdown")}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    # dashboard_address=None: no dashboard; the scheduler still serves its HTTP routes (health,
    # metrics), on 8787 unless told otherwise, so a free port (":0") keeps two clusters run side
    # by side (pytest-xdist) from a "port in use" warning; processes=True: real worker
    # processes, as on a cluster
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, scheduler_kwargs={"dashboard_address": ":0"}
    )
    client = Client(cluster)
    pids = list(client.run(os.getpid).values())
    try:
        yield client
    finally:
        client.close()
        cluster.close()
    # the workers must be gone, not left running after the tests
    deadline = time.monotonic() + 10
    while any(psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE for pid in pids):
        assert time.monotonic() < deadline, f"dask worker processes {pids} still run after the cluster closed"
        time.sleep(0.1)


def test_the_cluster_has_two_worker_processes(client: Client) -> None:
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2 and os.getpid() not in pids


def test_clean_bag_equals_clean_page_by_page(client: Client) -> None:
    records = clean_bag(db.from_sequence(PAGES, npartitions=3)).compute()
    assert len(records) == len(PAGES)
    for page, record in zip(PAGES, records):
        assert list(record) == list(RECORD_KEYS)
        assert record["error"] is None
        assert _article_fields(record) == clean(page).to_dict()


def test_clean_bag_keeps_partitions_and_order(client: Client) -> None:
    bag = db.from_sequence(PAGES, npartitions=4)
    cleaned = clean_bag(bag)
    assert cleaned.npartitions == bag.npartitions
    sizes_in = bag.map_partitions(lambda part: [len(list(part))]).compute()
    sizes_out = cleaned.map_partitions(lambda part: [len(list(part))]).compute()
    assert sizes_out == sizes_in
    ids = [r["id"] for r in cleaned.compute()]
    expected = [f"{n}:{i}" for n, size in enumerate(sizes_in) for i in range(size)]
    assert ids == expected


def test_items_of_every_kind_keep_their_id_url_and_date(client: Client) -> None:
    html = PAGES[0]
    url = "https://erikdemaine.org/foldcut"
    items = [
        Page(id="page-1", content=html, url=url, date="2025-03-01T12:00:00Z"),
        {"html": html, "url": url, "id": "row-2", "date": "2025-03-02"},
        (url, html),
    ]
    records = clean_bag(db.from_sequence(items, npartitions=2)).compute()
    assert [(r["id"], r["url"], r["date"]) for r in records] == [
        ("page-1", url, "2025-03-01T12:00:00Z"),
        ("row-2", url, "2025-03-02"),
        (url, url, None),
    ]
    expected = clean(html, url=url).to_dict()
    assert all(_article_fields(r) == expected for r in records)


def test_a_failing_page_gives_an_error_record_and_the_rest_go_on(client: Client) -> None:
    # with markdown asked for: every record has the key, null for the pages that failed
    items = [PAGES[0], PNG, 42, PAGES[1]]
    records = clean_bag(db.from_sequence(items, npartitions=2), markdown={"links": True}).compute()
    assert [r["error_type"] for r in records] == [None, "NotTextError", "TypeError", None]
    for bad in records[1:3]:
        assert bad["error"] and bad["body"] is None and bad["markdown"] is None
        assert list(bad) == [*RECORD_KEYS, "markdown"]
    assert records[0]["body"] == clean(PAGES[0]).body
    assert records[3]["body"] == clean(PAGES[1]).body
    foldcut = clean(PAGES[0])  # its text has links
    assert records[0]["markdown"] == foldcut.to_markdown(links=True) != foldcut.to_markdown()
    assert records[3]["markdown"] == clean(PAGES[1]).to_markdown(links=True)


def test_options_reach_the_workers(client: Client) -> None:
    # the site's rules fire only with the page's URL: both must travel to the workers
    rules = load_rules(ACME_RULES)
    page = ACME_PAGE.read_bytes()
    with_url, without = clean_bag(db.from_sequence([(ACME_URL, page), page], npartitions=2), rules=rules, favor="recall").compute()
    assert _article_fields(with_url) == clean(page, url=ACME_URL, rules=rules, favor="recall").to_dict()
    assert _article_fields(without) == clean(page, rules=rules, favor="recall").to_dict()
    assert "acme.weather-box" in {r["rule"] for r in with_url["removed"]}
    assert "acme.weather-box" not in {r["rule"] for r in without["removed"]}


def test_one_cleaner_per_partition(monkeypatch: pytest.MonkeyPatch) -> None:
    # in this process, so the builds can be counted: the function a bag (or an RDD) maps over
    # its partitions builds one Cleaner per partition, whatever the number of pages
    from boilerstrip import _distributed

    built = []
    real_build = _distributed.Options.build
    monkeypatch.setattr(_distributed.Options, "build", lambda self: built.append(1) or real_build(self))
    cleaner = _distributed.PartitionCleaner(_distributed.check_options({"favor": "precision"}))
    built.clear()
    records = list(cleaner(PAGES[:5], partition=3))
    assert len(built) == 1
    assert [r["id"] for r in records] == [f"3:{i}" for i in range(5)]
    assert [r["body"] for r in records] == [clean(p, favor="precision").body for p in PAGES[:5]]


def test_without_the_extra_a_clear_error_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "dask.bag", None)  # what an environment without dask sees
    with pytest.raises(MissingExtraError, match=r"boilerstrip\[dask\]") as caught:
        clean_warc([str(WARC)])
    assert isinstance(caught.value, BoilerstripError) and isinstance(caught.value, ImportError)


def test_bad_options_raise_before_anything_runs() -> None:
    bag = db.from_sequence(PAGES[:2], npartitions=1)
    with pytest.raises(TypeError, match="colour"):
        clean_bag(bag, colour="blue")
    with pytest.raises(ValueError, match="favor"):
        clean_bag(bag, favor="speed")
    for bad in ("yes", 1, {"link": True}, {"links": "yes"}):
        with pytest.raises(OptionTypeError, match="markdown"):
            clean_bag(bag, markdown=bad)
        with pytest.raises(OptionTypeError, match="markdown"):
            clean_warc([str(WARC)], markdown=bad)


# -- WARC ------------------------------------------------------------------------------------


def test_read_warc_gives_the_html_responses(client: Client) -> None:
    pages = read_warc([str(WARC)]).compute()
    expected = list(iter_warc(WARC))
    assert pages == expected
    assert len(pages) == 7  # six pages and the mislabelled image; no request, text, image or metadata record
    assert all(p.url and p.date and p.id.startswith("<urn:uuid:") for p in pages)


def test_clean_warc_equals_clean_record_and_a_bad_file_is_an_error_record(client: Client, tmp_path: Path) -> None:
    missing = tmp_path / "missing.warc.gz"
    bag = clean_warc([str(WARC), str(missing)], language=None)
    assert bag.npartitions == 2
    records = bag.compute()
    expected = [clean_record(page) for page in iter_warc(WARC)]
    assert records[:-1] == expected
    assert [r["error_type"] for r in records] == [None] * 6 + ["NotTextError", "SourceError"]
    assert records[-1]["id"] == str(missing) and "missing.warc.gz" in records[-1]["error"]
    assert sum(bool(r["headline"]) for r in records) == 6


# -- DataFrames ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    urls = [None] * len(PAGES)
    urls[0] = "https://erikdemaine.org/foldcut"
    pages = [p.decode("utf-8") if isinstance(p, bytes) else p for p in PAGES]
    return pd.DataFrame(
        {"key": range(len(pages) + 1), "html": [*pages, None], "url": [*urls, None]},
        index=pd.Index([f"row{i:02d}" for i in range(len(pages) + 1)]),  # zero-padded: from_pandas sorts the index
    )


def test_clean_dataframe_adds_the_fields_with_a_correct_meta(client: Client, frame: pd.DataFrame) -> None:
    df = dd.from_pandas(frame, npartitions=3)
    cleaned = clean_dataframe(df, "html", url_column="url")
    assert list(cleaned.columns) == [*df.columns, *DATAFRAME_FIELDS]
    result = cleaned.compute()
    # the meta is what the partitions really hold: same columns, same dtypes
    assert result.dtypes.to_dict() == cleaned.dtypes.to_dict()
    assert cleaned.npartitions == df.npartitions
    assert list(result.index) == list(frame.index) and list(result["key"]) == list(frame["key"])
    for row in result.iloc[:-1].itertuples():
        expected = clean(row.html, url=row.url if isinstance(row.url, str) else None).to_dict()
        for field in ("headline", "author", "timestamp", "body"):
            value = getattr(row, field)
            assert (None if pd.isna(value) else value) == expected[field]
        assert pd.isna(row.error_type)
    assert result["error_type"].iloc[-1] == "TypeError" and pd.isna(result["body"].iloc[-1])


def test_clean_dataframe_list_fields_prefix_and_markdown(client: Client, frame: pd.DataFrame) -> None:
    df = dd.from_pandas(frame.iloc[[0, 1, 2, -1]], npartitions=2)  # the last row's page is null
    fields = ["paragraphs", "removed", "body"]
    cleaned = clean_dataframe(df, "html", fields=fields, prefix="a_", favor="precision", markdown={"links": True})
    assert list(cleaned.columns) == [*df.columns, "a_paragraphs", "a_removed", "a_body", "a_markdown"]
    assert "markdown" not in clean_dataframe(df, "html", fields=fields).columns  # only when asked
    result = cleaned.compute()
    assert result.dtypes.to_dict() == cleaned.dtypes.to_dict()
    assert result["a_markdown"].dtype == pd.StringDtype()
    for row in result.iloc[:-1].itertuples():
        article = clean(row.html, favor="precision")
        expected = article.to_dict()
        assert row.a_paragraphs == expected["paragraphs"] and row.a_removed == expected["removed"]
        assert row.a_markdown == article.to_markdown(links=True)
    foldcut = clean(result["html"].iloc[0], favor="precision")
    assert result["a_markdown"].iloc[0] != foldcut.to_markdown()  # the links made a difference
    assert pd.isna(result["a_markdown"].iloc[-1]) and pd.isna(result["a_body"].iloc[-1])


def test_clean_dataframe_checks_its_arguments(frame: pd.DataFrame) -> None:
    df = dd.from_pandas(frame, npartitions=2)
    with pytest.raises(KeyError, match="nope"):
        clean_dataframe(df, "nope")
    with pytest.raises(ValueError, match="prefix"):
        clean_dataframe(clean_dataframe(df), "html")
    with pytest.raises(ValueError, match="unknown field"):
        clean_dataframe(df, fields=["bodies"])
    with pytest.raises(OptionTypeError, match="markdown"):
        clean_dataframe(df, markdown="links")
    with pytest.raises(ValueError, match="markdown=True"):
        clean_dataframe(df, fields=["body", "markdown"])  # a column that would always be null
