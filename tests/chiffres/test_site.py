"""Les chiffres dans un site construit : page avec graphiques et tableaux, page d'accueil, make check."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import yaml

from outils import FIXTURES, RACINE, construire_site, copier_site_essai, lancer_gestion, lire_html


def affiche(valeur, unite):
    """Mise en forme attendue, écrite indépendamment du plugin : « 1 234 », « 48,5 % »."""
    if valeur == "manquant":
        return "non communiqué"
    texte = f"{valeur:,}".replace(",", "\u00a0").replace(".", ",")
    return f"{texte}\u00a0%" if unite == "%" else texte


def tableaux_attendus(donnees):
    """Pour chaque série : {(ligne, colonne): texte} d'après le YAML lu tel quel."""
    noms = {t["id"]: t["nom"] for t in donnees.get("territoires", [])}
    attendus = {}
    for serie in donnees["series"]:
        cellules = {}
        for v in serie["valeurs"]:
            if "territoire" in v:
                cellules[(noms[v["territoire"]], str(v["annee"]))] = affiche(v["valeur"], serie.get("unite"))
            else:
                cellules[(str(v["annee"]), None)] = affiche(v["valeur"], serie.get("unite"))
        attendus[serie["id"]] = cellules
    return attendus


def tableau_de_la_page(section):
    table = section.find("table")
    colonnes = [th.get_text() for th in table.select("thead th")][1:]
    cellules = {}
    for ligne in table.select("tbody tr"):
        tete = ligne.th.get_text()
        for colonne, td in zip(colonnes, ligne.find_all("td"), strict=True):
            cle = (
                (tete, colonne) if section.select_one("thead th").get_text() == "Territoire" else (tete, None)
            )
            cellules[cle] = td.get_text()
    return cellules


@pytest.fixture(scope="module")
def site_chiffres(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("chiffres")
    conf = copier_site_essai("chiffres", dossier / "site")
    sortie, journal = construire_site(dossier / "sortie", fichier=str(conf))
    assert journal.textes() == []
    return sortie


def test_tableaux_memes_nombres_que_le_fichier(site_chiffres):
    donnees = yaml.safe_load((FIXTURES / "chiffres" / "data" / "chiffres.yml").read_text(encoding="utf-8"))
    page = lire_html(site_chiffres / "chiffres-cles" / "index.html")
    attendus = tableaux_attendus(donnees)
    sections = {s["id"].removeprefix("serie-"): s for s in page.select("section.chiffres-serie")}
    # Une série à une seule valeur est un chiffre mis en avant, pas un tableau.
    assert set(sections) == {"accueils", "accueils-territoire", "part-femmes"}
    for ident, section in sections.items():
        assert tableau_de_la_page(section) == attendus[ident], ident
    assert "12" in page.select_one(".chiffres .chiffres__valeur").get_text()
    assert page.select_one(".page__texte").get_text(strip=True) == "Une introduction courte."


def test_graphiques_references_et_lisibles(site_chiffres):
    page = lire_html(site_chiffres / "chiffres-cles" / "index.html")
    images = page.select(".chiffres-serie__graphique img")
    assert len(images) == 3
    for image in images:
        chemin = site_chiffres / image["src"].removeprefix("https://essai.example/")
        racine = ET.parse(chemin).getroot()
        assert racine.find("{http://www.w3.org/2000/svg}title").text in image["alt"]
        assert image["alt"] == racine.find("{http://www.w3.org/2000/svg}desc").text


def test_accueil_chiffres_du_fichier(site_dev):
    donnees = yaml.safe_load((RACINE / "data" / "chiffres.yml").read_text(encoding="utf-8"))
    series = {s["id"]: s for s in donnees["series"]}
    attendus = []
    for choix in donnees["accueil"]:
        serie = series[choix["serie"]]
        connues = [v for v in serie["valeurs"] if v["valeur"] != "manquant" and "territoire" not in v]
        derniere = max(connues, key=lambda v: v["annee"])
        attendus.append((affiche(derniere["valeur"], serie.get("unite")), choix["libelle"]))
    accueil = lire_html(site_dev / "index.html")
    montres = [
        (li.select_one(".chiffres__valeur").get_text(), li.select_one(".chiffres__libelle").get_text())
        for li in accueil.select("#titre-chiffres + ul li")
    ]
    assert montres == attendus
    assert accueil.select_one('#titre-chiffres ~ p a[href$="chiffres-cles/"]') is not None


def test_page_reelle_a_des_graphiques(site_dev):
    page = lire_html(site_dev / "chiffres-cles" / "index.html")
    assert page.h1.get_text() == "Quelques chiffres"
    for image in page.select(".chiffres-serie__graphique img"):
        assert (site_dev / "chiffres-cles" / image["src"]).resolve().is_file()


def test_make_check_signale_le_fichier_et_la_ligne(tmp_path):
    conf = copier_site_essai("chiffres", tmp_path / "site")
    chemin = tmp_path / "site" / "data" / "chiffres.yml"
    chemin.write_text(
        chemin.read_text(encoding="utf-8").replace("valeur: 1502", "valeur: 1502 personnes"), encoding="utf-8"
    )
    ligne = next(
        i for i, t in enumerate(chemin.read_text(encoding="utf-8").splitlines(), 1) if "1502 personnes" in t
    )
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert (
        f"data/chiffres.yml:{ligne} : erreur : série « accueils », année 2023 : « 1502 personnes » n'est pas un nombre"
        in (resultat.stderr)
    )
