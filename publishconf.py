"""Réglages de publication (`make publish`) : URL absolues, erreurs bloquantes."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("SITEURL", "https://www.maillage.asso.fr")
RELATIVE_URLS = False
FEED_DOMAIN = SITEURL
DELETE_OUTPUT_DIRECTORY = True
LOAD_CONTENT_CACHE = False
SOCLE = {**SOCLE, "strict": True}  # noqa: F405
# Une actualité programmée (datée dans le futur) n'est pas publiée, même à une adresse cachée.
DRAFT_SAVE_AS = ""
DRAFT_URL = ""
