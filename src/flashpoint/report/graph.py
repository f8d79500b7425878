"""The scenario as a graph in SVG: theatres in the middle, the actors of side A to the left and of side B to
the right (each at the height of the theatres it is in), alliances as arcs, support flows as arrows.

Every node and edge is a link to its parameters (``link(path)``: the web page's or the report's anchor),
and carries a tooltip with its values and sources. Layout is deterministic: the same scenario draws the
same picture.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from flashpoint.report.charts import PALETTE, esc
from flashpoint.world.model import FLOW_KINDS, RUNGS
from flashpoint.world.scenario import Scenario

WIDTH = 980
ROW = 58
TOP = 40
COLUMNS = {"a": 150.0, "theatre": 490.0, "b": 830.0}


def anchor(path: str) -> str:
    """The HTML id of an element's parameter block, from its dotted path (``actors.RUS``)."""
    return "p-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in path)


def _sides(sc: Scenario) -> dict[str, list[tuple[str, str]]]:
    """actor -> [(theatre id, role)] with role one of side_a, side_b, supporters_a, supporters_b."""
    out: dict[str, list[tuple[str, str]]] = {a: [] for a in sc.actors}
    for tid, th in sc.theatres.items():
        for role in ("side_a", "side_b", "supporters_a", "supporters_b"):
            for a in getattr(th, role):
                out.setdefault(a, []).append((tid, role))
    return out


def layout(sc: Scenario) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]], float]:
    """Positions of theatres and actors (centre points) and the picture's height."""
    tids = list(sc.theatres)
    n_rows = max(len(tids), 1)
    sides = _sides(sc)
    column: dict[str, str] = {}
    want: dict[str, float] = {}
    for a, roles in sides.items():
        lean = sum(-1 if r.endswith("_a") else 1 for _, r in roles)
        column[a] = "none" if not roles else ("a" if lean <= 0 else "b")
        want[a] = sum(tids.index(t) for t, _ in roles) / len(roles) if roles else 0.0
    counts = {c: sum(1 for v in column.values() if v == c) for c in ("a", "b")}
    n_rows = max(n_rows, counts["a"], counts["b"])
    height = TOP + n_rows * ROW + 90
    span = n_rows * ROW
    theatres = {t: (COLUMNS["theatre"], TOP + (i + 0.5) * span / len(tids)) for i, t in enumerate(tids)}
    actors: dict[str, tuple[float, float]] = {}
    for c in ("a", "b"):
        members = sorted((a for a in sc.actors if column[a] == c), key=lambda a: (want[a], a))
        for i, a in enumerate(members):
            actors[a] = (COLUMNS[c], TOP + (i + 0.5) * span / max(len(members), 1))
    loose = [a for a in sc.actors if column[a] == "none"]
    for i, a in enumerate(loose):
        actors[a] = (WIDTH / 2 + (i - (len(loose) - 1) / 2) * 110, TOP + span + 40)
    return theatres, actors, height


def _control(x1: float, y1: float, x2: float, y2: float, *, outward: bool) -> tuple[float, float]:
    """Control point of a curved edge: edges within a column bend out of it (alliances away from the middle,
    flows towards it) by more the longer they are, so they pass beside the nodes between their ends."""
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    if abs(x1 - x2) > 1:
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        return mx - dy / norm * 30, my + dx / norm * 30
    side = -1.0 if mx < WIDTH / 2 else 1.0
    bend = 40 + 0.45 * abs(y2 - y1)
    return mx + (side if outward else -side) * bend, my


def _toward(x: float, y: float, tx: float, ty: float, by: float) -> tuple[float, float]:
    """The point ``by`` units from (x, y) towards (tx, ty)."""
    d = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) / d * by, y + (ty - y) / d * by


def _link(href: str, tip: str, inner: str) -> str:
    return f'<a href="{esc(href)}"><title>{esc(tip)}</title>{inner}</a>'


