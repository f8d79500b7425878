"""Publication dates: parsing the values inputs carry, and finding a dateline in plain text.

Only unambiguous forms are accepted, so a wrong date is never invented: ISO 8601 (``2024-11-05``,
``2024-11-05T10:00:00Z``), RFC 2822 (``Tue, 05 Nov 2024 10:00:00 GMT``), ``Nov. 5, 2024``,
``5 November 2024`` and US ``11/5/2024`` (month first unless the first number exceeds 12).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_PATTERNS = [
    re.compile(r"(?P<year>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?![\d])"),
    re.compile(r"(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<year>\d{4})(?!\d)"),
    re.compile(_MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)", re.IGNORECASE),
]


def _from_match(match: re.Match[str]) -> dt.date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    day = int(groups["d"])
    if groups.get("month"):
        month = _MONTHS[groups["month"].lower().rstrip(".")]
    else:
        month = int(groups["m"])
        if "/" in match.group(0) and month > 12 >= day:
            month, day = day, month
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


#: Earliest publication date accepted (assumption: no input predates the telegraph-era press; an earlier year
#: is a typo or a placeholder such as 0001-01-01).
EARLIEST = dt.date(1800, 1, 1)


def plausible(date: dt.date) -> bool:
    """True for a publication date that can be real: from :data:`EARLIEST` to tomorrow (time zones)."""
    return EARLIEST <= date <= dt.date.today() + dt.timedelta(days=1)


def parse_date(value: object) -> dt.date | None:
    """Parse a publication date in one of the accepted forms; None when it is not one or not plausible.

    Parameters
    ----------
    value : object
        A ``date``, ``datetime`` or string.
    """
    found = _parse(value)
    return found if found is not None and plausible(found) else None


def _parse(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    for pattern in _PATTERNS:
        match = pattern.fullmatch(text) or pattern.match(text)
        if match and len(text) - match.end() <= 12:
            found = _from_match(match)
            if found is not None and plausible(found):
                return found
    return None


def find_dateline(text: str, *, max_lines: int = 40) -> dt.date | None:
    """Return the date of a dateline near the top of a plain-text article, or None.

    A dateline is a short line (at most 80 characters) that starts with a date, optionally after
    ``Published:``/``Updated:``, as in ``11/5/2024 Updated: 11/5/2024``. Dates inside sentences
    are not datelines and are ignored.
    """
    for line in text.split("\n", max_lines)[:max_lines]:
        stripped = line.strip()
        if not stripped or len(stripped) > 80:
            continue
        head = re.sub(r"^(?:published|posted|date)(?:\s+on)?\s*[:\-]?\s*", "", stripped, flags=re.IGNORECASE)
        for pattern in _PATTERNS:
            match = pattern.match(head)
            if match is None:
                continue
            tail = head[match.end() :]
            if tail and not re.match(r"\s*(?:$|[|·,;\-]|updated\b|\d{1,2}:\d{2})", tail, re.IGNORECASE):
                continue
            found = _from_match(match)
            if found is not None and plausible(found):
                return found
    return None
