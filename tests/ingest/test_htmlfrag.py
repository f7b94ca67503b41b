"""htmlfrag: HTML fragments (WordPress content, feed content:encoded) -> body blocks."""

from __future__ import annotations

import pytest

from newsprism.ingest.htmlfrag import (
    fragment_to_blocks,
    fragment_to_text,
    looks_like_credit,
    split_credit,
)
from newsprism.models import Caption, RelatedLink, Subheading


def test_gutenberg_paragraphs_entities_and_empty_paragraphs():
    html = (
        '\n<!-- wp:paragraph -->\n<p class="wp-block-paragraph">It&#8217;s &#8220;here&#8221;'
        " &#8211; now&#8230;</p>\n<!-- /wp:paragraph -->\n\n"
        '<p class="wp-block-paragraph"></p>\n<p>&nbsp;</p>\n<p> \u200b </p>\n'
        "<p>Second &amp; last.</p>"
    )
    blocks = fragment_to_blocks(html)
    assert blocks.paragraphs == ["It’s “here” – now…", "Second & last."]
    assert not blocks.boilerplate


def test_br_inside_a_paragraph_is_a_space_and_whitespace_collapses():
    blocks = fragment_to_blocks("<p>One line<br>next\n line<br/>\tend.</p>")
    assert blocks.paragraphs == ["One line next line end."]


def test_double_br_in_a_bare_container_splits_paragraphs():
    blocks = fragment_to_blocks("First paragraph here.<br><br>Second one.<br/><br/>Third.")
    assert blocks.paragraphs == ["First paragraph here.", "Second one.", "Third."]


def test_headings_become_subheadings_before_the_next_paragraph():
    html = "<p>a</p><h2>Two</h2><p>b</p><h3><strong>Three</strong></h3><h4>Four</h4><p>c</p>"
    blocks = fragment_to_blocks(html)
    assert blocks.paragraphs == ["a", "b", "c"]
    assert blocks.subheadings == [
        Subheading(text="Two", before=1),
        Subheading(text="Three", before=2),
        Subheading(text="Four", before=2),
    ]


def test_lists_give_one_paragraph_per_item_nested_included():
    html = "<ul><li>one</li><li>two<ul><li>two-a</li></ul></li></ul><ol><li>three</li></ol>"
    assert fragment_to_blocks(html).paragraphs == ["one", "two", "two-a", "three"]


@pytest.mark.parametrize(
    ("figcaption", "caption"),
    [
        ("Smoke over Kharkiv. <cite>Sergey Bobok / AFP</cite>",
         Caption(text="Smoke over Kharkiv.", credit="Sergey Bobok / AFP")),
        ("Smoke over Kharkiv. <strong>Mikhail Metzel / TASS</strong>",
         Caption(text="Smoke over Kharkiv.", credit="Mikhail Metzel / TASS")),
        ("Smoke over Kharkiv. <small>Photo: Jane Roe</small>",
         Caption(text="Smoke over Kharkiv.", credit="Jane Roe")),
        ("Smoke over Kharkiv. Photo: Jane Roe/Reuters",
         Caption(text="Smoke over Kharkiv.", credit="Jane Roe/Reuters")),
        ("Smoke over Kharkiv (AP Photo/Evan Vucci)",
         Caption(text="Smoke over Kharkiv", credit="AP Photo/Evan Vucci")),
        ("Smoke over Kharkiv on <b>Monday</b> evening.",
         Caption(text="Smoke over Kharkiv on Monday evening.", credit=None)),
    ],
)
def test_figure_captions_and_credits(figcaption, caption):
    html = (f'<figure class="wp-block-image"><img src="x.jpg"/><figcaption>{figcaption}'
            "</figcaption></figure><p>Body.</p>")
    blocks = fragment_to_blocks(html)
    assert blocks.captions == [caption]
    assert blocks.paragraphs == ["Body."]


