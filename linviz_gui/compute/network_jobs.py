"""The network view's computations, run in the worker: every stage of a net, and the gallery.

Pure functions of immutable arguments (plus the worker's per-device cache of the points); they
return numpy, so nothing torch crosses into the GUI thread.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from linviz_gui.compute.explorer_jobs import device_points, device_points_by_coordinate
from linviz_gui.compute.worker import JobContext
from linviz_gui.model.data.point_sets import DatasetSpec, make_points
from linviz_gui.model.linear.matrix import Matrix2
from linviz_gui.model.network.layers import (
    NetworkSpec,
    Projection,
    StageBuffer,
    StageInfo,
    build_sequential,
    deep_relu_net,
    grid_lines,
    layer_stages,
    project_stage,
    shown_units,
    single_linear,
    streamed_stages,
    tanh_net,
)

if TYPE_CHECKING:
    import torch

#: The images of these three points draw the basis arrows at every stage: from f(0) to f(eᵢ).
BASIS_POINTS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], np.float32)


@dataclass(frozen=True)
class StagesResult:
    """All stages of ``spec`` on ``dataset``, each shown in 2-D by ``projection``."""

    spec: NetworkSpec
    dataset: DatasetSpec
    projection: Projection
    infos: tuple[StageInfo, ...]
    projection_labels: tuple[str, ...]  # per stage; empty where the stage is 2-D already
    points: np.ndarray  # (stages, N, 2) float32
    color_values: np.ndarray  # (N,) float32 in [0, 1]
    grid: np.ndarray  # (stages, lines, samples, 2) float32
    basis: np.ndarray  # (stages, 3, 2): the images of 0, e1, e2
    weights: dict[int, Matrix2]  # 0-based index of each Linear(2, 2) -> the weight it has
    device: str


def network_stages(
    context: JobContext, spec: NetworkSpec, dataset: DatasetSpec, projection: Projection
) -> StagesResult:
    import torch

    points, values = device_points(context, dataset)
    device = context.device
    model = build_sequential(spec).to(device)
    lines = grid_lines()
    grid_in = torch.from_numpy(lines.reshape(-1, 2)).to(device)
    basis_in = torch.from_numpy(BASIS_POINTS).to(device)
    grid_stages = layer_stages(model, grid_in)
    basis_stages = layer_stages(model, basis_in)
    count = len(grid_stages)
    n = len(points)
    # Filled in place: stacking a list would copy every stage once more (240 MB at N = 2M).
    # Stored by coordinate, (stages, 2, N), and handed out as its (stages, N, 2) transpose: each
    # column is then contiguous, which is what the canvas draws from, so neither a stage nor a
    # blend of two (numpy keeps the layout) is copied again on its way to the screen. The memory
    # is that of an earlier result no one holds any more, where there is one (no page faults).
    by_coordinate = _free_result(context, (count, 2, n))
    shown_points = by_coordinate.transpose(0, 2, 1)
    shown_grid = np.empty((count, *lines.shape), np.float32)
    shown_basis = np.empty((count, 3, 2), np.float32)
    labels = []
    infos = []
    # One stage at a time in two kept buffers: only the shown columns of each are written out,
    # so the stages are never all in memory at once (15 × N × 5 floats for the deep ReLU net).
    # On the CPU the stages of a net still 2-D are computed by coordinate straight into their
    # rows of the result (W @ X.T, ten times faster than X @ W.T for 2×2), X's rows copied from
    # the kept X.T: for the tanh preset every stage is in place with no copy at all.
    columns = None
    if device.type == "cpu":
        points_t = device_points_by_coordinate(context, dataset)
        np.copyto(by_coordinate[0], points_t.numpy())
        columns = (points_t, lambda k: torch.from_numpy(by_coordinate[k]))
    point_stages = streamed_stages(model, points, _scratch(context, n), columns)
    for k, (p, g, b) in enumerate(zip(point_stages, grid_stages, basis_stages, strict=True)):
        context.check_cancelled()
        infos.append(p.info)
        width = p.values.shape[1]
        if (k == 0 and columns is not None) or _written_in(p.values, by_coordinate[k]):
            (g2, b2), label = project_stage(g.values, projection, (b.values,))
        elif width == 2 or (width > 2 and projection.mode == "units"):
            # The points' two shown columns go straight into their rows of the result: no 2-D
            # copy in torch first (torch.stack of two columns cost ~30 ms a stage at N = 1M).
            # The grid and basis are small; they also give the label (it depends on the width).
            (g2, b2), label = project_stage(g.values, projection, (b.values,))
            _write_columns(by_coordinate[k], p.values, projection)
        else:
            (p2, g2, b2), label = project_stage(p.values, projection, (g.values, b.values))
            shown_points[k] = p2.cpu().numpy()
        shown_grid[k] = g2.cpu().numpy().reshape(lines.shape)
        shown_basis[k] = b2.cpu().numpy()
        labels.append(label)
    weights = {
        i: Matrix2(*module.weight.detach().cpu().reshape(-1).tolist())
        for i, (module, layer) in enumerate(zip(model, spec.layers, strict=True))
        if layer.is_square_2x2 and isinstance(module, torch.nn.Linear)
    }
    return StagesResult(
        spec,
        dataset,
        projection,
        tuple(infos),
        tuple(labels),
        shown_points,
        values.numpy().astype(np.float32, copy=False),
        shown_grid,
        shown_basis,
        weights,
        str(device),
    )


#: Results kept for reuse: one on screen, one on its way to the GUI, one being written.
_RESULTS_KEPT = 3
#: Scratch buffers up to this many floats each are kept between jobs (64 MB: N = 2M at width
#: 8); larger ones, of a wide net, are allocated per job and let go, as before.
_SCRATCH_KEPT_FLOATS = 16_000_000


def _free_result(context: JobContext, shape: tuple[int, int, int]) -> np.ndarray:
    """An uninitialised float32 array of ``shape``: the memory of a kept earlier result that no
    one refers to any more when one fits, else fresh (and kept, up to :data:`_RESULTS_KEPT`).

    A fresh 15-stage result at N = 1M is 120 MB of new pages whose faults cost more than the
    net itself; reused memory costs none. An owner is free when the pool holds the only
    reference: a result's arrays and every view of them (the canvases') refer to it, and that
    count only falls from another thread, never rises. One more than twice the size needed is
    let go rather than reused, so a small net does not keep a large one's memory.
    """
    size = math.prod(shape)
    pool: list[np.ndarray] = context.memo(("network_results",), list)
    for index in range(len(pool)):
        owner = pool[index]
        # The references: the pool's, ``owner``'s and getrefcount's own argument. (Not
        # enumerate: its reused tuple would hold one more.)
        if sys.getrefcount(owner) > 3:
            continue
        if size <= owner.size <= 2 * size:
            return owner[:size].reshape(shape)
        del pool[index]  # free but the wrong size: let it go
        break
    fresh = np.empty(size, np.float32)
    if len(pool) < _RESULTS_KEPT:
        pool.append(fresh)
    return fresh.reshape(shape)


def _scratch(context: JobContext, rows: int) -> StageBuffer:
    """The two scratch buffers of :func:`streamed_stages`, kept on the job's device."""
    import torch

    kept: list[torch.Tensor | None] = context.memo(("network_scratch",), lambda: [None, None])

    def buffer(slot: int, width: int) -> torch.Tensor:
        size = rows * width
        flat = kept[slot]
        if flat is None or flat.numel() < size or flat.device != context.device:
            flat = torch.empty(size, dtype=torch.float32, device=context.device)
            kept[slot] = flat if size <= _SCRATCH_KEPT_FLOATS else None
        return flat[:size].view(rows, width)

    return buffer


