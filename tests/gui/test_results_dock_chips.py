"""The results dock shows the image chip of the selected imagery finding (the demo county
with its current and previous images loaded, a real CheckTask), and the HTML export
embeds the chips."""

from __future__ import annotations

import json
import shutil

import pytest
from qgis.core import QgsProject, QgsRasterLayer

from landsurvey_plugin.adapters.image_chips import CAPTION_PX, CHIP_SIZE, GAP_PX
from landsurvey_plugin.gui.results_dock import ResultsDock
from landsurvey_plugin.model.profile import load_profile
from tests.gui.test_results_dock import RUN_TIMEOUT_MS, click, proxy_index_of, run


@pytest.fixture
def county(demo_county, tmp_path, qgis_iface):
    folder = tmp_path / "county"
    shutil.copytree(demo_county, folder)
    project = QgsProject.instance()
    assert project.read(str(folder / "county.qgs"))
    side = json.loads((folder / "defects.json").read_text(encoding="utf-8"))
    for name in side["imagery"]["previous"]:  # named as the previous date (前时相)
        layer = QgsRasterLayer(str(folder / name), f"{name} 前时相")
        assert layer.isValid()
        project.addMapLayer(layer)
    for name in side["imagery"]["current"][1:]:
        layer = QgsRasterLayer(str(folder / name), name)
        assert layer.isValid()
        project.addMapLayer(layer)
    yield folder
    project.clear()


@pytest.fixture
def dock(county, qgis_iface, qgis_canvas, qtbot):
    widget = ResultsDock(
        qgis_canvas, load_profile("2024-national"), QgsProject.instance(), qgis_iface.messageBar()
    )
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    yield widget
    if widget.running:
        with qtbot.waitSignal(widget.checks_finished, timeout=RUN_TIMEOUT_MS):
            widget.cancel_checks()
    widget.dispose()


def test_selecting_an_imagery_row_shows_its_chip(dock, qtbot, county, tmp_path):
    assert dock.findChild(type(dock.chip), "LandSurveyResultsChip") is dock.chip
    assert not dock.chip.isVisible()
    run(dock, qtbot)
    assert set(dock.imagery) == {"current", "previous"}
    index = proxy_index_of(dock, lambda f: f.rule == "imagery_cultivated_looks_built")
    click(dock, qtbot, index)
    assert dock.chip.isVisible()
    pixmap = dock.chip.pixmap()
    assert (pixmap.width(), pixmap.height()) == (2 * CHIP_SIZE + GAP_PX, CHIP_SIZE + CAPTION_PX)
    image = pixmap.toImage()
    colours = {image.pixel(x, y) for x in range(0, pixmap.width(), 7) for y in range(0, 200, 7)}
    assert len(colours) > 50, "imagery, not a blank picture"

    other = proxy_index_of(dock, lambda f: f.category != "imagery")
    click(dock, qtbot, other)
    assert not dock.chip.isVisible()

    html = dock.export_html(path=str(tmp_path / "report.html"))
    text = html.read_text(encoding="utf-8")
    imagery_rows = [f for f in dock.open_findings() if f.category == "imagery" and f.geometry]
    assert text.count('<img class="chip"') == len({f.identity for f in imagery_rows}) > 0
    chips = sorted((tmp_path / "report_chips").glob("*.png"))
    assert len(chips) == text.count('<img class="chip"')
