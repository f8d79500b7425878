"""CLI commands: the forecast registry (questions, forecasts, resolutions, links, scores, calibration).

Every command parses its options, calls one function of :mod:`flashpoint.forecasts` and renders the result.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich import box
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

from flashpoint.cli.render import console, err_console, print_json
from flashpoint.errors import InputError, PartialFailure

if TYPE_CHECKING:  # typer vendors click: importing click itself would cost start-up time
    from typer._click.core import Command, Context

DB = typer.Option(
    None, "--db", help="The store (default $FLASHPOINT_HOME/flashpoint.duckdb).", envvar="FLASHPOINT_DB"
)
JSON = typer.Option(False, "--json", help="Print one JSON object.")
_LISTING_ARGS = "flashpoint.forecasts.listing_args"
_IDS = frozenset({"id", "question_id", "forecaster_id", "forecaster", "config_id"})


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, list):
        return "-".join(_fmt(v, digits) for v in value) if len(value) == 2 else ", ".join(map(str, value))
    return str(value)


def _table(title: str, rows: list[dict[str, Any]], columns: list[str], fold: tuple[str, ...] = ()) -> Table:
    """A compact Rich table of ``key`` or ``key=Header`` columns; ``fold`` columns wrap, others keep width."""
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0, 0, 0)
    )
    keys = [c.partition("=")[0] for c in columns]
    cells = [[_fmt(row.get(k), 1 if k in ("baseline", "peer") else 3) for k in keys] for row in rows]
    for i, col in enumerate(columns):
        key, _, header = col.partition("=")
        header = header or key
        if key in _IDS:  # ids are never cut: two model versions must not look alike
            width = max([len(header), *(len(r[i]) for r in cells)])
            table.add_column(header, overflow="fold", min_width=min(width, 40))
        elif key in fold:
            table.add_column(header, overflow="fold", ratio=1)
        else:
            width = max([len(header), *(len(r[i]) for r in cells)])
            table.add_column(
                header, no_wrap=True, min_width=min(width, 24), max_width=24, overflow="ellipsis"
            )
    for r in cells:
        table.add_row(*r)
    return table


class _ForecastsGroup(TyperGroup):
    """``flashpoint forecasts``: ``link`` is ours; any other arguments go to the evidence listing command."""

    listing: Command | None = None

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        first = args[0] if args else None
        if self.listing is not None and first not in self.commands and first not in ("--help", "-h"):
            ctx.meta[_LISTING_ARGS] = list(args)
            args = []
        return super().parse_args(ctx, args)


def _take_listing(app: typer.Typer) -> Command | None:
    """Take the evidence area's top-level ``forecasts`` command out of ``app``; return it for click."""
    for info in list(app.registered_commands):
        name = info.name or (info.callback.__name__.replace("_", "-") if info.callback else None)
        if name == "forecasts":
            app.registered_commands.remove(info)
            holder = typer.Typer()
            holder.registered_commands.append(info)
            return typer.main.get_command(holder)
    return None


def _partial(exc: PartialFailure, as_json: bool) -> None:
    result = getattr(exc, "result", None)
    if result is None:
        return
    if as_json:
        print_json(result)
    else:
        _summary(result)
    for message in result.get("errors", []):
        err_console.print(f"[red]refused[/red] {message}", highlight=False)


def _proposals(proposals: list[dict[str, Any]]) -> None:
    """Each statement on one line (id, who, words, p, proposition), then its proposed questions."""
    console.print(f"{len(proposals)} proposals (--pair ID:QUESTION accepts one, --accept the best of each)")
    last = None
    for p in proposals:
        if p["forecast_id"] != last:
            last = p["forecast_id"]
            words = p["probability_text"] or "-"
            console.print(
                f"\n[bold]#{last}[/bold] {escape(p['forecaster_id'])}: {escape(words)} "
                f"(p = {_fmt(p['probability'])}) {escape(p['proposition'] or '')}",
                highlight=False,
            )
        mark = "  accepted" if p["accepted"] else ""
        line = f"{p['question_id']}  score {p['score']:.3f}  {p['relation']}  P(yes) {_fmt(p['p_yes'])}{mark}"
        console.print(f"    {line}", highlight=False)


def _summary(result: dict[str, Any]) -> None:
    for key, value in result.items():
        if key != "errors":
            console.print(f"{key}: {value}", highlight=False)


