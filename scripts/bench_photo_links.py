"""Benchmark: import and link 10,000 evidence photos against a 200,000-parcel county.

Times, in one run on the same data:
  * reading the photo headers of the county's photo folder (the importer's EXIF reader);
  * reading the parcels (GDAL Arrow, as the checks do) and building the STRtree;
  * linking the photos with model/photo_links.py (inside / view ray+wedge / nearest / name);
  * QGIS's own way for comparison: native:joinattributesbylocation (photo in parcel) plus
    native:joinbynearest (nearest parcel within the tolerance) for the photos left over —
    which knows nothing of azimuths, so it is the lower bound of what QGIS offers.

The county's folder holds fewer photos than 10,000 on a 200k county (a sample per change):
the rest are synthesised as camera points 5–30 m outside random parcels looking at them,
so that linking works on 10,000 points.

    .venv/bin/python scripts/bench_photo_links.py --county /tmp/ls/big200k --photos 10000
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import sys
import time
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", type=Path, default=Path("/tmp/ls/big200k"))
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--no-native", action="store_true", help="skip the QGIS comparison")
    args = parser.parse_args(argv)

    from qgis.core import (
        QgsApplication,
        QgsCoordinateTransformContext,
        QgsFeature,
        QgsField,
        QgsGeometry,
        QgsPointXY,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QVariant

    app = QgsApplication([], False)
    app.initQgis()
    from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
    from landsurvey_plugin.adapters.photo_links_store import folder_photo_layer
    from landsurvey_plugin.model.photo_links import LinkSettings, link_photos
    from landsurvey_plugin.rules.kinds.evidence import view_of

    gpkg = args.county / "county.gpkg"
    result: dict = {"county": str(args.county)}

    # 1. import: the headers of every photo of the folder
    t0 = time.perf_counter()
    photos_layer = folder_photo_layer(args.county / "photos")
    t_import = time.perf_counter() - t0
    n_files = photos_layer.featureCount()
    result["import"] = {
        "files": n_files,
        "seconds": round(t_import, 2),
        "files_per_s": round(n_files / t_import, 0) if t_import else None,
    }

    # 2. parcels and photos in the parcels' GK frame
    parcels_layer = QgsVectorLayer(f"{gpkg}|layername=DLTB", "DLTB", "ogr")
    t0 = time.perf_counter()
    dataset, _ = build_dataset(
        {"DLTB": snapshot(parcels_layer, "DLTB")}, QgsCoordinateTransformContext()
    )
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    dataset, _ = build_dataset(
        {"DLTB": snapshot(parcels_layer, "DLTB"), "PHOTOS": snapshot(photos_layer, "PHOTOS")},
        QgsCoordinateTransformContext(),
    )
    t_photos = time.perf_counter() - t0 - t_read  # the same parcels read again, minus
    parcels = dataset.layers["DLTB"]
    view = view_of(dataset.layers["PHOTOS"], dataset.zone.central_meridian)
    shapes = parcels.shapes
    result["parcels"] = len(parcels)
    result["read_parcels_seconds"] = round(t_read, 2)
    result["read_photos_seconds"] = round(max(t_photos, 0.0), 2)

    # 3. synthesise the photos the folder lacks (looking at a random parcel from outside)
    rng = np.random.default_rng(args.seed)
    extra = max(args.photos - len(view.points), 0)
    rows = rng.choice(np.flatnonzero([s is not None for s in shapes]), extra, replace=False)
    targets = shapely.point_on_surface(shapes[rows])
    angle = rng.uniform(0, 2 * math.pi, extra)
    reach = np.sqrt(shapely.area(shapes[rows]) / math.pi) + rng.uniform(5, 30, extra)
    cx = shapely.get_x(targets) + reach * np.cos(angle)
    cy = shapely.get_y(targets) + reach * np.sin(angle)
    synth = shapely.points(cx, cy)
    az = (
        np.degrees(np.arctan2(shapely.get_x(targets) - cx, shapely.get_y(targets) - cy)) % 360
    )  # at it
    points = np.concatenate([view.points, synth])
    azimuth = np.concatenate([view.azimuth, az])
    names = np.concatenate([view.names, np.array([f"synth_{i}.jpg" for i in range(extra)])])
    result["photos"] = {"from_folder": len(view.points), "synthesised": extra}

    # 4. link
    settings = LinkSettings()
    t0 = time.perf_counter()
    tree = shapely.STRtree(shapes)
    t_tree = time.perf_counter() - t0
    t0 = time.perf_counter()
    links = link_photos(
        points, azimuth, shapes, settings, parcel_keys=parcels.keys, names=names, tree=tree
    )
    t_link = time.perf_counter() - t0
    methods = {m: int((links.method == m).sum()) for m in np.unique(links.method)}
    result["link"] = {
        "tree_seconds": round(t_tree, 2),
        "link_seconds": round(t_link, 2),
        "linked": len(links),
        "by_method": methods,
    }
    per_file = t_import / max(n_files, 1)
    result["import_plus_link_seconds"] = {
        "measured": round(t_import + t_read + t_tree + t_link, 2),
        "at_10000_files": round(per_file * args.photos + t_read + t_tree + t_link, 2),
    }

    # 5. QGIS's own joins on the same points
    print(json.dumps(result, ensure_ascii=False), file=sys.stderr)  # before the slow part
    if not args.no_native:
        sys.path.append(QgsApplication.pkgDataPath() + "/python/plugins")  # Processing
        import processing
        from processing.core.Processing import Processing

        Processing.initialize()
        from qgis.core import QgsFeatureRequest, QgsProcessingContext

        context = QgsProcessingContext()  # checked as our checks do: invalid parcels kept
        context.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        layer = QgsVectorLayer(f"Point?crs={parcels_layer.crs().authid()}", "pts", "memory")
        layer.dataProvider().addAttributes([QgsField("name", QVariant.String)])
        layer.updateFields()
        features = []
        for name, point in zip(names, points):
            feature = QgsFeature(layer.fields())
            feature.setAttribute("name", str(name))
            if point is not None:
                feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(point.x, point.y)))
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        t0 = time.perf_counter()
        inside = processing.run(
            "native:joinattributesbylocation",
            {
                "INPUT": layer,
                "JOIN": parcels_layer,
                "PREDICATE": [0],
                "JOIN_FIELDS": ["BSM"],
                "METHOD": 2,
                "DISCARD_NONMATCHING": False,
                "OUTPUT": "memory:",
                "NON_MATCHING": "memory:",
            },
            context=context,
        )
        t_inside = time.perf_counter() - t0
        t0 = time.perf_counter()
        nearest = processing.run(
            "native:joinbynearest",
            {
                "INPUT": inside["NON_MATCHING"],
                "INPUT_2": parcels_layer,
                "FIELDS_TO_COPY": ["BSM"],
                "DISCARD_NONMATCHING": False,
                "NEIGHBORS": 1,
                "MAX_DISTANCE": settings.tolerance_m,
                "OUTPUT": "memory:",
            },
            context=context,
        )
        t_nearest = time.perf_counter() - t0
        result["qgis_native"] = {
            "joinattributesbylocation_seconds": round(t_inside, 2),
            "joinbynearest_seconds": round(t_nearest, 2),
            "total_seconds": round(t_inside + t_nearest, 2),
            "inside": inside["OUTPUT"].featureCount(),
            "nearest_input": inside["NON_MATCHING"].featureCount(),
            "nearest_output": nearest["OUTPUT"].featureCount(),
        }
        result["ratio_native_over_ours"] = round((t_inside + t_nearest) / (t_tree + t_link), 1)
        # QGIS's joins read the parcels themselves: against ours with the parcels' read too
        result["ratio_native_over_ours_with_read"] = round(
            (t_inside + t_nearest) / (t_read + t_tree + t_link), 1
        )
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
