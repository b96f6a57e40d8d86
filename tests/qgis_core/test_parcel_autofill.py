"""New, split and reshaped DLTB parcels get BSM, TBBH, 坐落/权属 and true areas (real GPKG)."""

from __future__ import annotations

import pytest
import shapely
from osgeo import ogr
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)

from landsurvey_plugin.adapters.crs import area_frame
from landsurvey_plugin.adapters.parcel_autofill import AREA_FUNCTION, ParcelAutofill, next_tbbh
from landsurvey_plugin.model.area import ellipsoidal_areas, parcel_areas
from landsurvey_plugin.model.profile import load_profile
from tests.parcels import rectangle, write_parcels

EPSG = 4524  # CGCS2000 / 3-degree GK zone 36 (eastings with the zone prefix)
X, Y = 36_370_000.0, 2_938_000.0
V1, V2 = "5201991002000000000", "5201991003000000000"
PROFILE = load_profile("2024-national")
DLTB_FIELDS = tuple(
    (
        spec.name,
        {"string": ogr.OFTString, "int": ogr.OFTInteger, "double": ogr.OFTReal}[spec.type],
    )
    for spec in PROFILE.dltb.fields
)


def _parcel(x: float, bsm: str, tbbh: str, village: str, name: str, **extra) -> dict:
    values = dict(
        wkt=rectangle(x, Y, 100, 100),
        BSM=bsm,
        TBBH=tbbh,
        DLBM="0103",
        DLMC="旱地",
        ZLDWDM=village,
        ZLDWMC=name,
        QSDWDM=village,
        QSDWMC=f"{name}农民集体",
        YSDM="2001010100",
        SJNF=2024,
    )
    values.update(extra)
    return values


@pytest.fixture
def county(tmp_path, qgis_app):
    path = tmp_path / "county.gpkg"
    write_parcels(
        path,
        EPSG,
        [
            _parcel(X, "520199000000100007", "1", V1, "龙沙村", KCXS=0.1),
            _parcel(X + 100, "520199000000100008", "7", V1, "龙沙村"),
            _parcel(X + 200, "520199000000100009", "3", V2, "石门村"),
        ],
        fields=DLTB_FIELDS,
    )
    write_parcels(
        path,
        EPSG,
        [_parcel(X, "520199000000100042", "1", V1, "龙沙村")],
        layer_name="DLTB_2023",
        fields=DLTB_FIELDS,
    )
    write_parcels(  # 村级调查区: 坐落 only (as delivered), no 权属
        path,
        EPSG,
        [
            dict(wkt=rectangle(X - 1000, Y - 1000, 1200, 3000), ZLDWDM=V1, ZLDWMC="龙沙村"),
            dict(wkt=rectangle(X + 200, Y - 1000, 1200, 3000), ZLDWDM=V2, ZLDWMC="石门村"),
        ],
        layer_name="CJDCQ",
        fields=(("ZLDWDM", ogr.OFTString), ("ZLDWMC", ogr.OFTString)),
    )
    layers = {
        name: QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        for name in ("DLTB", "DLTB_2023", "CJDCQ")
    }
    assert all(layer.isValid() for layer in layers.values())
    QgsProject.instance().addMapLayers(list(layers.values()), False)
    dltb = layers["DLTB"]
    autofill = ParcelAutofill(dltb, PROFILE, layers["CJDCQ"], layers["DLTB_2023"])
    autofill.connect()
    flagged: list[list] = []
    autofill.belowMinimumArea.connect(flagged.append)
    assert dltb.startEditing()
    yield dltb, autofill, flagged
    autofill.disconnect()
    dltb.rollBack()
    QgsProject.instance().removeMapLayers([layer.id() for layer in layers.values()])


def true_areas(geometry: QgsGeometry, kcxs: float | None = None):
    frame = area_frame(
        geometry_crs(), geometry.boundingBox(), QgsProject.instance().transformContext()
    )
    shape = shapely.from_wkb(bytes(geometry.asWkb()))
    return parcel_areas(float(ellipsoidal_areas([shape], frame.zone)[0]), kcxs)


def geometry_crs():
    from qgis.core import QgsCoordinateReferenceSystem

    return QgsCoordinateReferenceSystem(f"EPSG:{EPSG}")


