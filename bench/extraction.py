"""Body extraction quality and speed: newsprism's HTML reader vs plain trafilatura, same run.

    .venv/bin/python bench/extraction.py                  # all 418 pages of extraction-dev
    .venv/bin/python bench/extraction.py --set fundus --worst 10

Both extractors run on the raw page bytes of ``../shared/data/extraction-dev`` (or
``$NEWSPRISM_SHARED_DATA/extraction-dev``); the dev set's own ``score.py`` scores both and
prints per-source tables. newsprism's figure is the full ``html.parse`` (decoding, metadata,
body rules), timed per page in CPU seconds of this one process (one core); the body scored is
what newsprism stores: subheadings and paragraphs, no title, captions or related links.
trafilatura runs as in the dev set's README baseline: ``trafilatura.extract(html,
include_comments=False)`` on the page decoded by ``score.py``.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import contextlib  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from types import ModuleType  # noqa: E402

import trafilatura  # noqa: E402

from newsprism.errors import InputError  # noqa: E402
from newsprism.ingest import html  # noqa: E402
from newsprism.models import RawDocument  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def dev_set_dir() -> Path:
    base = os.environ.get("NEWSPRISM_SHARED_DATA")
    return (Path(base) if base else ROOT.parent / "shared" / "data") / "extraction-dev"


def load_scorer(folder: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("extraction_dev_score", folder / "score.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"{folder / 'score.py'}: cannot load the scorer")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def newsprism_body(data: bytes, url: str | None, page_id: str) -> str:
    """What newsprism stores as the body; empty when the reader finds no article."""
    try:
        return html.body_text(RawDocument(data=data, origin=page_id, url=url))
    except InputError:
        return ""


def trafilatura_body(scorer: ModuleType) -> Callable[[bytes, str | None, str], str]:
    def extract(data: bytes, url: str | None, page_id: str) -> str:
        return trafilatura.extract(scorer.decode_html(data), include_comments=False) or ""
    return extract


def predict(
    extractor: Callable[[bytes, str | None, str], str], pages: list[dict], folder: Path,
    scorer: ModuleType, out: Path,
) -> None:
    """Run one extractor over the pages, writing score.py's predictions JSONL with seconds."""
    first = pages[0]
    extractor(scorer.page_bytes(str(folder / "pages"), first["id"]), first.get("url"), "warmup")
    with out.open("w", encoding="utf-8") as handle:
        for page in pages:
            data = scorer.page_bytes(str(folder / "pages"), page["id"])
            # CPU time of this process: the single-core cost, unaffected by other jobs on
            # a shared machine (wall time is what score.py would measure with --callable).
            start = time.process_time()
            body = extractor(data, page.get("url"), page["id"])
            seconds = time.process_time() - start
            handle.write(json.dumps({"id": page["id"], "body": body, "seconds": seconds},
                                    ensure_ascii=False) + "\n")


def score(scorer: ModuleType, predictions: Path, args: argparse.Namespace,
          ids_file: Path) -> str:
    argv = ["--predictions", str(predictions), "--ids", str(ids_file)]
    for name in args.sets or []:
        argv += ["--set", name]
    if args.worst:
        argv += ["--worst", str(args.worst)]
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        scorer.main(argv)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=dev_set_dir(),
                        help="the extraction-dev folder")
    parser.add_argument("--set", action="append", dest="sets", help="only this source_set")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    parser.add_argument("--save", type=Path, help="keep the predictions in this folder")
    args = parser.parse_args(argv)
    if not (args.data / "score.py").exists():
        print(f"{args.data}: extraction-dev not found (set NEWSPRISM_SHARED_DATA)",
              file=sys.stderr)
        return 2
    scorer = load_scorer(args.data)
    pages = scorer.load_gold(str(args.data / "gold.jsonl.gz"))
    if args.sets:
        pages = [p for p in pages if p["source_set"] in args.sets]
    pages = pages[: args.limit] if args.limit else pages

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.save or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        ids_file = folder / "ids.txt"
        ids_file.write_text("".join(p["id"] + "\n" for p in pages), encoding="utf-8")
        results: dict[str, str] = {}
        for name, extractor in (("trafilatura 2.3.1 (default settings)", trafilatura_body(scorer)),
                                ("newsprism html.parse", newsprism_body)):
            out = folder / ("trafilatura.jsonl" if name.startswith("traf") else "newsprism.jsonl")
            predict(extractor, pages, args.data, scorer, out)
            results[name] = score(scorer, out, args, ids_file)
            print(f"== {name}\n{results[name]}", flush=True)
    last = {name: text.strip().splitlines()[-1] for name, text in results.items()}
    print("summary")
    for name, line in last.items():
        print(f"  {name:40s} {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
