"""The one-click check as a QgsTask: read the layers and run the rules off the UI thread."""

from __future__ import annotations

import traceback

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsProject,
    QgsTask,
)
from qgis.PyQt.QtCore import pyqtSignal

from landsurvey_plugin.adapters import expression_rules  # noqa: F401  (registers the kind)
from landsurvey_plugin.adapters.check_dataset import LayerInput, build_dataset
from landsurvey_plugin.adapters.raster_zonal import ImageryError, imagery_for, project_imagery
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.context import Cancelled
from landsurvey_plugin.rules.engine import CheckRun, run_checks
from landsurvey_plugin.toolbelt.i18n import tr
from landsurvey_plugin.toolbelt.log import log_error


class CheckTask(QgsTask):
    """Emits ``completed`` on the main thread with the run (None when cancelled or failed)."""

    completed = pyqtSignal(object, str)  # CheckRun | None, error message ('' when none)

    def __init__(
        self,
        description: str,
        inputs: dict[str, LayerInput],
        profile: Profile,
        lang: str,
        transform_context: QgsCoordinateTransformContext,
        focus: dict[str, set[str]] | None = None,
        imagery: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(description, QgsTask.CanCancel)
        self.inputs = inputs
        self.profile = profile
        self.lang = lang
        self.transform_context = transform_context
        self.focus = focus
        # label -> raster paths; None: the project's loaded rasters (the one-click check)
        self.imagery = project_imagery(QgsProject.instance()) if imagery is None else imagery
        self.run_result: CheckRun | None = None
        self.crs = QgsCoordinateReferenceSystem()
        self.notes: list[str] = []
        self.error = ""

    def run(self) -> bool:
        try:
            dataset, self.notes = build_dataset(
                self.inputs,
                self.transform_context,
                self.isCanceled,
                lambda p: self.setProgress(p * 0.3),
            )
            dataset.focus = self.focus
            start = 30.0  # % of the bar reached: reading, then the imagery pass, then rules
            labels = [label for label, paths in self.imagery.items() if paths]
            for n, label in enumerate(labels):
                try:
                    dataset.imagery[label] = imagery_for(
                        dataset,
                        self.imagery[label],
                        label,
                        progress=lambda p, n=n: self.setProgress(
                            30 + (n + p / 100) * 30 / len(labels)
                        ),
                        is_canceled=self.isCanceled,
                    )
                except ImageryError as exc:  # the other rules still run; the note says why
                    self.notes.append(str(exc))
                start = 60.0
            self.crs = QgsCoordinateReferenceSystem.fromWkt(dataset.crs)
            self.run_result = run_checks(
                dataset,
                self.profile,
                lang=self.lang,
                progress=lambda p: self.setProgress(start + p * (100 - start) / 100),
                is_canceled=self.isCanceled,
            )
        except Cancelled:
            return False
        except Exception as exc:  # shown to the user by the dock; the task must not raise
            self.error = exc.user_message(tr) if isinstance(exc, LandSurveyError) else str(exc)
            if not isinstance(exc, LandSurveyError):  # a bug: keep where it happened
                log_error(f"checks failed: {traceback.format_exc()}")
            return False
        return True

    def finished(self, result: bool) -> None:
        self.completed.emit(self.run_result if result else None, self.error)
