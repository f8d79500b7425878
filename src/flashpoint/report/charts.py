"""Charts as inline SVG strings, built on the server: no script, no network, and they print.

Every text that reaches a chart passes through :func:`esc`. Coordinates are in the SVG's own units; the
charts scale with their container (``viewBox`` and ``width: 100%`` in the stylesheet).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

# One palette for every chart and the graph (colour-blind safe: Okabe & Ito 2008).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")


def esc(text: object) -> str:
    """Text escaped for SVG/HTML content and attribute values."""
    return escape(str(text), quote=True)


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _svg(width: int, height: int, body: list[str], label: str, cls: str = "chart") -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{esc(label)}" class="{cls}">' + "".join(body) + "</svg>"
    )


def _rect(x: float, y: float, w: float, h: float, cls: str) -> str:
    return f'<rect x="{_fmt(x)}" y="{_fmt(y)}" width="{_fmt(w)}" height="{_fmt(h)}" class="{cls}"/>'


def _axes(x0: float, y0: float, x1: float, y1: float, x_label: str, y_label: str) -> list[str]:
    """Frame, probability ticks on the y axis (0, 0.25 .. 1) and the two axis labels."""
    out = [_rect(x0, y1, x1 - x0, y0 - y1, "frame")]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = y0 - tick * (y0 - y1)
        out.append(f'<line x1="{_fmt(x0)}" y1="{_fmt(y)}" x2="{_fmt(x1)}" y2="{_fmt(y)}" class="grid"/>')
        out.append(
            f'<text x="{_fmt(x0 - 4)}" y="{_fmt(y + 3)}" class="tick" text-anchor="end">{tick:g}</text>'
        )
    out.append(
        f'<text x="{_fmt((x0 + x1) / 2)}" y="{_fmt(y0 + 28)}" class="axis" text-anchor="middle">'
        f"{esc(x_label)}</text>"
    )
    out.append(
        f'<text x="12" y="{_fmt((y0 + y1) / 2)}" class="axis" text-anchor="middle" '
        f'transform="rotate(-90 12 {_fmt((y0 + y1) / 2)})">{esc(y_label)}</text>'
    )
    return out


def path_chart(
    series: Sequence[dict],
    *,
    x_label: str,
    y_label: str = "probability",
    x_max: float | None = None,
    title: str = "probability path",
) -> str:
    """Lines (and dots) of probabilities against a number (months, or days from a date).

    Parameters
    ----------
    series : sequence of dict
        Each ``{"label": str, "points": [(x, p), ...], "step": bool (optional), "dots": bool (optional)}``;
        ``p`` in [0, 1].
    x_label, y_label : str
        Axis labels.
    x_max : float, optional
        Right end of the x axis (default: the largest x, at least 1).
    """
    width, height = 560, 240
    x0, y0, x1, y1 = 44.0, 200.0, 540.0, 12.0
    xs = [x for s in series for x, _ in s["points"]]
    top = max(1.0, x_max if x_max is not None else max(xs, default=1.0))
    body = _axes(x0, y0, x1, y1, x_label, y_label)
    for tick in _nice_ticks(top):
        x = x0 + tick / top * (x1 - x0)
        body.append(
            f'<text x="{_fmt(x)}" y="{_fmt(y0 + 13)}" class="tick" text-anchor="middle">{tick:g}</text>'
        )
    legend_y = y1 + 12
    for k, s in enumerate(series):
        colour = PALETTE[k % len(PALETTE)]
        pts = [(x0 + x / top * (x1 - x0), y0 - max(0.0, min(1.0, p)) * (y0 - y1)) for x, p in s["points"]]
        if len(pts) > 1 and not s.get("dots"):
            if s.get("step"):
                coords = [pts[0]]
                for a, b in zip(pts, pts[1:], strict=False):
                    coords += [(b[0], a[1]), b]
            else:
                coords = pts
            d = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)
            body.append(f'<polyline points="{d}" fill="none" stroke="{colour}" class="line"/>')
        else:
            for x, y in pts:
                body.append(f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="4" fill="{colour}"/>')
        body.append(
            f'<rect x="{_fmt(x0 + 8)}" y="{_fmt(legend_y - 8)}" width="10" height="10" fill="{colour}"/>'
        )
        body.append(
            f'<text x="{_fmt(x0 + 22)}" y="{_fmt(legend_y + 1)}" class="legend">{esc(s["label"])}</text>'
        )
        legend_y += 14
    return _svg(width, height, body, title)


def _nice_ticks(top: float) -> list[float]:
    step = 10 ** math.floor(math.log10(top)) if top > 0 else 1
    while top / step > 8:
        step *= 2
    while top / step < 3:
        step /= 2
    return [i * step for i in range(int(top / step) + 1)]


def reliability_chart(
    bins: Sequence[dict], corp_x: Sequence[float], corp_y: Sequence[float], label: str
) -> str:
    """A CORP reliability diagram: the isotonic (CORP) step curve, binned frequencies (area by count), the
    diagonal of perfect calibration.

    Parameters
    ----------
    bins : sequence of dict
        ``{"mean_p", "freq", "count"}`` per non-empty bin.
    corp_x, corp_y : sequence of float
        Sorted forecasts and their isotonic calibrated values.
    """
    size = 300
    x0, y0, x1, y1 = 44.0, 260.0, 290.0, 14.0
    body = _axes(x0, y0, x1, y1, "forecast probability", "observed frequency")

    def at(p: float, q: float) -> tuple[float, float]:
        return x0 + p * (x1 - x0), y0 - q * (y0 - y1)

    a, b = at(0, 0), at(1, 1)
    body.append(
        f'<line x1="{_fmt(a[0])}" y1="{_fmt(a[1])}" x2="{_fmt(b[0])}" y2="{_fmt(b[1])}" class="diag"/>'
    )
    if len(corp_x):
        coords = [at(corp_x[0], corp_y[0])]
        for i in range(1, len(corp_x)):
            coords += [at(corp_x[i], corp_y[i - 1]), at(corp_x[i], corp_y[i])]
        d = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)
        body.append(f'<polyline points="{d}" fill="none" stroke="{PALETTE[1]}" class="line"/>')
    total = sum(int(b["count"]) for b in bins) or 1
    for row in bins:
        x, y = at(float(row["mean_p"]), float(row["freq"]))
        r = 3 + 12 * math.sqrt(int(row["count"]) / total)
        body.append(
            f'<circle cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(r)}" fill="{PALETTE[0]}" fill-opacity="0.5">'
            f"<title>{int(row['count'])} forecasts</title></circle>"
        )
    body.append(f'<text x="{_fmt(x0 + 6)}" y="{_fmt(y1 + 14)}" class="legend">{esc(label)}</text>')
    return _svg(size, size, body, f"reliability diagram: {label}", "chart square")


def interval_strip(
    p: float | None,
    ci: Sequence[float] | None = None,
    wide: Sequence[float] | None = None,
    marks: Sequence[float] = (),
) -> str:
    """One probability on a 0-1 strip: the Monte Carlo interval (dark), an assumption interval (light) and
    other forecasters' probabilities as ticks."""
    width, height = 200, 18
    x0, x1 = 4.0, 196.0

    def x(v: float) -> float:
        return x0 + max(0.0, min(1.0, v)) * (x1 - x0)

    body = [f'<line x1="{_fmt(x0)}" y1="9" x2="{_fmt(x1)}" y2="9" class="grid"/>']
    if wide:
        body.append(_rect(x(wide[0]), 4, x(wide[1]) - x(wide[0]), 10, "wide"))
    if ci:
        body.append(_rect(x(ci[0]), 6, max(1.0, x(ci[1]) - x(ci[0])), 6, "ci"))
    for m in marks:
        body.append(f'<line x1="{_fmt(x(m))}" y1="1" x2="{_fmt(x(m))}" y2="17" class="mark"/>')
    if p is not None:
        body.append(f'<circle cx="{_fmt(x(p))}" cy="9" r="3.5" class="point"/>')
    return _svg(width, height, body, "probability and intervals", "strip")


def stylesheet() -> str:
    """The charts' CSS (``report/templates/charts.css``): inlined by the report, served to the pages."""
    from importlib import resources

    return (resources.files("flashpoint.report") / "templates" / "charts.css").read_text(encoding="utf-8")
