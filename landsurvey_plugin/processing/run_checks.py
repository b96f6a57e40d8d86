"""``landsurvey:runchecks``: the one-click check, headless: error layer, HTML and XLSX."""

from __future__ import annotations

from datetime import datetime

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
    QgsWkbTypes,
)

from landsurvey_plugin.adapters import expression_rules  # noqa: F401  (registers the kind)
from landsurvey_plugin.adapters.check_dataset import LayerInput, arrow_source, build_dataset
from landsurvey_plugin.adapters.exception_store import ExceptionStore
from landsurvey_plugin.adapters.image_chips import report_chips
from landsurvey_plugin.adapters.imagery_dates import DateError, footprint_pieces, user_date
from landsurvey_plugin.adapters.raster_zonal import ImageryError, imagery_for
from landsurvey_plugin.adapters.report_files import (
    ERROR_FIELDS,
    ERROR_WKB_TYPE,
    apply_error_style,
    error_features,
    finish_geopackage_layer,
    write_html,
    write_xlsx,
)
from landsurvey_plugin.errors import LandSurveyError
from landsurvey_plugin.model.profile import ProfileError, available_profiles, load_profile
from landsurvey_plugin.rules.context import Cancelled
from landsurvey_plugin.rules.dataset import BOUNDARY as BOUNDARY_ROLE
from landsurvey_plugin.rules.dataset import PARCELS as PARCELS_ROLE
from landsurvey_plugin.rules.dataset import PHOTOS as PHOTOS_ROLE
from landsurvey_plugin.rules.dataset import PREVIOUS as PREVIOUS_ROLE
from landsurvey_plugin.rules.engine import CheckRun, run_checks
from landsurvey_plugin.rules.exceptions import split_accepted
from landsurvey_plugin.toolbelt.i18n import current_lang, tr

DEFAULT_PROFILE = "2024-national"
READ_SHARE = 30.0  # % of the progress bar for reading the layers, the rest for the rules


class _ErrorStyle(QgsProcessingLayerPostProcessorInterface):
    """Styles the error layer Processing loads into the project (memory outputs included)."""

    def postProcessLayer(self, layer, context, feedback) -> None:
        if isinstance(layer, QgsVectorLayer):
            try:
                apply_error_style(layer)
            except LandSurveyError as exc:
                feedback.pushWarning(exc.user_message(tr))


# QGIS does not own post-processors and may call one after the algorithm object is gone
# (batch runs load their layers at the end): each stays alive here, a few bytes per run.
_POST_PROCESSORS: list[_ErrorStyle] = []


# parameter -> layer role of the rule engine (single layers use their profile id)
ROLES = {
    "PARCELS": PARCELS_ROLE,
    "PREVIOUS": PREVIOUS_ROLE,
    "BOUNDARY": BOUNDARY_ROLE,
    "TTQ": "TTQ",
    "GFBQ": "GFBQ",
    "CCWJQ": "CCWJQ",
    "GCHZZ": "GCHZZ",
}


