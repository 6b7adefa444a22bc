"""Pictures and sessions, for the soak: the open tab exported as PNG or SVG or copied to the
clipboard (to good and to impossible places), sessions saved, reopened, and opened broken.

The export dialog (Ctrl+E) is modal but opened with ``open()``, so keys and clicks drive it
without blocking. The file dialogs behind Save As and Open do block, so sessions go through
what they lead to (``FileActions.save_to`` and ``open_path``, the seam the UI tests use), through
Ctrl+S once the window has a file, and through File > Open recent.

Opening a session is a change of W like any other (one undo step, the redo stack gone); the
reference also takes the dataset, device and display options saved, and ``d.view_state`` (the
views' own reference state) as it was at saving, since the session puts every view back.
Every file lives in a temporary folder that goes when the driver does.
"""

from __future__ import annotations

import copy
import json
import shutil
import tempfile
import weakref
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from linviz_gui.model.files.session import Session, load_session
from linviz_gui.ui.export.export_dialog import ExportDialog
from linviz_gui.ui.shell.session_state import capture_session
from linviz_gui.ui.widgets.basis_handle import BasisHandle
from tests.soak.driver import CTRL, SHIFT, SoakDriver
from tests.soak.registry import REOPEN, action, allow_messages

#: Every file these actions make is named soak-…; so are the messages about them.
allow_messages(r"soak-[\w.-]+\.json")
#: The reference fields a session holds.
SESSION_FIELDS = ("w", "dataset", "device", "colormap", "basis", "grid", "auto_fit")
#: Sessions kept on disk to reopen (the oldest goes).
KEEP_SESSIONS = 4
#: Picture sides: modest, so exports of large clouds stay quick.
SIDES = (48, 64, 100, 160, 240, 320, 480, 640)


@dataclass(frozen=True)
class _Saved:
    session: Session
    ref: dict[str, Any]
    view_state: dict[str, dict[str, Any]]


@dataclass
class _Files:
    folder: Path
    saved: dict[Path, _Saved] = field(default_factory=dict)
    count: int = 0

    def fresh(self, stem: str, suffix: str) -> Path:
        self.count += 1
        return self.folder / f"soak-{stem}-{self.count}{suffix}"

    def listing(self) -> set[str]:
        return {p.name for p in self.folder.iterdir()}


_FILES: weakref.WeakKeyDictionary[SoakDriver, _Files] = weakref.WeakKeyDictionary()


def _files(d: SoakDriver) -> _Files:
    if d not in _FILES:
        folder = Path(tempfile.mkdtemp(prefix="linviz-soak-"))
        weakref.finalize(d, shutil.rmtree, folder, ignore_errors=True)
        _FILES[d] = _Files(folder)
    return _FILES[d]


# Export ------------------------------------------------------------------------------------


def _open_export_dialog(d: SoakDriver) -> ExportDialog:
    d.key(d.window.tabs.tabBar(), Qt.Key.Key_E, CTRL)
    dialog = d.window.file_actions.dialog
    d.expect(dialog is not None and dialog.isVisible(), "Ctrl+E opens the export dialog")
    assert dialog is not None
    d.wait_until(lambda: QApplication.activeWindow() is dialog, "the export dialog is active")
    return dialog


def _choose(d: SoakDriver, dialog: ExportDialog, *, svg: bool) -> None:
    """Pick a target, the format, a size and the options, by keys and clicks."""
    rng, box = d.rng, dialog.target_box
    d.key(box, Qt.Key.Key_Home)
    for _ in range(rng.randrange(box.count())):
        d.key(box, Qt.Key.Key_Down)
    d.key(dialog.format_box, Qt.Key.Key_End if svg else Qt.Key.Key_Home)
    for spin in (dialog.width_box, dialog.height_box):
        spin.setFocus()
        spin.selectAll()
        d.qtbot.keyClicks(spin, str(rng.choice(SIDES)))
        d.qtbot.keyClick(spin, Qt.Key.Key_Tab)  # Enter would press the dialog's Export
    for check_box in (dialog.transparent_check, dialog.fit_check):
        if rng.random() < 0.3:
            d.click(check_box)


