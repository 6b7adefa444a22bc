"""``linviz bench``: frame times of the real drag path against two baselines, and the rest.

Runs offscreen in this process: start-up is timed in a fresh child process first, then linviz
at every size (real mouse drag → worker → painted), the 1920×1080 PNG export and the peak
memory, the training rate (the app's job code beside a bare PyTorch loop, see
``bench/training.py``), and only then the baselines (so their memory does not count against
linviz).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from linviz_gui.model.data.labelled import MAX_LABELLED_POINTS
from linviz_gui.model.data.point_sets import (
    BENCH_MAX_POINTS,
    MAX_POINTS,
    check_point_count,
    parse_int,
    points_up_to,
)
from linviz_gui.model.linear.matrix import InputError

HELP = (
    "time linviz against pyqtgraph and matplotlib (offscreen), plus start-up, memory, export "
    "and training steps/s against bare PyTorch"
)
DEFAULT_SIZES = "1000,10000,100000,1000000"
#: Frames dragged at each size before the measured ones.
WARM_UP_FRAMES = 5
#: The size of the output canvas the frames are drawn on, in pixels.
CANVAS_SIZE = (800, 800)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, metavar="N,N,...", help=f"point counts ({DEFAULT_SIZES})"
    )
    parser.add_argument("--frames", type=int, default=40, help="frames per renderer and size")
    parser.add_argument(
        "--baseline-limit",
        type=float,
        default=10.0,
        metavar="S",
        help="skip a baseline at a size where its frames would take over S seconds each (10)",
    )
    parser.add_argument(
        "--training-steps",
        type=int,
        default=50,
        metavar="N",
        help="training steps per round and loop at N = 5,000 (50; 7 rounds)",
    )
    parser.add_argument(
        "--repaint-seconds",
        type=float,
        default=3.0,
        metavar="S",
        help="seconds of Play while the Training tab's repaint rate is counted (3)",
    )
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=5,
        metavar="N",
        help="app start-ups, each followed by a bare import torch; medians are shown (5)",
    )
    parser.add_argument(
        "--device", metavar="D", help="device of the training rate (cuda:0 where present, else cpu)"
    )


def parse_sizes(text: str) -> list[int]:
    """``"1000,1e5"`` -> [1000, 100000], each a valid point count, sorted, no repeats; up to
    :data:`BENCH_MAX_POINTS` (10 million), beyond the app's own N field."""
    sizes = {
        check_point_count(parse_int(part, "size"), BENCH_MAX_POINTS)
        for part in text.split(",")
        if part
    }
    if not sizes:
        raise InputError(f"--sizes needs at least one point count; got {text!r}")
    return sorted(sizes)


def run(args: argparse.Namespace) -> int:
    try:
        sizes = parse_sizes(args.sizes)
        if not 2 <= args.frames <= 10_000:
            raise InputError(f"--frames must be between 2 and 10000; got {args.frames}")
        if not 1 <= args.training_steps <= 10_000:
            raise InputError(
                f"--training-steps must be between 1 and 10000; got {args.training_steps}"
            )
        if not 1 <= args.startup_runs <= 50:
            raise InputError(f"--startup-runs must be between 1 and 50; got {args.startup_runs}")
        if not 0.5 <= args.repaint_seconds <= 60:
            raise InputError(
                f"--repaint-seconds must be between 0.5 and 60; got {args.repaint_seconds:g}"
            )
        from linviz_gui.commands.train import check_device

        device = check_device(args.device)
    except InputError as error:
        print(f"linviz bench: error: {error}", file=sys.stderr)
        return 2
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with points_up_to(sizes[-1]):
        report = measure(
            sizes,
            args.frames,
            args.baseline_limit,
            progress=not args.json,
            training_steps=args.training_steps,
            device=device,
            repaint_seconds=args.repaint_seconds,
            startup_runs=args.startup_runs,
        )
    if args.json:
        print(json.dumps(report))
    else:
        print(format_report(report))
    return 0


