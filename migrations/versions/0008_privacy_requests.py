"""privacy: a reference code per rating (kept as a keyed hash) and the requests people make with it
(erasure, correction, withdrawing consent), with their deadlines in working days

Revision ID: 0008
Revises: 0007
"""
from alembic import op
import sqlalchemy as sa

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("reference_hash", sa.String(64), nullable=True))
        batch.create_unique_constraint(op.f("uq_feedback_reference_hash"), ["reference_hash"])
    op.create_table(
        "privacy_requests",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("reference_hash", sa.String(64), nullable=False),
        sa.Column("feedback_id", sa.Integer(), sa.ForeignKey("feedback.id", ondelete="SET NULL"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False, server_default="received"),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("reply_due", sa.Date(), nullable=False),
        sa.Column("complete_due", sa.Date(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), sa.ForeignKey("admin_users.id"), nullable=True),
        sa.Column("outcome", sa.Text(), nullable=True),
        sa.CheckConstraint("kind IN ('erase_rating', 'erase_comment', 'erase_contact', 'withdraw_consent', 'correct')",
                           name=op.f("ck_privacy_requests_kind_known")),
        sa.CheckConstraint("status IN ('received', 'done', 'refused')", name=op.f("ck_privacy_requests_status_known")),
    )
    op.create_index(op.f("ix_privacy_requests_reference_hash"), "privacy_requests", ["reference_hash"])
    op.create_index(op.f("ix_privacy_requests_status"), "privacy_requests", ["status"])


def downgrade():
    op.drop_index(op.f("ix_privacy_requests_status"), table_name="privacy_requests")
    op.drop_index(op.f("ix_privacy_requests_reference_hash"), table_name="privacy_requests")
    op.drop_table("privacy_requests")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_constraint(op.f("uq_feedback_reference_hash"), type_="unique")
        batch.drop_column("reference_hash")
