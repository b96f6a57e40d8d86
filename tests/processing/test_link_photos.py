"""``landsurvey:linkphotos`` and ``landsurvey:runchecks`` with PHOTOS, through processing.run
on a demo county made by the real generator (real GeoPackage, real EXIF JPEGs)."""

from __future__ import annotations

import json
import shutil

import pytest
from qgis.core import QgsVectorLayer, QgsWkbTypes

from landsurvey_plugin.adapters.photo_links_store import PhotoLinkStore


def _defects(demo) -> list[dict]:
    data = json.loads((demo / "defects.json").read_text(encoding="utf-8"))
    return [d for d in data["defects"] if d["category"] == "photo"]


@pytest.fixture()
def county(demo_county, tmp_path):
    """A private copy: the link store writes into the GeoPackage."""
    out = tmp_path / "county"
    shutil.copytree(demo_county, out)
    return out


def test_linkphotos_links_every_located_photo_to_the_parcel_it_documents(
    landsurvey_provider, county
):
    import processing

    gpkg = county / "county.gpkg"
    result = processing.run(
        "landsurvey:linkphotos",
        {
            "PHOTOS": f"{gpkg}|layername=photos",
            "PARCELS": f"{gpkg}|layername=DLTB",
            "MAX_DISTANCE": 150,
            "OUTPUT": str(county / "links.gpkg"),
        },
    )
    table = QgsVectorLayer(result["OUTPUT"], "links", "ogr")
    assert table.isValid()
    assert table.wkbType() == QgsWkbTypes.NoGeometry
    rows = [{f.name(): feat[f.name()] for f in table.fields()} for feat in table.getFeatures()]
    targets = json.loads((county / "defects.json").read_text(encoding="utf-8"))["photo_targets"]
    by_file = {r["file_name"]: r for r in rows}
    photos = QgsVectorLayer(f"{gpkg}|layername=photos", "p", "ogr")
    located = [f["file_name"] for f in photos.getFeatures() if not f.geometry().isNull()]
    assert result["LINKED"] == len(located) == len(by_file)
    assert result["UNLINKED"] == photos.featureCount() - len(located)
    wrong = [name for name in located if by_file[name]["bsm"] != targets[name]]
    assert wrong == []
    for row in rows:
        assert row["method"] in ("inside", "view", "nearest", "name")
        assert 0.0 <= row["confidence"] <= 1.0
        assert row["manual"] == 0


def test_linkphotos_keeps_manual_rows_of_the_store(landsurvey_provider, county):
    import processing

    gpkg = county / "county.gpkg"
    photos = QgsVectorLayer(f"{gpkg}|layername=photos", "p", "ogr")
    first = next(f for f in photos.getFeatures() if not f.geometry().isNull())
    store = PhotoLinkStore(gpkg)
    store.unlink(first["path"], first["file_name"].split("_")[0])
    store.link(first["path"], "520199000000999999")
    result = processing.run(
        "landsurvey:linkphotos",
        {
            "PHOTOS": f"{gpkg}|layername=photos",
            "PARCELS": f"{gpkg}|layername=DLTB",
            "OUTPUT": "memory:",
        },
    )
    rows = [
        (f["photo_path"], f["bsm"], f["manual"])
        for f in result["OUTPUT"].getFeatures()
        if f["photo_path"] == first["path"]
    ]
    assert sorted(rows, key=lambda r: r[2]) == [
        (first["path"], first["file_name"].split("_")[0], -1),
        (first["path"], "520199000000999999", 1),
    ]


def test_runchecks_with_a_photo_folder_finds_the_planted_photo_defects(landsurvey_provider, county):
    import processing

    gpkg = county / "county.gpkg"
    result = processing.run(
        "landsurvey:runchecks",
        {
            "PARCELS": f"{gpkg}|layername=DLTB",
            "PREVIOUS": f"{gpkg}|layername=DLTB_2023",
            "PHOTOS": str(county / "photos"),
            "OUTPUT": str(county / "errors.gpkg"),
        },
    )
    errors = QgsVectorLayer(result["OUTPUT"], "errors", "ogr")
    evidence = [f for f in errors.getFeatures() if f["category"] == "evidence"]
    keys = {k for f in evidence for k in f["feature_key"].split(";")}
    for defect in _defects(county):
        assert defect["key"] in keys, defect
    # the parcel checks ran in the same output
    assert any(f["category"] != "evidence" for f in errors.getFeatures())


def test_runchecks_with_a_photo_layer_and_a_bad_value(landsurvey_provider, county):
    import processing
    from qgis.core import QgsProcessingException

    gpkg = county / "county.gpkg"
    result = processing.run(
        "landsurvey:runchecks",
        {
            "PARCELS": f"{gpkg}|layername=DLTB",
            "PHOTOS": f"{gpkg}|layername=photos",
            "OUTPUT": "memory:",
        },
    )
    rules = {f["rule"] for f in result["OUTPUT"].getFeatures()}
    assert {"photo_too_far", "photo_looking_away", "photo_no_direction"} <= rules
    with pytest.raises(QgsProcessingException, match="PHOTOS must be"):
        processing.run(
            "landsurvey:runchecks",
            {
                "PARCELS": f"{gpkg}|layername=DLTB",
                "PHOTOS": f"{gpkg}|layername=DLTB",
                "OUTPUT": "memory:",
            },
        )


def test_qgis_process_links_photos_and_checks_a_photo_folder(packaged_plugin, county, tmp_path):
    """Headless, from the packaged plugin: linkphotos, then runchecks with PHOTOS=folder."""
    from tests.processing.test_qgis_process import QGIS_PROCESS, qgis_process

    if not QGIS_PROCESS.exists():
        pytest.skip("qgis_process.bin not installed")
    _, zip_path = packaged_plugin
    gpkg = county / "county.gpkg"
    links = tmp_path / "links.gpkg"
    payload = qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:linkphotos",
        f"PHOTOS={gpkg}|layername=photos",
        f"PARCELS={gpkg}|layername=DLTB",
        "MAX_DISTANCE=150",
        f"OUTPUT={links}",
    )
    table = QgsVectorLayer(str(links), "links", "ogr")
    assert table.isValid() and table.featureCount() == payload["results"]["LINKED"] > 0
    errors = tmp_path / "errors.gpkg"
    qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:runchecks",
        f"PARCELS={gpkg}|layername=DLTB",
        f"PREVIOUS={gpkg}|layername=DLTB_2023",
        f"PHOTOS={county / 'photos'}",
        f"OUTPUT={errors}",
    )
    found = QgsVectorLayer(str(errors), "errors", "ogr")
    keys = {
        k
        for f in found.getFeatures()
        if f["category"] == "evidence"
        for k in f["feature_key"].split(";")
    }
    assert {d["key"] for d in _defects(county)} <= keys
