"""Settings, read from the environment with safe defaults; nothing is required at import."""
import os

DEV_SECRET_KEY = "dev-only-not-secret"


def _env_bool(name: str, default: bool) -> bool:
    """Read a 0/1, true/false environment flag."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_url(default: str | None = None) -> str | None:
    """DATABASE_URL, with postgres:// spelt the way SQLAlchemy and psycopg 3 want it."""
    url = os.environ.get("DATABASE_URL") or default
    if url and url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
    # The site's public address (scheme and host, no path): every absolute URL (API links, the QR
    # codes, mails) is built from it, never from the request's Host. Required in production, where
    # only its host (and EXTRA_HOSTS) is accepted.
    SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:5000").rstrip("/")
    EXTRA_HOSTS = tuple(filter(None, os.environ.get("EXTRA_HOSTS", "").replace(" ", "").split(",")))
    SQLALCHEMY_DATABASE_URI = database_url()  # None: SQLite under instance/, set by create_app
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled PostgreSQL connection idle longer than this (seconds) is checked before use
    # (app/database.ping_idle_connections), one that has just worked is not.
    DATABASE_PING_AFTER_IDLE = 1.0
    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    # Rating posts per network (requests, valid or not; app/clients.py says what a network is).
    FEEDBACK_RATE_LIMIT = os.environ.get("FEEDBACK_RATE_LIMIT", "30 per hour;100 per day")
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "30 per 15 minutes")
    # Sign-in throttling (app/services/sign_in_guard.py), counted per network and per account from a
    # network, never per account alone: after LOGIN_MAX_FAILURES wrong passwords for one account
    # from one network, that network waits LOGIN_DELAY_SECONDS before the next try for it, doubled
    # at each further failure up to LOGIN_MAX_DELAY_MINUTES; a network with
    # LOGIN_NETWORK_MAX_FAILURES failures in LOGIN_FAILURE_WINDOW_MINUTES waits out the window.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", 5))
    LOGIN_DELAY_SECONDS = int(os.environ.get("LOGIN_DELAY_SECONDS", 60))
    LOGIN_MAX_DELAY_MINUTES = int(os.environ.get("LOGIN_MAX_DELAY_MINUTES", 60))
    LOGIN_NETWORK_MAX_FAILURES = int(os.environ.get("LOGIN_NETWORK_MAX_FAILURES", 20))
    LOGIN_FAILURE_WINDOW_MINUTES = int(os.environ.get("LOGIN_FAILURE_WINDOW_MINUTES", 15))
    # Staff sessions end after STAFF_IDLE_MINUTES without a request and STAFF_SESSION_HOURS in all.
    STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", 30))
    STAFF_SESSION_HOURS = int(os.environ.get("STAFF_SESSION_HOURS", 12))
    # 1: an administrator without two-factor sign-in is sent to set it up before anything else.
    STAFF_2FA_REQUIRED = _env_bool("STAFF_2FA_REQUIRED", False)
    # argon2id parameters: a profile of argon2.profiles. RFC 9106's low-memory profile (argon2-cffi's
    # default: 3 passes over 64 MiB) costs a sign-in about a quarter of a second, as it should.
    PASSWORD_HASH_PROFILE = "RFC_9106_LOW_MEMORY"

    # Map tiles: OpenStreetMap by default; empty means a map without tiles (tests, offline).
    MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
    MAP_TILES_ATTRIBUTION = os.environ.get(
        "MAP_TILES_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    )

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")
    # Changes to the holiday calendar (app/holiday_calendar.py): "2026-12-08" or "+2026-12-08" adds a
    # closed day, "-2026-11-24" removes one, comma-separated.
    PUBLIC_HOLIDAYS = tuple(filter(None, os.environ.get("PUBLIC_HOLIDAYS", "").replace(" ", "").split(",")))

    # Scores (SPEC "Scores").
    SCORE_PRIOR_WEIGHT = float(os.environ.get("SCORE_PRIOR_WEIGHT", 10))
    SCORE_MIN_RATINGS = int(os.environ.get("SCORE_MIN_RATINGS", 5))
    RANKING_WEIGHTS = {"citizen": 0.4, "delivery": 0.2, "public_utility": 0.2, "model_office": 0.2}

    # Feedback.
    FEEDBACK_MAX_AGE_DAYS = int(os.environ.get("FEEDBACK_MAX_AGE_DAYS", 30))
    # Ratings stored per network (app/services/feedback.py; reasons in the README): of one point in
    # a day before the next ones are held for review, and anywhere in an hour before more are refused.
    FEEDBACK_NETWORK_POINT_CAP = int(os.environ.get("FEEDBACK_NETWORK_POINT_CAP", 3))
    FEEDBACK_NETWORK_HOURLY = int(os.environ.get("FEEDBACK_NETWORK_HOURLY", 20))
    # A burst on a point: in the last hour at least FEEDBACK_BURST_MIN ratings and FEEDBACK_BURST_FACTOR
    # times its usual pace (its ratings of the last four quarters): the next ones are held.
    FEEDBACK_BURST_MIN = int(os.environ.get("FEEDBACK_BURST_MIN", 12))
    FEEDBACK_BURST_FACTOR = float(os.environ.get("FEEDBACK_BURST_FACTOR", 20))
    COMMENT_MAX_LENGTH = int(os.environ.get("COMMENT_MAX_LENGTH", 1000))
    CONTACT_RETENTION_DAYS = int(os.environ.get("CONTACT_RETENTION_DAYS", 365))
    # A contact serves one purpose, the answer: the public reply erases it (app/services/contacts.py).
    CONTACT_ERASE_AFTER_REPLY = _env_bool("CONTACT_ERASE_AFTER_REPLY", True)
    # Counter slips (one-time rating links) stay valid this many days.
    VISIT_CODE_DAYS = int(os.environ.get("VISIT_CODE_DAYS", 30))
    # A published comment reported by this many browsers waits for moderation again.
    COMMENT_REPORTS_TO_HOLD = int(os.environ.get("COMMENT_REPORTS_TO_HOLD", 3))
    REPORT_RATE_LIMIT = os.environ.get("REPORT_RATE_LIMIT", "10 per hour;30 per day")
    # Privacy requests (/quyen-rieng-tu): answered within PRIVACY_REPLY_WORKING_DAYS (Nghị định
    # 356/2025/NĐ-CP: 2 working days) and carried out within PRIVACY_COMPLETE_WORKING_DAYS (the post
    # office's own commitment), counted in working days without public holidays.
    PRIVACY_REPLY_WORKING_DAYS = int(os.environ.get("PRIVACY_REPLY_WORKING_DAYS", 2))
    PRIVACY_COMPLETE_WORKING_DAYS = int(os.environ.get("PRIVACY_COMPLETE_WORKING_DAYS", 10))
    PRIVACY_RATE_LIMIT = os.environ.get("PRIVACY_RATE_LIMIT", "10 per hour;30 per day")
    PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", "")  # shown on the notice when set
    # Complaints (a comment rated Không hài lòng or Rất không hài lòng) are answered in public within
    # this many working days of receipt (the post office's own target); the daily digest flags the late.
    REPLY_DEADLINE_WORKING_DAYS = int(os.environ.get("REPLY_DEADLINE_WORKING_DAYS", 5))
    POINTS_PER_PAGE = 20
    # Public pages are cached per process; another server's writes show within this many seconds.
    PAGE_CACHE_VERSION_TTL = float(os.environ.get("PAGE_CACHE_VERSION_TTL", 1.0))
    # An anonymous visitor's cached page is answered before the app's per-request work
    # (app/fast_path.py); off, every request takes the full path (the tests compare the two).
    FAST_PATH = True

    # Mail (SPEC; app/mail.py): the SMTP server the daily digest goes through. An empty MAIL_SERVER
    # means no mail is sent; with one, MAIL_FROM (the sender) is required. MAIL_USE_TLS: STARTTLS.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT") or 587)
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "")

    # Cookies: Secure and HSTS only behind HTTPS, or the session breaks on plain http.
    BEHIND_HTTPS = _env_bool("BEHIND_HTTPS", False)
    PROXY_FIX_X_FOR = int(os.environ.get("PROXY_FIX_X_FOR", 0))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    # Registry workbooks (XLSX) are read within these bounds (app/registry/workbook.py).
    IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 5000))
    IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", 60))
    IMPORT_MAX_SECONDS = float(os.environ.get("IMPORT_MAX_SECONDS", 5.0))


class DevelopmentConfig(Config):
    """`make run`: SQLite under instance/, seeded on first start."""

    DEBUG = False


class TestConfig(Config):
    """pytest: in-memory tiles off, fixed secret, limits on (tests turn them off where needed)."""

    TESTING = True
    SECRET_KEY = "test-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SITE_URL = "http://localhost"  # the test client's host
    MAP_TILES_URL = ""
    MAIL_SERVER = ""  # never the developer's own server: the digest's tests start their own
    RATELIMIT_STORAGE_URI = "memory://"
    # Tests sign in hundreds of times: argon2's cheapest profile (production keeps its own).
    PASSWORD_HASH_PROFILE = "CHEAPEST"


class ProductionConfig(Config):
    """gunicorn behind a proxy; refuses to start without its own secret and SITE_URL."""

    REQUIRE_SECRET_KEY = True
    SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")


CONFIGS = {"development": DevelopmentConfig, "test": TestConfig, "production": ProductionConfig}
