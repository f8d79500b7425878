"""`flashpoint eval plover|seed` through the CLI on small gold files."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from flashpoint.cli import app

runner = CliRunner()


def test_eval_plover_table_and_json(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "event": "FIGHT",
                "text": "Russian forces attacked Ukraine.",
                "date": "2024-01-01",
                "source": [{"code": "RUS"}],
                "target": [{"code": "UKR"}],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "plover", str(gold)])
    assert result.exit_code == 0, result.output
    assert "event_type" in result.output and "recipient" in result.output
    result = runner.invoke(app, ["eval", "plover", str(gold), "--json"])
    data = json.loads(result.stdout)
    rows = {r["field"]: r for r in data["rows"]}
    assert rows["event_type"]["accuracy"] == 1.0 and rows["actor"]["n_correct"] == 1
    assert rows["triple"]["n_correct"] == 1
    halves = []
    for split in ("dev", "test"):
        result = runner.invoke(app, ["eval", "plover", str(gold), "--split", split, "--json"])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["dataset"] == f"plover ({split})"
        halves.append({r["field"]: r for r in data["rows"]}["event_type"]["n_gold"])
    assert sorted(halves) == [0, 1]  # one record: it lands in dev
    result = runner.invoke(app, ["eval", "plover", str(gold), "--split", "train"])
    assert result.exit_code == 2 and "expected one of dev, test, all; got 'train'" in result.output


def test_eval_seed_and_bad_input(tmp_path):
    gold = tmp_path / "gold.yaml"
    gold.write_text(
        'document: {published: 2024-11-05, text: "\\"We will hold,\\" said Ada Lovelace."}\n'
        "quotes:\n  - {speaker: Ada Lovelace, starts: We will hold}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["eval", "seed", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["field"]: r for r in json.loads(result.stdout)["rows"]}
    assert rows["quote.speaker"]["recall"] == 1.0
    result = runner.invoke(app, ["eval", "plover", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2 and "expected a readable" in result.output
