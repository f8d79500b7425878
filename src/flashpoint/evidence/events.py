"""PLOVER events (placeholder while the coder is written)."""

from __future__ import annotations


class EventCoder:
    def code(self, a) -> list:
        return []
