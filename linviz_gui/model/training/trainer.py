"""Training a net with autograd and ``torch.optim``, a chunk of steps at a time.

A :class:`Trainer` holds the live model, optimiser and data tensors on one device;
:meth:`Trainer.run` takes steps and reports each step's loss and accuracy (and the test
part's). Between chunks a run is a :class:`TrainingState`: numpy weights and optimiser memory,
which sessions save, the GUI holds and a trainer on any device continues from exactly.

One step is the notebook's::

    s = model(X); F = C(s, y); L = F.mean()        # C = CrossEntropyLoss(reduction='none')
    optimizer.zero_grad(); L.backward(); optimizer.step()

with the accuracy ``argmax(s) == y`` of that same ``s`` (:func:`accuracy_of`), before the
update. A loss that is NaN or infinite stops the run at the last step that was still finite,
with a message.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from linviz_gui.model.training.setup import TrainingSetup
from linviz_gui.model.training.timeline import Snapshot, SnapshotTimeline
from linviz_gui.model.training.weights import NetWeights, build_model

if TYPE_CHECKING:
    import torch

#: The optimiser's memory: per parameter (state_dict order), its entries as (name, numpy) pairs.
OptimizerMemory = tuple[tuple[tuple[str, np.ndarray], ...], ...]


@dataclass(frozen=True, eq=False)
class TrainingState:
    """Where a run stands: ``step`` updates done, the weights, the optimiser's memory."""

    step: int
    weights: NetWeights
    optimizer: str = ""
    memory: OptimizerMemory = ()

    @classmethod
    def starting(cls, setup: TrainingSetup) -> TrainingState:
        return cls(0, setup.initial, setup.config.optimizer, ())


@dataclass(frozen=True, eq=False)
class StepsReport:
    """What :meth:`Trainer.run` did: ``losses[i]`` etc. belong to step ``first_step + i``,
    measured on the weights before that step's update (the test ones on the same weights;
    NaN when the run has no test part).

    ``message`` is empty, or says why the run stopped early (a NaN or infinite loss).
    """

    first_step: int
    losses: np.ndarray
    accuracies: np.ndarray
    test_losses: np.ndarray
    test_accuracies: np.ndarray
    state: TrainingState
    timeline: SnapshotTimeline | None = None
    message: str = ""
    diverged: bool = False

    @property
    def steps(self) -> np.ndarray:
        """The step number of each entry of the curves."""
        return np.arange(self.first_step, self.first_step + len(self.losses))

    @property
    def loss(self) -> float:
        """The last step's loss (NaN when no step was taken)."""
        return float(self.losses[-1]) if len(self.losses) else math.nan

    @property
    def accuracy(self) -> float:
        return float(self.accuracies[-1]) if len(self.accuracies) else math.nan


@dataclass
class _Data:
    x: torch.Tensor
    y: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    one_hot: torch.Tensor | None = None
    one_hot_test: torch.Tensor | None = None
    epochs: dict[int, torch.Tensor] = field(default_factory=dict)


