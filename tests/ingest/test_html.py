"""HTML article pages -> RawArticle (newsprism.ingest.html)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.errors import NoArticleError
from newsprism.ingest import detect_format, html
from newsprism.ingest.html_decode import decode_html
from newsprism.models import Caption, RawArticle, RawDocument, RelatedLink, Subheading

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
NEWS_URL = "https://www.harbourherald.co.uk/business/2025/03/14/port-strike-grain-exports"


def raw(name: str, **kwargs: str) -> RawDocument:
    path = HTML / name
    return RawDocument(data=path.read_bytes(), origin=str(path), **kwargs)


def article(name: str, **kwargs: str) -> RawArticle:
    doc = raw(name, **kwargs)
    items = list(html.parse(doc, origin=doc.origin))
    assert len(items) == 1
    assert isinstance(items[0], RawArticle)
    return items[0]


@pytest.mark.parametrize("name", ["news_jsonld.html", "russian_cp1251.html",
                                  "german_latin1.html", "login_page.html"])
def test_sniff_accepts_html_pages(name: str) -> None:
    assert html.sniff(raw(name))
    assert detect_format(raw(name)) == "html"


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
    b'<rss version="2.0"><channel><title>x</title><link>https://e.org</link></channel></rss>',
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>',
    b'{"title": "<html>"}',
    b"Just a line of text mentioning <html> tags.",
    b"WARC/1.0\r\nWARC-Type: warcinfo\r\n",
])
def test_sniff_rejects_other_formats(data: bytes) -> None:
    assert not html.sniff(RawDocument(data=data, origin="x"))


def test_news_page_metadata_comes_from_json_ld_first() -> None:
    a = article("news_jsonld.html")
    assert a.title == "Port strike halts grain exports as talks collapse"
    assert a.provenance["title"] == "json-ld"
    assert a.authors == ["Maria Lindqvist", "Reuters"]
    # Dates as the page wrote them, timezone included: normalize converts them.
    assert a.published == "2025-03-14T08:45:00+01:00"
    assert a.updated == "2025-03-14T11:02:31+01:00"
    assert a.provenance["published"] == "json-ld"
    assert a.language == "en"
    assert a.metadata["declared_language"] == "en-GB"
    assert a.section == "Business"
    assert a.tags == ["Strikes", "Shipping", "Grain"]
    assert a.outlet_name == "The Harbour Herald"
    assert a.excerpt == ("Dock workers walked out at three ports after wage talks broke down "
                         "overnight.")


def test_canonical_link_wins_over_og_url_with_tracking() -> None:
    a = article("news_jsonld.html")
    assert a.canonical_url == NEWS_URL
    assert a.provenance["canonical_url"] == "meta"


def test_news_page_body_paragraphs_and_subheading() -> None:
    a = article("news_jsonld.html")
    assert len(a.paragraphs) == 7
    assert a.paragraphs[0].startswith("Dock workers walked out at three of the country's")
    assert a.paragraphs[-1] == ("Talks are expected to resume on Monday under a "
                                "government-appointed mediator, the labour ministry said in "
                                "a statement.")
    assert a.subheadings == [Subheading(text="Grain prices climb", before=4)]
    assert a.paragraphs[4].startswith("Wheat futures rose 2.1 percent")


def test_news_page_keeps_captions_credits_related_and_chrome_out_of_the_body() -> None:
    a = article("news_jsonld.html")
    assert a.captions == [
        Caption(text="Idle cranes at the northern terminal on Thursday evening.",
                credit="Jonas Berg / Harbour Herald"),
        Caption(text="Grain silos at the western quay.", credit="Reuters / Ann Holt"),
    ]
    assert a.related == [
        RelatedLink(title="Port wage talks resume with mediator in the room",
                    url="https://www.harbourherald.co.uk/business/2025/03/10/"
                        "port-wage-talks-resume"),
        RelatedLink(title="Record grain harvest strains storage capacity",
                    url="https://www.harbourherald.co.uk/business/2025/02/28/"
                        "grain-harvest-record"),
    ]
    body = "\n".join(a.paragraphs)
    for outside in ("Idle cranes", "Jonas Berg", "Grain silos", "Port wage talks resume",
                    "Subscribe", "All rights reserved", "Privacy policy", "Related",
                    "Port strike halts grain exports"):
        assert outside not in body


def test_url_of_the_page_resolves_relative_links() -> None:
    a = article("news_jsonld.html", url="https://www.harbourherald.co.uk/x")
    assert a.url == "https://www.harbourherald.co.uk/x"
    assert a.related[0].url == ("https://www.harbourherald.co.uk/business/2025/03/10/"
                                "port-wage-talks-resume")


def test_windows_1251_declared_only_in_meta_decodes_right() -> None:
    a = article("russian_cp1251.html")
    assert a.metadata["encoding"] == "cp1251"
    assert a.title == "Паводок на Урале: в Орске эвакуированы более четырёх тысяч человек"
    assert a.authors == ["Анна Соколова"]
    assert a.published == "2024-04-07 14:20"
    assert len(a.paragraphs) == 4
    assert a.paragraphs[1].startswith("«Ситуация остаётся сложной, вода продолжает прибывать»")
    assert not any("Уральский вестник" in p for p in a.paragraphs)


def test_iso_8859_1_label_decodes_as_windows_1252() -> None:
    a = article("german_latin1.html")
    assert a.title == "Stadtrat beschließt neue Radwege für die Innenstadt"
    assert a.language == "de"
    assert a.published == "2023-09-21"
    assert a.paragraphs[1].startswith("„Das ist ein guter Tag")  # cp1252 quote bytes 0x84/0x93
    assert "Bürgermeisterin Jutta Krämer" in a.paragraphs[1]


def test_http_charset_beats_a_wrong_meta_declaration() -> None:
    data = (HTML / "russian_cp1251.html").read_bytes().replace(b"windows-1251", b"utf-8")
    text, encoding = decode_html(data, "text/html; charset=windows-1251")
    assert encoding == "cp1251"
    assert "Паводок на Урале" in text


def test_undeclared_non_utf8_bytes_are_guessed() -> None:
    data = (HTML / "russian_cp1251.html").read_bytes().replace(
        b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251" />', b"")
    text, _ = decode_html(data)
    assert "Паводок на Урале" in text


def test_stale_latin1_label_on_utf8_bytes_reads_as_utf8() -> None:
    # A CMS moved to UTF-8 but kept "iso-8859-1" in its template: the text is UTF-8.
    data = (HTML / "german_latin1.html").read_bytes().decode("cp1252").encode("utf-8")
    text, encoding = decode_html(data)
    assert encoding == "utf-8"
    assert "Stadtrat beschließt neue Radwege für die Innenstadt" in text
    # A real latin-1 page (not valid UTF-8) keeps its declared charset.
    assert decode_html((HTML / "german_latin1.html").read_bytes())[1] == "cp1252"


def test_bom_wins() -> None:
    text, encoding = decode_html(b"\xef\xbb\xbf<html><meta charset='latin-1'>\xc3\xa9</html>")
    assert encoding == "utf-8"
    assert "é" in text


def test_page_without_article_raises_no_article_error_naming_the_input() -> None:
    doc = raw("login_page.html")
    with pytest.raises(NoArticleError) as info:
        list(html.parse(doc, origin=doc.origin))
    assert str(info.value).startswith(f"{doc.origin}: no article text found in the page")


def test_json_ld_article_body_replaces_an_extraction_that_missed_most_of_it() -> None:
    paragraphs = [f"Paragraph number {i} of the story tells of event {i} in plain words here."
                  for i in range(12)]
    body_html = "".join(f"<div class='x'><span>{p}</span></div>" for p in paragraphs[:2])
    page = f"""<html><head><script type="application/ld+json">
    {{"@type": "NewsArticle", "headline": "A story",
      "articleBody": {chr(10).join(paragraphs)!r}}}</script></head>
    <body><article><h1>A story</h1><p>{paragraphs[0]}</p><p>{paragraphs[1]}</p></article>
    <footer>{body_html}</footer></body></html>""".replace("'", '"')
    doc = RawDocument(data=page.encode(), origin="story.html")
    a = next(iter(html.parse(doc, origin=doc.origin)))
    assert isinstance(a, RawArticle)
    assert a.paragraphs == paragraphs
    assert a.provenance["paragraphs"] == "json-ld"


def test_json_ld_article_body_removes_chrome_the_extraction_kept() -> None:
    story = [f"The council voted on item {i} after a long debate about the budget and roads."
             for i in range(8)]
    chrome = "Our reporters cover the town hall every week; support local journalism with a gift."
    paragraphs = "".join(f"<p>{p}</p>" for p in story[:4]) + f"<p>{chrome}</p>" + "".join(
        f"<p>{p}</p>" for p in story[4:])
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            f'"headline": "Budget vote", "articleBody": "{" ".join(story)}"}}</script></head>'
            f"<body><article><h1>Budget vote</h1>{paragraphs}</article></body></html>")
    a = next(iter(html.parse(RawDocument(data=page.encode(), origin="p.html"), origin="p.html")))
    assert isinstance(a, RawArticle)
    assert a.paragraphs == story
    assert chrome in a.boilerplate
    assert a.provenance["paragraphs"] == "trafilatura+json-ld"


def test_short_json_ld_teaser_does_not_cut_the_body() -> None:
    story = [f"Residents said the flooding on street {i} was the worst they could remember."
             for i in range(6)]
    teaser = " ".join(story[0].split()[:25])
    page = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
            f'"headline": "Floods", "articleBody": "{teaser}"}}</script></head><body><article>'
            + "".join(f"<p>{p}</p>" for p in story) + "</article></body></html>")
    a = next(iter(html.parse(RawDocument(data=page.encode(), origin="f.html"), origin="f.html")))
    assert isinstance(a, RawArticle)
    assert a.paragraphs == story


def test_date_falls_back_to_htmldate_when_no_structured_date() -> None:
    text = " ".join(["The harbour master confirmed the closure to reporters on the quay."] * 6)
    page = (f"<html><body><article><h1>Harbour closed</h1><p>Published 3 May 2021</p>"
            f"<p>{text}</p></article></body></html>")
    doc = RawDocument(data=page.encode(), origin="https://example.org/2021/05/03/harbour-closed")
    a = next(iter(html.parse(doc, origin=doc.origin)))
    assert isinstance(a, RawArticle)
    assert a.published == "2021-05-03"
    assert a.provenance["published"] == "htmldate"
    assert a.url == "https://example.org/2021/05/03/harbour-closed"


def test_body_text_joins_subheadings_and_paragraphs_in_order() -> None:
    text = html.body_text(raw("news_jsonld.html"))
    parts = text.split("\n\n")
    assert parts[4] == "Grain prices climb"
    assert parts[5].startswith("Wheat futures rose")


def test_more_stories_tail_and_chrome_lines_go_to_boilerplate() -> None:
    story = [f"The ferry service on route {i} will run every hour from May, the operator said."
             for i in range(6)]
    tail = ["Read more", "Ferry fares rise for the third year running",
            "New terminal opens on the east quay"]
    page = ("<html><body><article><h1>Ferry timetable</h1>"
            + "".join(f"<p>{p}</p>" for p in story[:3])
            + "<p>Advertisement</p><p>© 2025 Harbour Media Group. All rights reserved.</p>"
            + "".join(f"<p>{p}</p>" for p in story[3:])
            + "".join(f"<p>{p}</p>" for p in tail) + "</article></body></html>")
    a = next(iter(html.parse(RawDocument(data=page.encode(), origin="t.html"), origin="t.html")))
    assert isinstance(a, RawArticle)
    assert a.paragraphs == story
    assert "Read more" in a.boilerplate and "Advertisement" in a.boilerplate


def _story_page(inner: str) -> RawArticle:
    page = f"<html><body><article><h1>Harbour works</h1>{inner}</article></body></html>"
    a = next(iter(html.parse(RawDocument(data=page.encode(), origin="t.html"), origin="t.html")))
    assert isinstance(a, RawArticle)
    return a


STORY = [f"Dredging of berth {i} starts next week and will close the quay for ten days, the "
         f"harbour master said on Tuesday after a meeting with the shipping lines."
         for i in range(5)]


def test_photo_gallery_captions_inside_the_story_go_to_boilerplate() -> None:
    gallery = "".join(
        f'<div class="slide"><p>{i}/4 Cranes at dawn number {i}</p><p>The old cranes on the east'
        f" quay were lifted away by barge in the early morning light of day {i}.</p>"
        f"<p>Getty Images</p></div>" for i in range(1, 5))
    a = _story_page("".join(f"<p>{p}</p>" for p in STORY[:3])
                    + f'<div class="inline-gallery">{gallery}</div>'
                    + "".join(f"<p>{p}</p>" for p in STORY[3:]))
    assert a.paragraphs == STORY
    assert "1/4 Cranes at dawn number 1" in a.boilerplate


def test_a_photo_article_keeps_its_gallery_captions() -> None:
    captions = [f"The old cranes on the east quay were lifted away by barge in the early light of "
                f"day {i}, watched by hundreds of people from the harbour wall and the pier."
                for i in range(8)]
    a = _story_page("<p>Pictures of the week.</p><div class='gallery'>"
                    + "".join(f"<div class='slide'><p>{c}</p></div>" for c in captions) + "</div>")
    assert a.paragraphs[-len(captions):] == captions


def test_comment_section_after_the_story_goes_to_boilerplate() -> None:
    comments = ["<h3>4 Responses to “Harbour works”</h3>", "<h3>Leave a Reply</h3>",
                "<p>Earn 5% cash back on every purchase in your first three months with the "
                "harbour card, no annual fee and a free ferry ticket for new customers.</p>",
                "<p>I walked past the berth this morning and the dredger was already there, "
                "working away since six with its lights on and the gulls all around it.</p>"]
    a = _story_page("".join(f"<p>{p}</p>" for p in STORY) + "".join(comments))
    assert a.paragraphs == STORY
    assert "Leave a Reply" in a.boilerplate


def test_a_comment_counter_under_the_headline_does_not_cut_the_story() -> None:
    a = _story_page("<p>941 comments</p>" + "".join(f"<p>{p}</p>" for p in STORY))
    assert a.paragraphs[-len(STORY):] == STORY


@pytest.mark.parametrize("teaser", ["Les også: Havna får ny kran – koster 40 millioner",
                                    "Read also: Ferry fares rise for the third year running",
                                    "Lire aussi : Le port ferme pour dix jours"])
def test_inline_read_also_teasers_go_to_boilerplate(teaser: str) -> None:
    a = _story_page("".join(f"<p>{p}</p>" for p in STORY[:2]) + f"<p>{teaser}</p>"
                    + "".join(f"<p>{p}</p>" for p in STORY[2:]))
    assert a.paragraphs == STORY
    assert teaser in a.boilerplate


def test_a_placeholder_repeated_under_every_embed_goes_to_boilerplate() -> None:
    note = "External content not available: your privacy settings block it."
    a = _story_page("".join(f"<p>{p}</p><p>{note}</p>" for p in STORY))
    assert a.paragraphs == STORY
    assert note in a.boilerplate


def test_a_long_slideshow_after_the_story_goes_even_when_it_dwarfs_the_story() -> None:
    slides = "".join(f"<li><h4>Slide {i}</h4><p>Lighthouse number {i} on the north coast was "
                     f"painted white and red in {1900 + i}, and its keeper lived in the cottage "
                     f"beside it with his family, two goats and a dog for forty years.</p></li>"
                     for i in range(30))
    story = STORY + [p.replace("berth", "dock") for p in STORY]  # 270 words
    a = _story_page("".join(f"<p>{p}</p>" for p in story)
                    + f'<p>Also on the Herald:</p><div id="hp-slideshow-1"><ul>{slides}</ul></div>')
    assert a.paragraphs[:len(story)] == story
    assert len(a.paragraphs) <= len(story) + 1


def test_an_embedded_tweet_goes_to_boilerplate() -> None:
    tweet = ('<blockquote class="twitter-tweet"><p>The dredger is here, finally! Quay closed '
             'till the 20th pic.twitter.com/abc</p>— Harbour Fan (@harbourfan) May 2, 2025'
             '</blockquote>')
    a = _story_page("".join(f"<p>{p}</p>" for p in STORY[:3]) + tweet
                    + "".join(f"<p>{p}</p>" for p in STORY[3:]))
    assert a.paragraphs == STORY


def test_a_broken_href_in_a_related_box_does_not_lose_the_page() -> None:
    """One <a href="http://[bad/related"> made the whole page 'could not be read (ValueError:
    Invalid IPv6 URL)'."""
    data = (Path(__file__).resolve().parents[1] / "fixtures" / "bad" / "broken_hrefs.html")
    page = html.article_from_html(data.read_bytes(), origin="b.html",
                                  url="https://harbourherald.example/page")
    assert page.title == "Bad links page"
    assert page.canonical_url == "https://harbourherald.example/relative/path"
    assert [link.url for link in page.related] == ["http://[bad/related"]


