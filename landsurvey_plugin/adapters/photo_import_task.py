"""Import a folder of evidence photos as a QgsTask: read headers off the UI thread, upsert.

``start_import`` is what the photo dock calls. The task reads every photo first and only
then writes, so a cancelled import leaves the layer exactly as it was. When it finishes
(on the main thread) the ``photos`` layer is added to the project with its symbology, or
reloaded when it is there already.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsMapLayer,
    QgsProject,
    QgsProviderRegistry,
    QgsTask,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import pyqtSignal

from landsurvey_plugin.adapters.photo_links_store import PhotoLinkStore
from landsurvey_plugin.adapters.photo_store import (
    TABLE,
    apply_photo_style,
    open_photos_layer,
    photos_uri,
    to_layer_transform,
    upsert_photos,
)
from landsurvey_plugin.adapters.workspace import layer_gpkg, workspace_gpkg
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.photo_exif import PhotoRecord, read_photo, scan_folder
from landsurvey_plugin.toolbelt.i18n import tr
from landsurvey_plugin.toolbelt.log import log


@dataclass
class ImportResult:
    """What an import did: for the message bar, the log and the tests."""

    folder: str
    gpkg: str
    photos: int = 0
    other_files: int = 0  # files without a photo suffix, passed over (counted, not hidden)
    by_status: dict[str, int] = field(default_factory=dict)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    gone: int = 0
    moved: int = 0  # rows of the same photos found at a new path (folder moved or copied)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (path, 'code: text')
    seconds: float = 0.0
    read_seconds: float = 0.0  # of which scanning and reading the headers

    @property
    def placed(self) -> int:
        return (
            self.photos - self.by_status.get("no_position", 0) - self.by_status.get("unreadable", 0)
        )

    def summary(self) -> str:
        """One line for the message bar (translated when shown)."""
        text = tr("{photos} photos read: {placed} placed, {unplaced} without position.").format(
            photos=self.photos, placed=self.placed, unplaced=self.photos - self.placed
        )
        text += " " + tr("{added} added, {updated} updated, {unchanged} unchanged.").format(
            added=self.added, updated=self.updated, unchanged=self.unchanged
        )
        if self.by_status.get("no_direction"):
            text += " " + tr("{n} without direction.").format(n=self.by_status["no_direction"])
        if self.gone:
            text += " " + tr("{n} no longer in the folder (kept, marked).").format(n=self.gone)
        if self.other_files:
            text += " " + tr("{n} other files skipped.").format(n=self.other_files)
        return text

    def reasons(self) -> Counter:
        """How many photos per reason code (first code of each problem)."""
        return Counter(reason.split(":", 1)[0] for _, reason in self.problems)


class PhotoImportTask(QgsTask):
    """Scan ``folder``, read every photo's headers, then write them into the workspace."""

    imported = pyqtSignal(object)  # ImportResult, on the main thread

    def __init__(
        self,
        folder: str,
        gpkg: str,
        crs: QgsCoordinateReferenceSystem,
        transform_context: QgsCoordinateTransformContext,
        project: QgsProject | None = None,
    ) -> None:
        super().__init__(tr("Import evidence photos"), QgsTask.CanCancel)
        self.folder = folder
        self.gpkg = gpkg
        self.crs = crs
        self.transform_context = transform_context
        self.project = project
        self.result = ImportResult(folder, gpkg)
        self.records: list[PhotoRecord] = []
        self.layer: QgsVectorLayer | None = None  # the project layer, after finished()
        self.error = ""

    @property
    def summary(self) -> str:
        return self.error or self.result.summary()

    def run(self) -> bool:
        start = time.perf_counter()
        try:
            found = scan_folder(self.folder)
            self.result.other_files = found.other_files
            total = max(1, len(found.photos))
            for k, path in enumerate(found.photos):
                if self.isCanceled():
                    return False
                self.records.append(read_photo(path))
                if k % 50 == 0:
                    self.setProgress(90.0 * k / total)
            read_end = time.perf_counter()
            layer = open_photos_layer(self.gpkg, self.crs, self.transform_context)
            transform = to_layer_transform(layer.crs(), self.transform_context)
            if self.isCanceled():
                return False
            counts = upsert_photos(layer, self.records, transform, folder=self.folder)
            if counts.moved:  # the links (manual ones too) follow the photos' new paths
                PhotoLinkStore(self.gpkg).rename_paths(counts.moved)
        except LandSurveyError as exc:
            self.error = exc.user_message(tr)
            return False
        except Exception as exc:  # shown to the user; a task must not raise
            self.error = str(exc)
            return False
        self.result.photos = len(self.records)
        self.result.by_status = dict(Counter(r.status for r in self.records))
        self.result.added, self.result.updated = counts.added, counts.updated
        self.result.unchanged, self.result.gone = counts.unchanged, counts.gone
        self.result.moved = len(counts.moved)
        self.result.problems = [(r.path, r.reason_text) for r in self.records if r.reason_text]
        self.result.seconds = round(time.perf_counter() - start, 3)
        self.result.read_seconds = round(read_end - start, 3)
        self.setProgress(100)
        return True

    def finished(self, result: bool) -> None:
        if result:
            if self.project is not None:
                self.layer = show_photos_layer(self.project, self.gpkg)
            log(f"photo import {self.folder}: {self.result.summary()} ({self.result.seconds} s)")
            for path, reason in self.result.problems[:200]:
                log(f"  {path}: {reason}")
        elif self.error:
            log(f"photo import {self.folder} failed: {self.error}")
        self.imported.emit(self.result if result else None)


