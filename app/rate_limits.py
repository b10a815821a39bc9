"""A per-client limit counted straight on the rate limiter's storage, for the rating form's POST.

A rating posted is the site's busiest write, and Flask-Limiter's decorator cost it about a quarter
of its time: resolving the route's limits, a context, and with the headers a storage call more for
each. Here the limits of a setting ("30 per hour;100 per day") are counted with Flask-Limiter's own
strategy and storage (memory, or the Redis of REDIS_URL that every worker shares; limiter.reset()
empties both kinds of count), one storage call a limit. Past one of them the answer says when to
come back (Retry-After), as Flask-Limiter's does; the other routes keep its decorator."""
from datetime import UTC, datetime
from functools import lru_cache

from limits import RateLimitItem, parse_many

from app.extensions import limiter


@lru_cache(maxsize=16)
def _parsed(setting: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(setting))


def refusal(setting: str, scope: str, key: str) -> datetime | None:
    """Count this request against each limit of `setting` for `key`; when one of them is passed,
    the moment (naive UTC) the client may come back, else None. Nothing is counted while the
    limiter is off (RATELIMIT_ENABLED=0)."""
    if not limiter.enabled:
        return None
    strategy = limiter.limiter
    passed = [item for item in _parsed(setting) if not strategy.hit(item, scope, key)]
    if not passed:
        return None
    return moment_of(max(strategy.get_window_stats(item, scope, key).reset_time for item in passed))


def moment_of(timestamp: float) -> datetime:
    """A limit's reset time (seconds since the epoch) as the naive-UTC moment the pages show."""
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now until a naive-UTC moment, at least 1 (a Retry-After value)."""
    return max(1, int((moment - datetime.now(UTC).replace(tzinfo=None)).total_seconds() + 0.999))
