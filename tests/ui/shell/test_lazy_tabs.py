"""Only the Explorer is built at start-up; every other tab is built when first opened, and looks
as if it had been there all along (the Display choices made before reach it)."""

from __future__ import annotations

from linviz_gui.ui.registry import VIEWS
from linviz_gui.ui.widgets.point_cloud_item import point_clouds


def _titles(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_start_up_builds_the_explorer_alone_and_names_every_tab(window) -> None:  # type: ignore[no-untyped-def]
    assert _titles(window) == [spec.title for spec in VIEWS]
    built = [window.tabs.is_built(i) for i in range(window.tabs.count())]
    assert built == [True] + [False] * (len(VIEWS) - 1)


def test_a_tab_opened_later_gets_the_display_choices_made_before(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    options = window.display_options
    options.point_size_box.setCurrentText("very large")
    options.colormap_box.setCurrentText("cividis (colour-blind safe)")
    index = _titles(window).index("SVD")

    window.tabs.tabBar().setCurrentIndex(index)  # as a click on the tab does

    svd = window.tabs.currentWidget()
    assert window.tabs.is_built(index) and getattr(svd, "title", "") == "SVD"
    assert window.tabs.widget(index) is svd  # built once: asking again gives the same view
    clouds = point_clouds(svd)
    assert clouds and {cloud.size_scale for cloud in clouds} == {2.4}
    assert svd._colormap == options.colormap  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: svd.canvas.points.count > 0, timeout=20_000)  # type: ignore[attr-defined]


def test_asking_for_every_view_builds_each_once_in_tab_order(window) -> None:  # type: ignore[no-untyped-def]
    views = window.views
    assert [getattr(v, "title", "") for v in views] == [spec.title for spec in VIEWS]
    assert views[0] is window.explorer
    assert window.views == views
    assert (
        window.view("Network") is views[VIEWS.index(next(s for s in VIEWS if s.name == "network"))]
    )
    assert window.view("No such tab") is None
