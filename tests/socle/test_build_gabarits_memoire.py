"""Ce que le socle fait pour la vitesse du build : gabarits compilés une fois, ramasse-miettes ménagé.

Vrais builds du site d'essai : le cache de gabarits ne doit jamais servir un gabarit périmé, et le
ramasse-miettes doit retrouver tous ses objets après le build (`make devserver` enchaîne les builds).
"""

import gc
import shutil

from outils import RACINE, construire_site, copier_site_essai


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
