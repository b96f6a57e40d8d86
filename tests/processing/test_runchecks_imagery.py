"""``runchecks`` with IMAGERY headless: qgis_process.bin over the demo county's DOM."""

from __future__ import annotations

import shutil

import pytest
from osgeo import gdal
from qgis.core import QgsVectorLayer

from tests.processing.test_qgis_process import QGIS_PROCESS, qgis_process

pytestmark = pytest.mark.skipif(not QGIS_PROCESS.exists(), reason="qgis_process.bin not installed")


def test_qgis_process_runchecks_with_imagery(packaged_plugin, demo_county, tmp_path):
    """IMAGERY=dom.tif works headless; a DOM with a nodata hole and an old date gives the
    coverage and date findings, and the entered date overrides the metadata."""
    _, zip_path = packaged_plugin
    gpkg = demo_county / "county.gpkg"
    dom = tmp_path / "dom.tif"
    shutil.copy(demo_county / "dom.tif", dom)
    ds = gdal.Open(str(dom), gdal.GA_Update)
    width, height = ds.RasterXSize, ds.RasterYSize
    if not ds.GetRasterBand(1).GetMaskFlags() & gdal.GMF_PER_DATASET:
        ds.CreateMaskBand(gdal.GMF_PER_DATASET)
        ds.GetRasterBand(1).GetMaskBand().Fill(255)
    mask = ds.GetRasterBand(1).GetMaskBand()
    hole = (width // 2 - 100, height // 2 - 100, 200, 200)  # 160 m square at 0.8 m
    mask.WriteRaster(*hole, b"\0" * (hole[2] * hole[3]))
    ds.BuildOverviews("NEAREST", [2, 4])
    ds = None
    gt = gdal.Open(str(dom)).GetGeoTransform()
    out = tmp_path / "errors.gpkg"
    payload = qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:runchecks",
        f"PARCELS={gpkg}|layername=DLTB",
        f"IMAGERY={dom}",
        "IMAGERY_DATE=2023-06-01",
        "PROFILE=2024-national",
        f"OUTPUT={out}",
    )
    assert payload["results"]["ERRORS"] >= 1
    layer = QgsVectorLayer(str(out), "errors", "ogr")
    rows = [(f["rule"], f["feature_key"], f.geometry()) for f in layer.getFeatures()]
    dated = [r for r in rows if r[0] == "imagery_date_outside_window"]
    assert [r[1] for r in dated] == ["dom.tif"]
    uncovered = [r for r in rows if r[0] == "imagery_not_covered"]
    assert uncovered, "the parcels under the nodata hole are reported"
    x0 = gt[0] + hole[0] * gt[1]
    y0 = gt[3] + (hole[1] + hole[3]) * gt[5]

    def in_hole(geometry) -> bool:  # within the hole, give or take one 4 m footprint cell
        box = geometry.boundingBox()
        return (
            box.xMinimum() >= x0 - 4.5
            and box.xMaximum() <= x0 + 160 + 4.5
            and box.yMinimum() >= y0 - 4.5
            and box.yMaximum() <= y0 + 160 + 4.5
        )

    # the demo DOM may carry planted holes of its own: ours must be among the findings
    assert any(in_hole(geometry) for _, _, geometry in uncovered)
