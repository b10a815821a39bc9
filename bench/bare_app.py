"""The benchmark's ceiling: a bare Flask app, one route answering "ok", served by the same gunicorn
as the site (`gunicorn -w 2 bench.bare_app:app`), so each route's ratio shows what the site costs."""
from flask import Flask

app = Flask(__name__)


@app.get("/")
def ok() -> str:
    """The least a Flask app can do for a request."""
    return "ok"
