"""Quantities: numbers with unit and qualifier, attached to the flow they describe (issue 13 'Numbers')."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from flashpoint.evidence.records import Document
from flashpoint.settings import shared_data_dir

SEED = (
    (shared_data_dir() or Path("/nonexistent")).parent
    / "seeds"
    / "epochtimes-2024-11-05-north-korea-troops-nato.txt"
)


def _quantities(extractor, text: str):
    (result,) = list(extractor.extract([Document(text=text, published=None)]))
    return result.quantities


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "qualifier", "increment"),
    [
        (
            "North Korea has deployed more than 10,000 soldiers to Russia.",
            "more than 10,000 soldiers",
            10000,
            "soldiers",
            "at_least",
            False,
        ),
        (
            "Pyongyang has sent about 3,000 more troops to Russia.",
            "about 3,000 more troops",
            3000,
            "troops",
            "about",
            True,
        ),
        (
            "The United States approved $2 billion in aid for Ukraine.",
            "$2 billion",
            2e9,
            "usd",
            "exact",
            False,
        ),
        ("China sent 12 ships near Taiwan on Monday.", "12 ships", 12, "ships", "exact", False),
        (
            "Russia fired up to 40 missiles at Kyiv overnight.",
            "up to 40 missiles",
            40,
            "missiles",
            "up_to",
            False,
        ),
        ("Russian forces retook about 60% of the salient.", "about 60%", 60, "percent", "about", False),
        (
            "Russia has 10,000 to 12,000 soldiers in Kursk.",
            "10,000 to 12,000 soldiers",
            10000,
            "soldiers",
            "range",
            False,
        ),
    ],
)
def test_quantity_value_unit_and_qualifier(extractor, text, span, value, unit, qualifier, increment) -> None:
    found = _quantities(extractor, text)
    assert len(found) == 1, found
    q = found[0]
    assert (q.span, q.value, q.unit, q.qualifier, q.increment) == (span, value, unit, qualifier, increment)
    assert q.high == (12000 if qualifier == "range" else None)


def test_years_dates_and_bare_numbers_are_not_quantities(extractor) -> None:
    text = "On Oct. 28, 2024, Rutte spoke for 2 reasons. In 2023 the talks failed. One of the soldiers spoke."
    assert _quantities(extractor, text) == []


def test_troops_attach_to_the_sender_and_recipient_flow(extractor) -> None:
    (q,) = _quantities(
        extractor, "Officials in Seoul said North Korea has sent about 11,000 soldiers to Russia."
    )
    assert (q.actor, q.recipient, q.category, q.event_type) == ("PRK", "RUS", "troops", "MOBILIZE")


@pytest.mark.skipif(not SEED.exists(), reason="the founding article lives in /work/shared/seeds")
def test_seed_troop_numbers_attach_to_the_dprk_flow(extractor) -> None:
    doc = Document(text=SEED.read_text(encoding="utf-8"), published=None)
    (result,) = list(extractor.extract([doc]))
    troops = [q for q in result.quantities if q.category == "troops"]
    assert [(q.span, q.value, q.unit, q.qualifier) for q in troops] == [
        ("approximately two brigades", 2.0, "brigades", "about")
    ]
    assert (troops[0].actor, troops[0].recipient) == ("PRK", "RUS")
    assert result.quantities[0].to_json()["kind"] == "quantity"


def test_extract_lists_quantities_as_jsonl_and_in_the_table(tmp_path) -> None:
    from typer.testing import CliRunner

    from flashpoint.cli import app

    path = tmp_path / "a.txt"
    path.write_text("North Korea has sent about 3,000 more soldiers to Russia.", encoding="utf-8")
    runner = CliRunner()
    lines = runner.invoke(app, ["extract", str(path)]).stdout.splitlines()
    kinds = [line.split('"kind":')[1].split(",")[0].strip(' "') for line in lines if '"kind"' in line]
    assert "quantity" in kinds
    table = runner.invoke(app, ["extract", "--format", "table", str(path)])
    assert table.exit_code == 0 and "quantity" in table.stdout and "3000" in table.stdout


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    n=st.integers(min_value=2, max_value=999_999),
    qualifier=st.sampled_from(
        [
            ("", "exact"),
            ("about ", "about"),
            ("more than ", "at_least"),
            ("up to ", "up_to"),
            ("nearly ", "about"),
        ]
    ),
    unit=st.sampled_from(["soldiers", "troops", "ships", "drones", "missiles", "tanks"]),
    more=st.booleans(),
)
def test_any_written_number_reads_back(extractor, n, qualifier, unit, more) -> None:
    words, name = qualifier
    text = f"Officials said North Korea has sent {words}{n:,}{' more' if more else ''} {unit} to Russia."
    (q,) = _quantities(extractor, text)
    assert (q.value, q.unit, q.qualifier, q.increment, q.actor) == (n, unit, name, more, "PRK")
