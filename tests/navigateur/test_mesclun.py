"""Le site de Mesclun dans un vrai Chromium : accessibilité (axe-core) et aucune requête tierce."""

import pytest
from playwright.sync_api import expect

from outils import verifier_page_accessible

pytestmark = pytest.mark.navigateur


@pytest.mark.parametrize(
    "chemin",
    [
        "/",
        "/actualites/",
        "/structures/",
        "/agenda/",
        "/plan-de-formation/",
        "/association/",
        "/recherche/",
        "/404.html",
    ],
)
def test_pages_de_mesclun_accessibles_sans_requete_tierce(url_mesclun, page, axe, chemin):
    verifier_page_accessible(page, axe, url_mesclun + chemin)


def test_recherche_d_une_commune_parmi_les_structures(url_mesclun, page):
    page.goto(f"{url_mesclun}/structures/")
    page.fill("#pa-lieu", "Aubagne")
    page.press("#pa-lieu", "Enter")
    expect(page.locator("#pa-resultats")).to_contain_text("structures adhérentes les plus proches de Aubagne")
    page.fill("#pa-lieu", "Lesquin")
    page.press("#pa-lieu", "Enter")
    expect(page.locator("#pa-resultats")).to_contain_text("Aucune commune des Bouches-du-Rhône")
