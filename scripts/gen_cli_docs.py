"""Write docs/cli.md from the Typer app: every command, its help and its options.

Run ``python scripts/gen_cli_docs.py`` after changing a command; tests/unit/test_docs.py fails when the page
and the app disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

ROOT = Path(__file__).resolve().parents[1]
HEADER = """# Command line

Every command of `flashpoint`, generated from the app by `scripts/gen_cli_docs.py` (a test fails when the page
and the code disagree). Global options: `--debug` shows tracebacks instead of one-line errors; `--version`;
`--lock-timeout SECONDS` (or `FLASHPOINT_LOCK_TIMEOUT`, default 30) waits that long for a store another
process is using (see [store.md](store.md)).

Exit codes: 0 success; 1 a failed check (`validate`), a failure or an internal error; 2 bad input (one line on
stderr: the thing, what was expected, what was got); 3 a batch in which some items failed and the rest were
kept; 130 interrupted (Ctrl-C). Every command reports errors the same way ([robustness.md](robustness.md)).
Commands that touch the store take `--db PATH` (default `$FLASHPOINT_HOME/flashpoint.duckdb`,
`FLASHPOINT_HOME` defaulting to `~/.flashpoint`).
"""


def _leaves(cmd, path: list[str]) -> list:
    out = [(path, cmd)]
    if hasattr(cmd, "commands"):  # a group (typer vendors its own click)
        for name in sorted(cmd.commands):
            out += _leaves(cmd.commands[name], [*path, name])
    return out


def _param_line(param) -> str:
    if param.param_type_name == "argument":
        name = (param.metavar or param.name).upper()
        kind = "argument, repeatable" if param.nargs == -1 else "argument"
        help_text = (getattr(param, "help", None) or "").replace("|", "\\|").replace("\n", " ")
        return f"| `{name}` | {kind}{': ' + help_text if help_text else ''} |"
    opts = ", ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts])
    help_text = (getattr(param, "help", None) or "").replace("|", "\\|").replace("\n", " ")
    default = param.default if not callable(param.default) and param.default not in (None, False, ()) else ""
    default_text = f" (default: `{default}`)" if default != "" else ""
    return f"| {opts} | {help_text}{default_text} |"


def render() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from flashpoint.cli import app

    root = typer.main.get_command(app)
    parts = [HEADER]
    for path, cmd in _leaves(root, []):
        if not path:
            continue
        parts.append(f"## `flashpoint {' '.join(path)}`\n")
        helptext = (cmd.help or "").strip()
        if helptext:
            paragraphs = helptext.split("\n\n")
            parts.append(paragraphs[0].replace("\n", " "))
            # JSON contracts: docstring paragraphs that start with "JSON" go on the page too
            parts += [" ".join(p.split()) for p in paragraphs[1:] if p.lstrip().startswith("JSON")]
        params = [p for p in cmd.params if p.name not in ("help",)]
        if params:
            parts.append("| parameter | meaning |\n|---|---|")
            parts += [_param_line(p) for p in params]
    return "\n\n".join(p.rstrip("\n") for p in parts).replace("|\n\n|", "|\n|") + "\n"


if __name__ == "__main__":
    (ROOT / "docs" / "cli.md").write_text(render(), encoding="utf-8")
    print("wrote docs/cli.md")
