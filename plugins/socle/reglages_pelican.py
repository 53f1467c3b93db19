"""Réglages Pelican communs à tous les sites du moteur : adresses, flux, Markdown, Jinja, dates.

Le thème et les plugins comptent sur eux (adresses en français, flux par thématique, échappement
automatique…). Le `pelicanconf.py` d'un site les charge par leur chemin, puis ne règle que ce qui est
à lui (nom, dossiers, PLUGINS et réglages des plugins) ; il peut en remplacer un après le chargement :

    _spec = importlib.util.spec_from_file_location("reglages_pelican", MOTEUR / "plugins/socle/reglages_pelican.py")
    _communs = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_communs)
    globals().update({cle: valeur for cle, valeur in vars(_communs).items() if cle.isupper()})
"""

SITEURL = ""
# Les flux veulent des adresses absolues ; en développement, celles du serveur local.
FEED_DOMAIN = "http://localhost:8000"
RELATIVE_URLS = True
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8", "")  # les dates françaises viennent de Babel, pas de la locale système

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
