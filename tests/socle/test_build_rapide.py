"""Ce que le socle fait pour la vitesse du build : gabarits compilés une fois, ramasse-miettes ménagé,
fichiers identiques non réécrits.

Vrais builds du site d'essai : le cache de gabarits ne doit jamais servir un gabarit périmé, le
ramasse-miettes doit retrouver tous ses objets après le build (`make devserver` enchaîne les builds),
et une page modifiée doit être réécrite.
"""

import gc
import shutil

from outils import RACINE, construire_site, copier_site_essai
from socle.ecriture import ecrire_si_different


def _construire(racine, theme, cache):
    conf = copier_site_essai("site_minimal", racine / "site")
    sortie, _journal = construire_site(
        racine / "sortie", fichier=str(conf), override={"THEME": str(theme), "CACHE_PATH": str(cache)}
    )
    return sortie


def test_un_gabarit_modifie_est_recompile_malgre_le_cache(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(RACINE / "theme", theme)
    cache = tmp_path / "cache"
    premiere = _construire(tmp_path / "a", theme, cache)
    compiles = sorted(p.name for p in cache.glob("gabarits-*/*.cache"))
    assert any(compiles), "aucun gabarit compilé gardé dans CACHE_PATH"
    # Même build, cache rempli : mêmes pages.
    seconde = _construire(tmp_path / "b", theme, cache)
    for page in ("index.html", "actualites/premiere/index.html", "thematiques/formation/index.html"):
        assert (seconde / page).read_bytes() == (premiere / page).read_bytes(), page
    # Gabarit modifié entre deux builds : la modification apparaît, le cache n'est pas servi tel quel.
    base = theme / "templates" / "base.html"
    base.write_text(
        base.read_text(encoding="utf-8").replace("</body>", "<!-- repère -->\n</body>"), encoding="utf-8"
    )
    troisieme = _construire(tmp_path / "c", theme, cache)
    assert "<!-- repère -->" in (troisieme / "actualites/premiere/index.html").read_text(encoding="utf-8")
    assert "<!-- repère -->" not in (premiere / "actualites/premiere/index.html").read_text(encoding="utf-8")


def test_apres_le_build_plus_aucun_objet_n_est_soustrait_au_ramasse_miettes(tmp_path):
    _construire(tmp_path, RACINE / "theme", tmp_path / "cache")
    assert gc.get_freeze_count() == 0


def test_ecrire_si_different(tmp_path):
    chemin = tmp_path / "a" / "b" / "page.html"
    assert ecrire_si_different(chemin, "é".encode()) is True  # dossiers créés
    avant = chemin.stat()
    assert ecrire_si_different(chemin, "é".encode()) is False
    assert chemin.stat().st_mtime_ns == avant.st_mtime_ns
    assert ecrire_si_different(chemin, "è".encode()) is True  # même taille, autre contenu
    assert chemin.read_bytes() == "è".encode()


def test_un_second_build_ne_reecrit_que_les_pages_qui_changent(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    reglages = {"THEME": str(RACINE / "theme"), "CACHE_PATH": str(tmp_path / "cache")}
    sortie, _ = construire_site(tmp_path / "sortie", fichier=str(conf), override=reglages)
    pages = {p: p.stat().st_mtime_ns for p in sortie.rglob("*.html")}
    source = next((tmp_path / "site" / "content" / "actualites").rglob("*.md"))
    source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    construire_site(tmp_path / "sortie", fichier=str(conf), override=reglages)
    changees = {
        p.relative_to(sortie).as_posix() for p, mtime in pages.items() if p.stat().st_mtime_ns != mtime
    }
    modifiee = [p for p in changees if "Une phrase ajoutée." in (sortie / p).read_text(encoding="utf-8")]
    assert modifiee, "la page de l'actualité modifiée n'a pas été réécrite"
    assert len(changees) < len(pages) / 2, changees


def test_les_dossiers_crees_d_avance_sont_ceux_que_pelican_cree(tmp_path):
    """Le site réel : la liste couvre les actualités, les mots-clés paginés et la lettre, sans rien de plus."""
    from pelican import signals

    from socle.dossiers import dossiers_a_creer

    listes = []

    def relever(generateurs):
        listes.append(dossiers_a_creer(generateurs, generateurs[0].output_path))

    signals.all_generators_finalized.connect(relever)
    try:
        sortie, _journal = construire_site(tmp_path / "sortie")
    finally:
        signals.all_generators_finalized.disconnect(relever)
    (annonces,) = listes
    crees = {str(d) for d in sortie.rglob("*") if d.is_dir()}
    assert set(annonces) <= crees, "dossier annoncé que Pelican ne crée pas"
    assert len(annonces) == len(set(annonces))
    relatifs = {d[len(str(sortie)) + 1 :] for d in annonces}
    attendus = {
        str(p.parent.relative_to(sortie))
        for motif in ("actualites/*/index.html", "actualites/page/*/index.html", "lettre/*/*/index.html")
        for p in sortie.glob(motif)
    }
    assert attendus and attendus <= relatifs
    assert not [d for d in sortie.rglob("*") if d.is_dir() and not any(d.iterdir())], "dossier vide"


def test_sortie_deja_construite(tmp_path):
    """Les dossiers de la première et de la dernière actualité existent : la liste n'est pas recalculée."""
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator

    from socle.dossiers import sortie_deja_construite

    generateur = object.__new__(ArticlesGenerator)
    generateur.output_path = str(tmp_path)
    generateur.articles = [SimpleNamespace(save_as=f"actualites/{nom}/index.html") for nom in ("a", "b", "c")]
    assert not sortie_deja_construite([generateur])
    (tmp_path / "actualites" / "a").mkdir(parents=True)
    assert not sortie_deja_construite([generateur])
    (tmp_path / "actualites" / "c").mkdir()
    assert sortie_deja_construite([generateur])
    assert not sortie_deja_construite([])


def test_ecriture_atomique_sans_fichier_temporaire_laisse(tmp_path):
    import pytest

    from socle.ecriture import ecrire_atomiquement

    cible = tmp_path / "cache" / "sous" / "donnees.bin"
    ecrire_atomiquement(cible, b"un")
    ecrire_atomiquement(cible, b"deux")
    assert cible.read_bytes() == b"deux"
    assert sorted(p.name for p in cible.parent.iterdir()) == ["donnees.bin"]
    # Échec du renommage (la cible est un dossier) : l'erreur remonte, aucun fichier temporaire ne reste.
    dossier = tmp_path / "dossier"
    dossier.mkdir()
    (dossier / "x").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        ecrire_atomiquement(dossier, b"trois")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "dossier"]
