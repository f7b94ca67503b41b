"""Turn what the user typed (paths, directories, globs, ``-``, URLs, OPML) into raw documents.

``iter_raw_documents`` is lazy: it reads one file or fetches one URL at a time, and yields an
``InputError`` instance for an input it cannot get (a missing path, a failed fetch) instead of
raising, so the rest of the batch goes on. WordPress REST collection URLs are followed page by
page; an OPML outline of feeds expands to its feed URLs.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import etree

from newsprism.errors import FetchError, InputError, ParseError
from newsprism.ingest.fetch import Fetcher
from newsprism.models import RawDocument
from newsprism.store import too_large_message

log = logging.getLogger(__name__)

STDIN_ORIGIN = "<stdin>"
DEFAULT_MAX_PAGES = 50
# SQLite's default limit on one value (Store.too_large checks the database's own): a file
# above it is refused before it is read into memory.
MAX_FILE_BYTES = 1_000_000_000
_GLOB_CHARS = re.compile(r"[*?\[]")
_WP_COLLECTION_PATH = re.compile(r"/wp/v2/[a-z0-9_-]+/?$", re.IGNORECASE)


def iter_raw_documents(
    specs: list[str],
    *,
    fetcher: Fetcher,
    stdin: BinaryIO | None = None,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Iterator[RawDocument | InputError]:
    """Every raw document the specs name, in order; an ``InputError`` for each that fails."""
    for spec in specs:
        if spec == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _expand(RawDocument(data=stream.read(), origin=STDIN_ORIGIN), fetcher,
                               max_pages)
        elif is_url(spec):
            yield from _from_url(spec, fetcher=fetcher, max_pages=max_pages)
        else:
            for item in paths_of(spec):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from _from_file(item, fetcher=fetcher, max_pages=max_pages)


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def paths_of(spec: str) -> Iterator[Path | InputError]:
    """The files a path, directory or glob names, sorted; hidden files skipped."""
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield path
    elif _GLOB_CHARS.search(spec):
        matches = sorted(glob.glob(spec, recursive=True))
        if not matches:
            yield InputError("no file matches this pattern", source=path_label(spec))
        for match in matches:
            found = Path(match)
            if found.is_dir():
                yield from _walk(found)
            elif not _hidden(found.name):
                yield _regular(found)  # 'inbox/*' may name a FIFO too
    else:
        yield InputError("no such file or directory", source=path_label(spec))


def _hidden(name: str) -> bool:
    return name.startswith(".")


def _walk(root: Path) -> Iterator[Path | InputError]:
    """Files under ``root``, recursively, sorted by their path (as ``find | sort`` would list
    them), skipping hidden files and folders. Only the names are collected, never the data.

    A folder that cannot be listed and an entry that is not a regular file (a FIFO, whose
    reading would block for ever, a socket, a device) are each an ``InputError`` in its place.
    Symbolic links to folders are not followed (no loops)."""
    found: list[tuple[Path, Path | InputError]] = []

    def unlisted(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        found.append((where, InputError(f"cannot list this folder: {exc.strerror or exc}",
                                        source=path_label(where))))

    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted):
        dirnames[:] = [d for d in dirnames if not _hidden(d)]
        for name in filenames:
            if _hidden(name):
                continue
            path = Path(dirpath) / name
            found.append((path, _regular(path)))
    for _, item in sorted(found, key=lambda pair: pair[0].relative_to(root).parts):
        yield item


def _regular(path: Path) -> Path | InputError:
    """``path``, or an error when it is not a regular file: reading a FIFO blocks for ever."""
    if path.is_file() or not path.exists():  # a dangling link: reading reports it
        return path
    return InputError("not a regular file (a FIFO, socket or device); skipped",
                      source=path_label(path))


def _from_file(path: Path, *, fetcher: Fetcher, max_pages: int) -> Iterator[RawDocument |
                                                                          InputError]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # not read into memory only to be refused by the store
            yield InputError(too_large_message(size, MAX_FILE_BYTES), source=path_label(path))
            return
        data = path.read_bytes()
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", source=path_label(path))
        return
    yield from _expand(RawDocument(data=data, origin=path_label(path)), fetcher, max_pages)


def path_label(path: str | Path) -> str:
    """The path as text that can be printed and stored: a name that is not UTF-8 (Latin-1
    bytes on a Linux disk) keeps its odd bytes as ``\\xe9`` escapes instead of surrogates,
    which no terminal, SQLite or JSON accepts."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _expand(raw: RawDocument, fetcher: Fetcher, max_pages: int) -> Iterator[RawDocument |
                                                                           InputError]:
    """The document itself, or the feeds it lists when it is an OPML outline."""
    if not is_outline(raw.data):
        yield raw
        return
    try:
        urls = read_outline(raw.data, origin=raw.origin)
    except ParseError as exc:
        yield exc
        return
    if not urls:
        yield InputError("the OPML outline lists no feed URLs (xmlUrl)", source=raw.origin)
    for url in urls:
        yield from _from_url(url, fetcher=fetcher, max_pages=max_pages, expand_outline=False)


