"""Help → About: what linviz is and the versions of the libraries it runs on (for bug reports).

torch is imported by the worker after the window appears; About never imports it (that would
freeze the window for seconds): it reports the loaded module's version, or the installed one
with "still loading" while the worker is busy importing it.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from linviz_gui.version import __version__


def _installed(distribution: str) -> str | None:
    from importlib import metadata  # here, not at start-up: it costs about 25 ms to import

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def torch_version(modules: Mapping[str, ModuleType] = sys.modules) -> str:
    """torch's version if it is imported, else the installed one marked as not loaded yet."""
    module = modules.get("torch")
    # While the worker is inside ``import torch`` the module exists without its attributes.
    loaded = getattr(module, "__version__", None) if module is not None else None
    if loaded is not None:
        return str(loaded)
    installed = _installed("torch")
    return f"{installed} (still loading)" if installed else "not installed"


def version_lines(modules: Mapping[str, ModuleType] = sys.modules) -> list[tuple[str, str]]:
    """(library, version) for linviz, torch, Qt, PySide6, pyqtgraph and numpy."""
    import numpy
    import pyqtgraph
    import PySide6
    from PySide6.QtCore import qVersion

    return [
        ("linviz", __version__),
        ("torch", torch_version(modules)),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        ("pyqtgraph", str(pyqtgraph.__version__)),
        ("numpy", numpy.__version__),
        ("Python", sys.version.split()[0]),
    ]


def about_text(modules: Mapping[str, ModuleType] = sys.modules) -> str:
    rows = "".join(
        f"<tr><td>{name}</td><td>&nbsp;{version}</td></tr>"
        for name, version in version_lines(modules)
    )
    return (
        f"<b>linviz {__version__}</b><p>See what PyTorch does to space: a weight matrix W maps "
        "every point x to W x. Drag the tips of the arrows in the output space to change W's "
        f"columns.</p><table>{rows}</table>"
    )


def open_about(parent: QWidget) -> QMessageBox:
    """Show the About box (window-modal, not blocking the caller) and return it."""
    box = QMessageBox(
        QMessageBox.Icon.NoIcon,
        "About linviz",
        about_text(),
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("about-linviz")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.open()
    return box