def _export(d: SoakDriver, dialog: ExportDialog, path: Path | str) -> None:
    dialog.path_edit.setFocus()
    dialog.path_edit.setText(str(path))
    if d.rng.random() < 0.5:
        d.key(dialog.path_edit, Qt.Key.Key_Return)  # Export is the dialog's default button
    else:
        d.click(dialog.export_button)


def _close(d: SoakDriver, dialog: ExportDialog) -> None:
    if d.rng.random() < 0.5:
        d.key(dialog, Qt.Key.Key_Escape)
    else:
        buttons = dialog.findChild(QDialogButtonBox)
        d.click(buttons.button(QDialogButtonBox.StandardButton.Close))
    d.expect(not dialog.isVisible(), "the export dialog closed")
    _back_to_the_window(d)


def _back_to_the_window(d: SoakDriver) -> None:
    """What a window manager does when a dialog closes (the offscreen platform does not)."""
    d.window.activateWindow()
    d.wait_until(lambda: QApplication.activeWindow() is d.window, "the window is active again")


def _visible_handles(d: SoakDriver) -> list[bool]:
    return [
        item.isVisible()
        for view in d.window.views
        for item in getattr(view, "handles", [])
        if isinstance(item, BasisHandle)
    ]


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    count = image.width() * image.height()
    return np.frombuffer(image.constBits(), np.uint32, count=count).copy()


def _check_picture(d: SoakDriver, image: QImage, size: tuple[int, int], what: str) -> None:
    d.expect(not image.isNull(), f"{what} is an image")
    got = (image.width(), image.height())
    d.expect(got == size, f"{what} is {size[0]} × {size[1]} as asked, not {got[0]} × {got[1]}")
    pixels = _pixels(image)
    d.expect(bool((pixels != pixels[0]).any()), f"{what} is not blank (one colour only)")


@action(weight=0.5)
def export_the_open_tab(d: SoakDriver) -> None:
    files = _files(d)
    dialog = _open_export_dialog(d)
    svg = d.rng.random() < 0.3
    _choose(d, dialog, svg=svg)
    target, size = dialog.target, (dialog.width_box.value(), dialog.height_box.value())
    path = files.fresh("picture", ".svg" if svg else ".png")
    before = files.listing()
    handles = _visible_handles(d)
    d.note(f"export {target.name!r} as {path.name} at {size} (tab {d.window.tabs.currentIndex()})")
    _export(d, dialog, path)
    message = dialog.message.text()
    d.expect(_visible_handles(d) == handles, "the drag handles are back after the export")
    if svg and not target.canvases:
        d.expect("has no canvas to draw as SVG" in message, f"SVG of no canvas: {message!r}")
        d.expect(files.listing() == before, "a refused SVG writes nothing")
        _close(d, dialog)
        return
    d.expect(message.startswith(f"Wrote {path}"), f"the dialog says it wrote: {message!r}")
    d.expect(files.listing() == before | {path.name}, "one file written, nothing left beside it")
    if svg:
        root = ET.parse(path).getroot()
        d.expect(root.tag.endswith("svg"), "the SVG file is an SVG drawing")
        d.expect(
            (root.get("width"), root.get("height")) == (str(size[0]), str(size[1])),
            f"the SVG is {size} as asked, not {root.get('width')} × {root.get('height')}",
        )
        d.expect(len(root) > 1, "the SVG draws something")
    else:
        _check_picture(d, QImage(str(path)), size, f"the PNG of {target.name!r}")
    path.unlink()
    _close(d, dialog)


@action(weight=0.3)
def copy_the_open_tab(d: SoakDriver) -> None:
    dialog = _open_export_dialog(d)
    _choose(d, dialog, svg=d.rng.random() < 0.3)  # the clipboard takes a picture either way
    target, size = dialog.target, (dialog.width_box.value(), dialog.height_box.value())
    d.note(f"copy {target.name!r} at {size}")
    QApplication.clipboard().clear()
    d.click(dialog.copy_button)
    d.expect(
        dialog.message.text() == f"Copied a {size[0]} × {size[1]} image to the clipboard.",
        f"the dialog says it copied: {dialog.message.text()!r}",
    )
    _check_picture(d, QApplication.clipboard().image(), size, "the clipboard's image")
    _close(d, dialog)