def test_a_tag_flooded_with_attributes_is_parsed_in_linear_time() -> None:
    """libxml2 checks each attribute against the others: 200,000 on one <p> (a 2.4 MB page)
    took a quarter of an hour to parse and held the whole batch."""
    import time

    flood = " ".join(f'a{i}="x"' for i in range(40_000))  # took 33 s
    data = (f'<html><head><title>Flooded</title></head><body><article><h1>Flooded</h1>'
            f'<p class="lead" {flood}>The council approved the new budget on Tuesday after a '
            f'long debate about the harbour.</p><p>Work starts in May.</p>'
            f'<img src="data:image/png;base64,{"QUJD" * 5000}" alt="chart">'
            f'</article></body></html>').encode()
    started = time.monotonic()
    page = html.article_from_html(data, origin="f.html")
    assert time.monotonic() - started < 10
    assert page.paragraphs == ["The council approved the new budget on Tuesday after a long "
                               "debate about the harbour.", "Work starts in May."]


def test_a_json_ld_script_nested_too_deeply_is_skipped_not_a_traceback() -> None:
    """json raises RecursionError, not ValueError, on [[[[... 100,000 deep: the page (and the
    run) ended in a traceback instead of being read without its JSON-LD."""
    deep = "[" * 100_000 + "]" * 100_000
    data = (f'<html><head><title>Dam opens</title><script type="application/ld+json">{deep}'
            f'</script></head><body><article><h1>Dam opens</h1><p>The new dam opened on '
            f'Monday after years of work on the river.</p></article></body></html>').encode()
    page = html.article_from_html(data, origin="deep.html")
    assert page.paragraphs == ["The new dam opened on Monday after years of work on the river."]


