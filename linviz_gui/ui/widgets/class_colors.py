"""Colour-blind-safe colours for classes and for the sign of ``w · x + b`` (Okabe-Ito)."""

from __future__ import annotations

import numpy as np

#: Okabe-Ito, blue and orange first so two classes read for every colour vision.
CLASS_COLORS: tuple[str, ...] = (
    "#0072b2",
    "#e69f00",
    "#009e73",
    "#cc79a7",
    "#56b4e9",
    "#d55e00",
    "#f0e442",
    "#000000",
)
#: sign(w · x + b) = -1, 0, +1: the colours of class 0 and class 1, black exactly on the line.
SIGN_COLORS: dict[int, str] = {-1: CLASS_COLORS[0], 0: "#000000", 1: CLASS_COLORS[1]}


def _rgb(color: str) -> tuple[int, int, int]:
    value = int(color.lstrip("#"), 16)
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


#: Opaque ARGB32 by slot: slot 0 (class index -1, exactly on the line) black, slot k + 1 class k.
CLASS_PALETTE = np.array(
    [0xFF000000, *(0xFF000000 | (r << 16) | (g << 8) | b for r, g, b in map(_rgb, CLASS_COLORS))],
    dtype=np.uint32,
)
CLASS_PALETTE.setflags(write=False)


def class_argb(indices: np.ndarray) -> np.ndarray:
    """Opaque ARGB32 per point from class indices; index -1 (exactly on the line) is black."""
    slots, table = class_slots(indices)
    return table[slots]


def class_slots(indices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each class index's slot in the returned ARGB32 table (slot 0, index -1, is black)."""
    table = CLASS_PALETTE.copy()
    slots = np.clip(np.asarray(indices, np.int64), -1, len(CLASS_COLORS) - 1)
    slots += 1
    return slots, table


def region_rgba(indices: np.ndarray, alpha: int = 48) -> np.ndarray:
    """An RGBA uint8 image (H, W, 4) tinting each class's region; -1 stays transparent."""
    table = np.zeros((len(CLASS_COLORS) + 1, 4), dtype=np.uint8)
    for k, color in enumerate(CLASS_COLORS):
        table[k + 1] = (*_rgb(color), alpha)
    return table[np.clip(np.asarray(indices, np.int64), -1, len(CLASS_COLORS) - 1) + 1]
