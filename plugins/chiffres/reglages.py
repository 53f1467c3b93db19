"""Réglages des chiffres clés (clé CHIFFRES), valeurs par défaut en un seul endroit."""

from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Fichier des chiffres, relatif au dossier des données.
        "fichier": "chiffres.yml",
        # Slug de la page Markdown qui montre graphiques et tableaux (son texte sert d'introduction),
        # et le gabarit du thème qu'elle prend alors (sans le plugin, elle reste une page ordinaire).
        "page": "chiffres-cles",
        "gabarit": "chiffres",
        # Dossier des graphiques SVG dans le site (relatif à SITEURL).
        "dossier_graphiques": "chiffres-cles/graphiques/",
        # Nombre de chiffres montrés sur la page d'accueil (liste « accueil: » du fichier).
        "accueil_max": 4,
        # Taille de dessin des graphiques (le SVG s'adapte ensuite à la largeur de l'écran).
        "largeur": 480,
        "hauteur": 320,
    }
)


def lire(settings) -> dict:
    return fusionner(settings, "CHIFFRES", DEFAUTS)
