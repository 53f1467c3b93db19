"""Lecture de YAML qui garde les numéros de ligne, pour des messages d'erreur précis.

`charger_yaml` renvoie des `dict`/`list` ordinaires, mais chaque mapping est un
`MappingLigne` : on y lit `ligne` (ligne de début, 1-indexée) et `ligne_de(cle)`.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from .erreurs import Probleme


class MappingLigne(dict):
    """Un dict qui sait à quelle ligne il commence et où se trouve chacune de ses clés."""

    ligne: int = 0
    lignes_cles: dict

    def ligne_de(self, cle: str) -> int:
        return self.lignes_cles.get(cle, self.ligne)


class _ChargeurAvecLignes(yaml.SafeLoader):
    pass


# Même chargeur sur l'analyseur C de libyaml, 3 à 4 fois plus rapide (le registre de la lettre
# grossit à chaque numéro). Sur un fichier invalide, on relit avec l'analyseur Python pour garder
# exactement ses messages d'erreur (traduits plus bas).
class _ChargeurRapideAvecLignes(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construire_mapping(chargeur, noeud, deep=False):
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


_ChargeurAvecLignes.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construire_mapping)
_ChargeurRapideAvecLignes.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construire_mapping)


class _HorsCheminRapide(Exception):
    """Ce que `_charger_par_evenements` ne traite pas : le chargeur complet s'en charge."""


_TAG_TEXTE = yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG
# Scalaires implicites que le chargeur sûr sait construire ; les autres (fusion « << », « = »)
# passent par le chargeur complet, qui les traite ou donne son erreur habituelle.
_TAGS_SCALAIRES = frozenset(
    f"tag:yaml.org,2002:{nom}" for nom in ("null", "bool", "int", "float", "timestamp")
)
_TYPES_CLES = (str, int, float, bool, type(None))  # comme `_construire_mapping`
_CONTENEURS = (MappingStartEvent, SequenceStartEvent)
_FINS = (MappingEndEvent, SequenceEndEvent)


def _charger_par_evenements(texte: str):
    """Même résultat que `yaml.load(texte, _ChargeurRapideAvecLignes)`, 4 fois plus vite.

    Construit dicts et listes directement depuis les événements de l'analyseur C, sans passer
    par le graphe de nœuds ni par le constructeur générique de PyYAML (le registre de la lettre
    fait des centaines de Ko). Ne traite que le YAML courant : scalaires, listes, mappings à clés
    simples distinctes, un seul document. Ancres, alias, étiquettes explicites, clés de fusion,
    clés complexes ou en double lèvent `_HorsCheminRapide` ; le chargeur complet reprend alors
    le fichier (et donne ses messages d'erreur).
    """
    chargeur = _ChargeurRapideAvecLignes(texte)
    try:
        if chargeur.yaml_path_resolvers:
            raise _HorsCheminRapide
        suivant = chargeur.get_event
        suivant()  # StreamStartEvent
        evenement = suivant()
        if type(evenement) is StreamEndEvent:
            return None
        if type(evenement) is not DocumentStartEvent:
            raise _HorsCheminRapide
        constructeurs = chargeur.yaml_constructors
        resoudre = chargeur.resolve
        pile = []  # (conteneur parent, clé en attente de sa valeur ou None)
        conteneur = None  # MappingLigne, list, ou None à la racine
        cle = None
        en_attente = False  # dans un mapping : une clé attend sa valeur
        racine = None
        while True:
            evenement = suivant()
            genre = type(evenement)
            if genre is ScalarEvent:
                if evenement.anchor is not None or evenement.tag is not None:
                    raise _HorsCheminRapide
                tag = resoudre(ScalarNode, evenement.value, evenement.implicit)
                if tag == _TAG_TEXTE:
                    valeur = evenement.value
                elif tag in _TAGS_SCALAIRES:
                    noeud = ScalarNode(
                        tag, evenement.value, evenement.start_mark, evenement.end_mark, evenement.style
                    )
                    valeur = constructeurs[tag](chargeur, noeud)
                else:
                    raise _HorsCheminRapide
            elif genre in _CONTENEURS:
                if evenement.anchor is not None or evenement.tag is not None:
                    raise _HorsCheminRapide
                if type(conteneur) is MappingLigne and not en_attente:
                    raise _HorsCheminRapide  # clé complexe (mapping ou liste)
                pile.append((conteneur, cle, en_attente))
                if genre is MappingStartEvent:
                    conteneur = MappingLigne()
                    conteneur.ligne = evenement.start_mark.line + 1
                    conteneur.lignes_cles = {}
                else:
                    conteneur = []
                cle, en_attente = None, False
                continue
            elif genre in _FINS:
                valeur = conteneur
                conteneur, cle, en_attente = pile.pop()
            elif genre is DocumentEndEvent:
                if type(suivant()) is not StreamEndEvent:
                    raise _HorsCheminRapide  # plusieurs documents
                return racine
            else:
                raise _HorsCheminRapide  # alias
            if conteneur is None:
                racine = valeur
            elif type(conteneur) is list:
                conteneur.append(valeur)
            elif en_attente:
                conteneur[cle] = valeur
                en_attente = False
            else:
                if genre is not ScalarEvent or valeur in conteneur or not isinstance(valeur, _TYPES_CLES):
                    raise _HorsCheminRapide  # clé complexe, en double ou non textuelle
                cle, en_attente = valeur, True
                conteneur.lignes_cles[cle] = evenement.start_mark.line + 1
    finally:
        chargeur.dispose()


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
        return _charger_par_evenements(texte)
    except (_HorsCheminRapide, yaml.YAMLError):
        pass
    try:
        return yaml.load(texte, Loader=_ChargeurRapideAvecLignes)  # noqa: S506 (dérivé de CSafeLoader)
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(texte, Loader=_ChargeurAvecLignes)  # noqa: S506 (chargeur sûr dérivé de SafeLoader)
    except yaml.MarkedYAMLError as exc:
        marque = exc.problem_mark or exc.context_mark
        ligne = marque.line + 1 if marque else None
        raise ErreurYaml(
            Probleme(
                affiche,
                ligne,
                f"syntaxe YAML invalide : {traduire_erreur_yaml(exc)}",
                "vérifiez l'indentation (espaces, pas de tabulation), les deux-points et les guillemets",
            )
        ) from None
    except yaml.YAMLError as exc:
        raise ErreurYaml(Probleme(affiche, None, f"syntaxe YAML invalide : {exc}")) from None


_TRADUCTIONS = {
    "mapping values are not allowed here": "deux-points inattendu (mettez la valeur entre guillemets ?)",
    "could not find expected ':'": "deux-points attendu",
    "found character '\\t' that cannot start any token": "tabulation interdite, utilisez des espaces",
    "found undefined alias": "alias inconnu",
    "expected <block end>, but found": "indentation incohérente",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "did not find expected key": "clé attendue (indentation ou tiret mal placé ?)",
    "did not find expected '-' indicator": "tiret de liste attendu",
}


def traduire_erreur_yaml(exc: yaml.MarkedYAMLError) -> str:
    """Message d'erreur YAML en français quand on le connaît, sinon le texte d'origine."""
    brut = str(exc.problem or exc.context or exc)
    for anglais, francais in _TRADUCTIONS.items():
        if anglais in brut:
            return francais
    return brut
