"""Language choice: Vietnamese first, English by a visible switch that is remembered."""
from flask import Flask, current_app, request

LANG_COOKIE = "lang"


def select_locale() -> str:
    """The chosen language: ?lang=, then the remembered cookie, then Vietnamese."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(LANG_COOKIE)):
        if candidate in languages:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_i18n(app: Flask) -> None:
    """Make the current language available to templates."""

    @app.context_processor
    def inject_language() -> dict:
        return {"current_lang": select_locale()}
