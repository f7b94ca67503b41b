"""The shapes of the JSON API's answers, as /openapi.json documents them.

They document; they do not filter: the routes answer their dicts as built (a story page is
large, and validating it on every request would cost time for nothing), and
tests/serve/test_api.py checks real answers against these models, which forbid unknown fields,
so a field added to an answer and not here fails a test instead of going undocumented.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class Shape(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OutletRef(Shape):
    name: str | None = Field(description="The outlet's name (its domain when no name is known).")
    domain: str | None


class StoryItem(Shape):
    id: int
    title: str | None = Field(description="The headline of the story's most central article.")
    first_seen: str | None
    last_updated: str | None = Field(description="ISO UTC; null when no article has a date.")
    article_count: int
    outlets: list[OutletRef] = Field(description="In the order their articles were published.")
    languages: list[str]


class ArticleItem(Shape):
    id: int
    title: str
    outlet: OutletRef
    language: str | None
    published: str | None
    url: str | None


class StoriesAnswer(Shape):
    ok: bool
    mode: Literal["stories", "articles"] = Field(
        description='"articles" (and the articles, not stories) while the stories stage is not '
                    "installed.")
    stories: list[StoryItem]
    articles: list[ArticleItem] | None = None
    limit: int
    offset: int
    next: str | None = Field(description="The next page's URL; null on the last page.")


class SearchHit(ArticleItem):
    snippet: str = Field(description="Text around the matches, each match in [brackets].")
    story: int | None = Field(description="The story the article is in, if any.")


class SearchAnswer(Shape):
    ok: bool
    q: str
    results: list[SearchHit] = Field(description="Best match first.")
    limit: int
    offset: int
    next: str | None


class HealthAnswer(Shape):
    ok: bool
    version: str
    articles: int
    stories: bool = Field(description="Whether the stories stage is installed and has run.")
    comparison: bool = Field(description="Whether the comparison stage is installed.")


class Member(Shape):
    article: int
    outlet: str | None
    text: str = Field(description="The sentence (claims) or the quoted words (quotes).")
    start: int = Field(description="Character offset in the article's body.")
    end: int


class HeadlineFraming(Shape):
    actor: str | None = Field(description="Who the headline makes act: the subject of its main "
                                           "verb, by its full name (English, French and "
                                           "Russian headlines).")
    action: str | None = Field(description='Its main verb, with a particle ("call for").')
    names: list[str] = Field(description="The story's names the headline carries, found in "
                                         "any language and script and spelt one way per "
                                         "story (as its English reports write them, if any).")
    leaves_out: list[str] = Field(description="Names most other headlines carry (in any "
                                              "language) and this one does not.")
    only_here: list[str] = Field(description="Content words no other headline in its language "
                                             "uses.")
    form: list[str] = Field(description='"quote", "question", "attributed", "passive", '
                                        '"label:live" ...')


class SharedInHeadlines(Shape):
    names: list[str]
    words: list[str]


class Source(Shape):
    article: int
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    language: str | None
    claims: int = Field(description="Claims found in the article.")
    single_source: int = Field(description="Of them, the ones no other source reports.")
    framing: HeadlineFraming | None = Field(None, description="How its headline frames the "
                                                              "story.")
    status: str | None = Field(description='How it joined the story: "new", "joined" or '
                                           '"syndicated" (a copy of another article).')


class ClaimGroup(Shape):
    relation: Literal["shared", "differs", "contradicts", "single-source"]
    sources: list[Member]
    evidence: list[dict[str, Any]] = Field(
        description="Per pair: relation, rule, detail, judge, scores and the sentences.")


class QuoteGroup(Shape):
    speaker: str | None
    relation: Literal["verbatim", "reworded", "single-source"]
    sources: list[Member]
    evidence: list[dict[str, Any]]


class Entity(Shape):
    name: str
    label: str
    mentions: int


class TimelineEntry(Shape):
    time: str | None
    article: int
    outlet: str | None
    title: str | None


class SyndicationGroup(Shape):
    id: int
    origin: int = Field(description="The article the copies were made from.")
    kind: str = Field(description='"exact" or "near" copies.')
    articles: list[int]
    outlets: list[str]


class StoryBody(Shape):
    id: int = Field(description="The story's id now (an id merged into it resolves to it).")
    story: int
    title: str
    version: str = Field(description="Version of the comparison rules.")
    first_seen: str | None
    last_updated: str | None
    article_count: int
    central_article: int | None
    languages: list[str]
    top_entities: list[str] = Field(description="The names most of its articles use.")
    merged_from: list[int] = Field(description="Ids of the stories merged into this one.")
    resolved_from: int | None = Field(
        None, description="The id asked for, when it is a story merged into this one.")
    syndication_groups: list[SyndicationGroup]
    sources: list[Source]
    headlines: dict[str, SharedInHeadlines] = Field(
        default_factory=dict, description="Per language with two or more headlines: the names "
                                          "and words all of them share.")
    claims: list[ClaimGroup] = Field(description="contradicts, differs, shared, then "
                                                 "single-source.")
    quotes: list[QuoteGroup]
    entities: dict[str, list[Entity]] = Field(description="Per article id.")
    timeline: list[TimelineEntry]
    notes: list[str] = Field(description="What could not be done, e.g. no NER model for a "
                                         "language.")


class StoryAnswer(Shape):
    ok: bool
    story: StoryBody


class ArticleAnswer(Shape):
    ok: bool
    article: dict[str, Any] = Field(
        description="The article as exported (models.Article.to_dict: title, outlet, url, "
                    "authors, published, language, paragraphs, subheadings, captions, related, "
                    "partial, metadata, provenance, ...) plus raw_id, revisions and story (its "
                    "placement: story id, status, reason).")


class StoredArticle(Shape):
    id: int
    status: str = Field(description='"new", "revised" or "unchanged".')
    title: str
    outlet: OutletRef
    story: int | None = Field(description="The story it joined, if any.")


class IngestAnswer(Shape):
    ok: bool
    origin: str
    status: str
    raw_id: int | None = None
    format: str | None = None
    articles: list[StoredArticle]
    errors: list[str]
    stage_errors: list[str]
    documents: list[dict[str, Any]] | None = Field(
        None, description="For a URL read as several documents (a paginated WordPress API).")
