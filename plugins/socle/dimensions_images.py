"""Largeur et hauteur de chaque image du Markdown (attributs `width` et `height`).

Le navigateur réserve ainsi la place de l'image avant de l'avoir chargée : la page ne saute plus
sous le doigt pendant le chargement (téléphone, réseau lent), et les courriels gardent la mise en
page prévue. Les dimensions sont celles de l'image publiée (`socle.images` réduit les trop larges) ;
la feuille de style garde `max-width: 100%; height: auto`. Une image d'un autre site, un SVG ou un
fichier introuvable (signalé par la vérification) restent sans dimensions.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .images import dimensions_publiees

# Chemins écrits à partir de content/ (Pelican les change en adresses après le Markdown).
PREFIXES = ("{static}/", "{attach}/", "{filename}/")


@lru_cache(maxsize=1024)
def _dimensions(chemin: str, modifiee_ns: int, largeur_max: int) -> tuple[int, int] | None:
    return dimensions_publiees(Path(chemin), largeur_max)


def fichier_de(src: str, contenu: Path) -> Path | None:
    """Le fichier de content/ que désigne `src` (« {static}/images/x.jpg », « images/x.jpg »), ou None."""
    for prefixe in PREFIXES:
        if src.startswith(prefixe):
            src = src[len(prefixe) :]
            break
    else:
        if not src or "://" in src or src.startswith(("/", "data:", "#")):
            return None
    chemin = contenu / unquote(src.split("?", 1)[0].split("#", 1)[0])
    return chemin if chemin.is_file() else None


class _Dimensions(Treeprocessor):
    def __init__(self, md, contenu: Path, largeur_max: int):
        super().__init__(md)
        self.contenu, self.largeur_max = contenu, largeur_max

    def run(self, root):
        for image in root.iter("img"):
            if image.get("width") or image.get("height"):
                continue  # dimensions écrites à la main (attributs { width=… }) : gardées
            chemin = fichier_de(image.get("src", ""), self.contenu)
            if chemin is None:
                continue
            taille = _dimensions(str(chemin), chemin.stat().st_mtime_ns, self.largeur_max)
            if taille:
                image.set("width", str(taille[0]))
                image.set("height", str(taille[1]))


class DimensionsImages(Extension):
    """`DimensionsImages(contenu=dossier content/, largeur_max=…)` : voir le module."""

    def __init__(self, **kwargs):
        self.config = {
            "contenu": [".", "dossier des contenus (réglage PATH)"],
            "largeur_max": [1200, "largeur maximale des images publiées (SOCLE image_largeur_max)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (nom imposé par Python-Markdown)
        processeur = _Dimensions(md, Path(self.getConfig("contenu")), int(self.getConfig("largeur_max")))
        md.treeprocessors.register(processeur, "dimensions_images", 1)
