"""Lecture des en-têtes Markdown (« Clé: valeur ») avec leurs numéros de ligne.

Pelican lit les mêmes en-têtes avec l'extension `meta` de Python-Markdown ; on les relit
ici pour pouvoir dire au personnel à quelle ligne se trouve une date ou un titre fautif.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

LIGNE_CHAMP = re.compile(r"^(?P<cle>[A-Za-z][A-Za-z0-9_-]*)\s*:\s*(?P<valeur>.*)$")
LIGNE_SUITE = re.compile(r"^(?: {4}|\t)(?P<valeur>.*)$")


@dataclass
class Entete:
    champs: dict[str, tuple[str, int]] = field(default_factory=dict)
    corps: str = ""
    ligne_corps: int = 1

    def valeur(self, cle: str) -> str | None:
        trouve = self.champs.get(cle)
        return trouve[0] if trouve else None

    def ligne(self, cle: str) -> int:
        trouve = self.champs.get(cle)
        return trouve[1] if trouve else 1


def lire_entete(texte: str) -> Entete:
    """Sépare en-têtes et corps ; les clés sont en minuscules, comme dans Pelican."""
    entete = Entete()
    lignes = texte.splitlines()
    derniere = None
    for numero, ligne in enumerate(lignes, start=1):
        if numero == 1 and ligne.startswith("\ufeff"):
            ligne = ligne[1:]
        if not ligne.strip():
            entete.ligne_corps = numero + 1
            break
        champ = LIGNE_CHAMP.match(ligne)
        suite = LIGNE_SUITE.match(ligne)
        if champ:
            derniere = champ["cle"].lower()
            entete.champs[derniere] = (champ["valeur"].strip(), numero)
        elif suite and derniere:
            valeur, ligne_champ = entete.champs[derniere]
            entete.champs[derniere] = (f"{valeur} {suite['valeur'].strip()}".strip(), ligne_champ)
        else:
            entete.ligne_corps = numero
            break
    else:
        entete.ligne_corps = len(lignes) + 1
    entete.corps = "\n".join(lignes[entete.ligne_corps - 1 :])
    return entete


def lire_fichier(chemin: Path) -> Entete:
    return lire_entete(chemin.read_text(encoding="utf-8"))
