"""Tornado plots of Sobol indices: one PNG (matplotlib) and one HTML (plotly) per question.

Bars are total indices ST (with their 95% bootstrap half-width) and first-order indices S1, largest ST on
top; a question whose variation is mostly Monte Carlo noise carries a warning in its title.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

TOP_K = 12


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)


def _title(entry: dict[str, Any], scenario: str) -> str:
    warn = "" if entry.get("reliable", True) else "  [mostly Monte Carlo noise: read with care]"
    return f"{scenario}: {entry['id']} (p = {entry['probability']:.4f}){warn}"


def write_png(entry: dict[str, Any], scenario: str, path: Path, top_k: int = TOP_K) -> Path:
    """Write a horizontal bar chart of ST and S1 for the ``top_k`` parameters of one question."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = entry["indices"][:top_k][::-1]
    names = [r["parameter"] for r in rows]
    y = list(range(len(rows)))
    fig, ax = plt.subplots(figsize=(9, 0.38 * len(rows) + 1.6), dpi=90)
    ax.barh(
        [v + 0.2 for v in y],
        [r["ST"] for r in rows],
        height=0.4,
        xerr=[r["ST_conf"] for r in rows],
        color="#b2182b",
        label="total (ST)",
        error_kw={"elinewidth": 0.8, "capsize": 2},
    )
    ax.barh(
        [v - 0.2 for v in y],
        [max(r["S1"], 0.0) for r in rows],
        height=0.4,
        color="#2166ac",
        label="first order (S1)",
    )
    ax.set_yticks(y)
    ax.set_yticklabels(names, fontsize=8)
    ax.set_xlabel("Sobol index of the question's probability")
    ax.set_xlim(left=0)
    ax.set_title(_title(entry, scenario), fontsize=9)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def write_html(entry: dict[str, Any], scenario: str, path: Path, top_k: int = TOP_K) -> Path:
    """Write the same chart as interactive plotly HTML (plotly.min.js written once beside it, offline)."""
    import plotly.graph_objects as go

    rows = entry["indices"][:top_k][::-1]
    names = [r["parameter"] for r in rows]
    fig = go.Figure()
    fig.add_bar(
        y=names,
        x=[r["ST"] for r in rows],
        orientation="h",
        name="total (ST)",
        error_x={"type": "data", "array": [r["ST_conf"] for r in rows]},
        marker_color="#b2182b",
    )
    fig.add_bar(
        y=names,
        x=[max(r["S1"], 0.0) for r in rows],
        orientation="h",
        name="first order (S1)",
        marker_color="#2166ac",
    )
    fig.update_layout(
        title=_title(entry, scenario),
        barmode="group",
        xaxis_title="Sobol index",
        height=140 + 32 * len(rows),
        template="plotly_white",
    )
    fig.write_html(path, include_plotlyjs="directory", full_html=True)  # one plotly.min.js beside the files
    return path


def write_tornados(result: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write PNG and HTML tornado plots for every question of a sensitivity result into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for entry in result["questions"]:
        stem = out_dir / f"tornado-{_slug(result['scenario'])}-{_slug(entry['id'])}"
        paths.append(write_png(entry, result["scenario"], stem.with_suffix(".png")))
        paths.append(write_html(entry, result["scenario"], stem.with_suffix(".html")))
    return paths
