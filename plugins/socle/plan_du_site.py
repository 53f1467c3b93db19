"""`sitemap.xml` : toutes les pages HTML écrites, sauf celles marquées `noindex`.

On lit la sortie plutôt que les objets de Pelican : ainsi les pages des autres plugins
(points d'accueil, formations, lettre…) y figurent sans que chacun ait à s'y inscrire.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from xml.sax.saxutils import escape

logger = logging.getLogger(__name__)

MARQUE_NOINDEX = b'name="robots" content="noindex'
TAILLE_ENTETE = 4096  # la balise meta robots est dans <head>


def urls_indexables(sortie: Path) -> list[str]:
    """Chemins d'URL (« actualites/x/ ») des pages HTML indexables, triés.

    `os.walk` et `open` sans tampon plutôt que `Path.rglob` : ~2 000 pages lues par build, et
    le coût était surtout celui des objets `Path`.
    """
    urls = []
    prefixe = len(os.path.join(str(sortie), ""))
    for dossier, _sous_dossiers, fichiers in os.walk(sortie):
        for nom in fichiers:
            if not nom.endswith(".html"):
                continue
            chemin = os.path.join(dossier, nom)
            with open(chemin, "rb", buffering=0) as flux:
                if MARQUE_NOINDEX in flux.read(TAILLE_ENTETE):
                    continue
            relatif = chemin[prefixe:].replace(os.sep, "/")
            if nom == "index.html":
                relatif = relatif[: -len(nom)]  # « actualites/x/ » ; « mon-index.html » reste tel quel
            urls.append(relatif)
    return sorted(urls)


def rendre_plan(siteurl: str, urls: list[str]) -> str:
    lignes = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    lignes += [f"  <url><loc>{escape(f'{siteurl}/{url}')}</loc></url>" for url in urls]
    lignes.append("</urlset>")
    return "\n".join(lignes) + "\n"


def ecrire_plan_du_site(pelican) -> None:
    sortie = Path(pelican.output_path)
    urls = urls_indexables(sortie)
    (sortie / "sitemap.xml").write_text(rendre_plan(pelican.settings["SITEURL"], urls), encoding="utf-8")
    logger.info("sitemap.xml : %d pages", len(urls))
