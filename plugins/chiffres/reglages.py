"""Réglages des chiffres clés (clé CHIFFRES), valeurs par défaut en un seul endroit."""

from types import MappingProxyType

from socle.reglages import fusionner

DEFAUTS = MappingProxyType(
    {
        # Fichier des chiffres, relatif au dossier des données.
        "fichier": "chiffres.yml",
        # Adresse de la page « Template: chiffres » (lien depuis l'accueil), relative à SITEURL.
        "url_page": "chiffres-cles/",
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
