"""sources of facts: where each fact of a point comes from, VNPost office codes apart from the
5-digit postcodes, coordinate quality, special days and the pension schedule per point, the service
catalogue's legal basis, and the slugs a point had before (old URLs redirect)

Revision ID: 0007
Revises: 0006
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("points") as batch:
        batch.add_column(sa.Column("office_code", sa.String(6), nullable=True))
        batch.add_column(sa.Column("coord_quality", sa.String(12), nullable=False, server_default="exact"))
        batch.add_column(sa.Column("sources", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("special_days", sa.Text(), nullable=True))
        batch.add_column(sa.Column("pension_schedule", sa.Text(), nullable=True))
        batch.create_check_constraint(op.f("ck_points_coord_quality_known"), "coord_quality IN ('exact', 'approximate')")
    # Six digits were VNPost office codes stored as postcodes; the postcode has five (since 2018).
    op.execute("UPDATE points SET office_code = postcode, postcode = NULL WHERE length(postcode) = 6")
    with op.batch_alter_table("services") as batch:
        batch.add_column(sa.Column("status", sa.String(12), nullable=False, server_default="offered"))
        batch.add_column(sa.Column("basis", sa.String(300), nullable=True))
        batch.add_column(sa.Column("basis_url", sa.String(300), nullable=True))
        batch.add_column(sa.Column("procedure_code", sa.String(20), nullable=True))
        batch.add_column(sa.Column("note_vi", sa.String(400), nullable=True))
        batch.add_column(sa.Column("note_en", sa.String(400), nullable=True))
        batch.create_check_constraint(op.f("ck_services_status_known"), "status IN ('offered', 'winding_down', 'withdrawn')")
    op.create_table(
        "point_slugs",
        sa.Column("slug", sa.String(120), primary_key=True),
        sa.Column("point_id", sa.Integer(), sa.ForeignKey("points.id", ondelete="CASCADE"), nullable=False),
        sa.Column("retired_at", sa.DateTime(), nullable=False),
    )
    op.create_index(op.f("ix_point_slugs_point_id"), "point_slugs", ["point_id"])


def downgrade():
    op.drop_index(op.f("ix_point_slugs_point_id"), table_name="point_slugs")
    op.drop_table("point_slugs")
    with op.batch_alter_table("services") as batch:
        batch.drop_constraint(op.f("ck_services_status_known"), type_="check")
        for column in ("note_en", "note_vi", "procedure_code", "basis_url", "basis", "status"):
            batch.drop_column(column)
    op.execute("UPDATE points SET postcode = office_code WHERE postcode IS NULL AND office_code IS NOT NULL")
    with op.batch_alter_table("points") as batch:
        batch.drop_constraint(op.f("ck_points_coord_quality_known"), type_="check")
        for column in ("pension_schedule", "special_days", "sources", "coord_quality", "office_code"):
            batch.drop_column(column)
