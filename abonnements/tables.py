"""Le schéma de la base, en un seul module (SQLAlchemy Core).

Toute modification du schéma passe par une migration Alembic (`abonnements/migrations/versions/`) :
ce module décrit l'état atteint par la dernière migration, et un test vérifie qu'ils concordent.

Les adresses sont gardées telles que saisies (`courriel`) et sous une forme canonique
(`courriel_canonique` : minuscules, espaces retirés) sur laquelle porte l'unicité : une même
personne ne peut pas exister deux fois, quelle que soit la casse employée.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Horodatage = sa.DateTime(timezone=True)

# Une personne. `statut` : « en_attente » (inscription non confirmée : rien ne lui est envoyé),
# « confirme » (double opt-in fait), « desinscrit » (ne reçoit plus rien, garde la preuve).
abonnes = sa.Table(
    "abonnes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("courriel", sa.String(254), nullable=False),
    sa.Column("courriel_canonique", sa.String(254), nullable=False, unique=True),
    sa.Column("nom", sa.String(100), nullable=False, server_default=""),
    sa.Column("statut", sa.String(20), nullable=False),
    sa.Column("cree_le", Horodatage, nullable=False),
    sa.Column("confirme_le", Horodatage),
    sa.Column("modifie_le", Horodatage, nullable=False),
    sa.CheckConstraint("statut IN ('en_attente', 'confirme', 'desinscrit')", name="statut"),
)

# Les éditions (identifiants du réglage LETTRE « editions ») que chaque personne reçoit.
abonnements = sa.Table(
    "abonnements",
    metadata,
    sa.Column("abonne_id", sa.ForeignKey("abonnes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("edition", sa.String(40), primary_key=True),
    sa.Column("depuis", Horodatage, nullable=False),
)

# La preuve du consentement : une ligne par consentement donné (formulaire, import, préférences).
consentements = sa.Table(
    "consentements",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("abonne_id", sa.ForeignKey("abonnes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("donne_le", Horodatage, nullable=False),
    sa.Column("confirme_le", Horodatage),
    sa.Column("source", sa.String(200), nullable=False),  # « formulaire », « import : fichier.csv »…
    sa.Column("texte", sa.Text, nullable=False),  # le texte de la case cochée, tel qu'affiché
    sa.Column("editions", sa.String(400), nullable=False),  # identifiants séparés par des virgules
)

# Chaque changement d'état, daté : qui (« web », « ligne de commande », « envoi »), quoi, détail.
# `abonne_id` devient NULL quand la personne est effacée (RGPD) : l'historique ne garde alors
# plus que l'action, sans adresse.
historique = sa.Table(
    "historique",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("abonne_id", sa.ForeignKey("abonnes.id", ondelete="SET NULL"), index=True),
    sa.Column("quand", Horodatage, nullable=False),
    sa.Column("acteur", sa.String(40), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
)

# Liste de suppression : adresses auxquelles plus rien ne part (refus définitif, plainte…).
suppressions = sa.Table(
    "suppressions",
    metadata,
    sa.Column("courriel_canonique", sa.String(254), primary_key=True),
    sa.Column("raison", sa.String(40), nullable=False),  # « refus_definitif », « plainte »…
    sa.Column("detail", sa.Text, nullable=False, server_default=""),
    sa.Column("depuis", Horodatage, nullable=False),
)

# Un numéro d'une édition en cours d'envoi ou envoyé : le contenu figé (JSON de la préparation
# faite par le build) et le moment où la liste des destinataires a été arrêtée.
numeros = sa.Table(
    "numeros",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("numero", sa.String(20), nullable=False),  # « 2026-24 »
    sa.Column("edition", sa.String(40), nullable=False),
    sa.Column("fige_le", Horodatage, nullable=False),
    sa.Column("preparation", sa.Text, nullable=False),
    sa.Column("termine_le", Horodatage),
    sa.UniqueConstraint("numero", "edition", name="uq_numeros_numero_edition"),
)

# Une remise : un destinataire d'un numéro. `etat` : « a_envoyer », « envoye », « refuse »
# (refus définitif), « differe » (encore en refus temporaire après la fenêtre d'essais : le numéro
# se termine sans lui, il recevra le suivant).
remises = sa.Table(
    "remises",
    metadata,
    sa.Column("numero_id", sa.ForeignKey("numeros.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("abonne_id", sa.ForeignKey("abonnes.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("etat", sa.String(20), nullable=False),
    sa.Column("essais", sa.Integer, nullable=False, server_default="0"),
    sa.Column("code", sa.Integer),
    sa.Column("reponse", sa.Text, nullable=False, server_default=""),
    sa.Column("modifie_le", Horodatage, nullable=False),
    sa.CheckConstraint("etat IN ('a_envoyer', 'envoye', 'refuse', 'differe')", name="etat"),
    sa.Index("ix_remises_numero_etat", "numero_id", "etat"),
)

# Verrous nommés (« envoi ») : une ligne par verrou pris ; la clé primaire empêche un second
# détenteur. `expire_le` est repoussé pendant l'envoi : un verrou expiré (processus tué) se reprend.
verrous = sa.Table(
    "verrous",
    metadata,
    sa.Column("nom", sa.String(40), primary_key=True),
    sa.Column("detenteur", sa.String(200), nullable=False),
    sa.Column("pris_le", Horodatage, nullable=False),
    sa.Column("expire_le", Horodatage, nullable=False),
)

# Courriels de confirmation pas encore remis au serveur SMTP (voir attente.py) : le message complet,
# réessayé jusqu'à l'expiration de son lien ; il part avec la personne si elle est effacée.
courriels_a_remettre = sa.Table(
    "courriels_a_remettre",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("abonne_id", sa.ForeignKey("abonnes.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("cree_le", Horodatage, nullable=False),
    sa.Column("prochain_essai", Horodatage, nullable=False, index=True),
    sa.Column("essais", sa.Integer, nullable=False, server_default="0"),
    sa.Column("derniere_erreur", sa.Text, nullable=False, server_default=""),
)

# Compteurs des limites de débit du formulaire (par adresse, par IP) : fenêtre et nombre.
limites = sa.Table(
    "limites",
    metadata,
    sa.Column("cle", sa.String(300), primary_key=True),
    sa.Column("fenetre_debut", Horodatage, nullable=False),
    sa.Column("compte", sa.Integer, nullable=False),
)
