"""Play and pause icons from the Qt style, drawn the same in every font."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QStyle, QWidget

_PIXMAPS = {
    "play": QStyle.StandardPixmap.SP_MediaPlay,
    "pause": QStyle.StandardPixmap.SP_MediaPause,
}


def media_icon(widget: QWidget, name: str) -> QIcon:
    """The style's ``"play"`` or ``"pause"`` icon for ``widget``."""
    return widget.style().standardIcon(_PIXMAPS[name])
