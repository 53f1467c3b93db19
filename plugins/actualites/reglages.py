"""Réglages du fil d'actualités (clé ACTUALITES), valeurs par défaut en un seul endroit."""

from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Vocabulaire contrôlé des mots-clés, relatif au dossier des données.
        "vocabulaire": "mots-cles.yml",
        # Nombre d'actualités liées (mots-clés communs) sous chaque actualité.
        "connexes": 3,
        # Combien de voisines, dans chaque mot-clé, on examine pour trouver les liées.
        "voisines_par_mot_cle": 6,
        # Textes de la page du fil (« {nom} » : le nom de l'association) ; chaque site peut les
        # remplacer dans ACTUALITES = {"textes": {...}}.
        "textes": MappingProxyType(
            {
                "description": "Le fil d'actualités de {nom} : rendez-vous, nouvelles et informations utiles.",
                "chapeau": "Des informations courtes et utiles",
            }
        ),
        # Adresses publiées de chaque actualité (redirections), relatif au dossier des données.
        "adresses": "adresses.yml",
    }
)


def lire(settings) -> dict:
    return fusionner(settings, "ACTUALITES", DEFAUTS)