def add(layer: QgsVectorLayer, wkt: str, attributes: dict | None = None) -> int:
    """One parcel added as QGIS's add-feature tool does (default values, one command)."""
    geometry = QgsGeometry.fromWkt(wkt)
    attributes = {layer.fields().lookupField(k): v for k, v in (attributes or {}).items()}
    feature = QgsVectorLayerUtils.createFeature(
        layer, geometry, attributes, layer.createExpressionContext()
    )
    before = set(layer.editBuffer().addedFeatures())
    layer.beginEditCommand("Feature added")
    assert layer.addFeature(feature)
    layer.endEditCommand()
    [fid] = set(layer.editBuffer().addedFeatures()) - before
    return fid


def test_new_parcel_is_filled_and_one_undo_removes_it(county):
    dltb, autofill, _ = county
    added: list[int] = []
    autofill.parcelAdded.connect(added.append)
    fid = add(dltb, rectangle(X + 20, Y + 100, 40, 30), {"DLBM": "0103"})
    parcel = dltb.getFeature(fid)
    assert added == [fid], "the dock is told which parcel to open"
    assert parcel["BSM"] == "520199000000100043", "after the previous year's highest BSM"
    assert parcel["TBBH"] == "8", "next TBBH in 龙沙村 (1 and 7 used)"
    assert (parcel["ZLDWDM"], parcel["ZLDWMC"]) == (V1, "龙沙村"), "from CJDCQ"
    assert (parcel["QSDWDM"], parcel["QSDWMC"]) == (V1, "龙沙村农民集体"), "from neighbours"
    assert parcel["YSDM"] == PROFILE.dltb.ysdm and parcel["SJNF"] == PROFILE.year
    expected = true_areas(parcel.geometry())
    assert parcel["TBMJ"] == pytest.approx(expected.tbmj, abs=1e-9)
    assert parcel["TBMJ"] == pytest.approx(1200, rel=2e-3)
    assert parcel["KCMJ"] == pytest.approx(0.0) and parcel["TBDLMJ"] == parcel["TBMJ"]
    assert dltb.undoStack().count() == 1, "the add and all its values are one undo step"

    other = add(dltb, rectangle(X + 220, Y + 100, 40, 30))
    assert dltb.getFeature(other)["TBBH"] == "4", "numbered in its own 坐落单位 (石门村)"
    assert dltb.getFeature(other)["BSM"] == "520199000000100044"
    dltb.undoStack().undo()
    dltb.undoStack().undo()
    assert dltb.featureCount() == 3 and not dltb.editBuffer().addedFeatures()
    dltb.undoStack().redo()
    again = dltb.getFeature(fid)
    assert again["BSM"] == "520199000000100043" and again["TBBH"] == "8"


def test_geometry_edit_recomputes_areas_in_the_same_undo_step(county):
    dltb, _, _ = county
    [first] = dltb.getFeatures(f"\"TBBH\" = '1' AND \"ZLDWDM\" = '{V1}'")
    wider = QgsGeometry.fromWkt(rectangle(X, Y, 150, 100))
    dltb.beginEditCommand("Moved vertex")
    assert dltb.changeGeometry(first.id(), wider)
    dltb.endEditCommand()
    parcel = dltb.getFeature(first.id())
    expected = true_areas(wider, 0.1)
    assert parcel["TBMJ"] == pytest.approx(expected.tbmj, abs=1e-9)
    assert parcel["KCMJ"] == pytest.approx(expected.kcmj, abs=1e-9) and parcel["KCMJ"] > 0
    assert parcel["TBDLMJ"] == pytest.approx(expected.tbdlmj, abs=1e-9)
    assert dltb.undoStack().count() == 1
    dltb.undoStack().undo()
    assert not dltb.isModified(), "one undo reverts the geometry and its areas"