@action(weight=0.3)
def export_to_an_impossible_place(d: SoakDriver) -> None:
    files = _files(d)
    folder = files.folder
    kind = d.rng.choice(["no folder", "file as folder", "type", "folder", "unwritable", "empty"])
    if kind == "no folder":
        path, said = folder / "soak-nowhere" / "picture.png", "does not exist"
    elif kind == "file as folder":
        plain = files.fresh("plain", ".txt")
        plain.write_text("not a folder")
        path, said = plain / "picture.png", "is not a folder"
    elif kind == "type":
        path = files.fresh("picture", d.rng.choice([".jpg", ".bmp", ".PNG.txt", ""]))
        said = "unknown file type"
    elif kind == "folder":
        path = files.fresh("folder", ".png")
        path.mkdir()
        said = "it is a folder"
    elif kind == "unwritable" and Path("/sys").is_dir():
        path, said = Path("/sys/soak-picture.png"), "permission denied"  # even for root
    else:
        path, said = Path(""), "unknown file type"
    dialog = _open_export_dialog(d)
    _choose(d, dialog, svg=d.rng.random() < 0.3)
    before = files.listing()
    d.note(f"export to {kind}: {str(path)!r}")
    _export(d, dialog, path)
    message = dialog.message.text()
    d.expect(said in message, f"exporting to {kind} says {said!r}: {message!r}")
    d.expect("#b00020" in dialog.message.styleSheet(), "the message is shown as an error")
    d.expect(files.listing() == before, "nothing was written, not even half a file")
    d.expect(kind in ("folder", "empty") or not path.exists(), "no impossible file appeared")
    _close(d, dialog)


# Sessions ----------------------------------------------------------------------------------


def _status_since(d: SoakDriver, seen: int, text: str) -> None:
    d.expect(text in d.messages_since(seen), f"the status bar says {text!r}")


@action(weight=0.4)
def save_the_session(d: SoakDriver) -> None:
    files, actions = _files(d), d.window.file_actions
    seen = len(d.messages)
    if actions.path in files.saved and d.rng.random() < 0.5:
        path = actions.path
        d.note(f"Ctrl+S to {path.name}")
        d.key(d.window.tabs.tabBar(), Qt.Key.Key_S, CTRL)
    else:
        path = files.fresh("session", ".linviz.json")
        d.note(f"save as {path.name}")
        d.expect(actions.save_to(path), f"saving to {path} works")
    assert path is not None
    _status_since(d, seen, f"Saved {path}")
    session = capture_session(d.window)
    moving = _moving_views(d, session)
    written = load_session(path)
    d.expect(
        _without(written, moving) == _without(session, moving),
        f"the saved file holds the state on screen (the views {sorted(moving)} move on their "
        f"own); it differs in {_differences(_without(written, moving), session)}",
    )
    # A view that moved on (the SVD playing) reopens where the file caught it, not where the
    # screen was a moment later.
    moved = {t: written.views[t] for t in moving if t in written.views}
    session = replace(session, views={**session.views, **moved})
    d.expect(
        (session.matrix, session.dataset) == (d.ref.w, d.ref.dataset),
        f"the session saved W {session.matrix} and {session.dataset}, as the actions imply",
    )
    ref = {name: getattr(d.ref, name) for name in SESSION_FIELDS}
    files.saved.pop(path, None)
    files.saved[path] = _Saved(session, ref, copy.deepcopy(d.view_state))
    while len(files.saved) > KEEP_SESSIONS:
        oldest = next(p for p in files.saved if p != actions.path)
        del files.saved[oldest]
        oldest.unlink()


def _via_recent(d: SoakDriver, path: Path) -> bool:
    """Open ``path`` from File > Open recent when it is listed there."""
    actions = d.window.file_actions
    menu = actions.recent_menu
    menu.aboutToShow.emit()  # what showing the menu does: fill it
    entry = next((a for a in menu.actions() if a.data() == str(path.resolve())), None)
    if entry is None or d.rng.random() < 0.5:
        return False
    entry.trigger()
    return True


