"""`deploiement/envoyer-lettre.sh`, la tâche planifiée de l'envoi, dans une vraie copie git.

Un dépôt « origine » nu et une copie de travail qui contient le script, le site d'essai de la lettre
et `gestion.py` ; vrai serveur SMTP, vraie base. Le script envoie chaque édition due, commite
`registre.jsonl` et pousse ; relancé, il n'envoie ni ne commite rien de plus.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from outils import RACINE

SCRIPT = RACINE / "deploiement" / "envoyer-lettre.sh"
ADRESSES = [f"abonne{i:02d}@essai.example" for i in range(3)]
REGISTRE_DU_DEPOT = RACINE / "data" / "lettre"


@pytest.fixture(autouse=True)
def registre_du_vrai_site_intact():
    """Le script tourne ici sur une copie : le registre du vrai site ne doit jamais changer (une erreur
    de réglages lui a déjà fait écrire un numéro d'essai dans data/lettre/registre.jsonl)."""
    avant = {f.name: f.read_bytes() for f in REGISTRE_DU_DEPOT.glob("registre.*")}
    yield
    apres = {f.name: f.read_bytes() for f in REGISTRE_DU_DEPOT.glob("registre.*")}
    assert apres == avant, "le test a modifié le registre du vrai site"


def git(dossier, *arguments) -> str:
    return subprocess.run(
        ["git", "-C", str(dossier), *arguments], capture_output=True, text=True, check=True
    ).stdout


def preparer_depot(tmp_path, fixture):
    """(origine nue, copie de travail) : le script, gestion.py, l'environnement Python, le site d'essai."""
    origine = tmp_path / "origine.git"
    subprocess.run(["git", "init", "--quiet", "--bare", "--initial-branch=main", str(origine)], check=True)
    depot = tmp_path / "depot"
    (depot / "deploiement").mkdir(parents=True)
    shutil.copy2(SCRIPT, depot / "deploiement" / SCRIPT.name)
    for nom in ("gestion.py", ".venv", "theme", "plugins"):  # comme à la racine du vrai dépôt
        (depot / nom).symlink_to(RACINE / nom)
    shutil.copytree(fixture, depot / "site")
    # La publication lit publishconf.py (le script y prend la liste des éditions).
    # Comme celle d'exemples/mesclun : les réglages voisins chargés par leur chemin.
    (depot / "site" / "publishconf.py").write_text(
        (RACINE / "exemples" / "mesclun" / "publishconf.py").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (depot / ".gitignore").write_text(".venv\n", encoding="utf-8")
    git(tmp_path, "init", "--quiet", "--initial-branch=main", str(depot))
    git(depot, "add", "-A")
    git(depot, "-c", "user.name=essai", "-c", "user.email=essai@localhost", "commit", "--quiet", "-m", "site")
    git(depot, "remote", "add", "origin", str(origine))
    git(depot, "push", "--quiet", "origin", "HEAD:main")
    git(depot, "branch", "--quiet", "--set-upstream-to=origin/main")
    return origine, depot


def lancer_tache(depot, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sh", str(depot / "deploiement" / SCRIPT.name)],
        env={**env, "GESTION_SITE": "site"},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_la_tache_envoie_commite_et_pousse_le_registre_une_seule_fois(
    serveur_smtp, tmp_path, adresse_base, aides
):
    boite, port = serveur_smtp
    origine, depot = preparer_depot(tmp_path, aides.fixture)
    aides.inscrire(adresse_base, ADRESSES)
    env = {k: v for k, v in aides.environnement_smtp(port, adresse_base).items() if k != "LETTRE_EDITIONS"}
    avant = git(origine, "rev-parse", "main").strip()

    fait = lancer_tache(depot, env)
    assert fait.returncode == 0, fait.stdout + fait.stderr
    assert "Traceback" not in fait.stderr
    assert boite.copies() == {a: 1 for a in ADRESSES}, fait.stdout + fait.stderr
    # Le numéro envoyé est commité par le robot et poussé sur l'origine, avec son registre seul.
    journal = git(origine, "log", "--format=%an|%s", f"{avant}..main").splitlines()
    # Un commit par édition : la complète (3 destinataires), puis celle des élus (personne n'y est
    # abonné : le numéro entre quand même au registre, il ne repartira pas).
    assert journal == [
        "lettre-bot|Lettre : numéro envoyé (elus)",
        "lettre-bot|Lettre : numéro envoyé (complete)",
    ], fait.stdout + fait.stderr
    changes = git(origine, "diff", "--name-only", avant, "main").split()
    assert changes == ["site/data/lettre/registre.jsonl"]
    pousse = git(origine, "show", "main:site/data/lettre/registre.jsonl")
    assert [(n["numero"], n["edition"]) for n in map(json.loads, pousse.splitlines())][-2:] == [
        ("2026-04", "complete"),
        ("2026-04", "elus"),
    ]
    assert git(depot, "status", "--porcelain") == ""

    # Relancée (le timer passe toutes les heures) : rien n'est dû, rien n'est renvoyé ni commité.
    apres = git(origine, "rev-parse", "main").strip()
    encore = lancer_tache(depot, env)
    assert encore.returncode == 0, encore.stdout + encore.stderr
    assert boite.copies() == {a: 1 for a in ADRESSES}
    assert git(origine, "rev-parse", "main").strip() == apres


def test_la_tache_avec_un_reglage_illisible_le_dit_sans_trace(serveur_smtp, tmp_path, adresse_base, aides):
    boite, port = serveur_smtp
    _origine, depot = preparer_depot(tmp_path, aides.fixture)
    # Un réglage faux arrive sur main (le script part toujours de ce qu'il tire d'origin).
    (depot / "site" / "publishconf.py").write_text("THEME = 'theme-absent'\n", encoding="utf-8")
    git(depot, "-c", "user.name=essai", "-c", "user.email=essai@localhost", "commit", "-qam", "faux")
    git(depot, "push", "--quiet", "origin", "HEAD:main")
    fait = lancer_tache(depot, aides.environnement_smtp(port, adresse_base))
    assert fait.returncode == 1
    assert "éditions de la lettre illisibles (réglage LETTRE) : rien n'est envoyé" in fait.stderr
    assert "Traceback" not in fait.stderr
    assert boite.copies() == {}


def test_la_tache_sans_origine_joignable_n_envoie_rien(serveur_smtp, tmp_path, adresse_base, aides):
    boite, port = serveur_smtp
    origine, depot = preparer_depot(tmp_path, aides.fixture)
    aides.inscrire(adresse_base, ADRESSES)
    shutil.rmtree(origine)  # le dépôt distant ne répond plus : le registre local n'est peut-être pas à jour
    fait = lancer_tache(depot, aides.environnement_smtp(port, adresse_base))
    assert fait.returncode == 1
    assert "git pull impossible : rien n'est envoyé" in fait.stderr
    assert boite.copies() == {}
    assert os.listdir(depot / "site" / "data" / "lettre") == os.listdir(aides.fixture / "data" / "lettre")
