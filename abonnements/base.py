"""Ouvrir la base des abonnements depuis son adresse et la mettre au dernier schéma.

L'adresse est une URL SQLAlchemy : `sqlite:////chemin/abonnements.sqlite3` (défaut, un fichier hors
du dépôt) ou `postgresql+psycopg://utilisateur:mot-de-passe@hote/base`. Le même code sert les deux.
Toutes les dates sont en UTC ; SQLite les rend sans fuseau, `utc()` les remet en UTC.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class BaseInvalide(ValueError):
    """L'adresse de la base est absente, mal écrite ou la base est injoignable (message en français)."""


def adresse_par_defaut(environ=os.environ) -> str:
    """Un fichier SQLite dans le dossier d'état de l'utilisateur, hors du dépôt et de output/."""
    etat = Path(environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return f"sqlite:///{etat / 'abonnements-lettre' / 'abonnements.sqlite3'}"


def _sqlite_a_la_connexion(connexion_dbapi, _enregistrement) -> None:
    # Clés étrangères (désactivées par défaut dans SQLite), attente plutôt qu'une erreur quand
    # un autre processus écrit, journal WAL : lecteurs et écrivain ne se bloquent pas.
    curseur = connexion_dbapi.cursor()
    curseur.execute("PRAGMA foreign_keys=ON")
    curseur.execute("PRAGMA busy_timeout=10000")
    curseur.execute("PRAGMA journal_mode=WAL")
    curseur.close()


def adresse_affichee(adresse: str) -> str:
    """L'adresse de la base telle qu'on peut l'afficher dans un message : sans son mot de passe."""
    try:
        return sa.make_url(adresse).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return adresse


def moteur(adresse: str) -> sa.Engine:
    """Le moteur SQLAlchemy de l'adresse ; crée le dossier d'un fichier SQLite au besoin."""
    try:
        url = sa.make_url(adresse)
    except sa.exc.ArgumentError:
        raise BaseInvalide(
            f"adresse de base « {adresse} » illisible : écrivez sqlite:////chemin/fichier.sqlite3 "
            "ou postgresql+psycopg://utilisateur@hote/base"
        ) from None
    if url.drivername == "postgres":
        # L'adresse que donnent beaucoup d'hébergeurs (postgres://…) : le même serveur, le pilote installé.
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        resultat = sa.create_engine(url, connect_args={"timeout": 10})
        sa.event.listen(resultat, "connect", _sqlite_a_la_connexion)
        return resultat
    if url.get_backend_name() == "postgresql":
        return sa.create_engine(url, pool_pre_ping=True)
    raise BaseInvalide(
        f"base « {url.get_backend_name()} » non prise en charge : SQLite ou PostgreSQL seulement ; "
        "écrivez sqlite:////chemin/fichier.sqlite3 ou postgresql+psycopg://utilisateur@hote/base"
    )


def configuration_alembic(adresse: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", adresse.replace("%", "%%"))
    return config


def revision_de(adresse: str) -> str | None:
    """La révision Alembic où se trouve la base (None : base neuve)."""
    base = moteur(adresse)
    try:
        with base.connect() as connexion:
            return MigrationContext.configure(connexion).get_current_revision()
    finally:
        base.dispose()


def migrer(adresse: str) -> None:
    """Met la base au dernier schéma (crée les tables d'une base neuve) ; sans effet si elle y est.

    Une base mise à jour par une version plus récente du code (retour en arrière après un
    `git pull`) lève BaseInvalide : ce code ne connaît pas son schéma et ne doit pas y écrire.
    """
    config = configuration_alembic(adresse)
    try:
        command.upgrade(config, "head")
    except CommandError:
        dernier = ScriptDirectory.from_config(config).get_current_head()
        raise BaseInvalide(
            f"la base {adresse_affichee(adresse)} est au schéma « {revision_de(adresse)} », inconnu de "
            f"cette version du code (son dernier schéma est « {dernier} ») : elle a été mise à jour par "
            "une version plus récente ; revenez à celle-ci (git pull), ou restaurez la sauvegarde "
            "faite avant la mise à jour"
        ) from None


def maintenant() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(valeur: dt.datetime | None) -> dt.datetime | None:
    """Une date lue en base, en UTC (SQLite la rend sans fuseau)."""
    if valeur is None or valeur.tzinfo is not None:
        return valeur
    return valeur.replace(tzinfo=dt.UTC)
