"""Training the linear classifier by gradient descent with autograd, a few steps at a time.

A run is a chain of calls to :func:`run_steps`, each starting from a :class:`TrainState` (the
parameters plus the optimiser's memory, as numpy) and returning the next one, so the worker can
stop between any two calls and the GUI always holds a complete state. Torch is imported lazily.

Two-class losses use the targets ``y = -1`` (class 0) and ``y = +1`` (class 1) and the score
``s = w · x + b``; softmax cross-entropy uses one score per class.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from linviz_gui.model.choices import check_choice
from linviz_gui.model.classifier.hyperplane import LinearParams
from linviz_gui.model.linear.matrix import InputError

if TYPE_CHECKING:
    import torch

LossKind = Literal["perceptron", "hinge", "logistic", "softmax"]
OptimizerKind = Literal["sgd", "adam"]

LOSSES: dict[LossKind, str] = {
    "perceptron": "perceptron  mean(relu(−y s))",
    "hinge": "hinge  mean(relu(1 − y s))",
    "logistic": "logistic  mean(log(1 + exp(−y s)))",
    "softmax": "softmax cross-entropy (K classes)",
}
BINARY_LOSSES: tuple[LossKind, ...] = ("perceptron", "hinge", "logistic")
OPTIMIZERS: dict[OptimizerKind, str] = {"sgd": "SGD", "adam": "Adam"}
MAX_LEARNING_RATE = 10.0


@dataclass(frozen=True)
class TrainConfig:
    """Which loss, which optimiser, and its learning rate."""

    loss: LossKind = "hinge"
    optimizer: OptimizerKind = "sgd"
    learning_rate: float = 0.1

    def __post_init__(self) -> None:
        check_choice(self.loss, LOSSES, "loss")
        check_choice(self.optimizer, OPTIMIZERS, "optimiser")
        check_learning_rate(self.learning_rate)

    def check_classes(self, classes: int) -> None:
        """Refuse a two-class loss for data with another number of classes."""
        if self.loss in BINARY_LOSSES and classes != 2:
            raise InputError(
                f"the {self.loss} loss needs 2 classes; this data has {classes}: "
                "choose softmax cross-entropy"
            )


def check_learning_rate(value: object) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or math.isnan(value):
        raise InputError(f"learning rate must be a number; got {value!r}")
    if not 0.0 < value <= MAX_LEARNING_RATE:
        raise InputError(
            f"learning rate must be above 0 and at most {MAX_LEARNING_RATE:g}; got {value:g}"
        )
    return float(value)


#: The optimiser's memory: per parameter, its state entries as (name, numpy value) pairs.
OptimizerMemory = tuple[tuple[tuple[str, Any], ...], ...]


@dataclass(frozen=True, eq=False)
class TrainState:
    """Where a run stands: parameters, how many steps so far, and the optimiser's memory."""

    params: LinearParams
    step: int = 0
    optimizer: str = ""
    memory: OptimizerMemory = ()


@dataclass(frozen=True, eq=False)
class StepsOutcome:
    """What :func:`run_steps` did.

    ``losses[i]`` and ``accuracies[i]`` were measured at the start of step ``first_step + i``;
    ``loss``, ``accuracy`` and the gradients at the returned parameters.
    """

    weights: np.ndarray  # (K, 2)
    bias: np.ndarray  # (K,)
    step: int
    optimizer: str
    memory: OptimizerMemory
    first_step: int
    losses: np.ndarray
    accuracies: np.ndarray
    loss: float
    accuracy: float
    grad_weights: np.ndarray  # (K, 2): d loss / d W at the returned parameters
    grad_bias: np.ndarray

    def next_state(self) -> TrainState:
        """The state to continue from; InputError when training produced NaN or huge values."""
        try:
            params = LinearParams.from_arrays(self.weights, self.bias)
        except InputError as error:
            raise InputError(
                f"training diverged ({error}); lower the learning rate and press Reset"
            ) from None
        return TrainState(params, self.step, self.optimizer, self.memory)


def classifier_loss(
    scores: torch.Tensor, labels: torch.Tensor, signed: torch.Tensor, loss: LossKind
) -> torch.Tensor:
    """The mean loss of ``scores`` (N, K): K = 1 for the two-class losses."""
    from torch.nn import functional

    if loss == "softmax":
        return functional.cross_entropy(scores, labels)
    margin = signed * scores[:, 0]
    if loss == "perceptron":
        return functional.relu(-margin).mean()
    if loss == "hinge":
        return functional.relu(1 - margin).mean()
    return functional.softplus(-margin).mean()


def classifier_accuracy(
    scores: torch.Tensor, labels: torch.Tensor, signed: torch.Tensor
) -> torch.Tensor:
    """Fraction right: ``sign(s) == y`` for one score (0 is never right), argmax for K."""
    if scores.shape[1] == 1:
        return (scores[:, 0].sign() == signed).float().mean()
    return (scores.argmax(dim=1) == labels).float().mean()


