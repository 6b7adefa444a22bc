"""Reading a user's points file in the worker for File → Open points… (2,000,000 rows of CSV
take seconds: the window must not freeze), for the Explorer or as labelled data."""

from __future__ import annotations

from dataclasses import dataclass

from linviz_gui.compute.worker import JobContext
from linviz_gui.model.data.point_sets import DatasetSpec
from linviz_gui.model.files.points_dataset import open_points_dataset
from linviz_gui.model.files.points_file import load_points_file
from linviz_gui.model.linear.matrix import InputError


@dataclass(frozen=True)
class PointsRead:
    """What ``path`` holds: the Explorer's dataset (None for labelled data, or when refused),
    the points' count, and why it was refused ("" when it was not)."""

    path: str
    labelled: bool
    dataset: DatasetSpec | None = None
    count: int = 0
    message: str = ""


def read_points_file(context: JobContext, path: str, labelled: bool) -> PointsRead:
    """Read ``path`` whole: as labelled data (the Classifier's and Training's checks, which the
    tab runs again as it loads it) or as the Explorer's points (kept for drawing them)."""
    try:
        if labelled:
            return PointsRead(path, True, count=load_points_file(path).size)
        spec = open_points_dataset(path)
        return PointsRead(path, False, spec, spec.n)
    except InputError as error:
        return PointsRead(path, labelled, message=str(error))
