"""``runchecks`` with IMAGERY headless: qgis_process.bin over the demo county's DOM."""

from __future__ import annotations

import shutil

import pytest
from osgeo import gdal
from qgis.core import QgsVectorLayer
from qgis.PyQt.QtGui import QImage

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
        f"REPORT={tmp_path / 'report.html'}",
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
    # the report links a PNG chip per imagery finding with a geometry, saved beside it
    chips = sorted((tmp_path / "report_chips").glob("*.png"))
    imagery_rows = [r for r in rows if r[0].startswith("imagery_") and not r[2].isNull()]
    assert chips and len(chips) == min(len(imagery_rows), len(chips))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert all(f"report_chips/{chip.name}" in html for chip in chips)
    assert QImage(str(chips[0])).width() > 100


def _run(params: dict) -> dict:
    from qgis import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    context = QgsProcessingContext()
    return processing.run(
        "landsurvey:runchecks", params, context=context, feedback=QgsProcessingFeedback()
    )


def test_footprint_layer_dates_and_a_bad_user_date(landsurvey_provider, tmp_path):
    """A DOM without a date in its metadata, dated by its footprint layer's Date field;
    a date the user mistyped stops the run with a clear message instead of being guessed."""
    from osgeo import ogr, osr
    from qgis.core import QgsProcessingException

    from tests.parcels import rectangle, write_parcels

    x0, y0 = 36_500_000.0, 3_000_000.0
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4524)
    dom = tmp_path / "dom.tif"
    ds = gdal.GetDriverByName("GTiff").Create(str(dom), 50, 50, 3, gdal.GDT_Byte)
    ds.SetGeoTransform((x0, 1.0, 0, y0, 0, -1.0))
    ds.SetProjection(srs.ExportToWkt())
    for i in range(3):
        ds.GetRasterBand(i + 1).Fill(100)
    ds = None
    gpkg = write_parcels(
        tmp_path / "p.gpkg", 4524, [{"wkt": rectangle(x0 + 5, y0 - 30, 20, 20), "BSM": "A"}]
    )
    pieces = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "fp.gpkg"))
    layer = pieces.CreateLayer("JBX", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("PSRQ", ogr.OFTDate))
    for wkt, when in ((rectangle(x0, y0 - 50, 30, 50), "2024/05/02"),
                      (rectangle(x0 + 30, y0 - 50, 20, 50), "2024/10/01")):  # fmt: skip
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("PSRQ", when)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    pieces = None
    out = tmp_path / "errors.gpkg"
    base = {
        "PARCELS": f"{gpkg}|layername=DLTB",
        "IMAGERY": [str(dom)],
        "IMAGERY_FOOTPRINTS": f"{tmp_path / 'fp.gpkg'}|layername=JBX",
        "OUTPUT": str(out),
    }
    _run(base)
    layer = QgsVectorLayer(str(out), "errors", "ogr")
    (dated,) = [f for f in layer.getFeatures() if f["rule"] == "imagery_date_outside_window"]
    assert "2024-05-02" in dated["message"]  # the oldest piece over the DOM decides
    with pytest.raises(QgsProcessingException, match="YYYY-MM-DD"):
        _run({**base, "IMAGERY_DATE": "spring", "OUTPUT": str(tmp_path / "e2.gpkg")})
    assert not (tmp_path / "e2.gpkg").exists()  # refused before anything was read or written
