"""Areas written through the real edit buffer of real GeoPackage layers."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from landsurvey_plugin.adapters.crs import area_frame, gk_zone_of
from landsurvey_plugin.adapters.parcel_areas import compute_areas, recompute_in_place
from landsurvey_plugin.errors import CrsError, SchemaError
from tests.parcels import rectangle, write_parcels

# reference.md §7(b): 200 x 150 m, SW corner E 39435800 N 4411300 in EPSG:4527 -> 29 996.97 m²
REF_EPSG = 4527
REF_RECT = rectangle(39435800, 4411300, 200, 150)
REF_AREA = 29996.97
BOWTIE = (
    "MULTIPOLYGON(((39435800 4411300,39435900 4411400,39435900 4411300,"
    "39435800 4411400,39435800 4411300)))"
)


def money(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def layer_of(path, name="DLTB") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    return layer


def frame_of(layer: QgsVectorLayer):
    return area_frame(layer.crs(), layer.extent(), QgsProject.instance().transformContext())


def values(layer: QgsVectorLayer) -> dict[str, tuple]:
    return {f["BSM"]: (f["TBMJ"], f["KCMJ"], f["TBDLMJ"]) for f in layer.getFeatures()}


@pytest.fixture
def county(tmp_path):
    parcels = [
        {"wkt": REF_RECT, "BSM": "A", "DLBM": "0103", "KCXS": 0.1195, "TBMJ": 1.0},
        {"wkt": rectangle(39499900, 4411300, 200, 150), "BSM": "CM", "DLBM": "0301"},
        {"wkt": BOWTIE, "BSM": "BOW", "DLBM": "0301", "TBMJ": 5.0},
        {"wkt": None, "BSM": "NULL", "DLBM": "0301", "TBMJ": 7.0},
        {
            "wkt": rectangle(39436100, 4411300, 50, 40),
            "BSM": "PCT",
            "DLBM": "0101",
            "KCXS": 12.0,
            "TBMJ": 9.0,
        },
    ]
    return write_parcels(tmp_path / "county.gpkg", REF_EPSG, parcels)


def test_zone_from_layer_crs():
    zone = gk_zone_of(QgsCoordinateReferenceSystem("EPSG:4527"))
    assert zone.central_meridian == 117 and zone.false_easting == 39_500_000
    no_prefix = gk_zone_of(QgsCoordinateReferenceSystem("EPSG:4548"))
    assert no_prefix.central_meridian == 117 and no_prefix.false_easting == 500_000
    custom = QgsCoordinateReferenceSystem.fromProj(
        "+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=35500000 +y_0=0 +ellps=GRS80 +units=m +no_defs"
    )
    assert gk_zone_of(custom).central_meridian == 105
    assert gk_zone_of(QgsCoordinateReferenceSystem("EPSG:32650")) is None
    assert gk_zone_of(QgsCoordinateReferenceSystem("EPSG:4490")) is None


def test_recompute_in_place_is_one_undo_step(county):
    layer = layer_of(county)
    before = values(layer)
    ids = [f.id() for f in layer.getFeatures()]
    report = recompute_in_place(layer, ids, frame_of(layer), "Recompute parcel areas")

    assert layer.isEditable()
    assert report.changed == 2 and report.unchanged == 0
    after = values(layer)
    tbmj, kcmj, tbdlmj = after["A"]
    assert tbmj == pytest.approx(REF_AREA, abs=1e-9)
    assert kcmj == money(REF_AREA * 0.1195)
    assert tbdlmj == money(REF_AREA - kcmj)
    assert after["CM"] == (pytest.approx(30000.00, abs=1e-9), 0.0, pytest.approx(30000.00))

    skipped = dict(report.skipped)
    reasons = {layer.getFeature(fid)["BSM"]: why for fid, why in skipped.items()}
    assert reasons["BOW"].startswith("invalid geometry: Self-intersection")
    assert reasons["NULL"] == "no geometry"
    assert "not a fraction" in reasons["PCT"]
    for bsm in ("BOW", "NULL", "PCT"):
        assert after[bsm] == before[bsm], "unusable parcels must keep their values"

    stack = layer.undoStack()
    assert stack.count() == 1
    assert stack.text(0) == "Recompute parcel areas"
    stack.undo()
    assert values(layer) == before
    stack.redo()
    assert values(layer)["A"][0] == pytest.approx(REF_AREA)

    again = recompute_in_place(layer, ids, frame_of(layer), "again")
    assert again.changed == 0 and again.unchanged == 2
    assert stack.count() == 1, "a no-op recompute leaves no undo step"
    layer.rollBack()


def test_prefix_and_no_prefix_and_foreign_crs_agree(tmp_path):
    gk = QgsCoordinateReferenceSystem(f"EPSG:{REF_EPSG}")
    results = {}
    for epsg in (REF_EPSG, 4548, 32650, 4490):
        target = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
        geometry = QgsGeometry.fromWkt(REF_RECT)
        geometry.densifyByCount(20)  # keep the shape when edges are reprojected
        transform = QgsCoordinateTransform(gk, target, QgsProject.instance())
        geometry.transform(transform)
        path = write_parcels(
            tmp_path / f"p{epsg}.gpkg", epsg, [{"wkt": geometry.asWkt(12), "BSM": "A"}]
        )
        layer = layer_of(path)
        frame = frame_of(layer)
        assert frame.is_survey_crs == (epsg in (REF_EPSG, 4548))
        (outcome,) = compute_areas(list(layer.getFeatures()), frame)
        results[epsg] = outcome.areas.tbmj
    dense = results[REF_EPSG]
    assert dense == pytest.approx(REF_AREA, abs=0.011)  # densified edges differ by < 0.01 m²
    for epsg, tbmj in results.items():
        assert tbmj == pytest.approx(dense, abs=0.011), epsg


def test_layer_without_tbmj_is_refused(tmp_path):
    path = write_parcels(
        tmp_path / "x.gpkg",
        REF_EPSG,
        [{"wkt": REF_RECT, "BSM": "A"}],
        fields=(("BSM", 4),),
    )
    layer = layer_of(path)
    with pytest.raises(SchemaError, match="no TBMJ field"):
        recompute_in_place(layer, [1], frame_of(layer), "x")
    assert not layer.isEditable()


def test_layer_without_crs_uses_the_zone_prefix(tmp_path):
    """reference.md §7: with no CRS, the zone comes from the 8-digit easting."""
    path = write_parcels(tmp_path / "nocrs.gpkg", None, [{"wkt": REF_RECT, "BSM": "A"}])
    layer = layer_of(path)
    frame = frame_of(layer)
    assert frame.inferred and not frame.is_survey_crs
    assert frame.zone.central_meridian == 117
    (outcome,) = compute_areas(list(layer.getFeatures()), frame)
    assert outcome.areas.tbmj == pytest.approx(REF_AREA)


def test_layer_without_crs_or_prefix_is_refused(tmp_path):
    no_prefix = rectangle(435800, 4411300, 200, 150)
    path = write_parcels(tmp_path / "nocrs.gpkg", None, [{"wkt": no_prefix, "BSM": "A"}])
    with pytest.raises(CrsError, match="not degrees"):
        frame_of(layer_of(path))


def test_invalid_crs_is_refused():
    from qgis.core import QgsRectangle

    with pytest.raises(CrsError, match="no coordinate reference system"):
        area_frame(
            QgsCoordinateReferenceSystem(),
            QgsRectangle(435800, 4411300, 436000, 4411450),
            QgsProject.instance().transformContext(),
        )
