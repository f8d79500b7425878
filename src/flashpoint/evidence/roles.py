"""Who does what to whom: actors and recipients from the dependency parse.

The actor of a verb is its subject (or the ``by`` agent of a passive); a verb with no subject of its
own takes the subject of the verb it depends on (``xcomp``, ``conj``, ``advcl``, a preposition's
complement) or the noun it modifies (``relcl``, ``acl``). The recipient is the direct object or the
object of a preposition the event type prefers ("talks *with*", "aid *to*", "attack *on*"). A phrase
names an actor when a gazetteer actor is its head or modifies it ("Russian troops", "Israel's army",
"forces of Iraq"); pronouns resolve to the speaker of the quotation they are in ("we") or to the last
actor or person named before them.
"""

from __future__ import annotations

import bisect

from flashpoint.evidence.analysis import DocAnalysis, Found

_SUBJ = frozenset({"nsubj", "csubj", "expl"})
_MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "nn", "appos", "npadvmod"})
_INHERIT = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep", "acomp", "ccomp", "oprd"})
_NP_INNER = frozenset({"compound", "amod", "poss", "nmod", "appos", "conj", "det", "nummod", "npadvmod"})
_SCOPE_SKIP = frozenset(
    {"nsubj", "nsubjpass", "csubj", "csubjpass", "relcl", "appos", "agent", "npadvmod", "expl"}
)
_ADVERBIAL = frozenset(
    {
        "if",
        "unless",
        "because",
        "as",
        "while",
        "after",
        "before",
        "when",
        "although",
        "though",
        "since",
        "despite",
        "until",
        "whereas",
        "following",
        "amid",
    }
)
_FIRST_PERSON = frozenset({"we", "us", "our", "ours", "i", "me", "my"})
_PERSONAL = frozenset({"he", "him", "his", "she", "her"})
_OTHER = frozenset({"it", "its", "they", "them", "their"})
_RELATIVE = frozenset({"who", "which", "that", "whom", "whose"})


def _adverbial(tok) -> bool:
    """An adverbial clause or phrase of condition, reason or time ("if ...", "despite ...")."""
    if tok.dep_ == "prep":
        return tok.lower_ in _ADVERBIAL
    if (
        tok.dep_ == "advcl"
    ):  # a purpose ("to show their disapproval for X") is part of the act; a condition is not
        return not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return False


def _named(a: DocAnalysis, tok) -> bool:
    """A capitalised gazetteer name that spells like a pronoun ("the US demanded"), not "us"."""
    return a.tok_mention[tok.i] >= 0 and not tok.text.islower()


def _coordinated_modifiers(tok) -> list:
    """Conjuncts of a noun's pre-modifiers: "Romanian" in "Hungarian and Romanian officials"."""
    return [
        c
        for mod in tok.children
        if mod.dep_ in ("amod", "compound", "nmod") and mod.i < tok.i
        for c in mod.children
        if c.dep_ == "conj"
    ]


def coordinated(tok) -> bool:
    """Whether a noun phrase is coordinated ("X and Y", "Hungarian and Romanian officials", "the leaders of
    X, Y and Z")."""
    if any(c.dep_ == "conj" for c in tok.children) or bool(_coordinated_modifiers(tok)):
        return True
    return any(p.dep_ == "pobj" and p.conjuncts for c in _of(tok) for p in c.children)


