"""La configuration de Decap CMS (`admin/config.yml`), déduite des règles et des réglages.

Chaque champ reprend ce que vérifient nos chargeurs : obligatoire ou non, format (pattern),
valeurs possibles (mots-clés, référentiel, publics, statuts). Les messages sont en français.
Fonctions pures : elles se testent sans Pelican.
"""

from __future__ import annotations

import posixpath
from typing import Any

from .champs import motif, options_de, texte
from .collections_donnees import collection_donnees

FORMAT_ENTETES = "entetes-pelican"
FORMAT_PAGE = "entetes-page"
FORMAT_TEXTE = "markdown-seul"
# Hébergeurs pour lesquels Decap CMS sait faire des brouillons en branches (editorial_workflow).
AVEC_BROUILLONS = frozenset({"github", "gitlab", "bitbucket", "forgejo", "git-gateway"})


def collection_actualites(regles: dict) -> dict:
    actualites = regles["actualites"]
    return {
        "name": "actualites",
        "label": "Actualités",
        "label_singular": "actualité",
        "description": "Le fil d'actualités : au moins une par semaine. Le résumé sert à la liste, aux flux et à la lettre.",
        "folder": actualites["dossier"],
        "format": FORMAT_ENTETES,
        "extension": "md",
        "create": True,
        # Comme `nouvelle-actualite` : <année>/<date>-<adresse>.md. Année et jour sont pris dans le
        # texte de la date par editeur.js (preSave) : les {{year}} de Decap sont en heure UTC.
        "slug": "{{__jour}}-{{fields.slug}}",
        "path": "{{__annee}}/{{slug}}",
        "identifier_field": "title",
        "summary": "{{fields.date | date('DD/MM/YYYY')}} · {{title}}",
        "sortable_fields": ["date", "title"],
        "fields": [
            texte("title", "Titre"),
            {
                "name": "date",
                "label": "Date de publication",
                "widget": "datetime",
                "format": "YYYY-MM-DD HH:mm",
                "default": "{{now}}",
                "required": True,
                "pattern": motif(
                    regles,
                    "date_actualite",
                    "écrivez la date année-mois-jour, par exemple « 2026-11-23 14:30 »",
                ),
                "hint": "Une date future programme la publication : l'actualité paraît ce jour-là.",
            },
            {
                "name": "tags",
                "label": "Mots-clés",
                "widget": "select",
                "multiple": True,
                "min": 1,
                "required": True,
                "options": options_de(actualites["mots_cles"]),
                "hint": f"Choisis dans {actualites['fichier_mots_cles']} ; au moins un.",
            },
            {
                "name": "summary",
                "label": "Résumé",
                "widget": "text",
                "required": True,
                "hint": "Une ou deux phrases : elles paraissent dans la liste, les flux et la lettre.",
            },
            {"name": "slug", "label": "Adresse (calculée)", "widget": "adresse-pelican", "required": False},
            {"name": "uid", "label": "Identifiant", "widget": "hidden", "required": False},
            {"name": "body", "label": "Texte", "widget": "markdown", "required": True},
        ],
    }


def collection_pages(regles: dict) -> dict:
    return {
        "name": "pages",
        "label": "Pages",
        "label_singular": "page",
        "folder": regles["pages"]["dossier"],
        "format": FORMAT_PAGE,
        "extension": "md",
        "create": True,
        "slug": "{{fields.slug}}",
        "identifier_field": "title",
        "fields": [
            texte("title", "Titre"),
            {"name": "summary", "label": "Résumé", "widget": "text", "required": False},
            {"name": "slug", "label": "Adresse (calculée)", "widget": "adresse-pelican", "required": False},
            {"name": "body", "label": "Texte", "widget": "markdown", "required": True},
        ],
    }


def collection_editos(regles: dict) -> dict:
    """Les éditoriaux de la lettre : `data/lettre/editos/<numéro>.md`, du Markdown sans en-têtes."""
    lettre = regles["lettre"]
    editions = ", ".join(f"<numéro>.{e}.md" for e in lettre["editions"])
    return {
        "name": "editos",
        "label": "Éditoriaux de la lettre",
        "label_singular": "éditorial",
        "description": (
            "Un texte court en tête d'un numéro de la lettre. Le numéro (« 2026-24 ») est indiqué sur "
            f"la page d'aperçu. Un texte propre à une édition ({editions}) se crée dans le dépôt."
        ),
        "folder": lettre["dossier_editos"],
        "format": FORMAT_TEXTE,
        "extension": "md",
        "create": True,
        "slug": "{{fields.numero}}",
        "identifier_field": "numero",
        "summary": "Numéro {{filename}}",
        "editor": {"preview": False},
        "fields": [
            {"name": "numero", "label": "Numéro", "widget": "numero-lettre", "required": False},
            {"name": "body", "label": "Texte", "widget": "markdown", "required": True},
        ],
    }


def configuration(regles: dict, options: dict, site_url: str) -> dict[str, Any]:
    """Le contenu de `admin/config.yml`."""
    config: dict[str, Any] = {
        "locale": "fr",
        "backend": dict(options["depot"]),
        # « dossier_images » part du dossier du site ; Decap CMS l'écrit à partir de la racine du dépôt.
        "media_folder": posixpath.join(regles.get("dossier_site", ""), options["dossier_images"]),
        "public_folder": options["chemin_images"],
        "collections": [
            c
            for c in (
                collection_actualites(regles),
                collection_pages(regles),
                collection_donnees(regles),
                collection_editos(regles) if "lettre" in regles else None,
            )
            if c
        ],
    }
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    if options["proxy_local"]:
        # decap-server sur 127.0.0.1 écrit directement dans le dépôt : publication simple.
        config["local_backend"] = {"url": options["proxy_local"], "allowed_hosts": ["127.0.0.1", "localhost"]}
        config["publish_mode"] = "simple"
    elif options["flux_editorial"] and config["backend"].get("name") in AVEC_BROUILLONS:
        config["publish_mode"] = "editorial_workflow"
    return config
