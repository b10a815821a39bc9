"""Sign-in throttling that no one can aim at someone else.

Failures are counted per network (a keyed hash, app/clients.py) and per account from a network,
never per account alone: an attacker's failures make their own network wait, and the right
password from any other network signs in at once. Settings (config.py): LOGIN_MAX_FAILURES,
LOGIN_DELAY_SECONDS (doubled at each further failure up to LOGIN_MAX_DELAY_MINUTES),
LOGIN_NETWORK_MAX_FAILURES within LOGIN_FAILURE_WINDOW_MINUTES.

The functions add to the session; the caller (app/services/accounts.py) commits."""
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from app.clock import utcnow
from app.extensions import db
from app.models import AdminUser, SignInFailure
from app.services.audit import record

PAIR_MEMORY = timedelta(days=1)  # a pair's failures are forgotten a day after the last one


@dataclass(frozen=True)
class Standing:
    """What a network's past failures mean for one more try."""

    pair_failures: int  # for this account from this network, in the last PAIR_MEMORY
    network_failures: int  # from this network, any account, in the failure window
    wait_until: datetime | None  # no try counts before this (None: go ahead)


def _setting(name: str) -> int:
    return int(current_app.config[name])


def pair_delay(failures: int) -> timedelta | None:
    """The wait after `failures` wrong passwords in a row for one account from one network."""
    beyond = failures - _setting("LOGIN_MAX_FAILURES")
    if beyond < 0:
        return None
    seconds = _setting("LOGIN_DELAY_SECONDS") * 2 ** min(beyond, 20)
    return timedelta(seconds=min(seconds, _setting("LOGIN_MAX_DELAY_MINUTES") * 60))


def standing(email: str, network: str) -> Standing:
    """The failures behind a sign-in from `network` for `email`, and until when it must wait."""
    now = utcnow()
    window = timedelta(minutes=_setting("LOGIN_FAILURE_WINDOW_MINUTES"))
    pair_count, pair_last = db.session.execute(
        select(func.count(), func.max(SignInFailure.at))
        .where(SignInFailure.email == email, SignInFailure.network == network,
               SignInFailure.at > now - PAIR_MEMORY)).one()
    network_count, network_first = db.session.execute(
        select(func.count(), func.min(SignInFailure.at))
        .where(SignInFailure.network == network, SignInFailure.at > now - window)).one()
    waits = []
    delay = pair_delay(pair_count)
    if delay is not None and pair_last is not None:
        waits.append(pair_last + delay)
    if network_count >= _setting("LOGIN_NETWORK_MAX_FAILURES"):
        waits.append(network_first + window)
    wait_until = max(waits) if waits else None
    return Standing(pair_count, network_count, wait_until if wait_until and wait_until > now else None)


def note_failure(email: str, network: str, user: AdminUser | None, before: Standing) -> None:
    """Store one failure; audit the moment it makes the account (from that network) or the whole
    network wait."""
    db.session.add(SignInFailure(email=email, network=network, at=utcnow()))
    pair_failures = before.pair_failures + 1
    if pair_failures == _setting("LOGIN_MAX_FAILURES") and user is not None:
        record(user, "account_locked", user, None,
               {"network": network[:8], "wait_seconds": int(pair_delay(pair_failures).total_seconds())})
    if before.network_failures + 1 == _setting("LOGIN_NETWORK_MAX_FAILURES"):
        record(email, "network_locked", None, None,
               {"network": network[:8], "wait_minutes": _setting("LOGIN_FAILURE_WINDOW_MINUTES")})


def clear_pair(email: str, network: str) -> None:
    """A sign-in succeeded: this account's failures from this network are forgiven; the oldest
    failures of everyone are dropped on the way."""
    db.session.execute(delete(SignInFailure).where(
        (SignInFailure.email == email) & (SignInFailure.network == network)
        | (SignInFailure.at < utcnow() - PAIR_MEMORY)))


def clear_account(email: str) -> int:
    """An administrator lifts every wait on an account; the number of failures forgiven."""
    return db.session.execute(delete(SignInFailure).where(SignInFailure.email == email)).rowcount


def waiting_networks(emails: list[str]) -> dict[str, int]:
    """How many networks must wait before trying each of these accounts again (the accounts page),
    in one query."""
    now = utcnow()
    rows = db.session.execute(
        select(SignInFailure.email, func.count(), func.max(SignInFailure.at))
        .where(SignInFailure.email.in_(emails), SignInFailure.at > now - PAIR_MEMORY)
        .group_by(SignInFailure.email, SignInFailure.network)).all()
    waiting = dict.fromkeys(emails, 0)
    for email, count, last in rows:
        if (delay := pair_delay(count)) is not None and last + delay > now:
            waiting[email] += 1
    return waiting
