"""The models' boosted trees as Python code, shipped as modules of the package (#19).

Each model in ``data/`` (``text_model.json``, ``html_model.json``, ``headline_model.json``)
has a module in :mod:`boilerstrip._trees` made from it by :func:`module_source`: its trees as
plain functions of a feature vector. Python compiles these modules as it does the rest of the
package (pip byte-compiles a wheel when it installs it; ``__pycache__`` after that), so a
fresh process loads the trees as bytecode in about a millisecond instead of generating and
compiling 1.7 MB of source (~0.5 s of CPU), and needs no writable cache to do so.

The training scripts call :func:`write_modules` when they write a model, and
``tests/test_treecode.py`` checks that the shipped modules are exactly what
:func:`module_source` makes of the shipped models, so the two cannot drift apart.

:func:`compile_trees` is how the models' loaders get their scoring functions: trees that are
shipped (found by the digest of their numbers in :data:`boilerstrip._trees.FUNCTIONS`) come
from their module; other trees (a model being fitted, or passed to ``use_model``) are
compiled in the process, from the same generated source.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any, cast

__all__ = ["compile_trees", "module_source", "modules", "write_modules"]

Score = Callable[[Sequence[float]], float]

MODELS = ("headline_model", "html_headline_model", "html_model", "text_model")
"""The model files of ``data/`` that hold trees (each ``<name>.json`` gives ``_trees/<name>.py``)."""

_MAX_DEPTH = 12  # Python's compiler refuses deeper nesting than ~20 blocks; our trees have 5-8


def _check_tree(node: object, depth: int, n_features: int) -> None:
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return
    if not (isinstance(node, list) and len(node) == 4 and depth < _MAX_DEPTH):
        raise ValueError("model: a tree node must be a number or [feature, threshold, left, right]")
    feature, threshold, left, right = node
    if not (isinstance(feature, int) and 0 <= feature < n_features and isinstance(threshold, (int, float))):
        raise ValueError("model: bad split in a tree")
    _check_tree(left, depth + 1, n_features)
    _check_tree(right, depth + 1, n_features)


def _digest(baseline: float, trees: Sequence[object], n_features: int) -> str | None:
    """The name of these trees in :data:`boilerstrip._trees.FUNCTIONS`, or None for trees that
    marshal cannot write (a float subclass: never shipped)."""
    try:
        # (marshal's format 2 has no back-references: the same trees always give the same
        # bytes; ~40x faster than json.dumps for the 200 kB of the HTML model's trees)
        data = marshal.dumps([float(baseline), trees, n_features], 2)
    except ValueError:
        return None
    return hashlib.sha256(data).hexdigest()


def compile_trees(baseline: float, trees: Sequence[object], n_features: int) -> Score:
    """The trees as one Python function of a feature vector: the shipped function when these
    are a shipped model's trees, else compiled now (see :func:`_tree_source` for the code).

    Trees are checked before their source is generated: it is made from numbers only (each
    checked to be an int or a float), so a model file cannot inject code.
    """
    from ._trees import FUNCTIONS

    digest = _digest(baseline, trees, n_features)
    shipped = FUNCTIONS.get(digest) if digest is not None else None
    if shipped is not None:
        module, name = shipped
        return cast(Score, getattr(import_module(f"{__package__}._trees.{module}"), name))
    for tree in trees:
        _check_tree(tree, 0, n_features)
    namespace: dict[str, object] = {"Sequence": Sequence}  # (the source's annotations name it)
    source = "\n".join(_tree_source("score", baseline, trees, n_features))
    exec(compile(source, "<boilerstrip model>", "exec"), namespace)  # noqa: S102 - numbers only
    return cast(Score, namespace["score"])


def _tree_source(name: str, baseline: float, trees: Sequence[object], n_features: int) -> list[str]:
    """The lines of the Python source of the trees' scoring function ``name(x)``.

    Nested ``if``/``else`` on local names is the fastest tree walk pure Python has: ~20 ns a
    comparison, no per-node objects. The source is generated from numbers only (each checked
    to be an int or a float), so a model file cannot inject code.

    The trees are walked together, not one after the other: each tree's leaf goes to a slot
    of its own and the leaves are added in the trees' order at the end, which gives the same
    sum, so the walks may be interleaved. Trees whose next split is the same test share one
    comparison, and a test that the comparisons above already decide (``x <= 0.5`` inside
    ``x <= 0.3``) is not made again: ~10% fewer comparisons, same result for every input.
    """
    used: set[int] = set()

    def features_of(node: object) -> None:
        if isinstance(node, list):
            used.add(node[0])
            features_of(node[2])
            features_of(node[3])

    for tree in trees:
        features_of(tree)
    names = ", ".join(f"x{i}" if i in used else "_" for i in range(n_features))
    lines = [f"def _walk_{name}(x: Sequence[float], o: list[float]) -> None:", f"    ({names},) = x"]
    Bounds = dict[int, tuple[float, float]]  # feature -> (lo, hi): lo < x <= hi is known

    def decided(node: object, bounds: Bounds) -> object:
        """``node``, or the subtree the known bounds send every input to."""
        while isinstance(node, list):
            lo, hi = bounds.get(node[0], (-math.inf, math.inf))
            if hi <= node[1]:
                node = node[2]
            elif lo >= node[1]:  # (x > lo >= threshold; a NaN goes right as well)
                node = node[3]
            else:
                break
        return node

    def emit(pending: list[tuple[int, object]], bounds: Bounds, depth: int) -> None:
        pad = "    " * (depth + 1)
        splits: list[tuple[int, list[Any]]] = []
        for k, node in pending:
            node = decided(node, bounds)
            if isinstance(node, list):
                splits.append((k, node))
            else:
                lines.append(f"{pad}o[{k}] = {float(cast(float, node))!r}")  # a leaf: a number (see _check_tree)
        while splits:
            # the test most of the pending trees make next, first met on a tie
            counts: dict[tuple[int, float], int] = {}
            for _, node in splits:
                key = (node[0], float(node[1]))
                counts[key] = counts.get(key, 0) + 1
            feature, threshold = max(counts, key=counts.__getitem__)
            group = [(k, node) for k, node in splits if (node[0], float(node[1])) == (feature, threshold)]
            splits = [(k, node) for k, node in splits if (node[0], float(node[1])) != (feature, threshold)]
            lo, hi = bounds.get(feature, (-math.inf, math.inf))
            lines.append(f"{pad}if x{feature} <= {threshold!r}:")
            emit([(k, node[2]) for k, node in group], {**bounds, feature: (lo, min(hi, threshold))}, depth + 1)
            lines.append(f"{pad}else:")
            emit([(k, node[3]) for k, node in group], {**bounds, feature: (max(lo, threshold), hi)}, depth + 1)

    emit(list(enumerate(trees)), {}, 0)
    # The walk only stores constants (it makes no object): under ``tracemalloc`` every object
    # made in a code object costs a walk of its line table up to the instruction (to name
    # the line), ~0.4 ms at the end of the walk's, which made a call ~10 ms. The leaves are
    # added in the trees' order by ``sum`` (in C: no float object per tree): the same sum as
    # ``baseline + t0 + t1 + ...`` (Python 3.12 and later add with compensation, a hair closer).
    return lines + [
        "",
        "",
        f"def {name}(x: Sequence[float]) -> float:",
        f"    o = [0.0] * {len(trees)}",
        f"    _walk_{name}(x, o)",
        f"    return sum(o, {float(baseline)!r})",
    ]


def _tree_sets(model: str, raw: dict[str, Any]) -> list[tuple[str, float, list[object], int]]:
    """The function name, baseline, trees and feature count of each set of trees in the
    model file ``model`` (as its loader passes them to :func:`compile_trees`)."""
    if model == "text_model":
        stage1 = raw["stage1"]
        return [("score", float(stage1["baseline"]), stage1["trees"], len(raw["features"]))]
    sets = [("score", float(raw["baseline"]), raw["trees"], len(raw["features"]))]
    if model == "html_model":
        for key, prefix in (
            ("page_types", "page_type"), ("page_types_no_url", "page_type_no_url"), ("page_types_blind", "page_type_blind"),
        ):
            if key in raw:
                types = raw[key]
                n = len(types["signals"])
                sets += [(f"{prefix}_{i}", float(b), t, n) for i, (b, t) in enumerate(zip(types["baselines"], types["trees"]))]
    return sets


_HEADER = '''"""The trees of ``data/{model}.json`` as Python: made by ``boilerstrip._treecode``, do not edit."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [{names}]
'''


def module_source(model: str, raw: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The source of ``_trees/<model>.py`` for the model document ``raw``, and the digest of
    each of its functions' trees (digest -> function name)."""
    sets = _tree_sets(model, raw)
    parts = [_HEADER.format(model=model, names=", ".join(f'"{name}"' for name, *_ in sets))]
    digests: dict[str, str] = {}
    for name, baseline, trees, n_features in sets:
        for tree in trees:
            _check_tree(tree, 0, n_features)
        digest = _digest(baseline, trees, n_features)
        assert digest is not None  # (JSON gives plain floats)
        digests[digest] = name
        parts.append("\n\n" + "\n".join(_tree_source(name, baseline, trees, n_features)) + "\n")
    return "".join(parts), digests


def modules(data: Path | None = None) -> dict[str, str]:
    """Every file of :mod:`boilerstrip._trees` (file name -> source), made from the model files
    in ``data`` (by default the package's own)."""
    base = Path(__file__).parent / "data" if data is None else data
    files: dict[str, str] = {}
    index: list[str] = []
    for model in MODELS:
        raw = json.loads((base / f"{model}.json").read_text(encoding="utf-8"))
        source, digests = module_source(model, raw)
        files[f"{model}.py"] = source
        index += [f'    "{digest}": ("{model}", "{name}"),\n' for digest, name in digests.items()]
    files["__init__.py"] = (
        '"""The shipped models\' trees as Python modules: made by ``boilerstrip._treecode``, do not edit."""\n\n'
        "FUNCTIONS: dict[str, tuple[str, str]] = {\n" + "".join(index) + "}\n"
        '"""sha256 of a set of trees (see ``_treecode._digest``) -> its module and function."""\n'
    )
    return files


def write_modules(data: Path | None = None, out: Path | None = None) -> list[Path]:
    """Write :func:`modules` into ``out`` (by default this package's ``_trees`` directory);
    the files that changed. The training scripts call this when they write a model."""
    directory = Path(__file__).parent / "_trees" if out is None else out
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, source in modules(data).items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != source:
            path.write_text(source, encoding="utf-8")
            changed.append(path)
    return changed
