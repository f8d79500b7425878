"""The app factory: one :func:`create_app` builds the FastAPI app over a workspace.

Routers per concern (:mod:`~flashpoint.web.api` for ``/api/v1``, :mod:`~flashpoint.web.pages` for the HTML
pages), Jinja2 templates beside them, static assets served from the package with cache headers. Every
response carries a Content-Security-Policy that allows scripts and styles only from this server (no inline
script, no inline style, nothing from another origin). Errors are one JSON shape under ``/api``
(``{"ok": false, "error", "errors", "status"}``) and a plain page elsewhere; never a traceback.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass
from html import escape
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from flashpoint.errors import ConflictError, FlashpointError, InputError, NotFoundError
from flashpoint.report.graph import anchor
from flashpoint.report.workspace import VERSION, Workspace

API_PREFIX = "/api/v1"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
log = logging.getLogger("flashpoint.web")


@dataclass(frozen=True)
class WebSettings:
    """How the server runs. ``write_token``: writes need ``Authorization: Bearer TOKEN`` (or the form field
    ``token``); None makes the server read-only."""

    write_token: str | None = None
    warm: bool = True


def templates() -> Environment:
    """The Jinja2 environment of the pages: autoescaped (article text is always escaped)."""
    env = Environment(
        loader=PackageLoader("flashpoint.web", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda p: "-" if p is None else f"{100 * float(p):.1f}%"
    env.filters["num"] = lambda p, d=3: "-" if p is None else f"{float(p):.{d}f}"
    env.globals["anchor_of"] = anchor
    return env


def status_of(exc: BaseException) -> int:
    """The HTTP status of an error: 404 not found, 409 conflict, 400 bad input, 403 refused, else 500."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConflictError):
        return 409
    if isinstance(exc, InputError | RequestValidationError):
        return 400
    if isinstance(exc, PermissionError):
        return 403
    if isinstance(exc, StarletteHTTPException):
        return exc.status_code
    return 500


def _messages(exc: BaseException) -> list[str]:
    if isinstance(exc, RequestValidationError):
        return [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
    if isinstance(exc, StarletteHTTPException):
        return [str(exc.detail)]
    if isinstance(exc, FlashpointError | PermissionError):
        return [str(exc)]
    return ["internal error: the server could not answer this request (see the server's log)"]


def create_app(workspace: Workspace, settings: WebSettings | None = None) -> FastAPI:
    """Build the app over ``workspace``.

    Parameters
    ----------
    workspace : Workspace
        What the pages and the API read (store, scenario, seeded simulations).
    settings : WebSettings, optional
        Write token and start-up behaviour (default: read-only).
    """
    from flashpoint.web import api, pages

    settings = settings or WebSettings()
    app = FastAPI(
        title="flashpoint",
        version=VERSION,
        description="Read-only JSON API over a flashpoint store; writes need the server's write token.",
        docs_url=None,  # Swagger UI loads its script from a CDN: not offline, and the CSP forbids it
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
        lifespan=_lifespan(workspace, settings),
    )
    app.state.workspace = workspace
    app.state.settings = settings
    app.state.templates = templates()
    app.include_router(api.router, prefix=API_PREFIX)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("flashpoint.web", "static")]), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Any:
        response = await call_next(request)
        for key, value in HEADERS.items():
            response.headers.setdefault(key, value)
        if request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "public, max-age=3600"
        return response

    async def handle(request: Request, exc: Exception) -> Any:
        status = status_of(exc)
        errors = _messages(exc)
        if status >= 500:
            log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        if request.url.path.startswith("/api"):
            body = {"ok": False, "error": errors[0], "errors": errors, "status": status}
            return JSONResponse(body, status_code=status, headers=HEADERS)
        try:
            html = app.state.templates.get_template("error.html.j2").render(
                status=status,
                error=errors[0],
                errors=errors,
                scenario=workspace.header(),
                path=request.url.path,
                writable=workspace.writable,
            )
        except Exception:  # the error page itself failed: plain escaped text, still no traceback
            log.exception("error page failed")
            html = f"<!doctype html><title>error {status}</title><p>{escape(errors[0])}</p>"
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    for kind in (StarletteHTTPException, RequestValidationError, FlashpointError, PermissionError, Exception):
        app.add_exception_handler(kind, handle)
    return app


def _lifespan(workspace: Workspace, settings: WebSettings) -> Any:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.warm:  # compile the simulation kernels while the first pages are served
            threading.Thread(target=workspace.warm, name="flashpoint-warm", daemon=True).start()
        yield

    return lifespan
