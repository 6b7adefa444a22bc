"""The other tabs at scale: the Network tab's preset-to-picture time, scrubbing and a layer's
handle dragged, the SVD tab's scrubbing and the Classifier's w dragged, each until the canvas
has painted the new frame (the points' ``painted_version``).

The window is the one the drag benchmark used, so the points are already on the worker's device.
Each frame is driven as the user drives it: the scrubber's slider value, the SVD slider, and
real mouse events on the handles (``drag_handle``, as the Explorer's drag is timed).
"""

from __future__ import annotations

import time

from PySide6.QtWidgets import QSlider, QWidget

from linviz_gui.bench.drag import drag_handle, wait_until
from linviz_gui.bench.timing import FrameClock, FrameTimes
from linviz_gui.ui.shell.main_window import MainWindow
from linviz_gui.ui.widgets.point_cloud_item import PointCloudItem


def _painted(points: PointCloudItem) -> bool:
    return points.count > 0 and points.painted_version == points.version


def _scrub(slider: QSlider, points: PointCloudItem, frames: int, timeout_s: float) -> FrameClock:
    """Move ``slider`` to ``frames`` values spread over its range, each until ``points`` painted."""
    clock = FrameClock()
    span = slider.maximum() - slider.minimum()
    for k in range(frames):
        value = slider.minimum() + (k * 7919 + 1) % (span + 1)  # spread over the whole range
        if value == slider.value():
            value = slider.minimum() + (value + 1 - slider.minimum()) % (span + 1)
        clock.start()
        slider.setValue(value)
        wait_until(lambda: _painted(points), timeout_s)
        clock.stop()
    return clock


def _view(window: MainWindow, title: str) -> QWidget:
    for view in window.views:
        if getattr(view, "title", "") == title:
            return view
    raise LookupError(f"no {title} tab")


def network_preset_ms(
    window: MainWindow, preset: str = "deep_relu", timeout_s: float = 120.0
) -> float:
    """From picking ``preset`` (after another one) to its last stage painted on the stage canvas."""
    from linviz_gui.ui.views.network.view import NetworkView

    view = _view(window, "Network")
    assert isinstance(view, NetworkView)
    window.tabs.setCurrentWidget(view)
    box = view.presets.preset_box

    def pick(key: str) -> None:  # as a user's choice does: ``activated`` is what the tab hears
        box.setCurrentIndex(box.findData(key))
        box.activated.emit(box.currentIndex())

    pick("tanh_net" if preset != "tanh_net" else "deep_relu")
    wait_until(lambda: view.computed_stage_count() is not None, timeout_s)
    wait_until(lambda: _painted(view.stage_canvas.points), timeout_s)
    start = time.perf_counter()
    pick(preset)
    wait_until(
        lambda: view.computed_stage_count() is not None and _painted(view.stage_canvas.points),
        timeout_s,
    )
    return (time.perf_counter() - start) * 1000


def network_scrub(window: MainWindow, frames: int, timeout_s: float = 60.0) -> FrameTimes:
    """Scrubber positions across every stage of the net on show, each until painted."""
    from linviz_gui.ui.views.network.view import NetworkView

    view = _view(window, "Network")
    assert isinstance(view, NetworkView)
    clock = _scrub(view.scrubber.slider, view.stage_canvas.points, frames, timeout_s)
    return clock.times("linviz-network-scrub", window.scene.dataset.size)


def svd_scrub(window: MainWindow, frames: int, timeout_s: float = 120.0) -> FrameTimes:
    """The SVD tab's slider from X to W X, each position until painted."""
    from linviz_gui.ui.views.svd.view import SvdView

    view = _view(window, "SVD")
    assert isinstance(view, SvdView)
    window.tabs.setCurrentWidget(view)
    wait_until(lambda: view.is_current() and _painted(view.canvas.points), timeout_s)
    clock = _scrub(view.slider, view.canvas.points, frames, timeout_s)
    return clock.times("linviz-svd-scrub", window.scene.dataset.size)


def network_handle_drag(window: MainWindow, frames: int, timeout_s: float = 120.0) -> FrameTimes:
    """The tanh preset's layer handle (column 1 of its W) dragged on the stage canvas at its
    ``× W`` step; each move until the worker's stages for the new W are painted."""
    from linviz_gui.ui.views.network.view import NetworkView

    view = _view(window, "Network")
    assert isinstance(view, NetworkView)
    window.tabs.setCurrentWidget(view)
    box = view.presets.preset_box
    box.setCurrentIndex(box.findData("tanh"))
    box.activated.emit(box.currentIndex())  # as a user's choice does

    def shown() -> bool:
        return view.computed_stage_count() is not None and _painted(view.stage_canvas.points)

    wait_until(shown, timeout_s)
    view.go_to_weight(0)
    wait_until(lambda: shown() and view.handles[0].isVisible(), timeout_s)
    handle = view.handles[0]
    start = (float(handle.pos().x()), float(handle.pos().y()))
    clock = drag_handle(view.stage_canvas, start, frames, shown, timeout_s)
    return clock.times("linviz-network-handle-drag", window.scene.dataset.size)


def classifier_drag(
    window: MainWindow, n: int, frames: int, timeout_s: float = 120.0
) -> FrameTimes:
    """Two blobs of ``n`` labelled points; w's handle dragged, each move until the points are
    painted in the colours of their new predictions (the line and regions move with them)."""
    from linviz_gui.model.data.labelled import LabelledSpec
    from linviz_gui.ui.views.classifier.view import ClassifierView

    view = _view(window, "Classifier")
    assert isinstance(view, ClassifierView)
    window.tabs.setCurrentWidget(view)
    before = view.data
    view.request_data(LabelledSpec("blobs", n, 0))
    canvas = view.canvas

    def shown() -> bool:
        return _painted(canvas.dots) and _painted(canvas.rings)

    # The new set itself, not the one of the same size on screen (the warm-up's): it would land
    # during the drag and time its loading as one of the drag's frames.
    def landed() -> bool:
        data = view.data
        return data is not before and data is not None and data.size == n and shown()

    wait_until(landed, timeout_s)
    view.fit()
    wait_until(shown, timeout_s)
    wx, wy = view.params.weights[0]
    clock = drag_handle(canvas, (float(wx), float(wy)), frames, shown, timeout_s)
    return clock.times("linviz-classifier-drag", n)
