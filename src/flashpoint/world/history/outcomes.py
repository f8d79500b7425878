"""Per-unit outcome tables that forecasts are scored on (written by ``scripts/derive_history.py``).

``dispute_outcomes.csv``: one row per COW MID 5.0 dispute of the dyad table, its outcomes.
``ucdp_conflict_years.csv``: UCDP/PRIO ACD 25.1 conflict-years of types 2 and 4, with war intensity.
Only :mod:`flashpoint.validity.forecast` reads them; a fold's fit reads only rows before its origin.
"""

from __future__ import annotations

from typing import Any

import pandas as pd


def mid_joined(t: Any) -> set[int]:
    """COW MID 5.0 disputes with a joiner: a participant that did not originate it (``orig1 == 0``)."""
    d = t["cow_mid_dirdisps.csv"]
    return set(d.loc[d.orig1 == 0, "dispnum"].astype(int))


def dispute_outcomes(t: Any, dyads: pd.DataFrame) -> pd.DataFrame:
    """One row per dispute of the dyad table: the MID outcomes a forecast is scored on.

    ``war`` (hostility level 5), ``recip`` (reciprocated), ``joiner`` (a participant that did not originate
    it), ``maxdur`` (days). Kept apart from ``dispute_dyads.csv`` so the simulation's inputs hold no answer;
    only :mod:`flashpoint.validity.forecast` reads it, and only disputes that started before a fold's origin
    enter a fit.
    """
    m = t["cow_mid_disps.csv"][["dispnum", "hostlev", "recip", "maxdur"]]
    out = dyads[["dispnum", "styear"]].merge(m, on="dispnum", how="left")
    joined = mid_joined(t)
    return pd.DataFrame(
        {
            "dispnum": out.dispnum.astype(int),
            "styear": out.styear.astype(int),
            "war": (out.hostlev == 5).astype(int),
            "recip": (out.recip == 1).astype(int),
            "joiner": out.dispnum.astype(int).isin(joined).astype(int),
            "maxdur": out.maxdur.astype(int),
        }
    )


UCDP_TYPES = {"interstate": 2, "II": 4}


def ucdp_conflict_years(t: Any) -> pd.DataFrame:
    """UCDP/PRIO ACD 25.1 conflict-years of type 2 (interstate) and 4 (internationalised intrastate).

    Rows are deduplicated on (conflict_id, year) (peacesciencer splits multi-state fields into rows);
    ``war`` is intensity level 2 (at least 1,000 battle-related deaths in the year).
    """
    u = t["ucdp_acd.csv"].drop_duplicates(["conflict_id", "year"])
    u = u[u.type_of_conflict.isin(UCDP_TYPES)]
    out = pd.DataFrame(
        {
            "conflict_id": u.conflict_id.astype(int),
            "year": u.year.astype(int),
            "type": u.type_of_conflict.map(UCDP_TYPES).astype(int),
            "war": (u.intensity_level == 2).astype(int),
        }
    )
    return out.sort_values(["year", "conflict_id"]).reset_index(drop=True)


def rivalry_years(t: Any, first: int = 1816, last: int = 2010) -> pd.DataFrame:
    """Per year: Thompson & Dreyer (2012) rivalries active and COW MID 5.0 onsets between them.

    The same counting as ``derive.rivalry_onsets`` (an onset: a dispute in which the two rivals first appear
    on opposite sides, in a year of the rivalry), kept by year so a fit can weight years by recency.
    """
    td, d = t["td_rivalries.csv"], t["cow_mid_dirdisps.csv"]
    onsets = d[d.disponset == 1][["dispnum", "ccode1", "ccode2", "year"]]
    onsets = onsets.drop_duplicates(["dispnum", "ccode1", "ccode2"])
    years = pd.RangeIndex(first, last + 1)
    active = pd.Series(0, index=years)
    count = pd.Series(0, index=years)
    for r in td.itertuples():
        a, b = int(r.ccode1), int(r.ccode2)
        s, e = max(int(r.styear), first), min(int(r.endyear), last)
        if e < s:
            continue
        active.loc[s:e] += 1
        hit = onsets[(onsets.ccode1 == a) & (onsets.ccode2 == b) & onsets.year.between(s, e)]
        for y in hit.groupby("dispnum").year.min():
            count.loc[int(y)] += 1
    return pd.DataFrame({"year": years, "rivalries": active.to_numpy(), "onsets": count.to_numpy()})
