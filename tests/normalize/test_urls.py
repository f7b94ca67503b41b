"""Canonical URLs of odd links: a feed item's bad link must not stop the feed."""

from __future__ import annotations

import pytest

from newsprism.models import RawDocument
from newsprism.normalize.urls import canonical_url
from newsprism.pipeline import read_articles


@pytest.mark.parametrize("url", ["http://example.com:abc/one", "http://example.com:99999/one",
                                 "https://example.com:-1/", "http://[::1/x"])
def test_a_link_with_a_bad_port_has_no_canonical_url(url: str) -> None:
    assert canonical_url(url) is None


def test_a_good_port_is_kept_and_the_default_dropped() -> None:
    assert canonical_url("http://example.com:8080/a") == "http://example.com:8080/a"
    assert canonical_url("https://example.com:443/a") == "https://example.com/a"


def test_a_feed_item_with_a_bad_port_in_its_link_is_read_without_a_url() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
<link>http://example.com/</link>
<item><title>One</title><link>http://example.com:abc/one</link>
<description>The harbour master said the dredging would take ten more days.</description></item>
<item><title>Two</title><link>http://example.com/two</link>
<description>The lines agreed to move the ferries to the north quay.</description></item>
</channel></rss>"""
    _, articles, errors = read_articles(RawDocument(data=feed, origin="feed.xml"))
    assert [a.url for a in articles] == [None, "http://example.com/two"]
    assert errors == []
