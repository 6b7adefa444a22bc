"""``lv.show``: open the app on an object without blocking the caller (a Jupyter kernel, a script).

The app runs in a process of its own, handed the state as a session file: Qt's event loop never
runs in the kernel, and closing the window cannot take the kernel down with it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from linviz_gui.api.session_of import session_of
from linviz_gui.model.files.session import EXTENSION, HANDOVER_PREFIX, save_session


def show(
    obj: object,
    X: object = None,
    y: object = None,
    *,
    n: int | None = None,
    seed: int | None = None,
    device: str = "cpu",
    session_file: str | Path | None = None,
) -> subprocess.Popen[bytes]:
    """Start linviz on ``obj`` (what :func:`linviz_gui.figure` accepts) and return at once.

    Parameters
    ----------
    obj, X, y, n, seed
        As for :func:`linviz_gui.figure`; ``device`` is where the app computes.
    session_file
        Where to write the session the app opens (a ``.linviz.json``); by default a new file in
        the temporary folder, left there so that the app can read it whenever it starts. Your
        own points X (an (N, 2) array or tensor, with labels y or not) are written beside it as
        a ``.npy`` the session names.

    Returns
    -------
    subprocess.Popen
        The app's process (``.poll()``, ``.terminate()``); its output goes to this process's.

    Raises
    ------
    InputError
        For anything the app would refuse, before anything is written or started.
    """
    made: list[Path] = []

    def folder() -> Path:
        """The session file's folder, made only once everything has been checked."""
        if session_file is not None:
            return Path(session_file).expanduser().absolute().parent
        if not made:
            made.append(Path(tempfile.mkdtemp(prefix=HANDOVER_PREFIX)))
        return made[0]

    session = session_of(obj, X, y, n=n, seed=seed, device=device, points_folder=folder)
    written = save_session(session_file or folder() / f"shown{EXTENSION}", session)
    # Same interpreter, so the app sees the same linviz, torch and Qt as the caller.
    return subprocess.Popen([sys.executable, "-m", "linviz_gui", "--session", str(written)])