def project_photos_layer(project: QgsProject, gpkg: str) -> QgsVectorLayer | None:
    """The project's layer reading the workspace ``photos`` table, if one is loaded."""
    for layer in project.mapLayers().values():
        if layer.type() != QgsMapLayer.VectorLayer or layer_gpkg(layer) is None:
            continue
        same_file = Path(layer_gpkg(layer)).resolve() == Path(gpkg).resolve()
        if same_file and _layer_name(layer) == TABLE:
            return layer
    return None


def _layer_name(layer: QgsMapLayer) -> str:
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    return str(parts.get("layerName") or "")


def show_photos_layer(project: QgsProject, gpkg: str) -> QgsVectorLayer:
    """Reload the project's photos layer, or add it styled (main thread)."""
    layer = project_photos_layer(project, gpkg)
    if layer is not None:
        layer.dataProvider().reloadData()
        layer.updateFields()
        layer.updateExtents()
        layer.triggerRepaint()
        return layer
    layer = QgsVectorLayer(photos_uri(gpkg), tr("Evidence photos"), "ogr")
    apply_photo_style(layer)
    project.addMapLayer(layer)
    return layer


def start_import(
    folder: str, parcels_layer: QgsMapLayer | None, project: QgsProject | None = None
) -> PhotoImportTask:
    """Start importing ``folder`` into the workspace of ``parcels_layer``; returns the task.

    Raises :class:`LandSurveyError` (nothing started) when the folder does not exist or
    the project's photos layer has unsaved edits the import would write under.
    """
    project = project or QgsProject.instance()
    if not Path(folder).is_dir():
        raise LandSurveyError("The photo folder {folder} does not exist.", folder=folder)
    gpkg = workspace_gpkg(parcels_layer, project)
    existing = project_photos_layer(project, gpkg)
    if existing is not None and existing.isEditable() and existing.isModified():
        raise LandSurveyError(
            "The layer {name} has unsaved edits: save or discard them before importing.",
            name=existing.name(),
        )
    crs = project.crs()
    if not crs.isValid() and parcels_layer is not None:
        crs = parcels_layer.crs()
    task = PhotoImportTask(
        str(Path(folder).absolute()), gpkg, crs, project.transformContext(), project
    )
    QgsApplication.taskManager().addTask(task)
    return task
