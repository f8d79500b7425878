"""The evaluation code on small hand-made gold files (the full development sets run in tests/validity)."""

from __future__ import annotations

import json

import pytest

from flashpoint.errors import InputError
from flashpoint.evidence.evaluation import (
    code_plover,
    evaluate_plover,
    evaluate_seed,
    read_plover,
    split_plover,
)

GOLD = [
    {"id": "DOC", "event": "DOCUMENT", "eventText": "header"},
    {
        "id": "A",
        "date": "2000-01-01",
        "event": "FIGHT",
        "text": "Russian forces attacked Ukraine on Monday.",
        "source": [{"actorText": "Russian", "code": "RUS"}],
        "target": [{"actorText": "Ukraine", "code": "UKR"}],
    },
    {
        "id": "B",
        "date": "2000-01-01",
        "event": "DEMAND",
        "text": "Japan demanded that China release the crew.",
        "source": [{"actorText": "Japan", "code": "JAP"}],
        "target": [{"actorText": "China", "code": "CHN"}],
    },
    {
        "id": "C",
        "date": "2000-01-01",
        "event": "CONSULT",
        "text": "The weather was mild.",
        "source": [{"actorText": "x", "code": "FRA"}],
        "target": "",
    },
]


@pytest.fixture
def plover_file(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in GOLD) + "\n", encoding="utf-8")
    return path


def test_gold_records_are_relabelled_and_keyed_by_line(plover_file):
    recs = read_plover(plover_file)
    assert [(r["line"], r["event"]) for r in recs] == [(2, "ASSAULT"), (3, "REQUEST"), (4, "CONSULT")]
    assert recs[1]["actors"] == {"JPN"} and recs[2]["recipients"] == set()


def _gold(n_per_type: int) -> list[dict]:
    events = ("AGREE", "ASSAULT", "REJECT")
    return [
        {"line": i, "text": f"sentence {i}", "event": events[i % 3]} for i in range(1, 3 * n_per_type + 1)
    ]


def test_split_halves_are_fixed_disjoint_and_stratified():
    gold = _gold(7)
    dev, test = split_plover(gold, "dev"), split_plover(gold, "test")
    dev_lines, test_lines = {g["line"] for g in dev}, {g["line"] for g in test}
    assert not dev_lines & test_lines and dev_lines | test_lines == {g["line"] for g in gold}
    for event in ("AGREE", "ASSAULT", "REJECT"):  # 7 records a type: 4 to dev, 3 to test
        assert sum(g["event"] == event for g in dev) == 4 and sum(g["event"] == event for g in test) == 3
    # the halves depend on the records, not on their order in the file
    assert {g["line"] for g in split_plover(gold[::-1], "dev")} == dev_lines
    # adding records of another type moves nobody
    more = gold + [{"line": 100 + i, "text": f"extra {i}", "event": "AID"} for i in range(5)]
    assert {g["line"] for g in split_plover(more, "dev") if g["line"] < 100} == dev_lines
    assert split_plover(gold, "all") == gold
    with pytest.raises(InputError, match="expected one of dev, test, all; got 'train'"):
        split_plover(gold, "train")


def test_plover_triple_needs_type_actor_and_recipient(plover_file, extractor):
    df = evaluate_plover(plover_file, extractor).set_index("field")
    rows = list(code_plover(plover_file, extractor).itertuples())
    expected = sum(
        r.pred_event == r.gold_event
        and (r.pred_actor in r.gold_actors or not r.gold_actors and r.pred_actor is None)
        and (r.pred_recipient in r.gold_recipients or not r.gold_recipients and r.pred_recipient is None)
        for r in rows
    )
    assert df.loc["triple", "n_correct"] == expected
    assert df.loc["triple", "n_correct"] <= df.loc["event_type", "n_correct"]
    dev = evaluate_plover(plover_file, extractor, "dev").set_index("field")
    test = evaluate_plover(plover_file, extractor, "test").set_index("field")
    assert dev.loc["event_type", "n_gold"] + test.loc["event_type", "n_gold"] == 3


def test_plover_scores_are_counted_from_the_records(plover_file, extractor):
    df = evaluate_plover(plover_file, extractor).set_index("field")
    assert df.loc["event_type", "n_gold"] == 3 and df.loc["event_type", "n_correct"] == 2
    assert df.loc["event_type", "accuracy"] == pytest.approx(2 / 3)
    assert df.loc["actor", "n_correct"] == 2 and df.loc["actor", "accuracy"] == pytest.approx(2 / 3)
    assert df.loc["recipient", "n_gold"] == 2
    assert 0 <= df.loc["recipient", "precision"] <= 1


def test_bad_plover_files(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"event": "AGREE", "text": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError, match="bad.jsonl:2"):
        read_plover(bad)
    with pytest.raises(InputError, match="readable"):
        read_plover(tmp_path / "missing.jsonl")


def test_seed_scoring_on_a_small_article(tmp_path, extractor):
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        'document: {published: 2024-11-05, text: "\\"We will not back down,\\" said Ada Lovelace. '
        'Russia attacked Ukraine. Lovelace believes it is unlikely that NATO will deploy troops soon."}\n'
        'quotes:\n  - {speaker: Ada Lovelace, starts: "We will not"}\n'
        'forecasts:\n  - {predictor: Ada Lovelace, in: "unlikely that NATO", polarity: negative,'
        " probability: 0.32, horizon: {text: soon}}\n"
        "events:\n  - {actor: RUS, type: ASSAULT, recipient: UKR}\n"
        "  - {actor: CHN, type: AID, recipient: RUS}\n",
        encoding="utf-8",
    )
    df = evaluate_seed(gold, extractor=extractor).set_index("field")
    assert df.loc["quote.speaker", "recall"] == 1.0
    assert df.loc["forecast.predictor", "recall"] == 1.0 and df.loc["forecast.probability", "recall"] == 1.0
    assert df.loc["event", "n_gold"] == 2 and df.loc["event", "recall"] == 0.5


def test_seed_needs_its_article(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text("document: {title: Nowhere}\nquotes: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="annotated article"):
        evaluate_seed(gold)
