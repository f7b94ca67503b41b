"""Watched sources: poll feeds, WordPress sites, pages and drop folders on an interval.

A ``sources.toml`` lists them::

    [defaults]
    interval = "15m"          # s, m, h or d

    [[source]]
    url = "https://example.org/feed.xml"
    interval = "5m"
    format = "feed"           # optional: skip sniffing
    full_text = true          # optional: fetch the page of each summary-only item (fulltext.py)
    full_text_max = 20        # optional: at most this many page fetches per poll

    [[source]]
    path = "/data/dropbox"    # a folder: new files are ingested as they appear

URLs are fetched with conditional requests (ETag / Last-Modified), so an unchanged feed costs
one small request; changed bytes go through the normal ingest, where known articles are a
no-op and changed ones become revisions.
"""

from __future__ import annotations

import re
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.errors import InputError, NewsprismError
from newsprism.ingest import READER_MODULES
from newsprism.ingest.fetch import Fetcher
from newsprism.ingest.fulltext import DEFAULT_MAX_PAGES, FullText
from newsprism.ingest.sources import (
    is_url,
    is_wordpress_collection,
    iter_raw_documents,
    paths_of,
)
from newsprism.pipeline import InputResult, ingest_raw, run_post_ingest
from newsprism.store import Store

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_INTERVAL = 30.0


def parse_duration(text: str | int | float) -> float:
    """'15m' -> 900.0 seconds; numbers are seconds."""
    if isinstance(text, int | float):
        return float(text)
    match = _DURATION.match(text) if isinstance(text, str) else None
    if not match:
        raise InputError(f"not a duration: {text!r} (use e.g. 90s, 15m, 2h, 1d)")
    return float(match.group(1)) * _UNITS[match.group(2)]


@dataclass(slots=True)
class WatchedSource:
    spec: str
    interval: float
    format: str | None = None
    full_text: bool = False
    full_text_max: int = DEFAULT_MAX_PAGES
    etag: str | None = None
    last_modified: str | None = None
    next_due: float = 0.0
    last_status: str = "never polled"
    # A folder's files as last read: path -> (size, mtime in ns). A file is read again only
    # when it changes (a big drop folder was read whole on every poll, each file a no-op).
    seen: dict[str, tuple[int, int]] = field(default_factory=dict)


@dataclass(slots=True)
class PollResult:
    source: str
    results: list[InputResult] = field(default_factory=list)
    not_modified: bool = False
    stage_errors: list[str] = field(default_factory=list)


def _interval(value: object, where: str, path: Path) -> float:
    try:
        return parse_duration(value)  # type: ignore[arg-type]
    except InputError as exc:
        raise InputError(f"{where}: {exc.message}", source=str(path)) from None


