"""``county.qgs``: every output loaded with the plugin's styles, relative paths, county CRS.

The only place the generator touches QGIS; a headless QgsApplication is enough to write it.
"""

from __future__ import annotations

import os
from pathlib import Path

LAYERS = [  # top to bottom: (layer name in the gpkg, style file, display name)
    ("photos", "photos.qml", "举证照片 photos"),
    ("TTQ", "ttq.qml", "推(堆)土区 TTQ"),
    ("GFBQ", "gfbq.qml", "光伏板区 GFBQ"),
    ("CCWJQ", "ccwjq.qml", "拆除未尽区 CCWJQ"),
    ("GCHZZ", "gchzz.qml", "工厂化种植 GCHZZ"),
    ("XZQ", "xzq.qml", "行政区 XZQ"),
    ("CJDCQ", "cjdcq.qml", "村级调查区 CJDCQ"),
    ("DLTB_2023", "dltb_2023.qml", "地类图斑 2023 DLTB_2023"),
    ("DLTB", "dltb.qml", "地类图斑 DLTB"),
]


def write_project(out: Path, epsg: int, with_imagery: bool, with_photos: bool) -> Path:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["GDAL_PAM_ENABLED"] = "NO"  # no dom.tif.aux.xml statistics next to the output
    from qgis.core import (
        Qgis,
        QgsApplication,
        QgsContrastEnhancement,
        QgsCoordinateReferenceSystem,
        QgsProject,
        QgsRasterLayer,
        QgsReferencedRectangle,
        QgsVectorLayer,
    )

    from landsurvey_plugin.toolbelt.paths import style_path

    app = QgsApplication.instance()
    if app is None:
        app = QgsApplication([], False)
        app.initQgis()
    project = QgsProject()
    crs = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    project.setCrs(crs)
    project.setTitle("演示县 2024 国土变更调查 demo county")
    project.setFilePathStorage(Qgis.FilePathType.Relative)
    root = project.layerTreeRoot()
    gpkg = out / "county.gpkg"
    extent = None
    for name, style, title in LAYERS:
        if name == "photos" and not with_photos:
            continue
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", title, "ogr")
        if not layer.isValid():
            raise RuntimeError(f"layer {name} of {gpkg} does not load")
        message, ok = layer.loadNamedStyle(str(style_path(style)))
        if not ok:
            raise RuntimeError(f"style {style}: {message}")
        project.addMapLayer(layer, False)
        root.addLayer(layer)
        if name == "XZQ":
            extent = layer.extent()
    if with_imagery:
        raster = QgsRasterLayer(str(out / "dom.tif"), "影像 DOM 2024-10-15")
        if not raster.isValid():
            raise RuntimeError("dom.tif does not load")
        raster.setContrastEnhancement(QgsContrastEnhancement.NoEnhancement)  # true colours
        project.addMapLayer(raster, False)
        root.addLayer(raster)
    if extent is not None:
        extent.scale(1.05)
        project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(extent, crs))
    path = out / "county.qgs"
    if not project.write(str(path)):
        raise RuntimeError(f"cannot write {path}: {project.error()}")
    return path
