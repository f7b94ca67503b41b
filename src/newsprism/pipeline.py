"""The ingest run: sources -> raw document -> reader -> normalize -> store -> later stages.

One input is one transaction: its raw bytes and every article read from it are written
together or not at all. When an input cannot be read, the transaction is rolled back and the
raw bytes alone are kept, marked failed with the reason, so ``newsprism reparse`` can try
again after a fix. A run over many inputs logs, counts and goes on; ``strict`` raises.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from newsprism.errors import InputError, NewsprismError, NoArticleError, ParseError
from newsprism.ingest import parse_raw
from newsprism.ingest.fulltext import (
    DEFAULT_MAX_PAGES,
    FullText,
    Pages,
    page_on_its_own,
    save_article,
    with_full_text,
)
from newsprism.models import Article, RawDocument
from newsprism.normalize import normalize
from newsprism.store import SavedArticle, Store, StoredRaw

log = logging.getLogger(__name__)

InputStatus = Literal["ok", "partial", "unchanged", "failed"]
Stage = Callable[[Store, list[int]], None]

# Stages run after ingest on the ids of new and revised articles, in this order
# (dedupe + clustering, then analysis). Each module appends its own stage.
POST_INGEST_STAGES: list[Stage] = []


@dataclass(slots=True)
class InputResult:
    """What happened to one input."""

    origin: str
    status: InputStatus
    format: str | None = None
    raw_id: int | None = None
    saved: list[SavedArticle] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Entries that are well formed but hold no article (a WARC's non-article pages): not errors.
    skipped: list[str] = field(default_factory=list)
    # Warnings that do not make the input fail (a full-text page that could not be read).
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Failed whole, or read in part (now, or when it was first read: still broken)."""
        return self.status in ("failed", "partial") or bool(self.status == "unchanged"
                                                           and self.errors)


@dataclass(slots=True)
class IngestReport:
    results: list[InputResult] = field(default_factory=list)
    stage_errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if r.failed)

    @property
    def changed_ids(self) -> list[int]:
        return [s.id for r in self.results for s in r.saved if s.status != "unchanged"]

    def count(self, status: str) -> int:
        return sum(1 for r in self.results for s in r.saved if s.status == status)


def read_articles(raw: RawDocument, *, format: str | None = None, strict: bool = False,
                  pages: Pages | None = None,
                  notes: list[str] | None = None) -> tuple[str, list[Article], list[str]]:
    """Parse and normalize without storing: (format, articles, per-entry error lines).

    ``pages``: fetched by ``FullText.prefetch(None, raw)`` for ``parse --full-text``; their
    note lines (pages that failed, the cap) go to ``notes``."""
    fmt, items = parse_raw(raw, format=format)
    items = with_full_text(None, raw, fmt, items, pages, notes if notes is not None else [])
    articles: list[Article] = []
    errors: list[str] = []
    skipped: list[str] = []
    for article_or_error in _normalized(raw, fmt, items, errors, skipped, strict=strict):
        articles.append(article_or_error)
    if not articles:
        raise _nothing_read(raw, errors, skipped)
    return fmt, articles, errors


