"""Réglages du site de Mesclun (Pelican), créé par « python gestion.py nouveau-site » puis complété.

Second site du moteur : il n'a que ses contenus, ses données et ces réglages (aucun fichier du
moteur n'est modifié pour lui). Les valeurs marquées « À COMPLÉTER » ou « exemple » dans data/ et
content/ ne viennent pas de la présentation de Mesclun : elles sont à remplacer.

Ce site n'a que son contenu (content/), ses données (data/) et ces réglages : le thème et les
plugins sont ceux du moteur partagé (../.., relatif à ce dossier). L'identité de l'association
(nom, adresse, couleurs, menu, mentions légales) est dans data/association.yml.

Commandes, depuis le dossier du moteur (celui qui contient gestion.py) :
    python gestion.py --site exemples/mesclun verifier      vérifie contenus et données
    python gestion.py --site exemples/mesclun construire    construit le site dans output/
ou : make check SITE=exemples/mesclun, make html SITE=exemples/mesclun, make devserver SITE=exemples/mesclun.
Guide pas à pas : docs/autre-association.md du moteur.
"""

import importlib.util
from pathlib import Path

ICI = Path(__file__).resolve().parent
# Le moteur partagé (thème, plugins), relatif à ce dossier : à changer si vous déplacez le site.
MOTEUR = (ICI / "../..").resolve()

# Réglages communs à tous les sites du moteur (adresses en français, flux, Markdown, Jinja) : voir
# plugins/socle/reglages_pelican.py du moteur ; on peut en remplacer un plus bas.
_spec = importlib.util.spec_from_file_location(
    "reglages_pelican", MOTEUR / "plugins/socle/reglages_pelican.py"
)
_communs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_communs)
globals().update({cle: valeur for cle, valeur in vars(_communs).items() if cle.isupper()})

SITENAME = "Mesclun"  # pour Pelican seulement : le site affiche le nom de data/association.yml
PATH = str(ICI / "content")
OUTPUT_PATH = str(ICI / "output")
CACHE_PATH = str(ICI / "cache")
THEME = str(MOTEUR / "theme")

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
        "plus_proche": "La structure adhérente la plus proche de {lieu}",
        "aucune_commune": "Aucune commune des Bouches-du-Rhône ne correspond à « {texte} ».",
        "titre_carte": "Carte des structures adhérentes",
        "grappe": "{n} structures adhérentes ici : zoomer pour les voir",
        "sans_carte": "La liste ci-dessous donne toutes les structures adhérentes.",
        "titre_liste": "Toutes les structures adhérentes",
        "comment_etre_recu": "Accueil :",
        # Une structure : « Fermée du 20 juillet au 24 août 2026 ».
        "fermeture": "Fermée du {du} au {au}",
        "fermeture_jour": "Fermée le {jour}",
        "ferme_plus_pres": "Plus près, mais fermée en ce moment :",
        "fermes_plus_pres": "Plus près, mais fermées en ce moment :",
        "ferme_plus_pres_le": "Plus près, mais fermée le {jour} :",
        "fermes_plus_pres_le": "Plus près, mais fermées le {jour} :",
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
