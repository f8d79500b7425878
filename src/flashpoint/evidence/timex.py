"""Time expressions: event dates and forecast horizons, read against the publication date.

Dates ("June 19, 2024", "Oct. 28", "Monday", "last week", "two years ago") come from the parser's DATE
entities. Horizons ("in two to four years", "in their final 6-8 months", "within 18 months", "by 2026",
"next month", "in early 2025", "soon") come from patterns over the forecast's sentence; vague words use
the windows in ``data/horizons.yaml`` (flashpoint's reading, marked as an assumption there).
Arithmetic on months keeps the day of month (clamped): 2024-11-05 + 6 months = 2025-05-05.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from pathlib import Path

import yaml

from flashpoint.evidence.records import Horizon

#: Number words a horizon or a reported quantity may use (``quantities`` reads them too).
CARDINALS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "eighteen": 18,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
_WORDS = {
    **CARDINALS,
    "couple": 2,
    "few": 3,
    "several": 3,
    "a": 1,
    "an": 1,
    "a few": 3,
    "a couple of": 2,
    "half a": 0.5,
}
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS["sept"] = 9
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_NUM = r"(\d+(?:\.\d+)?|a few|a couple of|half a|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|few|several)"  # noqa: E501
_UNIT = r"(day|week|month|year|decade)s?"
_SPAN = re.compile(
    rf"\b(in|within|over|during|for)\s+(?:the\s+|their\s+|its\s+|his\s+|her\s+)?"
    rf"(next|coming|following|final|last|another|first)?\s*{_NUM}(?:\s*(?:-|\u2013|to|or)\s*{_NUM})?\s+{_UNIT}\b",
    re.IGNORECASE,
)
_BY_YEAR = re.compile(
    r"\b(by|before|until|in|during)\s+(?:(early|mid|late|the end of|the middle of)[\s-]+)?(20\d\d)\b", re.I
)
_BY_MONTH = re.compile(r"\b(by|before|until|in)\s+(?:the end of\s+)?([A-Z][a-z]+)\.?(?:\s+(20\d\d))?\b")
_RELATIVE = re.compile(
    r"\b(next|this|the coming)\s+(week|month|year|decade|spring|summer|autumn|fall|winter)\b", re.I
)
_END_OF = re.compile(
    r"\b(?:by|before)\s+the\s+end\s+of\s+(?:the\s+|this\s+)?(year|month|decade|next year)\b", re.I
)
_DAYS = {"day": 1, "week": 7}

_VAGUE_DATA = yaml.safe_load((Path(__file__).with_name("data") / "horizons.yaml").read_text(encoding="utf-8"))
_VAGUE_WINDOWS: dict[str, tuple[int, int | None]] = {}
for _band in _VAGUE_DATA["vague"]:
    for _phrase in _band["phrases"]:
        _VAGUE_WINDOWS[_phrase.lower()] = (_band["start"], _band["end"])
_VAGUE = re.compile(
    r"\b(" + "|".join(re.escape(p) for p in sorted(_VAGUE_WINDOWS, key=len, reverse=True)) + r")\b", re.I
)


def add_months(date: dt.date, months: float) -> dt.date:
    """``date`` plus ``months`` calendar months (day of month clamped; half months as 15 days)."""
    whole = int(months)
    y, m = divmod(date.month - 1 + whole, 12)
    year, month = date.year + y, m + 1
    day = min(date.day, calendar.monthrange(year, month)[1])
    out = dt.date(year, month, day)
    return out + dt.timedelta(days=round((months - whole) * 30))


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    text = text.lower()
    if text in _WORDS:
        return float(_WORDS[text])
    try:
        return float(text)
    except ValueError:
        return None


def shift(date: dt.date, amount: float, unit: str) -> dt.date:
    unit = unit.lower().rstrip("s")
    if unit in _DAYS:
        return date + dt.timedelta(days=round(amount * _DAYS[unit]))
    months = {"month": 1, "year": 12, "decade": 120}[unit]
    return add_months(date, amount * months)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def horizon(text: str, published: dt.date | None) -> Horizon | None:
    """The first horizon expression in ``text``, normalised against ``published``.

    Without ``published`` only the words are kept (``start`` and ``end`` are None).
    """
    best: tuple[int, Horizon] | None = None
    for found in (_span(text, published), _calendar(text, published), _vague(text, published)):
        if found is not None and (best is None or found[0] < best[0]):
            best = found
    return best[1] if best else None


def _span(text: str, pub: dt.date | None):
    m = _SPAN.search(text)
    if m is None:
        return None
    prep, qualifier, n1, n2, unit = m.groups()
    lo, hi = _number(n1), _number(n2)
    if lo is None or (qualifier or "").lower() == "last" and prep.lower() != "in":
        return None
    if pub is None:
        return m.start(), Horizon(m.group(0))
    opening = prep.lower() in ("within", "over", "during", "for") or (qualifier or "").lower() in (
        "next",
        "coming",
        "following",
        "first",
    )
    if hi is None:
        start = pub if opening else shift(pub, lo, unit)
        end = shift(pub, lo, unit)
    else:
        start = pub if opening else shift(pub, lo, unit)
        end = shift(pub, hi, unit)
    return m.start(), Horizon(m.group(0), start, end)


def _calendar(text: str, pub: dt.date | None):
    hits = []
    if (m := _END_OF.search(text)) is not None:
        what = m.group(1).lower()
        if pub is not None:
            end = {
                "year": dt.date(pub.year, 12, 31),
                "month": _month_end(pub.year, pub.month),
                "decade": dt.date(pub.year - pub.year % 10 + 9, 12, 31),
                "next year": dt.date(pub.year + 1, 12, 31),
            }[what]
            hits.append((m.start(), Horizon(m.group(0), pub, end)))
        else:
            hits.append((m.start(), Horizon(m.group(0))))
    if (m := _BY_YEAR.search(text)) is not None:
        prep, part, year = m.group(1).lower(), (m.group(2) or "").lower(), int(m.group(3))
        if pub is None:
            hits.append((m.start(), Horizon(m.group(0))))
        elif year >= pub.year:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            if part == "early":
                last = dt.date(year, 4, 30)
            elif part in ("mid", "the middle of"):
                first, last = dt.date(year, 5, 1), dt.date(year, 8, 31)
            elif part in ("late", "the end of"):
                first = dt.date(year, 9, 1)
            if prep in ("by", "before", "until"):
                first = pub
            hits.append((m.start(), Horizon(m.group(0), max(first, pub), last)))
    if (m := _BY_MONTH.search(text)) is not None and m.group(2).lower() in _MONTHS:
        month = _MONTHS[m.group(2).lower()]
        if pub is None:
            hits.append((m.start(), Horizon(m.group(0))))
        else:
            year = int(m.group(3)) if m.group(3) else pub.year + (month < pub.month)
            if dt.date(year, month, 1) >= dt.date(pub.year, pub.month, 1):
                first = pub if m.group(1) in ("by", "before", "until") else max(pub, dt.date(year, month, 1))
                hits.append((m.start(), Horizon(m.group(0), first, _month_end(year, month))))
    if (m := _RELATIVE.search(text)) is not None:
        which, unit = m.group(1).lower(), m.group(2).lower()
        hits.append((m.start(), _relative(m.group(0), which, unit, pub)))
    return min(hits, key=lambda h: h[0]) if hits else None


def _relative(words: str, which: str, unit: str, pub: dt.date | None) -> Horizon:
    if pub is None:
        return Horizon(words)
    ahead = 0 if which == "this" else 1
    if unit == "week":
        monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(weeks=ahead)
        return Horizon(words, max(pub, monday), monday + dt.timedelta(days=6))
    if unit == "month":
        first = add_months(dt.date(pub.year, pub.month, 1), ahead)
        return Horizon(words, max(pub, first), _month_end(first.year, first.month))
    if unit == "year":
        year = pub.year + ahead
        return Horizon(words, max(pub, dt.date(year, 1, 1)), dt.date(year, 12, 31))
    if unit == "decade":
        return Horizon(words, pub, shift(pub, 10 * max(ahead, 1), "year"))
    season = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}[unit]
    year = pub.year + (ahead if season >= pub.month else 1)
    first = dt.date(year, season, 1)
    return Horizon(words, max(pub, first), _month_end(*divmod_month(first, 2)))


def divmod_month(date: dt.date, months: int) -> tuple[int, int]:
    d = add_months(date, months)
    return d.year, d.month


def _vague(text: str, pub: dt.date | None):
    m = _VAGUE.search(text)
    if m is None:
        return None
    if pub is None:
        return m.start(), Horizon(m.group(0))
    start, end = _VAGUE_WINDOWS[m.group(0).lower()]
    return m.start(), Horizon(
        m.group(0), pub + dt.timedelta(days=start), pub + dt.timedelta(days=end) if end is not None else None
    )


# -- event dates ------------------------------------------------------------------------------------
_AGO = re.compile(rf"\b{_NUM}\s+{_UNIT}\s+ago\b", re.I)
_LAST = re.compile(r"\b(last|previous|past)\s+(week|month|year)\b", re.I)
_MDY = re.compile(r"\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b")
_DMY = re.compile(r"\b(\d{1,2})\s+([A-Z][a-z]{2,8})\.?(?:\s+(\d{4}))?\b")
_NUMERIC = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b|\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")


def parse_date(text: str, published: dt.date | None) -> dt.date | None:
    """A calendar date for a date expression, read against ``published`` (None when it cannot tell)."""
    low = text.lower().strip()
    if published is not None:
        if low in ("today", "tonight", "this morning", "this afternoon", "this evening"):
            return published
        if low == "yesterday":
            return published - dt.timedelta(days=1)
        for name, wd in _WEEKDAYS.items():
            if low.endswith(name):
                delta = (published.weekday() - wd) % 7
                return published - dt.timedelta(
                    days=delta if "next" not in low else -((wd - published.weekday()) % 7)
                )
        if (m := _AGO.search(text)) is not None and (n := _number(m.group(1))) is not None:
            return shift(published, -n, m.group(2))
        if (m := _LAST.search(text)) is not None:
            return shift(published, -1, m.group(2))
    if (m := _NUMERIC.search(text)) is not None:
        try:
            if m.group(1):
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return dt.date(int(m.group(6)), int(m.group(4)), int(m.group(5)))
        except ValueError:
            return None
    for rx, month_group, day_group in ((_MDY, 1, 2), (_DMY, 2, 1)):
        if (m := rx.search(text)) is not None and m.group(month_group).lower() in _MONTHS:
            month, day = _MONTHS[m.group(month_group).lower()], int(m.group(day_group))
            year = int(m.group(3)) if m.group(3) else None
            if year is None and published is not None:
                year = (
                    published.year if (month, day) <= (published.month, published.day) else published.year - 1
                )
            if year is None:
                return None
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    if (m := _YEAR.search(text)) is not None and published is not None and int(m.group(1)) < published.year:
        return dt.date(int(m.group(1)), 1, 1)
    return None


def event_date(a, anchor) -> dt.date | None:
    """The date of the event at token ``anchor``: a DATE entity in its clause, read against the
    publication date."""
    for start, end in a.dates_in(a.tok_sent[anchor.i]):
        head = a.doc[start:end].root
        for _ in range(3):
            if head.i == anchor.i:
                return parse_date(a.doc[start:end].text, a.published)
            if head.head.i == head.i:
                break
            head = head.head
    return None
