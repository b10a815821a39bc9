"""The OpenAPI 3.1 description is valid, describes every /api route, and the docs page renders it."""
import re

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator

from app.api.export import CSV_COLUMNS


def api_rules(app) -> set[str]:
    """Every GET route under /api, written the OpenAPI way."""
    return {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/") and "GET" in rule.methods}


def test_description_is_valid_openapi_3_1(client):
    spec = client.get("/api/openapi.json").json
    assert spec["openapi"] == "3.1.0"
    errors = [error.message for error in OpenAPIV31SpecValidator(spec).iter_errors()]
    assert errors == []


def test_description_covers_every_api_route(client, app):
    spec = client.get("/api/openapi.json").json
    assert set(spec["paths"]) == api_rules(app)


def test_geojson_properties_are_documented(client):
    spec = client.get("/api/openapi.json").json
    properties = spec["components"]["schemas"]["PointCollection"]["properties"]["features"]["items"]
    documented = set(properties["properties"]["properties"]["properties"])
    assert documented == {"slug", "name", "type", "unit_code", "services", "score", "ratings", "verified"}
    actual = client.get("/api/points.geojson").json["features"][0]["properties"]
    assert set(actual) == documented


def test_every_csv_column_is_documented(client):
    description = client.get("/api/openapi.json").json["paths"]["/api/points.csv"]["get"]["description"]
    for name, _ in CSV_COLUMNS:
        assert f"`{name}`" in description


# One language per test: the test client's requests share the test's app context, where
# Flask-Babel keeps the locale of the first request.
@pytest.mark.parametrize("query, summary, title", [
    ("", "Danh sách điểm phục vụ", "Dữ liệu mở: điểm phục vụ bưu chính Lạng Sơn"),
    ("?lang=en", "List of service points", "Open data: Lạng Sơn postal service points"),
])
def test_description_speaks_the_chosen_language(client, query, summary, title):
    spec = client.get(f"/api/openapi.json{query}").json
    assert spec["paths"]["/api/points"]["get"]["summary"] == summary
    assert spec["info"]["title"] == title


@pytest.mark.parametrize("lang, heading", [("vi", "Các địa chỉ"), ("en", "Endpoints")])
def test_docs_page_renders_the_description(client, lang, heading):
    response = client.get(f"/api/docs?lang={lang}")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert heading in page
    spec = client.get(f"/api/openapi.json?lang={lang}").json
    for path, item in spec["paths"].items():
        assert f"GET {path}" in page
        assert item["get"]["summary"] in page
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert "`code`" not in page and "<code>code</code>" in page  # the CSV columns as a list


def test_docs_page_has_no_inline_script_or_style_and_nothing_from_elsewhere(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []
    assert "style=" not in page and "<style" not in page
    assert re.findall(r'(?:src|href)="(?:https?:)?//', page) == []
