"""quarters: a closed quarter (who closed, published or reopened it, the province figures it froze)
and the snapshot of its ranking, read instead of the live scores while it stays closed

Revision ID: 0009
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "quarter_closings",
        sa.Column("quarter", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by_id", sa.Integer(), sa.ForeignKey("admin_users.id"), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.Column("published_by_id", sa.Integer(), sa.ForeignKey("admin_users.id"), nullable=True),
        sa.Column("reopened_at", sa.DateTime(), nullable=True),
        sa.Column("reopened_by_id", sa.Integer(), sa.ForeignKey("admin_users.id"), nullable=True),
        sa.Column("reopen_reason", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.CheckConstraint("state IN ('closed', 'published', 'reopened')",
                           name=op.f("ck_quarter_closings_state_known")),
    )
    op.create_table(
        "quarter_rankings",
        sa.Column("quarter", sa.Integer(), sa.ForeignKey("quarter_closings.quarter", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("point_id", sa.Integer(), sa.ForeignKey("points.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("slug", sa.String(120), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("unit_name", sa.String(200), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("previous_rank", sa.Integer(), nullable=True),
        sa.Column("citizen_value", sa.Float(), nullable=True),
        sa.Column("citizen_count", sa.Integer(), nullable=False),
        sa.Column("citizen_mean", sa.Float(), nullable=True),
        sa.Column("citizen_low", sa.Float(), nullable=True),
        sa.Column("citizen_high", sa.Float(), nullable=True),
        sa.Column("delivery", sa.Float(), nullable=True),
        sa.Column("public_utility", sa.Float(), nullable=True),
        sa.Column("model_office", sa.Float(), nullable=True),
        sa.Column("combined", sa.Float(), nullable=True),
    )


def downgrade():
    op.drop_table("quarter_rankings")
    op.drop_table("quarter_closings")
