"""``landsurvey:linkphotos``: link evidence photos to the parcels they document, headless."""

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
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDistance,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from landsurvey_plugin.adapters.check_dataset import LayerInput, arrow_source
from landsurvey_plugin.adapters.photo_links_store import (
    FIELDS,
    LinkStoreError,
    PhotoLinkStore,
    links_from_inputs,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.photo_links import LinkSettings, merge_manual
from landsurvey_plugin.rules.context import Cancelled
from landsurvey_plugin.toolbelt.i18n import tr

_QT_TYPES = {"string": QVariant.String, "double": QVariant.Double, "int": QVariant.Int}


def link_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in FIELDS:
        fields.append(QgsField(name, _QT_TYPES[kind]))
    return fields


class LinkPhotosAlgorithm(QgsProcessingAlgorithm):
    PHOTOS = "PHOTOS"
    PARCELS = "PARCELS"
    MAX_DISTANCE = "MAX_DISTANCE"
    OUTPUT = "OUTPUT"
    LINKED = "LINKED"
    UNLINKED = "UNLINKED"

    def name(self) -> str:
        return "linkphotos"

    def displayName(self) -> str:
        return tr("Link evidence photos to parcels")

    def group(self) -> str:
        return tr("Evidence photos")

    def groupId(self) -> str:
        return "photos"

    def shortHelpString(self) -> str:
        return tr(
            "Links each photo of a photo point layer to the parcel it documents: the parcel "
            "its file name carries (BSM), else the parcel the camera stands in, else the "
            "first parcel its view ray or wedge reaches within the maximum distance, else the "
            "nearest parcel within 50 m. Each link has its method, distance, angle off the "
            "parcel and a confidence. Manual links and unlinks stored beside the photos "
            "(table photo_links of the same GeoPackage) are kept. The output is a table "
            "without geometry."
        )

    def createInstance(self) -> LinkPhotosAlgorithm:
        return LinkPhotosAlgorithm()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PHOTOS, tr("Photo layer"), [QgsProcessing.TypeVectorPoint]
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PARCELS, tr("Parcel layer (DLTB)"), [QgsProcessing.TypeVectorPolygon]
            )
        )
        distance = QgsProcessingParameterDistance(
            self.MAX_DISTANCE,
            tr("Maximum distance of the view ray (m)"),
            defaultValue=LinkSettings().max_distance_m,
            minValue=0.0,
        )
        self.addParameter(distance)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Photo links"), QgsProcessing.TypeVector
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.LINKED, tr("Photos linked")))
        self.addOutput(QgsProcessingOutputNumber(self.UNLINKED, tr("Photos not linked")))

    def _input(self, parameters: dict, name: str, context: QgsProcessingContext) -> LayerInput:
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        source.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        item = LayerInput(
            role=name,
            name=source.sourceName() or name,
            source=source,
            crs=source.sourceCrs(),
            fields=source.fields(),
            extent=source.sourceExtent(),
        )
        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is not None:
            item.ogr_path, item.ogr_layer = arrow_source(layer)
        return item

    def processAlgorithm(
        self,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict:
        photos = self._input(parameters, self.PHOTOS, context)
        parcels = self._input(parameters, self.PARCELS, context)
        max_distance = self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
        settings = LinkSettings(max_distance_m=max_distance)
        try:
            links = links_from_inputs(
                photos, parcels, settings, context.transformContext(), feedback.isCanceled
            )
        except Cancelled:
            feedback.pushInfo(tr("Linking was cancelled."))
            return {}
        except LandSurveyError as exc:
            raise QgsProcessingException(exc.user_message(tr)) from exc
        feedback.setProgress(80.0)
        if photos.ogr_path:  # the viewer's manual decisions stored beside the photos
            try:
                manual = PhotoLinkStore(photos.ogr_path).manual_rows()
            except LinkStoreError as exc:
                feedback.pushWarning(
                    tr("The manual links could not be read: {error}").format(error=exc)
                )
                manual = []
            if manual:
                links = merge_manual(links, manual)
                feedback.pushInfo(
                    tr("{count} manual link(s)/unlink(s) kept.").format(count=len(manual))
                )
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, link_fields(), QgsWkbTypes.NoGeometry
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        fields = link_fields()
        for link in links:
            feature = QgsFeature(fields)
            for name, _ in FIELDS:
                feature.setAttribute(name, getattr(link, name))
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        linked = len({link.photo_path for link in links if link.manual != -1})
        total = photos.source.featureCount()
        by_method: dict[str, int] = {}
        for link in links:
            by_method[link.method] = by_method.get(link.method, 0) + 1
        feedback.pushInfo(
            tr("{linked} of {total} photo(s) linked ({methods}).").format(
                linked=linked,
                total=total,
                methods=", ".join(f"{k} {v}" for k, v in sorted(by_method.items())),
            )
        )
        feedback.setProgress(100.0)
        return {self.OUTPUT: dest_id, self.LINKED: linked, self.UNLINKED: max(total - linked, 0)}
