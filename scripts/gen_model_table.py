"""Write the default scenario's forecast table into docs/model.md (between the ``forecasts`` markers).

The table is ``flashpoint run --json --worlds 100000 --seed 7`` of ``kursk-2024-11``, nothing stored. Run
``python scripts/gen_model_table.py`` after changing the engine or the scenario; tests/unit/test_docs.py fails
when the page and a fresh run disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flashpoint.sim.runner import run
from flashpoint.validity.validate import replace_block

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "model.md"
WORLDS, SEED = 100_000, 7


def render() -> str:
    """The markdown block: the command, the scenario hash and one row per question."""
    out = run(None, worlds=WORLDS, seed=SEED, store=False)
    rows = "".join(
        f"| `{q['id']}` | {q['horizon_months']} | {q['probability']:.3f} | "
        f"{q['ci90'][0]:.3f} - {q['ci90'][1]:.3f} |\n"
        for q in out["questions"]
    )
    return (
        f"`flashpoint run --json --worlds {WORLDS} --seed {SEED}` (scenario sha256 "
        f"{out['scenario']['sha256'][:12]}):\n\n"
        "| question | horizon (months) | probability | 90% interval (Wilson) |\n|---|---|---|---|\n" + rows
    )


def main() -> int:
    PAGE.write_text(replace_block(PAGE.read_text(encoding="utf-8"), "forecasts", render()), encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
