from __future__ import annotations

import datetime as dt

import pytest

from flashpoint.evidence.records import Document
from flashpoint.ontology import CAMEO, EVENT_TYPES


def _events(extractor, text, published=dt.date(2024, 11, 5)):
    return next(extractor.extract([Document(text=text, published=published)])).events


def _triple(ev):
    return (ev.actor.code if ev.actor else None, ev.event_type, ev.recipient.code if ev.recipient else None)


@pytest.mark.parametrize(
    ("text", "triple", "aux"),
    [
        (
            "Russian forces attacked Ukrainian positions near Kharkiv on Monday.",
            ("RUS", "ASSAULT", "UKR"),
            None,
        ),
        ("Ukraine was shelled by Russia overnight.", ("RUS", "ASSAULT", "UKR"), None),
        ("North Korea has sent troops to aid Russia.", ("PRK", "AID", "RUS"), None),
        ("Iran said it will provide economic aid to Syria.", ("IRN", "AGREE", "SYR"), "future"),
        ("Israel threatened to strike Iran's nuclear sites.", ("ISR", "THREATEN", "IRN"), None),
        ("China did not condemn Russia's invasion.", ("CHN", "ACCUSE", "RUS"), "negation"),
        ("Japan and South Korea held talks in Tokyo.", ("JPN", "CONSULT", None), None),  # reciprocal
        ("The European Union imposed new sanctions on Belarus.", ("EU", "SANCTION", "BLR"), None),
        ("The Houthis seized a cargo ship in the Red Sea.", ("HOUTHIS", "COERCE", None), None),
        ("Turkey demanded that Sweden extradite the suspects.", ("TUR", "REQUEST", "SWE"), None),
        ("The United States lifted sanctions on Venezuela.", ("USA", "RETREAT", "VEN"), None),
        ("Thousands of protesters rallied in Tbilisi against the government.", (None, "PROTEST", None), None),
    ],
)
def test_who_did_what_to_whom(extractor, text, triple, aux):
    events = _events(extractor, text)
    assert events, text
    first = events[0]
    got = _triple(first)
    if triple[0] is None:  # crowd actors: the state the sentence names
        got = (None, got[1], None)
    assert got == triple, (text, [_triple(e) for e in events])
    assert first.aux_mode == aux


def test_records_carry_mode_location_cameo_and_provenance(extractor):
    text = "Talks went on.\nNATO will not deploy forces to East Asia, Schuster said."
    ev = next(e for e in _events(extractor, text) if e.event_type == "MOBILIZE")
    assert ev.actor.code == "NATO" and ev.aux_mode == "negation" and ev.mode == "troops"
    assert ev.location.name == "East Asia" and ev.location.country is None
    assert CAMEO["codes"][ev.cameo]["event"] == "MOBILIZE"
    assert ev.sentence == 1 and text[ev.start : ev.end] == ev.text
    assert "military" in ev.contexts
    assert ev.to_json()["kind"] == "event" and ev.to_json()["location"] == {
        "name": "East Asia",
        "country": None,
    }


def test_dates_are_read_and_old_events_are_historical(extractor):
    events = _events(extractor, "Putin visited Pyongyang on June 19, 2024.")
    assert _triple(events[0]) == ("RUS", "CONSULT", "PRK")
    assert events[0].date == dt.date(2024, 6, 19) and events[0].aux_mode == "historical"


def test_types_requiring_a_recipient_are_not_coded_without_one(extractor):
    for ev in _events(extractor, "Germany sent aid. Washington supplied weapons."):
        assert not EVENT_TYPES[ev.event_type].requires_recipient or ev.recipient is not None


def test_nothing_to_code(extractor):
    assert _events(extractor, "The weather was mild and the markets were quiet.") == []
    assert _events(extractor, "") == []


@pytest.mark.parametrize(
    ("text", "actors", "event_type"),
    [
        ("Japan and South Korea held talks in Tokyo.", {"JPN", "KOR"}, "CONSULT"),
        ("Bosnia and Slovenia agreed to a ceasefire.", {"BIH", "SVN"}, "AGREE"),
    ],
)
def test_reciprocal_events_have_a_compound_actor(extractor, text, actors, event_type):
    """PLOVER manual, "Compound and Reciprocal Actors": all parties are the actor, no recipient."""
    events = [e for e in _events(extractor, text) if e.event_type == event_type]
    assert {e.actor.code for e in events} == actors, text
    assert all(e.recipient is None for e in events), text


def test_a_compound_actor_keeps_its_object(extractor):
    """A compound actor acting on a third party keeps it as the recipient, one event per member."""
    events = [e for e in _events(extractor, "The United States and France condemned Russia.")]
    assert {(e.actor.code, e.event_type, e.recipient.code) for e in events} == {
        ("USA", "ACCUSE", "RUS"),
        ("FRA", "ACCUSE", "RUS"),
    }


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("China demanded that the US cancel the sale.", ("CHN", "REQUEST", "USA")),  # "US" is no "us"
        ("Judge Alejandro Rivera opened investigations against Chilean officials.", ("CHL", "ACCUSE", "CHL")),
        ("Archbishop Tutu called for sanctions against Nigeria.", (None, "REQUEST", "NGA")),
        ("Britain mobilized reservists for a war against Iraq.", ("GBR", "MOBILIZE", "IRQ")),
        ("Zambia extradited the suspect to Britain.", ("ZMB", "COOPERATE", "GBR")),
        ("Nigeria summoned Niger's ambassador.", ("NGA", "ACCUSE", "NER")),
        ("UN peacekeeping troops arrived in Bosnia.", ("UN", "AID", "BIH")),
        ("Russian troops arrived in Belarus.", ("RUS", "MOBILIZE", "BLR")),
        ("Russia offered concessions to Japan.", ("RUS", "AGREE", "JPN")),
        ("Serbia lodged an official protest with Albania.", ("SRB", "ACCUSE", "ALB")),
        ("Egypt said it would not meet the demands of Israel.", ("EGY", "REJECT", "ISR")),
    ],
)
def test_recipient_and_type_rules(extractor, text, triple):
    """General rules: domestic targets, targets of governed act nouns, PLOVER/CAMEO conventions."""
    events = _events(extractor, text)
    assert events, text
    first = events[0]
    got = _triple(first)
    if triple[0] is None:  # an actor the gazetteer does not know: only type and recipient
        got = (None, got[1], got[2])
    assert got == triple, (text, [_triple(e) for e in events])


def test_no_one_visits_their_own_country(extractor):
    events = _events(extractor, "Kim Jong Un made a state visit to Pyongyang.")
    assert not [e for e in events if e.event_type == "CONSULT" and e.actor.code == "PRK"]
