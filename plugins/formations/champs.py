"""Lecture des champs saisis dans le YAML (dates, heures, listes), avec messages en français.

Les heures s'écrivent entre guillemets (« "9:30-17:00" », « "2026-12-03 14:00" ») : sans guillemets,
YAML lirait « 14:00 » comme un nombre en base 60. Ce module le détecte et le dit.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from socle.erreurs import AVERTISSEMENT, Probleme
from socle.sources_yaml import MappingLigne, lu_comme_nombre

IDENTIFIANT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# « 9:30 », « 9h30 », « 9 h 30 », « 17h » ou « 17 h » : seule ou après une date (« 2026-12-03 14h »).
_HEURE = r"(\d{1,2})\s*(?:[:h]\s*(\d{2})|h)"
HEURE = re.compile(rf"^\s*{_HEURE}\s*$")
# Entre début et fin : le trait d'union, ou le tiret demi-cadratin des traitements de texte.
SEPARATEUR_HORAIRES = re.compile(r"[-–]")
MOMENT = re.compile(rf"^\s*(\d{{4}})-(\d{{1,2}})-(\d{{1,2}})(?:[ T]+{_HEURE})?\s*$")
DATE_TEXTE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


@dataclass
class Lecteur:
    """Accumule les problèmes d'un fichier de données ; une instance par fichier."""

    affiche: str
    problemes: list[Probleme] = field(default_factory=list)

    def erreur(self, ligne: int | None, message: str, conseil: str = "") -> None:
        self.problemes.append(Probleme(self.affiche, ligne, message, conseil))

    def avertir(self, ligne: int | None, message: str, conseil: str = "") -> None:
        self.problemes.append(Probleme(self.affiche, ligne, message, conseil, AVERTISSEMENT))

    def champs_inconnus(self, entree: MappingLigne, connus: tuple[str, ...], quoi: str) -> None:
        for cle in entree:
            if cle not in connus:
                proche = difflib.get_close_matches(str(cle), connus, n=1)
                conseil = (
                    f"vouliez-vous dire « {proche[0]} » ?"
                    if proche
                    else f"champs possibles : {', '.join(connus)}"
                )
                self.avertir(entree.ligne_de(cle), f"champ inconnu « {cle} » dans {quoi} (ignoré)", conseil)

    def texte(self, entree: MappingLigne, cle: str, quoi: str, obligatoire: bool = True) -> str:
        valeur = entree.get(cle)
        if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
            if obligatoire:
                self.erreur(
                    entree.ligne, f"{quoi} : champ « {cle} » manquant", f"ajoutez une ligne « {cle}: … »"
                )
            return ""
        if isinstance(valeur, dict | list):
            self.erreur(entree.ligne_de(cle), f"{quoi} : « {cle} » doit être un texte")
            return ""
        return str(valeur).strip()

    def code_postal(self, entree: MappingLigne, quoi: str) -> str:
        """Le code postal (facultatif) ; sans guillemets, « 06000 » serait lu en octal (3072)."""
        if lu_comme_nombre("code_postal", entree.get("code_postal")):
            self.erreur(
                entree.ligne_de("code_postal"),
                f"{quoi} : « code_postal » lu comme un nombre ({entree['code_postal']}) : "
                "le zéro du début est perdu",
                'écrivez-le entre guillemets, ex. : code_postal: "06000"',
            )
            return ""
        return self.texte(entree, "code_postal", quoi, False)

    def liste_textes(
        self, entree: MappingLigne, cle: str, quoi: str, obligatoire: bool = True
    ) -> tuple[str, ...]:
        valeur = entree.get(cle)
        if valeur is None:
            if obligatoire:
                self.erreur(
                    entree.ligne,
                    f"{quoi} : champ « {cle} » manquant",
                    f"ajoutez « {cle}: » suivi d'une liste de lignes « - … »",
                )
            return ()
        if isinstance(valeur, str):
            valeur = [valeur]
        if not isinstance(valeur, list) or not all(isinstance(v, str | int | float) for v in valeur):
            self.erreur(
                entree.ligne_de(cle),
                f"{quoi} : « {cle} » doit être une liste de textes",
                "une ligne par élément, commençant par « - » ; mettez entre guillemets un élément qui contient « : »",
            )
            return ()
        return tuple(str(v).strip() for v in valeur if str(v).strip())

    def entier(self, entree: MappingLigne, cle: str, quoi: str, obligatoire: bool = False) -> int | None:
        valeur = entree.get(cle)
        if valeur is None:
            if obligatoire:
                self.erreur(entree.ligne, f"{quoi} : champ « {cle} » manquant", f"ajoutez « {cle}: 12 »")
            return None
        if isinstance(valeur, bool) or not isinstance(valeur, int):
            self.erreur(
                entree.ligne_de(cle),
                f"{quoi} : « {cle} » doit être un nombre entier, pas « {valeur} »",
                f"écrivez par exemple « {cle}: 12 »",
            )
            return None
        if valeur < 0:
            self.erreur(
                entree.ligne_de(cle),
                f"{quoi} : « {cle} » négatif ({valeur})",
                "un effectif ou une capacité est un nombre positif ou nul",
            )
            return None
        return valeur

    def identifiant(self, entree: MappingLigne, cle: str, quoi: str, vus: dict[str, int]) -> str:
        """Identifiant obligatoire, en minuscules et tirets, unique dans `vus` (id → ligne)."""
        valeur = self.texte(entree, cle, quoi)
        if not valeur:
            return ""
        ligne = entree.ligne_de(cle)
        if not IDENTIFIANT.match(valeur):
            self.erreur(
                ligne,
                f"{quoi} : identifiant « {valeur} » invalide",
                "minuscules sans accents, chiffres et tirets : « sassocier-2026-12 »",
            )
            return ""
        if valeur in vus:
            self.erreur(
                ligne, f"{quoi} : identifiant « {valeur} » en double", f"déjà utilisé ligne {vus[valeur]}"
            )
            return ""
        vus[valeur] = ligne
        return valeur