def load_sources(path: Path) -> list[WatchedSource]:
    """Read a sources.toml; every mistake is an ``InputError`` naming the file and entry."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read the sources file: {exc}", source=str(path)) from exc
    defaults, entries = data.get("defaults", {}), data.get("source", [])
    if not isinstance(defaults, dict):
        raise InputError("defaults must be a table: [defaults]", source=str(path))
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError("each source must be a [[source]] table (two brackets)",
                         source=str(path))
    default_interval = _interval(defaults.get("interval", "15m"), "defaults", path)
    sources = []
    for index, entry in enumerate(entries, start=1):
        spec = entry.get("url") or entry.get("path")
        if not spec:
            raise InputError(f"source {index} has neither url nor path", source=str(path))
        if not isinstance(spec, str):
            raise InputError(f"source {index}: url and path must be text in quotes",
                             source=str(path))
        if entry.get("url") and not is_url(spec):  # else read as a path: 'no such file'
            raise InputError(f"source {index}: url must start with http:// or https:// "
                             f"(got {spec!r}); a local file or folder is a path",
                             source=str(path))
        if entry.get("format") is not None and entry["format"] not in READER_MODULES:
            raise InputError(f"source {index}: unknown format {entry['format']!r}; known: "
                             f"{', '.join(READER_MODULES)}", source=str(path))
        if entry.get("path"):
            spec = str((path.parent / spec).resolve()) if not Path(spec).is_absolute() else spec
        interval = max(MIN_INTERVAL, _interval(entry.get("interval", default_interval),
                                               f"source {index}", path))
        full_text, full_text_max = entry.get("full_text", False), entry.get("full_text_max",
                                                                            DEFAULT_MAX_PAGES)
        if not isinstance(full_text, bool) or not isinstance(full_text_max, int) or (
                isinstance(full_text_max, bool) or full_text_max < 0):
            raise InputError(f"source {index}: full_text must be true or false and "
                             "full_text_max a whole number >= 0", source=str(path))
        sources.append(WatchedSource(spec=spec, interval=interval, format=entry.get("format"),
                                     full_text=full_text, full_text_max=full_text_max))
    if not sources:
        raise InputError("no [[source]] entries", source=str(path))
    return sources


def poll(store: Store, source: WatchedSource, *, fetcher: Fetcher) -> PollResult:
    """Fetch or read one source once and ingest what changed (stages included)."""
    outcome = PollResult(source=source.spec)
    pages_step = FullText(fetcher, max_pages=source.full_text_max) if source.full_text else None
    if is_url(source.spec) and not is_wordpress_collection(source.spec):
        headers = {}
        if source.etag:
            headers["If-None-Match"] = source.etag
        if source.last_modified:
            headers["If-Modified-Since"] = source.last_modified
        try:
            fetched = fetcher.fetch_response(source.spec, headers=headers)
        except NewsprismError as exc:
            outcome.results.append(InputResult(origin=source.spec, status="failed",
                                               errors=[str(exc)]))
            return outcome
        if fetched.status_code == 304:
            outcome.not_modified = True
            return outcome
        source.etag = fetched.headers.get("etag")
        source.last_modified = fetched.headers.get("last-modified")
        pages = pages_step.prefetch(store, fetched.document,
                                    format=source.format) if pages_step else None
        outcome.results.append(ingest_raw(store, fetched.document, format=source.format,
                                          pages=pages))
    else:
        for entry in _changed_files(source):
            for item in ([entry] if isinstance(entry, InputError)
                         else iter_raw_documents([entry], fetcher=fetcher)):
                if isinstance(item, InputError):
                    outcome.results.append(InputResult(origin=item.source or source.spec,
                                                       status="failed", errors=[str(item)]))
                else:
                    pages = pages_step.prefetch(store, item,
                                                format=source.format) if pages_step else None
                    outcome.results.append(ingest_raw(store, item, format=source.format,
                                                      pages=pages))
    changed = [s.id for r in outcome.results for s in r.saved if s.status != "unchanged"]
    outcome.stage_errors = run_post_ingest(store, changed)
    return outcome


def _changed_files(source: WatchedSource) -> list[str | InputError]:
    """The source's files that are new or changed since the last poll (by size and mtime),
    and an error for each thing in it that cannot be read (or for the spec naming nothing)."""
    if is_url(source.spec):
        return [source.spec]
    changed: list[str | InputError] = []
    listed: dict[str, tuple[int, int]] = {}
    for item in paths_of(source.spec):
        if isinstance(item, InputError):
            changed.append(item)  # nothing there, a folder it cannot list, a FIFO: reported
            continue
        try:
            info = item.stat()
        except OSError:
            changed.append(str(item))  # reading it reports the problem
            continue
        signature = (info.st_size, info.st_mtime_ns)
        listed[str(item)] = signature
        if source.seen.get(str(item)) != signature:
            changed.append(str(item))
    source.seen = listed
    return changed


def watch(store: Store, sources: list[WatchedSource], *, fetcher: Fetcher,
          cycles: int | None = None, on_poll: Callable[[PollResult], None] | None = None,
          clock: Callable[[], float] = time.monotonic,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Poll every source when due; ``cycles`` bounds the number of passes (None: forever)."""
    done = 0
    while cycles is None or done < cycles:
        now = clock()
        for source in sources:
            if source.next_due <= now:
                result = poll(store, source, fetcher=fetcher)
                source.next_due = clock() + source.interval
                source.last_status = _status(result)
                if on_poll is not None:
                    on_poll(result)
        done += 1
        if cycles is not None and done >= cycles:
            break
        wait = min(s.next_due for s in sources) - clock()
        sleep(max(1.0, wait))


def _status(result: PollResult) -> str:
    if result.not_modified:
        return "not modified"
    failed = sum(1 for r in result.results if r.status == "failed")
    return f"{len(result.results)} inputs, {failed} failed"
