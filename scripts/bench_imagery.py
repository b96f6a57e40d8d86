#!/usr/bin/env python3
"""Benchmark: the imagery pass against QGIS's ``native:zonalstatisticsfb``, same run.

On a demo county with a DOM of several hundred MB, e.g.

    .venv/bin/python scripts/make_demo_data.py --out /tmp/bigimg --parcels 60000 \
        --imagery --no-photos
    .venv/bin/python scripts/bench_imagery.py --county /tmp/bigimg

  1. ``raster_zonal.compute_imagery`` over the parcels and the four single layers: one
     blocked pass at the pyramid level fitting 2 m; per feature, 3 band means and spreads,
     greenness, brightness, texture, valid pixels, coverage with the uncovered part, pixel
     size and source;
  2. ``native:zonalstatisticsfb`` on the parcels, band 1 only, count + mean + stddev (the
     closest QGIS tool; it reads the full resolution and one band per run).
Throughput is given two ways: the DOM's full-resolution size per second (what a user
holds: the pass reads its pyramid, which is the point) and the bytes actually decoded
per second. Prints a markdown section to paste into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROLES = ("DLTB", "TTQ", "GFBQ", "CCWJQ", "GCHZZ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--county", type=Path, default=Path("/tmp/bigimg"))
    parser.add_argument("--no-qgis", action="store_true", help="skip zonalstatisticsfb")
    args = parser.parse_args(argv)
    gpkg, dom = args.county / "county.gpkg", args.county / "dom.tif"
    if not gpkg.is_file() or not dom.is_file():
        print(f"{args.county} has no county.gpkg + dom.tif: see the docstring", file=sys.stderr)
        return 2

    from osgeo import gdal
    from qgis.core import (
        QgsApplication,
        QgsFeatureRequest,
        QgsProcessingContext,
        QgsProject,
        QgsVectorLayer,
    )

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(QgsApplication.pkgDataPath() + "/python/plugins")
    from processing.core.Processing import Processing

    from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
    from landsurvey_plugin.adapters.raster_zonal import (
        PassReport,
        choose_level,
        compute_imagery,
    )
    from scripts.bench_checks import machine

    Processing.initialize()
    import processing

    ds = gdal.Open(str(dom))
    width, height, bands = ds.RasterXSize, ds.RasterYSize, ds.RasterCount
    full_mb = width * height * bands / 1e6  # Byte bands
    file_mb = dom.stat().st_size / 1e6
    ds = None

    inputs = {}
    for role in ROLES:
        layer = QgsVectorLayer(f"{gpkg}|layername={role}", role, "ogr")
        if layer.isValid():
            inputs[role] = snapshot(layer, role)
    t0 = time.perf_counter()
    dataset, _ = build_dataset(inputs, QgsProject.instance().transformContext())
    read_s = time.perf_counter() - t0
    counts = {role: len(layer) for role, layer in dataset.layers.items()}

    report = PassReport()
    t0 = time.perf_counter()
    stats = compute_imagery(dataset, [dom], report=report)
    ours = time.perf_counter() - t0
    zone = stats.zones["DLTB"]
    covered = int((zone.covered == 1.0).sum())

    qgis_s = None
    if not args.no_qgis:
        context = QgsProcessingContext()
        context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        t0 = time.perf_counter()
        processing.run(
            "native:zonalstatisticsfb",
            {
                "INPUT": f"{gpkg}|layername=DLTB",
                "INPUT_RASTER": str(dom),
                "RASTER_BAND": 1,
                "COLUMN_PREFIX": "z_",
                "STATISTICS": [0, 2, 4],  # count, mean, stddev
                "OUTPUT": "memory:",
            },
            context=context,
        )
        qgis_s = time.perf_counter() - t0

    # the same tool on the pyramid level the pass reads (a VRT of that overview): the
    # like-for-like cost per pixel, since zonalstatisticsfb always reads full resolution
    level_s, level_name = None, "full resolution"
    if not args.no_qgis:
        ds = gdal.Open(str(dom))
        level, factor = choose_level(ds.GetRasterBand(1), abs(ds.GetGeoTransform()[1]), 2.0)
        if level >= 0:
            ov = ds.GetRasterBand(1).GetOverview(level)
            level_name = f"overview {level} ({ov.XSize} x {ov.YSize}, factor {factor})"
            vrt = args.county / "bench_level.vrt"
            gdal.Translate(str(vrt), ds, format="VRT", options=["-ovr", str(level)])
            ds = None
            t0 = time.perf_counter()
            processing.run(
                "native:zonalstatisticsfb",
                {
                    "INPUT": f"{gpkg}|layername=DLTB",
                    "INPUT_RASTER": str(vrt),
                    "RASTER_BAND": 1,
                    "COLUMN_PREFIX": "z_",
                    "STATISTICS": [0, 2, 4],
                    "OUTPUT": "memory:",
                },
                context=context,
            )
            level_s = time.perf_counter() - t0
            vrt.unlink()
        ds = None

    result = {
        "parcels": counts.get("DLTB", 0),
        "features": sum(counts.values()),
        "dom": f"{width} x {height} x {bands} Byte, {full_mb:.0f} MB raw, {file_mb:.0f} MB file",
        "read_layers_s": round(read_s, 2),
        "imagery_pass_s": round(ours, 2),
        "pixels_read_M": round(report.pixels_read / 1e6, 1),
        "throughput_full_res_MB_s": round(full_mb / ours, 1),
        "throughput_decoded_MB_s": round(report.bytes_read / 1e6 / ours, 1),
        "parcels_fully_covered": covered,
        "zonalstatisticsfb_band1_s": None if qgis_s is None else round(qgis_s, 2),
        "speedup": None if qgis_s is None else round(qgis_s / ours, 1),
        "pass_level": level_name,
        "zonalstatisticsfb_band1_same_level_s": None if level_s is None else round(level_s, 2),
        "speedup_same_level": None if level_s is None else round(level_s / ours, 1),
        "machine": machine(),
    }
    print(json.dumps(result, ensure_ascii=False, indent=1))
    print()
    print("## Imagery pass\n")
    print(f"{result['parcels']:,} parcels + ranges ({result['features']:,} features) over a DOM")
    print(f"of {result['dom']} ({result['machine']}).\n")
    print("| step | seconds |")
    print("|---|---|")
    print(
        f"| imagery pass (3 bands, 2 m level: means, spread, greenness, brightness, texture, "
        f"coverage) | {ours:.1f} |"
    )
    if qgis_s is not None:
        print(f"| native:zonalstatisticsfb, band 1, count/mean/stddev | {qgis_s:.1f} |")
    if level_s is not None:
        print(f"| native:zonalstatisticsfb, band 1, on a VRT of the {level_name} | {level_s:.1f} |")
    if qgis_s is not None:
        print(
            f"\nSpeed-up: {qgis_s / ours:.1f}× (full resolution), "
            f"{'–' if level_s is None else f'{level_s / ours:.1f}'}× (same level)."
        )
    print(
        f"Throughput: {full_mb / ours:.0f} MB/s of the full-resolution DOM, "
        f"{report.bytes_read / 1e6 / ours:.0f} MB/s of pixels decoded at the chosen level."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
