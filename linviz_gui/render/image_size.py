"""The sizes a picture may be exported at (Qt-free, so the command line checks them at once)."""

from __future__ import annotations

from linviz_gui.model.linear.matrix import InputError

MIN_SIDE = 16
MAX_SIDE = 7680
MAX_PIXELS = 7680 * 4320


def check_image_size(width: object, height: object) -> tuple[int, int]:
    """Return ``(width, height)`` or raise :class:`InputError` naming the bad value."""
    for name, value in (("width", width), ("height", height)):
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"{name} must be a whole number of pixels; got {value!r}")
        if not MIN_SIDE <= value <= MAX_SIDE:
            raise InputError(
                f"{name} must be between {MIN_SIDE} and {MAX_SIDE} pixels; got {value}"
            )
    assert isinstance(width, int) and isinstance(height, int)
    if width * height > MAX_PIXELS:
        raise InputError(f"{width}x{height} is too large; at most {MAX_PIXELS:,} pixels")
    return width, height
