"""Clipping reader: scraped text/markdown articles, any outlet."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from newsprism.errors import NoArticleError, ParseError
from newsprism.ingest import clipping
from newsprism.models import Caption, RawArticle, RawDocument, RelatedLink, Subheading

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "clipping"
WP_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "wordpress"
BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def raw_of(path: Path) -> RawDocument:
    return RawDocument(data=path.read_bytes(), origin=str(path))


def parse_one(path: Path) -> RawArticle:
    (article,) = clipping.parse(raw_of(path), origin=str(path))
    return article


def text_article(text: str) -> RawArticle:
    return clipping.parse_text(text)


def test_sniffs_text_clippings():
    assert clipping.sniff(raw_of(next(SAMPLES.glob("000_*"))))
    assert clipping.sniff(raw_of(FIXTURES / "baltic_ledger.md"))
    assert clipping.sniff(raw_of(FIXTURES / "plain_wire.txt"))


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        gzip.compress(b"# A title\n\nSome text " * 50),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"\x00" * 20,
        b'{"title": "x", "text": "' + b"word " * 100 + b'"}',
        b'[{"title": "x"}]',
        b"<!DOCTYPE html><html><body><p>" + b"word " * 100 + b"</p></body></html>",
        b"WARC/1.0\r\nWARC-Type: response\r\n\r\n" + b"word " * 100,
        b"id,title,date\n1,Alpha story,2026-01-01\n2,Beta story,2026-01-02\n3,Gamma,2026-01-03\n"
        + b"4,Delta story here,2026-01-04\n" * 10,
        b"too short to be an article",
        bytes(b for b in bytes(range(256)) * 16 if b),  # binary without NUL bytes
    ],
    ids=["empty", "png", "gzip", "pdf", "json", "json-array", "html", "warc", "csv", "short",
         "binary-no-nul"],
)
def test_does_not_sniff_binary_or_other_formats(data):
    assert not clipping.sniff(RawDocument(data=data, origin="x"))


def test_does_not_sniff_wordpress_json():
    for path in WP_FIXTURES.glob("*.json"):
        assert not clipping.sniff(raw_of(path)), path


def test_forced_on_binary_is_a_parse_error():
    raw = RawDocument(data=b"\x00\x01\x02binary\x00" * 10, origin="blob.bin")
    with pytest.raises(ParseError, match=r"^blob\.bin: binary data"):
        list(clipping.parse(raw, origin="blob.bin"))


def test_text_without_paragraphs_is_no_article():
    raw = RawDocument(data=b"# Only a title\n", origin="t.md")
    with pytest.raises(NoArticleError, match="no article paragraphs"):
        list(clipping.parse(raw, origin="t.md"))


def test_markdown_clipping_of_another_outlet():
    article = parse_one(FIXTURES / "baltic_ledger.md")
    assert article.title == "Port of Klaipeda Reopens After Storm Damage"  # setext heading
    assert article.authors == ["Rasa Vaitkute", "Jonas Petraitis", "Reuters"]
    assert article.updated == "3 June 2026 14:05 CET"
    assert article.published is None
    assert article.captions == [Caption(text="Cranes stand idle at the container terminal on "
                                             "Monday.", credit="Reuters/Ivan Petrov")]
    assert article.related == [RelatedLink(
        title="Baltic shipping rates hit a two-year high",
        url="https://balticledger.example/2026/05/shipping-rates")]
    assert article.subheadings == [Subheading(text="What the storm hit", before=2)]
    assert article.boilerplate == ["Advertisement"]
    assert article.url == article.canonical_url == (
        "https://balticledger.example/2026/06/03/port-of-klaipeda-reopens-after-storm-damage-41872")
    assert article.paragraphs == [
        "The Lithuanian port of Klaipeda reopened to cargo ships on Tuesday, four days after a "
        "storm tore through the container terminal and left two cranes damaged.",
        "\"We expect full capacity by the end of the week,\" port director Lina Kazlauskiene "
        "told reporters, adding that no one had been injured.",
        "Two ship-to-shore cranes at the Smelte terminal",
        "Power lines on the northern pier",
        "A warehouse roof",
        "Insurers estimate the damage at around 14 million euros, although the final figure "
        "will depend on an inspection of the cranes scheduled for next week.",
        "The port handled 36 million tonnes of cargo last year, according to the transport "
        "ministry.",
    ]


def test_plain_text_clipping_without_markdown():
    article = parse_one(FIXTURES / "plain_wire.txt")
    assert article.title == "Wildfire forces evacuation of three villages in central Portugal"
    assert article.authors == ["Ana Ferreira", "Lusa"]
    assert article.published == "June 5, 2026 at 9:40 a.m."
    assert article.url == ("https://www.wirenews.example/world/europe/2026/06/05/"
                           "wildfire-portugal-evacuation")
    assert len(article.paragraphs) == 4
    assert article.paragraphs[2].startswith(
        "\"The wind changed direction twice during the night,\"")
    assert all("Original URL" not in p for p in article.paragraphs)


def test_markdown_links_and_emphasis_reduce_to_text():
    assert clipping.inline("He [said](https://x.example) it **twice** and *once*.") == \
        "He said it twice and once."
    assert clipping.inline(r"A \*literal\* star and snake_case_name") == \
        "A *literal* star and snake_case_name"
    assert clipping.inline("![img](a.png)Text `code` ~~gone~~") == "Text code gone"


def test_broken_paragraph_is_joined_only_mid_sentence():
    article = text_article(
        "# T\n\nHe was ready to reach a deal through peaceful\n\nmeans, he added.\n\n"
        "This ends here.\n\nthe lowercase start stays apart.\n\n"
        "\"A quote,\" he said\n\n## Heading\n\nnot joined across a subheading.\n"
    )
    assert article.paragraphs == [
        "He was ready to reach a deal through peaceful means, he added.",
        "This ends here.",
        "the lowercase start stays apart.",
        "\"A quote,\" he said",
        "not joined across a subheading.",
    ]
    assert article.subheadings == [Subheading(text="Heading", before=4)]


def test_caption_with_bold_credit_anywhere_and_body_bold_kept():
    article = text_article(
        "# T\n\nFirst paragraph of the story.\n\n"
        "Rescuers search the rubble in Antakya. **Burak Kara / Getty Images**\n\n"
        "The minister said the **state of emergency** would last three months.\n"
    )
    assert article.captions == [Caption(text="Rescuers search the rubble in Antakya.",
                                        credit="Burak Kara / Getty Images")]
    assert article.paragraphs == [
        "First paragraph of the story.",
        "The minister said the state of emergency would last three months.",
    ]


def test_related_line_with_real_url_and_byline_with_date():
    article = text_article(
        "# T\n\nBy Jane Doe and John Roe | June 3, 2026\n\nBody starts here.\n\n"
        "**Read more:** [Other story](https://x.example/other)\n"
    )
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.published == "June 3, 2026"
    assert article.related == [RelatedLink(title="Other story", url="https://x.example/other")]


def test_original_url_broken_across_lines_without_a_link_target():
    article = text_article(
        "# T\n\nBody.\n\nOriginal url:\n\nhttps://www.example.org/2026/06/04/a-long-\n"
        "slug-a123\n"
    )
    assert article.url == "https://www.example.org/2026/06/04/a-long-slug-a123"
    assert article.paragraphs == ["Body."]


def test_crlf_bom_and_latin1_fallback_when_forced():
    data = "\ufeff# Caf\u00e9 news\r\n\r\nThe caf\u00e9 reopened.\r\n".encode()
    (article,) = clipping.parse(RawDocument(data=data, origin="c"), origin="c")
    assert article.title == "Café news"
    assert article.paragraphs == ["The café reopened."]
    latin = ("# Caf\u00e9 news\n\n" + "Le caf\u00e9 a rouvert ses portes lundi matin. " * 5)
    (article,) = clipping.parse(RawDocument(data=latin.encode("cp1252"), origin="l"), origin="l")
    assert article.title == "Café news"


def test_a_first_paragraph_starting_with_by_is_not_a_byline():
    article = text_article(
        "# Fire spreads\n\nBy Tuesday, the fire had spread across 300 hectares\n\n"
        "Crews worked through the night.\n"
    )
    assert article.authors == []
    assert article.paragraphs[0] == "By Tuesday, the fire had spread across 300 hectares"


def test_byline_with_name_particles_and_agency():
    article = text_article("# T\n\nBy Ursula von der Leyen and Ana de la Cruz, AFP\n\nBody.\n")
    assert article.authors == ["Ursula von der Leyen", "Ana de la Cruz", "AFP"]


def test_registry_picks_clipping_last_and_never_for_binary():
    from newsprism.errors import UnknownFormatError
    from newsprism.ingest import detect_format

    assert detect_format(raw_of(next(SAMPLES.glob("000_*")))) == "clipping"
    for path in FIXTURES.iterdir():
        assert detect_format(raw_of(path)) == "clipping", path
    blob = RawDocument(data=bytes(range(256)) * 8, origin="blob.bin")
    with pytest.raises(UnknownFormatError):
        detect_format(blob)


@pytest.mark.parametrize("text", ["[" * 50000, "*a " * 16000, "](" * 50000, "**a " * 12000])
def test_hostile_markdown_parses_in_bounded_time(text):
    # Unbounded patterns took minutes on such inputs (quadratic backtracking); now ~1 s.
    import time

    start = time.perf_counter()
    clipping.parse_text(text)
    assert time.perf_counter() - start < 6.0


CODE_FILES = {
    "tool.py": b'"""Rebuild the index."""\n\nimport sys\nfrom pathlib import Path\n\n\n'
               b"def main() -> None:\n    for path in Path(sys.argv[1]).iterdir():\n"
               b"        print(path.name, path.stat().st_size)\n"
               b"    # The words of a long comment do not make this prose, however many.\n"
               + b"    # and then some more words about the index and its files\n" * 8,
    "pyproject.toml": b'[build-system]\nrequires = ["setuptools>=77", "wheel"]\n'
                      b'build-backend = "setuptools.build_meta"\n\n[project]\nname = "demo"\n'
                      + b'description = "A tool that reads news articles and stores them"\n' * 6,
}


@pytest.mark.parametrize("name", sorted(CODE_FILES))
def test_does_not_sniff_source_code_or_config_files(name):
    # before: a script or a config file in a folder of clippings became an "article"
    assert not clipping.sniff(RawDocument(data=CODE_FILES[name], origin=f"inbox/{name}"))


@pytest.mark.parametrize("data", [
    b"#!/usr/bin/env bash\n# Install what the reader needs and run it on every file\n"
    + b"# of the inbox folder, one after the other, and report what it did there\n" * 6
    + b"set -euo pipefail\nfor f in inbox/*; do newsprism ingest \"$f\"; done\n",
    b"function render(story) {\n  const title = story.title;\n  return `<h1>${title}</h1>`;\n}\n"
    + b"// render every story of the river with its outlets and the time of its last update\n" * 6,
    b".story { color: #222; margin: 0 auto; }\n.river li { padding: 4px; }\n"
    + b"/* the river of stories, with the newest first and the outlets beside them */\n" * 6,
], ids=["shell-shebang", "javascript", "css"])
def test_does_not_sniff_code_by_its_content_either(data):
    assert not clipping.sniff(RawDocument(data=data, origin="inbox/noext"))


def test_prose_with_an_equals_sign_or_a_brace_line_is_still_a_clipping():
    text = ("# Council approves the budget\n\nBy Ana Ruiz\n\n"
            "The city council approved the 2027 budget on Tuesday after a long debate; the vote "
            "was 7 to 2. Spending on transit rises by a tenth, and the library keeps its hours.\n\n"
            "Officials said the formula used (spending = revenue + reserves) would not change.\n\n"
            "The mayor said the council had listened to residents at every hearing this year.\n")
    assert clipping.sniff(RawDocument(data=text.encode(), origin="inbox/budget.md"))


@pytest.mark.parametrize("name", ["measures_list.txt", "social_reactions.txt"])
def test_prose_with_a_list_ending_in_semicolons_or_quoted_handles_is_still_a_clipping(name):
    # before: '- a freeze on prices ... year;' items and '@POTUS: ...' lines counted as code
    # (a statement ending in ';', a decorator), and the clipping was 'not a format'
    path = FIXTURES / name
    raw = RawDocument(data=path.read_bytes(), origin=str(path))
    assert clipping.sniff(raw)
    (article,) = clipping.parse(raw, origin=raw.origin)
    assert article.title.split()[0] in ("Government", "Reactions")


def test_a_code_file_is_still_read_when_the_clipping_reader_is_forced():
    raw = RawDocument(data=CODE_FILES["pyproject.toml"], origin="inbox/pyproject.toml")
    assert list(clipping.parse(raw, origin=raw.origin))


def test_a_clipping_in_a_legacy_charset_is_sniffed_and_decoded():
    """Saved by an old tool in windows-1251, no declaration: read, not 'not a format'."""
    raw = raw_of(BAD / "clipping_cp1251.txt")
    assert clipping.sniff(raw)
    (article,) = clipping.parse(raw, origin="c")
    assert article.title == "Тарифы на проезд в метро вырастут с марта"
    assert article.paragraphs[-1].startswith("Пенсионеры и студенты")


def test_a_clipping_pasted_from_latin1_and_utf8_keeps_both_right():
    raw = raw_of(BAD / "clipping_mixed.md")
    assert clipping.sniff(raw)
    (article,) = clipping.parse(raw, origin="m")
    assert article.title == "Café owners protest new terrace rules"
    assert article.paragraphs[0].startswith("Owners of cafés in the old town")
    assert article.paragraphs[1] == ("“We were never asked,” said one owner, whose café has "
                                     "stood on the square since 1962.")
