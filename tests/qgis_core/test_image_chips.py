"""Image chips on real GDAL rasters: the PNG is written, the imagery is under it, the
feature's outline is drawn on it, the previous image sits beside the current one."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from osgeo import gdal, osr
from qgis.PyQt.QtGui import QColor, QImage

from landsurvey_plugin.adapters.image_chips import (
    CAPTION_PX,
    GAP_PX,
    NO_DATA_RGB,
    chip_image,
    chip_window,
    write_chips,
)
from landsurvey_plugin.rules.findings import Finding

X0, Y0 = 36_500_000.0, 2_937_000.0  # EPSG:4524
PIXEL = 0.5
SIZE = 160


def srs(epsg: int) -> osr.SpatialReference:
    ref = osr.SpatialReference()
    ref.ImportFromEPSG(epsg)
    return ref


def write_raster(
    path,
    rgb: tuple[int, int, int],
    *,
    nodata_box=None,
    epsg=4524,
    dtype=gdal.GDT_Byte,
    bands: int = 3,
    scale: float = 1.0,
    origin=(X0, Y0),
) -> str:
    """A 200 m × 200 m raster of one colour (per band), with an optional nodata square."""
    n = int(200 / PIXEL)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), n, n, bands, dtype)
    ds.SetGeoTransform((origin[0], PIXEL, 0, origin[1] + 200, 0, -PIXEL))
    ds.SetProjection(srs(epsg).ExportToWkt())
    for b in range(bands):
        values = np.full((n, n), rgb[b % 3] * scale)
        values += np.tile(np.arange(n) % 7, (n, 1)) * scale  # a little texture
        band = ds.GetRasterBand(b + 1)
        band.SetNoDataValue(0)
        if nodata_box is not None:
            c0, r0, c1, r1 = nodata_box
            values[r0:r1, c0:c1] = 0
        band.WriteArray(values)
    ds.FlushCache()
    ds = None
    return str(path)


def parcel() -> shapely.Polygon:
    return shapely.box(X0 + 80, Y0 + 80, X0 + 120, Y0 + 130)


def crs_wkt() -> str:
    return srs(4524).ExportToWkt()


def rgb_at(image: QImage, x: int, y: int) -> tuple[int, int, int]:
    colour = QColor(image.pixel(x, y))
    return colour.red(), colour.green(), colour.blue()


def to_pixel(window, size: int, x: float, y: float, dx: int = 0) -> tuple[int, int]:
    x0, y0, x1, y1 = window
    return int(dx + (x - x0) / (x1 - x0) * size), int((y1 - y) / (y1 - y0) * size)


def is_outline(rgb: tuple[int, int, int]) -> bool:
    return rgb[0] > 200 and rgb[1] > 180 and rgb[2] < 90


def test_chip_png_has_the_imagery_and_the_outline(qgis_app, tmp_path):
    current = write_raster(tmp_path / "now.tif", (40, 120, 200))
    finding = Finding("imagery_x", "imagery", "warning", "DLTB", "P1", "m", parcel())
    written = write_chips(
        [finding], {"current": [current]}, tmp_path / "chips", crs_wkt(), size=SIZE
    )
    assert list(written) == [finding.identity]
    path = written[finding.identity]
    assert path.suffix == ".png" and path.stat().st_size > 0
    image = QImage(str(path))
    assert (image.width(), image.height()) == (SIZE, SIZE + CAPTION_PX)
    window = chip_window(parcel())
    # the outline: the parcel's west edge, half-way up
    x, y = to_pixel(window, SIZE, X0 + 80, Y0 + 105)
    assert any(is_outline(rgb_at(image, x + d, y)) for d in (-1, 0, 1))
    # inside the parcel, the raster's colour (blue-ish), not the outline
    x, y = to_pixel(window, SIZE, X0 + 100, Y0 + 105)
    r, g, b = rgb_at(image, x, y)
    assert abs(r - 43) < 12 and abs(g - 123) < 12 and abs(b - 203) < 12
    outline = sum(is_outline(rgb_at(image, i, j)) for i in range(SIZE) for j in range(SIZE))
    # the outline is a thin ring around a 40 × 50 m box: its perimeter in pixels, roughly
    side = SIZE / (window[2] - window[0])
    assert 1.0 * 180 * side < outline < 4.0 * 180 * side


def test_previous_image_beside_the_current_one_and_nodata_shown_grey(qgis_app, tmp_path):
    n = int(200 / PIXEL)
    hole = (int(60 / PIXEL), 0, int(70 / PIXEL), n)  # a 10 m strip west of the parcel
    current = write_raster(tmp_path / "now.tif", (200, 60, 40), nodata_box=hole)
    previous = write_raster(tmp_path / "before.tif", (40, 160, 60))
    image = chip_image(
        parcel(), [current], [previous], crs_wkt(), size=SIZE, captions=("2024", "2023")
    )
    assert image is not None
    assert image.width() == 2 * SIZE + GAP_PX
    window = chip_window(parcel())
    x, y = to_pixel(window, SIZE, X0 + 100, Y0 + 105)
    assert rgb_at(image, x, y)[0] > 180  # current: red
    right = rgb_at(image, x + SIZE + GAP_PX, y)
    assert right[1] > 140 and right[0] < 80  # previous: green
    xe, ye = to_pixel(window, SIZE, X0 + 80, Y0 + 105, dx=SIZE + GAP_PX)
    assert any(is_outline(rgb_at(image, xe + d, ye)) for d in (-1, 0, 1))
    xh, yh = to_pixel(window, SIZE, X0 + 65, Y0 + 105)
    assert rgb_at(image, xh, yh) == NO_DATA_RGB


def test_sixteen_bit_single_band_raster_in_another_crs(qgis_app, tmp_path):
    # UTM 48N (EPSG:32648) coordinates of the same place, read by GDAL's warp
    from pyproj import Transformer

    to_utm = Transformer.from_crs(4524, 32648, always_xy=True)
    ux, uy = to_utm.transform(X0, Y0)
    path = write_raster(tmp_path / "utm16.tif", (900, 900, 900), epsg=32648, dtype=gdal.GDT_UInt16,
                        bands=1, origin=(ux - 50, uy - 50))  # fmt: skip
    image = chip_image(parcel(), [path], None, crs_wkt(), size=SIZE)
    assert image is not None and image.width() == SIZE
    window = chip_window(parcel())
    x, y = to_pixel(window, SIZE, X0 + 100, Y0 + 105)
    r, g, b = rgb_at(image, x, y)
    assert r == g == b  # one band shown grey, stretched from 16 bits


def test_no_chip_where_no_imagery_and_only_for_imagery_findings(qgis_app, tmp_path):
    current = write_raster(tmp_path / "now.tif", (40, 120, 200))
    far = shapely.box(X0 + 5000, Y0 + 5000, X0 + 5040, Y0 + 5040)
    findings = [
        Finding("imagery_x", "imagery", "warning", "DLTB", "FAR", "m", far),
        Finding("dltb_overlap", "topology", "error", "DLTB", "P2", "m", parcel()),
        Finding("imagery_y", "imagery", "warning", "DLTB", "NOGEOM", "m", None),
    ]
    image = chip_image(far, [current], None, crs_wkt(), size=SIZE)
    assert image is not None  # the window reads as nodata: grey, outlined
    assert rgb_at(image, 3, 3) == NO_DATA_RGB
    written = write_chips(findings, {"current": [current]}, tmp_path / "c", crs_wkt(), size=SIZE)
    assert [k[2] for k in written] == ["FAR"]
    assert write_chips(findings, {}, tmp_path / "d", crs_wkt()) == {}


@pytest.mark.parametrize("limit", [0, 1])
def test_limit(qgis_app, tmp_path, limit):
    current = write_raster(tmp_path / "now.tif", (40, 120, 200))
    findings = [
        Finding("imagery_x", "imagery", "warning", "DLTB", f"P{i}", "m", parcel()) for i in range(3)
    ]
    written = write_chips(
        findings, {"current": [current]}, tmp_path / "c", crs_wkt(), size=64, limit=limit
    )
    assert len(written) == limit


def test_html_report_links_the_chips_saved_beside_it(qgis_app, tmp_path):
    from landsurvey_plugin.adapters.image_chips import report_chips
    from landsurvey_plugin.adapters.report_files import write_html
    from landsurvey_plugin.rules.engine import CheckRun

    current = write_raster(tmp_path / "now.tif", (40, 120, 200))
    previous = write_raster(tmp_path / "before.tif", (40, 160, 60))
    findings = [
        Finding("imagery_x", "imagery", "warning", "DLTB", "P1", "P1 看起来像建设用地", parcel()),
        Finding("dltb_overlap", "topology", "error", "DLTB", "P2", "P2 重叠", parcel()),
    ]
    report = tmp_path / "out" / "report.html"
    report.parent.mkdir()
    chips = report_chips(
        findings, {"current": [current], "previous": [previous]}, report, crs_wkt(), size=64
    )
    assert [p.parent.name for p in chips.values()] == ["report_chips"]
    write_html(CheckRun(findings=findings), report, title="t", chips=chips)
    text = report.read_text(encoding="utf-8")
    src = f"report_chips/{chips[findings[0].identity].name}"
    assert text.count('<img class="chip"') == 1
    assert f'src="{src}"' in text
    assert (report.parent / src).is_file()
    assert QImage(str(report.parent / src)).width() == 2 * 64 + GAP_PX
