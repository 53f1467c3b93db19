"""Le site d'essai minimal construit pour de vrai : pages, flux, mots-clés, dates, uid stables."""

import re
import shutil

import feedparser
import pytest

from outils import SITEURL_PUBLIC, construire_site, copier_site_essai, lire_html

PUBLIC = {"SITEURL": SITEURL_PUBLIC, "FEED_DOMAIN": SITEURL_PUBLIC, "RELATIVE_URLS": False}


@pytest.fixture(scope="module")
def essai(tmp_path_factory):
    """(dossier du site d'essai copié, sortie du build de publication)."""
    racine = tmp_path_factory.mktemp("essai")
    conf = copier_site_essai("site_minimal", racine / "site")
    sortie, journal = construire_site(
        racine / "sortie",
        fichier=str(conf),
        publication=False,
        override={**PUBLIC, "DRAFT_SAVE_AS": "", "DRAFT_URL": ""},
    )
    return conf, sortie, journal


def test_les_pages_attendues_existent(essai):
    _conf, sortie, _journal = essai
    for chemin in [
        "index.html",
        "actualites/index.html",
        "actualites/page/2/index.html",
        "actualites/premiere/index.html",
        "actualites/2013/index.html",
        "actualites/2014/index.html",
        "actualites/archives/index.html",
        "thematiques/index.html",
        "thematiques/formation/index.html",
        "contact/index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "recherche/index.html",
    ]:
        assert (sortie / chemin).is_file(), chemin


def test_dates_en_francais_et_langue(essai):
    html = lire_html(essai[1] / "actualites/premiere/index.html")
    assert html.html["lang"] == "fr"
    temps = html.select_one(".actualite__date time")
    assert temps.get_text() == "vendredi 24 mai 2013"
    assert temps["datetime"].startswith("2013-05-24T14:00:00")


def test_les_mots_cles_sont_canonises_depuis_le_vocabulaire(essai):
    # « Formation » (libellé) et « création d'activité » (sans majuscule) deviennent les mots-clés du vocabulaire.
    troisieme = lire_html(essai[1] / "actualites/troisieme/index.html")
    liens = {a.get_text(): a["href"] for a in troisieme.select(".actualite .mots-cles a")}
    assert liens == {
        "Création d'activité": f"{SITEURL_PUBLIC}/thematiques/creation-activite/",
        "Emploi": f"{SITEURL_PUBLIC}/thematiques/emploi/",
    }


def test_page_d_un_mot_cle_avec_description_et_flux(essai):
    sortie = essai[1]
    page = lire_html(sortie / "thematiques/formation/index.html")
    assert page.h1.get_text() == "Formation"
    assert page.select_one(".chapeau").get_text() == "Les formations."
    titres = [a.get_text() for a in page.select(".carte__titre a")]
    assert titres == ["Deuxième actualité", "Première actualité"]
    for flux in ("flux/thematiques/formation.atom.xml", "flux/thematiques/formation.rss.xml"):
        lu = feedparser.parse((sortie / flux).read_bytes())
        assert not lu.bozo, lu.get("bozo_exception")
        assert [e.title for e in lu.entries] == titres


def test_la_page_d_un_mot_cle_annonce_ses_propres_flux(essai):
    """Un lecteur de flux ouvert sur « Formation » propose le flux de ce mot-clé, pas seulement le général."""
    page = lire_html(essai[1] / "thematiques/formation/index.html")
    annonces = {lien["href"] for lien in page.head.select('link[rel="alternate"]')}
    assert {
        f"{SITEURL_PUBLIC}/flux/thematiques/formation.atom.xml",
        f"{SITEURL_PUBLIC}/flux/thematiques/formation.rss.xml",
        f"{SITEURL_PUBLIC}/flux/actualites.atom.xml",
    } <= annonces


def test_index_des_thematiques(essai):
    page = lire_html(essai[1] / "thematiques/index.html")
    elements = {
        e.select_one(".thematiques__lien").get_text(): e.select_one(".thematiques__nombre").get_text()
        for e in page.select(".thematiques__element")
    }
    assert elements == {
        "Création d'activité": "1 actualité",
        "Emploi": "2 actualités",
        "Formation": "2 actualités",
        "Sans actualité": "aucune actualité pour l'instant",
    }


