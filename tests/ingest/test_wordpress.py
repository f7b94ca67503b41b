"""WordPress REST reader: posts, lists, _embedded, both REST URL styles, bad JSON."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsprism.errors import NoArticleError, ParseError
from newsprism.ingest import wordpress
from newsprism.models import Caption, RawArticle, RawDocument, RelatedLink, Subheading

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wordpress"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def raw_of(path: Path) -> RawDocument:
    return RawDocument(data=path.read_bytes(), origin=str(path))


def parse_all(path: Path) -> list[RawArticle | ParseError]:
    return list(wordpress.parse(raw_of(path), origin=str(path)))


def test_sniffs_wordpress_json_and_nothing_else():
    assert wordpress.sniff(raw_of(next(SAMPLES.glob("001_*"))))
    assert wordpress.sniff(raw_of(FIXTURES / "posts_embedded.json"))
    assert wordpress.sniff(raw_of(FIXTURES / "post_rest_route.json"))
    assert wordpress.sniff(raw_of(FIXTURES / "gutenberg_post.json"))
    assert not wordpress.sniff(raw_of(next(SAMPLES.glob("000_*"))))
    assert not wordpress.sniff(raw_of(FIXTURES / "not_a_post.json"))
    # The API's error object is the reader's, so that the error says what the site answered.
    assert wordpress.sniff(raw_of(FIXTURES / "rest_error.json"))
    assert not wordpress.sniff(RawDocument(data=b'{"code": "x", "message": "y"}', origin="x"))
    json_feed = (b'{"version": "https://jsonfeed.org/version/1.1",'
                 b' "items": [{"content_html": "<p>x</p>"}]}')
    for data in (b"", b"\x89PNG\r\n\x1a\n\x00\x00", json_feed, b"[1, 2, 3]"):
        assert not wordpress.sniff(RawDocument(data=data, origin="x"))


def test_list_of_posts_with_embedded_authors_terms_and_featured_media():
    first, second = parse_all(FIXTURES / "posts_embedded.json")
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.title == "Harbourton votes to close its 112-year-old ferry terminal"
    assert first.authors == ["Marta Lindqvist"]
    assert first.provenance["authors"] == "wp"
    # "Uncategorized" is skipped for the section; entities in term names decoded.
    assert first.section == "Local & Regional"
    assert first.tags == ["ferries", "city council"]
    assert first.url == "https://news.example-courier.org/2026/06/harbourton-ferry-terminal-closes/"
    assert first.published == datetime(2026, 6, 2, 14, 30, tzinfo=UTC)
    assert first.updated == datetime(2026, 6, 2, 16, 5, 12, tzinfo=UTC)
    # The featured image's caption comes first, then the in-body figure's.
    assert first.captions == [
        Caption(text="The Harbourton ferry terminal opened in 1914.",
                credit="Harbourton Archive/Courier"),
        Caption(text="The last ferry leaves the terminal on Monday evening.",
                credit="Dana Whitfield"),
    ]
    assert first.subheadings == [Subheading(text="What happens next", before=2)]
    assert first.related == [RelatedLink(
        title="Ferry fares rise for the third year",
        url="https://news.example-courier.org/2026/05/ferry-fares/")]
    assert first.paragraphs == [
        "The city council of Harbourton voted 7–2 on Tuesday to close the old ferry terminal, "
        "ending 112 years of service.",
        "“It’s the end of an era,” said Mayor Ines Okafor.",
        "The council listed three options for the site:",
        "a public park,",
        "housing for 200 families, and",
        "a maritime museum.",
        "A final decision is expected in September…",
    ]
    assert "window.ads" not in " ".join(first.paragraphs + first.boilerplate)
    # WordPress's automatic "[…]" more-marker is not part of the excerpt.
    assert first.excerpt == "The city council voted 7–2 to close the terminal"
    assert first.external_id == "1001"
    assert first.metadata["wp_slug"] == "harbourton-ferry-terminal-closes"
    assert first.metadata["wp_categories"] == [3, 12]
    assert first.metadata["wp_rest_route"] == "/wp/v2/posts/1001"

    assert second.title == "Rail strike to halt four regional lines – union"
    assert second.authors == ["Marta Lindqvist", "Tomás Ruiz"]
    assert second.section == "Transport" and second.tags == []
    # Empty caption: the alt text stands in, the credit comes from the image metadata.
    assert second.captions == [Caption(text="A regional train", credit="Jonas Berg")]
    assert second.paragraphs[1] == ("The walkout will halt services on four regional lines. "
                                    "Commuters were told to plan ahead.")


def test_rest_route_style_post_without_embedded_keeps_only_the_author_id():
    (post,) = parse_all(FIXTURES / "post_rest_route.json")
    assert isinstance(post, RawArticle)
    assert post.authors == []
    assert "authors" not in post.provenance
    assert post.metadata["wp_author_id"] == 7
    assert post.metadata["wp_rest_url"] == (
        "https://news.example-courier.org/index.php?rest_route=/wp/v2/posts/3001")
    assert post.metadata["wp_rest_route"] == "/wp/v2/posts/3001"
    assert post.url == "https://news.example-courier.org/?p=3001"
    assert post.paragraphs == [
        "Repairs on the Old Town bridge finished on Wednesday, two weeks ahead of schedule.",
        "Traffic resumes on Thursday morning.",
    ]


def test_gutenberg_post_blocks():
    (post,) = parse_all(FIXTURES / "gutenberg_post.json")
    assert isinstance(post, RawArticle)
    assert post.title == "Baltic’s largest seagrass meadow mapped"
    assert post.paragraphs == [
        "Scientists at the Nordvik Institute have mapped the largest seagrass meadow in the "
        "Baltic.",
        "The meadow covers 40 km², the team said.",
        "Sonar sweeps in 2024",
        "Dives in 2025",
        "spring",
        "autumn",
        "“We did not expect it to be this big,” said Saari.",
        "Area | 40 km²",
        "Depth | 2–9 m",
        "The team will publish its full survey in Marine Ecology next year.",
    ]
    assert post.subheadings == [Subheading(text="How it was found", before=2),
                                Subheading(text="Figures", before=7)]
    assert post.captions == [Caption(text="Divers survey the meadow off Nordvik.",
                                     credit="Lena Holm / Nordvik Institute")]
    assert post.related == [RelatedLink(title="Seagrass loss in the North Sea", url=None)]
    body = " ".join(post.paragraphs)
    for junk in ("youtube", "Advertisement", "stores more carbon", "example.com/map"):
        assert junk not in body


def test_truncated_json_names_the_position():
    with pytest.raises(ParseError) as info:
        parse_all(FIXTURES / "truncated.json")
    message = str(info.value)
    assert message.startswith(str(FIXTURES / "truncated.json") + ": truncated WordPress JSON")
    assert "line 1 column 3641 (char 3640)" in message


def test_json_that_is_not_a_post_is_a_parse_error_when_forced():
    with pytest.raises(ParseError, match="not a WordPress post.*keys: description"):
        parse_all(FIXTURES / "not_a_post.json")
    with pytest.raises(ParseError, match=r"REST error, not a post: Invalid post ID\. "
                                         r"\(rest_post_invalid_id\)"):
        parse_all(FIXTURES / "rest_error.json")


def test_empty_list_and_undecodable_bytes():
    with pytest.raises(NoArticleError, match="lists no posts"):
        list(wordpress.parse(RawDocument(data=b"[]", origin="e.json"), origin="e.json"))
    with pytest.raises(ParseError, match="not UTF-8"):
        list(wordpress.parse(RawDocument(data=b"\xff\xfe{", origin="b"), origin="b"))
    with pytest.raises(ParseError, match="empty"):
        list(wordpress.parse(RawDocument(data=b"  \n", origin="b"), origin="b"))


def test_one_broken_entry_among_good_ones_is_yielded_as_an_error():
    data = (FIXTURES / "posts_embedded.json").read_text(encoding="utf-8")
    broken = data.replace("[\n {", '[\n {"name": "not a post"},\n {', 1).encode()
    results = list(wordpress.parse(RawDocument(data=broken, origin="mix.json"), origin="mix.json"))
    assert isinstance(results[0], ParseError)
    assert str(results[0]) == "mix.json: entry 1: not a WordPress post"
    assert [r.external_id for r in results[1:] if isinstance(r, RawArticle)] == ["1001", "2001"]


def test_json_lines_dump_of_posts():
    posts = (FIXTURES / "post_rest_route.json").read_bytes()
    data = posts + b"\n" + posts.replace(b'"id":3001', b'"id":3002') + b"\n"
    results = list(wordpress.parse(RawDocument(data=data, origin="d.jsonl"), origin="d.jsonl"))
    assert [r.external_id for r in results if isinstance(r, RawArticle)] == ["3001", "3002"]


@pytest.mark.parametrize(
    ("url", "route"),
    [
        ("https://x.example/wp-json/wp/v2/posts/12", "/wp/v2/posts/12"),
        ("https://x.example/wp-json/wp/v2/posts?per_page=10", "/wp/v2/posts"),
        ("https://x.example/index.php?rest_route=/wp/v2/posts/12", "/wp/v2/posts/12"),
        ("https://x.example/?rest_route=%2Fwp%2Fv2%2Fposts&page=2", "/wp/v2/posts"),
        ("https://x.example/2026/06/a-post/", None),
    ],
)
def test_rest_route_of_both_url_styles(url, route):
    assert wordpress.rest_route(url) == route
    assert wordpress.is_rest_url(url) is (route is not None)


def test_yoast_fields_fill_gaps_without_inventing_names():
    post = {
        "id": 5, "slug": "s", "type": "post", "link": "https://y.example/?p=5",
        "date_gmt": None, "date": "2026-06-01T10:00:00", "guid": {"rendered": "x"},
        "title": {"rendered": "T"}, "content": {"rendered": "<p>Body.</p>"},
        "yoast_head_json": {"author": "Ola Nordmann", "og_site_name": "Y News",
                            "canonical": "https://y.example/s/", "og_locale": "nb_NO"},
    }
    article = wordpress.post_to_article(post)
    assert article.authors == ["Ola Nordmann"]
    assert article.outlet_name == "Y News"
    assert article.canonical_url == "https://y.example/s/"
    assert article.language == "nb-NO"
    # No GMT date: the site-local one is passed on as written, for normalize to judge.
    assert article.published == "2026-06-01T10:00:00"


def test_password_protected_post_falls_back_to_the_excerpt_as_partial():
    post = {"id": 6, "slug": "p", "type": "post", "link": "https://y.example/?p=6",
            "guid": {"rendered": "x"}, "title": {"rendered": "Locked"},
            "content": {"rendered": "", "protected": True},
            "excerpt": {"rendered": "<p>There is no excerpt because this is a protected post.</p>"}}
    article = wordpress.post_to_article(post)
    assert article.partial
    assert article.paragraphs == ["There is no excerpt because this is a protected post."]


def test_registry_picks_wordpress_by_sniffing():
    from newsprism.errors import UnknownFormatError
    from newsprism.ingest import detect_format

    for name in ("posts_embedded.json", "post_rest_route.json", "gutenberg_post.json",
                 "truncated.json"):
        assert detect_format(raw_of(FIXTURES / name)) == "wordpress", name
    assert detect_format(raw_of(next(SAMPLES.glob("001_*")))) == "wordpress"
    with pytest.raises(UnknownFormatError):
        detect_format(raw_of(FIXTURES / "not_a_post.json"))
    assert detect_format(raw_of(FIXTURES / "rest_error.json")) == "wordpress"


def test_cli_parse_reports_the_truncated_position_and_a_forced_non_post():
    from typer.testing import CliRunner

    from newsprism.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["parse", str(FIXTURES / "truncated.json"),
                                 "--reader", "wordpress", "--format", "jsonl"])
    assert result.exit_code == 1
    assert "truncated WordPress JSON at line 1 column 3641" in result.output
    assert "1 of 1 inputs failed" in result.output
    result = runner.invoke(app, ["parse", str(FIXTURES / "not_a_post.json"),
                                 "--reader", "wordpress"])
    assert result.exit_code == 1
    assert "is not a WordPress post" in result.output
    result = runner.invoke(app, ["parse", str(FIXTURES / "posts_embedded.json")])
    assert result.exit_code == 0
    ids = [json.loads(line)["external_id"] for line in result.stdout.splitlines()
           if line.startswith("{")]
    assert ids == ["1001", "2001"]


def test_json_nested_too_deeply_is_a_parse_error() -> None:
    from newsprism.ingest import detect_format

    data = (b'{"id": 1, "slug": "s", "type": "post", "link": "https://e.org/d", "title": '
            b'{"rendered": "Deep"}, "content": {"rendered": "<p>x</p>"}, "meta": '
            + b"[" * 100_000 + b"]" * 100_000 + b"}")
    raw = RawDocument(data=data, origin="deep.json")
    assert detect_format(raw) == "wordpress"
    with pytest.raises(ParseError, match="^deep.json: unreadable WordPress JSON: nested too"):
        list(wordpress.parse(raw, origin="deep.json"))


def test_a_link_with_a_broken_host_does_not_lose_the_post() -> None:
    """'http://[::1/...' in _links.self made the post 'malformed (Invalid IPv6 URL)'."""
    post = {"id": 9, "slug": "s", "type": "post", "date": "2026-01-01T00:00:00",
            "link": "http://[::1/x", "title": {"rendered": "Broken links"},
            "content": {"rendered": "<p>Body.</p>"},
            "_links": {"self": [{"href": "http://[::1/wp-json/wp/v2/posts/9"}]}}
    (article,) = wordpress.parse(RawDocument(data=json.dumps(post).encode(), origin="p"),
                                 origin="p")
    assert isinstance(article, RawArticle) and article.title == "Broken links"
