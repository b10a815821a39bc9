"""Who the client is, without keeping who they are: a keyed hash of address and user agent."""
import hashlib
import hmac

from flask import current_app, request


def client_address() -> str:
    """The client's address as the (proxy-fixed) request sees it."""
    return request.remote_addr or "unknown"


def client_hash() -> str:
    """A keyed hash of address and user agent; the raw address is never stored."""
    key = current_app.config["SECRET_KEY"].encode()
    material = f"{client_address()}|{request.user_agent.string}".encode()
    return hmac.new(key, material, hashlib.sha256).hexdigest()[:32]


def client_key() -> str:
    """Rate-limit key: the same keyed hash, so limit storage holds no raw address either."""
    return client_hash()
