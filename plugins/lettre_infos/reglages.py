"""Réglages de la Lettre d'infos (clé LETTRE_INFOS), valeurs par défaut en un seul endroit."""

from types import MappingProxyType

from socle.reglages import fusionner

POLICES_LATO = "/usr/share/fonts/truetype/lato/"  # paquet Debian fonts-lato (scripts/installer.sh)

DEFAUTS = MappingProxyType(
    {
        # Dossier des numéros (un fichier Markdown par numéro), relatif au dossier du contenu (PATH).
        "dossier": "lettre-infos",
        # Adresse des pages (liste, numéros, PDF, flux), relative à SITEURL.
        "url": "lettre-infos/",
        # Nom de la publication, dans les pages, le PDF et le flux.
        "titre": "La Lettre d'infos",
        # Nombre de pages A4 que le PDF ne doit pas dépasser.
        "pages_max": 2,
        # Fichiers de police incorporés au PDF (TrueType/OpenType, sur la machine de build).
        "polices": {
            "normal": POLICES_LATO + "Lato-Regular.ttf",
            "gras": POLICES_LATO + "Lato-Bold.ttf",
            "italique": POLICES_LATO + "Lato-Italic.ttf",
            "gras_italique": POLICES_LATO + "Lato-BoldItalic.ttf",
        },
        # Variante PDF de WeasyPrint : PDF/UA-1 (accessible, balisé) ; None = PDF balisé simple.
        "variante_pdf": "pdf/ua-1",
    }
)

STYLES_POLICE = {
    "normal": ("normal", 400),
    "gras": ("normal", 700),
    "italique": ("italic", 400),
    "gras_italique": ("italic", 700),
}


def lire(settings) -> dict:
    options = fusionner(settings, "LETTRE_INFOS", DEFAUTS)
    inconnues = sorted(set(options["polices"]) - set(STYLES_POLICE))
    if inconnues:
        raise ValueError(
            f"Réglage LETTRE_INFOS : police(s) inconnue(s) {', '.join(inconnues)} ; "
            f"styles possibles : {', '.join(STYLES_POLICE)}"
        )
    pages_max = options["pages_max"]
    if isinstance(pages_max, bool) or not isinstance(pages_max, int) or pages_max < 1:
        raise ValueError(
            f"Réglage LETTRE_INFOS : « pages_max » vaut {pages_max!r} ; il faut un nombre entier, au moins 1"
        )
    return options
