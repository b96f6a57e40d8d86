#!/usr/bin/env python3
"""Benchmark: single-layer ranges from parcels and erase, against QGIS's own tools.

On the 200,000-parcel demo county (``build/bench/county_200000``, made by
``scripts/bench_checks.py`` or ``make_demo_data.py --parcels 200000 --out …``):
  1. ``landsurvey:singlelayerfromparcels`` on every 10th parcel (about 20,000 ranges, BSM,
     YSDM, ZLDWDM and the ellipsoidal area filled) against ``native:extractbyexpression``
     alone, which only copies the parcels;
  2. ``landsurvey:erasesinglelayer`` of those ranges under every 20th parcel shifted by 5 m
     (cut ranges, slivers below 1 m² dropped, areas recomputed) against ``native:difference``
     plus ``native:fieldcalculator`` with ``$area`` on the ellipsoid (QGIS's way to the same
     output).
Prints a markdown section and writes it into docs/benchmarks.md ("## Single layers").

    .venv/bin/python scripts/bench_single_layers.py
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SECTION = "## Single layers"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--county", type=Path, default=ROOT / "build/bench/county_200000")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args(argv)
    gpkg = args.county / "county.gpkg"
    if not gpkg.is_file():
        print(f"{gpkg} is missing: run scripts/bench_checks.py first", file=sys.stderr)
        return 2

    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(QgsApplication.pkgDataPath() + "/python/plugins")
    import processing
    from processing.core.Processing import Processing

    from landsurvey_plugin.processing.provider import LandSurveyProvider
    from scripts.bench_checks import machine

    Processing.initialize()
    provider = LandSurveyProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    out = Path(tempfile.mkdtemp(prefix="bench_single_"))
    parcels = f"{gpkg}|layername=DLTB"
    times: dict[str, float] = {}

    def run(label: str, alg: str, params: dict, ellipsoid: bool = False) -> dict:
        context = QgsProcessingContext()
        if ellipsoid:
            context.setEllipsoid("EPSG:1024")  # CGCS2000
        start = time.perf_counter()
        result = processing.run(alg, params, context=context, feedback=QgsProcessingFeedback())
        times[label] = time.perf_counter() - start
        print(f"{label:60s} {times[label]:7.2f} s", flush=True)
        return result

    every_10th = '"fid" % 10 = 0'
    ranges = run(
        "ours: singlelayerfromparcels (TTQ, every 10th parcel)",
        "landsurvey:singlelayerfromparcels",
        {
            "PARCELS": parcels,
            "FILTER": every_10th,
            "LAYER": "TTQ",
            "DISSOLVE": False,
            "PROFILE": "2024-national",
            "OUTPUT": str(out / "ttq.gpkg"),
        },
    )["OUTPUT"]
    run(
        "QGIS: extractbyexpression (copy only)",
        "native:extractbyexpression",
        {"INPUT": parcels, "EXPRESSION": every_10th, "OUTPUT": str(out / "copy.gpkg")},
    )
    mask = run(
        "(mask: every 20th parcel moved 5 m, not timed against anything)",
        "native:translategeometry",
        {
            "INPUT": f'{gpkg}|layername=DLTB|subset="fid" % 20 = 0',
            "DELTA_X": 5.0,
            "DELTA_Y": 5.0,
            "OUTPUT": str(out / "mask.gpkg"),
        },
    )["OUTPUT"]
    ours = run(
        "ours: erasesinglelayer (cut, no slivers < 1 m², areas)",
        "landsurvey:erasesinglelayer",
        {"INPUT": ranges, "MASK": mask, "MIN_AREA": 1.0, "OUTPUT": str(out / "erased.gpkg")},
    )
    diff = run(
        "QGIS: native:difference",
        "native:difference",
        {"INPUT": ranges, "OVERLAY": mask, "OUTPUT": str(out / "diff.gpkg")},
    )["OUTPUT"]
    run(
        "QGIS: native:fieldcalculator TTQMJ = $area (ellipsoid)",
        "native:fieldcalculator",
        {
            "INPUT": diff,
            "FIELD_NAME": "TTQMJ",
            "FIELD_TYPE": 0,
            "FIELD_LENGTH": 15,
            "FIELD_PRECISION": 2,
            "FORMULA": "round($area, 2)",
            "OUTPUT": str(out / "diff_area.gpkg"),
        },
        ellipsoid=True,
    )
    ours_total = times["ours: erasesinglelayer (cut, no slivers < 1 m², areas)"]
    qgis_total = (
        times["QGIS: native:difference"]
        + times["QGIS: native:fieldcalculator TTQMJ = $area (ellipsoid)"]
    )
    rows = "\n".join(f"| {label} | {seconds:.2f} s |" for label, seconds in times.items())
    section = f"""{SECTION} — `scripts/bench_single_layers.py`

Machine: {machine()}. Date: {datetime.date.today().isoformat()}.

Data: the 200,000-parcel demo county (`{args.county.name}`); ranges = every 10th parcel
({ours.get("KEPT", 0) + ours.get("REMOVED", 0)} TTQ ranges); mask = every 20th parcel moved 5 m.

| step | time |
|---|---:|
{rows}

Erase with areas: ours {ours_total:.2f} s against {qgis_total:.2f} s for QGIS's difference plus
field calculator ({qgis_total / ours_total:.1f}×); ours also drops slivers below 1 m² and keeps
the attributes of every range ({ours.get("CHANGED", 0)} cut, {ours.get("REMOVED", 0)} erased).
"""
    print(section)
    if not args.no_write:
        doc = ROOT / "docs" / "benchmarks.md"
        text = doc.read_text(encoding="utf-8")
        pattern = re.compile(rf"^{re.escape(SECTION)}.*?(?=^## |\Z)", re.S | re.M)
        text = pattern.sub(section + "\n", text) if pattern.search(text) else text + "\n" + section
        doc.write_text(text, encoding="utf-8")
    QgsApplication.processingRegistry().removeProvider(provider)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