def register(app: typer.Typer) -> None:  # noqa: C901 - one place that declares every command
    """Add this module's commands to ``app``."""
    from flashpoint import forecasts as api

    forecast = typer.Typer(help="Enter forecasts.", no_args_is_help=True)
    app.add_typer(forecast, name="forecast")

    @forecast.command("add")
    def forecast_add(
        question_id: str,
        probability: str = typer.Argument(None, help="P(yes) in [0, 1] (optional with ICD 203 --words)."),
        forecaster: str = typer.Option(..., "--forecaster", help="Who forecasts."),
        kind: str = typer.Option("user", "--kind", help="model | expert | user | crowd."),
        date: str = typer.Option(
            None,
            "--date",
            help="When it was made: YYYY-MM-DD (midnight) or YYYY-MM-DDTHH:MM (default now, UTC).",
        ),
        words: str = typer.Option(
            None,
            "--words",
            help="The words used, e.g. 'very unlikely' (ICD 203 words alone give the probability).",
        ),
        note: str = typer.Option(None, "--note"),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Record a forecast on a registered question."""
        out = api.add_forecast(
            question_id,
            probability,
            forecaster=forecaster,
            kind=kind,
            made_at=date,
            probability_text=words,
            note=note,
            db=db,
        )
        print_json(out) if as_json else console.print(
            f"{out['status']}: {out['forecaster_id']} P({out['question_id']}) = {out['probability']}"
        )

    listing = _take_listing(app)
    group_cls = type("ForecastsGroup", (_ForecastsGroup,), {"listing": listing})
    forecasts = typer.Typer(
        cls=group_cls,
        invoke_without_command=True,
        help="Without a subcommand: list the forecasts extracted from articles (options --actor, "
        "--type, --speaker, --since, --limit, --json, --db). `link`: tie them to questions.",
    )
    app.add_typer(forecasts, name="forecasts")

    @forecasts.callback()
    def forecasts_root(ctx: typer.Context) -> None:
        """Without a subcommand: the extracted forecasts (evidence listing). `link`: tie them to questions."""
        if ctx.invoked_subcommand is not None:
            return
        if listing is None:
            console.print(ctx.get_help())
            return
        sub = listing.make_context("forecasts", list(ctx.meta.get(_LISTING_ARGS, [])), parent=ctx)
        with sub:
            listing.invoke(sub)

    @forecasts.command("link")
    def forecasts_link(
        accept: bool = typer.Option(False, "--accept", help="Accept the best proposal of each statement."),
        pair: list[str] = typer.Option(
            [],
            "--pair",
            help="Link and accept FORECAST_ID:QUESTION_ID[:same|negated], proposed or not (repeatable).",
        ),
        min_score: float = typer.Option(0.45, "--min-score", help="Smallest score proposed."),
        top: int = typer.Option(3, "--top", min=1, help="Most proposals per statement."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Propose, for each unlinked expert forecast, the questions it speaks to; --accept records links."""
        accepted = []
        if pair:
            api.register_evidence(db)  # a pair may name a statement extracted since the last `link`
        for item in pair:
            fid, sep, rest = item.lstrip("#").partition(":")
            qid, _, rel = rest.partition(":")
            if not sep or not fid.isdigit() or not qid:
                raise InputError(f"--pair must be FORECAST_ID:QUESTION_ID[:same|negated]; got {item!r}.")
            accepted.append(api.accept_link(int(fid), qid, relation=rel or None, db=db))
        out = api.propose_links(accept=accept, min_score=min_score, top=top, db=db)
        out["accepted"] += len(accepted)
        if as_json:
            print_json(out)
            return
        _proposals(out["proposals"])
        console.print(
            f"registered {out['registered']['added']} new statements; accepted {out['accepted']} links"
        )

    @app.command("resolve")
    def resolve(
        question_id: str,
        outcome: str = typer.Argument(..., help="yes | no | annulled | ambiguous"),
        date: str = typer.Option(..., "--date", help="Resolution date YYYY-MM-DD or time YYYY-MM-DDTHH:MM."),
        source: str = typer.Option(..., "--source", help="Citation (URL)."),
        note: str = typer.Option(None, "--note"),
        amend: bool = typer.Option(False, "--amend", help="Replace the current resolution (history kept)."),
        reason: str = typer.Option(None, "--reason", help="Why it is amended (required with --amend)."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Resolve a question. A second, different resolution needs --amend --reason."""
        if outcome.lower() not in ("yes", "no", "annulled", "ambiguous"):
            raise InputError(f"OUTCOME must be one of yes, no, annulled, ambiguous; got {outcome!r}.")
        out = api.resolve(
            question_id, outcome, date=date, source=source, note=note, amend=amend, reason=reason, db=db
        )
        print_json(out) if as_json else console.print(
            f"{out['status']}: {out['question_id']} {out['outcome']} on {out['resolved_on']}", highlight=False
        )

    @app.command("score")
    def score(
        forecaster: str = typer.Option(None, "--forecaster", help="Only this forecaster."),
        by: str = typer.Option(
            None,
            "--by",
            help="Also score within each question source | tag | year | quarter (of the cut-off).",
        ),
        resolved_only: bool = typer.Option(False, "--resolved-only", help="Leave out provisional outcomes."),
        since: str = typer.Option(
            None, "--since", help="Only questions whose cut-off is on or after this date."
        ),
        until: str = typer.Option(
            None, "--until", help="Only questions whose cut-off is on or before this date."
        ),
        seed: int = typer.Option(0, "--seed", min=0, help="Seed of the bootstrap intervals."),
        n_boot: int = typer.Option(2000, "--bootstrap", min=1, help="Bootstrap resamples."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Brier (last and time-averaged), log, baseline and peer scores with 95% intervals, per forecaster
        and per model configuration; --by year|quarter gives a track record over time."""
        out = api.score(
            forecaster=forecaster,
            by=by,
            resolved_only=resolved_only,
            since=since,
            until=until,
            rng=seed,
            n_boot=n_boot,
            db=db,
        )
        if as_json:
            print_json(out)
            return
        cols = ["id=forecaster", "kind", "n", "brier=Brier", "brier_ci95=95% CI", "brier_time_avg=time-avg"]
        cols += ["log", "baseline=base", "peer"]  # late forecasts: under "excluded forecasts"
        console.print(_table(f"scores on {out['questions_scored']} questions", out["forecasters"], cols))
        if out["model_configs"]:
            vcols = ["config_id=config", "forecaster", "worlds", "engine_version=engine", "n", "brier=Brier"]
            vcols += ["brier_time_avg=time-avg", "log", "peer"]
            console.print(_table("model configurations", out["model_configs"], vcols))
        for name, rows in out["groups"].items():
            console.print(_table(f"{by} = {name}", rows, cols))
        if by:
            ranked = sorted(
                out["forecasters"], key=lambda r: (math.isnan(r["brier_groups_mean"]), r["brier_groups_mean"])
            )
            cols = ["id=forecaster", "kind", "brier_groups_mean=Brier"]
            console.print(_table(f"Brier, mean of the {by} groups", ranked, cols))
        if out["excluded"]:
            console.print(f"excluded forecasts: {out['excluded']}", highlight=False)

    @app.command("calibration")
    def calibration(
        out: Path = typer.Option(..., "--out", help="The PNG or SVG file to write."),
        forecaster: str = typer.Option(None, "--forecaster", help="Only this forecaster (default: all)."),
        bins: int = typer.Option(10, "--bins", min=1, max=1000, help="Equal-width bins."),
        resolved_only: bool = typer.Option(False, "--resolved-only", help="Leave out provisional outcomes."),
        seed: int = typer.Option(0, "--seed", min=0, help="Seed of the CORP consistency band."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Draw a reliability diagram (binned, CORP with its 90% consistency band) and the Murphy
        decomposition."""
        result = api.calibration(
            out, forecaster=forecaster, n_bins=bins, resolved_only=resolved_only, rng=seed, db=db
        )
        if as_json:
            print_json(result)
            return
        console.print(_table("reliability bins", result["bins"], ["lo", "hi", "count", "mean_p", "freq"]))
        for name in ("corp", "binned"):
            d = result[name]
            console.print(
                f"{name}: Brier {d['brier']:.4f} = REL {d['reliability']:.4f} - RES "
                f"{d['resolution']:.4f} + UNC {d['uncertainty']:.4f} (+ {d['residual']:.4f})"
            )
        outside = result["band"]["outside"]
        console.print(f"CORP outside the 90% consistency band at {len(outside)} forecast value(s): {outside}")
        console.print(f"wrote {result['out']}")

    importer = typer.Typer(
        help="Import questions, forecasts, resolutions; ForecastBench sets.", no_args_is_help=True
    )
    app.add_typer(importer, name="import")

    @importer.command("forecastbench")
    def import_forecastbench(
        question_set: Path,
        resolution_set: Path,
        forecast_set: Path,
        amend: bool = typer.Option(False, "--amend", help="Let this resolution set replace stored ones."),
        reason: str = typer.Option(None, "--reason", help="Why (required with --amend)."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Load a ForecastBench question set, resolution set and forecast set."""
        try:
            out = api.import_forecastbench(
                question_set, resolution_set, forecast_set, amend=amend, reason=reason, db=db
            )
        except PartialFailure as exc:
            _partial(exc, as_json)
            raise
        print_json(out) if as_json else _summary(out)

    def _import(what: str) -> None:
        @importer.command(what, help=f"Import {what} from a CSV, JSON or JSONL file (bad rows by line).")
        def command(
            file: Path,
            amend: bool = typer.Option(False, "--amend", help="Resolutions: replace (rows need a reason)."),
            as_json: bool = JSON,
            db: Path = DB,
        ) -> None:
            try:
                out = api.import_rows(file, what, amend=amend, db=db)
            except PartialFailure as exc:
                _partial(exc, as_json)
                raise
            print_json(out) if as_json else _summary(out)

    for what in ("questions", "forecasts", "resolutions", "links"):
        _import(what)

    @app.command("export")
    def export(
        what: str = typer.Argument(..., help="questions | forecasts | resolutions | links | scores"),
        out: Path = typer.Option(..., "--out", help="A .csv, .json, .jsonl or .parquet file."),
        as_json: bool = JSON,
        db: Path = DB,
    ) -> None:
        """Export questions, forecasts (with statements), resolutions (with history), links, or the
        per-forecast scores."""
        result = api.export_rows(what, out, db=db)
        print_json(result) if as_json else console.print(f"wrote {result['rows']} {what} to {result['file']}")