def measure(
    sizes: list[int],
    frames: int,
    baseline_limit_s: float,
    progress: bool,
    training_steps: int = 50,
    device: str = "cpu",
    repaint_seconds: float = 3.0,
    startup_runs: int = 5,
) -> dict:
    from linviz_gui.bench.api import figure_fresh_process_ms, show_to_window
    from linviz_gui.bench.raster import measure_raster
    from linviz_gui.bench.startup import measure_startup_against_torch
    from linviz_gui.bench.training import measure_training

    def say(text: str) -> None:
        if progress:
            print(text, file=sys.stderr, flush=True)

    say(f"start-up, and a bare import torch, {startup_runs} times each ...")
    startup = measure_startup_against_torch(startup_runs)
    torch_ms = startup["torch_import_ms"]
    results, export_ms, peak_rss_mb, network_ms = _measure_linviz(sizes, frames, say)
    # A fresh process has the app's own limit on N: the API is timed at most at that.
    api_n = min(sizes[-1], MAX_POINTS)
    say(f"lv.figure at {api_n:,} points and lv.show, each in a fresh process ...")
    figure_ms = figure_fresh_process_ms(api_n)
    shown = show_to_window(api_n)
    say("the rasteriser alone, numpy and compiled ...")
    raster = measure_raster(sizes, CANVAS_SIZE, frames)
    say(f"training on {device} ...")
    training = measure_training(device, training_steps)
    say(f"the Training tab playing for {repaint_seconds:g} s ...")
    from linviz_gui.bench.training_repaint import measure_training_repaint

    training["repaint"] = measure_training_repaint(repaint_seconds)
    notes: list[str] = []
    results += _measure_baselines(sizes, frames, baseline_limit_s, notes, say)
    return {
        "results": [r.as_json() for r in results],
        "startup_ms": round(startup["window_ms"], 1),
        "main_window_ms": round(startup["main_window_ms"], 1),
        "first_frame_ms": round(startup["first_frame_ms"], 1),
        "startup_runs": startup_runs,
        "first_frame_runs_ms": [round(ms, 1) for ms in startup["first_frame_runs_ms"]],
        "torch_import_runs_ms": [round(ms, 1) for ms in startup["torch_import_runs_ms"]],
        "torch_ready_at_window": startup["torch_ready_at_window"],
        "gui_imported_torch": startup["gui_imported_torch"],
        "peak_rss_mb": round(peak_rss_mb, 1),
        "export_ms": round(export_ms, 1),
        "export_n": sizes[-1],
        "api_n": api_n,
        "tabs_n": min(sizes[-1], MAX_POINTS),
        "raster": raster,
        "network_stages_ms": round(network_ms, 1),
        "torch_import_ms": round(torch_ms, 1),
        "api_figure_ms": round(figure_ms, 1),
        "api_show_window_ms": round(shown["main_window_ms"], 1),
        "api_show_frame_ms": round(shown["first_frame_ms"], 1),
        "canvas": list(CANVAS_SIZE),
        "training": training,
        "notes": notes,
    }


