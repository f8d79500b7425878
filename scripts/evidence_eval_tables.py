"""Print the evidence evaluation tables (docs/evidence.md, "Evaluation" and "Names") as Markdown.

Usage: python scripts/evidence_eval_tables.py [--write] [SEED_GOLD] [PLOVER_JSONL]
(defaults: ../shared/eval/seed-gold.yaml and ../shared/data/plover/PLOVER_GSR_CAMEO.jsonl). ``--write``
replaces the tables in docs/evidence.md (each found by its header row and the paragraph before it).
tests/validity/test_evidence_eval.py recomputes every table and compares it with the page.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from flashpoint.evidence.evaluation import evaluate_plover, evaluate_plover_halves, evaluate_seed
from flashpoint.evidence.nlp import ENTITY_SOURCES
from flashpoint.evidence.pipeline import Extractor

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "eval" / "seed-gold.yaml"
PLOVER = SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.jsonl"


def markdown(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in df.itertuples(index=False):
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def names_table(seed: Path, plover: Path) -> pd.DataFrame:
    """One row per entity source (:data:`ENTITY_SOURCES`): F1 of the fields names feed, on the PLOVER dev
    and test halves and on the seed."""
    rows = []
    for source in ENTITY_SOURCES:
        ex = Extractor(entities=source)
        row: dict[str, object] = {"entities": source}
        for split in ("dev", "test"):
            df = evaluate_plover(plover, ex, split).set_index("field")
            for field in ("actor", "recipient", "triple"):
                row[f"{split}_{field}_f1"] = float(df.loc[field, "f1"])
        df = evaluate_seed(seed, extractor=ex).set_index("field")
        for field in ("quote.speaker", "forecast.predictor", "event"):
            row[f"seed_{field}_f1"] = float(df.loc[field, "f1"])
        rows.append(row)
    return pd.DataFrame(rows)


DOC = Path(__file__).resolve().parents[1] / "docs" / "evidence.md"
#: docs/evidence.md section marker -> which table follows it.
SECTIONS = ("**Seed**", "**PLOVER gold**", "**PLOVER dev and test.**", "**Names.**")


def _replace_table(text: str, marker: str, table: str) -> str:
    """``text`` with the first Markdown table after ``marker`` replaced by ``table``."""
    at = text.index(marker)
    lines = text[at:].split("\n")
    first = next(i for i, line in enumerate(lines) if line.startswith("| "))
    last = first
    while last + 1 < len(lines) and lines[last + 1].startswith("|"):
        last += 1
    lines[first : last + 1] = table.split("\n")
    return text[:at] + "\n".join(lines)


def main(argv: list[str]) -> int:
    write = "--write" in argv
    argv = [a for a in argv if a != "--write"]
    seed = Path(argv[1]) if len(argv) > 1 else SEED
    plover = Path(argv[2]) if len(argv) > 2 else PLOVER
    ex = Extractor()
    tables = [
        markdown(evaluate_seed(seed, extractor=ex)),
        markdown(evaluate_plover(plover, ex)),
        markdown(evaluate_plover_halves(plover, ex)),
        markdown(names_table(seed, plover)),
    ]
    if write:
        text = DOC.read_text(encoding="utf-8")
        for marker, table in zip(SECTIONS, tables, strict=True):
            text = _replace_table(text, marker, table)
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote the {len(tables)} evaluation tables of {DOC}")
        return 0
    for title, table in zip(
        ("Seed", "PLOVER gold, all records", "PLOVER dev and test", "Names"), tables, strict=True
    ):
        print(f"{title}:\n\n{table}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
