"""Chiffres clés et Lettre d'infos dans un vrai Chromium : accessibilité, graphiques affichés, téléphone."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.navigateur

CHEMINS = ["/chiffres-cles/", "/lettre-infos/", "/lettre-infos/2026-t4/"]


@pytest.mark.parametrize("chemin", CHEMINS)
def test_pages_accessibles_sans_requete_tierce(url_site, page, axe, chemin):
    page.goto(url_site + chemin)
    expect(page.locator("h1")).to_have_count(1)
    assert axe(page) == []
    assert page.requetes_externes == []


def test_graphiques_affiches_avec_leur_texte(url_site, page):
    page.goto(url_site + "/chiffres-cles/")
    images = page.locator(".chiffres-serie__graphique img")
    assert images.count() >= 3
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        # Le SVG est chargé et dessiné (styles internes compris), et décrit en texte.
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0
        assert len(image.get_attribute("alt")) > 20


@pytest.mark.parametrize("chemin", CHEMINS)
def test_lisible_sur_telephone(url_site, page_mobile, chemin):
    page_mobile.goto(url_site + chemin)
    largeur = page_mobile.evaluate("document.documentElement.clientWidth")
    assert page_mobile.evaluate("document.documentElement.scrollWidth") <= largeur
    for image in page_mobile.locator(".chiffres-serie__graphique img").all():
        assert image.bounding_box()["width"] <= largeur
