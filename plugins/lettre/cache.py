"""Le registre déjà lu, gardé dans CACHE_PATH d'un build à l'autre.

Le registre grossit à chaque numéro (des centaines de Ko au bout de quelques années) et ne change
qu'à l'envoi : le relire et le valider à chaque build coûte pour rien. On garde le résultat
(pickle, comme le cache de contenu de Pelican) sous une clé faite des octets du fichier et du code
qui le lit (sources des modules, versions de PyYAML et de Python) : un registre modifié, ou un
autre code, est relu. Lu seulement si LOAD_CONTENT_CACHE, écrit seulement si CACHE_CONTENT (les
réglages de Pelican pour son propre cache) : la publication (publishconf.py) relit le fichier.
Un registre avec des problèmes n'est pas gardé : ils sont redits à chaque build.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import sys
from pathlib import Path

import yaml

from socle import sources_yaml
from socle.ecriture import ecrire_atomiquement
from socle.erreurs import Probleme

from . import registre as module_registre
from . import selection
from .registre import charger_registre
from .selection import Registre

logger = logging.getLogger(__name__)

NOM = Path("lettre") / "registre.pickle"
# Un fichier de cache abîmé ou d'un autre code peut lever bien des choses au dépicklage.
ILLISIBLE = (
    OSError,
    EOFError,
    pickle.UnpicklingError,
    AttributeError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)


def _cle(octets: bytes) -> bytes:
    """Empreinte (64 caractères hexadécimaux) du fichier et de tout ce qui en fait un `Registre`."""
    empreinte = hashlib.sha256()
    for module in (module_registre, selection, sources_yaml):
        empreinte.update(Path(module.__file__).read_bytes())
    empreinte.update(f"{yaml.__version__} {sys.version}".encode())
    empreinte.update(octets)
    return empreinte.hexdigest().encode("ascii")


def charger_registre_garde(settings, chemin: Path, affiche: str) -> tuple[Registre, list[Probleme]]:
    """`registre.charger_registre`, repris du cache quand le fichier et le code n'ont pas changé."""
    lire, ecrire = bool(settings.get("LOAD_CONTENT_CACHE")), bool(settings.get("CACHE_CONTENT"))
    if not (lire or ecrire) or not settings.get("CACHE_PATH"):
        return charger_registre(chemin, affiche)
    try:
        octets = chemin.read_bytes()
    except OSError:
        return charger_registre(chemin, affiche)  # absent : registre vide ; illisible : son message
    cle = _cle(octets)
    fichier = Path(settings["CACHE_PATH"]) / NOM
    if lire:
        garde = _lire(fichier, cle)
        if garde is not None:
            return garde, []
    registre, problemes = charger_registre(chemin, affiche)
    # Relu pour ne pas garder, sous l'empreinte d'avant, un fichier modifié pendant la lecture.
    if ecrire and not problemes and chemin.read_bytes() == octets:
        _ecrire(fichier, cle, registre)
    return registre, problemes


def _lire(fichier: Path, cle: bytes) -> Registre | None:
    try:
        with fichier.open("rb") as flux:
            if flux.read(len(cle)) != cle:
                return None
            registre = pickle.load(flux)  # noqa: S301 (écrit par ce module, dans CACHE_PATH)
    except FileNotFoundError:
        return None
    except ILLISIBLE as exc:
        logger.debug("Cache du registre illisible (%s) : registre relu", exc)
        return None
    return registre if isinstance(registre, Registre) else None


def _ecrire(fichier: Path, cle: bytes, registre: Registre) -> None:
    """Écrit atomiquement (fichier temporaire puis renommage) : jamais de cache à moitié écrit."""
    try:
        ecrire_atomiquement(fichier, cle + pickle.dumps(registre, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError as exc:
        logger.debug("Cache du registre non écrit (%s)", exc)
