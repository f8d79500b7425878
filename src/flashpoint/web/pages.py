"""The HTML pages: System, Questions (and one question), Evidence (and one article), What-if, Scores.

Each page calls the same query functions as the JSON API (:mod:`flashpoint.report`) and renders a template;
charts are server-side SVG (:mod:`flashpoint.report.charts`, :mod:`flashpoint.report.graph`). Only the
What-if page runs a script (``/static/whatif.js``), which calls ``/api/v1/whatif``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from flashpoint.forecasts.registry import resolve
from flashpoint.report import charts, ledger, questions
from flashpoint.report.graph import anchor, system_graph
from flashpoint.report.workspace import DEFAULT_WORLDS, WHATIF_FIRST, Workspace
from flashpoint.store import articles
from flashpoint.web.api import check_token, workspace

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, **context: Any) -> HTMLResponse:
    ws: Workspace = request.app.state.workspace
    page = request.app.state.templates.get_template(name).render(
        scenario=ws.header(), path=request.url.path, writable=ws.writable, **context
    )
    return HTMLResponse(page)


@router.get("/charts.css")
def charts_css() -> Response:
    """The chart styles, shared with the HTML report."""
    return Response(
        charts.stylesheet(), media_type="text/css", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/", response_class=HTMLResponse)
def index(request: Request, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    with ws.store() as st:
        counts = articles.evidence_counts(st)
    table = questions.questions_table(ws)
    return render(request, "index.html.j2", counts=counts, table=table)


@router.get("/system", response_class=HTMLResponse)
def system(request: Request, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    graph = system_graph(ws.scenario, lambda path: "#" + anchor(path))
    return render(request, "system.html.j2", system=ws.system(), graph=Markup(graph))


@router.get("/questions", response_class=HTMLResponse)
def question_list(
    request: Request, run_id: str | None = Query(None, max_length=64), ws: Workspace = Depends(workspace)
) -> HTMLResponse:
    table = questions.questions_table(ws, run_id)
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
    return render(request, "questions.html.j2", table=table, strips=strips)


@router.get("/questions/{question_id}", response_class=HTMLResponse)
def question_page(
    request: Request,
    question_id: str = Path(..., max_length=200),
    run_id: str | None = Query(None, max_length=64),
    ws: Workspace = Depends(workspace),
) -> HTMLResponse:
    q = questions.question_detail(ws, question_id, run_id)
    return render(request, "question.html.j2", q=q, **question_charts(q))


def question_charts(q: dict[str, Any]) -> dict[str, Markup | None]:
    """The question page's two charts: the probability path over the horizon, and the forecast history."""
    path = None
    if q["path"]:
        path = charts.path_chart(
            [{"label": "model: P(yes) by month m", "points": q["path"], "step": True}],
            x_label="months after as_of",
            title="probability path",
        )
    history = None
    points = [(i, h["probability"]) for i, h in enumerate(q["history"])]
    experts = [
        (len(points) - 1 if points else 0, f["p_yes"])
        for f in q["forecasts"]
        if f["kind"] != "model" and f["p_yes"] is not None
    ]
    if len(points) > 1 or experts:
        series = [{"label": "model, run by run (oldest as_of first)", "points": points}]
        if experts:
            series.append({"label": "experts (linked statements)", "points": experts, "dots": True})
        history = charts.path_chart(
            series, x_label="stored run", x_max=max(1, len(points) - 1), title="forecast history"
        )
    return {"path_svg": Markup(path) if path else None, "history_svg": Markup(history) if history else None}


@router.post("/questions/{question_id}/resolve")
async def resolve_form(request: Request, question_id: str = Path(..., max_length=200)) -> RedirectResponse:
    """The question page's resolve form (shown with a write token): the token is a form field."""
    form = {k: v[-1] for k, v in parse_qs((await request.body()).decode("utf-8", "replace")).items()}
    check_token(request, form.get("token"), "the form's token field")
    ws: Workspace = request.app.state.workspace

    def write() -> None:
        with ws.store(write=True) as st:
            resolve(
                question_id,
                form.get("outcome", ""),
                date=form.get("date", ""),
                source=form.get("source"),
                db=st,
            )

    await run_in_threadpool(write)
    return RedirectResponse(f"/questions/{quote(question_id)}", status_code=303)


@router.get("/evidence", response_class=HTMLResponse)
def evidence(
    request: Request,
    kind: str = Query("events", max_length=20),
    actor: str | None = Query(None, max_length=100),
    event_type: str | None = Query(None, alias="type", max_length=40),
    speaker: str | None = Query(None, max_length=100),
    since: str | None = Query(None, max_length=10),
    limit: int = Query(100, ge=1, le=ledger.MAX_LIMIT),
    ws: Workspace = Depends(workspace),
) -> HTMLResponse:
    result = ledger.evidence_list(
        ws, kind, actor=actor, event_type=event_type, speaker=speaker, since=since, limit=limit
    )
    return render(request, "evidence.html.j2", ev=result)


@router.get("/articles/{doc_id}", response_class=HTMLResponse)
def article(
    request: Request,
    doc_id: str = Path(..., max_length=64),
    start: int | None = Query(None, ge=0),
    end: int | None = Query(None, ge=0),
    ws: Workspace = Depends(workspace),
) -> HTMLResponse:
    return render(request, "article.html.j2", doc=ledger.article(ws, doc_id, start, end))


@router.get("/whatif", response_class=HTMLResponse)
def whatif(request: Request, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    params = ws.parameters()
    groups: dict[str, list[dict[str, Any]]] = {}
    for p in params:
        groups.setdefault(p["path"].split(".")[0], []).append(p)
    return render(
        request, "whatif.html.j2", groups=groups, first=WHATIF_FIRST, refined=DEFAULT_WORLDS, seed=ws.seed
    )


@router.get("/scores", response_class=HTMLResponse)
def scores(request: Request, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    result = ledger.scores(ws)
    rel = result["reliability"]
    diagram = None
    if rel:
        diagram = Markup(
            charts.reliability_chart(
                rel["bins"], rel["corp_x"], rel["corp_y"], f"all forecasters pooled, n = {rel['n']}"
            )
        )
    return render(request, "scores.html.j2", sc=result, diagram=diagram, runs=ledger.runs(ws))


@router.get("/runs/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    a: str = Query(..., max_length=64),
    b: str = Query(..., max_length=64),
    ws: Workspace = Depends(workspace),
) -> HTMLResponse:
    return render(request, "compare.html.j2", cmp=ledger.compare(ws, a, b))
