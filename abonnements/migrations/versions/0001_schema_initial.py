"""Schéma initial : abonnés, consentements, historique, envois

Révision : 0001
Précédente :
Créée le : 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "abonnes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("courriel", sa.String(length=254), nullable=False),
        sa.Column("courriel_canonique", sa.String(length=254), nullable=False),
        sa.Column("nom", sa.String(length=100), server_default="", nullable=False),
        sa.Column("statut", sa.String(length=20), nullable=False),
        sa.Column("cree_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirme_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("modifie_le", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "statut IN ('en_attente', 'confirme', 'desinscrit')", name=op.f("ck_abonnes_statut")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_abonnes")),
        sa.UniqueConstraint("courriel_canonique", name=op.f("uq_abonnes_courriel_canonique")),
    )
    op.create_table(
        "limites",
        sa.Column("cle", sa.String(length=300), nullable=False),
        sa.Column("fenetre_debut", sa.DateTime(timezone=True), nullable=False),
        sa.Column("compte", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("cle", name=op.f("pk_limites")),
    )
    op.create_table(
        "numeros",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("numero", sa.String(length=20), nullable=False),
        sa.Column("edition", sa.String(length=40), nullable=False),
        sa.Column("fige_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("preparation", sa.Text(), nullable=False),
        sa.Column("termine_le", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_numeros")),
        sa.UniqueConstraint("numero", "edition", name="uq_numeros_numero_edition"),
    )
    op.create_table(
        "suppressions",
        sa.Column("courriel_canonique", sa.String(length=254), nullable=False),
        sa.Column("raison", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.Column("depuis", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("courriel_canonique", name=op.f("pk_suppressions")),
    )
    op.create_table(
        "verrous",
        sa.Column("nom", sa.String(length=40), nullable=False),
        sa.Column("detenteur", sa.String(length=200), nullable=False),
        sa.Column("pris_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expire_le", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("nom", name=op.f("pk_verrous")),
    )
    op.create_table(
        "abonnements",
        sa.Column("abonne_id", sa.Integer(), nullable=False),
        sa.Column("edition", sa.String(length=40), nullable=False),
        sa.Column("depuis", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["abonne_id"], ["abonnes.id"], name=op.f("fk_abonnements_abonne_id_abonnes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("abonne_id", "edition", name=op.f("pk_abonnements")),
    )
    op.create_table(
        "consentements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("abonne_id", sa.Integer(), nullable=False),
        sa.Column("donne_le", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirme_le", sa.DateTime(timezone=True), nullable=True),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("texte", sa.Text(), nullable=False),
        sa.Column("editions", sa.String(length=400), nullable=False),
        sa.ForeignKeyConstraint(
            ["abonne_id"], ["abonnes.id"], name=op.f("fk_consentements_abonne_id_abonnes"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consentements")),
    )
    with op.batch_alter_table("consentements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consentements_abonne_id"), ["abonne_id"], unique=False)

    op.create_table(
        "historique",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("abonne_id", sa.Integer(), nullable=True),
        sa.Column("quand", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acteur", sa.String(length=40), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["abonne_id"], ["abonnes.id"], name=op.f("fk_historique_abonne_id_abonnes"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_historique")),
    )
    with op.batch_alter_table("historique", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_historique_abonne_id"), ["abonne_id"], unique=False)

    op.create_table(
        "remises",
        sa.Column("numero_id", sa.Integer(), nullable=False),
        sa.Column("abonne_id", sa.Integer(), nullable=False),
        sa.Column("etat", sa.String(length=20), nullable=False),
        sa.Column("essais", sa.Integer(), server_default="0", nullable=False),
        sa.Column("code", sa.Integer(), nullable=True),
        sa.Column("reponse", sa.Text(), server_default="", nullable=False),
        sa.Column("modifie_le", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "etat IN ('a_envoyer', 'envoye', 'refuse', 'differe')", name=op.f("ck_remises_etat")
        ),
        sa.ForeignKeyConstraint(
            ["abonne_id"], ["abonnes.id"], name=op.f("fk_remises_abonne_id_abonnes"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["numero_id"], ["numeros.id"], name=op.f("fk_remises_numero_id_numeros"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("numero_id", "abonne_id", name=op.f("pk_remises")),
    )
    with op.batch_alter_table("remises", schema=None) as batch_op:
        batch_op.create_index("ix_remises_numero_etat", ["numero_id", "etat"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("remises", schema=None) as batch_op:
        batch_op.drop_index("ix_remises_numero_etat")

    op.drop_table("remises")
    with op.batch_alter_table("historique", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_historique_abonne_id"))

    op.drop_table("historique")
    with op.batch_alter_table("consentements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consentements_abonne_id"))

    op.drop_table("consentements")
    op.drop_table("abonnements")
    op.drop_table("verrous")
    op.drop_table("suppressions")
    op.drop_table("numeros")
    op.drop_table("limites")
    op.drop_table("abonnes")
