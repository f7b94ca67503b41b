"""store.comparisons.Memo: the in-process layer over the stored comparisons, keyed by the
story's membership hash (one load per key, a revised article makes a new key, LRU bound)."""

from __future__ import annotations

import threading
import time

import pytest

from newsprism.models import Article, Outlet, RawDocument
from newsprism.store import comparisons


def save(store, n: int, text: str) -> int:
    with store.transaction():
        raw_id, _ = store.save_raw(RawDocument(data=text.encode(), origin=f"test-{n}-{text}"),
                                   format="jsonl")
        return store.save_article(raw_id, Article(
            title=f"Article {n}", outlet=Outlet(name="Outlet", domain="outlet.example"),
            paragraphs=(text,), external_id=f"m{n}", language="en")).id


class Loads:
    """A stand-in for compare_story: counts its calls, slow enough for threads to overlap."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> dict:
        self.calls += 1
        time.sleep(0.05)
        return {"n": self.calls}


def test_concurrent_requests_for_a_cold_story_wait_for_one_load(store):
    ids = [save(store, 0, "First text."), save(store, 1, "Second text.")]
    memo, load = comparisons.Memo(), Loads()
    results: list[dict] = []
    threads = [threading.Thread(target=lambda: results.append(memo.get(store, 7, ids, load)))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert load.calls == 1 and results == [{"n": 1}] * 8
    assert memo.get(store, 7, list(reversed(ids)), load) == {"n": 1}  # order does not matter


def test_a_revised_or_added_article_makes_a_new_key(store):
    first = save(store, 0, "First text.")
    memo, load = comparisons.Memo(), Loads()
    assert memo.get(store, 1, [first], load) == {"n": 1}
    assert save(store, 0, "First text, revised.") == first  # same article, new content hash
    assert memo.get(store, 1, [first], load) == {"n": 2}
    second = save(store, 1, "Second text.")
    assert memo.get(store, 1, [first, second], load) == {"n": 3}
    assert memo.get(store, 2, [first, second], load) == {"n": 4}  # another story
    assert load.calls == 4


def test_least_recently_used_stories_are_dropped(store):
    ids = [save(store, 0, "Text.")]
    memo, load = comparisons.Memo(size=2), Loads()
    memo.get(store, 1, ids, load)
    memo.get(store, 2, ids, load)
    memo.get(store, 1, ids, load)  # 1 is now the most recently used
    memo.get(store, 3, ids, load)  # drops 2
    memo.get(store, 1, ids, load)
    assert load.calls == 3
    memo.get(store, 2, ids, load)
    assert load.calls == 4
    memo.clear()
    memo.get(store, 1, ids, load)
    assert load.calls == 5


def test_a_failed_load_is_not_kept(store):
    ids = [save(store, 0, "Text.")]
    memo = comparisons.Memo()

    def broken() -> dict:
        raise RuntimeError("compare failed")

    with pytest.raises(RuntimeError, match="compare failed"):
        memo.get(store, 1, ids, broken)
    assert memo.get(store, 1, ids, lambda: {"ok": True}) == {"ok": True}
    assert memo._locks == {}
