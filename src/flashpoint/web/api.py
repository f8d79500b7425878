"""The JSON API under ``/api/v1``: the shapes of the CLI's ``--json`` (OpenAPI at ``/api/v1/openapi.json``).

Reads go through the workspace's query layer (:mod:`flashpoint.report`), the same functions the pages call.
Writes (resolve a question, accept a link, add a question) need the server's write token as
``Authorization: Bearer TOKEN``; without a token configured the server is read-only and refuses them.
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from pydantic import BaseModel, Field

from flashpoint.errors import InputError
from flashpoint.forecasts.linking import accept_link
from flashpoint.forecasts.registry import add_question, resolve
from flashpoint.report import ledger, questions
from flashpoint.report.workspace import DEFAULT_WORLDS, MAX_WHATIF_WORLDS, WHATIF_FIRST, Workspace
from flashpoint.world.overrides import parse_value

router = APIRouter(tags=["api"])
MAX_TEXT = 2000


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


def parse_sets(items: list[str]) -> dict[str, Any]:
    """``PATH=VALUE`` strings (VALUE parsed as YAML) as an overrides mapping."""
    out: dict[str, Any] = {}
    for item in items:
        path, sep, value = item.partition("=")
        if not sep or not path.strip():
            raise InputError(f"set: expected PATH=VALUE; got {item!r}")
        out[path.strip()] = parse_value(value)
    return out


def check_token(request: Request, given: str | None, where: str) -> None:
    """Refuse a write unless the server has a write token and ``given`` is it (compared in constant time)."""
    token = request.app.state.settings.write_token
    if not token:
        raise PermissionError(
            "this server is read-only: start `flashpoint serve --write-token TOKEN` to write"
        )
    if given is None or not secrets.compare_digest(given.strip().encode(), token.encode()):
        raise PermissionError(f"write refused: expected {where} to carry the write token")
    if not request.app.state.workspace.writable:
        raise PermissionError("write refused: the workspace was opened read-only")


def require_token(request: Request) -> None:
    """A dependency of every API write: ``Authorization: Bearer TOKEN``."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    check_token(request, value if scheme.lower() == "bearer" else None, "the header Authorization: Bearer")


@router.get("/system", summary="The scenario's actors, alliances, flows and theatres with their sources")
def get_system(ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    return ws.system()


@router.get("/questions", summary="Each question: model probability, intervals, experts' odds, resolution")
def get_questions(
    run_id: str | None = Query(None, max_length=64, description="a stored run (default: the newest)"),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    return questions.questions_table(ws, run_id)


@router.get("/questions/{question_id}", summary="One question: path, drivers, statements, scores")
def get_question(
    question_id: str = Path(..., max_length=200),
    run_id: str | None = Query(None, max_length=64),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    return questions.question_detail(ws, question_id, run_id)


@router.get("/evidence/{kind}", summary="Stored events, quotes or forecasts with filters")
def get_evidence(
    kind: Literal["events", "quotes", "forecasts"],
    actor: str | None = Query(None, max_length=100),
    event_type: str | None = Query(None, alias="type", max_length=40, description="PLOVER event type"),
    speaker: str | None = Query(None, max_length=100),
    since: str | None = Query(None, max_length=10, description="YYYY-MM-DD"),
    limit: int = Query(100, ge=1, le=ledger.MAX_LIMIT),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    return ledger.evidence_list(
        ws, kind, actor=actor, event_type=event_type, speaker=speaker, since=since, limit=limit
    )


@router.get("/articles/{doc_id}", summary="One article, with a span (a sentence's offsets) marked")
def get_article(
    doc_id: str = Path(..., max_length=64),
    start: int | None = Query(None, ge=0),
    end: int | None = Query(None, ge=0),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    return ledger.article(ws, doc_id, start, end)


@router.get("/whatif/parameters", summary="The what-if controls: ranged parameters and flags")
def get_parameters(ws: Workspace = Depends(workspace)) -> list[dict[str, Any]]:
    return ws.parameters()


@router.get("/whatif", summary="Re-run with PATH=VALUE overrides; each question's change and interval")
def get_whatif(
    sets: list[str] = Query([], alias="set", max_length=50, description="PATH=VALUE (repeatable)"),
    worlds: int = Query(WHATIF_FIRST, ge=100, le=MAX_WHATIF_WORLDS),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    return ws.whatif(parse_sets(sets), worlds)


@router.get("/scores", summary="Forecasters scored side by side, and the CORP reliability diagram")
def get_scores(ws: Workspace = Depends(workspace)) -> dict[str, Any]:
    return ledger.scores(ws)


@router.get("/runs", summary="The newest stored runs")
def get_runs(
    limit: int = Query(50, ge=1, le=500), ws: Workspace = Depends(workspace)
) -> list[dict[str, Any]]:
    return ledger.runs(ws, limit)


@router.get("/runs/compare", summary="Two stored runs side by side")
def get_compare(
    a: str = Query(..., max_length=64), b: str = Query(..., max_length=64), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    return ledger.compare(ws, a, b)


class Resolution(BaseModel):
    outcome: Literal["yes", "no", "annulled", "ambiguous"]
    date: str = Field(max_length=10, description="YYYY-MM-DD")
    source: str | None = Field(None, max_length=MAX_TEXT)
    note: str | None = Field(None, max_length=MAX_TEXT)


class NewQuestion(BaseModel):
    question_id: str = Field(max_length=200)
    text: str = Field(max_length=MAX_TEXT)
    resolution_criteria: str | None = Field(None, max_length=MAX_TEXT)
    resolution_date: str | None = Field(None, max_length=10)


class Link(BaseModel):
    forecast_id: int = Field(ge=0)
    question_id: str = Field(max_length=200)


@router.post("/questions/{question_id}/resolution", summary="Resolve a question (needs the write token)")
def post_resolution(
    question_id: str = Path(..., max_length=200),
    body: Resolution = Body(...),
    _: None = Depends(require_token),
    ws: Workspace = Depends(workspace),
) -> dict[str, Any]:
    with ws.store(write=True) as st:
        return resolve(question_id, body.outcome, date=body.date, source=body.source, note=body.note, db=st)


@router.post("/questions", summary="Add a question (needs the write token)")
def post_question(
    body: NewQuestion, _: None = Depends(require_token), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    with ws.store(write=True) as st:
        return add_question(
            body.question_id,
            body.text,
            resolution_criteria=body.resolution_criteria,
            resolution_date=body.resolution_date,
            db=st,
        )


@router.post("/links", summary="Accept a proposed statement-question link (needs the write token)")
def post_link(
    body: Link, _: None = Depends(require_token), ws: Workspace = Depends(workspace)
) -> dict[str, Any]:
    with ws.store(write=True) as st:
        return accept_link(body.forecast_id, body.question_id, db=st)


__all__ = ["router", "parse_sets", "DEFAULT_WORLDS"]
