"""The audit log in words: every action the code base records has a label (found by reading the
source of every record() call, never listed by hand), and the audit page, in Vietnamese and in
English, shows labels, states and names where the log stores codes."""
import ast
import io
import re
from itertools import product
from pathlib import Path

import pytest
from flask_babel import force_locale

from app.extensions import db
from app.labels import (AUDIT_ACTION_LABELS, AUDIT_TARGET_LABELS, FIELD_LABELS, LOGIN_FAILURE_LABELS,
                        QUARTER_STATE_LABELS, REQUEST_KIND_LABELS, ROLE_LABELS, STATUS_LABELS, label)
from app.models import AuditLog
from app.services.audit import record
from tests.admin_factories import (csrf_token, insert_feedback_row, login, make_staff, points,
                                   rebuild_aggregates, table_rows)
from tests.import_files import csv_bytes, good_rows

APP_DIR = Path(__file__).resolve().parent.parent / "app"


class ActionCodes:
    """The action codes one module passes to record() (or AuditLog(action=…)): literals, module
    constants, both branches of a conditional, and a parameter's literal values at the calls of its
    function, f-strings expanded over those values."""

    def __init__(self, tree: ast.Module):
        self.tree = tree
        self.constants = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                          for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)}
        self.functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}

    def found(self) -> set[str]:
        """Every action code recorded in the module."""
        codes = set()
        for call in (n for n in ast.walk(self.tree) if isinstance(n, ast.Call)):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name == "record" and len(call.args) >= 2:
                codes |= self.values(call.args[1], call)
            elif name == "AuditLog" and "record" not in self.functions:  # record() itself builds one
                codes |= {c for k in call.keywords if k.arg == "action" for c in self.values(k.value, call)}
        return codes

    def values(self, node, where) -> set[str]:
        """The strings an expression can be."""
        if isinstance(node, ast.Constant):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return self.values(node.body, where) | self.values(node.orelse, where)
        if isinstance(node, ast.JoinedStr):
            parts = [self.values(v.value, where) if isinstance(v, ast.FormattedValue) else {v.value}
                     for v in node.values]
            return {"".join(combo) for combo in product(*parts)}
        if isinstance(node, ast.Name) and node.id in self.constants:
            return {self.constants[node.id]}
        if isinstance(node, ast.Name):
            return self.parameter_values(node.id, where)
        raise AssertionError(f"cannot tell the action code of {ast.unparse(node)}")

    def parameter_values(self, parameter: str, where) -> set[str]:
        """The literal values a function's parameter gets at the calls of that function."""
        function = next(f for f in self.functions.values() if where in ast.walk(f))
        position = [a.arg for a in function.args.args].index(parameter)
        calls = [n for n in ast.walk(self.tree) if isinstance(n, ast.Call)
                 and getattr(n.func, "id", None) == function.name]
        assert calls, f"{function.name} is never called with its {parameter}"
        return {v for call in calls for v in self.values(call.args[position], call)}


def recorded_actions() -> set[str]:
    """Every action code the application records."""
    codes = set()
    for path in APP_DIR.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        if "record(" in source or "AuditLog(" in source:
            codes |= ActionCodes(ast.parse(source)).found()
    return codes


def test_every_recorded_action_has_a_label():
    """Reading the source finds the actions, and each has a label in app/labels.py."""
    codes = recorded_actions()
    assert {"login", "login_password_ok", "hide_comment", "publish_comment", "reply_comment",
            "privacy_done", "privacy_refused", "view_contact", "import_points"} <= codes
    assert sorted(codes - set(AUDIT_ACTION_LABELS)) == []


@pytest.fixture
def logged(app, admin_client):
    """A log with the everyday entries: sign-ins (one failed), comments hidden, published and
    answered (the contact erased with the reply), an account created and changed, held ratings
    released, a failed sign-in's lockout."""
    point = points(1)[0]
    hide_me = insert_feedback_row(point, 1, comment="Nhân viên gắt gỏng")
    answer_me = insert_feedback_row(point, 2, comment="Chờ lâu", contact="0912 345 678")
    held = insert_feedback_row(point, 3, comment="Xem http://x.example", status="held", hold_reason="link")
    rebuild_aggregates()
    token = csrf_token(admin_client)
    admin_client.post(f"/admin/feedback/{hide_me.id}/hide", data={"csrf_token": token, "reason": "Xúc phạm"})
    admin_client.post(f"/admin/feedback/{answer_me.id}/reply", data={"csrf_token": token, "reply": "Cảm ơn"})
    admin_client.post(f"/admin/feedback/{held.id}/publish", data={"csrf_token": token})
    admin_client.post("/admin/users", data={"csrf_token": token, "email": "moi@buudien.test",
                                            "password": "mot mat khau du dai", "role": "reviewer"})
    reviewer = make_staff("duyet@buudien.test", "reviewer")
    admin_client.post(f"/admin/users/{reviewer.id}",
                      data={"csrf_token": token, "role": "admin", "active": "y"})
    login(app.test_client(), "duyet@buudien.test", "sai mat khau")
    record(reviewer, "account_locked", reviewer, None, {"network": "3fa9c2d1", "wait_seconds": 60})
    record(reviewer, "release_ratings", point, None, {"ratings": 4})
    record(reviewer, "close_quarter", ("quarter_closings", 20263), None,
           {"quarter": "Q3/2026", "state": "closed", "points": 235, "ranked": 30})
    db.session.commit()
    return {"point": point, "hidden": hide_me, "reviewer": reviewer}


