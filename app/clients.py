"""Who the client is, without keeping who they are: keyed hashes of the client's network, and of
address and user agent.

A network is the client's IPv4 address, or the /64 of its IPv6 address (one household or phone
gets a whole /64), as the request sees it through the configured proxy (PROXY_FIX_X_FOR) only."""
import hashlib
import hmac
import ipaddress

from flask import current_app, request


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


def network_hash() -> str:
    """A keyed hash of the client's network; the raw address is never stored."""
    return _keyed("network|" + network_of(client_address()))


def client_hash() -> str:
    """A keyed hash of address and user agent; the raw address is never stored."""
    return _keyed(f"{client_address()}|{request.user_agent.string}")


def client_key() -> str:
    """Rate-limit key: the same keyed hash, so limit storage holds no raw address either."""
    return client_hash()


def network_key() -> str:
    """Rate-limit key of the client's network (sign-in)."""
    return network_hash()
