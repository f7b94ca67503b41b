"""Headers every answer carries: no inline or third-party script, no MIME sniffing."""

from __future__ import annotations

# Pages never run inline or third-party scripts: scraped text is escaped, and even if a
# template slipped, the browser would refuse to run it.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def with_security_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """``headers`` plus nosniff, no-referrer and the page CSP (unless one is set already)."""
    extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer")]
    if not any(name.lower() == b"content-security-policy" for name, _ in headers):
        extra.append((b"content-security-policy", PAGE_CSP.encode()))
    return [*headers, *extra]
