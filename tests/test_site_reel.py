"""Le vrai site, construit comme en publication : contenu, liens, flux, absence de tiers."""

import datetime as dt
import gzip
import re
import uuid
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import feedparser
import lxml.html
import pytest

from outils import SITEURL_PUBLIC, lire_html

# Le contenu réel de Maillage (pages du rapport, au moins 25 actualités…) : voir tests/conftest.py.
pytestmark = pytest.mark.contenu_maillage

PAGES_EXIGEES = [
    "association",
    "escale",
    "episs",
    "fibre",
    "territoires",
    "equipe",
    "partenaires",
    "reseaux",
    "chiffres-cles",
    "contact",
    "adhesion",
    "mentions-legales",
    "confidentialite",
]
ATTRIBUTS_RESSOURCES = [
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
]


def pages_html(sortie: Path) -> list[Path]:
    return sorted(p for p in sortie.rglob("*.html") if "pagefind" not in p.parts)


def url_de(sortie: Path, fichier: Path) -> str:
    relatif = fichier.relative_to(sortie).as_posix()
    return f"{SITEURL_PUBLIC}/{relatif[: -len('index.html')] if relatif.endswith('index.html') else relatif}"


@cache
def _arbre(chemin: Path):
    return lxml.html.fromstring(chemin.read_bytes())


def fichier_de(sortie: Path, url: str) -> Path | None:
    """Le fichier de `output/` qui sert une URL du site, ou None."""
    chemin = unquote(urlparse(url).path).lstrip("/")
    cible = sortie / chemin
    if url.split("#")[0].split("?")[0].endswith("/") or cible.is_dir():
        cible = cible / "index.html"
    return cible if cible.is_file() else None


def test_les_pages_du_rapport_existent(site_public):
    for slug in PAGES_EXIGEES:
        page = lire_html(site_public / slug / "index.html")
        assert page.h1.get_text().strip(), slug
        assert len(page.select_one("main").get_text(" ", strip=True)) > 200, f"{slug} : page trop courte"


def test_les_coordonnees_et_mentions_viennent_des_donnees(site_public):
    import yaml

    identite = yaml.safe_load((Path("data/association.yml")).read_text(encoding="utf-8"))
    pied = lire_html(site_public / "index.html").select_one("footer").get_text(" ", strip=True)
    for cle in ("rue", "telephone", "courriel", "siret"):
        assert str(identite[cle]) in pied, cle
    mentions = (
        lire_html(site_public / "mentions-legales/index.html").select_one("main").get_text(" ", strip=True)
    )
    assert str(identite["siret"]) in mentions
    assert "directeur de la publication" in mentions.lower() or "directeur de publication" in mentions.lower()
    assert "héberg" in mentions.lower()
    # Une seule source : les mentions affichent ce que dit data/association.yml, pas une copie.
    for cle in ("directeur_publication", "hebergeur", "rue", "ville", "telephone", "forme_juridique"):
        assert " ".join(str(identite[cle]).split()) in mentions, cle


def test_au_moins_25_actualites_datees_resumees_classees(site_public):
    flux = feedparser.parse((site_public / "flux/actualites.atom.xml").read_bytes())
    assert not flux.bozo, flux.get("bozo_exception")
    actualites = sorted((site_public / "actualites").glob("*/index.html"))
    articles = [
        lire_html(p)
        for p in actualites
        if p.parent.name not in {"archives", "page"} and not p.parent.name.isdigit()
    ]
    assert len(articles) >= 25
    for page in articles:
        assert page.select_one(".actualite__date time")["datetime"]
        assert page.select(".actualite .mots-cles a"), page.h1.get_text()
        assert page.find("meta", attrs={"name": "description"})["content"].strip()


def test_flux_valides_absolus_et_uid(site_public):
    flux_fichiers = sorted((site_public / "flux").rglob("*.xml"))
    assert len(flux_fichiers) >= 4
    for fichier in flux_fichiers:
        lu = feedparser.parse(fichier.read_bytes())
        assert not lu.bozo, (fichier, lu.get("bozo_exception"))
        assert lu.entries, fichier
        for entree in lu.entries:
            assert entree.link.startswith(f"{SITEURL_PUBLIC}/"), entree.link
            assert uuid.UUID(entree.id.removeprefix("urn:uuid:")).version == 4
    ids = [e.id for e in feedparser.parse((site_public / "flux/actualites.atom.xml").read_bytes()).entries]
    assert len(ids) == len(set(ids))


def test_chaque_mot_cle_utilise_a_sa_page_et_ses_flux(site_public):
    index = lire_html(site_public / "thematiques/index.html")
    liens = [a["href"] for a in index.select("a.thematiques__lien")]
    assert liens
    for lien in liens:
        slug = lien.rstrip("/").rsplit("/", 1)[1]
        assert (site_public / f"thematiques/{slug}/index.html").is_file()
        assert (site_public / f"flux/thematiques/{slug}.atom.xml").is_file()
        assert (site_public / f"flux/thematiques/{slug}.rss.xml").is_file()


