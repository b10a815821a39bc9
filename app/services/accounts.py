"""Staff accounts: creation, password hashing (argon2), sign-in attempts and the lockout."""
from datetime import timedelta

from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import AdminUser
from app.models.admin import ROLES
from app.services.audit import record, snapshot
from app.services.errors import N_, ServiceError
from app.clock import utcnow

MIN_PASSWORD_LENGTH = 12
LOGIN_FIELDS = ("failed_logins", "locked_until", "last_login_at")
ACCOUNT_FIELDS = ("email", "role", "active", "failed_logins", "locked_until")


class AccountError(ServiceError):
    """A staff account could not be created or changed."""


def normalise_email(email: str) -> str:
    """E-mail addresses compare without case or surrounding spaces."""
    return (email or "").strip().lower()


@lru_cache(maxsize=4)
def _hasher_of(profile: str) -> tuple[PasswordHasher, str]:
    """The argon2id hasher of a named profile of argon2.profiles, and a hash of nothing real that
    is verified when the e-mail is unknown (so a wrong address costs what a wrong password does)."""
    hasher = PasswordHasher.from_parameters(getattr(profiles, profile))
    return hasher, hasher.hash("not-a-real-password-only-for-timing")


def password_hasher() -> PasswordHasher:
    """The hasher of the PASSWORD_HASH_PROFILE setting (RFC 9106's in production)."""
    return _hasher_of(current_app.config["PASSWORD_HASH_PROFILE"])[0]


def hash_password(password: str) -> str:
    """An argon2id hash of a password."""
    return password_hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether a password matches a stored hash (False for a malformed hash)."""
    try:
        return password_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_nothing(password: str) -> None:
    """Spend the time of one verification on a hash that matches nothing."""
    verify_password(_hasher_of(current_app.config["PASSWORD_HASH_PROFILE"])[1], password)


def check_new_password(password: str) -> None:
    """Refuse a password too short to resist guessing."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError(N_("Mật khẩu cần ít nhất %(n)s ký tự."), n=MIN_PASSWORD_LENGTH)


def find_user(email: str) -> AdminUser | None:
    """The account of an e-mail address, active or not."""
    stmt = select(AdminUser).where(func.lower(AdminUser.email) == normalise_email(email))
    return db.session.scalar(stmt)


def create_admin(email: str, password: str, role: str = "admin", actor=None) -> AdminUser:
    """Create a staff account (audited) and commit; AccountError if it cannot be."""
    email = normalise_email(email)
    if "@" not in email or len(email) > 200:
        raise AccountError(N_("Địa chỉ e-mail không hợp lệ."))
    if role not in ROLES:
        raise AccountError(N_("Vai trò không hợp lệ: %(role)s."), role=role)
    check_new_password(password)
    if find_user(email):
        raise AccountError(N_("Đã có tài khoản %(email)s."), email=email)
    user = AdminUser(email=email, password_hash=hash_password(password), role=role, active=True,
                     failed_logins=0)
    db.session.add(user)
    db.session.flush()
    record(actor, "create_user", user, None, snapshot(user, ACCOUNT_FIELDS))
    db.session.commit()
    return user


def is_locked(user: AdminUser) -> bool:
    """Whether the account is inside a lockout period."""
    return user.locked_until is not None and user.locked_until > utcnow()


def attempt_login(email: str, password: str) -> AdminUser | None:
    """Check a sign-in and commit its outcome (audited); the user on success, else None."""
    user = find_user(email)
    if user is None or not user.active:
        verify_nothing(password)
        record(normalise_email(email), "login_failed", user, None, {"reason": "unknown_or_inactive"})
        db.session.commit()
        return None
    if is_locked(user):
        record(user, "login_refused_locked", user, None, {"locked_until": user.locked_until})
        db.session.commit()
        return None
    if not verify_password(user.password_hash, password):
        _register_failure(user)
        db.session.commit()
        return None
    _register_success(user, password)
    db.session.commit()
    return user


def _register_failure(user: AdminUser) -> None:
    before = snapshot(user, LOGIN_FIELDS)
    user.failed_logins = (user.failed_logins or 0) + 1
    action = "login_failed"
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        minutes = current_app.config["LOGIN_LOCKOUT_MINUTES"]
        user.locked_until = utcnow() + timedelta(minutes=minutes)
        user.failed_logins = 0
        action = "account_locked"
    record(user, action, user, before, snapshot(user, LOGIN_FIELDS))


def _register_success(user: AdminUser, password: str) -> None:
    before = snapshot(user, LOGIN_FIELDS)
    user.failed_logins, user.locked_until, user.last_login_at = 0, None, utcnow()
    if password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    record(user, "login", user, before, snapshot(user, LOGIN_FIELDS))


def record_logout(user: AdminUser) -> None:
    """Audit a sign-out."""
    record(user, "logout", user)
    db.session.commit()


def update_account(user: AdminUser, actor: AdminUser, role: str | None = None,
                   active: bool | None = None, unlock: bool = False) -> AdminUser:
    """Change a staff account's role or activity, or lift its lockout (audited)."""
    if role is not None and role not in ROLES:
        raise AccountError(N_("Vai trò không hợp lệ: %(role)s."), role=role)
    if user.id == actor.id and (role not in (None, user.role) or active is False):
        raise AccountError(N_("Không thể tự hạ quyền hoặc tự khóa tài khoản của mình."))
    before = snapshot(user, ACCOUNT_FIELDS)
    if role is not None:
        user.role = role
    if active is not None:
        user.active = active
    if unlock:
        user.locked_until, user.failed_logins = None, 0
    record(actor, "update_user", user, before, snapshot(user, ACCOUNT_FIELDS))
    db.session.commit()
    return user
