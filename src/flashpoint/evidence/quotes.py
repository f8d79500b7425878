"""Quotes (placeholder while the extractor is written)."""

from __future__ import annotations


class QuoteFinder:
    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer

    def find(self, a) -> list:
        return []
