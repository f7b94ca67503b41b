"""Canonical URLs: one spelling per article, tracking parameters stripped."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the article.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid", "mc_eid",
    "igshid", "ocid", "cmpid", "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname",
    "ns_fee", "at_medium", "at_campaign", "at_custom1", "at_custom2", "at_custom3", "at_custom4",
    "ito", "smid", "smtyp", "rss", "ref", "ref_src", "ref_url", "src", "sref", "CMP", "cid",
    "_ga", "_gl", "share", "utm", "mbid", "s_cid", "intcmp", "WT.mc_id", "xtor",
})
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "__twitter")


def join_url(base: str | None, link: str) -> str:
    """``urljoin``, except that a base or link it cannot parse ("http://[::1", a broken IPv6
    host on a page or in a feed) gives the link as written instead of a ValueError that lost
    the whole page or feed entry; ``canonical_url`` judges it later."""
    try:
        return urljoin(base or "", link)
    except ValueError:
        return link


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme/host, drop fragments, default ports and tracking parameters."""
    if not url:
        return None
    url = "".join(url.split())
    try:
        parts = urlsplit(url)
        port = parts.port  # raises for "host:abc" or "host:99999": no URL to key an article by
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    if port and port != default_port:
        host = f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(query, safe="/:,"), ""))


def domain_of(url: str | None) -> str | None:
    """Registered-looking domain of a URL without ``www.``/``m.``/``amp.`` prefixes."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.lower().rstrip(".")
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    return host
