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
from aiosmtpd.controller import Controller
from postgresql import port_libre

sys.path.insert(0, str(Path(__file__).resolve().parent))

from outils_service import Boite, service_demarre  # noqa: E402


@pytest.fixture(scope="session")
def boite():
    boite = Boite()
    boite.port = port_libre()
    controleur = Controller(boite, hostname="127.0.0.1", port=boite.port)
    controleur.start()
    yield boite
    controleur.stop()


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
