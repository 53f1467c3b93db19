"""Copier toute la base des abonnements dans une base neuve (passer de SQLite à PostgreSQL).

`gestion.py abonnes copier ADRESSE` : chaque table, dans l'ordre des clés étrangères, ligne pour
ligne, identifiants compris, dans une seule transaction sur la base d'arrivée. Elle doit être vide
(rien n'est mélangé ni écrasé) ; avant de valider, les comptes copiés sont vérifiés et la base de
départ relue : si une seule valeur y a changé pendant la copie, rien n'est validé.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa

from .base import maintenant, utc
from .tables import metadata, verrous

LOT = 500


class CopieImpossible(ValueError):
    """La base d'arrivée n'est pas vide, ou la base de départ a changé pendant la copie."""


def compter(connexion: sa.Connection) -> dict[str, int]:
    """Le nombre de lignes de chaque table du schéma."""
    return {
        table.name: connexion.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for table in metadata.sorted_tables
    }


def _lignes(connexion: sa.Connection, table: sa.Table) -> sa.CursorResult:
    return connexion.execute(sa.select(table).order_by(*table.primary_key.columns))


def _empreinte(somme, lignes) -> None:
    for ligne in lignes:
        somme.update(repr(tuple(ligne)).encode())


def empreinte(connexion: sa.Connection) -> str:
    """Une empreinte de tout le contenu (chaque ligne de chaque table) : deux lectures qui la
    donnent égale ont lu les mêmes valeurs, pas seulement le même nombre de lignes."""
    somme = hashlib.sha256()
    for table in metadata.sorted_tables:
        _empreinte(somme, _lignes(connexion, table))
    return somme.hexdigest()


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
    instant = maintenant()
    for verrou in source.execute(sa.select(verrous)):
        if utc(verrou.expire_le) > instant:
            # Il continuerait sur la base de départ : ses remises suivantes resteraient « a_envoyer »
            # dans la copie, et ces personnes recevraient le numéro une seconde fois.
            raise CopieImpossible(
                f"un envoi de la lettre tient le verrou de la base de départ ({verrou.detenteur}, "
                f"jusqu'au {utc(verrou.expire_le):%d/%m/%Y à %H:%M:%S} UTC s'il a été arrêté) : "
                "arrêtez-le (systemctl stop lettre-envoi.timer lettre-envoi.service), puis relancez"
            )
    avant = compter(source)
    copie = hashlib.sha256()  # ce qui a été lu et copié
    for table in metadata.sorted_tables:
        for lot in _lignes(source, table).partitions(LOT):
            _empreinte(copie, lot)
            cible.execute(table.insert(), [_en_utc(table, dict(ligne._mapping)) for ligne in lot])
    if cible.dialect.name == "postgresql":
        _recaler_sequences(cible)
    copies = compter(cible)
    # Relue après coup, la base de départ doit donner exactement ce qui a été copié : un envoi qui
    # tourne encore ne change que l'état de remises (« envoye »), sans changer aucun compte ; copiées
    # « a_envoyer », ces personnes recevraient le numéro une seconde fois depuis la nouvelle base.
    if copies != avant or empreinte(source) != copie.hexdigest():
        raise CopieImpossible(
            "la base de départ a changé pendant la copie (le service ou l'envoi tournent encore ?) : "
            "arrêtez-les (systemctl stop abonnements lettre-envoi.timer lettre-envoi.service) et relancez"
        )
    return copies
