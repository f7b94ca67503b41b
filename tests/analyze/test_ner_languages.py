"""Entities and quote speakers in Russian (natasha, analyze/ner_natasha.py) and French
(spaCy fr_core_news_sm, analyze/ner_french.py), on two short news articles written for these
tests (tests/fixtures/analyze/), and the note a language without a model still gets."""

from __future__ import annotations

import json

import pytest

from newsprism.analyze import ArticleAnalysis, analyze_article, analyze_articles, analyze_text
from newsprism.analyze.nlp import get_parser
from newsprism.analyze.quotes import extract_quotes
from newsprism.models import Article, Outlet
from tests.conftest import FIXTURES

MULTILINGUAL = FIXTURES / "multilingual" / "multilingual_events.jsonl"


def _analysed(language: str) -> tuple[str, ArticleAnalysis]:
    name = language if "_" in language else f"{language}_article"
    text = (FIXTURES / "analyze" / f"{name}.txt").read_text(encoding="utf-8")
    title, *paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    article = Article(title=title, outlet=Outlet(name=None, domain=None),
                      language=name.split("_")[0],
                      paragraphs=tuple(paragraphs))
    return article.body, analyze_article(article)


@pytest.fixture(scope="module")
def russian() -> tuple[str, ArticleAnalysis]:
    return _analysed("ru")


@pytest.fixture(scope="module")
def french() -> tuple[str, ArticleAnalysis]:
    return _analysed("fr")


RU_ENTITIES = [
    (77, "России", "GPE", "Россия"),
    (84, "Дмитрий Песков", "PERSON", "Дмитрий Песков"),
    (138, "Стамбуле", "GPE", "Стамбул"),
    (184, "Песков", "PERSON", "Дмитрий Песков"),
    (192, "Владимир Путин", "PERSON", "Владимир Путин"),
    (241, "Турции", "GPE", "Турция"),
    (248, "Реджепом Тайипом Эрдоганом", "PERSON", "Реджеп Тайип Эрдоган"),
    (286, "Дмитрия Пескова", "PERSON", "Дмитрий Песков"),
    (312, "Москвы", "GPE", "Москва"),
    (366, "МИД", "ORG", "МИД"),
    (370, "Мария Захарова", "PERSON", "Мария Захарова"),
    (398, "Европейский союз", "GPE", "Европейский союз"),
    (442, "Захарова", "PERSON", "Мария Захарова"),
    (466, "НАТО", "ORG", "НАТО"),
    (490, "Украине", "GPE", "Украина"),
    (552, "Министерстве иностранных дел", "ORG", "Министерство иностранных дел"),
    (581, "Украины", "GPE", "Украина"),
    (603, "Киев", "GPE", "Киев"),
]

FR_ENTITIES = [
    (52, "Paris", "GPE", "Paris"),
    (71, "Emmanuel Macron", "PERSON", "Emmanuel Macron"),
    (97, "Élysée", "GPE", "Élysée"),
    (142, "Olaf Scholz", "PERSON", "Olaf Scholz"),
    (157, "Ursula von der Leyen", "PERSON", "Ursula von der Leyen"),
    (211, "Macron", "PERSON", "Emmanuel Macron"),  # the model calls the bare surname a place
    (221, "Union européenne", "ORG", "Union européenne"),
    (291, "Français", "NORP", "Français"),
    (307, "Allemands", "NORP", "Allemands"),
    (395, "Jean-Noël Barrot", "PERSON", "Jean-Noël Barrot"),
    (416, "Moscou", "GPE", "Moscou"),
    (427, "Kremlin", "GPE", "Kremlin"),
    (511, "Dmitri Peskov", "PERSON", "Dmitri Peskov"),
    (545, "Vladimir Poutine", "PERSON", "Vladimir Poutine"),
    (564, "Ursula von der Leyen", "PERSON", "Ursula von der Leyen"),
    (619, "Commission européenne", "ORG", "Commission européenne"),
    (673, "Kiev", "GPE", "Kiev"),
]


@pytest.mark.parametrize("which,expected", [("russian", RU_ENTITIES), ("french", FR_ENTITIES)])
def test_entities_with_labels_offsets_and_canonical_names(
        which: str, expected: list[tuple[int, str, str, str]],
        request: pytest.FixtureRequest) -> None:
    body, analysis = request.getfixturevalue(which)
    assert analysis.entities is not None and not analysis.notes
    assert [(e.start, e.text, e.label, e.canonical) for e in analysis.entities] == expected
    for e in analysis.entities:
        assert body[e.start:e.end] == e.text


def test_russian_names_are_in_the_nominative_and_linked(
        russian: tuple[str, ArticleAnalysis]) -> None:
    _, analysis = russian
    assert analysis.entities is not None
    forms = {e.text: e.canonical for e in analysis.entities}
    assert forms["Дмитрия Пескова"] == forms["Песков"] == "Дмитрий Песков"  # genitive, bare
    assert forms["Реджепом Тайипом Эрдоганом"] == "Реджеп Тайип Эрдоган"  # instrumental


