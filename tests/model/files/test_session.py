"""Sessions round-trip exactly, and every broken or hostile file is refused with one clear line."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.files import atomic_file
from linviz_gui.model.files.session import (
    MAX_FILE_BYTES,
    Session,
    load_session,
    save_session,
    session_from_json,
)
from linviz_gui.model.linear.matrix import InputError, Matrix2

SAMPLE = Session(
    matrix=Matrix2(0.3439, 0.9503, -0.2960, 0.1503),
    dataset=DatasetSpec("grid", 400, 7),
    device="cuda:0",
    view="Explorer",
    views={"Explorer": {"steps": 150, "easing": "log", "p": 0.001}, "SVD": {"stage": 2}},
    options={"colormap": "plasma", "grid": False, "auto_fit": True},
)


def test_a_session_round_trips_exactly(tmp_path: Path) -> None:
    path = save_session(tmp_path / "lecture.linviz.json", SAMPLE)
    assert load_session(path) == SAMPLE
    data = json.loads(path.read_text())
    assert data["format"] == "linviz-session" and data["version"] == 1
    assert data["matrix"] == [[0.3439, 0.9503], [-0.296, 0.1503]]


def _valid() -> dict:
    return SAMPLE.to_dict()


def _with(**changes: object) -> str:
    data = _valid()
    data.update(changes)
    return json.dumps(data)


BROKEN = {
    "not JSON": ("hello, world", "broken or truncated JSON"),
    "truncated": (SAMPLE.to_json()[:120], "truncated JSON (line"),
    "empty": ("", "broken or truncated JSON"),
    "a list": ("[1, 2, 3]", "expected a JSON object, got a list"),
    "other format": (json.dumps({"format": "png", "version": 1}), "'format' must be"),
    "future version": (_with(version=99), "newer linviz (format version 99)"),
    "version as text": (_with(version="1"), "'version' must be a whole number"),
    "matrix as text": (_with(matrix="1,0;0,1"), "'matrix' must be [[a, b], [c, d]]"),
    "matrix 3x3": (_with(matrix=[[1, 0, 0], [0, 1, 0], [0, 0, 1]]), "[[a, b], [c, d]]"),
    "entry as text": (_with(matrix=[["1", 0], [0, 1]]), "W[0,0] must be a number; got text"),
    "entry true": (_with(matrix=[[True, 0], [0, 1]]), "W[0,0] must be a number"),
    "entry huge": (_with(matrix=[[1e6, 0], [0, 1]]), "W entry a must be between"),
    "NaN": (SAMPLE.to_json().replace("0.3439", "NaN"), "contains NaN"),
    "Infinity": (SAMPLE.to_json().replace("0.3439", "-Infinity"), "contains -Infinity"),
    "1e400": (SAMPLE.to_json().replace("0.3439", "1e400"), "the number 1e400 is too large"),
    "400 digits": (SAMPLE.to_json().replace("0.3439", "9" * 400), "digit number is too large"),
    "nested 10000 deep": (_with(options={"x": "PLACEHOLDER"}), "nested 10002 levels deep"),
    "N too large": (_with(dataset={"kind": "gaussian", "n": 10**12, "seed": 0}), "N must be"),
    "N negative": (_with(dataset={"kind": "gaussian", "n": -5, "seed": 0}), "N must be"),
    "N fraction": (_with(dataset={"kind": "gaussian", "n": 2.5, "seed": 0}), "whole number"),
    "unknown dataset": (_with(dataset={"kind": "mnist", "n": 5, "seed": 0}), "dataset kind"),
    "dataset extra": (_with(dataset={"kind": "grid", "evil": 1}), "unknown entries: evil"),
    "device with code": (_with(device="__import__('os')"), "'device' must be a name"),
    "device number": (_with(device=3), "'device' must be text"),
    "views list": (_with(views=[1, 2]), "'views' must be an object"),
    "view state text": (_with(views={"SVD": "stage 2"}), "state of view 'SVD' must be"),
    "long string": (_with(view="x" * 20_000), "too long"),
    "unknown entry": (_with(script="rm -rf /"), "unknown entries: 'script'"),
    "not UTF-8": (b"\xff\xfe{}", "not UTF-8"),
}


def _text(name: str) -> str | bytes:
    text = BROKEN[name][0]
    if name == "nested 10000 deep":
        assert isinstance(text, str)
        return text.replace('"PLACEHOLDER"', "[" * 10_000 + "]" * 10_000)
    return text


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_session_is_refused_with_a_clear_line(name: str) -> None:
    with pytest.raises(InputError) as caught:
        session_from_json(_text(name))
    message = str(caught.value)
    assert BROKEN[name][1] in message
    assert "\n" not in message and len(message) < 300


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.linviz.json"
    with open(path, "wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 2**20)
    with pytest.raises(
        InputError, match=r"session files are at most 4 MiB; .*huge.linviz.json is 5 MiB"
    ):
        load_session(path)


def test_missing_file_and_folder_give_clear_messages(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_session(tmp_path / "nope.json")
    with pytest.raises(InputError, match="it is a folder"):
        load_session(tmp_path)


def test_version_0_files_are_migrated() -> None:
    old = {"format": "linviz-session", "version": 0, "W": "2,0;0,0.5", "points": 50, "seed": 3}
    session = session_from_json(json.dumps(old))
    assert session.matrix == Matrix2(2.0, 0.0, 0.0, 0.5)
    assert session.dataset == DatasetSpec("gaussian", 50, 3)


def test_saving_over_a_file_that_fails_mid_write_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = save_session(tmp_path / "keep.json", SAMPLE)
    before = path.read_bytes()

    def fail_fsync(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "fsync", fail_fsync)
    with pytest.raises(InputError, match=r"keep\.json: the disk is full"):
        save_session(path, Session())
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.json"]


def test_unwritable_folder_and_unknown_extension_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(InputError, match=r"unknown file type \(.txt\); use .json"):
        save_session(tmp_path / "s.txt", SAMPLE)
    with pytest.raises(InputError, match="does not exist"):
        save_session(tmp_path / "missing" / "s.json", SAMPLE)

    def refuse(**_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic_file.tempfile, "mkstemp", refuse)
    with pytest.raises(InputError, match=r"s.json: permission denied \(the folder is not wr"):
        save_session(tmp_path / "s.json", SAMPLE)
    assert list(tmp_path.iterdir()) == []


_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
_json = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_entry = st.floats(-1000, 1000, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(
    st.tuples(_entry, _entry, _entry, _entry),
    st.sampled_from(["gaussian", "two_points", "grid", "circle"]),
    st.integers(1, 2_000_000),
    st.integers(0, 2**63 - 1),
    st.dictionaries(st.text(max_size=10), st.dictionaries(st.text(max_size=8), _json, max_size=3)),
    st.dictionaries(st.text(max_size=10), _json, max_size=4),
)
def test_any_valid_session_round_trips(entries, kind, n, seed, views, options) -> None:  # type: ignore[no-untyped-def]
    session = Session(Matrix2(*entries), DatasetSpec(kind, n, seed), "cpu", "X", views, options)
    assert session_from_json(session.to_json()) == session


@settings(max_examples=100, deadline=None)
@given(_json)
def test_arbitrary_json_never_crashes_the_reader(value: object) -> None:
    with contextlib.suppress(InputError):
        session_from_json(json.dumps(value))


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_never_crashes_the_reader(text: str) -> None:
    with contextlib.suppress(InputError):
        session_from_json(SAMPLE.to_json()[: len(text)] + text)


def test_the_example_session_in_resources_opens() -> None:
    from linviz_gui.model.linear.matrix import seed_example
    from linviz_gui.resources import resource_path

    session = load_session(resource_path("sessions/course-example.linviz.json"))
    assert session.matrix == seed_example()
    assert session.dataset == DatasetSpec("gaussian", 1000, 0)
