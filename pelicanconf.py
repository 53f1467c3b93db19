"""Réglages du site en développement (`make html`, `make devserver`).

L'identité de l'association (nom, adresse, couleurs, menu, mentions légales) est dans
`data/association.yml` ; ici ne figurent que les réglages de Pelican et des plugins propres au site.
Les réglages communs à tous les sites du moteur (adresses, flux, Markdown, Jinja) sont dans
`plugins/socle/reglages_pelican.py`.
"""

import importlib.util
from pathlib import Path

RACINE = Path(__file__).resolve().parent

_spec = importlib.util.spec_from_file_location(
    "reglages_pelican", RACINE / "plugins/socle/reglages_pelican.py"
)
_communs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_communs)
globals().update({cle: valeur for cle, valeur in vars(_communs).items() if cle.isupper()})

SITENAME = "Maillage"
PATH = "content"
THEME = "theme"

PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "socle",
    "actualites",
    "recherche",
    "lettre",
    "points_accueil",
    "formations",
    "chiffres",
    "lettre_infos",
    "editeur",
]

SOCLE = {"donnees": str(RACINE / "data"), "strict": False}
ACTUALITES = {
    "textes": {
        "description": "Le fil d'actualités de {nom} : rendez-vous, formations, dispositifs utiles aux porteurs de projet.",
        "chapeau": "Des informations courtes et utiles aux porteurs de projet",
    },
}
RECHERCHE = {}
# Formations et agenda (docs/formations.md) : données dans data/formations.yml et data/agenda.yml.
FORMATIONS = {
    "publics": {
        "porteurs": "Porteurs de projet",
        "associations": "Associations",
        "elus": "Élus et collectivités",
        "partenaires": "Partenaires",
    },
    # La lettre des élus (LETTRE « editions ») retient le mot-clé « collectivites ».
    "mots_cles_par_public": {"elus": ["collectivites"]},
    "textes": {
        "chapeau_formations": "Des formations pour les bénévoles, les responsables associatifs et les porteurs de projet.",
    },
}
# Chiffres clés (docs/chiffres.md) : data/chiffres.yml, graphiques sur la page content/pages/chiffres-cles.md.
CHIFFRES = {}
# Lettre d'infos (docs/lettre-infos.md) : un numéro par fichier dans content/lettre-infos/, PDF A4 de 2 pages.
LETTRE_INFOS = {}
# Points d'accueil (docs/points-accueil.md) : tuiles chargées seulement au clic « Afficher la carte ».
POINTS_ACCUEIL = {
    # Région desservie : la table data/communes-59-62.csv vient de « python gestion.py communes ».
    "departements": ["59", "62"],
    "textes": {
        "chapeau": "{nom} vous reçoit près de chez vous, sur rendez-vous, dans {nombre} lieux partenaires : "
        "centres sociaux, mairies, maisons de l'emploi, associations.",
        "exemple_recherche": "Par exemple : Villeneuve-d'Ascq, ou 59650. Les accents et les tirets sont facultatifs.",
        "aucune_commune": "Aucune commune du Nord ni du Pas-de-Calais ne correspond à « {texte} ».",
    },
    "tuiles": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">les contributrices et '
    "contributeurs d'OpenStreetMap</a>",
}
# Éditeur en ligne /admin/ (docs/publier.md) : en développement, le proxy local de `make editeur`.
EDITEUR = {
    "proxy_local": "http://127.0.0.1:8081/api/v1",
    # Le dépôt où l'éditeur publié écrit (publishconf.py retire le proxy local).
    "depot": {"name": "github", "repo": "maillage/site", "branch": "main"},
}
# La lettre (docs/lettre.md) : secrets SMTP et clé de signature dans l'environnement, jamais ici.
LETTRE = {
    "premier_numero": "2026-01-05",  # un lundi ; puis tous les 14 jours
    "periode_jours": 14,
    "editions": {
        "complete": {"titre": "La lettre", "mots_cles": [], "agenda": True},
        "elus": {"titre": "La lettre des élus", "mots_cles": ["collectivites"], "agenda": True},
    },
    "semaines_agenda": 4,
    "age_maximal_jours": 60,
    "expediteur": "Maillage <lettre@maillage.asso.fr>",
    "repondre_a": "contact@maillage.asso.fr",
    "list_id": "La lettre de Maillage <lettre.maillage.asso.fr>",
    "desinscription_courriel": "desinscription@maillage.asso.fr",
    # Le service d'abonnement (docs/abonnements.md) ; en développement, celui de « make abonnements ».
    "service_url": "http://localhost:8001",
}

# L'icône des onglets (data/association.yml, « favicon ») est publiée à la racine.
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}
CACHE_PATH = str(RACINE / "cache")
