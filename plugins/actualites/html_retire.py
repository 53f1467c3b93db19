"""Vérification : ce que l'assainissement du HTML (`socle.assainissement`) retirerait d'un fichier.

Le build publie le HTML assaini ; `make check` (et le build) disent au personnel ce qui a été
retiré, avec le fichier et la ligne.
"""

from __future__ import annotations

import re

from markdown import Markdown

from socle.assainissement import ligne_de, retraits
from socle.entetes import Entete
from socle.erreurs import AVERTISSEMENT, Probleme

# Seul ce qui peut produire du HTML retiré vaut une conversion : du HTML brut, une entité, un lien.
PEUT_CONTENIR_DU_RETIRE = re.compile(r"[<&]|\]\(|\]:")
CONSEIL = "retirez-le du Markdown : seuls les liens, l'emphase, les listes, les images, les tableaux et les titres sont publiés"


def convertisseur(settings) -> Markdown:
    """Le Markdown du site (mêmes extensions que le build), sans lecture d'en-têtes."""
    md = Markdown(**settings["MARKDOWN"])
    if "meta" in md.preprocessors:
        md.preprocessors.deregister("meta")
    return md


def verifier_html(entete: Entete, affiche: str, md: Markdown) -> list[Probleme]:
    """Un avertissement par balise, attribut ou adresse que le build retirera du corps ou du résumé."""
    sources = [(entete.corps, entete.ligne_corps, "")]
    if entete.valeur("summary"):
        sources.append((entete.valeur("summary"), entete.ligne("summary"), "résumé : "))
    problemes = []
    for source, premiere, quoi in sources:
        if not PEUT_CONTENIR_DU_RETIRE.search(source):
            continue
        md.reset()
        for message, indice in retraits(md.convert(source)):
            ligne = ligne_de(source, indice, premiere) if not quoi else premiere
            problemes.append(
                Probleme(affiche, ligne, f"{quoi}{message} à la publication", CONSEIL, AVERTISSEMENT)
            )
    return problemes
