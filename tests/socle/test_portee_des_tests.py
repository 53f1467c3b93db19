"""scripts/portee_des_tests.py : la publication saute la suite de tests pour un envoi de contenus seuls."""

from __future__ import annotations

import subprocess
import sys

import pytest

from outils import RACINE

SCRIPT = RACINE / "scripts" / "portee_des_tests.py"
sys.path.insert(0, str(SCRIPT.parent))
from portee_des_tests import AUCUN_COMMIT, hors_contenus  # noqa: E402


@pytest.mark.parametrize(
    ("fichiers", "site", "autres"),
    [
        (["content/actualites/2026-12-01-forum.md", "content/images/forum.jpg", "data/agenda.yml"], ".", []),
        (["content/actualites/x.md", "theme/static/css/site.css"], ".", ["theme/static/css/site.css"]),
        (["contenu/x.md", "data.yml", "pelicanconf.py"], ".", ["contenu/x.md", "data.yml", "pelicanconf.py"]),
        (
            ["exemples/mesclun/content/a.md", "exemples/mesclun/data/points-accueil.yml"],
            "exemples/mesclun",
            [],
        ),
        # Le contenu de Maillage n'est pas celui du site publié (Mesclun) : les tests le vérifient.
        (["content/a.md"], "exemples/mesclun/", ["content/a.md"]),
        (["exemples/mesclun/pelicanconf.py"], "exemples/mesclun", ["exemples/mesclun/pelicanconf.py"]),
    ],
)
def test_ce_qui_n_est_pas_un_contenu_du_site_publie(fichiers, site, autres):
    assert hors_contenus(fichiers, site) == autres


def git(depot, *arguments) -> str:
    fait = subprocess.run(["git", *arguments], cwd=depot, capture_output=True, text=True, check=True)
    return fait.stdout.strip()


def commit(depot, fichiers: dict[str, str]) -> str:
    for chemin, texte in fichiers.items():
        (depot / chemin).parent.mkdir(parents=True, exist_ok=True)
        (depot / chemin).write_text(texte, encoding="utf-8")
    git(depot, "add", "-A")
    git(depot, "-c", "user.name=essai", "-c", "user.email=essai@exemple.fr", "commit", "-q", "-m", "essai")
    return git(depot, "rev-parse", "HEAD")


def decision(depot, *arguments) -> tuple[str, str]:
    fait = subprocess.run(
        [sys.executable, str(SCRIPT), *arguments], cwd=depot, capture_output=True, text=True, check=False
    )
    assert fait.returncode == 0, fait.stderr
    return fait.stdout.strip(), fait.stderr


def test_un_vrai_depot_git(tmp_path):
    depot = tmp_path / "depot"
    depot.mkdir()
    git(depot, "init", "-q")
    premier = commit(depot, {"theme/base.html": "<html>", "content/a.md": "Title: A\n"})
    contenus = commit(depot, {"content/b.md": "Title: B\n", "data/agenda.yml": "[]\n"})
    theme = commit(depot, {"theme/base.html": "<html lang=fr>"})

    sortie, pourquoi = decision(depot, "push", premier, contenus, ".")
    assert sortie == "suite=non" and "seulement des contenus et des données (2 fichier(s))" in pourquoi
    sortie, pourquoi = decision(depot, "push", contenus, theme, ".")
    assert sortie == "suite=oui" and "theme/base.html" in pourquoi
    sortie, pourquoi = decision(depot, "push", premier, theme, ".")  # plusieurs commits d'un coup
    assert sortie == "suite=oui"
    # Premier envoi d'une branche, commit absent (pas de dépôt distant d'où le chercher) : on teste.
    assert decision(depot, "push", AUCUN_COMMIT, theme, ".")[0] == "suite=oui"
    sortie, pourquoi = decision(depot, "push", "1234567" * 5 + "12345", theme, ".")
    assert sortie == "suite=oui" and "par prudence" in pourquoi
    assert decision(depot, "pull_request", premier, contenus, ".")[0] == "suite=oui"
    assert decision(depot, "workflow_dispatch", premier, contenus, ".")[0] == "suite=oui"
    assert decision(depot, "schedule", "", theme, ".")[0] == "suite=non"


def test_le_workflow_de_publication_s_en_sert():
    """Le workflow demande au script s'il faut les tests, après make check et avant make test."""
    import yaml

    etapes = yaml.safe_load((RACINE / ".github" / "workflows" / "publier.yml").read_text(encoding="utf-8"))
    etapes = etapes["jobs"]["construire"]["steps"]
    commandes = [e.get("run", "") for e in etapes]
    verifier = next(i for i, c in enumerate(commandes) if c.startswith("make check"))
    portee = next(i for i, c in enumerate(commandes) if "scripts/portee_des_tests.py" in c)
    tests = next(i for i, c in enumerate(commandes) if c.strip() == "make test")
    assert verifier < portee < tests
    assert '>> "$GITHUB_OUTPUT"' in commandes[portee]
    assert etapes[tests]["if"] == f"steps.{etapes[portee]['id']}.outputs.suite != 'non'"
    assert not any("if" in e for e in etapes[:tests] if e.get("run", "").startswith("make check"))


def test_noms_accentues_et_espaces_restent_des_contenus(tmp_path):
    """Git cite entre guillemets un nom accentué (« content/images/r\\303\\251union.jpg ») et une
    espace coupait le nom en deux : l'image « réunion d'été.jpg » relançait toute la suite."""
    depot = tmp_path / "depot"
    depot.mkdir()
    git(depot, "init", "-q")
    premier = commit(depot, {"content/a.md": "Title: A\n"})
    images = commit(depot, {"content/images/réunion d'été.jpg": "jpeg", "data/été 2026.yml": "[]\n"})
    sortie, pourquoi = decision(depot, "push", premier, images, ".")
    assert sortie == "suite=non" and "(2 fichier(s))" in pourquoi, pourquoi
