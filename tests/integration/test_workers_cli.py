"""`--workers` on the commands that simulate many worlds: same JSON for any worker count."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.sim import engine


def test_sensitivity_is_the_same_on_one_and_two_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "BLOCK_WORLDS", 2_000)  # 3 blocks, so two workers share them
    out = []
    for workers in ("1", "2"):
        args = ["sensitivity", "--json", "--worlds", "6000", "--question", "dprk-troops-in-combat-3m"]
        result = CliRunner().invoke(app, [*args, "--out", str(tmp_path / workers), "--workers", workers])
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        data.pop("elapsed_s")
        assert all(Path(p).parent == tmp_path / workers for p in data.pop("plots"))
        out.append(data)
    assert out[0] == out[1]
    assert out[0]["questions"][0]["indices"]  # the comparison covers computed indices, not an empty shell
