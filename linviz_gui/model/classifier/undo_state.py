"""What one undo step of the Classifier tab puts back, and what Edit → Undo calls the step."""

from __future__ import annotations

from dataclasses import dataclass, fields

from linviz_gui.model.classifier.hyperplane import LinearParams
from linviz_gui.model.classifier.training import LossKind
from linviz_gui.model.data.labelled import LabelledSpec

#: How the data panel names each field of a :class:`LabelledSpec`.
_SPEC_NAMES = {
    "kind": "points",
    "n": "N",
    "seed": "seed",
    "separation": "separation",
    "classes": "K",
}


@dataclass(frozen=True)
class ClassifierUndoState:
    """The data (a generated set, or a points file's path), the w, b on screen and the loss they
    were made for. The other training options and the display switches are not in it: undo
    takes back what the user drew or typed, and w, b of softmax (one row per class) cannot run
    under a two-class loss, nor the other way round."""

    spec: LabelledSpec
    csv_path: str
    params: LinearParams
    loss: LossKind = "hinge"


def params_label(before: LinearParams, after: LinearParams) -> str:
    """ "set w[0]" when one typed entry changed, "set w and b" when several did."""
    if before.rows != after.rows or not after.is_binary:
        return "set w and b"
    changed = [
        name
        for name, old, new in zip(
            ("w[0]", "w[1]", "b"), (*before.w, before.b), (*after.w, after.b), strict=True
        )
        if old != new
    ]
    return f"set {changed[0]}" if len(changed) == 1 else "set w and b"


def spec_label(before: LabelledSpec, after: LabelledSpec) -> str:
    """ "set N", "set seed", "set points" (the kind)... as the data panel names the field."""
    changed = [
        f.name for f in fields(LabelledSpec) if getattr(before, f.name) != getattr(after, f.name)
    ]
    return f"set {_SPEC_NAMES[changed[0]]}" if len(changed) == 1 else "set the points"
