"""Start-up: the CLI loads no numeric stack until a command needs it; the progress bar waits for slow work."""

from __future__ import annotations

import io
import subprocess
import sys
import time

import typer
from rich.console import Console
from typer.testing import CliRunner

from flashpoint.cli import MODULES, app
from flashpoint.cli.progress import progress_bar

HEAVY = ("numpy", "pandas", "numba", "duckdb", "scipy", "spacy", "flashpoint.sim.engine", "flashpoint.world")


def _modules_after(code: str) -> set[str]:
    probe = f"import sys; {code}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def _loaded_after(code: str, heavy: tuple[str, ...] = HEAVY) -> set[str]:
    return {m for m in _modules_after(code) if any(m == h or m.startswith(h + ".") for h in heavy)}


def test_importing_the_cli_loads_no_numeric_stack_nor_the_engine() -> None:
    assert _loaded_after("import flashpoint.cli") == set()
    assert _loaded_after("import flashpoint") == set()


def test_version_and_help_load_no_numeric_stack() -> None:
    code = (
        "from flashpoint.cli import main\n"
        "for argv in (['--version'], ['--help'], ['run', '--help'], ['sensitivity', '--help']):\n"
        "    try:\n        main(argv)\n    except SystemExit:\n        pass"
    )
    assert _loaded_after(f"exec({code!r})") == set()
    assert _loaded_after("import flashpoint.sim.engine") >= {"numpy", "numba", "flashpoint.sim.engine"}


def test_a_bad_worker_count_on_the_command_line_is_one_clear_error() -> None:
    result = CliRunner().invoke(app, ["run", "--no-store", "--worlds", "10", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers: expected a positive integer number of worker processes; got 0" in result.output


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=80), out


def test_the_bar_shows_for_slow_work_only() -> None:
    console, out = _terminal()
    with progress_bar("worlds", console=console, delay_s=0.05) as update:
        update(1, 4)
        time.sleep(0.3)
        update(4, 4)
    assert "worlds" in out.getvalue() and "4/4" in out.getvalue()
    console, out = _terminal()
    with progress_bar("worlds", console=console, delay_s=5) as update:
        update(4, 4)
    assert out.getvalue() == ""


def test_listings_load_neither_pandas_nor_the_engine(tmp_path) -> None:
    db = str(tmp_path / "store.duckdb")
    code = (
        "from flashpoint.store import open_store\n"
        f"open_store({db!r}).close()\n"
        "from flashpoint.cli import main\n"
        f"for argv in (['events'], ['quotes'], ['forecasts'], ['questions', 'list']):\n"
        "    try:\n"
        f"        main([*argv, '--db', {db!r}])\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, (argv, exc.code)"
    )
    loaded = _loaded_after(f"exec({code!r})")
    assert "duckdb" in loaded  # the listings ran their queries
    heavy = ("pandas", "numba", "scipy", "spacy", "flashpoint.sim.engine")
    assert {m for m in loaded if m.split(".")[0] in heavy or m.startswith(heavy[-1])} == set()


def test_the_declared_commands_are_what_the_modules_register_in_typers_order() -> None:
    eager = typer.Typer()
    for modules, names in MODULES:
        holder = typer.Typer()
        for module in modules:
            register = __import__(f"flashpoint.cli.{module}", fromlist=["register"]).register
            register(holder)
            register(eager)
        assert set(typer.main.get_group(holder).commands) == set(names), modules
    assert list(typer.main.get_command(app).commands) == list(typer.main.get_group(eager).commands)


def _run(argv: list[str]) -> str:
    return (
        f"from flashpoint.cli import main\ntry:\n    main({argv!r})\n"
        "except SystemExit as exc:\n    assert not exc.code"
    )


def test_a_listing_loads_only_what_it_needs(tmp_path) -> None:
    db = str(tmp_path / "store.duckdb")
    questions = _modules_after(f"exec({_run(['questions', 'list', '--db', db])!r})")
    assert {"duckdb", "flashpoint.cli.questions"} <= questions  # it ran
    unneeded = {"click", "yaml", "rich.progress", "flashpoint.ontology", "flashpoint.validation"}
    unneeded |= {"flashpoint.cli.run", "flashpoint.cli.evidence", "flashpoint.cli.scenario"}
    assert questions & {*unneeded, *(h for h in HEAVY if h != "duckdb")} == set()
    scenarios = _modules_after(f"exec({_run(['scenario', 'list', '--json'])!r})")
    assert "flashpoint.world.catalog" in scenarios  # it ran
    unneeded = {"click", "numpy", "duckdb", "flashpoint.world.scenario", "flashpoint.world.loader"}
    assert scenarios & {*unneeded, "flashpoint.cli.run", "flashpoint.cli.questions"} == set()
