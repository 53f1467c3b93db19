"""Lecture des en-têtes Markdown (« Clé: valeur ») avec leurs numéros de ligne : le seul lecteur d'en-têtes.

La vérification (`make check`) et le build (`lecteur.LecteurMarkdown`, à la place de l'extension
`meta` de Python-Markdown) lisent les en-têtes avec `lire_entete` : ce que l'une accepte, l'autre
le lit. Les règles :

- une ligne d'en-tête est « Clé: valeur » ; une espace avant les deux-points est acceptée
  (« Title : … », la typographie française) ; la clé peut porter des accents (« Résumé: » est
  ainsi signalé comme champ inconnu au lieu de passer dans le corps) ;
- une ligne qui commence par quatre espaces ou une tabulation prolonge la valeur précédente ;
- les en-têtes s'arrêtent à la première ligne vide, ou à la première ligne qui n'est pas un
  en-tête (elle commence alors le corps) ;
- une clé répétée : seule la première compte pour la vérification (`champs`), toutes sont
  gardées pour le build (`valeurs`), qui avertit et garde la première ;
- un en-tête entre deux lignes « --- » (format YAML d'autres outils) est lu de même, et la
  vérification le refuse avec un message clair (`encadre`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .erreurs import AVERTISSEMENT, Probleme

LIGNE_CHAMP = re.compile(r"^ {0,3}(?P<cle>[^\W\d_][\w-]*)[ \t]*:[ \t]*(?P<valeur>.*)$")
LIGNE_SUITE = re.compile(r"^(?: {4,}|\t)(?P<valeur>.*)$")
LIGNE_CADRE = re.compile(r"^-{3}\s*$")
# « Uid: … » dans le premier paragraphe du corps (deux-points collé : pas « objectifs : »).
LIGNE_ENTETE_AVALEE = re.compile(r"^(?P<cle>[^\W\d_][\w-]*):[ \t]")


@dataclass
class Entete:
    """Les en-têtes d'un fichier : première valeur et ligne de chaque clé, toutes les valeurs, corps."""

    champs: dict[str, tuple[str, int]] = field(default_factory=dict)
    valeurs: dict[str, list[str]] = field(default_factory=dict)
    doublons: dict[str, list[int]] = field(default_factory=dict)
    corps: str = ""
    ligne_corps: int = 1
    encadre: bool = False  # en-tête entre deux lignes « --- »
    coupe: bool = False  # en-tête arrêté par une ligne qui n'en est pas un, sans ligne vide

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
    if lignes and lignes[0].startswith("\ufeff"):
        lignes[0] = lignes[0][1:]
    debut = 0
    if lignes and LIGNE_CADRE.match(lignes[0]):
        entete.encadre, debut = True, 1
    derniere = None  # (clé, rang de la valeur) que prolonge une ligne de suite
    entete.ligne_corps = len(lignes) + 1
    for indice in range(debut, len(lignes)):
        ligne, numero = lignes[indice], indice + 1
        if not ligne.strip() or (entete.encadre and LIGNE_CADRE.match(ligne)):
            entete.ligne_corps = numero + 1
            break
        champ = LIGNE_CHAMP.match(ligne)
        suite = LIGNE_SUITE.match(ligne) if champ is None else None
        if champ:
            cle, valeur = champ["cle"].lower(), champ["valeur"].strip()
            entete.valeurs.setdefault(cle, []).append(valeur)
            if cle in entete.champs:
                entete.doublons.setdefault(cle, []).append(numero)
            else:
                entete.champs[cle] = (valeur, numero)
            derniere = (cle, len(entete.valeurs[cle]) - 1)
        elif suite and derniere:
            cle, rang = derniere
            prolongee = f"{entete.valeurs[cle][rang]} {suite['valeur'].strip()}".strip()
            entete.valeurs[cle][rang] = prolongee
            if rang == 0:
                entete.champs[cle] = (prolongee, entete.champs[cle][1])
        else:
            entete.ligne_corps, entete.coupe = numero, True
            break
    entete.corps = "\n".join(lignes[entete.ligne_corps - 1 :])
    return entete


def ligne_coupee(entete: Entete) -> tuple[int, tuple[int, str]] | None:
    """(ligne qui a arrêté l'en-tête, (ligne, texte) du premier « Clé: valeur » passé dans le corps).

    Une valeur continuée sur la ligne suivante sans retrait (« Summary: … » sur deux lignes) arrête
    l'en-tête : les champs écrits après (« Uid: … ») deviennent le début du texte. None sinon.
    """
    if not entete.coupe:
        return None
    for rang, ligne in enumerate(entete.corps.split("\n")[1:], 1):
        if not ligne.strip():
            return None
        if LIGNE_ENTETE_AVALEE.match(ligne):
            return entete.ligne_corps, (entete.ligne_corps + rang, ligne.strip())
    return None


def lire_fichier(chemin: Path) -> Entete:
    return lire_entete(chemin.read_text(encoding="utf-8"))


def defauts_de_forme(entete: Entete, affiche: str) -> list[Probleme]:
    """Ce que tout fichier à en-têtes (actualité, page, numéro de la Lettre d'infos) doit éviter :
    l'en-tête YAML entre « --- » d'un autre outil, et une clé répétée (seule la première compte)."""
    problemes = []
    if entete.encadre:
        problemes.append(
            Probleme(
                affiche,
                1,
                "en-tête entre deux lignes « --- » (format YAML d'un autre outil) : non pris en charge",
                "retirez les lignes « --- » et écrivez une ligne par champ, sans guillemets ni crochets : "
                "« Title: Le titre », puis une ligne vide avant le texte",
            )
        )
    coupure = ligne_coupee(entete)
    if coupure is not None:
        numero, (ligne_avalee, avalee) = coupure
        avalee = avalee if len(avalee) <= 50 else avalee[:49] + "…"
        problemes.append(
            Probleme(
                affiche,
                numero,
                "cette ligne n'est pas un en-tête « Clé: valeur » : l'en-tête s'arrête là, et la ligne "
                f"{ligne_avalee} (« {avalee} ») serait publiée comme du texte",
                "un en-tête tient sur une seule ligne : rattachez cette ligne à la précédente, "
                "puis laissez une ligne vide avant le texte",
            )
        )
    for cle, lignes in entete.doublons.items():
        for ligne in lignes:
            problemes.append(
                Probleme(
                    affiche,
                    ligne,
                    f"« {cle.capitalize()} » figure plusieurs fois dans l'en-tête ; seule la première "
                    f"ligne compte (ligne {entete.ligne(cle)})",
                    "supprimez les autres",
                    AVERTISSEMENT,
                )
            )
    return problemes
