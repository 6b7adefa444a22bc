"""When to move a canvas's view: only when the content leaves it or shrinks to a speck.

A view that re-fitted on every change of W would jump with every keystroke; one that never moved
would lose the points. The rule below has hysteresis: small changes leave the view alone.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Extra room around the content when fitting, as a fraction of its size.
PADDING = 0.12
#: Refit when the content spans less than this fraction of the view in both directions.
SHRINK_LIMIT = 0.3


@dataclass(frozen=True)
class Box:
    left: float
    right: float
    bottom: float
    top: float

    @classmethod
    def of_ranges(cls, x_range: tuple[float, float], y_range: tuple[float, float]) -> Box:
        """The box of a view's ``(x0, x1), (y0, y1)`` ranges (pyqtgraph's ``viewRange()`` shape)."""
        (x0, x1), (y0, y1) = x_range, y_range
        return cls(x0, x1, y0, y1)

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def contains(self, other: Box) -> bool:
        return (
            self.left <= other.left
            and other.right <= self.right
            and self.bottom <= other.bottom
            and other.top <= self.top
        )

    def union(self, other: Box) -> Box:
        return Box(
            min(self.left, other.left),
            max(self.right, other.right),
            min(self.bottom, other.bottom),
            max(self.top, other.top),
        )


def fitted(content: Box, minimum: float = 1.0) -> Box:
    """The box to show for ``content``: padded, and never smaller than ``minimum`` across."""
    half_w = max(content.width, minimum) * (0.5 + PADDING)
    half_h = max(content.height, minimum) * (0.5 + PADDING)
    cx = (content.left + content.right) / 2
    cy = (content.bottom + content.top) / 2
    return Box(cx - half_w, cx + half_w, cy - half_h, cy + half_h)


def needs_refit(view: Box, content: Box) -> bool:
    """True when ``content`` pokes out of ``view`` or has become small inside it."""
    if not view.contains(content):
        return True
    if view.width <= 0 or view.height <= 0:
        return True
    shrunk_x = content.width < SHRINK_LIMIT * view.width
    shrunk_y = content.height < SHRINK_LIMIT * view.height
    return shrunk_x and shrunk_y