def test_flux_valides_absolus_et_identifies_par_uid(essai):
    sortie = essai[1]
    atom = feedparser.parse((sortie / "flux/actualites.atom.xml").read_bytes())
    rss = feedparser.parse((sortie / "flux/actualites.rss.xml").read_bytes())
    for lu in (atom, rss):
        assert not lu.bozo, lu.get("bozo_exception")
        assert [e.id for e in lu.entries] == [
            "urn:uuid:33333333-3333-4333-8333-333333333333",
            "urn:uuid:22222222-2222-4222-8222-222222222222",
            "urn:uuid:11111111-1111-4111-8111-111111111111",
        ]
        assert all(e.link.startswith(f"{SITEURL_PUBLIC}/actualites/") for e in lu.entries)


def test_chaque_flux_atom_a_son_propre_identifiant(essai):
    """RFC 4287 : l'`<id>` d'un flux l'identifie ; le flux général et ceux des mots-clés diffèrent."""
    import xml.etree.ElementTree as ET

    sortie = essai[1]
    atom = "{http://www.w3.org/2005/Atom}"
    identifiants = {}
    for chemin in [
        sortie / "flux/actualites.atom.xml",
        *sorted((sortie / "flux/thematiques").glob("*.atom.xml")),
    ]:
        racine = ET.parse(chemin).getroot()
        soi = next(lien.get("href") for lien in racine.findall(f"{atom}link") if lien.get("rel") == "self")
        identifiants[chemin.name] = racine.findtext(f"{atom}id")
        assert identifiants[chemin.name] == soi == f"{SITEURL_PUBLIC}/{chemin.relative_to(sortie)}"
    assert len(identifiants) > 2 and len(set(identifiants.values())) == len(identifiants)


def test_ce_que_lisent_les_lecteurs_de_flux_langue_guid_et_auteur(essai):
    """RSS 2.0 : un `<guid>` sans isPermaLink="false" est l'adresse de l'entrée (un lecteur ouvrirait
    « urn:uuid:… ») ; Atom : chaque entrée a un auteur nommé ; les deux flux disent leur langue."""
    import xml.etree.ElementTree as ET

    sortie = essai[1]
    for chemin in [
        sortie / "flux/actualites.rss.xml",
        *sorted((sortie / "flux/thematiques").glob("*.rss.xml")),
    ]:
        canal = ET.parse(chemin).getroot().find("channel")
        assert canal.findtext("language") == "fr", chemin.name
        guids = canal.findall("item/guid")
        assert guids, chemin.name
        for guid in guids:
            assert guid.text.startswith("urn:uuid:")
            assert guid.get("isPermaLink") == "false", (chemin.name, guid.text)
    atom = feedparser.parse((sortie / "flux/actualites.atom.xml").read_bytes())
    assert atom.feed.language == "fr"
    assert [e.author for e in atom.entries] == ["Association d'essai"] * len(atom.entries)
    rss = feedparser.parse((sortie / "flux/actualites.rss.xml").read_bytes())
    assert not any(e.guidislink for e in rss.entries)


def test_changer_titre_date_et_slug_ne_rend_pas_une_actualite_nouvelle(essai, tmp_path):
    conf, sortie, _ = essai
    site = tmp_path / "site"
    shutil.copytree(conf.parent, site)
    fichier = site / "content/actualites/deuxieme.md"
    texte = fichier.read_text(encoding="utf-8")
    texte = texte.replace("Title: Deuxième actualité", "Title: Deuxième actualité, titre corrigé")
    texte = texte.replace("Date: 2013-06-10", "Date: 2013-06-12").replace(
        "Slug: deuxieme", "Slug: deuxieme-bis"
    )
    fichier.write_text(texte, encoding="utf-8")
    apres, _ = construire_site(
        tmp_path / "sortie", fichier=str(site / "pelicanconf.py"), override={**PUBLIC, "DRAFT_SAVE_AS": ""}
    )
    avant_flux = feedparser.parse((sortie / "flux/actualites.atom.xml").read_bytes())
    apres_flux = feedparser.parse((apres / "flux/actualites.atom.xml").read_bytes())
    assert {e.id for e in avant_flux.entries} == {e.id for e in apres_flux.entries}
    modifiee = next(e for e in apres_flux.entries if e.id.endswith("22222222-2222-4222-8222-222222222222"))
    assert modifiee.link == f"{SITEURL_PUBLIC}/actualites/deuxieme-bis/"
    assert modifiee.title == "Deuxième actualité, titre corrigé"