def lire_jour(valeur) -> dt.date | None:
    """Une date « 2026-12-03 » (déjà convertie par YAML, ou texte) ; None si invalide."""
    if isinstance(valeur, dt.datetime):
        return None
    if isinstance(valeur, dt.date):
        return valeur
    trouve = MOMENT.match(str(valeur)) if isinstance(valeur, str) else None
    if not trouve or trouve.group(4) is not None:
        return None
    try:
        return dt.date(*(int(x) for x in trouve.groups()[:3]))
    except ValueError:
        return None


def lire_heure(texte: str) -> dt.time | None:
    trouve = HEURE.match(texte)
    if not trouve:
        return None
    heures, minutes = int(trouve.group(1)), int(trouve.group(2) or 0)
    if heures > 23 or minutes > 59:
        return None
    return dt.time(heures, minutes)


def lire_horaires(valeur) -> tuple[dt.time, dt.time] | None:
    """« 9:30-17:00 » (ou « 9h30-17h », « 9 h 30 – 17 h ») ; None si mal écrit. L'ordre est vérifié à part."""
    morceaux = SEPARATEUR_HORAIRES.split(valeur) if isinstance(valeur, str) else []
    if len(morceaux) != 2:
        return None
    debut, fin = (lire_heure(morceau) for morceau in morceaux)
    if debut is None or fin is None:
        return None
    return debut, fin


def lire_moment(valeur) -> tuple[dt.datetime, bool] | None:
    """« 2026-12-03 14:00 » → (datetime naïf, False) ; « 2026-12-03 » → (minuit, True = journée entière)."""
    if isinstance(valeur, dt.datetime):
        return valeur.replace(tzinfo=None, second=0, microsecond=0), False
    if isinstance(valeur, dt.date):
        return dt.datetime.combine(valeur, dt.time()), True
    if not isinstance(valeur, str):
        return None
    trouve = MOMENT.match(valeur)
    if not trouve:
        return None
    annee, mois, jour, heures, minutes = trouve.groups()
    try:
        if heures is None:
            return dt.datetime(int(annee), int(mois), int(jour)), True
        return dt.datetime(int(annee), int(mois), int(jour), int(heures), int(minutes or 0)), False
    except ValueError:
        return None


def dates_impossibles(texte: str) -> list[tuple[int, str]]:
    """(ligne, date) des dates « 2026-02-30 » du texte brut : YAML les refuserait sans dire où."""
    # Presque toujours aucune : un seul passage sur tout le texte suffit à le voir (les dates des
    # commentaires en font partie, mais on ne fait le détail ligne à ligne que s'il en trouve une).
    if all(_date_existe(trouve) for trouve in DATE_TEXTE.finditer(texte)):
        return []
    trouvees = []
    for numero, ligne in enumerate(texte.splitlines(), start=1):
        contenu = ligne.split("#", 1)[0]
        for trouve in DATE_TEXTE.finditer(contenu):
            if not _date_existe(trouve):
                trouvees.append((numero, trouve.group(0)))
    return trouvees


def _date_existe(trouve: re.Match) -> bool:
    try:
        dt.date(*(int(x) for x in trouve.groups()))
    except ValueError:
        return False
    return True
