"""`sitemap.xml` : toutes les pages HTML écrites, sauf celles marquées `noindex`.

On lit la sortie plutôt que les objets de Pelican : ainsi les pages des autres plugins
(points d'accueil, formations, lettre…) y figurent sans que chacun ait à s'y inscrire.
Une page qui dit sa date de dernière modification (`article:modified_time`, comme chaque
actualité) la donne en `<lastmod>` : les moteurs revisitent d'abord ce qui a changé. Les autres
n'en ont pas : une date inventée (celle du build) leur ferait tout revisiter à chaque fois.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from xml.sax.saxutils import escape

logger = logging.getLogger(__name__)

MARQUE_NOINDEX = b'name="robots" content="noindex'
MODIFIEE = re.compile(rb'<meta property="article:modified_time" content="([^"<>]+)"')
TAILLE_ENTETE = 8192  # les balises meta lues sont dans <head>


def urls_indexables(sortie: Path) -> list[tuple[str, str | None]]:
    """(chemin d'URL, date de dernière modification ou None) des pages HTML indexables, triés.

    Chemins comme « actualites/x/ ». `os.walk` et `open` sans tampon plutôt que `Path.rglob` :
    ~2 000 pages lues par build, et le coût était surtout celui des objets `Path`.
    """
    urls = []
    prefixe = len(os.path.join(str(sortie), ""))
    for dossier, _sous_dossiers, fichiers in os.walk(sortie):
        for nom in fichiers:
            if not nom.endswith(".html"):
                continue
            chemin = os.path.join(dossier, nom)
            with open(chemin, "rb", buffering=0) as flux:
                entete = flux.read(TAILLE_ENTETE)
            if MARQUE_NOINDEX in entete:
                continue
            relatif = chemin[prefixe:].replace(os.sep, "/")
            if nom == "index.html":
                relatif = relatif[: -len(nom)]  # « actualites/x/ » ; « mon-index.html » reste tel quel
            modifiee = MODIFIEE.search(entete)
            urls.append((relatif, modifiee.group(1).decode("ascii", "replace") if modifiee else None))
    return sorted(urls)


def rendre_plan(siteurl: str, urls: list[tuple[str, str | None]]) -> str:
    lignes = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for url, modifiee in urls:
        date = f"<lastmod>{escape(modifiee)}</lastmod>" if modifiee else ""
        lignes.append(f"  <url><loc>{escape(f'{siteurl}/{url}')}</loc>{date}</url>")
    lignes.append("</urlset>")
    return "\n".join(lignes) + "\n"


def ecrire_plan_du_site(pelican) -> None:
    sortie = Path(pelican.output_path)
    urls = urls_indexables(sortie)
    (sortie / "sitemap.xml").write_text(rendre_plan(pelican.settings["SITEURL"], urls), encoding="utf-8")
    logger.info("sitemap.xml : %d pages", len(urls))
