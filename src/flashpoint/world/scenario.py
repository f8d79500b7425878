"""The scenario root and its cross-reference checks (unknown actors, dangling or cyclic references)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from flashpoint.world.indicators import Indicator, indicator_issues
from flashpoint.world.model import Actor, Alliance, Flow, Theatre
from flashpoint.world.questions import Cond, ConditionError, Question, parse_condition, references
from flashpoint.world.rules import Calibration, Rules

STEP_DAYS = {"month": 30.4375, "week": 7.0, "day": 1.0}


class Scenario(BaseModel):
    """A scenario: who, what flows, which theatres, which rules, which questions, as known on ``as_of``."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    title: str
    description: str = ""
    as_of: date
    step: Literal["month", "week", "day"] = "month"
    actors: dict[str, Actor] = Field(min_length=2)
    alliances: dict[str, Alliance] = Field(default_factory=dict)
    flows: dict[str, Flow] = Field(default_factory=dict)
    theatres: dict[str, Theatre] = Field(min_length=1)
    calibration: Calibration = Field(default_factory=Calibration)
    rules: Rules = Field(default_factory=Rules)
    questions: dict[str, Question] = Field(default_factory=dict)
    indicators: dict[str, Indicator] = Field(default_factory=dict)

    _conditions: dict[str, Cond] = PrivateAttr(default_factory=dict)
    _origin: str = PrivateAttr(default="<scenario>")
    _raw: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def step_days(self) -> float:
        """Length of one step in days."""
        return STEP_DAYS[self.step]

    @property
    def origin(self) -> str:
        """The file the scenario was read from, or ``<scenario>``."""
        return self._origin

    @property
    def raw(self) -> dict[str, Any]:
        """The plain data the scenario was validated from (after overrides)."""
        return self._raw

    def condition(self, question_id: str) -> Cond:
        """Return the parsed condition of a question."""
        return self._conditions[question_id]

    def canonical(self) -> str:
        """Return the canonical JSON serialisation (sorted keys, no spaces) that :meth:`sha256` hashes."""
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)

    def sha256(self) -> str:
        """Return the SHA-256 of :meth:`canonical`."""
        return hashlib.sha256(self.canonical().encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Issue:
    """A cross-reference problem at ``path`` (a tuple of keys and indices)."""

    path: tuple
    message: str


def check_scenario(sc: Scenario) -> list[Issue]:
    """Return every cross-reference issue and store the parsed question conditions on ``sc``."""
    issues: list[Issue] = []
    actors, theatres = set(sc.actors), set(sc.theatres)

    def need(kind: str, value: str | None, known: set[str], path: tuple) -> None:
        if value is not None and value not in known:
            close = ", ".join(sorted(known)[:12])
            issues.append(Issue(path, f"expected a known {kind} ({close}); got unknown {kind} {value!r}"))

    for aid, al in sc.alliances.items():
        for i, m in enumerate(al.members):
            need("actor", m, actors, ("alliances", aid, "members", i))
        for m in al.member_commitment:
            if m not in al.members:
                issues.append(
                    Issue(
                        ("alliances", aid, "member_commitment", m),
                        f"expected one of the members {al.members}; got {m!r}",
                    )
                )
        for i, t in enumerate(al.scope or []):
            need("theatre", t, theatres, ("alliances", aid, "scope", i))
        if al.signed is not None and al.signed > sc.as_of:
            issues.append(
                Issue(
                    ("alliances", aid, "signed"),
                    f"expected a date on or before as_of {sc.as_of}; got {al.signed}",
                )
            )
    for fid, fl in sc.flows.items():
        need("actor", fl.sender, actors, ("flows", fid, "sender"))
        need("actor", fl.recipient, actors, ("flows", fid, "recipient"))
        if fl.sender == fl.recipient:
            issues.append(
                Issue(
                    ("flows", fid, "recipient"),
                    f"expected another actor than the sender; got {fl.recipient!r}",
                )
            )
        need("theatre", fl.theatre, theatres, ("flows", fid, "theatre"))
        if fl.front is not None:
            if fl.theatre is None:
                issues.append(Issue(("flows", fid, "front"), "expected `theatre:` with `front:`; got none"))
            elif fl.theatre in sc.theatres:
                need("front", fl.front, set(sc.theatres[fl.theatre].fronts), ("flows", fid, "front"))
    for tid, th in sc.theatres.items():
        sides: dict[str, str] = {}
        for key in ("side_a", "side_b", "supporters_a", "supporters_b"):
            for i, a in enumerate(getattr(th, key)):
                need("actor", a, actors, ("theatres", tid, key, i))
                if a in sides:
                    issues.append(
                        Issue(
                            ("theatres", tid, key, i),
                            f"expected each actor once per theatre; got {a!r} in {sides[a]} and {key}",
                        )
                    )
                sides[a] = key
        for a in th.entry_per_month:
            if a not in th.supporters_a and a not in th.supporters_b:
                issues.append(
                    Issue(
                        ("theatres", tid, "entry_per_month", a),
                        f"expected a supporter of the theatre ({th.supporters_a + th.supporters_b}); "
                        f"got {a!r}",
                    )
                )
        need("actor", th.rival, actors, ("theatres", tid, "rival"))
        need("theatre", th.sector_of, theatres, ("theatres", tid, "sector_of"))
    issues += _sector_cycles(sc)
    issues += _resolves(sc)
    issues += _capabilities(sc)
    issues += _rule_refs(sc, need)
    issues += _question_checks(sc, need)
    if sc.indicators:
        data = sc.model_dump(mode="json", by_alias=True)
        issues += [Issue(path, message) for path, message in indicator_issues(sc.indicators, data)]
    return issues


def _resolves(sc: Scenario) -> list[Issue]:
    """The leads of each side and the perception's western actor need a resolve (the rules read it)."""
    leads = [th.side_a[0] for th in sc.theatres.values() if th.side_a]
    leads += [th.side_b[0] for th in sc.theatres.values() if th.side_b]
    leads.append(sc.rules.perception.western_actor)
    out = []
    for aid in dict.fromkeys(a for a in leads if a is not None and a in sc.actors):
        if sc.actors[aid].resolve is None:
            out.append(
                Issue(
                    ("actors", aid, "resolve"),
                    "required: the actor leads a side of a theatre (or is the perception's western_actor); "
                    "got none",
                )
            )
    return out


def fighters(sc: Scenario) -> list[str]:
    """Actors that can fight in a theatre: its sides and supporters, alliance members (they may join) and the
    senders of troops flows (troops in combat make their sender a belligerent), in document order."""
    out = [
        a
        for th in sc.theatres.values()
        for key in ("side_a", "side_b", "supporters_a", "supporters_b")
        for a in getattr(th, key)
    ]
    out += [m for al in sc.alliances.values() for m in al.members]
    out += [fl.sender for fl in sc.flows.values() if fl.kind == "troops"]
    return [a for a in dict.fromkeys(out) if a in sc.actors]


def _capabilities(sc: Scenario) -> list[Issue]:
    """Actors that can fight need a capability (war outcomes weigh it)."""
    return [
        Issue(
            ("actors", aid, "capability"),
            "required: the actor can fight in a theatre (a side, a supporter, an alliance member or a troops "
            "flow's sender); got none",
        )
        for aid in fighters(sc)
        if sc.actors[aid].capability is None
    ]


def _sector_cycles(sc: Scenario) -> list[Issue]:
    out = []
    for tid in sc.theatres:
        seen, cur = [tid], sc.theatres[tid].sector_of
        while cur is not None and cur in sc.theatres:
            if cur == tid:
                out.append(
                    Issue(
                        ("theatres", tid, "sector_of"),
                        f"expected no cycle of sector_of; got {' -> '.join([*seen, cur])}",
                    )
                )
                break
            if cur in seen:
                break
            seen.append(cur)
            cur = sc.theatres[cur].sector_of
    return out


def _rule_refs(sc: Scenario, need) -> list[Issue]:
    r, actors, theatres, flows = sc.rules, set(sc.actors), set(sc.theatres), set(sc.flows)
    before = []
    p = ("rules", "perception")
    need("actor", r.perception.western_actor, actors, (*p, "western_actor"))
    need("flow", r.perception.support_flow, flows, (*p, "support_flow"))
    for rid, rival in r.perception.rivals.items():
        need("actor", rid, actors, (*p, "rivals", rid))
        need("theatre", rival.theatre, theatres, (*p, "rivals", rid, "theatre"))
        need(
            "alliance", rival.protector_alliance, set(sc.alliances), (*p, "rivals", rid, "protector_alliance")
        )
    e = ("rules", "exchange")
    need("flow", r.exchange.troops_flow, flows, (*e, "troops_flow"))
    if r.exchange.troops_flow in sc.flows and sc.flows[r.exchange.troops_flow].kind != "troops":
        before.append(
            Issue(
                (*e, "troops_flow"),
                f"expected a flow of kind troops; got {sc.flows[r.exchange.troops_flow].kind}",
            )
        )
    for i, f in enumerate(r.exchange.payment_flows):
        need("flow", f, flows, (*e, "payment_flows", i))
    q = ("rules", "posture")
    need("actor", r.posture.bloc, actors, (*q, "bloc"))
    need("theatre", r.posture.korea_theatre, theatres, (*q, "korea_theatre"))
    need("theatre", r.posture.taiwan_theatre, theatres, (*q, "taiwan_theatre"))
    for k in r.brinkmanship.risk_by_rung:
        if not 1 <= k <= 5:
            before.append(
                Issue(("rules", "brinkmanship", "risk_by_rung", k), f"expected a rung in 1..5; got {k}")
            )
    return before


def _question_checks(sc: Scenario, need) -> list[Issue]:
    out: list[Issue] = []
    parsed: dict[str, Cond] = {}
    kinds = {
        "actor": set(sc.actors),
        "theatre": set(sc.theatres),
        "flow": set(sc.flows),
        "question": set(sc.questions),
    }
    for qid, q in sc.questions.items():
        base = ("questions", qid, "when")
        try:
            cond = parse_condition(q.when)
        except ConditionError as exc:
            out.append(Issue((*base, *exc.path), str(exc)))
            continue
        parsed[qid] = cond
        for kind, value, path in references(cond):
            need(kind, value, kinds[kind], (*base, *path))
        for i, a in enumerate(q.actors):
            need("actor", a, kinds["actor"], ("questions", qid, "actors", i))
        _front_refs(sc, cond, base, out)
    deps = {qid: {v for k, v, _ in references(c) if k == "question"} for qid, c in parsed.items()}
    for qid in parsed:
        stack, seen = [(qid, [qid])], set()
        while stack:
            cur, trail = stack.pop()
            for nxt in deps.get(cur, ()):
                if nxt == qid:
                    out.append(
                        Issue(
                            ("questions", qid, "when"),
                            f"expected no cycle of question references; got {' -> '.join([*trail, nxt])}",
                        )
                    )
                    stack = []
                    break
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*trail, nxt]))
    sc._conditions = parsed
    return out


def _front_refs(sc: Scenario, cond: Cond, base: tuple, out: list[Issue]) -> None:
    if cond.op == "front_held_at_most":
        th = sc.theatres.get(cond.arg("theatre"))
        if th is not None and cond.arg("front") not in th.fronts:
            out.append(
                Issue(
                    (*base, cond.op, "front"),
                    f"expected a front of {cond.arg('theatre')} "
                    f"({', '.join(th.fronts)}); got {cond.arg('front')!r}",
                )
            )
    for item in cond.items:
        _front_refs(sc, item, base, out)
