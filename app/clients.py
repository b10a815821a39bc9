"""Who the client is, without keeping who they are: keyed hashes of the browser and the network.

A browser is a random id in a first-party signed cookie (HttpOnly, SameSite=Lax, a year), set when
the rating form is opened; a browser that refuses cookies counts as its network. A network is the
client's IPv4 address, or the /64 of its IPv6 address (one household or phone gets a whole /64),
as the request sees it through the configured proxy (PROXY_FIX_X_FOR) only. The User-Agent is
part of no key."""
import hashlib
import hmac
import ipaddress
import secrets
from functools import lru_cache

from flask import Response, current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

BROWSER_COOKIE = "bid"
BROWSER_COOKIE_DAYS = 365


def client_address() -> str:
    """The client's address as the (proxy-fixed) request sees it."""
    return request.remote_addr or "unknown"


def network_of(address: str) -> str:
    """An IPv4 address as it is; an IPv6 address as its /64 (an IPv4-mapped one as the IPv4)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _keyed(material: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, material.encode(), hashlib.sha256).hexdigest()[:32]


def _once_per_request(name: str, compute):
    """A value of the request computed once (the rate limit, the checks and the response each ask)."""
    known = request.environ.setdefault("app.clients", {})
    if name not in known:
        known[name] = compute()
    return known[name]


def network_hash() -> str:
    """A keyed hash of the client's network; the raw address is never stored."""
    return _once_per_request("network", lambda: _keyed("network|" + network_of(client_address())))


def _browser_ids() -> URLSafeSerializer:
    return _serializer(current_app.config["SECRET_KEY"])


@lru_cache(maxsize=4)
def _serializer(secret_key: str) -> URLSafeSerializer:
    """The browser-id cookie's signer, built once per key (it is read on every rating posted)."""
    return URLSafeSerializer(secret_key, salt="browser-id")


def browser_id() -> str | None:
    """The browser's random id from its signed cookie (None: no cookie, or one not ours)."""
    return _once_per_request("browser", _browser_id_of_cookie)


def _browser_id_of_cookie() -> str | None:
    value = request.cookies.get(BROWSER_COOKIE)
    if not value:
        return None
    try:
        found = _browser_ids().loads(value)
    except BadSignature:
        return None
    return found if isinstance(found, str) and len(found) == 32 else None


def remember_browser(response: Response) -> Response:
    """Give a browser without a (valid) id cookie a new one."""
    if browser_id() is None:
        response.set_cookie(BROWSER_COOKIE, _browser_ids().dumps(secrets.token_hex(16)),
                            max_age=BROWSER_COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                            secure=bool(current_app.config.get("BEHIND_HTTPS")))
    return response


def client_hash() -> str:
    """The browser's key: a keyed hash of its cookie id, or of its network when it has none."""
    found = browser_id()
    return _keyed("browser|" + found) if found else "n" + network_hash()[1:]


def client_key() -> str:
    """Rate-limit key of the client's network: limit storage holds no raw address either."""
    return network_hash()


def network_key() -> str:
    """Rate-limit key of the client's network (sign-in)."""
    return network_hash()
