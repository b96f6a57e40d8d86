"""Run the profile's rules over a dataset: skip what cannot apply, time what runs."""

from __future__ import annotations

import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from landsurvey_plugin.model.profile import Profile
from landsurvey_plugin.rules import kinds  # noqa: F401  (registers the built-in kinds)
from landsurvey_plugin.rules.catalogue import RuleSpec, rules_of
from landsurvey_plugin.rules.context import Cancelled, CheckContext
from landsurvey_plugin.rules.dataset import PARCELS, PREVIOUS, Dataset, MissingField
from landsurvey_plugin.rules.findings import Finding
from landsurvey_plugin.rules.registry import checker_for

__all__ = ["Cancelled", "CheckRun", "RuleOutcome", "run_checks"]


@dataclass
class RuleOutcome:
    rule: RuleSpec
    count: int = 0
    seconds: float = 0.0
    skipped: str | None = None  # why the rule did not run (missing layer, field, …)
    error: str | None = None  # an unexpected failure; the other rules still ran


@dataclass
class CheckRun:
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> list[RuleOutcome]:
        return [o for o in self.outcomes if o.error]


def skip_reason(rule: RuleSpec, dataset: Dataset) -> str | None:
    if not rule.enabled:
        return "disabled in the profile"
    if checker_for(rule.kind) is None:
        return f"no checker for kind {rule.kind!r} in this version"
    for role in (rule.layer, *rule.needs):
        if role not in dataset:
            return f"layer {role} not loaded"
    return None


def run_checks(
    dataset: Dataset,
    profile: Profile,
    *,
    lang: str = "zh",
    rules: Iterable[RuleSpec] | None = None,
    select: Callable[[RuleSpec], bool] | None = None,
    progress: Callable[[float], None] | None = None,
    is_canceled: Callable[[], bool] | None = None,
) -> CheckRun:
    """Every applicable rule, in catalogue order; raises ``Cancelled`` when cancelled."""
    started = time.perf_counter()
    specs = list(rules) if rules is not None else rules_of(profile)
    if select is not None:
        specs = [r for r in specs if select(r)]
    apply_aliases(dataset, profile)
    context = CheckContext(dataset, profile, lang, is_canceled)
    run = CheckRun()
    for n, rule in enumerate(specs):
        context.check_canceled()
        if progress is not None:
            progress(100.0 * n / max(len(specs), 1))
        outcome = RuleOutcome(rule, skipped=skip_reason(rule, dataset))
        run.outcomes.append(outcome)
        if outcome.skipped:
            continue
        t0 = time.perf_counter()
        try:
            found = list(checker_for(rule.kind)(rule, context))
        except Cancelled:
            raise
        except MissingField as exc:
            outcome.skipped = f"field {exc.role}.{exc.name} missing"
            continue
        except Exception as exc:  # a broken rule must not hide the others' results
            outcome.error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=4)}"
            continue
        finally:
            outcome.seconds = time.perf_counter() - t0
        found = _in_focus(found, dataset.focus)
        outcome.count = len(found)
        run.findings.extend(found)
    if progress is not None:
        progress(100.0)
    run.seconds = time.perf_counter() - started
    return run


def apply_aliases(dataset: Dataset, profile: Profile) -> None:
    """Expose a field stored under a schema alias (XXTBKD, GDZZSXDM, …) under its standard
    name too, so that every rule reads it; the schema rule accepts aliases the same way."""
    for role, layer in dataset.layers.items():
        schema = profile.dltb if role == PARCELS else profile.single_layers.get(role)
        if schema is None and role == PREVIOUS:
            schema = profile.dltb
        if schema is None:
            continue
        for spec in schema.fields:
            if layer.has(spec.name):
                continue
            alias = next((a for a in spec.aliases if layer.has(a)), None)
            if alias is not None:
                layer.columns[spec.name.upper()] = layer.columns[alias.upper()]
                if alias.upper() in layer.field_types:
                    layer.field_types.setdefault(
                        spec.name.upper(), layer.field_types[alias.upper()]
                    )


def _in_focus(found: list[Finding], focus: dict[str, set[str]] | None) -> list[Finding]:
    """With a focus (re-check the selection), keep the findings that involve it."""
    if focus is None:
        return found
    wanted = set().union(*focus.values()) if focus else set()
    return [f for f in found if wanted.intersection(f.keys)]