def ingest_raw(store: Store, raw: RawDocument, *, format: str | None = None,
               strict: bool = False, force: bool = False,
               pages: Pages | None = None) -> InputResult:
    """Store one raw document and its articles in one transaction (see module docstring)."""
    known = store.find_raw(raw.sha256)
    if known is not None and known.status in ("ok", "partial") and not force:
        # Its broken entries are still broken: said again, so a re-run reports what the
        # first one did (and exits the same way) instead of hiding them behind "unchanged".
        return InputResult(origin=raw.origin, status="unchanged", format=known.format,
                           raw_id=known.id, errors=still_broken(known))
    # A page kept for a feed item (ingest.fulltext) is re-parsed with its feed, not alone.
    if force and format is None and known is not None and (why := page_on_its_own(known)):
        return InputResult(origin=raw.origin, status="unchanged", format=known.format,
                           raw_id=known.id, notes=[why])
    if (too_large := store.too_large(raw)) is not None:
        # Neither the bytes nor a failure row can be written: say so and go on with the batch
        # (SQLite's 'string or blob too big' ended the whole run with a traceback).
        refused = InputError(too_large, source=raw.origin)
        if strict:
            raise refused
        return InputResult(origin=raw.origin, status="failed", errors=[str(refused)])
    fmt: str | None = format
    try:
        with store.transaction():
            raw_id, _ = store.save_raw(raw, format=fmt, status="ok")
            fmt, items = parse_raw(raw, format=format)
            notes: list[str] = []
            items = with_full_text(store, raw, fmt, items, pages, notes)  # see ingest.fulltext
            errors: list[str] = []
            skipped: list[str] = []
            saved = [save_article(store, raw_id, article)  # ingest.fulltext: + page failures
                     for article in _normalized(raw, fmt, items, errors, skipped, strict=strict)]
            if not saved:
                raise _nothing_read(raw, errors, skipped)
            status: InputStatus = "partial" if errors else "ok"
            store.save_raw(raw, format=fmt, status=status,
                           error="\n".join(errors) or None, article_count=len(saved))
        return InputResult(origin=raw.origin, status=status, format=fmt, raw_id=raw_id,
                           saved=saved, errors=errors, skipped=skipped, notes=notes)
    except Exception as exc:  # noqa: BLE001 - one bad input never stops the run
        error = exc if isinstance(exc, NewsprismError) else ParseError(
            f"could not be read ({type(exc).__name__}: {exc})", source=raw.origin)
        if error is not exc:
            log.debug("unexpected error reading %s", raw.origin, exc_info=exc)
        with store.transaction():
            raw_id, _ = store.save_raw(raw, format=fmt, status="failed", error=error.message)
        if strict:
            raise error from (exc if error is not exc else None)
        return InputResult(origin=raw.origin, status="failed", format=fmt, raw_id=raw_id,
                           errors=[str(error)])


def ingest(store: Store, specs: list[str], *, format: str | None = None,
           strict: bool = False, allow_private: bool = False, stdin: BinaryIO | None = None,
           fetcher: object | None = None, on_result: Callable[[InputResult], None] | None = None,
           run_stages: bool = True, full_text: bool = False,
           full_text_max: int = DEFAULT_MAX_PAGES) -> IngestReport:
    """Ingest every input named by ``specs`` (files, dirs, globs, '-', URLs), then run stages.

    ``full_text``: fetch the pages of feed items that carry only a summary (ingest.fulltext).
    """
    report = IngestReport()
    fetcher, pages_step = full_text_step(full_text, full_text_max, fetcher=fetcher,
                                         allow_private=allow_private)
    for item in iter_inputs(specs, allow_private=allow_private, stdin=stdin, fetcher=fetcher):
        if isinstance(item, InputError):
            if strict:
                raise item
            result = InputResult(origin=item.source or "?", status="failed", errors=[str(item)])
        else:
            pages = pages_step.prefetch(store, item, format=format) if pages_step else None
            result = ingest_raw(store, item, format=format, strict=strict, pages=pages)
        report.results.append(result)
        if on_result is not None:
            on_result(result)
    if run_stages:
        report.stage_errors = run_post_ingest(store, report.changed_ids, strict=strict)
    return report


def full_text_step(full_text: bool, max_pages: int, *, fetcher: object | None = None,
                   allow_private: bool = False) -> tuple[object | None, FullText | None]:
    """The run's fetcher and, with ``full_text``, the step that fetches feed items' pages
    through that same fetcher (``ingest`` and ``parse``; see ingest.fulltext)."""
    if not full_text:
        return fetcher, None
    from newsprism.ingest.fetch import Fetcher

    fetcher = fetcher or Fetcher(allow_private=allow_private)
    return fetcher, FullText(fetcher, max_pages=max_pages)  # type: ignore[arg-type]


