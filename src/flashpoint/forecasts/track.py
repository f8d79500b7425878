"""Track records: which forecast counts for each question, and each forecaster's scores.

Rules (docs/forecasts.md states them too):

- A question is scored once it has a resolution of yes or no (or a provisional crowd value, ForecastBench's
  convention for open market questions, unless ``resolved_only``). Annulled and ambiguous questions are never
  scored; unresolved ones wait.
- The cut-off of a question is its resolution's time, or its close (the start of its resolution date) if
  that is earlier. Forecasts are timestamped (a bare date is midnight). Only a forecast made **strictly
  before** the cut-off counts; one made at or after it is flagged ``late`` and excluded (it could have known
  the answer), so a forecast dated the day a question resolves never counts. A forecast made before the
  question opens (its ``start_date``) is flagged ``early`` and excluded. Undated forecasts and forecasts
  without a probability ("could at some point") are not scored either.
- For each forecaster and question the forecast that counts is the **last one made before the cut-off**
  (ties on the time: the one recorded last): ``brier``, ``log``, ``baseline``.
- ``brier_time_avg``: each moment's standing forecast from the forecaster's first counted forecast to the
  cut-off, weighted by how long it stood (the days before a forecaster's first forecast are not scored;
  ``peer`` compares forecasters on the questions they share).
- An expert statement counts for a question through an accepted link; a ``negated`` link scores ``1 - p``.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pandas as pd

from flashpoint.errors import InputError
from flashpoint.forecasts.compare import config_rows, groups_mean_ci, peer_scores
from flashpoint.forecasts.registry import Db, opened
from flashpoint.forecasts.rows import parse_time
from flashpoint.forecasts.scoring import (
    bootstrap_mean_ci,
    brier_skill,
    score_baseline,
    score_brier,
    score_log,
)
from flashpoint.store import model_registry
from flashpoint.store import registry as sql

GROUPINGS = ("source", "tag", "year", "quarter")


def _dates(series: pd.Series) -> pd.Series:
    return pd.to_datetime(series, errors="coerce")


def counted_forecasts(
    frame: pd.DataFrame, *, resolved_only: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Apply the rules above to a :func:`flashpoint.store.registry.scoring_frame`.

    Returns
    -------
    counted : DataFrame
        One row per (forecaster_id, question_id): the forecast that counts, with ``y`` (float64 outcome),
        ``cutoff`` and ``brier_time_avg`` (float64).
    excluded : DataFrame
        One row per excluded forecast with ``why`` in {pending, void, provisional, no_probability, undated,
        early, late}.
    """
    df = frame.copy()
    why = pd.Series(pd.NA, index=df.index, dtype="object")
    why[df["outcome"].isna()] = "pending"
    why[why.isna() & df["outcome"].isin(["annulled", "ambiguous", "superseded"])] = "void"
    if resolved_only:
        why[why.isna() & (df["outcome"] == "provisional")] = "provisional"
    why[why.isna() & df["p_yes"].isna()] = "no_probability"
    made = _dates(df["made_at"])
    why[why.isna() & made.isna()] = "undated"
    if "open_date" in df.columns:
        why[why.isna() & (made < _dates(df["open_date"]))] = "early"
    cutoff = pd.concat([_dates(df["close_date"]), _dates(df["resolved_on"])], axis=1).min(axis=1)
    why[why.isna() & (made >= cutoff)] = "late"
    df["why"] = why
    df["cutoff"] = cutoff
    excluded = df[why.notna()].copy()
    ok = df[why.isna()].copy()
    ok["made_at"] = _dates(ok["made_at"])
    ok = ok.sort_values(["forecaster_id", "question_id", "made_at", "forecast_id"])
    ok["y"] = ok["value"].astype(np.float64)
    ok["p_yes"] = ok["p_yes"].astype(np.float64)
    keys = [ok["forecaster_id"], ok["question_id"]]
    end = ok.groupby(keys, sort=False)["made_at"].shift(-1).fillna(ok["cutoff"])
    weight = (end - ok["made_at"]).dt.total_seconds().to_numpy(dtype=np.float64)
    sq = (ok["p_yes"] - ok["y"]).to_numpy(dtype=np.float64) ** 2
    ok["_w"], ok["_wsq"] = weight, weight * sq
    sums = ok.groupby(keys, sort=False)[["_w", "_wsq"]].transform("sum")
    with np.errstate(invalid="ignore", divide="ignore"):
        ok["brier_time_avg"] = (sums["_wsq"] / sums["_w"]).astype(np.float64)
    counted = ok.groupby(["forecaster_id", "question_id"], sort=True).tail(1).drop(columns=["_w", "_wsq"])
    return counted.reset_index(drop=True), excluded.reset_index(drop=True)


