"""`make migration MESSAGE="…"` : la migration suivante écrite d'après tables.py, sur une copie du paquet."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys

import pytest

from abonnements.base import dernier_schema
from outils import RACINE

NOM = '    sa.Column("nom", sa.String(100), nullable=False, server_default=""),\n'


@pytest.fixture
def paquet(tmp_path):
    """Une copie du paquet abonnements/ (la commande écrit dans ses migrations), et la configuration de ruff."""
    shutil.copytree(
        RACINE / "abonnements", tmp_path / "abonnements", ignore=shutil.ignore_patterns("__pycache__")
    )
    return tmp_path


def lancer(dossier, *arguments) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments], cwd=dossier, capture_output=True, text=True, timeout=120, check=False
    )


def test_une_colonne_ajoutee_a_tables_py_donne_la_migration_suivante(paquet):
    dernier = dernier_schema()
    suivante = f"{int(dernier) + 1:04d}"
    tables = paquet / "abonnements" / "tables.py"
    texte = tables.read_text(encoding="utf-8")
    assert NOM in texte
    colonne = '    sa.Column("langue", sa.String(5), nullable=False, server_default="fr"),\n'
    tables.write_text(texte.replace(NOM, NOM + colonne), encoding="utf-8")

    fait = lancer(paquet, "-m", "abonnements.commandes_migration", "langue des abonnés")
    assert fait.returncode == 0, fait.stderr
    assert (
        f"✓ Migration écrite : abonnements/migrations/versions/{suivante}_langue_des_abonnes.py"
        in fait.stdout
    )
    migration = paquet / "abonnements" / "migrations" / "versions" / f"{suivante}_langue_des_abonnes.py"
    assert f'down_revision = "{dernier}"' in migration.read_text(encoding="utf-8")
    verifie = subprocess.run(
        [RACINE / ".venv" / "bin" / "ruff", "format", "--check", "--quiet", migration],
        cwd=paquet,
        check=False,
    )
    assert verifie.returncode == 0  # déjà mise en forme : make lint reste propre

    # La migration écrite amène une base neuve au schéma de tables.py.
    base = paquet / "essai.sqlite3"
    migre = lancer(paquet, "-c", f"from abonnements.base import migrer; migrer('sqlite:///{base}')")
    assert migre.returncode == 0, migre.stderr
    with sqlite3.connect(base) as connexion:
        colonnes = [ligne[1] for ligne in connexion.execute("PRAGMA table_info(abonnes)")]
        version = connexion.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    assert "langue" in colonnes and version == suivante


def test_sans_changement_de_tables_py_aucune_migration(paquet):
    avant = sorted((paquet / "abonnements" / "migrations" / "versions").glob("*.py"))
    fait = lancer(paquet, "-m", "abonnements.commandes_migration", "rien")
    assert fait.returncode == 1
    assert f"tables.py décrit déjà le dernier schéma (« {dernier_schema()} »)" in fait.stderr
    assert sorted((paquet / "abonnements" / "migrations" / "versions").glob("*.py")) == avant
