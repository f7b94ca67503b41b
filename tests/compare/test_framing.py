"""Headline framing: actor and action from the parse, names kept or left out, own words, form."""

from __future__ import annotations

import json

import pytest

from newsprism.analyze.records import ArticleAnalysis, Entity
from newsprism.compare.framing import frame_headlines
from newsprism.compare.render import framing_line, headlines_shared
from tests.conftest import FIXTURES


def _analysis(*names: tuple[str, str, str]) -> ArticleAnalysis:
    entities = tuple(Entity(start=0, end=len(text), text=text, label=label, canonical=full)
                     for text, label, full in names)
    return ArticleAnalysis(article_id=1, content_hash="x", language="en", entities=entities)


STORY = _analysis(("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky"),
                  ("Putin", "PERSON", "Vladimir Putin"), ("Kremlin", "ORG", "Kremlin"),
                  ("Moscow", "GPE", "Moscow"))


def frames(*headlines: str, language: str = "en"):
    return frame_headlines([(h, language) for h in headlines], [STORY])


def test_the_subject_of_the_main_verb_is_the_actor_by_its_full_name():
    (frame,), _ = frames("In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire")
    assert (frame.actor, frame.action) == ("Volodymyr Zelensky", "call for")
    assert frame.names == ("Vladimir Putin", "Volodymyr Zelensky")


@pytest.mark.parametrize(("headline", "actor", "action", "form"), [
    ("Kremlin says Putin has not yet seen Zelensky's letter", "Kremlin", "say",
     ("attributed",)),
    ("Putin 'will be briefed' on Zelensky letter, Kremlin says", "Kremlin", "say",
     ("quote", "attributed")),
    ("Will Putin meet Zelensky?", "Vladimir Putin", "meet", ("question",)),
    ("LIVE: Zelensky writes to Putin", "Volodymyr Zelensky", "write", ("label:live",)),
    ("Zelensky: 'I am proposing a meeting'", "Volodymyr Zelensky", None, ("quote",)),
    ("Ceasefire talks were rejected by Moscow", "Moscow", "reject", ("passive",)),
])
def test_actor_action_and_form(headline, actor, action, form):
    (frame,), _ = frames(headline)
    assert (frame.actor, frame.action, frame.form) == (actor, action, form)


def test_words_only_one_headline_uses_and_names_it_leaves_out():
    (a, b, c), shared = frames("Zelensky proposes face-to-face talks with Putin",
                               "Zelensky offers Putin talks in Moscow",
                               "Kremlin cool on talks offer")
    assert a.only_here == ("proposes", "face-to-face")
    assert b.only_here == ()  # "offers" meets "offer", "talks" is in all three
    assert c.only_here == ("cool",)
    assert c.leaves_out == ("Volodymyr Zelensky", "Vladimir Putin")
    assert a.leaves_out == b.leaves_out == ()
    assert shared == {"en": {"names": [], "words": ["talks"]}}


def test_headlines_are_compared_within_their_language_only():
    result, shared = frame_headlines(
        [("Zelensky proposes talks with Putin", "en"),
         ("Selenskyj schlägt Putin ein Treffen vor", "de"),
         ("Selenskyj bietet Putin Gespräche an", "de")], [STORY])
    english, first, second = result
    assert english.only_here == () and english.leaves_out == ()  # no English peer
    assert first.actor is None and first.action is None  # no German parser is packaged
    assert first.only_here == ("schlägt", "treffen") and second.only_here == ("bietet",
                                                                              "gespräche")
    # 'Selenskyj' is the English reports' Volodymyr Zelensky (cluster.names keys)
    assert first.names == second.names == english.names == ("Volodymyr Zelensky",
                                                            "Vladimir Putin")
    assert shared == {"de": {"names": ["Volodymyr Zelensky", "Vladimir Putin"], "words": []}}


def test_framing_reads_as_one_line():
    (frame,), _ = frames("Will Putin meet Zelensky?")
    assert framing_line(frame.to_dict()) == \
        "actor Vladimir Putin · action meet · form: question"
    assert framing_line(None) == ""


