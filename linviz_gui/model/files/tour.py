"""Guided tours: a list of steps read from a JSON file, each explaining something and naming the
app state that shows it.

A tour file is data only (nothing in it is run). Its shape::

    {"format": "linviz-tour", "version": 1, "title": "...",
     "steps": [{"title": "...", "text": "...", "formula": "...", "code": "...", "try": "...",
                "state": {"view": "Explorer", "matrix": "1,0;0,1",
                          "dataset": {"kind": "gaussian", "n": 1000, "seed": 0},
                          "display": {"colormap": "viridis", "basis": "course", "grid": true},
                          "view_state": {...}}}]}

``text``, ``formula`` and ``code`` may also be lists of lines. ``matrix_seed`` (an integer) may
stand for ``matrix``: W is then ``torch.manual_seed(seed); torch.randn(2, 2)``. In a formula,
``x_{...}`` and ``x^{...}`` (or ``x_1``, ``x^2``) become sub- and superscripts. Every problem is
an :class:`InputError` naming the file, the step and the field.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.files.safe_read import KIB, read_bounded, too_large
from linviz_gui.model.linear.matrix import InputError, Matrix2, parse_matrix
from linviz_gui.resources import resource_path

FORMAT = "linviz-tour"
VERSION = 1
MAX_FILE_BYTES = 512 * KIB
MAX_STEPS = 100
#: JSON nesting allowed in a file (the tour itself needs 5 levels; a view's state a few more).
MAX_DEPTH = 12
MAX_TITLE = 200
MAX_TEXT = 20_000

_TOUR_KEYS = {"format", "version", "title", "description", "steps"}
_STEP_KEYS = {"title", "text", "formula", "code", "try", "state"}
_STATE_KEYS = {"view", "matrix", "matrix_seed", "dataset", "display", "view_state"}
_DATASET_KEYS = {"kind", "n", "seed"}
_DISPLAY_KEYS = {"colormap", "basis", "grid", "auto_fit"}

#: For the display names a tour may use: ``{"colormap": [...], "basis": [...]}``.
DisplayChoices = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class DisplayState:
    """Display options a step sets; ``None`` leaves an option as the user has it."""

    colormap: str | None = None
    basis: str | None = None
    grid: bool | None = None
    auto_fit: bool | None = None


@dataclass(frozen=True)
class StepState:
    """What "Set up this step" does: the tab to show, W, the points, display and view options."""

    view: str = "Explorer"
    matrix: Matrix2 | None = None
    #: W = torch.randn(2, 2) after torch.manual_seed(matrix_seed), the explorer's random preset.
    matrix_seed: int | None = None
    dataset: DatasetSpec | None = None
    display: DisplayState = field(default_factory=DisplayState)
    #: Kept as JSON text so the tour stays immutable; :attr:`view_state` gives a fresh dict.
    view_state_json: str | None = None

    @property
    def view_state(self) -> dict[str, Any] | None:
        """The options for the view's ``apply_view_state``, a new dict on every call."""
        if self.view_state_json is None:
            return None
        state: dict[str, Any] = json.loads(self.view_state_json)
        return state


@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    formula: str = ""
    code: str = ""
    try_this: str = ""
    state: StepState | None = None


@dataclass(frozen=True)
class Tour:
    title: str
    steps: tuple[TourStep, ...]
    source: str = ""
    description: str = ""


def builtin_tour_path() -> Path:
    """The course tour that ships with linviz."""
    return resource_path("tours/course.json")


def load_tour(path: str | Path, display_choices: DisplayChoices | None = None) -> Tour:
    """Read and check a tour file; any problem is an :class:`InputError` naming where it is.

    Parameters
    ----------
    path
        The JSON tour file.
    display_choices
        The colour maps and basis schemes the app offers, so that a step naming another is
        refused when the file is read rather than when the step is set up.
    """
    path = Path(path)
    source = path.name
    data = read_bounded(path, "tour", MAX_FILE_BYTES)
    return parse_tour(data, source, display_choices)


def parse_tour(
    data: str | bytes, source: str = "tour", display_choices: DisplayChoices | None = None
) -> Tour:
    """Build a :class:`Tour` from the text of a tour file (see the module docstring)."""
    if len(data) > MAX_FILE_BYTES:
        raise InputError(too_large("tour", MAX_FILE_BYTES, source, len(data)))
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{source}: not UTF-8 text; save the tour as UTF-8 JSON") from None
    document = _read_json(data, source)
    return _build_tour(document, source, display_choices or {})


