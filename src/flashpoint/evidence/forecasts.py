"""Forecasts (placeholder while the extractor is written)."""

from __future__ import annotations


class ForecastFinder:
    def find(self, a, events) -> list:
        return []