RUSSIAN_STORY = ArticleAnalysis(article_id=2, content_hash="y", language="ru", entities=(
    Entity(start=0, end=18, text="Владимир Зеленский", label="PERSON",
           canonical="Владимир Зеленский"),
    Entity(start=30, end=46, text="Владимиру Путину", label="PERSON",
           canonical="Владимир Путин"),
    Entity(start=50, end=64, text="Дмитрий Песков", label="PERSON", canonical="Дмитрий Песков"),
    Entity(start=70, end=76, text="Кремля", label="GPE", canonical="Кремль")))


def test_russian_headlines_are_parsed_and_inflected_names_found():
    result, shared = frame_headlines(
        [("Зеленский предложил Путину встречу в открытом письме", "ru"),
         ("Кремль заявил, что Путин еще не видел письмо Зеленского", "ru"),
         ("Песков: Зеленский может приехать в Москву в любое время", "ru")], [RUSSIAN_STORY])
    offer, kremlin, peskov = result
    assert (offer.actor, offer.action, offer.form) == ("Владимир Зеленский", "предложить", ())
    assert offer.names == ("Владимир Зеленский", "Владимир Путин")  # "Путину" is Putin
    assert (kremlin.actor, kremlin.action, kremlin.form) == ("Кремль", "заявить",
                                                             ("attributed",))
    assert kremlin.only_here == ("заявил", "видел")  # "письмо" meets "письме"
    assert (peskov.actor, peskov.form) == ("Дмитрий Песков", ("attributed",))
    assert peskov.leaves_out == ("Владимир Путин",)
    assert shared == {"ru": {"names": ["Владимир Зеленский"], "words": []}}


def test_a_russian_actor_is_the_whole_name_the_parse_splits():
    # natasha hangs 'Пен' on 'Ле' (appos) and 'Песков' on 'Дмитрий': the story page showed
    # Коммерсантъ's headline as 'actor Ле · action проиграть'
    result, _ = frame_headlines(
        [("Ле Пен проиграла, но показала лучший результат в истории партии", "ru"),
         ("Дмитрий Песков заявил о письме", "ru")], [])
    le_pen, peskov = result
    assert (le_pen.actor, le_pen.action) == ("Ле Пен", "проиграть")
    assert peskov.actor == "Дмитрий Песков"
    story = ArticleAnalysis(article_id=3, content_hash="z", language="ru", entities=(
        Entity(start=0, end=12, text="Марин Ле Пен", label="PERSON", canonical="Марин Ле Пен"),
        Entity(start=20, end=26, text="Ле Пен", label="PERSON", canonical="Марин Ле Пен")))
    result, _ = frame_headlines(
        [("Ле Пен проиграла, но показала лучший результат в истории партии", "ru")], [story])
    assert result[0].actor == "Марин Ле Пен"
    # Коммерсантъ's own article names her in full only: her surname finds her
    result, _ = frame_headlines(
        [("Ле Пен проиграла, но показала лучший результат в истории партии", "ru")],
        [ArticleAnalysis(article_id=3, content_hash="z", language="ru",
                         entities=story.entities[:1])])
    assert result[0].actor == "Марин Ле Пен"


def test_a_quote_attributed_after_it_names_its_speaker_not_the_topic_before_the_colon():
    # Le Figaro's 'Notre-Dame : « Nous rebâtirons », promet Emmanuel Macron' showed as
    # 'actor Notre-Dame · form: quote': the French space before the colon made the topic the
    # speaker
    story = _analysis(("Notre-Dame", "FAC", "Notre-Dame"),
                      ("Emmanuel Macron", "PERSON", "Emmanuel Macron"))
    result, _ = frame_headlines(
        [("Notre-Dame : « Nous rebâtirons », promet Emmanuel Macron", "fr"),
         ("«Todo es posible», afirma Zelenski", "es"),
         ("Macron : « Nous rebâtirons Notre-Dame »", "fr"),
         ('Crise : « pas d\'accord », Le Monde', "fr")], [story])
    macron, zelenski, colon, paper = result
    assert (macron.actor, macron.form) == ("Emmanuel Macron", ("quote",))
    assert zelenski.actor == "Zelenski"
    assert colon.actor == "Emmanuel Macron"  # the name before the colon still speaks
    assert paper.actor is None  # 'Le Monde' follows no verb


