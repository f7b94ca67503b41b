"""Properties of the HTML reader's body on every fixture page and on odd pages.

Rule by rule tests live in test_html_body.py; these check what must hold whatever the rules:
captions and credits never end up as story paragraphs, a long paragraph is never kept twice, and
odd input gives an article or a NewsprismError, quickly.
"""

from __future__ import annotations

import time
from pathlib import Path

import lxml.html
import pytest

from newsprism.errors import NewsprismError
from newsprism.ingest import html
from newsprism.models import RawArticle, RawDocument

HTML = Path(__file__).resolve().parents[1] / "fixtures" / "html"
PAGES = sorted(HTML.glob("*.htm*"))


def _read(data: bytes, origin: str = "page.html") -> list[RawArticle | NewsprismError]:
    try:
        return list(html.parse(RawDocument(data=data, origin=origin), origin=origin))
    except NewsprismError:
        return []  # not an article (login_page.html): nothing to check


def _norm(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_caption_or_credit_is_a_story_paragraph(page: Path) -> None:
    for item in _read(page.read_bytes(), str(page)):
        if not isinstance(item, RawArticle):
            continue
        paragraphs = {_norm(p) for p in item.paragraphs}
        for caption in item.captions:
            text = _norm(caption.text)
            if len(text.split()) >= 4:
                assert text not in paragraphs
                assert _norm(f"{text} {caption.credit or ''}") not in paragraphs
            if caption.credit:
                assert _norm(caption.credit) not in paragraphs


def _caption_texts(page: Path) -> set[str]:
    """Text of every <figcaption>, element whose class names a caption and short picture box
    (class photo/image/picture, holding an <img>), less any text the page also prints as a <p>
    of its own (a caption quoting the story keeps one copy)."""
    tree = lxml.html.fromstring(page.read_bytes())
    boxes = tree.xpath("//figcaption | //*[contains(@class, 'caption')] | //*[.//img]"
                       "[contains(@class, 'photo') or contains(@class, 'image') or "
                       "contains(@class, 'picture')]")
    boxes = [b for b in boxes if len(b.text_content().split()) <= 80]
    inside = {p for box in boxes for p in box.iter("p")}
    printed = {_norm(p.text_content()) for p in tree.iter("p") if p not in inside}
    return {_norm(b.text_content()) for b in boxes} - printed


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_caption_box_of_the_page_is_a_story_paragraph(page: Path) -> None:
    captions = {c for c in _caption_texts(page) if len(c.split()) >= 4}
    for item in _read(page.read_bytes(), str(page)):
        if isinstance(item, RawArticle):
            kept = [p for p in item.paragraphs
                    if any(_norm(p) == c or (len(p) > 20 and _norm(p) in c) for c in captions)]
            assert kept == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_long_paragraph_is_kept_twice(page: Path) -> None:
    for item in _read(page.read_bytes(), str(page)):
        if isinstance(item, RawArticle):
            long = [_norm(p) for p in item.paragraphs if len(p.split()) >= 8]
            assert len(long) == len(set(long))


def test_the_fixture_pages_have_captions_to_check() -> None:
    captions = [c for page in PAGES for item in _read(page.read_bytes(), str(page))
                if isinstance(item, RawArticle) for c in item.captions]
    assert len(captions) >= 4


STORY = ("<p>The harbour master said the dredging of berth {0} would take ten more days than "
         "planned, and the ferry lines agreed to move.</p>")
BOX = ('<div class="image-widget"><span><a><picture><img src="{0}.jpg"></picture></a></span>'
       '<div class="caption">Boats wait at berth {0} at dawn. © Agency / Name</div></div>')


@pytest.mark.parametrize("page", [
    b"", b"   \n ", b"<html></html>", b"<html><head><title>x</title></head></html>",
    b"<html><body>" + b"<div>" * 3000 + b"<p>deep</p>" + b"</div>" * 3000 + b"</body></html>",
    b"<html><body><article><p>" + b"x" * 500_000 + b"</p></article></body></html>",
    "<html><body><article><h1>标题</h1><p>港口管理员表示疏浚工作将推迟。</p></article></body></html>"
    .encode(),
    b"<html><body><article><h1>T</h1>" + b"".join(
        (STORY.format(i) + BOX.format(i)).encode() for i in range(2000))
    + b"</article></body></html>",
    b"<html><body><article><h1>T</h1>" + b"".join(
        f"<p>{k}/400 Slide {k} of the show</p>{STORY.format(k)}".encode() for k in range(1, 401))
    + b"</article></body></html>",
], ids=["empty", "blank", "bare", "head-only", "deep", "one-huge-word", "chinese",
        "picture-boxes", "slides"])
def test_odd_pages_give_an_article_or_a_newsprism_error_quickly(page: bytes) -> None:
    started = time.perf_counter()
    items = _read(page)
    assert time.perf_counter() - started < 10.0
    for item in items:
        assert isinstance(item, RawArticle | NewsprismError)
        if isinstance(item, RawArticle):
            assert not any(p.startswith("Boats wait at berth") for p in item.paragraphs)
            assert not any(p.startswith(("1/400", "2/400")) for p in item.paragraphs)


def test_a_gallery_of_captioned_pictures_is_read_in_linear_time() -> None:
    # 1,500 picture boxes whose caption paragraphs trafilatura keeps: each was compared with
    # every box (~9 s); only boxes sharing its rarest shingles are compared now.
    story = ("The harbour master said the dredging of berth {0} would take ten more days than "
             "planned and the lines agreed")
    page = "".join(
        f'<p>{story.format(i)}.</p><div class="article-image"><img src="{i}.jpg"><p><span>'
        f"Pictured at berth {i} are boats waiting for the dredger and {story.format(i)}"
        f"</span></p></div>" for i in range(1500))
    started = time.perf_counter()
    (item,) = _read(f"<html><body><article><h1>T</h1>{page}</article></body></html>".encode())
    assert time.perf_counter() - started < 4.0
    assert isinstance(item, RawArticle)
    assert len(item.paragraphs) == 1500 and len(item.captions) == 1500
    assert not any(p.startswith("Pictured at berth") for p in item.paragraphs)
