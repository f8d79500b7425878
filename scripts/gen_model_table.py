"""Write the default scenario's generated blocks into docs/model.md.

``forecasts``: ``flashpoint run --json --worlds 100000 --seed 7`` of ``kursk-2024-11``, nothing stored (the
probability, the Monte Carlo interval, the interval over assumption draws and the assumption share; who
prevails per theatre). ``mechanisms``: the mechanism checks (:mod:`flashpoint.validity.mechanisms`) at
``MECH_WORLDS`` base worlds per arm (an event outcome gets more by the rule of
:mod:`flashpoint.validity.mechanisms`) and the yearly war-onset hazards of the perception window. Run
``python scripts/gen_model_table.py`` after changing the engine or the scenario; tests/unit/test_docs.py fails
when the page and a fresh run disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from flashpoint.sim.engine import simulate
from flashpoint.sim.runner import run
from flashpoint.validity.mechanisms import mechanisms_markdown, run_mechanism_checks
from flashpoint.validity.validate import replace_block
from flashpoint.world.catalog import load_scenario

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "model.md"
WORLDS, SEED = 100_000, 7
MECH_WORLDS, MECH_SEED = 10_000, 11
WINDOW_WORLDS = 100_000  # the yearly onsets are rare: about 20-80 a year at this size
WINDOW_THEATRES = ("taiwan", "korea")


def render() -> str:
    """The markdown block: the command, the scenario hash, one row per question and who prevails."""
    out = run(None, worlds=WORLDS, seed=SEED, store=False)
    rows = "".join(
        f"| `{q['id']}` | {q['horizon_months']} | {q['probability']:.3f} | "
        f"{q['ci90'][0]:.3f} - {q['ci90'][1]:.3f} | "
        f"{q['assumption_ci90'][0]:.3f} - {q['assumption_ci90'][1]:.3f} | {q['assumption_share']:.2f} |\n"
        for q in out["questions"]
    )
    sides = "".join(
        f"| {t['id']} | {t['challenger']} {t['challenger_prevails']:.3f} | {t['defender']} "
        f"{t['defender_prevails']:.3f} | {t['compromise']:.3f} | {t['unresolved']:.3f} | {t['war']:.3f} | "
        f"{t['settled']:.3f} | {_share(t['settlement_share_b'])} |\n"
        for t in out["prevail"]
    )
    return (
        f"`flashpoint run --json --worlds {WORLDS} --seed {SEED}` (scenario sha256 "
        f"{out['scenario']['sha256'][:12]}):\n\n"
        "| question | horizon (months) | probability | 90% interval (Wilson, Monte Carlo) | "
        "90% interval over assumptions | assumption share |\n|---|---|---|---|---|---|\n"
        + rows
        + "\nWho prevails in each theatre's first dispute within 48 months (share of worlds; `war`: the "
        "first dispute reached rung 2 or more; `settled`: a war ended in an accepted offer; `B's share`: the "
        "defender's mean share of the stakes in that first settlement):\n\n"
        "| theatre | challenger prevails | defender prevails | compromise | unresolved | war | settled | "
        "B's share |\n|---|---|---|---|---|---|---|---|\n" + sides
    )


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def yearly_hazards(months: int = 48) -> str:
    """Yearly war onsets in the rivals' theatres: P(war starts in year y | none before), and the challenger's
    initiation rate, war onsets per crisis-month (a month begun at rung 1 with no war yet) in year y."""
    sc = load_scenario()
    res = simulate(sc, WINDOW_WORLDS, months, np.random.default_rng(MECH_SEED), trace=True)
    steps_per_year = round(12 * 30.4375 / sc.step_days)
    lines = []
    for tid in WINDOW_THEATRES:
        onset = res.theatre_field("war_onset_step", tid)
        rung = res.trace["rung"][:, :, res.theatres.index(tid)]  # (n_steps + 1, n_worlds)
        hazard, per_crisis = [], []
        for y in range(months // 12):
            lo, hi = y * steps_per_year, (y + 1) * steps_per_year
            at_risk = np.count_nonzero((onset < 0) | (onset > lo))
            started = np.count_nonzero((onset > lo) & (onset <= hi))
            crisis_months = sum(
                np.count_nonzero((rung[s - 1] == 1) & ((onset < 0) | (onset >= s)))
                for s in range(lo + 1, hi + 1)
            )
            hazard.append(f"{started / max(at_risk, 1):.5f} ({started})")
            per_crisis.append(f"{started / max(crisis_months, 1):.5f} ({crisis_months})")
        lines.append(
            f"| {tid}: P(war starts in year y \\| none before) (onsets) | " + " | ".join(hazard) + " |\n"
        )
        lines.append(
            f"| {tid}: war onsets per crisis-month (crisis-months) | " + " | ".join(per_crisis) + " |\n"
        )
    head = "| theatre and measure | " + " | ".join(f"year {y + 1}" for y in range(months // 12)) + " |\n"
    head += "|---|" + "---|" * (months // 12) + "\n"
    return (
        f"Yearly war onsets in the rivals' theatres ({WINDOW_WORLDS} worlds, seed {MECH_SEED}):\n\n"
        + head
        + "".join(lines)
    )


def render_mechanisms() -> str:
    """The mechanism checks table and the perception window's yearly hazards."""
    checks = run_mechanism_checks(np.random.default_rng(MECH_SEED), n=MECH_WORLDS)
    result = {"checks": [c.to_dict() for c in checks]}
    return mechanisms_markdown(result) + "\n" + yearly_hazards()


def main() -> int:
    forecasts, mechanisms = render(), render_mechanisms()  # the page is read after the (long) runs
    text = replace_block(PAGE.read_text(encoding="utf-8"), "forecasts", forecasts)
    PAGE.write_text(replace_block(text, "mechanisms", mechanisms), encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
