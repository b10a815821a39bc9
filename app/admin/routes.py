"""The staff area ([admin] builds it)."""
from flask import Blueprint

bp = Blueprint("admin", __name__)
