"""Build the layer styles in ``resources/styles/`` with the QGIS API (QGIS 3.22 QML).

Run ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m scripts.demo_data.styles`` after a
change here; the generated ``.qml`` files are committed, so the plugin never runs this.
Colours follow the usual 三调 land-use map palette by level-1 class (approximate: the
standard's colour table was not available).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LEVEL1 = {  # code: (name, RGB)
    "01": ("耕地", (245, 230, 120)),
    "02": ("种植园用地", (240, 170, 100)),
    "03": ("林地", (55, 160, 70)),
    "04": ("草地", (165, 220, 115)),
    "05": ("商业服务业用地", (230, 80, 80)),
    "06": ("工矿用地", (200, 120, 125)),
    "07": ("住宅用地", (245, 120, 110)),
    "08": ("公共管理与公共服务用地", (235, 135, 185)),
    "09": ("特殊用地", (170, 60, 120)),
    "10": ("交通运输用地", (175, 175, 175)),
    "11": ("水域及水利设施用地", (120, 180, 240)),
    "12": ("其他土地", (210, 200, 170)),
}
HATCHES = {  # single layers: colour and hatch angle
    "ttq": ((175, 100, 30), 45.0),
    "gfbq": ((30, 80, 210), 0.0),
    "ccwjq": ((150, 50, 170), 135.0),
    "gchzz": ((0, 150, 140), 90.0),
}
LABEL_MAX_SCALE = 5000  # labels only at 1:5000 and larger


def _colour(rgb, alpha: int = 255):
    from qgis.PyQt.QtGui import QColor

    return QColor(*rgb, alpha)


def _layer(geometry: str, fields: list[str]):
    from qgis.core import QgsVectorLayer

    spec = "&".join(f"field={f}:string" for f in fields)
    return QgsVectorLayer(f"{geometry}?crs=EPSG:4524&{spec}", "style", "memory")


LABEL_FONT = "WenQuanYi Micro Hei"  # installed by scripts/setup.sh (fonts-wqy-microhei)


def _labels(expression: str, size: float, max_scale: int | None):
    from qgis.core import (
        QgsPalLayerSettings,
        QgsTextBufferSettings,
        QgsTextFormat,
        QgsVectorLayerSimpleLabeling,
    )

    settings = QgsPalLayerSettings()
    settings.fieldName = expression
    settings.isExpression = True
    settings.placement = QgsPalLayerSettings.OverPoint
    from qgis.PyQt.QtGui import QFont

    fmt = QgsTextFormat()
    fmt.setFont(QFont(LABEL_FONT))  # a CJK font: QGIS's default has no Chinese glyphs
    fmt.setSize(size)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(0.8)
    fmt.setBuffer(buffer)
    settings.setFormat(fmt)
    if max_scale:
        settings.scaleVisibility = True
        settings.minimumScale = max_scale  # most zoomed-out scale at which labels show
        settings.maximumScale = 1
    return QgsVectorLayerSimpleLabeling(settings)


def dltb_style(out: Path) -> None:
    from qgis.core import QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsRendererCategory

    layer = _layer("MultiPolygon", ["TBBH", "DLBM"])
    categories = []
    for code, (name, rgb) in LEVEL1.items():
        symbol = QgsFillSymbol.createSimple(
            {
                "color": ",".join(map(str, (*rgb, 150))),
                "outline_color": "90,90,90,255",
                "outline_width": "0.15",
            }
        )
        categories.append(QgsRendererCategory(code, symbol, f"{code} {name}"))
    other = QgsFillSymbol.createSimple({"color": "200,200,200,120", "outline_color": "90,90,90"})
    categories.append(QgsRendererCategory("", other, "其他编码"))
    renderer = QgsCategorizedSymbolRenderer('left("DLBM", 2)', categories)
    layer.setRenderer(renderer)
    layer.setLabeling(_labels('"TBBH" || \'\\n\' || "DLBM"', 8, LABEL_MAX_SCALE))
    layer.setLabelsEnabled(True)
    _save(layer, out / "dltb.qml")


def outline_style(
    out: Path,
    name: str,
    rgb,
    width: float,
    dash: str,
    label: str | None,
    max_scale: int | None = None,
) -> None:
    from qgis.core import QgsFillSymbol, QgsSingleSymbolRenderer

    layer = _layer("MultiPolygon", ["XZQMC", "ZLDWMC"])
    symbol = QgsFillSymbol.createSimple(
        {
            "style": "no",
            "outline_color": ",".join(map(str, (*rgb, 255))),
            "outline_width": str(width),
            "outline_style": dash,
        }
    )
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    if max_scale:  # hide the layer when zoomed out further than 1:max_scale
        layer.setScaleBasedVisibility(True)
        layer.setMinimumScale(max_scale)
        layer.setMaximumScale(1)
    if label:
        layer.setLabeling(_labels(f'"{label}"', 11, None))
        layer.setLabelsEnabled(True)
    _save(layer, out / name)


def hatch_style(out: Path, name: str, rgb, angle: float) -> None:
    from qgis.core import (
        QgsFillSymbol,
        QgsLinePatternFillSymbolLayer,
        QgsSimpleLineSymbolLayer,
        QgsSingleSymbolRenderer,
    )

    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(angle)
    hatch.setDistance(1.6)
    hatch.setColor(_colour(rgb))
    hatch.setLineWidth(0.3)
    hatch.subSymbol().setColor(_colour(rgb))
    symbol = QgsFillSymbol()
    symbol.changeSymbolLayer(0, hatch)  # the symbol takes ownership (sip /Transfer/)
    symbol.appendSymbolLayer(QgsSimpleLineSymbolLayer(_colour(rgb), 0.6))
    layer = _layer("MultiPolygon", ["BSM"])
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    _save(layer, out / name)


def photo_style(out: Path) -> None:
    """Cameras rotated to their azimuth with a view wedge: the renderer the photo import applies."""
    from landsurvey_plugin.adapters.photo_store import photo_renderer
    from landsurvey_plugin.model.photo_exif import PHOTO_FIELDS

    layer = _layer("Point", [name for name, _, _ in PHOTO_FIELDS])
    # the shipped style names both languages, like the demo's layer names
    layer.setRenderer(photo_renderer(("相机与视域 camera and view wedge", "无方向 no direction")))
    _save(layer, out / "photos.qml")


def _save(layer, path: Path) -> None:
    message, ok = layer.saveNamedStyle(str(path))
    if not ok:
        raise RuntimeError(f"cannot write {path}: {message}")


def build(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    dltb_style(out)
    outline_style(out, "dltb_2023.qml", (255, 120, 0), 0.3, "dash", None, 10000)
    outline_style(out, "xzq.qml", (120, 0, 120), 1.4, "dash dot", "XZQMC")
    outline_style(out, "cjdcq.qml", (60, 60, 60), 0.6, "dash", "ZLDWMC")
    for name, (rgb, angle) in HATCHES.items():
        hatch_style(out, f"{name}.qml", rgb, angle)
    photo_style(out)
    return sorted(out.glob("*.qml"))


if __name__ == "__main__":
    from qgis.core import QgsApplication

    from landsurvey_plugin.toolbelt.paths import resources_dir

    app = QgsApplication([], False)
    app.initQgis()
    for p in build(resources_dir() / "styles"):
        print(p)
