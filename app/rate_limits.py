"""A per-client limit counted straight on the rate limiter's storage, for the rating form's POST.

A rating posted is the site's busiest write, and Flask-Limiter's decorator cost it about a quarter
of its time: resolving the route's limits, a context, and with the headers a storage call more for
each. Here the limits of a setting ("30 per hour;100 per day") are counted with Flask-Limiter's own
fixed-window strategy and keys, on its storage (memory, or the Redis of REDIS_URL that every worker
shares; limiter.reset() empties both kinds of count): on Redis one call for all the limits of the
setting, a script that does for each key what the strategy's own does for one. Past one of them the
answer says when to come back (Retry-After), as Flask-Limiter's does; the other routes keep its
decorator."""
from datetime import UTC, datetime
from functools import lru_cache
from weakref import WeakKeyDictionary

from limits import RateLimitItem, parse_many
from limits.storage import RedisClusterStorage, RedisStorage

from app.extensions import limiter

# The fixed window of limits' RedisStorage.incr (incr_expire.lua), for several keys in one call:
# a key's expiry is set when its window opens (its first hit). ARGV: each key's expiry in seconds.
COUNT_HITS = """
local counts = {}
for i, key in ipairs(KEYS) do
    local current = redis.call("incrby", key, 1)
    if current == 1 then
        redis.call("expire", key, ARGV[i])
    end
    counts[i] = current
end
return counts
"""


@lru_cache(maxsize=16)
def _parsed(setting: str) -> tuple[RateLimitItem, ...]:
    return tuple(parse_many(setting))


def refusal(setting: str, scope: str, key: str) -> datetime | None:
    """Count this request against each limit of `setting` for `key`; when one of them is passed,
    the moment (naive UTC) the client may come back, else None. Nothing is counted while the
    limiter is off (RATELIMIT_ENABLED=0)."""
    if not limiter.enabled:
        return None
    strategy, items = limiter.limiter, _parsed(setting)
    within = _hits(strategy, items, scope, key)
    passed = [item for item, ok in zip(items, within, strict=True) if not ok]
    if not passed:
        return None
    return moment_of(max(strategy.get_window_stats(item, scope, key).reset_time for item in passed))


def _hits(strategy, items: tuple[RateLimitItem, ...], scope: str, key: str) -> list[bool]:
    """Count one hit on each limit with the limiter's strategy; for each, whether the count is
    still within it."""
    storage = strategy.storage
    # A cluster spreads the keys over slots that one script cannot reach together.
    if not isinstance(storage, RedisStorage) or isinstance(storage, RedisClusterStorage):
        return [strategy.hit(item, scope, key) for item in items]
    keys = [storage.prefixed_key(item.key_for(scope, key)) for item in items]
    counts = _count_hits(storage)(keys, [item.get_expiry() for item in items])
    return [int(count) <= item.amount for count, item in zip(counts, items, strict=True)]


_scripts: WeakKeyDictionary = WeakKeyDictionary()  # storage -> COUNT_HITS registered on its Redis


def _count_hits(storage: RedisStorage):
    """COUNT_HITS registered on the storage's Redis (once per storage): redis-py sends it by its
    digest, and loads it again when the server has forgotten it (a restart)."""
    if storage not in _scripts:
        _scripts[storage] = storage.get_connection().register_script(COUNT_HITS)
    return _scripts[storage]


def moment_of(timestamp: float) -> datetime:
    """A limit's reset time (seconds since the epoch) as the naive-UTC moment the pages show."""
    return datetime.fromtimestamp(timestamp, UTC).replace(tzinfo=None)


def seconds_until(moment: datetime) -> int:
    """Whole seconds from now until a naive-UTC moment, at least 1 (a Retry-After value)."""
    return max(1, int((moment - datetime.now(UTC).replace(tzinfo=None)).total_seconds() + 0.999))
