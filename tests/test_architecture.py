"""The layout is the architecture: imports run one way, with no circle, and each room keeps to
the rooms below it (see ARCHITECTURE.md). Read from the source, so nothing is imported."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "linviz_gui"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, modules: set[str], top_level_only: bool) -> set[str]:
    """The linviz modules ``tree`` imports when it runs (``TYPE_CHECKING`` blocks excluded)."""
    found: set[str] = set()

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for other in child.orelse:
                    visit(other, in_function)
                continue
            inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import | ast.ImportFrom) and not (
                top_level_only and in_function
            ):
                names = (
                    [a.name for a in child.names]
                    if isinstance(child, ast.Import)
                    else [f"{child.module}.{a.name}" for a in child.names] + [str(child.module)]
                )
                found.update(name for name in names if name in modules)
            visit(child, inner)

    visit(tree, False)
    return found


def import_graph(top_level_only: bool) -> dict[str, set[str]]:
    files = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    modules = set(files)
    return {
        name: _imports(ast.parse(path.read_text()), modules, top_level_only) - {name}
        for name, path in files.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle as ``[a, b, ..., a]``, or ``[]``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state and (cycle := walk(target)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := walk(node)):
            return cycle
    return []


@pytest.mark.parametrize("top_level_only", [True, False], ids=["at-import", "with-lazy-imports"])
def test_no_import_circle(top_level_only: bool) -> None:
    cycle = find_cycle(import_graph(top_level_only))
    assert not cycle, "import circle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


#: (room, rooms it must not import). Lower rooms never reach up; views never reach sideways.
FORBIDDEN = [
    ("linviz_gui.model", ("linviz_gui.ui", "linviz_gui.compute", "linviz_gui.render")),
    ("linviz_gui.render", ("linviz_gui.ui", "linviz_gui.compute")),
    ("linviz_gui.compute", ("linviz_gui.ui",)),
    ("linviz_gui.ui.widgets", ("linviz_gui.ui.views", "linviz_gui.ui.shell")),
    ("linviz_gui.ui.export", ("linviz_gui.ui.views", "linviz_gui.ui.shell")),
    ("linviz_gui.ui.views", ("linviz_gui.ui.shell",)),
]


def test_each_room_imports_only_the_rooms_below_it() -> None:
    graph = import_graph(top_level_only=False)
    wrong = [
        f"{source} imports {target}"
        for source, targets in graph.items()
        for room, banned in FORBIDDEN
        if source == room or source.startswith(room + ".")
        for target in targets
        if any(target == b or target.startswith(b + ".") for b in banned)
    ]
    assert not wrong, "\n".join(wrong)


def test_views_do_not_import_each_other() -> None:
    graph = import_graph(top_level_only=False)

    def view_of(module: str) -> str | None:
        parts = module.split(".")
        return parts[3] if parts[:3] == ["linviz_gui", "ui", "views"] and len(parts) > 3 else None

    crossing = [
        f"{source} imports {target}"
        for source, targets in graph.items()
        for target in targets
        if view_of(source) and view_of(target) and view_of(source) != view_of(target)
    ]
    assert not crossing, "\n".join(crossing)


def test_every_registered_view_has_its_folder_and_the_top_of_ui_stays_small() -> None:
    from linviz_gui.ui.registry import VIEWS

    for spec in VIEWS:
        assert (PACKAGE / "ui" / "views" / spec.name / "__init__.py").is_file(), spec.name
        module, _, _ = spec.factory.partition(":")
        assert module.startswith(f"linviz_gui.ui.views.{spec.name}."), spec.factory
    assert len(list((PACKAGE / "ui").glob("*.py"))) <= 12
