"""Prepare digitising on DLTB with QGIS's own settings, and give the user's settings back.

``prepare_digitising(project, dltb)`` sets, in the project (what QGIS's snapping toolbar and
Settings ▸ Options ▸ Digitizing show): snapping on, advanced per-layer configuration with
DLTB snapping to vertices and segments, topological editing, avoid overlaps on DLTB. The
settings it replaces are saved in the project first (``landsurvey/digitising/*`` entries),
so ``restore_digitising(project)`` brings them back — also after the project was saved and
reopened. Tracing belongs to the map canvas (``QgsMapCanvasTracer``, GUI): the caller passes
whether it was on and gets it back from ``restore_digitising``; ``plugin.py`` switches it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from qgis.core import QgsProject, QgsSnappingConfig, QgsTolerance, QgsVectorLayer
from qgis.PyQt.QtXml import QDomDocument

_SCOPE = "landsurvey"
_KEY = "digitising/previous"
DEFAULT_TOLERANCE_PX = 12.0  # QGIS's default snapping tolerance


@dataclass(frozen=True)
class DigitisingState:
    """The settings digitising on DLTB changes (``tracing`` is the canvas tracer's)."""

    snapping_xml: str
    topological_editing: bool
    avoid_mode: int
    avoid_layer_ids: tuple[str, ...]
    tracing: bool = False


def _snapping_xml(config: QgsSnappingConfig) -> str:
    doc = QDomDocument()
    doc.appendChild(doc.createElement("qgis"))
    config.writeProject(doc)
    return doc.toString()


def current_state(project: QgsProject, tracing: bool = False) -> DigitisingState:
    return DigitisingState(
        _snapping_xml(project.snappingConfig()),
        project.topologicalEditing(),
        int(project.avoidIntersectionsMode()),
        tuple(layer.id() for layer in project.avoidIntersectionsLayers()),
        tracing,
    )


def is_prepared(project: QgsProject) -> bool:
    """Whether the user's settings are saved away (digitising on DLTB is on)."""
    saved, ok = project.readEntry(_SCOPE, _KEY, "")
    return bool(ok and saved)


def _apply(project: QgsProject, state: DigitisingState) -> None:
    doc = QDomDocument()
    doc.setContent(state.snapping_xml)
    config = QgsSnappingConfig(project)
    config.readProject(doc)
    project.setSnappingConfig(config)
    project.setTopologicalEditing(state.topological_editing)
    layers = [project.mapLayer(i) for i in state.avoid_layer_ids]
    project.setAvoidIntersectionsLayers([layer for layer in layers if layer is not None])
    project.setAvoidIntersectionsMode(QgsProject.AvoidIntersectionsMode(state.avoid_mode))


def prepare_digitising(
    project: QgsProject,
    dltb: QgsVectorLayer,
    tracing: bool = False,
    tolerance_px: float = DEFAULT_TOLERANCE_PX,
) -> DigitisingState:
    """Snap to DLTB vertices and segments, topological editing, avoid overlaps on DLTB.

    Returns the settings replaced (saved in the project unless already saved: preparing
    twice must not overwrite the user's own settings with ours).
    """
    previous = current_state(project, tracing)
    if not is_prepared(project):
        project.writeEntry(_SCOPE, _KEY, json.dumps(previous.__dict__))
    config = QgsSnappingConfig(project.snappingConfig())
    config.setEnabled(True)
    config.setMode(QgsSnappingConfig.AdvancedConfiguration)
    settings = config.individualLayerSettings()
    for layer, layer_settings in settings.items():
        if layer is not None and layer.id() != dltb.id():
            layer_settings.setEnabled(False)
            config.setIndividualLayerSettings(layer, layer_settings)
    config.setIndividualLayerSettings(
        dltb,
        QgsSnappingConfig.IndividualLayerSettings(
            True,
            QgsSnappingConfig.VertexFlag | QgsSnappingConfig.SegmentFlag,
            tolerance_px,
            QgsTolerance.Pixels,
            0.0,
            0.0,
        ),
    )
    project.setSnappingConfig(config)
    project.setTopologicalEditing(True)
    project.setAvoidIntersectionsMode(QgsProject.AvoidIntersectionsMode.AvoidIntersectionsLayers)
    project.setAvoidIntersectionsLayers([dltb])
    return previous


def restore_digitising(project: QgsProject) -> DigitisingState | None:
    """Give back the settings saved by ``prepare_digitising``; None when none are saved."""
    saved, ok = project.readEntry(_SCOPE, _KEY, "")
    if not ok or not saved:
        return None
    raw = json.loads(saved)
    state = DigitisingState(
        raw["snapping_xml"],
        bool(raw["topological_editing"]),
        int(raw["avoid_mode"]),
        tuple(raw["avoid_layer_ids"]),
        bool(raw.get("tracing", False)),
    )
    _apply(project, state)
    project.removeEntry(_SCOPE, _KEY)
    return state
