"""One :class:`Session` from what a notebook hands the API, checked as the app checks a file."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from linviz_gui.api.objects import dataset_of, matrix_of
from linviz_gui.api.user_points import (
    PointsFolder,
    UserPoints,
    is_array_like,
    user_points,
    write_user_points,
)
from linviz_gui.model.files.session import Session, session_from_json
from linviz_gui.model.linear.matrix import InputError

#: The tab each object opens on.
EXPLORER = "Explorer"
NETWORK = "Network"
CLASSIFIER = "Classifier"
#: Where a notebook's points go when the caller names no folder.
POINTS_PREFIX = "linviz-points-"


def session_of(
    obj: object,
    X: object = None,
    y: object = None,
    *,
    n: int | None = None,
    seed: int | None = None,
    device: str = "cpu",
    points_folder: PointsFolder | None = None,
) -> Session:
    """The session that shows ``obj``: a Session as it is, an ``nn.Sequential`` in the Network
    tab (at its output, f(X)), else W in the Explorer; ``X``, ``n``, ``seed`` pick the points.

    ``X`` may be the points themselves, an (N, 2) array or tensor: they are written to
    ``points_folder`` (a folder, or a function making one; by default a new temporary folder)
    as a ``.npy`` the session names. With ``y``, N labels, the file holds them too and the
    session opens the Classifier tab on that labelled data (the Explorer colours the classes).

    Raises
    ------
    InputError
        For anything the app would refuse, naming it; nothing is written or started then.
    """
    if isinstance(obj, Session):
        if X is not None or y is not None or n is not None or seed is not None:
            raise InputError("with a Session, give no X, y, n or seed: they are in the session")
        session = obj
    else:
        own: UserPoints | None = None
        if is_array_like(X):
            if n is not None or seed is not None:
                raise InputError("n and seed pick generated points; your X has its own")
            own = user_points(X, y)
            dataset = dataset_of()  # until the points are written, once everything is checked
        elif y is not None:
            raise InputError("labelled data (y) needs its points: give X as an (N, 2) array")
        else:
            dataset = dataset_of(X, n, seed)
        if _is_sequential(obj) or _is_network_spec(obj):
            # Imported here: the layer model loads numpy, and `import linviz_gui` stays light.
            from linviz_gui.api.networks import network_of
            from linviz_gui.model.files.model_file import with_network
            from linviz_gui.model.network.layers import NetworkSpec

            network = obj if isinstance(obj, NetworkSpec) else network_of(obj)
            session = with_network(Session(dataset=dataset, device=device), network)
        else:
            session = Session(matrix=matrix_of(obj), dataset=dataset, device=device, view=EXPLORER)
        if own is not None:
            session = _with_points(session, own, points_folder)
    if not isinstance(session.device, str):
        raise InputError(f"device must be a name such as 'cpu'; got {session.device!r}")
    # The file a session would be: the same checks as File → Open (sizes, types, names, numbers).
    try:
        return session_from_json(session.to_json())
    except (TypeError, ValueError) as error:  # not JSON at all (a tensor in views, NaN ...)
        raise InputError(f"this session cannot be saved: {error}") from None


def _is_sequential(obj: object) -> bool:
    kind = type(obj)
    return kind.__name__ == "Sequential" and kind.__module__.startswith("torch.nn")


def _is_network_spec(obj: object) -> bool:
    """A net from :func:`linviz_gui.read_model` (without importing the layer model to ask)."""
    kind = type(obj)
    return kind.__name__ == "NetworkSpec" and kind.__module__ == "linviz_gui.model.network.layers"


def _with_points(session: Session, own: UserPoints, folder: PointsFolder | None) -> Session:
    """``session`` on the user's points, written now; with labels, the Classifier on them (and
    open, unless the session shows a net: a net with X and y opens on the Network tab, its
    points the net's input, the Classifier holding the labelled data)."""
    written = write_user_points(own, folder or _new_folder)
    session = replace(session, dataset=written)
    if own.labels is None:
        return session
    # The state the Classifier's Load… leaves: its data is the file (read and checked again).
    classifier = {"dataset": {"kind": "csv", "path": written.path}}
    view = session.view if session.view == NETWORK else CLASSIFIER
    return replace(session, view=view, views={**session.views, CLASSIFIER: classifier})


def _new_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix=POINTS_PREFIX))
