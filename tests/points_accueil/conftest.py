"""Tests des points d'accueil : rend `outils_points` (aides communes de ce dossier) importable."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
