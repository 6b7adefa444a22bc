"""File → Open model… / Save model…: a user's state_dict or TorchScript file into the Network
tab (nothing in it runs: see model/files/model_file.py) and the tab's net back out (its
state_dict and the code rebuilding it), both in the worker.

A file that needs the kind of its activations asks for it in a (non-blocking) dialog and is read
again with the answer; any refusal is a message box and the status bar, the tab unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox

from linviz_gui.compute.worker import Job
from linviz_gui.ui.shell.session_state import open_view

if TYPE_CHECKING:
    from linviz_gui.compute.model_jobs import ModelRead, ModelSaved
    from linviz_gui.model.network.layers import NetworkSpec
    from linviz_gui.ui.shell.window_parts import WindowParts

# The model readers (and the layer model under them) load at the first open or save: they are
# not on the way to the first frame.

MODEL_FILTER = "PyTorch state_dict or TorchScript (*.pt *.pth *.bin);;All files (*)"
CHANNEL = "shell.model"
SAVE_CHANNEL = "shell.model-save"
SAVE_FILTER = "PyTorch state_dict (*.pt *.pth)"
NETWORK = "Network"


class ModelOpener(QObject):
    def __init__(self, window: WindowParts, menu: QMenu) -> None:
        super().__init__(window.window())
        self._window = window
        self._awaited = -1
        self.last_error = ""
        self.box: QMessageBox | None = None
        self.activation_dialog: QInputDialog | None = None
        self.action = QAction("Open &model…", self)
        self.action.setStatusTip(
            "Open a state_dict (torch.save(model.state_dict(), f)) or a TorchScript nn.Sequential"
        )
        self.action.triggered.connect(self.choose)
        self.save_action = QAction("Sa&ve model…", self)
        self.save_action.setStatusTip("Save the Network tab's net: its state_dict and its code")
        self.save_action.triggered.connect(self.choose_save)
        self._awaited_save = -1
        self.last_saved = ""
        menu.addActions([self.action, self.save_action])
        window.worker.sigResult.connect(self._on_result)
        window.worker.sigFailed.connect(self._on_failed)

    def choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window.window(), "Open model", str(Path.home()), MODEL_FILTER
        )
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path, activation: str | None = None) -> None:
        """Read ``path`` in the worker; the Network tab changes only once it has been read."""
        from linviz_gui.compute.model_jobs import read_model_file

        self._window.show_message(f"Reading {Path(path).name}…")
        self._awaited = self._window.worker.submit(
            Job(CHANNEL, read_model_file, (str(path), activation))
        )

    def choose_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._window.window(), "Save model", str(Path.home() / "net.pt"), SAVE_FILTER
        )
        if name:
            self.save_path(Path(name))

    def save_path(self, path: Path) -> None:
        """Save the Network tab's net (as drawn: its seed, loaded and dragged weights)."""
        network = self._network()
        if network is None:
            return
        from linviz_gui.compute.model_jobs import save_model_file

        self._awaited_save = self._window.worker.submit(
            Job(SAVE_CHANNEL, save_model_file, (network, str(path)))
        )

    def _network(self) -> NetworkSpec | None:
        """The net the Network tab shows (found by title: the shell names no view's class)."""
        from linviz_gui.model.network.layers import NetworkSpec

        network = getattr(self._window.view(NETWORK), "network", None)
        return network if isinstance(network, NetworkSpec) else None

    def _on_saved(self, result: ModelSaved) -> None:
        if result.message:
            self._error(result.message)
            return
        self.last_saved = result.path
        self._window.show_message(
            f"Saved {result.path} and the code that rebuilds it, {result.code_path}"
        )

    def _on_result(self, channel: str, job_id: int, result: object) -> None:
        if channel not in (CHANNEL, SAVE_CHANNEL):
            return
        from linviz_gui.compute.model_jobs import ModelRead, ModelSaved
        from linviz_gui.model.files.model_file import opening_state

        if channel == SAVE_CHANNEL and job_id == self._awaited_save:
            if isinstance(result, ModelSaved):
                self._on_saved(result)
            return
        if channel != CHANNEL or job_id != self._awaited or not isinstance(result, ModelRead):
            return
        if result.needs_activation:
            self._ask_activation(result)
        elif result.network is None:
            self._error(result.message)
        else:
            network = result.network
            refused = open_view(self._window, NETWORK, opening_state(network))
            if refused:
                self._error(refused)
            else:
                self.last_error = ""
                self._window.show_message(f"Opened {Path(result.path).name} in the Network tab")

    def _on_failed(self, channel: str, job_id: int, message: str) -> None:
        if channel == CHANNEL and job_id == self._awaited:
            self._error(f"could not read the model: {message}")
        elif channel == SAVE_CHANNEL and job_id == self._awaited_save:
            self._error(f"could not save the model: {message}")

    def _ask_activation(self, result: ModelRead) -> None:
        from linviz_gui.model.network.layers import ACTIVATIONS

        dialog = QInputDialog(self._window.window())
        dialog.setWindowTitle("Open model")
        dialog.setLabelText(
            f"{Path(result.path).name} holds only weights. Which activation stands between its "
            "Linear layers?"
        )
        dialog.setComboBoxItems(list(ACTIVATIONS))
        dialog.setComboBoxEditable(False)
        dialog.textValueSelected.connect(lambda kind: self.open_path(Path(result.path), kind))
        if self.activation_dialog is not None:
            self.activation_dialog.deleteLater()
        self.activation_dialog = dialog
        dialog.open()

    def _error(self, text: str) -> None:
        self.last_error = text
        self._window.show_message(text)
        if self.box is not None:
            self.box.deleteLater()
        self.box = QMessageBox(
            QMessageBox.Icon.Warning, "Could not open the model", text, parent=self._window.window()
        )
        self.box.open()


def install_model_action(window: WindowParts, menu: QMenu) -> ModelOpener:
    return ModelOpener(window, menu)
