"""Two-factor sign-in for staff: a TOTP app (RFC 6238, pyotp) and one-time recovery codes.

A code is accepted for the current 30-second step or the one either side (a phone's clock
drifts), and never twice: the last step used is kept. Recovery codes are shown once, stored as
SHA-256 hashes (they are random, 50 bits each, so a slow hash adds nothing) and each works once.
Functions add to the session; the caller commits (or they commit where they say so)."""
import hashlib
import hmac
import secrets

import pyotp

from app.clock import now
from app.extensions import db
from app.models import AdminUser
from app.services.audit import record
from app.services.errors import N_, ServiceError

ISSUER = "Bưu điện tỉnh Lạng Sơn"
RECOVERY_CODES = 10
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read from paper


class TwoFactorError(ServiceError):
    """A two-factor code that does not fit, or an enrolment that cannot be done."""


def new_secret() -> str:
    """A fresh TOTP secret (160 bits, base32), for the enrolment page to show until confirmed."""
    return pyotp.random_base32(32)


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// URI an authenticator app reads from the enrolment QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _step(secret: str, code: str) -> int | None:
    """The time step a code belongs to (now, or one step either side), or None."""
    code = "".join(ch for ch in code or "" if ch.isdigit())
    if len(code) != 6:
        return None
    totp, moment = pyotp.TOTP(secret), now().timestamp()
    for offset in (0, -1, 1):
        step = int(moment // totp.interval) + offset
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            return step
    return None


def _hash(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").lower().encode()).hexdigest()


def _recovery_codes() -> list[str]:
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(10)) for _ in range(RECOVERY_CODES)]
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def enable(user: AdminUser, secret: str, code: str) -> list[str]:
    """Turn two-factor sign-in on once the app shows the right code; the recovery codes (shown once).
    Every other session of the account ends; commits (audited)."""
    step = _step(secret, code)
    if step is None:
        raise TwoFactorError(N_("Mã không đúng. Hãy nhập mã 6 chữ số đang hiện trong ứng dụng xác thực."))
    codes = _recovery_codes()
    user.totp_secret, user.totp_last_step = secret, step
    user.recovery_codes = ";".join(_hash(c) for c in codes)
    user.session_version = (user.session_version or 0) + 1
    record(user, "enable_two_factor", user)
    db.session.commit()
    return codes


def disable(user: AdminUser, actor: AdminUser) -> None:
    """Turn two-factor sign-in off (the account's own choice, or an administrator's when a phone is
    lost); every session of the account ends; commits (audited)."""
    user.totp_secret = user.totp_last_step = user.recovery_codes = None
    user.session_version = (user.session_version or 0) + 1
    record(actor, "disable_two_factor", user)
    db.session.commit()


def verify(user: AdminUser, code: str) -> bool:
    """Whether a sign-in's second step fits: an unused TOTP code, or an unused recovery code (then
    spent). Adds the change to the session; the caller commits."""
    if not user.totp_secret:
        return False
    step = _step(user.totp_secret, code)
    if step is not None:
        if user.totp_last_step is not None and step <= user.totp_last_step:
            return False  # a code seen already (someone looking over a shoulder)
        user.totp_last_step = step
        return True
    hashes = (user.recovery_codes or "").split(";")
    wanted = _hash(code or "")
    if code and wanted in hashes:
        hashes.remove(wanted)
        user.recovery_codes = ";".join(hashes)
        record(user, "use_recovery_code", user, None, {"codes_left": len(hashes)})
        return True
    return False


def recovery_codes_left(user: AdminUser) -> int:
    return len([h for h in (user.recovery_codes or "").split(";") if h])
