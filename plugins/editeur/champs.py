"""Briques des champs de config.yml (Decap CMS) : texte, motif, liste, identifiant, fichier YAML."""

from __future__ import annotations


def options_de(entrees: list[dict]) -> list[dict]:
    return [{"label": e["libelle"], "value": e["slug"]} for e in entrees]


def texte(nom: str, libelle: str, obligatoire: bool = True, **autres) -> dict:
    return {"name": nom, "label": libelle, "widget": "string", "required": obligatoire, **autres}


def motif(regles: dict, format_: str, message: str) -> list[str]:
    return [regles["formats"][format_], message]


def liste_textes(nom: str, libelle: str, obligatoire: bool = True, **autres) -> dict:
    return {
        "name": nom,
        "label": libelle,
        "widget": "list",
        "required": obligatoire,
        "field": {"name": "element", "label": libelle, "widget": "string"},
        **autres,
    }


def identifiant(regles: dict, liste: str, nom: str = "id", libelle: str = "Identifiant") -> dict:
    """L'identifiant d'une fiche de la liste `liste` : son format, et unique dans la liste
    (widget « identifiant-fiche » d'admin/editeur.js), comme le vérifie `make check`."""
    return texte(
        nom,
        libelle,
        widget="identifiant-fiche",
        liste=liste,
        pattern=motif(
            regles,
            "identifiant",
            "minuscules sans accents, chiffres et tirets, par exemple « sassocier-2026-12 »",
        ),
        hint="Ne le changez plus une fois publié : il fait les adresses et les calendriers.",
    )


def fichier_yaml(nom: str, libelle: str, chemin: str, champs: list[dict]) -> dict:
    return {"name": nom, "label": libelle, "file": chemin, "fields": champs}


def yaml_brut(nom: str, libelle: str, obligatoire: bool, conseil: str) -> dict:
    return {"name": nom, "label": libelle, "widget": "yaml-brut", "required": obligatoire, "hint": conseil}


def case(nom: str, libelle: str, coche: bool = False) -> dict:
    """Une case à cocher (booléen facultatif ; `coche` : valeur d'une nouvelle fiche)."""
    return {
        "name": nom,
        "label": libelle,
        "widget": "boolean",
        "required": False,
        **({"default": True} if coche else {}),
    }


def entier(nom: str, libelle: str, minimum: int = 0, obligatoire: bool = False) -> dict:
    return {
        "name": nom,
        "label": libelle,
        "widget": "number",
        "value_type": "int",
        "min": minimum,
        "required": obligatoire,
    }


def liste_fiches(nom: str, libelle: str, singulier: str, resume: str, champs: list[dict]) -> dict:
    """Une liste de fiches (points, sessions, événements…), repliées, résumées par `resume`."""
    return {
        "name": nom,
        "label": libelle,
        "label_singular": singulier,
        "widget": "list",
        "collapsed": True,
        "summary": resume,
        "fields": champs,
    }


def reference(nom: str, libelle: str, liste: str, cle: str, quoi: str, conseil: str) -> dict:
    """L'identifiant d'une fiche de la liste `liste` du même fichier (le module d'une session…) :
    refusé avant l'enregistrement s'il n'y est pas, avec le message de `make check`."""
    return {
        "name": nom,
        "label": libelle,
        "widget": "reference-fiche",
        "required": True,
        "liste": liste,
        "cle": cle,
        "quoi": quoi,
        "conseil": conseil,
    }
