#!/usr/bin/env python3
"""Benchmark: the parcel dock following the selection on a 200,000-parcel county.

For parcels picked at random (seeded), times what an operator waits for when stepping to
the next parcel: the selection changes, the dock reads the parcel, fills the form, finds
its previous-year parcel and runs the one-parcel rules (live validation). Also times the
validation alone and one keystroke (a class change: derive + validate), one keystroke
completing a BSM another parcel holds (uniqueness against the county through the value
index), and a batch edit of 500 parcels (one undo step). Target: under 100 ms per step.
Prints a markdown section (for docs/benchmarks.md, "## Parcel dock").

    .venv/bin/python scripts/bench_parcel_dock.py --county /tmp/ls/big200k

The county's GeoPackage is copied first (QGIS may write GeoPackage journal files next to
a database it opens, and a shared county must stay untouched).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _stats(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000, ordered[-1] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--county", type=Path, default=Path("/tmp/ls/big200k"))
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    source = args.county / "county.gpkg"
    if not source.is_file():
        print(f"{source} is missing: make_demo_data.py --out DIR --parcels 200000", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench_parcel_dock_"))
    gpkg = work / "county.gpkg"
    shutil.copy(source, gpkg)

    from qgis.core import QgsApplication, QgsFeatureRequest, QgsProject, QgsVectorLayer
    from qgis.PyQt.QtWidgets import QMessageBox

    app = QgsApplication([], True)
    app.initQgis()
    from landsurvey_plugin.gui.parcel_dock import ParcelDock
    from landsurvey_plugin.model.profile import load_profile

    project = QgsProject.instance()
    dltb = QgsVectorLayer(f"{gpkg}|layername=DLTB", "DLTB", "ogr")
    previous = QgsVectorLayer(f"{gpkg}|layername=DLTB_2023", "DLTB_2023", "ogr")
    project.addMapLayers([dltb, previous])
    count = dltb.featureCount()
    profile = load_profile("2024-national")

    t0 = time.perf_counter()
    dock = ParcelDock(profile, project, ask=lambda *a: QMessageBox.Discard)
    dock.resize(420, 900)
    dock.show()
    dock.find_layers()
    setup = time.perf_counter() - t0

    ids = sorted(f.id() for f in dltb.getFeatures())
    rng = random.Random(args.seed)
    picks = rng.sample(ids, args.steps + 1)
    t0 = time.perf_counter()
    dltb.selectByIds([picks[0]])  # the first step also builds the previous-year BSM index
    app.processEvents()
    first = time.perf_counter() - t0

    show, validate, keystroke, unique = [], [], [], []
    bsm_of = {f.id(): f["BSM"] for f in dltb.getFeatures(picks)}  # another parcel's BSM
    for n, fid in enumerate(picks[1:]):
        t0 = time.perf_counter()
        dltb.selectByIds([fid])
        app.processEvents()
        show.append(time.perf_counter() - t0)
        assert dock.fid == fid
        t0 = time.perf_counter()
        dock.validate()
        validate.append(time.perf_counter() - t0)
        combo = dock.form.editors["DLBM"]
        code = "0301" if str(dock.form.value("DLBM") or "").startswith("01") else "0103"
        t0 = time.perf_counter()
        combo.setCurrentIndex(combo.findData(code))  # emits edited -> derive + validate
        keystroke.append(time.perf_counter() - t0)
        dock.revert()
        taken = str(bsm_of[picks[n]])  # the last key of a BSM another parcel holds
        line = dock.form.editors["BSM"]
        line.setText(taken)
        t0 = time.perf_counter()
        line.textEdited.emit(taken)  # -> validate, uniqueness against the whole county
        unique.append(time.perf_counter() - t0)
        assert "bsm_unique" in {f.finding.rule for f in dock.findings}
        dock.revert()

    dltb.startEditing()
    batch_ids = rng.sample(ids, 500)
    t0 = time.perf_counter()
    report = dock.batch_edit(batch_ids, {"BZ": "bench"})
    batch = time.perf_counter() - t0
    undo_steps = dltb.undoStack().count()
    dltb.rollBack()

    # (comparison) QGIS's own: its attribute form following the selection (no previous
    # year, no validation, no derived fields) and a multi-edit of the same 500 parcels
    # (one edit command, as the attribute table's multi-edit), with our dock gone
    values_build = dock.checker.values.build_seconds
    dock.dispose()
    dock.close()
    dock.deleteLater()
    app.processEvents()
    from qgis.gui import QgsAttributeForm

    form = QgsAttributeForm(dltb)
    form.resize(420, 900)
    form.show()

    def follow() -> None:
        selected = dltb.selectedFeatureIds()
        if selected:
            form.setFeature(next(dltb.getFeatures(QgsFeatureRequest(selected[0]))))

    dltb.selectionChanged.connect(follow)
    dltb.selectByIds([picks[0]])
    app.processEvents()
    qgis_show = []
    for fid in picks[1:]:
        t0 = time.perf_counter()
        dltb.selectByIds([fid])
        app.processEvents()
        qgis_show.append(time.perf_counter() - t0)
        assert form.feature().id() == fid
    dltb.selectionChanged.disconnect(follow)
    dltb.startEditing()
    bz = dltb.fields().indexOf("BZ")
    t0 = time.perf_counter()
    dltb.beginEditCommand("bench")
    for fid in batch_ids:
        dltb.changeAttributeValue(fid, bz, "bench")
    dltb.endEditCommand()
    qgis_batch = time.perf_counter() - t0
    dltb.rollBack()

    rows = [
        ("show the next parcel (select → form → previous year → validation)", show),
        ("(QGIS) show the next parcel in QgsAttributeForm (select → form)", qgis_show),
        ("validate the parcel alone (one-parcel rules)", validate),
        ("one keystroke: class change, derived fields and validation", keystroke),
        ("one keystroke: a BSM another parcel holds (uniqueness, bsm_unique shown)", unique),
    ]
    print("## Parcel dock\n")
    print(
        f"{count:,} parcels (`{source}`), {args.steps} random parcels (seed {args.seed}), "
        f"offscreen Qt; dock set-up {setup * 1000:.0f} ms, first parcel {first * 1000:.0f} ms "
        "(reads the previous year's BSM index once, and the BSM / ZLDWDM+TBBH value index "
        f"for uniqueness: {values_build * 1000:.0f} ms).\n"
    )
    print("| step | median ms | p95 ms | max ms |")
    print("|---|---|---|---|")
    for name, samples in rows:
        median, p95, worst = _stats(samples)
        print(f"| {name} | {median:.1f} | {p95:.1f} | {worst:.1f} |")
    print(
        f"\nBatch edit of 500 random parcels (BZ): {batch * 1000:.0f} ms, "
        f"{report.changed} changed, {len(report.refused)} refused, {undo_steps} undo step(s)."
    )
    print(
        f"QGIS's own multi-edit of the same 500 parcels (changeAttributeValue in one edit "
        f"command, no checks): {qgis_batch * 1000:.0f} ms."
    )
    # widgets and layers go before QGIS does (one outliving exitQgis crashes the interpreter)
    form.close()
    form.deleteLater()
    app.processEvents()
    form = dock = dltb = previous = None
    project.removeAllMapLayers()
    app.exitQgis()
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
