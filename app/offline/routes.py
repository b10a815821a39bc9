"""The service worker, the manifest and the offline page. The worker is rendered with the
fingerprinted URLs of the shell (site styles and scripts), so a deploy that changes one of them
changes the worker, and browsers replace the old shell."""
import hashlib
import json

from flask import Blueprint, Response, render_template, request, url_for
from flask_babel import gettext as _

from app.cache import cached_page
from app.i18n import select_locale

bp = Blueprint("offline", __name__)

SHELL_FILES = ("css/site.css", "js/site.js", "vendor/htmx/htmx.min.js", "favicon.svg")


def shell_urls() -> list[str]:
    """The fingerprinted URLs of what every page needs."""
    return [url_for("static", filename=name) for name in SHELL_FILES]


@bp.get("/sw.js")
def service_worker():
    """The service worker, at the root so that it may answer for every page of the site."""
    shell = shell_urls()
    pages = [url_for("public.home"), url_for("offline.page")]
    version = hashlib.sha256(" ".join(shell + pages).encode()).hexdigest()[:10]
    source = render_template("offline/sw.js", version=version, shell=shell, pages=pages,
                             offline_url=url_for("offline.page"))
    response = Response(source, mimetype="application/javascript")
    response.headers["Cache-Control"] = "no-cache"  # browsers look for a new worker at each visit
    response.add_etag()  # and get a 304 while it is the same
    return response.make_conditional(request)


@bp.get("/manifest.webmanifest")
def manifest():
    """The web app manifest: the site can be added to a phone's home screen."""
    body = {
        "name": _("Điểm phục vụ bưu chính Lạng Sơn"),
        "short_name": _("Bưu điện Lạng Sơn"),
        "description": _("Tìm bưu cục, điểm Bưu điện – Văn hóa xã và dịch vụ hành chính công của Bưu điện tỉnh Lạng Sơn; đánh giá chất lượng phục vụ."),
        "lang": select_locale(), "start_url": url_for("public.home"), "scope": "/", "display": "standalone",
        "background_color": "#ffffff", "theme_color": "#0b5394",
        "icons": [{"src": url_for("static", filename="favicon.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    response = Response(json.dumps(body, ensure_ascii=False), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/ngoai-tuyen")
@cached_page
def page():
    """What the service worker shows for a page this phone has not kept, or a form sent offline."""
    return render_template("offline/page.html")
