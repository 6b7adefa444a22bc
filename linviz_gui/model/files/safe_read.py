"""Read a user's file whole, but only a regular file of bounded size, and never block on it.

Every reader of user files goes through :func:`read_bounded`. A path may name something with no
end (``/dev/zero``, ``/dev/urandom``), something that blocks on open or read (a FIFO with no
writer, a socket, a terminal) or a file far larger than any real one; reading it naively eats
memory or hangs the app. So the path is checked with ``stat`` before it is opened, opened with
``O_NONBLOCK`` (a FIFO swapped in after the check then cannot block the open), checked again on
the open descriptor, and read for at most ``limit + 1`` bytes, so a file that grows while it is
read is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from linviz_gui.model.linear.matrix import InputError

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

_CHUNK = 1 * MIB
# Missing on Windows, where neither FIFOs nor these flags exist.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def format_size(size: int) -> str:
    """``size`` bytes in words: ``"512 KiB"``, ``"4 MiB"``, ``"20.3 GiB"``."""
    for unit, name in ((GIB, "GiB"), (MIB, "MiB"), (KIB, "KiB")):
        if size >= unit:
            value = size / unit
            return f"{value:.0f} {name}" if value == int(value) else f"{value:.1f} {name}"
    return f"{size} byte{'s' if size != 1 else ''}"


def too_large(kind: str, limit: int, source: str, size: int | None = None) -> str:
    """The one message for a file over its kind's limit (``size`` None: it kept growing)."""
    if size is None:
        return f"{kind} files are at most {format_size(limit)}; {source} is larger"
    shown = format_size(size)
    if shown == format_size(limit):  # just over: rounding would make the two look equal
        shown = f"{size:,} bytes"
    return f"{kind} files are at most {format_size(limit)}; {source} is {shown}"


def describe_special(mode: int) -> str | None:
    """What a non-regular file is, in words, or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a named pipe (FIFO), not a file"
    if stat.S_ISSOCK(mode):
        return "it is a socket, not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device, not a file"
    return "it is not a regular file"


def read_bounded(path: str | Path, kind: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, refusing anything else before it is read.

    Parameters
    ----------
    path
        The file; ``~`` is expanded and symbolic links are followed (to what they name).
    kind
        What the file should be, for the messages: ``"session"``, ``"CSV"``, ``"tour"``.
    limit
        The most bytes a file of this kind may have; far above any real one.

    Raises
    ------
    InputError
        One line naming the path and what is wrong: missing, not permitted, a folder, a FIFO,
        a device or socket, or larger than ``limit`` (the message names the limit and the size).
    """
    source = Path(path).expanduser()
    shown = str(source)
    try:
        before = os.stat(source)
        _check_kind(before.st_mode, shown)
        if before.st_size > limit:
            raise InputError(too_large(kind, limit, shown, before.st_size))
        descriptor = os.open(source, _OPEN_FLAGS)
    except OSError as error:
        raise InputError(_open_error(shown, error)) from None
    try:
        # The path may have been swapped for something else between the stat and the open.
        _check_kind(os.fstat(descriptor).st_mode, shown)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(descriptor, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as error:
        raise InputError(f"cannot read {shown}: {error.strerror or error}") from None
    finally:
        os.close(descriptor)
    if total > limit:
        raise InputError(too_large(kind, limit, shown))
    return b"".join(chunks)


def _check_kind(mode: int, shown: str) -> None:
    special = describe_special(mode)
    if special:
        raise InputError(f"cannot open {shown}: {special}")


def _open_error(shown: str, error: OSError) -> str:
    reasons = {
        errno.ENOENT: "no such file",
        errno.ENOTDIR: "no such file",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.ELOOP: "too many levels of symbolic links",
        errno.ENXIO: "no such device or address",
    }
    reason = reasons.get(error.errno or 0) or error.strerror or str(error)
    return f"cannot open {shown}: {reason}"