def _from_url(url: str, *, fetcher: Fetcher, max_pages: int,
              expand_outline: bool = True) -> Iterator[RawDocument | InputError]:
    if is_wordpress_collection(url):
        yield from iter_wordpress_pages(url, fetcher=fetcher, max_pages=max_pages)
        return
    try:
        raw = fetcher.fetch(url)
    except FetchError as exc:
        yield exc
        return
    if expand_outline:
        yield from _expand(raw, fetcher, max_pages)
    else:
        yield raw


# --- WordPress REST collections -------------------------------------------------------------

def _rest_route(url: str) -> str | None:
    """The REST route a URL addresses: the path after /wp-json, or the ``rest_route`` param."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key == "rest_route":
            return value
    marker = parts.path.find("/wp-json/")
    if marker >= 0:
        return parts.path[marker + len("/wp-json"):]
    return None


def is_wordpress_collection(url: str) -> bool:
    """True for a list endpoint such as ``/wp-json/wp/v2/posts`` (not ``/posts/42``)."""
    route = _rest_route(url)
    return bool(route and _WP_COLLECTION_PATH.search(route))


def _with_page(url: str, page: int) -> str:
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    query.append(("page", str(page)))
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


def _page_of(url: str) -> int:
    for key, value in parse_qsl(urlsplit(url).query):
        if key == "page" and value.isdigit() and int(value) > 0:
            return int(value)
    return 1


def iter_wordpress_pages(url: str, *, fetcher: Fetcher,
                         max_pages: int = DEFAULT_MAX_PAGES) -> Iterator[RawDocument | InputError]:
    """Each page of a WordPress REST collection, following ``X-WP-TotalPages`` or ``page=``.

    Without the header, pages are fetched until one is empty or refused (WordPress answers
    HTTP 400 past the last page), or repeats the page before it: a server or cache that
    ignores ``page=`` would otherwise be fetched ``max_pages`` times for one page of posts.
    At most ``max_pages`` pages are fetched.
    """
    page = _page_of(url)
    first = page
    last: int | None = None
    previous: bytes | None = None
    while page - first < max_pages:
        page_url = url if page == first else _with_page(url, page)
        try:
            fetched = fetcher.fetch_response(page_url)
        except FetchError as exc:
            if page > first and last is None and "HTTP 400" in exc.message:
                return  # past the last page of a site that sends no X-WP-TotalPages
            yield exc
            return
        body = fetched.document.data.strip()
        if page > first and (body in (b"[]", b"") or (last is None and body == previous)):
            return
        previous = body
        yield fetched.document
        total = fetched.headers.get("x-wp-totalpages")
        if total is not None and total.strip().isdigit():
            last = int(total)
        if last is not None and page >= last:
            return
        if last is None and not body.startswith(b"["):
            return  # not a list: nothing to paginate
        page += 1
    if last is None or page <= last:
        log.warning("%s: stopped after %d pages (max_pages)", url, max_pages)


# --- OPML -----------------------------------------------------------------------------------

def is_outline(data: bytes) -> bool:
    """Cheap check: an XML document whose root element is <opml>."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    match = re.search(rb"<([A-Za-z_][\w:.-]*)", re.sub(rb"<[?!][^>]*>", b"", head))
    return bool(match and match.group(1).lower() == b"opml")


def read_outline(data: bytes, *, origin: str = "outline") -> list[str]:
    """The feed URLs (``xmlUrl``) an OPML outline lists, in order, without duplicates."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False,
                             huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not a well-formed OPML outline: {exc}", source=origin) from None
    urls: list[str] = []
    for node in root.iter():
        if not isinstance(node.tag, str) or etree.QName(node).localname.lower() != "outline":
            continue
        for key, value in node.attrib.items():
            if key.lower() == "xmlurl" and value.strip() and value.strip() not in urls:
                urls.append(value.strip())
    return urls
