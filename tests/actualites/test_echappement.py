"""Échappement : un titre, un mot-clé ou une donnée d'identité contenant du HTML s'affiche comme du texte."""

import feedparser
import pytest

from outils import SITEURL_PUBLIC, construire_site, copier_site_essai, lire_html

TITRE = '<script>alert("titre")</script> & <b>gras</b>'
LIBELLE = '<script>alert("mot")</script>'
SLOGAN = '<img src=x onerror=alert("slogan")>'


@pytest.fixture(scope="module")
def sortie(tmp_path_factory):
    racine = tmp_path_factory.mktemp("echappement")
    conf = copier_site_essai("site_minimal", racine / "site")
    site = conf.parent
    (site / "data/mots-cles.yml").write_text(
        (site / "data/mots-cles.yml").read_text(encoding="utf-8")
        + f"- slug: piege\n  libelle: '{LIBELLE}'\n  description: '<i>description</i> piégée'\n",
        encoding="utf-8",
    )
    identite = site / "data/association.yml"
    identite.write_text(
        identite.read_text(encoding="utf-8").replace("Un slogan d'essai", f"'{SLOGAN}'"), encoding="utf-8"
    )
    (site / "content/actualites/piege.md").write_text(
        f"Title: {TITRE}\nDate: 2013-09-16\nTags: piege\nSummary: Résumé *en Markdown*.\n"
        "Uid: 66666666-6666-4666-8666-666666666666\nSlug: piege\n\nLe **texte** rendu.\n",
        encoding="utf-8",
    )
    resultat, _ = construire_site(
        racine / "sortie",
        fichier=str(conf),
        override={"SITEURL": SITEURL_PUBLIC, "FEED_DOMAIN": SITEURL_PUBLIC, "RELATIVE_URLS": False},
    )
    return resultat


@pytest.mark.parametrize(
    "chemin",
    [
        "actualites/piege/index.html",
        "thematiques/piege/index.html",
        "thematiques/index.html",
        "index.html",
        "actualites/index.html",
        "actualites/2013/index.html",
    ],
)
def test_aucun_html_injecte_dans_les_pages(sortie, chemin):
    brut = (sortie / chemin).read_text(encoding="utf-8")
    assert 'alert("titre")</script>' not in brut
    assert '<script>alert("mot")' not in brut
    assert "<img src=x" not in brut
    assert "<i>description</i>" not in brut
    page = lire_html(sortie / chemin)
    assert not [s for s in page.find_all("script") if "alert" in (s.string or "")]
    assert page.select_one(".marque__slogan").get_text() == SLOGAN


def test_le_texte_est_affiche_tel_quel(sortie):
    page = lire_html(sortie / "actualites/piege/index.html")
    assert page.h1.get_text() == TITRE
    assert page.select_one(".actualite .mots-cles a").get_text() == LIBELLE
    # Le Markdown, lui, est rendu : c'est le seul contenu marqué sûr.
    assert page.select_one(".actualite__texte strong").get_text() == "texte"
    mot = lire_html(sortie / "thematiques/piege/index.html")
    assert mot.h1.get_text() == LIBELLE
    assert mot.select_one(".chapeau").get_text() == "<i>description</i> piégée"


def test_les_flux_restent_valides(sortie):
    for flux in (
        "flux/actualites.atom.xml",
        "flux/thematiques/piege.atom.xml",
        "flux/thematiques/piege.rss.xml",
    ):
        lu = feedparser.parse((sortie / flux).read_bytes())
        assert not lu.bozo, lu.get("bozo_exception")
        entree = next(e for e in lu.entries if e.id.endswith("66666666-6666-4666-8666-666666666666"))
        # Pelican retire les balises du titre dans les flux : il n'en reste que le texte.
        assert entree.title == 'alert("titre") & gras'
        assert "<script" not in (sortie / flux).read_text(encoding="utf-8")
