"""A small store for the web and report tests, built through the CLI as an analyst would: two articles of our
own (one hostile: script tags, event-handler attributes, ``javascript:`` links in its text), two runs (one a
what-if), the statement-question links accepted and one question resolved.

Loaded by path from ``tests/unit/web/conftest.py`` and ``tests/browser/conftest.py``.
"""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from flashpoint.cli import app

ANALYSIS = "\n".join(
    [
        "Analysts weigh the risk of a wider war",
        "",
        "North Korea has sent troops to Russia, and they are fighting in the Kursk region, "
        "officials said on Monday.",
        "Jane Roe, a historian at Example University, said there is very little chance of another world war "
        "at this time.",
        "John Doe, an analyst at the Example Institute, said it is unlikely that NATO forces will "
        "enter East Asia soon.",
        "",
    ]
)

HOSTILE = "\n".join(
    [
        '<script>alert("title")</script> Hostile <img src=x onerror=alert(1)>',
        "",
        'Russia attacked Ukraine near Kursk <script>alert("body")</script> on Sunday, officials said.',
        'Read more <a href="javascript:alert(2)">here</a> or <svg onload=alert(3)></svg> and '
        '<iframe src="javascript:alert(4)"></iframe>.',
        "Mark Smith said it is likely that <b onmouseover=alert(5)>Russia</b> will retake Kursk "
        "within six months.",
        "",
    ]
)

WORLDS = 2000
HOSTILE_MARKERS = ("<script>", "onerror=", "javascript:", "onload=", "onmouseover=")


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def build(folder: Path) -> Path:
    """Write the articles, ingest them, run, link and resolve; return the store path."""
    db = folder / "flashpoint.duckdb"
    articles = folder / "articles"
    articles.mkdir()
    (articles / "analysis.txt").write_text(ANALYSIS, encoding="utf-8")
    (articles / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    invoke("ingest", str(articles), "--published", "2024-11-05", "--db", str(db))
    invoke("run", "--worlds", str(WORLDS), "--db", str(db))
    invoke(
        "run", "--worlds", str(WORLDS), "--db", str(db), "--set", "alliances.russia-dprk-treaty.commitment=0"
    )
    invoke("forecasts", "link", "--accept", "--db", str(db))
    invoke("resolve", "world-war-12m", "no", "--date", "2025-11-05", "--source", "test note", "--db", str(db))
    return db
