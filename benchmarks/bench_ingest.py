"""Throughput of ``extract`` and ``ingest`` against spaCy's parse-only ``nlp.pipe``, model loading included.

Builds a seeded corpus of news-like articles of 300-600 words (sentence templates with varied actors,
verbs, quotes, forecasts and background), writes it as JSONL, then times three phases, each in a
fresh Python process so that importing and loading the model are counted:

    parse    spacy.load(model, exclude=["ner"]) + nlp.pipe(texts, n_process=P, batch_size=B), docs consumed
             (with --entities ner or ner+rules: the recogniser kept, as extract then loads it)
    full     the same with every default component (the entity recogniser too): informational
    extract  flashpoint.extract([corpus.jsonl], n_process=P): read + parse + extract every record
    ingest   flashpoint.ingest([corpus.jsonl], db=new file, n_process=P): the above + the DuckDB store

and prints articles per second and per hour for each, and the ratios to parse-only. "Parse-only" is the
parsing pipeline (tok2vec, tagger, parser, attribute_ruler, lemmatizer) without the statistical entity
recogniser: issue 4's baseline of about 115,000 articles/hour is that configuration, and with ``ner`` the
parse costs about 40% more CPU (the ``full`` row); the extractor runs without ``ner`` too. Targets (issue 4):
extraction >= 0.75x parse-only and >= 60,000 articles/hour on 2 cores, model loading included.

``--entities`` picks the extractor's name source (rules, ner, ner+rules; docs/evidence.md "Names"), and the
parse-only baseline loads spaCy's pipeline the same way, so the ratio always compares like with like.

Usage: ``python benchmarks/bench_ingest.py [--n 1200] [--processes 2] [--repeat 1] [--seed 2024] [--model M]
[--entities rules]``
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

STATES = [
    ("Russia", "Moscow", "the Kremlin"),
    ("Ukraine", "Kyiv", "Kyiv"),
    ("North Korea", "Pyongyang", "Pyongyang"),
    ("China", "Beijing", "Beijing"),
    ("Iran", "Tehran", "Tehran"),
    ("Israel", "Jerusalem", "Israel"),
    ("the United States", "Washington", "the White House"),
    ("Japan", "Tokyo", "Tokyo"),
    ("South Korea", "Seoul", "Seoul"),
    ("Turkey", "Ankara", "Ankara"),
    ("India", "New Delhi", "New Delhi"),
    ("Poland", "Warsaw", "Warsaw"),
    ("Germany", "Berlin", "Berlin"),
    ("France", "Paris", "the Elysee"),
]
ORGS = ["NATO", "the European Union", "the United Nations", "the IAEA", "ASEAN", "the African Union"]
GROUPS = ["the Houthis", "Hamas", "Hezbollah", "the Wagner Group"]
LEADERS = [
    ("Vladimir Putin", "Russian President"),
    ("Kim Jong Un", "North Korean leader"),
    ("Volodymyr Zelenskyy", "Ukrainian President"),
    ("Xi Jinping", "Chinese leader"),
    ("Mark Rutte", "NATO Secretary General"),
    ("Antony Blinken", "U.S. Secretary of State"),
    ("Recep Tayyip Erdogan", "Turkish President"),
    ("Fumio Kishida", "Japanese Prime Minister"),
]
EXPERTS = [  # fictional analysts
    ("Laura Bennett", "a senior fellow at the Atlantic Policy Institute"),
    ("Tomas Varga", "a professor of security studies at Danube University"),
    ("Priya Raman", "director of the Asia Security Program at the Meridian Center"),
    ("Daniel Okafor", "a former defence attaché now at Harbour Analytics"),
    ("Mei Tanaka", "a researcher at the Pacific Strategy Forum"),
]
VERBS = [
    "deployed troops to",
    "launched missile strikes on",
    "imposed new sanctions on",
    "held talks with",
    "accused",
    "signed a defence agreement with",
    "threatened",
    "sent military aid to",
    "expelled diplomats from",
    "condemned",
    "shelled positions near",
    "offered to mediate between",
    "recalled its ambassador from",
    "conducted joint exercises with",
    "seized a vessel belonging to",
]
FUTURE = [
    "send more troops to",
    "attack",
    "impose sanctions on",
    "negotiate a ceasefire with",
    "recognise",
    "cut energy supplies to",
    "deploy forces to",
    "withdraw from",
    "strike",
    "sign a treaty with",
]
WHEN = [
    "on Monday",
    "on Tuesday",
    "late on Wednesday",
    "on Thursday",
    "over the weekend",
    "last week",
    "on Oct. 28",
    "earlier this month",
    "on Friday morning",
]
ODDS = ["likely", "unlikely", "almost certain", "very unlikely", "probable", "a real possibility"]
HORIZONS = [
    "in the next two to four years",
    "by the end of next year",
    "within six months",
    "soon",
    "before 2027",
    "in the coming weeks",
    "over the next decade",
    "next month",
]
QUOTES = [
    "This is a dangerous escalation that threatens the security of the whole region",
    "We will not accept any violation of our sovereignty",
    "Our partners must understand that the situation has changed fundamentally",
    "The deployment shows how isolated the regime has become",
    "We continue to monitor the situation closely with our allies",
    "There can be no lasting peace without guarantees for our people",
]
BACKGROUND = [
    "The conflict has displaced more than {n} million people since it began.",
    "Officials said at least {n} people were killed and dozens more wounded in the attacks.",
    "Trade between the two countries fell by {n} percent last year, according to customs data.",
    "Satellite images published by a commercial provider showed about {n} vehicles near the border.",
    "The talks, the first in {n} months, were held behind closed doors.",
    "Analysts said the move reflected a broader shift in the balance of power in the region.",
    "The ministry did not respond to a request for comment.",
    "Markets reacted calmly, with oil prices little changed in afternoon trading.",
]


def _actor(rng: np.random.Generator) -> str:
    pool = rng.integers(10)
    if pool < 6:
        return STATES[rng.integers(len(STATES))][rng.integers(3)]
    if pool < 8:
        return ORGS[rng.integers(len(ORGS))]
    if pool < 9:
        return GROUPS[rng.integers(len(GROUPS))]
    return LEADERS[rng.integers(len(LEADERS))][0]


def _pick(rng: np.random.Generator, items: list) -> object:
    return items[rng.integers(len(items))]


def _sentence(rng: np.random.Generator) -> str:
    kind = rng.choice(
        ["event", "quote", "reported", "forecast", "forecast_quote", "background"],
        p=[0.3, 0.15, 0.1, 0.12, 0.08, 0.25],
    )
    a, b = _actor(rng), _actor(rng)
    name, role = _pick(rng, LEADERS)
    expert, affiliation = _pick(rng, EXPERTS)
    if kind == "event":
        return f"{a[0].upper() + a[1:]} {_pick(rng, VERBS)} {b} {_pick(rng, WHEN)}, officials said."
    if kind == "quote":
        return f'"{_pick(rng, QUOTES)}," {role} {name} said in a statement {_pick(rng, WHEN)}.'
    if kind == "reported":
        return f"{name} told reporters that {a} had {_pick(rng, VERBS)} {b}."
    if kind == "forecast":
        return (
            f"{expert}, {affiliation}, said it is {_pick(rng, ODDS)} that {a} will "
            f"{_pick(rng, FUTURE)} {b} {_pick(rng, HORIZONS)}."
        )
    if kind == "forecast_quote":
        claim = f"{a[0].upper() + a[1:]} will probably {_pick(rng, FUTURE)} {b} {_pick(rng, HORIZONS)}"
        return f'"{claim}," {expert} said.'
    return str(_pick(rng, BACKGROUND)).format(n=int(rng.integers(2, 90)))


def build_corpus(n_articles: int, rng: np.random.Generator) -> list[dict]:
    """Return ``n_articles`` JSONL records (``id``, ``title``, ``published``, ``text``) of 300-600 words."""
    articles = []
    for k in range(n_articles):
        target = int(rng.integers(300, 561))
        first = _actor(rng)
        title = f"{first[0].upper() + first[1:]} and {_actor(rng)}: tensions rise"
        sentences: list[str] = []
        words = len(title.split())
        while words < target:  # sentences are at most 35 words: 300 <= words <= 600
            sentences.append(_sentence(rng))
            words += len(sentences[-1].split())
        paragraphs, start = [], 0
        while start < len(sentences):
            stop = start + int(rng.integers(1, 4))
            paragraphs.append(" ".join(sentences[start:stop]))
            start = stop
        day = 1 + int(rng.integers(28))
        articles.append(
            {
                "id": f"bench-{k}",
                "title": title,
                "published": f"2024-11-{day:02d}",
                "text": title + "\n\n" + "\n\n".join(paragraphs),
            }
        )
    return articles


# -- phases, each run in a fresh process ---------------------------------------------------------
def _phase_parse(corpus: Path, processes: int, model: str | None, batch: int, entities: str) -> dict:
    return _parse(corpus, processes, model, batch, exclude=("ner",) if entities == "rules" else ())


def _parse(corpus: Path, processes: int, model: str | None, batch: int, exclude: tuple) -> dict:
    import spacy

    from flashpoint.evidence.nlp import DEFAULT_MODEL

    nlp = spacy.load(model or DEFAULT_MODEL, exclude=list(exclude))
    texts = (json.loads(line)["text"] for line in corpus.open(encoding="utf-8"))
    n = sum(1 for _ in nlp.pipe(texts, n_process=processes, batch_size=batch))
    return {"articles": n, "components": nlp.pipe_names}


def _phase_extract(corpus: Path, processes: int, model: str | None, batch: int, entities: str) -> dict:
    from flashpoint.evidence.ingest import IngestSummary, extract
    from flashpoint.evidence.pipeline import Extractor

    summary = IngestSummary()
    ex = Extractor(model, entities=entities)
    results = extract([corpus], model=model, n_process=processes, summary=summary, extractor=ex)
    records = sum(len(r.records()) for r in results)
    return {"articles": summary.extracted, "records": records, "errors": len(summary.errors)}


def _phase_ingest(corpus: Path, processes: int, model: str | None, batch: int, entities: str) -> dict:
    from flashpoint.evidence.pipeline import Extractor
    from flashpoint.store.evidence import ingest

    ex = Extractor(model, entities=entities)
    with tempfile.TemporaryDirectory() as tmp:
        summary = ingest(
            [corpus], db=Path(tmp) / "bench.duckdb", model=model, n_process=processes, extractor=ex
        )
    return {
        "articles": summary.extracted,
        "records": summary.events + summary.quotes + summary.forecasts,
        "errors": len(summary.errors),
    }


def _phase_full(corpus: Path, processes: int, model: str | None, batch: int, entities: str) -> dict:
    return _parse(corpus, processes, model, batch, exclude=())


PHASES = {"parse": _phase_parse, "full": _phase_full, "extract": _phase_extract, "ingest": _phase_ingest}


def _run_phase(name: str, corpus: Path, args: argparse.Namespace) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--phase",
        name,
        "--corpus",
        str(corpus),
        "--processes",
        str(args.processes),
        "--batch",
        str(args.batch),
        "--entities",
        args.entities,
    ]
    if args.model:
        cmd += ["--model", args.model]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"phase {name} failed:\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["seconds"] = wall  # interpreter start, imports and model loading included
    # CPU seconds of the phase and its worker processes: robust to other load on the machine
    result["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1200, help="articles in the corpus")
    parser.add_argument("--processes", type=int, default=2, help="worker processes for every phase")
    parser.add_argument("--batch", type=int, default=32, help="nlp.pipe batch size for parse-only")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--model", default=None)
    parser.add_argument("--entities", default="rules", help="rules, ner or ner+rules (parse-only matches it)")
    parser.add_argument("--repeat", type=int, default=1, help="interleaved rounds (the median is shown)")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(
            json.dumps(PHASES[args.phase](args.corpus, args.processes, args.model, args.batch, args.entities))
        )
        return

    rng = np.random.default_rng(args.seed)
    articles = build_corpus(args.n, rng)
    words = np.array([len(a["text"].split()) for a in articles])
    names = ("parse", "full", "extract", "ingest")
    rounds: dict[str, list[dict]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        corpus.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
        print(
            f"corpus: {args.n} articles, {words.min()}-{words.max()} words (mean {words.mean():.0f}), "
            f"seed {args.seed}; {args.processes} process(es); entities {args.entities}; "
            f"model loading included; {args.repeat} interleaved round(s), median shown"
        )
        for _ in range(args.repeat):  # interleaved, so that a busy spell hits every phase alike
            for name in names:
                rounds[name].append(_run_phase(name, corpus, args))
    rates = {name: np.array([r["articles"] / r["seconds"] for r in rounds[name]]) for name in names}
    cpu = {name: np.array([r["cpu"] / r["articles"] for r in rounds[name]]) for name in names}
    base = float(np.median(rates["parse"]))
    base_cpu = float(np.median(cpu["parse"]))
    print("wall clock (what a user waits; other load on the machine slows it):")
    header = f"{'phase':<8} {'articles':>8} {'seconds':>8} {'per s':>7} {'per hour':>9} {'vs parse':>8}"
    print(header + f"  {'per s, each round':<24} records")
    for name in names:
        rate = float(np.median(rates[name]))
        seconds = float(np.median([r["seconds"] for r in rounds[name]]))
        each = " ".join(f"{x:.1f}" for x in rates[name])
        print(
            f"{name:<8} {rounds[name][0]['articles']:>8} {seconds:>8.1f} {rate:>7.1f} {rate * 3600:>9,.0f} "
            f"{rate / base:>8.2f}  {each:<24} {rounds[name][0].get('records', '-')}"
        )
    print(
        f"CPU time of the phase and its workers (robust to other load): per hour = "
        f"{args.processes} cores x 3600 / CPU seconds per article"
    )
    print(f"{'phase':<8} {'cpu ms/article':>14} {'per hour':>9} {'vs parse':>8}")
    for name in names:
        per = float(np.median(cpu[name]))
        print(f"{name:<8} {per * 1000:>14.1f} {args.processes * 3600 / per:>9,.0f} {base_cpu / per:>8.2f}")
    print(f"parse-only components: {', '.join(rounds['parse'][0]['components'])}; batch size {args.batch}")
    print(f"full (informational, not the baseline): {', '.join(rounds['full'][0]['components'])}")
    extract_rate = float(np.median(rates["extract"]))
    extract_cpu = float(np.median(cpu["extract"]))
    checks = [
        ("extract >= 0.75x parse-only (wall)", extract_rate / base >= 0.75),
        ("extract >= 60,000 articles/hour (wall)", extract_rate * 3600 >= 60_000),
        ("extract >= 0.75x parse-only (CPU)", base_cpu / extract_cpu >= 0.75),
        ("extract >= 60,000 articles/hour (CPU)", args.processes * 3600 / extract_cpu >= 60_000),
    ]
    for label, ok in checks:
        print(f"target {label}: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
