"""Réglages de publication (`make publish`) : URL absolues, erreurs bloquantes."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Pelican garde le dernier réglage lu dans sys.modules["pelicanconf"] (celui d'un site d'essai des
# tests, par exemple) : on l'oublie pour importer le pelicanconf.py voisin de ce fichier.
sys.modules.pop("pelicanconf", None)
from pelicanconf import *  # noqa: E402,F403

# Adresse publique : variable SITEURL (CI : variable du dépôt), sinon celle de Maillage.
SITEURL = os.environ.get("SITEURL") or "https://www.maillage.asso.fr"
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
# Le service d'abonnement public (docs/abonnements.md) ; il lit lui aussi ce fichier.
LETTRE = {**LETTRE, "service_url": os.environ.get("ABONNEMENTS_URL", "https://abonnements.maillage.asso.fr")}  # noqa: F405
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
SOCLE = {**SOCLE, "strict": True}  # noqa: F405
# L'éditeur publié parle à l'hébergeur du dépôt (réglage « depot », docs/publier.md), pas au proxy local.
EDITEUR = {**EDITEUR, "proxy_local": None}  # noqa: F405
# Une actualité programmée (datée dans le futur) n'est pas publiée, même à une adresse cachée.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
