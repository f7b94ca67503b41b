"""The typed results of analysing one article: sentences, entities, quotes, notes.

These records are the contract with ``compare/`` (claims, cross-article alignment) and with the
CLI/API. They are frozen, slotted, keyword-only dataclasses; ``to_dict`` / ``from_dict`` is the
lossless JSON form stored in the database. All offsets are Python string indices (end exclusive)
into ``Article.body`` (the paragraphs joined by one blank line), so ``body[q.start:q.end]`` is
the quoted stretch as written.

Field tables (checked by tests/analyze/test_records.py):

Sentence

| field     | type | meaning                                              |
|-----------|------|------------------------------------------------------|
| start     | int  | offset of the first character in the body            |
| end       | int  | offset just after the last character                 |
| paragraph | int  | index of the paragraph holding the sentence          |

Entity

| field     | type        | meaning                                                       |
|-----------|-------------|---------------------------------------------------------------|
| start     | int         | offset in the body                                            |
| end       | int         | offset just after the mention                                 |
| text      | str         | the mention as written ("Zelensky")                           |
| label     | str         | OntoNotes label: PERSON, ORG, GPE, NORP, LOC, DATE, ...       |
| canonical | str         | the longest form the article uses ("Volodymyr Zelensky")      |

Quote

| field           | type             | meaning                                                   |
|-----------------|------------------|-----------------------------------------------------------|
| start           | int              | offset of the first quoted character (after the opening   |
|                 |                  | mark and any space, as in French « … »)                   |
| end             | int              | offset just after the last quoted character (before the   |
|                 |                  | closing mark and any space; or the paragraph end)         |
| text            | str              | the quoted words, each run of white space as one space    |
|                 |                  | (so ``body[start:end] == text`` for a one-paragraph quote |
|                 |                  | of a normalized body); a quote over several paragraphs is |
|                 |                  | joined with one space, continuation marks dropped         |
| speaker         | str or None      | resolved speaker ("Volodymyr Zelensky"), None if unknown  |
| speaker_mention | str or None      | the speaker as written next to the quote ("he",           |
|                 |                  | "the Russian leader", "Zelensky")                         |
| speaker_start   | int or None      | offset of speaker_mention in the body                     |
| cue             | str or None      | the speech verb or phrase ("said", "added",               |
|                 |                  | "according to", "quoted ... as saying")                   |
| partial         | bool             | a short fragment woven into the writer's sentence         |
|                 |                  | ("any time", "strategic disaster")                        |
| how             | str              | how the speaker was found: "name", "pronoun",             |
|                 |                  | "description", "previous" (carried from the quote before),|
|                 |                  | "none"                                                    |
| paragraphs      | int              | number of paragraphs the quote spans (1 normally)         |
| closed          | bool             | False when no closing mark was found (unbalanced input)   |

ArticleAnalysis

| field            | type                     | meaning                                            |
|------------------|--------------------------|----------------------------------------------------|
| article_id       | int or None              | the store's article id                             |
| language         | str or None              | the language analysed                              |
| content_hash     | str                      | ``Article.content_hash`` of the text analysed      |
| analyzer_version | str                      | ``ANALYZER_VERSION`` that produced it              |
| sentences        | tuple[Sentence, ...]     | every sentence of the body                         |
| entities         | tuple[Entity,...] / None | None when no NER model covers the language         |
| quotes           | tuple[Quote, ...]        | direct quotes in body order                        |
| notes            | tuple[str, ...]          | what could not be done and why                     |
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

# Bump when any rule or model change alters the output: stored analyses are recomputed.
ANALYZER_VERSION = "21"

SpeakerHow = Literal["name", "pronoun", "description", "previous", "none"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    """One sentence of the body, by offsets (the text is ``body[start:end]``)."""

    start: int
    end: int
    paragraph: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Entity:
    """A named-entity mention; ``canonical`` links short mentions to the full name."""

    start: int
    end: int
    text: str
    label: str
    canonical: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    """A direct quotation, its speaker as written and as resolved, and its cue verb."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_start: int | None = None
    cue: str | None = None
    partial: bool = False
    how: SpeakerHow = "none"
    paragraphs: int = 1
    closed: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleAnalysis:
    """Everything ``analyze_article`` found in one article, and what it could not do."""

    article_id: int | None
    language: str | None
    content_hash: str
    analyzer_version: str = ANALYZER_VERSION
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[Entity, ...] | None = ()
    quotes: tuple[Quote, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types, field names as in the table above."""
        return {
            "article_id": self.article_id,
            "language": self.language,
            "content_hash": self.content_hash,
            "analyzer_version": self.analyzer_version,
            "sentences": [[s.start, s.end, s.paragraph] for s in self.sentences],
            "entities": None if self.entities is None else [asdict(e) for e in self.entities],
            "quotes": [asdict(q) for q in self.quotes],
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleAnalysis:
        """Inverse of ``to_dict``."""
        entities = data.get("entities")
        return cls(
            article_id=data.get("article_id"),
            language=data.get("language"),
            content_hash=data["content_hash"],
            analyzer_version=data["analyzer_version"],
            sentences=tuple(Sentence(start=s[0], end=s[1], paragraph=s[2])
                            for s in data.get("sentences") or ()),
            entities=None if entities is None else tuple(Entity(**e) for e in entities),
            quotes=tuple(Quote(**q) for q in data.get("quotes") or ()),
            notes=tuple(data.get("notes") or ()),
        )


QUOTE_FIELDS = tuple(f.name for f in fields(Quote))
ENTITY_FIELDS = tuple(f.name for f in fields(Entity))
