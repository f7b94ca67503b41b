"""Serving load: GET /api/stories and a story page with N articles in the store.

    .venv/bin/python bench/serve.py [--articles 20000] [--requests 2000] [--concurrency 50]
                                    [--db PATH] [--stages cluster|all|'']

Builds (or reuses, with --db) a store of N synthetic articles ingested through the real
pipeline, starts ``uvicorn`` on 127.0.0.1 in a separate process (so the client does not share
its GIL), then runs a bounded number of requests from ``--concurrency`` concurrent httpx
clients per endpoint and prints requests/s and p50/p99 latency. Target: p99 < 200 ms for the
river. ``--stages`` picks the post-ingest stages run while building so that the river lists
real stories (default: clustering only; a story page computes the analysis on first view and
caches the comparison). A time cap (--max-seconds per endpoint) bounds each run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.models import RawDocument  # noqa: E402
from newsprism.pipeline import ingest_raw  # noqa: E402
from newsprism.serve.background import free_port  # noqa: E402
from newsprism.store import Store  # noqa: E402

SYLLABLES = ("ka", "lo", "mi", "ran", "te", "vo", "su", "dar", "ne", "bri", "to", "zel", "an",
             "or", "pe", "gu", "shi", "ma", "kor", "el")
COMMON = ("said", "on", "the", "in", "after", "officials", "government", "report", "talks",
          "city", "week", "police", "minister", "vote", "council", "agency", "statement")


def synthetic_stories(count: int, per_story: int = 5, seed: int = 7) -> list[str]:
    """JSONL records: ``count`` articles about ``count / per_story`` distinct events.

    Each event has its own invented names and places, and its articles come from different
    outlets within two days, so clustering builds stories of about ``per_story`` articles
    (random words from one small vocabulary would make everything one story).
    """
    rng = random.Random(seed)

    def name() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()

    lines = []
    for event in range((count + per_story - 1) // per_story):
        names = [name() for _ in range(6)]
        day = 1 + event % 360
        for copy in range(per_story):
            if len(lines) == count:
                break
            words = [rng.choice(names + list(COMMON)) for _ in range(rng.randint(40, 80))]
            body = " ".join(words)
            text = body[0].upper() + body[1:] + f". {names[0]} {rng.choice(COMMON)} " \
                f"{names[1]} in {names[2]}."
            lines.append(json.dumps({
                "id": f"ev{event}-{copy}", "title": f"{names[0]} and {names[1]} in {names[2]}: "
                f"{' '.join(rng.sample(COMMON, 4))}", "text": text,
                "date": f"2026-{1 + (day - 1) // 30 % 12:02d}-{1 + (day - 1) % 28:02d}"
                        f"T{(copy * 5) % 24:02d}:00:00Z",
                "lang": "en", "source": f"Outlet {copy % 7}", "url": f"https://o{copy % 7}"
                f".example/{event}/{copy}",
            }))
    return lines


def build(db: Path, count: int, *, stages: str) -> None:
    with Store.open(db) as store:
        have = store.count_articles()
        if have >= count:
            print(f"store: reusing {db} ({have} articles)")
            return
        started = time.perf_counter()
        data = ("\n".join(synthetic_stories(count)) + "\n").encode("utf-8")
        result = ingest_raw(store, RawDocument(data=data, origin="bench-serve.jsonl"))
        assert result.status == "ok", result.errors[:3]
        if stages:
            from newsprism.pipeline import POST_INGEST_STAGES

            ids = [s.id for s in result.saved]
            for stage in POST_INGEST_STAGES:
                if stages != "all" and stages not in stage.__name__:
                    continue
                stage_started = time.perf_counter()
                for start in range(0, len(ids), 1000):
                    stage(store, ids[start:start + 1000])
                print(f"stage {stage.__name__}: {time.perf_counter() - stage_started:.0f} s")
        print(f"store: {store.count_articles()} articles built in "
              f"{time.perf_counter() - started:.0f} s (stages: {stages})")


def start_server(db: Path, port: int, cache_seconds: float) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NEWSPRISM_DB": str(db), "PYTHONPATH": str(ROOT / "src"),
           "NEWSPRISM_CACHE_SECONDS": str(cache_seconds)}
    env.pop("NEWSPRISM_TOKEN", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "newsprism.serve.app:app_from_env",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log", "--backlog", "2048"], env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start within 60 s")


async def load(url: str, paths: list[str], *, requests: int, concurrency: int,
               max_seconds: float) -> tuple[list[float], int, float]:
    """Latencies (s) of ``requests`` GETs cycling over ``paths``, errors, wall time.

    Each of ``concurrency`` clients holds one keep-alive HTTP/1.1 connection and sends its
    next request when the previous answer is read (a closed loop). The client is a few lines
    over asyncio streams: httpx's async client costs more CPU per request than the server
    under test, which on 2 cores would measure the client.
    """
    host, port = url.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors = 0
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            for n in counter:
                if time.monotonic() > deadline:
                    return
                request = (f"GET {paths[n % len(paths)]} HTTP/1.1\r\nHost: {host}\r\n"
                           "Accept: */*\r\n\r\n").encode()
                started = time.perf_counter()
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n"):
                    if line.lower().startswith(b"content-length:"):
                        length = int(line.split(b":", 1)[1])
                await reader.readexactly(length)
                latencies.append(time.perf_counter() - started)
                errors += not head.startswith(b"HTTP/1.1 200")
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def report(name: str, latencies: list[float], errors: int, wall: float) -> None:
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    print(f"{name:<28} {len(ordered):>6} req  {len(ordered) / wall:>7.0f} req/s  "
          f"p50 {p50:>6.1f} ms  p99 {p99:>6.1f} ms  errors {errors}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--max-seconds", type=float, default=30.0)
    parser.add_argument("--db", type=Path, default=None, help="Reuse/keep the store here.")
    parser.add_argument("--stages", default="cluster",
                        help="Post-ingest stages to run while building: 'cluster' (default: "
                             "stories without per-article analysis, which story pages compute "
                             "and cache on first view), 'all', or '' for none.")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "serve-bench.db"
        build(db, args.articles, stages=args.stages)
        for cache_seconds in (1.0, 0.0):
            run_endpoints(db, args, cache_seconds)


def run_endpoints(db: Path, args: argparse.Namespace, cache_seconds: float) -> None:
    port = free_port()
    server = start_server(db, port, cache_seconds)
    url = f"http://127.0.0.1:{port}"
    try:
        river = httpx.get(f"{url}/api/stories", params={"limit": 50}, timeout=30).json()
        mode = river["mode"]
        label = f"micro-cache {cache_seconds:g} s" if cache_seconds else "no cache"
        print(f"\n== {label}; river mode: {mode}; {args.concurrency} concurrent clients, "
              f"up to {args.requests} requests or {args.max_seconds:g} s per endpoint")
        targets = [("GET /api/stories", ["/api/stories"]),
                   ("GET /api/stories?offset=500", ["/api/stories?offset=500"]),
                   ("GET / (river page)", ["/"])]
        if mode == "stories" and river["stories"]:
            ids = [s["id"] for s in river["stories"][:20]]
            started = time.perf_counter()
            for story_id in ids:  # compute the comparisons once, as a running server has
                httpx.get(f"{url}/stories/{story_id}", timeout=300)
            print(f"first view of {len(ids)} story pages (analysis + comparison): "
                  f"{time.perf_counter() - started:.1f} s")
            targets.append((f"GET /stories/ID ({len(ids)} ids)",
                            [f"/stories/{i}" for i in ids]))
        else:
            ids = [a["id"] for a in river["articles"][:20]]
            targets.append((f"GET /articles/ID ({len(ids)} ids)",
                            [f"/articles/{i}" for i in ids]))
        for name, paths in targets:
            asyncio.run(load(url, paths, requests=100, concurrency=10, max_seconds=10))
            latencies, errors, wall = asyncio.run(load(
                url, paths, requests=args.requests, concurrency=args.concurrency,
                max_seconds=args.max_seconds))
            report(name, latencies, errors, wall)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
