"""Fixtures de l'éditeur : une copie du dépôt servie avec decap-server, comme `make editeur`.

Rend aussi `depot_copie` (aides de ce dossier) importable.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from depot_copie import EditeurLocal  # noqa: E402


@pytest.fixture
def editeur_local(tmp_path):
    """L'éditeur local sur une copie du dépôt (tmp_path/depot) ; tout est arrêté à la fin."""
    depot = tmp_path / "depot"
    depot.mkdir()
    with EditeurLocal(depot, tmp_path / "decap-server.log") as editeur:
        yield editeur


@pytest.fixture
def connecte(page, editeur_local):
    """Un onglet connecté à l'éditeur local (bouton « Se connecter » du proxy)."""
    page.goto(f"{editeur_local.url}/admin/")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Actualités").first.wait_for()
    return page