def summarise(p: np.ndarray, y: np.ndarray, rng: np.random.Generator, n_boot: int) -> dict[str, Any]:
    """Scores of one forecaster on one set of questions.

    Parameters
    ----------
    p, y : ndarray of shape (n,), dtype float64
        The counted forecasts (P yes) and the outcomes.
    rng : numpy.random.Generator
        For the bootstrap interval.
    n_boot : int
        Bootstrap resamples.
    """
    bs = score_brier(p, y)
    brier = float(bs.mean()) if bs.size else float("nan")
    base_rate = float(y.mean()) if y.size else float("nan")
    naive = float(score_brier(np.full_like(y, 0.5), y).mean()) if y.size else float("nan")
    climatology = float(score_brier(np.full_like(y, base_rate), y).mean()) if y.size else float("nan")
    return {
        "n": int(bs.size),
        "brier": brier,
        "brier_time_avg": float("nan"),
        "brier_ci95": list(bootstrap_mean_ci(bs, rng, n_boot)),
        "log": float(score_log(p, y).mean()) if y.size else float("nan"),
        "baseline": float(score_baseline(p, y).mean()) if y.size else float("nan"),
        "skill_vs_naive": brier_skill(brier, naive),
        "skill_vs_base_rate": brier_skill(brier, climatology),
        "base_rate": base_rate,
    }


def _stream(entropy: int, *names: str) -> np.random.Generator:
    """An independent generator for one (group, forecaster): SeedSequence spawn keys from stable name hashes.

    A forecaster's interval is thus the same whether it is scored alone or with others, in any order.
    """
    keys = tuple(int.from_bytes(hashlib.sha256(n.encode("utf-8")).digest()[:4], "little") for n in names)
    return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=keys))


def _table(
    counted: pd.DataFrame, excluded: pd.DataFrame, entropy: int, n_boot: int, group: str = ""
) -> list[dict[str, Any]]:
    rows = []
    if "peer" not in counted.columns:
        counted = counted.assign(peer=peer_scores(counted, counted)["peer"].to_numpy())
    for fid, part in counted.groupby("forecaster_id", sort=True):
        row = {"id": fid, "kind": str(part["kind"].iloc[0])}
        rng = _stream(entropy, group, str(fid))
        row.update(summarise(part["p_yes"].to_numpy(), part["y"].to_numpy(), rng, n_boot))
        row["brier_time_avg"] = float(part["brier_time_avg"].mean())
        shared = part["peer"].dropna()
        row["peer"] = float(shared.mean()) if len(shared) else float("nan")
        row["peer_n"] = int(len(shared))
        row["n_provisional"] = int((part["outcome"] == "provisional").sum())
        mine = excluded[excluded["forecaster_id"] == fid]
        row["late"] = int((mine["why"] == "late").sum())
        row["unscored"] = int(mine["why"].isin(["no_probability", "undated"]).sum())
        rows.append(row)
    return sorted(rows, key=lambda r: (np.isnan(r["brier"]), r["brier"], r["id"]))


def _group_keys(counted: pd.DataFrame, by: str) -> pd.DataFrame:
    if by == "source":
        return counted.assign(group=counted["source"])
    if by in ("year", "quarter"):
        cut = pd.to_datetime(counted["cutoff"])
        label = cut.dt.year.astype(str) if by == "year" else cut.dt.to_period("Q").astype(str)
        return counted.assign(group=label)
    tags = counted["tags"].map(lambda t: list(t) if t is not None and len(t) else ["(untagged)"])
    return counted.assign(group=tags).explode("group")


