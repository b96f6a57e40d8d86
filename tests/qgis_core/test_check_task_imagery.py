"""The one-click check with a DOM loaded in the project: the task computes the imagery
statistics itself and the imagery rules report on them."""

from __future__ import annotations

import numpy as np
from osgeo import gdal, osr
from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer

from landsurvey_plugin.adapters.check_dataset import snapshot
from landsurvey_plugin.adapters.check_task import CheckTask
from landsurvey_plugin.adapters.raster_zonal import project_imagery
from landsurvey_plugin.model.profile import load_profile
from landsurvey_plugin.rules.dataset import PARCELS
from tests.parcels import rectangle, write_parcels

X0, Y0 = 36_500_000.0, 3_000_000.0


def _raster(path, bands: int, dtype=gdal.GDT_Byte, date: str = "2024-10-15") -> str:
    ds = gdal.GetDriverByName("GTiff").Create(str(path), 100, 100, bands, dtype)
    ds.SetGeoTransform((X0, 1.0, 0, Y0, 0, -1.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4524)
    ds.SetProjection(srs.ExportToWkt())
    for i in range(bands):
        ds.GetRasterBand(i + 1).WriteArray(np.full((100, 100), 90 + 10 * i, np.uint8))
    ds.SetMetadataItem("ACQUISITION_DATE", date)
    ds = None
    return str(path)


def test_project_rasters_are_the_imagery(tmp_path):
    project = QgsProject()
    dom = QgsRasterLayer(_raster(tmp_path / "dom.tif", 3), "DOM 2024")
    old = QgsRasterLayer(_raster(tmp_path / "old.tif", 3), "前时相 DOM")
    dem = QgsRasterLayer(_raster(tmp_path / "dem.tif", 1, gdal.GDT_Int16), "DEM")
    project.addMapLayers([dom, old, dem])
    assert project_imagery(project) == {
        "current": [str(tmp_path / "dom.tif")],
        "previous": [str(tmp_path / "old.tif")],
    }


def test_one_click_check_with_the_dom_loaded(tmp_path):
    gpkg = write_parcels(
        tmp_path / "p.gpkg",
        4524,
        [
            {"wkt": rectangle(X0 + 10, Y0 - 40, 30, 30), "BSM": "ON", "DLBM": "0101"},
            {"wkt": rectangle(X0 + 80, Y0 - 40, 40, 30), "BSM": "EDGE", "DLBM": "0101"},
        ],
    )
    parcels = QgsVectorLayer(f"{gpkg}|layername=DLTB", "DLTB", "ogr")
    dom = QgsRasterLayer(_raster(tmp_path / "dom.tif", 3, date="2023-03-01"), "DOM")
    project = QgsProject.instance()
    project.addMapLayers([parcels, dom])
    try:
        task = CheckTask(
            "check",
            {PARCELS: snapshot(parcels, PARCELS)},
            load_profile("2024-national"),
            "en",
            project.transformContext(),
        )
        assert task.imagery == {"current": [str(tmp_path / "dom.tif")]}
        assert task.run(), task.error
        found = {(f.rule, f.feature_key) for f in task.run_result.findings}
        assert ("imagery_not_covered", "EDGE") in found  # 20 of its 40 m lie east of the DOM
        assert ("imagery_not_covered", "ON") not in found
        assert ("imagery_date_outside_window", "dom.tif") in found
        edge = next(f for f in task.run_result.findings if f.rule == "imagery_not_covered").geometry
        assert abs(edge.area - 20 * 30) < 1e-6
        # an explicit empty mapping runs no imagery pass: nothing imagery-related is found
        bare = CheckTask(
            "check",
            {PARCELS: snapshot(parcels, PARCELS)},
            load_profile("2024-national"),
            "en",
            project.transformContext(),
            imagery={},
        )
        assert bare.run()
        assert not [f for f in bare.run_result.findings if f.category == "imagery"]
    finally:
        project.removeMapLayers([parcels.id(), dom.id()])
