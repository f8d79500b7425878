"""The nuclear shadow as the brinkmanship rule implies it, and how far it can take the 1946-2014 prediction.

Source
    Powell, R. 1987. "Crisis Bargaining, Escalation, and MAD." *APSR* 81(3): 717-735 and Powell 1990,
    *Nuclear Deterrence Theory*, ch. 2: a state escalates iff the risk r <= (w - q)/(w - d), so a worse
    disaster d (nuclear use on the ladder) lowers the risk worth running. Nuclear status by year:
    ``flashpoint.world.history.derive.NUCLEAR`` (first tests; Jo & Gartzke 2007 for Israel and South Africa).
Symbols
    The generic dispute has q = 0, d = -1 (conventional), r_2 = 0.05 and w ~ U[0, 1]. In a dispute under
    the nuclear shadow d is the nuclear disaster d_N. Since w <= 1, every d_N <= -(1 - r_2)/r_2 = -19 stops
    side A's escalation to war in every such dispute: that is the strongest effect the mechanism can have,
    whatever the magnitude. ``BOUND_D`` is such a value.
Rule
    :func:`bound` runs the generic dispute, with the shipped 1816-1945 calibration, once without the shadow
    and once per definition of it (``either`` side, side A's ``opponent``, ``mutual``) at ``BOUND_D``, and
    scores each run with the history checks' own tolerance (3 SE of the difference). Nothing is fitted:
    the bound needs no magnitude, which is why it is reported instead of a tuned d_N.
Deviations
    Only side A escalates in the engine, so the deterrent effect on side B (``opponent`` from B's view) has
    no channel. The shadow does not shorten crises: the contest's cost of holding out does not depend on d.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from flashpoint.validity.dispute import (
    CHECKED,
    LABELS,
    dispute_figures,
    history_checks,
    period_years,
    shadow_flags,
    simulate_disputes,
)
from flashpoint.world.history import load_dyads, load_figures

BOUND_D = -1.0e6
VARIANTS = (None, "either", "opponent", "mutual")
PERIODS = ("calibration", "holdout")


def shadow_share(period: str, shadow: str) -> float:
    """Share of the period's disputes under the nuclear shadow (a covariate: no outcome is read)."""
    dy = load_dyads()
    lo, hi = period_years(period)
    keep = (dy["styear"] >= lo) & (dy["styear"] <= hi)
    return float(shadow_flags(dy, shadow)[keep].mean())


def bound(rng: np.random.Generator, n_worlds: int = 20_000) -> dict[str, Any]:
    """Run each variant in each period; return figures, pass flags and shadow shares.

    Returns
    -------
    dict
        ``{"n_worlds", "bound_d", "runs": [{"period", "shadow", "share", "checks": [Check.to_dict()]}]}``;
        ``shadow`` is None for the model as checked.
    """
    runs = []
    streams = rng.spawn(len(PERIODS) * len(VARIANTS))
    for i, (period, shadow) in enumerate((p, s) for p in PERIODS for s in VARIANTS):
        kwargs = {} if shadow is None else {"nuclear_disaster": BOUND_D, "shadow": shadow}
        fig = dispute_figures(simulate_disputes(period, n_worlds, streams[i], **kwargs))
        runs.append(
            {
                "period": period,
                "shadow": shadow,
                "share": 0.0 if shadow is None else round(shadow_share(period, shadow), 4),
                "checks": [c.to_dict() for c in history_checks(period, fig)],
            }
        )
    return {"n_worlds": n_worlds, "bound_d": BOUND_D, "runs": runs}


def bound_markdown(result: dict[str, Any]) -> str:
    """Markdown table per period: observed, tolerance, then each variant's model figure (pass / **fail**).

    ``docs/validation.md`` embeds it between the ``shadow:begin`` and ``shadow:end`` markers.
    """
    parts = []
    for period in PERIODS:
        runs = [r for r in result["runs"] if r["period"] == period]
        lo, hi = period_years(period)
        heads = ["as checked (no shadow)"]
        heads += [f"{r['shadow']} ({r['share']:.0%} of disputes)" for r in runs[1:]]
        text = (
            f"**Disputes starting {lo}-{hi}** ({result['n_worlds']:,} worlds per run)\n\n"
            f"| figure | observed | tolerance | {' | '.join(heads)} |\n"
            f"|---|---:|---:|{'---:|' * len(runs)}\n"
        )
        for key in CHECKED:
            row = [next(c for c in r["checks"] if c["id"].endswith("." + key)) for r in runs]
            cells = [f"{c['observed']:.4g} {'pass' if c['passed'] else '**fail**'}" for c in row]
            o, tol = row[0]["expected"], row[0]["tolerance"]
            label = LABELS[key].replace("|", "\\|")  # a bar inside a cell would split it
            text += f"| {label} | {o:.4g} | {tol:.2g} | {' | '.join(cells)} |\n"
        passed = [sum(c["passed"] for c in r["checks"]) for r in runs]
        text += f"| checks passed | | | {' | '.join(f'{k}/{len(CHECKED)}' for k in passed)} |\n"
        parts.append(text)
    comp = load_figures()["composition"]
    parts.append(
        f"Composition alone: the 1816-1945 war share of each cell ({comp['cells']}), weighted by the "
        f"1946-2014 mix of cells, is {comp['holdout_mix_war_share']:.1%} (1816-1945 overall: "
        f"{comp['calibration_war_share']:.1%}; `composition` in `mid_figures.json`).\n"
    )
    return "\n".join(parts)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x:.1%}"


def break_markdown(figures: dict[str, Any] | None = None) -> str:
    """Markdown table of ``period_break`` in ``mid_figures.json``: the fall inside every covariate cell.

    ``docs/validation.md`` embeds it between the ``break:begin`` and ``break:end`` markers.
    """
    pb = (figures or load_figures())["period_break"]
    text = (
        "| covariate (at the start of the dispute) | cell | disputes 1816-1945 / 1946-2014 | "
        "war share 1816-1945 | war share 1946-2014 | ratio | median days 1816-1945 / 1946-2014 | "
        "joiner share 1816-1945 / 1946-2014 |\n|---|---|---:|---:|---:|---:|---:|---:|\n"
    )
    for row in pb["cells"]:
        a, b = row["calibration"], row["holdout"]
        ratio = row.get("war_ratio")
        label = row["label"].replace("|", "\\|")  # a bar inside a cell would split it
        text += (
            f"| {label} | {row['cell']} | {a['n']} / {b['n']} | "
            f"{_pct(a['war'])} | {_pct(b['war'])} | {'-' if ratio is None else f'{ratio:.2f}'} | "
            f"{a['median_days']:g} / {b['median_days']:g} | {_pct(a['joiner'])} / {_pct(b['joiner'])} |\n"
        )
    text += (
        f"\nIn all {pb['n_compared']} cells with at least {pb['min_n']} disputes in both periods, the "
        f"1946-2014 war share is {pb['min_ratio']:.2f} to {pb['max_ratio']:.2f} times its 1816-1945 value "
        f"and the median duration at most {pb['max_days_ratio']:.2f} times (`period_break` in "
        "`mid_figures.json`; a ratio of 1 would mean the cell kept its rate).\n"
    )
    return text
