"""codes, not words: hold reasons stored as codes; CHECKs on the code columns

Hold reasons were stored as Vietnamese text ("Có đường dẫn (link); Có số điện thoại"), which an
English page could not translate; they become codes ("link;phone") that app/labels.py words.
The status, channel, origin, role and handling columns get CHECK constraints on their codes.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

REASON_CODES = {
    "Có đường dẫn (link)": "link",
    "Có số điện thoại": "phone",
    "Có địa chỉ e-mail": "email",
    "Có từ ngữ thô tục hoặc xúc phạm": "abuse",
    "Bình luận rất dài": "long",
    "Nội dung lặp lại": "repeat",
}
CHECKS = (
    ("feedback", "comment_status", ("none", "published", "held", "hidden")),
    ("feedback", "channel", ("web", "qr")),
    ("feedback", "origin", ("citizen", "demo", "synthetic")),
    ("admin_users", "role", ("admin", "reviewer")),
    ("point_services", "handling", ("receive", "return", "both")),
)


def _convert_reasons(mapping: dict[str, str], old_separator: str, new_separator: str) -> None:
    feedback = sa.table("feedback", sa.column("id", sa.Integer), sa.column("hold_reason", sa.String))
    conn = op.get_bind()
    rows = conn.execute(sa.select(feedback.c.id, feedback.c.hold_reason)
                        .where(feedback.c.hold_reason.is_not(None))).all()
    for ident, reason in rows:
        parts = [mapping.get(part.strip(), part.strip()) for part in reason.split(old_separator)]
        conn.execute(feedback.update().where(feedback.c.id == ident)
                     .values(hold_reason=new_separator.join(p for p in parts if p)))


def upgrade():
    _convert_reasons(REASON_CODES, ";", ";")
    for table, column, values in CHECKS:
        quoted = ", ".join(f"'{value}'" for value in values)
        with op.batch_alter_table(table) as batch_op:
            batch_op.create_check_constraint(f"{column}_known", f"{column} IN ({quoted})")


def downgrade():
    for table, column, _values in reversed(CHECKS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_{column}_known"), type_="check")
    _convert_reasons({code: text for text, code in REASON_CODES.items()}, ";", "; ")
