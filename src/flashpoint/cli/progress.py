"""A Rich progress bar on stderr for work that runs longer than ``DELAY_S`` (shown on a terminal only)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # rich.progress loads when work that may show a bar starts, not with every command
    from rich.console import Console

DELAY_S = 2.0


@contextmanager
def progress_bar(
    label: str, *, console: Console | None = None, delay_s: float = DELAY_S
) -> Iterator[Callable[[int, int], None]]:
    """Yield ``update(done, total)``; a bar appears once ``delay_s`` has passed and the work is not done.

    A new ``total`` (or ``done`` going back) starts the count again: sensitivity and calibration run the
    engine several times under one bar.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    if console is None:
        from flashpoint.cli.render import err_console as console
    lock = threading.Lock()
    state = {"done": 0, "total": 0, "bar": None, "task": None, "closed": False}

    def show() -> None:
        with lock:
            if state["closed"] or not console.is_terminal:
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=console,
                transient=True,
            )
            bar.start()
            state["bar"] = bar
            state["task"] = bar.add_task(label, total=state["total"] or None, completed=state["done"])

    def update(done: int, total: int) -> None:
        with lock:
            state["done"], state["total"] = done, total
            if state["bar"] is not None:
                state["bar"].update(state["task"], completed=done, total=total)

    timer = threading.Timer(delay_s, show)
    timer.daemon = True
    timer.start()
    try:
        yield update
    finally:
        timer.cancel()
        with lock:
            state["closed"] = True
            if state["bar"] is not None:
                state["bar"].stop()
