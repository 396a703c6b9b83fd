"""The import graph of src/newsgraph: no circles, and every import points down the levels below.

Why a test: the layout only helps a reader while data flows one way (files -> articles -> facts -> store
-> views); one convenient import from a lower module back up to a higher one is enough to bring the
circles back. Every ``import`` and ``from ... import`` statement counts, those inside functions too.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsgraph"

# Which top-level module or package of newsgraph sits at which level. A module may import its own
# top-level package and anything at a strictly lower level: two packages on one level (the stages,
# export and evaluation) never import each other; whatever they share lives lower.
LEVELS: dict[str, int] = {
    "version": 0, "errors": 0,                      # what everything may need: no newsgraph imports
    "records": 1, "ids": 1, "lexicon": 1, "settings": 1, "evidence": 1, "storable": 1,
    "kb": 2, "syntax": 2, "ingest": 2,              # the knowledge base, the shared parse helpers, input
    "actors": 3, "places": 3, "dates": 3, "events": 3, "relations": 3, "quotes": 3, "framing": 3,
    "nlp": 4, "pipeline": 5, "runner": 6, "runner_ray": 6,  # the spaCy pipeline, the stages, the pool, Ray
    "store": 7, "consolidate": 8, "audit": 8,       # the single writer and readers, then corpus steps
                                                    # and the data-quality report over a store
    "export": 9, "evaluation": 9,
    "api": 10, "web": 11, "watch": 11, "cli": 12,                # the surfaces, each thin over what is below it
    "__init__": 13,                                 # the package facade: nothing inside imports it
}


def module_name(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def _resolve(name: str) -> str | None:
    """The newsgraph module an import names (a name imported from a package may be a submodule)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{a.name}" for a in node.names] or [node.module]
        else:
            continue
        for name in names:
            if name == "newsgraph" or name.startswith("newsgraph."):
                target = _resolve(name)
                if target is not None and target != module:
                    found.add(target)
    return found


GRAPH = {m: imports_of(m) for m in MODULES}


def unit(module: str) -> str:
    """The top-level module or package of newsgraph that ``module`` belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_every_top_level_module_has_a_level():
    assert {unit(m) for m in MODULES} <= set(LEVELS), sorted({unit(m) for m in MODULES} - set(LEVELS))


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module):
    upward = [t for t in sorted(GRAPH[module])
              if unit(t) != unit(module) and LEVELS[unit(t)] >= LEVELS[unit(module)]]
    assert not upward, f"{module} (level {LEVELS[unit(module)]}) imports " + ", ".join(
        f"{t} (level {LEVELS[unit(t)]})" for t in upward)


def test_no_import_circles():
    """Tarjan's strongly connected components: any with more than one module is a circle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    assert not circles, circles


def test_the_graph_is_read_the_way_python_reads_it():
    """The checker itself: a name imported from a package that is a submodule counts as that module."""
    assert "newsgraph.store.read.actors" in GRAPH["newsgraph.store.read.events"]
    assert "newsgraph.api" in GRAPH["newsgraph.cli.commands"]
    edges = defaultdict(set)
    for m, targets in GRAPH.items():
        for t in targets:
            edges[unit(m)].add(unit(t))
    assert "store" in edges["consolidate"]  # consolidation reads and writes through the store ...
    assert "consolidate" not in edges["store"]  # ... and the store never reads consolidate (was a circle)
