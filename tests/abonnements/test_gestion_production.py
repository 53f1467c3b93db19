"""`deploiement/gestion.sh` : les commandes du personnel, en production, sur la base du service."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys

import pytest

from outils import RACINE

SCRIPT = RACINE / "deploiement" / "gestion.sh"


def lancer(env_fichier, *arguments, dossier=None, **env) -> subprocess.CompletedProcess:
    environnement = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "MAILLAGE_ENV": str(env_fichier),
        "MAILLAGE_UTILISATEUR": getpass.getuser(),
        **env,
    }
    return subprocess.run(
        [str(SCRIPT), *arguments],
        env=environnement,
        cwd=dossier,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="runuser demande root, comme sudo en production")
def test_les_commandes_visent_la_base_du_fichier_d_environnement(tmp_path):
    base = tmp_path / "service" / "abonnements.sqlite3"
    env = tmp_path / "abonnements.env"
    env.write_text(
        f"# la base du service\nABONNEMENTS_BASE=sqlite:///{base}\nLETTRE_SECRET=0123456789abcdef0123\n",
        encoding="utf-8",
    )
    env.chmod(0o600)
    fait = lancer(env, "abonnes", "liste", XDG_STATE_HOME=str(tmp_path / "local"))
    assert fait.returncode == 0, fait.stderr
    assert "Personnes : 0 confirmée(s)" in fait.stdout
    assert base.is_file()  # la base du fichier d'environnement…
    assert not (tmp_path / "local").exists()  # … et pas la base locale par défaut


@pytest.mark.skipif(os.geteuid() != 0, reason="runuser demande root, comme sudo en production")
def test_les_chemins_donnes_sont_ceux_du_dossier_courant(tmp_path):
    """`importer contacts.csv`, `exporter … --sortie anne.json` : lus et écrits là où l'on est, comme
    avec gestion.py (pas dans /srv/maillage, où l'export RGPD serait resté sans qu'on le sache)."""
    env = tmp_path / "abonnements.env"
    env.write_text(
        f"ABONNEMENTS_BASE=sqlite:///{tmp_path / 'service.sqlite3'}\nLETTRE_SECRET=0123456789abcdef0123\n",
        encoding="utf-8",
    )
    env.chmod(0o600)
    (tmp_path / "contacts.csv").write_text("courriel\nanne@exemple.fr\n", encoding="utf-8")
    fait = lancer(env, "abonnes", "importer", "contacts.csv", "--source", "essai", dossier=tmp_path)
    assert fait.returncode == 0, fait.stderr
    fait = lancer(env, "abonnes", "exporter", "anne@exemple.fr", "--sortie", "anne.json", dossier=tmp_path)
    assert fait.returncode == 0, fait.stderr
    assert "anne@exemple.fr" in (tmp_path / "anne.json").read_text(encoding="utf-8")
    assert not (RACINE / "anne.json").exists()


def test_sans_fichier_d_environnement_lisible_rien_n_est_lance(tmp_path):
    fait = lancer(tmp_path / "absent.env", "abonnes", "liste", XDG_STATE_HOME=str(tmp_path / "local"))
    assert fait.returncode == 2
    assert f"✗ {tmp_path / 'absent.env'} illisible : lancez ce script avec sudo" in fait.stderr
    assert not (tmp_path / "local").exists()


def test_sans_abonnements_base_la_commande_dit_quelle_base_elle_prend(tmp_path):
    """Lancé à la main sur le serveur, sans l'environnement du service : il le dit, avant d'importer."""
    environnement = {
        cle: valeur for cle, valeur in os.environ.items() if not cle.startswith(("ABONNEMENTS_", "LETTRE_"))
    }
    environnement["XDG_STATE_HOME"] = str(tmp_path / "local")

    def gestion(*arguments) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(RACINE / "gestion.py"), *arguments],
            env=environnement,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    fichier = tmp_path / "contacts.csv"
    fichier.write_text("courriel\nanne@exemple.fr\n", encoding="utf-8")
    fait = gestion("abonnes", "importer", str(fichier), "--source", "essai")
    assert fait.returncode == 0, fait.stderr
    base = tmp_path / "local" / "abonnements-lettre" / "abonnements.sqlite3"
    assert f"ℹ base locale sqlite:///{base} (ABONNEMENTS_BASE non définie)" in fait.stderr
    assert "sudo deploiement/gestion.sh abonnes" in fait.stderr
    avec = gestion("abonnes", "liste", "--base", f"sqlite:///{base}")
    assert avec.returncode == 0 and "base locale" not in avec.stderr
