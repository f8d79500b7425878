from __future__ import annotations

from flashpoint.evidence.dyads import dyads
from flashpoint.evidence.records import ActorRef, Event


def _ev(sentence: int, event_type: str, actor: str | None, recipient: str | None = None) -> Event:
    ref = lambda code: ActorRef(code, code, code) if code else None  # noqa: E731
    return Event("d", sentence, 0, 1, "x", event_type, actor=ref(actor), recipient=ref(recipient))


def test_reciprocal_compound_events_expand_into_ordered_pairs():
    met = [_ev(0, "CONSULT", c) for c in ("FRA", "DEU", "POL")]
    assert dyads(met) == [
        ("FRA", "CONSULT", "DEU"),
        ("FRA", "CONSULT", "POL"),
        ("DEU", "CONSULT", "FRA"),
        ("DEU", "CONSULT", "POL"),
        ("POL", "CONSULT", "FRA"),
        ("POL", "CONSULT", "DEU"),
    ]


def test_directed_and_lone_events_keep_their_triple_and_sentences_stay_apart():
    events = [
        _ev(0, "ACCUSE", "USA", "RUS"),
        _ev(0, "ACCUSE", "FRA", "RUS"),  # compound actor with a recipient: already dyadic
        _ev(1, "MOBILIZE", "PRK"),  # one actor, no recipient: stays as it is
        _ev(2, "CONSULT", "JPN"),
        _ev(3, "CONSULT", "KOR"),  # another sentence: not a partner of Japan's
    ]
    assert dyads(events) == [
        ("USA", "ACCUSE", "RUS"),
        ("FRA", "ACCUSE", "RUS"),
        ("PRK", "MOBILIZE", None),
        ("JPN", "CONSULT", None),
        ("KOR", "CONSULT", None),
    ]


def test_the_pipeline_output_expands(extractor):
    from flashpoint.evidence.records import Document

    (result,) = extractor.extract(
        [Document(text="Russia, Belarus and Kazakhstan held talks in Minsk on Monday.")]
    )
    pairs = {(a, r) for a, t, r in dyads(result.events) if t == "CONSULT"}
    assert pairs == {(a, r) for a in ("RUS", "BLR", "KAZ") for r in ("RUS", "BLR", "KAZ") if a != r}
