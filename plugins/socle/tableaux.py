"""Les tableaux du HTML rendu (actualités, pages, Lettre d'infos) dans un élément qui les contient.

Sur un téléphone, un tableau plus large que l'écran défile seul dans son cadre
(`.tableau-defilant` du thème) : la page, elle, ne défile pas de côté. Dans le PDF de la Lettre
d'infos, un tableau trop large pour une colonne passe sur toute la largeur (`.tableau-large`).
Sur le HTML déjà assaini (l'assainissement ne garde pas les classes) : logique pure.
"""

from __future__ import annotations

import re

TABLEAU = re.compile(r"<table(?:\s[^>]*)?>(.*?)</table>", re.S)
CELLULE = re.compile(r"<t[hd][\s>]")
DEFILANT = '<div class="tableau-defilant">'


def envelopper_tableaux(html: str, ouverture: str = DEFILANT, colonnes_min: int = 1) -> str:
    """Chaque tableau d'au moins `colonnes_min` colonnes dans l'élément `ouverture` (« <div class=…> »)."""
    if "<table" not in html:
        return html

    def envelopper(trouve: re.Match) -> str:
        premiere_ligne = trouve[1].split("</tr>", 1)[0]
        if len(CELLULE.findall(premiere_ligne)) < colonnes_min:
            return trouve[0]
        return f"{ouverture}{trouve[0]}</div>"

    return TABLEAU.sub(envelopper, html)
