"""Lecture de YAML qui garde les numéros de ligne, pour des messages d'erreur précis.

`charger_yaml` renvoie des `dict`/`list` ordinaires, mais chaque mapping est un
`MappingLigne` : on y lit `ligne` (ligne de début, 1-indexée) et `ligne_de(cle)` ; chaque liste est
une `ListeLignes`, où `ligne_de(rang)` donne la ligne de chaque élément (même s'il n'est pas une fiche).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from .erreurs import Probleme


class MappingLigne(dict):
    """Un dict qui sait à quelle ligne il commence et où se trouve chacune de ses clés."""

    ligne: int = 0
    lignes_cles: dict

    def ligne_de(self, cle: str) -> int:
        return self.lignes_cles.get(cle, self.ligne)


class ListeLignes(list):
    """Une liste qui sait à quelle ligne commence chacun de ses éléments."""

    ligne: int = 0
    lignes_elements: list

    def ligne_de(self, rang: int) -> int:
        return self.lignes_elements[rang] if 0 <= rang < len(self.lignes_elements) else self.ligne


# Le chargeur sûr de PyYAML, sur l'analyseur C de libyaml quand il est là (3 à 4 fois plus rapide :
# le registre de la lettre grossit à chaque numéro). Sur un fichier invalide, on relit avec
# l'analyseur Python, dont les messages d'erreur sont traduits plus bas.
class ChargeurRapideAvecLignes(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


class ChargeurAvecLignes(yaml.SafeLoader):
    pass


def construire_mapping(chargeur, noeud, deep=False):
    """Constructeur des mappings : un `MappingLigne` qui note la ligne du nœud et de chaque clé."""
    chargeur.flatten_mapping(noeud)
    resultat = MappingLigne()
    resultat.ligne = noeud.start_mark.line + 1
    resultat.lignes_cles = {}
    for noeud_cle, noeud_valeur in noeud.value:
        cle = chargeur.construct_object(noeud_cle, deep=True)
        if not isinstance(cle, str | int | float | bool) and cle is not None:
            raise yaml.constructor.ConstructorError(None, None, "clé non textuelle", noeud_cle.start_mark)
        if cle in resultat:
            raise yaml.constructor.ConstructorError(
                None, None, f"la clé « {cle} » apparaît deux fois", noeud_cle.start_mark
            )
        resultat[cle] = chargeur.construct_object(noeud_valeur, deep=True)
        resultat.lignes_cles[cle] = noeud_cle.start_mark.line + 1
    return resultat


def construire_liste(chargeur, noeud, deep=False):
    """Constructeur des listes : une `ListeLignes` qui note la ligne de chaque élément."""
    resultat = ListeLignes(chargeur.construct_object(element, deep=True) for element in noeud.value)
    resultat.ligne = noeud.start_mark.line + 1
    resultat.lignes_elements = [element.start_mark.line + 1 for element in noeud.value]
    return resultat


def construire_date(chargeur, noeud):
    """Les dates de PyYAML, mais une date impossible (2026-13-01) est une erreur YAML à sa ligne."""
    try:
        return chargeur.construct_yaml_timestamp(noeud)
    except ValueError:
        raise yaml.constructor.ConstructorError(
            None, None, f"date « {noeud.value} » impossible (mois de 01 à 12, jour du mois)", noeud.start_mark
        ) from None


for _chargeur in (ChargeurRapideAvecLignes, ChargeurAvecLignes):
    _chargeur.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construire_mapping)
    _chargeur.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construire_liste)
    _chargeur.add_constructor("tag:yaml.org,2002:timestamp", construire_date)


def lu_comme_nombre(cle: str, valeur) -> bool:
    """Vrai si YAML a lu comme un nombre un téléphone ou un code postal écrit sans guillemets, en
    perdant le zéro ou le « + » du début (« 06000 » devient 3072, lu en octal ; « +33… » perd son
    « + ») ; un code postal de cinq chiffres sans zéro devant (59000) reste juste."""
    if not isinstance(valeur, int | float) or isinstance(valeur, bool):
        return False
    return cle != "code_postal" or valeur < 10000


class ErreurYaml(Exception):
    """Le fichier n'a pas pu être lu ; porte un `Probleme` prêt à afficher."""

    def __init__(self, probleme: Probleme):
        super().__init__(str(probleme))
        self.probleme = probleme


