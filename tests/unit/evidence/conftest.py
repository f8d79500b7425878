"""Shared fixtures for the evidence tests: one spaCy pipeline and extractor per session (loading takes ~1 s)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    from flashpoint.evidence.pipeline import Extractor

    return Extractor()
