"""Precompressed bodies: brotli or gzip, as the client's Accept-Encoding prefers, made once per cached
body (app/cache.py) and then sent as bytes."""
import gzip
from functools import lru_cache

import brotli
from werkzeug.http import parse_accept_header

IDENTITY = "identity"
MIN_SIZE = 1024  # smaller bodies are sent as they are: compressing them saves nothing worth the work
BROTLI_QUALITY = 5  # about gzip's time for a smaller body; 11 takes a hundred times longer
GZIP_LEVEL = 6


@lru_cache(maxsize=64)
def chosen_encoding(accept_encoding: str | None) -> str:
    """br, gzip or identity: the first of br and gzip the client accepts (q above 0)."""
    accepted = parse_accept_header(accept_encoding or "")
    for coding in ("br", "gzip"):
        if accepted.quality(coding) > 0:
            return coding
    return IDENTITY


def compress(body: bytes, coding: str) -> bytes:
    """The body in `coding` (gzip without a timestamp, so the same body gives the same bytes)."""
    if coding == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    return gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0)
