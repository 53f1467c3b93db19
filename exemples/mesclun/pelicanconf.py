"""Réglages du site de Mesclun (Pelican), créé par « python gestion.py nouveau-site » puis complété.

Second site du moteur : il n'a que ses contenus, ses données et ces réglages (aucun fichier du
moteur n'est modifié pour lui). Les valeurs marquées « À COMPLÉTER » ou « exemple » dans data/ et
content/ ne viennent pas de la présentation de Mesclun : elles sont à remplacer.

Ce site n'a que son contenu (content/), ses données (data/) et ces réglages : le thème et les
plugins sont ceux du moteur partagé (/work/wt/h7-reutilisation). L'identité de l'association (nom,
adresse, couleurs, menu, mentions légales) est dans data/association.yml.

Commandes, depuis le dossier du moteur (celui qui contient gestion.py) :
    python gestion.py --site exemples/mesclun verifier      vérifie contenus et données
    python gestion.py --site exemples/mesclun construire    construit le site dans output/
ou : make check SITE=exemples/mesclun, make html SITE=exemples/mesclun, make devserver SITE=exemples/mesclun.
Guide pas à pas : docs/autre-association.md du moteur.
"""

from pathlib import Path

ICI = Path(__file__).resolve().parent
# Le moteur partagé (thème, plugins), relatif à ce dossier : à changer si vous déplacez le site.
MOTEUR = (ICI / "../..").resolve()

SITENAME = "Mesclun"  # pour Pelican seulement : le site affiche le nom de data/association.yml
SITEURL = ""
# Les flux veulent des adresses absolues ; en développement, celles du serveur local.
FEED_DOMAIN = "http://localhost:8000"
RELATIVE_URLS = True
PATH = str(ICI / "content")
OUTPUT_PATH = str(ICI / "output")
CACHE_PATH = str(ICI / "cache")
THEME = str(MOTEUR / "theme")
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
LOCALE = ("C.UTF-8", "")  # les dates françaises viennent de Babel, pas de la locale système

# Capacités : chaque plugin de la liste ajoute ses pages, ses sections d'accueil et ses
# vérifications ; le menu de data/association.yml suit (un lien vers une capacité retirée
# disparaît). Possibles : "recherche" (plein texte), "points_accueil" (carte et liste),
# "formations" (catalogue et agenda), "lettre" (lettre d'information). Voir docs/ du moteur.
PLUGIN_PATHS = [str(MOTEUR / "plugins")]
PLUGINS = ["socle", "actualites", "recherche", "points_accueil", "formations"]

# Réglages des plugins : un dictionnaire par plugin, valeurs par défaut dans plugins/*/reglages.py.
# Les « textes » de chaque plugin (titres et phrases des pages) s'y remplacent, par exemple :
#   ACTUALITES = {"textes": {"chapeau": "Des nouvelles de nos membres"}}
SOCLE = {"donnees": str(ICI / "data"), "strict": False}
ACTUALITES = {
    "textes": {
        "description": "Les nouvelles de {nom} et de ses structures adhérentes : événements, locaux, formation.",
        "chapeau": "Les nouvelles du collectif et de ses structures adhérentes",
    },
}
RECHERCHE = {}
# Les points de la carte sont les structures adhérentes du collectif (territoire : Marseille).
POINTS_ACCUEIL = {
    "departements": [
        "13"
    ],  # table data/communes-13.csv : « python gestion.py --site exemples/mesclun communes »
    "chemin": "structures/",
    "points": "structures.yml",
    "referentiel": "structures-referentiel.yml",
    "textes": {
        "titre": "Structures adhérentes",
        "description": "Les {nombre} structures adhérentes de {nom} : la carte, la liste et la plus proche de chez vous.",
        "chapeau": "{nom} rassemble des structures de l'économie sociale et solidaire à Marseille.",
        "rendez_vous": "Pour joindre le collectif :",
        "rendez_vous_communes": "Pour joindre le collectif :",
        "titre_recherche": "Trouver la structure adhérente la plus proche",
        "plus_proches": "Les {nombre} structures adhérentes les plus proches de {lieu}",
        "aucune_commune": "Aucune commune des Bouches-du-Rhône ne correspond à « {texte} ».",
        "titre_carte": "Carte des structures adhérentes",
        "sans_carte": "La liste ci-dessous donne toutes les structures adhérentes.",
        "titre_liste": "Toutes les structures adhérentes",
        "comment_etre_recu": "Accueil :",
        "donnees_ouvertes": "La liste des structures adhérentes est disponible au format",
        "geojson": "Structures adhérentes (GeoJSON)",
        "fil_ariane": "Structures adhérentes",
        "titre_communes": "la structure adhérente la plus proche",
        "description_communes": "Pour chaque commune commençant par {initiale}, les structures adhérentes de {nom} les plus proches.",
        "accueil_titre": "Les structures adhérentes",
        "accueil_texte": "{nom} rassemble {nombre} structures adhérentes présentées sur ce site.",
        "accueil_bouton": "Voir les structures adhérentes",
    },
}
# Les événements co-organisés et le plan de formation interne mutualisé.
FORMATIONS = {
    "url_formations": "plan-de-formation/",
    "textes": {
        "chapeau_formations": "Le plan de formation interne mutualisé de {nom}, ouvert aux structures adhérentes.",
    },
}

# Pelican n'échappe pas le HTML par défaut : les gabarits du moteur l'exigent.
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "autoescape": True,
    "extensions": [],
    "auto_reload": False,
}

# Contenu : actualités dans content/actualites/, pages dans content/pages/.
ARTICLE_PATHS = ["actualites"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "documents", "extra"]
DEFAULT_CATEGORY = "Actualités"
DEFAULT_METADATA = {"category": DEFAULT_CATEGORY}
USE_FOLDER_AS_CATEGORY = False
DEFAULT_DATE = None  # une actualité sans date est une erreur signalée, pas une date inventée
WITH_FUTURE_DATES = False  # une actualité datée dans le futur attend sa date
SUMMARY_MAX_LENGTH = 40
DEFAULT_PAGINATION = 10
DEFAULT_ORPHANS = 2
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "actualites.typographie": {},  # apostrophes, guillemets « », espaces insécables
    },
    "output_format": "html5",
}
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "mtime"

# Adresses en français, sans date (changer la date ne change pas l'adresse).
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

# Flux Atom et RSS : tout, et par mot-clé ; leur titre est le nom de l'association.
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
