"""Pictures out of the real window: PNG at the asked size showing the points, SVG, the dialog,
the canvas menu, clipboard, and clear messages when a file cannot be written."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication, QMenu

from linviz_gui.model.linear.matrix import InputError, Matrix2
from linviz_gui.ui.export.export_dialog import ExportDialog
from linviz_gui.ui.export.targets import ExportTarget, canvas_targets, export_to_file


def pixels(image: QImage) -> np.ndarray:
    """(H, W) uint32 ARGB of ``image``."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    data = np.frombuffer(image.constBits(), np.uint32, count=image.width() * image.height())
    return data.reshape(image.height(), image.width()).copy()


def point_pixel_count(image: QImage, canvas) -> int:  # type: ignore[no-untyped-def]
    """How many pixels have exactly one of the points' colours (the dots are not blended)."""
    colors = np.unique(canvas.points.colors())
    return int(np.isin(pixels(image), colors).sum())


@pytest.fixture
def sheared(window):  # type: ignore[no-untyped-def]
    window.scene.set_matrix(Matrix2(1.0, 0.8, 0.0, 1.0))
    out = window.explorer.output_canvas
    expected = window.explorer.input_canvas.points.points() @ np.array([[1.0, 0.8], [0.0, 1.0]]).T

    def shown() -> bool:
        return np.allclose(out.points.points(), expected, atol=1e-5)

    from pytestqt.qtbot import QtBot

    QtBot(window).waitUntil(shown, timeout=10_000)
    return window


def test_png_at_4k_has_that_size_and_shows_the_points(sheared, tmp_path: Path) -> None:
    canvas = sheared.explorer.output_canvas
    path = tmp_path / "out.png"
    export_to_file(ExportTarget("output", canvas), path, 3840, 2160)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (3840, 2160)
    # 1000 dots drawn with a radius grown by the export scale: far more pixels than dots.
    assert point_pixel_count(image, canvas) > 20_000
    corner = pixels(image)[5, 5]
    assert corner == 0xFFFFFFFF  # the canvas's white background
    # The canvas on screen is put back as it was, drag handles included.
    assert canvas.getPlotItem().geometry().width() < 3000
    assert all(handle.isVisible() for handle in sheared.explorer.handles)


def test_transparent_png_has_a_clear_background(sheared, tmp_path: Path) -> None:
    canvas = sheared.explorer.input_canvas
    path = tmp_path / "clear.png"
    export_to_file(ExportTarget("input", canvas), path, 800, 600, transparent=True)
    image = QImage(str(path))
    alpha = pixels(image) >> 24
    assert alpha[2, 2] == 0 and alpha[-3, -3] == 0
    assert point_pixel_count(image, canvas) > 500


def test_whole_window_png_is_rendered_at_the_asked_size(sheared, tmp_path: Path) -> None:
    path = tmp_path / "window.png"
    export_to_file(ExportTarget("window", sheared), path, 2400, 1400)
    image = QImage(str(path))
    assert (image.width(), image.height()) == (2400, 1400)
    assert point_pixel_count(image, sheared.explorer.output_canvas) > 2000


def test_svg_parses_and_holds_every_point(sheared, tmp_path: Path) -> None:
    path = tmp_path / "out.svg"
    export_to_file(ExportTarget("output", sheared.explorer.output_canvas), path, 1200, 900)
    root = ET.parse(path).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("width") == "1200"
    assert len(root.findall(".//s:circle", ns)) == 1000
    texts = {t.text for t in root.findall(".//s:text", ns)}
    assert {"We₁", "We₂", "output space Y = X @ W.T"} <= texts
    # The deformed grid: 11 + 11 lines, grey pre-blended onto the white page.
    grid = [p for p in root.findall(".//s:path", ns) if p.get("d", "").count("L") == 22]
    assert len(grid) == 1 and grid[0].get("stroke") == "#d2d2d2"


def test_the_tab_as_svg_has_both_canvases_side_by_side(sheared, tmp_path: Path) -> None:
    path = tmp_path / "tab.svg"
    note = export_to_file(ExportTarget("tab", sheared.explorer), path, 1600, 700)
    root = ET.parse(path).getroot()
    ns = {"s": "http://www.w3.org/2000/svg"}
    titles = [g.find("s:text", ns).text for g in root.findall("s:g", ns)]  # type: ignore[union-attr]
    assert titles == ["input space X", "output space Y = X @ W.T"]
    assert len(root.findall(".//s:circle", ns)) == 2000
    assert "canvases only" in note