@action(weight=0.3)
def open_a_saved_session(d: SoakDriver) -> None:
    files, actions = _files(d), d.window.file_actions
    if not files.saved:
        save_the_session(d)
    path = d.rng.choice(list(files.saved))
    saved = files.saved[path]
    seen, marker = len(d.messages), d.next_job_id()
    d.note(f"open {path.name}")
    if _via_recent(d, path):
        _status_since(d, seen, f"Opened {path.resolve()}")
    else:
        d.expect(actions.open_path(path), f"opening {path} works")
        _status_since(d, seen, f"Opened {path}")
    d.expect(actions.path is not None and actions.path.resolve() == path.resolve(), "its file")
    d.ref.set_w(saved.ref["w"])
    for name in SESSION_FIELDS[1:]:
        setattr(d.ref, name, saved.ref[name])
    d.view_state.clear()
    for title, state in copy.deepcopy(saved.view_state).items():
        reopen = REOPEN.get(title)
        view_saved = saved.session.views.get(title, {})
        d.view_state[title] = reopen(state, view_saved, marker) if reopen else state
    d.expect(d.window.scene.matrix == d.ref.w, f"W is {d.window.scene.matrix}, saved {d.ref.w}")
    d.wait_until(
        lambda: _reopened_as(capture_session(d.window), saved.session),
        lambda: (
            f"the session reopens to the state it was saved from:\n  saved {saved.session}"
            f"\n  shows {capture_session(d.window)}"
        ),
        timeout_ms=10_000,
    )


def _reopened_as(shown: Session, saved: Session) -> bool:
    """``shown`` is what reopening ``saved`` gives: the same, except that a view which saved
    no run ("run": None, the Training tab before it was first shown) may show a fresh one at
    step 0, which a tab that had started already begins again (soak seed 21, Classifier only)."""

    def fresh(view: dict[str, Any], saved_view: dict[str, Any]) -> dict[str, Any]:
        run = view.get("run")
        if saved_view.get("run", 0) is None and isinstance(run, dict) and run.get("step") == 0:
            return {**view, "run": None}
        return view

    views = {t: fresh(v, saved.views.get(t, {})) for t, v in shown.views.items()}
    return replace(shown, views=views) == saved


def _broken_file(d: SoakDriver, files: _Files) -> tuple[Path, str]:
    """A session file broken in one of the ways files get broken, and what the error says."""
    rng = d.rng
    good = capture_session(d.window).to_dict()
    text = capture_session(d.window).to_json()
    kind = rng.choice(
        [
            "truncated",
            "garbage",
            "empty",
            "list",
            "other json",
            "newer",
            "nan",
            "deep",
            "option",
            "view",
            "missing",
            "vanished",
            "folder",
        ]
    )
    path = files.fresh(kind.replace(" ", "-"), rng.choice([".linviz.json", ".json"]))
    data: bytes | None = None
    said = "not a session file"
    if kind == "truncated":
        data, said = text.encode()[: rng.randrange(1, len(text) - 2)], "broken or truncated"
    elif kind == "garbage":
        data, said = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))), ": "
    elif kind == "empty":
        data, said = b"", "broken or truncated JSON (line 1, column 1)"
    elif kind == "list":
        data, said = b"[1, 2, 3]", "expected a JSON object, got a list"
    elif kind == "other json":
        data, said = b'{"hello": "world"}', "'format' must be 'linviz-session'"
    elif kind == "newer":
        data, said = text.replace('"version": 1', '"version": 99').encode(), "newer linviz"
    elif kind == "nan":
        data, said = text.replace('"matrix": [', '"matrix": [NaN, ', 1).encode(), "NaN"
    elif kind == "deep":
        data, said = b'{"views": ' + b"[" * 200 + b"]" * 200 + b"}", "nested 201 levels deep"
    elif kind in ("option", "view"):
        # A valid file with a new W and dataset, refused late: by the options or by a view.
        good["matrix"] = [[rng.uniform(-3, 3) for _ in range(2)] for _ in range(2)]
        good["dataset"] = {"kind": "circle", "n": rng.choice([7, 70]), "seed": 0}
        if kind == "option":
            good["options"]["colormap"] = "jet"
            said = "session option 'colormap' must be one of"
        else:
            title = rng.choice(sorted(good["views"]))
            good["views"][title] = {**good["views"][title], "soak_junk": 1}
            said = f"view {title!r}"
        data = json.dumps(good).encode()
    elif kind == "missing":
        said = "no such file"
    elif kind == "vanished" and len(files.saved) > 1:
        # Saved and listed in Open recent, then deleted outside linviz.
        path = next(p for p in files.saved if p != d.window.file_actions.path)
        del files.saved[path]
        path.unlink()
        said = "no such file"
    elif kind == "vanished":
        said = "no such file"
    else:
        path.mkdir()
        said = "it is a folder"
    if data is not None:
        path.write_bytes(data)
    return path, said


