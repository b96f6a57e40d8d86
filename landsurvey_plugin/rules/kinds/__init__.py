"""Built-in rule kinds; importing the package registers them."""

from landsurvey_plugin.rules.kinds import (  # noqa: F401
    area,
    attributes,
    evidence,
    geometry,
    imagery,
    imagery_signatures,
    single_layer,
    topology,
)
