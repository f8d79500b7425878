"""``flashpoint serve``: build the workspace and the app, then run uvicorn on 127.0.0.1 (by default)."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flashpoint.errors import InputError
from flashpoint.report.workspace import Workspace
from flashpoint.web.app import WebSettings, create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def check_host(host: str) -> str:
    """A host to bind: an IP address or ``localhost``."""
    if host == "localhost":
        return host
    try:
        ipaddress.ip_address(host)
    except ValueError:
        raise InputError(
            f"--host: expected an IP address such as 127.0.0.1 or localhost; got {host!r}"
        ) from None
    return host


def serve(
    scenario: str | None = None,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    write_token: str | None = None,
    db: Path | str | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the workspace until interrupted.

    Parameters
    ----------
    scenario : str, optional
        Shipped scenario id or YAML file (default ``kursk-2024-11``).
    host, port : str, int
        Where to listen; the default binds to the loopback address only.
    write_token : str, optional
        Enables writes for requests that carry ``Authorization: Bearer TOKEN``; without it the store is
        opened read-only.
    db : Path or str, optional
        The store file (default ``$FLASHPOINT_HOME/flashpoint.duckdb``).
    announce : callable, optional
        Called with one line (address and mode) once the options are checked and the workspace is open.
    """
    import uvicorn

    host = check_host(host)
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise InputError(f"--port: expected an integer in [1, 65535]; got {port!r}")
    if write_token is not None and len(write_token) < 8:
        raise InputError("--write-token: expected at least 8 characters; got fewer")
    workspace = Workspace(db, scenario, writable=write_token is not None)
    app = create_app(workspace, WebSettings(write_token=write_token))
    if announce is not None:
        mode = "read-write (token required)" if write_token else "read-only"
        announce(f"flashpoint workspace on http://{host}:{port}/ ({mode}); API at /api/v1; Ctrl-C stops it")
    uvicorn.run(app, host=host, port=port, log_level="warning")


class BackgroundServer:
    """Serve an app from a thread on a free loopback port (browser tests, screenshots, benchmarks).

    Use as a context manager: ``with BackgroundServer(app) as url: ...``; the server stops on exit.
    """

    def __init__(self, app: object, host: str = DEFAULT_HOST) -> None:
        import socket

        import uvicorn

        with socket.socket() as sock:
            sock.bind((host, 0))
            port = sock.getsockname()[1]
        self.url = f"http://{host}:{port}"
        self.server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, name="flashpoint-serve", daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"the test server on {self.url} did not start")
            time.sleep(0.05)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
