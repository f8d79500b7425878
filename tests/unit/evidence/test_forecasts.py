from __future__ import annotations

import datetime as dt

from flashpoint.evidence.records import Document
from flashpoint.ontology import estimative_probability

PUB = dt.date(2024, 11, 5)


def _forecasts(extractor, text, published=PUB):
    return next(extractor.extract([Document(text=text, published=published)])).forecasts


def test_estimative_words_give_icd203_probabilities_and_predictors(extractor):
    text = (
        "Carl Schuster, an instructor at Hawaii Pacific University, spoke to reporters.\n\n"
        "Schuster, on the other hand, believes that there is very little chance of another world war "
        "at this time.\n\n"
        "Anders Corr agreed that it's unlikely that NATO forces will enter East Asia soon, \"though NATO is "
        'strengthening relations with Japan."'
    )
    fcs = _forecasts(extractor, text)
    war = next(f for f in fcs if "world war" in f.proposition)
    assert war.predictor.name == "Carl Schuster"
    assert war.probability == estimative_probability("almost no chance")
    assert war.probability_text == "very little chance" and war.polarity == "negative"
    assert war.horizon.text == "at this time" and war.horizon.start == PUB
    assert war.event is not None and war.event.event_type == "ASSAULT"
    nato = next(f for f in fcs if "East Asia" in f.proposition)
    assert nato.predictor.name == "Anders Corr"
    assert nato.probability == estimative_probability("unlikely") and nato.polarity == "negative"
    assert nato.horizon.text == "soon"
    assert (nato.event.event_type, nato.event.actor) == ("MOBILIZE", "NATO")


def test_modal_forecasts_inside_quotations_and_reported_speech(extractor):
    text = (
        '"Participation in the war will change that," said Laura Bennett, a fellow at the '
        "Meridian Center.\n\n"
        "However, she added that the situation may change in two to four years.\n\n"
        '"These countries could at some point host a NATO office," she told reporters.'
    )
    fcs = _forecasts(extractor, text)
    assert [f.predictor.name for f in fcs] == ["Laura Bennett"] * 3
    later = next(f for f in fcs if f.horizon and f.horizon.text == "in two to four years")
    assert (later.horizon.start, later.horizon.end) == (dt.date(2026, 11, 5), dt.date(2028, 11, 5))
    assert later.probability is None and later.probability_text == "may"
    assert next(f for f in fcs if "NATO office" in f.proposition).horizon.end is None  # "at some point"


def test_forward_horizon_without_a_modal_and_negative_wording(extractor):
    fcs = _forecasts(
        extractor,
        '"Iran will do little to provoke Israel. Those conflicts are in their final 6-8 months," he said.',
    )
    assert any(f.polarity == "negative" and "do little" in f.proposition for f in fcs)
    final = next(f for f in fcs if f.horizon and "6-8 months" in f.horizon.text)
    assert (final.horizon.start, final.horizon.end) == (dt.date(2025, 5, 5), dt.date(2025, 7, 5))


def test_questions_hedges_and_attributive_likely_are_not_forecasts(extractor):
    assert _forecasts(extractor, "How Much Will North Korea Get Involved?") == []
    assert _forecasts(extractor, "The regime sells troops for cash, oil and probably food.") == []
    assert all(f.probability is None for f in _forecasts(extractor, "Their likely response will matter."))


def test_without_a_publication_date_horizons_keep_only_their_words(extractor):
    fcs = _forecasts(extractor, "Officials say talks will resume within 18 months.", published=None)
    assert fcs and fcs[0].horizon.text == "within 18 months" and fcs[0].horizon.start is None
    assert fcs[0].to_json()["horizon"] == {"text": "within 18 months", "start": None, "end": None}


def test_no_doubt_that_is_almost_certain_and_positive(extractor):
    """Issue 14 item 4: "no doubt that X" was read as "doubt" (0.32) about "no doubt that X", negative."""
    text = "Analyst Jane Roe said there is no doubt that Russia will retake Kursk by spring."
    (fc,) = [f for f in _forecasts(extractor, text) if "Kursk" in f.proposition]
    assert fc.probability == estimative_probability("almost certain") and fc.probability_text == "no doubt"
    assert fc.proposition == "Russia will retake Kursk by spring" and fc.polarity == "positive"
