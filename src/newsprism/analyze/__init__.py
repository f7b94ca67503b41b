"""Per-article analysis: sentences, named entities, direct quotes with speakers.

``analyze_article(article) -> ArticleAnalysis`` is the entry point (records in
``analyze/records.py``, the contract with ``compare/``); ``analyze_stage(store, ids)`` is the
post-ingest pipeline stage that stores results and recomputes them only when an article's text
or ``ANALYZER_VERSION`` changes. Entities come from spaCy for English and French and from
natasha for Russian (``analyze/nlp.py``); a language without an NER model still gets sentences
and quotes (quotation marks are language-neutral), ``entities=None`` and a note saying why.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from newsprism.analyze.entities import entities_from_doc, persons_by_surname
from newsprism.analyze.ner_french import french_entities
from newsprism.analyze.nlp import get_pipeline
from newsprism.analyze.quotes import extract_quotes
from newsprism.analyze.records import (
    ANALYZER_VERSION,
    ArticleAnalysis,
    Entity,
    Quote,
    Sentence,
)
from newsprism.analyze.sentences import split_sentences
from newsprism.models import Article
from newsprism.settings import number_setting

if TYPE_CHECKING:
    from newsprism.store import Store

__all__ = ["ANALYZER_VERSION", "ArticleAnalysis", "Entity", "Quote", "Sentence",
           "analyze_article", "analyze_articles", "analyze_stage", "analyze_text"]

log = logging.getLogger(__name__)
MAX_CHARS = 400_000  # longer bodies are analysed up to here (spaCy's memory grows with length)


def analyze_article(article: Article) -> ArticleAnalysis:
    """Sentences, entities and quotes of one article (never raises on odd text)."""
    return _analyze(article, article.body, None)


def analyze_text(body: str, *, language: str | None = "en") -> ArticleAnalysis:
    """Analyse a bare body text (dev sets, benchmarks); offsets are into ``body``."""
    from newsprism.models import Outlet

    article = Article(title="", outlet=Outlet(name=None, domain=None), language=language,
                      paragraphs=(body,))
    return _analyze(article, body, None)


def analyze_articles(articles: Iterable[Article], *, n_process: int = 1,
                     batch_size: int = 16) -> Iterator[ArticleAnalysis]:
    """Analyse many articles in order, English ones through ``nlp.pipe``.

    With ``n_process`` > 1 whole batches are analysed in forked worker processes that share the
    loaded model; only articles and results cross the process boundary (spaCy's own
    ``n_process`` ships every Doc back, which costs more than it saves).
    """
    if n_process > 1 and "fork" in multiprocessing.get_all_start_methods():
        yield from _parallel(articles, n_process, batch_size)
        return
    yield from _serial(articles, batch_size)


def _serial(articles: Iterable[Article], batch_size: int) -> Iterator[ArticleAnalysis]:
    pending: list[Article] = []
    for article in articles:
        pipeline = get_pipeline(article.language)
        if pipeline.nlp is None or pipeline.language != "en":
            yield from _flush(pending, batch_size)
            pending = []
            yield analyze_article(article)
            continue
        pending.append(article)
        if len(pending) >= 256:
            yield from _flush(pending, batch_size)
            pending = []
    yield from _flush(pending, batch_size)


def _analyze_batch(batch: list[Article]) -> list[ArticleAnalysis]:
    return list(_serial(batch, len(batch)))


def _parallel(articles: Iterable[Article], n_process: int,
              batch_size: int) -> Iterator[ArticleAnalysis]:
    from concurrent.futures import ProcessPoolExecutor

    get_pipeline("en")  # load once in the parent; forked workers share it
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=n_process, mp_context=context) as pool:
        batches: list[list[Article]] = []
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= batch_size:
                batches.append(batch)
                batch = []
        if batch:
            batches.append(batch)
        # The other languages' models too, before the workers fork (on the first task): each
        # would load its own copy otherwise (French 2.5 s, Russian 0.8 s).
        for language in sorted({a.language or "" for b in batches for a in b} - {"en", ""}):
            get_pipeline(language)
        for results in pool.map(_analyze_batch, batches):
            yield from results


def _flush(articles: list[Article], batch_size: int) -> Iterator[ArticleAnalysis]:
    if not articles:
        return
    nlp = get_pipeline("en").nlp
    docs = nlp.pipe([a.body[:MAX_CHARS] for a in articles], batch_size=batch_size)
    for article, doc in zip(articles, docs, strict=True):
        yield _analyze(article, article.body, doc)


def _analyze(article: Article, body: str, doc: Any | None) -> ArticleAnalysis:
    notes: list[str] = []
    pipeline = get_pipeline(article.language)
    if pipeline.note:
        notes.append(pipeline.note)
    text = body
    if len(body) > MAX_CHARS:
        text = body[:MAX_CHARS]
        notes.append(f"body has {len(body)} characters: analysed the first {MAX_CHARS}")
    entities: list[Entity] | None = None
    if pipeline.nlp is not None:
        entities = _entities(pipeline.language, pipeline.nlp, text, doc)
    sentences = [Sentence(start=s.start, end=s.end, paragraph=s.paragraph)
                 for s in split_sentences(body)]
    try:
        quotes = extract_quotes(text, entities, pipeline.language)
    except Exception as exc:  # a rule bug must not stop a run: say so in the notes
        log.exception("quote extraction failed for article %s", article.id)
        quotes = []
        notes.append(f"quote extraction failed: {type(exc).__name__}: {exc}")
    if entities is not None and pipeline.language == "en":
        # "Trump" tagged an organisation after "Donald Trump" is him in the stored entities
        # (a reader's "Entities per source"). Only after the quotes: their rules weigh an
        # ORG-tagged surname themselves, and relabelled first, "Sanders aides argue …" took
        # Devine's next "he said" (quotes-dev: 2 speakers wrong).
        entities = persons_by_surname(entities, pipeline.language)
    if entities is None and any(q.speaker is None for q in quotes):
        notes.append("speakers found from capitalised words only (no NER model)")
    return ArticleAnalysis(
        article_id=article.id, language=pipeline.language, content_hash=article.content_hash,
        analyzer_version=ANALYZER_VERSION, sentences=tuple(sentences),
        entities=None if entities is None else tuple(entities), quotes=tuple(quotes),
        notes=tuple(notes),
    )


def _entities(language: str, nlp: Any, text: str, doc: Any | None) -> list[Entity]:
    """The entity records of ``text``: spaCy's Doc read per language's label set; natasha's
    adapter (Russian) returns the records itself."""
    found = doc if doc is not None else nlp(text)
    if isinstance(found, list):
        return found
    if language == "fr":
        return french_entities(found, text)
    return entities_from_doc(found, text)


# Below this many articles a worker pool costs more than it saves (and a server upload
# should not fork).
PARALLEL_MIN_ARTICLES = 64


def worker_processes() -> int:
    """Processes for large batches: ``NEWSPRISM_ANALYZE_PROCESSES``, default min(2, cores)."""
    configured = number_setting("NEWSPRISM_ANALYZE_PROCESSES")
    if configured:
        return int(configured)
    return max(1, min(2, os.cpu_count() or 1))


def analyze_stage(store: Store, article_ids: list[int]) -> None:
    """Pipeline stage: analyse new or changed articles and store the results."""
    from newsprism.store.analysis import analyze_and_store

    processes = worker_processes() if len(article_ids) >= PARALLEL_MIN_ARTICLES else 1
    analyze_and_store(store, article_ids, n_process=processes)
