"""Quote grouping by speaker (verbatim / reworded / single-source) and the three renderings."""

from __future__ import annotations

import dataclasses
import json

import pytest

from newsprism.analyze.records import Quote
from newsprism.compare.quotes import group_quotes, quote_relation
from newsprism.compare.render import render, shown_claim
from newsprism.compare.report import ClaimGroup, Member, SourceView, StoryComparison


def q(text: str, speaker: str | None) -> Quote:
    return Quote(start=0, end=len(text), text=text, speaker=speaker)


def test_quote_relation() -> None:
    assert quote_relation("I am proposing a meeting now",
                          "I am proposing a meeting now, he said")[0] == "verbatim"
    assert quote_relation(
        "We are absolutely ready and willing to reach an agreement with Ukraine",
        "certainly prepared and willing to reach an agreement with Ukraine")[0] == "reworded"
    assert quote_relation("any time", "the war must end")[0] == "single-source"


def test_group_quotes_by_speaker_last_name() -> None:
    groups = group_quotes([
        (0, q("I am proposing a meeting in Moscow soon", "Volodymyr Zelensky")),
        (1, q("I am proposing a meeting in Moscow soon", "Zelensky")),
        (1, q("I am proposing a meeting in Moscow soon", "Donald Trump")),  # other speaker
        (0, q("it would be great", "Donald Trump")),
    ])
    assert [(g.relation, g.speaker, len(g.members)) for g in groups] == [
        ("verbatim", "Volodymyr Zelensky", 2),
        ("single-source", "Donald Trump", 1),
        ("single-source", "Donald Trump", 1),
    ]
    assert groups[0].scores[0]["relation"] == "verbatim"


def test_same_article_quotes_never_group() -> None:
    groups = group_quotes([(0, q("the same words said twice here", "A B")),
                           (0, q("the same words said twice here", "A B"))])
    assert all(g.relation == "single-source" for g in groups)


@pytest.fixture
def comparison() -> StoryComparison:
    a = Member(article=1, outlet="Outlet <A>", text="Ukraine left <b>four</b> regions", start=0,
               end=10)
    b = Member(article=2, outlet="Outlet B", text="Ukraine left the Donbas region", start=0,
               end=10)
    evidence = ({"relation": "differs", "rule": "places", "detail": "four vs Donbas"},)
    return StoryComparison(story=5, title="A story", sources=(), claims=(
        ClaimGroup(relation="differs", sources=(a, b), evidence=evidence),
        ClaimGroup(relation="single-source", sources=(b,))), quotes=())


def test_render_json_round_trips(comparison: StoryComparison) -> None:
    data = json.loads(render(comparison, "json"))
    assert data["claims"][0]["relation"] == "differs"
    assert StoryComparison.from_dict(data).to_dict() == comparison.to_dict()


def test_render_markdown_and_html(comparison: StoryComparison) -> None:
    md = render(comparison, "md")
    assert md.startswith("# A story") and "## Differs (1)" in md and "rule `places`" in md
    assert "## Single source (1)" in md
    html = render(comparison, "html")
    assert "&lt;b&gt;four&lt;/b&gt;" in html and "<b>four</b>" not in html  # escaped
    assert 'data-relation="differs"' in html
    with pytest.raises(ValueError, match="unknown comparison format"):
        render(comparison, "pdf")


def test_markdown_names_the_outlet_of_each_entity_list(comparison: StoryComparison) -> None:
    # before: '- 1: Ukraine (2)', the bare article id
    source = SourceView(article=1, outlet="Outlet A", title="t", published=None, url=None,
                        language="en", claims=1, single_source=0)
    named = dataclasses.replace(comparison, sources=(source,), entities={
        "1": [{"name": "Ukraine", "label": "GPE", "mentions": 2}],
        "x9": [{"name": "Donbas", "label": "LOC", "mentions": 1}]})
    md = render(named, "md")
    assert "- Outlet A [1]: Ukraine (2)\n" in md
    assert "- x9: Donbas (1)\n" in md  # an article the sources do not list keeps its key
    lonely = dataclasses.replace(comparison, sources=(source,), entities={"1": []})
    assert "Entities per source" not in render(lonely, "md")  # was '- 1: ' with nothing after


def test_a_clause_cut_from_a_sentence_is_shown_with_an_ellipsis() -> None:
    # Sample 001: '…, but said compromises needed to be made.' is cut after ", but".
    assert shown_claim("said compromises needed to be made.") == (
        "\u2026said compromises needed to be made.")
    assert shown_claim("Putin said compromises were needed.") == (
        "Putin said compromises were needed.")
    assert shown_claim("eBay said it would appeal.") == "eBay said it would appeal."
    assert shown_claim("“It is not as if we cared,” he said.") == (
        "“It is not as if we cared,” he said.")