def test_tous_les_liens_internes_aboutissent(site_public):
    casses = []
    for fichier in pages_html(site_public):
        base = url_de(site_public, fichier)
        for element, attribut, lien, _pos in _arbre(fichier).iterlinks():
            if attribut not in ("href", "src") or lien.startswith(
                ("mailto:", "tel:", "javascript:", "data:")
            ):
                continue
            absolu = urljoin(base, lien)
            if not absolu.startswith(f"{SITEURL_PUBLIC}/") and absolu != SITEURL_PUBLIC:
                continue
            if element.tag == "form":
                continue
            cible = fichier_de(site_public, absolu)
            if cible is None:
                casses.append(f"{fichier.relative_to(site_public)} → {lien}")
                continue
            fragment = urlparse(absolu).fragment
            if (
                fragment
                and cible.suffix == ".html"
                and not _arbre(cible).xpath("//*[@id=$f or @name=$f]", f=unquote(fragment))
            ):
                casses.append(f"{fichier.relative_to(site_public)} → {lien} (ancre absente)")
    assert casses == []


def test_aucune_ressource_d_un_hote_tiers(site_public):
    tiers = []
    for fichier in pages_html(site_public):
        arbre = _arbre(fichier)
        for balise, attribut in ATTRIBUTS_RESSOURCES:
            for element in arbre.iter(balise):
                valeur = element.get(attribut) or ""
                if urlparse(urljoin(SITEURL_PUBLIC + "/", valeur)).netloc not in (
                    "",
                    urlparse(SITEURL_PUBLIC).netloc,
                ):
                    tiers.append(f"{fichier.relative_to(site_public)} : <{balise} {attribut}={valeur}>")
        for element in arbre.iter("link"):
            if {"stylesheet", "icon", "preload", "modulepreload", "manifest"} & set(
                (element.get("rel") or "").split()
            ):
                valeur = element.get("href") or ""
                if urlparse(urljoin(SITEURL_PUBLIC + "/", valeur)).netloc != urlparse(SITEURL_PUBLIC).netloc:
                    tiers.append(f"{fichier.relative_to(site_public)} : <link href={valeur}>")
    for feuille in site_public.rglob("*.css"):
        for url in re.findall(
            r"url\(\s*['\"]?(https?:)?//", feuille.read_text(encoding="utf-8", errors="replace")
        ):
            tiers.append(f"{feuille.relative_to(site_public)} : url({url}//…)")
        if re.search(
            r"@import\s+(url\()?['\"]?https?://", feuille.read_text(encoding="utf-8", errors="replace")
        ):
            tiers.append(f"{feuille.relative_to(site_public)} : @import externe")
    assert tiers == []


def test_toutes_les_pages_sont_en_francais_avec_titre_et_description(site_public):
    for fichier in pages_html(site_public):
        arbre = _arbre(fichier)
        if fichier.name != "index.html" and fichier.name != "404.html":
            continue  # fragments HTML non destinés à être des pages (ex. courriels de la lettre)
        assert arbre.get("lang") == "fr", fichier
        assert (arbre.findtext(".//title") or "").strip(), fichier
        assert arbre.xpath("//meta[@name='description']/@content"), fichier


def test_plan_du_site_robots_404_favicon(site_public):
    plan = (site_public / "sitemap.xml").read_text(encoding="utf-8")
    import xml.etree.ElementTree as ET

    urls = [e.text for e in ET.fromstring(plan).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITEURL_PUBLIC}/" in urls and f"{SITEURL_PUBLIC}/association/" in urls
    assert all(u.startswith(f"{SITEURL_PUBLIC}/") for u in urls)
    assert all(fichier_de(site_public, u) for u in urls)
    # Chaque actualité donne sa date de dernière modification (celle de sa page) ; l'accueil, sans date
    # honnête à donner, n'en a pas.
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    dates = {e.findtext(f"{ns}loc"): e.findtext(f"{ns}lastmod") for e in ET.fromstring(plan).iter(f"{ns}url")}
    assert dates[f"{SITEURL_PUBLIC}/"] is None
    actualites = [u for u in dates if re.fullmatch(rf"{re.escape(SITEURL_PUBLIC)}/actualites/[^/]+/", u)]
    datees = 0
    for url in actualites:
        modifiee = lire_html(fichier_de(site_public, url)).find(
            "meta", attrs={"property": "article:modified_time"}
        )
        assert dates[url] == (modifiee["content"] if modifiee else None), url
        if modifiee:
            datees += 1
            assert dt.datetime.fromisoformat(dates[url]).tzinfo is not None
    assert datees >= 30
    assert (site_public / "robots.txt").read_text(encoding="utf-8").count(
        f"{SITEURL_PUBLIC}/sitemap.xml"
    ) == 1
    assert lire_html(site_public / "404.html").find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert (site_public / "favicon.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_la_recherche_est_indexee_en_francais(site_public):
    entree = (site_public / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"fr"' in entree


@pytest.mark.parametrize("chemin", ["index.html"])
def test_poids_de_la_page_d_accueil(site_public, chemin):
    """Pas d'objectif chiffré ici (voir benchmarks/) : on vérifie seulement qu'elle n'appelle rien d'inconnu."""
    page = lire_html(site_public / chemin)
    ressources = [e.get("href") for e in page.select("link[rel=stylesheet]")] + [
        e.get("src") for e in page.select("script[src]")
    ]
    for ressource in ressources:
        assert fichier_de(site_public, urljoin(SITEURL_PUBLIC + "/", ressource)) is not None
    assert gzip.compress((site_public / chemin).read_bytes())
