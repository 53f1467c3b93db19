"""Dans un vrai Chromium : recherche du plus proche, liste, carte au clic, requêtes, accessibilité, téléphone."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from outils_points import FERME_LESQUIN, FERME_SIEGE, construire_isole, settings_fermetures, settings_fixture
from playwright.sync_api import expect

from outils import reglages, servir
from points_accueil import reglages as reglages_points
from points_accueil.chargement import charger_tout
from points_accueil.distances import plus_proches

pytestmark = pytest.mark.navigateur

HOTE_TUILES = urlparse(reglages_points.DEFAUTS["tuiles"]).hostname
HOSTILE = "<script>alert('x')</script> Centre ${document.cookie} </script><img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def donnees():
    return charger_tout(reglages())


def attendus(donnees, saisie):
    """Les trois structures attendues, calculées côté Python (même données, autre code)."""
    lieu, _ = donnees.communes.rechercher(saisie)
    return [r.point.structure for r in plus_proches(donnees.points, lieu.latitude, lieu.longitude, 3)]


def chercher(page, saisie):
    page.fill("#pa-lieu", saisie)
    page.press("#pa-lieu", "Enter")
    page.wait_for_selector("#pa-resultats ol li")
    return page.locator("#pa-resultats .pa-reponse__titre a").all_inner_texts()


@pytest.mark.contenu_maillage
@pytest.mark.parametrize(
    "saisie", ["villeneuve dascq", "Lesquin", "59650", "mons en baroeul", "Tourcoing", "anzin"]
)
def test_commune_tapee_donne_les_trois_plus_proches(url_site, page, donnees, saisie):
    page.goto(f"{url_site}/points-accueil/")
    assert chercher(page, saisie) == attendus(donnees, saisie)
    expect(page.locator("#pa-resultats")).to_have_attribute("aria-live", "polite")
    expect(page.locator("#pa-resultats ol li .pa-distance").first).to_have_text(
        __import__("re").compile(r"^(moins de 100 m|\d+ m|\d+(,\d)? km)$")
    )
    assert page.requetes_externes == []


@pytest.mark.contenu_maillage
def test_chaque_reponse_dit_comment_etre_recu_et_prendre_rendez_vous(url_site, page, donnees, axe):
    page.goto(f"{url_site}/points-accueil/")
    chercher(page, "Lesquin")
    reponses = page.locator("#pa-resultats .pa-reponse")
    expect(reponses).to_have_count(3)
    expect(page.locator("#pa-resultats > p")).to_contain_text(
        "Les 3 points d'accueil les plus proches de Lesquin"
    )
    lieu, _ = donnees.communes.rechercher("Lesquin")
    premier = plus_proches(donnees.points, lieu.latitude, lieu.longitude, 1)[0].point
    expect(reponses.first).to_contain_text(f"Comment être reçu : {premier.accueil.libelle}")
    telephone = reponses.first.locator("a.pa-tel")
    expect(telephone).to_have_attribute("href", "tel:" + (premier.telephone_international or "+33320151418"))
    assert axe(page) == []


@pytest.mark.contenu_maillage
@pytest.mark.parametrize(
    ("saisie", "commune"),
    [
        ("Bassée", "La Bassée"),
        ("Quesnoy (Le)", "Le Quesnoy"),
        # Une adresse copiée : le code postal avant ou après le nom, sans parenthèses.
        ("Lille 59000", "Lille"),
        ("59650 Villeneuve d'Ascq", "Villeneuve-d'Ascq"),
    ],
)
def test_le_nom_se_tape_avec_ou_sans_article_ni_code_postal(url_site, page, donnees, saisie, commune):
    page.goto(f"{url_site}/points-accueil/")
    assert chercher(page, saisie) == attendus(donnees, commune)
    expect(page.locator("#pa-resultats > p")).to_contain_text(commune)


@pytest.mark.contenu_maillage
def test_un_code_postal_partage_demande_quelle_commune(url_site, page, donnees):
    page.goto(f"{url_site}/points-accueil/")
    page.fill("#pa-lieu", "59152")
    page.press("#pa-lieu", "Enter")
    expect(page.locator("#pa-resultats")).to_contain_text("Plusieurs communes ont le code postal 59152")
    choix = page.locator("#pa-suggestions button")
    noms = {c.nom for c in donnees.communes.par_code_postal["59152"]}
    expect(choix).to_have_count(len(noms))
    premier = choix.first.inner_text()
    choix.first.click()
    assert page.locator("#pa-resultats .pa-reponse__titre a").all_inner_texts() == attendus(donnees, premier)


@pytest.mark.contenu_maillage
def test_nom_mal_tape_et_code_postal_propose_les_communes_du_code(url_site, page, donnees):
    page.goto(f"{url_site}/points-accueil/")
    page.fill("#pa-lieu", "Lile 59160")
    page.press("#pa-lieu", "Enter")
    choix = page.locator("#pa-suggestions button")
    # Chaque commune du code, étiquetée du code tapé (et non du premier code de la commune).
    noms = [c.nom for c in donnees.communes.du_code("59160")]
    expect(choix).to_have_text([f"{nom} (59160)" for nom in noms])
    choix.last.click()
    assert page.locator("#pa-resultats .pa-reponse__titre a").all_inner_texts() == attendus(donnees, noms[-1])


@pytest.mark.contenu_maillage
def test_villeneuve_d_ascq_sans_accent_ni_tiret(url_site, page):
    page.goto(f"{url_site}/points-accueil/")
    premier = chercher(page, "villeneuve dascq")[0]
    assert premier == "PROJAIDE, OMJC, CLAP et Bourse aux Projets Locaux"
    expect(page.locator("#pa-resultats > p")).to_contain_text("Villeneuve-d'Ascq")


@pytest.mark.contenu_maillage
def test_suggestions_au_clavier(url_site, page, donnees):
    page.goto(f"{url_site}/points-accueil/")
    page.focus("#pa-lieu")
    page.wait_for_selector("#pa-formulaire[data-pret]")
    page.keyboard.type("villeneuve d")
    suggestion = page.get_by_role("button", name="Villeneuve-d'Ascq (59491)")
    expect(suggestion).to_be_visible()
    # Le nombre de suggestions est annoncé (zone role=status), pas la liste entière.
    nombre = page.locator("#pa-suggestions button").count()
    annonce = "Une commune proposée" if nombre == 1 else f"{nombre} communes proposées"
    expect(page.locator("#pa-suggestions-annonce[role=status]")).to_have_text(f"{annonce} sous le champ.")
    suggestion.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#pa-resultats .pa-reponse__titre a").first).to_have_text(
        attendus(donnees, "Villeneuve-d'Ascq")[0]
    )


@pytest.mark.contenu_maillage
def test_commune_inconnue_et_faute_de_frappe(url_site, page):
    page.goto(f"{url_site}/points-accueil/")
    page.fill("#pa-lieu", "Lesqin")
    page.press("#pa-lieu", "Enter")
    expect(page.locator("#pa-suggestions").get_by_role("button", name="Lesquin (59810)")).to_be_visible()
    page.fill("#pa-lieu", "Paris")
    page.press("#pa-lieu", "Enter")
    expect(page.locator("#pa-resultats")).to_contain_text("Aucune commune du Nord ni du Pas-de-Calais")


@pytest.mark.contenu_maillage
def test_un_quartier_propose_sa_commune(url_site, page, donnees):
    page.goto(f"{url_site}/points-accueil/")
    page.fill("#pa-lieu", "Lille Fives")
    page.press("#pa-lieu", "Enter")
    choix = page.locator("#pa-suggestions button").first
    expect(choix).to_have_text("Lille (59000)")
    choix.click()
    assert page.locator("#pa-resultats .pa-reponse__titre a").all_inner_texts() == attendus(donnees, "Lille")


@pytest.mark.contenu_maillage
def test_code_postal_hors_de_la_region(url_site, page):
    # Un code tapé n'invite pas à « essayer le code postal » : il l'a été.
    page.goto(f"{url_site}/points-accueil/")
    page.fill("#pa-lieu", "75001")
    page.press("#pa-lieu", "Enter")
    resultats = page.locator("#pa-resultats")
    expect(resultats).to_contain_text("Aucune commune du Nord ni du Pas-de-Calais ne correspond à « 75001 »")
    expect(resultats).to_contain_text("Vérifiez le code postal, ou tapez le nom de votre commune.")
    expect(resultats).not_to_contain_text("essayez le code postal")


@pytest.mark.contenu_maillage
def test_me_localiser(url_site, page, donnees):
    page.context.grant_permissions(["geolocation"], origin=url_site)
    page.context.set_geolocation({"latitude": 50.58232, "longitude": 3.119})
    page.goto(f"{url_site}/points-accueil/")
    page.get_by_role("button", name="Me localiser").click()
    expect(page.locator("#pa-resultats .pa-reponse__titre a").first).to_have_text(
        attendus(donnees, "Lesquin")[0]
    )
    expect(page.locator("#pa-resultats > p")).to_contain_text("votre position")


@pytest.mark.contenu_maillage
def test_liste_presente_et_aucune_requete_avant_le_clic(url_site, page, donnees, axe):
    page.goto(f"{url_site}/points-accueil/")
    expect(page.locator(".pa-fiche")).to_have_count(sum(p.actif for p in donnees.points))
    expect(page.locator("#carte_points_accueil")).to_be_hidden()
    assert axe(page) == []
    page.wait_for_timeout(300)
    assert page.requetes_externes == []
    page.get_by_role("button", name="Afficher la carte").click()
    page.wait_for_selector("#carte_points_accueil[data-prete]")
    page.wait_for_function("document.querySelectorAll('#carte_points_accueil .leaflet-tile').length > 0")
    page.wait_for_timeout(300)
    hotes = {urlparse(u).hostname for u in page.requetes_externes}
    assert hotes == {HOTE_TUILES}
    expect(page.locator(".leaflet-control-layers")).to_contain_text("Couronne Sud")
    expect(
        page.locator(".marker-cluster").first
    ).to_be_visible()  # une seule grappe pour tous les territoires
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("OpenStreetMap")
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute("aria-label", "Zoomer")


@pytest.mark.contenu_maillage
def test_carte_affichee_sans_violation_d_accessibilite(url_site, page, axe):
    page.goto(f"{url_site}/points-accueil/")
    chercher(page, "Lesquin")
    page.get_by_role("button", name="Afficher la carte").click()
    page.wait_for_selector("#carte_points_accueil[data-prete]")
    assert page.evaluate("window.carte_points_accueil.getZoom()") == 13
    expect(page.locator("#carte_points_accueil")).to_be_focused()  # pas renvoyé en haut de page
    assert axe(page) == []


@pytest.mark.contenu_maillage
def test_telephone(url_site, page_mobile, donnees, axe):
    page_mobile.goto(f"{url_site}/points-accueil/")
    assert page_mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert chercher(page_mobile, "Seclin")[0] == attendus(donnees, "Seclin")[0]
    boite = page_mobile.locator("#pa-lieu").bounding_box()
    assert boite["height"] >= 44 and boite["x"] + boite["width"] <= 375
    page_mobile.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page_mobile.get_by_role("button", name="Afficher la carte").click()
    page_mobile.wait_for_selector("#carte_points_accueil[data-prete]")
    assert page_mobile.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe(page_mobile) == []


@pytest.mark.contenu_maillage
def test_page_sans_javascript(url_site, navigateur):
    contexte = navigateur.new_context(java_script_enabled=False)
    onglet = contexte.new_page()
    onglet.goto(f"{url_site}/points-accueil/")
    expect(onglet.locator("#pa-formulaire")).to_be_hidden()
    expect(onglet.locator(".pa-fiche").first).to_be_visible()
    onglet.get_by_role("link", name="Communes en L").click()
    expect(onglet.locator("#commune-59343 + ol li").first).to_contain_text("km")
    contexte.close()


@pytest.fixture(scope="module")
def url_essai(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("points-navigateur") / "output"
    sortie.mkdir()
    with servir(sortie) as url:
        [resultat] = construire_isole((sortie, True, {**settings_fixture(), "SITEURL": url}))
        assert resultat["ok"], resultat
        yield url


def test_nom_hostile_en_texte_dans_la_bulle_et_les_resultats(url_essai, page):
    dialogues = []
    page.on("dialog", lambda d: (dialogues.append(d.message), d.dismiss()))
    page.goto(f"{url_essai}/points-accueil/")
    hostile = "<script>alert('x')</script> Centre ${document.cookie} </script><img src=x onerror=alert(1)>"
    assert chercher(page, "villeneuve dascq")[0] == hostile
    page.get_by_role("button", name="Afficher la carte").click()
    page.wait_for_selector("#carte_points_accueil[data-prete]")
    page.evaluate("window.carte_points_accueil.setView([50.6167, 3.1666], 18, {animate: false})")
    page.locator(".pa-marqueur[title^='<script>']").dispatch_event("click")
    bulle = page.locator(".leaflet-popup-content")
    expect(bulle).to_contain_text(hostile)
    assert bulle.locator("script, img").count() == 0
    assert page.locator("#pa-resultats img").count() == 0
    assert dialogues == []


@pytest.mark.contenu_maillage
def test_temps_de_reponse_d_une_recherche(url_site, page, record_property):
    """Mesure (sans seuil) : données déjà chargées, de l'envoi du formulaire aux résultats affichés."""
    page.goto(f"{url_site}/points-accueil/")
    page.focus("#pa-lieu")
    page.wait_for_selector("#pa-formulaire[data-pret]")
    mesures = page.evaluate(
        """async (saisies) => {
            const champ = document.getElementById("pa-lieu");
            const resultats = document.getElementById("pa-resultats");
            const formulaire = document.getElementById("pa-formulaire");
            const duree = [];
            for (const saisie of saisies) {
                champ.value = saisie;
                // Rappel de l'observateur : juste après la mise à jour complète des résultats.
                const fin = new Promise((ok) => {
                    const o = new MutationObserver(() => { o.disconnect(); ok(performance.now()); });
                    o.observe(resultats, {childList: true, subtree: true, characterData: true});
                });
                const t0 = performance.now();
                formulaire.requestSubmit();
                duree.push((await fin) - t0);
            }
            return duree;
        }""",
        ["Lesquin", "villeneuve dascq", "59152", "Saint-Omer", "Valenciennes", "Seclin", "Arras"],
    )
    assert len(mesures) == 7
    expect(page.locator("#pa-resultats ol > li")).to_have_count(3)
    record_property("temps_recherche_ms", mesures)
    print(f"temps de recherche (ms) : {mesures}")


