"""Print the evidence evaluation tables (docs/evidence.md, "Evaluation") as Markdown, computed now.

Usage: python scripts/evidence_eval_tables.py [SEED_GOLD] [PLOVER_JSONL]
(defaults: ../shared/eval/seed-gold.yaml and ../shared/data/plover/PLOVER_GSR_CAMEO.jsonl).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from flashpoint.evidence.evaluation import evaluate_plover, evaluate_seed
from flashpoint.evidence.pipeline import Extractor

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def markdown(df: pd.DataFrame) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in df.itertuples(index=False):
        cells = [f"{v:.3f}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    seed = Path(argv[1]) if len(argv) > 1 else SHARED / "eval" / "seed-gold.yaml"
    plover = Path(argv[2]) if len(argv) > 2 else SHARED / "data" / "plover" / "PLOVER_GSR_CAMEO.jsonl"
    ex = Extractor()
    print(f"Seed ({seed.name}):\n")
    print(markdown(evaluate_seed(seed, extractor=ex)))
    print(f"\nPLOVER gold ({plover.name}):\n")
    print(markdown(evaluate_plover(plover, ex)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
