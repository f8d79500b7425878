"""Response times of the web workspace's pages and JSON API on a store with 1,000,000 events.

Builds a seeded synthetic store with DuckDB's own generators (documents with sentences, 1,000,000 events,
1,000,000 mentions, 200,000 quotes and 50,000 forecasts, one stored run of the default scenario with its
registry rows), starts ``flashpoint serve`` on it in a separate process (read-only, as an analyst would),
then requests each route once (``first``: nothing cached yet; the workspace remembers answers until the store
changes) and ``--repeat`` times more over HTTP, and prints p50/p95 of the repeats in ms.
The what-if rows change a parameter to a new value on every request (no cache can answer) at 1,000 worlds: the
page's first answer. Targets (issue 12): p95 <= 200 ms for pages and the API; the first what-if answer
within 0.5 s.

Usage: ``python benchmarks/bench_web.py [--events 1000000] [--repeat 30] [--seed 12]``
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

PAGES = [
    "/",
    "/system",
    "/questions",
    "/questions/world-war-12m",
    "/evidence",
    "/evidence?actor=PRK",
    "/evidence?type=ASSAULT&since=2024-06-01",
    "/evidence?kind=quotes&speaker=rutte",
    "/evidence?kind=forecasts&actor=CHN",
    "/articles/{doc}?start=0&end=80",
    "/whatif",
    "/scores",
]
API = [
    "/api/v1/system",
    "/api/v1/questions",
    "/api/v1/questions/world-war-12m",
    "/api/v1/evidence/events?actor=RUS&limit=100",
    "/api/v1/evidence/events?type=MOBILIZE",
    "/api/v1/evidence/quotes?speaker=corr",
    "/api/v1/articles/{doc}",
    "/api/v1/scores",
    "/api/v1/runs",
]
TARGET_MS = 200.0
WHATIF_TARGET_MS = 500.0
ACTORS = ["RUS", "UKR", "PRK", "KOR", "USA", "CHN", "TWN", "JPN", "IRN", "ISR", "NATO"]
TYPES = ["ASSAULT", "MOBILIZE", "AID", "SUPPORT", "CONSULT", "ACCUSE", "THREATEN", "COERCE", "AGREE"]
SPEAKERS = ["Mark Rutte", "Anders Corr", "Carl Schuster", "Jane Roe", "John Doe"]


def build_store(path: Path, n_events: int, seed: int) -> dict[str, int]:
    """Fill a new store with seeded synthetic evidence and one run; return the row counts."""
    from flashpoint.sim.runner import execute_run
    from flashpoint.store import open_store

    execute_run(None, worlds=2000, seed=0, db=path)  # one stored run and its registry rows
    n_docs = max(n_events // 50, 1)
    rng = np.random.default_rng(seed)
    setseed = float(rng.uniform(-1, 1))
    with open_store(path) as st, st.transaction() as con:
        con.execute(f"SELECT setseed({setseed})")
        actors = "[" + ", ".join(f"'{a}'" for a in ACTORS) + "]"
        types = "[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
        speakers = "[" + ", ".join(f"'{s}'" for s in SPEAKERS) + "]"
        con.execute(
            f"""INSERT INTO documents SELECT printf('%016x', i), 'article ' || i,
                DATE '2024-01-01' + CAST(i % 700 AS INTEGER), NULL, 'bench', 'bench', now(),
                repeat('North Korean troops moved to Kursk as officials said. ', 40)
                FROM range({n_docs}) t(i)"""
        )
        con.execute(
            f"""INSERT INTO sentences SELECT printf('%016x', d), s, s * 55, s * 55 + 54,
                'North Korean troops moved to Kursk as officials said.'
                FROM range({n_docs}) a(d), range(40) b(s)"""
        )
        con.execute(
            f"""INSERT INTO events SELECT printf('%016x', i // 50), i % 50, i % 40, (i % 40) * 55,
                (i % 40) * 55 + 54, 'North Korean troops moved to Kursk as officials said.',
                {types}[1 + CAST(floor(random() * {len(TYPES)}) AS INTEGER)], 'verbal', [], NULL,
                {actors}[1 + CAST(floor(random() * {len(ACTORS)}) AS INTEGER)], 'actor', 'actor',
                {actors}[1 + CAST(floor(random() * {len(ACTORS)}) AS INTEGER)], 'recipient', 'recipient',
                NULL, NULL,
                CASE WHEN random() < 0.5 THEN NULL ELSE DATE '2024-01-01' + CAST(i % 700 AS INTEGER) END,
                NULL FROM range({n_events}) t(i)"""
        )
        con.execute(
            f"""INSERT INTO mentions SELECT printf('%016x', i // 50), i % 40, 0, 5, 'Korea',
                {actors}[1 + CAST(floor(random() * {len(ACTORS)}) AS INTEGER)], 'name', 'state'
                FROM range({n_events}) t(i)"""
        )
        con.execute(
            f"""INSERT INTO quotes SELECT printf('%016x', i // 10), i % 10, i % 40, (i % 40) * 55,
                (i % 40) * 55 + 54, 'North Korean troops moved to Kursk as officials said.',
                {speakers}[1 + CAST(floor(random() * {len(SPEAKERS)}) AS INTEGER)], 'affiliation',
                {actors}[1 + CAST(floor(random() * {len(ACTORS)}) AS INTEGER)], 'said', 'content',
                random() < 0.5
                FROM range({n_events // 5}) t(i)"""
        )
        con.execute(
            f"""INSERT INTO forecasts SELECT printf('%016x', i // 2), i % 2, i % 40, (i % 40) * 55,
                (i % 40) * 55 + 54, 'North Korean troops moved to Kursk as officials said.',
                {speakers}[1 + CAST(floor(random() * {len(SPEAKERS)}) AS INTEGER)], 'affiliation', NULL,
                'troops will move', 'positive', random(), 'likely', NULL, NULL, NULL,
                {types}[1 + CAST(floor(random() * {len(TYPES)}) AS INTEGER)],
                {actors}[1 + CAST(floor(random() * {len(ACTORS)}) AS INTEGER)], NULL
                FROM range({n_events // 20}) t(i)"""
        )
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "events")}
    return counts


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path, port: int) -> subprocess.Popen:
    code = "from flashpoint.cli import main; main()"
    args = [sys.executable, "-c", code, "serve", "--db", str(db), "--port", str(port)]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=os.environ.copy())
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/runs", timeout=2).status_code == 200:
                return proc
        except httpx.TransportError:
            time.sleep(0.3)
        if proc.poll() is not None:
            raise SystemExit(f"bench_web: the server exited: {proc.stderr.read().decode()[-2000:]}")
    proc.terminate()
    raise SystemExit("bench_web: the server did not answer within 120 s")


