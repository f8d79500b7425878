"""The README's session, run on a fresh store, prints what the README shows (issue 14).

`scripts/gen_readme_session.py` runs every `$ flashpoint ...` command of the README's fenced blocks in order
on one fresh store and puts what each prints after it; this test runs it and compares with README.md, masking
only run ids and timings. So the statement numbers (`#22`), probabilities, links and scores the README shows
are the ones a new user gets. After changing a command's output or the scenario: `python
scripts/gen_readme_session.py`.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from flashpoint.settings import shared_data_dir

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location(
        "gen_readme_session", ROOT / "scripts" / "gen_readme_session.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_session_is_what_a_fresh_store_prints() -> None:
    if shared_data_dir() is None:
        pytest.skip("the session reads ../shared/seeds; the shared folder is not beside this checkout")
    gen = _generator()
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert text.count("$ flashpoint ") >= 8, "the README session lost its commands"
    fresh = gen.render(text)
    assert gen.masked(fresh) == gen.masked(text), (
        "README.md is stale: run python scripts/gen_readme_session.py"
    )


def test_masking_hides_only_run_ids_and_timings() -> None:
    gen = _generator()
    a = "stored as run 986efa66a61e41918ca0d23e1be2a245 (scenario sha256 714c5a99058d)\n  1.09 s\n#22 x"
    b = "stored as run 0123456789abcdef0123456789abcdef (scenario sha256 714c5a99058d)\n  3.20 s\n#22 x"
    assert gen.masked(a) == gen.masked(b)
    assert gen.masked(a) != gen.masked(a.replace("#22", "#38"))
    assert gen.masked(a) != gen.masked(a.replace("714c5a99058d", "000000000000"))
