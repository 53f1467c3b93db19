"""La carte des points d'accueil au clavier, comme la parcourt une personne sans souris ou avec un
lecteur d'écran : ouverte par Entrée, traversée par Tab sans piège, ses commandes nommées en français."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.navigateur, pytest.mark.contenu_maillage]

DANS_LA_CARTE = "() => !!document.activeElement.closest('#carte_points_accueil')"


def ouvrir_la_carte_au_clavier(page, url_site):
    page.goto(url_site + "/points-accueil/")
    page.get_by_role("button", name="Afficher la carte").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#carte_points_accueil[data-prete]")
    carte = page.locator("#carte_points_accueil")
    expect(carte).to_be_focused()
    return carte


def test_la_carte_se_traverse_au_clavier_sans_piege(url_site, page):
    ouvrir_la_carte_au_clavier(page, url_site)
    arrets = 0
    while page.evaluate(DANS_LA_CARTE):
        page.keyboard.press("Tab")
        arrets += 1
        assert arrets < 100, "le focus ne sort pas de la carte (piège au clavier)"
    assert arrets > 5, "marqueurs et commandes de la carte se prennent au clavier"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(DANS_LA_CARTE), "Maj+Tab y revient"


def test_les_commandes_de_la_carte_sont_en_francais(url_site, page):
    carte = ouvrir_la_carte_au_clavier(page, url_site)
    marqueur = carte.locator(".pa-marqueur").first
    marqueur.focus()
    page.keyboard.press("Enter")
    bulle = carte.locator(".leaflet-popup")
    expect(bulle).to_be_visible()
    expect(bulle.get_by_role("button", name="Fermer la bulle")).to_be_visible()
    # Ni nom accessible ni info-bulle en anglais (la page est en français : WCAG 3.1.2).
    anglais = carte.evaluate(
        """c => [...c.querySelectorAll('[aria-label], [title]')]
            .map(e => (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('title') || ''))
            .filter(t => /\\b(close|popup|zoom in|zoom out|layers|library|show me)\\b/i.test(t))"""
    )
    assert anglais == []
    bulle.get_by_role("button", name="Fermer la bulle").press("Enter")
    expect(bulle).to_have_count(0)


def test_sur_un_telephone_la_legende_s_ouvre_et_se_referme_au_clavier(url_site, page_mobile):
    """Repliée sur un téléphone, la légende s'ouvre par Entrée : le focus passe à sa première case
    (le bouton disparaît, le focus ne tombe pas sur la page) ; quittée au clavier, elle se replie."""
    carte = ouvrir_la_carte_au_clavier(page_mobile, url_site)
    liste = carte.locator(".leaflet-control-layers-list")
    expect(liste).to_be_hidden()
    carte.get_by_role("button", name="Territoires (légende)").focus()
    page_mobile.keyboard.press("Enter")
    expect(liste).to_be_visible()
    cases = liste.get_by_role("checkbox")
    expect(cases.first).to_be_focused()
    page_mobile.keyboard.press("Space")
    expect(cases.first).not_to_be_checked()
    cases.last.focus()
    page_mobile.keyboard.press("Tab")
    assert page_mobile.evaluate(DANS_LA_CARTE)
    expect(liste).to_be_hidden()


def _durees_des_transitions(page) -> list[str]:
    """Durées de transition de la bulle ouverte et des calques animés de la carte (zoom, grappes)."""
    page.locator(".pa-marqueur").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".leaflet-popup")).to_be_visible()
    return page.evaluate(
        """() => [...document.querySelectorAll('#carte_points_accueil .leaflet-popup,'
            + ' #carte_points_accueil .leaflet-zoom-animated, #carte_points_accueil .leaflet-marker-icon')]
            .map(e => getComputedStyle(e).transitionDuration)"""
    )


@pytest.mark.parametrize("mouvement", ["no-preference", "reduce"])
def test_la_carte_sans_animation_pour_qui_l_a_demande(url_site, navigateur, mouvement):
    """prefers-reduced-motion : ni fondu des bulles, ni zoom glissé, ni grappes qui s'envolent."""
    contexte = navigateur.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, reduced_motion=mouvement
    )
    onglet = contexte.new_page()
    onglet.route(
        "**/*", lambda route: route.abort() if "127.0.0.1" not in route.request.url else route.continue_()
    )
    ouvrir_la_carte_au_clavier(onglet, url_site)
    durees = set(_durees_des_transitions(onglet))
    contexte.close()
    if mouvement == "reduce":
        assert durees == {"0s"}
    else:
        assert durees - {"0s"}, "sans préférence, Leaflet anime (le test mesure bien quelque chose)"


def test_chaque_grappe_de_marqueurs_dit_ce_qu_elle_regroupe(url_site, page):
    """Une grappe s'annonçait « bouton 8 » : elle dit combien de points d'accueil elle regroupe, et
    les grappes refaites à chaque zoom aussi."""
    carte = ouvrir_la_carte_au_clavier(page, url_site)
    grappes = carte.locator(".marker-cluster")

    def noms():
        return grappes.evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")

    expect(grappes.first).to_be_visible()
    avant = noms()
    nombres = grappes.evaluate_all("els => els.map(e => e.innerText.trim())")
    assert avant == [f"{n} points d'accueil ici : zoomer pour les voir" for n in nombres]
    zoom = page.evaluate("window.carte_points_accueil.getZoom()")
    grappes.first.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("avant => window.carte_points_accueil.getZoom() > avant", arg=zoom)
    expect(grappes.first).to_have_attribute("aria-label", re.compile(r"^\d+ points d'accueil ici"))
    assert None not in noms()


def test_la_carte_qui_ne_se_charge_pas_le_dit_et_garde_le_focus(url_site, page):
    """Réseau coupé au clic : le bouton garde le focus pendant le chargement (un bouton désactivé le
    perdait, renvoyé en haut de la page) et l'échec est annoncé, avec où trouver les points."""
    page.route("**/points-accueil/carte.js", lambda route: route.abort())
    page.goto(url_site + "/points-accueil/")
    bouton = page.get_by_role("button", name="Afficher la carte")
    bouton.focus()
    page.keyboard.press("Enter")
    etat = page.locator("#pa-carte-etat[role=status]")
    expect(etat).to_contain_text("La carte n'a pas pu être chargée")
    expect(page.locator("#pa-afficher-carte")).to_be_focused()
    expect(page.locator("#carte_points_accueil")).to_be_hidden()
