"""Gabarits compilés une fois par build, et gardés d'un build à l'autre.

Pelican crée un environnement Jinja par générateur (une dizaine avec nos plugins) : chacun
recompilait `base.html` et les autres gabarits qu'il utilise. Un cache de bytecode Jinja dans
CACHE_PATH partage la compilation entre générateurs et entre builds (`make devserver`).

Jinja compare la somme de contrôle du source : un gabarit modifié est recompilé. Le nom du dossier
porte l'empreinte de ce qui change le code compilé sans changer le source : les options de
l'environnement (JINJA_ENVIRONMENT) et les versions de Jinja et de Python.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache


def dossier_cache_gabarits(settings) -> Path:
    """`CACHE_PATH/gabarits-<empreinte>/`, créé au besoin."""
    options = sorted((cle, repr(valeur)) for cle, valeur in (settings.get("JINJA_ENVIRONMENT") or {}).items())
    empreinte = hashlib.sha256(repr((options, jinja2.__version__, sys.version)).encode()).hexdigest()[:16]
    dossier = Path(settings["CACHE_PATH"]) / f"gabarits-{empreinte}"
    dossier.mkdir(parents=True, exist_ok=True)
    return dossier


def partager_compilation(generateur) -> None:
    """Signal `generator_init` : l'environnement Jinja du générateur utilise le cache commun."""
    generateur.env.bytecode_cache = FileSystemBytecodeCache(str(dossier_cache_gabarits(generateur.settings)))
