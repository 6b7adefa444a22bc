"""Take a :class:`Session` from the main window, and put one back into it.

Views take part through optional methods, found by their ``title``: ``view_state() -> dict``
(plain JSON data), ``apply_view_state(state)`` (validates every key and raises
:class:`InputError` on nonsense) and ``check_view_state(state)`` (the validation alone). Applying
a session is all or nothing: every view's state is checked before anything changes, and if
anything is still refused, the window is put back as it was and the error is re-raised.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from linviz_gui.model.files.session import Session
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.widgets.colors import BASIS_SCHEMES, COLORMAPS

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from linviz_gui.ui.shell.window_parts import WindowParts


def view_title(view: QWidget) -> str:
    return str(getattr(view, "title", type(view).__name__))


def capture_session(window: WindowParts) -> Session:
    """The window's current state as a :class:`Session`."""
    views: dict[str, dict[str, Any]] = {}
    for view in window.views:
        state = getattr(view, "view_state", None)
        if callable(state):
            views[view_title(view)] = dict(state())
    options = window.display_options
    current = window.tabs.currentWidget()
    return Session(
        matrix=window.scene.matrix,
        dataset=window.scene.dataset,
        device=window.scene.device,
        view=view_title(current) if current is not None else "",
        views=views,
        options={
            "colormap": options.colormap_box.currentText(),
            "basis": options.basis_box.currentText(),
            "grid": options.grid_check.isChecked(),
            "auto_fit": options.auto_fit_check.isChecked(),
        },
    )


def check_options(options: dict[str, Any]) -> None:
    """Refuse known display options with a wrong value (unknown keys are left alone)."""
    choices = {"colormap": list(COLORMAPS), "basis": list(BASIS_SCHEMES)}
    for key, allowed in choices.items():
        if key in options and options[key] not in allowed:
            got = options[key]
            raise InputError(f"session option {key!r} must be one of {allowed}; got {got!r}")
    for key in ("grid", "auto_fit"):
        if key in options and not isinstance(options[key], bool):
            raise InputError(f"session option {key!r} must be true or false; got {options[key]!r}")


def apply_session(window: WindowParts, session: Session) -> None:
    """Show ``session`` in ``window``; on :class:`InputError` nothing is left changed."""
    check_options(session.options)
    _check_views(window, session)
    before = capture_session(window)
    # Putting W back with an ordinary set would add two undo steps and drop the redo stack.
    checkpoint = window.scene.checkpoint()
    try:
        _apply(window, session)
    except InputError:  # from a view that cannot check its state before applying it
        window.scene.roll_back(checkpoint)
        _apply(window, before)
        raise


def _check_views(window: WindowParts, session: Session) -> None:
    """Every view that can check its state first does so: a refusal then changes nothing at
    all (a roll-back would re-apply views, stopping what plays in them)."""
    for view in window.views:
        title = view_title(view)
        check_state = getattr(view, "check_view_state", None)
        if title in session.views and callable(check_state):
            try:
                check_state(session.views[title])
            except InputError as error:
                raise InputError(f"view {title!r}: {error}") from None


def _apply(window: WindowParts, session: Session) -> None:
    window.scene.set_matrix(session.matrix)
    window.scene.set_dataset(session.dataset)
    window.scene.set_device(session.device)
    options, display = session.options, window.display_options
    if "colormap" in options:
        display.colormap_box.setCurrentText(options["colormap"])
    if "basis" in options:
        display.basis_box.setCurrentText(options["basis"])
    if "grid" in options:
        display.grid_check.setChecked(options["grid"])
    if "auto_fit" in options:
        display.auto_fit_check.setChecked(options["auto_fit"])
    for view in window.views:
        title = view_title(view)
        apply_state = getattr(view, "apply_view_state", None)
        if title in session.views and callable(apply_state):
            try:
                apply_state(session.views[title])
            except InputError as error:
                raise InputError(f"view {title!r}: {error}") from None
    for index in range(window.tabs.count()):
        if window.tabs.tabText(index) == session.view:
            window.tabs.setCurrentIndex(index)


def open_view(window: WindowParts, title: str, state: dict[str, Any]) -> str:
    """Open the tab ``title`` in ``state``, everything else as it is. Returns "" when done, or
    why the view refused the state (nothing changed then)."""
    from dataclasses import replace

    current = capture_session(window)
    try:
        apply_session(window, replace(current, view=title, views={**current.views, title: state}))
    except InputError as error:
        return f"{title}: {error}"
    return ""
