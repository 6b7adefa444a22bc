"""A run's weight snapshots over training time, in bounded memory.

Snapshots are kept every ``interval`` steps; when there are more than the limit, the interval
doubles and every other one goes, so a run of any length keeps between half the limit and the
limit, spread evenly. Step 0 is always kept, and so is the latest snapshot (wherever it falls).
The timeline is immutable: :meth:`SnapshotTimeline.add` returns the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from linviz_gui.model.training.weights import NetWeights

#: At most this many snapshots...
MAX_SNAPSHOTS = 200
#: ... and at most this many bytes of them (a wide, deep net keeps fewer).
MAX_SNAPSHOT_BYTES = 64 * 2**20
MIN_SNAPSHOTS = 8


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The weights after ``step`` updates, and the loss and accuracy measured on them."""

    step: int
    weights: NetWeights
    loss: float = float("nan")
    accuracy: float = float("nan")


@dataclass(frozen=True, eq=False)
class SnapshotTimeline:
    """Snapshots in increasing step order; the last is the latest, the first is step 0."""

    snapshots: tuple[Snapshot, ...] = ()
    interval: int = 1
    limit: int = MAX_SNAPSHOTS

    @classmethod
    def starting(cls, weights: NetWeights, limit: int = MAX_SNAPSHOTS) -> SnapshotTimeline:
        """A timeline holding step 0; ``limit`` is lowered for nets too big to keep that many."""
        fits = MAX_SNAPSHOT_BYTES // max(1, weights.nbytes)
        limit = max(MIN_SNAPSHOTS, min(limit, fits))
        return cls((Snapshot(0, weights),), 1, limit)

    @property
    def steps(self) -> list[int]:
        return [s.step for s in self.snapshots]

    @property
    def latest(self) -> Snapshot:
        return self.snapshots[-1]

    def wants(self, step: int) -> bool:
        """Whether a snapshot at ``step`` would be kept for good (not only as the latest)."""
        return step % self.interval == 0

    def nearest(self, step: int) -> Snapshot:
        """The snapshot closest to ``step`` (the earlier one on a tie)."""
        return min(self.snapshots, key=lambda s: (abs(s.step - step), s.step))

    def add(self, snapshot: Snapshot) -> SnapshotTimeline:
        """The timeline with ``snapshot`` as its latest; a previous latest that is off the
        interval is replaced, and the interval doubles when the limit is passed."""
        kept = [s for s in self.snapshots if s.step < snapshot.step]
        if len(kept) > 1 and not self.wants(kept[-1].step):
            kept.pop()  # the previous latest was kept only for being the latest
        kept.append(snapshot)
        interval = self.interval
        while len(kept) > self.limit:
            interval *= 2
            last = kept[-1]
            kept = [s for s in kept[:-1] if s.step % interval == 0] + [last]
        return SnapshotTimeline(tuple(kept), interval, self.limit)
