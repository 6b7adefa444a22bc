"""Points from .npy / .pt / .csv: good files load as the CSV reader loads them, bad ones are
refused in one line naming the file and the problem, and a pickle is never run."""

from __future__ import annotations

import io
import os
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from linviz_gui.model.files.labelled_csv import MAX_ROWS, load_labelled_csv
from linviz_gui.model.files.points_file import is_from_file, load_points_file
from linviz_gui.model.linear.matrix import InputError

ROWS = np.array([[0.5, 1.0, -1.0], [-2.0, 0.25, 1.0], [4.0, 5.0, 1.0]])


class RunsCode:
    """Unpickling this would create ``marker``: the proof that a loader ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))


def save_npy(path: Path, array: np.ndarray) -> Path:
    np.save(path, array)
    return path


def save_pt(path: Path, obj: object) -> Path:
    torch.save(obj, path)
    return path


def refusal(path: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_points_file(path)
    message = str(caught.value)
    assert "\n" not in message
    assert path.name in message
    return message


def test_npy_pt_and_csv_of_the_same_points_load_the_same(tmp_path: Path) -> None:
    csv = tmp_path / "mine.csv"
    csv.write_text("x,y,label\n" + "".join(f"{x},{y},{int(k)}\n" for x, y, k in ROWS))
    files = [
        csv,
        save_npy(tmp_path / "mine.npy", ROWS),
        save_npy(tmp_path / "f32.npy", ROWS.astype(np.float32)),
        save_pt(tmp_path / "mine.pt", torch.tensor(ROWS)),
        save_pt(
            tmp_path / "dict.pt",
            {"X": torch.tensor(ROWS[:, :2], dtype=torch.float32), "y": torch.tensor([-1, 1, 1])},
        ),
    ]
    expected = load_labelled_csv(csv)
    for path in files:
        data = load_points_file(path)
        np.testing.assert_allclose(data.points, expected.points)
        np.testing.assert_array_equal(data.labels, [0, 1, 1])
        assert data.class_names == ("-1", "1")
        assert data.name == path.name
        assert is_from_file(data)


def test_a_file_with_another_suffix_is_told_apart_by_its_first_bytes(tmp_path: Path) -> None:
    npy = save_npy(tmp_path / "points.npy", ROWS)
    renamed = tmp_path / "points.data"
    renamed.write_bytes(npy.read_bytes())
    np.testing.assert_array_equal(load_points_file(renamed).labels, [0, 1, 1])
    saved = save_pt(tmp_path / "points.pt", torch.tensor(ROWS))
    other = tmp_path / "points.bin"
    other.write_bytes(saved.read_bytes())
    np.testing.assert_array_equal(load_points_file(other).labels, [0, 1, 1])


def test_labels_become_classes_in_increasing_order(tmp_path: Path) -> None:
    rows = np.array([[0, 0, 7], [1, 1, 2], [2, 2, 5], [3, 3, 2]], dtype=np.int32)
    data = load_points_file(save_npy(tmp_path / "ints.npy", rows))
    np.testing.assert_array_equal(data.labels, [2, 0, 1, 0])
    assert data.class_names == ("2", "5", "7")


def with_cell(row: int, column: int, value: float) -> np.ndarray:
    rows = ROWS.copy()
    rows[row, column] = value
    return rows


BAD_NPY = [
    (ROWS[:, :2], "points without labels"),
    (np.zeros((3, 4)), "must be (N, 3)"),
    (np.zeros((2, 3, 3)), "must be 2-D"),
    (np.zeros(6), "must be 2-D"),
    (np.zeros((0, 3)), "no rows"),
    (with_cell(1, 0, np.nan), "row 2: x must be a finite number"),
    (with_cell(2, 1, np.inf), "row 3: y must be a finite number"),
    (with_cell(0, 1, 2e6), "row 1: y must be between -1e+06 and 1e+06"),
    (with_cell(1, 2, 0.5), "row 2: label must be a whole number"),
    (with_cell(0, 2, np.nan), "row 1: label must be a whole number"),
    (with_cell(2, 2, 1e12), "row 3: label must be a whole number between"),
    (np.zeros((3, 3)), "between 2 and 8 classes"),
    (np.c_[np.zeros((9, 2)), np.arange(9)], "between 2 and 8 classes"),
    (np.array([["a", "b", "c"]]), "must hold numbers"),
    (np.zeros((3, 3), dtype=np.complex64), "must hold numbers"),
]


@pytest.mark.parametrize(("array", "problem"), BAD_NPY)
def test_bad_npy_arrays_are_refused_naming_the_problem(
    tmp_path: Path, array: np.ndarray, problem: str
) -> None:
    assert problem in refusal(save_npy(tmp_path / "bad.npy", array))


def test_too_many_rows_are_refused_before_they_are_read(tmp_path: Path) -> None:
    rows = np.zeros((MAX_ROWS + 1, 3), dtype=np.float32)
    assert "too many rows" in refusal(save_npy(tmp_path / "big.npy", rows))


def test_a_header_promising_more_data_than_the_file_has_is_refused(tmp_path: Path) -> None:
    # A header for 10,000 rows over 3 rows of data: numpy would otherwise allocate for it all.
    path = save_npy(tmp_path / "lying.npy", np.zeros((10_000, 3)))
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) - 10_000 * 24 + 3 * 24])
    assert "truncated" in refusal(path)


def test_truncated_and_garbage_files_are_refused(tmp_path: Path) -> None:
    npy = save_npy(tmp_path / "cut.npy", ROWS)
    npy.write_bytes(npy.read_bytes()[:20])
    assert "not a readable .npy file" in refusal(npy)
    pt = save_pt(tmp_path / "cut.pt", torch.tensor(ROWS))
    pt.write_bytes(pt.read_bytes()[:100])
    assert "truncated or not one torch.save wrote" in refusal(pt)
    nul = save_npy(tmp_path / "nul.npy", ROWS)  # a NUL in the header: Python's tokenizer fails
    header = bytearray(nul.read_bytes())
    header[10] = 0
    nul.write_bytes(bytes(header))
    assert "not a readable .npy file" in refusal(nul)
    text = tmp_path / "text.npy"
    text.write_text("0,0,0\n1,1,1\n")
    assert "not a NumPy .npy file" in refusal(text)
    empty = tmp_path / "empty.pt"
    empty.write_bytes(b"")
    assert "truncated or not one torch.save wrote" in refusal(empty)
    words = tmp_path / "words.pt"
    words.write_text("hello")
    assert "not a file torch.save wrote" in refusal(words)


@pytest.mark.filterwarnings("ignore:Detected pickle protocol")  # torch's, for protocol 4
def test_a_pickle_that_would_run_code_is_refused_unrun(tmp_path: Path) -> None:
    marker = tmp_path / "MARKER"
    objects = np.empty(1, dtype=object)
    objects[0] = RunsCode(marker)
    np.save(tmp_path / "evil.npy", objects, allow_pickle=True)
    assert "Python objects" in refusal(tmp_path / "evil.npy")
    torch.save({"X": RunsCode(marker), "y": torch.zeros(3)}, tmp_path / "evil.pt")
    said = f"holds Python objects ({os.mkdir.__module__}.mkdir) that loading would run"
    assert said in refusal(tmp_path / "evil.pt")
    (tmp_path / "raw.pt").write_bytes(pickle.dumps(RunsCode(marker), protocol=2))
    assert said in refusal(tmp_path / "raw.pt")
    # Protocol 4 (sniffed as torch by its first byte) is refused at its first unknown opcode.
    (tmp_path / "sniffed.bin").write_bytes(pickle.dumps(RunsCode(marker), protocol=4))
    assert "pickle code that loading would run, so it was refused unrun" in refusal(
        tmp_path / "sniffed.bin"
    )
    assert "weights_only=False" not in refusal(tmp_path / "raw.pt")  # never advise running it
    assert not marker.exists()
    pickle.loads(pickle.dumps(RunsCode(marker)))  # the check above can fail: this runs it
    assert marker.exists()


BAD_PT = [
    (torch.tensor(ROWS[:, :2]), "points without labels"),
    (torch.zeros(2, 3, 3), "must be 2-D"),
    ({"X": torch.zeros(3, 2)}, "needs keys 'X' (N, 2) and 'y' (N,)"),
    ({"X": torch.zeros(3, 3), "y": torch.tensor([0, 1, 1])}, "X has shape (3, 3)"),
    ({"X": torch.zeros(3, 2), "y": torch.tensor([0, 1])}, "y must have shape (3,)"),
    ({"X": torch.zeros(3, 2), "y": torch.zeros(3, 1)}, "y must have shape (3,)"),
    ({"X": torch.zeros(3, 2), "y": torch.tensor([0.0, 0.5, 1.0])}, "row 2: label"),
    ({"X": torch.tensor([[0, 0], [1, float("nan")]]), "y": torch.tensor([0, 1])}, "row 2: y"),
    ({"X": [[0, 0], [1, 1]], "y": torch.tensor([0, 1])}, "must both be tensors"),
    ([1, 2, 3], "holds a list"),
    (torch.zeros(3, 3, dtype=torch.complex64), "plain real tensor"),
]


@pytest.mark.parametrize(("obj", "problem"), BAD_PT)
def test_bad_pt_contents_are_refused_naming_the_problem(
    tmp_path: Path, obj: object, problem: str
) -> None:
    assert problem in refusal(save_pt(tmp_path / "bad.pt", obj))


def test_csv_refusals_now_name_the_file_too(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text("0,0,0\n1,x,1\n")
    assert "rows.csv: row 2: y is not a number" in refusal(path)


def test_special_and_oversized_files_are_refused_before_reading(tmp_path: Path) -> None:
    assert "it is a folder" in refusal(tmp_path)
    big = tmp_path / "huge.npy"
    with big.open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    assert "at most 16 MiB" in refusal(big)
    assert "no such file" in refusal(tmp_path / "missing.pt")


def test_a_buffer_saved_tensor_round_trips(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    torch.save({"X": torch.randn(50, 2), "y": torch.arange(50) % 4, "note": "extra"}, buffer)
    path = tmp_path / "four.pth"
    path.write_bytes(buffer.getvalue())
    data = load_points_file(path)
    assert data.class_count == 4 and data.size == 50


def _valid_files() -> list[bytes]:
    npy = io.BytesIO()
    np.save(npy, ROWS)
    pt = io.BytesIO()
    torch.save({"X": torch.tensor(ROWS[:, :2]), "y": torch.tensor([0, 1, 1])}, pt)
    return [npy.getvalue(), pt.getvalue()]


@settings(max_examples=60, deadline=None)
@given(
    which=st.sampled_from([0, 1]),
    cut=st.integers(min_value=0, max_value=5000),
    flips=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 255)), max_size=4),
)
@pytest.mark.filterwarnings("ignore::UserWarning")  # torch's, for odd pickle protocols
def test_damaged_files_load_whole_or_are_refused_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, which: int, cut: int, flips: list[tuple[int, int]]
) -> None:
    """Any cut or changed bytes of a good .npy or .pt: the file loads (as checked points) or is
    refused with an InputError naming it; nothing else escapes."""
    raw = bytearray(_valid_files()[which][: cut or None])
    for at, value in flips:
        if raw:
            raw[at % len(raw)] = value
    path = tmp_path_factory.mktemp("damaged") / ("d.npy", "d.pt")[which]
    path.write_bytes(bytes(raw))
    try:
        data = load_points_file(path)
    except InputError as error:
        assert path.name in str(error) and "\n" not in str(error)
    else:
        assert data.points.shape == (len(data.labels), 2)
        assert 2 <= data.class_count <= 8 and np.isfinite(data.points).all()
