"""``landsurvey:computeareas``: a parcel layer with TBMJ, KCMJ and TBDLMJ recomputed."""

from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeedback,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)
from qgis.PyQt.QtCore import QVariant

from landsurvey_plugin.adapters.crs import area_frame
from landsurvey_plugin.adapters.parcel_areas import AREA_FIELDS, KCXS_FIELD, compute_areas
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.toolbelt.i18n import tr

BATCH = 5000  # features per vectorised batch: bounded memory, regular progress and cancel


class ComputeAreasAlgorithm(QgsProcessingAlgorithm):
    INPUT = "INPUT"
    OUTPUT = "OUTPUT"

    def name(self) -> str:
        return "computeareas"

    def displayName(self) -> str:
        return tr("Compute parcel areas (TBMJ, KCMJ, TBDLMJ)")

    def group(self) -> str:
        return tr("Parcels")

    def groupId(self) -> str:
        return "parcels"

    def shortHelpString(self) -> str:
        return tr(
            "Recomputes the parcel area TBMJ as the ellipsoidal area on CGCS2000 (the series "
            "of the 国土调查 technical rules), rounded half away from zero to 0.01 m², and "
            "derives KCMJ = TBMJ × KCXS and TBDLMJ = TBMJ − KCMJ. Layers in CGCS2000 "
            "Gauss-Krüger (EPSG:4513–4554, with or without zone prefix) are used directly; "
            "other CRSs are transformed first and a warning says so. Parcels with invalid or "
            "empty geometry or an unusable KCXS keep their values and are listed in the log."
        )

    def createInstance(self) -> ComputeAreasAlgorithm:
        return ComputeAreasAlgorithm()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.INPUT, tr("Parcel layer (DLTB)"), [QgsProcessing.TypeVectorPolygon]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Parcels with areas"), QgsProcessing.TypeVectorPolygon
            )
        )

    def processAlgorithm(
        self,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict:
        source = self.parameterAsSource(parameters, self.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        try:
            frame = area_frame(
                source.sourceCrs(), source.sourceExtent(), context.transformContext()
            )
        except LandSurveyError as exc:
            raise QgsProcessingException(exc.user_message(tr)) from exc
        if not frame.is_survey_crs:
            feedback.pushWarning(
                tr(
                    "{crs} is not CGCS2000 Gauss-Krüger: vertices are transformed to a "
                    "Gauss-Krüger zone at {cm}°E before the area is computed."
                ).format(crs=source.sourceCrs().authid(), cm=frame.zone.central_meridian)
            )
        fields = QgsFields(source.fields())
        for name in AREA_FIELDS:
            if fields.lookupField(name) < 0:
                fields.append(QgsField(name, QVariant.Double, "double", 15, 2))
        out_index = [fields.lookupField(name) for name in AREA_FIELDS]
        kcxs_index = fields.lookupField(KCXS_FIELD)
        if kcxs_index < 0:
            feedback.pushInfo(tr("No KCXS field: KCMJ = 0 and TBDLMJ = TBMJ."))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, source.wkbType(), source.sourceCrs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))

        total = max(source.featureCount(), 1)
        done = 0
        skipped = 0
        batch: list[QgsFeature] = []

        def flush() -> None:
            nonlocal skipped
            outcomes = compute_areas(batch, frame, kcxs_index)
            for feature, outcome in zip(batch, outcomes):
                # the input feature is reused: converting 30 attributes to Python and back
                # per parcel cost more than the whole area computation
                feature.resizeAttributes(fields.count())
                feature.setFields(fields, False)
                if outcome.areas is None:
                    skipped += 1
                    feedback.reportError(
                        tr("Feature {fid}: {problem}; its areas are left unchanged.").format(
                            fid=outcome.fid, problem=outcome.problem
                        )
                    )
                else:
                    areas = outcome.areas
                    for index, value in zip(out_index, (areas.tbmj, areas.kcmj, areas.tbdlmj)):
                        feature.setAttribute(index, value)
                sink.addFeature(feature, QgsFeatureSink.FastInsert)
            batch.clear()

        # invalid parcels are reported one by one below, not allowed to abort the whole run
        features = source.getFeatures(
            QgsFeatureRequest(), QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks
        )
        for feature in features:
            if feedback.isCanceled():
                break
            batch.append(feature)
            done += 1
            if len(batch) >= BATCH:
                flush()
                feedback.setProgress(100.0 * done / total)
        if batch and not feedback.isCanceled():
            flush()
        feedback.setProgress(100.0)
        feedback.pushInfo(
            tr("{count} parcels processed, {skipped} left unchanged.").format(
                count=done, skipped=skipped
            )
        )
        return {self.OUTPUT: dest_id, "SKIPPED": skipped}
