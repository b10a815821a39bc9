"""browsers and networks, held ratings

A rating keeps the keyed hash of its network beside that of its browser (client_hash), and whether
it counts: counted, held for review (a burst on a point, many from one network) or discarded by
staff, with why it was held.

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback") as batch:
        batch.add_column(sa.Column("network_hash", sa.String(32), nullable=True))
        batch.add_column(sa.Column("rating_status", sa.String(10), nullable=False, server_default="counted"))
        batch.add_column(sa.Column("rating_hold", sa.String(20), nullable=True))
        batch.create_check_constraint("rating_status_known", "rating_status IN ('counted', 'held', 'discarded')")
    op.create_index("ix_feedback_point_network_created", "feedback", ["point_id", "network_hash", "created_at"])
    op.create_index("ix_feedback_network_created", "feedback", ["network_hash", "created_at"])
    op.create_index("ix_feedback_rating_status_point", "feedback", ["rating_status", "point_id"])


def downgrade():
    op.drop_index("ix_feedback_rating_status_point", table_name="feedback")
    op.drop_index("ix_feedback_network_created", table_name="feedback")
    op.drop_index("ix_feedback_point_network_created", table_name="feedback")
    with op.batch_alter_table("feedback") as batch:
        batch.drop_constraint(op.f("ck_feedback_rating_status_known"), type_="check")
        batch.drop_column("rating_hold")
        batch.drop_column("rating_status")
        batch.drop_column("network_hash")
