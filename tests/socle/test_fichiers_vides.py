"""Un fichier de données vidé par erreur : une erreur en français (fichier, ligne), jamais un site amputé."""

from __future__ import annotations

import pytest

from outils import copier_site_reel, lancer_gestion

CAS = [
    ("points-accueil.yml", "fichier vide : il doit contenir « points: » suivi des points d'accueil"),
    ("agenda.yml", "fichier vide : il doit contenir « evenements: » suivi des événements"),
    ("formations.yml", "fichier vide : il doit contenir « lieux: », « modules: » et « sessions: »"),
    ("lettre/registre.yml", "fichier vide : il doit contenir « depart: »"),
]


@pytest.mark.parametrize(("fichier", "message"), CAS)
def test_un_fichier_vide_est_une_erreur_avec_fichier_et_ligne(tmp_path, fichier, message):
    conf, donnees = copier_site_reel(tmp_path)
    (donnees / fichier).write_text("\n# tout a été effacé\n", encoding="utf-8")
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert f"data/{fichier}:1 : erreur : {message}" in resultat.stderr
    assert "git checkout --" in resultat.stderr and "Traceback" not in resultat.stderr


def test_une_liste_de_points_vide_est_une_erreur(tmp_path):
    conf, donnees = copier_site_reel(tmp_path)
    (donnees / "points-accueil.yml").write_text("points: []\n", encoding="utf-8")
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert (
        "points-accueil.yml:1 : erreur : fichier vide : il doit contenir au moins un point" in resultat.stderr
    )


def test_la_publication_refuse_et_garde_le_site_precedent(tmp_path):
    conf, donnees = copier_site_reel(tmp_path, publication=True)
    sortie = tmp_path / "output"
    sortie.mkdir()
    (sortie / "index.html").write_text("site précédent", encoding="utf-8")
    (donnees / "agenda.yml").write_text("", encoding="utf-8")
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert "agenda.yml:1 : erreur : fichier vide" in resultat.stderr
    assert "est intact" in resultat.stderr
    assert (sortie / "index.html").read_text(encoding="utf-8") == "site précédent"