def test_a_name_in_quote_marks_does_not_make_a_headline_a_quote():
    # The hurricane stories: 'Ураган «Хелен»', 'Hurrikan "Helene"', '"Milton" trifft' all
    # showed 'form: quote'; the analysis already reads such marks as a name
    headlines = [("Ураган «Хелен» обрушился на Флориду", "ru"),
                 ('Hurrikan "Helene" verwüstet Florida – Tote und Überschwemmungen', "de"),
                 ('Ураган "Мілтон" обрушився на Флориду: торнадо, знеструмлення та жертви',
                  "uk"),
                 ('"Milton" trifft Florida – weniger schlimm als befürchtet', "de"),
                 ('Merkel: "Symbol der französischen und der europäischen Kultur"', "de"),
                 ('Peskov: "Jederzeit"', "de"),
                 ('Hurricane "Milton" Hits Florida', "en")]
    result, _ = frame_headlines(headlines, [])
    assert [("quote" in f.form) for f in result] == [False, False, False, False, True, True,
                                                      True]


def _letter_headlines() -> list[tuple[str, str]]:
    """The samples' two English headlines and the fixture's German, Spanish, Russian and
    Ukrainian ones: one letter in five languages."""
    rows = [json.loads(line) for line in
            (FIXTURES / "stories" / "zelensky_letter.jsonl").read_text().splitlines()]
    return [("In Open Letter to Putin, Zelensky Calls for Meeting and Ceasefire", "en"),
            ("Zelensky proposes face-to-face talks in open letter to Putin", "en")] + \
        [(row["title"], row["lang"]) for row in rows]


def test_every_headline_names_the_story_s_people_whatever_its_language_or_script():
    # The story page listed names for the English and Russian headlines only: 'Selenskyj',
    # 'Zelenski', 'Зеленський', 'Путіну' were not the English reports' names
    result, shared = frame_headlines(_letter_headlines(), [STORY, RUSSIAN_STORY])
    assert [f.names for f in result] == [("Vladimir Putin", "Volodymyr Zelensky")] + \
        [("Volodymyr Zelensky", "Vladimir Putin")] * 5
    assert all(f.leaves_out == () for f in result)
    # one spelling for one man: the English reports', for the Russian headline's actor too
    assert (result[4].actor, result[4].action) == ("Volodymyr Zelensky", "предложить")
    assert shared == {"en": {"names": ["Vladimir Putin", "Volodymyr Zelensky"],
                             "words": ["open", "letter"]}}


def test_a_headline_leaves_out_a_name_the_others_carry_in_any_language():
    headlines = _letter_headlines()[2:] + [("Kremlin cool on letter", "en")]
    result, _ = frame_headlines(headlines, [STORY, RUSSIAN_STORY])
    assert result[-1].names == ("Kremlin",)
    assert result[-1].leaves_out == ("Volodymyr Zelensky", "Vladimir Putin")
    assert [f.leaves_out for f in result[:-1]] == [()] * 4


def test_with_no_names_from_the_articles_headlines_still_meet_across_scripts():
    # a story of reports in languages with no NER model: the headlines' own capitalised
    # words are its names, one spelling each
    result, _ = frame_headlines(_letter_headlines()[2:], [])
    # Selenskyj, Zelenski, Зеленский, Зеленський: one name, in Latin letters; German
    # capitalises its nouns, which no other headline shares
    assert [f.names for f in result] == [("Selenskyj", "Putin", "Brief", "Treffen")] + \
        [("Selenskyj", "Putin")] * 3
    assert all(f.leaves_out == () for f in result)


