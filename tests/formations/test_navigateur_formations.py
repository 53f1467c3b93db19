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


def test_un_filtre_sans_resultat_le_dit_et_propose_de_tout_revoir(page, axe, url_dev):
    page.goto(f"{url_dev}/formations/")
    total = page.locator("#tableau-sessions tbody tr").count()
    reinitialiser = page.get_by_role("button", name="Voir toutes les sessions")
    assert reinitialiser.is_hidden()
    page.select_option("#filtre-module", "gerer")
    page.select_option("#filtre-lieu", "Roubaix")
    assert page.locator(".filtres__compte").inner_text() == "Aucune session ne correspond à ces choix."
    assert page.locator("#tableau-sessions").is_hidden()  # pas d'en-tête de tableau seul
    assert axe(page) == []
    reinitialiser.click()
    page.wait_for_function("!document.getElementById('tableau-sessions').hidden")
    assert page.locator(".filtres__compte").inner_text() == f"{total} sessions affichées sur {total}"
    assert page.locator("#tableau-sessions tbody tr:visible").count() == total
    assert reinitialiser.is_hidden()


@pytest.mark.parametrize("chemin", ["formations/", "formations/gerer/"])
def test_sur_telephone_les_sessions_sont_des_cartes_lisibles_sans_defilement(page_mobile, url_dev, chemin):
    page_mobile.goto(f"{url_dev}/{chemin}")
    assert page_mobile.evaluate("document.documentElement.scrollWidth") <= 375
    # Aucune zone ne défile de côté : chaque cellule tient dans l'écran.
    assert page_mobile.evaluate(
        "[...document.querySelectorAll('main td, main th')].every(c => c.getBoundingClientRect().right <= 375)"
    )


def test_sur_telephone_places_et_inscription_sont_visibles(page_mobile, url_dev):
    page_mobile.goto(f"{url_dev}/formations/")
    premiere = page_mobile.locator("#tableau-sessions tbody tr").first
    places = premiere.locator("td[data-libelle=Places]")
    assert places.is_visible() and places.bounding_box()["x"] + places.bounding_box()["width"] <= 375
    inscription = page_mobile.locator("#tableau-sessions a", has_text="S'inscrire").first
    inscription.scroll_into_view_if_needed()
    boite = inscription.bounding_box()
    assert boite["x"] >= 0 and boite["x"] + boite["width"] <= 375


@pytest.mark.contenu_maillage
@pytest.mark.parametrize("chemin", ["formations/", "formations/evaluer/"])
def test_la_mention_annulee_n_est_pas_barree(page, url_dev, chemin):
    # Un « Annulée » barré se lit « plus annulée » : la mention reste lisible, en rouge et encadrée.
    page.goto(f"{url_dev}/{chemin}")
    mention = page.locator("#session-evaluer-2027-04 .statut--annulee").first
    assert mention.inner_text() == "Annulée"
    assert "line-through" not in mention.evaluate("e => getComputedStyle(e).textDecorationLine")
