"""What if the Russia-DPRK treaty meant nothing? Compare two runs of the default scenario.

Run: ``.venv/bin/python examples/what_if.py``. Uses the public API only; nothing is stored.
"""

from __future__ import annotations

import flashpoint

QUESTIONS = ("europe-asia-spread-48m", "korean-peninsula-war-48m", "world-war-48m")


def compare(worlds: int = 20_000, seed: int = 11) -> list[tuple[str, float, float]]:
    """Return (question, baseline probability, probability with treaty commitment 0) for QUESTIONS."""
    base = flashpoint.run(worlds=worlds, seed=seed, store=False)
    what_if = flashpoint.run(
        worlds=worlds,
        seed=seed,
        store=False,
        overrides={"alliances.russia-dprk-treaty.commitment": 0.0},
    )
    p_base = {q["id"]: q["probability"] for q in base["questions"]}
    p_what_if = {q["id"]: q["probability"] for q in what_if["questions"]}
    return [(qid, p_base[qid], p_what_if[qid]) for qid in QUESTIONS]


if __name__ == "__main__":
    print(f"{'question':32} {'baseline':>9} {'treaty=0':>9}")
    for qid, before, after in compare():
        print(f"{qid:32} {before:9.3f} {after:9.3f}")
