"""Sessions: everything needed to come back tomorrow to the same picture, as versioned JSON.

A session file looks like::

    {"format": "linviz-session", "version": 1,
     "matrix": [[a, b], [c, d]],
     "dataset": {"kind": "gaussian", "n": 1000, "seed": 0},
     "device": "cpu",
     "view": "Explorer",
     "views": {"Explorer": {...}, "SVD": {...}},
     "options": {"colormap": "...", "grid": true, ...}}

A user's own points are ``"dataset": {"kind": "file", "n": N, "seed": 0, "path": "...",
"digest": "..."}``: opening the session reads the file and refuses it if it has changed.

``views`` holds, per view title, whatever the view's ``view_state()`` returned (plain JSON);
the view validates it again in ``apply_view_state``. Reading trusts nothing: the file size, the
nesting depth, every number (no NaN, no infinity, no 400-digit integers), every type and every
string length are checked before anything is built, and a file from a newer linviz is refused.
Files from older versions are migrated step by step (:data:`MIGRATIONS`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from linviz_gui.model.data.point_sets import DATASET_LABELS, FILE_KIND, DatasetSpec
from linviz_gui.model.files.atomic_file import check_target, write_atomic
from linviz_gui.model.files.safe_read import MIB, read_bounded, too_large
from linviz_gui.model.linear.matrix import InputError, Matrix2, parse_matrix

FORMAT = "linviz-session"
VERSION = 1
EXTENSION = ".linviz.json"
#: ``lv.show`` hands the app its state in a session file in a fresh temporary folder named so:
#: a file for one opening, not one the user saved, so Open Recent leaves it out.
HANDOVER_PREFIX = "linviz-show-"
#: Larger files are refused before they are read: a session is a few kilobytes.
MAX_FILE_BYTES = 4 * MIB
#: Deeper nesting is refused before parsing (Python's json would recurse without limit).
MAX_DEPTH = 32
MAX_STRING = 10_000
MAX_INT_DIGITS = 30
MAX_ITEMS = 100_000

JsonDict = dict[str, Any]


@dataclass(frozen=True)
class Session:
    """One saved state of the app. ``views`` and ``options`` are plain JSON data."""

    matrix: Matrix2 = field(default_factory=Matrix2.identity)
    dataset: DatasetSpec = field(default_factory=DatasetSpec)
    device: str = "cpu"
    view: str = ""
    views: dict[str, JsonDict] = field(default_factory=dict)
    options: JsonDict = field(default_factory=dict)

    def to_dict(self) -> JsonDict:
        spec = self.dataset
        dataset: JsonDict = {"kind": spec.kind, "n": spec.n, "seed": spec.seed}
        if spec.from_file:
            dataset.update(path=spec.path, digest=spec.digest)
        return {
            "format": FORMAT,
            "version": VERSION,
            "matrix": [list(row) for row in self.matrix.rows],
            "dataset": dataset,
            "device": self.device,
            "view": self.view,
            "views": {title: dict(state) for title, state in self.views.items()},
            "options": dict(self.options),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


# Reading ---------------------------------------------------------------------------------------


def session_from_json(text: str | bytes) -> Session:
    """Parse and validate a session file's text.

    Raises
    ------
    InputError
        With one line saying what is wrong (and where), for anything that is not a valid
        session of this or an older version.
    """
    if isinstance(text, bytes):
        if len(text) > MAX_FILE_BYTES:
            raise InputError(too_large("session", MAX_FILE_BYTES, "this one", len(text)))
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("not a session file: it is not UTF-8 text") from None
    if len(text) > MAX_FILE_BYTES:
        raise InputError(too_large("session", MAX_FILE_BYTES, "this one", len(text)))
    depth = _nesting_depth(text)
    if depth > MAX_DEPTH:
        raise InputError(f"not a usable session: nested {depth} levels deep (at most {MAX_DEPTH})")
    try:
        data = json.loads(
            text,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
            parse_int=_bounded_int,
        )
    except InputError:
        raise
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputError(f"not a session file: broken or truncated JSON ({where})") from None
    except (ValueError, RecursionError) as error:
        raise InputError(f"not a session file: {error}") from None
    return session_from_dict(data)


def session_from_dict(data: object) -> Session:
    """Validate parsed JSON (migrating older versions) and build the :class:`Session`."""
    if not isinstance(data, dict):
        raise InputError(f"not a session file: expected a JSON object, got {_kind(data)}")
    if data.get("format") != FORMAT:
        raise InputError(f"not a session file: 'format' must be {FORMAT!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise InputError(f"session 'version' must be a whole number; got {version!r}")
    if version > VERSION:
        raise InputError(
            f"this session was saved by a newer linviz (format version {version}); "
            f"this one reads versions up to {VERSION}"
        )
    while version < VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    _check_json_value(data, "session", 0)
    known = {"format", "version", "matrix", "dataset", "device", "view", "views", "options"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise InputError(f"session has unknown entries: {', '.join(map(repr, unknown[:5]))}")
    return Session(
        matrix=_read_matrix(data.get("matrix", [[1.0, 0.0], [0.0, 1.0]])),
        dataset=_read_dataset(data.get("dataset", {})),
        device=_read_name(data.get("device", "cpu"), "device", r"[A-Za-z]+(:\d{1,3})?"),
        view=_read_string(data.get("view", ""), "view", 200),
        views=_read_views(data.get("views", {})),
        options=_read_object(data.get("options", {}), "options"),
    )


def is_handover(path: Path | str) -> bool:
    """Whether ``path`` is a session ``lv.show`` wrote for one opening (see HANDOVER_PREFIX)."""
    return Path(path).parent.name.startswith(HANDOVER_PREFIX)


def load_session(path: Path | str) -> Session:
    """Read and validate the session at ``path`` (see :func:`session_from_json`).

    Only a regular file of at most :data:`MAX_FILE_BYTES` is read (see
    :func:`~linviz_gui.model.files.safe_read.read_bounded`), so a FIFO, a device such as
    ``/dev/zero`` or a huge file is refused at once with a message naming it.
    A dataset read from a file is checked against that file (a relative path is the session's
    folder's): a file that is missing, unreadable or changed refuses the session, as any other
    bad part does.
    """
    source = Path(path).expanduser()
    data = read_bounded(source, "session", MAX_FILE_BYTES)
    try:
        session = session_from_json(data)
        if session.dataset.from_file:
            # Here, not at the top: reading points loads numpy, and `import linviz_gui` stays light.
            from linviz_gui.model.files.points_dataset import resolve_file_dataset

            try:
                dataset = resolve_file_dataset(session.dataset, source.parent)
            except InputError as error:
                raise InputError(f"the Explorer's points: {error}") from None
            session = replace(session, dataset=dataset)
        return session
    except InputError as error:
        raise InputError(f"{source.name}: {error}") from None


def save_session(path: Path | str, session: Session) -> Path:
    """Write ``session`` to ``path`` atomically; returns the path written."""
    target = check_target(path, (".json",))
    write_atomic(target, session.to_json().encode("utf-8"))
    return target


# Migrations ------------------------------------------------------------------------------------


def _from_version_0(data: JsonDict) -> JsonDict:
    """Version 0 (the draft format) wrote W as ``"a,b;c,d"`` text and the dataset flat."""
    migrated = {k: v for k, v in data.items() if k not in ("W", "points", "seed", "kind")}
    migrated["version"] = 1
    text = data.get("W", "1,0;0,1")
    if not isinstance(text, str):
        raise InputError(f"session 'W' must be text such as '1,0;0,1'; got {_kind(text)}")
    migrated["matrix"] = [list(row) for row in parse_matrix(text).rows]
    migrated["dataset"] = {
        "kind": data.get("kind", "gaussian"),
        "n": data.get("points", 1000),
        "seed": data.get("seed", 0),
    }
    return migrated


#: version -> function turning that version's dict into the next version's.
MIGRATIONS: dict[int, Callable[[JsonDict], JsonDict]] = {0: _from_version_0}


# Checks ----------------------------------------------------------------------------------------


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"')


def _nesting_depth(text: str) -> int:
    """The deepest bracket nesting outside strings, found without recursion."""
    bare = _STRINGS.sub("", text)
    depth = deepest = 0
    for char in re.findall(r"[\[\]{}]", bare):
        depth += 1 if char in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _refuse_constant(name: str) -> float:
    raise InputError(f"not a usable session: it contains {name}, which is not a number")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise InputError(f"not a usable session: the number {text[:30]} is too large")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise InputError(f"not a usable session: a {len(text)}-digit number is too large")
    return int(text)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"the number {value!r}"
    return names.get(type(value), type(value).__name__)


def _check_json_value(value: object, where: str, depth: int) -> None:
    """Plain JSON only, with bounded strings and collections (numbers were checked at parse)."""
    if depth > MAX_DEPTH:
        raise InputError(f"session {where} is nested too deeply")
    if isinstance(value, dict):
        if len(value) > MAX_ITEMS:
            raise InputError(f"session {where} has too many entries")
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > 200:
                raise InputError(f"session {where} has a bad key {str(key)[:40]!r}")
            _check_json_value(item, f"{where}.{key}", depth + 1)
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            raise InputError(f"session {where} has too many items")
        for index, item in enumerate(value):
            _check_json_value(item, f"{where}[{index}]", depth + 1)
    elif isinstance(value, str):
        if len(value) > MAX_STRING:
            raise InputError(f"session {where} is text of {len(value):,} characters; too long")
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"session {where} must be a finite number; got {value}")
    elif value is not None and not isinstance(value, (bool, int)):
        raise InputError(f"session {where} has a value of type {type(value).__name__}")


def _read_matrix(value: object) -> Matrix2:
    shape_error = InputError(f"session 'matrix' must be [[a, b], [c, d]]; got {_kind(value)}")
    if not isinstance(value, list) or len(value) != 2:
        raise shape_error
    if not all(isinstance(row, list) and len(row) == 2 for row in value):
        raise shape_error
    names = ("W[0,0]", "W[0,1]", "W[1,0]", "W[1,1]")
    entries = [value[0][0], value[0][1], value[1][0], value[1][1]]
    for name, entry in zip(names, entries, strict=True):
        if not isinstance(entry, (int, float)) or isinstance(entry, bool):
            raise InputError(f"session matrix entry {name} must be a number; got {_kind(entry)}")
    return Matrix2(*(float(e) for e in entries))


def _read_dataset(value: object) -> DatasetSpec:
    if not isinstance(value, dict):
        raise InputError(f"session 'dataset' must be an object; got {_kind(value)}")
    kind = value.get("kind", "gaussian")
    known = {"kind", "n", "seed"} | ({"path", "digest"} if kind == FILE_KIND else set())
    unknown = sorted(set(value) - known)
    if unknown:
        raise InputError(f"session 'dataset' has unknown entries: {', '.join(unknown[:5])}")
    if not isinstance(kind, str) or (kind not in DATASET_LABELS and kind != FILE_KIND):
        choices = [*DATASET_LABELS, FILE_KIND]
        raise InputError(f"session dataset kind must be one of {choices}; got {kind!r}")
    extra = {key: value[key] for key in ("path", "digest") if key in value}
    # A file's N is checked against the file on opening (load_session); DatasetSpec checks
    # the rest: the path's and the digest's types and lengths.
    return DatasetSpec(kind, value.get("n", 1000), value.get("seed", 0), **extra)


def _read_string(value: object, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise InputError(f"session {what!r} must be text; got {_kind(value)}")
    if len(value) > limit:
        raise InputError(f"session {what!r} is too long ({len(value)} characters)")
    return value


def _read_name(value: object, what: str, pattern: str) -> str:
    text = _read_string(value, what, 40)
    if not re.fullmatch(pattern, text):
        raise InputError(f"session {what!r} must be a name such as 'cpu' or 'cuda:0'; got {text!r}")
    return text


def _read_object(value: object, what: str) -> JsonDict:
    if not isinstance(value, dict):
        raise InputError(f"session {what!r} must be an object; got {_kind(value)}")
    return dict(value)


def _read_views(value: object) -> dict[str, JsonDict]:
    views = _read_object(value, "views")
    for title, state in views.items():
        if not isinstance(state, dict):
            got = _kind(state)
            raise InputError(f"session state of view {title!r} must be an object; got {got}")
    return views
