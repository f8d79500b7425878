"""Print the evidence evaluation tables (docs/evidence.md, "Evaluation" and "Names") as Markdown.

Usage: python scripts/evidence_eval_tables.py [SEED_GOLD] [PLOVER_JSONL]
(defaults: ../shared/eval/seed-gold.yaml and ../shared/data/plover/PLOVER_GSR_CAMEO.jsonl).
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


def main(argv: list[str]) -> int:
    seed = Path(argv[1]) if len(argv) > 1 else SEED
    plover = Path(argv[2]) if len(argv) > 2 else PLOVER
    ex = Extractor()
    print(f"Seed ({seed.name}):\n")
    print(markdown(evaluate_seed(seed, extractor=ex)))
    print(f"\nPLOVER gold ({plover.name}), all records:\n")
    print(markdown(evaluate_plover(plover, ex)))
    print(f"\nPLOVER gold ({plover.name}), dev and test halves:\n")
    print(markdown(evaluate_plover_halves(plover, ex)))
    print("\nNames: entity sources compared:\n")
    print(markdown(names_table(seed, plover)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