def test_bad_files_give_clear_messages_and_write_nothing(window, tmp_path: Path) -> None:
    target = ExportTarget("output", window.explorer.output_canvas)
    with pytest.raises(InputError, match=r"unknown file type \(\.jpg\); use \.png, \.svg"):
        export_to_file(target, tmp_path / "x.jpg", 800, 600)
    with pytest.raises(InputError, match="does not exist"):
        export_to_file(target, tmp_path / "no" / "x.png", 800, 600)
    with pytest.raises(InputError, match="width must be between 16 and 7680 pixels; got 9000"):
        export_to_file(target, tmp_path / "x.png", 9000, 600)
    assert list(tmp_path.iterdir()) == []


def test_a_failing_png_write_keeps_the_old_file(
    window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = ExportTarget("output", window.explorer.output_canvas)
    path = tmp_path / "keep.png"
    export_to_file(target, path, 400, 300)
    before = path.read_bytes()

    def half_write(self: QImage, name: str, *_args: object) -> bool:
        Path(name).write_bytes(b"\x89PNG half")
        return False

    monkeypatch.setattr(QImage, "save", half_write)
    with pytest.raises(InputError, match=r"keep\.png: could not be written"):
        export_to_file(target, path, 800, 600)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.png"]


def test_ctrl_e_dialog_exports_and_remembers_its_choices(window, tmp_path: Path) -> None:
    action = window.file_actions.export_action
    assert action.shortcut().toString() == "Ctrl+E"
    action.trigger()
    dialog = window.file_actions.dialog
    assert isinstance(dialog, ExportDialog) and dialog.isVisible()
    names = [dialog.target_box.itemText(i) for i in range(dialog.target_box.count())]
    assert names == [
        "input space X",
        "output space Y = X @ W.T",
        "the whole Explorer tab",
        "the whole window",
    ]
    assert [t.name for t in canvas_targets(window.explorer)] == names[:2]  # reading order
    dialog.target_box.setCurrentIndex(1)
    dialog.format_box.setCurrentText("SVG vector drawing")
    dialog.width_box.setValue(1000)
    dialog.height_box.setValue(800)
    dialog.path_edit.setText(str(tmp_path / "figure.svg"))
    assert dialog.export()
    assert (tmp_path / "figure.svg").exists()
    assert "Wrote" in dialog.message.text()
    dialog.close()

    again = window.file_actions.open_export_dialog()
    assert again.target.name == "output space Y = X @ W.T"
    assert again.format_box.currentText() == "SVG vector drawing"
    assert (again.width_box.value(), again.height_box.value()) == (1000, 800)
    assert Path(again.path_edit.text()).parent == tmp_path
    again.path_edit.setText(str(tmp_path / "figure.bmp"))
    assert not again.export()
    assert "unknown file type (.bmp)" in again.message.text()
    again.close()


def test_copy_to_clipboard_puts_the_image_there(window) -> None:
    dialog = window.file_actions.open_export_dialog(window.explorer.output_canvas)
    assert dialog.target.name == "output space Y = X @ W.T"
    dialog.width_box.setValue(640)
    dialog.height_box.setValue(480)
    assert dialog.copy()
    image = QApplication.clipboard().image()
    assert (image.width(), image.height()) == (640, 480)
    dialog.close()


@pytest.mark.qt_log_ignore("does not support raise", "grabbing the keyboard")
def test_right_click_on_a_canvas_offers_export(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    canvas = window.explorer.input_canvas
    viewport = canvas.viewport()
    where = QPointF(canvas.width() * 0.2, canvas.height() * 0.8)
    right = Qt.MouseButton.RightButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, right),
        (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton),
    ):
        event = QMouseEvent(
            kind, where, canvas.mapToGlobal(where.toPoint()), right, buttons, Qt.KeyboardModifier(0)
        )
        QApplication.sendEvent(viewport, event)
    menus = [m for m in canvas.findChildren(QMenu) if m.isVisible()]
    assert len(menus) == 1
    texts = [a.text() for a in menus[0].actions()]
    assert texts == ["Export…", "Copy image"]
    menus[0].actions()[0].trigger()
    menus[0].close()
    dialog = window.file_actions.dialog
    assert dialog is not None and dialog.target.name == "input space X"
    dialog.close()


def test_right_click_that_cancels_a_drag_opens_no_menu(window) -> None:  # type: ignore[no-untyped-def]
    from tests.ui.views.explorer.test_explorer import drag

    canvas = window.explorer.output_canvas
    drag(canvas, (1.0, 0.0), (2.0, 1.0), cancel=True)
    assert window.scene.matrix == Matrix2.identity()
    assert [m for m in canvas.findChildren(QMenu) if m.isVisible()] == []


def test_closed_dialogs_do_not_pile_up(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A closed dialog is only hidden: each Ctrl+E or refused file used to leave one behind."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QMessageBox

    actions = window.file_actions
    for _ in range(3):
        actions.export_action.trigger()
        actions.dialog.close()
        assert not actions.open_path(tmp_path / "missing.linviz.json")
        actions._box.close()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert len(window.findChildren(ExportDialog)) == 1
    assert len(window.findChildren(QMessageBox)) == 1
