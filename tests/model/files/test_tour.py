"""Tour files: the built-in course, a teacher's own tour, and broken files refused clearly."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.files.tour import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_STEPS,
    Tour,
    builtin_tour_path,
    load_tour,
    parse_tour,
)
from linviz_gui.model.files.tour_formula import formula_html
from linviz_gui.model.linear.matrix import InputError, Matrix2, seed_example

CHOICES = {"colormap": ["viridis (colour-blind safe)", "plasma"], "basis": ["course (red / green)"]}
GAUSSIAN = DatasetSpec("gaussian", 1000, 0)


def _course_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(builtin_tour_path().read_text(encoding="utf-8"))
    return document


def _minimal(**step: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"title": "One", "text": "Look."}
    base.update(step)
    return {"format": "linviz-tour", "version": 1, "title": "Mine", "steps": [base]}


def _write(tmp_path: Path, document: object, name: str = "lesson.json") -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), "utf-8")
    return path


# The built-in course --------------------------------------------------------------------------


def test_the_course_has_the_notebooks_sections_in_order() -> None:
    tour = load_tour(builtin_tour_path(), CHOICES)
    states = [step.state for step in tour.steps]
    assert all(state is not None for state in states)
    views = [state.view for state in states if state is not None]
    assert (
        views == ["Explorer"] * 4 + ["SVD", "Explorer", "Classifier", "Autograd"] + ["Network"] * 2
    )
    basis, two, cloud, random_w, svd, layer = (s for s in states[:6] if s is not None)
    assert basis.matrix == Matrix2.identity() and basis.display.basis == "course (red / green)"
    assert two.dataset == DatasetSpec("two_points", 1000, 0) and two.dataset.size == 2
    assert cloud.dataset == GAUSSIAN
    assert random_w.matrix_seed == 0 and random_w.matrix is None and random_w.dataset == GAUSSIAN
    assert svd.matrix == seed_example() and layer.matrix == seed_example()
    assert all(step.formula and step.code and step.try_this for step in tour.steps)


def _run_course_code(code: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    # The shipped course's own code, run to prove it is the code the app's state matches; the
    # app itself never runs a tour's text.
    exec(compile(code, "<course step>", "exec"), namespace)  # noqa: S102
    return namespace


@pytest.mark.parametrize("number", range(1, 11))
def test_each_course_steps_code_computes_what_its_state_shows(number: int, capsys) -> None:
    import torch

    from linviz_gui.model.data.point_sets import make_points
    from linviz_gui.model.linear.matrix import random_matrix

    step = load_tour(builtin_tour_path()).steps[number - 1]
    assert step.state is not None
    ns = _run_course_code(step.code)
    state = step.state
    if state.matrix is not None and "W" in ns:
        w = ns["W"].flatten().tolist()
        assert w == pytest.approx(list(state.matrix.entries), abs=1e-6)
    if state.matrix_seed is not None:
        expected = random_matrix(state.matrix_seed)
        assert ns["W"].tolist() == [list(r) for r in expected.rows]
    if state.dataset is not None and state.dataset.kind == "gaussian" and "X" in ns:
        assert torch.equal(ns["X"], make_points(state.dataset)[0])
    if state.dataset is not None and state.dataset.kind == "two_points":
        assert torch.equal(ns["points"], make_points(state.dataset)[0])
        assert ns["colors"].tolist() == pytest.approx([0.1, 0.2])
    if state.view == "SVD":
        assert ns["S"].tolist() == pytest.approx([1.0115, 0.3292], abs=1e-4)
        assert torch.linalg.det(ns["U"]).item() == pytest.approx(-1.0, abs=1e-5)
        assert torch.linalg.det(ns["V"]).item() == pytest.approx(-1.0, abs=1e-5)
    if state.view == "Autograd":
        assert ns["a"].item() == 4.5
        assert ns["x"].grad.tolist() == [[-1.5, 0.0], [1.5, 3.0]]
    if state.view == "Network":
        assert all(float(out.abs().max()) < 1e3 for out in ns["outputs"])
    capsys.readouterr()


def test_the_random_networks_code_builds_the_nets_the_network_tab_shows() -> None:
    import torch

    from linviz_gui.model.network.layers import build_sequential, deep_relu_net, network_from_dict

    step = load_tour(builtin_tour_path()).steps[9]
    assert step.state is not None and step.state.view_state is not None
    shown = network_from_dict(step.state.view_state["network"])
    ns = _run_course_code(step.code)
    with torch.no_grad():
        assert torch.equal(ns["outputs"][0], build_sequential(shown)(ns["X"]))
        assert torch.equal(ns["outputs"][5], build_sequential(deep_relu_net(0))(ns["X"]))


def test_the_cloud_steps_fractions_are_the_ones_quoted() -> None:
    step = load_tour(builtin_tour_path()).steps[2]
    ns = _run_course_code(step.code.split("for k in")[0])
    radius = ns["X"].norm(dim=1)
    observed = [f"{(radius < k).float().mean().item():.1%}" for k in (1, 2, 3)]
    assert "This cloud has {}, {} and {}".format(*observed) in step.text


# A teacher's tour ---------------------------------------------------------------------------------


def test_a_teachers_tour_file_loads(tmp_path: Path) -> None:
    document = {
        "format": "linviz-tour",
        "version": 1,
        "title": "Shears, week 3",
        "steps": [
            {
                "title": "A shear",
                "text": ["First paragraph.", "Second paragraph."],
                "formula": "W = [[1, k], [0, 1]],  x_{new} = x + k y",
                "code": ["import torch", "W = torch.tensor([[1.0, 0.5], [0.0, 1.0]])"],
                "try": "What is det W?",
                "state": {
                    "matrix": "[[1, 0.5], [0, 1]]",
                    "dataset": {"kind": "grid", "n": 100},
                    "display": {"colormap": "Plasma", "grid": False},
                    "view_state": {"stage": 2, "names": ["a", "b"]},
                },
            },
            {"title": "Free play", "text": "No state: the app is yours."},
        ],
    }
    tour = load_tour(_write(tmp_path, document), CHOICES)
    assert isinstance(tour, Tour) and tour.title == "Shears, week 3" and len(tour.steps) == 2
    first = tour.steps[0]
    assert first.text == "First paragraph.\n\nSecond paragraph."
    assert first.code == "import torch\nW = torch.tensor([[1.0, 0.5], [0.0, 1.0]])"
    assert first.state is not None
    assert first.state.view == "Explorer"
    assert first.state.matrix == Matrix2(1.0, 0.5, 0.0, 1.0)
    assert first.state.dataset == DatasetSpec("grid", 100, 0)
    assert first.state.display.colormap == "plasma" and first.state.display.grid is False
    options = first.state.view_state
    assert options == {"stage": 2, "names": ["a", "b"]}
    options["stage"] = 99  # a view changing its copy leaves the tour alone
    assert first.state.view_state == {"stage": 2, "names": ["a", "b"]}
    assert tour.steps[1].state is None


def test_the_example_in_the_tour_format_notes_loads() -> None:
    notes = (builtin_tour_path().parent / "README.md").read_text(encoding="utf-8")
    example = notes.split("```json")[1].split("```")[0]
    tour = parse_tour(example, "README.md", CHOICES)
    assert tour.steps[0].state is not None
    assert tour.steps[0].state.matrix == Matrix2(1.0, 0.5, 0.0, 1.0)


# Broken tours ------------------------------------------------------------------------------------


def _with(path: str, value: Any) -> dict[str, Any]:
    """The minimal tour with ``value`` placed at the dotted ``path`` of its step."""
    document = _minimal(state={"dataset": {"kind": "gaussian"}, "display": {}})
    target = document["steps"][0]
    *parents, last = path.split(".")
    for key in parents:
        target = target[key]
    target[last] = value
    return document


BROKEN: list[tuple[str, object, tuple[str, ...]]] = [
    ("not json", "{steps: [}", ("not valid JSON", "line 1")),
    ("not an object", "[1, 2]", ("must be a JSON object",)),
    ("wrong format", {**_minimal(), "format": "other"}, ("'format'", "linviz-tour")),
    ("wrong version", {**_minimal(), "version": 2}, ("'version'", "must be 1")),
    ("version true", {**_minimal(), "version": True}, ("'version'",)),
    ("unknown top key", {**_minimal(), "colour": 1}, ("unknown key 'colour'",)),
    ("no steps key", {"format": "linviz-tour", "version": 1}, ("'steps' is missing",)),
    ("empty steps", {**_minimal(), "steps": []}, ("'steps'", "non-empty")),
    ("steps not list", {**_minimal(), "steps": "one"}, ("'steps'", "non-empty")),
    ("step not object", {**_minimal(), "steps": [3]}, ("step 1", "JSON object")),
    ("missing title", {**_minimal(), "steps": [{"text": "x"}]}, ("step 1", "'title' is missing")),
    ("empty title", _with("title", "  "), ("step 1", "'title'", "empty")),
    ("title not text", _with("title", 5), ("step 1", "'title'", "must be text")),
    ("text list of numbers", _with("text", [1, 2]), ("'text'", "must be text")),
    ("unknown step key", _with("hint", "x"), ("step 1", "unknown key 'hint'")),
    ("unknown state key", _with("state.zoom", 2), ("'state'", "unknown key 'zoom'")),
    ("bad matrix", _with("state.matrix", "1,0;0"), ("'state.matrix'", "row 2 of W")),
    ("matrix junk", _with("state.matrix", "1,0;0,x"), ("'state.matrix'", "W[1,1]")),
    ("matrix huge", _with("state.matrix", "1e9,0;0,1"), ("'state.matrix'", "between")),
    ("matrix not text", _with("state.matrix", [[1, 0], [0, 1]]), ("'state.matrix'", "text")),
    (
        "matrix and seed",
        _with("state", {"matrix": "1,0;0,1", "matrix_seed": 0}),
        ("'state'", "not both"),
    ),
    ("negative seed", _with("state.matrix_seed", -1), ("'state.matrix_seed'", "between")),
    ("float seed", _with("state.matrix_seed", 0.5), ("'state.matrix_seed'", "whole number")),
    ("dataset kind", _with("state.dataset.kind", "spiral"), ("'state.dataset'", "'spiral'")),
    ("dataset kind type", _with("state.dataset.kind", ["a"]), ("'state.dataset.kind'", "text")),
    ("dataset no kind", _with("state.dataset", {"n": 3}), ("'kind' is missing",)),
    ("dataset n zero", _with("state.dataset.n", 0), ("'state.dataset'", "N must be between")),
    ("dataset n float", _with("state.dataset.n", 1.5), ("'state.dataset.n'", "whole number")),
    ("dataset n huge", _with("state.dataset.n", 10**9), ("'state.dataset'", "N must be")),
    ("dataset seed", _with("state.dataset.seed", -4), ("'state.dataset'", "seed must be")),
    ("dataset extra", _with("state.dataset.colour", 1), ("unknown key 'colour'",)),
    ("grid not bool", _with("state.display.grid", "yes"), ("'state.display.grid'", "true or")),
    ("colormap", _with("state.display.colormap", "rainbow"), ("'rainbow'", "viridis")),
    ("view empty", _with("state.view", ""), ("'state.view'", "empty")),
    ("view_state list", _with("state.view_state", [1]), ("'state.view_state'", "JSON object")),
    ("NaN", '{"format": "linviz-tour", "version": NaN}', ("NaN",)),
    ("infinite", '{"format": "linviz-tour", "version": 1e999}', ("too large",)),
    ("duplicate key", '{"format": "linviz-tour", "format": "x"}', ("'format' appears twice",)),
    (
        "too many steps",
        {**_minimal(), "steps": [{"title": "t", "text": "x"}] * (MAX_STEPS + 1)},
        ("steps", f"a tour may have {MAX_STEPS}"),
    ),
    ("deeply nested", "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), ("nested more than",)),
    ("very deeply nested", "[" * 100_000 + "]" * 100_000, ("nested more than",)),
    ("too large", " " * (MAX_FILE_BYTES + 1), ("tour files are at most 512 KiB",)),
    ("long text", _with("text", "x" * 30_000), ("'text'", "longer than")),
]


@pytest.mark.parametrize(
    ("document", "expected"), [(d, e) for _, d, e in BROKEN], ids=[n for n, _, _ in BROKEN]
)
def test_a_broken_tour_is_refused_with_a_message_naming_the_problem(
    tmp_path: Path, document: object, expected: tuple[str, ...]
) -> None:
    path = _write(tmp_path, document, "broken_lesson.json")
    with pytest.raises(InputError) as caught:
        load_tour(path, CHOICES)
    message = str(caught.value)
    assert "broken_lesson.json" in message  # which file
    for part in expected:
        assert part in message, message


def test_binary_and_missing_files_are_refused(tmp_path: Path) -> None:
    binary = tmp_path / "picture.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(InputError, match=r"picture\.json: not UTF-8"):
        load_tour(binary)
    with pytest.raises(InputError, match=r"cannot open .*gone\.json: no such file"):
        load_tour(tmp_path / "gone.json")


# Any input: a tour or an InputError ----------------------------------------------------------

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
_paths = st.lists(
    st.sampled_from(
        ["steps", 0, "state", "dataset", "display", "matrix", "kind", "n", "title", "text"]
    ),
    max_size=5,
)


def _check(document: object) -> None:
    try:
        result = parse_tour(json.dumps(document), "fuzz.json", CHOICES)
    except InputError as error:
        assert str(error).startswith("fuzz.json")
    else:
        assert isinstance(result, Tour) and result.steps


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_json)
def test_any_json_gives_a_tour_or_an_input_error(document: object) -> None:
    _check(document)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=_paths, value=_json)
def test_any_change_to_the_course_gives_a_tour_or_an_input_error(
    path: list[str | int], value: object
) -> None:
    document: Any = copy.deepcopy(_course_document())
    target = document
    for key in path[:-1]:
        if _has(target, key):
            target = target[key]
    last = path[-1] if path else "title"
    if (isinstance(target, dict) and isinstance(last, str)) or _has(target, last):
        target[last] = value
    _check(document)


def _has(container: object, key: str | int) -> bool:
    if isinstance(container, dict):
        return key in container
    return isinstance(container, list) and isinstance(key, int) and key < len(container)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200) | st.binary(max_size=200))
def test_any_text_gives_a_tour_or_an_input_error(data: str | bytes) -> None:
    try:
        tour = parse_tour(data, "fuzz.json")
    except InputError as error:
        assert str(error).startswith("fuzz.json")
    else:
        assert tour.steps


# Formulas ----------------------------------------------------------------------------------------


def test_formulas_render_scripts_and_show_markup_as_text() -> None:
    assert formula_html("e^{−r^2/2}") == "e<sup>−r<sup>2</sup>/2</sup>"
    assert formula_html("W_{11} x_1") == "W<sub>11</sub> x<sub>1</sub>"
    assert formula_html("a \\_b\nc") == "a _b<br>c"
    assert formula_html("<script>&") == "&lt;script&gt;&amp;"
    assert formula_html("a,   b") == "a,&nbsp;&nbsp; b"
    deep = formula_html("x" + "_{a" * 500 + "}" * 500)
    assert deep.count("<sub>") == 3
