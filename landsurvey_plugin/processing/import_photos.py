"""``landsurvey:importphotos``: a folder of evidence photos as a point layer, with status.

The same reader and feature builder as the import task of the photo dock; the output
holds every photo found, placed ones with a point, the others with a NULL geometry and
their reason (``status``/``reason``), so none is silently dropped. UNPLACED (optional)
lists only those, as a table.
"""

from __future__ import annotations

from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsFields,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsWkbTypes,
)

from landsurvey_plugin.adapters.photo_store import (
    SOURCE_CRS,
    apply_photo_style,
    photo_fields,
    record_feature,
    to_layer_transform,
)
from landsurvey_plugin.model.photo_exif import read_photo, scan_folder
from landsurvey_plugin.toolbelt.i18n import tr

UNPLACED_FIELDS = ("path", "file_name", "status", "reason")


class _PhotoStyle(QgsProcessingLayerPostProcessorInterface):
    """Gives the loaded output the camera and wedge symbology."""

    instance: _PhotoStyle | None = None  # kept alive until QGIS calls it (sip ownership)

    def postProcessLayer(self, layer, context, feedback) -> None:
        apply_photo_style(layer)

    @classmethod
    def create(cls) -> _PhotoStyle:
        cls.instance = cls()
        return cls.instance


class ImportPhotosAlgorithm(QgsProcessingAlgorithm):
    FOLDER = "FOLDER"
    TARGET_CRS = "TARGET_CRS"
    OUTPUT = "OUTPUT"
    UNPLACED = "UNPLACED"

    def name(self) -> str:
        return "importphotos"

    def displayName(self) -> str:
        return tr("Import evidence photos")

    def group(self) -> str:
        return tr("Evidence photos")

    def groupId(self) -> str:
        return "photos"

    def shortHelpString(self) -> str:
        return tr(
            "Reads the EXIF headers (never the image data) of the JPEG, TIFF, HEIC, PNG and "
            "WebP files in a folder and its subfolders: GPS position, altitude, image "
            "direction (GPSImgDirection, T or M; for drones the XMP gimbal or flight yaw), "
            "time, make, model, orientation. Every photo is written to the output; a photo "
            "whose position cannot be used has no geometry and its exact reason in the "
            "field reason (no EXIF, GPS block empty, zero denominator, latitude without "
            "longitude, out of range, truncated or unreadable file…). Positions are read as "
            "CGCS2000 (EPSG:4490; WGS 84 differs by centimetres) and written in the target "
            "CRS, by default the project CRS."
        )

    def createInstance(self) -> ImportPhotosAlgorithm:
        return ImportPhotosAlgorithm()

    def initAlgorithm(self, config=None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.FOLDER,
                tr("Folder of photos (searched recursively)"),
                behavior=QgsProcessingParameterFile.Folder,
            )
        )
        self.addParameter(
            QgsProcessingParameterCrs(
                self.TARGET_CRS, tr("Target CRS (default: project CRS)"), optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Photos"), QgsProcessing.TypeVectorPoint
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.UNPLACED,
                tr("Photos that could not be placed"),
                QgsProcessing.TypeVector,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber("PHOTOS", tr("Photos read")))
        self.addOutput(QgsProcessingOutputNumber("PLACED", tr("Photos placed")))
        self.addOutput(QgsProcessingOutputNumber("UNPLACED_COUNT", tr("Photos not placed")))

    def target_crs(self, parameters: dict, context: QgsProcessingContext):
        crs = self.parameterAsCrs(parameters, self.TARGET_CRS, context)
        if not crs.isValid() and context.project() is not None:
            crs = context.project().crs()
        return crs if crs.isValid() else QgsCoordinateReferenceSystem(SOURCE_CRS)

    def processAlgorithm(
        self,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict:
        folder = self.parameterAsFile(parameters, self.FOLDER, context)
        if not folder or not Path(folder).is_dir():
            raise QgsProcessingException(
                tr("The photo folder {folder} does not exist.").format(folder=folder)
            )
        crs = self.target_crs(parameters, context)
        fields = photo_fields()
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        unplaced_fields = QgsFields()
        for name in UNPLACED_FIELDS:
            unplaced_fields.append(fields.field(name))
        unplaced_sink, unplaced_id = self.parameterAsSink(
            parameters, self.UNPLACED, context, unplaced_fields, QgsWkbTypes.NoGeometry
        )
        transform = to_layer_transform(crs, context.transformContext())
        found = scan_folder(folder)
        if found.other_files:
            feedback.pushInfo(
                tr("{n} files without a photo suffix were not read.").format(n=found.other_files)
            )
        total = max(1, len(found.photos))
        placed = 0
        for k, path in enumerate(found.photos):
            if feedback.isCanceled():
                break
            record = read_photo(path)
            sink.addFeature(record_feature(record, fields, transform), QgsFeatureSink.FastInsert)
            if record.has_position:
                placed += 1
            else:
                feedback.pushInfo(f"{record.path}: {record.reason_text}")
                if unplaced_sink is not None:
                    row = QgsFeature(unplaced_fields)
                    row.setAttributes([record.attributes()[n] for n in UNPLACED_FIELDS])
                    unplaced_sink.addFeature(row, QgsFeatureSink.FastInsert)
            feedback.setProgress(100.0 * (k + 1) / total)
        feedback.pushInfo(
            tr("{photos} photos read, {placed} placed.").format(
                photos=len(found.photos), placed=placed
            )
        )
        if context.willLoadLayerOnCompletion(dest_id):
            details = context.layerToLoadOnCompletionDetails(dest_id)
            details.setPostProcessor(_PhotoStyle.create())
        results = {
            self.OUTPUT: dest_id,
            "PHOTOS": len(found.photos),
            "PLACED": placed,
            "UNPLACED_COUNT": len(found.photos) - placed,
        }
        if unplaced_sink is not None:
            results[self.UNPLACED] = unplaced_id
        return results
