"""A rating's reference code: shown once to the rater, kept only as a keyed hash, and the key to
ask for the rating's erasure or correction. Twelve characters in three groups ("7KQ4-M2XD-9PHT")
from an alphabet without look-alikes (no 0/O, 1/I/L, U), read the same in any case: about 59 bits,
so a code cannot be guessed, least of all at the request form's rate limit."""
import hashlib
import hmac
import re
import secrets

from flask import current_app

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH, GROUP = 12, 4


def new_code() -> str:
    """A fresh code, grouped for reading aloud."""
    return grouped("".join(secrets.choice(ALPHABET) for _ in range(LENGTH)))


def grouped(code: str) -> str:
    """A code in its three groups, as shown ("7KQ4-M2XD-9PHT"), however it was typed."""
    bare = normalize(code)
    return "-".join(bare[i:i + GROUP] for i in range(0, LENGTH, GROUP))


def normalize(text: str | None) -> str | None:
    """A typed code in its bare form (upper case, no spaces or dashes), or None if it cannot be one."""
    bare = re.sub(r"[\s\-–.]", "", (text or "")).upper()
    if len(bare) != LENGTH or any(ch not in ALPHABET for ch in bare):
        return None
    return bare


def reference_hash(code: str) -> str:
    """The keyed hash a code is stored as (the code itself is not kept)."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"reference|" + normalize(code).encode(), hashlib.sha256).hexdigest()
