"""Vérification : ce que l'assainissement du HTML (`socle.assainissement`) retirerait d'un fichier.

Le build publie le HTML assaini ; `make check` (qui convertit le Markdown pour le savoir) et le
lecteur du build (qui a déjà le HTML rendu) disent au personnel ce qui a été retiré, avec le fichier
et la ligne.
"""

from __future__ import annotations

import re

from markdown import Markdown

from socle.assainissement import avertissements_retraits
from socle.entetes import Entete
from socle.erreurs import Probleme

# Seul ce qui peut produire du HTML retiré vaut une conversion : du HTML brut, une entité, un lien,
# des attributs « {: onclick=… } » (extension attr_list d'« extra »).
PEUT_CONTENIR_DU_RETIRE = re.compile(r"[<&{]|\]\(|\]:")
CONSEIL = "retirez-le du Markdown : seuls les liens, l'emphase, les listes, les images, les tableaux et les titres sont publiés"


def verifier_html(entete: Entete, affiche: str, md: Markdown) -> list[Probleme]:
    """Un avertissement par balise, attribut ou adresse que le build retirera du corps ou du résumé."""

    def rendu(source: str) -> str:
        if not source or not PEUT_CONTENIR_DU_RETIRE.search(source):
            return ""
        md.reset()
        return md.convert(source)

    return problemes_retires(entete, affiche, rendu(entete.corps), rendu(entete.valeur("summary") or ""))


def problemes_retires(entete: Entete, affiche: str, html_corps: str, html_resume: str) -> list[Probleme]:
    """Les avertissements de `verifier_html`, d'après le HTML déjà rendu du corps et du résumé."""
    problemes = avertissements_retraits(html_corps, affiche, CONSEIL, entete.corps, entete.ligne_corps)
    if entete.valeur("summary"):  # un en-tête : la ligne est la sienne
        problemes += avertissements_retraits(
            html_resume, affiche, CONSEIL, premiere=entete.ligne("summary"), prefixe="résumé : "
        )
    return problemes
