"""Clean many pages: :func:`clean_many` (in order, streaming, optionally in processes) and :func:`clean_record`.

:func:`clean_many` takes any iterable of pages (``str``, ``bytes`` or
:class:`~boilerstrip.sources.Page`) and yields one result per page, in input order (a :class:`Cleaned` or a :class:`Failed`):

>>> from boilerstrip import clean_many
>>> pages = ["Share this\\n\\n" + "The council met on Tuesday and agreed the new budget for the schools. " * 2, b"\\x00\\x01\\x02" * 100]
>>> [(r.id, r.ok, r.error_type) for r in clean_many(pages)]
[('0', True, None), ('1', False, 'NotTextError')]

- **Streaming**: the input is read lazily and at most a bounded number of pages are in flight
  (:func:`max_in_flight`), so memory stays flat over millions of pages and an endless
  generator works (stop reading the results when you have enough).
- **Processes**: ``workers > 1`` cleans in that many worker processes; each builds its
  :class:`~boilerstrip.Cleaner` once (rules compiled once per process). On POSIX the
  ``forkserver`` start method is used (``spawn`` elsewhere): as with any
  :mod:`multiprocessing` code, a script that calls ``clean_many(..., workers=N)`` needs the
  ``if __name__ == "__main__":`` guard, because each worker imports the main script again.
  Without it the batch stops at once with one :class:`MissingMainGuardError` (rather than a
  ``"WorkerError"`` for every page): the call, reached again in a worker that is still
  importing the script, stops that worker with the exit status :data:`NO_MAIN_GUARD_EXIT`,
  and the parent turns that status into the error. The workers (and with them the fork
  server) end with the process that started the batch, even when it is killed outright
  (SIGKILL, the out-of-memory killer): each watches a pipe whose only write end that process
  holds.
- **Results you can narrow**: each result is a :class:`Cleaned` (its ``article`` is an
  :class:`~boilerstrip.Article`) or a :class:`Failed` (``error_type`` and ``error`` are
  ``str``), both :class:`Result`. ``ok`` is typed ``Literal[True]`` on one and
  ``Literal[False]`` on the other, so a type checker narrows on ``if result.ok:`` (mypy does),
  on ``isinstance(result, Cleaned)`` and on ``match``.
- **Failures are results**: a page that raises (a :class:`~boilerstrip.BoilerstripError`
  or any unexpected exception) becomes a :class:`Failed` result whose ``error_type`` and ``error``
  say what went wrong, and the batch goes on; a page its reader could not read keeps the
  reader's ``error_type`` (``"TruncatedRecord"`` for a WARC record cut short, else
  ``"SourceError"``). A page whose worker process dies (killed, out
  of memory, a crash in C code) gives a ``"WorkerError"`` result; the other pages in flight
  with it are cleaned again, each alone, in a fresh pool. Invalid options (an unknown
  keyword, a bad ``favor``, a broken rule) raise at once in the caller, before any page is read.

:func:`clean_record` cleans one page into a JSON-safe dict: the building block of the Spark
and Dask integrations, and what ``boilerstrip batch`` writes as JSON Lines. With
``markdown=`` (``True``, or a mapping of :meth:`~boilerstrip.Article.to_markdown`'s options)
the dict has a ``markdown`` key too: the body as Markdown, ``None`` for a page that failed.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal, NoReturn, TypeAlias

from ._log import get_logger
from .api import Cleaner, _check_page_options
from .article import Article
from .errors import BoilerstripError, MissingMainGuardError, OptionTypeError
from .rules import Rule, RuleSet
from .sources import Page

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext

__all__ = [
    "MARKDOWN_KEY",
    "NO_MAIN_GUARD_EXIT",
    "RECORD_KEYS",
    "Cleaned",
    "Failed",
    "MarkdownOption",
    "MissingMainGuardError",
    "Result",
    "clean_many",
    "clean_record",
    "max_in_flight",
]

logger = get_logger("boilerstrip")

_CLEANER_OPTIONS = frozenset({"rules", "default_rules", "favor", "include_comments", "max_bytes", "thresholds"})
_PAGE_OPTIONS = frozenset({"url", "language", "now", "input"})

_ARTICLE_KEYS = tuple(Article().to_dict())
RECORD_KEYS = ("id", "url", "date", *_ARTICLE_KEYS, "error_type", "error")
"""The keys of every :meth:`Result.to_record` dict, in order, for errors too (a fixed schema)."""

MARKDOWN_KEY = "markdown"
"""The key a record has after :data:`RECORD_KEYS` when Markdown is asked for (``markdown=``)."""

MarkdownOption: TypeAlias = "bool | Mapping[str, bool] | None"
"""What ``markdown=`` takes: ``None`` or ``False`` (no ``markdown`` key), ``True`` (the body as
Markdown with :meth:`~boilerstrip.Article.to_markdown`'s defaults), or a mapping of its options
(``{"links": True, "images": True}``)."""

_MARKDOWN_OPTIONS = ("links", "images")
"""The keyword arguments of :meth:`~boilerstrip.Article.to_markdown`."""

_CHUNKS_PER_WORKER = 2
"""Chunks queued per worker process: one being cleaned, one waiting, so no worker idles."""

DEFAULT_CHUNKSIZE = 8
"""Pages sent to a worker at a time: enough to amortise the inter-process round trip of a
small page, few enough that memory in flight stays small for large ones."""


@dataclass(frozen=True, slots=True)
class Result:
    """The outcome of cleaning one page: its ``article``, or the ``error`` that stopped it.

    :func:`clean_many` yields the two kinds of result, :class:`Cleaned` and :class:`Failed`,
    both subclasses of this one; ``if result.ok:``, ``isinstance`` or ``match`` tell them
    apart, and a type checker follows. ``Result(...)`` itself still builds a plain result.
    """

    id: str
    """The page's id (:attr:`Page.id`), or its position in the input for ``str``/``bytes`` pages."""
    url: str | None = None
    date: str | None = None
    article: Article | None = None
    error_type: str | None = None
    """The exception's class name when cleaning failed (``"NotTextError"``, ``"SourceError"``, ...)."""
    error: str | None = None
    """The exception's message when cleaning failed."""

    @property
    def ok(self) -> bool:
        """True when the page was cleaned."""
        return self.article is not None

    def to_record(self, *, markdown: MarkdownOption = None) -> dict[str, Any]:
        """A JSON-safe dict: ``id``, ``url``, ``date``, the article's ``to_dict()`` fields, ``error_type``, ``error``.

        Every record has the same keys (:data:`RECORD_KEYS`); an error record has ``None``
        for the article's fields. With ``markdown`` (``True``, or a mapping of
        :meth:`~boilerstrip.Article.to_markdown`'s options, see :data:`MarkdownOption`) a last
        key, ``markdown``, holds the body as Markdown (``None`` in an error record); a bad
        value raises :class:`~boilerstrip.OptionTypeError`.

        >>> Failed("p1", error_type="NotTextError", error="binary").to_record(markdown=True)["markdown"] is None
        True
        """
        markdown_options = _markdown_options(markdown)
        record: dict[str, Any] = {"id": self.id, "url": self.url, "date": self.date}
        if self.article is not None:
            record.update(self.article.to_dict())
        else:
            record.update(dict.fromkeys(_ARTICLE_KEYS))
        record["error_type"] = self.error_type
        record["error"] = self.error
        if markdown_options is not None:
            record[MARKDOWN_KEY] = None if self.article is None else self.article.to_markdown(**markdown_options)
        return record


# The two kinds of result re-declare the fields they pin down. Keyword-only, because a field
# without a default cannot follow the inherited ones that have one:
# Cleaned(id, url, date, article=...), Failed(id, url, date, error_type=..., error=...).


@dataclass(frozen=True, slots=True, kw_only=True)
class Cleaned(Result):
    """A page that was cleaned: ``article`` is an :class:`~boilerstrip.Article` (never ``None``),
    ``error_type`` and ``error`` are ``None``, and ``ok`` is ``True``.

    >>> result = next(clean_many(["The council met on Tuesday and agreed the new budget. " * 3]))
    >>> if result.ok:  # a type checker now knows result.article is an Article
    ...     print(type(result).__name__, len(result.article.paragraphs))
    Cleaned 1
    """

    article: Article

    @property
    def ok(self) -> Literal[True]:
        """Always True: this page was cleaned."""
        return True


@dataclass(frozen=True, slots=True, kw_only=True)
class Failed(Result):
    """A page that could not be cleaned: ``error_type`` (the exception's class name, or
    ``"SourceError"``, ``"TruncatedRecord"``, ``"WorkerError"``) and ``error`` (its message)
    are ``str``, ``article`` is ``None``, and ``ok`` is ``False``."""

    article: None = None
    error_type: str
    error: str

    @property
    def ok(self) -> Literal[False]:
        """Always False: this page failed."""
        return False


NO_MAIN_GUARD_EXIT = 78
"""The exit status of a worker process stopped because the main script called
:func:`clean_many` (``workers > 1``) while the worker was importing it (the missing
``if __name__ == "__main__":`` guard); the parent raises :class:`MissingMainGuardError` when
it sees it. 78 is ``EX_CONFIG`` of ``sysexits.h``: a mistake in how the program is set up."""


# --- options -------------------------------------------------------------------------------


def _markdown_options(markdown: object) -> dict[str, bool] | None:
    """``markdown=`` as the keyword arguments of ``to_markdown()``, or None for no Markdown.

    >>> _markdown_options(True), _markdown_options(None), _markdown_options({"links": True})
    ({}, None, {'links': True})
    """
    if markdown is None or markdown is False:
        return None
    if markdown is True:
        return {}
    if not isinstance(markdown, Mapping):
        raise OptionTypeError(
            f"markdown must be True, False, None or a mapping of to_markdown()'s options "
            f"({', '.join(_MARKDOWN_OPTIONS)}), not {type(markdown).__name__}"
        )
    unknown = [repr(name) for name in markdown if name not in _MARKDOWN_OPTIONS]
    if unknown:
        raise OptionTypeError(f"unknown markdown option(s) {', '.join(unknown)}; known: {', '.join(_MARKDOWN_OPTIONS)}")
    not_bool = [f"{name}={value!r}" for name, value in markdown.items() if not isinstance(value, bool)]
    if not_bool:
        raise OptionTypeError(f"markdown options are True or False, not {', '.join(not_bool)}")
    return dict(markdown)


def _split_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Cleaner options and per-page options; an unknown name raises TypeError here, not per page."""
    unknown = sorted(set(options) - _CLEANER_OPTIONS - _PAGE_OPTIONS)
    if unknown:
        raise OptionTypeError(f"unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(_CLEANER_OPTIONS | _PAGE_OPTIONS))}")
    cleaner_options = {k: v for k, v in options.items() if k in _CLEANER_OPTIONS}
    page_options = {k: v for k, v in options.items() if k in _PAGE_OPTIONS}
    _check_page_options(
        url=page_options.get("url"), language=page_options.get("language"),
        now=page_options.get("now"), input=page_options.get("input", "auto"),
    )
    rules = cleaner_options.get("rules")
    if rules is not None and not isinstance(rules, RuleSet | Rule):
        if isinstance(rules, str | bytes) or not isinstance(rules, Iterable):
            raise OptionTypeError(f"rules must be a RuleSet, a Rule or an iterable of Rules, not {type(rules).__name__}")
        # a tuple, so the options can key the cleaner cache and be sent to worker processes
        cleaner_options["rules"] = tuple(rules)
    return cleaner_options, page_options


_CLEANERS: dict[tuple[tuple[str, Any], ...], Cleaner] = {}


def _cleaner_for(cleaner_options: dict[str, Any]) -> Cleaner:
    """One Cleaner per distinct set of options in this process (rules are compiled once)."""
    key = tuple(sorted(cleaner_options.items()))
    try:
        cleaner = _CLEANERS.get(key)
    except TypeError:  # an unhashable option value: build, do not cache
        return Cleaner(**cleaner_options)
    if cleaner is None:
        cleaner = Cleaner(**cleaner_options)
        if len(_CLEANERS) >= 16:
            _CLEANERS.clear()
        _CLEANERS[key] = cleaner
    return cleaner


# --- one page ------------------------------------------------------------------------------


def _clean_one(cleaner: Cleaner, page: object, fallback_id: str, page_options: dict[str, Any]) -> Cleaned | Failed:
    """Clean one page into a Cleaned result; any exception the page raises makes it a Failed one."""
    content: object
    if isinstance(page, Page):
        page_id, url, date, content = page.id, page.url, page.date, page.content
        if page.error is not None:
            # a page its reader could not read: the reader's kind of error (a WARC record
            # cut short is a "TruncatedRecord"), a "SourceError" by default
            return Failed(page_id, url, date, error_type=page.error_type or "SourceError", error=page.error)
    else:
        page_id, url, date, content = fallback_id, page_options.get("url"), None, page
    options = page_options if url is None else {**page_options, "url": url}
    try:
        article = cleaner.clean(content, **options)  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - the batch's contract: one bad page never stops it
        logger.debug("page %s failed", page_id, exc_info=True)
        return Failed(page_id, url, date, error_type=type(exc).__name__, error=str(exc) or repr(exc))
    return Cleaned(page_id, url, date, article=article)


def clean_record(
    page: Page | str | bytes, *, cleaner: Cleaner | None = None, markdown: MarkdownOption = None, **options: Any
) -> dict[str, Any]:
    """Clean one page into a JSON-safe dict with the keys :data:`RECORD_KEYS`.

    ``page`` is a :class:`~boilerstrip.sources.Page` (its ``url`` is used for per-site rules)
    or the page itself as ``str``/``bytes`` (its id is then ``"0"``). ``options`` are those
    of :func:`boilerstrip.clean`; pass a ``cleaner`` to reuse one you built (then only the
    per-page options ``url``, ``language``, ``now`` and ``input`` are accepted). Without
    one, a cleaner is built once per process for each distinct set of options. ``markdown``
    adds a ``markdown`` key, as in :meth:`Result.to_record`.

    A page that fails gives a record whose ``error_type`` and ``error`` are set; invalid
    options raise ``TypeError``/``ValueError``.

    >>> record = clean_record(Page("p1", "Like Us on Facebook\\n\\n" + "The council met on Tuesday and agreed the new budget. " * 3))
    >>> record["id"], record["error"], record["removed"][0]["kind"]
    ('p1', None, 'social')
    """
    cleaner_options, page_options = _split_options(options)
    markdown_options = _markdown_options(markdown)  # checked before the page is cleaned
    if cleaner is None:
        cleaner = _cleaner_for(cleaner_options)
    elif cleaner_options:
        raise TypeError(f"options {', '.join(sorted(cleaner_options))} belong to the Cleaner: pass them to Cleaner() or drop cleaner=")
    return _clean_one(cleaner, page, "0", page_options).to_record(markdown=markdown_options)


# --- many pages ----------------------------------------------------------------------------


def max_in_flight(workers: int, chunksize: int) -> int:
    """The most pages :func:`clean_many` holds at once (read from the input but not yet yielded)."""
    if workers <= 1:
        return 1
    return workers * _CHUNKS_PER_WORKER * chunksize


def clean_many(
    pages: Iterable[Page | str | bytes],
    *,
    workers: int = 1,
    chunksize: int = DEFAULT_CHUNKSIZE,
    **options: Any,
) -> Iterator[Cleaned | Failed]:
    """Clean every page of ``pages``, yielding one result per page, in input order.

    ``pages`` holds :class:`~boilerstrip.sources.Page` records (see
    :func:`boilerstrip.sources.iter_pages`) or pages as ``str``/``bytes``, whose result id is
    their position in the input (``"0"``, ``"1"``, ...). ``workers`` > 1 cleans in that many
    processes, ``chunksize`` pages at a time; ``options`` are those of
    :func:`boilerstrip.clean` (a page's own ``url`` wins over ``url=``).

    Each result is a :class:`Cleaned` (``result.article``) or a :class:`Failed`
    (``result.error_type``, ``result.error``); ``if result.ok:`` tells them apart, for a type
    checker too.

    The input is consumed lazily: at most :func:`max_in_flight` pages are read ahead of the
    results. A page that fails yields a :class:`Failed` result; invalid options raise here,
    before the first page is read. With ``workers > 1``, a script without the
    ``if __name__ == "__main__":`` guard gets one :class:`MissingMainGuardError` when the
    results are first read.
    """
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be an int >= 1, not {workers!r}")
    if workers > 1 and _importing_main_in_child():
        _stop_unguarded_child()
    if not isinstance(chunksize, int) or isinstance(chunksize, bool) or chunksize < 1:
        raise ValueError(f"chunksize must be an int >= 1, not {chunksize!r}")
    cleaner_options, page_options = _split_options(options)
    # build the cleaner here, so a bad option or rule raises before any work; in-process
    # batches use it, worker processes build their own from the same options
    cleaner = _cleaner_for(cleaner_options)
    if workers == 1:
        return _serial(cleaner, pages, page_options)
    return _parallel(pages, workers, chunksize, cleaner_options, page_options)


def _serial(cleaner: Cleaner, pages: Iterable[object], page_options: dict[str, Any]) -> Iterator[Cleaned | Failed]:
    for index, page in enumerate(pages):
        yield _clean_one(cleaner, page, str(index), page_options)


def _importing_main_in_child() -> bool:
    """True in a child process of :mod:`multiprocessing` that is still importing the parent's
    main script (``spawn`` and ``forkserver`` children do, before they run their task).

    The flag read is the one :mod:`multiprocessing` itself checks before it refuses to start
    a process from such a child (``spawn._check_not_importing_main``). No multiprocessing
    module loaded: not such a child.
    """
    process = sys.modules.get("multiprocessing.process")
    return process is not None and bool(getattr(process.current_process(), "_inheriting", False))


def _stop_unguarded_child() -> NoReturn:
    """End a worker that met ``clean_many(..., workers>1)`` while importing the main script.

    It could not start workers of its own, and it cannot become a worker either: it stops
    here, with one line on standard error (not a traceback per worker) and the exit status
    the parent recognises (:data:`NO_MAIN_GUARD_EXIT`). ``os._exit`` rather than an
    exception: a ``forkserver`` child that raises prints a traceback and ends with status 1,
    which the parent cannot tell from any other crash.
    """
    if sys.stderr is not None:  # None under pythonw
        sys.stderr.write(
            f"boilerstrip: worker process {os.getpid()} stopped: the main script calls "
            'clean_many(..., workers>1) without the `if __name__ == "__main__":` guard\n'
        )
        sys.stderr.flush()
    os._exit(NO_MAIN_GUARD_EXIT)


def _main_guard_error(workers: int) -> MissingMainGuardError:
    main = sys.modules.get("__main__")
    script = getattr(main, "__file__", None) or "the main script"
    return MissingMainGuardError(
        f"{script} calls clean_many(..., workers={workers}) without the "
        '`if __name__ == "__main__":` guard, so the worker processes could not start: each one '
        "imports the main script again, and there the call cannot start workers of its own. "
        'Put the code that calls clean_many() and reads its results under `if __name__ == "__main__":`, '
        "or pass workers=1."
    )


# The worker side: one Cleaner per process, built by the pool's initializer.
_WORKER: tuple[Cleaner, dict[str, Any]] | None = None


def _init_worker(cleaner_options: dict[str, Any], page_options: dict[str, Any], alive: Connection | None = None) -> None:
    global _WORKER
    # Ctrl-C reaches the whole process group: the parent stops the batch and shuts the pool
    # down, so the workers ignore it instead of each printing a traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if alive is not None:
        threading.Thread(target=_exit_with_parent, args=(alive,), name="boilerstrip-parent-watch", daemon=True).start()
    _WORKER = (_cleaner_for(cleaner_options), page_options)


def _exit_with_parent(alive: Connection) -> None:
    """End this worker as soon as the process that started the batch is gone.

    ``alive`` is the read end of a pipe whose only write end the batch's process holds: the
    parent never writes to it, so the read returns only at end of file, when that process has
    closed the pool or died (even by SIGKILL, which no handler sees). Waiting for the worker's
    own parent is not enough: with ``forkserver`` that parent is the fork server, and the fork
    server stays up as long as any worker does (each worker holds the server's own liveness
    pipe), so a killed batch would leave the server and its workers running for ever.
    """
    try:
        while True:
            alive.recv_bytes()
    except (EOFError, OSError):
        pass
    # no cleanup: nobody is left to read this worker's results, and a page being cleaned
    # must not keep it alive
    os._exit(1)


def _work(chunk: list[tuple[int, object]]) -> list[Cleaned | Failed]:
    assert _WORKER is not None, "worker used without its initializer"
    cleaner, page_options = _WORKER
    return [_clean_one(cleaner, page, str(index), page_options) for index, page in chunk]


def _context() -> BaseContext:
    import multiprocessing

    # fork is unsafe once the parent runs threads (and deprecated for it from Python 3.12);
    # forkserver forks each worker from a clean single-threaded server, which imports
    # boilerstrip once (its built-in rules compiled), so a worker starts in milliseconds
    # rather than re-importing everything as spawn does
    if os.name == "posix" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["boilerstrip"])
        return context
    return multiprocessing.get_context("spawn")


def _parallel(
    pages: Iterable[object],
    workers: int,
    chunksize: int,
    cleaner_options: dict[str, Any],
    page_options: dict[str, Any],
) -> Iterator[Cleaned | Failed]:
    # imported here: `import boilerstrip` stays light for the one-page use
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    numbered = enumerate(pages)
    pending: deque[tuple[list[tuple[int, object]], Future[list[Cleaned | Failed]]]] = deque()
    limit = workers * _CHUNKS_PER_WORKER

    def new_pool() -> ProcessPoolExecutor:
        context = _context()
        # the workers' lifeline (see _exit_with_parent): the read end goes to every worker,
        # the write end stays here only, and is closed with the pool (see _close)
        alive, lifeline = context.Pipe(duplex=False)
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context,
            initializer=_init_worker, initargs=(cleaner_options, page_options, alive),
        )
        _LIFELINES[id(pool)] = (alive, lifeline)
        return pool

    executor = new_pool()
    try:
        exhausted = False
        failure: Exception | None = None
        while True:
            # keep the pool fed up to the bound, then hand back the oldest chunk's results
            while not exhausted and len(pending) < limit:
                chunk: list[tuple[int, object]] = []
                try:
                    chunk.extend(islice(numbered, chunksize))
                except Exception as exc:  # noqa: BLE001 - re-raised below, once the pages before it are out
                    # the input itself failed (a reader's SourceError, ...): the pages read
                    # before it still get their results, as they would in-process
                    failure, exhausted = exc, True
                if len(chunk) < chunksize:
                    exhausted = True
                if chunk:
                    pending.append((chunk, executor.submit(_work, chunk)))
            if not pending:
                if failure is not None:
                    raise failure
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # a worker died (killed, out of memory, a crash in C code) and took the pool
                # with it: every page in flight is lost, not only the culprit. Each is cleaned
                # again alone in a fresh pool, so only a page that kills its worker again fails.
                lost = [item for lost_chunk, _ in [(chunk, future), *pending] for item in lost_chunk]
                pending.clear()
                if NO_MAIN_GUARD_EXIT in _close(executor):
                    # the workers died importing the script, not cleaning a page: every
                    # retry would die the same way
                    raise _main_guard_error(workers) from None
                executor = new_pool()
                for index, page in lost:
                    try:
                        yield from executor.submit(_work, [(index, page)]).result()
                    except BrokenProcessPool as exc:
                        if NO_MAIN_GUARD_EXIT in _close(executor):
                            raise _main_guard_error(workers) from None
                        yield _lost(page, index, exc)
                        executor = new_pool()
                continue
            del chunk, future
            yield from results
    finally:
        _close(executor)


_EXIT_WAIT = 10.0
"""Seconds a worker gets to finish and exit once its pool is shut down."""


def _close(executor: Any) -> set[int | None]:
    """Shut a pool down, kill any worker that does not exit in time; the workers' exit statuses.

    When a worker dies while it holds the pool's queue lock, the others can wait on that lock
    forever, and ``shutdown(wait=True)`` with them (a CPython 3.11 race): so the pool is shut
    down without waiting, and each worker is joined with a timeout, then killed.

    The pool's manager thread is joined last: until it ends, the interpreter's exit hook of
    :mod:`concurrent.futures` can write to the wake-up pipe that thread is closing (a CPython
    3.11 race, without a lock), and a script that stops on :class:`MissingMainGuardError`
    printed a second traceback ("Bad file descriptor") after its own.
    """
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(_EXIT_WAIT)
        if process.is_alive():
            process.kill()
            process.join(_EXIT_WAIT)
    if manager is not None:
        manager.join(_EXIT_WAIT)
    for end in _LIFELINES.pop(id(executor), ()):
        end.close()
    return {process.exitcode for process in processes}


_LIFELINES: dict[int, tuple[Connection, Connection]] = {}
"""Each live pool's lifeline pipe (read end, write end), by ``id()`` of the pool."""


def _lost(page: object, index: int, exc: BaseException) -> Failed:
    message = f"the worker process cleaning this page stopped: {exc}"
    if isinstance(page, Page):
        return Failed(page.id, page.url, page.date, error_type="WorkerError", error=message)
    return Failed(str(index), None, None, error_type="WorkerError", error=message)
