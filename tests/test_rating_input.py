"""The quick reader of a posted rating (input_rules.plain_submission) against the form: on every
input it either reads what the form reads or, when the form refuses it (or a robot filled the
honeypot), reads nothing and lets the form explain."""
import random
import unicodedata
from datetime import timedelta

from werkzeug.datastructures import MultiDict

from app.feedback.forms import FeedbackForm
from app.feedback.input_rules import plain_submission
from app.queries.feedback import rating_target
from tests.factories import seeded_point, today

LEVEL_VALUES = ["", "1", "3", "5", "0", "6", "05", "x", " 4", "\u0663", "-1"]


def variants(max_age: int, comment_limit: int, service_ids: list[str]) -> dict[str, list]:
    """For each field, values the form accepts and values it refuses (None: the field not sent)."""
    day = today()
    return {
        "overall": LEVEL_VALUES + [None],
        "staff": LEVEL_VALUES + [None],
        "complaints": ["2", "7", None],
        "visit_date": [day.isoformat(), (day + timedelta(days=1)).isoformat(),
                       (day - timedelta(days=max_age)).isoformat(), (day - timedelta(days=max_age + 1)).isoformat(),
                       f"{day.year}-{day.month}-{day.day}", "2026-13-01", "", "hôm nay", None,
                       [day.isoformat(), day.isoformat()]],
        "service": ["", service_ids[0], service_ids[-1], "999999", "abc", None],
        "comment": ["", "Phục vụ tốt", unicodedata.normalize("NFD", "Nhân viên nhiệt tình"), "  ",
                    "a" * comment_limit, "a" * (comment_limit + 1), None],
        "contact": ["", "0912 345 678", "+84 912.345.678", "ban@example.vn", "gọi tôi", "0" * 201,
                    "1@" + "a" * 200 + ".vn", None],
        "consent": ["y", "", "false", "on", None],
        "website": ["", "  ", "http://spam.example", None],
        "src": ["qr", "", "poster", None],
    }


def formdata(fields: dict) -> MultiDict:
    data = MultiDict()
    for name, value in fields.items():
        for one in (value if isinstance(value, list) else [value]):
            if one is not None:
                data.add(name, one)
    return data


def compare(app, services, fields: dict) -> bool:
    """Both readers on one input; True when the quick one read a rating."""
    data = formdata(fields)
    with app.test_request_context("/", method="POST", data=data):
        quick = plain_submission(data, {str(service.id) for service in services})
        form = FeedbackForm(services, formdata=data, meta={"csrf": False})
        accepted = form.validate() and not form.is_bot
        assert (quick is not None) == accepted, (fields, form.errors)
        if quick is not None:
            assert quick == form.submission(), fields
    return quick is not None


def test_the_quick_reader_reads_what_the_form_accepts_and_nothing_else(app):
    point = seeded_point()
    _point_id, services = rating_target(point.slug)
    ids = [str(service.id) for service in services]
    table = variants(app.config["FEEDBACK_MAX_AGE_DAYS"], app.config["COMMENT_MAX_LENGTH"], ids)
    base = {"overall": "4", "staff": "", "complaints": None, "visit_date": today().isoformat(),
            "service": "", "comment": "", "contact": "", "consent": None, "website": "", "src": ""}
    inputs = [dict(base, **{name: value}) for name, values in table.items() for value in values]
    generator = random.Random(20261207)
    inputs += [{name: generator.choice(values) for name, values in table.items()} for _ in range(1500)]
    read = [compare(app, services, fields) for fields in inputs]
    assert 0 < sum(read) < len(read)  # the corpus holds ratings of both kinds