def test_a_story_in_several_languages_says_which_headlines_name_whom():
    headlines = _letter_headlines() + [("Кремль: Путин еще не видел письма", "ru")]
    result, shared = frame_headlines(headlines, [STORY, RUSSIAN_STORY])
    outlets = ["The Moscow Times", "gyalchisarshog.com", "tagesschau", "El País", "Meduza",
               "Ukrainska Pravda", "РИА"]
    data = {"sources": [{"outlet": o, "language": lang, "framing": f.to_dict()}
                        for o, (_, lang), f in zip(outlets, headlines, result, strict=True)],
            "headlines": shared}
    # 'Кремль' is the English reports' 'Kremlin'
    assert (result[-1].actor, result[-1].names) == ("Kremlin", ("Kremlin", "Vladimir Putin"))
    assert result[-1].leaves_out == ("Volodymyr Zelensky",)
    assert headlines_shared(data) == [
        "All 7 headlines name Vladimir Putin",
        "Named in few headlines: Kremlin (РИА)",
        "Both English headlines use the words open, letter",
        "Both Russian headlines use the words письме"]
    # in one language, the names all its headlines share are on its own line
    english = {"sources": data["sources"][:2], "headlines": {"en": shared["en"]}}
    assert headlines_shared(english) == [
        "Both headlines name Vladimir Putin, Volodymyr Zelensky and use the words open, letter"]


def _event(event: str) -> list[dict]:
    """One event's reports in the hand-written multilingual set (en/de/es/fr/it/ru/uk)."""
    rows = [json.loads(line) for line in (FIXTURES / "multilingual" /
                                          "multilingual_events.jsonl").read_text().splitlines()]
    return [row for row in rows if row["event"] == event]


def test_names_meet_across_five_languages_and_french_headlines_are_parsed():
    # Wimbledon 2023: English, Spanish, Russian, German and French headlines, the English
    # report's names; 'Алькарас', 'Джоковича' ('дж' is 'dj') are Alcaraz and Djokovic
    reports = _event("wimb23-m")
    story = _analysis(("Carlos Alcaraz", "PERSON", "Carlos Alcaraz"),
                      ("Djokovic", "PERSON", "Novak Djokovic"),
                      ("Wimbledon", "EVENT", "Wimbledon"))
    result, _ = frame_headlines([(r["title"], r["lang"]) for r in reports], [story])
    by_language = dict(zip((r["lang"] for r in reports), result, strict=True))
    for frame in result:
        assert {"Carlos Alcaraz", "Novak Djokovic"} <= set(frame.names)
    # 'Уимблдона' is Wimbledon: an English 'Wi' is 'Уи' (cluster.names)
    assert by_language["ru"].leaves_out == ()
    # fr_core_news_sm parses 'Carlos Alcaraz détrône Novak Djokovic' as four roots: no actor
    assert by_language["fr"].actor is None
    (echos,) = [r for r in _event("ecb23-09") if r["lang"] == "fr"]
    (frame,), _ = frame_headlines([(echos["title"], "fr")],
                                  [_analysis(("BCE", "ORG", "BCE"))])
    # 'La BCE relève ses taux une dixième fois et laisse entrevoir une pause'
    assert (frame.actor, frame.action) == ("BCE", "relever")


@pytest.mark.parametrize(("headline", "actor", "action", "form"), [
    ("La lettre de Zelensky a été lue par Vladimir Poutine", "Vladimir Putin", "lire",
     ("passive",)),
    ("Le Kremlin affirme que Poutine n'a pas vu la lettre", "Kremlin", "affirmer",
     ("attributed",)),
    ("Zelensky propose à Poutine un face-à-face dans une lettre ouverte",
     "Volodymyr Zelensky", "proposer", ()),
])
def test_french_actor_action_and_form(headline, actor, action, form):
    (frame,), _ = frame_headlines([(headline, "fr")], [STORY])
    assert (frame.actor, frame.action, frame.form) == (actor, action, form)