def run_steps(
    points: torch.Tensor,
    labels: torch.Tensor,
    state: TrainState,
    config: TrainConfig,
    steps: int,
    should_stop: Callable[[], bool] = lambda: False,
) -> StepsOutcome:
    """Take up to ``steps`` full-batch gradient steps from ``state`` on ``points``' device.

    ``labels`` are class indices (N,) on the same device. ``steps = 0`` only evaluates the loss,
    accuracy and gradient at ``state.params``. ``should_stop`` is asked before every step.
    """
    import torch

    device = points.device
    signed = torch.where(labels == 0, -1.0, 1.0).to(device=device, dtype=points.dtype)
    weights = torch.tensor(
        state.params.weights, dtype=points.dtype, device=device, requires_grad=True
    )
    bias = torch.tensor(state.params.bias, dtype=points.dtype, device=device, requires_grad=True)
    optimizer = _Optimizer(config, [weights, bias])
    if state.optimizer == config.optimizer and state.memory:
        optimizer.restore(state.memory)

    def evaluate() -> tuple[torch.Tensor, torch.Tensor]:
        optimizer.zero_grad()
        scores = points @ weights.T + bias
        loss = classifier_loss(scores, labels, signed, config.loss)
        loss.backward()
        return loss.detach(), classifier_accuracy(scores.detach(), labels, signed)

    losses: list[torch.Tensor] = []
    accuracies: list[torch.Tensor] = []
    for _ in range(steps):
        if should_stop():
            break
        loss, acc = evaluate()
        losses.append(loss)
        accuracies.append(acc)
        optimizer.step()
    loss, acc = evaluate()
    assert weights.grad is not None and bias.grad is not None
    history = torch.stack([*losses, *accuracies]).cpu().numpy() if losses else np.zeros(0)
    taken = len(losses)
    return StepsOutcome(
        weights=weights.detach().cpu().numpy().astype(np.float64),
        bias=bias.detach().cpu().numpy().astype(np.float64),
        step=state.step + taken,
        optimizer=config.optimizer,
        memory=optimizer.memory(),
        first_step=state.step,
        losses=history[:taken].astype(np.float64),
        accuracies=history[taken:].astype(np.float64),
        loss=float(loss),
        accuracy=float(acc),
        grad_weights=weights.grad.detach().cpu().numpy().astype(np.float64),
        grad_bias=bias.grad.detach().cpu().numpy().astype(np.float64),
    )


class _Optimizer:
    """SGD or Adam over a list of tensors, the updates of ``torch.optim.SGD`` and
    ``torch.optim.Adam`` with their defaults (betas 0.9 and 0.999, eps 1e-8).

    Written out because constructing a ``torch.optim`` optimiser the first time imports
    ``torch._dynamo``, seconds of start-up the first Play would otherwise freeze on.
    """

    BETA1, BETA2, EPS = 0.9, 0.999, 1e-8

    def __init__(self, config: TrainConfig, parameters: list[torch.Tensor]) -> None:
        import torch

        self.kind = config.optimizer
        self.lr = config.learning_rate
        self.parameters = parameters
        self.count = 0
        self.first = [torch.zeros_like(p) for p in parameters]
        self.second = [torch.zeros_like(p) for p in parameters]

    def zero_grad(self) -> None:
        for p in self.parameters:
            p.grad = None

    def step(self) -> None:
        import torch

        with torch.no_grad():
            if self.kind == "sgd":
                for p in self.parameters:
                    assert p.grad is not None
                    p.sub_(self.lr * p.grad)
                return
            self.count += 1
            fix1 = 1 - self.BETA1**self.count
            fix2 = 1 - self.BETA2**self.count
            for p, m, v in zip(self.parameters, self.first, self.second, strict=True):
                assert p.grad is not None
                m.mul_(self.BETA1).add_(p.grad, alpha=1 - self.BETA1)
                v.mul_(self.BETA2).addcmul_(p.grad, p.grad, value=1 - self.BETA2)
                denominator = (v / fix2).sqrt().add_(self.EPS)
                p.sub_(self.lr * (m / fix1) / denominator)

    def memory(self) -> OptimizerMemory:
        """Adam's step count and moments as numpy (SGD has none)."""
        if self.kind != "adam":
            return ()
        # copies: the moments are updated in place, and a saved state must never change
        moments = tuple(t.detach().cpu().numpy().copy() for t in (*self.first, *self.second))
        return ((("count", self.count),), tuple(("moment", m) for m in moments))

    def restore(self, memory: OptimizerMemory) -> None:
        import torch

        if self.kind != "adam" or len(memory) != 2:
            return
        moments = [torch.tensor(value) for _name, value in memory[1]]  # a copy, see memory()
        n = len(self.parameters)
        if len(moments) != 2 * n or any(
            m.shape != p.shape for m, p in zip(moments, self.parameters * 2, strict=True)
        ):
            return  # the parameters changed shape: start afresh
        device = self.parameters[0].device
        self.count = int(memory[0][0][1])
        self.first = [m.to(device) for m in moments[:n]]
        self.second = [m.to(device) for m in moments[n:]]
