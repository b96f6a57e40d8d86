"""Accepted exceptions: problems a reviewer has judged acceptable, with the reason why.

Keyed on (rule, layer, feature_key), so an exception survives re-runs and edits of other
parcels, and stops applying once the feature's key changes (then it is a new case).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from landsurvey_plugin.rules.findings import Finding


@dataclass(frozen=True)
class AcceptedException:
    rule: str
    layer: str
    feature_key: str
    reason: str
    user: str = ""
    accepted_at: str = ""  # ISO 8601

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.rule, self.layer, self.feature_key)


def split_accepted(
    findings: Iterable[Finding], accepted: Iterable[AcceptedException]
) -> tuple[list[Finding], list[Finding]]:
    """(still open, accepted) — accepted ones stay available for the report's appendix."""
    known = {a.identity for a in accepted}
    open_, done = [], []
    for finding in findings:
        (done if finding.identity in known else open_).append(finding)
    return open_, done
