"""Who prevails: each theatre's first dispute, classified by its outcome, as shares of worlds.

The article's thesis ("whichever country is more willing to endure the risk of escalation is more likely to
win") needs an outcome: every dispute episode ends with an MID outcome (``episodes``): the challenger (side A)
prevails when side B yields or A wins the war (outcomes 4, 1); the defender prevails when A yields or B wins
(3, 2); a compromise settles a war (6). A dispute still running at the horizon is ``unresolved``; a theatre
where no dispute opened within the run has ``none``. ``war`` is the share whose first dispute reached rung 2
or more (a crisis that became a war, or a war running at as_of).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from flashpoint.sim.result import SimResult
from flashpoint.world.scenario import Scenario

CHALLENGER, DEFENDER, COMPROMISE = (1, 4), (2, 3), (6,)


#: Columns of :func:`prevail_counts`: worlds per theatre by its first dispute's fate.
COLUMNS = ("challenger_prevails", "defender_prevails", "compromise", "unresolved", "none", "war")


def prevail_counts(theatre: Mapping[str, np.ndarray]) -> np.ndarray:
    """Integer counts of worlds, shape (n_theatres, len(COLUMNS)), from per-theatre outcome arrays.

    ``theatre`` maps ``outcome``, ``onset_step``, ``end_step``, ``war_onset_step`` and ``first_max_rung``
    to arrays of shape (n_worlds, n_theatres) (a block of worlds or a whole :class:`SimResult`'s
    ``theatre``). Counts add over blocks, so a run reduces them as blocks finish (``sim.reduce``).
    """
    outcome = theatre["outcome"]
    onset = theatre["onset_step"]
    ended = theatre["end_step"] >= 0
    first_war = np.where(ended, theatre["first_max_rung"] >= 2, theatre["war_onset_step"] >= 0)
    masks = (
        ended & np.isin(outcome, CHALLENGER),
        ended & np.isin(outcome, DEFENDER),
        ended & np.isin(outcome, COMPROMISE),
        ~ended & (onset >= 0),
        onset < 0,
        (onset >= 0) & first_war,
    )
    return np.stack([np.count_nonzero(m, axis=0) for m in masks], axis=1).astype(np.int64)


def shares_from_counts(
    counts: np.ndarray, n_worlds: int, n_months: int, sc: Scenario
) -> list[dict[str, Any]]:
    """Per theatre: its sides' leads and the shares of worlds by the first dispute's outcome.

    Returns a list of ``{"id", "challenger", "defender", "months", "challenger_prevails",
    "defender_prevails", "compromise", "unresolved", "none", "war"}`` (shares rounded to 6 places).
    """
    out = []
    for j, (tid, th) in enumerate(sc.theatres.items()):
        row: dict[str, Any] = {
            "id": tid,
            "challenger": th.side_a[0],
            "defender": th.side_b[0],
            "months": n_months,
        }
        row.update({c: round(float(counts[j, i]) / n_worlds, 6) for i, c in enumerate(COLUMNS)})
        out.append(row)
    return out


def prevail_shares(res: SimResult, sc: Scenario) -> list[dict[str, Any]]:
    """:func:`shares_from_counts` of a whole :class:`SimResult`."""
    return shares_from_counts(prevail_counts(res.theatre), res.n_worlds, res.n_months, sc)
