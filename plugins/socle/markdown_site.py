"""Le Markdown du site (réglage MARKDOWN), tel que le build le rend, pour tous les plugins."""

from __future__ import annotations

from markdown import Markdown

from .dimensions_images import DimensionsImages
from .reglages import lire


def convertisseur(settings) -> Markdown:
    """Le Markdown du site, avec les extensions du build, sans lecture d'en-têtes.

    Comme le lecteur de Pelican, les extensions de « extension_configs » sont chargées même si
    « extensions » ne les nomme pas (« extra », la typographie…) : `make check`, qui n'a pas de
    lecteur Pelican, voit le HTML que le build publiera (attributs `{: …}` compris). Les en-têtes
    (« Title: … ») sont lus à part (`socle.entetes`) : l'extension `meta` est retirée.
    Chaque image de content/ y reçoit sa largeur et sa hauteur (`socle.dimensions_images`).
    Une instance se réutilise d'un texte à l'autre avec `reset()`.
    """
    reglage = dict(settings.get("MARKDOWN") or {})
    extensions = list(reglage.get("extensions") or [])
    extensions += [e for e in reglage.get("extension_configs") or {} if e not in extensions]
    extensions.append(
        DimensionsImages(contenu=settings.get("PATH") or ".", largeur_max=lire(settings)["image_largeur_max"])
    )
    md = Markdown(**{**reglage, "extensions": extensions})
    if "meta" in md.preprocessors:
        md.preprocessors.deregister("meta")
    return md
