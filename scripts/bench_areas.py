#!/usr/bin/env python3
"""Benchmark: ellipsoidal parcel areas, ours against QGIS's own tools, on the same parcels.

Measures (same GeoPackage, same run):
  1. pure path: GDAL Arrow read + shapely.from_wkb + ``model.area.ellipsoidal_areas``;
  2. ``landsurvey:computeareas`` through processing.run (memory output);
  3. QGIS's ``native:fieldcalculator`` with ``$area`` on the CGCS2000 ellipsoid (GeographicLib);
  4. QgsDistanceArea.measureArea feature by feature (what a hand-written plugin would do);
and the largest difference between our TBMJ and QGIS's ellipsoidal area.

    .venv/bin/python scripts/bench_areas.py --parcels 200000
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def timed(label: str, func, results: dict):
    start = time.perf_counter()
    value = func()
    results[label] = time.perf_counter() - start
    print(f"{label:48s} {results[label]:8.2f} s", flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parcels", type=int, default=200_000)
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    gpkg = args.out / f"county_{args.parcels}" / "county.gpkg"
    if not gpkg.is_file():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "make_demo_data.py"),
                "--out",
                str(gpkg.parent),
                "--parcels",
                str(args.parcels),
                "--no-photos",
                "--no-imagery",
            ],
            check=True,
        )

    import numpy as np
    import shapely
    from osgeo import ogr
    from qgis.core import (
        QgsApplication,
        QgsDistanceArea,
        QgsProject,
        QgsVectorLayer,
    )

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(QgsApplication.pkgDataPath() + "/python/plugins")  # Processing lives there
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    from landsurvey_plugin.model.area import ellipsoidal_areas
    from landsurvey_plugin.model.gauss_kruger import zone_from_epsg
    from landsurvey_plugin.processing.provider import LandSurveyProvider

    provider = LandSurveyProvider()  # keep a reference: the registry does not own it from Python
    QgsApplication.processingRegistry().addProvider(provider)
    results: dict[str, float] = {}
    ogr.UseExceptions()

    def pure_path():
        ds = ogr.Open(str(gpkg))
        layer = ds.GetLayerByName("DLTB")
        epsg = int(layer.GetSpatialRef().GetAuthorityCode(None))
        stream = layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=NO"])
        chunks = [batch["geom"] for batch in stream]
        geoms = shapely.from_wkb(np.concatenate(chunks))
        return ellipsoidal_areas(geoms, zone_from_epsg(epsg))

    ours = timed("pure: Arrow read + from_wkb + ellipsoidal_areas", pure_path, results)
    n = len(ours)

    source = f"{gpkg}|layername=DLTB"
    ours_alg = timed(
        "landsurvey:computeareas (processing.run)",
        lambda: processing.run("landsurvey:computeareas", {"INPUT": source, "OUTPUT": "memory:"}),
        results,
    )["OUTPUT"]

    from qgis.core import QgsProcessingContext

    context = QgsProcessingContext()  # $area is planar unless the context names an ellipsoid
    context.setProject(QgsProject.instance())
    context.setEllipsoid("EPSG:1024")  # CGCS2000
    qgis_calc = timed(
        "QGIS native:fieldcalculator $area (ellipsoid)",
        lambda: processing.run(
            "native:fieldcalculator",
            {
                "INPUT": source,
                "FIELD_NAME": "QAREA",
                "FIELD_TYPE": 0,
                "FIELD_LENGTH": 18,
                "FIELD_PRECISION": 4,
                "FORMULA": "$area",
                "OUTPUT": "memory:",
            },
            context=context,
        ),
        results,
    )["OUTPUT"]

    layer = QgsVectorLayer(source, "dltb", "ogr")
    da = QgsDistanceArea()
    da.setSourceCrs(layer.crs(), QgsProject.instance().transformContext())
    da.setEllipsoid("EPSG:1024")
    per_feature = timed(
        "QgsDistanceArea.measureArea per feature",
        lambda: [da.measureArea(f.geometry()) for f in layer.getFeatures()],
        results,
    )

    ours_tbmj = np.array([f["TBMJ"] for f in ours_alg.getFeatures()], dtype=float)
    qgis_area = np.array([f["QAREA"] for f in qgis_calc.getFeatures()], dtype=float)
    ok = ~np.isnan(ours_tbmj) & ~np.isnan(qgis_area)
    diff = np.abs(ours_tbmj[ok] - qgis_area[ok])
    diff_raw = np.abs(np.asarray(ours)[ok] - np.asarray(per_feature)[ok])
    print(f"parcels: {n}")
    print(f"max |TBMJ - QGIS $area|: {diff.max():.4f} m² (TBMJ rounded to 0.01)")
    print(f"max |unrounded - QgsDistanceArea|: {diff_raw.max():.6f} m²")
    base = results["QGIS native:fieldcalculator $area (ellipsoid)"]
    for label, seconds in results.items():
        print(f"| {label} | {seconds:.2f} s | {base / seconds:.1f}× |")
    print(
        f"machine: {platform.node()} {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