def _entropy(rng: np.random.Generator | int | None) -> int:
    """One seed (SPEC 7); each (group, forecaster) bootstrap draws from its own spawned stream."""
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        if rng < 0:
            raise InputError(f"--seed must be a non-negative integer; got {rng}.")
        return int(rng)
    return int(np.random.default_rng(rng).integers(2**63))


def _window(counted: pd.DataFrame, excluded: pd.DataFrame, since: Any, until: Any) -> tuple:
    """Keep the questions whose cut-off lies in [since, until] (dates, both ends included)."""
    lo = parse_time(since, "--since")
    hi = parse_time(until, "--until")
    if lo is not None and hi is not None and hi < lo:
        raise InputError(f"--until must not be before --since; got {since} .. {until}.")

    def keep(df: pd.DataFrame) -> pd.Series:
        cut = pd.to_datetime(df["cutoff"], errors="coerce")
        ok = pd.Series(True, index=df.index)
        if lo is not None:
            ok &= cut >= pd.Timestamp(lo)
        if hi is not None:
            ok &= cut < pd.Timestamp(hi) + pd.Timedelta(days=1)
        return ok.fillna(False) if (lo or hi) else ok

    return counted[keep(counted)], excluded[keep(excluded) | excluded["cutoff"].isna()]


def _counted(
    frame: pd.DataFrame, resolved_only: bool, since: Any, until: Any
) -> tuple[pd.DataFrame, pd.DataFrame]:
    counted, excluded = counted_forecasts(frame, resolved_only=resolved_only)
    return _window(counted, excluded, since, until)


