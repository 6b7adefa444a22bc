"""The files the code reads at run time are inside the package and declared as package data, so a
wheel installed the ordinary way (not ``-e``) has them. Builds nothing: reads the sources and
pyproject.toml (``.ci/wheel-smoke`` checks a real wheel)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import linviz_gui
from linviz_gui.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(linviz_gui.__file__).resolve().parent
RESOURCES = PACKAGE / "resources"


def _asked_for() -> dict[str, str]:
    """Every name passed to ``resource_path`` in the package and the tests -> where."""
    names: dict[str, str] = {}
    sources = [*PACKAGE.rglob("*.py"), *(ROOT / "tests").rglob("*.py")]
    for source in sorted(set(sources) - {Path(__file__).resolve()}):  # this file loops over names
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "resource_path"
            ):
                continue
            where = f"{source.relative_to(ROOT)}:{node.lineno}"
            argument = node.args[0] if node.args else None
            # A computed name could not be checked here: the code must spell it out.
            assert isinstance(argument, ast.Constant), f"{where}: resource_path needs a literal"
            assert isinstance(argument.value, str)
            names[argument.value] = where
    return names


def _declared() -> set[Path]:
    """The files that pyproject.toml's package-data globs take into the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["linviz_gui.resources"]
    return {path for pattern in patterns for path in RESOURCES.glob(pattern) if path.is_file()}


def test_the_code_asks_for_the_icon_the_tour_and_the_example_session() -> None:
    # Guards the scan itself: if it found nothing, the checks below would pass on nothing.
    assert {"icon.svg", "tours/course.json", "sessions/course-example.linviz.json"} <= set(
        _asked_for()
    )


def test_every_file_asked_for_is_inside_the_package_and_declared() -> None:
    declared = _declared()
    for name, where in _asked_for().items():
        path = resource_path(name).resolve()
        assert path.is_relative_to(RESOURCES), f"{where}: {name} is outside the package"
        assert path.is_file(), f"{where}: {name} is missing from linviz_gui/resources/"
        assert path in declared, f"{where}: {name} is not listed as package data in pyproject"


def test_nothing_in_the_resources_folder_is_left_out_of_the_wheel() -> None:
    data = {
        path
        for path in RESOURCES.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    }
    assert data - _declared() == set()


def test_the_built_in_tour_loads_from_the_package() -> None:
    from linviz_gui.model.files.tour import builtin_tour_path, load_tour

    assert builtin_tour_path().resolve().is_relative_to(RESOURCES)
    assert len(load_tour(builtin_tour_path()).steps) >= 10
