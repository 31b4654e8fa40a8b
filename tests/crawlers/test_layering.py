"""The layers import downwards only: storage, crawlers and monitor never reach the CLI package, and no
two project modules import each other (directly or round a longer loop).

An AST walk over the source (imports inside functions included), followed transitively through the
project's own modules, so an indirect import through parsers or monitor counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "storage", "crawlers", "parsers", "monitor", "mirror", "zonewatch")
# What each layer may never reach, directly or through another project module.
FORBIDDEN = {
    "config": {"storage", "crawlers", "parsers", "monitor", "mirror", "zonewatch"},
    "storage": {"crawlers", "parsers", "monitor", "mirror", "zonewatch"},
    "crawlers": {"monitor", "mirror", "zonewatch"},
    "monitor": {"crawlers", "mirror", "zonewatch"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> set[str]:
    """Absolute names of the project modules that one file imports."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in found if name.split(".")[0] in PACKAGES}


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            graph[_module_name(path)] = _imports(path, _module_name(path))
    # "from storage import repository" names a module; "from storage.db import get_engine" a function.
    return {module: {name for name in names if name in graph} for module, names in graph.items()}


def reachable(graph: dict[str, set[str]], start: str) -> dict[str, list[str]]:
    """Every module reachable from start, with one import chain leading to it."""
    chains = {start: [start]}
    todo = [start]
    while todo:
        current = todo.pop()
        for name in graph.get(current, ()):
            for parent in _parents(name):
                if parent in graph and parent not in chains:
                    chains[parent] = [*chains[current], parent]
                    todo.append(parent)
    return chains


def _parents(name: str) -> list[str]:
    # Importing a.b.c runs a/__init__ and a/b/__init__ too.
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_never_reaches_the_layers_above(layer: str) -> None:
    graph = import_graph()
    offences = []
    for module in sorted(m for m in graph if m.split(".")[0] == layer):
        for target, chain in reachable(graph, module).items():
            if target.split(".")[0] in FORBIDDEN[layer]:
                offences.append(" -> ".join(chain))
    assert not offences, "\n".join(offences[:10])


def test_the_walk_sees_imports() -> None:
    """The checker itself: the CLI does reach storage and crawlers, so the walk follows imports."""
    chains = reachable(import_graph(), "zonewatch.cli")
    assert "crawlers.runner" in chains and "storage.repository" in chains and "config.sites" in chains


def _cycle_through(graph: dict[str, set[str]], module: str) -> list[str] | None:
    """One loop of module-to-module imports that leaves `module` and comes back to it, or None.

    Only the imports as written count: a package's __init__ that imports its own modules is how
    packages work, not a loop.
    """
    chains = {module: [module]}
    todo = [module]
    while todo:
        current = todo.pop()
        for name in graph.get(current, ()):
            if name == module and current != module:
                return [*chains[current], module]
            if name not in chains:
                chains[name] = [*chains[current], name]
                todo.append(name)
    return None


def test_no_module_imports_its_importer() -> None:
    """storage.repository <-> storage.writer was such a loop; it hid which module owns the write."""
    graph = import_graph()
    loops = []
    for module in sorted(graph):
        if module.split(".")[0] not in ("storage", "monitor", "crawlers", "parsers", "config"):
            continue
        chain = _cycle_through(graph, module)
        if chain:
            loops.append(" -> ".join(chain))
    assert not loops, "\n".join(loops[:10])
