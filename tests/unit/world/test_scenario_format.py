"""The scenario format: provenance, bounds, line-numbered errors, cross-references, overrides, hashing."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from flashpoint.errors import ScenarioError
from flashpoint.world.catalog import iter_params, list_scenarios, load_scenario
from flashpoint.world.distributions import (
    Beta,
    Empirical,
    LogNormal,
    Triangular,
    TruncNormal,
    Uniform,
    sample,
)
from flashpoint.world.loader import build_scenario, read_scenario_file
from flashpoint.world.minimal import minimal_scenario, minimal_scenario_data
from flashpoint.world.overrides import apply_overrides
from flashpoint.world.params import Param

DEFAULT = load_scenario()
SHIPPED = Path(DEFAULT.origin).read_text(encoding="utf-8")


def test_default_scenario_has_the_issue_actors_theatres_and_questions() -> None:
    assert {
        "RUS",
        "UKR",
        "PRK",
        "KOR",
        "USA",
        "CHN",
        "TWN",
        "JPN",
        "IRN",
        "ISR",
        "NATO",
        "AUS",
        "NZL",
        "IND",
        "PHL",
        "HOUTHIS",
    } <= set(DEFAULT.actors)
    assert set(DEFAULT.theatres) == {"ukraine", "korea", "taiwan", "middle-east", "red-sea"}
    assert len(DEFAULT.questions) >= 16
    assert DEFAULT.as_of.isoformat() == "2024-11-05"
    treaty = DEFAULT.alliances["russia-dprk-treaty"]
    assert set(treaty.members) == {"RUS", "PRK"} and treaty.signed.isoformat() == "2024-06-19"


def test_the_listing_read_from_yaml_headers_agrees_with_the_loaded_scenarios() -> None:
    rows = list_scenarios()  # read without the model (start-up): must say what the validated model says
    assert rows and sum(r["default"] for r in rows) == 1
    for row in rows:
        sc = load_scenario(row["id"])
        assert row == {
            "id": sc.id,
            "title": sc.title,
            "as_of": sc.as_of.isoformat(),
            "step": sc.step,
            "actors": len(sc.actors),
            "theatres": len(sc.theatres),
            "questions": len(sc.questions),
            "file": Path(sc.origin).name,
            "default": row["default"],
        }


def test_every_parameter_names_a_source_or_an_assumption_with_reason() -> None:
    params = iter_params(DEFAULT)
    assert len(params) > 150
    for path, p in params:
        assert (p.source and p.source.strip()) or (p.assumption and p.reason), path


def test_capabilities_cite_the_nmc_version_and_year() -> None:
    for code, actor in DEFAULT.actors.items():
        if actor.capability is None:  # allowed only of actors that never fight (the next test)
            continue
        text = actor.capability.cinc.provenance()
        assert re.search(r"COW NMC 7\.0, year 20\d\d", text), (code, text)


def _load_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    read_scenario_file(path)


def _edit(old: str, new: str) -> str:
    assert old in SHIPPED, old
    return SHIPPED.replace(old, new, 1)


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "path", "expect"),
    [
        (
            "    name: Russian Federation\n",
            "    name: Russian Federation\n    colour: red\n",
            "actors.RUS.colour",
            "unknown field 'colour'",
        ),
        (
            'cost_b_max: {value: 0.4, assumption: true, reason: "upper bound of Ukraine',
            'cost_b_max: {value: lots, assumption: true, reason: "upper bound of Ukraine',
            "theatres.ukraine.cost_b_max.value",
            "got 'lots'",
        ),
        ("    sender: IRN\n", "    sender: XXX\n", "flows.irn_rus_drones.sender", "unknown actor 'XXX'"),
        (
            "honour_rate: {value: 0.745",
            "honour_rate: {value: 1.745",
            "calibration.honour_rate",
            "[0, 1]; got 1.745",
        ),
        (
            "    side_b: [KOR]\n",
            "    side_b: [KOR]\n    sector_of: korea\n",
            "theatres.korea.sector_of",
            "no cycle",
        ),
        (
            "when: {posture_at_least: ground}",
            "when: {rung_at_least: {theatre: mars, rung: 2}}",
            "questions.nato-ground-forces-east-asia-12m.when.rung_at_least.theatre",
            "unknown theatre 'mars'",
        ),
        (
            'resolve: {dist: {kind: beta, a: 8, b: 2}, assumption: true, reason: "Russia has',
            'resolve: {dist: {kind: beta, a: 8, b: 2}, assumption: true, reason_: "Russia has',
            "actors.RUS.resolve",
            "reason_",
        ),
    ],
)
def test_bad_scenarios_name_file_line_and_path(
    tmp_path: Path, old: str, new: str, path: str, expect: str
) -> None:
    text = _edit(old, new)
    with pytest.raises(ScenarioError) as err:
        _load_text(tmp_path, text)
    message = str(err.value)
    assert message.startswith(f"{tmp_path / 's.yaml'}:"), message
    assert path in message and expect in message, message
    line = int(message.split(":")[1])
    assert abs(line - _line_of(text, new.strip().split("\n")[-1].strip()[:20])) <= 1, message


def test_yaml_syntax_error_has_a_line(tmp_path: Path) -> None:
    text = _edit("  KOR:\n", "  KOR: [\n")
    with pytest.raises(ScenarioError, match=r"s\.yaml:\d+: YAML error"):
        _load_text(tmp_path, text)


def test_missing_provenance_and_long_quotes_are_refused() -> None:
    data = minimal_scenario_data()
    data["theatres"]["dispute"]["cost_a"] = {"value": 0.1}
    with pytest.raises(ScenarioError, match="theatres.dispute.cost_a: expected `source:`"):
        build_scenario(data)
    long_quote = '"' + " ".join(["word"] * 26) + '"'
    data["theatres"]["dispute"]["cost_a"] = {"value": 0.1, "source": f"Paper, 2020: {long_quote}"}
    with pytest.raises(ScenarioError, match="at most 25 words; got 26"):
        build_scenario(data)


def test_question_reference_cycles_are_refused() -> None:
    data = minimal_scenario_data()
    q = data["questions"]["war-12m"]
    data["questions"]["a"] = {**q, "when": {"question": "b"}}
    data["questions"]["b"] = {**q, "when": {"not": {"question": "a"}}}
    with pytest.raises(ScenarioError, match="no cycle of question references"):
        build_scenario(data)


def test_overrides_set_values_and_distributions_and_change_the_hash() -> None:
    sc = minimal_scenario()
    same = apply_overrides(sc, {})
    assert same.sha256() == sc.sha256()
    fixed = apply_overrides(sc, {"actors.A.resolve": 0.8, "calibration.honour_rate": 0.5})
    assert fixed.actors["A"].resolve.value == 0.8 and fixed.calibration.honour_rate.value == 0.5
    assert fixed.sha256() != sc.sha256()
    dist = apply_overrides(sc, {"actors.B.resolve": {"kind": "uniform", "low": 0.2, "high": 0.4}})
    assert dist.actors["B"].resolve.dist.high == 0.4
    assert (
        apply_overrides(sc, {"rules.contest.information": "complete"}).rules.contest.information == "complete"
    )


@pytest.mark.parametrize(
    ("overrides", "expect"),
    [
        (
            {"actors.A.resolv": 0.5},
            r"--set actors\.A\.resolv: .*unknown path \(close matches: actors\.A\.resolve",
        ),
        ({"actors.A.resolve": 1.5}, r"actors\.A\.resolve: expected a value in \[0, 1\]; got 1\.5"),
        ({"actors.A.resolve": "high"}, r"expected a number or a distribution mapping; got 'high'"),
        (
            {"rules.contest.information": "psychic"},
            r"rules\.contest\.information: expected 'private' or 'complete'",
        ),
    ],
)
def test_bad_overrides_are_refused_with_the_path(overrides: dict, expect: str) -> None:
    with pytest.raises(ScenarioError, match=expect):
        apply_overrides(minimal_scenario(), overrides)


@pytest.mark.parametrize(
    ("dist", "lo", "hi", "mean"),
    [
        (Uniform(kind="uniform", low=1, high=3), 1, 3, 2.0),
        (TruncNormal(kind="truncnormal", mean=0, sd=1, low=-0.5, high=2), -0.5, 2, None),
        (Beta(kind="beta", a=2, b=6), 0, 1, 0.25),
        (Triangular(kind="triangular", low=0, mode=1, high=2), 0, 2, 1.0),
        (LogNormal(kind="lognormal", median=2, sigma=0.5), 0, np.inf, None),
    ],
)
def test_distributions_sample_within_support_with_the_stated_mean(dist, lo, hi, mean) -> None:
    x = sample(dist, np.random.default_rng(1), 200_000)
    assert x.dtype == np.float32 and x.min() >= lo and x.max() <= hi
    expected = dist.mean() if mean is None else mean
    assert abs(x.mean() - expected) < 5 * x.std() / np.sqrt(len(x)) + 1e-3


def test_empirical_groups_share_the_drawn_index() -> None:
    groups: dict = {}
    rng = np.random.default_rng(3)
    a = sample(Empirical(kind="empirical", values=[1, 2, 3], group="dyad"), rng, 1000, group_index=groups)
    b = sample(Empirical(kind="empirical", values=[10, 20, 30], group="dyad"), rng, 1000, group_index=groups)
    assert np.array_equal(b, a * 10) and set(np.unique(a)) == {1, 2, 3}


def test_params_describe_themselves() -> None:
    assert Param(value=0.5, source="x").describe() == "0.5"
    assert (
        Param(dist={"kind": "beta", "a": 2, "b": 3}, source="x").describe() == "beta(a=2, b=3, low=0, high=1)"
    )


def test_a_side_lead_without_resolve_is_rejected() -> None:
    from flashpoint.errors import ScenarioError
    from flashpoint.world.loader import build_scenario
    from flashpoint.world.minimal import minimal_scenario_data

    data = minimal_scenario_data()
    del data["actors"]["B"]["resolve"]
    with pytest.raises(ScenarioError, match=r"actors\.B\.resolve"):
        build_scenario(data)


def test_only_actors_that_never_fight_may_lack_a_capability() -> None:
    from flashpoint.errors import ScenarioError
    from flashpoint.world.loader import build_scenario
    from flashpoint.world.minimal import minimal_scenario_data
    from flashpoint.world.scenario import fighters

    without = {a for a, actor in DEFAULT.actors.items() if actor.capability is None}
    assert without == {"IND"} and not without & set(fighters(DEFAULT))
    data = minimal_scenario_data()
    del data["actors"]["B"]["capability"]
    with pytest.raises(ScenarioError, match=r"actors\.B\.capability"):
        build_scenario(data)
    data["actors"]["C"] = {
        k: v for k, v in minimal_scenario_data()["actors"]["B"].items() if k != "capability"
    }
    data["actors"]["B"] = minimal_scenario_data()["actors"]["B"]
    build_scenario(data)  # an actor in no theatre, alliance or flow needs none


def test_a_supporters_own_entry_hazard_must_name_a_supporter() -> None:
    from flashpoint.errors import ScenarioError
    from flashpoint.world.loader import build_scenario
    from flashpoint.world.minimal import minimal_scenario_data

    data = minimal_scenario_data()
    theatre = next(iter(data["theatres"].values()))
    theatre["entry_per_month"] = {"A": {"value": 0.1, "assumption": True, "reason": "test"}}
    with pytest.raises(ScenarioError, match=r"entry_per_month\.A"):
        build_scenario(data)
