"""CLI commands: run."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from flashpoint.cli.progress import progress_bar
from flashpoint.cli.render import console, print_json
from flashpoint.errors import InputError, ScenarioError
from flashpoint.sim.defaults import DEFAULT_MONTHS, DEFAULT_SEED, DEFAULT_WORLDS

WORKERS = typer.Option(
    None,
    "--workers",
    envvar="FLASHPOINT_WORKERS",
    help="Worker processes (default: every CPU). Results do not depend on it.",
)
SCHEDULER = typer.Option(
    None,
    "--scheduler",
    envvar="FLASHPOINT_SCHEDULER",
    help="A Dask scheduler address (tcp://HOST:8786) to run the worlds on; same results as locally.",
)


def parse_sets(items: list[str]) -> dict[str, object]:
    """Turn ``PATH=VALUE`` strings into an overrides mapping (VALUE parsed as YAML)."""
    from flashpoint.world.overrides import parse_value

    out: dict[str, object] = {}
    for item in items:
        path, sep, value = item.partition("=")
        if not sep or not path.strip():
            raise ScenarioError(
                f"--set {item}: expected PATH=VALUE; got no '='"
                if not sep
                else f"--set {item}: expected PATH=VALUE; got an empty PATH"
            )
        out[path.strip()] = parse_value(value, origin=f"--set {item}")
    return out


def run_command(
    scenario: str | None = typer.Argument(
        None, help="Shipped scenario id or YAML file (default kursk-2024-11)."
    ),
    worlds: int = typer.Option(
        DEFAULT_WORLDS, "--worlds", envvar="FLASHPOINT_WORLDS", help="Monte Carlo worlds."
    ),
    months: int = typer.Option(DEFAULT_MONTHS, "--months", help="Months to simulate."),
    seed: int = typer.Option(
        DEFAULT_SEED, "--seed", envvar="FLASHPOINT_SEED", help="Seed of the one Generator."
    ),
    sets: list[str] = typer.Option(
        [], "--set", help="What-if: PATH=VALUE on any scenario parameter (repeatable)."
    ),
    json_out: bool = typer.Option(
        False,
        "--json",
        help="Print one JSON object instead of a table: {scenario, engine, elapsed_s, questions: [{id, text, "
        "horizon_months, probability, stderr, ci90 (Monte Carlo, Wilson), assumption_ci90 (over joint draws "
        "of the uncertain parameters), assumption_share, assumption_draws}], prevail: [{id, challenger, "
        "defender, months, challenger_prevails, defender_prevails, compromise, unresolved, none, war, "
        "settled, settlement_share_b (side B's mean share of the stakes when a war ended in an accepted "
        "offer; null if none)}]} "
        "(docs/model.md, section 6).",
    ),
    db: Path | None = typer.Option(None, "--db", help="Store file (default under FLASHPOINT_HOME)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not write the run to the store."),
    register: bool = typer.Option(
        False, "--register", help="Also register a what-if run's forecasts (default runs always are)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Run at a date: the scenario updated by the evidence published by then."
    ),
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
) -> None:
    """Simulate a scenario and print its forecasts (probability, 90% Wilson interval over worlds, 90% interval
    over assumption draws) and who prevails in each theatre's first dispute.

    JSON with `--as-of DATE`: `{scenario: {id, sha256, as_of}, as_of: DATE, engine, elapsed_s,
    simulated: {sha256, from}, updates: [{indicator, parameter, before, after, evidence: [{doc_id,
    sentence, published}], superseded_by?}], closed: [{id, deadline}], left_out: [id], questions: [{id, text,
    horizon_months, probability, stderr, ci90, deadline, months_left}], proposed_resolutions: [...],
    forecaster?, config_id?, forecasts_added?}`: the scenario updated by `flashpoint situation --as-of DATE`,
    simulated from DATE to each open question's deadline; questions whose deadline has passed are
    `closed`, not simulated. A document published after DATE never changes it. Unless `--no-store`, the
    forecasts are registered as the model's made on DATE, under the model configuration of the scenario as
    given (as `flashpoint run` and `flashpoint replay` register theirs); a what-if (`--set`) only with
    `--register`.
    """
    if register and no_store:
        raise InputError("--register: a run enters the registry only when stored; got --no-store.")
    if as_of is not None:  # issue 11: the situation at a date (flashpoint.forecasts.replay)
        from flashpoint.cli.situation import render_dated
        from flashpoint.forecasts.replay import run_at

        dated = run_at(
            scenario,
            as_of,
            worlds=worlds,
            months=months,
            seed=seed,
            overrides=parse_sets(sets),
            db=db,
            store=not no_store and (register or not sets),  # a dated what-if is registered when asked
            workers=workers,
            scheduler=scheduler,
        )
        print_json(dated) if json_out else render_dated(dated)
        return
    from flashpoint.sim.runner import execute_run

    with progress_bar("worlds") as progress:
        outcome = execute_run(
            scenario,
            worlds=worlds,
            months=months,
            seed=seed,
            overrides=parse_sets(sets),
            db=db,
            store=not no_store,
            workers=workers,
            scheduler=scheduler,
            progress=progress,
        )
    result = {**outcome.public, "run_id": outcome.run_id}
    if register and sets:
        from flashpoint.forecasts import register_run

        result["registered"] = register_run(outcome.record, db=db)
    if json_out:
        print_json(result)
        return
    sc, eng, ex = result["scenario"], result["engine"], outcome.execution
    if ex["scheduler"]:
        where = f"on {ex['scheduler']}"
    else:
        ratio = ex["cpu_s"] / max(result["elapsed_s"], 1e-9)
        where = f"{ex['workers']} worker(s), {ex['cpu_s']:.2f} s CPU ({ratio:.2f} x wall)"
    table = Table(
        title=f"{sc['id']} (as of {sc['as_of']}) - {eng['worlds']:,} worlds x {eng['months']} months, "
        f"seed {eng['seed']}, {result['elapsed_s']:.2f} s wall, {where}",
        caption="p: probability; 90% intervals: MC over worlds (Monte Carlo), assum. over assumption draws",
    )
    # compact columns so that ids are shown in full within 80 columns (folded, never cut, when narrower)
    table.add_column("question", overflow="fold")
    table.add_column("p", justify="right")
    table.add_column("90% MC", justify="right")
    table.add_column("90% assum.", justify="right")
    for q in result["questions"]:
        lo, hi = q["ci90"]
        a_lo, a_hi = q["assumption_ci90"]
        table.add_row(q["id"], f"{q['probability']:.3f}", f"{lo:.3f}-{hi:.3f}", f"{a_lo:.3f}-{a_hi:.3f}")
    console.print(table)
    sides = Table(title="who prevails in each theatre's first dispute (share of worlds)")
    for col in ("theatre", "challenger", "defender", "compromise", "unresolved"):
        sides.add_column(col, justify="left" if col == "theatre" else "right")
    for t in result["prevail"]:
        sides.add_row(
            t["id"],
            f"{t['challenger']} {t['challenger_prevails']:.3f}",
            f"{t['defender']} {t['defender_prevails']:.3f}",
            f"{t['compromise']:.3f}",
            f"{t['unresolved']:.3f}",
        )
    console.print(sides)
    left_out = len(outcome.result.questions) - len(result["questions"])
    if left_out:
        console.print(f"{left_out} question(s) with a horizon beyond {eng['months']} months left out.")
    if sets:
        console.print("what-if: " + ", ".join(sets))
    if outcome.run_id:
        console.print(f"stored as run {outcome.run_id} (scenario sha256 {sc['sha256'][:12]})")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("run")(run_command)
