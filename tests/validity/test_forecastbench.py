"""ForecastBench 2024-07-21 human set: `flashpoint score` reproduces the published superforecaster median.

The expected figures are read from the published leaderboard CSVs in ../shared/data/forecastbench/ (the
ICLR-2025 table of 2025-02-17 and the last human leaderboard of 2025-09-05); the scores are computed from the
question, resolution and individual forecast files on every run. docs/forecasts.md shows the same table, and
this test checks that it says what the code computes.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.forecasts.forecastbench import MEDIAN_ID
from flashpoint.settings import shared_data_dir

pytestmark = pytest.mark.slow

DATA = (shared_data_dir() or Path("/nonexistent")) / "forecastbench"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "forecasts.md"
SNAPSHOTS = {
    "2025-02-17": (
        "2024-07-21_resolution_set.2025-02-17_3fb99f4f.json",
        "human_leaderboard_overall.2025-02-17_601f6d9e.csv",
    ),
    "2025-09-05": (
        "2024-07-21_resolution_set.2025-09-05_27f5838a.json",
        "human_leaderboard_overall.2025-09-05_427da6d9.csv",
    ),
}


def _published(name: str) -> dict[str, float]:
    with (DATA / "leaderboards" / name).open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Model"] == "Superforecaster median forecast"]
    assert len(rows) == 1, "the leaderboard must have one superforecaster-median row"
    row = {re.sub(r" \(N=\d+\)", "", k): v for k, v in rows[0].items()}
    return {
        "dataset": float(row["Dataset Score"]),
        "market": float(row["Market Score (overall)"]),
        "market_resolved": float(row["Market Score (resolved)"]),
        "overall": float(row["Overall Score"]),
        "overall_resolved": float(row["Overall Resolved Score"]),
    }


def _score(db: Path, *extra: str) -> dict:
    result = CliRunner().invoke(
        app,
        [
            "score",
            "--by",
            "source",
            "--forecaster",
            MEDIAN_ID,
            "--bootstrap",
            "2000",
            "--json",
            "--db",
            str(db),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _figures(db: Path) -> dict[str, float]:
    full, resolved = _score(db), _score(db, "--resolved-only")
    groups = {k: v[0]["brier"] for k, v in full["groups"].items()}
    return {
        "dataset": groups["forecastbench/dataset"],
        "market": groups["forecastbench/market"],
        "market_resolved": resolved["groups"]["forecastbench/market"][0]["brier"],
        "overall": full["forecasters"][0]["brier_groups_mean"],
        "overall_resolved": resolved["forecasters"][0]["brier_groups_mean"],
        "overall_ci95": full["forecasters"][0]["brier_groups_mean_ci95"],
        "overall_resolved_ci95": resolved["forecasters"][0]["brier_groups_mean_ci95"],
    }


@pytest.fixture(scope="module")
def computed(tmp_path_factory) -> dict[str, dict[str, float]]:
    if not DATA.is_dir():
        pytest.skip(f"ForecastBench data folder not found at {DATA} (../shared/data/forecastbench)")
    out = {}
    for snapshot, (resolution_file, _) in SNAPSHOTS.items():
        db = tmp_path_factory.mktemp("fb") / "fb.duckdb"
        args = [
            "import",
            "forecastbench",
            str(DATA / "question_sets" / "2024-07-21-human.json"),
            str(DATA / "resolution_sets" / resolution_file),
            str(DATA / "forecast_sets" / "2024-07-21.ForecastBench.human_super_individual.c06d4d7f.json"),
            "--db",
            str(db),
            "--json",
        ]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
        out[snapshot] = _figures(db)
    return out


@pytest.mark.parametrize("snapshot", list(SNAPSHOTS))
def test_superforecaster_median_brier_matches_the_published_leaderboard(computed, snapshot: str) -> None:
    published = _published(SNAPSHOTS[snapshot][1])
    got = {k: round(v, 3) for k, v in computed[snapshot].items() if k in published}
    assert got == published
    lo, hi = computed[snapshot]["overall_ci95"]
    assert lo < computed[snapshot]["overall"] < hi


def test_the_published_table_is_the_one_the_issue_names(computed) -> None:
    # The issue quotes these figures; the leaderboard files must say the same (guards the CSV parsing).
    assert [_published(SNAPSHOTS[s][1])[k] for s in SNAPSHOTS for k in ("dataset", "market", "overall")] == [
        0.118,
        0.074,
        0.096,
        0.122,
        0.074,
        0.098,
    ]


def test_docs_show_the_computed_figures(computed) -> None:
    text = DOCS.read_text(encoding="utf-8")
    for snapshot, figures in computed.items():
        row = next((line for line in text.splitlines() if line.startswith(f"| {snapshot} ")), None)
        assert row is not None, f"docs/forecasts.md has no table row for the {snapshot} snapshot"
        cells = [c.strip() for c in row.strip("|").split("|")]
        shown = [float(c) for c in cells[1:6]]
        expected = [
            round(figures[k], 4)
            for k in ("dataset", "market", "market_resolved", "overall", "overall_resolved")
        ]
        assert shown == expected, f"docs/forecasts.md {snapshot}: {shown} != computed {expected}"
        intervals = [
            "-".join(f"{v:.4f}" for v in figures[k]) for k in ("overall_ci95", "overall_resolved_ci95")
        ]
        assert cells[6:8] == intervals, f"docs/forecasts.md {snapshot}: {cells[6:8]} != computed {intervals}"


def test_two_snapshots_in_one_store_score_as_the_later_one(computed, tmp_path: Path) -> None:
    """Issue 14 item 6: importing 2025-02-17 then 2025-09-05 into one store gave 379 market questions; the
    later snapshot now supersedes the rows it re-dated or dropped: the store scores as the later one alone."""
    db = tmp_path / "both.duckdb"
    for snapshot in SNAPSHOTS:
        args = [
            "import",
            "forecastbench",
            str(DATA / "question_sets" / "2024-07-21-human.json"),
            str(DATA / "resolution_sets" / SNAPSHOTS[snapshot][0]),
            str(DATA / "forecast_sets" / "2024-07-21.ForecastBench.human_super_individual.c06d4d7f.json"),
            "--db",
            str(db),
            "--json",
        ]
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    both, alone = _figures(db), computed["2025-09-05"]
    assert both == alone  # same rows, same seeds: the same figures and intervals
    assert _score(db)["groups"]["forecastbench/market"][0]["n"] == 76
