"""The shipped historical figures are what the public CSVs give, and they match the data README's base rates.

Re-derives everything with ``flashpoint.world.history.derive`` from ``../shared/data/history`` (the data are
not shipped; without them the test is skipped with that reason, as on a machine without the shared folder).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from flashpoint.world.history import derive, load_dyads, load_figures

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DATA = derive.default_data_dir()
needs_data = pytest.mark.skipif(
    not (DATA / "cow_mid_disps.csv").is_file(), reason=f"history data not found at {DATA}"
)


@needs_data
def test_shipped_figures_equal_a_fresh_derivation() -> None:
    assert derive.check(DATA, derive.PACKAGE_DIR) == []


@needs_data
def test_the_script_checks_and_reports_drift(tmp_path: Path) -> None:
    script = [sys.executable, str(ROOT / "scripts" / "derive_history.py"), "--data", str(DATA)]
    ok = subprocess.run([*script, "--check"], capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    (tmp_path / "mid_figures.json").write_text("{}\n")
    drift = subprocess.run(
        [*script, "--check", "--out", str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert drift.returncode == 1 and "differs" in drift.stdout


def _readme_rates() -> dict[str, float]:
    """Base rates as baserates.py (the data folder's own script, standard library only) prints them."""
    out = subprocess.run(
        [sys.executable, str(DATA / "baserates.py")], capture_output=True, text=True, check=True
    ).stdout
    patterns = {
        "p_war_all": r"P\(war\) = share hostlev==5: ([0-9.]+)",
        "p_war_post45": r"P\(war\) start 1946-2014: ([0-9.]+)",
        "median_days": r"maxdur days: median ([0-9.]+)",
        "median_days_war": r"median maxdur by hostlev \{.*5: ([0-9.]+)\}",
        "p_recip": r"reciprocated share ([0-9.]+)",
        "gml_war_joiner": r"P\(war\|joiner\) ([0-9.]+)",
        "gml_war_no_joiner": r"P\(war\|no joiner\) ([0-9.]+)",
    }
    rates = {}
    for key, pattern in patterns.items():
        match = re.search(pattern, out)
        assert match, f"baserates.py output lacks {key}"
        rates[key] = float(match.group(1))
    return rates


@needs_data
def test_figures_agree_with_the_data_folders_own_script() -> None:
    rates = _readme_rates()
    f = load_figures()
    cow, gml = f["cow_mid"], f["gml"]
    assert cow["all"]["war"]["p"] == pytest.approx(rates["p_war_all"], abs=1e-4)
    assert cow["holdout"]["war"]["p"] == pytest.approx(rates["p_war_post45"], abs=1e-4)
    assert cow["all"]["duration_days"]["median"] == rates["median_days"]
    assert cow["all"]["duration_days_war"]["median"] == rates["median_days_war"]
    assert cow["all"]["reciprocated"]["p"] == pytest.approx(rates["p_recip"], abs=1e-4)
    assert gml["all"]["war_if_joiner"]["p"] == pytest.approx(rates["gml_war_joiner"], abs=1e-4)
    assert gml["all"]["war_if_no_joiner"]["p"] == pytest.approx(rates["gml_war_no_joiner"], abs=1e-4)


def test_periods_partition_the_record() -> None:
    f = load_figures()
    n = {p: f["cow_mid"][p]["war"]["n"] for p in ("all", "calibration", "holdout")}
    k = {p: f["cow_mid"][p]["war"]["k"] for p in ("all", "calibration", "holdout")}
    assert n["calibration"] + n["holdout"] == n["all"]
    assert k["calibration"] + k["holdout"] == k["all"]
    assert f["periods"]["calibration"][1] + 1 == f["periods"]["holdout"][0]


def test_dyad_covariates_are_in_range() -> None:
    dy = load_dyads()
    assert len(dy["dispnum"]) > 2000
    assert ((dy["cap_share_a"] > 0) & (dy["cap_share_a"] < 1)).all()
    assert (dy["n_def_a"] >= 0).all() and (dy["n_def_b"] >= 0).all()
    assert ((dy["styear"] >= 1816) & (dy["styear"] <= 2014)).all()
    assert set(dy["major_a"]) <= {0, 1} and set(dy["major_b"]) <= {0, 1}
