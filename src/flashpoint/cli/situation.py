"""CLI commands: situation, replay (and the table of ``run --as-of``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
from rich.markup import escape
from rich.table import Table

from flashpoint.cli.render import console, print_json
from flashpoint.cli.run import WORKERS
from flashpoint.sim.defaults import DEFAULT_SEED


def situation_command(
    scenario: str | None = typer.Argument(
        None, help="Shipped scenario id or YAML file (default kursk-2024-11)."
    ),
    as_of: str = typer.Option(..., "--as-of", help="Date YYYY-MM-DD: only documents published by then."),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of tables."),
    db: Path | None = typer.Option(None, "--db", help="Store file (default under FLASHPOINT_HOME)."),
) -> None:
    """Show the scenario's indicators at a date, with the sentences behind each and the updates they make.

    JSON (`--json`): `{scenario: {id, sha256, as_of}, as_of, coverage: {store, documents_after_as_of,
    undated_documents_ignored}, indicators: [{id, kind, rule, sets: [PATH], needs: {reports, sources},
    status, evidence: [EVIDENCE], conflicting: [EVIDENCE], known_at_as_of: [EVIDENCE], updates:
    [{parameter, before, after}], detail?}], updates: [{indicator, parameter, before, after, evidence:
    [{doc_id, sentence, published}], superseded_by?}], proposed_resolutions: [{question, text, outcome,
    resolved_on, source, command, evidence}]}`; EVIDENCE is `{doc_id, sentence (the text),
    sentence_index, published, source, quantity?}`; status is one of applied, not enough, no evidence,
    no coverage (rate), proposed (settles); before/after are values or distribution mappings as in the
    YAML. Only documents published on or before `--as-of` are read; those published on or before the
    scenario's own as_of are `known_at_as_of` and never applied.
    """
    from flashpoint.situation import situation

    data = situation(scenario, as_of, db)
    if json_out:
        print_json(data)
        return
    cov = data["coverage"]
    if cov["store"] is None:
        console.print("no store yet: no evidence (run `flashpoint ingest` first)")
    console.print(
        f"{data['scenario']['id']} at {data['as_of']} (scenario as of {data['scenario']['as_of']}): "
        f"{cov['documents_after_as_of']} document(s) published since"
        + (
            f"; {cov['undated_documents_ignored']} undated ignored"
            if cov["undated_documents_ignored"]
            else ""
        )
    )
    for ind in data["indicators"]:
        console.print(f"\n[bold]{ind['id']}[/bold] ({ind['kind']}) - {ind['status']}")
        console.print(f"  sets {', '.join(ind['sets'])}; needs {ind['needs']}; rule: {ind['rule']}")
        for u in ind["updates"]:
            console.print(escape(f"  update {u['parameter']}: {u['before']} -> {u['after']}"))
        if ind.get("detail"):
            console.print(escape(f"  detail: {ind['detail']}"))
        for label, key in (
            ("evidence", "evidence"),
            ("conflicting", "conflicting"),
            ("known", "known_at_as_of"),
        ):
            for e in ind[key]:
                line = f"  {label} {e['published']} {e['source'] or ''} [{e['doc_id']}]: {e['sentence']}"
                console.print(escape(line))
    for r in data["proposed_resolutions"]:
        console.print(f"\nproposed resolution: {r['question']} {r['outcome']} on {r['resolved_on']}")
        console.print(f"  confirm with: {r['command']}")


def render_dated(result: dict[str, Any]) -> None:
    """Print the table of a run at a date (``flashpoint run --as-of``)."""
    sc, eng = result["scenario"], result.get("engine", {})
    table = Table(
        title=f"{sc['id']} at {result['as_of']} (scenario as of {sc['as_of']}) - "
        f"{eng.get('worlds', 0):,} worlds, seed {eng.get('seed', '-')}"
    )
    for col in ("question", "deadline", "months left", "probability", "90% interval"):
        table.add_column(col, justify="left" if col == "question" else "right")
    for q in result["questions"]:
        lo, hi = q["ci90"]
        table.add_row(
            q["id"], q["deadline"], str(q["months_left"]), f"{q['probability']:.3f}", f"{lo:.3f} - {hi:.3f}"
        )
    console.print(table)
    for u in result["updates"]:
        console.print(escape(f"update ({u['indicator']}): {u['parameter']} {u['before']} -> {u['after']}"))
    for c in result["closed"]:
        console.print(f"closed (deadline {c['deadline']} passed, not simulated): {c['id']}")
    if result["left_out"]:
        console.print(f"{len(result['left_out'])} question(s) with a deadline beyond --months left out.")
    for r in result["proposed_resolutions"]:
        console.print(f"proposed resolution: {r['command']}")
    if result.get("forecaster"):
        who, added = result["forecaster"], result["forecasts_added"]
        console.print(
            f"registered {added} new forecast(s) as {who} (configuration {result['config_id']}) "
            f"made on {result['as_of']}"
        )


def replay_command(
    scenario: str | None = typer.Argument(
        None, help="Shipped scenario id or YAML file (default kursk-2024-11)."
    ),
    start: str = typer.Option(
        ..., "--from", help="First date YYYY-MM-DD (on or after the scenario's as_of)."
    ),
    end: str = typer.Option(..., "--to", help="Last date YYYY-MM-DD."),
    every: str = typer.Option("1m", "--every", help="Step between dates: Nm (months), Nw or Nd."),
    worlds: int = typer.Option(
        20_000, "--worlds", envvar="FLASHPOINT_WORLDS", help="Monte Carlo worlds per date."
    ),
    seed: int = typer.Option(
        DEFAULT_SEED, "--seed", envvar="FLASHPOINT_SEED", help="Seed of each date's run."
    ),
    json_out: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
    db: Path | None = typer.Option(None, "--db", help="Store file (default under FLASHPOINT_HOME)."),
    no_store: bool = typer.Option(False, "--no-store", help="Do not store the forecasts in the registry."),
    workers: int | None = WORKERS,
) -> None:
    """Run at every date of a range, store each date's forecasts, print each question's probability path.

    JSON (`--json`): `{scenario: {id, sha256, as_of}, forecaster, config_id, worlds, seed, dates: [DATE],
    runs: [{as_of, updates, elapsed_s}], questions: [{id, text, deadline, path: [{date, probability,
    ci90}]}], forecasts_added}`. Each date's forecasts are registered as the model's made on that date, by
    `forecaster` (`flashpoint/SCENARIO`) under model configuration `config_id` (the scenario as given, the
    engine version and the worlds; a date's evidence updates are inputs, not a configuration): the same
    forecaster and configuration as `flashpoint run` at those worlds. Replaying again with the same seed
    adds nothing. A date after a question's deadline has no entry. Dates run in parallel on `--workers`
    processes (default every CPU); the result does not depend on it.
    """
    import time

    from flashpoint.forecasts.replay import replay, replay_workers

    started = time.perf_counter()
    result = replay(
        scenario,
        start,
        end,
        every=every,
        worlds=worlds,
        seed=seed,
        db=db,
        store=not no_store,
        workers=workers,
    )
    if json_out:
        print_json(result)
        return
    dates = result["dates"]
    table = Table(title=f"{result['scenario']['id']}: probability at each date ({result['worlds']:,} worlds)")
    table.add_column("question")
    table.add_column("deadline")
    for d in dates:
        table.add_column(d[2:7], justify="right")
    for q in result["questions"]:
        by_date = {p["date"]: p["probability"] for p in q["path"]}
        table.add_row(q["id"], q["deadline"], *[f"{by_date[d]:.2f}" if d in by_date else "" for d in dates])
    console.print(table)
    n = replay_workers(len(dates), workers)
    console.print(f"{len(dates)} date(s) in {time.perf_counter() - started:.2f} s on {n} worker(s)")
    if result["forecaster"]:
        console.print(
            f"registered {result['forecasts_added']} new forecast(s) as {result['forecaster']} "
            f"(configuration {result['config_id']})"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("situation")(situation_command)
    app.command("replay")(replay_command)