def charger_yaml(chemin: str | Path, affiche: str | None = None):
    """Lit un fichier YAML (UTF-8) ; lève `ErreurYaml` avec fichier et ligne s'il est invalide."""
    chemin = Path(chemin)
    affiche = affiche or str(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ErreurYaml(
            Probleme(affiche, None, "fichier introuvable", "créez-le ou corrigez le réglage qui le désigne")
        ) from None
    except UnicodeDecodeError as exc:
        raise ErreurYaml(
            Probleme(
                affiche,
                None,
                f"le fichier n'est pas en UTF-8 ({exc.reason})",
                "enregistrez-le en UTF-8 depuis votre éditeur",
            )
        ) from None
    try:
        return yaml.load(texte, Loader=ChargeurRapideAvecLignes)  # noqa: S506 (dérivé de CSafeLoader)
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(texte, Loader=ChargeurAvecLignes)  # noqa: S506 (chargeur sûr dérivé de SafeLoader)
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and "quoted scalar" in str(exc.context or ""):
            # Guillemet jamais refermé : l'analyseur s'arrête bien plus loin, là où il bute ; la faute
            # est au guillemet ouvrant.
            marque = exc.context_mark
        ligne = marque.line + 1 if marque else None
        raise ErreurYaml(
            Probleme(
                affiche,
                ligne,
                f"syntaxe YAML invalide : {traduire_erreur_yaml(exc)}",
                "vérifiez l'indentation (espaces, pas de tabulation), les deux-points et les guillemets",
            )
        ) from None
    except yaml.YAMLError:
        raise ErreurYaml(
            Probleme(affiche, None, "syntaxe YAML invalide", "vérifiez l'indentation et les guillemets")
        ) from None


_TRADUCTIONS = {
    "mapping values are not allowed here": "deux-points inattendu (mettez la valeur entre guillemets ?)",
    "could not find expected ':'": "deux-points attendu",
    "found character '\\t' that cannot start any token": "tabulation interdite, utilisez des espaces",
    "found undefined alias": "alias inconnu",
    "expected <block end>, but found": "indentation incohérente",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "did not find expected key": "clé attendue (indentation ou tiret mal placé ?)",
    "did not find expected '-' indicator": "tiret de liste attendu",
    "found unknown escape character": "caractère d'échappement inconnu après « \\ » (doublez-le : « \\\\ »)",
    "expected a comment or a line break": "texte inattendu après une valeur (mettez-la entre guillemets ?)",
    "found character that cannot start any token": "caractère interdit en début de valeur (mettez-la entre guillemets)",
    "found character '%' that cannot start any token": "« % » en début de valeur : mettez-la entre guillemets",
    "found character '@' that cannot start any token": "« @ » en début de valeur : mettez-la entre guillemets",
    "found character '`' that cannot start any token": "« ` » en début de valeur : mettez-la entre guillemets",
    "found duplicate anchor": "ancre « & » en double",
    "expected alphabetic or numeric character": "« & » ou « * » doit être suivi d'un nom (mettez la valeur entre guillemets)",
    "while scanning a block scalar": "bloc de texte « | » ou « > » mal indenté",
    "unacceptable character": "caractère invisible interdit (copiez-collez le texte à nouveau)",
}


def traduire_erreur_yaml(exc: yaml.MarkedYAMLError) -> str:
    """Message d'erreur YAML en français ; un cas inconnu reçoit un message général, jamais l'anglais
    de l'analyseur."""
    brut = f"{exc.context or ''} {exc.problem or ''}"
    etiquette = re.search(r"constructor for the tag '(?:tag:yaml.org,2002:)?([^']*)'", brut)
    if etiquette:
        return f"étiquette « !!{etiquette.group(1)} » non permise (retirez-la : seules les valeurs simples sont lues)"
    if isinstance(exc, yaml.constructor.ConstructorError) and exc.context is None and exc.problem:
        return exc.problem  # nos propres messages, déjà en français (clé en double, clé non textuelle)
    if "quoted scalar" in brut:
        return "guillemet jamais refermé (à partir de cette ligne)"
    for anglais, francais in _TRADUCTIONS.items():
        if anglais in brut:
            return francais
    return "structure incorrecte à cette ligne (indentation, tiret, deux-points ou guillemets)"
