"""docs/rules.md is generated from the profiles and must match them."""

import re

from scripts import rule_catalogue


def test_rule_catalogue_document_is_current():
    assert rule_catalogue.main(["--check"]) == 0, "run scripts/rule_catalogue.py"


def test_every_rule_in_the_document_cites_a_clause():
    text = rule_catalogue.render()
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert len(rows) >= 80
    for row in rows:
        source = row.rstrip(" |").rsplit("|", 1)[-1].strip()
        # a seed document of ../shared/seeds (000…004) or the domain reference
        assert re.match(r"(00[0-4]|reference):", source), row
