"""Who prevails: each theatre's first dispute, classified by its outcome, as shares of worlds.

The article's thesis ("whichever country is more willing to endure the risk of escalation is more likely to
win") needs an outcome: every dispute episode ends with an MID outcome (``episodes``): the challenger (side A)
prevails when side B yields or A wins the war (outcomes 4, 1); the defender prevails when A yields or B wins
(3, 2); a compromise settles a war (6). A dispute still running at the horizon is ``unresolved``; a theatre
where no dispute opened within the run has ``none``. ``war`` is the share whose first dispute reached rung 2
or more (a crisis that became a war, or a war running at as_of).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from flashpoint.sim.result import SimResult
from flashpoint.world.scenario import Scenario

CHALLENGER, DEFENDER, COMPROMISE = (1, 4), (2, 3), (6,)


def prevail_shares(res: SimResult, sc: Scenario) -> list[dict[str, Any]]:
    """Per theatre: its sides' leads and the shares of worlds by the first dispute's outcome.

    Returns a list of ``{"id", "challenger", "defender", "months", "challenger_prevails",
    "defender_prevails", "compromise", "unresolved", "none", "war"}`` (shares rounded to 6 places).
    """
    out = []
    for tid, th in sc.theatres.items():
        outcome = res.theatre_field("outcome", tid)
        onset = res.theatre_field("onset_step", tid)
        ended = res.theatre_field("end_step", tid) >= 0
        war_onset = res.theatre_field("war_onset_step", tid)
        first_war = np.where(ended, res.theatre_field("first_max_rung", tid) >= 2, war_onset >= 0)

        def share(mask: np.ndarray) -> float:
            return round(float(np.count_nonzero(mask)) / res.n_worlds, 6)

        out.append(
            {
                "id": tid,
                "challenger": th.side_a[0],
                "defender": th.side_b[0],
                "months": res.n_months,
                "challenger_prevails": share(ended & np.isin(outcome, CHALLENGER)),
                "defender_prevails": share(ended & np.isin(outcome, DEFENDER)),
                "compromise": share(ended & np.isin(outcome, COMPROMISE)),
                "unresolved": share(~ended & (onset >= 0)),
                "none": share(onset < 0),
                "war": share((onset >= 0) & first_war),
            }
        )
    return out
