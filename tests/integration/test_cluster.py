"""Worlds on a dask.distributed LocalCluster (2 worker processes): the same JSON and arrays as a local run."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from flashpoint.cli import app
from flashpoint.sim import engine
from flashpoint.sim.cluster import client, close_clients
from flashpoint.sim.engine import simulate
from flashpoint.sim.schedule import ClusterError, execution
from flashpoint.validity.dispute import dispute_scenario

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def scheduler() -> str:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address
        close_clients()


def test_run_json_on_the_cluster_is_the_local_json(scheduler: str) -> None:
    args = ["run", "--json", "--no-store", "--worlds", "60000", "--months", "3", "--seed", "4"]
    local = CliRunner().invoke(app, [*args, "--workers", "2"])
    remote = CliRunner().invoke(app, [*args, "--scheduler", scheduler])
    assert local.exit_code == 0 and remote.exit_code == 0, local.output + remote.output
    a, b = json.loads(local.stdout), json.loads(remote.stdout)
    a.pop("elapsed_s"), b.pop("elapsed_s")
    assert a == b
    assert any(0 < q["probability"] < 1 for q in a["questions"])


def test_arrays_on_the_cluster_are_the_local_bytes(scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "BLOCK_WORLDS", 2_000)  # 4 blocks for 2 workers (read by the driver)
    sc = dispute_scenario("calibration")
    local = simulate(sc, 7_000, 6, 9, workers=1)
    with execution(scheduler=scheduler):  # how sensitivity and calibration reach the cluster
        remote = simulate(sc, 7_000, 6, 9)
    assert remote.yes.tobytes() == local.yes.tobytes()
    for name, values in local.theatre.items():
        assert np.array_equal(values, remote.theatre[name], equal_nan=values.dtype.kind == "f"), name
    assert all(local.draws[k].tobytes() == remote.draws[k].tobytes() for k in local.draws)


def test_an_unreachable_scheduler_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("flashpoint.sim.cluster.CONNECT_TIMEOUT_S", 1)
    with pytest.raises(ClusterError, match=r"--scheduler tcp://127.0.0.1:9: expected a reachable Dask"):
        client("tcp://127.0.0.1:9")
    result = CliRunner().invoke(
        app, ["run", "--no-store", "--worlds", "10", "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert result.exit_code == 1 and "expected a reachable Dask scheduler" in result.output
