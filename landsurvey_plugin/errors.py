"""One exception hierarchy for problems users must read.

The pure layers cannot translate (no Qt there), so an error carries an English template and
its arguments; ``user_message`` is called by adapters/GUI code, which may translate the
template through ``tr`` before formatting.
"""

from __future__ import annotations

from collections.abc import Callable


class LandSurveyError(Exception):
    def __init__(self, template: str, **args: object) -> None:
        self.template = template
        self.args_map = args
        super().__init__(template.format(**args))

    def user_message(self, translate: Callable[[str], str] | None = None) -> str:
        template = translate(self.template) if translate else self.template
        return template.format(**self.args_map)


class CrsError(LandSurveyError):
    """A layer is not in a coordinate system the survey's formulas are defined for."""


class SchemaError(LandSurveyError):
    """A layer lacks or mistypes fields the national schema requires."""