def test_russian_quote_speakers_are_full_nominative_names(
        russian: tuple[str, ArticleAnalysis]) -> None:
    body, analysis = russian
    got = [(q.text, q.speaker, q.cue, q.how) for q in analysis.quotes]
    assert got == [
        ("Мы готовы к переговорам", "Дмитрий Песков", "заявил", "name"),
        ("условия Москвы остаются прежними", "Дмитрий Песков", "по словам", "name"),
        ("не заинтересован в мире", "Мария Захарова", "заявила", "name"),
        ("Это прямое участие в конфликте", "Мария Захарова", "добавила", "pronoun"),
    ]
    second = analysis.quotes[1]
    assert second.speaker_mention == "Дмитрия Пескова"
    assert body[second.speaker_start:second.speaker_start + len("Дмитрия Пескова")] == \
        "Дмитрия Пескова"
    for q in analysis.quotes:
        assert body[q.start:q.end] == q.text


def test_russian_bodies_where_they_said_are_the_speakers() -> None:
    # "В МИД России заявили": natasha tags "МИД" ORG and "России" GPE, and the English cue
    # rules took the place after the organisation for the person ("России"); the body with
    # its genitive complement speaks, in natasha's nominative, as without NER
    # (speaker_names: "as written, or the nominative the article uses").
    body, analysis = _analysed("ru_bodies")
    got = [(q.text, q.speaker, q.speaker_mention, q.cue, q.how) for q in analysis.quotes]
    assert got == [
        ("не останутся без ответа", "МИД России", "МИД России", "заявили", "name"),
        ("Удары нанесены только по военным объектам", "Министерство обороны России",
         "Министерстве обороны России", "заявили", "name"),
        ("Решение будет принято после консультаций", "Кремль", "Кремле", "заявили", "name"),
        ("дьявол кроется в деталях", "Москва", "Москве", "заявили", "name"),
    ]
    for q in analysis.quotes:
        assert body[q.speaker_start:q.speaker_start + len(q.speaker_mention)] == \
            q.speaker_mention
    # Without NER the same bodies, as written (no nominative for "Кремле" in this article).
    assert [q.speaker for q in extract_quotes(body, None, "ru")][::2] == ["МИД России",
                                                                         "Кремле"]


def test_a_body_opening_a_sentence_speaks_for_its_coordinated_verb_with_natasha() -> None:
    # The multilingual fixture's tk-sg-ru: "В Москве приветствовали саммит, но заявили, что
    # «…»" stayed unknown with natasha's entities ("но" read as the subject), while the rules
    # without NER gave "Москве".
    record = next(r for r in map(json.loads, MULTILINGUAL.read_text("utf-8").splitlines())
                  if r["id"] == "tk-sg-ru")
    quotes = analyze_text(record["text"], language="ru").quotes
    assert (quotes[-1].text, quotes[-1].speaker, quotes[-1].how) == (
        "дьявол кроется в деталях", "Москва", "name")
    assert extract_quotes(record["text"], None, "ru")[-1].speaker == "Москве"


