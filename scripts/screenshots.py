"""Regenerate docs/river.png and docs/story.png from the bundled samples.

    .venv/bin/python scripts/screenshots.py [--out docs]

Ingests inputs through the real pipeline into temporary databases, serves them with uvicorn
on a free 127.0.0.1 port and photographs them in headless Chromium (/usr/bin/chromium;
`bash scripts/install-chromium.sh` installs it): the river holds the samples plus the story
test fixtures (the same letter in German, Spanish, Russian and Ukrainian, and another event);
the story page is the two samples' story alone, as the tests pin it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from newsprism.pipeline import ingest  # noqa: E402
from newsprism.serve import create_app  # noqa: E402
from newsprism.serve.background import BackgroundServer  # noqa: E402
from newsprism.store import Store  # noqa: E402

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


RIVER_EXTRA = [ROOT / "tests" / "fixtures" / "stories" / "zelensky_letter.jsonl",
               ROOT / "tests" / "fixtures" / "stories" / "prisoner_swap.jsonl"]


def build(db: Path, inputs: list[Path]) -> Path:
    with Store.open(db) as store:
        report = ingest(store, [str(p) for p in inputs if p.exists()], strict=True)
        print(f"{db.name}: {report.count('new')} articles; stage errors: {report.stage_errors}")
    return db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        river_db = build(Path(tmp) / "river.db", [ROOT / "samples", *RIVER_EXTRA])
        with BackgroundServer(create_app(str(river_db))) as server:
            page = browser.new_page(viewport={"width": 1100, "height": 560})
            page.goto(server.url + "/")
            page.screenshot(path=str(args.out / "river.png"), full_page=True)
            print(f"wrote {args.out / 'river.png'}")
            page.close()
        db = build(Path(tmp) / "story.db", [ROOT / "samples"])
        with BackgroundServer(create_app(str(db))) as server:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.goto(server.url + "/")
            link = page.locator("a.story-title").first
            if "/stories/" not in (link.get_attribute("href") or ""):
                browser.close()
                raise SystemExit("no story in the river: is the clustering stage installed?")
            link.click()
            page.wait_for_selector(".source-card")
            first = page.locator('li.claim[data-relation="differs"] details.why').first
            if first.count():
                first.locator("summary").click()  # show the evidence of the first verdict
            page.set_viewport_size({"width": 1100, "height": 1700})
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(args.out / "story.png"))
            print(f"wrote {args.out / 'story.png'}")
        browser.close()


if __name__ == "__main__":
    main()
