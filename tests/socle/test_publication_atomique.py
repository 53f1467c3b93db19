"""`gestion.py construire` : le site est construit à côté et ne remplace `output/` qu'une fois réussi."""

from __future__ import annotations

from pathlib import Path

import pytest

from outils import copier_site_essai, lancer_gestion

UID = "abababab-abab-4bab-8bab-abababababab"


def _instantane(dossier: Path) -> dict[str, bytes]:
    return {str(f.relative_to(dossier)): f.read_bytes() for f in sorted(dossier.rglob("*")) if f.is_file()}


@pytest.fixture
def site(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    sortie = tmp_path / "publie" / "output"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f"\nOUTPUT_PATH = {str(sortie)!r}\nSOCLE = {{**SOCLE, 'strict': True}}\n",
        encoding="utf-8",
    )
    return conf, sortie


def _construire(conf: Path):
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert "Traceback" not in resultat.stderr
    return resultat


def test_un_build_reussi_remplace_le_site(site):
    conf, sortie = site
    assert _construire(conf).returncode == 0
    premier = _instantane(sortie)
    assert "index.html" in premier and oct(sortie.stat().st_mode & 0o777) == "0o755"
    nouvelle = conf.parent / "content" / "actualites" / "nouvelle.md"
    nouvelle.write_text(
        f"Title: Nouvelle\nDate: 2013-09-20\nTags: formation\nSummary: R.\nUid: {UID}\nSlug: nouvelle\n\nTexte.\n",
        encoding="utf-8",
    )
    assert _construire(conf).returncode == 0
    assert (sortie / "actualites" / "nouvelle" / "index.html").exists()
    assert [p.name for p in sortie.parent.iterdir()] == ["output"]  # ni dossier neuf ni ancien laissé


@pytest.mark.parametrize(
    ("fichier", "texte", "message"),
    [
        # Une erreur de données refusée par la vérification (publication stricte).
        (
            "content/actualites/fautive.md",
            f"Title: F\nDate: 2013-09-20\nTags: inconnu\nUid: {UID}\n\nT.\n",
            "mot-clé inconnu",
        ),
        # Une page que Pelican écarte en le journalisant (pas de titre) : publication refusée, pas de
        # page disparue en silence.
        (
            "content/pages/sans-titre.html",
            "<html><head></head><body><p>Texte</p></body></html>\n",
            "erreur(s) signalée(s) pendant le build (ci-dessus) : publication refusée",
        ),
        # Une page à l'adresse du fil (refusée par la vérification, sinon par l'écrivain).
        (
            "content/pages/doublon.md",
            "Title: Doublon\nSlug: actualites\n\nT.\n",
            "content/pages/doublon.md:2 : erreur : adresse « actualites/ » réservée",
        ),
    ],
)
def test_un_build_en_echec_laisse_le_site_precedent_intact(site, fichier, texte, message):
    conf, sortie = site
    assert _construire(conf).returncode == 0
    avant = _instantane(sortie)
    (conf.parent / fichier).write_text(texte, encoding="utf-8")
    resultat = _construire(conf)
    assert resultat.returncode != 0
    assert message in resultat.stderr
    assert f"Le site précédent ({sortie}) est intact : rien n'y a été changé." in resultat.stderr
    assert _instantane(sortie) == avant
    assert [p.name for p in sortie.parent.iterdir()] == ["output"]
