"""Citizen feedback: the rating form and its thank-you page ([feedback] builds it)."""
from flask import Blueprint

bp = Blueprint("feedback", __name__)
