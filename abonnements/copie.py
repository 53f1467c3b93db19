"""Copier toute la base des abonnements dans une base neuve (passer de SQLite à PostgreSQL).

`gestion.py abonnes copier ADRESSE` : chaque table, dans l'ordre des clés étrangères, ligne pour
ligne, identifiants compris, dans une seule transaction sur la base d'arrivée. Elle doit être vide
(rien n'est mélangé ni écrasé) ; les comptes des deux bases sont comparés avant de valider.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from .base import utc
from .tables import metadata

LOT = 500


class CopieImpossible(ValueError):
    """La base d'arrivée n'est pas vide, ou la base de départ a changé pendant la copie."""


def compter(connexion: sa.Connection) -> dict[str, int]:
    """Le nombre de lignes de chaque table du schéma."""
    return {
        table.name: connexion.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in metadata.sorted_tables
    }


def _en_utc(table: sa.Table, ligne: dict) -> dict:
    # SQLite rend les dates sans fuseau : PostgreSQL les lirait à l'heure de son réglage TimeZone
    # (Europe/Paris sur un serveur français). PostgreSQL les rend à cette heure-là : SQLite, qui
    # ne garde pas le fuseau, les relirait comme UTC. Dans les deux cas, une ou deux heures d'écart.
    for colonne in table.columns:
        valeur = ligne[colonne.name]
        if isinstance(colonne.type, sa.DateTime) and valeur is not None:
            ligne[colonne.name] = utc(valeur).astimezone(dt.UTC)
    return ligne


def _recaler_sequences(cible: sa.Connection) -> None:
    # Les identifiants copiés ne font pas avancer les séquences de PostgreSQL : sans cela, la
    # première inscription après la copie reprendrait l'identifiant 1, déjà pris.
    for table in metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        cible.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table.name}"), 0) + 1, false)'
            )
        )


def copier(source: sa.Connection, cible: sa.Connection) -> dict[str, int]:
    """Copie toutes les lignes de `source` dans `cible` (vide) ; renvoie les comptes copiés.

    Ne valide rien : l'appelant tient la transaction de `cible`, annulée si une erreur survient.
    """
    deja = {nom: nombre for nom, nombre in compter(cible).items() if nombre}
    if deja:
        detail = ", ".join(f"{nom} : {nombre}" for nom, nombre in sorted(deja.items()))
        raise CopieImpossible(
            f"la base d'arrivée n'est pas vide ({detail}) : la copie ne mélange ni n'écrase rien ; "
            "donnez l'adresse d'une base neuve (createdb), ou videz celle-ci si elle ne sert pas"
        )
    avant = compter(source)
    for table in metadata.sorted_tables:
        ordre = list(table.primary_key.columns)
        resultat = source.execute(sa.select(table).order_by(*ordre))
        for lot in resultat.mappings().partitions(LOT):
            cible.execute(table.insert(), [_en_utc(table, dict(ligne)) for ligne in lot])
    if cible.dialect.name == "postgresql":
        _recaler_sequences(cible)
    copies = compter(cible)
    if copies != avant or compter(source) != avant:
        raise CopieImpossible(
            "la base de départ a changé pendant la copie (le service ou l'envoi tournent encore ?) : "
            "arrêtez-les (systemctl stop abonnements lettre-envoi.timer lettre-envoi.service) et relancez"
        )
    return copies