def raw_codes(entries) -> set[str]:
    """The codes the entries store: actions, targets, field names and coded values."""
    coded = {**STATUS_LABELS, **ROLE_LABELS, **LOGIN_FAILURE_LABELS, **REQUEST_KIND_LABELS,
             **QUARTER_STATE_LABELS}
    codes = {e.action for e in entries} | {e.target_type for e in entries if e.target_type}
    for entry in entries:
        for text in (entry.before, entry.after):
            codes |= set(re.findall(r'"([a-z_]+)":', text or ""))
            codes |= {v for v in re.findall(r': "([a-z_]+)"', text or "") if v in coded}
    return codes


def shown_as_code(text: str, codes: set[str]) -> list[str]:
    """The codes a cell shows as such (a code whose label in this language is the code itself, as
    English "hidden", is a word)."""
    words = {str(label(mapping, code)).lower() for mapping in
             (STATUS_LABELS, FIELD_LABELS, AUDIT_ACTION_LABELS, ROLE_LABELS) for code in codes}
    return [code for code in sorted(codes) if code not in words
            and re.search(rf"(?<![\w@.-]){re.escape(code)}(?![\w@.-])", text)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_audit_page_shows_no_raw_code(app, admin_client, logged, lang):
    """Actions, targets and changes in words, in both languages; targets named and linked."""
    entries = list(db.session.scalars(db.select(AuditLog)))
    codes = raw_codes(entries)
    assert {"login", "login_failed", "hide_comment", "reply_comment", "erase_contact", "comment_status",
            "admin_users", "feedback", "create_user", "update_user", "role", "reason", "closed"} <= codes
    html = admin_client.get(f"/admin/audit?lang={lang}").get_data(as_text=True)
    rows = table_rows(html, "audit")
    assert len(rows) == len(entries)
    with force_locale(lang):
        for row in rows:
            problems = shown_as_code(" | ".join(row[2:]), codes)
            assert problems == [] and not re.search(r"#\d", row[3]), row
        hidden = next(r for r in rows if r[2].startswith(str(AUDIT_ACTION_LABELS["hide_comment"])))
        published, gone = (str(STATUS_LABELS[c]).lower() for c in ("published", "hidden"))
        assert hidden[2] == f"{AUDIT_ACTION_LABELS['hide_comment']} ({published} → {gone})"
        assert hidden[3] == f"{AUDIT_TARGET_LABELS['feedback']}: {logged['point'].name}"
    assert f'href="/admin/points/{logged["point"].slug}#fb-{logged["hidden"].id}"' in html
    if lang == "vi":
        assert "<td>Đăng nhập</td>" in html and "<td>Trả lời ý kiến</td>" in html
        assert "<td>Ẩn ý kiến (đã công bố → đã ẩn)</td>" in html
        assert ">Tài khoản: duyet@buudien.test</a>" in html
        assert "Vai trò: Người kiểm duyệt → Quản trị viên" in html
        assert "Lý do: ∅ → Đã trả lời công khai" in html and "Lý do: ∅ → Sai mật khẩu" in html
        assert '?quarter=2026-Q3">Quý xếp hạng: Q3/2026</a>' in html and "Trạng thái: ∅ → Đã đóng" in html


def test_the_import_preview_names_fields_by_their_labels(app, admin_client, tmp_path, monkeypatch):
    """An update of the seeded provincial office lists its changed fields as staff call them."""
    monkeypatch.setitem(app.config, "IMPORT_UPLOAD_DIR", str(tmp_path))
    form = {"csrf_token": csrf_token(admin_client, "/admin/import/"),
            "file": (io.BytesIO(csv_bytes(good_rows()[:1])), "danh-sach.csv")}
    preview = admin_client.post("/admin/import/", data=form, content_type="multipart/form-data")
    for lang in ("vi", "en"):
        html = admin_client.get(f"{preview.headers['Location']}?lang={lang}").get_data(as_text=True)
        [row] = table_rows(html)
        assert row[1] == "BC-240000"
        fields = row[3].split(", ")
        with force_locale(lang):
            labels = {str(text) for text in FIELD_LABELS.values()}
            assert {str(FIELD_LABELS["phone"]), str(FIELD_LABELS["services"])} <= set(fields) <= labels
        assert not set(FIELD_LABELS) & set(fields)
