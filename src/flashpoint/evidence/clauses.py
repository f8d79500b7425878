"""Clause-level reading of the dependency parse for the event coder: objects, complements, conditions,
depth, obligations and the auxiliary mode (negation, hypothetical, future) of an act."""

from __future__ import annotations

from flashpoint.evidence.lexicon import Lexicon

FUTURE = frozenset({"will", "shall", "'ll", "wo", "ll"})
HYPOTHETICAL = frozenset({"could", "might", "may", "should"})
INTENT = frozenset(
    {"plan", "intend", "prepare", "aim", "want", "seek", "need", "expect", "hope", "decide", "set"}
)
#: Words of declared intent: what they govern is announced ("willing to withdraw", "offered its troops").
DECLARED = frozenset(
    {
        "willing",
        "ready",
        "prepared",
        "prepare",
        "offer",
        "promise",
        "pledge",
        "vow",
        "decide",
        "determined",
        "plan",
        "intend",
        "swear",
        "agree",
        "set",
    }
)
SPEECH_MUST = frozenset(
    {
        "say",
        "declare",
        "conclude",
        "reiterate",
        "insist",
        "state",
        "tell",
        "announce",
        "stress",
        "add",
        "argue",
        "write",
        "remind",
        "maintain",
        "assert",
        "emphasize",
        "emphasise",
    }
)
OBLIGATION = frozenset({"must", "should", "ought"})
SPEECH = frozenset(
    {"say", "announce", "tell", "state", "declare", "report", "add", "confirm", "claim", "warn"}
)


def object_of(tok):
    for child in tok.children:
        if child.dep_ in ("dobj", "attr", "oprd") and child.pos_ in ("NOUN", "PROPN", "PRON"):
            return child
    for child in tok.children:  # passive light verb: "talks were held", "a curfew was imposed"
        if child.dep_ == "nsubjpass" and child.pos_ == "NOUN":
            return child
    return None


def condition(tok) -> str | None:
    """ "if" or "unless" when a conditional clause hangs on ``tok`` (or on the verb it complements)."""
    for t in (tok, tok.head):
        for child in t.children:
            if child.dep_ == "advcl":
                for g in child.children:
                    if g.dep_ == "mark" and g.lower_ in ("if", "unless"):
                        return g.lower_
            if child.dep_ == "mark" and child.lower_ in ("if", "unless") and t is tok:
                return None  # tok itself is the condition
    return None


def depth(tok) -> int:
    """Steps from ``tok`` to its sentence root: main-clause events come first."""
    n = 0
    while tok.head.i != tok.i and n < 50:
        tok, n = tok.head, n + 1
    return n


def obliged_clause(tok):
    """The clausal complement of ``tok`` that states an obligation ("... that Libya must hand over")."""
    for child in tok.children:
        if child.dep_ == "ccomp":
            for g in child.children:
                if g.dep_ == "aux" and g.lower_ in OBLIGATION:
                    return child
                if g.dep_ == "xcomp" and child.lemma_ == "have" and any(x.lower_ == "to" for x in g.children):
                    return child
    return None


def complements(tok) -> list[int]:
    out = []
    for child in tok.children:
        if child.dep_ in ("xcomp", "ccomp"):
            out.append(child.i)
        elif child.dep_ == "advcl" and child.i == tok.i + 2 and tok.doc[tok.i + 1].lower_ == "to":
            out.append(child.i)  # "have sworn to fight": an infinitive the parser hung as an adverbial
        elif child.dep_ == "prep":
            out += [g.i for g in child.children if g.dep_ == "pcomp"]
        elif child.dep_ in ("dobj", "pobj") and child.pos_ == "NOUN":
            out += [g.i for g in child.children if g.dep_ in ("acl", "relcl") and g.i > child.i]
    return out


def aux_mode(tok, lex: Lexicon) -> str | None:
    """negation > hypothetical > future (> historical, set from the date by the caller)."""
    chain = [tok]
    governed = {tok.i}  # tokens reached only through xcomp/acomp: "plans to send", "willing to withdraw"
    t = tok
    for _ in range(5):  # "will not be able to deploy", "plans to send", "is not capable of fighting"
        if t.head.i == t.i or t.dep_ == "prep" and t.lower_ not in ("of", "to", "from", "in", "about", "for"):
            break
        if t.dep_ in ("xcomp", "conj", "acomp", "pcomp", "prep", "acl", "dobj", "pobj"):
            step = t.dep_
            t = t.head
            chain.append(t)
            if step in ("xcomp", "acomp") and chain[-2].i in governed:
                governed.add(t.i)
        else:
            break
    negated = hypothetical = future = False
    for t in chain:
        for child in t.children:
            dep, low = child.dep_, child.lower_
            if dep == "neg" or (dep == "det" and low == "no") or low == "never":
                negated = True
            elif dep == "aux":
                if low in FUTURE:
                    future = True
                elif low in HYPOTHETICAL:
                    hypothetical = True
                elif low == "would":
                    if t.dep_ == "ccomp" and t.head.lemma_ in SPEECH:
                        future = True
                    else:
                        hypothetical = True
            elif (
                dep == "mark"
                and low in ("if", "unless")
                or dep == "advcl"
                and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in child.children)
            ):
                hypothetical = True
        if t is not tok and t.i in governed and (t.lemma_ in INTENT or t.lemma_ in DECLARED):
            future = True
        if t is not tok and t.lemma_ in lex.negating_verbs:
            negated = True
        if t.lemma_ == "go" and any(c.dep_ == "xcomp" for c in t.children) and t.tag_ == "VBG":
            future = True
    if negated:
        return "negation"
    if hypothetical:
        return "hypothetical"
    if future:
        return "future"
    return None


def announced(anchor) -> bool:
    """Whether a future act is announced: "will", "shall", "would", or a word of declared intent
    ("willing to", "ready to", "prepared to", "vowed to"), not merely "need" or "expect"
    (PLOVER's AGREE and THREATEN rules)."""
    if any(c.dep_ == "aux" and c.lower_ in (*FUTURE, "would") for c in anchor.children):
        return True
    t = anchor
    for _ in range(3):
        if t.dep_ not in ("xcomp", "acomp", "pcomp", "prep", "conj") or t.head.i == t.i:
            return False
        t = t.head
        if t.lemma_ in DECLARED:
            return True
    return False