def test_related_paragraphs_are_kept_out_of_the_body():
    html = (
        '<p><strong>Related:</strong> <a href="https://x.example/a">Story A</a></p>'
        '<p>Read more: <a href="#">Story B</a></p>'
        "<p>Related article: Story C</p>"
        "<p>Related reading matters, experts say, for context.</p>"
    )
    blocks = fragment_to_blocks(html)
    assert blocks.related == [
        RelatedLink(title="Story A", url="https://x.example/a"),
        RelatedLink(title="Story B", url=None),
        RelatedLink(title="Story C", url=None),
    ]
    # A sentence that merely starts with the word is body text.
    assert blocks.paragraphs == ["Related reading matters, experts say, for context."]


def test_scripts_styles_iframes_ads_and_embeds_are_dropped():
    html = (
        "<p>Keep.</p><script>var a = 1;</script><style>p{}</style>"
        '<iframe src="https://example.com"></iframe><ins class="adsbygoogle"></ins>'
        '<div class="ad-slot"><p>Buy now</p></div>'
        '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">'
        "https://youtube.com/watch?v=1</div></figure><p>Also keep.</p>"
    )
    blocks = fragment_to_blocks(html)
    assert blocks.paragraphs == ["Keep.", "Also keep."]
    assert "Buy now" in blocks.boilerplate
    assert not any("var a" in p or "youtube" in p for p in blocks.paragraphs + blocks.boilerplate)


def test_feed_footer_and_share_lines_are_boilerplate():
    html = ('<p>Body text.</p><p>The post <a href="https://x.example/p">Title</a> appeared '
            'first on <a href="https://x.example">X News</a>.</p><p>Advertisement</p>')
    blocks = fragment_to_blocks(html)
    assert blocks.paragraphs == ["Body text."]
    assert blocks.boilerplate == ["The post Title appeared first on X News.", "Advertisement"]


def test_pullquote_is_not_repeated_in_the_body():
    html = ('<p>He said it stores carbon.</p><figure class="wp-block-pullquote"><blockquote>'
            "<p>It stores carbon.</p><cite>Dr. Saari</cite></blockquote></figure>")
    blocks = fragment_to_blocks(html)
    assert blocks.paragraphs == ["He said it stores carbon."]
    assert blocks.boilerplate == ["It stores carbon. Dr. Saari"]


def test_blockquote_paragraphs_are_body():
    blocks = fragment_to_blocks("<blockquote><p>“A.”</p><p>“B.”</p></blockquote>")
    assert blocks.paragraphs == ["“A.”", "“B.”"]


@pytest.mark.parametrize("html", ["", "   ", "<!-- only a comment -->", "<p></p>"])
def test_empty_fragments_give_empty_blocks(html):
    blocks = fragment_to_blocks(html)
    assert blocks.paragraphs == [] and blocks.captions == [] and blocks.subheadings == []


def test_fragment_to_text_for_titles_and_excerpts():
    assert fragment_to_text("Rail strike &#8211; union") == "Rail strike – union"
    assert fragment_to_text("<p>One.</p>\n<p>Two &amp; three.</p>") == "One. Two & three."
    assert fragment_to_text("") == ""


def test_credit_helpers():
    assert looks_like_credit("Mikhail Metzel / TASS")
    assert looks_like_credit("AFP")
    assert not looks_like_credit("the minister said on Monday that talks had failed.")
    assert split_credit("A cat in Paris.") == ("A cat in Paris.", None)
    assert split_credit("The Kremlin. Photo: AFP") == ("The Kremlin.", "AFP")


def test_box_titles_are_not_subheadings_and_bare_figure_text_is_a_caption():
    html = ("<p>Body.</p><h3>Read more</h3><ul><li><a href='/a'>A</a></li></ul>"
            "<h2>Share this:</h2><figure><img src='a.jpg'><p>A dog. Photo: Kim Lee</p></figure>")
    blocks = fragment_to_blocks(html)
    assert blocks.subheadings == []
    assert blocks.boilerplate[:2] == ["Read more", "Share this:"]
    assert blocks.captions == [Caption(text="A dog.", credit="Kim Lee")]
    assert blocks.related == [RelatedLink(title="A", url="/a")]
    assert blocks.paragraphs == ["Body."]
