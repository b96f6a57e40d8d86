"""The dependency check names what is missing instead of letting an import fail later."""

from landsurvey_plugin.toolbelt.dependencies import (
    REQUIREMENTS,
    Requirement,
    _version_tuple,
    check_dependencies,
)


def test_installed_requirements_pass():
    assert check_dependencies() == []
    assert {r.module for r in REQUIREMENTS} >= {"shapely", "exifread", "numpy"}


def test_missing_module_is_named():
    req = Requirement("landsurvey_no_such_module", (1, 0), "nosuch", "testing")
    (problem,) = check_dependencies((req,))
    assert problem.found is None
    assert "landsurvey_no_such_module >= 1.0" in problem.describe()
    assert "not installed" in problem.describe()


def test_old_version_is_named():
    req = Requirement("shapely", (99, 0), "shapely>=99", "testing")
    (problem,) = check_dependencies((req,))
    assert problem.found is not None
    assert problem.found in problem.describe()


def test_version_parsing():
    assert _version_tuple("2.2.0") == (2, 2, 0)
    assert _version_tuple("3.5.1rc1") == (3, 5, 1)
    assert _version_tuple("1.26.4+debian") == (1, 26, 4)
    assert _version_tuple("3.0.0") < (3, 5)
