"""The page URL given to ``clean(url=...)``, checked once at the boundary.

Several steps read the URL: the site filters of rules (its host), the timestamp picker (a date
in its path), the headline picker (its host and slug). :func:`check_url` returns a value every
one of them can read without an exception, or ``None`` for a URL that cannot be a page's
address; the page is then cleaned as if no URL were given (no site rules, no URL date).

>>> check_url(" https://www.example.com/news/2024/04/19/story\\n")
'https://www.example.com/news/2024/04/19/story'
>>> check_url("http://[::1/"), check_url("http://example.com:99999/"), check_url("http://a b/")
(None, None, None)
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from ._lazyre import lazy_re

__all__ = ["MAX_URL_CHARS", "check_url"]

MAX_URL_CHARS = 65_536
"""A longer URL is refused: browsers and servers stop far below (8 KiB is a common server
limit), so anything this long is junk, and every step that reads the URL would scan it."""

# Leading and trailing C0 controls and spaces are stripped, and tabs and newlines inside are
# removed, as the WHATWG URL parser does (a URL copied across a line break).
_EDGE = "".join(map(chr, range(0x21)))
_TAB_NEWLINE = lazy_re(r"[\t\n\r]")
# Any other control character (C0, DEL, C1) or a lone surrogate makes the URL unusable.
_CONTROL = lazy_re(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Code points a host name never holds (the WHATWG "forbidden domain code points" that
# urlsplit lets through in a host; the brackets of an IPv6 literal are removed before this).
_BAD_HOST = lazy_re(r"[\s#%/:<>?@\[\\\]^|\x00-\x1f\x7f]")


def check_url(url: str) -> str | None:
    """``url`` stripped of surrounding white space and of tabs and newlines, or ``None`` when
    it is not a usable URL: an unbalanced ``[`` or a bad IPv6 literal (``http://[::1/``,
    ``http://[zz]/``), a port that is not a number from 0 to 65535 (``http://a:b:c/``,
    ``http://x:99999/``), a host with spaces or characters no host name has, control
    characters or lone surrogates anywhere, more than :data:`MAX_URL_CHARS` characters, or
    an empty string. A URL without a scheme (``example.com/news/1``) is accepted, as the
    rules' site filters accept it. Never raises for a ``str``.

    >>> check_url("example.com/news/1"), check_url("http://a:b:c/"), check_url("")
    ('example.com/news/1', None, None)
    """
    if len(url) > MAX_URL_CHARS:
        return None
    url = _TAB_NEWLINE.sub("", url.strip(_EDGE))
    if not url or _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = parts.hostname
        parts.port  # noqa: B018 - reading it validates the port
    except ValueError:  # urllib's bracket, IPv6, NFKC and port checks
        return None
    if host is None:
        return url
    if "[" in parts.netloc:  # an IPv6 literal (Python 3.11.4+ checks it in urlsplit already)
        try:
            ipaddress.ip_address(host)
        except ValueError:
            return None
    elif _BAD_HOST.search(host):
        return None
    return url
