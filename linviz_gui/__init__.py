"""linviz: see what PyTorch does to space.

As a library (``import linviz_gui as lv``)::

    lv.figure(W, "slide.png")        # the Explorer's output space, headless; returns the path
    lv.show(W)                       # the app in its own process; returns at once
    session = lv.load_session("lecture.linviz.json")   # checked as File → Open checks it
    net = lv.read_model("net.pt", "tanh")  # a state_dict, nothing in it run; lv.figure(net, ...)

Importing the package loads neither torch nor Qt: they are imported when a figure is drawn.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linviz_gui.version import __version__

if TYPE_CHECKING:
    from linviz_gui.api.figure import figure
    from linviz_gui.api.session_of import session_of
    from linviz_gui.api.show import show
    from linviz_gui.model.files.session import Session, load_session, save_session
    from linviz_gui.model.linear.matrix import InputError
    from linviz_gui.model.network.layers import NetworkSpec

#: Where each public name lives. They load on first use (PEP 562), because every process of
#: the app imports this package first (the GUI on its way to the first frame, each CLI command)
#: and only ``import linviz_gui as lv`` users need the API behind these names.
_PUBLIC = {
    "figure": "linviz_gui.api.figure",
    "session_of": "linviz_gui.api.session_of",
    "show": "linviz_gui.api.show",
    "Session": "linviz_gui.model.files.session",
    "load_session": "linviz_gui.model.files.session",
    "save_session": "linviz_gui.model.files.session",
    "InputError": "linviz_gui.model.linear.matrix",
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(import_module(_PUBLIC[name]), name)
        globals()[name] = value  # found directly from now on
        return value
    raise AttributeError(f"module 'linviz_gui' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_PUBLIC])


def read_model(path: str | Path, activation: str | None = None) -> NetworkSpec:
    """The net in a ``state_dict`` file, for :func:`figure` and :func:`show` (see
    ``linviz --model``): read with ``torch.load(weights_only=True)``; ``activation`` names the
    kind between Linear layers when the file cannot tell. Raises :class:`InputError`."""
    from linviz_gui.model.files.model_file import read_model as read

    return read(path, activation)


__all__ = [
    "InputError",
    "Session",
    "__version__",
    "figure",
    "load_session",
    "read_model",
    "save_session",
    "session_of",
    "show",
]
