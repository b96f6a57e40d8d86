#!/usr/bin/env python3
"""Benchmark: one step of the review worklist on a 200,000-parcel county.

A step is what Ctrl+Alt+. does in the dock (``WorklistDock.step``): find the parcel (fid hint
checked against BSM, else the BSM index), select it, zoom the canvas to it with the margin,
store the cursor in the project, repaint the row. The canvas renders afterwards, as in QGIS;
the step until the canvas has rendered (DLTB only, default style) is timed apart. Timed over
many steps; median and p95 printed, with:
  - building the worklist from an expression and from the previous-year changes (tasks),
  - steps over items without a fid hint (the BSM index path; its one-time build apart),
  - for comparison, one lookup by ``"BSM" = '…'`` without the index (what the index avoids).

    .venv/bin/python scripts/bench_worklist.py --county /tmp/ls/big200k
    (make one with scripts/make_demo_data.py --out /tmp/big200k_wl --parcels 200000
     --no-photos --no-imagery)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{label:58s} median {statistics.median(ms):7.1f} ms  p95 {percentile(ms, 0.95):7.1f} ms"
        f"  max {max(ms):7.1f} ms  (n={len(ms)})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--county", type=Path, default=Path("/tmp/big200k_wl"))
    parser.add_argument("--steps", type=int, default=250)
    args = parser.parse_args(argv)
    gpkg = args.county / "county.gpkg"
    if not gpkg.is_file():
        print(f"{gpkg} is missing (see the docstring)", file=sys.stderr)
        return 2

    from qgis.core import (
        QgsApplication,
        QgsFeatureRequest,
        QgsProject,
        QgsVectorLayer,
    )
    from qgis.gui import QgsMapCanvas

    app = QgsApplication([], True)
    app.initQgis()

    from landsurvey_plugin.gui.worklist_dock import WorklistDock
    from landsurvey_plugin.model import worklist as wl
    from landsurvey_plugin.model.profile import load_profile

    project = QgsProject.instance()
    parcels = QgsVectorLayer(f"{gpkg}|layername=DLTB", "地类图斑 DLTB", "ogr")
    previous = QgsVectorLayer(f"{gpkg}|layername=DLTB_2023", "地类图斑 2023 DLTB_2023", "ogr")
    assert parcels.isValid() and previous.isValid()
    project.addMapLayers([parcels, previous])
    print(f"{parcels.featureCount():,} parcels, {previous.featureCount():,} last year", flush=True)

    canvas = QgsMapCanvas()
    canvas.setDestinationCrs(parcels.crs())
    canvas.setLayers([parcels])
    canvas.resize(1200, 900)
    canvas.show()
    dock = WorklistDock(canvas, load_profile("2024-national"), project)
    dock.resize(500, 800)
    dock.show()

    def build(source: str, expression: str = "") -> float:
        dock.set_source(source)
        if expression:
            dock.expression_widget.setExpression(expression)
        done = []
        dock.worklist_ready.connect(lambda ok: done.append(ok))
        start = time.perf_counter()
        assert dock.create_worklist(ask=False)
        while not done:
            app.processEvents()
            time.sleep(0.002)
        seconds = time.perf_counter() - start
        dock.worklist_ready.disconnect()
        assert done == [True], dock.status_label.text()
        return seconds

    seconds = build(wl.SOURCE_CHANGES)
    print(f"{'build from previous-year changes (task)':58s} {seconds:7.2f} s, "
          f"{len(dock.worklist):,} parcels", flush=True)  # fmt: skip
    seconds = build(wl.SOURCE_EXPRESSION, '"fid" % 100 = 0')
    label = 'build from expression "fid" % 100 = 0 (task)'
    print(f"{label:58s} {seconds:7.2f} s, "
          f"{len(dock.worklist):,} parcels", flush=True)  # fmt: skip

    def walk(label: str) -> list[float]:
        times = []
        for _ in range(args.steps):
            start = time.perf_counter()
            assert dock.step(1), dock.status_label.text()
            times.append(time.perf_counter() - start)
            app.processEvents()  # the canvas renders between key presses, as in QGIS
        print(summary(label, times), flush=True)
        return times

    walk("next step, fid hint (locate, select, zoom, save cursor)")
    assert parcels.selectedFeatureIds() == [dock.worklist.current.fid]

    # what the reviewer waits for: the step and the canvas drawn at the new place
    rendered = []
    canvas.mapCanvasRefreshed.connect(lambda: rendered.append(True))
    times = []
    for _ in range(min(args.steps, 100)):
        app.processEvents()
        rendered.clear()
        start = time.perf_counter()
        dock.step(1)
        while not rendered:
            app.processEvents()
        times.append(time.perf_counter() - start)
    print(summary("next step until the canvas has rendered (DLTB, 200k)", times), flush=True)

    # items without fid hint: the BSM index is built at the first step
    for item in dock.worklist.items:
        item.fid = None
    dock.go_to(0)
    dock.locator.invalidate()
    for item in dock.worklist.items:
        item.fid = None
    start = time.perf_counter()
    dock.step(1)
    print(f"{'first step without hint (builds the BSM index once)':58s} "
          f"{(time.perf_counter() - start) * 1000:7.1f} ms", flush=True)  # fmt: skip
    walk("next step, BSM index (no fid hint)")

    # end to end: the step and the parcel dock showing (and validating) the parcel, as
    # plugin.py connects them
    try:
        from landsurvey_plugin.gui.parcel_dock import ParcelDock
    except ImportError:
        ParcelDock = None  # before the parcel dock existed
    if ParcelDock is not None:
        parcel_dock = ParcelDock(load_profile("2024-national"), project)
        parcel_dock.show()
        dock.parcel_shown.connect(parcel_dock.show_parcel)
        start = time.perf_counter()
        dock.step(1)  # the first one sets the dock's layer up
        print(f"{'first step with the parcel dock (sets its layer up)':58s} "
              f"{(time.perf_counter() - start) * 1000:7.1f} ms", flush=True)  # fmt: skip
        walk("next step + parcel dock show_parcel (form, validation)")
        assert parcel_dock.fid == dock.worklist.current.fid
        dock.parcel_shown.disconnect(parcel_dock.show_parcel)
        parcel_dock.dispose()  # it follows the selection too: gone before the comparison
        parcel_dock.deleteLater()
        app.processEvents()

    # (comparison) QGIS's own attribute form following the step instead of the parcel dock:
    # the form QGIS shows for a feature (widgets from the layer's fields), no validation,
    # no previous year, no derived fields
    from qgis.gui import QgsAttributeForm

    form = QgsAttributeForm(parcels)
    form.show()

    def qgis_form(layer, fid: int) -> None:
        feature = next(layer.getFeatures(QgsFeatureRequest(fid)), None)
        form.setFeature(feature)

    dock.parcel_shown.connect(qgis_form)
    dock.step(1)  # the first one builds the widgets
    walk("(comparison) next step + QGIS QgsAttributeForm.setFeature")
    assert form.feature().id() == dock.worklist.current.fid
    dock.parcel_shown.disconnect(qgis_form)

    key = dock.worklist.items[len(dock.worklist) // 2].key
    times = []
    for _ in range(3):
        start = time.perf_counter()
        request = QgsFeatureRequest().setFilterExpression(f"\"BSM\" = '{key}'")
        found = [f.id() for f in parcels.getFeatures(request)]
        times.append(time.perf_counter() - start)
        assert len(found) == 1
    print(summary("(comparison) lookup by \"BSM\" = '…' without the index", times), flush=True)
    dock.dispose()
    # widgets and layers go before QGIS does (one outliving exitQgis crashes the interpreter)
    for widget in (form, dock, canvas):
        widget.close()
        widget.deleteLater()
    app.processEvents()
    form = dock = canvas = parcels = previous = None
    project.removeAllMapLayers()
    app.exitQgis()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
