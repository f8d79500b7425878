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


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("validate")
    def validate_cmd(
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
        quick: bool = typer.Option(False, "--quick", help="Fewer worlds per check (wider tolerances)."),
        seed: int = typer.Option(20241105, "--seed", help="Root seed of the checks."),
        workers: int | None = WORKERS,
        scheduler: str | None = SCHEDULER,
    ) -> None:
        """Run the theory and history checks; exit 1 if any check fails."""
        from flashpoint.sim.schedule import execution
        from flashpoint.validity.validate import validate

        with progress_bar("worlds") as progress, execution(workers, scheduler, progress):
            result = validate(quick=quick, seed=seed)
        if as_json:
            print_json(result)
        else:
            table = Table(title="flashpoint validity checks", show_lines=False)
            for col in ("check", "kind", "sample", "expected", "observed", "tolerance", "result"):
                numeric = col in ("expected", "observed", "tolerance")
                table.add_column(col, justify="right" if numeric else "left", overflow="fold")
            for c in result["checks"]:
                table.add_row(
                    c["id"],
                    c["kind"],
                    c["sample"] or "",
                    _fmt(c["expected"]),
                    _fmt(c["observed"]),
                    _fmt(c["tolerance"]),
                    "[green]pass[/]" if c["passed"] else "[red]FAIL[/]",
                )
            console.print(table)
            failed = sum(not c["passed"] for c in result["checks"])
            console.print(
                f"{len(result['checks']) - failed} passed, {failed} failed in {result['elapsed_s']:.1f} s"
            )
        if not result["passed"]:
            raise typer.Exit(1)

    @app.command("sensitivity")
    def sensitivity_cmd(
        scenario: str = typer.Argument(None, help="Shipped scenario id or YAML file (default if none)."),
        as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
        out: Path = typer.Option(Path("sensitivity"), "--out", help="Folder for tornado plots (PNG, HTML)."),
        method: str = typer.Option("metamodel", "--method", help="metamodel (default) or saltelli."),
        n_base: int = typer.Option(None, "--n-base", help="SALib base sample size N (power of 2)."),
        worlds: int = typer.Option(None, "--worlds", help="Worlds in the engine run."),
        seed: int = typer.Option(0, "--seed", help="Seed of the design and the run."),
        question: list[str] = typer.Option(None, "--question", help="Only these question ids (repeatable)."),
        top: int = typer.Option(5, "--top", help="Parameters shown per question in the table."),
        workers: int | None = WORKERS,
        scheduler: str | None = SCHEDULER,
    ) -> None:
        """Sobol first-order and total indices of each question's probability, with tornado plots."""
        from flashpoint.sim.schedule import execution
        from flashpoint.validity.sensitivity import DEFAULT_WORLDS, run_sensitivity

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
