"""No inert parameter: every parameter of the shipped scenario moves some output (validity.inert).

The scan's result must equal ``KNOWN`` exactly: a newly inert parameter fails, and so does a known one that
starts to act (then remove it from the list). Each known entry says why it is still inert; they are open work
of issue 9 (or issue 10 where stated), listed in its closing note, not accepted behaviour.
"""

from __future__ import annotations

import pytest

from flashpoint.validity.inert import inert_parameters

pytestmark = pytest.mark.slow

LABELS_ONLY = (
    "capability acts only on the labels of war outcomes (side A share <= 0.2 or >= 0.8), never crossed"
)
KNOWN = {
    **{f"actors.{a}.capability.cinc": LABELS_ONLY for a in ("CHN", "TWN", "JPN", "AUS", "NZL", "IND", "PHL")},
    "actors.HOUTHIS.capability.cinc": LABELS_ONLY,
    "alliances.us-japan.commitment": "the US joins through us-rok or us-taiwan-tra before Japan is involved",
    "alliances.us-philippines.commitment": "the Philippines is in no theatre, so the alliance never triggers",
    "calibration.crisis_join_scale": "issue 10: acts only for alliances with trigger_rung 1 (none here)",
    "calibration.joiner_war_multiplier": "issue 10: acts only on crisis joiners (trigger_rung 1; none here)",
    "rules.exchange.withdrawal_per_month": "acts when payments fall below as_of (checked: exchange.payments)",
}


def test_only_the_known_parameters_are_inert() -> None:
    found = set(inert_parameters())
    assert found == set(KNOWN), {
        "newly inert": sorted(found - set(KNOWN)),
        "now acting": sorted(set(KNOWN) - found),
    }
