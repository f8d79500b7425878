"""The evidence pipeline on its second development set (tests/fixtures/evidence/dev-sentences.yaml):
hand-written sentences, one per hard case of issue 13 (attribution, role reversal, single-category
rules, modifiers)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from flashpoint.evidence.records import Document

CASES = yaml.safe_load(
    (Path(__file__).parents[2] / "fixtures" / "evidence" / "dev-sentences.yaml").read_text()
)


@pytest.fixture(scope="module")
def coded(extractor):
    docs = [Document(text=case["text"]) for case in CASES]
    return {case["text"]: result for case, result in zip(CASES, extractor.extract(docs), strict=True)}


def _code(ref):
    return ref.code if ref is not None else None


@pytest.mark.parametrize("case", CASES, ids=[c["case"][:60] for c in CASES])
def test_dev_sentence(case, coded):
    events = coded[case["text"]].events
    got = [(e.event_type, _code(e.actor), _code(e.recipient), e.attribution) for e in events]
    for want in case.get("events", []):
        match = [
            g
            for g in got
            if g[0] == want["type"]
            and g[1] == want["actor"]
            and ("recipient" not in want or g[2] == want["recipient"])
            and g[3] == want["attribution"]
        ]
        assert match, f"{case['text']!r}: expected {want}; got {got}"
    for absent in case.get("absent", []):
        assert not [g for g in got if g[0] == absent and g[3] is None], f"{case['text']!r}: {absent} in {got}"
    for code in case.get("absent_actors", []):
        assert all(g[1] != code for g in got), f"{case['text']!r}: {code} coded as an actor: {got}"
    forecasts = [
        (f.predictor.name if f.predictor else None, f.proposition) for f in coded[case["text"]].forecasts
    ]
    for want in case.get("forecasts", []):
        match = [f for f in forecasts if f[0] == want["predictor"] and want["in"] in f[1]]
        assert match, f"{case['text']!r}: expected forecast {want}; got {forecasts}"
    if case.get("no_forecast"):
        assert not forecasts, f"{case['text']!r}: expected no forecast; got {forecasts}"


def test_docs_name_the_size_of_this_set():
    doc = (Path(__file__).parents[3] / "docs" / "evidence.md").read_text(encoding="utf-8")
    assert f"development set of {len(CASES)} texts" in doc, "docs/evidence.md: update the dev set's size"