@pytest.mark.contenu_maillage
def test_carte_compatible_avec_la_politique_de_securite_du_deploiement(url_site, page):
    """Avec l'en-tête CSP que le build écrit dans _headers (ni script ni style en ligne), rien n'est refusé."""
    import urllib.request

    with urllib.request.urlopen(f"{url_site}/_headers", timeout=10) as reponse:
        en_tetes = reponse.read().decode("utf-8")
    ligne = next(ligne for ligne in en_tetes.splitlines() if "Content-Security-Policy:" in ligne)
    politique = ligne.split(":", 1)[1].strip()

    def avec_csp(route):
        if "127.0.0.1" not in route.request.url:
            route.abort()
            return
        reponse = route.fetch()
        route.fulfill(response=reponse, headers={**reponse.headers, "content-security-policy": politique})

    page.unroute("**/*")
    page.route("**/*", avec_csp)
    page.add_init_script(
        "window.refus = []; document.addEventListener('securitypolicyviolation',"
        " e => window.refus.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    page.goto(f"{url_site}/points-accueil/")
    chercher(page, "Lesquin")
    page.get_by_role("button", name="Afficher la carte").click()
    page.wait_for_selector("#carte_points_accueil[data-prete]")
    page.evaluate("window.carte_points_accueil.setView([50.59883, 3.09056], 18, {animate: false})")
    page.locator(".pa-marqueur[title^='Maison de l']").first.dispatch_event("click")
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Itinéraire")
    page.wait_for_timeout(300)
    assert page.evaluate("window.refus") == []


def test_un_seul_point_propose_sa_phrase_est_au_singulier(tmp_path, page):
    """Réglage « resultats: 1 » : « Le point d'accueil le plus proche de … », pas « Les 1 points… »."""
    sortie = tmp_path / "output"
    sortie.mkdir()
    with servir(sortie) as url:
        [resultat] = construire_isole((sortie, True, {**settings_fixture(resultats=1), "SITEURL": url}))
        assert resultat["ok"], resultat
        page.goto(f"{url}/points-accueil/")
        chercher(page, "villeneuve dascq")
        expect(page.locator("#pa-resultats > p")).to_contain_text(
            "Le point d'accueil le plus proche de Villeneuve"
        )
        expect(page.locator("#pa-resultats ol li")).to_have_count(1)


@pytest.fixture(scope="module")
def url_fermetures(tmp_path_factory):
    """Le site d'essai où la mairie de Lesquin est fermée et le siège annonce sa fermeture."""
    dossier = tmp_path_factory.mktemp("points-fermetures")
    sortie = dossier / "output"
    sortie.mkdir()
    with servir(sortie) as url:
        [resultat] = construire_isole(
            (sortie, True, {**settings_fermetures(dossier / "data"), "SITEURL": url})
        )
        assert resultat["ok"], resultat
        yield url


def test_un_point_ferme_vient_apres_les_ouverts_et_le_dit(url_fermetures, page_mobile, axe):
    page_mobile.goto(f"{url_fermetures}/points-accueil/")
    # À Lesquin même, sa mairie fermée n'est pas proposée la première : les deux points ouverts
    # d'abord, puis elle, avec ses dates.
    assert chercher(page_mobile, "Lesquin") == [HOSTILE, "Siège d'essai", "Mairie de Lesquin"]
    ouverts = page_mobile.locator("#pa-resultats ol.pa-reponses > li")
    expect(ouverts).to_have_count(2)
    expect(ouverts.nth(1).locator(".pa-fermeture")).to_have_text(FERME_SIEGE)
    expect(page_mobile.locator("#pa-resultats .pa-fermes")).to_have_text(
        "Plus près, mais fermé en ce moment :"
    )
    ferme = page_mobile.locator("#pa-resultats ul.pa-reponses > li")
    expect(ferme).to_have_count(1)
    expect(ferme.locator(".pa-fermeture--en-cours")).to_have_text(FERME_LESQUIN)
    expect(ferme.locator("a.pa-tel")).to_be_visible()
    assert axe(page_mobile) == []


def test_la_bulle_d_un_point_ferme_le_dit(url_fermetures, page):
    page.goto(f"{url_fermetures}/points-accueil/")
    page.get_by_role("button", name="Afficher la carte").click()
    page.wait_for_selector("#carte_points_accueil[data-prete]")
    page.evaluate("window.carte_points_accueil.setView([50.58232, 3.119], 18, {animate: false})")
    marqueur = page.locator(".pa-marqueur--ferme")
    expect(marqueur).to_have_attribute("title", "Mairie de Lesquin (fermé en ce moment)")
    marqueur.dispatch_event("click")
    expect(page.locator(".leaflet-popup-content .pa-fermeture--en-cours")).to_have_text(FERME_LESQUIN)


def test_sans_javascript_la_fermeture_se_lit_aussi(url_fermetures, telephone_sans_javascript):
    onglet = telephone_sans_javascript
    onglet.goto(f"{url_fermetures}/points-accueil/")
    expect(onglet.locator("#lesquin-mairie .pa-fermeture")).to_have_text(FERME_LESQUIN)
    expect(onglet.locator("#lesquin-mairie .pa-fermeture")).to_be_visible()
    onglet.get_by_role("link", name="Communes en L").click()
    section = onglet.locator("section.pa-commune", has=onglet.locator("#commune-59343"))
    expect(section.locator("ol.pa-proches > li")).to_have_count(2)
    expect(section.locator("ul.pa-proches > li")).to_contain_text("Mairie de Lesquin, Lesquin : ")
    expect(section.locator("ul.pa-proches .pa-fermeture")).to_have_text(FERME_LESQUIN)
