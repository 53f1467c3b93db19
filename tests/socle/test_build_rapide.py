"""Ce que le socle fait pour la vitesse du build : gabarits compilés une fois, fichiers identiques
non réécrits, caches écrits atomiquement.

Vrais builds du site d'essai : le cache de gabarits ne doit jamais servir un gabarit périmé.
"""

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


def test_ecrire_si_different(tmp_path):
    chemin = tmp_path / "a" / "b" / "page.html"
    assert ecrire_si_different(chemin, "é".encode()) is True  # dossiers créés
    avant = chemin.stat()
    assert ecrire_si_different(chemin, "é".encode()) is False
    assert chemin.stat().st_mtime_ns == avant.st_mtime_ns
    assert ecrire_si_different(chemin, "è".encode()) is True  # même taille, autre contenu
    assert chemin.read_bytes() == "è".encode()


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
