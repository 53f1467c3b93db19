"""Le PDF d'un numéro : composition par WeasyPrint, contrôle des pages, cache dans CACHE_PATH.

Composer un PDF prend une à deux secondes : le résultat est gardé dans
`CACHE_PATH/lettre-infos/`, sous une clé faite des octets de tout ce qui le détermine (HTML
d'impression, images, logo, polices) et de la version du code (ce module, WeasyPrint, pydyf).
Un build où aucun numéro n'a changé ne recompose donc rien.
"""

from __future__ import annotations

import hashlib
import json
import logging
import struct
from dataclasses import asdict, dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from socle.ecriture import ecrire_atomiquement

logger = logging.getLogger(__name__)

ANCRE_FIN = "fin-du-numero"  # élément vide à la fin du numéro : où s'arrête-t-il ?
# Résolution maximale des images dans le PDF (points par pouce, à leur taille imprimée) : une photo
# d'appareil (6000 px, plusieurs Mo) est réduite, le PDF reste assez léger pour un courriel, et
# 200 ppp restent nets à l'impression.
RESOLUTION_IMAGES = 200


class ErreurComposition(Exception):
    """WeasyPrint n'a pas pu composer le PDF (ressource introuvable, gabarit invalide…)."""


@dataclass(frozen=True)
class ResultatPdf:
    """Ce que la composition a donné : le PDF s'il tient dans les pages permises, sinon le dépassement."""

    pages: int
    depassement: float = 0.0  # en pages (0,4 = 40 % d'une page de trop)
    octets: bytes | None = None

    @property
    def tient(self) -> bool:
        return self.octets is not None


@lru_cache(maxsize=1)
def version_du_code() -> str:
    """Empreinte du code qui compose le PDF : change quand ce plugin ou WeasyPrint change.

    Versions lues dans les métadonnées des paquets : importer WeasyPrint coûte près d'une
    seconde, à ne payer que si un PDF est vraiment à composer.
    """
    versions = "|".join(version(paquet) for paquet in ("weasyprint", "pydyf", "fonttools"))
    empreinte = hashlib.sha256(versions.encode())
    for fichier in sorted(Path(__file__).parent.glob("*.py")):
        empreinte.update(fichier.read_bytes())
    return empreinte.hexdigest()


TABLES_NECESSAIRES = ("cmap", "head", "hhea", "hmtx", "maxp")
TABLES_DESSINS = ("glyf", "CFF ", "CFF2")  # les dessins des caractères, TrueType ou OpenType


def defaut_de_police(chemin: str) -> str | None:
    """Ce qui rend le fichier de police inutilisable pour le PDF, en français ; None s'il est lisible.

    Sans ce contrôle, WeasyPrint prendrait sans erreur une autre police de la machine (le PDF ne
    serait plus celui de l'association), et la lecture de ses caractères finirait en trace Python.
    Lecture paresseuse : la table des tables, la table des caractères et les octets de chaque table
    (un fichier tronqué s'arrête avant), sans décoder les dessins (un centième de seconde par police).
    """
    from fontTools.ttLib import TTFont, TTLibError

    try:
        # Le fichier ouvert ici : TTFont le laisserait ouvert s'il refuse le fichier dès l'en-tête.
        with open(chemin, "rb") as fichier, TTFont(fichier, lazy=True) as police:
            tables = set(police.reader.keys())
            absentes = [t for t in TABLES_NECESSAIRES if t not in tables]
            if absentes:
                return f"tables {', '.join(absentes)} absentes (fichier incomplet)"
            if not tables & set(TABLES_DESSINS):
                return "aucun dessin de caractère (ni table glyf, ni CFF)"
            for table in sorted(tables):
                police.reader[table]
            if not police.getBestCmap():
                return "aucun caractère (table cmap vide)"
    except OSError as exc:
        return f"fichier illisible ({exc.strerror or exc})"
    # Selon l'endroit abîmé, fontTools lève l'une ou l'autre de ces erreurs.
    except (TTLibError, AssertionError, struct.error, ValueError, LookupError, EOFError) as exc:
        if "sfntVersion" in str(exc):
            return "ce n'est pas un fichier de police TrueType ou OpenType"
        return f"fichier de police abîmé ou tronqué (détail : {exc})"
    return None


