"""Save and open sessions through the File menu; export the identity → W animation."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.files.session import HANDOVER_PREFIX, save_session
from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.ui.export.animation import morph_fractions
from linviz_gui.ui.export.animation_export import Cancelled, export_animation
from linviz_gui.ui.shell.session_state import capture_session
from linviz_gui.ui.views.explorer.animation import ExplorerMorph

W = Matrix2(0.3439, 0.9503, -0.2960, 0.1503)


def test_save_change_and_open_brings_the_session_back(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    actions = window.file_actions
    assert actions.save_action.shortcut().toString() == "Ctrl+S"
    assert actions.open_action.shortcut().toString() == "Ctrl+O"
    window.scene.set_matrix(W)
    window.scene.set_dataset(DatasetSpec("grid", 400, 0))
    window.display_options.colormap_box.setCurrentText("plasma")
    path = tmp_path / "lecture.linviz.json"
    assert actions.save_to(path)
    saved = capture_session(window)

    window.scene.set_matrix(Matrix2.identity())
    window.scene.set_dataset(DatasetSpec("circle", 50, 0))
    window.display_options.grid_check.setChecked(False)
    assert actions.open_path(path)
    assert capture_session(window) == saved
    assert window.display_options.colormap == "plasma"
    assert window.display_options.grid_check.isChecked()
    qtbot.waitUntil(lambda: window.explorer.output_canvas.points.count == 400, timeout=10_000)
    assert actions.recent_files()[0] == str(path.resolve())


def test_a_session_lv_show_handed_over_opens_but_stays_out_of_open_recent(  # type: ignore[no-untyped-def]
    window, qtbot, tmp_path: Path
) -> None:
    actions = window.file_actions
    mine = tmp_path / "mine.linviz.json"
    window.scene.set_matrix(W)
    assert actions.save_to(mine)
    handover = tmp_path / f"{HANDOVER_PREFIX}abc123" / "shown.linviz.json"
    handover.parent.mkdir()
    save_session(handover, capture_session(window))

    assert actions.open_path(handover)
    assert actions.path == handover  # opened: Save writes back to it
    actions._fill_recent()
    names = [action.text() for action in actions.recent_menu.actions()]
    assert names == ["mine.linviz.json"]


BROKEN = [
    ('{"format": "linviz-session", "version": 1, "matrix": [[1, 0], [0', "truncated JSON"),
    ('{"format": "linviz-session", "version": 7}', "newer linviz"),
    (
        '{"format": "linviz-session", "version": 1, "options": {"colormap": "jet"}}',
        "option 'colormap' must be one of",
    ),
]


def test_a_broken_session_leaves_the_window_untouched(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.scene.set_matrix(W)
    before = capture_session(window)
    for index, (content, message) in enumerate(BROKEN):
        path = tmp_path / f"broken{index}.json"
        path.write_text(content)
        assert not window.file_actions.open_path(path)
        assert message in window.file_actions.last_error
        assert window.file_actions.last_error.startswith(f"{path.name}: ")  # which file
        assert capture_session(window) == before
        window.file_actions._box.close()


def test_a_session_refused_by_a_view_leaves_undo_and_redo_as_they_were(
    window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """W was set, then put back: that used to add two undo steps and drop the redo step."""
    import json

    first, second = Matrix2(2.0, 0.0, 0.0, 1.0), Matrix2(3.0, 0.0, 0.0, 1.0)
    window.scene.set_matrix(first)
    window.scene.set_matrix(second)
    window.undo_action.trigger()
    data = capture_session(window).to_dict()
    data["matrix"] = [[5.0, 0.0], [0.0, 5.0]]
    data["views"]["SVD"] = {"path": "nonsense"}
    path = tmp_path / "bad view.linviz.json"
    path.write_text(json.dumps(data))
    assert not window.file_actions.open_path(path)
    assert "view 'SVD': path must be one of" in window.file_actions.last_error
    window.file_actions._box.close()
    assert window.scene.matrix == first
    window.redo_action.trigger()
    assert window.scene.matrix == second
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.scene.matrix == Matrix2.identity()
    assert not window.undo_action.isEnabled()


def test_a_session_refused_by_a_later_view_leaves_the_svd_animation_playing(
    window, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Every view's state is checked before anything changes. The SVD view comes before the
    Network view, and used to be given the file's state and then put back (and so paused)."""
    import json

    from linviz_gui.ui.views.svd.view import SvdView

    svd = next(v for v in window.views if isinstance(v, SvdView))
    window.tabs.setCurrentWidget(svd)
    data = capture_session(window).to_dict()
    data["views"]["Network"] = {"soak_junk": 1}
    path = tmp_path / "bad network.linviz.json"
    path.write_text(json.dumps(data))
    svd.play()
    assert not window.file_actions.open_path(path)
    assert "view 'Network'" in window.file_actions.last_error
    window.file_actions._box.close()
    assert svd.is_playing()
    svd.toggle_play()


