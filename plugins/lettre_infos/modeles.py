"""Un numéro de la Lettre d'infos (modèle) et la logique pure qui s'y rapporte."""

from __future__ import annotations

import datetime as dt
import re
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


TABLEAU = re.compile(r"<table(?:\s[^>]*)?>(.*?)</table>", re.S)
CELLULE = re.compile(r"<t[hd][\s>]")


def envelopper_tableaux(html: str, ouverture: str, colonnes_min: int = 1) -> str:
    """Chaque tableau d'au moins `colonnes_min` colonnes dans l'élément `ouverture` (« <div class=…> »).

    Sur la page web, un tableau plus large que l'écran défile seul (la page ne défile pas de côté) ;
    dans le PDF, un tableau trop large pour une colonne passe sur toute la largeur.
    """

    def envelopper(trouve: re.Match) -> str:
        premiere_ligne = trouve[1].split("</tr>", 1)[0]
        if len(CELLULE.findall(premiere_ligne)) < colonnes_min:
            return trouve[0]
        return f"{ouverture}{trouve[0]}</div>"

    return TABLEAU.sub(envelopper, html)
