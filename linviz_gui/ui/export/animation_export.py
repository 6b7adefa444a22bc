"""Write an animation source's frames as a GIF (encoded by imageio with Pillow) or as PNG files.

Nothing half-written is left under a final name: the GIF goes to a temporary file that is
renamed at the end; PNG frames are each written atomically, and a cancel or an error removes
the frames written so far.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor, QImage, QPainter

from linviz_gui.model.files.atomic_file import atomic_target, check_target
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.ui.export.animation import AnimationSource
from linviz_gui.ui.export.image_render import check_image_size, save_png

#: A GIF is assembled in memory (one byte per pixel per frame): about 400 MB at most.
MAX_GIF_PIXELS = 400_000_000

#: progress(done, total) -> keep going? (False cancels)
Progress = Callable[[int, int], bool]


class Cancelled(Exception):
    """The user cancelled; nothing was left behind."""


def frame_paths(path: Path, count: int) -> list[Path]:
    """``morph.png`` -> ``morph_0000.png``, ``morph_0001.png``, ..."""
    digits = max(4, len(str(count - 1)))
    return [path.with_name(f"{path.stem}_{i:0{digits}d}{path.suffix}") for i in range(count)]


def to_rgb(image: QImage) -> np.ndarray:
    """(H, W, 3) uint8 of ``image`` over white (GIF has no partial transparency)."""
    opaque = QImage(image.size(), QImage.Format.Format_RGB888)
    opaque.fill(QColor("white"))
    painter = QPainter(opaque)
    painter.drawImage(0, 0, image)
    painter.end()
    height, width = opaque.height(), opaque.width()
    buffer = np.frombuffer(opaque.constBits(), np.uint8, count=opaque.sizeInBytes())
    rows = buffer.reshape(height, opaque.bytesPerLine())
    return rows[:, : width * 3].reshape(height, width, 3).copy()


def export_animation(
    source: AnimationSource,
    path: Path | str,
    width: int,
    height: int,
    fps: float = 30.0,
    progress: Progress | None = None,
) -> list[Path]:
    """Render every frame of ``source`` into ``path`` (.gif, or .png for numbered frames).

    Returns the files written. Raises :class:`Cancelled` when ``progress`` returns False and
    :class:`InputError` for a bad size, name, folder or a failed write.
    """
    check_image_size(width, height)
    if not 1 <= fps <= 100:
        raise InputError(f"frames per second must be between 1 and 100; got {fps:g}")
    target = check_target(path, (".gif", ".png"))
    count = source.frame_count()
    if target.suffix.lower() == ".gif" and count * width * height > MAX_GIF_PIXELS:
        raise InputError(
            f"a GIF of {count} frames at {width}x{height} needs too much memory; use fewer "
            "frames, a smaller size, or PNG frames"
        )
    report = progress or (lambda _done, _total: True)
    try:
        if target.suffix.lower() == ".gif":
            return [_write_gif(source, target, width, height, fps, report)]
        return _write_pngs(source, target, width, height, report)
    finally:
        source.finish()
        report(count, count)


def _write_gif(
    source: AnimationSource, target: Path, width: int, height: int, fps: float, report: Progress
) -> Path:
    import imageio.v3 as iio

    count = source.frame_count()
    with atomic_target(target) as temporary:
        writer = iio.imopen(temporary, "w", plugin="pillow", extension=".gif")
        try:
            for index in range(count):
                if not report(index, count):
                    raise Cancelled
                frame = to_rgb(source.render_frame(index, width, height))
                # bits=8 keeps each frame as a 256-colour palette image: a quarter of the memory.
                writer.write(frame, duration=1000.0 / fps, loop=0, bits=8)
        except Cancelled:
            writer.images_to_write.clear()
            raise
        finally:
            _close(writer, target)
    return target


def _close(writer: object, target: Path) -> None:
    """Close the GIF writer (this is when Pillow encodes); its failures become InputError."""
    try:
        writer.close()  # type: ignore[attr-defined]
    except OSError:
        raise
    except Exception as error:
        raise InputError(f"cannot write {target}: {error}") from None


def _write_pngs(
    source: AnimationSource, target: Path, width: int, height: int, report: Progress
) -> list[Path]:
    count = source.frame_count()
    paths = frame_paths(target, count)
    written: list[Path] = []
    try:
        for index, frame_path in enumerate(paths):
            if not report(index, count):
                raise Cancelled
            written.append(save_png(source.render_frame(index, width, height), frame_path))
    except BaseException:
        for done in written:
            with contextlib.suppress(OSError):
                done.unlink()
        raise
    return written