def test_pagination_accessible(essai):
    sortie = essai[1]
    premiere = lire_html(sortie / "actualites/index.html")
    nav = premiere.select_one('nav[aria-label="Pagination"]')
    assert nav.select_one("[aria-current=page]").get_text() == "Page 1 sur 2"
    suivante = nav.select_one("a[rel=next]")
    assert suivante["href"] == f"{SITEURL_PUBLIC}/actualites/page/2/"
    assert re.sub(r"\s+", " ", suivante.get_text()) == "Page suivante (2 sur 2) →"
    seconde = lire_html(sortie / "actualites/page/2/index.html")
    assert seconde.select_one("a[rel=prev]")["href"] == f"{SITEURL_PUBLIC}/actualites/"
    assert "(page 2)" in seconde.title.get_text()


def test_precedente_suivante_et_liees(essai):
    page = lire_html(essai[1] / "actualites/premiere/index.html")
    voisines = page.select_one('nav[aria-label="Actualités précédente et suivante"]')
    assert voisines.select_one("a[rel=prev]") is None  # la plus ancienne
    assert voisines.select_one("a[rel=next]")["href"].endswith("/actualites/deuxieme/")
    liees = [a.get_text() for a in page.select("#titre-liees + ul a")]
    assert sorted(liees) == ["Deuxième actualité", "Troisième actualité"]


def test_une_actualite_programmee_n_est_pas_publiee(essai):
    sortie = essai[1]
    assert not (sortie / "actualites/programmee").exists()
    assert not (sortie / "brouillons").exists()
    tout = "".join(p.read_text(encoding="utf-8") for p in sortie.rglob("*.html"))
    tout += (sortie / "flux/actualites.atom.xml").read_text(encoding="utf-8")
    assert "Actualité programmée" not in tout


