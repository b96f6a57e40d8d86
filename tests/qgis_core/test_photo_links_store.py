"""The photo link table in a real GeoPackage: link/unlink/relink, manual rows kept."""

from __future__ import annotations

import shutil

import pytest
from qgis.core import QgsVectorLayer

from landsurvey_plugin.adapters.photo_links_store import LinkStoreError, PhotoLinkStore
from landsurvey_plugin.model.photo_links import LinkSettings


@pytest.fixture()
def county(demo_county, tmp_path):
    out = tmp_path / "county"
    shutil.copytree(demo_county, out)
    return out


def _layers(county):
    gpkg = county / "county.gpkg"
    photos = QgsVectorLayer(f"{gpkg}|layername=photos", "photos", "ogr")
    parcels = QgsVectorLayer(f"{gpkg}|layername=DLTB", "DLTB", "ogr")
    assert photos.isValid() and parcels.isValid()
    return gpkg, photos, parcels


def test_relink_writes_a_table_qgis_opens_and_every_photo_finds_its_parcel(county):
    import json

    gpkg, photos, parcels = _layers(county)
    store = PhotoLinkStore(gpkg)
    assert store.all_rows() == []
    summary = store.relink(photos, parcels, LinkSettings())
    located = [f for f in photos.getFeatures() if not f.geometry().isNull()]
    assert summary.photos == photos.featureCount()
    assert summary.linked == len(located)
    assert sum(summary.by_method.values()) == len(located)
    table = QgsVectorLayer(f"{gpkg}|layername=photo_links", "links", "ogr")
    assert table.isValid() and table.featureCount() == len(located)
    assert set(table.fields().names()) >= {
        "photo_path", "file_name", "bsm", "method", "distance_m", "angle_off_deg",
        "confidence", "manual", "linked_at",
    }  # fmt: skip
    targets = json.loads((county / "defects.json").read_text(encoding="utf-8"))["photo_targets"]
    feature = located[0]
    [link] = store.links_for_photo(feature["path"])
    assert link.bsm == targets[feature["file_name"]]
    assert link in store.links_for_parcel(link.bsm)
    # the photos layer and the parcels are untouched
    assert photos.featureCount() == len(list(photos.getFeatures()))


def test_manual_link_and_unlink_survive_relink(county):
    gpkg, photos, parcels = _layers(county)
    store = PhotoLinkStore(gpkg)
    store.relink(photos, parcels)
    feature = next(f for f in photos.getFeatures() if not f.geometry().isNull())
    path = feature["path"]
    [auto] = store.links_for_photo(path)
    other = next(f["BSM"] for f in parcels.getFeatures() if f["BSM"] != auto.bsm)
    store.unlink(path, auto.bsm)
    store.link(path, other)
    assert [(r.bsm, r.method, r.manual) for r in store.links_for_photo(path)] == [
        (other, "manual", 1)
    ]
    assert all(r.photo_path != path for r in store.links_for_parcel(auto.bsm))
    summary = store.relink(photos, parcels)
    assert summary.manual_kept == 2 and summary.unlinked == 1
    assert [(r.bsm, r.manual) for r in store.links_for_photo(path)] == [(other, 1)]
    # linking again by hand replaces the unlink decision instead of adding a row
    store.link(path, auto.bsm)
    rows = [r for r in store.all_rows() if r.photo_path == path]
    assert sorted((r.bsm, r.manual) for r in rows) == sorted([(other, 1), (auto.bsm, 1)])


def test_bad_input_is_a_clear_error(tmp_path, county):
    with pytest.raises(LinkStoreError, match="does not exist"):
        PhotoLinkStore(tmp_path / "missing.gpkg").all_rows()
    store = PhotoLinkStore(county / "county.gpkg")
    with pytest.raises(LinkStoreError, match="photo path and a parcel BSM"):
        store.link("", "520199000000100001")


def test_the_photo_layer_is_found_by_its_name_for_one_click_checks(county):
    from qgis.core import QgsProject

    from landsurvey_plugin.adapters.layer_roles import detect_photos

    _, photos, parcels = _layers(county)
    project = QgsProject()
    project.addMapLayers([parcels], False)
    assert detect_photos(project) is None  # polygons only: no photo layer
    project.addMapLayers([photos], False)
    assert detect_photos(project) is photos
    other = QgsVectorLayer("Point?crs=EPSG:4524", "wells", "memory")
    project.addMapLayers([other], False)
    project.writeEntry("landsurvey", "roles/PHOTOS", other.id())
    assert detect_photos(project) is other  # the user's choice wins


def test_relink_task_runs_in_the_background_and_keeps_manual_rows(county, qtbot):
    from qgis.core import QgsApplication

    from landsurvey_plugin.adapters.photo_links_store import RelinkTask

    gpkg, photos, parcels = _layers(county)
    store = PhotoLinkStore(gpkg)
    feature = next(f for f in photos.getFeatures() if not f.geometry().isNull())
    store.link(feature["path"], "520199000000999999")
    task = RelinkTask(store, photos, parcels)
    outcome: dict = {}
    task.taskCompleted.connect(lambda: outcome.update(summary=task.summary))
    task.taskTerminated.connect(lambda: outcome.update(error=task.error or "terminated"))
    with qtbot.waitSignal(task.taskCompleted, timeout=120_000):
        QgsApplication.taskManager().addTask(task)
    assert "error" not in outcome, outcome
    assert outcome["summary"].manual_kept == 1
    bsms = {r.bsm for r in store.links_for_photo(feature["path"])}
    assert "520199000000999999" in bsms and len(bsms) == 2


def test_a_path_with_quotes_is_decided_alone(county):
    """Decisions are found and replaced by OGR SQL: a path with quotes must match only
    itself (and not break the statement)."""
    gpkg, photos, parcels = _layers(county)
    store = PhotoLinkStore(gpkg)
    store.relink(photos, parcels)
    odd, plain = "/photos/O'Brien's 'parcel'.jpg", "/photos/O.jpg"
    store.link(odd, "520199000000100001")
    store.link(plain, "520199000000100001")
    store.unlink(odd, "520199000000100001")  # replaces the odd path's link only
    decided = sorted((r.photo_path, r.manual) for r in store.manual_rows())
    assert decided == sorted([(plain, 1), (odd, -1)])
    assert {r.manual for r in store.all_rows("manual = 0")} == {0}
    assert len(store.all_rows()) == len(store.all_rows("manual = 0")) + 2
