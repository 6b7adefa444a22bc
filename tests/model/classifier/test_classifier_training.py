"""Training with autograd: separable blobs reach 100%, the loss falls, and a stop is obeyed."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import torch

from linviz_gui.model.classifier.hyperplane import LinearParams, accuracy
from linviz_gui.model.classifier.training import (
    TrainConfig,
    TrainState,
    classifier_loss,
    run_steps,
)
from linviz_gui.model.data.labelled import LabelledSpec, make_labelled
from linviz_gui.model.linear.matrix import InputError

START = LinearParams.binary((1.0, -0.5), 0.5)


@pytest.fixture(scope="module")
def blobs():  # type: ignore[no-untyped-def]
    # One thread, as in the worker: tiny ops on a busy machine crawl when threads contend.
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    data = make_labelled(LabelledSpec("blobs", 200, seed=0, separation=5.0))
    yield data, torch.from_numpy(data.points), torch.from_numpy(data.labels)
    torch.set_num_threads(threads)


def _train(blobs, config: TrainConfig, start: LinearParams, jobs: int = 60, steps: int = 10):  # type: ignore[no-untyped-def]
    _data, points, labels = blobs
    state, losses = TrainState(start), []
    for _ in range(jobs):
        outcome = run_steps(points, labels, state, config, steps)
        losses.extend(outcome.losses)
        state = outcome.next_state()
        if outcome.accuracy == 1.0 and config.loss == "perceptron":
            break
    return state, outcome, losses


@pytest.mark.parametrize("loss", ["perceptron", "hinge", "logistic", "softmax"])
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_separable_blobs_reach_full_accuracy_and_the_loss_falls(blobs, loss, optimizer) -> None:
    data = blobs[0]
    start = LinearParams.spread(2) if loss == "softmax" else START
    assert accuracy(data.points, data.labels, start) < 0.9
    state, outcome, losses = _train(blobs, TrainConfig(loss, optimizer, 0.1), start)
    assert outcome.accuracy == 1.0
    assert accuracy(data.points, data.labels, state.params) == 1.0
    assert outcome.loss < 0.5 * losses[0]
    assert state.step == len(losses)


def test_the_reported_loss_and_gradient_are_autograds(blobs) -> None:
    _data, points, labels = blobs
    outcome = run_steps(points, labels, TrainState(START), TrainConfig("logistic"), 0)
    w = torch.tensor([[1.0, -0.5]], requires_grad=True)
    b = torch.tensor([0.5], requires_grad=True)
    signed = torch.where(labels == 0, -1.0, 1.0)
    loss = torch.nn.functional.softplus(-signed * (points @ w.T + b)[:, 0]).mean()
    loss.backward()
    assert outcome.loss == pytest.approx(float(loss.detach()), rel=1e-5)
    np.testing.assert_allclose(outcome.grad_weights, w.grad.numpy(), rtol=1e-5)
    np.testing.assert_allclose(outcome.grad_bias, b.grad.numpy(), rtol=1e-5)
    assert len(outcome.losses) == 0 and outcome.step == 0


def test_adam_continues_from_its_memory_across_jobs(blobs) -> None:
    _data, points, labels = blobs
    config = TrainConfig("hinge", "adam", 0.05)
    whole = run_steps(points, labels, TrainState(START), config, 20)
    first = run_steps(points, labels, TrainState(START), config, 10)
    second = run_steps(points, labels, first.next_state(), config, 10)
    np.testing.assert_allclose(second.weights, whole.weights, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(second.losses, whole.losses[10:], rtol=1e-5)


def test_a_saved_state_never_changes_when_training_continues_from_it(blobs) -> None:
    _data, points, labels = blobs
    config = TrainConfig("hinge", "adam", 0.05)
    first = run_steps(points, labels, TrainState(START), config, 5).next_state()
    saved = [value.copy() for _name, value in first.memory[1]]
    run_steps(points, labels, first, config, 5)
    for before, (_name, after) in zip(saved, first.memory[1], strict=True):
        np.testing.assert_array_equal(before, after)
    again = run_steps(points, labels, first, config, 5)
    np.testing.assert_array_equal(
        again.weights, run_steps(points, labels, first, config, 5).weights
    )


def test_training_stops_when_asked(blobs) -> None:
    _data, points, labels = blobs
    asked = iter([False, False, False, True])
    outcome = run_steps(points, labels, TrainState(START), TrainConfig(), 1000, lambda: next(asked))
    assert outcome.step == 3 and len(outcome.losses) == 3


def test_a_diverging_run_is_reported_not_continued(blobs) -> None:
    _data, points, labels = blobs
    outcome = run_steps(points, labels, TrainState(START), TrainConfig(), 1)
    diverged = replace(outcome, weights=np.array([[np.nan, 1.0]]))
    with pytest.raises(InputError, match=r"training diverged.*got NaN.*lower the learning rate"):
        diverged.next_state()


def test_losses_by_hand() -> None:
    scores = torch.tensor([[2.0], [-0.5], [0.0]])
    labels = torch.tensor([1, 1, 0])
    signed = torch.tensor([1.0, 1.0, -1.0])
    assert float(classifier_loss(scores, labels, signed, "perceptron")) == pytest.approx(0.5 / 3)
    assert float(classifier_loss(scores, labels, signed, "hinge")) == pytest.approx(2.5 / 3)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"learning_rate": 0.0}, "learning rate must be above 0"),
        ({"learning_rate": 11.0}, "at most 10"),
        ({"loss": "mse"}, "unknown loss 'mse'"),
        ({"optimizer": "lbfgs"}, "unknown optimiser 'lbfgs'"),
    ],
)
def test_bad_training_settings_are_refused(kwargs, message) -> None:
    with pytest.raises(InputError, match=message):
        TrainConfig(**kwargs)


def test_a_two_class_loss_refuses_three_classes() -> None:
    with pytest.raises(InputError, match="the hinge loss needs 2 classes; this data has 3"):
        TrainConfig("hinge").check_classes(3)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_the_updates_are_torch_optims(blobs, optimizer) -> None:
    _data, points, labels = blobs
    config = TrainConfig("logistic", optimizer, 0.05)
    ours = run_steps(points, labels, TrainState(START), config, 15)
    w = torch.tensor([[1.0, -0.5]], requires_grad=True)
    b = torch.tensor([0.5], requires_grad=True)
    kind = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    reference = kind([w, b], lr=0.05)
    signed = torch.where(labels == 0, -1.0, 1.0)
    for _ in range(15):
        reference.zero_grad()
        torch.nn.functional.softplus(-signed * (points @ w.T + b)[:, 0]).mean().backward()
        reference.step()
    np.testing.assert_allclose(ours.weights, w.detach().numpy(), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(ours.bias, b.detach().numpy(), rtol=1e-5, atol=1e-6)
