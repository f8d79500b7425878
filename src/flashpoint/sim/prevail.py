"""Who prevails: each theatre's first dispute, classified by its outcome, as shares of worlds.

The article's thesis ("whichever country is more willing to endure the risk of escalation is more likely to
win") needs an outcome: every dispute episode ends with an MID outcome (``episodes``): the challenger (side A)
prevails when side B yields or A wins the war (outcomes 4, 1); the defender prevails when A yields or B wins
(3, 2); a compromise settles a war (6). A dispute still running at the horizon is ``unresolved``; a theatre
where no dispute opened within the run has ``none``. ``war`` is the share whose first dispute reached rung 2
or more (a crisis that became a war, or a war running at as_of).

The terms: where a war ends in an accepted offer, side B's share of the stakes is x = 1 - p_A - y (p_A side
A's share of capability, y A's demand: ``rules.bargaining``). In Fearon's (1995) risk-return model the
balance of capability sets the terms of a settlement, not the chance of war, so this is where capability
(``cinc``) shows: ``settled`` is the share of worlds whose theatre saw a negotiated end of a war (the first
one is kept, ``ceasefire_share_b``) and ``settlement_share_b`` the mean of B's share over those worlds
(None if none).
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
#: Two more columns of :func:`prevail_counts`: worlds with a negotiated war end, and the sum of B's share in
#: those settlements in millionths (integers, so sums over blocks are exact in any order).
SETTLEMENT = ("settled", "share_b_micro")
MICRO = 1_000_000


def prevail_counts(theatre: Mapping[str, np.ndarray]) -> np.ndarray:
    """Integer counts of worlds, shape (n_theatres, len(COLUMNS) + len(SETTLEMENT)), from per-theatre outcome
    arrays.

    ``theatre`` maps ``outcome``, ``onset_step``, ``end_step``, ``war_onset_step``, ``first_max_rung`` and
    ``ceasefire_share_b`` to arrays of shape (n_worlds, n_theatres) (a block of worlds or a whole
    :class:`SimResult`'s ``theatre``). Counts add over blocks, so a run reduces them as blocks finish
    (``sim.reduce``).
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
    counts = [np.count_nonzero(m, axis=0) for m in masks]
    share = theatre["ceasefire_share_b"]
    settled = ~np.isnan(share)
    counts.append(np.count_nonzero(settled, axis=0))
    counts.append(
        np.rint(np.where(settled, share, 0.0).astype(np.float64) * MICRO).astype(np.int64).sum(axis=0)
    )
    return np.stack(counts, axis=1).astype(np.int64)


def shares_from_counts(
    counts: np.ndarray, n_worlds: int, n_months: int, sc: Scenario
) -> list[dict[str, Any]]:
    """Per theatre: its sides' leads and the shares of worlds by the first dispute's outcome.

    Returns a list of ``{"id", "challenger", "defender", "months", "challenger_prevails",
    "defender_prevails", "compromise", "unresolved", "none", "war", "settled", "settlement_share_b"}``
    (shares of worlds rounded to 6 places; ``settlement_share_b`` the mean of B's share over the settled
    worlds, 4 places, None where no war settled).
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
        settled, micro = (int(counts[j, len(COLUMNS) + i]) for i in range(len(SETTLEMENT)))
        row["settled"] = round(settled / n_worlds, 6)
        row["settlement_share_b"] = round(micro / MICRO / settled, 4) if settled else None
        out.append(row)
    return out


def prevail_shares(res: SimResult, sc: Scenario) -> list[dict[str, Any]]:
    """:func:`shares_from_counts` of a whole :class:`SimResult`."""
    return shares_from_counts(prevail_counts(res.theatre), res.n_worlds, res.n_months, sc)