def test_split_gives_new_bsm_tbbh_and_true_areas_and_flags_small_parts(county):
    dltb, _, flagged = county
    line = [QgsPointXY(X + 97, Y - 10), QgsPointXY(X + 97, Y + 110)]  # 97 x 100, 3 x 100
    dltb.beginEditCommand("Features split")
    assert dltb.splitFeatures(line) == 0  # Success
    dltb.endEditCommand()
    parts = sorted(
        dltb.getFeatures(f"\"ZLDWDM\" = '{V1}' AND \"DLBM\" = '0103'"), key=lambda f: f["TBBH"]
    )
    assert len(parts) == 3, "the split parcel in two parts and its neighbour"
    assert sorted(f["BSM"] for f in parts) == [
        "520199000000100007",  # the original keeps its BSM and TBBH
        "520199000000100008",
        "520199000000100043",  # the new part: a new BSM, never one of last year's
    ]
    assert sorted(int(f["TBBH"]) for f in parts) == [1, 7, 8]
    split = [f for f in parts if f["BSM"] != "520199000000100008"]
    assert sum(f["TBMJ"] for f in split) == pytest.approx(10000, rel=2e-3)
    for part in split:
        expected = true_areas(part.geometry(), 0.1 if part["KCXS"] else None)
        assert part["TBMJ"] == pytest.approx(expected.tbmj, abs=1e-9)
        assert part["KCMJ"] == pytest.approx(expected.kcmj, abs=1e-9)
        assert part["DLMC"] == "旱地" and part["QSDWMC"] == "龙沙村农民集体", "attributes kept"
    assert dltb.undoStack().count() == 1
    [small] = flagged
    assert len(small) == 1 and small[0][1] == pytest.approx(300, rel=2e-3)
    assert small[0][2] == PROFILE.min_mapping_area("0103") and small[0][3] == "0103"
    dltb.undoStack().undo()
    assert dltb.featureCount() == 3 and not dltb.isModified()


@pytest.mark.parametrize("as_new_feature", [False, True])
def test_merge_keeps_the_chosen_parcel_with_true_areas(county, as_new_feature):
    """What QGIS's merge does once the user picked the parcel whose attributes stay: write
    the union to that parcel and delete the other, or (older QGIS) delete both and add one
    feature with the chosen attributes. Either way: its BSM/TBBH and the true areas."""
    dltb, _, _ = county
    keep, gone = (
        next(dltb.getFeatures(f"\"BSM\" = '{bsm}'"))
        for bsm in ("520199000000100008", "520199000000100007")
    )
    union = keep.geometry().combine(gone.geometry())
    dltb.beginEditCommand("Merged features")
    assert dltb.deleteFeature(gone.id())
    if as_new_feature:
        assert dltb.deleteFeature(keep.id())
        merged = QgsFeature(dltb.fields())
        merged.setAttributes(keep.attributes())
        merged.setGeometry(union)
        assert dltb.addFeature(merged)
    else:
        for i, value in enumerate(keep.attributes()):
            dltb.changeAttributeValue(keep.id(), i, value)
        assert dltb.changeGeometry(keep.id(), union)
    dltb.endEditCommand()
    [merged] = dltb.getFeatures(f"\"ZLDWDM\" = '{V1}'")
    assert merged["BSM"] == "520199000000100008" and merged["TBBH"] == "7"
    assert merged["TBMJ"] == pytest.approx(true_areas(union).tbmj, abs=1e-9)
    assert merged["TBMJ"] == pytest.approx(20000, rel=2e-3)
    assert dltb.undoStack().count() == 1


def test_next_tbbh():
    assert next_tbbh(["1", "7", "", "x12"]) == "8"
    assert next_tbbh([]) == "1"


def test_disconnect_restores_the_layers_defaults(county):
    dltb, autofill, _ = county
    tbmj = dltb.fields().lookupField("TBMJ")
    assert AREA_FUNCTION in dltb.defaultValueDefinition(tbmj).expression()
    autofill.disconnect()
    assert dltb.defaultValueDefinition(tbmj).expression() == ""
    feature = QgsFeature(dltb.fields())
    feature.setGeometry(QgsGeometry.fromWkt(rectangle(X + 20, Y + 150, 40, 30)))
    dltb.beginEditCommand("add")
    dltb.addFeature(feature)
    dltb.endEditCommand()
    assert not next(f["BSM"] for f in dltb.getFeatures() if f.id() < 0)
    autofill.connect()


def test_highest_bsm_while_editing_and_typed_bsms_are_never_reused(county):
    """QGIS 3.22 returned the smallest BSM for ORDER BY + LIMIT on a layer being edited."""
    from landsurvey_plugin.adapters.single_layer_edit import highest_bsm

    dltb, _, _ = county
    assert dltb.isEditable()
    assert highest_bsm(dltb, "520199") == ["520199000000100009"]
    typed = add(dltb, rectangle(X + 20, Y + 100, 40, 30), {"BSM": "520199000000100050"})
    assert dltb.getFeature(typed)["BSM"] == "520199000000100050", "a free typed BSM is kept"
    assert highest_bsm(dltb, "520199") == ["520199000000100050"]
    fid = add(dltb, rectangle(X + 60, Y + 100, 40, 30))
    assert dltb.getFeature(fid)["BSM"] == "520199000000100051"
