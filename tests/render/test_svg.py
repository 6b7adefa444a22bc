"""The SVG writer: valid XML, every point present, big clouds thinned with a note."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from linviz_gui.render import svg
from linviz_gui.render.svg import Arrow, Lines, Panel, nice_ticks, svg_document
from linviz_gui.render.view_fit import Box

NS = {"s": "http://www.w3.org/2000/svg"}


def _panel(n: int) -> Panel:
    rng = np.random.default_rng(0)
    points = rng.normal(size=(n, 2)).astype(np.float32) * 0.5
    colors = np.where(points[:, 0] > 0, 0xFFFF0000, 0xFF0000FF).astype(np.uint32)
    segments = np.array([[[-1.0, 0.0], [1.0, 0.0]], [[0.0, -1.0], [0.0, 1.0]]])
    return Panel(
        view=Box(-3, 3, -3, 3),
        title="input <X> & more",
        points=points,
        colors=colors,
        arrows=[Arrow((1.0, 0.0), "#ff0000", "e₁"), Arrow((0.0, 1.0), "#00c000", "e₂")],
        lines=[Lines(segments, "#808080", 0.5)],
    )


def test_small_clouds_are_circles_grouped_by_colour() -> None:
    figure = svg_document([_panel(500)], 800, 600)
    root = ET.fromstring(figure.text)
    assert root.get("width") == "800" and root.get("height") == "600"
    circles = root.findall(".//s:circle", NS)
    assert len(circles) == 500
    fills = {g.get("fill") for g in root.findall(".//s:g[@fill]", NS)}
    assert fills == {"#ff0000", "#0000ff"}
    texts = [t.text for t in root.findall(".//s:text", NS)]
    assert "input <X> & more" in texts and "e₁" in texts and "e₂" in texts
    assert figure.note == ""


def test_circles_sit_where_the_points_are() -> None:
    panel = Panel(view=Box(-1, 1, -1, 1), points=np.array([[0.0, 0.0], [1.0, 1.0]]))
    root = ET.fromstring(svg_document([panel], 400, 400).text)
    centres = [(float(c.get("cx")), float(c.get("cy"))) for c in root.iter(f"{{{NS['s']}}}circle")]
    (x0, y0), (x1, y1) = centres
    assert x1 > x0 and y1 < y0  # up in data is up on the page
    frame = root.find(".//s:rect[@stroke='#999999']", NS)
    assert frame is not None
    right = float(frame.get("x")) + float(frame.get("width"))
    assert x1 <= right + 1e-6


def test_everything_is_clipped_to_the_plot_without_clip_paths() -> None:
    panel = Panel(
        view=Box(-1, 1, -1, 1),
        points=np.array([[0.0, 0.0], [5.0, 5.0]]),
        arrows=[Arrow((10.0, 0.0), "#ff0000", "far")],
        lines=[Lines(np.array([[[-10.0, 0.5], [10.0, 0.5]]]))],
        equal_aspect=False,
    )
    root = ET.fromstring(svg_document([panel], 400, 400).text)
    assert root.find(".//s:clipPath", NS) is None
    frame = root.find(".//s:rect[@stroke='#999999']", NS)
    left, width = float(frame.get("x")), float(frame.get("width"))  # type: ignore[union-attr]
    assert len(root.findall(".//s:circle", NS)) == 1
    line = root.find(".//s:line[@stroke='#ff0000']", NS)
    assert line is not None and float(line.get("x2")) == pytest.approx(left + width)
    assert root.find(".//s:polygon", NS) is None  # the head is off the page
    assert "far" not in [t.text for t in root.iter(f"{{{NS['s']}}}text")]
    grid = root.find(".//s:path[@stroke='#808080']", NS)
    xs = [float(v) for v in grid.get("d", "")[1:].replace("L", " ").split()[::2]]  # type: ignore[union-attr]
    assert xs == pytest.approx([left, left + width])


def test_large_clouds_become_one_path_per_colour(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(svg, "CIRCLE_LIMIT", 100)
    root = ET.fromstring(svg_document([_panel(1000)], 800, 600).text)
    paths = [p for p in root.iter(f"{{{NS['s']}}}path") if p.get("stroke-linecap") == "round"]
    assert len(paths) == 2
    assert sum(p.get("d", "").count("h0.01") for p in paths) == 1000


def test_huge_clouds_are_thinned_and_say_so(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(svg, "MAX_POINTS", 300)
    figure = svg_document([_panel(1000)], 800, 600)
    root = ET.fromstring(figure.text)
    assert "shows 300 of its 1,000 visible points" in figure.note
    assert root.find("s:desc", NS).text == figure.note  # type: ignore[union-attr]
    assert len(root.findall(".//s:circle", NS)) == 300


def test_transparent_page_has_no_background_and_panels_sit_side_by_side() -> None:
    root = ET.fromstring(svg_document([_panel(10), _panel(10)], 1000, 400, None).text)
    assert root.find("s:rect", NS) is None
    groups = root.findall("s:g", NS)
    assert [g.get("id") for g in groups] == ["panel0", "panel1"]


def test_nice_ticks() -> None:
    assert nice_ticks(-3.2, 3.2, 6) == [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0]
    assert nice_ticks(0, 100, 5) == [0, 20, 40, 60, 80, 100]
    assert nice_ticks(1, 1) == []
    assert nice_ticks(-3.2, 3.2, step=2.0) == [-2.0, 0.0, 2.0]


def test_an_equal_aspect_figure_has_a_square_grid() -> None:
    """A wide page of an equal-aspect view once stepped 5 in x and 2 in y."""
    panel = Panel(view=Box(-4, 4, -4, 4), title="", equal_aspect=True)
    root = ET.fromstring(svg_document([panel], 1600, 500).text)
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = [t for t in root.findall(".//s:text", ns)]
    x_ticks = sorted(float(t.text or "") for t in labels if t.get("text-anchor") == "middle")
    y_ticks = sorted(float(t.text or "") for t in labels if t.get("text-anchor") == "end")
    assert len(x_ticks) > 3 and len(y_ticks) > 3
    assert set(np.diff(x_ticks).round(9)) == set(np.diff(y_ticks).round(9))


def test_faint_lines_are_pre_blended_on_a_solid_page() -> None:
    assert svg.stroke("#000000", 0.25, "#ffffff") == 'stroke="#bfbfbf"'
    assert svg.stroke("#000000", 0.25, None) == 'stroke="#000000" stroke-opacity="0.25"'
    assert svg.stroke("#ff0000", 1.0, "#ffffff") == 'stroke="#ff0000"'
