"""The WSGI application that gunicorn serves: `gunicorn wsgi:app` (production settings by default)."""
import os

from app import create_app

app = create_app(os.environ.get("APP_ENV", "production"))
