"""Body rules of the HTML reader (newsprism.ingest.html_body), one fixture page per rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.ingest import html, html_rules
from newsprism.models import Caption, RawArticle, RawDocument

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"


def article(name: str) -> RawArticle:
    path = HTML / name
    doc = RawDocument(data=path.read_bytes(), origin=str(path))
    items = list(html.parse(doc, origin=doc.origin))
    assert len(items) == 1 and isinstance(items[0], RawArticle)
    return items[0]


def test_the_printed_dek_is_the_standfirst_not_the_photo_caption_in_json_ld() -> None:
    # JSON-LD's description is the lead photo's caption; og:description is the dek.
    a = article("dek_and_caption_descriptions.html")
    assert a.paragraphs[0] == ("Kiel. Mehr als 80.000 Menschen kamen zum Hafenfest. Der "
                               "Veranstalter spricht von einem Rekord, obwohl es am Samstag "
                               "fast durchgehend regnete.")
    assert a.paragraphs[1].startswith("Das Hafenfest hat am Wochenende")
    assert not any("Hafenpromenade" in p for p in a.paragraphs)
    assert any("Hafenpromenade" in c.text for c in a.captions)


def test_a_copyright_credit_inside_a_figcaption_is_the_captions_credit() -> None:
    a = article("dek_and_caption_descriptions.html")
    assert a.captions == [Caption(
        text="Besucher drängen sich am Samstagabend auf der Hafenpromenade. Trotz Regen blieben "
             "viele bis zum Feuerwerk.", credit="Hafenbote / Jens Ohlsen")]


def test_a_dek_printed_with_no_break_spaces_under_the_headline_is_found() -> None:
    # XPath's normalize-space() keeps U+00A0, so "3&nbsp;juin" does not contain "3 juin"; and the
    # element holding the dek is the heading block, whose headline is not part of the dek.
    a = article("dek_with_nbsp.html")
    assert a.paragraphs[0].startswith("Reçue mardi 3")
    assert a.paragraphs[0].endswith("pour les pêcheurs et les ferries.")
    assert a.paragraphs[1].startswith("Les travaux de dragage")
    assert "Le port de Brest ferme" not in a.paragraphs[0]


def test_key_points_above_the_story_survive_the_json_ld_arbitration() -> None:
    # articleBody holds the story only; the summary bullets above it are a field of their own.
    a = article("key_points_summary.html")
    assert a.paragraphs[:3] == [
        "A winter storm cracked half of the structure, shut since January.",
        "Contractors begin in spring; walkers get it back next year.",
        "Trawlers move across the harbour to forty extra moorings meanwhile.",
    ]
    assert a.paragraphs[3].startswith("The harbour authority approved on Tuesday")
    assert len(a.paragraphs) == 9


def test_newsletter_affiliate_and_follow_us_lines_go_to_boilerplate() -> None:
    a = article("newsletter_plug.html")
    assert len(a.paragraphs) == 4
    assert not any("newsletter" in p or "commission" in p or "Instagram" in p
                   for p in a.paragraphs)
    assert any(p.startswith("Harbour Weekly: Sign up") for p in a.boilerplate)
    assert any("We may earn a commission" in p for p in a.boilerplate)


@pytest.mark.parametrize("line", [
    "Ground Game: Sign up for our weekly politics newsletter to get it in your inbox.",
    "Get the latest news from the Herald in your inbox.",
    "Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird.",
    "Hat Ihnen dieser Artikel gefallen? Dann unterstützen Sie uns bitte mit einer Spende.",
    "Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.",
    "Il vous reste 64.5% de cet article à lire. La suite est réservée aux abonnés.",
    "This article is only available to subscribers.",
    "Fehler gefunden? Jetzt melden.",
    "Wie hat Ihnen dieser Artikel gefallen?",
    "Ihre Meinung ist uns wichtig. Senden Sie uns Ihr Feedback zu diesem Artikel.",
    "Spotted a typo? Let the newsroom know.",
    "This is a breaking news story - more to follow",
])
def test_calls_to_action_are_recognised(line: str) -> None:
    assert html_rules.is_call_to_action(line)


@pytest.mark.parametrize("line", [
    "LaunchRock says it has helped customers sign up 5 million users, including 300,000 in "
    "October.",
    "The state commission found that Indiana's roads needed 1 billion dollars a year.",
    "Umstrittene Spende während des Verfahrens gegen die Universität",
    "The council said the new ferry service is only available to residents in winter.",
    "Voters can register to receive email updates about their polling station.",
    "The inspectors found an error in the ferry's timetable and asked the operator to fix it.",
    "Police said the story the driver told them would be checked against the camera footage.",
    # A breaking story's one paragraph, ending with the stub note, is the story.
    "Two people were killed when a train derailed near Leeds on Tuesday morning, police "
    "said. This is a breaking news story and will be updated.",
    "The harbour bridge was closed after a lorry hit it. This story will be updated.",
])
def test_story_sentences_about_signing_up_or_commissions_are_not_calls_to_action(
        line: str) -> None:
    assert not html_rules.is_call_to_action(line)


def test_a_markdown_article_body_becomes_plain_paragraphs() -> None:
    # The page prints the first paragraph; articleBody holds the whole story in the CMS's
    # Markdown (links with URLs, *emphasis*, {: .small}, +++ directives, [#image: ...]).
    a = article("markdown_article_body.html")
    assert a.provenance["paragraphs"] == "json-ld"
    assert len(a.paragraphs) == 5
    assert a.paragraphs[1].startswith("The beads, each thinner than a hair")
    assert "ice under the beads lasted three weeks longer than bare ice" in a.paragraphs[1]
    assert "spoke at NASA's research center" in a.paragraphs[2]
    for marker in ("](", "http", "*", "{:", "+++", "[#image"):
        assert not any(marker in p for p in a.paragraphs), marker


def test_a_commenting_forum_heading_cuts_the_comment_section() -> None:
    a = article("commenting_forum_tail.html")
    assert len(a.paragraphs) == 5
    assert a.paragraphs[-1].startswith("The lighthouse itself stays")
    assert "Join our commenting forum" in a.boilerplate


@pytest.mark.parametrize("line", ["Join our commenting forum", "View 12 comments",
                                  "Be the first to comment", "Kommentare anzeigen"])
def test_comment_section_openers_are_recognised(line: str) -> None:
    assert html_rules.is_comments_marker(line)


def test_slideshow_captions_numbered_k_of_n_go_to_boilerplate() -> None:
    a = article("slideshow_counters.html")
    text = html.body_text(RawDocument(data=(HTML / "slideshow_counters.html").read_bytes(),
                                      origin="slideshow_counters.html"))
    assert "1/5 Ferry orders two new ships" in a.boilerplate
    assert not any(s.text.startswith(("1/5", "3/5", "5/5")) for s in a.subheadings)
    assert "/5 " not in text
    assert len(a.paragraphs) == 5


def test_recipe_fractions_are_not_slide_counters() -> None:
    a = article("recipe_fractions.html")
    assert "1/2 cup heavy cream" in a.paragraphs
    assert "1/4 cup chopped fresh parsley" in a.paragraphs
    assert "3/4 cup grated cheddar" in a.paragraphs


def test_captions_of_picture_boxes_are_kept_apart_and_a_repeated_line_stays_once() -> None:
    a = article("picture_box_captions.html")
    assert not any(p.startswith("Pictured from left") for p in a.paragraphs)
    assert any(c.text.startswith("Pictured from left are crime writers") for c in a.captions)
    # The second box captions the photo with a sentence of the story: one copy stays.
    assert sum(p.startswith("Organisers had expected half as many") for p in a.paragraphs) == 1
    assert len(a.paragraphs) == 5


def test_a_paragraph_printed_twice_keeps_its_first_copy_only() -> None:
    a = article("pull_quote_twin.html")
    quote = [p for p in a.paragraphs if p.startswith('"When the boats stop coming')]
    assert len(quote) == 1
    assert a.paragraphs.index(quote[0]) == 1
    assert len(a.paragraphs) == 5


@pytest.mark.parametrize("line", [
    "READ NEXT: Ferry fares rise for the third year running",
    "FUNDA OLUNYE UDABA LAPHA | Uboshiwe osolwa ngokweba izikebhe ethekwini",
    "Related story: New terminal opens on the east quay",
])
def test_more_read_next_teaser_prefixes(line: str) -> None:
    assert html_rules.is_teaser(line)
    a = _story_with(f"<p>{line}</p>")
    assert line not in a.paragraphs and line in a.boilerplate


def _story_with(inner: str) -> RawArticle:
    story = [f"<p>Dredging of berth {i} starts next week and will close the quay for ten days, "
             f"the harbour master said after a meeting with the lines.</p>" for i in range(5)]
    page = ("<html><body><article><h1>Harbour works</h1>" + "".join(story[:2]) + inner
            + "".join(story[2:]) + "</article></body></html>")
    doc = RawDocument(data=page.encode(), origin="inline.html")
    items = list(html.parse(doc, origin=doc.origin))
    assert isinstance(items[0], RawArticle)
    return items[0]


def test_an_other_columns_block_after_the_story_goes_to_boilerplate() -> None:
    a = article("other_columns_tail.html")
    assert len(a.paragraphs) == 4
    assert a.paragraphs[-1].startswith("Until then, the boats will keep waiting")
    assert "Other opinion columns" in a.boilerplate


def test_a_short_post_keeps_its_related_list_rather_than_vanish() -> None:
    # Cutting at "Related posts:" would leave too few words to be read as an article.
    a = article("short_post_related.html")
    assert a.paragraphs[0] == "From the harbour master, asked on Tuesday about the new dredger:"
    assert any(p.startswith('"It is the first machine') for p in a.paragraphs)


def test_a_blog_theme_post_footer_goes_to_boilerplate() -> None:
    a = article("blog_post_footer.html")
    assert a.paragraphs[-1] == "Thank you for reading, and see you at the new place."
    assert any(p.startswith("This entry was posted on March 3") for p in a.boilerplate)
    assert "Be the first to like this." in a.boilerplate


@pytest.mark.parametrize("line,crumb", [
    ("News > World > Europe", True),
    ("科技 > 要闻 > THE NEXT WEB > 正文", True),
    ("Home » Sport » Football » Premier League", True),
    ("div > p > span.caption", False),  # a CSS selector in a technical post
    ("Profits rose > 10% in the north > 5% in the south > 2% overall this year", False),
])
def test_breadcrumb_trails_are_chrome(line: str, crumb: bool) -> None:
    assert html_rules.is_chrome(line) is crumb


def test_a_breadcrumb_above_the_story_goes_to_boilerplate() -> None:
    crumb = "Home &gt; Harbour &gt; Works"
    a = _story_with(f"<p>{crumb}</p>")
    assert "Home > Harbour > Works" in a.boilerplate
    assert len(a.paragraphs) == 5


def test_a_german_day_heading_is_not_a_tag_line() -> None:
    # "Tag" is German for day: "Tag 3: ..." opens a section of a travel diary.
    assert not html_rules.is_chrome("Tag 3: Über den Pass nach Italien")
    assert html_rules.is_chrome("Tags: harbour, ferries, fares")


def test_a_fact_box_beside_the_story_goes_to_boilerplate_with_its_heading() -> None:
    a = article("fact_box.html")
    assert not any("1962" in p or "30 cars" in p for p in a.paragraphs)
    assert "Facts about the island ferry" not in [s.text for s in a.subheadings]
    assert any("1962" in line for line in a.boilerplate)
    assert a.paragraphs[2].startswith("The operator says it has asked the county")
    # A table named infobox (a wiki's key data) is no fact box: it stays.
    assert "Crossing | 25 minutes" in a.paragraphs
    assert len(a.paragraphs) == 7


def test_a_container_with_a_fact_box_inside_is_no_fact_box() -> None:
    # "story-body--with-factbox" names the story's container: its paragraphs stay, the
    # <aside class="factbox"> inside goes.
    a = article("has_fact_box_wrapper.html")
    assert a.paragraphs[3].startswith("Passengers waiting at the north pier")
    assert a.paragraphs[-1].startswith("The company's chief executive said")
    assert len(a.paragraphs) == 7
    assert not any("1962" in p for p in a.paragraphs)


def test_an_authors_box_after_the_story_goes_to_boilerplate() -> None:
    a = article("author_box.html")
    assert not any("has reviewed phones" in p for p in a.paragraphs)
    assert any("has reviewed phones" in line for line in a.boilerplate)
    assert a.paragraphs[-1].startswith("What you give up is waterproofing")
    assert len(a.paragraphs) == 4


def test_a_dek_edited_from_a_description_written_twice_is_the_standfirst() -> None:
    # The CMS wrote the description twice in a row, and the printed dek adds "in Cuxhaven".
    a = article("dek_edited.html")
    assert a.paragraphs[0] == ("Nach drei Wochen Werftzeit in Cuxhaven ist der Katamaran "
                               "zurück. Die Reederei verspricht pünktliche Abfahrten.")
    assert a.paragraphs[1].startswith("Der Katamaran legt von Montag an")
    assert len(a.paragraphs) == 5


def test_feedback_prompts_and_a_breaking_news_note_go_to_boilerplate() -> None:
    a = article("feedback_prompts.html")
    assert a.paragraphs[0].startswith("Two kayakers were pulled from the water")
    assert a.paragraphs[-1].startswith("The station's helmsman said")
    assert len(a.paragraphs) == 4
    assert "Spotted a typo? Let the newsroom know." in a.boilerplate


def test_another_storys_card_between_the_paragraphs_goes_to_boilerplate() -> None:
    # A short <article> that is one link, inside the story's <article>: a teaser card.
    a = article("teaser_card.html")
    assert "Straßenbahnlinie 9 fährt ab April im Zehn-Minuten-Takt" not in (
        [s.text for s in a.subheadings] + a.paragraphs)
    assert "Straßenbahnlinie 9 fährt ab April im Zehn-Minuten-Takt" in a.boilerplate
    # a card with its unlinked byline ("Von Anna Beck": three of twelve words) is one too
    assert not any("Radwege" in line for line in
                   [s.text for s in a.subheadings] + a.paragraphs)
    assert len(a.paragraphs) == 4


@pytest.mark.parametrize("line,chrome", [
    ("Read more", True),
    ("Weiterlesen »", True),
    ("Czytaj więcej", True),
    ("Pin It", True),
    ("Article content", True),  # a screen-reader label
    ("Read more about the council's plans", False),
    ("Continue reading the main story", False),
])
def test_read_more_buttons_alone_on_their_line_are_chrome(line: str, chrome: bool) -> None:
    assert html_rules.is_chrome(line) is chrome
