"""Un numéro de la Lettre d'infos (modèle) et la logique pure qui s'y rapporte."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class NumeroInfos:
    """Un numéro lu dans `content/lettre-infos/<ident>.md`."""

    ident: str  # « 2026-T4 » : le nom du fichier
    titre: str
    date: dt.date
    resume: str
    html: Markup  # corps rendu (Markdown du personnel : marqué sûr volontairement)
    source: str  # chemin affiché au personnel
    images: tuple[str, ...] = ()  # chemins des images, relatifs au dossier du contenu
    exemple: bool = False

    @property
    def slug(self) -> str:
        return self.ident.lower()

    def chemin(self, url_base: str) -> str:
        """Dossier de la page du numéro, relatif à SITEURL (« lettre-infos/2026-t4/ »)."""
        return f"{url_base}{self.slug}/"


def mots(texte: str) -> int:
    """Nombre de mots d'un texte (sans balises) : pour dire combien en retirer."""
    return len(Markup(texte).striptags().split())
