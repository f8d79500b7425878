"""Blocks of worlds on any number of worker processes: same bytes, reduced as they finish; settings."""

from __future__ import annotations

import numpy as np
import pytest

from flashpoint.errors import InputError
from flashpoint.sim import engine
from flashpoint.sim.engine import reduce_worlds, simulate
from flashpoint.sim.reduce import Gather, Totals
from flashpoint.sim.runner import run
from flashpoint.sim.schedule import cpu_count, execution, resolve
from flashpoint.validity.dispute import dispute_scenario
from flashpoint.world.catalog import load_scenario


@pytest.fixture
def small_blocks(monkeypatch: pytest.MonkeyPatch) -> int:
    """1,000-world blocks, so a small run has many blocks (more than the 2 x workers kept in flight)."""
    monkeypatch.setattr(engine, "BLOCK_WORLDS", 1_000)
    return 1_000


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        assert a[key].dtype == b[key].dtype and a[key].tobytes() == b[key].tobytes(), key


@pytest.mark.parametrize("scenario", ["default", "dispute"])
def test_gathered_worlds_are_the_same_bytes_for_1_2_and_3_workers(small_blocks: int, scenario: str) -> None:
    sc = load_scenario() if scenario == "default" else dispute_scenario("calibration")
    one = reduce_worlds(sc, 9_500, 2, 5, Gather(), workers=1, trace=True)
    assert len(one["yes"]) == 9_500 and one["trace:rung"].shape[1] == 9_500
    for workers in (2, 3):
        _same(one, reduce_worlds(sc, 9_500, 2, 5, Gather(), workers=workers, trace=True))


def test_totals_are_the_counts_of_the_gathered_worlds(small_blocks: int) -> None:
    sc = load_scenario()
    whole = simulate(sc, 7_200, 3, 11, workers=2)
    totals = reduce_worlds(sc, 7_200, 3, 11, Totals(), workers=2)
    assert int(totals["worlds"]) == 7_200
    assert totals["yes"].tolist() == np.count_nonzero(whole.yes, axis=0).tolist()
    assert totals["yes"].sum() > 0  # the run has YES worlds, so the comparison can fail


def test_a_new_total_is_one_entry(small_blocks: int) -> None:
    sc = load_scenario()
    fields = {"ended": lambda block: np.count_nonzero(block["end_step"] >= 0, axis=0)}
    got = reduce_worlds(sc, 4_000, 3, 2, Totals(fields), workers=2)
    whole = simulate(sc, 4_000, 3, 2, workers=1)
    assert got["ended"].tolist() == np.count_nonzero(whole.theatre["end_step"] >= 0, axis=0).tolist()
    with pytest.raises(TypeError, match="must return integers"):
        reduce_worlds(sc, 10, 1, 2, Totals({"bad": lambda block: block["duration_days"]}), workers=1)


def test_run_json_is_the_same_for_any_worker_count(small_blocks: int) -> None:
    out = []
    for workers in (1, 2, 3):
        public = run(worlds=6_500, months=6, seed=3, store=False, workers=workers)
        public.pop("elapsed_s")
        out.append(public)
    assert out[0] == out[1] == out[2]
    assert any(0 < q["probability"] < 1 for q in out[0]["questions"])


def test_progress_reports_every_block_up_to_the_total(small_blocks: int) -> None:
    seen: list[tuple[int, int]] = []
    reduce_worlds(
        load_scenario(), 5_500, 1, 0, Totals(), workers=2, progress=lambda d, t: seen.append((d, t))
    )
    assert [t for _, t in seen] == [5_500] * 6
    done = [d for d, _ in seen]
    assert done == sorted(done) and done[-1] == 5_500


def test_settings_come_from_the_argument_then_the_context_then_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("FLASHPOINT_WORKERS", raising=False)
    monkeypatch.delenv("FLASHPOINT_SCHEDULER", raising=False)
    assert resolve().workers == cpu_count() and resolve().scheduler is None
    monkeypatch.setenv("FLASHPOINT_WORKERS", "3")
    monkeypatch.setenv("FLASHPOINT_SCHEDULER", "tcp://10.0.0.1:8786")
    assert resolve().workers == 3 and resolve().scheduler == "tcp://10.0.0.1:8786"
    with execution(workers=5, scheduler="tcp://h:1"):
        assert resolve().workers == 5 and resolve().scheduler == "tcp://h:1"
        assert resolve(workers=2).workers == 2
        with execution():
            assert resolve().workers == 5
    assert resolve().workers == 3


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5"])
def test_a_bad_worker_count_is_one_clear_error(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("FLASHPOINT_WORKERS", value)
    with pytest.raises(InputError, match=r"FLASHPOINT_WORKERS: expected a positive integer .*got"):
        resolve()
    with pytest.raises(InputError, match="--workers"), execution(workers=value):
        pass


def test_at_most_twice_the_workers_blocks_are_in_flight(
    small_blocks: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from concurrent.futures import ProcessPoolExecutor

    from flashpoint.sim import schedule

    futures: list = []
    peak = {"max": 0}

    class CountingPool(ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):  # type: ignore[override]
            futures.append(super().submit(fn, *args, **kwargs))
            peak["max"] = max(peak["max"], sum(not f.done() for f in futures))
            return futures[-1]

    monkeypatch.setattr(schedule, "ProcessPoolExecutor", CountingPool)
    totals = reduce_worlds(load_scenario(), 12_000, 1, 0, Totals(), workers=2)
    assert int(totals["worlds"]) == 12_000
    assert len(futures) == 12 and 2 <= peak["max"] <= 4


def _totals_in_a_daemon(queue) -> None:  # runs in a daemonic child process
    totals = reduce_worlds(load_scenario(), 3_000, 1, 4, Totals(), workers=2)
    queue.put(totals["yes"].tolist())


def test_a_daemonic_process_runs_its_blocks_itself(small_blocks: int) -> None:
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    child = ctx.Process(target=_totals_in_a_daemon, args=(queue,), daemon=True)
    child.start()
    child.join(timeout=120)  # the small result fits the queue's pipe: joining first cannot deadlock
    assert child.exitcode == 0
    got = queue.get(timeout=5)
    assert got == reduce_worlds(load_scenario(), 3_000, 1, 4, Totals(), workers=1)["yes"].tolist()


def test_summarise_counts_a_simresult_as_a_run_does() -> None:
    from flashpoint.sim.runner import RunTotals, summarise

    sc = load_scenario()
    whole = simulate(sc, 3_000, 12, 5, workers=1)
    counts = reduce_worlds(sc, 3_000, 12, 5, Totals(), workers=1)
    totals = RunTotals(list(sc.questions), 3_000, whole.n_steps, whole.horizon_steps.tolist(), counts)
    got = summarise(whole, sc)
    assert got == summarise(totals, sc)
    assert any(0 < q["probability"] < 1 for q in got)