def _measure_linviz(sizes: list[int], frames: int, say: Any) -> tuple[list, float, float, float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from linviz_gui.bench.drag import show_dataset, time_drag, wait_until
    from linviz_gui.bench.export import export_png
    from linviz_gui.bench.tabs import (
        classifier_drag,
        network_handle_drag,
        network_preset_ms,
        network_scrub,
        svd_scrub,
    )
    from linviz_gui.model.data.point_sets import DatasetSpec
    from linviz_gui.model.scene import Scene
    from linviz_gui.ui.shell.main_window import make_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    results = []
    with tempfile.TemporaryDirectory(prefix="linviz-bench-") as tmp:
        settings = QSettings(str(Path(tmp) / "bench.ini"), QSettings.Format.IniFormat)
        window = make_main_window(Scene(dataset=DatasetSpec(n=sizes[0])), settings)
        try:
            window.show()
            _size_output_canvas(window)
            wait_until(lambda: window.explorer.output_canvas.points.painted_version > 0, 120)
            for n in sizes:
                say(f"linviz {n:,} points ...")
                show_dataset(window, n)
                time_drag(window, WARM_UP_FRAMES)  # caches filled, buffers sized: not counted
                times = time_drag(window, frames)
                results.append(replace(times, peak_rss_mb=_peak_rss_mb()))
            say("export ...")
            export_ms = export_png(window.explorer.output_canvas, Path(tmp) / "export.png")
            # The other tabs at the largest size the app offers (beyond it only the explorer's
            # drag path is built for the benchmark's sizes).
            tabs_n = min(sizes[-1], MAX_POINTS)
            if tabs_n != sizes[-1]:
                show_dataset(window, tabs_n)
            say(f"SVD and Network tabs at {tabs_n:,} points ...")
            results.append(svd_scrub(window, frames))
            network_ms = network_preset_ms(window)
            results.append(network_scrub(window, frames))
            peak_rss_mb = _peak_rss_mb()
            results.append(network_handle_drag(window, frames))
            # The Classifier's own labelled points, w dragged as a mouse does (up to its cap).
            for n in (n for n in sizes if n <= MAX_LABELLED_POINTS):
                say(f"Classifier drag at {n:,} points ...")
                classifier_drag(window, n, WARM_UP_FRAMES)
                results.append(classifier_drag(window, n, frames))
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    return results, export_ms, peak_rss_mb, network_ms


def _size_output_canvas(window: Any) -> None:
    """Resize the window so the output canvas's plot area is about CANVAS_SIZE."""
    from PySide6.QtWidgets import QApplication

    canvas = window.explorer.output_canvas
    for _ in range(3):
        QApplication.processEvents()
        dw = CANVAS_SIZE[0] - canvas.width()
        dh = CANVAS_SIZE[1] - canvas.height()
        if not dw and not dh:
            break
        # The explorer splits its width evenly: the window grows by twice the canvas's lack.
        window.resize(window.width() + 2 * dw, window.height() + dh)


def _measure_baselines(
    sizes: list[int], frames: int, limit_s: float, notes: list[str], say: Any
) -> list:
    from linviz_gui.bench import baselines

    renderers = {"pyqtgraph-scatter": baselines.pyqtgraph_scatter}
    try:
        import matplotlib  # noqa: F401

        renderers["matplotlib"] = baselines.matplotlib_scatter
    except ImportError:
        notes.append("matplotlib skipped: not installed (pip install 'linviz[bench]')")
    results = []
    for name, renderer in renderers.items():
        last: tuple[int, float] | None = None
        for n in sizes:
            if last is not None and last[1] * n / last[0] > limit_s * 1000:
                predicted = last[1] * n / last[0] / 1000
                notes.append(
                    f"{name} skipped at {n:,} points: about {predicted:.1f} s a frame "
                    f"(over --baseline-limit {limit_s:g} s)"
                )
                continue
            say(f"{name} {n:,} points ...")
            times = renderer(n, CANVAS_SIZE, frames, budget_s=max(2 * limit_s, 10.0))
            results.append(times)
            last = (n, times.median_ms)
    return results


def _peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def format_report(report: dict) -> str:
    """A table of median / p95 ms per frame, with each baseline's ratio to linviz."""
    results = report["results"]
    linviz = {r["n"]: r["median_ms"] for r in results if r["renderer"] == "linviz"}
    lines = [
        f"Frame times, drag event to painted canvas ({report['canvas'][0]}×{report['canvas'][1]}"
        " px, offscreen; cpu: process CPU time per frame, all threads)",
        f"{'N':>10}  {'renderer':<26} {'median ms':>10} {'p95 ms':>9} {'cpu ms':>8}"
        f" {'vs linviz':>10}",
    ]
    for r in sorted(results, key=lambda r: (r["n"], r["renderer"] != "linviz", r["renderer"])):
        ratio = r["median_ms"] / linviz[r["n"]] if linviz.get(r["n"]) else float("nan")
        # Rows named linviz-* are other tabs of linviz: they have no baseline to compare with.
        shown = "" if r["renderer"].startswith("linviz") else f"{ratio:9.1f}×"
        cpu = r.get("cpu_median_ms")
        lines.append(
            f"{r['n']:>10,}  {r['renderer']:<26} {r['median_ms']:>10.2f} {r['p95_ms']:>9.2f}"
            f" {cpu if cpu is not None else float('nan'):>8.2f} {shown:>10}"
        )
    torch_state = "ready" if report["torch_ready_at_window"] else "still loading"
    lines += [
        "",
        f"window shown after      {report['startup_ms']:.0f} ms (torch {torch_state}; "
        f"GUI imports torch: {'yes' if report['gui_imported_torch'] else 'no'})",
        f"main window after       {report['main_window_ms']:.0f} ms",
        f"first frame after       {report['first_frame_ms']:.0f} ms"
        f" (a bare import torch: {report['torch_import_ms']:.0f} ms;"
        f" medians of {report.get('startup_runs', 1)} runs, each followed by the other)",
        f"Network deep ReLU       {report['network_stages_ms']:.0f} ms from preset to its last"
        f" stage painted at {report.get('tabs_n', report['export_n']):,} points",
        f"peak memory (RSS)       {report['peak_rss_mb']:.0f} MB after every tab"
        f" (the drag alone: {_drag_peaks(results)})",
        f"1920×1080 PNG export    {report['export_ms']:.0f} ms at {report['export_n']:,} points",
        f"lv.figure, new process  {report['api_figure_ms']:.0f} ms: import to a 1920×1080 PNG of"
        f" {report.get('api_n', report['export_n']):,} points",
        f"lv.show to main window  {report['api_show_window_ms']:.0f} ms"
        f" (first frame {report['api_show_frame_ms']:.0f} ms)",
    ]
    lines += raster_lines(report.get("raster", []))
    lines += training_lines(report["training"])
    lines += [f"note: {note}" for note in report["notes"]]
    return "\n".join(lines)


def _drag_peaks(results: list[dict]) -> str:
    peaks = [
        f"{r['peak_rss_mb']:.0f} MB at {r['n']:,}"
        for r in results
        if r["renderer"] == "linviz" and "peak_rss_mb" in r
    ]
    return ", ".join(peaks) or "not measured"


def raster_lines(raster: list[dict]) -> list[str]:
    """The rasteriser alone at each size, numpy beside compiled, from the same run."""
    lines = []
    for row in raster:
        line = f"raster alone {row['n']:>11,}  numpy {row['numpy_ms']:7.2f} ms"
        if "compiled_ms" in row:
            gain = row["numpy_ms"] / row["compiled_ms"] if row["compiled_ms"] else float("nan")
            line += f", compiled {row['compiled_ms']:7.2f} ms (speed-up {gain:.1f}×)"
        else:
            line += f" (compiled: {row['compiled']})"
        lines.append(line)
    return lines


def training_lines(training: dict) -> list[str]:
    """The training rates as lines of the report."""
    return [
        f"training, N = {training['n']:,}, d = {training['hidden']}, full batch, "
        f"{training['device']} (torch threads: {training['threads']}):",
        f"  app {training['app_steps_per_s']:.0f} steps/s, bare PyTorch "
        f"{training['bare_steps_per_s']:.0f} ({training['ratio']:.0%}), the notebook's loop "
        f"{training['notebook_steps_per_s']:.0f} ({training['notebook_ratio']:.0%}); "
        f"CPU per step {training['app_cpu_ms_per_step']:.2f} vs "
        f"{training['bare_cpu_ms_per_step']:.2f} ms",
        f"  in chunks of {training['playing_chunk_ms']:g} ms, as the tab plays: app "
        f"{training['playing_steps_per_s']:.0f} steps/s ({training['playing_ratio']:.0%})",
        f"  at N = {training['large']['n']:,}: app {training['large']['app_steps_per_s']:.1f} "
        f"steps/s, bare PyTorch {training['large']['bare_steps_per_s']:.1f}",
        "  a frame's jobs (ms): "
        + ", ".join(f"{k} {v:.1f}" for k, v in training["pictures_ms"].items()),
        *repaint_lines(training.get("repaint")),
    ]


def repaint_lines(repaint: dict | None) -> list[str]:
    """The Training tab's repaint rate while playing, beside its target."""
    if not repaint:
        return []
    verdict = "meets" if repaint["meets_target"] else "below"
    return [
        f"  while playing ({repaint['seconds']:g} s, {repaint['steps']:,} steps, "
        f"{repaint['steps_per_s']:.0f} steps/s, N = {repaint['n']:,}): "
        f"regions {repaint['regions_fps']:.1f} fps, "
        f"{repaint['stage']} {repaint['stage_fps']:.1f} fps ({verdict} the "
        f"{repaint['target_fps']:g} fps target)"
    ]
