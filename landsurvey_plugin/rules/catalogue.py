"""Profile rules as typed specs: what to check, where, how bad, and which clause says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from landsurvey_plugin.model.profile import Profile, ProfileError
from landsurvey_plugin.rules.findings import CATEGORIES, SEVERITIES

_COMMON = {
    "id",
    "kind",
    "category",
    "severity",
    "layer",
    "source",
    "title",
    "title_zh",
    "message",
    "message_zh",
}
_OPTIONAL = {"needs", "enabled", "note", "_comment"}


@dataclass(frozen=True)
class RuleSpec:
    id: str
    kind: str
    category: str
    severity: str
    layer: str  # the layer role the findings are about: DLTB, XZQ, TTQ, photos, …
    source: str
    title: str
    title_zh: str
    message: str  # str.format template; placeholders are the checker's arguments
    message_zh: str
    params: dict[str, Any] = field(default_factory=dict)
    needs: tuple[str, ...] = ()  # layer roles that must be present (besides ``layer``)
    enabled: bool = True

    def title_in(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title

    def render(
        self, lang: str, args: dict[str, Any], lookup: Callable[[str], Any] | None = None
    ) -> str:
        """The message in ``lang``; placeholders come from ``args``, then ``lookup`` (the
        row's field values); one that neither knows stays visible rather than failing."""
        template = self.message_zh if lang == "zh" else self.message
        return template.format_map(_Values(args, lookup))


class _Values(dict):
    def __init__(self, args: dict[str, Any], lookup: Callable[[str], Any] | None) -> None:
        super().__init__(args)
        self.lookup = lookup

    def __missing__(self, key: str) -> Any:
        if self.lookup is not None:
            try:
                return self.lookup(key)
            except LookupError:
                pass
        return "{" + key + "}"


def parse_rule(raw: dict[str, Any], where: str = "rule") -> RuleSpec:
    """A rule dict from the profile; a malformed one is a ProfileError naming the rule."""
    rule_id = raw.get("id", "?")
    missing = sorted(_COMMON - raw.keys())
    if missing:
        raise ProfileError(f"{where} {rule_id}: missing key(s) {', '.join(missing)}")
    if raw["category"] not in CATEGORIES:
        raise ProfileError(f"{where} {rule_id}: unknown category {raw['category']!r}")
    if raw["severity"] not in SEVERITIES:
        raise ProfileError(f"{where} {rule_id}: severity must be error or warning")
    for key in _COMMON:
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise ProfileError(f"{where} {rule_id}: {key} must be a non-empty string")
    params = {k: v for k, v in raw.items() if k not in _COMMON | _OPTIONAL}
    return RuleSpec(
        id=raw["id"],
        kind=raw["kind"],
        category=raw["category"],
        severity=raw["severity"],
        layer=raw["layer"],
        source=raw["source"],
        title=raw["title"],
        title_zh=raw["title_zh"],
        message=raw["message"],
        message_zh=raw["message_zh"],
        params=params,
        needs=tuple(raw.get("needs", ())),
        enabled=bool(raw.get("enabled", True)),
    )


def rules_of(profile: Profile) -> list[RuleSpec]:
    """Every rule of the profile (parents merged), in catalogue order."""
    return [parse_rule(raw, f"profile {profile.id}: rule") for raw in profile.rules]
