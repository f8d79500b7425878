"""Deterrence: a resolved defender and a credible protector lower the challenger's initiation and escalation.

Source
    Schelling, T. 1966. *Arms and Influence*, Yale UP, ch. 2 (commitments make the risk of resistance
    credible); Fearon, J. D. 1994. "Signaling versus the Balance of Power and Interests." *J. Conflict
    Resolution* 38(2): 236-269 and Fearon 1997, "Signaling Foreign Policy Interests", *JCR* 41(1): 68-90
    (a challenger initiates less often, and is resisted more often, the more it expects the defender to care);
    Huth, P. 1988. *Extended Deterrence and the Prevention of War*, Yale UP (a protector's credible
    commitment lowers the challenger's readiness to attack its protege).
Symbols
    For theatre t with challenger A (lead of ``side_a``) and defender B (lead of ``side_b``): v_B = B's
    ``resolve``; v_ref = ``rules.deterrence.reference_resolve``; p_h = ``calibration.honour_rate``; s_j the
    commitment (``member_commitment`` or ``commitment``) of every other member j of an alliance that has B
    as a member and t in its scope; eta = ``rules.deterrence.initiation_elasticity``.
Rule
    The deterrent weight D = (v_B / v_ref) (1 + p_h sum_j s_j) is fixed per world when a block starts. The
    risk the challenger runs by escalating (``brinkmanship``: r_k x risk multiplier) is multiplied by D: a
    resolved, protected defender is more likely to resist and the conflict more likely to spiral
    (Schelling's "threat that leaves something to chance"). The challenger's initiation hazards (crisis onset,
    forceful demands, climbing at war; ``ladder``) are multiplied by D^(-eta): it starts fewer contests it
    expects to be resisted (Fearon 1994; Huth 1988). ``perception`` keeps the factors in the rivals'
    theatres when it sets their multipliers each month.
Deviations
    Fearon's challenger holds a belief about v_B; here the drawn v_B is taken as known to the challenger at
    the decision (the contest in ``contest`` still runs on private values). eta is an assumption: the
    sources give the direction, not an elasticity. The protector's weight does not depend on its
    capability.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import SIDE_A, State


def weights(st: State) -> np.ndarray:
    """The deterrent weight D per theatre and world: shape (n_theatres, n_worlds), float32."""
    sc, lay = st.sc, st.lay
    v_ref = np.maximum(np.float32(st.draws["rules.deterrence.reference_resolve"]), np.float32(1e-6))
    honour = np.float32(st.draws["calibration.honour_rate"])
    out = np.empty(st.rung.shape, np.float32)
    for t, tid in enumerate(lay.theatres):
        b = int(lay.lead_b[t])
        backing = np.zeros(st.n, np.float32)
        for aid, al in sc.alliances.items():
            if lay.actors[b] not in al.members or (al.scope is not None and tid not in al.scope):
                continue
            for m in al.members:
                j = lay.a[m]
                if j == b or lay.base_side[j, t] == SIDE_A:
                    continue
                s = st.draws.get(f"alliances.{aid}.member_commitment.{m}")
                s = st.draws[f"alliances.{aid}.commitment"] if s is None else s
                backing += honour * np.float32(s)
        out[t] = st.resolve[b] / v_ref * (1.0 + backing)
    return out


def init(st: State) -> None:
    """Fold the deterrent weight into the risk and hazard multipliers (``deter_risk``/``deter_hazard``)."""
    if not st.sc.rules.deterrence.enabled:
        return
    d = weights(st)
    eta = np.float32(st.draws["rules.deterrence.initiation_elasticity"])
    st.arrays["deter_risk"] = d
    st.arrays["deter_hazard"] = np.power(np.maximum(d, np.float32(1e-6)), -eta).astype(np.float32)
    st.risk_mult[...] *= d
    st.hazard_mult[...] *= st.arrays["deter_hazard"]