class Trainer:
    """The live run of ``setup`` on ``device``, continuing from ``state`` (default: step 0)."""

    def __init__(
        self, setup: TrainingSetup, state: TrainingState | None = None, device: Any = "cpu"
    ) -> None:
        import torch

        self.setup = setup
        self.device = torch.device(device)
        state = state or TrainingState.starting(setup)
        self.step_count = state.step
        self.model = build_model(setup.network, state.weights, self.device)
        self.optimizer = make_optimizer(setup, self.model)
        if state.optimizer == setup.config.optimizer and state.memory:
            _restore_memory(self.optimizer, state.memory)
        self._data = self._load_data()
        self._criterion = torch.nn.CrossEntropyLoss(reduction="none")
        self._state: TrainingState | None = state

    def _load_data(self) -> _Data:
        import torch

        data = self.setup.data
        points = torch.from_numpy(data.points)
        labels = torch.from_numpy(data.labels)
        train = torch.from_numpy(self.setup.train_index)
        test = torch.from_numpy(self.setup.test_index)
        out = _Data(
            points[train].to(self.device),
            labels[train].to(self.device),
            points[test].to(self.device),
            labels[test].to(self.device),
        )
        if self.setup.config.loss == "mse":
            k = data.class_count
            out.one_hot = torch.nn.functional.one_hot(out.y, k).float()
            out.one_hot_test = torch.nn.functional.one_hot(out.y_test, k).float()
        return out

    # The state between chunks --------------------------------------------------------------

    def state(self) -> TrainingState:
        """The run as numpy (a copy: training on never changes it)."""
        if self._state is None or self._state.step != self.step_count:
            self._state = TrainingState(
                self.step_count,
                NetWeights.from_model(self.model),
                self.setup.config.optimizer,
                _memory(self.optimizer),
            )
        return self._state

    def continues(self, state: TrainingState) -> bool:
        """True when ``state`` is exactly where this trainer stands (it may go on from there).

        A chunk that raised half-way (a GPU out of memory) left the live model some steps
        past its last state: it no longer continues anything, and is rebuilt from ``state``.
        """
        return self._state is state and self.step_count == state.step

    # Steps ---------------------------------------------------------------------------------

    def run(
        self,
        steps: int,
        timeline: SnapshotTimeline | None = None,
        should_stop: Callable[[], bool] = lambda: False,
    ) -> StepsReport:
        """Take up to ``steps`` steps (``should_stop`` is asked before each one).

        Snapshots go into ``timeline`` at the steps it wants, and the weights reached at the end
        as its latest. A non-finite loss rolls the run back to the step before it and stops.
        """
        start = self.state()
        first = self.step_count
        records, snapshots = self._steps(steps, timeline, should_stop)
        values = _as_numpy(records)
        losses = values[0] if len(values) else np.zeros(0)
        bad = np.flatnonzero(~np.isfinite(losses))
        message = ""
        if len(bad):
            # The weights after step `first + bad` updates gave the bad loss; the last ones with
            # a finite loss are one update earlier.
            last_good = max(first, first + int(bad[0]) - 1)
            message = (
                f"the loss became {losses[bad[0]]} at step {first + int(bad[0])}: training "
                f"diverged, so the run stopped at step {last_good}. Lower the learning rate "
                f"(now {self.setup.config.learning_rate:g}) and press Reset"
            )
            self._rewind(start, last_good - first)
            values = values[:, : last_good - first]
            snapshots = [s for s in snapshots if s.step <= last_good]
        report_values = values if len(values) else np.zeros((4, 0))
        state = self.state()
        if timeline is not None:
            for snapshot in snapshots:
                timeline = timeline.add(snapshot)
            if timeline.latest.step != state.step:
                timeline = timeline.add(Snapshot(state.step, state.weights))
        return StepsReport(
            first,
            report_values[0].astype(np.float64),
            report_values[1].astype(np.float64),
            report_values[2].astype(np.float64),
            report_values[3].astype(np.float64),
            state,
            timeline,
            message,
            bool(message),
        )

    def _steps(
        self, steps: int, timeline: SnapshotTimeline | None, should_stop: Callable[[], bool]
    ) -> tuple[list[torch.Tensor], list[Snapshot]]:
        import torch

        records: list[torch.Tensor] = []
        snapshots: list[Snapshot] = []
        model, optimizer, data = self.model, self.optimizer, self._data
        has_test = len(data.y_test) > 0
        nan = torch.tensor(math.nan, device=self.device)
        for _ in range(steps):
            if should_stop():
                break
            x, y, target = self._batch(self.step_count)
            s = model(x)
            loss = self._loss(s, y, target)
            optimizer.zero_grad()
            loss.backward()
            with torch.no_grad():
                accuracy = accuracy_of(s, y)
                if has_test:
                    s_test = model(data.x_test)
                    test_loss = self._loss(s_test, data.y_test, data.one_hot_test)
                    test_accuracy = accuracy_of(s_test, data.y_test)
                else:
                    test_loss = test_accuracy = nan
            if timeline is not None and self.step_count > 0 and timeline.wants(self.step_count):
                snapshots.append(self._snapshot(loss, accuracy))
            optimizer.step()
            self.step_count += 1
            records.append(torch.stack([loss.detach(), accuracy, test_loss, test_accuracy]))
        return records, snapshots

    def _snapshot(self, loss: torch.Tensor, accuracy: torch.Tensor) -> Snapshot:
        return Snapshot(
            self.step_count,
            NetWeights.from_model(self.model),
            float(loss.detach()),
            float(accuracy),
        )

    def _loss(self, s: torch.Tensor, y: torch.Tensor, target: torch.Tensor | None) -> torch.Tensor:
        if self.setup.config.loss == "mse":
            assert target is not None
            return torch_mse(s, target)
        return self._criterion(s, y).mean()

    def _batch(self, step: int) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
        data = self._data
        n = len(data.y)
        size = self.setup.config.batch_size
        if size == 0 or size >= n:
            return data.x, data.y, data.one_hot
        per_epoch = -(-n // size)
        epoch, part = divmod(step, per_epoch)
        index = self._epoch_order(epoch)[part * size : (part + 1) * size]
        target = None if data.one_hot is None else data.one_hot[index]
        return data.x[index], data.y[index], target

    def _epoch_order(self, epoch: int) -> torch.Tensor:
        """The order of the training rows in ``epoch``: a fixed function of the seed and epoch,
        so a run continued from a saved state draws the same batches."""
        import torch

        orders = self._data.epochs
        if epoch not in orders:
            orders.clear()
            generator = torch.Generator().manual_seed(self.setup.config.seed * 100_003 + epoch)
            orders[epoch] = torch.randperm(len(self._data.y), generator=generator).to(self.device)
        return orders[epoch]

    def _rewind(self, start: TrainingState, steps: int) -> None:
        """Back to ``start`` and forward ``steps`` steps again (exactly the same ones)."""
        self.model.load_state_dict(start.weights.state_dict())
        self.optimizer = make_optimizer(self.setup, self.model)
        if start.memory:
            _restore_memory(self.optimizer, start.memory)
        self.step_count = start.step
        self._state = start
        self._steps(steps, None, lambda: False)


def accuracy_of(s: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The notebook's ``(y == torch.max(s, 1)[1]).sum().float() / len(y)``, as a 0-d tensor.

    ``torch.max`` rather than ``argmax``: the same indices, ties included, and a third faster
    on (5000, 5) scores on cpu.
    """
    import torch

    _score, predicted = torch.max(s, 1)
    return (y == predicted).sum().float() / len(y)


def torch_mse(s: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """``nn.MSELoss()(s, one_hot(y))``: the mean over points and classes."""
    import torch

    return torch.nn.functional.mse_loss(s, target)


def make_optimizer(setup: TrainingSetup, model: torch.nn.Module) -> torch.optim.Optimizer:
    """``torch.optim.Adam`` or ``torch.optim.SGD`` (with momentum) as ``setup.config`` says."""
    import torch

    config = setup.config
    if config.optimizer == "adam":
        return torch.optim.Adam(
            model.parameters(), lr=config.learning_rate, weight_decay=config.weight_decay
        )
    return torch.optim.SGD(
        model.parameters(),
        lr=config.learning_rate,
        momentum=config.momentum,
        weight_decay=config.weight_decay,
    )


def _memory(optimizer: torch.optim.Optimizer) -> OptimizerMemory:
    state = optimizer.state_dict()["state"]
    count = len(optimizer.param_groups[0]["params"])
    out = []
    for index in range(count):
        entries = state.get(index, {})
        out.append(
            tuple(
                (name, value.detach().cpu().numpy().copy())
                for name, value in sorted(entries.items())
                if value is not None
            )
        )
    return tuple(out)


def _restore_memory(optimizer: torch.optim.Optimizer, memory: OptimizerMemory) -> None:
    import torch

    current = optimizer.state_dict()
    if len(memory) != len(current["param_groups"][0]["params"]):
        return  # another net: start the optimiser afresh
    state = {
        index: {name: torch.from_numpy(value.copy()) for name, value in entries}
        for index, entries in enumerate(memory)
        if entries
    }
    optimizer.load_state_dict({"state": state, "param_groups": current["param_groups"]})


def _as_numpy(records: list[torch.Tensor]) -> np.ndarray:
    """(4, steps): loss, accuracy, test loss, test accuracy; one device-to-host copy."""
    import torch

    if not records:
        return np.zeros((4, 0))
    return torch.stack(records, 1).cpu().numpy()
