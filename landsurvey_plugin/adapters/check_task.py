"""The one-click check as a QgsTask: read the layers and run the rules off the UI thread."""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsTask
from qgis.PyQt.QtCore import pyqtSignal

from landsurvey_plugin.adapters import expression_rules  # noqa: F401  (registers the kind)
from landsurvey_plugin.adapters.check_dataset import LayerInput, build_dataset
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules.context import Cancelled
from landsurvey_plugin.rules.engine import CheckRun, run_checks
from landsurvey_plugin.toolbelt.i18n import tr


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
    ) -> None:
        super().__init__(description, QgsTask.CanCancel)
        self.inputs = inputs
        self.profile = profile
        self.lang = lang
        self.transform_context = transform_context
        self.focus = focus
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
            self.crs = QgsCoordinateReferenceSystem.fromWkt(dataset.crs)
            self.run_result = run_checks(
                dataset,
                self.profile,
                lang=self.lang,
                progress=lambda p: self.setProgress(30 + p * 0.7),
                is_canceled=self.isCanceled,
            )
        except Cancelled:
            return False
        except Exception as exc:  # shown to the user by the dock; the task must not raise
            self.error = exc.user_message(tr) if isinstance(exc, LandSurveyError) else str(exc)
            return False
        return True

    def finished(self, result: bool) -> None:
        self.completed.emit(self.run_result if result else None, self.error)
