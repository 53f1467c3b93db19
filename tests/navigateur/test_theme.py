"""Le thème dans un vrai Chromium, à 375 px (téléphone) et 1280 px : chaque type de page tient dans
la largeur, l'en-tête reste compact, le menu s'ouvre au clavier et sans JavaScript, axe ne signale rien."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.navigateur, pytest.mark.contenu_maillage]

# Un exemple de chaque type de page du site.
TYPES_DE_PAGE = [
    "/",
    "/actualites/",
    "/actualites/assemblee-generale-2013/",
    "/thematiques/",
    "/thematiques/formation/",
    "/formations/",
    "/formations/employer/",
    "/agenda/",
    "/points-accueil/",
    "/points-accueil/communes/l/",
    "/recherche/",
    "/lettre/",
    "/chiffres-cles/",
    "/association/",
    "/404.html",
]
HAUTEUR_MAXIMALE_ENTETE = 120


def deborde(onglet) -> bool:
    return onglet.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.mark.parametrize("chemin", TYPES_DE_PAGE)
def test_chaque_page_tient_sur_un_telephone_avec_un_entete_compact(url_site, page_mobile, axe, chemin):
    page_mobile.goto(url_site + chemin)
    assert not deborde(page_mobile)
    hauteur = page_mobile.locator("header.entete").bounding_box()["height"]
    assert hauteur <= HAUTEUR_MAXIMALE_ENTETE
    expect(page_mobile.get_by_role("navigation", name="Menu principal")).to_be_hidden()
    assert axe(page_mobile) == []


@pytest.mark.parametrize("chemin", TYPES_DE_PAGE)
def test_chaque_page_sur_grand_ecran_menu_sur_une_ligne(url_site, page, axe, chemin):
    page.goto(url_site + chemin)
    assert not deborde(page)
    expect(page.get_by_text("Menu", exact=True)).to_be_hidden()
    hauts = page.locator(".navigation__liste li").evaluate_all("els => els.map(e => e.offsetTop)")
    assert len(hauts) > 1 and len(set(hauts)) == 1, "les entrées du menu tiennent sur une ligne"
    expect(page.get_by_role("searchbox", name="Rechercher sur le site")).to_be_visible()
    assert axe(page) == []


def test_le_menu_s_ouvre_au_clavier_sur_un_telephone(url_site, page_mobile, axe):
    page_mobile.goto(url_site + "/")
    menu = page_mobile.get_by_role("navigation", name="Menu principal")
    bouton = page_mobile.locator("summary", has_text="Menu")
    for _ in range(3):  # lien d'évitement, marque, bouton Menu
        page_mobile.keyboard.press("Tab")
    expect(bouton).to_be_focused()
    page_mobile.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page_mobile.keyboard.press("Tab")
    expect(page_mobile.get_by_role("searchbox", name="Rechercher sur le site")).to_be_focused()
    assert axe(page_mobile) == []
    page_mobile.keyboard.press("Tab")
    page_mobile.keyboard.press("Tab")
    page_mobile.keyboard.press("Enter")  # premier lien du menu
    expect(page_mobile).to_have_url(url_site + "/actualites/")


def test_echap_replie_le_menu_du_telephone_et_rend_le_focus_au_bouton(url_site, page_mobile):
    """Au clavier sur un téléphone (clavier externe, lecteur d'écran) : Échap replie le menu ouvert,
    depuis un lien du menu comme depuis le bouton, et le focus revient sur « Menu » ; dans la
    recherche remplie, le premier Échap la vide seulement. Menu replié, Échap ne fait rien."""
    page_mobile.goto(url_site + "/formations/")
    menu = page_mobile.get_by_role("navigation", name="Menu principal")
    bouton = page_mobile.locator("summary", has_text="Menu")
    bouton.focus()
    page_mobile.keyboard.press("Enter")
    expect(menu).to_be_visible()
    menu.get_by_role("link", name="Formations").focus()
    page_mobile.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(bouton).to_be_focused()

    page_mobile.keyboard.press("Enter")
    expect(menu).to_be_visible()
    recherche = page_mobile.get_by_role("searchbox", name="Rechercher sur le site")
    recherche.fill("formation")
    page_mobile.keyboard.press("Escape")
    expect(recherche).to_have_value("")
    expect(menu).to_be_visible()
    page_mobile.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(bouton).to_be_focused()

    lien = page_mobile.locator("main a").first
    lien.focus()
    page_mobile.keyboard.press("Escape")
    expect(lien).to_be_focused()
    expect(menu).to_be_hidden()


MARQUES = """e => { const s = getComputedStyle(e);
    return {trait: s.textDecorationLine, bord: s.borderTopWidth + " " + s.borderTopStyle, fond: s.backgroundColor}; }"""


@pytest.mark.parametrize("largeur", [375, 1280])
def test_en_couleurs_imposees_l_entree_courante_du_menu_garde_une_marque_hors_du_fond(
    url_site, navigateur, largeur
):
    """Contraste élevé de Windows (forced-colors) : le navigateur efface le fond qui marque l'entrée
    courante ; elle reste soulignée et encadrée, les autres non."""
    contexte = navigateur.new_context(forced_colors="active", viewport={"width": largeur, "height": 800})
    onglet = contexte.new_page()
    onglet.goto(url_site + "/formations/")
    assert onglet.evaluate("matchMedia('(forced-colors: active)').matches")
    if largeur < 768:
        onglet.get_by_text("Menu", exact=True).click()
    menu = onglet.get_by_role("navigation", name="Menu principal")
    courante = menu.get_by_role("link", name="Formations").evaluate(MARQUES)
    autre = menu.get_by_role("link", name="Agenda").evaluate(MARQUES)
    # Le fond ne distingue plus rien (la couleur du système, opaque ou non) : la marque le remplace.
    assert re.findall(r"\d+", courante["fond"])[:3] == re.findall(r"\d+", autre["fond"])[:3]
    assert "underline" in courante["trait"] and "underline" not in autre["trait"]
    assert courante["bord"] == "2px solid" and autre["bord"] != "2px solid"
    contexte.close()


def test_le_menu_s_ouvre_sans_javascript_et_la_recherche_de_l_entete_mene_a_la_page(url_site, navigateur):
    contexte = navigateur.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    onglet = contexte.new_page()
    onglet.goto(url_site + "/formations/")
    menu = onglet.get_by_role("navigation", name="Menu principal")
    expect(menu).to_be_hidden()
    onglet.get_by_text("Menu", exact=True).click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Formations")).to_have_attribute("aria-current", "page")
    onglet.get_by_role("searchbox", name="Rechercher sur le site").fill("formation")
    onglet.keyboard.press("Enter")
    expect(onglet).to_have_url(url_site + "/recherche/?q=formation")
    contexte.close()


def test_l_accueil_mene_d_abord_aux_trois_acces_et_ne_repete_pas_le_nom(url_site, page):
    page.goto(url_site + "/")
    nom = page.locator(".marque__nom").inner_text()
    assert nom not in page.locator("h1").inner_text()
    acces = page.locator(".acces-rapides a")
    assert acces.evaluate_all("els => els.map(e => new URL(e.href).pathname)") == [
        "/points-accueil/",
        "/formations/",
        "/lettre/",
    ]
    # Les accès rapides passent avant toute autre section de la page.
    premier_h2 = page.locator("main h2").first.bounding_box()["y"]
    assert acces.first.bounding_box()["y"] < premier_h2


@pytest.mark.parametrize("chemin", ["/", "/formations/", "/agenda/"])
def test_aucune_puce_a_cote_des_cartes(url_site, page, chemin):
    page.goto(url_site + chemin)
    puces = page.locator("ul.grille > li").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).listStyleType !== 'none').length"
    )
    assert puces == 0


def test_la_police_du_theme_est_auto_hebergee_et_chargee(url_site, page):
    page.goto(url_site + "/")
    page.evaluate("document.fonts.ready")
    assert page.evaluate("document.fonts.check('16px \"Atkinson Hyperlegible Next\"')")
    charges = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', ''))"
    )
    assert "Atkinson Hyperlegible Next" in charges
    assert page.requetes_externes == []


def test_a_l_impression_le_contenu_seul(url_site, page):
    page.goto(url_site + "/formations/")
    page.emulate_media(media="print")
    expect(page.locator("details.menu")).to_be_hidden()
    expect(page.locator("#filtres-sessions")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"


def _recouvert(onglet) -> bool:
    """Vrai si l'élément qui a le focus est caché, en son centre, par un autre (le menu déplié…)."""
    return onglet.evaluate(
        """() => { const e = document.activeElement, r = e.getBoundingClientRect();
        const dessus = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return !(dessus && (e.contains(dessus) || dessus.contains(e))); }"""
    )


def test_le_menu_deplie_ne_cache_pas_le_focus_et_le_bouton_reste_en_place(url_site, page_mobile):
    """WCAG 2.4.11 : en sortant du menu au clavier, le lien suivant n'est pas caché sous le menu
    (il pousse la page au lieu de la couvrir), avec ou sans JavaScript ; le bouton ne bouge pas."""
    page_mobile.goto(url_site + "/formations/")
    menu = page_mobile.get_by_role("navigation", name="Menu principal")
    bouton = page_mobile.locator("summary", has_text="Menu")
    place = bouton.bounding_box()
    bouton.focus()
    page_mobile.keyboard.press("Enter")
    expect(menu).to_be_visible()
    ouvert = bouton.bounding_box()
    assert abs(ouvert["x"] - place["x"]) <= 1 and abs(ouvert["y"] - place["y"]) <= 2
    menu.get_by_role("link").last.focus()
    page_mobile.keyboard.press("Tab")  # premier lien du contenu
    expect(page_mobile.locator("main a").first).to_be_focused()
    assert not _recouvert(page_mobile)
    assert not deborde(page_mobile)
    # Le menu se referme par son bouton.
    bouton.focus()
    page_mobile.keyboard.press("Enter")
    expect(menu).to_be_hidden()
