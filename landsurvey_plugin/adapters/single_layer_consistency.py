"""Single layers against the parcels: the profile's single-layer rules, each with a fix.

No second implementation of the rules: the findings are those of ``rules.engine.run_checks``
(category ``single_layer``) over the same dataset the one-click check reads. Each finding
gets the fix the survey rules call for (000:三(四)2): a 推(堆)土区, 拆除未尽区 or 工厂化种植
range over parcels it may not lie on loses the part over those parcels (``delete_range``);
a 光伏板区 over 0601 asks for the parcel class to be reviewed (``change_class``, manual);
one place in two single layers is left to the user (``manual``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsGeometry,
    QgsVectorLayer,
)

from landsurvey_plugin.adapters.check_dataset import build_dataset, snapshot
from landsurvey_plugin.adapters.single_layer_edit import RangeEditReport, erase_ranges, to_qgs
from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.model.single_layers import polygonal
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS
from landsurvey_plugin.rules.engine import run_checks
from landsurvey_plugin.rules.findings import Finding

DELETE_RANGE = "delete_range"
CHANGE_CLASS = "change_class"
MANUAL = "manual"
FIXES = {
    "ttq_on_new_construction": DELETE_RANGE,
    "ccwjq_not_on_construction": DELETE_RANGE,
    "gchzz_outside_hosts": DELETE_RANGE,
    "gfbq_on_industrial": CHANGE_CLASS,
}
DEFAULT_MIN_AREA = 1.0  # m²: remainders smaller than this are not kept (no slivers)


@dataclass(frozen=True)
class Conflict:
    """A single-layer finding and the fix proposed for it.

    ``layer`` is the single layer id (TTQ, …); ``range_fids`` the range's fid(s);
    ``parcel_keys`` the BSMs of the offending parcels; ``mask`` the range part over them,
    in the range layer's CRS (None unless the fix is ``delete_range``).
    """

    finding: Finding
    fix: str
    layer: str
    range_fids: tuple[int, ...]
    parcel_keys: tuple[str, ...]
    mask: QgsGeometry | None = None
    area_field: str | None = None

    @property
    def rule(self) -> str:
        return self.finding.rule

    @property
    def message(self) -> str:
        return self.finding.message


@dataclass(frozen=True)
class FixOutcome:
    applied: bool
    message: str
    report: RangeEditReport | None = None


def find_conflicts(
    parcels: QgsVectorLayer,
    previous: QgsVectorLayer | None,
    ranges: Mapping[str, QgsVectorLayer],
    profile: Profile,
    transform_context: QgsCoordinateTransformContext,
    *,
    lang: str = "zh",
) -> list[Conflict]:
    """The single-layer findings of the profile's rules, each with its proposed fix.

    ``ranges`` maps single layer ids (TTQ, GFBQ, CCWJQ, GCHZZ, …) to their layers; without
    ``previous`` the rules that compare with last year are skipped. Edit buffers are read.
    """
    inputs = {PARCELS: snapshot(parcels, PARCELS)}
    if previous is not None:
        inputs[PREVIOUS] = snapshot(previous, PREVIOUS)
    for layer_id, layer in ranges.items():
        if layer is not None:
            inputs[layer_id] = snapshot(layer, layer_id)
    dataset, _ = build_dataset(inputs, transform_context)
    run = run_checks(
        dataset, profile, lang=lang, select=lambda rule: rule.category == "single_layer"
    )
    dataset_crs = QgsCoordinateReferenceSystem.fromWkt(dataset.crs)
    conflicts = []
    for finding in run.findings:
        fix = FIXES.get(finding.rule, MANUAL)
        layer_id = finding.layer
        keys = finding.keys
        mask = None
        if fix == DELETE_RANGE and layer_id in ranges:
            shape = polygonal(finding.geometry)
            if shape is None:
                fix = MANUAL
            else:
                mask = to_qgs(shape)
                target_crs = ranges[layer_id].crs()
                if target_crs.isValid() and dataset_crs.isValid() and target_crs != dataset_crs:
                    mask.transform(
                        QgsCoordinateTransform(dataset_crs, target_crs, transform_context)
                    )
        schema = profile.single_layers.get(layer_id)
        conflicts.append(
            Conflict(
                finding=finding,
                fix=fix,
                layer=layer_id,
                range_fids=tuple(finding.fids),
                parcel_keys=tuple(keys[1:]),
                mask=mask,
                area_field=schema.area_field if schema is not None else None,
            )
        )
    return conflicts


def apply_fix(
    conflict: Conflict,
    layers: Mapping[str, QgsVectorLayer],
    command_text: str,
    *,
    min_area: float = DEFAULT_MIN_AREA,
) -> FixOutcome:
    """Apply a ``delete_range`` fix as one undo step of the range layer; other fixes are
    manual and only return what the user has to do (English; the GUI translates)."""
    if conflict.fix != DELETE_RANGE or conflict.mask is None:
        if conflict.fix == CHANGE_CLASS:
            return FixOutcome(
                False,
                f"{conflict.finding.feature_key}: review the class of the parcels under the "
                "光伏板区 range (panel arrays are surveyed by the ground class, not 0601); "
                "this fix is manual.",
            )
        return FixOutcome(False, f"{conflict.finding.feature_key}: this conflict is fixed by hand.")
    layer = layers.get(conflict.layer)
    if layer is None:
        return FixOutcome(False, f"The layer {conflict.layer} is not loaded.")
    report = erase_ranges(
        layer,
        [conflict.mask],
        min_area,
        command_text,
        fids=conflict.range_fids or None,
        area_field=conflict.area_field,
    )
    if report.deleted:
        text = f"{conflict.layer}: range {conflict.finding.keys[0]} deleted"
    elif report.changed:
        text = (
            f"{conflict.layer}: the part of range {conflict.finding.keys[0]} over "
            f"{', '.join(conflict.parcel_keys)} erased ({report.area:.2f} m² left)"
        )
    else:
        return FixOutcome(False, f"{conflict.layer}: nothing to erase", report)
    return FixOutcome(True, text, report)
