"""The ``landsurvey`` Processing provider: thin algorithms over the same code the docks use."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from landsurvey_plugin.processing.compute_areas import ComputeAreasAlgorithm
from landsurvey_plugin.processing.import_photos import ImportPhotosAlgorithm
from landsurvey_plugin.processing.link_photos import LinkPhotosAlgorithm
from landsurvey_plugin.processing.run_checks import RunChecksAlgorithm
from landsurvey_plugin.processing.single_layers import (
    EraseSingleLayerAlgorithm,
    SingleLayerFromParcelsAlgorithm,
)
from landsurvey_plugin.toolbelt.i18n import tr
from landsurvey_plugin.toolbelt.metadata import PROVIDER_ID, plugin_metadata
from landsurvey_plugin.toolbelt.paths import icon_path


class LandSurveyProvider(QgsProcessingProvider):
    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return tr("Land survey (国土变更调查)")

    def longName(self) -> str:
        return f"{self.name()} {plugin_metadata().version}"

    def icon(self) -> QIcon:
        return QIcon(str(icon_path("landsurvey.svg")))

    def loadAlgorithms(self) -> None:
        self.addAlgorithm(ComputeAreasAlgorithm())
        self.addAlgorithm(RunChecksAlgorithm())
        self.addAlgorithm(SingleLayerFromParcelsAlgorithm())
        self.addAlgorithm(EraseSingleLayerAlgorithm())
        self.addAlgorithm(ImportPhotosAlgorithm())
        self.addAlgorithm(LinkPhotosAlgorithm())