def scored_table(
    *,
    resolved_only: bool = False,
    since: Any = None,
    until: Any = None,
    db: Db = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counted and excluded forecasts of every forecaster, each counted one with its ``peer`` score."""
    with opened(db) as store:
        frame = sql.scoring_frame(store.con)
    counted, excluded = _counted(frame, resolved_only, since, until)
    counted = counted.assign(peer=peer_scores(counted, counted)["peer"].to_numpy())
    return counted.reset_index(drop=True), excluded.reset_index(drop=True)


def _versions(
    frame: pd.DataFrame,
    counted: pd.DataFrame,
    configs: pd.DataFrame,
    opts: dict[str, Any],
    entropy: int,
    n_boot: int,
) -> list[dict[str, Any]]:
    """Score rows per model configuration (see :func:`flashpoint.forecasts.compare.config_rows`)."""
    vframe = frame[frame["model_config"].notna()].copy()
    if vframe.empty:
        return []
    vframe["parent"] = vframe["forecaster_id"]
    vframe["forecaster_id"] = vframe["forecaster_id"] + "#" + vframe["model_config"].astype(str)
    vcounted, vexcluded = _counted(vframe, **opts)
    peers = peer_scores(vcounted, counted, parent=vcounted["parent"])
    vcounted = vcounted.assign(peer=peers["peer"].to_numpy())
    return config_rows(vcounted, vexcluded, configs, lambda c, e: _table(c, e, entropy, n_boot, "config"))


def score(
    *,
    forecaster: str | None = None,
    by: str | None = None,
    resolved_only: bool = False,
    since: Any = None,
    until: Any = None,
    rng: np.random.Generator | int | None = None,
    n_boot: int = 2000,
    db: Db = None,
) -> dict[str, Any]:
    """Score every forecaster (or one) on the resolved questions.

    Parameters
    ----------
    forecaster : str, optional
        Score only this forecaster (its peer scores still compare it with everyone).
    by : {'source', 'tag', 'year', 'quarter'}, optional
        Also score within each question source or tag, or each year or quarter of the questions' cut-off
        (a track record over time) in ``groups``. Each forecaster then also gets ``brier_groups_mean``, the
        unweighted mean of its group Brier scores (ForecastBench's "overall" with ``by='source'`` on its
        import: the mean of the dataset and the market means), and ``brier_groups_mean_ci95``, its bootstrap
        interval (questions resampled within each group).
    resolved_only : bool
        Leave out provisional outcomes (ForecastBench's open market questions).
    since, until : date or ISO text, optional
        Only questions whose cut-off (resolution or close) falls in [since, until].
    rng : numpy.random.Generator or int, optional
        Seeds the bootstrap intervals (SPEC 7); same seed, same output.
    n_boot : int
        Bootstrap resamples for ``brier_ci95``.

    Returns
    -------
    dict with ``forecasters`` (list of rows: id, kind, n, brier, brier_time_avg, brier_ci95, log, baseline,
    peer, peer_n, skill_vs_naive, skill_vs_base_rate, base_rate, n_provisional, late, unscored),
    ``model_configs`` (the same scores per model configuration, with its scenario SHA-256, engine version,
    overrides and worlds), ``groups`` ({group: rows}), ``excluded`` (counts of excluded forecasts by reason)
    and ``questions_scored``.
    """
    if by is not None and by not in GROUPINGS:
        raise InputError(f"--by must be one of {', '.join(GROUPINGS)}; got {by!r}.")
    entropy = _entropy(rng)
    opts = {"resolved_only": resolved_only, "since": since, "until": until}
    with opened(db, read_only=True) as store:
        if forecaster is not None:
            known = set(sql.list_forecasters(store.con)["forecaster_id"])
            if forecaster not in known:
                raise InputError(f"--forecaster: no forecaster {forecaster!r} in the registry.")
        frame = sql.scoring_frame(store.con)
        configs = model_registry.list_model_configs(store.con)
    counted, excluded = _counted(frame, **opts)
    counted = counted.assign(peer=peer_scores(counted, counted)["peer"].to_numpy())
    versions = _versions(frame, counted, configs, opts, entropy, n_boot)
    if forecaster is not None:
        counted = counted[counted["forecaster_id"] == forecaster]
        excluded = excluded[excluded["forecaster_id"] == forecaster]
        versions = [v for v in versions if v["forecaster"] == forecaster]
    result: dict[str, Any] = {
        "forecasters": _table(counted, excluded, entropy, n_boot),
        "model_configs": versions,
        "groups": {},
        "excluded": {str(k): int(v) for k, v in excluded["why"].value_counts().sort_index().items()},
        "questions_scored": int(counted["question_id"].nunique()),
    }
    if by is not None and not counted.empty:
        keyed = _group_keys(counted, by)
        for name, part in keyed.groupby("group", sort=True):
            result["groups"][str(name)] = _table(part, excluded.iloc[0:0], entropy, n_boot, str(name))
        for row in result["forecasters"]:
            means = [g["brier"] for rows in result["groups"].values() for g in rows if g["id"] == row["id"]]
            row["brier_groups_mean"] = float(np.mean(means)) if means else float("nan")
            mine = keyed[keyed["forecaster_id"] == row["id"]]
            rng_all = _stream(entropy, "groups-mean", str(row["id"]))
            row["brier_groups_mean_ci95"] = list(groups_mean_ci(mine, rng_all, n_boot))
    return result


def scored_pairs(
    *,
    forecaster: str | None = None,
    resolved_only: bool = False,
    since: Any = None,
    until: Any = None,
    db: Db = None,
) -> pd.DataFrame:
    """The per-forecast scored table: one row per counted forecast (public pandas API).

    Columns: forecast_id, question_id, forecaster_id, kind, p_yes (float64), y (float64 outcome: 1, 0 or
    a provisional fraction), made_at, cutoff (the question's cut-off), via (direct | link), model_config,
    source, tags, outcome, brier_time_avg, peer (float64), and ``brier`` and ``log`` (float64) of the counted
    forecast.
    The rules are those of :func:`score` (docs/forecasts.md).
    """
    counted, _ = scored_table(resolved_only=resolved_only, since=since, until=until, db=db)
    if forecaster is not None:
        counted = counted[counted["forecaster_id"] == forecaster].reset_index(drop=True)
    counted = counted.drop(columns=["why"], errors="ignore")
    p, y = counted["p_yes"].to_numpy(), counted["y"].to_numpy()
    return counted.assign(brier=score_brier(p, y) if len(p) else p, log=score_log(p, y) if len(p) else p)
