"""``flashpoint report``: one self-contained HTML file (inline CSS and SVG, no script, no network) with the
system graph, the question table, each question's resolution text, path, drivers and the evidence behind each
linked statement (its sentence marked in the surrounding text), and every parameter with its source.

It reads through the same :class:`~flashpoint.report.workspace.Workspace` as the web pages.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from flashpoint.errors import InputError
from flashpoint.report import charts, questions
from flashpoint.report.graph import anchor, system_graph
from flashpoint.report.workspace import VERSION, Workspace
from flashpoint.store import articles

RUN_ID = re.compile(r"^[0-9a-f]{32}$")
CONTEXT_CHARS = 240  # article text shown on each side of a statement's sentence


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("flashpoint.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda p, d=3: "-" if p is None else f"{float(p):.{d}f}"
    env.globals["anchor_of"] = anchor
    return env


def _context(ws: Workspace, statement: dict[str, Any]) -> list[dict[str, Any]]:
    """The statement's sentence marked within up to CONTEXT_CHARS of article text on each side."""
    start, end = statement.get("char_start"), statement.get("char_end")
    if start is None or end is None:
        return [{"text": statement.get("sentence_text") or "", "highlight": True}]
    with ws.store() as st:
        text = articles.get_document(st, statement["doc_id"])["text"]
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    parts = [
        {"text": ("..." if lo > 0 else "") + text[lo:start], "highlight": False},
        {"text": text[start:end], "highlight": True},
        {"text": text[end:hi] + ("..." if hi < len(text) else ""), "highlight": False},
    ]
    return [p for p in parts if p["text"]]


def build_report(ref: str | None = None, *, db: Path | str | None = None) -> str:
    """The report as one HTML string.

    Parameters
    ----------
    ref : str, optional
        A shipped scenario id, a scenario YAML file, or a stored run id (32 hex digits: the report then shows
        that run's probabilities for its scenario). Default: the default scenario and its newest stored run.
    db : Path or str, optional
        The store (default ``$FLASHPOINT_HOME/flashpoint.duckdb``).
    """
    run_id = None
    scenario = ref
    if ref is not None and RUN_ID.match(ref):
        probe = Workspace(db)
        with probe.store() as st:
            run = articles.get_run(st, ref)
        run_id, scenario = ref, str(run["scenario_id"])
    ws = Workspace(db, scenario)
    table = questions.questions_table(ws, run_id)
    details = [questions.question_detail(ws, q["id"], run_id) for q in table["questions"]]
    for d in details:
        for s in d["statements"]:
            s["context"] = _context(ws, s)
    paths = {
        d["id"]: Markup(
            charts.path_chart(
                [{"label": "model: P(yes) by month m", "points": d["path"], "step": True}],
                x_label="months after as_of",
            )
        )
        if d["path"]
        else None
        for d in details
    }
    strips = {
        q["id"]: Markup(
            charts.interval_strip(
                q["probability"],
                q["ci90"],
                q["assumption_ci90"],
                [e["p_yes"] for e in q["experts"] if e["p_yes"] is not None],
            )
        )
        for q in table["questions"]
    }
    env = environment()
    css = env.loader.get_source(env, "report.css")[0] + "\n" + charts.stylesheet()
    return env.get_template("report.html.j2").render(
        scenario=ws.header(),
        version=VERSION,
        written=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=Markup(css),
        graph=Markup(system_graph(ws.scenario, lambda path: "#" + anchor(path))),
        system=ws.system(),
        table=table,
        details=details,
        paths=paths,
        strips=strips,
    )


def write_report(
    ref: str | None = None, *, out: Path | str = "report.html", db: Path | str | None = None
) -> dict:
    """Write :func:`build_report` to ``out`` (an ``.html`` file); return {out, bytes, questions}."""
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise InputError(f"--out: expected a .html file; got {str(out)!r}")
    if not out.parent.exists():
        raise InputError(f"--out: expected a file in an existing folder; got {str(out)!r}")
    html = build_report(ref, db=db)
    out.write_text(html, encoding="utf-8")
    return {"out": str(out), "bytes": len(html.encode("utf-8")), "questions": html.count('class="question"')}
