"""Scoring one hand-annotated article (the ``seed-gold.yaml`` format) against a pipeline result."""

from __future__ import annotations

import re

from flashpoint.evidence.records import DocumentResult

COLUMNS = ["field", "n_gold", "n_pred", "n_correct", "precision", "recall", "f1"]


def prf(field: str, n_gold: int, n_pred: int, n_correct: int, **extra) -> dict:
    """A row of precision, recall and F1 from counts (0.0 where a denominator is 0)."""
    p = n_correct / n_pred if n_pred else 0.0
    r = n_correct / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "field": field,
        "n_gold": n_gold,
        "n_pred": n_pred,
        "n_correct": n_correct,
        "precision": p,
        "recall": r,
        "f1": f,
        **extra,
    }


def norm(text: str) -> str:
    """Lower case, punctuation to spaces, single spaces (curly apostrophes made straight)."""
    return " ".join(re.sub(r"[^\w\s']", " ", text.lower().replace("\u2019", "'")).split())


def same_person(a: str | None, b: str | None) -> bool:
    """Same name, or one name contains the other with the same surname ("Schuster", "Carl Schuster")."""
    if not a or not b:
        return False
    a, b = norm(a), norm(b)
    return a == b or (a.split()[-1] == b.split()[-1] and (a in b or b in a))


def _quote_matches(gold: dict, content: str) -> bool:
    start, body = norm(str(gold.get("starts", ""))), norm(content)
    return bool(start) and start in body[: len(start) + 40]


def score_seed(gold: dict, result: DocumentResult) -> list[dict]:
    rows = []
    # quotes: each gold quote found (by its first words) and with the right speaker
    quotes = [q for q in result.quotes if q.direct]
    gq = gold.get("quotes") or []
    found = speaker_ok = aff_ok = 0
    matched: set[int] = set()
    for g in gq:
        hits = [i for i, q in enumerate(quotes) if _quote_matches(g, q.content)]
        if not hits:
            continue
        found += 1
        matched.update(hits)
        good = [i for i in hits if same_person(quotes[i].speaker.name, g.get("speaker"))]
        speaker_ok += bool(good)
        aff = norm(str(g.get("affiliation") or ""))
        aff_ok += any(aff and aff in norm(quotes[i].speaker.affiliation or "") for i in good)
    rows.append(prf("quote", len(gq), len(quotes), found))
    rows.append(prf("quote.speaker", len(gq), len(quotes), speaker_ok))
    rows.append(prf("quote.affiliation", len(gq), len(quotes), aff_ok))
    # forecasts: found where the predicted forecast's sentence holds the gold phrase
    fc = result.forecasts
    gf = gold.get("forecasts") or []
    f_found = f_pred = f_prob = f_pol = 0
    n_prob = sum(g.get("probability") is not None for g in gf)
    n_hz = sum(bool(g.get("horizon") and g["horizon"].get("start")) for g in gf)
    f_hz = 0
    n_hz_text = sum(bool(g.get("horizon")) for g in gf)
    f_hz_text = 0
    for g in gf:
        phrase = norm(str(g.get("in", "")))
        hits = [f for f in fc if phrase and phrase in norm(f.text)]
        if not hits:
            continue
        f_found += 1
        good = [f for f in hits if f.predictor and same_person(f.predictor.name, g.get("predictor"))]
        f_pred += bool(good)
        pool = good or hits
        f_pol += any(f.polarity == g.get("polarity") for f in pool)
        if g.get("probability") is not None:
            f_prob += any(
                f.probability is not None and abs(f.probability - float(g["probability"])) < 0.005
                for f in pool
            )
        h = g.get("horizon") or {}
        if h:
            f_hz_text += any(f.horizon and norm(str(h.get("text", ""))) in norm(f.horizon.text) for f in pool)
        if h.get("start"):
            f_hz += any(
                f.horizon and f.horizon.start == h["start"] and f.horizon.end == h.get("end") for f in pool
            )
    rows.append(prf("forecast", len(gf), len(fc), f_found))
    rows.append(prf("forecast.predictor", len(gf), len(fc), f_pred))
    rows.append(prf("forecast.polarity", len(gf), len(fc), f_pol))
    rows.append(prf("forecast.probability", n_prob, sum(f.probability is not None for f in fc), f_prob))
    rows.append(prf("forecast.horizon_text", n_hz_text, sum(f.horizon is not None for f in fc), f_hz_text))
    rows.append(
        prf("forecast.horizon_dates", n_hz, sum(bool(f.horizon and f.horizon.start) for f in fc), f_hz)
    )
    # events: distinct (actor, type, recipient) triples
    gold_triples = {(e.get("actor"), e.get("type"), e.get("recipient")) for e in gold.get("events") or []}
    pred_triples = {
        (e.actor.code if e.actor else None, e.event_type, e.recipient.code if e.recipient else None)
        for e in result.events
    }
    rows.append(prf("event", len(gold_triples), len(pred_triples), len(gold_triples & pred_triples)))
    gold_pairs = {(a, t) for a, t, _ in gold_triples}
    pred_pairs = {(a, t) for a, t, _ in pred_triples}
    rows.append(prf("event.actor_type", len(gold_pairs), len(pred_pairs), len(gold_pairs & pred_pairs)))
    return rows
