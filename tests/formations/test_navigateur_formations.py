"""Dans un vrai Chromium : accessibilité (axe-core) et filtre des sessions, sur le site réel."""

from __future__ import annotations

import pytest

from outils import servir

pytestmark = pytest.mark.navigateur

PAGES = ["formations/", "formations/gerer/", "agenda/", ""]


@pytest.fixture(scope="module")
def url_dev(site_dev):
    with servir(site_dev) as url:
        yield url


@pytest.mark.parametrize("chemin", PAGES)
def test_aucune_violation_d_accessibilite(page, axe, url_dev, chemin):
    page.goto(f"{url_dev}/{chemin}")
    assert axe(page) == []
    assert page.requetes_externes == []


def test_le_filtre_des_sessions_masque_les_autres_lignes(page, axe, url_dev):
    page.goto(f"{url_dev}/formations/")
    formulaire = page.locator("#filtres-sessions")
    assert formulaire.is_visible()  # le JavaScript l'a révélé
    lignes = page.locator("#tableau-sessions tbody tr")
    total = lignes.count()
    assert total >= 3
    page.select_option("#filtre-module", "gerer")
    visibles = page.locator("#tableau-sessions tbody tr:visible")
    assert visibles.count() == 1
    assert "Gérer" in visibles.first.inner_text()
    assert page.locator(".filtres__compte").inner_text() == f"1 session affichée sur {total}"
    page.select_option("#filtre-module", "")
    page.select_option("#filtre-mois", "2027-02")
    # Gérer (dernier jour en février) et Employer à Roubaix (premier jour en février).
    assert sorted(visibles.all_inner_texts())[0].startswith("Employer")
    assert visibles.count() == 2
    assert axe(page) == []


def test_sans_javascript_le_tableau_complet_se_lit(navigateur, url_dev):
    contexte = navigateur.new_context(java_script_enabled=False, locale="fr-FR")
    try:
        onglet = contexte.new_page()
        onglet.goto(f"{url_dev}/formations/")
        assert not onglet.locator("#filtres-sessions").is_visible()
        assert onglet.locator("#tableau-sessions tbody tr:visible").count() >= 3
    finally:
        contexte.close()


def test_lisible_sur_telephone(page_mobile, url_dev):
    page_mobile.goto(f"{url_dev}/formations/")
    largeur = page_mobile.evaluate("document.documentElement.scrollWidth")
    assert largeur <= 375  # le tableau défile dans son conteneur, pas la page
