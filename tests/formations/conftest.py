"""Réglages communs aux tests des formations : le site d'essai `tests/fixtures/formations`."""

import pytest

from outils import DATE_TESTS, FIXTURES, reglages


@pytest.fixture(scope="module")
def reglages_formations():
    """Réglages Pelican complets pointant sur le contenu et les données d'essai des formations."""
    return reglages(
        override={
            "PATH": str(FIXTURES / "formations" / "content"),
            "SOCLE": {"donnees": str(FIXTURES / "formations" / "data"), "date_construction": DATE_TESTS},
        }
    )