def system_graph(sc: Scenario, link: Callable[[str], str]) -> str:
    """The scenario's system graph as one SVG string.

    Parameters
    ----------
    sc : Scenario
        The scenario (after any overrides).
    link : callable
        Maps an element's dotted path (``actors.RUS``, ``flows.prk_rus_troops``) to an href.
    """
    theatres, actors, height = layout(sc)
    kinds = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(FLOW_KINDS)}
    defs = "".join(
        f'<marker id="arrow-{k}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
        for k, c in kinds.items()
    )
    body = [f"<defs>{defs}</defs>"]
    for tid, th in sc.theatres.items():  # membership lines first, under everything
        tx, ty = theatres[tid]
        for role in ("side_a", "side_b", "supporters_a", "supporters_b"):
            for a in getattr(th, role):
                ax, ay = actors[a]
                cls = "member" if role.startswith("side") else "supporter"
                body.append(f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{tx:.1f}" y2="{ty:.1f}" class="{cls}"/>')
    for aid, al in sc.alliances.items():
        commitment = al.commitment.point()
        for i, m in enumerate(al.members):
            for n in al.members[i + 1 :]:
                (x1, y1), (x2, y2) = actors[m], actors[n]
                cx, cy = _control(x1, y1, x2, y2, outward=True)
                tip = f"{al.name} ({al.kind}): commitment {al.commitment.describe()}; "
                tip += al.commitment.provenance()
                body.append(
                    _link(
                        link(f"alliances.{aid}"),
                        tip,
                        f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" class="alliance" '
                        f'stroke-width="{1 + 4 * commitment:.1f}"/>',
                    )
                )
    for fid, fl in sc.flows.items():
        (x1, y1), (x2, y2) = actors[fl.sender], actors[fl.recipient]
        cx, cy = _control(x1, y1, x2, y2, outward=False)
        sx, sy = _toward(x1, y1, cx, cy, 24)
        ex, ey = _toward(x2, y2, cx, cy, 30)
        width = 1.5 + 1.5 * math.log1p(fl.size.point())
        tip = f"{fid}: {fl.kind} {fl.size.describe()} {fl.unit}; {fl.size.provenance()}"
        body.append(
            _link(
                link(f"flows.{fid}"),
                tip,
                f'<path d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" fill="none" '
                f'stroke="{kinds[fl.kind]}" stroke-width="{width:.1f}" class="flow" '
                f'marker-end="url(#arrow-{fl.kind})"/>',
            )
        )
    for tid, th in sc.theatres.items():
        x, y = theatres[tid]
        rung = int(th.rung.value)
        limits = []
        if th.limits.geography_contained.value:
            limits.append("geography contained")
        if th.limits.weapons_limited.value:
            limits.append("weapons limited")
        tip = f"{th.name}: rung {rung} ({RUNGS[rung]}); {', '.join(limits) or 'no limits'}; "
        tip += th.rung.provenance()
        inner = (
            f'<rect x="{x - 95:.1f}" y="{y - 19:.1f}" width="190" height="38" rx="6" '
            f'class="theatre r{rung}"/>'
            f'<text x="{x:.1f}" y="{y - 4:.1f}" text-anchor="middle" class="name">{esc(th.name)}</text>'
            f'<text x="{x:.1f}" y="{y + 11:.1f}" text-anchor="middle" class="small">'
            f"rung {rung}: {esc(RUNGS[rung])}{' | ' + esc(', '.join(limits)) if limits else ''}</text>"
        )
        body.append(_link(link(f"theatres.{tid}"), tip, inner))
    for aid, actor in sc.actors.items():
        x, y = actors[aid]
        nuclear = bool(actor.nuclear.value)
        cinc = actor.capability.cinc.describe() if actor.capability is not None else "none (never fights)"
        tip = f"{actor.name} ({actor.kind}): CINC {cinc}"
        if actor.resolve is not None:  # resolve is stated only for side leads and the western actor
            tip += f", resolve {actor.resolve.describe()}"
        inner = (
            f'<rect x="{x - 30:.1f}" y="{y - 14:.1f}" width="60" height="28" rx="14" '
            f'class="actor{" nuclear" if nuclear else ""}"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" class="code">{esc(aid)}</text>'
        )
        body.append(_link(link(f"actors.{aid}"), tip, inner))
    legend_y = height - 24
    items = [f'<text x="20" y="{legend_y:.1f}" class="small">flows:</text>']
    x = 62.0
    for k in sorted({fl.kind for fl in sc.flows.values()}):
        items.append(f'<rect x="{x:.1f}" y="{legend_y - 9:.1f}" width="10" height="10" fill="{kinds[k]}"/>')
        items.append(f'<text x="{x + 14:.1f}" y="{legend_y:.1f}" class="small">{esc(k)}</text>')
        x += 20 + 7 * len(k)
    items.append(
        f'<text x="20" y="{legend_y + 16:.1f}" class="small">arcs: alliances (width = commitment); '
        "grey lines: belligerents (solid) and supporters (dotted); thick outline: nuclear power; "
        "left: side A, right: side B</text>"
    )
    body += items
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'aria-label="system graph of {esc(sc.id)}" class="graph">' + "".join(body) + "</svg>"
    )
