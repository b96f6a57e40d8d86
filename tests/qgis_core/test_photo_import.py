"""Photo import into the workspace GeoPackage: the real task, real JPEGs, a real GeoPackage.

Positions are checked against pyproj (an independent CGCS2000 → GK transform), re-imports
against the fids of the first import, and the symbology by rendering it.
"""

from __future__ import annotations

import shutil

import piexif
import pytest
from pyproj import Transformer
from qgis.core import (
    QgsApplication,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
    QgsRuleBasedRenderer,
    QgsSymbolLayer,
    QgsTask,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize, QVariant
from qgis.PyQt.QtGui import QColor

from landsurvey_plugin.adapters.exception_store import ExceptionStore
from landsurvey_plugin.adapters.photo_import_task import PhotoImportTask, start_import
from landsurvey_plugin.adapters.photo_store import (
    RANGE_VARIABLE,
    apply_photo_style,
    photos_uri,
    wedge_expression,
)
from landsurvey_plugin.adapters.workspace import workspace_gpkg
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.photo_exif import PHOTO_FIELDS
from landsurvey_plugin.toolbelt.paths import style_path
from tests.parcels import rectangle, write_parcels
from tests.pure.test_photo_exif import full_gps, jpeg

EPSG = 4524  # CGCS2000 3° GK zone 36 (central meridian 108°E), as the demo county
TO_GK = Transformer.from_crs("EPSG:4490", f"EPSG:{EPSG}", always_xy=True)
TAKEN = {piexif.ExifIFD.DateTimeOriginal: "2024:10:16 09:07:31"}
SPOTS = {  # file -> (lat, lon, azimuth in 1/100 degree)
    "a.jpg": (26.5801, 106.7101, 9000),
    "b.jpg": (26.5802, 106.7102, 18000),
    "sub/c.jpg": (26.5803, 106.7103, 27050),
}


@pytest.fixture
def county(qgis_app, tmp_path):
    """A GeoPackage with one DLTB parcel, loaded in a fresh project in its CRS."""
    gpkg = write_parcels(
        tmp_path / "county.gpkg", EPSG, [{"BSM": "1", "wkt": rectangle(36370000, 2940000, 50, 50)}]
    )
    project = QgsProject()
    parcels = QgsVectorLayer(f"{gpkg}|layername=DLTB", "DLTB", "ogr")
    assert parcels.isValid()
    project.addMapLayer(parcels)
    project.setCrs(parcels.crs())
    yield gpkg, parcels, project
    project.clear()


def photo_folder(folder):
    folder.mkdir()
    (folder / "sub").mkdir()
    for name, (lat, lon, az) in SPOTS.items():
        jpeg(folder / name, full_gps(lat, lon, (az, 100)), TAKEN)
    jpeg(folder / "nogps.jpg", {}, TAKEN)
    (folder / "cut.jpg").write_bytes((folder / "a.jpg").read_bytes()[:160])
    (folder / "notes.txt").write_text("field notes", encoding="utf-8")
    return folder


def run(task: PhotoImportTask, qtbot):
    with qtbot.waitSignal(task.imported, timeout=120_000) as blocker:
        if QgsApplication.taskManager().taskId(task) < 0:
            QgsApplication.taskManager().addTask(task)
    return blocker.args[0]


def rows(gpkg) -> dict[str, dict]:
    layer = QgsVectorLayer(photos_uri(str(gpkg)), "photos", "ogr")
    assert layer.isValid()
    found = {}
    for feature in layer.getFeatures():
        values = {  # NULL as None, so values compare like Python values
            name: None if isinstance(value, QVariant) and value.isNull() else value
            for name, value in zip(layer.fields().names(), feature.attributes())
        }
        values["fid"] = feature.id()
        geometry = feature.geometry()
        values["xy"] = None if geometry.isNull() else geometry.asPoint()
        found[values["file_name"]] = values
    return found


def test_workspace_gpkg(tmp_path, county):
    gpkg, parcels, project = county
    assert workspace_gpkg(parcels, project) == str(gpkg)
    memory = QgsVectorLayer(f"MultiPolygon?crs=EPSG:{EPSG}", "DLTB", "memory")
    with pytest.raises(LandSurveyError, match="save the project"):
        workspace_gpkg(memory, QgsProject())
    saved = QgsProject()
    saved.setFileName(str(tmp_path / "survey.qgz"))
    assert workspace_gpkg(memory, saved) == str(tmp_path / "survey_landsurvey.gpkg")
    assert ExceptionStore.for_layer(parcels, project).gpkg_path == str(gpkg)
    assert ExceptionStore.for_layer(memory, project).gpkg_path is None


def test_import_then_reimport(tmp_path, county, qtbot):
    gpkg, parcels, project = county
    folder = photo_folder(tmp_path / "photos")
    task = start_import(str(folder), parcels, project)
    result = run(task, qtbot)
    assert result.photos == 5 and result.other_files == 1
    assert result.by_status == {"ok": 3, "no_position": 1, "unreadable": 1}
    assert (result.added, result.updated, result.placed) == (5, 0, 3)
    assert run(start_import(str(folder), parcels, project), qtbot).unchanged == 5  # no writes
    assert result.reasons() == {"no_gps": 1, "truncated": 1}
    assert "3 placed" in task.summary

    first = rows(gpkg)
    layer = QgsVectorLayer(photos_uri(str(gpkg)), "photos", "ogr")
    assert layer.crs().authid() == f"EPSG:{EPSG}"
    assert [n for n in layer.fields().names() if n != "fid"] == [f[0] for f in PHOTO_FIELDS]
    for name, (lat, lon, az) in SPOTS.items():
        row = first[name.split("/")[-1]]
        x, y = TO_GK.transform(lon, lat)
        assert row["xy"].x() == pytest.approx(x, abs=0.01)
        assert row["xy"].y() == pytest.approx(y, abs=0.01)
        assert (row["lat"], row["lon"]) == (
            pytest.approx(lat, abs=1e-7),
            pytest.approx(lon, abs=1e-7),
        )
        assert row["azimuth"] == pytest.approx(az / 100)
        assert (row["azimuth_ref"], row["azimuth_source"], row["status"]) == ("T", "exif", "ok")
        assert row["path"] == str(folder / name) and len(row["content_hash"]) == 40
    assert first["nogps.jpg"]["xy"] is None and first["nogps.jpg"]["reason"].startswith("no_gps:")
    assert first["cut.jpg"]["status"] == "unreadable"
    assert first["cut.jpg"]["reason"].startswith("truncated:")

    shown = task.layer
    assert shown is not None and project.mapLayer(shown.id()) is shown
    assert isinstance(shown.renderer(), QgsRuleBasedRenderer)

    # re-tag a, delete b, add d: a moves in place, b is kept and marked, d is new
    piexif.insert(
        piexif.dump({"GPS": full_gps(26.5811, 106.7111, (4500, 100))}), str(folder / "a.jpg")
    )
    (folder / "b.jpg").unlink()
    jpeg(folder / "d.jpg", full_gps(26.5804, 106.7104, (100, 100)), TAKEN)
    task = start_import(str(folder), parcels, project)
    result = run(task, qtbot)
    assert (result.added, result.updated, result.unchanged, result.gone) == (1, 1, 3, 1)
    second = rows(gpkg)
    assert len(second) == 6
    for name in ("a.jpg", "b.jpg", "c.jpg", "nogps.jpg", "cut.jpg"):
        assert second[name]["fid"] == first[name]["fid"]
    x, y = TO_GK.transform(106.7111, 26.5811)
    assert second["a.jpg"]["xy"].x() == pytest.approx(x, abs=0.01)
    assert second["a.jpg"]["azimuth"] == pytest.approx(45.0)
    assert second["a.jpg"]["content_hash"] == first["a.jpg"]["content_hash"]  # same picture
    assert second["b.jpg"]["status"] == "unreadable"
    assert second["b.jpg"]["reason"].startswith("file_missing:")
    assert second["b.jpg"]["xy"] == first["b.jpg"]["xy"]  # its evidence is kept
    assert task.layer is shown and shown.featureCount() == 6  # reloaded, not added twice
    assert len(project.mapLayersByName(shown.name())) == 1


def test_cancelled_import_writes_nothing(tmp_path, county):
    gpkg, parcels, project = county
    folder = photo_folder(tmp_path / "photos")
    task = PhotoImportTask(
        str(folder), str(gpkg), parcels.crs(), project.transformContext(), project
    )
    task.cancel()
    assert task.run() is False
    assert not QgsVectorLayer(photos_uri(str(gpkg)), "photos", "ogr").isValid()


def test_refuses_missing_folder_and_unsaved_edits(tmp_path, county, qtbot):
    _gpkg, parcels, project = county
    with pytest.raises(LandSurveyError, match="does not exist"):
        start_import(str(tmp_path / "nowhere"), parcels, project)
    folder = photo_folder(tmp_path / "photos")
    run(start_import(str(folder), parcels, project), qtbot)
    layer = next(lyr for lyr in project.mapLayers().values() if lyr.name() != "DLTB")
    layer.startEditing()
    layer.deleteFeature(next(layer.getFeatures()).id())
    with pytest.raises(LandSurveyError, match="unsaved edits"):
        start_import(str(folder), parcels, project)
    layer.rollBack()


def orange_columns(layer: QgsVectorLayer, project: QgsProject, centre, half: float) -> list[int]:
    """Render ``layer`` around ``centre`` and return the x of every wedge-coloured pixel."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(
        QgsRectangle(centre.x() - half, centre.y() - half, centre.x() + half, centre.y() + half)
    )
    settings.setOutputSize(QSize(200, 200))
    settings.setBackgroundColor(QColor(255, 255, 255))
    context = QgsExpressionContext()
    context.appendScope(QgsExpressionContextUtils.globalScope())
    context.appendScope(QgsExpressionContextUtils.projectScope(project))
    settings.setExpressionContext(context)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    found = []
    for x in range(image.width()):
        for y in range(image.height()):
            colour = QColor(image.pixel(x, y))
            if colour.red() > 240 and 190 < colour.green() < 240 and colour.blue() < 200:
                found.append(x)
    return found


def test_wedge_follows_azimuth_and_range(tmp_path, county, qtbot):
    """East-looking camera: its wedge is drawn east of it, as long as the project says."""
    _gpkg, parcels, project = county
    folder = tmp_path / "one"
    folder.mkdir()
    jpeg(folder / "east.jpg", full_gps(26.5801, 106.7101, (9000, 100)))
    task = start_import(str(folder), parcels, project)
    run(task, qtbot)
    layer = task.layer
    apply_photo_style(layer)
    centre = next(layer.getFeatures()).geometry().asPoint()
    assert "wedge_buffer" in wedge_expression()
    long_wedge = orange_columns(layer, project, centre, 50.0)
    assert long_wedge and min(long_wedge) >= 95  # all east of the camera (x = 100 px)
    assert max(long_wedge) == pytest.approx(100 + 30 * 2, abs=3)  # default 30 m at 2 px/m
    QgsExpressionContextUtils.setProjectVariable(project, RANGE_VARIABLE, 10)
    short_wedge = orange_columns(layer, project, centre, 50.0)
    assert max(short_wedge) == pytest.approx(100 + 10 * 2, abs=3)
    assert len(short_wedge) < len(long_wedge) / 4


def test_committed_qml_is_the_code_style(qgis_app):
    """resources/styles/photos.qml (written by scripts/demo_data/styles.py) = photo_renderer()."""
    layer = QgsVectorLayer("Point?crs=EPSG:4524&field=azimuth:double", "p", "memory")
    message, ok = layer.loadNamedStyle(str(style_path("photos.qml")))
    assert ok, message
    rules = layer.renderer().rootRule().children()
    assert [r.filterExpression() for r in rules] == ['"azimuth" IS NOT NULL', '"azimuth" IS NULL']
    wedge, camera = rules[0].symbol().symbolLayers()
    assert wedge.geometryExpression() == wedge_expression()
    assert camera.path().startswith("base64:")
    assert (
        camera.dataDefinedProperties().property(QgsSymbolLayer.PropertyAngle).field() == "azimuth"
    )


def test_demo_photos_reimport_in_place(tmp_path, demo_county, qtbot):
    """The demo's photos layer is the import's schema: importing its folder updates it,
    also when its paths are stored relative to the GeoPackage."""
    county = tmp_path / "demo"
    shutil.copytree(demo_county, county)
    gpkg = county / "county.gpkg"
    before = rows(gpkg)
    # the generator wrote absolute paths into its own folder; earlier demos wrote them
    # relative to the GeoPackage: make them so, the import must still match every row
    layer = QgsVectorLayer(photos_uri(str(gpkg)), "photos", "ogr")
    index = layer.fields().indexOf("path")
    layer.dataProvider().changeAttributeValues(
        {row["fid"]: {index: f"photos/{row['file_name']}"} for row in before.values()}
    )
    project = QgsProject()
    parcels = QgsVectorLayer(f"{gpkg}|layername=DLTB", "DLTB", "ogr")
    project.addMapLayer(parcels)
    project.setCrs(parcels.crs())
    result = run(start_import(str(county / "photos"), parcels, project), qtbot)
    after = rows(gpkg)
    assert result.updated == len(before)
    assert result.added == result.photos - len(before) == 2  # the planted no-GPS and truncated
    for name, row in before.items():
        assert after[name]["fid"] == row["fid"]
        assert after[name]["xy"].distance(row["xy"]) < 0.05
        assert after[name]["azimuth"] == pytest.approx(row["azimuth"], abs=0.01, nan_ok=True)
        assert after[name]["taken_at"] == row["taken_at"]
        assert after[name]["path"] == str(county / "photos" / name)  # rewritten absolute
    project.clear()


def test_task_is_a_cancellable_qgstask(tmp_path, county):
    gpkg, parcels, project = county
    task = PhotoImportTask(str(tmp_path), str(gpkg), parcels.crs(), project.transformContext())
    assert task.flags() & QgsTask.CanCancel


def test_a_copied_county_reimports_its_photos_in_place_and_links_follow(
    tmp_path, demo_county, qtbot
):
    """The demo's photos layer points at the folder it was generated in; a copy of the county
    imported again re-points each row to the copy (same file name and content hash) instead
    of adding a second row per photo, and the links, manual ones too, follow."""
    from landsurvey_plugin.adapters.photo_links_store import PhotoLinkStore

    county = tmp_path / "copy"
    shutil.copytree(demo_county, county)
    gpkg = county / "county.gpkg"
    before = rows(gpkg)
    assert all(not row["path"].startswith(str(county)) for row in before.values())
    project = QgsProject()
    parcels = QgsVectorLayer(f"{gpkg}|layername=DLTB", "DLTB", "ogr")
    project.addMapLayer(parcels)
    project.setCrs(parcels.crs())
    photos = QgsVectorLayer(photos_uri(str(gpkg)), "photos", "ogr")
    store = PhotoLinkStore(gpkg)
    store.relink(photos, parcels)
    name, row = next((n, r) for n, r in before.items() if store.links_for_photo(r["path"]))
    store.link(row["path"], "520199000000199999")  # a manual decision on the old path
    result = run(start_import(str(county / "photos"), parcels, project), qtbot)
    after = rows(gpkg)
    hashed = [n for n, r in before.items() if r["content_hash"]]
    assert result.moved == len(hashed) and result.added == result.photos - len(hashed)
    count = QgsVectorLayer(photos_uri(str(gpkg)), "photos", "ogr").featureCount()
    assert count == len(before) + result.added  # no second row for a photo already stored
    for n in hashed:
        assert after[n]["fid"] == before[n]["fid"]
        assert after[n]["path"] == str(county / "photos" / n)
    new_path = str(county / "photos" / name)
    assert store.links_for_photo(row["path"]) == []
    assert "520199000000199999" in {link.bsm for link in store.links_for_photo(new_path)}
    project.clear()
