"""One :class:`Session` from what a notebook hands the API, checked as the app checks a file."""

from __future__ import annotations

from linviz_gui.api.objects import dataset_of, matrix_of
from linviz_gui.model.files.session import Session, session_from_json
from linviz_gui.model.linear.matrix import InputError

#: The tab each object opens on.
EXPLORER = "Explorer"
NETWORK = "Network"


def session_of(
    obj: object,
    X: object = None,
    y: object = None,
    *,
    n: int | None = None,
    seed: int | None = None,
    device: str = "cpu",
) -> Session:
    """The session that shows ``obj``: a Session as it is, an ``nn.Sequential`` in the Network
    tab (at its output, f(X)), else W in the Explorer; ``X``, ``n``, ``seed`` pick the points.

    Raises
    ------
    InputError
        For anything the app would refuse, naming it; nothing is written or started.
    """
    if isinstance(obj, Session):
        if X is not None or y is not None or n is not None or seed is not None:
            raise InputError("with a Session, give no X, y, n or seed: they are in the session")
        session = obj
    else:
        if y is not None:
            raise InputError(
                "labelled data (y) is not supported yet: the Explorer shows W applied to points"
            )
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
