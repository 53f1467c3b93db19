"""Réglages du site en développement (`make html`, `make devserver`).

L'identité de l'association (nom, adresse, couleurs, menu, mentions légales) est dans
`data/association.yml` ; ici ne figurent que les réglages techniques de Pelican et des plugins.
"""

from pathlib import Path

RACINE = Path(__file__).resolve().parent

SITENAME = "Maillage"
SITEURL = ""
# Les flux veulent des adresses absolues ; en développement, celles du serveur local.
FEED_DOMAIN = "http://localhost:8000"
RELATIVE_URLS = True
PATH = "content"
THEME = "theme"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8", "")  # les dates françaises viennent de Babel, pas de la locale système

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["socle", "actualites", "recherche", "lettre", "points_accueil", "formations"]

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
    "textes": {
        "chapeau_formations": "Des formations pour les bénévoles, les responsables associatifs et les porteurs de projet.",
    },
}
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
# La lettre (docs/lettre.md) : secrets SMTP et clé de signature dans l'environnement, jamais ici.
LETTRE = {
    "premier_numero": "2026-01-05",  # un lundi ; puis tous les 14 jours
    "periode_jours": 14,
    "editions": {
        "complete": {"titre": "La lettre", "mots_cles": [], "agenda": True, "liste": ""},
        "elus": {"titre": "La lettre des élus", "mots_cles": ["collectivites"], "agenda": True, "liste": ""},
    },
    "semaines_agenda": 4,
    "age_maximal_jours": 60,
    "expediteur": "Maillage <lettre@maillage.asso.fr>",
    "repondre_a": "contact@maillage.asso.fr",
    "list_id": "La lettre de Maillage <lettre.maillage.asso.fr>",
    "desinscription_url": "https://listes.maillage.asso.fr/lettre/desinscription?jeton={jeton}",
    "desinscription_courriel": "desinscription@maillage.asso.fr",
    "inscription_url": "https://listes.maillage.asso.fr/subscription/form",
}

# Pelican n'échappe pas le HTML par défaut : nos gabarits l'exigent ; le Markdown rendu
# est marqué sûr explicitement (|safe) là où on l'affiche.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": [],
    # Pelican crée un environnement Jinja neuf à chaque build (même avec `pelican -r`) : inutile
    # de revérifier les fichiers de gabarits sur le disque à chaque inclusion (des milliers par build).
    "auto_reload": False,
}

# Contenu
ARTICLE_PATHS = ["actualites"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "documents", "extra"]
EXTRA_PATH_METADATA = {"extra/favicon.ico": {"path": "favicon.ico"}}
DEFAULT_CATEGORY = "Actualités"
# Sans pages de catégorie, Pelican n'attribue plus la catégorie par défaut ; les brouillons en ont besoin.
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}
USE_FOLDER_AS_CATEGORY = False
DEFAULT_DATE = None  # une actualité sans date est une erreur signalée, pas une date inventée
WITH_FUTURE_DATES = False  # une actualité datée dans le futur attend sa date (programmée)
SUMMARY_MAX_LENGTH = 40
DEFAULT_PAGINATION = 10
DEFAULT_ORPHANS = 2
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        # Apostrophes, guillemets « », tirets, points de suspension (plugins/actualites/typographie.py).
        "actualites.typographie": {},
    },
    "output_format": "html5",
}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"
CACHE_PATH = str(RACINE / "cache")

# Adresses : en français, sans date dans l'URL (changer la date ne change pas l'adresse)
ARTICLE_URL = "actualites/{slug}/"
ARTICLE_SAVE_AS = "actualites/{slug}/index.html"
DRAFT_URL = "brouillons/{slug}/"
DRAFT_SAVE_AS = "brouillons/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
INDEX_SAVE_AS = "actualites/index.html"
INDEX_URL = "actualites/"
TAG_URL = "thematiques/{slug}/"
TAG_SAVE_AS = "thematiques/{slug}/index.html"
TAGS_URL = "thematiques/"
TAGS_SAVE_AS = "thematiques/index.html"
ARCHIVES_URL = "actualites/archives/"
ARCHIVES_SAVE_AS = "actualites/archives/index.html"
YEAR_ARCHIVE_URL = "actualites/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = "actualites/{date:%Y}/index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives"]
PAGINATED_TEMPLATES = {"index": None, "tag": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Flux : tout, et par mot-clé (les URL sont absolues en publication grâce à FEED_DOMAIN)
FEED_ALL_ATOM = "flux/actualites.atom.xml"
FEED_ALL_RSS = "flux/actualites.rss.xml"
TAG_FEED_ATOM = "flux/thematiques/{slug}.atom.xml"
TAG_FEED_RSS = "flux/thematiques/{slug}.rss.xml"
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 30
RSS_FEED_SUMMARY_ONLY = True
