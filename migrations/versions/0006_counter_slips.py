"""counter slips (one-time rating links handed out at the counter; verified ratings) and citizens'
reports of published comments

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "visit_codes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("point_id", sa.Integer(), sa.ForeignKey("points.id", ondelete="CASCADE"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("feedback_id", sa.Integer(), sa.ForeignKey("feedback.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_by", sa.String(200), nullable=False),
        sa.UniqueConstraint("token_hash", name=op.f("uq_visit_codes_token_hash")),
    )
    op.create_index(op.f("ix_visit_codes_point_id"), "visit_codes", ["point_id"])
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("verified", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "comment_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("feedback_id", sa.Integer(), sa.ForeignKey("feedback.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reason", sa.String(10), nullable=False),
        sa.Column("note", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("client_hash", sa.String(64), nullable=False),
        sa.Column("network_hash", sa.String(32), nullable=True),
        sa.CheckConstraint("reason IN ('abuse', 'personal', 'spam', 'false', 'other')", name=op.f("ck_comment_reports_reason_known")),
    )
    op.create_index("ix_comment_reports_feedback_client", "comment_reports", ["feedback_id", "client_hash"])


def downgrade():
    op.drop_index("ix_comment_reports_feedback_client", table_name="comment_reports")
    op.drop_table("comment_reports")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_column("verified")
    op.drop_index(op.f("ix_visit_codes_point_id"), table_name="visit_codes")
    op.drop_table("visit_codes")
