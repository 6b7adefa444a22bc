"""``lv.figure``: the picture the app would show, written headless (no window, no display).

It is ``linviz export`` run in this process: the session goes through a file, and every option
the command has and the API does not name keeps the command's default.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from linviz_gui.api.session_of import CLASSIFIER, NETWORK, session_of
from linviz_gui.commands import export
from linviz_gui.model.files.session import EXTENSION, save_session
from linviz_gui.model.linear.matrix import InputError


def figure(
    obj: object,
    out: str | Path,
    *,
    view: str | None = None,
    width: int = 1600,
    height: int = 1200,
    X: object = None,
    y: object = None,
    n: int | None = None,
    seed: int | None = None,
    transparent: bool = False,
    keep_view: bool = False,
) -> Path:
    """Render ``obj`` as linviz shows it and write ``out`` (``.png`` or ``.svg``).

    Parameters
    ----------
    obj
        A 2x2 tensor, array or nested list, ``"a,b;c,d"``, ``nn.Linear(2, 2)`` (bias zero or
        None), an ``nn.Sequential`` of Linear, Tanh, ReLU, Sigmoid, LeakyReLU and Identity
        layers on 2-D inputs (the Network tab, its weights exactly, at its output), or a
        :class:`~linviz_gui.Session`.
    out
        The file to write, atomically.
    view
        ``"input"``, ``"output"``, ``"window"``, or a tab's title such as ``"explorer"``;
        by default the Explorer's output space, the Network tab for a net, the Classifier
        tab with labels y.
    width, height
        Pixels (or SVG size); rendered at that size, not scaled up.
    X, n, seed
        The Explorer's points: a kind (``"gaussian"``, ``"grid"``, ``"circle"``,
        ``"two_points"``), how many, and the torch seed; or your own points, an (N, 2) array
        or tensor (N up to 2,000,000; no n or seed then).
    y
        N labels of your own X (2 to 8 classes, N up to 100,000): the Classifier tab on that
        data (``view="classifier"`` draws it; the Explorer colours the classes).
    transparent
        PNG with a transparent background.
    keep_view
        Keep the range the window would show instead of fitting the points to the page.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    InputError
        For anything the app would refuse (the message names it); nothing is written then.
    """
    with tempfile.TemporaryDirectory(prefix="linviz-figure-") as folder:
        # Your own points X go to a file in this folder, gone with it once the figure is drawn.
        session = session_of(obj, X, y, n=n, seed=seed, points_folder=Path(folder))
        if session.view == NETWORK and view and view.strip().lower() in ("input", "output"):
            # They name the Explorer's canvases, which would show W, not the net.
            raise InputError(
                f"view {view!r} is the Explorer's; a net is drawn by view='network' (or 'window')"
            )
        session_file = save_session(Path(folder) / f"figure{EXTENSION}", session)
        args = _export_arguments(out)
        args.session = str(session_file)
        tab = {NETWORK: "network", CLASSIFIER: "classifier"}.get(session.view, "output")
        args.view = view or tab
        args.width, args.height = width, height
        args.transparent, args.keep_view = transparent, keep_view
        written, _note = export.export_headless(args)
    return written


def _export_arguments(out: str | Path) -> argparse.Namespace:
    """``linviz export OUT``'s arguments with every default, as the command line would give."""
    parser = argparse.ArgumentParser(prog="linviz export", add_help=False)
    export.add_arguments(parser)
    return parser.parse_args(["--", str(out)])  # "--": a file named "-x.png" is no flag
