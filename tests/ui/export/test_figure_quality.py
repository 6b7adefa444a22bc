"""Pictures fit for slides: a whole tab fills its frame, the drag handles stay out unless kept,
text grows with the page, and the slide look is larger and darker than the screen's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage

from linviz_gui.ui.export.figure_style import SCREEN, SLIDE
from linviz_gui.ui.export.image_render import render_canvas
from linviz_gui.ui.export.targets import ExportTarget, render_image
from tests.ui.export.test_export import pixels


def uniform_edge_columns(image: QImage) -> tuple[int, int]:
    """How many columns at the left and at the right edge are one flat colour (a side bar)."""
    rgb = pixels(image) & 0xFFFFFF
    flat = (rgb == rgb[0:1, :]).all(axis=0)
    left = int(np.argmin(flat)) if not flat.all() else len(flat)
    right = int(np.argmin(flat[::-1])) if not flat.all() else len(flat)
    return left, right


def luminance(image: QImage) -> np.ndarray:
    argb = pixels(image)
    r, g, b = (argb >> 16) & 0xFF, (argb >> 8) & 0xFF, argb & 0xFF
    return (0.299 * r + 0.587 * g + 0.114 * b).astype(float)


def title_rows(image: QImage) -> np.ndarray:
    """The luminance of the first band of ink at the top of a canvas picture: its title."""
    light = luminance(image)
    inked = (light[: image.height() // 5] < 200).any(axis=1)
    rows = np.flatnonzero(inked)
    assert len(rows), "no title drawn"
    end = rows[0]
    while end + 1 < len(inked) and inked[end + 1]:
        end += 1
    return light[rows[0] : end + 1]


def title_height(image: QImage) -> int:
    return len(title_rows(image))


def test_the_whole_tab_fills_its_frame_with_round_points(window) -> None:  # type: ignore[no-untyped-def]
    image = render_image(ExportTarget("tab", window.explorer), 1600, 900, transparent=False)
    assert (image.width(), image.height()) == (1600, 900)
    left, right = uniform_edge_columns(image)
    # The old picture was the tab scaled into the page: grey bars of about 140 px at each side.
    # What is left is the white margin the left axis keeps beside its labels.
    assert left < 64 and right < 64, (left, right)
    window_grey = window.palette().window().color().rgb() & 0xFFFFFF
    assert not ((pixels(image) & 0xFFFFFF) == window_grey).all(axis=0).any()
    # Every dot of both canvases is drawn in one of the points' colours, round at export size.
    colors = np.unique(window.explorer.output_canvas.points.colors())
    assert np.isin(pixels(image), colors).sum() > 2 * 1000 * 20


def test_drag_handles_stay_out_unless_kept(window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.explorer.output_canvas
    for handle in window.explorer.handles:
        handle.set_color("#ff00ff")  # a colour nothing else on the canvas has
        handle.dragging = True  # drawn opaque, as while held
    magenta = 0xFFFF00FF
    without = render_canvas(canvas, 800, 600)
    kept = render_canvas(canvas, 800, 600, style=SCREEN.with_handles(True))
    tab = render_image(ExportTarget("tab", window.explorer), 1600, 700, False)
    assert (pixels(without) == magenta).sum() == 0
    assert (pixels(tab) == magenta).sum() == 0
    assert (pixels(kept) == magenta).sum() > 100
    assert all(handle.isVisible() for handle in window.explorer.handles)


def test_text_grows_with_the_page_and_more_on_a_slide(window) -> None:  # type: ignore[no-untyped-def]
    canvas = window.explorer.input_canvas
    small = title_height(render_canvas(canvas, 800, 600))
    large = title_height(render_canvas(canvas, 1600, 1200))
    slide = title_height(render_canvas(canvas, 1600, 1200, style=SLIDE))
    assert large >= 1.7 * small, (small, large)
    assert slide >= 1.4 * large, (large, slide)
    # The slide's title is near black; the screen's is light grey.
    screen_darkest = title_rows(render_canvas(canvas, 1600, 1200)).min()
    assert screen_darkest > 100 > title_rows(render_canvas(canvas, 1600, 1200, style=SLIDE)).min()
    # The canvas on screen keeps its grey title.
    assert canvas.getPlotItem().titleLabel.opts.get("color") is None


def test_export_command_takes_a_slide_style_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    out = tmp_path / "slide.png"
    command = [sys.executable, "-m", "linviz_gui", "export", str(out), "--view", "explorer"]
    done = subprocess.run(
        [*command, "--width", "800", "--height", "400", "--style", "slide"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "canvases only" in done.stdout
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 400)
    assert max(uniform_edge_columns(image)) < 40  # a white margin by the axis, no bar
    bad = subprocess.run(
        [*command, "--style", "poster"], capture_output=True, text=True, timeout=120
    )
    assert bad.returncode == 2 and "'poster'" in bad.stderr


def test_the_dialog_offers_the_slide_look_and_the_handles_and_remembers_them(
    window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    dialog = window.file_actions.open_export_dialog()
    dialog.target_box.setCurrentText("the whole Explorer tab")
    dialog.look_box.setCurrentIndex(1)
    dialog.handles_check.setChecked(True)
    assert dialog.figure_style == SLIDE.with_handles(True)
    dialog.width_box.setValue(1200)
    dialog.height_box.setValue(600)
    dialog.path_edit.setText(str(tmp_path / "slide.png"))
    assert dialog.export() and "canvases only" in dialog.message.text()
    assert QImage(str(tmp_path / "slide.png")).width() == 1200
    dialog.format_box.setCurrentText("SVG vector drawing")
    assert not dialog.look_box.isEnabled() and not dialog.handles_check.isEnabled()
    dialog.close()
    again = window.file_actions.open_export_dialog()
    assert again.figure_style == SLIDE.with_handles(True)
    again.close()
