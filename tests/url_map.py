"""The app's URL map as the route-sweeping tests read it (security, hosts and caching): every rule,
the GET, unsafe and staff ones, and each rule with its parameters filled from the seed."""
import re

from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import Point

# Only the URL map of this app is read (no database): the same routes as the `app` fixture's.
RULES = sorted(create_app("test").url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint))
GET_RULES = [r for r in RULES if "GET" in (r.methods or ()) and r.endpoint != "static"]
UNSAFE = [(r, m) for r in RULES for m in sorted((r.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"})]
STAFF_RULES = [r for r in GET_RULES if r.endpoint.startswith("admin.")
               and not re.search(r"log_?(in|out)|password|reset", r.endpoint)]


def rule_id(rule) -> str:
    """A readable test id: the rule and its endpoint."""
    return f"{rule.rule} {rule.endpoint}"


def sample_url(rule) -> str:
    """The rule with its parameters filled from the seed: the first point's slug, id 1, language en."""
    slug = db.session.scalar(select(Point.slug).order_by(Point.id).limit(1))

    def value(match: re.Match) -> str:
        converter, name = match.group(1) or "", match.group(2)
        if converter.startswith(("int", "float")):
            return "1"
        return "en" if name in ("code", "lang", "language") else slug

    return re.sub(r"<(?:([a-z]+)(?:\([^)]*\))?:)?(\w+)>", value, rule.rule)


def build_url(rule, values: dict) -> str:
    """The rule's URL with every parameter filled from values, by (endpoint, name) or by name (a
    new parameter without a value fails loudly)."""
    args = {}
    for name in rule.arguments:
        key = (rule.endpoint, name) if (rule.endpoint, name) in values else name
        assert key in values, f"no test value for <{name}> of {rule.rule} ({rule.endpoint}): add one"
        args[name] = values[key]
    return rule.build(args, append_unknown=False)[1]
