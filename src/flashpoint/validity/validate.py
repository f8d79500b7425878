"""Validity checks of the engine: against closed forms (theory) and against the historical record (history).

:func:`validate` runs every check and returns ``{"checks": [...]}``; each check is a :class:`Check`. A theory
check compares the real engine, in a special configuration, with a closed form at Monte Carlo error (the
tolerance says how many standard errors). A history check compares the generic-dispute family, calibrated
on disputes that started 1816-1945 only, with figures derived from the public MID data; ``sample`` says
whether the figure was fitted (``in``: calibration period) or predicted (``out``: 1946-2014, never fitted).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

Z_TOL = 4.0  # theory tolerances: this many Monte Carlo standard errors
SHADOW_SEED = 1945  # the nuclear-shadow bound table of docs/validation.md


@dataclass
class Check:
    """One validity check.

    Attributes
    ----------
    id : str
        Stable identifier, e.g. ``theory.fearon.cA=0.10``.
    kind : {"theory", "history", "mechanism", "forecast"}
    expected, observed, tolerance : float
        The check passes iff ``|observed - expected| <= tolerance`` (``upper_only``: iff
        ``observed - expected <= tolerance``, e.g. a score that must not be worse than a benchmark's).
    source : str
        The closed form's paper, or the dataset (and version) the expected figure was derived from.
    description : str
        What is compared, in one line, including how the tolerance was set.
    n : int
        Worlds simulated (or dispute count for a history figure).
    se : float
        Standard error behind the tolerance (NaN when the tolerance is not statistical).
    sample : {"in", "out", "mixed", None}
        History and forecast: the figure was fitted (``in``) or predicted out of sample (``out``).
    status : {"check", "finding", "diagnostic"}
        ``check``: must pass (``flashpoint validate`` exits 1 otherwise). ``finding``: a reported result
        about the world or the data (the 1816-1945 -> 1946-2014 experiment), ``passed`` computed but not
        required. ``diagnostic``: a fit's residual or a tuning fold, reported, never required.
    """

    id: str
    kind: Literal["theory", "history", "mechanism"]
    expected: float
    observed: float
    tolerance: float
    source: str
    description: str = ""
    n: int = 0
    se: float = float("nan")
    sample: Literal["in", "out", "mixed"] | None = None
    status: Literal["check", "finding", "diagnostic"] = "check"
    upper_only: bool = False
    passed: bool = field(init=False)

    def __post_init__(self) -> None:
        self.expected = float(self.expected)
        self.observed = float(self.observed)
        self.tolerance = float(self.tolerance)
        gap = self.observed - self.expected
        self.passed = bool(
            math.isfinite(self.observed) and (gap if self.upper_only else abs(gap)) <= self.tolerance
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (NaN stays NaN; the CLI's JSON writer turns it into null)."""
        return asdict(self)


def binomial_se(p: float, n: int) -> float:
    """Standard error of a share ``p`` over ``n`` Bernoulli draws (at least that of one success in n)."""
    return math.sqrt(max(p * (1.0 - p), 1.0 / n) / n)


def validate(*, quick: bool = False, seed: int = 20241105) -> dict[str, Any]:
    """Run every theory and history check.

    Parameters
    ----------
    quick : bool
        Fewer worlds per check (tolerances widen accordingly; used by unit tests).
    seed : int
        Root seed; each check gets its own child stream (``SeedSequence.spawn``).

    Returns
    -------
    dict
        ``{"checks": [Check.to_dict(), ...], "passed": bool, "counts": {status: int}, "elapsed_s": float}``;
        ``passed`` is true when every check of status ``check`` passes (findings and diagnostics are
        reported, not required). The forecast checks re-score the cached forecast calibration (their
        seeds are fixed: ``seed`` does not change them).
    """
    import numpy as np

    from flashpoint.validity import dispute, forecast, mechanisms, theory

    t0 = time.perf_counter()
    root = np.random.SeedSequence(seed)
    theory_seed, history_seed = root.spawn(2)
    checks = theory.run_theory_checks(np.random.default_rng(theory_seed), quick=quick)
    checks += dispute.run_history_checks(np.random.default_rng(history_seed), quick=quick)
    checks += mechanisms.run_mechanism_checks(np.random.default_rng(root.spawn(1)[0]), quick=quick)
    checks += forecast.forecast_checks()
    return {
        "checks": [c.to_dict() for c in checks],
        "passed": all(c.passed for c in checks if c.status == "check"),
        "counts": {s: sum(c.status == s for c in checks) for s in ("check", "finding", "diagnostic")},
        "elapsed_s": round(time.perf_counter() - t0, 3),
    }


def _cell(x: float) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    return f"{x:.4g}"


GROUPS = (
    ("Theory (closed forms, Monte Carlo error)", "theory", None, "check"),
    (
        "Forecasts, held out (origin 1990 -> MID 1990-2014; origin 2015 -> UCDP 2015-2024)",
        "forecast",
        None,
        "check",
    ),
    ("Forecasts, tuning folds (choose the half-life h)", "forecast", None, "diagnostic"),
    ("Forecasts, reference only", "forecast", None, "diagnostic-ucdp"),
    ("History, 1816-1945 fit residuals (in sample)", "history", "in", "diagnostic"),
    ("History, finding: 1816-1945 calibration -> 1946-2014 (never fitted)", "history", "out", "finding"),
    ("History, finding: all years 1816-2014 (mixed)", "history", "mixed", "finding"),
)


def _group(c: dict[str, Any]) -> tuple[str, str | None, str]:
    status = c.get("status", "check")
    if c["kind"] == "forecast" and status == "diagnostic" and ".ucdp." in c["id"]:
        status = "diagnostic-ucdp"
    return c["kind"], c["sample"] if c["kind"] == "history" else None, status


def checks_markdown(result: dict[str, Any]) -> str:
    """Markdown tables of a :func:`validate` result, one per group of ``GROUPS`` (then any other kind).

    ``docs/validation.md`` embeds this text between ``<!-- checks:begin -->`` and ``<!-- checks:end -->``;
    regenerate it with ``python -m flashpoint.validity.validate`` (a test compares the two). Only rows of
    status ``check`` can FAIL; a finding or diagnostic outside its tolerance reads ``outside``.
    """
    head = "| check | expected | observed | tolerance | result |\n|---|---:|---:|---:|---|\n"
    known = {(k, s, st): title for title, k, s, st in GROUPS}
    extra = sorted({_group(c) for c in result["checks"]} - set(known), key=str)
    titles = list(known.items()) + [(g, f"{g[0].capitalize()} ({g[2]})") for g in extra]
    parts = []
    for key, title in titles:
        rows = [c for c in result["checks"] if _group(c) == key]
        if not rows:
            continue
        fail = "**FAIL**" if key[2] == "check" else "outside"
        body = "".join(
            f"| `{c['id']}` | {_cell(c['expected'])} | {_cell(c['observed'])} | {_cell(c['tolerance'])} | "
            f"{'pass' if c['passed'] else fail} |\n"
            for c in rows
        )
        parts.append(f"**{title}** ({sum(c['passed'] for c in rows)}/{len(rows)} pass)\n\n{head}{body}")
    return "\n".join(parts)


def replace_block(text: str, name: str, body: str) -> str:
    """Replace the text between ``<!-- NAME:begin -->`` and ``<!-- NAME:end -->`` with ``body``."""
    begin, end = f"<!-- {name}:begin -->\n", f"<!-- {name}:end -->"
    head, sep, rest = text.partition(begin)
    _, sep2, tail = rest.partition(end)
    if not (sep and sep2):
        raise ValueError(f"markers for {name!r} not found")
    return head + begin + body + end + tail


def write_docs(path: str) -> None:
    """Regenerate the generated blocks of ``docs/validation.md`` at ``path`` (checks, calibration, folds,
    heldout, forecasts, shadow, break, sensitivity) and the tornado PNGs beside it in ``img/``."""
    import numpy as np

    from flashpoint.validity.calibrate import calibration_markdown
    from flashpoint.validity.dispute import load_calibration
    from flashpoint.validity.forecast_report import folds_markdown, forecasts_markdown, heldout_markdown
    from flashpoint.validity.shadow import bound, bound_markdown, break_markdown

    doc = Path(path)
    text = replace_block(doc.read_text(encoding="utf-8"), "checks", checks_markdown(validate()))
    text = replace_block(text, "calibration", calibration_markdown(load_calibration()))
    text = replace_block(text, "shadow", bound_markdown(bound(np.random.default_rng(SHADOW_SEED))))
    text = replace_block(text, "break", break_markdown())
    text = replace_block(text, "folds", folds_markdown())
    text = replace_block(text, "heldout", heldout_markdown())
    text = replace_block(text, "forecasts", forecasts_markdown())
    text = replace_block(text, "sensitivity", sensitivity_docs(doc.parent / "img"))
    doc.write_text(text, encoding="utf-8")


def sensitivity_docs(img_dir: Path) -> str:
    """Run ``flashpoint sensitivity`` on the default scenario (seed 0), write the documented questions'
    tornado PNGs into ``img_dir`` and return the markdown block."""
    from flashpoint.validity.sensitivity import (
        DOC_QUESTIONS,
        DOC_SCENARIO,
        run_sensitivity,
        sensitivity_markdown,
    )
    from flashpoint.validity.tornado import write_png

    result = run_sensitivity(DOC_SCENARIO, seed=0)
    for entry in result["questions"]:
        if entry["id"] in DOC_QUESTIONS:
            write_png(entry, DOC_SCENARIO, Path(img_dir) / f"tornado-{DOC_SCENARIO}-{entry['id']}.png")
    return sensitivity_markdown(result)


if __name__ == "__main__":  # pragma: no cover - documentation helper
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "--docs":
        write_docs(sys.argv[2])
    else:
        print(checks_markdown(validate()), end="")
