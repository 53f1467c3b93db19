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


def fichier_sqlite(adresse: str) -> Path | None:
    """Le fichier d'une base SQLite (« sqlite:////chemin/abonnements.sqlite3 »), sinon None
    (PostgreSQL, base en mémoire, adresse illisible : `moteur` dit pourquoi)."""
    try:
        url = sa.make_url(adresse)
    except sa.exc.ArgumentError:
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database).expanduser()


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
            # « sqlite:///~/abonnements.sqlite3 » : le dossier personnel, comme fichier_sqlite le lit
            # (SQLite ouvrirait sinon un dossier nommé « ~ » sous le dossier courant).
            fichier = Path(url.database).expanduser()
            fichier.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            url = url.set(database=str(fichier))
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


def dernier_schema() -> str:
    """La dernière révision des migrations de ce code (celle où `migrer` amène toute base)."""
    return ScriptDirectory.from_config(configuration_alembic("sqlite://")).get_current_head()


def revision_de(adresse: str) -> str | None:
    """La révision Alembic où se trouve la base (None : base neuve)."""
    base = moteur(adresse)
    try:
        with base.connect() as connexion:
            return MigrationContext.configure(connexion).get_current_revision()
    finally:
        base.dispose()


def schema_inconnu(adresse: str, revision: str | None, dernier: str | None) -> BaseInvalide:
    """L'erreur d'une base mise à jour par une version plus récente du code (retour en arrière)."""
    return BaseInvalide(
        f"la base {adresse_affichee(adresse)} est au schéma « {revision} », inconnu de cette version du "
        f"code (son dernier schéma est « {dernier} ») : elle a été mise à jour par une version plus "
        "récente ; revenez à celle-ci (git pull), ou restaurez la sauvegarde faite avant la mise à jour"
    )


def verifier_a_jour(adresse: str) -> None:
    """Lève BaseInvalide si la base n'est pas déjà au dernier schéma de ce code, sans rien y écrire.

    Pour les commandes qui lisent la base du service sans en être la propriétaire (l'envoi) : une base
    absente (une faute de frappe dans ABONNEMENTS_BASE en créerait une vide, où il n'y a personne à
    servir), ou un schéma que le service en marche ne connaît pas encore (un `git pull` a apporté une
    migration ; c'est le service qui l'applique, à son redémarrage).
    """
    fichier = fichier_sqlite(adresse)
    if fichier is not None and not fichier.is_file():
        raise BaseInvalide(
            f"la base des abonnements {adresse_affichee(adresse)} n'existe pas : vérifiez "
            "ABONNEMENTS_BASE (faute de frappe dans le chemin ?) ; la base est créée par le service "
            "d'abonnement à son premier démarrage (make abonnements)"
        )
    revision = revision_de(adresse)
    dernier = dernier_schema()
    if revision == dernier:
        return
    if revision is None:
        raise BaseInvalide(
            f"la base des abonnements {adresse_affichee(adresse)} est vide (aucune table) : vérifiez "
            "ABONNEMENTS_BASE ; la base est créée par le service d'abonnement à son premier démarrage"
        )
    try:
        ScriptDirectory.from_config(configuration_alembic(adresse)).get_revision(revision)
    except CommandError:
        raise schema_inconnu(adresse, revision, dernier) from None
    raise BaseInvalide(
        f"la base {adresse_affichee(adresse)} est au schéma « {revision} », ce code attend « {dernier} » "
        "(mise à jour reçue par git pull) : redémarrez le service d'abonnement (sudo systemctl restart "
        "abonnements, ou relancez make abonnements), qui met la base à jour à son démarrage, puis relancez "
        "l'envoi"
    )


def migrer(adresse: str) -> None:
    """Met la base au dernier schéma (crée les tables d'une base neuve) ; sans effet si elle y est.

    Une base mise à jour par une version plus récente du code (retour en arrière après un
    `git pull`) lève BaseInvalide : ce code ne connaît pas son schéma et ne doit pas y écrire.
    """
    config = configuration_alembic(adresse)
    try:
        command.upgrade(config, "head")
    except CommandError:
        raise schema_inconnu(adresse, revision_de(adresse), dernier_schema()) from None


def maintenant() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def utc(valeur: dt.datetime | None) -> dt.datetime | None:
    """Une date lue en base, en UTC (SQLite la rend sans fuseau)."""
    if valeur is None or valeur.tzinfo is not None:
        return valeur
    return valeur.replace(tzinfo=dt.UTC)
