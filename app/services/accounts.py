"""Staff accounts: creation, password hashing (argon2), sign-in attempts and the lockout."""
from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import AdminUser
from app.models.admin import ROLES
from app.services import sign_in_guard, two_factor
from app.services.audit import record, snapshot
from app.services.passwords import MIN_PASSWORD_LENGTH, PasswordError, check_new_password
from app.services.errors import N_, ServiceError
from app.clock import utcnow

LOGIN_FIELDS = ("last_login_at",)
ACCOUNT_FIELDS = ("email", "role", "active")


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


def check_password(password: str, email: str) -> None:
    """A new password's rules (app/services/passwords.py), refused as an AccountError."""
    try:
        check_new_password(password, email)
    except PasswordError as error:
        raise AccountError(error.template, **error.params) from None


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
    check_password(password, email)
    if find_user(email):
        raise AccountError(N_("Đã có tài khoản %(email)s."), email=email)
    user = AdminUser(email=email, password_hash=hash_password(password), role=role, active=True,
                     session_version=0)
    db.session.add(user)
    db.session.flush()
    record(actor, "create_user", user, None, snapshot(user, ACCOUNT_FIELDS))
    db.session.commit()
    return user


def attempt_login(email: str, password: str, network: str) -> AdminUser | None:
    """Check a sign-in from a network (a keyed hash) and commit its outcome (audited); the user
    on success, else None. Unknown, inactive, wrong and made-to-wait all take one argon2
    verification and one write, so neither the answer nor its time tells them apart."""
    email = normalise_email(email)[:200]
    user = find_user(email)
    before = sign_in_guard.standing(email, network)
    if user is None or not user.active:
        verify_nothing(password)
        matches, reason = False, "unknown_or_inactive"
    else:
        matches, reason = verify_password(user.password_hash, password), "wrong_password"
    if matches and before.wait_until is None:
        _register_success(user, password, network, "login_password_ok" if user.has_two_factor else "login")
        db.session.commit()
        return user
    if before.wait_until is not None:
        reason = "throttled"
    sign_in_guard.note_failure(email, network, user, before)
    record(user or email, "login_failed", user, None, {"reason": reason})
    db.session.commit()
    return None


def _register_success(user: AdminUser, password: str, network: str, action: str) -> None:
    before = snapshot(user, LOGIN_FIELDS)
    if action == "login":
        user.last_login_at = utcnow()
    if password_hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    sign_in_guard.clear_pair(user.email, network)
    record(user, action, user, before, snapshot(user, LOGIN_FIELDS))


def attempt_second_step(user: AdminUser, code: str, network: str) -> bool:
    """Check a sign-in's two-factor code (throttled like a password, from the same network) and
    commit its outcome (audited)."""
    before = sign_in_guard.standing(user.email, network)
    if two_factor.verify(user, code) and before.wait_until is None:
        before_fields = snapshot(user, LOGIN_FIELDS)
        user.last_login_at = utcnow()
        sign_in_guard.clear_pair(user.email, network)
        record(user, "login", user, before_fields, snapshot(user, LOGIN_FIELDS))
        db.session.commit()
        return True
    db.session.rollback()  # a recovery code is spent only by a sign-in that succeeds
    sign_in_guard.note_failure(user.email, network, user, before)
    record(user, "login_failed", user, None, {"reason": "throttled" if before.wait_until else "wrong_code"})
    db.session.commit()
    return False


def end_sessions(user: AdminUser) -> None:
    """Every session of the account ends at its next request (the caller commits)."""
    user.session_version = (user.session_version or 0) + 1


def record_logout(user: AdminUser) -> None:
    """Sign out: every session of the account ends (audited)."""
    end_sessions(user)
    record(user, "logout", user)
    db.session.commit()


def sign_out_everywhere(user: AdminUser) -> None:
    """End every session of the account, on every device (audited)."""
    end_sessions(user)
    record(user, "sign_out_everywhere", user)
    db.session.commit()


def change_password(user: AdminUser, current: str, new: str) -> None:
    """Change one's own password: the current one is asked; every session ends (audited)."""
    if not verify_password(user.password_hash, current):
        raise AccountError(N_("Mật khẩu hiện tại không đúng."))
    check_password(new, user.email)
    user.password_hash = hash_password(new)
    end_sessions(user)
    record(user, "change_password", user)
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
    if role not in (None, before["role"]) or active is False:
        end_sessions(user)  # the account's sessions carried the old rights
    after = snapshot(user, ACCOUNT_FIELDS)
    if unlock:
        after["failures_forgiven"] = sign_in_guard.clear_account(user.email)
    record(actor, "update_user", user, before, after)
    db.session.commit()
    return user
