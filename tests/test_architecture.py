"""The package's structure: no import cycles, deferred imports included, and no stage reaching upwards."""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "toolkit"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the toolkit modules it imports anywhere in its body (functions included)."""
    modules = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                           for alias in node.names]
            graph[name] |= {target for target in targets if target in modules and target != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or None (depth-first search with colours)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for child in sorted(graph[node]):
            if state.get(child) == 1:
                return stack[stack.index(child):] + [child]
            if child not in state and (cycle := visit(child)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycles_in_the_package():
    assert find_cycle(import_graph()) is None


def test_stages_never_import_the_runner_ray_or_the_config():
    graph = import_graph()
    stage_packages = ("toolkit.ingest", "toolkit.extract", "toolkit.embed", "toolkit.cluster", "toolkit.align",
                      "toolkit.agree")
    upper = {"toolkit.config", "toolkit.pipeline", "toolkit.runner", "toolkit.stages", "toolkit.ray_executor",
             "toolkit.cli", "toolkit.sweep"}
    for module, imports in graph.items():
        if module.startswith(stage_packages):
            assert not imports & upper, (module, imports & upper)
    ray_users = [path for path in PACKAGE.rglob("*.py")
                 if "import ray" in path.read_text(encoding="utf-8") and path.name != "ray_executor.py"]
    assert ray_users == []
