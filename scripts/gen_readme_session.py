"""Re-run the README's session on a fresh store and write what each command prints back into README.md.

The README's "A session" shows commands (`$ flashpoint ...` lines in fenced blocks) and what they print. This
script runs each command in order on one fresh store (a temporary ``FLASHPOINT_HOME``), replaces the text
after each command with the actual output, and writes the README (``--check``: only compare, exit 1 on a
difference). tests/integration/test_readme_session.py runs the same comparison, so statement numbers
(``#38``), probabilities and scores in the README are those a fresh store gives. Figures that change on every
run (run ids, seconds) are masked in the comparison; ``../shared/`` paths resolve to the shared folder beside
the checkout, and printed paths into it are written back as ``../shared/``.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
_COMMAND = re.compile(r"^\$ (flashpoint .*)$")
# what differs from run to run: run ids, timings, progress bars
_VOLATILE = [
    (re.compile(r"\b[0-9a-f]{32}\b"), "<run id>"),
    (re.compile(r"\d[\d,]*\.\d+ s\b"), "<seconds>"),
    (re.compile(r"^.*(━|seconds|per second).*$", re.M), "<timing>"),
]


def _shared() -> Path:
    from flashpoint.settings import shared_data_dir

    data = shared_data_dir()
    return data.parent if data is not None else ROOT.parent / "shared"


def _run(command: str) -> str:
    """Run one `flashpoint ...` command line (an optional `| grep PATTERN`) and return what it printed."""
    from typer.testing import CliRunner

    from flashpoint.cli import app

    line, *pipes = command.split(" | ")
    args = [a.replace("../shared/", f"{_shared()}/") for a in shlex.split(line)[1:]]
    result = CliRunner().invoke(app, args)
    if result.exit_code != 0:
        raise RuntimeError(f"`{command}` exited {result.exit_code}: {result.output}")
    out = result.stdout.splitlines(keepends=True)
    for pipe in pipes:  # the filters the README uses: grep PATTERN, head -N, tail -N
        name, arg = shlex.split(pipe)
        if name == "grep":
            out = [x for x in out if arg in x]
        elif name in ("head", "tail"):
            n = int(arg.lstrip("-n"))
            out = out[:n] if name == "head" else out[-n:]
        else:
            raise ValueError(f"README session: unsupported filter {pipe!r}")
    text = "".join(out)
    for shared in {str(_shared().resolve()), str(_shared())}:  # stored paths read as the README wrote them
        text = text.replace(f"{shared}/", "../shared/")
    return text


def render(text: str) -> str:
    """The README with each session command's output replaced by what a fresh store prints."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    fenced = False
    i = 0
    with tempfile.TemporaryDirectory() as home:
        saved = {k: os.environ.get(k) for k in ("FLASHPOINT_HOME", "FLASHPOINT_DB")}
        os.environ["FLASHPOINT_HOME"] = home
        os.environ.pop("FLASHPOINT_DB", None)
        try:
            while i < len(lines):
                line = lines[i]
                out.append(line)
                i += 1
                if line.startswith("```"):
                    fenced = not fenced
                    continue
                match = _COMMAND.match(line.rstrip("\n")) if fenced else None
                if match is None:
                    continue
                printed = _run(match.group(1))
                out.append(printed if printed.endswith("\n") or not printed else printed + "\n")
                while i < len(lines) and not lines[i].startswith(("$ ", "```")):
                    i += 1  # the old output
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
    return "".join(out)


def masked(text: str) -> str:
    """``text`` with run ids and timings masked and trailing spaces dropped, for comparison."""
    for rx, repl in _VOLATILE:
        text = rx.sub(repl, text)
    return "\n".join(x.rstrip() for x in text.splitlines())


def main(argv: list[str]) -> int:
    text = README.read_text(encoding="utf-8")
    fresh = render(text)
    if "--check" in argv:
        same = masked(fresh) == masked(text)
        print("README session matches a fresh store" if same else "README session is stale")
        return 0 if same else 1
    README.write_text(fresh, encoding="utf-8")
    print(f"wrote {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
