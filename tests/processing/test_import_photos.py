"""``landsurvey:importphotos`` via processing.run and through ``qgis_process.bin``."""

from __future__ import annotations

import pytest
from pyproj import Transformer
from qgis.core import QgsProject, QgsVectorLayer, QgsWkbTypes

from landsurvey_plugin.model.photo_exif import PHOTO_FIELDS
from tests.processing.test_qgis_process import QGIS_PROCESS, qgis_process
from tests.pure.test_photo_exif import full_gps, jpeg

EPSG = 4524
PHOTOS = {"a.jpg": (26.5801, 106.7101, 9000), "deep/b.jpg": (26.5802, 106.7102, 27000)}


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "photos"
    (root / "deep").mkdir(parents=True)
    for name, (lat, lon, az) in PHOTOS.items():
        jpeg(root / name, full_gps(lat, lon, (az, 100)))
    jpeg(root / "nogps.jpg", {})
    gps = full_gps()
    gps.pop(2)  # GPSLatitude
    jpeg(root / "deep" / "lononly.jpg", gps)
    (root / "empty.jpg").write_bytes(b"")
    (root / "readme.txt").write_text("not a photo", encoding="utf-8")
    return root


def by_name(layer: QgsVectorLayer) -> dict[str, dict]:
    found = {}
    for feature in layer.getFeatures():
        row = dict(zip(layer.fields().names(), feature.attributes()))
        row["geometry"] = feature.geometry()
        found[row["file_name"]] = row
    return found


def test_importphotos_with_unplaced(landsurvey_provider, folder, tmp_path):
    import processing

    result = processing.run(
        "landsurvey:importphotos",
        {
            "FOLDER": str(folder),
            "TARGET_CRS": f"EPSG:{EPSG}",
            "OUTPUT": str(tmp_path / "photos.gpkg"),
            "UNPLACED": str(tmp_path / "unplaced.gpkg"),
        },
    )
    assert (result["PHOTOS"], result["PLACED"], result["UNPLACED_COUNT"]) == (5, 2, 3)
    layer = QgsVectorLayer(result["OUTPUT"], "photos", "ogr")
    assert layer.isValid() and layer.crs().authid() == f"EPSG:{EPSG}"
    assert layer.wkbType() == QgsWkbTypes.Point
    assert [n for n in layer.fields().names() if n != "fid"] == [f[0] for f in PHOTO_FIELDS]
    rows = by_name(layer)
    assert set(rows) == {"a.jpg", "b.jpg", "nogps.jpg", "lononly.jpg", "empty.jpg"}
    to_gk = Transformer.from_crs("EPSG:4490", f"EPSG:{EPSG}", always_xy=True)
    for name, (lat, lon, az) in PHOTOS.items():
        row = rows[name.split("/")[-1]]
        x, y = to_gk.transform(lon, lat)
        point = row["geometry"].asPoint()
        assert (point.x(), point.y()) == (pytest.approx(x, abs=0.01), pytest.approx(y, abs=0.01))
        assert row["azimuth"] == pytest.approx(az / 100) and row["status"] == "ok"
    assert rows["nogps.jpg"]["geometry"].isEmpty()
    assert rows["nogps.jpg"]["reason"].startswith("no_gps:")
    assert rows["lononly.jpg"]["reason"].startswith("lon_without_lat:")
    assert rows["empty.jpg"]["status"] == "unreadable"
    unplaced = QgsVectorLayer(result["UNPLACED"], "unplaced", "ogr")
    assert unplaced.wkbType() == QgsWkbTypes.NoGeometry
    assert {f["file_name"]: f["reason"].split(":")[0] for f in unplaced.getFeatures()} == {
        "nogps.jpg": "no_gps",
        "lononly.jpg": "lon_without_lat",
        "empty.jpg": "empty_file",
    }


def test_importphotos_defaults_to_project_crs(landsurvey_provider, folder, tmp_path):
    import processing

    QgsProject.instance().setCrs(QgsVectorLayer(f"Point?crs=EPSG:{EPSG}", "x", "memory").crs())
    try:
        result = processing.run(
            "landsurvey:importphotos",
            {"FOLDER": str(folder), "OUTPUT": str(tmp_path / "p.gpkg")},
        )
    finally:
        QgsProject.instance().clear()
    assert QgsVectorLayer(result["OUTPUT"], "p", "ogr").crs().authid() == f"EPSG:{EPSG}"
    assert "UNPLACED" not in result


def test_importphotos_missing_folder(landsurvey_provider, tmp_path):
    import processing
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException):
        processing.run(
            "landsurvey:importphotos",
            {"FOLDER": str(tmp_path / "none"), "OUTPUT": str(tmp_path / "p.gpkg")},
        )


@pytest.mark.skipif(not QGIS_PROCESS.exists(), reason="qgis_process.bin not installed")
def test_qgis_process_runs_importphotos(packaged_plugin, folder, tmp_path):
    _, zip_path = packaged_plugin
    out = tmp_path / "out.gpkg"
    payload = qgis_process(
        zip_path,
        tmp_path,
        "landsurvey:importphotos",
        f"FOLDER={folder}",
        f"TARGET_CRS=EPSG:{EPSG}",
        f"OUTPUT={out}",
    )
    assert payload["results"]["PLACED"] == 2 and payload["results"]["PHOTOS"] == 5
    layer = QgsVectorLayer(f"{out}|layername=out", "out", "ogr")
    if not layer.isValid():
        layer = QgsVectorLayer(str(out), "out", "ogr")
    rows = by_name(layer)
    assert rows["a.jpg"]["status"] == "ok" and rows["nogps.jpg"]["geometry"].isEmpty()
