"""Help → About names the versions a bug report needs, without importing torch itself."""

from __future__ import annotations

import types
from importlib import metadata

import numpy
import pyqtgraph
import PySide6
import torch
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox

from linviz_gui.ui.shell.about import about_text, torch_version
from linviz_gui.version import __version__
from tests.fresh_python import fresh_python


def _about_action(window):  # type: ignore[no-untyped-def]
    for menu_action in window.menuBar().actions():
        if menu_action.text() == "&Help":
            for action in menu_action.menu().actions():
                if "About" in action.text():
                    return action
    raise AssertionError("no Help → About")


def test_help_about_shows_the_versions_of_linviz_torch_qt_and_pyqtgraph(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.device_label.text().startswith("device:"), timeout=20_000)
    _about_action(window).trigger()
    box = window.findChild(QMessageBox, "about-linviz")
    assert box is not None and box.isVisible()
    text = box.text()
    for name, version in (
        ("linviz", __version__),
        ("torch", torch.__version__),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("pyqtgraph", pyqtgraph.__version__),
        ("numpy", numpy.__version__),
    ):
        assert f"<td>{name}</td><td>&nbsp;{version}</td>" in text
    box.close()


def test_while_torch_is_still_importing_about_gives_the_installed_version() -> None:
    installed = metadata.version("torch")
    assert torch_version({}) == f"{installed} (still loading)"
    half_imported = types.ModuleType("torch")  # what sys.modules holds during ``import torch``
    assert torch_version({"torch": half_imported}) == f"{installed} (still loading)"
    assert torch_version({"torch": torch}) == torch.__version__


def test_opening_about_does_not_import_torch() -> None:
    code = (
        "import sys; from linviz_gui.ui.shell.about import about_text; text = about_text(); "
        "assert 'torch' not in sys.modules, 'about imported torch'; "
        "assert '(still loading)' in text, text"
    )
    fresh_python(code)
    assert "still loading" in about_text({})
