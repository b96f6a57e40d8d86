"""The photo viewer dock on the demo county: real project, GeoPackage, link store and JPEGs."""

from __future__ import annotations

import io
import json
import shutil
from collections import Counter
from pathlib import Path

import piexif
import pytest
from PIL import Image
from qgis.core import (
    Qgis,
    QgsCoordinateTransform,
    QgsExpressionContextUtils,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QPoint, Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QLabel, QListView, QToolButton

from landsurvey_plugin.adapters.photo_links_store import PhotoLinkStore
from landsurvey_plugin.adapters.photo_store import FOV_VARIABLE, RANGE_VARIABLE
from landsurvey_plugin.gui.photo_dock import DOCK_NAME, VIEW_BOX, PhotoDock
from landsurvey_plugin.gui.photo_map_tool import PhotoMapTool
from landsurvey_plugin.model.photo_links import MANUAL_LINK, LinkSettings
from landsurvey_plugin.model.profile import load_profile


@pytest.fixture
def county(demo_county, tmp_path, qgis_iface):
    """A private copy of the demo county, photos linked, opened as the current project."""
    folder = tmp_path / "county"
    shutil.copytree(demo_county, folder)
    project = QgsProject.instance()
    assert project.read(str(folder / "county.qgs"))
    PhotoLinkStore(str(folder / "county.gpkg")).relink(
        layer_named("photos"), layer_named("DLTB"), LinkSettings()
    )
    yield folder
    project.clear()


@pytest.fixture
def dock(county, qgis_iface, qgis_canvas, qtbot):
    qgis_canvas.setDestinationCrs(layer_named("DLTB").crs())
    widget = PhotoDock(
        qgis_canvas, load_profile("2024-national"), QgsProject.instance(), qgis_iface.messageBar()
    )
    qtbot.addWidget(widget)
    widget.resize(700, 900)
    widget.show()
    yield widget
    widget.dispose()


def layer_named(table: str) -> QgsVectorLayer:
    return next(
        layer
        for layer in QgsProject.instance().mapLayers().values()
        if layer.name().split()[-1] == table
    )


def store_of(county: Path) -> PhotoLinkStore:
    return PhotoLinkStore(str(county / "county.gpkg"))


def parcel_with_photos(county: Path, count: int) -> str:
    """A BSM the demo links at least ``count`` photos to."""
    layer = layer_named("photos")
    store = store_of(county)
    per_bsm = Counter(
        link.bsm for f in layer.getFeatures() for link in store.links_for_photo(f["path"])
    )
    return next(bsm for bsm, n in per_bsm.most_common() if n >= count)


def select_parcel(bsm: str) -> None:
    layer = layer_named("DLTB")
    layer.selectByExpression(f"\"BSM\" = '{bsm}'")
    assert layer.selectedFeatureCount() == 1


def write_jpeg(path: Path, size: tuple[int, int], orientation: int = 1) -> None:
    """A JPEG whose left half is red and right half blue, with an EXIF orientation."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    exif = piexif.dump({"0th": {piexif.ImageIFD.Orientation: orientation}})
    image.save(buffer, "JPEG", quality=90, exif=exif)
    path.write_bytes(buffer.getvalue())


def test_dock_and_children_have_object_names(dock):
    assert dock.objectName() == DOCK_NAME
    for name in (
        "LandSurveyPhotoImport",
        "LandSurveyPhotoRelink",
        "LandSurveyPhotoPick",
        "LandSurveyPhotoPrev",
        "LandSurveyPhotoNext",
        "LandSurveyPhotoOpen",
        "LandSurveyPhotoLink",
        "LandSurveyPhotoUnlink",
    ):
        assert dock.findChild(QToolButton, name) is not None, name
    assert dock.findChild(QListView, "LandSurveyPhotoStrip").viewMode() == QListView.IconMode
    for name in ("LandSurveyPhotoView", "LandSurveyPhotoMetadata", "LandSurveyPhotoParcel"):
        assert dock.findChild(QLabel, name) is not None, name


def test_selecting_a_parcel_shows_its_photos(dock, county, qtbot):
    bsm = parcel_with_photos(county, 1)
    expected = {link.photo_path for link in store_of(county).links_for_parcel(bsm)}
    with qtbot.waitSignal(dock.photos_listed) as listed:
        select_parcel(bsm)
    assert listed.args == [len(expected)]
    assert {entry.key for entry in dock.entries} == expected
    assert all(entry.link is not None and entry.link.bsm == bsm for entry in dock.entries)
    assert bsm in dock.parcel_label.text()
    strip = dock.findChild(QListView, "LandSurveyPhotoStrip")
    assert strip.model().rowCount() == len(expected)
    qtbot.waitUntil(lambda: dock.view_image is not None)
    entry = dock.current_entry()
    assert f"{entry.attributes['azimuth']:.1f}°" in dock.metadata.text()
    assert entry.attributes["taken_at"].replace("T", " ") in dock.metadata.text()
    # the thumbnails arrive too
    qtbot.waitUntil(lambda: all(e.path in dock.strip_model.pixmaps for e in dock.entries))
    # the camera and its wedge are on the map, the wedge starts at the camera
    wedge = dock.wedge_geometry()
    assert not wedge.isEmpty()
    camera = QgsGeometry.fromPointXY(entry.point)
    assert wedge.distance(camera) < 0.01
    # 60° of a 30 m circle: π·30²/6 ≈ 471 m² (polygonised arc, GK metres)
    assert 440 < wedge.area() < 480
    # the project variables the photo symbology draws its wedges with size the highlight too
    QgsExpressionContextUtils.setProjectVariable(QgsProject.instance(), FOV_VARIABLE, 90)
    QgsExpressionContextUtils.setProjectVariable(QgsProject.instance(), RANGE_VARIABLE, 40)
    dock.show_selected_parcel()
    assert 1200 < dock.wedge_geometry().area() < 1260  # π·40²/4 ≈ 1257 m²


def test_prev_next_buttons_and_keys(dock, county, qtbot):
    bsm = parcel_with_photos(county, 2)
    select_parcel(bsm)
    assert len(dock.entries) >= 2
    prev = dock.findChild(QToolButton, "LandSurveyPhotoPrev")
    nxt = dock.findChild(QToolButton, "LandSurveyPhotoNext")
    assert dock.current == 0 and not prev.isEnabled() and nxt.isEnabled()
    first = dock.current_entry().path
    with qtbot.waitSignal(dock.photo_shown) as shown:
        nxt.click()
    assert dock.current == 1 and shown.args == [dock.entries[1].path] != [first]
    assert dock.position_label.text() == f"2 / {len(dock.entries)}"
    assert prev.isEnabled()
    dock.strip.setFocus()
    with qtbot.waitSignal(dock.photo_shown) as shown:
        QTest.keyClick(dock.strip, Qt.Key_Left)
    assert dock.current == 0 and shown.args == [first]


def test_exif_orientation_is_honoured(dock, county, qtbot):
    path = county / "photos" / "rotated.jpg"
    write_jpeg(path, (400, 200), orientation=6)  # stored landscape, shown rotated 90° cw
    dock.open_photo(str(path))
    qtbot.waitUntil(lambda: dock.view_image is not None)
    image = dock.view_image
    assert (image.width(), image.height()) == (200, 400)
    # the stored left (red) half is on top after a 90° clockwise turn
    top, bottom = image.pixelColor(100, 20), image.pixelColor(100, 380)
    assert top.red() > 200 and top.blue() < 60
    assert bottom.blue() > 200 and bottom.red() < 60


def test_large_photo_loads_without_blocking_and_scaled(dock, county, qtbot):
    path = county / "photos" / "large.jpg"
    write_jpeg(path, (6000, 4000))
    dock.open_photo(str(path))
    # open_photo returned: the decode runs in a worker and arrives through the event loop
    assert dock.view_image is None
    assert "large.jpg" in dock.view.text()
    qtbot.waitUntil(lambda: dock.view_image is not None)
    assert dock.view_image.width() <= VIEW_BOX.width()
    assert dock.view_image.height() <= VIEW_BOX.height()
    assert dock.view_image.width() == VIEW_BOX.width()  # 3:2 fits the 4:3 box by width


def test_stale_loads_are_dropped(dock, county, qtbot):
    first, second = county / "photos" / "first.jpg", county / "photos" / "second.jpg"
    write_jpeg(first, (3000, 2000))
    write_jpeg(second, (200, 400))
    shown: list[str] = []
    dock.photo_shown.connect(shown.append)
    dock.open_photo(str(first))
    dock.open_photo(str(second))  # the user moved on before the first arrived
    qtbot.waitUntil(lambda: dock.view_image is not None)
    qtbot.wait(200)
    dock.loader.pool.waitForDone()
    qtbot.wait(50)
    assert shown == [str(second)]
    assert (dock.view_image.width(), dock.view_image.height()) == (200, 400)


def test_corrupt_jpeg_shows_a_specific_message(dock, county, qtbot):
    source = next((county / "photos").glob("*.jpg"))
    broken = county / "photos" / "broken.jpg"
    broken.write_bytes(source.read_bytes()[:160])  # cut inside the EXIF header
    with qtbot.waitSignal(dock.photo_failed) as failed:
        dock.open_photo(str(broken))
    message = failed.args[0]
    assert "broken.jpg" in message and "damaged or incomplete" in message
    assert dock.view.text() == message and dock.view_image is None
    missing = county / "photos" / "gone.jpg"
    with qtbot.waitSignal(dock.photo_failed) as failed:
        dock.open_photo(str(missing))
    assert "missing" in failed.args[0] and str(missing) in failed.args[0]


def test_manual_link_survives_relink(dock, county, qtbot):
    bsm = parcel_with_photos(county, 1)
    store = store_of(county)
    other = next(
        f["path"]
        for f in layer_named("photos").getFeatures()
        if all(link.bsm != bsm for link in store.links_for_photo(f["path"]))
    )
    select_parcel(bsm)
    dock.open_photo(other)  # from the map: it opens and selects its own parcel
    select_parcel(bsm)  # back to the parcel: the opened photo stays in the strip, unlinked
    entry = dock.current_entry()
    assert entry.key == other and entry.link is None
    link_button = dock.findChild(QToolButton, "LandSurveyPhotoLink")
    assert link_button.isEnabled()
    link_button.click()
    assert dock.current_entry().key == other and dock.current_entry().link is not None
    assert dock.current_entry().link.manual == MANUAL_LINK
    with qtbot.waitSignal(dock.task_finished, timeout=60_000) as done:
        dock.findChild(QToolButton, "LandSurveyPhotoRelink").click()
    assert done.args == ["link"]
    kept = [link for link in store_of(county).links_for_parcel(bsm) if link.photo_path == other]
    assert kept and kept[0].manual == MANUAL_LINK
    dock.pinned = None
    dock.show_selected_parcel()
    assert other in {entry.key for entry in dock.entries}
    # and unlinking by hand takes it out of the parcel's links
    dock.set_current(next(k for k, e in enumerate(dock.entries) if e.key == other))
    dock.findChild(QToolButton, "LandSurveyPhotoUnlink").click()
    assert other not in {link.photo_path for link in store_of(county).links_for_parcel(bsm)}


def test_clicking_a_camera_opens_it_and_selects_its_parcel(dock, county, qgis_canvas, qtbot):
    photos, parcels = layer_named("photos"), layer_named("DLTB")
    store = store_of(county)
    feature = next(f for f in photos.getFeatures() if store.links_for_photo(f["path"]))
    best = max(store.links_for_photo(feature["path"]), key=lambda link: link.confidence)
    parcels.removeSelection()
    qgis_canvas.resize(600, 600)
    qgis_canvas.show()
    camera = feature.geometry().asPoint()
    to_canvas = QgsCoordinateTransform(
        photos.crs(), qgis_canvas.mapSettings().destinationCrs(), QgsProject.instance()
    )
    centre = to_canvas.transform(camera)
    qgis_canvas.setCenter(centre)
    qgis_canvas.zoomScale(2000)
    qgis_canvas.refresh()
    dock.findChild(QToolButton, "LandSurveyPhotoPick").click()
    tool = qgis_canvas.mapTool()
    assert isinstance(tool, PhotoMapTool)
    pixel = qgis_canvas.getCoordinateTransform().transform(QgsPointXY(centre))
    click = QPoint(round(pixel.x()) + 3, round(pixel.y()) - 2)  # a few pixels off the point
    with qtbot.waitSignal(tool.photo_clicked):
        QTest.mouseClick(qgis_canvas.viewport(), Qt.LeftButton, Qt.NoModifier, click)
    selected = [f["BSM"] for f in parcels.getSelectedFeatures()]
    assert selected == [best.bsm]
    assert dock.current_entry().key == feature["path"]
    qtbot.waitUntil(lambda: dock.view_image is not None)
    # a click away from every camera selects the parcel under it instead
    corner = qgis_canvas.getCoordinateTransform().toMapCoordinates(2, 2)
    to_parcels = QgsCoordinateTransform(
        qgis_canvas.mapSettings().destinationCrs(), parcels.crs(), QgsProject.instance()
    )
    under = [
        f["BSM"]
        for f in parcels.getFeatures()
        if f.geometry().intersects(QgsGeometry.fromPointXY(to_parcels.transform(corner)))
    ]
    assert len(under) == 1 and under != [best.bsm]
    with qtbot.waitSignal(tool.missed):
        QTest.mouseClick(qgis_canvas.viewport(), Qt.LeftButton, Qt.NoModifier, QPoint(2, 2))
    assert [f["BSM"] for f in parcels.getSelectedFeatures()] == under
    assert dock.parcel_bsm == under[0] and dock.pinned is None
    dock.findChild(QToolButton, "LandSurveyPhotoPick").click()
    assert qgis_canvas.mapTool() is not tool


def test_demo_truths_link_their_parcels(dock, county, qtbot):
    """The generator's own record of which photo documents which parcel is what the dock
    shows for that parcel."""
    targets = json.loads((county / "defects.json").read_text(encoding="utf-8"))["photo_targets"]
    located = {f["file_name"] for f in layer_named("photos").getFeatures()}
    name, bsm = next((n, b) for n, b in sorted(targets.items()) if n in located)
    select_parcel(bsm)
    assert name in {entry.file_name for entry in dock.entries}


def test_plugin_action_shows_the_dock_and_unload_removes_it(county, qgis_iface, qtbot):
    from qgis.PyQt.QtCore import QCoreApplication, QEvent
    from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QToolBar

    from landsurvey_plugin import classFactory

    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        toolbar = qgis_iface.mainWindow().findChild(QToolBar, "LandSurveyToolbar")
        assert "LandSurveyPhotos" in [a.objectName() for a in toolbar.actions()]
        dock = qgis_iface.mainWindow().findChild(QDockWidget, DOCK_NAME)
        assert dock is plugin.photo_dock and dock.isHidden()
        bsm = parcel_with_photos(county, 1)
        select_parcel(bsm)
        plugin.actions["LandSurveyPhotos"].trigger()
        assert not dock.isHidden()
        assert dock.parcel_bsm == bsm and dock.entries
    finally:
        plugin.unload()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    assert [w for w in QApplication.allWidgets() if w.objectName() == DOCK_NAME] == []


def test_import_button_reports_placed_and_unplaced(dock, county, qgis_iface, qtbot):
    bar = qgis_iface.messageBar()
    bar.clear_messages()
    with qtbot.waitSignal(dock.task_finished, timeout=120_000) as done:
        task = dock.start_import(str(county / "photos"))
        assert task is not None
    assert done.args == ["import"]
    defects = json.loads((county / "defects.json").read_text(encoding="utf-8"))
    unplaced = [d for d in defects["defects"] if d["kind"] in ("no_gps", "truncated")]
    files = list((county / "photos").glob("*.jpg"))
    message = next(m for m in bar.get_messages(Qgis.Warning) if "photos read" in m)
    assert f"{len(files)} photos read" in message
    assert f"{len(files) - len(unplaced)} placed, {len(unplaced)} without position" in message
    for kind, n in Counter(d["kind"] for d in unplaced).items():
        assert f"{kind} ×{n}" in message  # why, by reason code
    # the imported layer (absolute paths) is what the dock now reads
    assert str(files[0].resolve()) in dock.index()
    # after linking, each file shows once, with the import's row (absolute path, camera)
    store_of(county).relink(dock.photos_layer, layer_named("DLTB"), LinkSettings())
    bsm = parcel_with_photos(county, 1)
    select_parcel(bsm)
    paths = [entry.path for entry in dock.entries]
    assert paths and len(paths) == len(set(paths))
    assert all(Path(entry.key).is_absolute() for entry in dock.entries)


def test_real_corpus_every_file_shows_or_says_why(corpora, dock, qtbot):
    """The ~290 real files (many cameras, broken ones, HEIC, RAW, sidecars): each decodes
    scaled with its orientation, or gives a specific reason — nothing raises."""
    import csv

    from landsurvey_plugin.gui.photo_loader import (
        EMPTY,
        MISSING,
        THUMB_SIZE,
        UNREADABLE,
        UNSUPPORTED,
        read_image,
    )

    root = corpora / "photos"
    rows = list(csv.DictReader((root / "manifest.csv").open(encoding="utf-8")))
    outcomes: Counter = Counter()
    for row in rows:
        image, failure = read_image(str(root / row["path"]), THUMB_SIZE)
        if row["format"] == "jpeg" and (root / row["path"]).is_file():
            assert failure is None, (row["path"], failure)  # every JPEG shows
        if failure is None:
            assert image.width() <= THUMB_SIZE.width() and image.height() <= THUMB_SIZE.height()
            outcomes["ok"] += 1
            continue
        assert failure.reason in (MISSING, EMPTY, UNREADABLE, UNSUPPORTED), row["path"]
        assert failure.detail, row["path"]
        outcomes[failure.reason] += 1
        if row["format"].startswith("isobmff:heic"):
            assert failure.reason == UNSUPPORTED, row["path"]
    assert outcomes["ok"] and outcomes[UNSUPPORTED]
    # in the dock: a HEIC photo says it is the format, not damage
    heic = next(root / r["path"] for r in rows if r["format"] == "isobmff:heic")
    with qtbot.waitSignal(dock.photo_failed) as failed:
        dock.open_photo(str(heic))
    assert heic.name in failed.args[0] and "HEIC" in failed.args[0]
    assert "damaged" not in failed.args[0]


def test_queued_thumbnails_of_a_gone_strip_are_taken_back(tmp_path, qtbot):
    from landsurvey_plugin.gui.photo_loader import THUMB_SIZE, ImageLoader

    paths = []
    for k in range(12):
        path = tmp_path / f"p{k}.jpg"
        write_jpeg(path, (3000, 2000))
        paths.append(str(path))
    loader = ImageLoader(threads=1)
    loaded: list[str] = []
    loader.loaded.connect(lambda _request, path, _image: loaded.append(path))
    for path in paths[:-1]:
        loader.request(f"thumb:{path}", path, THUMB_SIZE)
    for path in paths[:-1]:
        loader.cancel(f"thumb:{path}")  # the user moved to another parcel
    loader.request(f"thumb:{paths[-1]}", paths[-1], THUMB_SIZE)
    qtbot.waitUntil(lambda: paths[-1] in loaded)
    loader.dispose()
    qtbot.wait(50)  # anything still posted would arrive now
    assert len(loaded) < len(paths), "the queued decodes of the old strip were not run"
