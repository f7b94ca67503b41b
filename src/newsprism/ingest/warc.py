"""Reader for WARC archives (plain or gzipped per record, as CC-NEWS ships them).

Each HTML ``response`` (or ``resource``) record becomes an article through the HTML reader,
with the record's target URI as the page URL, the HTTP ``Content-Type`` charset honoured and
the ``WARC-Date`` kept as the fetch time. A corrupt record is yielded as a ``ParseError`` naming
its number and URI, and reading resumes at the next record: one bad record never loses the rest.
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

from newsprism.errors import InputError, NoArticleError, ParseError
from newsprism.ingest import html
from newsprism.models import RawArticle, RawDocument

NAME = "warc"

log = logging.getLogger(__name__)

_MAGIC = b"WARC/1."
_GZIP_MAGIC = b"\x1f\x8b\x08"
_GZIP_STEP = 32768
# One gzip member (a record, in CC-NEWS) is held in memory whole: at most this much of it.
_MAX_MEMBER_BYTES = 512 * 1024 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TARGET_URI = re.compile(rb"WARC-Target-URI:\s*<?([^\s>]+)", re.IGNORECASE)
_NEXT_PLAIN_RECORD = re.compile(rb"\r?\nWARC/1\.[01]\r?\n")


def sniff(raw: RawDocument) -> bool:
    """True for bytes starting with ``WARC/1.``, directly or inside a gzip member."""
    data = raw.data
    if data.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(data[:65536], 64)
        except zlib.error:
            return False
        return head.startswith(_MAGIC)
    return data.lstrip(b"\r\n")[:7] == _MAGIC


def parse(raw: RawDocument, *, origin: str) -> Iterator[RawArticle | InputError]:
    """One article per HTML response record; broken records are yielded as errors."""
    found = False
    for number, chunk in enumerate(_chunks(raw.data, origin), start=1):
        if isinstance(chunk, InputError):
            yield chunk
            continue
        for item in _records_in(chunk, number, origin):
            if isinstance(item, RawArticle):
                found = True
            yield item
    if not found:
        log.info("%s: no HTML response record held an article", origin)


# ----------------------------------------------------------------------------- splitting

def _chunks(data: bytes, origin: str) -> Iterator[bytes | InputError]:
    """The archive as byte chunks of whole records, or an error for a chunk that is broken."""
    if data.startswith(_GZIP_MAGIC):
        yield from _gzip_members(data, origin)
    else:
        yield data


def _gzip_members(data: bytes, origin: str) -> Iterator[bytes | InputError]:
    """Decompress gzip members one by one; a corrupt member is reported and skipped."""
    view = memoryview(data)
    position, number = 0, 0
    while position < len(data):
        number += 1
        decompressor = zlib.decompressobj(wbits=31)
        parts: list[bytes] = []
        step = position
        size, head = 0, b""
        try:
            # Fed in steps through a memoryview: no copy of the archive's remainder per record.
            while not decompressor.eof and step < len(data):
                part = decompressor.decompress(view[step:step + _GZIP_STEP])
                step += _GZIP_STEP
                head = head or part[:4096]
                size += len(part)
                if size <= _MAX_MEMBER_BYTES:
                    parts.append(part)
                else:  # read on to the member's end (to go on after it), keeping nothing
                    parts = []
            if not decompressor.eof:
                raise zlib.error("archive ends inside a record (truncated)")
            if size > _MAX_MEMBER_BYTES:
                yield ParseError(
                    f"record {number} ({_uri_in(head)}): decompresses to more than "
                    f"{_MAX_MEMBER_BYTES // (1024 * 1024)} MB; not read (a gzip bomb, or a whole "
                    "archive gzipped as one member: gunzip it and ingest the .warc)",
                    source=origin)
                position = min(step, len(data)) - len(decompressor.unused_data)
                continue
            out = b"".join(parts)
        except zlib.error as exc:
            uri = _uri_in(_salvage(data[position:position + 65536]))
            yield ParseError(f"record {number} ({uri}): corrupt gzip data: {exc}", source=origin)
            following = data.find(_GZIP_MAGIC, position + 1)
            if following < 0:
                return
            position = following
            continue
        position = min(step, len(data)) - len(decompressor.unused_data)
        if out.strip():
            yield out


def _salvage(member: bytes) -> bytes:
    """What decompresses of a broken gzip member before the damage (to name its record)."""
    decompressor = zlib.decompressobj(wbits=31)
    parts: list[bytes] = []
    for step in range(0, len(member), 256):
        try:
            parts.append(decompressor.decompress(member[step:step + 256]))
        except zlib.error:
            break
    return b"".join(parts)


def _uri_in(data: bytes) -> str:
    match = _TARGET_URI.search(data[:4096])
    return match.group(1).decode("utf-8", "replace") if match else "unknown URI"


# ----------------------------------------------------------------------------- records

def _records_in(chunk: bytes, number: int, origin: str) -> Iterator[RawArticle | InputError]:
    """Articles from the records of one chunk; on a broken record, resync to the next one."""
    position = 0
    index = number
    while position < len(chunk):
        iterator = _QuietIterator(io.BytesIO(chunk[position:]), check_digests=False)
        last_end = 0
        try:
            for record in iterator:
                _check_length(record)
                warned = iterator.err_count
                item = _article(record, index, origin)
                iterator.read_to_end(record)
                _check_end(record, iterator, warned)
                if item is not None:
                    yield item
                last_end = iterator.get_record_offset() + iterator.get_record_length()
                index += 1
            return
        except Exception as exc:  # noqa: BLE001 - warcio raises many types on bad bytes
            failed_at = position + last_end
            yield ParseError(f"record {index} ({_header_uri(chunk, failed_at)}): {_reason(exc)}",
                             source=origin)
            index += 1
            resume = _next_record(chunk, failed_at)
            if resume is None:
                return
            position = resume


class _QuietIterator(ArchiveIterator):
    """warcio writes a three-line warning to stderr itself when a record's Content-Length is
    wrong; it only counts it here (``err_count``) and ``_check_end`` reports the record."""

    INC_RECORD = ""


def _check_length(record: ArcWarcRecord) -> None:
    length = record.rec_headers.get_header("Content-Length")
    if length is None:
        if record.format != "warc":
            return  # an ARC record (warcio reads those too, as --format warc may pass them)
        # A WARC record must have one: here the archive ends inside the header.
        raise ValueError("no Content-Length header (the record's header is cut short)")
    if not length.strip().isdigit():
        raise ValueError(f"invalid Content-Length {length!r}")


def _check_end(record: ArcWarcRecord, iterator: ArchiveIterator, warned: int) -> None:
    """A record must end where its Content-Length says (read to its end already): one that
    runs past the archive is cut short (or its length is wrong), and one not followed by the
    blank lines and the next record has a length that is too small. Either way its content is
    not what was archived, and reading resumes at the next record."""
    length = record.rec_headers.get_header("Content-Length")
    stream = record.raw_stream
    if isinstance(stream, LimitReader) and stream.limit > 0:
        raise ValueError(f"cut short: Content-Length {length} runs {stream.limit} bytes past "
                         "the end of the archive (truncated, or the length is wrong)")
    if iterator.err_count > warned:
        raise ValueError(f"Content-Length {length} ends inside the record (the length is "
                         "wrong: no blank line and next record follow it)")


def _reason(exc: Exception) -> str:
    first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {first_line}" if first_line else type(exc).__name__


def _header_uri(chunk: bytes, start: int) -> str:
    """The target URI in the header block of the record starting at ``start``."""
    begin = chunk.find(_MAGIC, start)
    if begin < 0 or chunk[start:begin].strip():
        return "unknown URI"
    end = chunk.find(b"\r\n\r\n", begin)
    return _uri_in(chunk[begin:end if end > 0 else begin + 4096])


def _next_record(chunk: bytes, failed_at: int) -> int | None:
    """Offset of the next record after a broken one, or None when there is none."""
    skip = failed_at
    begin = chunk.find(_MAGIC, failed_at)
    if begin >= 0 and not chunk[failed_at:begin].strip():
        skip = begin + 1  # the broken record's own header: resume after it
    match = _NEXT_PLAIN_RECORD.search(chunk, skip)
    if match is None:
        return None
    return chunk.index(_MAGIC, match.start())


def _article(record: ArcWarcRecord, number: int, origin: str) -> RawArticle | InputError | None:
    """The article in one record, None when the record is not an HTML page, or its error."""
    if record.rec_type not in ("response", "resource"):
        return None
    uri = (record.rec_headers.get_header("WARC-Target-URI")
           or record.rec_headers.get_header("uri") or "unknown URI")  # uri: an ARC record
    content_type = None
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status and not status.startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    payload = record.content_stream().read()
    if content_type:
        if content_type.split(";")[0].strip().lower() not in _HTML_TYPES:
            return None
    elif not html.sniff(RawDocument(data=payload, origin=origin)):
        return None
    where = f"record {number} ({uri})"
    try:
        article = html.article_from_html(payload, origin=f"{origin} {where}", url=uri,
                                         content_type=content_type)
    except NoArticleError as exc:
        return NoArticleError(f"{where}: {exc.message}", source=origin)
    except InputError as exc:
        return ParseError(f"{where}: {exc.message}", source=origin)
    warc_date = record.rec_headers.get_header("WARC-Date")
    article.metadata["warc_record"] = number
    article.metadata["warc_record_id"] = record.rec_headers.get_header("WARC-Record-ID")
    if warc_date:
        article.metadata["fetched_at"] = warc_date
    article.provenance["url"] = "warc"
    return article
