"""Réglages de publication (make publish SITE=…) : adresses absolues, toute erreur bloque."""

import importlib.util
import os
from pathlib import Path

# Les réglages de développement voisins, chargés par leur chemin (un autre site a aussi un
# « pelicanconf » : on ne passe pas par le nom du module).
_spec = importlib.util.spec_from_file_location(
    "reglages_dev", Path(__file__).resolve().parent / "pelicanconf.py"
)
_dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_dev)
globals().update({cle: valeur for cle, valeur in vars(_dev).items() if cle.isupper()})

# Adresse publique du site : variable d'environnement SITEURL (CI), sinon celle-ci (à compléter).
SITEURL = os.environ.get("SITEURL") or "https://mesclun.example"  # À COMPLÉTER : adresse publique
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
SOCLE = {**SOCLE, "strict": True}  # noqa: F821
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
