"""No inert parameter: every parameter of the shipped scenario moves some output (validity.inert).

The scan's result must equal ``KNOWN`` exactly: a newly inert parameter fails, and so does a known one that
starts to act (then remove it from the list). Each known entry says why it is still inert; they are open work
of issue 9 (or issue 10 where stated), listed in its closing note, not accepted behaviour.
"""

from __future__ import annotations

import pytest

from flashpoint.validity.inert import inert_parameters

pytestmark = pytest.mark.slow

KNOWN = {
    "calibration.crisis_join_scale": "issue 10: acts only for alliances with trigger_rung 1 (none here)",
    "calibration.joiner_war_multiplier": "issue 10: acts only on crisis joiners (trigger_rung 1; none here)",
}


def test_only_the_known_parameters_are_inert() -> None:
    found = set(inert_parameters())
    assert found == set(KNOWN), {
        "newly inert": sorted(found - set(KNOWN)),
        "now acting": sorted(set(KNOWN) - found),
    }


def test_indicator_parameters_move_the_situation_update() -> None:
    """Indicator parameters, outside the engine scan, each move the update of the parameter they inform."""
    import datetime as dt

    import pandas as pd

    from flashpoint.situation.rules import rate
    from flashpoint.world.catalog import iter_params, load_scenario
    from flashpoint.world.overrides import apply_overrides
    from flashpoint.world.params import Param

    sc = load_scenario()
    paths = [p for p, x in iter_params(sc) if p.startswith("indicators.") and isinstance(x, Param)]
    assert paths and all(p.endswith(".baseline_per_month") for p in paths)  # the rate rule's prior
    rows = pd.DataFrame(
        {"published": ["2024-12-01"] * 3, "event_type": ["ASSAULT", "THREATEN", "COERCE"]}
        | {"actor_code": ["PRK"] * 3, "recipient_code": ["KOR"] * 3}
    )
    on = sc.as_of + dt.timedelta(days=90)
    for path in paths:
        iid = path.split(".")[1]
        moved = apply_overrides(sc, {path: sc.indicators[iid].baseline_per_month.point() * 2})
        data = sc.model_dump(mode="json", by_alias=True)
        before = rate(sc.indicators[iid], data, rows, sc.as_of, on)[0][0]["after"]
        after = rate(moved.indicators[iid], data, rows, sc.as_of, on)[0][0]["after"]
        assert before != after, path
