"""Every error newsprism raises on purpose, in one place.

Users catch ``NewsprismError``; the CLI turns any of them into one readable line
naming the input, and the API into one JSON error shape.

    NewsprismError
    ├── InputError                 an input could not be read or understood
    │   ├── FetchError             a URL could not be fetched (timeout, HTTP status, too large)
    │   │   └── BlockedAddressError   a private/loopback address refused (SSRF guard)
    │   ├── UnknownFormatError     no reader recognised the bytes
    │   ├── ParseError             a reader recognised the format but the bytes are broken
    │   └── NoArticleError         the input is well formed but holds no article
    ├── StoreError                 the database is missing, locked or from a newer version
    └── NotFoundError              an article, story or raw document id that does not exist
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Root of newsprism's errors. ``code`` is stable; the message says what to do."""

    code = "newsprism_error"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message


class InputError(NewsprismError):
    """An input (file, URL, stdin) could not be turned into articles."""

    code = "input_error"


class FetchError(InputError):
    """A URL could not be fetched: timeout, HTTP error status, redirect loop, too large."""

    code = "fetch_error"


class BlockedAddressError(FetchError):
    """A URL resolves to a private or loopback address and --allow-private was not given."""

    code = "blocked_address"


class UnknownFormatError(InputError):
    """No reader recognised the bytes; --format names one explicitly."""

    code = "unknown_format"


class ParseError(InputError):
    """A reader recognised the format but could not parse the bytes (truncated, corrupt)."""

    code = "parse_error"


class NoArticleError(InputError):
    """The input is well formed but holds no article (an empty feed, a page with no body)."""

    code = "no_article"


class StoreError(NewsprismError):
    """The database cannot be opened or written."""

    code = "store_error"


class NotFoundError(NewsprismError):
    """An id that is not in the database."""

    code = "not_found"


class SettingsError(NewsprismError, ValueError):
    """A NEWSPRISM_* setting (or a config value) that cannot be used; the message names it."""

    code = "bad_setting"
