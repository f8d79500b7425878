"""NATO posture in East Asia by consensus of risk-averse members.

Source
    North Atlantic Council decisions are taken by consensus (NATO, "Consensus decision-making at NATO",
    nato.int, 2023). The seed article (The Epoch Times, 2024-11-05), Carl Schuster: NATO will not deploy
    forces "other than naval forces and an occasional deployment of aircraft for exercises"; Anders Corr:
    partners "could at some point host a NATO office". Consensus as the minimum acceptable level is the
    unanimity-rule core of spatial voting (Tsebelis 2002, *Veto Players*, Princeton UP).
Symbols
    Levels 0 none, 1 naval, 2 air, 3 office, 4 ground. tau_m = ``rules.posture.members.<m>.tolerance``;
    threat T = w_E [exchange troops in combat] + w_K rung(korea)/5 + w_T rung(taiwan)/5 (weights
    ``weight_*``); g = ``threat_sensitivity``; reviews at ``review_per_month``.
Rule
    Member m accepts level a_m = clip(floor(4 tau_m + g T), 0, 4); the alliance adopts
    min_m a_m, the highest level every member accepts, at each review (the veto player with the lowest
    tolerance decides). Between reviews the posture stays as it is.
Deviations
    Members are a few representative allies, not all 32; tolerance is fixed per world (drawn once), so
    attitudes change only through the threat.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import State


def step(st: State) -> None:
    """Review the posture where a review falls in this step."""
    rule, lay = st.sc.rules.posture, st.lay
    if not rule.enabled or not rule.members:
        return
    threat = np.zeros(st.n, np.float32)
    ex = st.sc.rules.exchange
    if ex.troops_flow is not None:
        threat += (
            np.float32(st.draws["rules.posture.weight_troops_in_europe"])
            * st.in_combat[lay.k[ex.troops_flow]]
        )
    for name, tid in (("weight_korea", rule.korea_theatre), ("weight_taiwan", rule.taiwan_theatre)):
        if tid is not None:
            threat += np.float32(st.draws[f"rules.posture.{name}"]) * st.rung[lay.t[tid]] / np.float32(5)
    g = np.float32(st.draws["rules.posture.threat_sensitivity"])
    consensus = np.full(st.n, 4, np.int8)
    for m in rule.members:
        tau = np.float32(st.draws[f"rules.posture.members.{m}.tolerance"])
        accept = np.clip(np.floor(4 * tau + g * threat), 0, 4).astype(np.int8)
        consensus = np.minimum(consensus, accept)
    review = st.bernoulli(np.ones(st.n, bool), st.hazard(st.draws["rules.posture.review_per_month"]))
    st.posture[review] = consensus[review]
    np.maximum(st.max_posture, st.posture, out=st.max_posture)
