"""Evaluation of the evidence pipeline against gold annotations; every figure is computed from the data.

- :func:`evaluate_plover`: the PLOVER gold-standard records (OEDA, CC BY-SA 4.0), one coded sentence per
  line. Old labels are relabelled to v0.8 (DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE,
  FIGHT -> ASSAULT; ``gsr_label_map_v05_to_v08.csv`` beside the file when present), ``DOCUMENT`` is
  skipped, records are keyed by line number. Each sentence is extracted on its own; the sentence's first
  coded event is compared with the gold record. Actor codes are compared CAMEO-style: states by ISO
  alpha-3, intergovernmental and non-governmental bodies as ``IGO``/``NGO``, national armed groups by
  their state (:meth:`Gazetteer.cameo_code`); a gold record with several actors accepts any of them.
  ``triple`` counts a sentence right when type, actor and recipient all are (an empty recipient is right
  where the gold has none). ``split`` picks the fixed ``dev`` or ``test`` half (:func:`split_plover`).
- :func:`evaluate_seed`: a hand-annotated article (``seed-gold.yaml``): quotes with speakers, forecasts
  with predictors, probabilities and horizons, and events as (actor, type, recipient) triples.

Both return a DataFrame with one row per field: ``n_gold``, ``n_pred``, ``n_correct``, ``precision``,
``recall``, ``f1`` (and ``accuracy`` for PLOVER).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from pathlib import Path

import pandas as pd

from flashpoint.errors import InputError
from flashpoint.evidence.evaluation_seed import COLUMNS, norm, prf, score_seed
from flashpoint.evidence.pipeline import Extractor
from flashpoint.evidence.records import Document
from flashpoint.validation import load_yaml

#: Old GSR event labels -> PLOVER v0.8 (PLOVER manual, "PLOVER equivalents to CAMEO cue categories").
EVENT_RELABEL = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
#: The halves of a PLOVER gold file (see :func:`split_plover`); ``all`` is every record.
SPLITS = ("dev", "test", "all")
#: Legacy country codes in the gold records -> ISO 3166-1 alpha-3.
LEGACY_CODES = {
    "JAP": "JPN",
    "ITL": "ITA",
    "VTN": "VNM",
    "ROM": "ROU",
    "ZAR": "COD",
    "TMP": "TLS",
    "YUG": "SRB",
}


# -- PLOVER --------------------------------------------------------------------------------------------
def _relabel_map(path: Path) -> dict[str, str]:
    mapping = dict(EVENT_RELABEL)
    table = path.parent / "gsr_label_map_v05_to_v08.csv"
    if table.exists():
        with table.open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                if row["field"] == "event" and row["new_value"] != "(drop)":
                    mapping[row["old_value"]] = row["new_value"]
    return mapping


def _codes(entities) -> set[str]:
    if not isinstance(entities, list):
        return set()
    out = set()
    for ent in entities:
        code = ent.get("code") if isinstance(ent, dict) else None
        if code:
            out.add(LEGACY_CODES.get(code, code))
    return out


def read_plover(path: str | Path) -> list[dict]:
    """The gold records of a PLOVER JSONL file: ``line``, ``text``, ``event`` (v0.8), ``mode``,
    ``actors`` and ``recipients`` (sets of codes), ``date``."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"{path}: expected a readable UTF-8 JSONL file of PLOVER records; got {exc}"
        ) from exc
    relabel = _relabel_map(path)
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}:{number}: expected a JSON object; got invalid JSON ({exc.msg})"
            ) from exc
        event = rec.get("event")
        event = event[0] if isinstance(event, list) and event else event
        if event == "DOCUMENT" or not rec.get("text"):
            continue
        event = relabel.get(event, event)
        try:
            date = dt.date.fromisoformat(str(rec.get("date", "")))
        except ValueError:
            date = None
        mode = rec.get("mode") or None
        out.append(
            {
                "line": number,
                "text": rec["text"],
                "event": event,
                "mode": mode if isinstance(mode, str) else None,
                "actors": _codes(rec.get("actor", rec.get("source"))),
                "recipients": _codes(rec.get("recipient", rec.get("target"))),
                "date": date,
            }
        )
    if not out:
        raise InputError(f"{path}: expected PLOVER records with 'text' and 'event'; found none")
    return out


def split_plover(gold: list[dict], split: str = "all") -> list[dict]:
    """The ``dev`` or ``test`` half of the gold records (``all``: every record), fixed by the data alone.

    Within each (v0.8) event type the records are ordered by the SHA-256 of their sentence (then the line
    number) and dealt alternately, the first to ``dev``: both halves hold every event type in the same
    proportions, and the halves do not move when records are added to other types or lines reordered.
    """
    if split not in SPLITS:
        raise InputError(f"PLOVER split: expected one of {', '.join(SPLITS)}; got {split!r}")
    if split == "all":
        return list(gold)
    by_type: dict[str, list[dict]] = {}
    for g in gold:
        by_type.setdefault(g["event"], []).append(g)
    keep = set()
    for records in by_type.values():
        ordered = sorted(records, key=lambda g: (hashlib.sha256(g["text"].encode()).hexdigest(), g["line"]))
        keep.update(g["line"] for g in ordered[(split == "test") :: 2])
    return [g for g in gold if g["line"] in keep]


_CODED = [
    "line",
    "gold_event",
    "pred_event",
    "gold_mode",
    "pred_mode",
    "gold_actors",
    "pred_actor",
    "gold_recipients",
    "pred_recipient",
    "text",
]