@lru_cache(maxsize=8)
def caracteres_des_polices(chemins: tuple[str, ...]) -> frozenset[int]:
    """Les caractères (points de code) que toutes les polices du PDF savent dessiner."""
    from fontTools.ttLib import TTFont

    communs = None
    for chemin in chemins:
        with TTFont(chemin, lazy=True) as police:
            couverts = set(police.getBestCmap() or {})
        communs = couverts if communs is None else communs & couverts
    return frozenset(communs or ())


def cle_pdf(html: str, fichiers: list[Path], options: dict) -> str:
    """Clé de cache : octets du HTML d'impression et des fichiers qu'il charge, options, version du code."""
    empreinte = hashlib.sha256(version_du_code().encode())
    empreinte.update(json.dumps(options, sort_keys=True).encode())
    empreinte.update(html.encode("utf-8"))
    for fichier in sorted(set(fichiers)):
        empreinte.update(str(fichier).encode())
        empreinte.update(fichier.read_bytes())
    return empreinte.hexdigest()[:32]


def mesurer_depassement(pages, pages_max: int) -> float:
    """De combien de pages le texte dépasse `pages_max`, d'après la position de l'ancre de fin.

    `pages` : les pages d'un `weasyprint.Document` (attributs publics `anchors` et `height`).
    Les colonnes de la dernière page sont équilibrées : la hauteur de l'ancre dit quelle part
    de la page le texte occupe.
    """
    for rang, page in enumerate(pages):
        position = page.anchors.get(ANCRE_FIN)
        if position is not None:
            fraction = min(max(position[1] / page.height, 0.0), 1.0)
            return round(rang - pages_max + fraction, 2) if rang >= pages_max else 0.0
    return float(len(pages) - pages_max)


def composer(html: str, base_url: str, pages_max: int, variante: str | None) -> ResultatPdf:
    """Compose le PDF ; ne l'écrit pas s'il dépasse `pages_max` pages."""
    from weasyprint import HTML, URLFetcher
    from weasyprint.urls import FatalURLFetchingError, URLFetchingError

    # Fichiers locaux seulement : le build ne va jamais chercher une ressource sur le réseau.
    chargeur = URLFetcher(allowed_protocols=("file", "data"), fail_on_errors=True)
    options = {"pdf_variant": variante} if variante else {"pdf_tags": True}
    options["dpi"] = RESOLUTION_IMAGES
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=chargeur).render(**options)
    except (URLFetchingError, FatalURLFetchingError) as exc:
        raise ErreurComposition(f"ressource introuvable ou refusée ({exc})") from None
    if len(document.pages) > pages_max:
        return ResultatPdf(len(document.pages), mesurer_depassement(document.pages, pages_max))
    return ResultatPdf(len(document.pages), 0.0, document.write_pdf(**options))


def pdf_garde(dossier: Path, ident: str, cle: str, composer_pdf) -> tuple[ResultatPdf, bool]:
    """(résultat, repris du cache ?) : le résultat gardé sous `cle`, sinon `composer_pdf()` gardé.

    Un fichier JSON dit le nombre de pages et le dépassement ; le PDF est à côté s'il tient.
    Les entrées plus anciennes du même numéro sont effacées.
    """
    base = dossier / f"{ident}-{cle}"
    fiche = base.with_suffix(".json")
    try:
        donnees = json.loads(fiche.read_text(encoding="utf-8"))
        octets = base.with_suffix(".pdf").read_bytes() if donnees["tient"] else None
        return ResultatPdf(donnees["pages"], donnees["depassement"], octets), True
    except (OSError, ValueError, KeyError):
        pass
    resultat = composer_pdf()
    try:
        for ancien in dossier.glob(f"{ident}-{'[0-9a-f]' * len(cle)}.*"):
            ancien.unlink(missing_ok=True)
        if resultat.octets is not None:
            ecrire_atomiquement(base.with_suffix(".pdf"), resultat.octets)
        fiche_donnees = {k: v for k, v in asdict(resultat).items() if k != "octets"}
        ecrire_atomiquement(fiche, json.dumps({**fiche_donnees, "tient": resultat.tient}).encode())
    except OSError as exc:
        logger.warning("Lettre d'infos : cache %s non écrit (%s)", dossier, exc)
    return resultat, False
