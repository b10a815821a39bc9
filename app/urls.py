"""URL helpers shared by the areas of the site."""
from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """A redirect target only if it stays on this site (a path, no scheme, no host)."""
    if not target:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None  # a CR/LF would split the Location header (an error, or header injection)
    target = target.replace("\\", "/").strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


MAX_PAGE = 10_000


def page_arg(value: str | None) -> int:
    """A ?page= value as a page number from 1 to MAX_PAGE (anything else reads as page 1)."""
    if value and value.isdigit():
        return min(max(int(value), 1), MAX_PAGE)
    return 1
