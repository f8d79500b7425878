"""The self-contained HTML report, and docs/web.md naming every route of the app."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from flashpoint.cli import app as cli_app
from flashpoint.report.build import build_report

ROOT = Path(__file__).resolve().parents[3]


def test_report_is_self_contained(web_db, workspace, tmp_path) -> None:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli_app, ["report", "--out", str(out), "--db", str(web_db), "--json"])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower(), "no script at all, not even ours"
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "nothing fetched from a network"
    assert '<link rel="stylesheet"' not in html and "<style>" in html
    assert "default-src 'none'" in html and "@media print" in html
    ids = [q for q in workspace.scenario.questions if f'id="q-{q}"' in html]
    assert len(ids) == len(workspace.scenario.questions)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg"') >= 1 + len(ids)
    # the hostile statement is shown as text, with its sentence marked in context
    assert "&lt;b onmouseover=alert(5)&gt;" in html and "<b onmouseover" not in html
    assert "<mark>Jane Roe, a historian at Example University, said there is very little chance" in html


def test_report_of_a_run_uses_that_run(web_db, workspace) -> None:
    from flashpoint.report import ledger

    older = ledger.runs(workspace)[-1]
    html = build_report(older["run_id"], db=web_db)
    assert older["run_id"] in html


def test_report_refuses_a_bad_out(web_db, tmp_path) -> None:
    result = CliRunner().invoke(cli_app, ["report", "--out", str(tmp_path / "r.txt"), "--db", str(web_db)])
    assert result.exit_code == 2 and "expected a .html file" in result.output
    assert not (tmp_path / "r.txt").exists()


def test_every_route_is_documented() -> None:
    from flashpoint.web import api, pages
    from flashpoint.web.app import API_PREFIX

    page = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")
    routes = [API_PREFIX + r.path for r in api.router.routes] + [r.path for r in pages.router.routes]
    assert len(routes) >= 20 and "/api/v1/whatif" in routes and "/questions/{question_id}" in routes
    missing = [r for r in routes if r != "/charts.css" and f"`{r}" not in page]
    assert not missing, f"docs/web.md does not name {missing}"


def test_serve_refuses_bad_options_before_opening_anything(tmp_path) -> None:
    runner = CliRunner()
    db = tmp_path / "never.duckdb"
    for args, words in [
        (["--host", "example.org"], "expected an IP address"),
        (["--port", "70000"], "expected an integer in [1, 65535]"),
        (["--write-token", "short"], "at least 8 characters"),
    ]:
        result = runner.invoke(cli_app, ["serve", "--db", str(db), *args])
        assert result.exit_code == 2 and words in result.output, result.output
        assert "Traceback" not in result.output
    assert not db.exists()