def test_en_developpement_une_programmee_est_visible_en_apercu_non_indexee(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    sortie, journal = construire_site(tmp_path / "sortie", fichier=str(conf))
    page = lire_html(sortie / "brouillons/programmee/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert "pas encore publiée" in page.select_one(".alerte").get_text()
    assert "brouillons" not in (sortie / "sitemap.xml").read_text(encoding="utf-8")
    assert any("actualité programmée" in t for t in journal.textes())


def test_une_actualite_cachee_n_est_ni_au_plan_du_site_ni_dans_la_recherche(tmp_path):
    """`Status: hidden` (Pelican) : publiée à son adresse mais hors des listes et des flux ; les
    moteurs (sitemap.xml, noindex) et la recherche du site (Pagefind) ne la proposent pas non plus."""
    from recherche.indexation import pages_indexees

    conf = copier_site_essai("site_minimal", tmp_path / "site")
    (tmp_path / "site/content/actualites/cachee.md").write_text(
        "Title: Actualité cachée\nDate: 2013-05-01\nTags: emploi\nSummary: Pour quelques-uns.\n"
        "Uid: 55555555-5555-4555-8555-555555555555\nSlug: cachee\nStatus: hidden\n\nTexte caché.\n",
        encoding="utf-8",
    )
    sortie, _ = construire_site(
        tmp_path / "sortie", fichier=str(conf), override={**PUBLIC, "DRAFT_SAVE_AS": ""}
    )
    page = lire_html(sortie / "actualites/cachee/index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    plan = (sortie / "sitemap.xml").read_text(encoding="utf-8")
    assert "/actualites/premiere/" in plan and "cachee" not in plan
    indexees = pages_indexees(sortie)
    assert "actualites/premiere/index.html" in indexees and "actualites/cachee/index.html" not in indexees
    assert "cachee" not in (sortie / "flux/actualites.atom.xml").read_text(encoding="utf-8")


def test_meta_canonique_open_graph_et_un_seul_h1(essai):
    sortie = essai[1]
    for chemin in [
        "index.html",
        "actualites/premiere/index.html",
        "thematiques/formation/index.html",
        "contact/index.html",
        "actualites/2013/index.html",
    ]:
        page = lire_html(sortie / chemin)
        url = f"{SITEURL_PUBLIC}/{chemin.replace('index.html', '')}"
        assert page.find("link", rel="canonical")["href"] == url
        assert page.find("meta", property="og:url")["content"] == url
        assert page.find("meta", attrs={"name": "description"})["content"].strip()
        assert page.find("meta", property="og:title")["content"].strip()
        assert len(page.find_all("h1")) == 1, chemin


def test_plan_du_site_et_robots(essai):
    sortie = essai[1]
    plan = (sortie / "sitemap.xml").read_text(encoding="utf-8")
    urls = re.findall(r"<loc>([^<]+)</loc>", plan)
    assert f"{SITEURL_PUBLIC}/" in urls and f"{SITEURL_PUBLIC}/actualites/premiere/" in urls
    assert not [u for u in urls if "404" in u or "recherche" in u]
    assert urls == sorted(urls)
    assert f"Sitemap: {SITEURL_PUBLIC}/sitemap.xml" in (sortie / "robots.txt").read_text(encoding="utf-8")


def test_le_build_est_deterministe(essai, tmp_path):
    conf, sortie, _ = essai
    autre, _ = construire_site(
        tmp_path / "sortie", fichier=str(conf), override={**PUBLIC, "DRAFT_SAVE_AS": "", "DRAFT_URL": ""}
    )
    fichiers = sorted(p.relative_to(sortie) for p in sortie.rglob("*") if p.is_file())
    assert fichiers == sorted(p.relative_to(autre) for p in autre.rglob("*") if p.is_file())
    differents = [f for f in fichiers if (sortie / f).read_bytes() != (autre / f).read_bytes()]
    assert differents == []


COLONNES = [f"Colonne {i}" for i in range(1, 11)]
ACTUALITE_TABLEAU = (
    "Title: Les chiffres de l'année\nDate: 2013-07-01\nTags: Formation\n"
    "Uid: 44444444-4444-4444-8444-444444444444\nSlug: chiffres-annee\n\n"
    "Le bilan, en un tableau.\n\n"
    f"| {' | '.join(COLONNES)} |\n|{'---|' * len(COLONNES)}\n| {' | '.join(['123 456'] * len(COLONNES))} |\n"
)


@pytest.mark.navigateur
def test_un_tableau_large_defile_seul_sur_un_telephone(tmp_path, page_mobile):
    """Dans une actualité, un tableau de 10 colonnes défile dans son cadre : la page garde la
    largeur de l'écran (sinon tout le texte défile de côté sous le doigt)."""
    from outils import servir, verifier_tableau_defilant

    conf = copier_site_essai("site_minimal", tmp_path / "site")
    (tmp_path / "site" / "content" / "actualites" / "chiffres.md").write_text(
        ACTUALITE_TABLEAU, encoding="utf-8"
    )
    sortie = tmp_path / "sortie"
    sortie.mkdir()
    with servir(sortie) as url:
        construire_site(sortie, fichier=str(conf), override={"SITEURL": url, "FEED_DOMAIN": url})
        page_mobile.goto(f"{url}/actualites/chiffres-annee/")
        verifier_tableau_defilant(page_mobile, ".actualite", COLONNES)


def test_chaque_flux_porte_le_titre_qu_annoncent_les_pages(essai):
    """Le lecteur de flux affiche le titre du flux : celui du `<link rel=alternate>` des pages
    (« … : actualités », « … : Formation »), pas « Association d'essai - Formation »."""
    sortie = essai[1]
    annonces = {
        lien["href"].rsplit("/flux/", 1)[1]: lien["title"].rsplit(" (", 1)[0]
        for page in ("index.html", "thematiques/formation/index.html")
        for lien in lire_html(sortie / page).select('link[rel="alternate"][href*="/flux/"]')
    }
    assert "actualites.atom.xml" in annonces and "thematiques/formation.atom.xml" in annonces
    for chemin, titre in annonces.items():
        assert feedparser.parse((sortie / "flux" / chemin).read_bytes()).feed.title == titre, chemin
