"""Les collections des fichiers de données (`data/*.yml`) : points d'accueil, formations, agenda.

Un fichier par plugin actif, édité fiche par fiche ; format « yaml-maillage » (admin/yaml-fidele.js).
"""

from __future__ import annotations

from .champs import (
    case,
    entier,
    fichier_yaml,
    identifiant,
    liste_fiches,
    liste_textes,
    motif,
    options_de,
    reference,
    texte,
    yaml_brut,
)

FORMAT_YAML = "yaml-maillage"
# Sans exemple de ville : l'éditeur sert tous les sites du moteur.
AIDE_CODE_POSTAL = "cinq chiffres, le zéro du début compris (« 06000 », pas « 6000 »)"


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
            "options": options_de(referentiel[liste]),
            "required": nom in points["obligatoires"],
            "hint": f"Liste « {liste} » de {source}.",
        }

    return [
        identifiant(regles, "points"),
        texte("structure", "Structure qui accueille"),
        choix("type", "Type de structure"),
        choix("territoire", "Territoire"),
        texte("commune", "Commune", hint="Nom officiel, comme dans la table des communes."),
        texte(
            "code_postal",
            "Code postal",
            pattern=motif(regles, "code_postal", AIDE_CODE_POSTAL),
        ),
        texte(
            "adresse",
            "Adresse",
            obligatoire=False,
            widget="rue-numero",
            hint="La rue et le numéro : le code postal et la commune ont leurs champs.",
        ),
        {
            "name": "coordonnees",
            "label": "Position (latitude, longitude)",
            "widget": "coordonnees",
            "required": True,
            "hint": "Degrés décimaux : clic droit « Afficher l'adresse » sur openstreetmap.org.",
        },
        case("position_approximative", "Position approximative"),
        choix("accueil", "Comment être reçu"),
        texte("precisions", "Précisions sur l'accueil", obligatoire=False),
        texte(
            "horaires",
            "Horaires d'accueil",
            obligatoire=False,
            hint="Par exemple « Mardi et jeudi, 9 h – 12 h ».",
        ),
        texte(
            "telephone",
            "Téléphone pour prendre rendez-vous",
            obligatoire=False,
            hint="Vide : le numéro de l'association.",
        ),
        texte("rendez_vous", "Lien de réservation en ligne", obligatoire=False, hint="https://… ou mailto:…"),
        liste_textes("services", "Services proposés", min=1),
        case("actif", "Publié sur le site", coche=True),
        {
            "name": "fermetures",
            "label": "Fermetures datées (congés, travaux)",
            "widget": "fermetures",
            "required": False,
            "hint": "Dates en année-mois-jour, dernier jour compris. Le site annonce « Fermé du … au … » "
            "avant et pendant la fermeture, puis plus rien : inutile de la retirer.",
        },
        texte("contact", "Interlocuteur (jamais publié sans accord)", obligatoire=False),
        case("publier_contact", "Publier l'interlocuteur"),
    ]


def _fichier_points(regles: dict) -> dict:
    """data/points-accueil.yml : les fiches des points d'accueil."""
    points = regles["points_accueil"]
    return fichier_yaml(
        "points_accueil",
        "Points d'accueil",
        points["fichier"],
        [
            liste_fiches(
                "points",
                "Points d'accueil",
                "point d'accueil",
                "{{fields.structure}} ({{fields.commune}})",
                _champs_point(regles),
            )
        ],
    )