def test_morph_fractions_follow_the_notebook() -> None:
    a = morph_fractions(150, 0.001)
    assert a[0] == 0 and abs(a[-1] - 1) < 1e-12 and np.all(np.diff(a) > 0)
    t = 75 / 149
    assert abs(a[75] - (1.001**t - 1) / 0.001) < 1e-12
    slow_start = morph_fractions(5, 100.0)
    assert slow_start[1] < 0.25  # a large p starts slowly
    assert list(morph_fractions(3, easing="linear")) == [0.0, 0.5, 1.0]


def test_the_morph_goes_from_x_to_w_x_and_puts_the_canvas_back(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.scene.set_matrix(W)
    explorer = window.explorer
    expected = explorer.input_canvas.points.points() @ np.array(W.rows, np.float32).T
    qtbot.waitUntil(
        lambda: np.allclose(explorer.output_canvas.points.points(), expected, atol=1e-5),
        timeout=10_000,
    )
    view_before = explorer.output_canvas.view_box()
    morph = ExplorerMorph(explorer, steps=3, easing="linear")
    assert morph.frame_count() == 3
    first = morph.render_frame(0, 320, 240)
    assert isinstance(first, QImage) and (first.width(), first.height()) == (320, 240)
    np.testing.assert_allclose(
        explorer.output_canvas.points.points(), explorer.input_canvas.points.points()
    )
    morph.render_frame(2, 320, 240)
    np.testing.assert_allclose(explorer.output_canvas.points.points(), expected, atol=1e-5)
    morph.finish()
    np.testing.assert_allclose(explorer.output_canvas.points.points(), expected, atol=1e-5)
    assert explorer.output_canvas.arrows[0].tip() == W.column(0)
    assert explorer.output_canvas.view_box() == view_before


def test_gif_export_writes_every_frame(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import imageio.v3 as iio

    window.scene.set_matrix(W)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> bool:
        seen.append((done, total))
        return True

    path = tmp_path / "morph.gif"
    written = export_animation(ExplorerMorph(window.explorer, 6), path, 160, 120, 20, progress)
    assert written == [path]
    frames = iio.imread(path, index=None)
    assert frames.shape[:3] == (6, 120, 160)
    assert not np.array_equal(frames[0], frames[-1])
    assert seen[0] == (0, 6) and seen[-1] == (6, 6)


def test_cancelling_png_frames_leaves_nothing_behind(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def cancel_at_third(done: int, _total: int) -> bool:
        return done < 2

    with pytest.raises(Cancelled):
        export_animation(
            ExplorerMorph(window.explorer, 5), tmp_path / "f.png", 160, 120, 10, cancel_at_third
        )
    assert list(tmp_path.iterdir()) == []
    written = export_animation(ExplorerMorph(window.explorer, 3), tmp_path / "f.png", 160, 120)
    assert [p.name for p in written] == ["f_0000.png", "f_0001.png", "f_0002.png"]


def test_animation_dialog_exports_with_progress(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = window.file_actions.open_animation_dialog()
    assert dialog.source_box.itemText(0).startswith("Explorer: identity → W")
    dialog.steps_box.setValue(4)
    dialog.width_box.setValue(128)
    dialog.height_box.setValue(96)
    dialog.path_edit.setText(str(tmp_path / "m.gif"))
    assert dialog.export()
    assert (tmp_path / "m.gif").stat().st_size > 0
    assert "Wrote" in dialog.message.text()
    dialog.close()


def test_gif_too_large_for_memory_is_refused_before_drawing(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from linviz_gui.model.linear.matrix import InputError

    with pytest.raises(InputError, match="needs too much memory"):
        export_animation(ExplorerMorph(window.explorer, 150), tmp_path / "big.gif", 3840, 2160)
    assert list(tmp_path.iterdir()) == []
