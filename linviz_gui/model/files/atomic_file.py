"""Write files so that nothing half-written ever appears under the final name.

Everything is written to a temporary file in the same folder (so the final ``os.replace`` is a
rename on one file system, atomic on POSIX and Windows), flushed to disk, then renamed. If any
step fails the temporary file is removed, the old file (if any) is left as it was, and an
:class:`InputError` says what went wrong in words a user understands.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from linviz_gui.model.linear.matrix import InputError


def check_target(path: Path | str, extensions: tuple[str, ...]) -> Path:
    """Return ``path`` as a Path after checking its extension and its folder.

    Raises
    ------
    InputError
        When the extension is not one of ``extensions`` (lower case, with the dot), or the
        folder does not exist or is not a folder.
    """
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in extensions:
        shown = suffix or "no extension"
        raise InputError(
            f"cannot write {target.name!r}: unknown file type ({shown}); use "
            + ", ".join(extensions)
        )
    folder = target.parent
    if not folder.exists():
        raise InputError(f"cannot write {target}: the folder {folder} does not exist")
    if not folder.is_dir():
        raise InputError(f"cannot write {target}: {folder} is not a folder")
    if target.is_dir():
        raise InputError(f"cannot write {target}: it is a folder")
    return target


def describe_os_error(error: OSError, target: Path) -> str:
    """One line for a failed write, naming the file and the cause."""
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"cannot write {target}: permission denied (the folder is not writable)"
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"cannot write {target}: the disk is full"
    if error.errno == errno.ENOENT:
        return f"cannot write {target}: the folder {target.parent} does not exist"
    if error.errno == errno.ENAMETOOLONG:
        return f"cannot write {target}: the file name is too long"
    reason = error.strerror or str(error) or type(error).__name__
    return f"cannot write {target}: {reason}"


@contextlib.contextmanager
def atomic_target(path: Path | str) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (same extension); rename it onto ``path`` after.

    Use it for writers that want a file name (``QImage.save``, imageio). If the block raises, or
    leaves no file behind, the temporary file is removed and ``path`` is untouched.
    """
    target = Path(path)
    try:
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.stem[:40]}.", suffix=target.suffix
        )
    except OSError as error:
        raise InputError(describe_os_error(error, target)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        if not temporary.exists() or temporary.stat().st_size == 0:
            raise InputError(f"cannot write {target}: nothing was written")
        _keep_permissions(target, temporary)
        os.replace(temporary, target)
    except OSError as error:
        raise InputError(describe_os_error(error, target)) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring)."""
    target = Path(path)
    with atomic_target(target) as temporary, open(temporary, "wb") as stream:
        try:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        except OSError as error:
            raise InputError(describe_os_error(error, target)) from None


def _keep_permissions(target: Path, temporary: Path) -> None:
    """mkstemp makes 0600 files; give the new file the old one's mode, or the usual 0644."""
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)
