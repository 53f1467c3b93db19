"""Images trop grandes : publiées réduites (Pillow) à la largeur dont le thème a besoin, et signalées.

Comme le plugin image-process de Pelican, mais sans réglage à écrire : une photo de 6 000 px et
20 Mo ajoutée telle quelle est publiée à `image_largeur_max` pixels de large (proportions gardées,
orientation EXIF appliquée, métadonnées — position GPS comprise — retirées). Seule la copie de
`output/` est réduite : le fichier de `content/` n'est jamais touché. `make check` avertit (fichier,
dimensions, poids) pour que le personnel réduise l'original.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from .ecriture import ecrire_atomiquement
from .erreurs import AVERTISSEMENT, Probleme, chemin_affiche
from .reglages import lire, plugin_actif, racine_projet

logger = logging.getLogger(__name__)
EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
QUALITE_JPEG = 85
VERSION_REDUCTION = 1  # à augmenter quand `reduire` change de résultat (cache de CACHE_PATH)


def images_de(dossier: Path) -> list[Path]:
    """Les images (JPEG, PNG, WebP) sous `dossier`, triées."""
    if not dossier.is_dir():
        return []
    return sorted(p for p in dossier.rglob("*") if p.suffix.lower() in EXTENSIONS and p.is_file())


ORIENTATION_EXIF = 0x0112
ORIENTATIONS_TOURNEES = {5, 6, 7, 8}  # un quart de tour : largeur et hauteur échangées à l'affichage


def dimensions(chemin: Path) -> tuple[int, int] | None:
    """(largeur, hauteur) de l'image telle qu'elle s'affiche (orientation EXIF appliquée : une photo
    de téléphone tenu droit est souvent enregistrée couchée), lues dans l'en-tête du fichier ; None
    si le fichier n'est pas une image lisible."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(chemin) as image:
            largeur, hauteur = image.size
            tournee = image.getexif().get(ORIENTATION_EXIF) in ORIENTATIONS_TOURNEES
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return (hauteur, largeur) if tournee else (largeur, hauteur)


def hauteur_reduite(largeur: int, hauteur: int, largeur_max: int) -> int:
    """La hauteur d'une image de `largeur` × `hauteur` réduite à `largeur_max` de large."""
    return max(1, round(hauteur * largeur_max / largeur))


def dimensions_publiees(chemin: Path, largeur_max: int) -> tuple[int, int] | None:
    """(largeur, hauteur) de l'image telle que le navigateur l'affichera une fois publiée (réduite
    par `reduire` si elle est trop large), ou None si elle est illisible."""
    taille = dimensions(chemin)
    if taille is None or taille[0] <= largeur_max:
        return taille
    return largeur_max, hauteur_reduite(*taille, largeur_max)


