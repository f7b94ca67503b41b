"""Analysis quality and speed: quotes-dev scores and articles/s (target >= 20/s on 2 cores).

    .venv/bin/python bench/analyze.py [--repeat 3] [--processes 1 2] [--by-publisher]

1. Runs ``analyze_articles`` on ``../shared/data/quotes-dev`` (or $NEWSPRISM_SHARED_DATA), writes
   the predictions to bench/out/quotes-dev.pred.jsonl and scores them with the set's own
   score.py (its last line: QUOTE_F1=… SPEAKER_ACC=…).
2. Times the whole analysis (spaCy NER, entities, quotes; sentences) of the dev articles
   (~700 words each) repeated ``--repeat`` times, once per ``--processes`` value, and prints
   articles/s of wall-clock time after the model is loaded.
3. With ``--languages ru fr``: the model load and the time per article of each language, on
   the repository's own texts in it (tests/fixtures: the analysis fixtures and the multilingual
   events), as written (~50-70 words) and all joined into one long article. There is no
   Russian or French dev set, so no quality figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("OMP_NUM_THREADS", "1")

from newsprism.analyze import analyze_articles  # noqa: E402
from newsprism.analyze.nlp import get_pipeline  # noqa: E402
from newsprism.models import Article, Outlet  # noqa: E402


def dev_dir() -> Path:
    env = os.environ.get("NEWSPRISM_SHARED_DATA")
    return (Path(env) if env else ROOT.parent / "shared" / "data") / "quotes-dev"


def articles_of(path: Path) -> list[Article]:
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [Article(title="", outlet=Outlet(name=None, domain=None), language="en",
                    paragraphs=tuple(d["text"].split("\n\n")), external_id=d["id"])
            for d in docs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--by-publisher", action="store_true")
    parser.add_argument("--languages", nargs="*", default=[], metavar="LANG",
                        help="also time these languages (ru, fr) on the fixture texts")
    args = parser.parse_args()
    for language in args.languages:
        time_language(language, args.repeat)

    dev = dev_dir()
    if not (dev / "texts.jsonl").exists():
        sys.exit(f"quotes dev set not found: {dev}")
    articles = articles_of(dev / "texts.jsonl")
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    pred_path = out / "quotes-dev.pred.jsonl"
    t0 = time.perf_counter()
    get_pipeline("en")
    print(f"model load: {time.perf_counter() - t0:.1f} s")
    with pred_path.open("w", encoding="utf-8") as fh:
        for article, analysis in zip(articles, analyze_articles(articles), strict=True):
            quotes = [{"start": q.start, "end": q.end, "text": q.text, "speaker": q.speaker,
                       "speaker_mention": q.speaker_mention, "how": q.how, "cue": q.cue,
                       "partial": q.partial} for q in analysis.quotes]
            fh.write(json.dumps({"id": article.external_id, "quotes": quotes}) + "\n")
    command = [sys.executable, str(dev / "score.py"), str(pred_path)]
    if args.by_publisher:
        command.append("--by-publisher")
    print(subprocess.run(command, check=True, capture_output=True, text=True).stdout, end="")

    batch = articles * args.repeat
    words = sum(len(a.body.split()) for a in batch)
    for processes in args.processes:
        start, cpu = time.perf_counter(), _cpu()
        count = sum(1 for _ in analyze_articles(batch, n_process=processes))
        wall, used = time.perf_counter() - start, _cpu() - cpu
        print(f"processes={processes}: {count} articles ({words / count:.0f} words each) in "
              f"{wall:.1f} s wall = {count / wall:.1f} articles/s; CPU {used:.1f} s = "
              f"{count / used:.1f} articles per CPU-second (x{processes} cores = "
              f"{processes * count / used:.1f}/s on an otherwise idle machine)")


def time_language(language: str, repeat: int) -> None:
    """Load time and ms per article of ``language`` on the repository's fixture texts."""
    fixtures = ROOT / "tests" / "fixtures"
    texts = [p.read_text(encoding="utf-8").split("\n\n", 1)[1]
             for p in sorted((fixtures / "analyze").glob(f"{language}_*.txt"))]
    events = fixtures / "multilingual" / "multilingual_events.jsonl"
    texts += [d["text"] for d in map(json.loads, events.read_text(encoding="utf-8").splitlines())
              if d["id"].endswith(f"-{language}")]
    if not texts:
        print(f"{language}: no fixture texts")
        return
    short = [Article(title="", outlet=Outlet(name=None, domain=None), language=language,
                     paragraphs=tuple(t.strip().split("\n\n"))) for t in texts]
    long = Article(title="", outlet=Outlet(name=None, domain=None), language=language,
                   paragraphs=tuple(p for a in short for p in a.paragraphs))
    t0 = time.perf_counter()
    get_pipeline(language)
    load = time.perf_counter() - t0
    for name, batch in (("as written", short), ("joined", [long])):
        words = sum(len(a.body.split()) for a in batch) / len(batch)
        list(analyze_articles(batch))  # warm-up
        start = time.perf_counter()
        for _ in range(repeat):
            count = sum(1 for _ in analyze_articles(batch))
        per = (time.perf_counter() - start) / (repeat * count)
        print(f"{language}: load {load:.1f} s; {count} article(s) {name} ({words:.0f} words "
              f"each): {per * 1000:.1f} ms/article = {1 / per:.0f} articles/s, 1 process")


def _cpu() -> float:
    """CPU seconds of this process and its finished worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    main()