def reparse(store: Store, raw_ids: Iterable[int], *, format: str | None = None,
            strict: bool = False) -> IngestReport:
    """Parse stored raw documents again (after a fix, or with an explicit format)."""
    report = IngestReport()
    for raw_id in raw_ids:
        stored = store.get_raw(raw_id)
        report.results.append(ingest_raw(store, stored.to_document(), format=format,
                                         strict=strict, force=True))
    report.stage_errors = run_post_ingest(store, report.changed_ids, strict=strict)
    return report


def still_broken(known: StoredRaw) -> list[str]:
    """The broken entries a partly read input had when it was stored (said again when the
    same bytes come back: they are still broken)."""
    return known.error.splitlines() if known.status == "partial" and known.error else []


def run_post_ingest(store: Store, article_ids: list[int], *, strict: bool = False) -> list[str]:
    """Run every registered stage on the changed articles; a failing stage is reported.

    Stored articles the stages never saw are taken along: a run stopped by Ctrl-C after
    storing its inputs left them out of every story, and re-running it stored nothing new,
    so nothing ever placed them. The stages skip what they have done already."""
    from newsprism.store.stories import unplaced

    errors: list[str] = []
    if POST_INGEST_STAGES:
        article_ids = sorted(set(article_ids).union(unplaced(store)))
    if not article_ids:
        return errors
    for stage in POST_INGEST_STAGES:
        try:
            stage(store, article_ids)
        except NewsprismError as exc:
            if strict:
                raise
            errors.append(f"{stage.__module__}: {exc}")
    return errors


def iter_inputs(specs: list[str], *, allow_private: bool = False,
                stdin: BinaryIO | None = None,
                fetcher: object | None = None) -> Iterator[RawDocument | InputError]:
    """Raw documents (or an error naming the input) for every spec, fetched lazily."""
    from newsprism.ingest.fetch import Fetcher
    from newsprism.ingest.sources import iter_raw_documents

    fetcher = fetcher or Fetcher(allow_private=allow_private)
    yield from iter_raw_documents(specs, fetcher=fetcher, stdin=stdin)  # type: ignore[arg-type]


def _normalized(raw: RawDocument, fmt: str, items: Iterable[object], errors: list[str],
                skipped: list[str], *, strict: bool) -> Iterator[Article]:
    for item in items:
        if isinstance(item, NoArticleError):
            skipped.append(str(item))
            continue
        if isinstance(item, InputError):
            if strict:
                raise item
            errors.append(str(item))
            continue
        try:
            article = normalize(item, raw=raw, format=fmt)  # type: ignore[arg-type]
        except NewsprismError:
            raise
        except Exception as exc:  # noqa: BLE001 - one odd article never loses its input's rest
            if strict:
                raise
            log.debug("could not normalize an article of %s", raw.origin, exc_info=exc)
            errors.append(str(ParseError(
                f"article {_label(item)}: could not be normalized ({type(exc).__name__}: {exc})",
                source=raw.origin)))
            continue
        yield article


def _label(item: object) -> str:
    """The reader's article as the user can find it in the input: its id, URL or title."""
    for name in ("external_id", "url", "title"):
        value = getattr(item, name, None)
        if value:
            return repr(str(value)[:80])
    return "without id, URL or title"


def _nothing_read(raw: RawDocument, errors: list[str], skipped: list[str]) -> InputError:
    if errors:
        return ParseError(f"no readable article ({len(errors)} broken: {errors[0]})",
                          source=raw.origin)
    if skipped:
        return NoArticleError(f"none of its {len(skipped)} entries is an article",
                              source=raw.origin)
    return NoArticleError(f"no article found in {raw.content_type or 'the input'}",
                          source=raw.origin)

# Dedupe + clustering makes the stories; it runs before analysis.
from newsprism.cluster.stage import cluster_stage  # noqa: E402

POST_INGEST_STAGES.append(cluster_stage)

# Analysis runs after dedupe + clustering: keep this registration last.
from newsprism.analyze import analyze_stage  # noqa: E402

POST_INGEST_STAGES.append(analyze_stage)
