"""Application factory for the Lạng Sơn postal service points site."""
import os
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from app.fast_path import FastPath
from config import CONFIGS, DEV_SECRET_KEY

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(config_name: str | None = None, test_config: dict | None = None) -> Flask:
    """Build the app for 'development', 'test' or 'production' (APP_ENV), plus overrides."""
    app = Flask(
        __name__,
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
        instance_path=os.path.join(ROOT, "instance"),
    )
    name = config_name or os.environ.get("APP_ENV", "development")
    app.config.from_object(CONFIGS[name])
    app.config["ENV_NAME"] = name
    if test_config:
        app.config.update(test_config)
    configure_database(app)
    check_secret_key(app)
    configure_site_url(app)
    if app.config.get("PROXY_FIX_X_FOR"):
        # the client's address and scheme only: the host comes from SITE_URL, never from a header
        n = app.config["PROXY_FIX_X_FOR"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0, x_port=0, x_prefix=0)
    app.url_map.converters["int"] = DatabaseInteger
    register_blueprints(app)
    register_extensions(app)
    register_errorhandlers(app)
    register_commands(app)
    # Outermost: an anonymous visitor's cached public page is answered before any per-request work.
    app.wsgi_app = FastPath(app, app.wsgi_app)
    return app


class DatabaseInteger(IntegerConverter):
    """<int:…> in a URL: a number a database integer column can hold, else no such page (404)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def configure_database(app: Flask) -> None:
    """Default to SQLite under instance/ when no DATABASE_URL is given."""
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        os.makedirs(app.instance_path, exist_ok=True)
        path = os.path.join(app.instance_path, "lang_son.db")
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"


def check_secret_key(app: Flask) -> None:
    """Production must not run with the development secret: it signs sessions and hashes clients."""
    if app.config.get("REQUIRE_SECRET_KEY") and app.config["SECRET_KEY"] in ("", DEV_SECRET_KEY):
        raise RuntimeError("SECRET_KEY must be set in production (a long random value).")


def configure_site_url(app: Flask) -> None:
    """SITE_URL is required in production, where only its host (and EXTRA_HOSTS) is served: a
    request for any other Host gets 400 (Flask's TRUSTED_HOSTS)."""
    site_url = app.config.get("SITE_URL") or ""
    parts = urlsplit(site_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        if app.config.get("REQUIRE_SECRET_KEY"):
            raise RuntimeError("SITE_URL must be set in production (e.g. https://buudien.langson.vn).")
        raise RuntimeError(f"SITE_URL is not a site address (scheme://host[:port]): {site_url!r}")
    app.config["SITE_URL"] = f"{parts.scheme}://{parts.netloc}"
    if app.config.get("REQUIRE_SECRET_KEY") and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [parts.hostname, *app.config.get("EXTRA_HOSTS", ())]


def register_extensions(app: Flask) -> None:
    """Bind the extension objects to this app."""
    from app import auth, database, i18n, security, static_files, templating
    from app.extensions import babel, csrf, db, limiter, login_manager, migrate
    from app.sessions import SignedCookieSessions

    app.session_interface = SignedCookieSessions()
    database.init_database(app)
    db.init_app(app)
    with app.app_context():
        database.ping_idle_connections(db.engine, app.config["DATABASE_PING_AFTER_IDLE"])
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app, add_context_processor=False)
    auth.init_auth(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    app.config.setdefault("RATELIMIT_STORAGE_URI", app.config.get("REDIS_URL") or "memory://")
    limiter.init_app(app)
    security.init_security(app)
    i18n.init_i18n(app)
    templating.init_templating(app)
    static_files.init_static(app)


def register_blueprints(app: Flask) -> None:
    """Mount each area of the site."""
    from app.admin import bp as admin_bp
    from app.api.routes import bp as api_bp
    from app.feedback.routes import bp as feedback_bp
    from app.health.routes import bp as health_bp
    from app.offline.routes import bp as offline_bp
    from app.privacy.routes import bp as privacy_bp
    from app.public.routes import bp as public_bp
    from app.registry_admin.routes import bp as registry_admin_bp
    from app.transparency.routes import bp as transparency_bp

    app.register_blueprint(public_bp)
    app.register_blueprint(feedback_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api")
    app.register_blueprint(health_bp)
    app.register_blueprint(registry_admin_bp, url_prefix="/admin/import")
    app.register_blueprint(transparency_bp)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(offline_bp)


def register_errorhandlers(app: Flask) -> None:
    """Friendly error pages (and 503 when the database is away)."""
    from app.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    """The flask CLI commands (seed, create-admin, import-points, …)."""
    from app.cli import register

    register(app)
