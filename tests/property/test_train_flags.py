"""``linviz train``'s number flags: any text gives a valid config or one InputError naming the
flag; nothing typed is evaluated."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linviz_gui.commands.training_flags import config_from_args
from linviz_gui.model.linear.matrix import InputError
from linviz_gui.model.training.config import TrainingConfig
from tests.property.hostile import assert_nothing_ran, hostile_text, no_code_runs

RUN = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FLAGS = {
    "steps": "--steps",
    "seed": "--seed",
    "batch_size": "--batch-size",
    "lr": "--lr",
    "weight_decay": "--weight-decay",
    "momentum": "--momentum",
    "test_fraction": "--test-fraction",
    "optimizer": "",
    "loss": "",
}


@RUN
@given(st.sampled_from(sorted(FLAGS)), hostile_text(max_size=40))
def test_any_flag_text_is_a_config_or_a_clear_refusal(key: str, text: str) -> None:
    values: dict[str, object] = dict.fromkeys(FLAGS)
    values[key] = text
    with no_code_runs():
        try:
            config = config_from_args(argparse.Namespace(**values))
        except InputError as error:
            message = str(error)
            assert message and "\n" not in message and "Traceback" not in message
            if FLAGS[key]:
                named = FLAGS[key] in message or key.replace("_", " ") in message
                assert named or "learning rate" in message, message
            return
    assert isinstance(config, TrainingConfig)
    assert_nothing_ran()


@pytest.mark.parametrize("text", ["__import__('os').system('true')", "1e-3; rm -rf /"])
def test_code_in_a_flag_is_refused(text: str) -> None:
    values: dict[str, object] = dict.fromkeys(FLAGS)
    values["lr"] = text
    with no_code_runs(), pytest.raises(InputError, match="--lr must be a number"):
        config_from_args(argparse.Namespace(**values))
