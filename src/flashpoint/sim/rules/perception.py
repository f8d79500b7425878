"""Perception updating: rivals learn Western resolve and capability from behaviour in other theatres.

Source
    The seed article (The Epoch Times, 2024-11-05), Carl Schuster: the possibility "will be as dependent on
    Xi and Kim's perception of Western military capabilities and likely response to their actions as it will
    be on their confidence in their own forces". Reputation for resolve inferred across theatres: Walter,
    B. F. 2006, "Building Reputation: Why Governments Fight Some Separatists but Not Others", *AJPS* 50(2);
    Weisiger, A. & K. Yarhi-Milo 2015, "Revisiting Reputation", *International Organization* 69(2).
Symbols
    For each rival i in ``rules.perception.rivals``: rho_i = perceived resolve of the Western actor
    (``western_actor``), rho_i0 = resolve x ``perception_bias``; kappa_i = confidence in own forces
    (0.5 at as_of: only its change counts; growing by ``confidence_growth_per_month`` and by
    ``experience_weight`` x the change of the rival's own capability multiplier: the exchange's combat
    experience and resources, materiel flows).
    Signal s = weighted mean (weights ``weight_*``) of: the Western actor's resolve as
    revealed in its conduct; the ``support_flow`` relative to as_of (capped at 1); the NATO posture in East
    Asia / 4; 1 - the share of other theatres at war that involve the West (distraction). lambda =
    ``learning_rate``, beta = ``hazard_sensitivity``, rho_ref = ``reference_resolve``.
Rule
    rho_i <- rho_i + lambda (s - rho_i) each month (exponential smoothing; a Bayesian update of a mean with a
    fixed-weight prior). In the rival's theatre all hazards are multiplied by
    exp(beta [(kappa_i - kappa_i0) - (rho_i - rho_ref)]) and the brinkmanship risk by
    (rho_i / rho_ref) x D, with D the deterrent weight of ``deterrence`` (the defender's resolve and its
    protectors' commitments); without that rule D is the commitment of ``protector_alliance`` (1 without
    one): the risk a challenger runs is that of meeting the protector. While the Western actor (or bloc)
    fights at rung >= 4
    in another theatre, the rival's hazards are further multiplied by exp(``opportunism``).
Deviations
    Learning is adaptive smoothing, not full Bayesian updating over types; the signal weights are
    assumptions. Capability growth is a linear trend.
"""

from __future__ import annotations

import numpy as np

from flashpoint.sim.state import State

CONFIDENCE_START = 0.5  # kappa at as_of: only its change matters, bounded by half the [0, 1] scale either way


def init(st: State) -> None:
    """Allocate perceived resolve and confidence: shape (n_rivals, n_worlds), float32."""
    rule, n = st.sc.rules.perception, st.n
    rivals = list(rule.rivals)
    west = st.lay.a.get(rule.western_actor) if rule.western_actor else None
    rho = np.zeros((len(rivals), n), np.float32)
    kappa = np.zeros_like(rho)
    for i, rid in enumerate(rivals):
        base = (
            st.resolve[west]
            if west is not None
            else np.float32(st.draws["rules.perception.reference_resolve"])
        )
        rho[i] = np.clip(base * np.float32(st.draws[f"rules.perception.rivals.{rid}.perception_bias"]), 0, 1)
        kappa[i] = CONFIDENCE_START
    st.arrays["perceived"] = rho
    st.arrays["confidence"] = kappa
    st.arrays["confidence0"] = kappa.copy()
    st.arrays["capability_seen"] = np.ones((len(rivals), n), np.float32)


def step(st: State) -> None:
    """Update perceptions and set ``hazard_mult`` and ``risk_mult`` of each rival's theatre."""
    rule, lay, sc = st.sc.rules.perception, st.lay, st.sc
    if not rule.enabled or not rule.rivals:
        return
    west = lay.a.get(rule.western_actor) if rule.western_actor else None
    bloc = lay.a.get(sc.rules.posture.bloc) if sc.rules.posture.bloc else None
    weights, signals = [], []
    if west is not None:
        weights.append(st.draws["rules.perception.weight_revealed"])
        signals.append(st.resolve[west])
    if rule.support_flow is not None:
        k = lay.k[rule.support_flow]
        weights.append(st.draws["rules.perception.weight_support"])
        signals.append(np.minimum(st.flow_size[k] / st.flow0[k], 1.0))
    if sc.rules.posture.enabled:
        weights.append(st.draws["rules.perception.weight_posture"])
        signals.append(st.posture.astype(np.float32) / 4.0)
    targets = {r.theatre for r in rule.rivals.values()}
    others = [lay.t[t] for t in lay.theatres if t not in targets]
    if others and (west is not None or bloc is not None):
        west_in = np.zeros((len(others), st.n), bool)
        for x in (west, bloc):
            if x is not None:
                west_in |= (st.side[x, others] > 0) | (lay.supporter_side[x, others][:, None] > 0)
        busy = (west_in & (st.rung[others] >= 2)).mean(axis=0)
        weights.append(st.draws["rules.perception.weight_distraction"])
        signals.append(1.0 - busy)
    wsum = sum(np.asarray(w, np.float32) for w in weights)
    signal = sum(np.float32(w) * s for w, s in zip(weights, signals, strict=True)) / np.maximum(wsum, 1e-9)
    lam = np.float32(st.draws["rules.perception.learning_rate"])
    lam_step = 1.0 - (1.0 - lam) ** np.float32(st.dtm)
    beta = np.float32(st.draws["rules.perception.hazard_sensitivity"])
    rho_ref = np.float32(st.draws["rules.perception.reference_resolve"])
    # where the Western actor or bloc fights at rung >= 4, per theatre: (n_theatres, n_worlds)
    west_gp = np.zeros(st.rung.shape, bool)
    for x in (west, bloc):
        if x is not None:
            west_gp |= st.side[x] > 0
    west_gp &= st.rung >= 4
    opportunism = np.float32(st.draws["rules.perception.opportunism"])
    for i, (rid, rival) in enumerate(rule.rivals.items()):
        st.perceived[i] += lam_step * (signal - st.perceived[i])
        growth = np.float32(st.draws[f"rules.perception.rivals.{rid}.confidence_growth_per_month"])
        exp_w = np.float32(st.draws.get(f"rules.perception.rivals.{rid}.experience_weight", 0.0))
        cap = st.cap_mult[lay.a[rid]]  # own capability multiplier (experience, resources, materiel flows)
        d_capability = cap - st.capability_seen[i]
        st.capability_seen[i] = cap
        st.confidence[i] = np.clip(
            st.confidence[i] + growth * np.float32(st.dtm) + exp_w * d_capability, 0, 1
        )
        t = lay.t[rival.theatre]
        gap = (st.confidence[i] - st.confidence0[i]) - (st.perceived[i] - rho_ref)
        elsewhere = [u for u in range(len(lay.theatres)) if u != t]
        opp = opportunism * west_gp[elsewhere].any(axis=0) if elsewhere else np.float32(0)
        st.hazard_mult[t] = np.exp(beta * gap + opp)
        risk = st.perceived[i] / np.maximum(rho_ref, 1e-6)
        if "deter_risk" in st.arrays:  # the defender's resolve and its protectors (rules.deterrence)
            st.hazard_mult[t] *= st.deter_hazard[t]
            risk = risk * st.deter_risk[t]
        elif rival.protector_alliance is not None:
            risk = risk * np.asarray(st.draws[f"alliances.{rival.protector_alliance}.commitment"], np.float32)
        st.risk_mult[t] = risk
