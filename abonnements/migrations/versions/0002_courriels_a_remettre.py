"""Courriels de confirmation à remettre : la file qui survit à une panne du serveur SMTP

Révision : 0002
Précédente : 0001
Créée le : 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courriels_a_remettre",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("abonne_id", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prochain_essai", sa.DateTime(timezone=True), nullable=False),
        sa.Column("essais", sa.Integer(), server_default="0", nullable=False),
        sa.Column("derniere_erreur", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["abonne_id"],
            ["abonnes.id"],
            name=op.f("fk_courriels_a_remettre_abonne_id_abonnes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courriels_a_remettre")),
    )
    with op.batch_alter_table("courriels_a_remettre", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_courriels_a_remettre_abonne_id"), ["abonne_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_courriels_a_remettre_prochain_essai"), ["prochain_essai"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("courriels_a_remettre", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_courriels_a_remettre_prochain_essai"))
        batch_op.drop_index(batch_op.f("ix_courriels_a_remettre_abonne_id"))
    op.drop_table("courriels_a_remettre")
