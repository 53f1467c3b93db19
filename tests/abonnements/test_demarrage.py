"""`python -m abonnements` refuse de démarrer sur un réglage absent ou faux : message en français, sans trace."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from outils_service import SECRET, SITE
from postgresql import port_libre

from outils import RACINE, lancer_gestion


def lancer_service(*arguments: str, environ: dict | None = None) -> subprocess.CompletedProcess:
    """`python -m abonnements ARGUMENTS…`, attendu, sorties gardées."""
    return subprocess.run(
        [sys.executable, "-m", "abonnements", *arguments],
        cwd=RACINE,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def demarrer(**variables) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LETTRE_", "ABONNEMENTS_"))}
    environ.update(variables)
    return lancer_service("--port", str(port_libre()), environ=environ)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "LETTRE_SECRET absente ou trop courte"),
        ({"LETTRE_SECRET": "court"}, "LETTRE_SECRET absente ou trop courte"),
        ({"LETTRE_SECRET": SECRET, "SITEURL": SITE}, "LETTRE_SMTP_HOTE absente"),
        (
            {"LETTRE_SECRET": SECRET, "SITEURL": "pas-une-adresse", "ABONNEMENTS_COURRIELS": "journal"},
            "adresse du site « pas-une-adresse »",
        ),
        (
            {
                "LETTRE_SECRET": SECRET,
                "ABONNEMENTS_COURRIELS": "journal",
                "ABONNEMENTS_BASE": "mysql://x@y/z",
            },
            "non prise en charge",
        ),
        (
            {
                "LETTRE_SECRET": SECRET,
                "ABONNEMENTS_COURRIELS": "journal",
                "ABONNEMENTS_LIMITE_IP": "beaucoup",
            },
            "ABONNEMENTS_LIMITE_IP « beaucoup » : un nombre entier est attendu",
        ),
        (
            {
                "LETTRE_SECRET": SECRET,
                "ABONNEMENTS_COURRIELS": "journal",
                "ABONNEMENTS_BASE": f"postgresql+psycopg://personne@127.0.0.1:{port_libre()}/aucune",
            },
            "Démarrage impossible : base injoignable",
        ),
        (
            {
                "LETTRE_SECRET": SECRET,
                "ABONNEMENTS_COURRIELS": "journal",
                "ABONNEMENTS_REGLAGES_SITE": "/nulle/part.py",
            },
            "fichier de réglages du site « /nulle/part.py » introuvable",
        ),
    ],
)
def test_reglage_absent_ou_faux(variables, message):
    resultat = demarrer(**variables)
    assert resultat.returncode == 2
    assert message in resultat.stderr
    assert "Traceback" not in resultat.stderr + resultat.stdout


def test_base_d_un_schema_plus_recent_que_le_code(tmp_path):
    """Le bénévole revient à la version précédente après une mise à jour du schéma : le service
    refuse de démarrer avec un message en français (pas la trace d'Alembic)."""
    from abonnements.base import migrer, moteur

    adresse = f"sqlite:///{tmp_path / 'abonnements.sqlite3'}"
    migrer(adresse)
    base = moteur(adresse)
    with base.begin() as connexion:
        connexion.exec_driver_sql("UPDATE alembic_version SET version_num = '0099'")
    base.dispose()
    resultat = demarrer(LETTRE_SECRET=SECRET, ABONNEMENTS_COURRIELS="journal", ABONNEMENTS_BASE=adresse)
    assert resultat.returncode == 2
    assert "est au schéma « 0099 », inconnu de cette version du code" in resultat.stderr
    assert "Traceback" not in resultat.stderr + resultat.stdout


def test_port_deja_pris_dit_quoi_faire_en_francais(tmp_path):
    """`make abonnements` lancé deux fois : un message en français, pas l'erreur anglaise d'uvicorn."""
    import socket

    environ = {k: v for k, v in os.environ.items() if not k.startswith(("LETTRE_", "ABONNEMENTS_"))}
    environ.update(
        LETTRE_SECRET=SECRET,
        ABONNEMENTS_COURRIELS="journal",
        ABONNEMENTS_BASE=f"sqlite:///{tmp_path / 'abonnements.sqlite3'}",
    )
    with socket.create_server(("127.0.0.1", 0)) as pris:
        port = pris.getsockname()[1]
        resultat = subprocess.run(
            [sys.executable, "-m", "abonnements", "--port", str(port)],
            cwd=RACINE,
            env=environ,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert resultat.returncode == 2
    assert f"✗ Démarrage impossible : le port {port} de 127.0.0.1 est déjà pris" in resultat.stderr
    assert "make abonnements ABONNEMENTS_PORT=" in resultat.stderr
    assert "Errno" not in resultat.stderr and "Traceback" not in resultat.stderr + resultat.stdout


def test_le_demarrage_dit_quelle_base_et_combien_d_abonnes(adresse_base, tmp_path):
    """Au journal, dès le démarrage : une base vide par erreur (adresse mal recopiée) se voit."""
    from outils_service import service_demarre

    from abonnements.base import adresse_affichee

    contacts = tmp_path / "contacts.csv"
    contacts.write_text("courriel\nanne@exemple.fr\nbob@exemple.fr\n", encoding="utf-8")
    importe = lancer_gestion(
        "abonnes", "importer", str(contacts), "--source", "essai", "--base", adresse_base
    )
    assert importe.returncode == 0, importe.stderr
    with service_demarre(adresse_base, tmp_path, port_libre()) as service:
        journal = service.texte_journal()
    assert f"; base {adresse_affichee(adresse_base)} : 2 personne(s) confirmée(s), 0 en attente" in journal


def test_le_journal_de_la_vie_du_service_est_en_francais(tmp_path):
    """Démarrage puis arrêt (SIGTERM de systemctl stop) : le bénévole lit le journal en français."""
    from outils_service import service_demarre

    with service_demarre(f"sqlite:///{tmp_path / 'abonnements.sqlite3'}", tmp_path, port_libre()) as service:
        pass
    journal = service.texte_journal()
    for ligne in ("Service démarré (processus", "Application prête.", "À l'écoute sur http://127.0.0.1:"):
        assert ligne in journal, journal
    for ligne in ("Arrêt demandé", "Application arrêtée.", "Service arrêté (processus"):
        assert ligne in journal, journal
    assert "Uvicorn running" not in journal and "server process" not in journal


def test_l_aide_et_les_erreurs_d_options_sont_en_francais():
    aide = lancer_service("--help")
    assert aide.returncode == 0 and "usage : python -m abonnements" in aide.stdout
    assert "affiche cette aide" in aide.stdout and "show this help" not in aide.stdout
    # Ce qu'il faut régler avant de le lancer, sans la syntaxe Markdown de la docstring.
    assert "ABONNEMENTS_BASE" in aide.stdout and "LETTRE_SECRET" in aide.stdout, aide.stdout
    assert "docs/abonnements.md" in aide.stdout and "`" not in aide.stdout
    faux = lancer_service("--port", "huit")
    assert faux.returncode == 2 and "--port : « huit » n'est pas une valeur valable" in faux.stderr
    assert "(nombre entier attendu)" in faux.stderr and "int attendu" not in faux.stderr