def test_a_name_is_found_hyphenated_or_not_and_a_short_word_is_no_name():
    notre_dame = _event("notre-dame")
    story = _analysis(("Notre-Dame", "FAC", "Notre-Dame"), ("Paris", "GPE", "Paris"))
    result, _ = frame_headlines([(r["title"], r["lang"]) for r in notre_dame], [story])
    spanish = next(f for r, f in zip(notre_dame, result, strict=True) if r["lang"] == "es")
    assert spanish.names == ("Notre-Dame",)  # '... para Notre Dame'
    # El País's 'Un apretón de manos para la historia en Singapur' does not name Kim Jong Un
    summit = _event("tk-sg")
    story = _analysis(("Kim Jong Un", "PERSON", "Kim Jong Un"), ("Trump", "PERSON", "Donald Trump"))
    russian = ArticleAnalysis(article_id=4, content_hash="w", language="ru", entities=(
        Entity(start=0, end=10, text="Ким Чен Ын", label="PERSON", canonical="Ким Чен Ын"),))
    result, _ = frame_headlines([(r["title"], r["lang"]) for r in summit], [story, russian])
    names = {r["lang"]: f.names for r, f in zip(summit, result, strict=True)}
    assert names["es"] == ()
    # 'Трамп', 'Кім Чен Ин' (Ukrainian) are the English and Russian reports' names; Korean
    # 'Jong' and Russian 'Чен' are too far apart to meet
    assert names["ru"] == names["uk"] == ("Donald Trump", "Ким Чен Ын")


def test_a_name_only_cyrillic_reports_write_is_shown_as_a_latin_headline_writes_it():
    # the Hanoi summit: only the Russian report's entities have Hanoi ('Ханой'); the English,
    # German and Spanish headlines showed 'Ханой' among their names
    reports = _event("tk-hanoi")
    russian = ArticleAnalysis(article_id=5, content_hash="v", language="ru", entities=(
        Entity(start=0, end=5, text="Ханое", label="GPE", canonical="Ханой"),
        Entity(start=10, end=15, text="Трампа", label="PERSON", canonical="Трамп")))
    result, _ = frame_headlines([(r["title"], r["lang"]) for r in reports],
                                [_analysis(("Trump", "PERSON", "Trump")), russian])
    names = {r["lang"]: f.names for r, f in zip(reports, result, strict=True)}
    assert names == {"en": ("Trump", "Hanoi"), "de": ("Hanoi", "Trump"),
                     "es": ("Hanoi", "Trump"), "ru": ("Trump",)}  # 'Hanói' is Hanoi too
    assert result[-1].leaves_out == ("Hanoi",)


def test_a_russian_headline_names_a_place_the_ukrainian_reports_spell_their_way():
    # 'Запорожье' and 'Запоріжжя' share a key but read apart romanised: the Russian headline
    # was said to leave out the places it names
    ukrainian = ArticleAnalysis(article_id=2, content_hash="u", language="uk", entities=(
        Entity(start=0, end=9, text="Запоріжжя", label="GPE", canonical="Запоріжжя"),
        Entity(start=10, end=18, text="Білорусь", label="GPE", canonical="Білорусь")))
    result, _ = frame_headlines([("Вибухи у Запоріжжі: Білорусь мовчить", "uk"),
                                 ("Взрывы в Запорожье, Белоруссия молчит", "ru")], [ukrainian])
    assert [f.names for f in result] == [("Запоріжжя", "Білорусь")] * 2
    assert result[1].leaves_out == ()


def test_a_word_of_another_name_with_the_same_key_is_not_that_name():
    # 'Chinese' and 'Sessions' share the key 'sns', 'Police' and 'Pelosi' 'pls': within one
    # script a key is not enough, the words must read alike ('Selenskyj' does)
    story = _analysis(("Jeff Sessions", "PERSON", "Jeff Sessions"),
                      ("Pelosi", "PERSON", "Nancy Pelosi"),
                      ("Zelensky", "PERSON", "Volodymyr Zelensky"))
    result, _ = frame_headlines([
        ("Chinese hackers targeted the justice department, police say", "en"),
        ("Selenskyj schlägt Putin ein Treffen vor", "de")], [story])
    assert result[0].names == ()
    assert result[1].names == ("Volodymyr Zelensky",)


def test_headlines_in_a_language_without_a_word_list_are_framed():
    # 'zxx' (no linguistic content) and no language at all ('und'): wordfreq has no list for
    # them and raised LookupError, so such a story's comparison failed with a traceback
    result, _ = frame_headlines([("Qwzx vbnm plk trr gggh", "zxx"),
                                 ("Qwzx vbnm plk mmmrp", "zxx"), ("Qwzx vbnm", None)],
                                [None, None, None])
    assert [f.only_here for f in result[:2]] == [("trr", "gggh"), ("mmmrp",)]
