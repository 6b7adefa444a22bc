"""Regressions the soak found: each was a way to lose work or show something false."""

from __future__ import annotations

import numpy as np
import torch
from PySide6.QtCore import Qt

from linviz_gui.model.linear.matrix import Matrix2

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_clicking_through_the_w_entries_does_not_round_w(qtbot, window) -> None:
    precise = Matrix2(0.123456789, -494.9416144205154, 1.0, 2.0)
    window.scene.set_matrix(precise)
    for field in window.matrix_editor.fields:  # focus in, then out: nothing typed
        field.setFocus()
        qtbot.keyClick(field, Qt.Key.Key_Tab)
    window.dataset_panel.count_field.setFocus()
    assert window.scene.matrix == precise
    window.undo_action.trigger()
    assert window.scene.matrix == Matrix2.identity()  # no rounding step slipped in between


def test_ctrl_z_right_after_enter_in_a_w_entry_undoes_w(qtbot, window) -> None:
    field = window.matrix_editor.fields[3]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "3")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert window.scene.matrix.d == 3.0
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert window.scene.matrix.d == 1.0 and field.text() == "1"
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL | SHIFT)
    assert window.scene.matrix.d == 3.0


def test_ctrl_z_while_typing_still_undoes_the_typing(qtbot, window) -> None:
    field = window.matrix_editor.fields[0]
    field.setFocus()
    qtbot.keyClicks(field, "7")
    qtbot.keyClick(field, Qt.Key.Key_Z, CTRL)
    assert field.text() == "1" and window.scene.matrix == Matrix2.identity()


def test_a_new_seed_with_the_same_n_recolours_the_output(qtbot, window) -> None:
    explorer = window.explorer
    field = window.dataset_panel.seed_field
    field.setText("5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    torch.manual_seed(5)
    x = torch.randn(1000, 2).numpy()
    qtbot.waitUntil(
        lambda: (
            np.allclose(explorer.output_canvas.points.points(), x, atol=1e-6)
            and np.array_equal(
                explorer.output_canvas.points.colors(), explorer.input_canvas.points.colors()
            )
        )
    )


def test_a_large_random_preset_seed_works_and_a_bad_one_is_refused(qtbot, window) -> None:
    editor = window.matrix_editor
    editor.preset_box.setCurrentText("random  torch.randn(2, 2)")
    editor.preset_param.setText(str(2**40))  # wider than a C int: it used to overflow the signal
    editor.apply_preset()
    expected = torch.randn(2, 2, generator=torch.Generator().manual_seed(2**40)).tolist()
    qtbot.waitUntil(lambda: window.scene.matrix.rows == tuple(map(tuple, expected)))
    for text in ("1e30", "-1"):
        editor.preset_param.setText(text)
        editor.apply_preset()
        assert "seed must be between 0 and 2**63 - 1" in editor.message.text()


def test_choosing_an_absent_device_says_so_at_once(qtbot, window) -> None:
    window.scene.set_device("cuda:7")  # as --device cuda:7 or a remembered setting does
    qtbot.waitUntil(lambda: "cuda:7 is not usable" in window.statusBar().currentMessage())
    qtbot.waitUntil(lambda: window.scene.device == "cpu")
    assert window.device_selector.currentText() == "cpu"
