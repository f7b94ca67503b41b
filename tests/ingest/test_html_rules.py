"""The boilerplate line rules (newsprism.ingest.html_rules) leave story prose alone.

Each rule is a phrase a site prints about itself; a story may use the same words in its own
reporting. These sentences are such reporting and must stay in the body, rule by rule and
through the whole HTML reader.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsprism.ingest import html, html_rules
from newsprism.models import RawArticle, RawDocument

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"

PROSE = [
    "The minister said the related measures would take effect in January.",
    "Related measures are expected next year, the ministry said on Tuesday.",
    "The newsletter, which has 40,000 subscribers, was founded in 2010 by two reporters.",
    "Residents can sign up for emergency text updates on the county's website, officials said.",
    "Farmers can sign up for the drought updates by email, US officials said on Monday.",
    "Voters who want to subscribe to election updates by email can do so until Friday.",
    "The foundation said the grant would support independent journalism in the region.",
    "Brokers may earn a commission on each sale, according to the regulator's filing.",
    "Filed under seal, the indictment charges the two men with fraud and money laundering.",
    "More news is expected on Monday, when the court publishes its ruling.",
    "Other news outlets reported the same figures a day later.",
    "No comments were made by the spokesperson on Tuesday.",
    "Be the first to comment on the proposal, the council wrote in a notice to residents.",
    "Share this information with your neighbours, the fire brigade urged in a statement.",
    "Copyright lawyers for the band said the song had been used without permission.",
    "Like this year's budget, next year's plan relies on borrowing.",
    "Watching the vote, the opposition leader said the result was a disgrace.",
    "Watch-makers in Geneva said exports fell for a third month in a row.",
    "Related-party transactions rose 5% last year, the filing showed.",
    "More-or-less every household in the valley was affected by the outage.",
    "Tag 3 der Verhandlungen brachte keine Einigung, sagte die Gewerkschaft.",
    "Der Newsletter des Vereins erreicht nach eigenen Angaben 5.000 Mitglieder.",
    "Les abonnés du journal ont reçu un courriel mardi, a indiqué la direction.",
    "La empresa dijo que los suscriptores recibirán el boletín a partir de marzo.",
]

RULES = [html_rules.is_chrome, html_rules.is_teaser, html_rules.is_tail_marker,
         html_rules.is_call_to_action, html_rules.is_comments_marker, html_rules.is_credit,
         html_rules.is_date_line, html_rules.is_byline]


@pytest.mark.parametrize("line", PROSE)
def test_no_rule_takes_a_story_sentence_that_uses_boilerplate_words(line: str) -> None:
    assert [rule.__name__ for rule in RULES if rule(line)] == []


@pytest.mark.parametrize("line", [
    # Seen on extraction-dev pages: the site speaks to the reader.
    "Reviews and recommendations are unbiased and products are independently selected. "
    "Postmedia may earn an affiliate commission from purchases made through links on this page.",
    "We independently select everything we recommend. Buying through us may earn us a "
    "commission, which supports our work.",
    "For the latest breaking news and stories from across the globe from the Daily Star, sign "
    "up for our newsletters .",
    "Please bookmark the site and sign up for our newsletters here.",
    "Subscribe to the Morning Brief newsletter.",
    "Please support independent journalism.",
])
def test_calls_to_action_that_address_the_reader_are_still_found(line: str) -> None:
    assert html_rules.is_call_to_action(line)


@pytest.mark.parametrize("line", ["Filed under: News, Harbour, Ferries",
                                  "Tags: blog, hosting, move, notebook"])
def test_post_footer_labels_are_chrome(line: str) -> None:
    assert html_rules.is_chrome(line)


def test_the_reader_keeps_every_prose_paragraph_with_boilerplate_words() -> None:
    story = "".join(f"<p>{line}</p>" for line in PROSE)
    page = ("<html><head><title>Harbour works</title></head><body><article><h1>Harbour works"
            "</h1>" + story + "</article></body></html>")
    doc = RawDocument(data=page.encode(), origin="inline.html")
    (item,) = list(html.parse(doc, origin=doc.origin))
    assert isinstance(item, RawArticle)
    assert item.paragraphs == PROSE
    assert item.boilerplate == []


@pytest.mark.parametrize("length", [10_000, 200_000])
def test_the_rules_stay_fast_on_long_lines(length: int) -> None:
    lines = ["sign up " * (length // 8), "a" * length, "> " * (length // 2),
             "Tags: " + "x" * length, "©" * length, "1/2 " * (length // 4)]
    started = time.perf_counter()
    for line in lines:
        for rule in RULES:
            rule(line)
    assert time.perf_counter() - started < 1.0