def code_plover(path: str | Path, extractor: Extractor | None = None, split: str = "all") -> pd.DataFrame:
    """One row per gold record of ``split``: gold and predicted event type, mode, actor and recipient."""
    ex = extractor or Extractor()
    gold = split_plover(read_plover(path), split)
    docs = [Document(text=g["text"], published=g["date"], origin=f"{path}:{g['line']}") for g in gold]
    rows = []
    for g, result in zip(gold, ex.extract(docs, batch_size=64), strict=True):
        first = result.events[0] if result.events else None
        rows.append(
            {
                "line": g["line"],
                "gold_event": g["event"],
                "pred_event": first.event_type if first else None,
                "gold_mode": g["mode"],
                "pred_mode": first.mode if first else None,
                "gold_actors": sorted(g["actors"]),
                "pred_actor": ex.gazetteer.cameo_code(first.actor.code) if first and first.actor else None,
                "gold_recipients": sorted(g["recipients"]),
                "pred_recipient": ex.gazetteer.cameo_code(first.recipient.code)
                if first and first.recipient
                else None,
                "text": g["text"],
            }
        )
    return pd.DataFrame(rows, columns=_CODED)


def evaluate_plover(path: str | Path, extractor: Extractor | None = None, split: str = "all") -> pd.DataFrame:
    """Precision, recall, F1 and accuracy per field on the PLOVER gold records of ``split`` (``dev``,
    ``test`` or ``all``; see :func:`split_plover` and the module docstring)."""
    df = code_plover(path, extractor, split)
    n = max(len(df), 1)  # rates of an empty half are 0
    rows = []
    ok = df.pred_event == df.gold_event
    rows.append(
        prf(
            "event_type",
            len(df),
            int(df.pred_event.notna().sum()),
            int(ok.sum()),
            accuracy=float(ok.sum() / n),
        )
    )
    hits = {}
    for field, gold_col, pred_col in (
        ("actor", "gold_actors", "pred_actor"),
        ("recipient", "gold_recipients", "pred_recipient"),
    ):
        has_gold = df[gold_col].map(bool)
        has_pred = df[pred_col].notna()
        hit = [p in g for p, g in zip(df[pred_col], df[gold_col], strict=True)]
        hit = pd.Series(hit, index=df.index) & has_pred
        both_empty = ~has_gold & ~has_pred
        hits[field] = hit | both_empty
        rows.append(
            prf(
                field,
                int(has_gold.sum()),
                int(has_pred.sum()),
                int(hit.sum()),
                accuracy=float((hit | both_empty).sum() / n),
            )
        )
    triple = ok & hits["actor"] & hits["recipient"]
    rows.append(
        prf(
            "triple",
            len(df),
            int(df.pred_event.notna().sum()),
            int(triple.sum()),
            accuracy=float(triple.sum() / n),
        )
    )
    with_mode = df.gold_mode.notna()
    mode_hit = with_mode & (df.pred_mode == df.gold_mode) & ok
    rows.append(
        prf(
            "mode",
            int(with_mode.sum()),
            int((df.pred_mode.notna() & with_mode).sum()),
            int(mode_hit.sum()),
            accuracy=float(mode_hit.sum() / with_mode.sum()) if with_mode.any() else 0.0,
        )
    )
    return pd.DataFrame(rows, columns=[*COLUMNS, "accuracy"])


def evaluate_plover_halves(path: str | Path, extractor: Extractor | None = None) -> pd.DataFrame:
    """The ``dev`` and ``test`` halves side by side: per field, ``n_gold`` and precision, recall and F1 of
    each half (columns ``dev_n_gold``, ``dev_precision``, ..., ``test_f1``)."""
    ex = extractor or Extractor()
    halves = {split: evaluate_plover(path, ex, split).set_index("field") for split in ("dev", "test")}
    out = pd.DataFrame(index=halves["dev"].index)
    for split, df in halves.items():
        for col in ("n_gold", "precision", "recall", "f1"):
            out[f"{split}_{col}"] = df[col]
    return out.reset_index()


# -- the seed ------------------------------------------------------------------------------------------
def _article(gold: dict, path: Path, article: str | Path | None) -> tuple[str, dt.date | None]:
    doc = gold.get("document") or {}
    published = doc.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    if article is None and doc.get("text"):
        return str(doc["text"]), published
    candidates = [Path(article)] if article else []
    if doc.get("file"):
        candidates.append((path.parent / str(doc["file"])).resolve())
    seeds = path.parent.parent / "seeds"
    if not candidates and seeds.is_dir():
        title = norm(str(doc.get("title", "")))
        candidates += [
            p for p in sorted(seeds.glob("*.txt")) if title and title in norm(p.read_text("utf-8"))
        ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8"), published
    raise InputError(
        f"{path}: expected the annotated article (document.text, document.file or --article); none found"
    )


def evaluate_seed(
    path: str | Path, article: str | Path | None = None, extractor: Extractor | None = None
) -> pd.DataFrame:
    """Precision, recall and F1 per field on a hand-annotated article (``seed-gold.yaml`` format).

    Quotes match when the quotation starts with the gold ``starts`` words; forecasts when their sentence
    contains the gold ``in`` phrase; events as (actor, type, recipient) triples, each counted once.
    """
    path = Path(path)
    try:
        gold = load_yaml(path.read_text(encoding="utf-8"), str(path))  # bounded: a user's file
    except (OSError, UnicodeDecodeError, InputError) as exc:
        raise InputError(f"{path}: expected a readable YAML gold file; got {exc}") from None
    if not isinstance(gold, dict):
        raise InputError(
            f"{path}: expected a mapping with quotes, forecasts and events; got {type(gold).__name__}"
        )
    text, published = _article(gold, path, article)
    ex = extractor or Extractor()
    result = next(ex.extract([Document(text=text, published=published)]))

    return pd.DataFrame(score_seed(gold, result), columns=COLUMNS)