def _of(tok) -> list:
    return [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"]


class Roles:
    """Actor and recipient resolution over one :class:`DocAnalysis`."""

    def __init__(self, a: DocAnalysis, gazetteer) -> None:
        self.a = a
        self.gaz = gazetteer
        self.starts = [f.start for f in a.found]

    # -- phrases ----------------------------------------------------------------------------------
    def actor_of(self, tok, *, full: bool = False, depth: int = 0) -> Found | None:
        """The actor a noun phrase headed by ``tok`` names, or None."""
        a = self.a
        if (tok.pos_ == "PRON" or tok.lower_ in _FIRST_PERSON) and not _named(a, tok):
            if tok.lower_ in _RELATIVE and tok.head.head.i != tok.head.i and depth < 2:
                return self.actor_of(tok.head.head, depth=depth + 1)
            return self.pronoun(tok)
        m = a.tok_mention[tok.i]
        if m >= 0 and a.found[m].kind != "place":
            return a.found[m]
        # a named modifier before a possessive pronoun: "its European Community partners" are the EC
        mods = [c for c in tok.children if c.dep_ in _MODIFIERS and c.i < tok.i or c.dep_ == "poss"]
        for child in sorted(mods, key=lambda c: c.pos_ == "PRON"):
            found = self._in_subtree(child)
            if found is not None:
                return found
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from") and depth < 2:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = self.actor_of(pobj, depth=depth + 1)
                        if found is not None:
                            return found
        if full:
            return self._in_subtree(tok)
        return None

    def _in_subtree(self, tok) -> Found | None:
        a = self.a
        for t in tok.subtree:
            if t.pos_ == "PRON" and t.dep_ == "poss":
                return self.pronoun(t)
            m = a.tok_mention[t.i]
            if m >= 0 and a.found[m].kind != "place":
                return a.found[m]
        return None

    def pronoun(self, tok) -> Found | None:
        a = self.a
        low = tok.lower_
        if low in _FIRST_PERSON:
            if a.inside_quote and a.inside_quote[tok.i]:
                speaker = a.sentence_speaker.get(a.tok_sent[tok.i])
                if speaker is not None and speaker.actor:
                    actor = self.gaz.actors.get(speaker.actor)
                    name = actor.name if actor else speaker.actor
                    return Found(tok.i, tok.i + 1, "actor", speaker.actor, name, tok.text)
            return None
        if low not in _PERSONAL and low not in _OTHER:
            return None
        j = bisect.bisect_left(self.starts, tok.i) - 1
        sent = a.tok_sent[tok.i]
        while j >= 0:
            f = a.found[j]
            if sent - a.tok_sent[f.start] > 2:
                break
            if f.kind != "place" and f.code and (f.kind == "person") == (low in _PERSONAL):
                return f
            j -= 1
        return None

    # -- clauses ----------------------------------------------------------------------------------
    def subject(self, tok):
        """``(subject token, passive)`` of the clause of verb ``tok``.

        A verb without a subject inherits one from the verb or noun it depends on; an inherited
        subject is the actor even when its own verb is passive ("NATO is committed to supporting",
        "Iran will not get involved other than supplying").
        """
        t = tok
        inherited = False
        for _ in range(6):
            passive = None
            for child in t.children:
                if (
                    child.dep_ in _SUBJ and child.i not in self.a.dateline
                ):  # "KYIV, Ukraine — ..." is no subject
                    return child, False
                if child.dep_ in ("nsubjpass", "csubjpass"):
                    passive = child
            if passive is not None:
                return passive, not inherited
            if t.dep_ == "relcl" and t.head.i != t.i:
                return t.head, False
            if t.dep_ == "acl" and t.head.i != t.i:
                if t.tag_ == "VBN":
                    return t.head, True
                if t.tag_ == "VBG":  # "demonstrators protesting": the noun acts
                    return t.head, False
                noun = t.head  # "the need to strengthen", "a move to aid": the noun's owner, else its verb
                for child in noun.children:
                    if child.dep_ == "poss":
                        return child, False
                if noun.head.i == noun.i:
                    break
                t, inherited = noun.head, True
                continue
            if t.dep_ in _INHERIT and t.head.i != t.i:
                t, inherited = t.head, True
                continue
            break
        return None, False

    def agent(self, tok):
        """The agent of passive verb ``tok``: its "by" phrase, also when the parser hung it as a plain
        preposition on the verb or on the clause that frames it ("has been accused of ..., much of it
        believed to have been embezzled, by Haitian officials")."""
        heads = [tok] + ([tok.head] if tok.dep_ in ("ccomp", "xcomp", "conj") else [])
        for want in ("agent", "prep"):
            for head in heads:
                for child in head.children:
                    if child.dep_ == want and child.lower_ == "by" and child.i > tok.i:
                        for pobj in child.children:
                            if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                                return pobj
        return None

    def by_prep(self, tok, preps: tuple[str, ...]):
        """Objects of ``tok``'s prepositions, in the order ``preps`` prefers."""
        found = []
        for child in tok.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in preps:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found.append((preps.index(child.lower_), pobj))
            elif child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN", "PRON"):
                found.append((-1, child))
        return [p for _, p in sorted(found, key=lambda x: x[0])]

    def conj_actors(self, tok) -> list[Found]:
        """Actors of ``tok`` and of the phrases coordinated with it ("Iran and China"); "they both",
        "both sides" and "the two" give the last two actors named, in the order they were named."""
        if any(c.lower_ == "both" or c.lower_ == "two" for c in tok.children) or tok.lower_ == "both":
            pair = self.last_two(tok)
            if pair:
                return pair
        a = self.a
        out = []
        # every conjunct, also down a chain ("Russia, Belarus and Kazakhstan"), and those of an "of" phrase
        # the head takes its actor from ("the leaders of France, Germany and Poland")
        of = [
            p
            for c in tok.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for p in c.children
            if p.dep_ == "pobj"
        ]
        group = [tok, *tok.conjuncts] + [c for p in of[:1] for c in p.conjuncts]
        for t in group:
            found = self.actor_of(t)
            if found is not None and all(f.code != found.code for f in out):
                out.append(found)
            if found is None:
                continue
            for mod in _coordinated_modifiers(t):  # "Hungarian and Romanian officials": both act
                m = a.tok_mention[mod.i]
                if m >= 0 and a.found[m].kind != "place" and all(f.code != a.found[m].code for f in out):
                    out.append(a.found[m])
        return out

    def only_other(self, tok, actor: Found) -> Found | None:
        """The one actor in ``tok``'s sentence other than ``actor``, if there is exactly one (places,
        quotations, and the source of a report the actor is not part of, aside)."""
        a = self.a
        actor_code = actor.code
        s, e = a.bounds[a.tok_sent[tok.i]]
        others: dict[str, Found] = {}
        attribution = self._attribution(s, e)
        if actor.start in attribution:  # the speakers report their own act: their words name no third party
            attribution = set()
        for f in a.found:
            if f.start in attribution:
                continue  # "..., South Korea's military said": the source, not a party
            quoted = a.inside_quote and a.inside_quote[f.start]
            if s <= f.start < e and f.kind != "place" and f.code and f.code != actor_code and not quoted:
                others.setdefault(f.code, f)
        return next(iter(others.values())) if len(others) == 1 else None

    def _attribution(self, s: int, e: int) -> set[int]:
        """Token indexes of the sources of speech in ``[s, e)``: speech verbs' subjects, "according to X"."""
        a = self.a
        out: set[int] = set()
        for cue_i in a.cue_speaker:
            if not s <= cue_i < e:
                continue
            for child in a.doc[cue_i].children:
                if child.dep_ in ("nsubj", "prep"):
                    out.update(t.i for t in child.subtree)
        return out

    def last_two(self, tok) -> list[Found]:
        """The two most recent distinct actors (persons included) before ``tok``, in text order."""
        a = self.a
        out: list[Found] = []
        j = bisect.bisect_left(self.starts, tok.i) - 1
        sent = a.tok_sent[tok.i]
        while j >= 0 and len(out) < 2:
            f = a.found[j]
            if sent - a.tok_sent[f.start] > 2:
                break
            if f.kind != "place" and f.code and all(o.code != f.code for o in out):
                out.append(f)
            j -= 1
        return out[::-1] if len(out) == 2 else []

    def nearest(self, tok, *, before: bool, exclude: str | None, within=None) -> Found | None:
        """The nearest actor in the sentence before (or after) ``tok`` that is not a place; with
        ``within``, only inside that token's subtree."""
        a = self.a
        s, e = a.bounds[a.tok_sent[tok.i]]
        if within is not None:
            s, e = max(s, within.left_edge.i), min(e, within.right_edge.i + 1)
        i = bisect.bisect_left(self.starts, tok.i)
        rng = range(i - 1, -1, -1) if before else range(i, len(a.found))
        for j in rng:
            f = a.found[j]
            if not s <= f.start < e:
                break
            if f.kind == "place" or not f.code or f.code == exclude:
                continue
            if a.inside_quote and a.inside_quote[f.start] != a.inside_quote[tok.i]:
                continue
            return f
        return None

    def context_state(self, tok) -> Found | None:
        """The last state the previous sentence names (not a place, nor inside quotation marks), as the
        context of a group ``tok``'s sentence leaves unplaced; None when that sentence names none."""
        a = self.a
        k = a.tok_sent[tok.i]
        if k <= 0:
            return None
        s, e = a.bounds[k - 1]
        for f in reversed(a.found):
            if f.start >= e:
                continue
            if f.start < s:
                break
            inside = a.inside_quote[f.start] if a.inside_quote else False
            if f.code and f.category == "STATE" and f.kind not in ("place", "person") and not inside:
                return Found(-1, -1, "actor", f.code, f.name, "", f.category)
        return None

    def after_in_subtree(self, tok, exclude: str | None) -> Found | None:
        """The first actor in ``tok``'s object noun phrase, without its prepositional phrases or clauses
        (a recipient the parse attached loosely: "the Alliance's partners, Japan and Korea")."""
        a = self.a
        for child in tok.children:
            if child.dep_ not in ("dobj", "dative", "attr", "oprd") or child.i < tok.i:
                continue
            stack = [child]
            while stack:
                t = stack.pop()
                m = a.tok_mention[t.i]
                if m >= 0:
                    f = a.found[m]
                    if f.kind != "place" and f.code and f.code != exclude:
                        return f
                stack += [c for c in t.children if c.dep_ in _NP_INNER]
        return None

    def in_scope(self, anchor, exclude: list[int]) -> Found | None:
        """The first actor or located place in ``anchor``'s clause after its subject: objects,
        complements and their phrases, not subjects, conditions, reasons or relative clauses."""
        a = self.a
        stack = [
            c for c in reversed(list(anchor.children)) if c.dep_ not in _SCOPE_SKIP and not _adverbial(c)
        ]
        best: Found | None = None
        while stack:
            t = stack.pop()
            m = a.tok_mention[t.i]
            if m >= 0:
                f = a.found[m]
                if f.code and f.start not in exclude and (f.kind != "place" or f.code):
                    if best is None or f.start < best.start:
                        best = f
                    continue
            stack += [
                c for c in reversed(list(t.children)) if c.dep_ not in _SCOPE_SKIP and not _adverbial(c)
            ]
        return best

    def location(self, tok):
        """The place an event happens: a place or capital object of in/at/near/into/to under ``tok``."""
        a = self.a
        for t in tok.subtree:
            m = a.tok_mention[t.i]
            if m < 0:
                continue
            f = a.found[m]
            head = a.doc[f.end - 1].head
            if f.kind in ("place", "capital") and (head.lower_ in _LOC_PREPS or t.dep_ == "dobj"):
                return f
            if f.kind == "actor" and f.category == "STATE" and head.lower_ in ("in", "inside", "into"):
                return f
        return None


_LOC_PREPS = frozenset(
    {"in", "at", "near", "into", "to", "toward", "towards", "across", "inside", "outside", "along"}
)
