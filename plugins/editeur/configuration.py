"""La configuration de Decap CMS (`admin/config.yml`), déduite des règles et des réglages.

Chaque champ reprend ce que vérifient nos chargeurs : obligatoire ou non, format (pattern),
valeurs possibles (mots-clés, référentiel, publics, statuts). Les messages sont en français.
Fonctions pures : elles se testent sans Pelican.
"""

from __future__ import annotations

from typing import Any

FORMAT_ENTETES = "entetes-pelican"
FORMAT_PAGE = "entetes-page"
FORMAT_YAML = "yaml-maillage"
FORMAT_TEXTE = "markdown-seul"
# Hébergeurs pour lesquels Decap CMS sait faire des brouillons en branches (editorial_workflow).
AVEC_BROUILLONS = frozenset({"github", "gitlab", "bitbucket", "forgejo", "git-gateway"})


def _options(entrees: list[dict]) -> list[dict]:
    return [{"label": e["libelle"], "value": e["slug"]} for e in entrees]


def _texte(nom: str, libelle: str, obligatoire: bool = True, **autres) -> dict:
    return {"name": nom, "label": libelle, "widget": "string", "required": obligatoire, **autres}


def _motif(regles: dict, format_: str, message: str) -> list[str]:
    return [regles["formats"][format_], message]


def _liste_textes(nom: str, libelle: str, obligatoire: bool = True, **autres) -> dict:
    return {
        "name": nom,
        "label": libelle,
        "widget": "list",
        "required": obligatoire,
        "field": {"name": "element", "label": libelle, "widget": "string"},
        **autres,
    }


