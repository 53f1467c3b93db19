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


@pytest.mark.parametrize("par_territoire", [False, True], ids=["par-annee", "par-territoire"])
def test_valeur_d_une_barre_negative_hors_de_la_barre(page, tmp_path, par_territoire):
    """La valeur d'une barre négative s'écrivait sur la barre (décalée vers le haut comme les autres) :
    dans Chromium, son texte est hors de la barre, au-dessous (à gauche pour les barres horizontales)."""
    from chiffres.graphiques import dessiner
    from chiffres.modeles import Serie, Valeur

    territoire = "nord" if par_territoire else ""
    valeurs = (
        Valeur(2012, 68.0, territoire),
        Valeur(2013, -40.0, territoire),
        Valeur(2014, 20.0, territoire),
    )
    if par_territoire:  # par territoire : une barre par territoire, pour une année
        valeurs = (Valeur(2013, 68.0, "nord"), Valeur(2013, -40.0, "lille"), Valeur(2013, 20.0, "pas"))
    serie = Serie("solde", "Solde", "d", "projets", "s", "r", valeurs)
    fichier = tmp_path / "solde.svg"
    fichier.write_text(dessiner(serie, str.capitalize, ("#1b5e8c",), 640, 360), encoding="utf-8")
    page.goto(fichier.as_uri())
    boites = page.evaluate("""() => {
        const boite = e => { const r = e.getBoundingClientRect();
                             return {haut: r.top, bas: r.bottom, gauche: r.left, droite: r.right}; };
        return {barres: [...document.querySelectorAll('.bars rect')].map(boite),
                textes: [...document.querySelectorAll('.text-overlay text.value')]
                          .map(t => ({texte: t.textContent, ...boite(t)}))};
    }""")
    barres, textes = boites["barres"], boites["textes"]
    (negatif,) = [t for t in textes if t["texte"].lstrip("-\u2212") == "40"]
    for barre in barres:
        chevauche = (
            negatif["gauche"] < barre["droite"]
            and barre["gauche"] < negatif["droite"]
            and negatif["haut"] < barre["bas"]
            and barre["haut"] < negatif["bas"]
        )
        assert not chevauche, (negatif, barre)
    barre_negative = (
        min(barres, key=lambda b: b["gauche"]) if par_territoire else max(barres, key=lambda b: b["bas"])
    )
    if par_territoire:
        assert negatif["droite"] <= barre_negative["gauche"]
    else:
        assert negatif["haut"] >= barre_negative["bas"]
