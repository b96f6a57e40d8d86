#!/usr/bin/env python3
"""Benchmark: import 10,000 evidence photos, against QGIS's own ``native:importphotos``.

The photos are the demo generator's (640×480 JPEGs with the EXIF a field app writes) from
the 200,000-parcel county (``/tmp/ls/big200k`` or any ``make_demo_data.py --photos`` output),
copied into a work folder and topped up with copies under new names to ``--count`` files.
Every file is read once before timing (warm cache). Then, in one run:

  1. the plugin's import (``PhotoImportTask.run``: scan, EXIF/XMP headers, content hash,
     write the ``photos`` layer of a fresh workspace GeoPackage in EPSG:4524);
  2. the same import again (every row updated in place by path);
  3. ``native:importphotos`` (recursive) on the same folder into a GeoPackage;
  4. when part B's linking is present, linking the imported layer to the county's DLTB.

Prints a markdown section for docs/benchmarks.md.

    .venv/bin/python scripts/bench_photos_import.py [--county /tmp/ls/big200k] [--count 10000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def prepare(source: Path, folder: Path, count: int) -> list[Path]:
    """``count`` photo files in ``folder`` (copies of ``source``'s, topped up under new names)."""
    originals = sorted(source.glob("*.jpg"))
    if not originals:
        raise SystemExit(f"no JPEGs in {source}")
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "more").mkdir(parents=True)
    made = []
    for k in range(count):
        src = originals[k % len(originals)]
        rnd = k // len(originals)
        dst = folder / src.name if rnd == 0 else folder / "more" / f"r{rnd}_{src.name}"
        shutil.copyfile(src, dst)
        made.append(dst)
    return made


def warm(paths: list[Path]) -> int:
    return sum(len(p.read_bytes()) for p in paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--county", type=Path, default=Path("/tmp/ls/big200k"))
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=Path("/tmp/bench_photos_import"))
    parser.add_argument("--no-link", action="store_true", help="skip the linking step")
    args = parser.parse_args(argv)

    from qgis.core import (
        QgsApplication,
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransformContext,
        QgsVectorLayer,
    )

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append(QgsApplication.pkgDataPath() + "/python/plugins")
    import processing
    from processing.core.Processing import Processing

    from landsurvey_plugin.adapters.photo_import_task import PhotoImportTask
    from landsurvey_plugin.adapters.photo_store import photos_uri
    from scripts.bench_checks import machine

    Processing.initialize()
    args.work.mkdir(parents=True, exist_ok=True)
    folder = args.work / "photos"
    paths = prepare(args.county / "photos", folder, args.count)
    size = warm(paths)
    warm(paths)
    crs = QgsCoordinateReferenceSystem("EPSG:4524")
    context = QgsCoordinateTransformContext()
    gpkg = args.work / "workspace.gpkg"
    if gpkg.exists():
        gpkg.unlink()

    rows = []
    task = PhotoImportTask(str(folder), str(gpkg), crs, context)
    t0 = time.perf_counter()
    assert task.run(), task.error
    first = time.perf_counter() - t0
    result = task.result
    rows.append(("plugin import (new layer)", first, result))

    task = PhotoImportTask(str(folder), str(gpkg), crs, context)
    t0 = time.perf_counter()
    assert task.run(), task.error
    again = time.perf_counter() - t0
    rows.append(("plugin re-import, nothing changed", again, task.result))

    native_out = args.work / "native.gpkg"
    if native_out.exists():
        native_out.unlink()
    t0 = time.perf_counter()
    native = processing.run(
        "native:importphotos",
        {"FOLDER": str(folder), "RECURSIVE": True, "OUTPUT": str(native_out)},
    )
    native_s = time.perf_counter() - t0
    native_layer = QgsVectorLayer(native["OUTPUT"], "native", "ogr")
    native_count = native_layer.featureCount()

    link_s = None
    link_note = "part B's linking not present"
    if not args.no_link:
        try:
            from landsurvey_plugin.adapters.photo_links_store import PhotoLinkStore
        except ImportError:
            PhotoLinkStore = None
        if PhotoLinkStore is not None:
            photos = QgsVectorLayer(photos_uri(str(gpkg)), "photos", "ogr")
            parcels = QgsVectorLayer(f"{args.county / 'county.gpkg'}|layername=DLTB", "DLTB", "ogr")
            t0 = time.perf_counter()
            summary = PhotoLinkStore(str(gpkg)).relink(photos, parcels)
            link_s = time.perf_counter() - t0
            link_note = f"{parcels.featureCount():,} parcels: {summary}"

    n = len(paths)
    lines = [
        "## Evidence photos: import",
        "",
        f"{n:,} demo JPEGs ({size / 1e6:.0f} MB, 640×480, EXIF GPS + direction), warm cache, "
        f"{machine()}; `.venv/bin/python scripts/bench_photos_import.py "
        f"--county {args.county} --count {args.count}`.",
        "",
        "| step | seconds | photos/s | result |",
        "|---|---:|---:|---|",
    ]
    for label, seconds, res in rows:
        lines.append(
            f"| {label} | {seconds:.2f} | {n / seconds:,.0f} | {res.placed:,} placed, "
            f"{res.photos - res.placed} not placed, {res.added:,} added, {res.updated:,} updated, "
            f"{res.unchanged:,} unchanged; reading {res.read_seconds:.2f} s |"
        )
    lines.append(
        f"| QGIS `native:importphotos` (recursive) | {native_s:.2f} | {n / native_s:,.0f} | "
        f"{native_count:,} features (no direction ref, no hash, no reason) |"
    )
    if link_s is not None:
        lines.append(f"| linking (part B) | {link_s:.2f} | {n / link_s:,.0f} | {link_note} |")
        lines.append(f"| **import + linking** | **{first + link_s:.2f}** | | target < 10 s |")
    else:
        lines.append(f"| linking | – | | {link_note} |")
    print("\n".join(lines))
    # the layers go before QGIS does (a layer outliving exitQgis crashes the interpreter)
    native_layer = photos = parcels = None
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