def _identifiant(regles: dict, nom: str = "id", libelle: str = "Identifiant") -> dict:
    return _texte(
        nom,
        libelle,
        pattern=_motif(
            regles,
            "identifiant",
            "minuscules sans accents, chiffres et tirets, par exemple « sassocier-2026-12 »",
        ),
        hint="Ne le changez plus une fois publié : il fait les adresses et les calendriers.",
    )


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
            _texte("title", "Titre"),
            {
                "name": "date",
                "label": "Date de publication",
                "widget": "datetime",
                "format": "YYYY-MM-DD HH:mm",
                "default": "{{now}}",
                "required": True,
                "pattern": _motif(
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
                "options": _options(actualites["mots_cles"]),
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
            _texte("title", "Titre"),
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


def _champs_point(regles: dict) -> list[dict]:
    points = regles["points_accueil"]
    referentiel = points["referentiel"]
    source = points["fichier_referentiel"]

    def choix(nom: str, libelle: str) -> dict:
        liste = points["vocabulaires"][nom]
        return {
            "name": nom,
            "label": libelle,
            "widget": "select",
            "options": _options(referentiel[liste]),
            "required": nom in points["obligatoires"],
            "hint": f"Liste « {liste} » de {source}.",
        }

    return [
        _identifiant(regles),
        _texte("structure", "Structure qui accueille"),
        choix("type", "Type de structure"),
        choix("territoire", "Territoire"),
        _texte("commune", "Commune", hint="Nom officiel, comme dans la table des communes."),
        _texte(
            "code_postal",
            "Code postal",
            pattern=_motif(regles, "code_postal", "cinq chiffres, par exemple « 59000 »"),
        ),
        _texte("adresse", "Adresse", obligatoire=False),
        {
            "name": "coordonnees",
            "label": "Position (latitude, longitude)",
            "widget": "coordonnees",
            "required": True,
            "hint": "Degrés décimaux : clic droit « Afficher l'adresse » sur openstreetmap.org.",
        },
        {
            "name": "position_approximative",
            "label": "Position approximative",
            "widget": "boolean",
            "required": False,
        },
        choix("accueil", "Comment être reçu"),
        _texte("precisions", "Précisions sur l'accueil", obligatoire=False),
        _liste_textes("services", "Services proposés", min=1),
        {
            "name": "actif",
            "label": "Publié sur le site",
            "widget": "boolean",
            "default": True,
            "required": False,
        },
        _texte("contact", "Interlocuteur (jamais publié sans accord)", obligatoire=False),
        {
            "name": "publier_contact",
            "label": "Publier l'interlocuteur",
            "widget": "boolean",
            "required": False,
        },
    ]


def _fichier_yaml(nom: str, libelle: str, chemin: str, champs: list[dict]) -> dict:
    return {"name": nom, "label": libelle, "file": chemin, "fields": champs}


def _yaml_brut(nom: str, libelle: str, obligatoire: bool, conseil: str) -> dict:
    return {"name": nom, "label": libelle, "widget": "yaml-brut", "required": obligatoire, "hint": conseil}


def collection_donnees(regles: dict) -> dict:
    """Points d'accueil, formations et agenda : un fichier YAML chacun, édités entrée par entrée."""
    points = regles["points_accueil"]
    formations = regles["formations"]
    agenda = regles["agenda"]
    mots_cles = _options(regles["actualites"]["mots_cles"])
    moment = _motif(regles, "moment", "« 2026-12-03 14:00 », ou « 2026-12-03 » pour la journée entière")
    return {
        "name": "donnees",
        "label": "Points d'accueil, formations, agenda",
        "label_singular": "fichier",
        # Decap lit le format au niveau de la collection, pas du fichier.
        "format": FORMAT_YAML,
        "editor": {"preview": False},
        "files": [
            _fichier_yaml(
                "points_accueil",
                "Points d'accueil",
                points["fichier"],
                [
                    {
                        "name": "points",
                        "label": "Points d'accueil",
                        "label_singular": "point d'accueil",
                        "widget": "list",
                        "collapsed": True,
                        "summary": "{{fields.structure}} ({{fields.commune}})",
                        "fields": _champs_point(regles),
                    }
                ],
            ),
            _fichier_yaml(
                "formations",
                "Formations (lieux, modules, sessions)",
                formations["fichier"],
                [
                    {
                        "name": "lieux",
                        "label": "Lieux",
                        "label_singular": "lieu",
                        "widget": "list",
                        "collapsed": True,
                        "summary": "{{fields.nom}} ({{fields.commune}})",
                        "fields": [
                            _identifiant(regles),
                            _texte("nom", "Nom"),
                            _texte("adresse", "Adresse", obligatoire=False),
                            _texte(
                                "code_postal",
                                "Code postal",
                                obligatoire=False,
                                pattern=_motif(regles, "code_postal", "cinq chiffres, par exemple « 59000 »"),
                            ),
                            _texte("commune", "Commune"),
                        ],
                    },
                    {
                        "name": "modules",
                        "label": "Modules",
                        "label_singular": "module",
                        "widget": "list",
                        "collapsed": True,
                        "summary": "{{fields.titre}}",
                        "fields": [
                            _identifiant(regles, "slug", "Adresse (slug)"),
                            _texte("titre", "Titre"),
                            {"name": "resume", "label": "Résumé", "widget": "text", "required": True},
                            _liste_textes("objectifs", "Objectifs"),
                            _liste_textes("contenu", "Contenu"),
                            _texte("public", "Public"),
                            {
                                "name": "duree_jours",
                                "label": "Durée (jours)",
                                "widget": "number",
                                "value_type": "int",
                                "min": 1,
                                "required": True,
                            },
                            {
                                "name": "deroulement",
                                "label": "Déroulement",
                                "widget": "text",
                                "required": False,
                            },
                            _liste_textes("financement", "Financement", obligatoire=False),
                            _texte("prix", "Prix", obligatoire=False),
                            _texte("prerequis", "Prérequis", obligatoire=False),
                        ],
                    },
                    {
                        "name": "sessions",
                        "label": "Sessions",
                        "label_singular": "session",
                        "widget": "list",
                        "collapsed": True,
                        "summary": "{{fields.id}}",
                        "fields": [
                            _identifiant(regles),
                            _texte("module", "Module (slug)"),
                            _texte("programme", "Programme", obligatoire=False),
                            _yaml_brut(
                                "jours",
                                "Jours",
                                True,
                                "Liste de dates : [2026-12-03, 2026-12-10], ou des lignes « - date: … horaires: … ».",
                            ),
                            _texte("horaires", "Horaires", obligatoire=False, hint="Par exemple 9:30-17:00."),
                            _texte("lieu", "Lieu (identifiant)"),
                            {
                                "name": "capacite",
                                "label": "Places",
                                "widget": "number",
                                "value_type": "int",
                                "min": 0,
                                "required": False,
                            },
                            {
                                "name": "effectif",
                                "label": "Inscrits",
                                "widget": "number",
                                "value_type": "int",
                                "min": 0,
                                "required": False,
                            },
                            {
                                "name": "statut",
                                "label": "Statut",
                                "widget": "select",
                                "options": formations["statuts"],
                                "required": False,
                            },
                            _texte("inscription", "Lien d'inscription", obligatoire=False),
                            {
                                "name": "exemple",
                                "label": "Donnée d'exemple",
                                "widget": "boolean",
                                "required": False,
                            },
                        ],
                    },
                ],
            ),
            _fichier_yaml(
                "agenda",
                "Agenda",
                agenda["fichier"],
                [
                    {
                        "name": "evenements",
                        "label": "Événements",
                        "label_singular": "événement",
                        "widget": "list",
                        "collapsed": True,
                        "summary": "{{fields.debut}} · {{fields.titre}}",
                        "fields": [
                            _identifiant(regles),
                            _texte("titre", "Titre"),
                            _texte("debut", "Début", pattern=moment),
                            _texte("fin", "Fin", obligatoire=False, hint="« 17:00 » pour le même jour."),
                            _yaml_brut(
                                "lieu",
                                "Lieu",
                                True,
                                "L'identifiant d'un lieu des formations, ou {nom: …, commune: …}.",
                            ),
                            {
                                "name": "publics",
                                "label": "Publics",
                                "widget": "select",
                                "multiple": True,
                                "options": _options(agenda["publics"]),
                                "required": True,
                            },
                            {
                                "name": "mots_cles",
                                "label": "Mots-clés",
                                "widget": "select",
                                "multiple": True,
                                "options": mots_cles,
                                "required": True,
                            },
                            _liste_textes("intervenants", "Intervenants", obligatoire=False),
                            {"name": "resume", "label": "Résumé", "widget": "text", "required": True},
                            {
                                "name": "description",
                                "label": "Description",
                                "widget": "text",
                                "required": False,
                            },
                            _texte("lien", "Lien", obligatoire=False),
                            {
                                "name": "exemple",
                                "label": "Donnée d'exemple",
                                "widget": "boolean",
                                "required": False,
                            },
                        ],
                    }
                ],
            ),
        ],
    }


def configuration(regles: dict, options: dict, site_url: str) -> dict[str, Any]:
    """Le contenu de `admin/config.yml`."""
    config: dict[str, Any] = {
        "locale": "fr",
        "backend": dict(options["depot"]),
        "media_folder": options["dossier_images"],
        "public_folder": options["chemin_images"],
        "collections": [
            collection_actualites(regles),
            collection_pages(regles),
            collection_donnees(regles),
            collection_editos(regles),
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
