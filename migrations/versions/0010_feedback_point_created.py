"""feedback: an index on (point_id, created_at), so that the burst rule counts a point's ratings of
the last hour from the index alone, on every rating posted

Revision ID: 0010
Revises: 0009
"""
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_feedback_point_created", "feedback", ["point_id", "created_at"])


def downgrade():
    op.drop_index("ix_feedback_point_created", table_name="feedback")
