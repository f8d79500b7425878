"""Comparisons: peer scores on shared questions, model configurations side by side, and the bootstrap
interval of a mean of group means (ForecastBench's overall figure)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from flashpoint.forecasts.scoring import score_brier, score_log


def peer_scores(subject: pd.DataFrame, pool: pd.DataFrame, parent: pd.Series | None = None) -> pd.DataFrame:
    """Metaculus-style peer score of each counted forecast of ``subject`` against the others on its question.

    ``peer = 100 * (mean over the other forecasters j of LS_j - LS_i)`` with LS the log score in nats (p
    clipped as in :func:`score_log`): the forecaster's log score beside everyone else's on the same question;
    positive is better, 0 is as good as the average peer. Questions nobody else forecast have no peer score.

    Parameters
    ----------
    subject, pool : DataFrame
        Counted forecasts (forecaster_id, question_id, p_yes, y); ``pool`` holds the peers.
    parent : Series, optional
        Per subject row, a forecaster id in ``pool`` that is not its peer (a model configuration's model).

    Returns
    -------
    DataFrame with ``forecaster_id`` and ``question_id`` of ``subject`` and ``peer`` (float64, NaN alone).
    """
    ls = pool.assign(ls=score_log(pool["p_yes"].to_numpy(), pool["y"].to_numpy()))
    total = ls.groupby("question_id")["ls"].agg(["sum", "count"])
    own = subject.assign(ls=score_log(subject["p_yes"].to_numpy(), subject["y"].to_numpy()))
    own = own.join(total, on="question_id")
    skip = own["forecaster_id"] if parent is None else parent.reindex(own.index)
    skip_ls = pd.Series(ls.set_index(["forecaster_id", "question_id"])["ls"])
    keys = list(zip(skip, own["question_id"], strict=True))
    taken = pd.Series([skip_ls.get(k, np.nan) for k in keys], index=own.index, dtype=np.float64)
    n = own["count"].fillna(0) - taken.notna()
    s = own["sum"].fillna(0.0) - taken.fillna(0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        peer = np.where(n > 0, 100.0 * (s / n - own["ls"]), np.nan)
    return own[["forecaster_id", "question_id"]].assign(peer=peer.astype(np.float64))


def config_rows(
    vcounted: pd.DataFrame,
    vexcluded: pd.DataFrame,
    configs: pd.DataFrame,
    table: Callable[..., list[dict[str, Any]]],
) -> list[dict[str, Any]]:
    """Rows scoring each model configuration as if it were its own forecaster.

    ``vcounted``/``vexcluded`` are counted and excluded forecasts of the model's forecasts with
    ``forecaster_id`` set to ``<forecaster>#<config_id>`` (the rules are a forecaster's: the configuration's
    latest forecast before the cut-off counts) and ``peer`` already computed against every other forecaster
    except the model it is a version of. ``table`` scores them (:func:`flashpoint.forecasts.track._table`).

    Returns
    -------
    list of rows as :func:`flashpoint.forecasts.track.score`'s, plus ``forecaster``, ``config_id``,
    ``scenario_sha256``, ``engine_version``, ``overrides`` (dict) and ``worlds``.
    """
    if vcounted.empty:
        return []
    meta = configs.set_index("config_id").to_dict(orient="index") if not configs.empty else {}
    rows = table(vcounted, vexcluded)
    for row in rows:
        forecaster, _, config_id = str(row["id"]).rpartition("#")
        info = meta.get(config_id, {})
        row.update(
            {
                "forecaster": forecaster,
                "config_id": config_id,
                "scenario_sha256": info.get("scenario_sha256"),
                "engine_version": info.get("engine_version"),
                "overrides": json.loads(info.get("overrides") or "{}"),
                "worlds": None if info.get("worlds") is None else int(info["worlds"]),
            }
        )
    return rows


_DATED = re.compile(r"[:@]\d{4}-\d{2}-\d{2}$")


def question_family(question_id: str) -> str:
    """The question a row belongs to, its date suffix removed: ForecastBench's horizons of one question
    (``fb:acled:x:2024-07-28``, ``...:2024-08-20``) and a scenario question re-registered at another date
    (``world-war-12m@2025-03-01``) are one family."""
    return _DATED.sub("", str(question_id))


def groups_mean_ci(
    keyed: pd.DataFrame, rng: np.random.Generator, n_boot: int, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval of the unweighted mean of group mean Brier scores.

    Within each group, question families (:func:`question_family`) are resampled with replacement, each with
    all its rows, and the group mean is the mean over the rows drawn; the overall figure is the mean of the
    group means, as ForecastBench's overall figure averages the dataset and market means. ``keyed``: one
    forecaster's counted forecasts with ``group``, ``question_id``, ``p_yes`` and ``y``.
    """
    means = []
    for _, part in keyed.groupby("group", sort=True):
        bs = score_brier(part["p_yes"].to_numpy(), part["y"].to_numpy())
        family = part["question_id"].map(question_family).to_numpy()
        codes, inverse = np.unique(family, return_inverse=True)
        sums = np.bincount(inverse, weights=bs, minlength=codes.size)
        counts = np.bincount(inverse, minlength=codes.size).astype(np.float64)
        idx = rng.integers(0, codes.size, size=(n_boot, codes.size))
        means.append(sums[idx].sum(axis=1) / counts[idx].sum(axis=1))
    if not means:
        return (float("nan"), float("nan"))
    overall = np.mean(np.vstack(means), axis=0)
    tail = (1.0 - level) / 2.0 * 100.0
    lo, hi = np.percentile(overall, [tail, 100.0 - tail])
    return (float(lo), float(hi))
