"""Run inside the QGIS desktop (``qgis --code``): record what loaded, take a screenshot, quit.

Writes JSON to ``$LANDSURVEY_PROBE_OUT`` and a PNG to ``$LANDSURVEY_SCREENSHOT``. With
``LANDSURVEY_KEEP_OPEN=1`` QGIS stays open after the screenshot (a newcomer with a screen).
"""

import json
import os

import qgis.utils
from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QToolBar
from qgis.utils import iface


def _facts() -> dict:
    window = iface.mainWindow()
    toolbar = window.findChild(QToolBar, "LandSurveyToolbar")
    provider = QgsApplication.processingRegistry().providerById("landsurvey")
    layers = QgsProject.instance().mapLayers().values()
    return {
        "active_plugins": list(qgis.utils.active_plugins),
        "plugin_loaded": "landsurvey_plugin" in qgis.utils.plugins,
        "toolbar": toolbar is not None and toolbar.isVisible(),
        "toolbar_actions": [a.objectName() for a in toolbar.actions()] if toolbar else [],
        "toolbar_texts": [a.text() for a in toolbar.actions()] if toolbar else [],
        "provider": provider is not None,
        "algorithms": [a.id() for a in provider.algorithms()] if provider else [],
        "project": QgsProject.instance().fileName(),
        "layers": sorted(layer.name() for layer in layers),
        "invalid_layers": sorted(layer.name() for layer in layers if not layer.isValid()),
        "qgis_version": qgis.core.Qgis.QGIS_VERSION,
    }


def _finish() -> None:
    canvas = iface.mapCanvas()
    canvas.waitWhileRendering()
    screenshot = os.environ.get("LANDSURVEY_SCREENSHOT")
    facts = _facts()
    if screenshot:
        facts["screenshot"] = screenshot
        facts["screenshot_saved"] = iface.mainWindow().grab().save(screenshot)
    out = os.environ.get("LANDSURVEY_PROBE_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as handle:
            json.dump(facts, handle, ensure_ascii=False, indent=2)
    if os.environ.get("LANDSURVEY_KEEP_OPEN") != "1":
        QgsProject.instance().setDirty(False)
        QgsApplication.instance().exit(0)


def _start() -> None:
    iface.mainWindow().showMaximized()
    if QgsProject.instance().mapLayers():
        iface.mapCanvas().zoomToFullExtent()
    QTimer.singleShot(int(os.environ.get("LANDSURVEY_PROBE_DELAY_MS", "4000")), _finish)


_start()
