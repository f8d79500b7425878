"""The ontology YAML files are the single source of event types, modes, contexts, the CAMEO crosswalk and
the ICD 203 scale; these tests fail when they drift from each other or from the OEDA sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from flashpoint import ontology
from flashpoint.ontology import (
    CAMEO,
    EVENT_TYPES,
    ICD203,
    AuxMode,
    Context,
    EventType,
    cameo_to_plover,
    estimative_probability,
    plover_to_cameo,
)
from flashpoint.ontology.crosswalk import parse_cameo2plover

PLOVER_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "plover"
MANUAL = PLOVER_DATA / "docs" / "PLOVER_MANUAL.tex"
TABLE = PLOVER_DATA / "CAMEO2PLOVER-2021.txt"
needs_manual = pytest.mark.skipif(not MANUAL.exists(), reason=f"PLOVER manual not found at {MANUAL}")
needs_table = pytest.mark.skipif(not TABLE.exists(), reason=f"CAMEO2PLOVER-2021.txt not found at {TABLE}")


def test_enums_are_built_from_the_yaml():
    data = yaml.safe_load((ontology.DATA / "plover.yaml").read_text(encoding="utf-8"))
    assert [e.value for e in EventType] == list(data["event_types"])
    assert [c.value for c in Context] == data["contexts"]
    assert [m.value for m in AuxMode] == data["aux_modes"]
    assert len(EventType) == 16 and len(Context) == 37 and len(AuxMode) == 4


def test_every_event_type_is_described_the_same_way():
    for info in EVENT_TYPES.values():
        assert info.quad in (1, 2, 3, 4)
        assert -10 <= info.score <= 10 and all(-10 <= s <= 10 for s in info.modes.values())
        assert info.definition and info.cameo
        assert all(m == m.lower() for m in info.modes)
    assert {n for n, i in EVENT_TYPES.items() if i.requires_recipient} == {"COOPERATE", "AID", "SANCTION"}


def _manual_scores() -> dict[tuple[str, str | None], float]:
    tex = MANUAL.read_text(encoding="utf-8")
    table = tex[tex.index("\\caption{PLOVER conflict--cooperation scores}\n\\hspace") :]
    table = table[: table.index("\\end{tabular}")]
    cell = re.compile(
        r"(?:\\cellcolor\{gray!25\})?([A-Z]+)(?::\s*([A-Za-z-]+))?\s*&\s*(?:\\cellcolor\{gray!25\})?\s*(-?\d+(?:\.\d+)?)"
    )
    return {(ev, mode.lower() if mode else None): float(v) for ev, mode, v in cell.findall(table)}


@needs_manual
def test_scores_and_modes_match_the_manual():
    scores = _manual_scores()
    assert len(scores) > 70
    decided = {d["what"] for d in ontology.PLOVER["decisions"]}
    for (event, mode), value in scores.items():
        info = EVENT_TYPES[event]
        if mode is None:
            if f"{event} score" in decided:
                assert info.score == -value  # the documented sign decision
            else:
                assert info.score == value, event
        else:
            assert info.modes[mode] == value, (event, mode)
    for event, info in EVENT_TYPES.items():
        for mode in info.modes:
            assert (event, mode) in scores or event == "PROTEST" and mode == "vandalize", (event, mode)


@needs_table
def test_crosswalk_yaml_is_derived_from_the_oeda_table():
    derived = parse_cameo2plover(TABLE.read_text(encoding="utf-8"))
    assert derived == CAMEO


def test_crosswalk_uses_only_known_values():
    legacy = ontology.PLOVER["legacy"]
    contexts = {c.value for c in Context} | set(legacy["contexts"])
    for code, entry in CAMEO["codes"].items():
        info = EVENT_TYPES[entry["event"]]
        if entry["mode"]:
            assert entry["mode"] in info.modes or entry["mode"] in legacy["modes"].get(entry["event"], []), (
                code
            )
        assert set(entry["contexts"]) <= contexts, code
    assert all(ev in EVENT_TYPES for evs in CAMEO["roots"].values() for ev in evs)


def test_crosswalk_lookups():
    assert cameo_to_plover("0871")["mode"] == "ceasefire"
    assert cameo_to_plover("0871")["event"] == "RETREAT"
    assert cameo_to_plover("1999") == cameo_to_plover("19") or cameo_to_plover("1999")["event"] == "ASSAULT"
    assert cameo_to_plover("08") is None  # root 08 splits into CONCEDE and RETREAT
    assert cameo_to_plover("99") is None
    assert CAMEO["codes"][plover_to_cameo("ACCUSE", "investigate")]["mode"] == "investigate"
    assert plover_to_cameo("AGREE") == "03"


def test_icd203_bands_are_ordered_and_phrases_unique():
    lows = [b.low for b in ICD203]
    assert lows == sorted(lows) and len(ICD203) == 7
    for prev, band in zip(ICD203, ICD203[1:], strict=False):
        assert prev.high == band.low
    for band in ICD203:
        assert band.low <= band.p <= band.high
        assert estimative_probability(band.term) == band.p
    phrases = [p for b in ICD203 for p in b.phrases]
    assert len(phrases) == len(set(phrases))
    assert estimative_probability("Unlikely") == next(b.p for b in ICD203 if b.term == "unlikely")
    assert estimative_probability("a hunch") is None


def test_the_event_type_table_in_the_docs_matches_the_yaml():
    doc = (Path(__file__).resolve().parents[3] / "docs" / "evidence.md").read_text(encoding="utf-8")
    rows = {}
    for line in doc.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and cells[0] in EVENT_TYPES:
            rows[cells[0]] = cells
    assert set(rows) == set(EVENT_TYPES)
    for name, info in EVENT_TYPES.items():
        _, quad, required, score, modes = rows[name]
        assert quad.startswith(str(info.quad)) and required == ("yes" if info.requires_recipient else "no")
        assert float(score) == info.score
        documented = {} if modes == "–" else dict(re.findall(r"([\w-]+) \((-?[\d.]+)\)", modes))
        assert {m: float(v) for m, v in documented.items()} == info.modes


def test_crosswalk_disputes_override_the_table_and_name_what_they_override():
    from flashpoint.ontology import DISPUTES

    assert cameo_to_plover("163")["event"] == "SANCTION"
    assert cameo_to_plover("163", as_published=True) == {
        "event": "COERCE",
        "mode": "restrict",
        "contexts": ["diplomatic"],
    }
    assert cameo_to_plover("080")["event"] == "RETREAT"
    assert cameo_to_plover("1631")["event"] == "SANCTION"  # a longer code falls back to the disputed one
    for code, dispute in DISPUTES.items():
        published = cameo_to_plover(code, as_published=True)
        assert published["event"] == dispute["table"]["event"], code  # the dispute quotes the table right
        assert dispute["reading"]["event"] in EVENT_TYPES and dispute["basis"] in ("manual", "judgement")
        assert dispute["why"].strip()


def test_icd203_terms_and_their_synonyms_map_to_their_own_band():
    """Issue 14 item 4: "highly improbable" (ICD 203's synonym of "very unlikely") was in the 0.03 band."""
    from importlib import resources

    import yaml

    from flashpoint.ontology import ICD203, estimative_band

    data = yaml.safe_load((resources.files("flashpoint.ontology") / "data" / "icd203.yaml").read_text())
    for band, spec in zip(ICD203, data["bands"], strict=True):
        assert estimative_band(spec["term"]) is band
        assert estimative_band(spec["synonym"]) is band, spec["synonym"]