@action(weight=0.3)
def open_a_broken_session(d: SoakDriver) -> None:
    files, actions, window = _files(d), d.window.file_actions, d.window
    path, said = _broken_file(d, files)
    before, file_before = capture_session(window), actions.path
    moving = _moving_views(d, before)
    seen = len(d.messages)
    d.note(f"open broken {path.name} (expect {said!r})")
    if not _via_recent(d, path):
        d.expect(not actions.open_path(path), f"{path.name} is refused")
    error = actions.last_error
    d.expect(said in error and path.name in error, f"{path.name}: says {said!r}: {error!r}")
    _status_since(d, seen, error)
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    d.expect(len(boxes) == 1 and boxes[0].text() == error, "a message box says it too")
    d.click(boxes[0].buttons()[0])
    d.expect(not boxes[0].isVisible(), "OK closes the message box")
    _back_to_the_window(d)
    d.expect(actions.path == file_before, "the window keeps its file")
    d.expect(
        _without(capture_session(window), moving) == _without(before, moving),
        f"the last good state is kept (the views {sorted(moving)} were moving on their own)",
    )
    _undo_and_redo_still_work(d)


def _moving_views(d: SoakDriver, before: Session) -> set[str]:
    """Views whose state changes on its own (an animation playing): compared, they would differ
    whatever the app did."""
    d.qtbot.wait(40)
    now = capture_session(d.window)
    return {t for t in before.views if before.views[t] != now.views.get(t)}


def _differences(written: Session, shown: Session) -> str:
    """What the file holds against the screen, key by key (for a failure's message)."""
    parts = [
        f"{name}: {getattr(written, name)!r} / {getattr(shown, name)!r}"
        for name in ("matrix", "dataset", "device", "view", "options")
        if getattr(written, name) != getattr(shown, name)
    ]
    for title in sorted(set(written.views) | set(shown.views)):
        a, b = written.views.get(title, {}), shown.views.get(title, {})
        parts += [
            f"{title}.{key}: {a.get(key)!r} / {b.get(key)!r}"
            for key in sorted(set(a) | set(b))
            if a.get(key) != b.get(key)
        ]
    return "; ".join(parts)[:2000] or "nothing"


def _without(session: Session, views: set[str]) -> Session:
    return replace(session, views={t: s for t, s in session.views.items() if t not in views})


def _undo_and_redo_still_work(d: SoakDriver) -> None:
    """Undo (or redo) and back: the history is the one before the refused file."""
    ref, scene, bar = d.ref, d.window.scene, d.window.tabs.tabBar()
    if not ref.undo_stack and not ref.redo_stack:
        return
    undo_first = bool(ref.undo_stack)
    for undo in (undo_first, not undo_first):
        d.key(bar, Qt.Key.Key_Z, CTRL if undo else CTRL | SHIFT)
        step = ref.undo() if undo else ref.redo()
        d.expect(scene.matrix == ref.w, f"Ctrl+Z / Ctrl+Shift+Z still work: {step}, W {ref.w}")
    d.expect(scene.matrix == ref.w, f"W is {scene.matrix}, not {ref.w}")