class RunChecksAlgorithm(QgsProcessingAlgorithm):
    PARCELS = "PARCELS"
    PREVIOUS = "PREVIOUS"
    BOUNDARY = "BOUNDARY"
    TTQ = "TTQ"
    GFBQ = "GFBQ"
    CCWJQ = "CCWJQ"
    GCHZZ = "GCHZZ"
    PHOTOS = "PHOTOS"
    IMAGERY = "IMAGERY"
    IMAGERY_DATE = "IMAGERY_DATE"
    PREVIOUS_IMAGERY = "PREVIOUS_IMAGERY"
    PREVIOUS_IMAGERY_DATE = "PREVIOUS_IMAGERY_DATE"
    IMAGERY_FOOTPRINTS = "IMAGERY_FOOTPRINTS"
    IMAGERY_FOOTPRINT_FIELD = "IMAGERY_FOOTPRINT_FIELD"
    PROFILE = "PROFILE"
    OUTPUT = "OUTPUT"
    REPORT = "REPORT"
    XLSX = "XLSX"
    ERRORS = "ERRORS"
    WARNINGS = "WARNINGS"

    def name(self) -> str:
        return "runchecks"

    def displayName(self) -> str:
        return tr("Check parcels and single layers")

    def group(self) -> str:
        return tr("Parcels")

    def groupId(self) -> str:
        return "parcels"

    def shortHelpString(self) -> str:
        return tr(
            "Runs the rules of the survey profile (geometry, topology, attributes, areas, "
            "changes against the previous year, single layers) over the parcel layer and the "
            "optional layers, and writes one error layer (a polygon per finding, NULL geometry "
            "for findings without a place), optionally an HTML report and an Excel workbook. "
            "All layers are read in the parcels' Gauss-Krüger CRS, which is also the CRS of "
            "the error layer. Rules whose layers or fields are missing are skipped and listed "
            "in the log."
        )

    def createInstance(self) -> RunChecksAlgorithm:
        return RunChecksAlgorithm()

    def initAlgorithm(self, config=None) -> None:
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(
            QgsProcessingParameterFeatureSource(self.PARCELS, tr("Parcel layer (DLTB)"), polygons)
        )
        optional = (
            (self.PREVIOUS, tr("Previous year's parcel layer (DLTB)")),
            (self.BOUNDARY, tr("County boundary (XZQ)")),
            (self.TTQ, tr("Soil pushing/piling ranges (TTQ)")),
            (self.GFBQ, tr("Photovoltaic panel ranges (GFBQ)")),
            (self.CCWJQ, tr("Unfinished demolition ranges (CCWJQ)")),
            (self.GCHZZ, tr("Factory farming ranges (GCHZZ)")),
        )
        for name, description in optional:
            self.addParameter(
                QgsProcessingParameterFeatureSource(name, description, polygons, optional=True)
            )
        imagery = (
            (
                self.IMAGERY,
                self.IMAGERY_DATE,
                tr("Base imagery (DOM; several tiles form a mosaic)"),
            ),
            (
                self.PREVIOUS_IMAGERY,
                self.PREVIOUS_IMAGERY_DATE,
                tr("Previous imagery (前时相)"),
            ),
        )
        for name, date_name, description in imagery:
            self.addParameter(
                QgsProcessingParameterMultipleLayers(
                    name, description, QgsProcessing.TypeRaster, optional=True
                )
            )
            self.addParameter(
                QgsProcessingParameterString(
                    date_name,
                    tr(
                        "Acquisition date of “{imagery}” (YYYY-MM-DD; overrides the metadata)"
                    ).format(imagery=description),
                    optional=True,
                )
            )
        self.addParameter(
            QgsProcessingParameterFile(
                self.PHOTOS,
                tr("Evidence photos (a folder, or a photo point layer)"),
                behavior=QgsProcessingParameterFile.Folder,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.IMAGERY_FOOTPRINTS,
                tr("Footprints of the base imagery with their dates (DOM mosaic pieces)"),
                polygons,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.IMAGERY_FOOTPRINT_FIELD,
                tr("Date field of the footprints (found by type or name when empty)"),
                parentLayerParameterName=self.IMAGERY_FOOTPRINTS,
                optional=True,
            )
        )
        profiles = available_profiles()
        default = profiles.index(DEFAULT_PROFILE) if DEFAULT_PROFILE in profiles else 0
        self.addParameter(
            QgsProcessingParameterEnum(
                self.PROFILE, tr("Survey profile"), options=profiles, defaultValue=default
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Check findings"), QgsProcessing.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT,
                tr("HTML report"),
                tr("HTML files (*.html)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.XLSX,
                tr("Excel workbook"),
                tr("Excel workbooks (*.xlsx)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.ERRORS, tr("Number of errors")))
        self.addOutput(QgsProcessingOutputNumber(self.WARNINGS, tr("Number of warnings")))

    def checkParameterValues(self, parameters: dict, context: QgsProcessingContext):
        """PROFILE also takes a profile id (``PROFILE=2024-guizhou`` in qgis_process); a
        mistyped imagery date is refused here, before anything is read."""
        for name in (self.IMAGERY_DATE, self.PREVIOUS_IMAGERY_DATE):
            text = self.parameterAsString(parameters, name, context).strip()
            try:
                if text:
                    user_date(text)
            except DateError as exc:
                return False, tr("The imagery date {name} cannot be used: {error}").format(
                    name=name, error=exc
                )
        value = parameters.get(self.PROFILE)
        if isinstance(value, str) and value in available_profiles():
            parameters = {k: v for k, v in parameters.items() if k != self.PROFILE}
        return super().checkParameterValues(parameters, context)

    def _profile_id(self, parameters: dict, context: QgsProcessingContext) -> str:
        value = parameters.get(self.PROFILE)
        profiles = available_profiles()
        if isinstance(value, str) and value in profiles:
            return value
        index = self.parameterAsEnum(parameters, self.PROFILE, context)
        if not 0 <= index < len(profiles):
            raise QgsProcessingException(tr("Unknown survey profile {value}.").format(value=value))
        return profiles[index]

    def _input(
        self, parameters: dict, name: str, context: QgsProcessingContext
    ) -> LayerInput | None:
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            return None
        # the checker reports invalid geometries itself: Processing must not drop or stop
        source.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        item = LayerInput(
            role=ROLES[name],
            name=source.sourceName() or name,
            source=source,
            crs=source.sourceCrs(),
            fields=source.fields(),
            extent=source.sourceExtent(),
        )
        value = parameters.get(name)
        whole = not isinstance(value, QgsProcessingFeatureSourceDefinition) or (
            not value.selectedFeaturesOnly and value.featureLimit < 0
        )
        if whole:  # a saved GeoPackage/FileGDB table: GDAL's bulk reader, 100x faster
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is not None:
                item.ogr_path, item.ogr_layer = arrow_source(layer)
        return item

    def _photo_input(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> LayerInput | None:
        """PHOTOS: a folder is read with the photo importer's EXIF reader into a memory
        layer; anything else is taken as a photo point layer (path or layer id)."""
        from pathlib import Path

        from landsurvey_plugin.adapters.photo_links_store import folder_photo_layer

        value = self.parameterAsString(parameters, self.PHOTOS, context).strip()
        if not value:
            return None
        if Path(value).is_dir():
            try:
                layer = folder_photo_layer(value, feedback.isCanceled)
            except LandSurveyError as exc:
                raise QgsProcessingException(exc.user_message(tr)) from exc
            self._photo_layer = layer  # alive until the run is over
            feedback.pushInfo(
                tr("{count} photo(s) read from {folder}.").format(
                    count=layer.featureCount(), folder=value
                )
            )
        else:
            layer = QgsProcessingUtils.mapLayerFromString(value, context)
            if not isinstance(layer, QgsVectorLayer) or layer.geometryType() not in (
                QgsWkbTypes.PointGeometry,
                QgsWkbTypes.NullGeometry,
            ):
                raise QgsProcessingException(
                    tr("PHOTOS must be a photo folder or a point layer: {value}").format(
                        value=value
                    )
                )
        item = LayerInput(
            role=PHOTOS_ROLE,
            name=layer.name(),
            source=QgsVectorLayerFeatureSource(layer),
            crs=layer.crs(),
            fields=layer.fields(),
            extent=layer.extent(),
        )
        item.ogr_path, item.ogr_layer = arrow_source(layer)  # the link store beside it
        return item

    def _leave_out_accepted(
        self,
        run: CheckRun,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> None:
        """The exceptions reviewers accepted in the dock (stored with the parcels) stay out of
        the headless results too, so both give the same list."""
        layer = self.parameterAsVectorLayer(parameters, self.PARCELS, context)
        try:
            accepted = ExceptionStore.for_layer(layer, context.project()).load()
        except Exception as exc:  # a broken store must not hide the findings
            feedback.pushWarning(
                tr("The accepted exceptions could not be read: {error}").format(error=exc)
            )
            return
        run.findings, left_out = split_accepted(run.findings, accepted)
        if left_out:
            feedback.pushInfo(
                tr("{count} finding(s) accepted as exceptions are left out.").format(
                    count=len(left_out)
                )
            )

    def processAlgorithm(
        self,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict:
        lang = current_lang()
        inputs: dict[str, LayerInput] = {}
        for name in ROLES:
            item = self._input(parameters, name, context)
            if item is not None:
                inputs[item.role] = item
        if PARCELS_ROLE not in inputs:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.PARCELS))
        photos = self._photo_input(parameters, context, feedback)
        if photos is not None:
            inputs[PHOTOS_ROLE] = photos
        profile_id = self._profile_id(parameters, context)
        try:
            profile = load_profile(profile_id)
        except ProfileError as exc:
            raise QgsProcessingException(
                tr("The survey profile {id} cannot be loaded: {error}").format(
                    id=profile_id, error=exc
                )
            ) from exc
        feedback.pushInfo(
            tr("Survey profile: {id} ({title})").format(
                id=profile.id, title=profile.title_zh if lang == "zh" else profile.title_en
            )
        )

        def read_progress(p: float) -> None:
            feedback.setProgress(p * READ_SHARE / 100.0)

        def check_progress(p: float) -> None:
            feedback.setProgress(READ_SHARE + p * (100.0 - READ_SHARE) / 100.0)

        try:
            dataset, notes = build_dataset(
                inputs, context.transformContext(), feedback.isCanceled, read_progress
            )
            for note in notes:
                feedback.pushWarning(note)
            self._imagery(dataset, parameters, context, feedback)
            feedback.pushInfo(
                tr("{count} layer(s) read, checking …").format(count=len(dataset.layers))
            )
            run = run_checks(
                dataset,
                profile,
                lang=lang,
                progress=check_progress,
                is_canceled=feedback.isCanceled,
            )
        except Cancelled:
            feedback.pushInfo(tr("The check was cancelled."))
            return {}
        except LandSurveyError as exc:
            raise QgsProcessingException(exc.user_message(tr)) from exc
        self._log_outcomes(run, feedback)
        self._leave_out_accepted(run, parameters, context, feedback)

        crs = QgsCoordinateReferenceSystem.fromWkt(dataset.crs)
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, ERROR_FIELDS, ERROR_WKB_TYPE, crs
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for feature in error_features(run.findings):
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(self.writeFeatureError(sink, parameters, self.OUTPUT))
        del sink  # closes the file: the GeoPackage fixes below open it again
        try:
            finish_geopackage_layer(dest_id)
        except LandSurveyError as exc:
            feedback.pushWarning(exc.user_message(tr))
        if context.willLoadLayerOnCompletion(dest_id):
            _POST_PROCESSORS.append(_ErrorStyle())
            details = context.layerToLoadOnCompletionDetails(dest_id)
            details.setPostProcessor(_POST_PROCESSORS[-1])

        layers = {item.role: item.name for item in inputs.values()}
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        xlsx = self.parameterAsFileOutput(parameters, self.XLSX, context)
        try:
            if report:
                # each imagery finding's chip (current | previous image) beside the report
                chips = report_chips(
                    run.findings,
                    {label: stats.sources for label, stats in dataset.imagery.items()},
                    report,
                    dataset.crs,
                    captions=(tr("Current imagery"), tr("Previous imagery")),
                )
                write_html(
                    run,
                    report,
                    title=tr("Land survey check report: {layer}").format(
                        layer=inputs[PARCELS_ROLE].name
                    ),
                    profile_title=profile.title_zh if lang == "zh" else profile.title_en,
                    layers=layers,
                    lang=lang,
                    generated_at=datetime.now(),
                    chips=chips,
                )
            if xlsx:
                write_xlsx(run, xlsx, lang)
        except LandSurveyError as exc:
            raise QgsProcessingException(exc.user_message(tr)) from exc

        errors = sum(1 for f in run.findings if f.severity == "error")
        warnings = len(run.findings) - errors
        feedback.pushInfo(
            tr("{count} finding(s): {errors} error(s), {warnings} warning(s).").format(
                count=len(run.findings), errors=errors, warnings=warnings
            )
        )
        feedback.setProgress(100.0)
        return {
            self.OUTPUT: dest_id,
            self.REPORT: report or None,
            self.XLSX: xlsx or None,
            self.ERRORS: errors,
            self.WARNINGS: warnings,
        }

    def _imagery(
        self,
        dataset,
        parameters: dict,
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> None:
        """IMAGERY / PREVIOUS_IMAGERY: per-feature statistics in one pass over each raster."""
        for name, date_name, label in (
            (self.IMAGERY, self.IMAGERY_DATE, "current"),
            (self.PREVIOUS_IMAGERY, self.PREVIOUS_IMAGERY_DATE, "previous"),
        ):
            layers = self.parameterAsLayerList(parameters, name, context)
            paths = [layer.source().split("|")[0] for layer in layers]
            if not paths:
                continue
            user_date = self.parameterAsString(parameters, date_name, context) or ""
            try:
                pieces = (
                    self._footprints(parameters, context, dataset.crs) if label == "current" else []
                )
                stats = imagery_for(
                    dataset,
                    paths,
                    label,
                    user_date=user_date,
                    pieces=pieces,
                    is_canceled=feedback.isCanceled,
                )
            except (ImageryError, DateError) as exc:
                raise QgsProcessingException(
                    tr("The imagery {name} cannot be used: {error}").format(name=name, error=exc)
                ) from exc
            dataset.imagery[label] = stats
            for path in stats.sources:
                feedback.pushInfo(
                    tr("Imagery {path}: acquired {date} ({how}).").format(
                        path=path,
                        date=stats.acquired[path] or "?",
                        how=stats.date_source[path] or tr("unknown"),
                    )
                )

    def _footprints(self, parameters: dict, context: QgsProcessingContext, crs: str) -> list:
        """(polygon, date) of the DOM's footprint layer, in the dataset's CRS."""
        source = self.parameterAsSource(parameters, self.IMAGERY_FOOTPRINTS, context)
        if source is None:
            return []
        field = self.parameterAsString(parameters, self.IMAGERY_FOOTPRINT_FIELD, context)
        return footprint_pieces(source, crs, context.transformContext(), field or None)

    def _log_outcomes(self, run: CheckRun, feedback: QgsProcessingFeedback) -> None:
        ran = 0
        for outcome in run.outcomes:
            rule = outcome.rule.id
            if outcome.error:
                feedback.reportError(
                    tr("Rule {rule} failed: {error}").format(rule=rule, error=outcome.error),
                    False,
                )
            elif outcome.skipped:
                feedback.pushInfo(
                    tr("Rule {rule} skipped: {reason}").format(rule=rule, reason=outcome.skipped)
                )
            else:
                ran += 1
        feedback.pushInfo(
            tr("{ran} of {total} rules ran in {seconds:.1f} s.").format(
                ran=ran, total=len(run.outcomes), seconds=run.seconds
            )
        )
