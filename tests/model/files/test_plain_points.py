"""The Explorer's points from a user's file: x,y (or x,y,label) in csv, npy or pt load alike,
each kind of nonsense is one line naming the file, and a session names the file, reopens it
with the same points, and refuses it once it is missing or changed."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
import torch

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.files.points_dataset import file_points, open_points_dataset
from linviz_gui.model.files.points_file import MAX_PLAIN_ROWS, load_plain_points
from linviz_gui.model.files.session import Session, load_session, save_session
from linviz_gui.model.linear.matrix import InputError

XY = np.array([[0.5, 1.0], [-2.0, 0.25], [4.0, 5.0], [3.0, -1.0]])


class RunsCode:
    """Unpickling this would create ``marker``: the proof that a loader ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_plain_points(path)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    return message


def test_csv_npy_and_pt_of_the_same_points_load_the_same(tmp_path: Path) -> None:
    csv = tmp_path / "xy.csv"
    csv.write_text("x,y\n" + "".join(f"{x},{y}\n" for x, y in XY))
    np.save(tmp_path / "xy.npy", XY)
    torch.save(torch.tensor(XY, dtype=torch.float32), tmp_path / "xy.pt")
    torch.save({"X": torch.tensor(XY)}, tmp_path / "dict.pt")
    for path in (csv, tmp_path / "xy.npy", tmp_path / "xy.pt", tmp_path / "dict.pt"):
        got = load_plain_points(path)
        assert np.allclose(got.points, XY), path.name
        assert got.labels is None, path.name


def test_labelled_files_keep_their_labels_any_number_of_classes(tmp_path: Path) -> None:
    labels = np.array([3, 7, 7, 11])
    csv = tmp_path / "xyk.csv"
    csv.write_text("".join(f"{x},{y},{k}\n" for (x, y), k in zip(XY, labels, strict=True)))
    np.save(tmp_path / "xyk.npy", np.column_stack([XY, labels]))
    torch.save({"X": torch.tensor(XY), "y": torch.tensor(labels)}, tmp_path / "xyk.pt")
    for path in (csv, tmp_path / "xyk.npy", tmp_path / "xyk.pt"):
        got = load_plain_points(path)
        assert np.allclose(got.points, XY), path.name
        assert got.labels is not None and list(got.labels) == [3, 7, 7, 11], path.name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nan.csv", "1,2\nnan,3\n", "row 2: x must be a finite number"),
        ("far.csv", "1,2\n3,2e7\n", "row 2: y must be between -1e+06 and 1e+06"),
        ("word.csv", "1,2\n3,four\n", "row 2: y is not a number"),
        ("mixed.csv", "1,2\n3,4,1\n", "row 2 has 3 columns; each row needs 2 as the first"),
        ("one.csv", "x;y\n1;2\n", "row 2 has 1 column; each row needs 2 (x, y) or 3"),
        ("empty.csv", "x,y\n", "has no data rows"),
        ("label.csv", "1,2,0.5\n", "row 1: label must be a whole number"),
        ("binary.csv", b"\xff\xfe\x00", "not a UTF-8 text file"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.endswith(".csv") else None,
)
def test_each_bad_csv_is_refused_in_one_line(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    assert message in refusal(path)


@pytest.mark.parametrize(
    ("array", "message"),
    [
        (np.zeros((4, 2, 1)), "has shape (4, 2, 1); it must be 2-D"),
        (np.zeros((4, 4)), "has shape (4, 4); it must be (N, 2) or (N, 3)"),
        (np.zeros((0, 2)), "has no rows"),
        (np.array([[1.0, np.inf]]), "row 1: y must be a finite number"),
        (np.array([["a", "b"]]), "must hold numbers"),
        (np.array([[1.0, 2.0, 0.5]]), "label must be a whole number"),
    ],
    ids=["3-D", "4 columns", "no rows", "inf", "text", "fractional label"],
)
def test_each_bad_npy_is_refused_in_one_line(
    tmp_path: Path, array: np.ndarray, message: str
) -> None:
    np.save(tmp_path / "bad.npy", array)
    assert message in refusal(tmp_path / "bad.npy")


def test_too_many_rows_is_refused_from_the_header_before_the_data_is_read(
    tmp_path: Path,
) -> None:
    # The header claims 2,000,001 rows; the file holds none of their bytes.
    path = tmp_path / "huge.npy"
    header = np.lib.format.header_data_from_array_1_0(np.zeros((1, 2)))
    header["shape"] = (MAX_PLAIN_ROWS + 1, 2)
    with path.open("wb") as stream:
        np.lib.format.write_array_header_1_0(stream, header)
    assert "too many rows: 2,000,001 points (at most 2,000,000)" in refusal(path)


def test_a_pt_that_would_run_code_is_refused_unrun(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    torch.save(RunsCode(marker), tmp_path / "evil.pt")
    assert "refused unrun" in refusal(tmp_path / "evil.pt")
    assert not marker.exists()


def test_missing_file_and_folder_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        load_plain_points(tmp_path / "gone.npy")
    with pytest.raises(InputError, match="it is a folder"):
        load_plain_points(tmp_path)


def test_the_file_dataset_has_the_files_rows_and_colours_labels_by_class(tmp_path: Path) -> None:
    np.save(tmp_path / "xyk.npy", np.column_stack([XY, [0, 1, 1, 2]]))
    spec = open_points_dataset(tmp_path / "xyk.npy")
    assert (spec.kind, spec.n, spec.size) == ("file", 4, 4)
    drawn = file_points(spec)
    assert np.allclose(drawn.points, XY)
    assert list(drawn.color_values) == [0.0, 0.5, 0.5, 1.0]


def test_a_session_reopens_the_files_points_and_refuses_a_changed_or_missing_file(
    tmp_path: Path,
) -> None:
    np.save(tmp_path / "mine.npy", XY)
    spec = open_points_dataset(tmp_path / "mine.npy")
    saved = save_session(tmp_path / "s.linviz.json", Session(dataset=spec))
    reopened = load_session(saved)
    assert reopened.dataset == spec
    assert np.array_equal(file_points(reopened.dataset).points, XY.astype(np.float32))

    before = (tmp_path / "mine.npy").stat().st_mtime_ns
    np.save(tmp_path / "mine.npy", XY * 2)
    later = before + 1_000_000_000  # a coarse clock could give the rewrite the same time
    os.utime(tmp_path / "mine.npy", ns=(later, later))
    with pytest.raises(InputError, match=r"mine\.npy has changed since the session was saved"):
        load_session(saved)
    (tmp_path / "mine.npy").unlink()
    with pytest.raises(InputError, match=r"s\.linviz\.json: the Explorer's points: .*no such file"):
        load_session(saved)


def test_a_session_beside_its_points_may_name_them_by_a_relative_path(tmp_path: Path) -> None:
    np.save(tmp_path / "mine.npy", XY)
    spec = open_points_dataset(tmp_path / "mine.npy")
    text = Session(dataset=spec).to_json().replace(str(tmp_path / "mine.npy"), "mine.npy")
    (tmp_path / "s.linviz.json").write_text(text)
    assert load_session(tmp_path / "s.linviz.json").dataset == spec


def test_a_generated_dataset_takes_no_path_and_a_file_one_needs_one() -> None:
    with pytest.raises(InputError, match="takes no file path"):
        DatasetSpec("gaussian", path="x.npy")
    with pytest.raises(InputError, match="needs the path of its file"):
        DatasetSpec("file")
