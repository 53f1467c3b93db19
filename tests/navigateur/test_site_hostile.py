"""Dans Chromium, chaque type de page du site construit avec des textes hostiles partout : aucune
boîte de dialogue (`alert`) ne s'ouvre, aucune politique de sécurité n'est enfreinte, les textes
s'affichent tels quels (carte, bulles, légende et recherche comprises)."""

from __future__ import annotations

import pytest
from outils_hostiles import CHARGE, site_hostile
from playwright.sync_api import expect

from outils import construire_site, servir

pytestmark = pytest.mark.navigateur

PAGES = [
    "/",
    "/actualites/",
    "/actualites/hostile/",
    "/actualites/archives/",
    "/actualites/2013/",
    "/thematiques/",
    "/thematiques/formation/",
    "/page-hostile/",
    "/association/",
    "/points-accueil/",
    "/points-accueil/communes/l/",
    "/formations/",
    "/formations/employer/",
    "/agenda/",
    "/lettre/",
    "/recherche/?q=Titre",
    "/404.html",
]


@pytest.fixture(scope="module")
def url_hostile(tmp_path_factory):
    racine = tmp_path_factory.mktemp("navigateur-hostile")
    reglages, _injectees = site_hostile(racine)
    sortie = racine / "output"
    sortie.mkdir()
    with servir(sortie) as url:
        construire_site(
            sortie, publication=True, indexer=True, override={**reglages, "SITEURL": url, "FEED_DOMAIN": url}
        )
        yield url


def _surveiller(page):
    page.dialogues = []
    page.on("dialog", lambda d: (page.dialogues.append(d.message), d.dismiss()))
    page.add_init_script(
        "window.refus = []; document.addEventListener('securitypolicyviolation',"
        " e => window.refus.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    return page


@pytest.fixture
def surveillee(page):
    """L'onglet, avec les boîtes de dialogue ouvertes et les refus de la CSP (balise meta) notés."""
    return _surveiller(page)


@pytest.fixture
def sans_csp(navigateur):
    """Un onglet qui ignore la CSP des pages : seul l'échappement protège (la CSP est un second rempart)."""
    contexte = navigateur.new_context(locale="fr-FR", bypass_csp=True)
    onglet = contexte.new_page()
    onglet.requetes_externes = []
    yield _surveiller(onglet)
    contexte.close()


@pytest.mark.parametrize("chemin", PAGES)
def test_aucune_boite_de_dialogue_meme_sans_csp(url_hostile, sans_csp, chemin):
    reponse = sans_csp.goto(url_hostile + chemin)
    assert reponse.ok or chemin == "/404.html", chemin
    sans_csp.wait_for_load_state("networkidle")
    if chemin.startswith("/recherche/"):
        expect(sans_csp.locator(".pagefind-ui__result-link").first).to_be_visible(timeout=15_000)
    sans_csp.wait_for_timeout(200)
    assert sans_csp.dialogues == []


@pytest.mark.parametrize(
    "chemin", ["/", "/actualites/hostile/", "/points-accueil/", "/formations/", "/agenda/"]
)
def test_la_csp_des_pages_ne_refuse_rien(url_hostile, surveillee, chemin):
    surveillee.goto(url_hostile + chemin)
    surveillee.wait_for_load_state("networkidle")
    assert surveillee.evaluate("window.refus") == [] and surveillee.dialogues == []
    assert surveillee.requetes_externes == []


def test_carte_bulles_et_legende_affichent_le_texte(url_hostile, surveillee):
    surveillee.goto(f"{url_hostile}/points-accueil/")
    surveillee.get_by_role("button", name="Afficher la carte").click()
    surveillee.wait_for_selector("#carte_points_accueil[data-prete]")
    legende = surveillee.locator(".leaflet-control-layers-overlays").first
    expect(legende).to_contain_text("{{ 7*7 }}")
    surveillee.evaluate(
        "() => { const m = []; window.carte_points_accueil.eachLayer(l => { if (l.getPopup) m.push(l); });"
        " const p = m.find(l => l.pointId); window.carte_points_accueil.setView(p.getLatLng(), 18,"
        " {animate: false}); p.openPopup(); }"
    )
    bulle = surveillee.locator(".leaflet-popup-content")
    expect(bulle).to_contain_text("onerror=alert(1)")
    expect(bulle).to_contain_text("{{ 7*7 }}")
    assert surveillee.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    assert surveillee.dialogues == [] and surveillee.evaluate("window.refus") == []


def test_le_texte_hostile_se_lit_tel_quel(url_hostile, surveillee):
    surveillee.goto(f"{url_hostile}/actualites/hostile/")
    expect(surveillee.locator("h1")).to_have_text(f"Titre {CHARGE}")
    assert surveillee.dialogues == []
