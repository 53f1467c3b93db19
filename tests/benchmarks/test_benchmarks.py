"""Test de fumée du banc de mesure : générateur et harnais sur un corpus minuscule (sans assertion de durée)."""

from __future__ import annotations

import json
import shutil
import uuid

import pytest

from benchmarks import (
    complements,
    decomposition,
    donnees_lettre,
    donnees_points,
    ecritures,
    generateur,
    harnais,
    mesures,
    navigateur,
    poids,
)
from outils import RACINE

LIGNES_ATTENDUES = {
    "build_froid",
    "build_sans_recherche",
    "recherche_seule",
    "build_charge",
    "build_chaud",
    "croissance",
    "edition",
    "memoire_12",
    "memoire_30",
    "ecritures",
    "poids_accueil",
    "poids_actualite",
    "poids_carte",
    "poids_formations",
    "poids_courriel",
    "poids_json",
    "recherche_points",
}


@pytest.fixture(scope="module")
def mesure(tmp_path_factory):
    dossier = tmp_path_factory.mktemp("bench")
    code = harnais.main(
        [
            "--tailles",
            "12",
            "30",
            "--rapide",
            "--dossier",
            str(dossier / "corpus"),
            "--resultats",
            str(dossier / "resultats"),
            "--sans-navigateur",
            "--charge",
        ]
    )
    return code, dossier


def test_le_generateur_est_deterministe(tmp_path):
    premier = generateur.generer(15, tmp_path / "a")
    second = generateur.generer(15, tmp_path / "b")
    fichiers = [p.relative_to(premier.racine) for p in premier.actualites()]
    assert fichiers == [p.relative_to(second.racine) for p in second.actualites()]
    assert all((premier.racine / f).read_bytes() == (second.racine / f).read_bytes() for f in fichiers)


def test_les_actualites_generees_ont_le_format_du_site(tmp_path):
    corpus = generateur.generer(40, tmp_path)
    vocabulaire = set(generateur.slugs_du_vocabulaire(corpus.donnees / "mots-cles.yml"))
    uids = set()
    for chemin in corpus.actualites():
        entete, corps = chemin.read_text(encoding="utf-8").split("\n\n", 1)
        champs = dict(ligne.split(": ", 1) for ligne in entete.splitlines())
        assert list(champs) == ["Title", "Date", "Tags", "Summary", "Uid"]
        mots = champs["Tags"].split(", ")
        assert 1 <= len(mots) <= 3 and set(mots) <= vocabulaire
        uids.add(uuid.UUID(champs["Uid"]))
        assert 150 <= len(corps.split()) <= 480
    assert len(uids) == 40
    annees = {int(p.parent.name) for p in corpus.actualites()}
    assert min(annees) >= generateur.DEBUT.year and max(annees) <= generateur.DATE_CONSTRUCTION.year


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return generateur.generer(40, tmp_path_factory.mktemp("corpus"))


def test_le_corpus_passe_la_verification_de_tous_les_plugins(corpus, tmp_path):
    """`make check` (le `verifier` de chaque plugin de PLUGINS) sur le corpus : aucune erreur."""
    variante = mesures.preparer("site", corpus.contenu, corpus.donnees, tmp_path, corpus.reglages)
    assert "valides" in harnais.verifier_corpus(variante)


