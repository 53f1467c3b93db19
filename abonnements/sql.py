"""Petits outils SQL communs aux deux moteurs (SQLite, PostgreSQL)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite


def inserer(connexion: sa.Connection, table: sa.Table):
    """Un INSERT qui sait `on_conflict_do_nothing` / `on_conflict_do_update` sur le moteur en cours.

    La contrainte d'unicité tranche les courses (deux demandes en même temps) : jamais de
    « vérifier puis insérer ».
    """
    dialecte = postgresql if connexion.dialect.name == "postgresql" else sqlite
    return dialecte.insert(table)
