"""Une page ou une actualité à l'adresse d'une page que le build écrit : refusée en français, avec la ligne."""

from __future__ import annotations

import pytest

from outils import copier_site_reel, lancer_gestion

UID = "cdcdcdcd-cdcd-4dcd-8dcd-cdcdcdcdcdcd"


@pytest.mark.parametrize(
    ("fichier", "texte", "attendu"),
    [
        (
            "pages/carte.md",
            "Title: Carte\nSlug: points-accueil\n\nT.\n",
            "adresse « points-accueil/ » réservée",
        ),
        ("pages/f.md", "Title: F\nSlug: formations\n\nT.\n", "adresse « formations/ » réservée"),
        ("pages/l.md", "Title: L\nSlug: lettre\n\nT.\n", "adresse « lettre/ » réservée"),
        ("pages/a.md", "Title: A\nSlug: actualites\n\nT.\n", "adresse « actualites/ » réservée"),
        (
            "actualites/archives.md",
            f"Title: Archives\nDate: 2013-09-16\nTags: formation\nSummary: R.\nUid: {UID}\nSlug: archives\n\nT.\n",
            "adresse « actualites/archives/ » réservée",
        ),
        (
            "actualites/annee.md",
            f"Title: 2013\nDate: 2013-09-16\nTags: formation\nSummary: R.\nUid: {UID}\nSlug: 2013\n\nT.\n",
            "adresse « actualites/2013/ » réservée",
        ),
    ],
)
def test_make_check_refuse_une_adresse_reservee(tmp_path, fichier, texte, attendu):
    conf, _donnees = copier_site_reel(tmp_path, contenu=True)
    (tmp_path / "content" / fichier).write_text(texte, encoding="utf-8")
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    ligne = texte.splitlines().index(next(x for x in texte.splitlines() if x.startswith("Slug:"))) + 1
    assert f"content/{fichier}:{ligne} : erreur : {attendu}" in resultat.stderr, resultat.stderr


def test_le_build_de_developpement_nomme_les_deux_sources(tmp_path):
    conf, _donnees = copier_site_reel(tmp_path, contenu=True)
    (tmp_path / "content" / "pages" / "carte.md").write_text(
        "Title: Carte\nSlug: points-accueil\n\nT.\n", "utf-8"
    )
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 1, resultat.stderr
    assert "content/pages/carte.md:2 : erreur : adresse « points-accueil/ » réservée" in resultat.stderr
    assert (
        "content/pages/carte.md:2 : erreur : adresse « points-accueil/ » déjà écrite par" in resultat.stderr
    )
    assert "Failed to overwrite" not in resultat.stderr and "Traceback" not in resultat.stderr
    assert not (tmp_path / "output").exists()  # rien de publié à moitié