def reduire(chemin: Path, largeur_max: int) -> tuple[int, int] | None:
    """Réduit l'image `chemin` sur place à `largeur_max` ; (ancienne, nouvelle largeur), ou None."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(chemin) as image:
            format_ = image.format
            image = ImageOps.exif_transpose(image)  # la largeur qui compte est celle affichée
            if image.width <= largeur_max:
                return None
            ancienne = image.width
            hauteur = hauteur_reduite(image.width, image.height, largeur_max)
            reduite = image.resize((largeur_max, hauteur), Image.Resampling.LANCZOS)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        logger.warning("%s : image illisible, publiée telle quelle (%s)", chemin.name, exc)
        return None
    options = {"optimize": True}
    if format_ == "JPEG":
        reduite = reduite.convert("RGB")
        options.update(quality=QUALITE_JPEG, progressive=True)
    temporaire = chemin.with_name(f".{chemin.name}.reduite")
    reduite.save(temporaire, format=format_, **options)
    os.replace(temporaire, chemin)
    return ancienne, reduite.width


def empreinte(chemin: Path, largeur_max: int) -> str:
    """Clé de cache d'une réduction : les octets de l'image et tout ce qui décide du résultat."""
    return hashlib.sha256(
        chemin.read_bytes() + f"|{largeur_max}|{QUALITE_JPEG}|{VERSION_REDUCTION}".encode()
    ).hexdigest()


def reduire_images_publiees(pelican) -> None:
    """Signal `finalized` : réduit les images copiées dans la sortie depuis les dossiers statiques.

    Pelican recopie les fichiers statiques à chaque build : une image déjà réduite (mêmes octets,
    même largeur) est reprise de CACHE_PATH, sans la décoder ni la redimensionner à nouveau (une
    photo de 24 Mpx coûte ≈ 0,5 s de processeur à chaque build de `make devserver`).
    Le cache suit les réglages de celui de Pelican : relu si LOAD_CONTENT_CACHE (la publication
    réduit donc toujours depuis les originaux), écrit si CACHE_CONTENT ; il ne garde que les
    réductions de ce build (une photo remplacée n'y laisse pas l'ancienne).
    """
    settings = pelican.settings
    if not plugin_actif(settings, "socle"):
        return
    largeur_max = int(lire(settings)["image_largeur_max"])
    sortie = Path(settings["OUTPUT_PATH"])
    cache = Path(settings["CACHE_PATH"]) / "images-reduites"
    relire, garder = bool(settings.get("LOAD_CONTENT_CACHE")), bool(settings.get("CACHE_CONTENT"))
    servies = set()
    for dossier in settings.get("STATIC_PATHS") or []:
        for image in images_de(sortie / dossier):
            taille = dimensions(image)
            if taille is not None and taille[0] <= largeur_max:
                continue
            deja = cache / f"{empreinte(image, largeur_max)}{image.suffix.lower()}"
            servies.add(deja.name)
            if relire and deja.is_file():
                ecrire_atomiquement(image, deja.read_bytes())
                continue
            reduite = reduire(image, largeur_max)
            if reduite:
                logger.info("%s : image réduite de %s à %s px de large", image.relative_to(sortie), *reduite)
                if garder:
                    try:
                        ecrire_atomiquement(deja, image.read_bytes())
                    except OSError as exc:  # sans cache, la prochaine fois réduit à nouveau
                        logger.debug("cache des images réduites non écrit : %s", exc)
    if garder and cache.is_dir():
        for ancienne in cache.iterdir():
            if ancienne.name not in servies:
                ancienne.unlink(missing_ok=True)


def verifier_images(settings) -> list[Probleme]:
    """Pour `make check` : un avertissement par image plus large ou plus lourde que les réglages."""
    options = lire(settings)
    largeur_max, poids_max = int(options["image_largeur_max"]), int(options["image_poids_max_ko"])
    contenu, racine = Path(settings["PATH"]), racine_projet(settings)
    problemes = []
    for dossier in settings.get("STATIC_PATHS") or []:
        for image in images_de(contenu / dossier):
            taille = dimensions(image)
            poids_ko = image.stat().st_size // 1024
            if taille is None:
                problemes.append(
                    Probleme(
                        chemin_affiche(image, racine),
                        None,
                        "image illisible (fichier abîmé, ou extension qui ne correspond pas au format)",
                        "ré-enregistrez-la en JPEG ou PNG depuis votre outil de retouche",
                        AVERTISSEMENT,
                    )
                )
            elif taille[0] > largeur_max or poids_ko > poids_max:
                problemes.append(
                    Probleme(
                        chemin_affiche(image, racine),
                        None,
                        f"image trop grande ({taille[0]} × {taille[1]} px, {poids_ko} Ko) : "
                        + (
                            f"publiée réduite à {largeur_max} px de large"
                            if taille[0] > largeur_max
                            else "publiée telle quelle, lente à charger sur un téléphone"
                        ),
                        f"réduisez l'original à {largeur_max} px de large et moins de {poids_max} Ko "
                        "(voir docs/publier.md, « La taille »)",
                        AVERTISSEMENT,
                    )
                )
    return problemes
