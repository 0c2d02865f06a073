"""The package's layout: folders by stage, imports only downward, no cycles, README in step."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ["errors", "limits", "schema", "model", "results", "execution", "validation", "present", "cli"]
"""Stages from the bottom up: a module may import its own stage and those listed before it."""
RANK = {"errors": 0, "limits": 0, "schema": 1, "model": 2, "results": 3, "execution": 4, "validation": 5,
        "present": 6, "cli": 7, "cli_args": 7, "cli_sweeps": 7, "__main__": 7}  # fmt: skip


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, types: bool = False, roots: tuple[str, ...] = ("sim",)) -> set[str]:
    """The modules under `roots` that `path` imports when it runs (with `types`, for type checking too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set()
    for node in ast.walk(tree):
        if not types and isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(child) for child in ast.walk(node))
    found = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in roots:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.split(".")[0] in roots)
    return found


MODULES = {module_name(p): p for p in sorted((ROOT / "sim").rglob("*.py"))}
GRAPH = {name: {m for m in imports(path) if m in MODULES and m != name} for name, path in MODULES.items()}


def stage(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else None


def test_every_module_lives_in_a_known_stage():
    for name in MODULES:
        if name != "sim":
            assert stage(name) in RANK, f"{name} is in no stage folder of {LAYERS}"


@pytest.mark.parametrize("name", [n for n in MODULES if n != "sim"])
def test_a_module_imports_only_its_own_stage_and_those_below(name):
    for target in GRAPH[name]:
        if target == "sim":
            continue
        assert RANK[stage(target)] <= RANK[stage(name)], f"{name} ({stage(name)}) imports {target} (above it)"


def test_there_are_no_import_cycles_not_even_for_types_nor_among_the_tools():
    """A cycle through a type-checking import is still a circle a reader must follow."""
    paths = {
        module_name(p): p
        for p in sorted((ROOT / "sim").rglob("*.py")) + sorted((ROOT / "tools").rglob("*.py"))
    }
    graph = {
        name: {m for m in imports(path, types=True, roots=("sim", "tools")) if m in paths and m != name}
        for name, path in paths.items()
    }
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt) :] + [nxt]
                raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
            if nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])


def test_the_documentation_tools_live_outside_the_package():
    assert not (ROOT / "sim" / "readme.py").exists() and (ROOT / "tools" / "readme.py").exists()
    for name in MODULES:
        assert not any(m.startswith("tools") for m in imports(MODULES[name])), f"{name} imports tools/"


def test_the_readme_layout_section_lists_every_folder_and_nothing_else():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    listed = {line.split("`")[1].rstrip("/") for line in section.splitlines() if line.startswith("- `")}
    folders = {f"sim/{p.name}" for p in (ROOT / "sim").iterdir() if p.is_dir() and any(p.glob("*.py"))}
    folders |= {"sim/schema/components", "tools", "tests", "benchmarks", "scenarios", "docs"}
    folders.discard("sim/__pycache__")
    assert listed == folders, f"README lists {sorted(listed - folders)}, misses {sorted(folders - listed)}"