def _written_in(values: torch.Tensor, rows: np.ndarray) -> bool:
    """True when (N, 2) ``values`` are the transpose of the (2, N) ``rows`` themselves."""
    return (
        values.device.type == "cpu"
        and values.data_ptr() == rows.ctypes.data
        and values.stride() == (1, rows.shape[1])
    )


def _write_columns(out: np.ndarray, values: torch.Tensor, projection: Projection) -> None:
    """Fill ``out`` (2, N) with the columns of (N, width) ``values`` that ``projection`` shows
    (width 2: both; wider, in units mode: the chosen two), as :func:`project_stage` picks them."""
    import torch

    width = values.shape[1]
    units = (0, 1) if width == 2 else shown_units(projection, width)
    if values.device.type != "cpu":  # only the two shown columns cross to the host
        values = values.index_select(1, torch.tensor(units, device=values.device))
        units = (0, 1)
    host = values.numpy()
    out[0] = host[:, units[0]]
    out[1] = host[:, units[1]]


@dataclass(frozen=True)
class GalleryItem:
    """One small multiple: a net, its output on the course's cloud, and (for W) its numbers."""

    group: str
    title: str
    spec: NetworkSpec
    points: np.ndarray  # (1000, 2) float32: f(X)
    matrix: Matrix2 | None = None
    det: float | None = None
    singular_values: tuple[float, float] | None = None


@dataclass(frozen=True)
class GalleryResult:
    items: tuple[GalleryItem, ...]
    color_values: np.ndarray  # (1000,) for X


GROUP_RANDOM_W = "Ten random W"
GROUP_TANH = "Five tanh nets"
GROUP_RELU = "Five ReLU nets"
#: The notebook's cloud: ``torch.manual_seed(0); X = torch.randn(1000, 2)``.
GALLERY_DATASET = DatasetSpec("gaussian", 1000, 0)


def notebook_random_matrices(count: int = 10) -> list[Matrix2]:
    """The notebook's Ws: after ``torch.manual_seed(0)`` and ``X = torch.randn(1000, 2)``, each
    ``W = torch.randn(2, 2)`` in turn (the same generator, so the same numbers as the course)."""
    import torch

    generator = torch.Generator().manual_seed(0)
    torch.randn(GALLERY_DATASET.n, 2, generator=generator)
    return [
        Matrix2(*torch.randn(2, 2, generator=generator).reshape(-1).tolist()) for _ in range(count)
    ]


def gallery(context: JobContext) -> GalleryResult:
    import torch

    x, values = make_points(GALLERY_DATASET)
    items: list[GalleryItem] = []
    for k, w in enumerate(notebook_random_matrices(), start=1):
        spec = single_linear(w)
        s1, s2 = torch.linalg.svdvals(torch.tensor(w.rows)).tolist()
        items.append(
            GalleryItem(GROUP_RANDOM_W, f"W #{k}", spec, _run(spec, x), w, w.det, (s1, s2))
        )
    context.check_cancelled()
    for seed in range(5):
        spec = tanh_net(seed)
        items.append(GalleryItem(GROUP_TANH, f"tanh net, seed {seed}", spec, _run(spec, x)))
    for seed in range(5):
        spec = deep_relu_net(seed)
        items.append(GalleryItem(GROUP_RELU, f"ReLU net, seed {seed}", spec, _run(spec, x)))
    return GalleryResult(tuple(items), values.numpy().astype(np.float32))


def _run(spec: NetworkSpec, x: object) -> np.ndarray:
    import torch

    model = build_sequential(spec)
    with torch.no_grad():
        return model(x).numpy().astype(np.float32)