def timed(client: httpx.Client, url: str, repeat: int) -> np.ndarray:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"bench_web: {url} answered {response.status_code}: {response.text[:300]}")
    return np.array(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        t0 = time.perf_counter()
        counts = build_store(db, args.events, args.seed)
        print(
            f"store: {counts['events']:,} events in {counts['documents']:,} articles, built in "
            f"{time.perf_counter() - t0:.1f} s ({db.stat().st_size / 2**20:.0f} MiB)"
        )
        port = free_port()
        proc = start_server(db, port)
        try:
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=120) as client:
                client.get("/questions/world-war-12m")  # the base simulation (compiled once at start)
                doc = client.get("/api/v1/evidence/events?limit=1").json()["rows"][0]["doc_id"]
                rows = []
                for kind, routes in (("page", PAGES), ("api", API)):
                    for route in routes:
                        url = route.replace("{doc}", doc)
                        first = timed(client, url, 1)[0]  # the first request: nothing cached yet
                        ms = timed(client, url, args.repeat)
                        rows.append((kind, url, ms, TARGET_MS, first))
                values = np.linspace(31.0, 49.0, args.repeat + 1)
                whatif = []
                for v in values:
                    url = f"/api/v1/whatif?worlds=1000&set=theatres.ukraine.fronts.kursk.force_a={v:.4f}"
                    whatif.append(timed(client, url, 1)[0])
                rows.append(
                    (
                        "what-if",
                        "first answer, 1,000 worlds, a new value each time",
                        np.array(whatif[1:]),
                        WHATIF_TARGET_MS,
                        whatif[0],
                    )
                )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"{'kind':8} {'route':58} {'first':>8} {'p50 ms':>8} {'p95 ms':>8} {'target':>8}  ok")
    worst = 0
    for kind, url, ms, target, first in rows:
        p50, p95 = np.percentile(ms, [50, 95])
        ok = p95 <= target
        worst += not ok
        print(
            f"{kind:8} {url[:58]:58} {first:8.1f} {p50:8.1f} {p95:8.1f} {target:8.0f}  "
            + ("yes" if ok else "NO")
        )
    print(
        f"{len(rows) - worst} of {len(rows)} routes meet their p95 target ({args.repeat} requests each, "
        f"{os.cpu_count()} CPUs; the server is one uvicorn process)"
    )


if __name__ == "__main__":
    main()
