"""Shared fixtures for the evidence tests: one extractor (spaCy pipeline) per session; loading takes ~1 s."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def extractor():
    from flashpoint.evidence.pipeline import Extractor

    return Extractor()
