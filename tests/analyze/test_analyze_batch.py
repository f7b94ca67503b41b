"""Batch analysis: the same results in order, serial or in worker processes, mixed languages."""

from __future__ import annotations

from newsprism.analyze import analyze_article, analyze_articles
from newsprism.models import Article, Outlet


def _article(i: int, language: str) -> Article:
    return Article(id=i, title=f"t{i}", outlet=Outlet(name=None, domain=None), language=language,
                   paragraphs=(f'"Item {i} is settled now," Laura Chen said on day {i}.',))


def test_parallel_equals_serial_in_order() -> None:
    articles = [_article(i, "uk" if i % 5 == 0 else "en") for i in range(1, 12)]
    serial = list(analyze_articles(articles))
    parallel = list(analyze_articles(articles, n_process=2, batch_size=3))
    assert serial == parallel
    assert [a.article_id for a in parallel] == list(range(1, 12))
    assert serial[0] == analyze_article(articles[0])
    assert serial[4].entities is None and serial[3].entities is not None
