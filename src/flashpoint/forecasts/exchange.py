"""CSV and JSON import and export of questions, forecasts and resolutions, for analysts' own workflows.

Formats, chosen by the file's extension:

- ``.csv``: a header row, one record a row; lists (tags, actors) separated by ``;``;
- ``.json``: an array of objects, or an object holding the array under ``questions``, ``forecasts`` or
  ``resolutions``;
- ``.jsonl``: one object a line.

Import checks every row; a bad row is reported with its line (``FILE:LINE: message``) and the others are
imported, then :class:`~flashpoint.errors.PartialFailure` is raised carrying the summary. Imports are
idempotent: questions by id, forecasts by their key, resolutions by value.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from flashpoint.errors import InputError, PartialFailure
from flashpoint.forecasts.registry import (
    Db,
    check_open,
    opened,
    records,
    same_question,
    write_resolutions,
)
from flashpoint.forecasts.rows import (
    check_forecast,
    check_link,
    check_question,
    check_resolution,
    check_statement,
    content_key,
)
from flashpoint.store import registry as sql

WHAT = ("questions", "forecasts", "resolutions", "links")
FORMATS = (".csv", ".json", ".jsonl")
EXPORT_FORMATS = (*FORMATS, ".parquet")


def _format(path: Path, formats: tuple[str, ...] = FORMATS) -> str:
    suffix = path.suffix.lower()
    if suffix not in formats:
        raise InputError(
            f"{path}: the format must be one of {', '.join(formats)} (by extension); got {suffix!r}."
        )
    return suffix


def _json_items(text: str, what: str) -> Iterator[tuple[int, Any]]:
    """Yield (line, item) for each element of the top-level array (or the array under ``what``)."""
    decoder = json.JSONDecoder()
    pos = len(text) - len(text.lstrip())
    if text[pos : pos + 1] == "{":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {exc.lineno}: malformed JSON ({exc.msg}); nothing is read.") from None
        items = data.get(what) if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise InputError(f"expected an array of {what}, or an object with the array under {what!r}.")
        inner = json.dumps(items, indent=1, default=str)
        yield from _json_items(inner, what)
        return
    if text[pos : pos + 1] != "[":
        raise InputError(f"expected a JSON array of {what}; got {text[pos : pos + 20]!r}.")
    pos += 1
    while True:
        while pos < len(text) and text[pos] in " \t\r\n,":
            pos += 1
        if pos >= len(text):
            raise InputError("the JSON array is not closed with ']'.")
        if text[pos] == "]":
            return
        line = text.count("\n", 0, pos) + 1
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"line {exc.lineno}: malformed JSON ({exc.msg}); rows after it are not read."
            ) from None
        yield line, item


def read_rows(path: Path | str, what: str) -> Iterator[tuple[int, dict[str, Any] | InputError]]:
    """Yield (line, row) from a CSV, JSON or JSONL file; a malformed row comes as an InputError."""
    path = Path(path)
    fmt = _format(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}: no such file.") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: expected UTF-8 text; got undecodable bytes.") from None
    if fmt == ".csv":
        reader = csv.DictReader(io.StringIO(text))
        start = 2
        for row in reader:
            extra = row.pop(None, None)
            if extra:
                yield start, InputError(f"{len(extra)} more field(s) than the header has.")
            elif any(v is None for v in row.values()):
                yield start, InputError("fewer fields than the header has.")
            else:
                yield start, row
            start = reader.line_num + 1
    elif fmt == ".jsonl":
        for i, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                yield i, InputError(f"malformed JSON ({exc.msg}).")
                continue
            except RecursionError:
                yield i, InputError("JSON nested too deeply: expected a flat object; got hundreds of levels.")
                continue
            yield i, item if isinstance(item, dict) else InputError("expected a JSON object.")
    else:
        try:
            for line, item in _json_items(text, what):
                yield line, item if isinstance(item, dict) else InputError("expected a JSON object.")
        except InputError as exc:
            yield 0, exc
        except RecursionError:
            yield 0, InputError("JSON nested too deeply: expected an array of flat objects.")


def _first_of_each(
    good: list[tuple[int, dict[str, Any]]], what: str
) -> tuple[list[tuple[int, dict[str, Any]]], list[tuple[int, str]]]:
    """Drop exact repeats of a question within one file; a repeat with other text or dates is an error."""
    if what != "questions":
        return good, []
    first: dict[str, tuple[int, dict[str, Any]]] = {}
    kept, dupes = [], []
    for line, row in good:
        seen = first.get(row["question_id"])
        if seen is None:
            first[row["question_id"]] = (line, row)
            kept.append((line, row))
        elif not same_question(seen[1], row):
            dupes.append(
                (
                    line,
                    f"question {row['question_id']} appears again (first on line {seen[0]}) with a "
                    "different text or dates; expected each question once.",
                )
            )
    return kept, dupes


def import_rows(path: Path | str, what: str, *, amend: bool = False, db: Db = None) -> dict[str, Any]:
    """Import questions, forecasts or resolutions from a CSV/JSON/JSONL file.

    Returns
    -------
    dict with ``read``, ``added``, ``unchanged`` and ``errors`` (``FILE:LINE: message``).

    Raises
    ------
    PartialFailure
        When some rows were refused; the others were imported and ``.result`` holds the summary.
    """
    if what not in WHAT:
        raise InputError(f"import: expected one of {', '.join(WHAT)}; got {what!r}.")
    path = Path(path)
    origin = f"import:{path.name}"

    def _forecast(r: dict[str, Any]) -> dict[str, Any]:
        # a row without a question is an expert statement (an export of the registry comes back whole)
        if not str(r.get("question_id") or r.get("question") or "").strip() and r.get("proposition"):
            return check_statement(r, origin=origin)
        return check_forecast(r, origin=origin)

    check = {
        "questions": check_question,
        "forecasts": _forecast,
        "resolutions": check_resolution,
        "links": check_link,
    }[what]
    errors: list[str] = []
    good: list[tuple[int, dict[str, Any]]] = []
    n_read = 0
    for line, row in read_rows(path, what):
        n_read += line > 0
        try:
            if isinstance(row, InputError):
                raise row
            good.append((line, check(row)))
        except InputError as exc:
            errors.append(f"{path}:{line}: {exc}" if line else f"{path}: {exc}")
    if n_read == 0 and not errors:
        raise InputError(f"{path}: expected at least one row of {what}; got none (an empty file?)")
    good, dupes = _first_of_each(good, what)
    errors += [f"{path}:{line}: {message}" for line, message in dupes]
    added = unchanged = 0
    with opened(db) as store:
        if what != "questions":
            ids = [r["question_id"] for _, r in good if r["question_id"] is not None]
            known = sql.existing_question_ids(store.con, ids)
            for line, row in [g for g in good if g[1]["question_id"] not in known | {None}]:
                errors.append(f"{path}:{line}: question {row['question_id']!r} is not registered.")
            good = [g for g in good if g[1]["question_id"] in known | {None}]
        if what == "forecasts":
            direct = [(line, r) for line, r in good if r["question_id"] is not None]
            early = check_open(store, [r for _, r in direct], "made_at", "forecast")
            bad = {id(r) for (_, r), e in zip(direct, early, strict=True) if e is not None}
            errors += [f"{path}:{line}: {e}" for (line, _), e in zip(direct, early, strict=True) if e]
            good = [(line, r) for line, r in good if id(r) not in bad]
        if what == "questions":
            fresh = []
            for line, row in good:
                old = sql.get_question(store.con, row["question_id"])
                if old is None:
                    fresh.append(row)
                elif same_question(old, row):
                    unchanged += 1
                else:
                    errors.append(
                        f"{path}:{line}: question {row['question_id']} already exists with a "
                        "different text or dates."
                    )
            with store.transaction() as con:
                added = sql.insert_questions(con, fresh)
            unchanged += len(fresh) - added
        elif what == "forecasts":
            rows = [r for _, r in good]
            seen: dict[str, int] = {}
            for r in rows:  # identical rows in one file are revisions (0.3, 0.7, 0.3): each its own key
                if r["source_key"] is None:
                    base = content_key(r)
                    r["source_key"] = content_key(r, occurrence=seen.get(base, 0))
                    seen[base] = seen.get(base, 0) + 1
            with store.transaction() as con:
                sql.insert_forecasters(
                    con, [{"forecaster_id": r["forecaster_id"], "kind": r["kind"]} for r in rows]
                )
                added = sql.insert_forecasts(con, rows)
            unchanged = len(rows) - added
        elif what == "links":
            ids = sql.forecast_ids_by_key(store.con, [r["source_key"] for _, r in good])
            rows = []
            for line, r in good:
                if r["source_key"] not in ids:
                    errors.append(f"{path}:{line}: no statement with source_key {r['source_key']!r}.")
                else:
                    rows.append({**r, "forecast_id": ids[r["source_key"]]})
            with store.transaction() as con:
                added = sql.restore_links(con, rows)
            unchanged = len(rows) - added
        else:
            statuses, refused = write_resolutions(store, [r for _, r in good], amend=amend)
            errors += [f"{path}:{good[i][0]}: {exc}" for i, exc in refused]
            added = sum(s in ("resolved", "amended") for s in statuses)
            unchanged = sum(s == "unchanged" for s in statuses)
    summary = {
        "file": str(path),
        "what": what,
        "read": n_read,
        "added": int(added),
        "unchanged": int(unchanged),
        "errors": errors,
    }
    if errors:
        failure = PartialFailure(f"{len(errors)} row(s) refused, the rest imported; first: {errors[0]}")
        failure.result = summary
        raise failure
    return summary


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def export_rows(what: str, out: Path | str, *, db: Db = None) -> dict[str, Any]:
    """Write all questions, forecasts (with expert statements), resolutions (with history) or links to CSV,
    JSON, JSONL or Parquet; every format but Parquet imports back unchanged (:func:`import_rows`). ``scores``
    writes the per-forecast scored table (:func:`flashpoint.forecasts.track.scored_pairs`), for analysis."""
    if what not in (*WHAT, "scores"):
        raise InputError(f"export: expected one of {', '.join(WHAT)}, scores; got {what!r}.")
    out = Path(out)
    fmt = _format(out, EXPORT_FORMATS)
    if what == "scores":  # the per-forecast scored table (analysis only; it is derived, not imported)
        from flashpoint.forecasts.track import scored_pairs

        df = scored_pairs(db=db)
        df = df.assign(tags=[list(t) if t is not None else [] for t in df["tags"]])
    else:
        with opened(db, read_only=True) as store:
            df = sql.export_frame(store.con, what)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_frame(df, out, what, fmt)
    return {"what": what, "file": str(out), "rows": len(df)}


def write_frame(df: pd.DataFrame, out: Path, what: str, fmt: str) -> None:
    """Write ``df`` as CSV (lists joined by ';'), JSON ({what: rows}), JSONL or Parquet."""
    if fmt == ".parquet":
        df.to_parquet(out, index=False)
        return
    rows = records(df)
    if fmt == ".csv":
        frame = pd.DataFrame(
            [{k: _csv_cell(v) for k, v in r.items()} for r in rows], columns=list(df.columns)
        )
        frame.to_csv(out, index=False)
    elif fmt == ".jsonl":
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    else:
        out.write_text(json.dumps({what: rows}, ensure_ascii=False, indent=1), encoding="utf-8")
