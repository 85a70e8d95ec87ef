"""The quality gate's machinery, shared by ``tests/test_gate.py`` and ``benchmarks/gate.py``.

The gate corpus lives in ``fixtures/gate/``: ``manifest.json`` (one entry per page: where it
came from, its reference fields and its stored inputs), ``pages/`` (the HTML and its two text
renders, gzip-compressed), ``floors.json`` (the figures the gate may not fall below, with the
per-page values they were made from) and ``golden/`` (full ``to_dict()`` outputs of a dozen
page/input pairs).

The flow is: :func:`run_gate` cleans every page in every stored input and scores it
(:class:`PageResult`), :func:`figures` aggregates the page scores into named figures per input,
:func:`compare` checks them against the floors and :func:`format_failures` explains what got
worse, page by page. Nothing is cached between runs.
"""

from __future__ import annotations

import difflib
import gzip
import json
import statistics
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from boilerstrip import Article
from boilerstrip.evaluation import (
    date_match,
    scrapinghub_corpus,
    snippets_found,
    snippets_leaked,
    title_match,
    wcxb_page,
)

REPO = Path(__file__).resolve().parent.parent
GATE_DIR = REPO / "fixtures" / "gate"
MANIFEST = GATE_DIR / "manifest.json"
FLOORS = GATE_DIR / "floors.json"
GOLDEN_DIR = GATE_DIR / "golden"

INPUTS = ("html", "html_text", "inscriptis", "text")
"""Every input kind the gate knows: the HTML, its two text renders, and plain text (the seed)."""

TOLERANCE = 0.01
"""How far a figure may move the wrong way before the gate fails: small enough to catch one
page in sixty going badly wrong, large enough that a tie-break change on one page does not."""

_EPS = 1e-9  # floors are stored rounded to 4 decimals; never fail on the rounding itself

CleanFn = Callable[..., Article]


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GatePage:
    """One gate page: its reference and where its stored inputs are."""

    id: str
    dataset: str
    page_type: str
    language: str
    url: str | None
    body: str
    title: str | None
    date: str | None
    author: str | None
    with_snippets: tuple[str, ...]
    without_snippets: tuple[str, ...]
    files: Mapping[str, str]
    """Input kind -> path of the gzip file, relative to ``fixtures/gate``."""

    @property
    def inputs(self) -> tuple[str, ...]:
        """The input kinds stored for this page, in :data:`INPUTS` order."""
        return tuple(kind for kind in INPUTS if kind in self.files)

    def load(self, kind: str, root: Path = GATE_DIR) -> str | bytes:
        """The page as ``clean()`` gets it: raw bytes for HTML (the library decodes), text
        otherwise."""
        raw = gzip.decompress((root / self.files[kind]).read_bytes())
        return raw if kind == "html" else raw.decode("utf-8")


def load_manifest(path: Path = MANIFEST) -> list[GatePage]:
    """The gate pages in manifest order."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    pages = []
    for item in doc["pages"]:
        ref = item["reference"]
        pages.append(
            GatePage(
                id=item["id"],
                dataset=item["dataset"],
                page_type=item["page_type"],
                language=item["language"],
                url=item.get("url"),
                body=ref["body"],
                title=ref.get("title"),
                date=ref.get("date"),
                author=ref.get("author"),
                with_snippets=tuple(ref.get("with") or ()),
                without_snippets=tuple(ref.get("without") or ()),
                files=dict(item["files"]),
            )
        )
    return pages


def golden_cases(path: Path = MANIFEST) -> list[tuple[str, str]]:
    """The ``(page id, input kind)`` pairs that have a golden file."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [(pid, kind) for pid, kind in doc.get("golden", [])]


# ---------------------------------------------------------------------------------------------
# Scoring one page
# ---------------------------------------------------------------------------------------------


@dataclass
class PageResult:
    """The scores of one page in one input (and the prediction they came from)."""

    page: GatePage
    kind: str
    body: str
    metrics: dict[str, Any]
    seconds: float


