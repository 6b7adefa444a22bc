"""Fault injection: the worker raising, a device running out of memory or vanishing mid-job,
torch failing to load, closing while busy. Each gives a clear message, keeps the last good
picture, and leaves no thread behind."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt

from linviz_gui.compute import explorer_jobs
from linviz_gui.compute.worker import ComputeWorker, Job, JobContext, _is_device_failure
from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.ui.shell.main_window import make_main_window


def _shows_x_times_w(window) -> bool:  # type: ignore[no-untyped-def]
    x = window.explorer.input_canvas.points.points()
    y = window.explorer.output_canvas.points.points()
    w = np.array(window.scene.matrix.rows, np.float32)
    return y.shape == x.shape and np.allclose(y, x @ w.T, atol=1e-5)


def test_a_failing_dataset_job_keeps_the_last_picture_and_says_why(
    qtbot, window, monkeypatch
) -> None:
    real = explorer_jobs.make_points

    def make_points(spec):  # type: ignore[no-untyped-def]
        if spec.seed == 13:
            raise RuntimeError("disk on fire")
        return real(spec)

    monkeypatch.setattr(explorer_jobs, "make_points", make_points)
    explorer = window.explorer
    before_in = explorer.input_canvas.points.points().copy()
    before_out = explorer.output_canvas.points.points().copy()
    field = window.dataset_panel.seed_field
    field.setText("13")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "disk on fire" in window.statusBar().currentMessage())
    assert "showing the last result" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(explorer.input_canvas.points.points(), before_in)
    np.testing.assert_array_equal(explorer.output_canvas.points.points(), before_out)
    field.setText("14")  # the app keeps working
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            not np.array_equal(explorer.input_canvas.points.points(), before_in)
            and _shows_x_times_w(window)
        )
    )


@pytest.fixture
def gpu_window(qtbot, settings, monkeypatch):  # type: ignore[no-untyped-def]
    """A window that believes in a ``cuda:0`` (torch's data-less ``meta`` device stands in)."""
    monkeypatch.setattr("linviz_gui.model.devices.available_devices", lambda: ["cpu", "cuda:0"])
    monkeypatch.setattr("linviz_gui.model.devices.default_device", lambda _names: "cpu")
    original = ComputeWorker._open_device

    def open_device(self, name):  # type: ignore[no-untyped-def]
        if name != "cuda:0":
            return original(self, name)
        self.device_name = name
        self.sigDevice.emit(name, "")
        return torch.device("meta")

    monkeypatch.setattr(ComputeWorker, "_open_device", open_device)
    win = make_main_window(settings=settings)
    qtbot.addWidget(win)
    win.resize(1200, 700)
    win.show()
    qtbot.waitUntil(lambda: win.device_selector.count() == 2, timeout=30_000)
    qtbot.waitUntil(lambda: _shows_x_times_w(win) and win.explorer.output_canvas.points.count > 0)
    yield win
    win.close()


@pytest.mark.parametrize(
    ("error", "shown"),
    [
        (torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 8.00 GiB"), "out of memory"),
        (RuntimeError("CUDA error: unspecified launch failure"), "unspecified launch failure"),
        (RuntimeError("CUDA error: no CUDA-capable device is detected"), "no CUDA-capable"),
    ],
)
def test_a_device_failing_mid_job_falls_back_to_cpu_with_a_message(
    qtbot, gpu_window, monkeypatch, error, shown
) -> None:
    real = explorer_jobs.device_points

    def device_points(context: JobContext, spec):  # type: ignore[no-untyped-def]
        if context.device.type == "meta":
            raise error
        return real(context, spec)

    monkeypatch.setattr(explorer_jobs, "device_points", device_points)
    window = gpu_window
    window.scene.set_matrix(Matrix2(2.0, 0.5, -1.0, 1.0))
    box = window.device_selector
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_End)  # the user picks cuda:0
    # (the stand-in device calls itself "meta" in the message; a real one says "cuda:0")
    qtbot.waitUntil(lambda: "computing on cpu" in window.statusBar().currentMessage())
    message = window.statusBar().currentMessage()
    assert "failed (" in message and shown in message
    qtbot.waitUntil(lambda: window.scene.device == "cpu" and box.currentText() == "cpu")
    qtbot.waitUntil(lambda: _shows_x_times_w(window))
    assert window.device_label.text() == "device: cpu"


def test_a_job_error_on_the_gpu_that_is_not_the_device_is_just_reported(
    qtbot, gpu_window, monkeypatch
) -> None:
    def device_points(context, spec):  # type: ignore[no-untyped-def]
        raise ValueError("the points are not finite")

    window = gpu_window
    before = window.explorer.output_canvas.points.points().copy()
    monkeypatch.setattr(explorer_jobs, "device_points", device_points)
    window.device_selector.setFocus()
    qtbot.keyClick(window.device_selector, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: "not finite" in window.statusBar().currentMessage())
    assert window.scene.device == "cuda:0"
    np.testing.assert_array_equal(window.explorer.output_canvas.points.points(), before)


@pytest.mark.parametrize(
    ("error", "blames_device"),
    [
        (torch.OutOfMemoryError("CUDA out of memory"), True),
        (RuntimeError("MPS backend out of memory (MPS allocated: 1 GB)"), True),
        (RuntimeError("cuDNN error: CUDNN_STATUS_INTERNAL_ERROR"), True),
        (RuntimeError("CUBLAS_STATUS_ALLOC_FAILED when calling cublasCreate(handle)"), True),
        (type("AcceleratorError", (RuntimeError,), {})("launch failure"), True),
        (ValueError("could not convert string to float"), False),
        (ZeroDivisionError("division by zero"), False),
    ],
)
def test_which_errors_blame_the_device(error: BaseException, blames_device: bool) -> None:
    assert _is_device_failure(error) is blames_device


def test_a_device_that_holds_no_data_is_refused_with_a_message(qtbot) -> None:
    """``--device meta`` (or a remembered oddity) falls back instead of failing every job."""
    worker = ComputeWorker()
    with qtbot.waitSignal(worker.sigReady, timeout=30_000):
        worker.start()
    try:
        worker.set_device("meta")
        with qtbot.waitSignal(worker.sigDevice, timeout=10_000) as changed:
            worker.submit(Job("t", _echo, (1,)))
        assert changed.args[0] == "cpu"
        assert "meta is not usable" in changed.args[1]
    finally:
        worker.stop()


def _echo(_context: JobContext, value: int) -> int:
    return value


def test_torch_failing_to_load_is_a_message_not_a_silent_hang(qtbot, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch now raises ImportError
    worker = ComputeWorker()
    try:
        with qtbot.waitSignal(worker.sigFailed, timeout=10_000) as failed:
            worker.start()
        assert "torch could not be loaded" in failed.args[2]
        qtbot.waitUntil(lambda: not worker.is_running())
    finally:
        worker.stop()


def _until_cancelled(context: JobContext, started: threading.Event) -> str:
    started.set()
    while not context.cancelled():
        threading.Event().wait(0.005)
    return "stopped"


def test_closing_during_a_long_job_ends_the_thread(qtbot, window) -> None:
    started = threading.Event()
    window.worker.submit(Job("test.long", _until_cancelled, (started,)))
    assert started.wait(10)
    window.close()
    assert not window.worker.is_running()


def test_closing_during_a_million_point_transform_ends_the_thread(qtbot, window) -> None:
    field = window.dataset_panel.count_field
    field.setText("1e6")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    window.scene.set_matrix(Matrix2(0.5, 1.0, -1.0, 0.5))  # and a transform of them queued
    window.close()
    assert not window.worker.is_running()


def test_a_session_file_vanishing_mid_load_is_a_clear_message(tmp_path, monkeypatch) -> None:
    """The file is there when looked at, gone when opened: one clear message, nothing raised."""
    import os

    from linviz_gui.model.files import safe_read
    from linviz_gui.model.files.session import load_session
    from linviz_gui.model.linear.matrix import InputError as SessionError

    path = tmp_path / "lecture.linviz.json"
    path.write_text("{}")
    real_open = os.open

    def vanish(name: object, flags: int, *args: int) -> int:
        path.unlink()  # between the size check and the open
        return real_open(name, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(safe_read.os, "open", vanish)
    with pytest.raises(SessionError, match=f"cannot open {path}: no such file"):
        load_session(path)
