"""Dots a user can find: the course's two points are drawn larger than a 1000-point cloud, and
Display → Point size grows or shrinks the dots of every canvas."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.ui.export.image_render import render_canvas
from linviz_gui.ui.widgets.point_cloud_item import point_clouds
from tests.ui.export.test_export import pixels


def dot_pixels(image: QImage, canvas) -> int:  # type: ignore[no-untyped-def]
    colors = np.unique(canvas.points.colors())
    return int(np.isin(pixels(image), colors).sum())


def test_the_two_points_are_larger_and_the_size_choice_reaches_every_canvas(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.explorer.input_canvas
    cloud_radius = canvas.points.dot_radius
    window.scene.set_dataset(DatasetSpec("two_points", 1000, 0))
    qtbot.waitUntil(lambda: canvas.points.count == 2, timeout=10_000)
    assert canvas.points.dot_radius >= 2 * cloud_radius
    assert canvas.points.dot_radius >= 5  # 11 px wide dots (5 px before)
    normal = dot_pixels(render_canvas(canvas, 400, 300), canvas)

    options = window.display_options
    options.point_size_box.setCurrentText("very large")
    large = dot_pixels(render_canvas(canvas, 400, 300), canvas)
    assert large > 4 * normal  # radius × 2.4: area × 5.8
    radii = {cloud.size_scale for cloud in point_clouds(window)}
    assert radii == {2.4}  # every canvas of every tab, the classifier's included
    options.point_size_box.setCurrentText("small")
    assert dot_pixels(render_canvas(canvas, 400, 300), canvas) < normal
