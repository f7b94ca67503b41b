"""End to end in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright).

A real uvicorn server on a free 127.0.0.1 port serves a database with the two samples
ingested through the real pipeline (clustering and analysis stages included when installed).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from newsprism.serve.queries import stories_available
from tests.serve.conftest import SERVE_FIXTURES, build_samples_db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="/usr/bin/chromium is missing: run `bash scripts/install-chromium.sh`"
                              " (make test does)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory, samples_db):  # type: ignore[no-untyped-def]
    from newsprism.serve import create_app
    from newsprism.serve.background import BackgroundServer

    db = tmp_path_factory.mktemp("browser") / "browser.db"
    shutil.copyfile(samples_db, db)
    with BackgroundServer(create_app(str(db))) as running:
        yield running


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is not installed (pip install '.[test]')")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.dialogs = dialogs  # type: ignore[attr-defined]
    yield opened
    context.close()


def test_river_then_story_shows_shared_quote_and_differs_verdicts(page, server):
    page.goto(server.url + "/")
    if not stories_available():
        pytest.skip("the stories stage is not installed yet: the river lists articles")
    cards = page.locator(".story-card")
    assert cards.count() == 1
    card = cards.first
    assert "2 articles" in card.inner_text()
    assert "The Moscow Times" in card.inner_text()
    card.locator("a.story-title").click()
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    assert page.locator(".source-card").count() == 2
    quote = page.locator(".quotes li.quote", has_text="I am proposing a meeting").first
    assert quote.is_visible()
    cites = " ".join(quote.locator("cite").all_inner_texts())
    assert "The Moscow Times" in cites and "gyalchisarshog.com" in cites  # both outlets used it
    speaker = quote.locator("xpath=ancestor::div[contains(@class,'speaker')]").locator("h3")
    assert speaker.inner_text() == "Volodymyr Zelensky"
    differs = page.locator('.claims li.claim[data-relation="differs"]')
    assert differs.count() >= 1
    kremlin = differs.filter(has_text="not yet been shown").first
    assert kremlin.is_visible()
    assert "confirmed it had received the letter" in kremlin.inner_text()
    why = kremlin.locator("details.why")
    assert not why.locator(".evidence").first.is_visible()
    why.locator("summary").click()
    assert why.locator(".evidence").first.is_visible()
    regions = differs.filter(has_text="Donbas").first  # what Russia demands Ukraine leave
    assert regions.is_visible()
    assert "Donetsk, Luhansk, Kherson and Zaporizhzhia" in regions.inner_text()
    assert page.locator(".timeline li").count() == 2


def test_upload_through_the_form(page, server):
    page.goto(server.url + "/upload")
    page.set_input_files('input[type="file"]', str(SERVE_FIXTURES / "upload_article.jsonl"))
    page.click('button[type="submit"]')
    page.wait_for_selector(".stored")
    link = page.locator(".stored a", has_text="Harbour reopens after storm damage repaired")
    link.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    assert page.locator("h1").inner_text() == "Harbour reopens after storm damage repaired"
    raw = page.locator("a", has_text="raw document").get_attribute("href")
    assert raw and raw.endswith("/raw")


def test_upload_of_junk_shows_the_reason(page, server, tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 4)
    page.goto(server.url + "/upload")
    page.set_input_files('input[type="file"]', str(junk))
    page.click('button[type="submit"]')
    alert = page.locator('.error[role="alert"]')
    alert.wait_for()
    assert "not a format newsprism reads" in alert.inner_text()


def test_search_from_the_header(page, server):
    page.goto(server.url + "/")
    box = page.locator(".quicksearch input")
    box.fill('"air defense"')
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?q="))
    results = page.locator(".result")
    assert results.count() >= 1
    assert "In Open Letter to Putin" in results.first.inner_text()
    assert results.first.locator("mark").count() >= 1


def test_river_filter_form(page, server):
    # the browser sends the blank fields too (language=&outlet=...): they are no filter
    page.goto(server.url + "/")
    form = page.locator("form.filters")
    form.locator('input[name="q"]').fill("zelensky")
    form.locator("button").click()
    page.wait_for_url(re.compile(r"/\?q=zelensky&since=&language=&outlet="))
    assert page.locator('.error[role="alert"]').count() == 0
    assert "Zelensky" in page.locator(".river").inner_text()
    form = page.locator("form.filters")
    form.locator('input[name="language"]').fill("english")
    form.locator("button").click()
    page.wait_for_url(re.compile(r"language=english"))
    assert "language code of 2 or 3 letters" in page.locator('.error[role="alert"]').inner_text()
    assert page.locator('form.filters input[name="q"]').input_value() == "zelensky"


def test_scraped_script_never_runs_in_the_browser(page, server):
    page.goto(server.url + "/upload")
    page.set_input_files('input[type="file"]', str(SERVE_FIXTURES / "script_article.jsonl"))
    page.click('button[type="submit"]')
    page.wait_for_selector(".stored")
    page.locator(".stored a").first.click()
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    body = page.locator(".body").inner_text()
    assert "<script>document.title='pwned'</script>" in body  # shown as text
    assert page.title() != "pwned"
    assert page.evaluate("document.querySelectorAll('script, img').length") == 0
    assert page.dialogs == []  # type: ignore[attr-defined]


def test_pages_fit_a_phone_width(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    phone = context.new_page()
    try:
        for path in ("/", "/search?q=zelensky", "/upload", "/articles/1"):
            phone.goto(server.url + path)
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path} scrolls sideways on a phone ({width}px)"
        if stories_available():
            phone.goto(server.url + "/")
            phone.locator("a.story-title").first.click()
            phone.wait_for_url(re.compile(r"/stories/\d+$"))
            assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_build_samples_db_is_reusable(tmp_path):
    """The fixture helper stands alone (scripts/screenshots.py uses the same path)."""
    db = build_samples_db(tmp_path / "again.db")
    assert db.exists()