def test_a_sentence_of_thousands_of_words_is_not_parsed_for_the_nominative(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # natasha's parser scores every pair of a sentence's words: a list of 1,000 quotes with no
    # full stop (11,000 tokens) took 2.4 GB and 6 s, 4,000 ran out of memory. Such a sentence
    # keeps its names as written; a sentence of usual length still gets the nominative.
    from natasha import Doc

    from newsprism.analyze.ner_natasha import MAX_PARSED

    parsed: list[int] = []
    parse = Doc.parse_syntax

    def counted(self: Doc, parser: object) -> None:
        parsed.extend(len(sent.tokens) for sent in self.sents)
        parse(self, parser)

    monkeypatch.setattr(Doc, "parse_syntax", counted)
    items = ", ".join(f"«один два три четыре пять шесть семь слово{i}»" for i in range(300))
    body = (f"Слова Дмитрия Пескова обсуждали в Стамбуле.\n\nМария Захарова заявила, что "
            f"запрещены слова {items} и другие.")
    analysis = analyze_text(body, language="ru")
    assert parsed and max(parsed) <= MAX_PARSED
    forms = {e.text: e.canonical for e in analysis.entities or []}
    assert forms["Дмитрия Пескова"] == "Дмитрий Песков"  # its sentence was parsed
    assert forms["Мария Захарова"] == "Мария Захарова"
    assert len(analysis.quotes) == 300
    assert {q.speaker for q in analysis.quotes} == {"Мария Захарова"}


def test_french_quote_speakers(french: tuple[str, ArticleAnalysis]) -> None:
    body, analysis = french
    got = [(q.text.split()[0], q.speaker, q.cue, q.how) for q in analysis.quotes]
    assert got == [
        ("Nous", "Emmanuel Macron", "déclaré", "name"),  # "a déclaré Emmanuel Macron"
        ("parler", "Emmanuel Macron", "selon", "name"),  # "Selon Macron, … « … »"
        ("Les", "Jean-Noël Barrot", "ajouté", "name"),
        ("C'est", "Dmitri Peskov", "répondu", "name"),
        ("Nous", "Ursula von der Leyen", "insisté", "pronoun"),  # "a-t-elle insisté"
    ]
    for q in analysis.quotes:
        assert body[q.start:q.end] == q.text  # inside « … » without its spaces


@pytest.mark.parametrize("language,text,speaker", [
    ("ru", "«Мы готовы к переговорам», — заявил Дмитрий Песков.", "Дмитрий Песков"),
    ("ru", "Дмитрий Песков прилетел в Минск. Как сообщил Песков, «встреча пройдёт в мае».",
     "Дмитрий Песков"),
    ("ru", "Владимира Зеленского спросили о мире. «Мы не отступим», — ответил Зеленский.",
     "Владимир Зеленский"),
    ("ru", "Песков заявил: «Мы готовы к переговорам с Киевом».", "Песков"),
    ("fr", "« Nous sommes prêts », a déclaré M. Emmanuel Macron.", "Emmanuel Macron"),
    ("fr", "Emmanuel Macron a déclaré : « Nous sommes prêts à tout pour la paix ».",
     "Emmanuel Macron"),
    ("fr", "Emmanuel Macron était à Berlin. « Nous sommes prêts », dit-il.", "Emmanuel Macron"),
])
def test_one_line_quotes(language: str, text: str, speaker: str) -> None:
    (quote,) = analyze_text(text, language=language).quotes
    assert quote.speaker == speaker


def test_an_unknown_language_still_gets_the_note() -> None:
    analysis = analyze_text("«Ми готові», — заявив Зеленський.", language="uk")
    assert analysis.entities is None
    assert analysis.notes == ("no NER model for language 'uk'",)
    assert [q.speaker for q in analysis.quotes] == ["Зеленський"]


def test_headline_parsers_are_english_and_french_only() -> None:
    # Russian headlines go through natasha's parse; French loads in about 0.6 s, 3 ms a line
    assert get_parser("ru") is None and get_parser("uk") is None
    french = get_parser("fr")
    assert french is not None and "parser" in french.pipe_names and "ner" not in french.pipe_names


def test_mixed_languages_in_worker_processes_equal_serial() -> None:
    lines = {"en": '"We are ready," Laura Chen said on day {i}.',
             "fr": "« Nous sommes prêts », a déclaré Emmanuel Macron le jour {i}.",
             "ru": "«Мы готовы», — заявил Дмитрий Песков в день {i}."}
    articles = [Article(id=i, title="t", outlet=Outlet(name=None, domain=None), language=lang,
                        paragraphs=(lines[lang].format(i=i),))
                for i, lang in enumerate(["en", "fr", "ru", "ru", "en", "fr"], 1)]
    serial = list(analyze_articles(articles))
    assert list(analyze_articles(articles, n_process=2, batch_size=2)) == serial
    assert [q.speaker for a in serial for q in a.quotes] == [
        "Laura Chen", "Emmanuel Macron", "Дмитрий Песков", "Дмитрий Песков", "Laura Chen",
        "Emmanuel Macron"]


def test_french_places_tagged_as_people_are_no_speakers() -> None:
    # fr_core_news_sm tags "Notre-Dame" PER, and "a-t-il déclaré" found its speaker in
    # "reconstruire Notre-Dame": the multilingual fixture's Notre-Dame report quoted the
    # cathedral. The president is only "le chef de l'État" there: no speaker.
    import json

    with (FIXTURES / "multilingual" / "multilingual_events.jsonl").open(encoding="utf-8") as fh:
        (record,) = [r for r in map(json.loads, fh) if r["id"] == "notre-dame-fr"]
    analysis = analyze_text(record["text"], language="fr")
    labels = {e.text: e.label for e in analysis.entities or []}
    assert labels["Notre-Dame"] == "GPE" and labels["Saint Louis"] == "PERSON"
    (quote,) = analysis.quotes
    assert (quote.text, quote.speaker, quote.cue) == ("Le pire a été évité", None, "déclaré")


@pytest.mark.parametrize("before,text,label", [
    ("dans la cathédrale ", "Notre-Dame", "FAC"),
    ("transporté à l'hôpital ", "Georges-Pompidou", "FAC"),
    ("promis de reconstruire ", "Notre-Dame", "GPE"),
    ("au Stade de France, à ", "Saint-Denis", "GPE"),
    ("Les touristes visitent la ", "Sainte-Chapelle", "GPE"),
    ("la tunique de ", "Saint Louis", "PERSON"),
    ("a réuni ses partisans. ", "Jean-Luc Mélenchon", "PERSON"),
    ("Selon ", "Antoine de Saint-Exupéry", "PERSON"),
])
def test_french_people_and_the_places_named_like_them(before: str, text: str,
                                                       label: str) -> None:
    from newsprism.analyze.ner_french import _label

    assert _label("PER", text, before[-16:]) == label