def score(page: GatePage, article: Article) -> dict[str, Any]:
    """Per-page metrics, the benchmark's definitions (``boilerstrip.evaluation``).

    Keys: ``body_f1`` always; ``found``/``leaked`` as ``[hits, total]`` when the page has
    with/without snippets; ``headline``/``date`` as 0 or 1 when the page has a reference title
    or date; ``sh_f1`` (4-token shingle F1) for ScrapingHub pages.
    """
    pred = article.body
    metrics: dict[str, Any] = {"body_f1": wcxb_page(pred, page.body)[2]}
    if page.with_snippets:
        metrics["found"] = list(snippets_found(pred, page.with_snippets))
    if page.without_snippets:
        metrics["leaked"] = list(snippets_leaked(pred, page.without_snippets))
    if page.title:
        metrics["headline"] = int(title_match(article.headline, page.title))
    if page.date:
        metrics["date"] = int(date_match(article.timestamp, page.date))
    if page.dataset == "scrapinghub":
        # A one-page corpus gives exactly that page's shingle precision, recall and F1.
        metrics["sh_f1"] = scrapinghub_corpus([(pred, page.body)])["f1"]
    return metrics


def default_clean() -> CleanFn:
    """``boilerstrip.clean``, looked up at call time so a monkeypatch is seen."""
    import boilerstrip

    return boilerstrip.clean


def clean_page(page: GatePage, kind: str, clean_fn: CleanFn | None = None) -> Article:
    """Clean one stored input of a page, the way the benchmark calls ``clean()``."""
    fn = clean_fn if clean_fn is not None else default_clean()
    return fn(page.load(kind), url=page.url)


def run_gate(
    pages: Sequence[GatePage] | None = None,
    clean_fn: CleanFn | None = None,
) -> list[PageResult]:
    """Clean and score every page in every stored input."""
    results = []
    for page in pages if pages is not None else load_manifest():
        for kind in page.inputs:
            t0 = time.perf_counter()
            article = clean_page(page, kind, clean_fn)
            seconds = time.perf_counter() - t0
            results.append(PageResult(page, kind, article.body, score(page, article), seconds))
    return results


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureSpec:
    """How a named figure is made from page metrics, and which way is better."""

    metric: str
    """The per-page metric it aggregates (the key the per-page diff looks at)."""
    higher_is_better: bool = True


def figure_spec(name: str) -> FigureSpec:
    """The spec of a figure from its name (``body_f1``, ``body_f1.type.forum``, ...).

    >>> figure_spec("snippets_leaked").higher_is_better
    False
    >>> figure_spec("body_f1.lang.non_english").metric
    'body_f1'
    """
    base = name.split(".", 1)[0]
    return {
        "body_f1": FigureSpec("body_f1"),
        "snippets_found": FigureSpec("found"),
        "snippets_leaked": FigureSpec("leaked", higher_is_better=False),
        "headline": FigureSpec("headline"),
        "date": FigureSpec("date"),
        "sh_f1": FigureSpec("sh_f1"),
    }[base]


def _in_group(name: str, page: GatePage) -> bool:
    """Whether a page counts in a figure (by the figure's qualifier after the first dot)."""
    parts = name.split(".")
    if len(parts) == 1:
        return True
    if parts[1] == "dataset":
        return page.dataset == parts[2]
    if parts[1] == "type":
        return page.dataset == "wcxb-dev" and page.page_type == parts[2]
    if parts[1] == "lang":
        return page.language not in ("en", "und")
    raise KeyError(name)


def figure_names(results: Iterable[PageResult]) -> list[str]:
    """The figures one input's results support, sorted (groups with no page are left out)."""
    results = list(results)
    names = {"body_f1"}
    for r in results:
        names.add(f"body_f1.dataset.{r.page.dataset}")
        if r.page.dataset == "wcxb-dev":
            names.add(f"body_f1.type.{r.page.page_type}")
        if r.page.language not in ("en", "und"):
            names.add("body_f1.lang.non_english")
        for metric, fig in (("found", "snippets_found"), ("leaked", "snippets_leaked"),
                            ("headline", "headline"), ("date", "date"), ("sh_f1", "sh_f1")):
            if metric in r.metrics:
                names.add(fig)
    return sorted(names)


def _figure(name: str, results: list[PageResult]) -> float:
    spec = figure_spec(name)
    members = [r for r in results if _in_group(name, r.page) and spec.metric in r.metrics]
    if spec.metric in ("found", "leaked"):  # pooled over snippets, as the benchmark reports
        hits = sum(r.metrics[spec.metric][0] for r in members)
        total = sum(r.metrics[spec.metric][1] for r in members)
        return hits / total if total else 0.0
    if spec.metric == "sh_f1":  # the official corpus F1 (harmonic mean of mean P and mean R)
        return scrapinghub_corpus((r.body, r.page.body) for r in members)["f1"]
    return statistics.fmean(float(r.metrics[spec.metric]) for r in members) if members else 0.0


