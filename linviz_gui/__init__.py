"""linviz: see what PyTorch does to space.

As a library (``import linviz_gui as lv``)::

    lv.figure(W, "slide.png")        # the Explorer's output space, headless; returns the path
    lv.show(W)                       # the app in its own process; returns at once
    session = lv.load_session("lecture.linviz.json")   # checked as File → Open checks it

Importing the package loads neither torch nor Qt: they are imported when a figure is drawn.
"""

from linviz_gui.api.figure import figure
from linviz_gui.api.session_of import session_of
from linviz_gui.api.show import show
from linviz_gui.model.files.session import Session, load_session, save_session
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.version import __version__

__all__ = [
    "InputError",
    "Session",
    "__version__",
    "figure",
    "load_session",
    "save_session",
    "session_of",
    "show",
]