def _fichier_formations(regles: dict) -> dict:
    """data/formations.yml : lieux, modules et sessions."""
    formations = regles["formations"]
    return fichier_yaml(
        "formations",
        "Formations (lieux, modules, sessions)",
        formations["fichier"],
        [
            liste_fiches(
                "lieux",
                "Lieux",
                "lieu",
                "{{fields.nom}} ({{fields.commune}})",
                [
                    identifiant(regles, "lieux"),
                    texte("nom", "Nom"),
                    texte("adresse", "Adresse", obligatoire=False),
                    texte(
                        "code_postal",
                        "Code postal",
                        obligatoire=False,
                        pattern=motif(regles, "code_postal", AIDE_CODE_POSTAL),
                    ),
                    texte("commune", "Commune"),
                ],
            ),
            liste_fiches(
                "modules",
                "Modules",
                "module",
                "{{fields.titre}}",
                [
                    identifiant(regles, "modules", "slug", "Adresse (slug)"),
                    texte("titre", "Titre"),
                    {"name": "resume", "label": "Résumé", "widget": "text", "required": True},
                    liste_textes("objectifs", "Objectifs"),
                    liste_textes("contenu", "Contenu"),
                    texte("public", "Public"),
                    entier("duree_jours", "Durée (jours)", minimum=1, obligatoire=True),
                    {
                        "name": "deroulement",
                        "label": "Déroulement",
                        "widget": "text",
                        "required": False,
                    },
                    liste_textes("financement", "Financement", obligatoire=False),
                    texte("prix", "Prix", obligatoire=False),
                    texte("prerequis", "Prérequis", obligatoire=False),
                ],
            ),
            liste_fiches(
                "sessions",
                "Sessions",
                "session",
                "{{fields.id}}",
                [
                    identifiant(regles, "sessions"),
                    reference("module", "Module (slug)", "modules", "slug", "module", "modules du catalogue"),
                    texte("programme", "Programme", obligatoire=False),
                    yaml_brut(
                        "jours",
                        "Jours",
                        True,
                        "Liste de dates : [2026-12-03, 2026-12-10], ou des lignes « - date: … horaires: … ».",
                    ),
                    texte("horaires", "Horaires", obligatoire=False, hint="Par exemple 9:30-17:00."),
                    reference(
                        "lieu", "Lieu (identifiant)", "lieux", "id", "lieu", "lieux déclarés dans « lieux: »"
                    ),
                    entier("capacite", "Places", minimum=0, obligatoire=False),
                    entier("effectif", "Inscrits", minimum=0, obligatoire=False),
                    {
                        "name": "statut",
                        "label": "Statut",
                        "widget": "select",
                        "options": formations["statuts"],
                        "required": False,
                    },
                    texte("inscription", "Lien d'inscription", obligatoire=False),
                    case("exemple", "Donnée d'exemple"),
                ],
            ),
        ],
    )


def _fichier_agenda(regles: dict) -> dict:
    """data/agenda.yml : les événements."""
    agenda = regles["agenda"]
    mots_cles = options_de(regles["actualites"]["mots_cles"])
    moment = motif(regles, "moment", "« 2026-12-03 14:00 », ou « 2026-12-03 » pour la journée entière")
    return fichier_yaml(
        "agenda",
        "Agenda",
        agenda["fichier"],
        [
            liste_fiches(
                "evenements",
                "Événements",
                "événement",
                "{{fields.debut}} · {{fields.titre}}",
                [
                    identifiant(regles, "evenements"),
                    texte("titre", "Titre"),
                    texte("debut", "Début", pattern=moment),
                    texte("fin", "Fin", obligatoire=False, hint="« 17:00 » pour le même jour."),
                    yaml_brut(
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
                        "options": options_de(agenda["publics"]),
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
                    liste_textes("intervenants", "Intervenants", obligatoire=False),
                    {"name": "resume", "label": "Résumé", "widget": "text", "required": True},
                    {
                        "name": "description",
                        "label": "Description",
                        "widget": "text",
                        "required": False,
                    },
                    texte("lien", "Lien", obligatoire=False),
                    {
                        "name": "statut",
                        "label": "Statut",
                        "widget": "select",
                        "options": [
                            {"label": "Annulé (reste affiché, marqué « Annulé »)", "value": "annulee"}
                        ],
                        "required": False,
                        "hint": "Vide : le rendez-vous a lieu.",
                    },
                    case("exemple", "Donnée d'exemple"),
                ],
            )
        ],
    )


def collection_donnees(regles: dict) -> dict | None:
    """Points d'accueil, formations et agenda : un fichier YAML chacun, édités entrée par entrée."""
    fichiers = []
    if "points_accueil" in regles:
        fichiers.append(_fichier_points(regles))
    if "formations" in regles:
        fichiers += [_fichier_formations(regles), _fichier_agenda(regles)]
    if not fichiers:
        return None
    return {
        "name": "donnees",
        "label": "Points d'accueil, formations, agenda",
        "label_singular": "fichier",
        # Decap lit le format au niveau de la collection, pas du fichier.
        "format": FORMAT_YAML,
        "editor": {"preview": False},
        "files": fichiers,
    }
