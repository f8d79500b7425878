"""CLI commands: ``flashpoint validate`` (theory and history checks), ``flashpoint sensitivity`` (Sobol)."""

from __future__ import annotations

import math
from pathlib import Path

import typer
from rich.table import Table

from flashpoint.cli.progress import progress_bar
from flashpoint.cli.render import console, print_json
from flashpoint.cli.run import SCHEDULER, WORKERS


def _fmt(x: float) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "-"
    return f"{x:.4g}"


def _result(c: dict) -> str:
    if c.get("status", "check") != "check":
        return "within" if c["passed"] else "[yellow]outside[/]"
    return "[green]pass[/]" if c["passed"] else "[red]FAIL[/]"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("validate")
    def validate_cmd(
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
        quick: bool = typer.Option(False, "--quick", help="Fewer worlds per check (wider tolerances)."),
        seed: int = typer.Option(20241105, "--seed", min=0, help="Root seed of the checks."),
        workers: int | None = WORKERS,
        scheduler: str | None = SCHEDULER,
    ) -> None:
        """Run the theory, history, mechanism and forecast checks; exit 1 if a check of status `check`
        fails."""
        from flashpoint.sim.schedule import execution
        from flashpoint.validity.validate import validate

        with progress_bar("worlds") as progress, execution(workers, scheduler, progress):
            result = validate(quick=quick, seed=seed)
        if as_json:
            print_json(result)
        else:
            table = Table(title="flashpoint validity checks", show_lines=False)
            for col in ("check", "kind", "status", "expected", "observed", "tolerance", "result"):
                numeric = col in ("expected", "observed", "tolerance")
                table.add_column(col, justify="right" if numeric else "left", overflow="fold")
            for c in result["checks"]:
                table.add_row(
                    c["id"],
                    c["kind"],
                    c.get("status", "check"),
                    _fmt(c["expected"]),
                    _fmt(c["observed"]),
                    _fmt(c["tolerance"]),
                    _result(c),
                )
            console.print(table)
            checks = [c for c in result["checks"] if c.get("status", "check") == "check"]
            failed = sum(not c["passed"] for c in checks)
            others = len(result["checks"]) - len(checks)
            console.print(
                f"{len(checks) - failed} checks passed, {failed} failed; {others} findings and diagnostics "
                f"reported in {result['elapsed_s']:.1f} s"
            )
        if not result["passed"]:
            raise typer.Exit(1)

    @app.command("sensitivity")
    def sensitivity_cmd(
        scenario: str = typer.Argument(None, help="Shipped scenario id or YAML file (default if none)."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
        out: Path = typer.Option(
            None, "--out", help="Folder for tornado plots (PNG, HTML; default $FLASHPOINT_HOME/sensitivity)."
        ),
        method: str = typer.Option("metamodel", "--method", help="metamodel (default) or saltelli."),
        n_base: int = typer.Option(None, "--n-base", min=1, help="SALib base sample size N (power of 2)."),
        worlds: int = typer.Option(None, "--worlds", min=1, help="Worlds in the engine run."),
        seed: int = typer.Option(0, "--seed", min=0, help="Seed of the design and the run."),
        question: list[str] = typer.Option(None, "--question", help="Only these question ids (repeatable)."),
        top: int = typer.Option(5, "--top", min=1, help="Parameters shown per question in the table."),
        workers: int | None = WORKERS,
        scheduler: str | None = SCHEDULER,
    ) -> None:
        """Sobol first-order and total indices of each question's probability, with tornado plots."""
        from flashpoint.settings import home_dir
        from flashpoint.sim.schedule import execution
        from flashpoint.validity.sensitivity import DEFAULT_WORLDS, run_sensitivity

        out = out if out is not None else home_dir() / "sensitivity"  # never the working folder by default
        with progress_bar("worlds") as progress, execution(workers, scheduler, progress):
            result = run_sensitivity(
                scenario,
                method=method,
                n_base=n_base,
                n_worlds=worlds or DEFAULT_WORLDS,
                seed=seed,
                out_dir=str(out),
                questions=question or None,
            )
        if as_json:
            print_json(result)
            return
        for entry in result["questions"]:
            note = "" if entry["reliable"] else " [yellow](too few YES/NO worlds or noise: read with care)[/]"
            table = Table(title=f"{entry['id']}  p = {entry['probability']:.4f}{note}")
            for col in ("parameter", "ST", "ST_conf", "S1"):
                table.add_column(col, justify="left" if col == "parameter" else "right")
            for r in entry["indices"][:top]:
                table.add_row(r["parameter"], _fmt(r["ST"]), _fmt(r["ST_conf"]), _fmt(r["S1"]))
            console.print(table)
            if entry.get("dominant"):
                console.print(f"  dominant: {', '.join(entry['dominant'])}")
        console.print(
            f"{result['method']}: {result['n_worlds']} worlds, {result['elapsed_s']} s; plots in {out}"
        )
