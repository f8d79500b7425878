"""CLI commands: run."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from flashpoint.cli.progress import progress_bar
from flashpoint.cli.render import console, print_json
from flashpoint.errors import ScenarioError
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
        out[path.strip()] = parse_value(value)
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
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
    db: Path | None = typer.Option(None, "--db", help="Store file (default under FLASHPOINT_HOME)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not write the run to the store."),
    workers: int | None = WORKERS,
    scheduler: str | None = SCHEDULER,
) -> None:
    """Simulate a scenario and print its forecasts (probability and 90% Wilson interval)."""
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
    result = outcome.public
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
        f"seed {eng['seed']}, {result['elapsed_s']:.2f} s wall, {where}"
    )
    table.add_column("question")
    table.add_column("probability", justify="right")
    table.add_column("90% interval", justify="right")
    for q in result["questions"]:
        lo, hi = q["ci90"]
        table.add_row(q["id"], f"{q['probability']:.3f}", f"{lo:.3f} - {hi:.3f}")
    console.print(table)
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