def test_le_registre_genere_est_lu_par_le_plugin_lettre(corpus):
    if not corpus.donnees_generees["lettre"].startswith("ok"):
        pytest.skip(corpus.donnees_generees["lettre"])
    from lettre.registre import charger_registre

    registre, problemes = charger_registre(corpus.donnees / "lettre" / "registre.yml", "registre.yml")
    assert problemes == []
    parutions = {n.ident for n in registre.numeros}
    assert len(parutions) == donnees_lettre.PARUTIONS_ENVOYEES
    envoyees = registre.uids_envoyes("complete") | registre.depart_uids
    uids = {chemin.read_text(encoding="utf-8").split("Uid: ")[1][:36] for chemin in corpus.actualites()}
    assert len(uids - envoyees) == min(generateur.QUINZAINE_CHARGEE, 40 // 4)  # la quinzaine à venir


def test_les_points_generes_sont_lus_par_le_plugin_points_accueil(corpus):
    if not corpus.donnees_generees["points_accueil"].startswith("ok"):
        pytest.skip(corpus.donnees_generees["points_accueil"])
    from points_accueil.chargement import charger_tout

    settings = complements.reglages_du_site()
    donnees = charger_tout({**settings, "SOCLE": {**settings["SOCLE"], "donnees": str(corpus.donnees)}})
    assert [p for p in donnees.problemes if p.est_erreur] == []
    assert len(donnees.points) == donnees_points.NOMBRE_POINTS


def test_le_harnais_imprime_toutes_les_lignes(mesure, capsys):
    code, dossier = mesure
    assert code == 0
    resultats = json.loads((dossier / "resultats" / "dernieres.json").read_text(encoding="utf-8"))
    assert {ligne["cle"] for ligne in resultats["lignes"]} == LIGNES_ATTENDUES
    assert resultats["machine"]["coeurs"]
    assert len(resultats["brutes"]["site_12_froid_s"]) == 1
    assert len(resultats["brutes"]["edition_s"]) == 1
    # Temps de processeur relevé pour chaque build, Pagefind seul compris, et sous charge.
    for cle in ("site_12_froid_cpu", "nu_12_froid_cpu", "pagefind_12_froid_cpu", "site_12_charge_cpu"):
        assert resultats["brutes"][cle][0] > 0, cle
        # dont la part du noyau, relevée à part et comprise dans le total
        assert 0 < resultats["brutes"][cle.replace("_cpu", "_sys")][0] < resultats["brutes"][cle][0], cle
    sans_recherche = next(ligne for ligne in resultats["lignes"] if ligne["cle"] == "build_sans_recherche")
    assert "dont noyau" in sans_recherche["valeur"] and "hors noyau" in sans_recherche["valeur"]
    assert resultats["charge"] is True
    # Les sorties des builds précédents, mises de côté pendant les mesures, sont effacées à la fin ;
    # la sortie du dernier build de chaque variante reste.
    assert sorted(dossier.rglob(".ecartes")) == []
    assert (dossier / "corpus" / "_constructions" / "12" / "site" / "output" / "index.html").is_file()
    ecrit = next(ligne for ligne in resultats["lignes"] if ligne["cle"] == "ecritures")["valeur"]
    assert "par actualité" in ecrit and "par thématique" in ecrit and "Pelican nu" in ecrit
    accueil = next(ligne for ligne in resultats["lignes"] if ligne["cle"] == "poids_accueil")
    assert "Ko gzip" in accueil["valeur"] and accueil["verdict"] in ("atteint", "NON atteint")


def test_les_ecritures_se_comptent_par_rubrique(tmp_path):
    for relatif in (
        "index.html",
        "actualites/a/index.html",
        "actualites/b/index.html",
        "thematiques/x/index.html",
        "thematiques/x/page/2/index.html",
        "thematiques/y/index.html",
        "flux/tout.xml",
    ):
        (tmp_path / relatif).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relatif).write_text("12345", encoding="utf-8")
    compte = ecritures.compter(tmp_path)
    assert (compte.fichiers, compte.octets) == (7, 35)
    assert compte.par_rubrique == {"/": 1, "actualites": 2, "thematiques": 3, "flux": 1}
    assert ecritures.pages_par_thematique(tmp_path) == 1.5
    assert ecritures.pages_par_thematique(tmp_path / "actualites") is None


def test_le_poids_compte_les_ressources_referencees(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "a.css").write_text("body{background:url(../img/f.svg)}", encoding="utf-8")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "f.svg").write_text("<svg/>", encoding="utf-8")
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "index.html").write_text(
        '<link rel="stylesheet" href="../css/a.css"><script src="https://cdn.example/x.js"></script>'
        '<img src="../absente.png" alt="">',
        encoding="utf-8",
    )
    mesure = poids.poids_page(tmp_path, "p/index.html")
    assert mesure.fichiers == ["css/a.css", "img/f.svg", "p/index.html"]
    assert mesure.externes == ["https://cdn.example/x.js"]
    assert len(mesure.manquants) == 1
    assert poids.poids_page(tmp_path, "absente.html") is None


@pytest.mark.navigateur
def test_la_recherche_du_point_le_plus_proche_se_mesure_dans_chromium(mesure, request):
    _code, dossier = mesure
    sortie = dossier / "corpus" / "_constructions" / "12" / "site" / "output"
    if not (sortie / "points-accueil" / "index.html").is_file():
        pytest.skip("pas de page des points d'accueil dans ce site")
    durees = navigateur.temps_recherche_points(sortie, request.getfixturevalue("navigateur"))
    assert len(durees) == len(navigateur.SAISIES) and all(d >= 0 for d in durees)


@pytest.mark.navigateur
def test_chromium_ne_telecharge_que_les_polices_utilisees(tmp_path, request):
    police = (
        RACINE
        / "theme"
        / "static"
        / "vendor"
        / "@fontsource-variable"
        / "atkinson-hyperlegible-next"
        / "files"
    )
    for style in ("normal", "italic"):
        shutil.copy(
            police / f"atkinson-hyperlegible-next-latin-wght-{style}.woff2", tmp_path / f"{style}.woff2"
        )
    faces = "".join(
        f"@font-face{{font-family:A;font-style:{style};src:url({style}.woff2) format('woff2')}}"
        for style in ("normal", "italic")
    )
    (tmp_path / "s.css").write_text(faces + "body{font-family:A}", encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="s.css"></head><body><p>Droit</p></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "avec").mkdir()
    (tmp_path / "avec" / "index.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="../s.css"></head><body><em>Penché</em></body></html>',
        encoding="utf-8",
    )
    charges = navigateur.fichiers_charges(
        tmp_path, ["index.html", "avec/index.html"], request.getfixturevalue("navigateur")
    )
    assert {"s.css", "normal.woff2"} <= charges["index.html"] and "italic.woff2" not in charges["index.html"]
    assert "italic.woff2" in charges["avec/index.html"]