def test_a_page_of_too_many_elements_is_read_from_its_first_ones(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """trafilatura's time grows with the square of the elements (200,000 paragraphs: two
    minutes for one page of a batch); past MAX_ELEMENTS the page is cut, and says so."""
    monkeypatch.setattr(html, "MAX_ELEMENTS", 400)
    paragraphs = "".join(f"<p>Paragraph {n} of the council's long budget debate.</p>"
                         for n in range(1000))
    data = ('<html><head><title>Budget debate</title><script type="application/ld+json">'
            '{"@type": "NewsArticle", "headline": "Budget debate", "author": '
            '{"@type": "Person", "name": "Ann Lee"}}</script></head><body><article>'
            f'<h1>Budget debate</h1>{paragraphs}</article><footer>Footer</footer></body>'
            '</html>').encode()
    page = html.article_from_html(data, origin="long.html")
    assert caplog.messages == ["long.html: a page of 1,008 HTML elements, more than 400: its "
                               "body is read from the first 400 only"]
    assert page.title == "Budget debate" and page.authors == ["Ann Lee"]  # the head is first
    assert page.paragraphs[0] == "Paragraph 0 of the council's long budget debate."
    assert 380 < len(page.paragraphs) < 400
    assert page.paragraphs[-1] == f"Paragraph {len(page.paragraphs) - 1} of the council's " \
        "long budget debate."
    assert page.metadata["html_elements"] == 1008 and page.metadata["html_elements_read"] == 400

    caplog.clear()
    monkeypatch.setattr(html, "MAX_ELEMENTS", 1008)  # exactly at the bound: read whole
    whole = html.article_from_html(data, origin="long.html")
    assert len(whole.paragraphs) == 1000 and "html_elements" not in whole.metadata
    assert not caplog.messages


def test_an_inline_svg_map_does_not_use_up_the_element_bound(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """An election map of thousands of paths before the article's text: the bound was spent
    on paths no step reads, and the text after the map was quietly cut."""
    monkeypatch.setattr(html, "MAX_ELEMENTS", 400)
    paths = "".join(f'<path d="M{n} 0L{n} 10"/>' for n in range(1000))
    paragraphs = "".join(f"<p>Paragraph {n} tells readers what the count showed in district "
                         f"{n}.</p>" for n in range(30))
    data = ("<html><head><title>How every precinct voted</title></head><body><article>"
            "<h1>How every precinct voted</h1><p>The map below shows the result in every "
            "precinct of the state, a close race decided by a few thousand votes.</p>"
            f'<figure><svg viewBox="0 0 10 10">{paths}</svg></figure>{paragraphs}</article>'
            "</body></html>").encode()
    page = html.article_from_html(data, origin="map.html")
    assert len(page.paragraphs) == 31 and page.paragraphs[-1].startswith("Paragraph 29 ")
    assert "html_elements" not in page.metadata and not caplog.messages