# JSON ------------------------------------------------------------------------------------------


def _read_json(text: str, source: str) -> object:
    def refuse_constant(name: str) -> float:
        raise InputError(f"{source}: {name} is not a number a tour may use")

    def finite_float(text: str) -> float:
        value = float(text)
        if math.isinf(value):
            raise InputError(f"{source}: the number {text[:20]} is too large")
        return value

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise InputError(f"{source}: the key {key!r} appears twice in one object")
            result[key] = value
        return result

    if _bracket_depth(text) > MAX_DEPTH:
        raise InputError(f"{source}: nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(
            text,
            parse_constant=refuse_constant,
            parse_float=finite_float,
            object_pairs_hook=no_duplicates,
        )
    except InputError:
        raise
    except json.JSONDecodeError as error:
        raise InputError(
            f"{source}: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except (ValueError, RecursionError) as error:
        raise InputError(f"{source}: not a usable JSON file ({error})") from None


def _bracket_depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` outside strings, found before the parser recurses into it."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


# Structure ---------------------------------------------------------------------------------------


class _Place:
    """Where in the file a value sits, for messages like ``course.json, step 3, state.matrix``."""

    def __init__(self, source: str, step: int | None = None, path: str = "") -> None:
        self.source, self.step, self.path = source, step, path

    def at(self, key: str) -> _Place:
        return _Place(self.source, self.step, f"{self.path}.{key}" if self.path else key)

    def error(self, message: str) -> InputError:
        where = self.source
        if self.step is not None:
            where += f", step {self.step}"
        if self.path:
            where += f", field '{self.path}'"
        return InputError(f"{where}: {message}")


def _object(value: object, place: _Place, allowed: set[str], required: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise place.error(f"must be a JSON object {{...}}; got {_kind(value)}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise place.error(f"unknown key {unknown[0]!r}; the keys are {sorted(allowed)}")
    missing = sorted(required - set(value))
    if missing:
        raise place.error(f"the key {missing[0]!r} is missing")
    return value


def _text(value: object, place: _Place, limit: int = MAX_TEXT, joiner: str = "\n") -> str:
    """A string, or a list of strings joined by ``joiner`` (lines of code, paragraphs)."""
    if isinstance(value, list) and all(isinstance(line, str) for line in value):
        value = joiner.join(value)
    if not isinstance(value, str):
        raise place.error(f"must be text or a list of lines; got {_kind(value)}")
    if len(value) > limit:
        raise place.error(f"is longer than {limit:,} characters")
    return value


def _integer(value: object, place: _Place) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise place.error(f"must be a whole number; got {_kind(value)}")
    return value


def _boolean(value: object, place: _Place) -> bool:
    if not isinstance(value, bool):
        raise place.error(f"must be true or false; got {_kind(value)}")
    return value


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", int: "a number"}
    if value is None:
        return "null"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:30] + "…"
        return f"text {shown!r}"
    return names.get(type(value), "a number")


def _build_tour(document: object, source: str, choices: DisplayChoices) -> Tour:
    place = _Place(source)
    top = _object(document, place, _TOUR_KEYS, {"format", "version", "steps"})
    if top["format"] != FORMAT:
        raise place.at("format").error(f"must be {FORMAT!r}; is this a linviz tour?")
    if top["version"] != VERSION or isinstance(top["version"], bool):
        raise place.at("version").error(f"must be {VERSION}; got {top['version']!r}")
    title = _text(top.get("title", "Tour"), place.at("title"), MAX_TITLE).strip() or "Tour"
    description = _text(top.get("description", ""), place.at("description"), joiner="\n\n")
    steps = top["steps"]
    if not isinstance(steps, list) or not steps:
        raise place.at("steps").error("must be a non-empty list of steps")
    if len(steps) > MAX_STEPS:
        raise place.at("steps").error(f"has {len(steps)} steps; a tour may have {MAX_STEPS}")
    built = tuple(
        _build_step(step, _Place(source, number), choices)
        for number, step in enumerate(steps, start=1)
    )
    return Tour(title, built, source, description)


def _build_step(value: object, place: _Place, choices: DisplayChoices) -> TourStep:
    step = _object(value, place, _STEP_KEYS, {"title", "text"})
    title = _text(step["title"], place.at("title"), MAX_TITLE).strip()
    if not title:
        raise place.at("title").error("is empty")
    state = step.get("state")
    return TourStep(
        title=title,
        text=_text(step["text"], place.at("text"), joiner="\n\n"),
        formula=_text(step.get("formula", ""), place.at("formula")),
        code=_text(step.get("code", ""), place.at("code")),
        try_this=_text(step.get("try", ""), place.at("try")),
        state=None if state is None else _build_state(state, place.at("state"), choices),
    )


def _build_state(value: object, place: _Place, choices: DisplayChoices) -> StepState:
    state = _object(value, place, _STATE_KEYS, set())
    view = _text(state.get("view", "Explorer"), place.at("view"), MAX_TITLE).strip()
    if not view:
        raise place.at("view").error("is empty; name a tab such as 'Explorer'")
    if "matrix" in state and "matrix_seed" in state:
        raise place.error("give either 'matrix' or 'matrix_seed', not both")
    matrix = None
    if "matrix" in state:
        text = state["matrix"]
        if not isinstance(text, str):
            raise place.at("matrix").error(f'must be text such as "1,0;0,1"; got {_kind(text)}')
        try:
            matrix = parse_matrix(text)
        except InputError as error:
            raise place.at("matrix").error(str(error)) from None
    seed = None
    if "matrix_seed" in state:
        seed = _seed(state["matrix_seed"], place.at("matrix_seed"))
    dataset = _dataset(state["dataset"], place.at("dataset")) if "dataset" in state else None
    display = _display(state.get("display", {}), place.at("display"), choices)
    view_state = None
    if "view_state" in state:
        options = state["view_state"]
        if not isinstance(options, dict):
            raise place.at("view_state").error(f"must be a JSON object; got {_kind(options)}")
        view_state = json.dumps(options, ensure_ascii=False)
    return StepState(view, matrix, seed, dataset, display, view_state)


def _seed(value: object, place: _Place) -> int:
    seed = _integer(value, place)
    if not 0 <= seed < 2**63:
        raise place.error(f"must be between 0 and 2**63 - 1; got {seed}")
    return seed


def _dataset(value: object, place: _Place) -> DatasetSpec:
    spec = _object(value, place, _DATASET_KEYS, {"kind"})
    kind = spec["kind"]
    if not isinstance(kind, str):
        raise place.at("kind").error(f"must be text such as 'gaussian'; got {_kind(kind)}")
    n = _integer(spec.get("n", 1000), place.at("n"))
    seed = _integer(spec.get("seed", 0), place.at("seed"))
    try:
        return DatasetSpec(kind, n, seed)  # type: ignore[arg-type]  # checked by DatasetSpec
    except InputError as error:
        raise place.error(str(error)) from None


def _display(value: object, place: _Place, choices: DisplayChoices) -> DisplayState:
    options = _object(value, place, _DISPLAY_KEYS, set())
    names: dict[str, str | None] = {}
    for key in ("colormap", "basis"):
        wanted = options.get(key)
        if wanted is None:
            names[key] = None
            continue
        wanted = _text(wanted, place.at(key), MAX_TITLE)
        offered = choices.get(key)
        names[key] = wanted if offered is None else _choice(wanted, offered, place.at(key))
    flags = {
        key: _boolean(options[key], place.at(key)) if key in options else None
        for key in ("grid", "auto_fit")
    }
    return DisplayState(names["colormap"], names["basis"], flags["grid"], flags["auto_fit"])


def resolve_choice(wanted: str, offered: Sequence[str]) -> str | None:
    """The offered name meant by ``wanted``: the same text, or its first words before `` (``.

    So ``"viridis"`` picks ``"viridis (colour-blind safe)"``; case does not matter.
    """
    key = wanted.strip().casefold()
    for name in offered:
        if key in (name.casefold(), name.split(" (")[0].strip().casefold()):
            return name
    return None


def _choice(wanted: str, offered: Sequence[str], place: _Place) -> str:
    name = resolve_choice(wanted, offered)
    if name is None:
        short = [o.split(" (")[0] for o in offered]
        raise place.error(f"unknown choice {wanted!r}; choose one of {short}")
    return name