def test_la_decomposition_retire_un_composant_par_variante(corpus, tmp_path):
    from pelican.settings import read_settings

    site = mesures.preparer("site", corpus.contenu, corpus.donnees, tmp_path / "site", corpus.reglages)
    plugins = list(complements.reglages_du_site()["PLUGINS"])
    variantes = decomposition.variantes(site, tmp_path / "decomposition", plugins)
    lues = {libelle: read_settings(str(v.reglages)) for libelle, v in variantes.items()}
    assert lues["de l'index Pagefind"]["RECHERCHE"]["indexer"] is False
    assert not any(
        "typographie" in e
        for e in lues["de la typographie française du Markdown"]["MARKDOWN"]["extension_configs"]
    )
    for plugin in plugins:
        if f"du plugin {plugin}" in lues:
            assert plugin not in lues[f"du plugin {plugin}"]["PLUGINS"]
    assert len({v.sortie for v in variantes.values()} | {site.sortie}) == len(variantes) + 1


def test_le_cout_d_un_composant_se_lit_tour_par_tour_hors_noyau():
    R = mesures.Resultat  # (durée, CPU, mémoire, dont noyau)
    # Le noyau du site complet varie beaucoup (disque) : le coût n'en tient pas compte.
    complets = [R(4.0, 4.2, 100, 0.2), R(5.0, 5.9, 100, 1.9), R(4.1, 4.4, 100, 0.3)]
    sans = [R(3.7, 3.8, 90, 0.2), R(3.8, 3.8, 90, 0.2), R(3.8, 4.0, 90, 0.3)]
    # hors noyau : 4.0 − 3.6, 4.0 − 3.6, 4.1 − 3.7 ; durées : 0.3, 1.2 (le tour bruité), 0.3
    texte = decomposition.texte_cout(complets, sans, froid=True)
    assert texte == "+0.40 s de processeur hors noyau (10%), durée +0.30 s à froid"


def test_la_charge_occupe_un_coeur_puis_s_arrete():
    import os
    import resource
    import time

    avant = resource.getrusage(resource.RUSAGE_CHILDREN)
    with mesures.charge() as pid:
        os.kill(pid, 0)  # en vie
        time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # arrêtée et attendue
    apres = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert apres.ru_utime - avant.ru_utime > 0.1  # elle a vraiment calculé (machine partagée)


def test_une_police_que_le_navigateur_ne_telecharge_pas_ne_compte_pas(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="s.css"><link rel="icon" href="i.ico"></head></html>',
        encoding="utf-8",
    )
    (tmp_path / "s.css").write_text(
        "@font-face{src:url(droite.woff2)}@font-face{src:url(italique.woff2)}", encoding="utf-8"
    )
    for nom in ("droite.woff2", "italique.woff2", "i.ico"):
        (tmp_path / nom).write_bytes(b"x" * 1000)
    tout = poids.poids_page(tmp_path, "index.html")
    assert set(tout.fichiers) == {"index.html", "s.css", "droite.woff2", "italique.woff2", "i.ico"}
    vu = poids.poids_page(tmp_path, "index.html", charges={"index.html", "s.css", "droite.woff2"})
    assert set(vu.fichiers) == {"index.html", "s.css", "droite.woff2", "i.ico"}  # l'icône compte toujours
    assert vu.non_charges == ["italique.woff2"] and vu.brut == tout.brut - 1000


def test_pelican_nu_recoit_un_gabarit_ordinaire_par_gabarit_nomme_dans_une_page(tmp_path):
    pages = tmp_path / "contenu" / "pages"
    pages.mkdir(parents=True)
    (pages / "legales.md").write_text(
        "Title : Mentions\nTemplate: mentions-legales\n\nCorps\n", encoding="utf-8"
    )
    (pages / "autre.md").write_text("Title: Autre\n\nTemplate: pas-un-en-tete\n", encoding="utf-8")
    reglage = mesures.gabarits_de_pages_pour_pelican_nu(tmp_path / "contenu", tmp_path / "gabarits")
    assert reglage == f"THEME_TEMPLATES_OVERRIDES = [{str(tmp_path / 'gabarits')!r}]\n"
    assert [p.name for p in (tmp_path / "gabarits").iterdir()] == ["mentions-legales.html"]
    assert (tmp_path / "gabarits" / "mentions-legales.html").read_text() == '{% extends "page.html" %}\n'
