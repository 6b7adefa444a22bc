"""``linviz --install-desktop-entry``: a freedesktop ``.desktop`` file and the icon, so that linviz
appears in a Linux desktop's application menu (also after ``pipx install``).

Written under ``$XDG_DATA_HOME`` (``~/.local/share`` when it is unset, empty or relative, as the
XDG Base Directory specification says)::

    applications/linviz.desktop
    icons/hicolor/scalable/apps/linviz.svg

The entry starts this Python with ``-m linviz_gui``, so it keeps working from a venv or pipx.
No Qt and no torch: it runs in a blink from the command line.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from linviz_gui.model.files.atomic_file import describe_os_error, write_atomic
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.resources import resource_path

DESKTOP_FILE = Path("applications") / "linviz.desktop"
ICON_FILE = Path("icons") / "hicolor" / "scalable" / "apps" / "linviz.svg"

#: Characters that need no quoting in an Exec argument.
_PLAIN_ARGUMENT = re.compile(r"^[A-Za-z0-9_./+:,@=-]+$")


def data_home(environ: Mapping[str, str] = os.environ) -> tuple[Path, str]:
    """The XDG data folder and a note when ``$XDG_DATA_HOME`` had to be passed over."""
    value = environ.get("XDG_DATA_HOME", "")
    default = Path(environ.get("HOME") or Path.home()) / ".local" / "share"
    if not value:
        return default, ""
    if not Path(value).is_absolute():
        return default, (
            f"XDG_DATA_HOME={value!r} is not an absolute path: the XDG specification says to "
            f"ignore it, so {default} is used"
        )
    return Path(value), ""


def exec_argument(argument: str) -> str:
    """One argument of an Exec line, quoted as the Desktop Entry specification asks.

    Inside double quotes ``"``, `````, ``$`` and ``\\`` take a backslash; then the value as a whole
    is string-escaped (each backslash doubled) and ``%`` is written ``%%`` (field codes).
    """
    if not argument.isprintable():  # a newline would end the Exec line
        raise InputError(f"cannot write a desktop entry for {argument!r}: control characters")
    if _PLAIN_ARGUMENT.match(argument):
        quoted = argument
    else:
        quoted = '"' + re.sub(r'(["`$\\])', r"\\\1", argument) + '"'
    return quoted.replace("\\", "\\\\").replace("%", "%%")


def desktop_entry(python: str, icon: Path) -> str:
    """The text of ``linviz.desktop`` starting ``python -m linviz_gui`` with ``icon``."""
    icon_text = str(icon)
    if not icon_text.isprintable():
        raise InputError(f"cannot write a desktop entry with the icon {icon_text!r}")
    command = " ".join(exec_argument(part) for part in (python, "-m", "linviz_gui"))
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Version=1.5\n"
        "Name=linviz\n"
        "GenericName=Linear maps and small networks, live\n"
        "Comment=See what PyTorch does to space\n"
        f"Exec={command}\n"
        f"Icon={icon_text.replace(chr(92), chr(92) * 2)}\n"
        "Terminal=false\n"
        "Categories=Education;Science;Math;\n"
        "Keywords=PyTorch;linear algebra;matrix;SVD;neural network;\n"
        "StartupWMClass=linviz\n"
    )


def install_desktop_entry(
    environ: Mapping[str, str] = os.environ, python: str = sys.executable
) -> tuple[list[Path], str]:
    """Write the icon and the entry; return the files written and a note (or "").

    Raises
    ------
    InputError
        When a folder cannot be created or a file cannot be written, naming it.
    """
    home, note = data_home(environ)
    icon = home / ICON_FILE
    entry = home / DESKTOP_FILE
    text = desktop_entry(python, icon).encode("utf-8")
    icon_bytes = resource_path("icon.svg").read_bytes()
    for target, data in ((icon, icon_bytes), (entry, text)):
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise InputError(describe_os_error(error, target)) from None
        write_atomic(target, data)
    return [entry, icon], note
