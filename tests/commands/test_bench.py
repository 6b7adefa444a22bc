"""The plumbing of ``linviz bench`` on a tiny cloud: what it prints, not how fast anything is."""

from __future__ import annotations

import importlib.util
import json

import pytest

from linviz_gui.bench.timing import drag_path, percentile
from linviz_gui.cli import main
from linviz_gui.commands.bench import format_report, parse_sizes
from linviz_gui.model.linear.matrix import InputError


def test_bench_json_reports_every_renderer_startup_memory_and_export(qapp, capsys) -> None:
    argv = ["bench", "--sizes", "200", "--frames", "3", "--training-steps", "3"]
    argv += ["--repaint-seconds", "1", "--startup-runs", "2", "--json"]
    assert main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    renderers = {(r["renderer"], r["n"]) for r in report["results"]}
    expected = {
        ("linviz", 200),
        ("linviz-svd-scrub", 200),
        ("linviz-network-scrub", 200),
        ("linviz-network-handle-drag", 200),
        ("linviz-classifier-drag", 200),
        ("pyqtgraph-scatter", 200),
    }
    if importlib.util.find_spec("matplotlib") is None:  # an optional extra: skipped, with a note
        assert any("matplotlib skipped: not installed" in note for note in report["notes"])
    else:
        expected.add(("matplotlib", 200))
    assert renderers == expected
    for row in report["results"]:
        assert set(row) >= {"renderer", "n", "median_ms", "p95_ms"}
        assert 0 < row["median_ms"] <= row["p95_ms"]
        assert row["cpu_median_ms"] > 0
        assert row["frames"] == 3
    assert report["startup_ms"] > 0 and report["first_frame_ms"] >= report["startup_ms"]
    assert report["startup_runs"] == 2  # each start-up followed by a bare import torch
    assert len(report["first_frame_runs_ms"]) == len(report["torch_import_runs_ms"]) == 2
    assert min(report["first_frame_runs_ms"]) <= report["first_frame_ms"]
    assert report["first_frame_ms"] <= max(report["first_frame_runs_ms"])
    assert report["gui_imported_torch"] is False
    assert report["peak_rss_mb"] > 0 and report["export_ms"] > 0
    (drag,) = [r for r in report["results"] if r["renderer"] == "linviz"]
    assert 0 < drag["peak_rss_mb"] <= report["peak_rss_mb"]  # memory after each size's drag
    (raster,) = report["raster"]  # the rasteriser alone, both paths measured in this run
    assert raster["n"] == 200 and raster["numpy_ms"] > 0 and raster["compiled_ms"] > 0
    assert report["network_stages_ms"] > 0 and report["torch_import_ms"] > 0
    assert report["api_figure_ms"] > 0
    assert 0 < report["api_show_window_ms"] <= report["api_show_frame_ms"]
    training = report["training"]
    assert (training["n"], training["hidden"], training["device"]) == (5000, 100, "cpu")
    assert training["app_steps_per_s"] > 0 and training["bare_steps_per_s"] > 0
    assert training["notebook_steps_per_s"] > 0 and training["large"]["n"] == 100_000
    assert set(training["pictures_ms"]) == {
        "regions_100",
        "regions_128",
        "regions_256",
        "energy_150",
        "energy_300",
        "stages_pca",
    }
    assert all(ms > 0 for ms in training["pictures_ms"].values())
    assert training["ratio"] == pytest.approx(
        training["app_steps_per_s"] / training["bare_steps_per_s"], rel=0.01
    )
    assert training["playing_ratio"] == pytest.approx(
        training["playing_steps_per_s"] / training["bare_steps_per_s"], rel=0.01
    )
    repaint = training["repaint"]
    assert (repaint["n"], repaint["target_fps"]) == (5000, 30.0)
    assert repaint["seconds"] >= 1 and repaint["steps"] > 0  # it really played
    assert repaint["steps_per_s"] == pytest.approx(repaint["steps"] / repaint["seconds"], rel=0.02)
    assert repaint["regions_fps"] > 0 and repaint["stage_fps"] >= 0
    assert repaint["meets_target"] == (min(repaint["regions_fps"], repaint["stage_fps"]) >= 30)
    text = format_report(report)
    assert f"regions {repaint['regions_fps']:.1f} fps" in text and "30 fps target" in text
    assert "pyqtgraph-scatter" in text and "1920×1080 PNG export" in text
    assert "training, N = 5,000, d = 100, full batch, cpu" in text and "bare PyTorch" in text
    assert "from preset to its last stage painted" in text and "a bare import torch" in text
    assert "lv.figure, new process" in text and "lv.show to main window" in text
    assert "raster alone         200  numpy" in text and "compiled" in text


def test_sizes_are_read_like_the_point_count_field() -> None:
    assert parse_sizes("1e3,200,1_000") == [200, 1000]
    with pytest.raises(InputError, match="between 1 and"):
        parse_sizes("0")
    with pytest.raises(InputError, match="whole number"):
        parse_sizes("many")


def test_the_bench_reaches_ten_million_points_and_the_app_stays_at_two() -> None:
    from linviz_gui.model.data.point_sets import DatasetSpec, points_up_to

    assert parse_sizes("1e6,1e7") == [1_000_000, 10_000_000]
    with pytest.raises(InputError, match="between 1 and 10,000,000; got 100,000,000"):
        parse_sizes("1e8")
    with pytest.raises(InputError, match="between 1 and 2,000,000; got 10,000,000"):
        DatasetSpec(n=10_000_000)  # the N field, sessions and the CLI: the app's own limit
    with points_up_to(10_000_000):
        assert DatasetSpec(n=10_000_000).size == 10_000_000
    with pytest.raises(InputError, match="2,000,000"):
        DatasetSpec(n=2_000_001)  # the limit comes back after the benchmark


def test_bad_sizes_exit_2_with_one_line(capsys) -> None:
    assert main(["bench", "--sizes", "abc"]) == 2
    assert "size must be a whole number; got 'abc'" in capsys.readouterr().err
    assert main(["bench", "--training-steps", "0"]) == 2
    assert "--training-steps must be between 1 and 10000; got 0" in capsys.readouterr().err
    assert main(["bench", "--startup-runs", "0"]) == 2
    assert "--startup-runs must be between 1 and 50; got 0" in capsys.readouterr().err
    assert main(["bench", "--device", "cuda:9"]) == 2
    assert "device 'cuda:9' is not usable here" in capsys.readouterr().err


def test_percentiles_and_the_drag_path() -> None:
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.5
    assert percentile([1.0, 2.0], 95) == pytest.approx(1.95)
    path = drag_path(10, (1.0, 0.0))
    assert len(set(path)) == 10 and (1.0, 0.0) not in path
