"""Fixtures du service d'abonnement : le vrai service sur 127.0.0.1, sur SQLite et sur PostgreSQL,
et un vrai serveur SMTP (aiosmtpd) qui reçoit les courriels de confirmation.

Rend `outils_service` (aides communes de ce dossier) importable.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from outils_service import Boite, serveur_smtp, service_demarre  # noqa: E402


@pytest.fixture(scope="session")
def boite():
    boite = Boite()
    with serveur_smtp(boite) as port:
        boite.port = port
        yield boite


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def service(request, tmp_path_factory, boite):
    """Le service lancé une fois par module et par moteur ; chaque test prend ses propres adresses."""
    from abonnements.base import migrer

    dossier = tmp_path_factory.mktemp(f"service-{request.param}")
    if request.param == "sqlite":
        base = f"sqlite:///{dossier / 'abonnements.sqlite3'}"
    else:
        base = request.getfixturevalue("serveur_postgresql").nouvelle_base()
    migrer(base)
    with service_demarre(base, dossier, boite.port) as lance:
        yield lance
        assert "Traceback" not in lance.texte_journal()


@pytest.fixture
def adresse(request):
    """Une adresse neuve par test (le service est partagé par les tests d'un module)."""
    nom = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[-40:]
    return f"{nom}-{time.monotonic_ns() % 10**9}@exemple.fr"
