"""Parcours dans un vrai Chromium : accueil, actualité, thématique, recherche ; accessibilité (axe-core)."""

import re
from urllib.parse import urlparse

import feedparser
import pytest
from playwright.sync_api import expect

from outils import verifier_page_accessible

pytestmark = [pytest.mark.navigateur, pytest.mark.contenu_maillage]


def derniere_actualite(url_site, page):
    """(titre, chemin) de la plus récente actualité, lus dans le flux Atom servi."""
    reponse = page.request.get(f"{url_site}/flux/actualites.atom.xml")
    entree = feedparser.parse(reponse.body()).entries[0]
    return entree.title, urlparse(entree.link).path


@pytest.mark.parametrize(
    "chemin",
    [
        "/",
        "/actualites/",
        "/thematiques/",
        "/association/",
        "/contact/",
        "/mentions-legales/",
        "/recherche/",
        "/404.html",
    ],
)
def test_pages_sans_violation_d_accessibilite_ni_requete_tierce(url_site, page, axe, chemin):
    verifier_page_accessible(page, axe, url_site + chemin)


def test_une_actualite_et_sa_thematique(url_site, page, axe):
    titre, chemin = derniere_actualite(url_site, page)
    page.goto(url_site + chemin)
    expect(page.locator("h1")).to_have_text(titre)
    expect(page.locator(".actualite__date time")).to_have_text(
        re.compile(r"^(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) \d{1,2} \w+ \d{4}$")
    )
    assert axe(page) == []
    mot_cle = page.locator(".actualite .mots-cles a").first
    libelle = mot_cle.inner_text()
    mot_cle.click()
    expect(page.locator("h1")).to_have_text(libelle)
    expect(page.get_by_role("link", name=titre)).to_be_visible()
    assert axe(page) == []
    assert page.requetes_externes == []


def test_la_recherche_trouve_une_actualite_connue(url_site, page, axe):
    titre, chemin = derniere_actualite(url_site, page)
    mots = [m for m in re.findall(r"\w{5,}", titre)][:3]
    page.goto(f"{url_site}/recherche/")
    champ = page.get_by_role("searchbox", name="Mots à rechercher")
    champ.fill(" ".join(mots))
    resultats = page.locator(".pagefind-ui__result-link")
    expect(resultats.first).to_be_visible(timeout=10_000)
    # Le nombre de résultats est annoncé aux lecteurs d'écran.
    expect(page.locator("#recherche-annonce[role=status]")).to_contain_text("résultat", timeout=5_000)
    liens = [urlparse(h).path for h in resultats.evaluate_all("els => els.map(e => e.href)")]
    assert chemin in liens
    # Le bouton qui vide le champ dit « Effacer » (la traduction de Pagefind dit « Nettoyer »).
    effacer = page.locator(".pagefind-ui__search-clear")
    expect(effacer).to_have_text("Effacer")
    effacer.click()
    expect(champ).to_have_value("")
    assert axe(page) == []
    assert page.requetes_externes == []


def test_les_resultats_de_recherche_datent_en_francais(url_site, page_mobile):
    """Sous chaque actualité trouvée, sa date comme sur la page (« 16 décembre 2013 »), pas « 2013-12-16 »."""
    page_mobile.goto(f"{url_site}/recherche/?q=formation")
    expect(page_mobile.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    dates = page_mobile.locator(".pagefind-ui__result-tag[data-pagefind-ui-meta=date]")
    expect(dates.first).to_be_visible(timeout=5_000)
    textes = dates.all_text_contents()
    assert textes, "aucune date sous les résultats"
    for texte in textes:
        assert re.fullmatch(r"Date: (1er|\d{1,2}) [a-zéû]+ \d{4}", texte.strip()), texte


def test_une_recherche_sans_resultat_propose_d_autres_chemins(url_site, page_mobile, axe):
    page_mobile.goto(f"{url_site}/recherche/?q=xqzwkj")
    expect(page_mobile.locator(".pagefind-ui__message")).to_contain_text("Pas de résultat", timeout=10_000)
    aide = page_mobile.locator("#recherche-aucun")
    expect(aide).to_be_visible(timeout=5_000)
    aide.get_by_role("link", name="les thématiques").click()
    expect(page_mobile.locator("h1")).to_have_text("Thématiques")
    page_mobile.go_back()
    champ = page_mobile.get_by_role("searchbox", name="Mots à rechercher")
    expect(aide).to_be_visible(timeout=5_000)
    assert axe(page_mobile) == []
    champ.fill("formation")
    expect(page_mobile.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    expect(aide).to_be_hidden(timeout=5_000)


def test_le_champ_de_l_entete_lance_la_recherche(url_site, page):
    page.goto(url_site + "/")
    page.get_by_role("searchbox", name="Rechercher sur le site").fill("formation")
    page.keyboard.press("Enter")
    expect(page.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=10_000)
    expect(page.get_by_role("searchbox", name="Mots à rechercher")).to_have_value("formation")


def test_le_lien_d_evitement_mene_au_contenu(url_site, page):
    page.goto(url_site + "/")
    page.keyboard.press("Tab")
    evitement = page.get_by_role("link", name="Aller au contenu")
    expect(evitement).to_be_focused()
    expect(evitement).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main#contenu")).to_be_focused()


def test_le_menu_indique_la_page_courante(url_site, page):
    page.goto(url_site + "/actualites/")
    expect(page.get_by_role("navigation", name="Menu principal").locator("[aria-current=page]")).to_have_text(
        "Actualités"
    )


@pytest.mark.parametrize("chemin", ["/", "/actualites/", "/association/"])
def test_lisible_sur_un_telephone_sans_defilement_horizontal(url_site, page_mobile, chemin):
    page_mobile.goto(url_site + chemin)
    largeurs = page_mobile.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert largeurs[0] <= largeurs[1]
    taille = page_mobile.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert taille >= 16


def test_le_site_fonctionne_sans_javascript(url_site, navigateur):
    contexte = navigateur.new_context(java_script_enabled=False)
    page = contexte.new_page()
    page.goto(url_site + "/actualites/")
    expect(page.locator(".carte").first).to_be_visible()
    page.goto(url_site + "/recherche/")
    expect(page.get_by_text("La recherche a besoin de JavaScript")).to_be_visible()
    contexte.close()