def figures(results: Iterable[PageResult]) -> dict[str, dict[str, float]]:
    """``{input kind: {figure name: value}}`` for every input present in ``results``."""
    by_kind: dict[str, list[PageResult]] = {}
    for r in results:
        by_kind.setdefault(r.kind, []).append(r)
    return {
        kind: {name: _figure(name, rs) for name in figure_names(rs)}
        for kind, rs in sorted(by_kind.items(), key=lambda kv: INPUTS.index(kv[0]))
    }


def page_values(results: Iterable[PageResult]) -> dict[str, dict[str, dict[str, Any]]]:
    """``{input kind: {page id: metrics}}``, rounded as the floors file stores them."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for r in results:
        out.setdefault(r.kind, {})[r.page.id] = {k: _round(v) for k, v in r.metrics.items()}
    return out


def _round(value: Any) -> Any:
    return round(value, 4) if isinstance(value, float) else value


# ---------------------------------------------------------------------------------------------
# Floors: compare, explain, update
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Drop:
    """One figure that moved the wrong way by more than the tolerance (or disappeared)."""

    kind: str
    name: str
    floor: float
    now: float | None
    tolerance: float = TOLERANCE

    def describe(self) -> str:
        spec = figure_spec(self.name)
        if self.now is None:
            return f"{self.kind:<10} {self.name:<32} floor {self.floor:.4f}  now: figure missing"
        sign = "at least" if spec.higher_is_better else "at most"
        limit = self.floor - self.tolerance if spec.higher_is_better else self.floor + self.tolerance
        return (f"{self.kind:<10} {self.name:<32} floor {self.floor:.4f}  now {self.now:.4f}  "
                f"({self.now - self.floor:+.4f}; must be {sign} {limit:.4f})")


def is_worse(name: str, floor: float, now: float, tolerance: float = TOLERANCE) -> bool:
    """Whether ``now`` is worse than ``floor`` by more than ``tolerance``, direction-aware.

    >>> is_worse("body_f1", 0.80, 0.785), is_worse("body_f1", 0.80, 0.795)
    (True, False)
    >>> is_worse("snippets_leaked", 0.20, 0.215), is_worse("snippets_leaked", 0.20, 0.10)
    (True, False)
    """
    if figure_spec(name).higher_is_better:
        return now < floor - tolerance - _EPS
    return now > floor + tolerance + _EPS


def compare(floors: Mapping[str, Any], current: Mapping[str, Mapping[str, float]]) -> list[Drop]:
    """Every floor the current figures break. A figure that has a floor but is no longer
    computed counts as broken: the gate must not get weaker by losing a figure."""
    drops = []
    for kind, figs in floors["figures"].items():
        for name, floor in figs.items():
            now = current.get(kind, {}).get(name)
            if now is None or is_worse(name, floor, now):
                drops.append(Drop(kind, name, floor, now))
    return drops


def _page_value(metric: str, value: Any) -> float | None:
    """A per-page metric as one number (snippet counts as a share) for ranking changes."""
    if value is None:
        return None
    if isinstance(value, list):
        return value[0] / value[1] if value[1] else 0.0
    return float(value)


def _show(metric: str, value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return f"{value[0]}/{value[1]}"
    if metric in ("headline", "date"):
        return "right" if value else "wrong"
    return f"{value:.4f}"


def page_diff(
    drop: Drop,
    floor_pages: Mapping[str, Mapping[str, Any]],
    now_pages: Mapping[str, Mapping[str, Any]],
    pages: Mapping[str, GatePage],
    limit: int = 8,
) -> list[str]:
    """The pages behind one broken figure, worst change first: ``page  metric  then -> now``."""
    spec = figure_spec(drop.name)
    floor_kind = floor_pages.get(drop.kind, {})
    now_kind = now_pages.get(drop.kind, {})
    rows = []
    for pid in sorted(set(floor_kind) | set(now_kind)):
        page = pages.get(pid)
        if page is not None and not _in_group(drop.name, page):
            continue
        then = floor_kind.get(pid, {}).get(spec.metric)
        now = now_kind.get(pid, {}).get(spec.metric)
        a, b = _page_value(spec.metric, then), _page_value(spec.metric, now)
        if a is None and b is None:
            continue
        if a is not None and b is not None:
            change = (b - a) if spec.higher_is_better else (a - b)
            if change >= -_EPS:
                continue
        else:
            change = -1.0  # a page that appeared or vanished always shows
        rows.append((change, pid, then, now))
    rows.sort(key=lambda row: (row[0], row[1]))
    lines = [f"    {pid:<16} {spec.metric:<9} {_show(spec.metric, then):>9} -> {_show(spec.metric, now)}"
             for _, pid, then, now in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"    ... and {len(rows) - limit} more pages got worse")
    if not rows:
        lines.append("    (no single page got worse: the figure moved through the pages that count)")
    return lines


def format_failures(
    drops: Sequence[Drop],
    floors: Mapping[str, Any],
    results: Sequence[PageResult],
) -> str:
    """A readable account of every broken floor and, under it, the pages that got worse."""
    now_pages = page_values(results)
    pages = {r.page.id: r.page for r in results}
    lines = [f"quality gate: {len(drops)} figure(s) fell more than {TOLERANCE} below the floor "
             f"in {FLOORS.relative_to(REPO)}:"]
    for drop in drops:
        lines.append("  " + drop.describe())
        lines.extend(page_diff(drop, floors.get("pages", {}), now_pages, pages))
    lines.append("If the drop is intended, lower the floor with "
                 "`python benchmarks/gate.py --update-floors --allow-lower --reason \"...\"` "
                 "and say why in CHANGELOG.md.")
    return "\n".join(lines)


def read_floors(path: Path = FLOORS) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


class FloorsLowered(Exception):
    """Raised by :func:`updated_floors` when the new figures would lower a floor."""

    def __init__(self, lowered: list[Drop]) -> None:
        self.lowered = lowered
        super().__init__("\n".join(d.describe() for d in lowered))


def lowered_figures(old: Mapping[str, Any], current: Mapping[str, Mapping[str, float]]) -> list[Drop]:
    """Figures the new values would move the wrong way at all (no tolerance), or drop."""
    out = []
    for kind, figs in old.get("figures", {}).items():
        for name, floor in figs.items():
            now = current.get(kind, {}).get(name)
            if now is None or is_worse(name, floor, round(now, 4), tolerance=0.0):
                out.append(Drop(kind, name, floor, now, tolerance=0.0))
    return out


def updated_floors(
    old: Mapping[str, Any] | None,
    results: Sequence[PageResult],
    *,
    allow_lower: bool = False,
    reason: str | None = None,
    today: str | None = None,
) -> dict[str, Any]:
    """The floors file made from ``results``.

    Raises :class:`FloorsLowered` when any floor would go the wrong way, unless
    ``allow_lower`` is set with a ``reason``, which is appended to the file's ``notes``.
    """
    current = figures(results)
    lowered = lowered_figures(old or {}, current)
    if lowered and not allow_lower:
        raise FloorsLowered(lowered)
    if allow_lower and not (reason and reason.strip()):
        raise ValueError("--allow-lower needs a --reason (it is kept in the floors file)")
    notes = list((old or {}).get("notes", []))
    if lowered:
        notes.append({
            "date": today or datetime.now(timezone.utc).date().isoformat(),
            "reason": reason.strip() if reason else "",
            "lowered": [f"{d.kind} {d.name}: {d.floor:.4f} -> "
                        + ("missing" if d.now is None else f"{d.now:.4f}") for d in lowered],
        })
    return {
        "_about": ("Floors of the quality gate (tests/test_gate.py). A figure may not fall more "
                   f"than {TOLERANCE} below its floor (snippets_leaked: rise above). Raise with "
                   "`python benchmarks/gate.py --update-floors`; floors never go down without "
                   "--allow-lower --reason and a CHANGELOG note."),
        "tolerance": TOLERANCE,
        "figures": {kind: {name: round(v, 4) for name, v in figs.items()}
                    for kind, figs in current.items()},
        "notes": notes,
        "pages": page_values(results),
    }


def dump_json(doc: Any) -> str:
    """Stable, reviewable JSON text (keys in the given order, non-ASCII kept, final newline)."""
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def floors_text(doc: dict[str, Any]) -> str:
    """The floors file as text: figures indented for review, one line per page and input
    (so a floors diff shows which pages moved).

    >>> json.loads(floors_text({"figures": {}, "pages": {"html": {"p1": {"body_f1": 0.5}}}}))
    {'figures': {}, 'pages': {'html': {'p1': {'body_f1': 0.5}}}}
    """
    head = {k: v for k, v in doc.items() if k != "pages"}
    text = dump_json(head).rstrip()[:-1].rstrip() + (',\n' if head else '\n') + '  "pages": {\n'
    kinds = list(doc["pages"].items())
    for i, (kind, pages) in enumerate(kinds):
        text += f'    {json.dumps(kind)}: {{\n'
        items = list(pages.items())
        for j, (pid, metrics) in enumerate(items):
            comma = "," if j < len(items) - 1 else ""
            text += f'      {json.dumps(pid)}: {json.dumps(metrics, ensure_ascii=False)}{comma}\n'
        text += "    }" + ("," if i < len(kinds) - 1 else "") + "\n"
    return text + "  }\n}\n"


# ---------------------------------------------------------------------------------------------
# Golden files
# ---------------------------------------------------------------------------------------------


def golden_path(page_id: str, kind: str, root: Path = GOLDEN_DIR) -> Path:
    return root / f"{page_id}.{kind}.json"


def golden_text(article: Article) -> str:
    """The golden form of an article: ``to_dict()`` as indented JSON."""
    return dump_json(article.to_dict())


def _diff_view(text: str) -> list[str]:
    """The lines a golden diff compares: the JSON with ``body`` folded when it is just the
    paragraphs joined (else every paragraph change would also show as one huge body line)."""
    try:
        doc = json.loads(text)
    except ValueError:
        return text.splitlines()
    if isinstance(doc, dict) and doc.get("body") == "\n\n".join(doc.get("paragraphs") or []):
        doc["body"] = "(the paragraphs below, joined by blank lines)"
    return dump_json(doc).splitlines()


def golden_diff(expected: str, actual: str, name: str, context: int = 2, limit: int = 80) -> str:
    """A unified diff of two golden texts, cut to ``limit`` lines."""
    diff = list(difflib.unified_diff(
        _diff_view(expected), _diff_view(actual),
        fromfile=f"{name} (golden)", tofile=f"{name} (now)", lineterm="", n=context,
    ))
    if len(diff) > limit:
        diff = diff[:limit] + [f"... {len(diff) - limit} more diff lines"]
    return "\n".join(diff)


# ---------------------------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------------------------


def format_report(results: Sequence[PageResult], floors: Mapping[str, Any] | None) -> str:
    """Per-page scores and the figures beside their floors, for ``benchmarks/gate.py``."""
    lines = []
    kinds = [k for k in INPUTS if any(r.kind == k for r in results)]
    header = f"{'page':<16} {'dataset':<11} {'type':<13} {'lang':<4} " + " ".join(
        f"{k:>10}" for k in kinds)
    lines += ["body word-F1 per page and input", header, "-" * len(header)]
    by_page: dict[str, dict[str, PageResult]] = {}
    for r in results:
        by_page.setdefault(r.page.id, {})[r.kind] = r
    for pid, per_kind in by_page.items():
        page = next(iter(per_kind.values())).page
        cells = []
        for k in kinds:
            r = per_kind.get(k)
            if r is None:
                cells.append(f"{'':>10}")
                continue
            flags = ("H" if r.metrics.get("headline") else "h" if "headline" in r.metrics else " ")
            flags += ("D" if r.metrics.get("date") else "d" if "date" in r.metrics else " ")
            cells.append(f"{r.metrics['body_f1']:>7.3f} {flags}")
        lines.append(f"{pid:<16} {page.dataset:<11} {page.page_type:<13} {page.language:<4} "
                     + " ".join(cells))
    lines.append("(H/D: headline/date right; h/d: wrong; blank: no reference)")
    lines.append("")
    current = figures(results)
    floor_figs = (floors or {}).get("figures", {})
    lines.append(f"{'input':<10} {'figure':<32} {'now':>7} {'floor':>7}  status")
    for kind, figs in current.items():
        for name, value in figs.items():
            floor = floor_figs.get(kind, {}).get(name)
            if floor is None:
                status, shown = "no floor", "-"
            else:
                shown = f"{floor:.4f}"
                if is_worse(name, floor, value):
                    status = "FAIL"
                elif is_worse(name, floor, round(value, 4), tolerance=0.0):
                    status = "below floor, within tolerance"
                elif round(value, 4) != floor:
                    status = "better (raise with --update-floors)"
                else:
                    status = "ok"
            lines.append(f"{kind:<10} {name:<32} {value:7.4f} {shown:>7}  {status}")
    total = sum(r.seconds for r in results)
    slowest = max(results, key=lambda r: r.seconds)
    lines.append(f"\n{len(results)} runs of clean() in {total:.1f}s "
                 f"(slowest {slowest.page.id} {slowest.kind}: {slowest.seconds:.2f}s)")
    return "\n".join(lines)
