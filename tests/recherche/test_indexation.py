"""Index Pagefind construit pendant le build (mode service) : mêmes pages et mêmes URL que la ligne
de commande, pages sans `data-pagefind-body` écartées, index non réécrit si rien n'a changé,
Pagefind toujours arrêté, erreurs claires."""

from __future__ import annotations

import gc
import gzip
import json
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from pagefind_bin import get_executable
from pelican import signals

from outils import construire_site, copier_site_essai
from recherche import indexation
from recherche.indexation import TEMOIN, url_pagefind
from recherche.service import ErreurPagefind, ServicePagefind


def fragments(dossier: Path) -> dict[str, dict]:
    """Les pages d'un index Pagefind : {url: fragment (contenu, titre, ancres…)}."""
    pages = {}
    for fichier in (dossier / "fragment").glob("*.pf_fragment"):
        brut = gzip.decompress(fichier.read_bytes())
        assert brut.startswith(b"pagefind_dcd")
        fragment = json.loads(brut[len(b"pagefind_dcd") :])
        pages[fragment["url"]] = fragment
    return pages


def pages_avec_corps(sortie: Path) -> set[str]:
    return {
        url_pagefind(p.relative_to(sortie).as_posix())
        for p in sortie.rglob("*.html")
        if b"data-pagefind-body" in p.read_bytes()
    }


@pytest.fixture
def site(tmp_path):
    """(pelicanconf.py du site d'essai copié, dossier de sortie)."""
    return copier_site_essai("site_minimal", tmp_path / "site"), tmp_path / "sortie"


@pytest.fixture
def processus_lances(monkeypatch):
    """Les processus Pagefind lancés par les builds du test."""
    lances: list[subprocess.Popen] = []
    popen = subprocess.Popen

    def espion(commande, *args, **kwargs):
        processus = popen(commande, *args, **kwargs)
        if any("pagefind" in str(mot) for mot in commande):  # pas les autres (socle.dossiers…)
            lances.append(processus)
        return processus

    monkeypatch.setattr("recherche.service.subprocess.Popen", espion)
    return lances


@pytest.mark.parametrize(
    ("relatif", "url"),
    [
        ("index.html", "/"),
        ("actualites/premiere/index.html", "/actualites/premiere/"),
        ("404.html", "/404.html"),
        ("lettre/myindex.html", "/lettre/myindex.html"),
        ("index.html.d/index.html", "/index.html.d/"),
    ],
)
def test_l_url_est_celle_de_la_ligne_de_commande(relatif, url):
    assert url_pagefind(relatif) == url


def test_les_pages_indexees_sont_celles_de_la_ligne_de_commande(site, tmp_path, processus_lances):
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=True)
    index = fragments(sortie / "pagefind")

    attendues = pages_avec_corps(sortie)
    assert {"/actualites/premiere/", "/contact/"} <= attendues
    assert set(index) == attendues
    assert "/" not in index and "/thematiques/formation/" not in index  # sans data-pagefind-body
    entree = json.loads((sortie / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entree["languages"]["fr"]["page_count"] == len(attendues)
    assert "première actualité" in index["/actualites/premiere/"]["content"]

    # La ligne de commande de Pagefind, sur les mêmes pages, donne exactement les mêmes fragments.
    copie = tmp_path / "copie"
    for page in sortie.rglob("*.html"):
        cible = copie / page.relative_to(sortie)
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_bytes(page.read_bytes())
    subprocess.run([str(get_executable()), "--site", str(copie), "--silent"], check=True, timeout=120)
    assert fragments(copie / "pagefind") == index

    assert processus_lances and all(p.poll() is not None for p in processus_lances)


def test_un_build_identique_ne_reecrit_pas_l_index(site):
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=True)
    entree = sortie / "pagefind" / "pagefind-entry.json"
    temoin = sortie / "pagefind" / TEMOIN
    avant = (entree.stat().st_mtime_ns, temoin.read_text(encoding="utf-8"))

    construire_site(sortie, fichier=str(conf), indexer=True)
    assert (entree.stat().st_mtime_ns, temoin.read_text(encoding="utf-8")) == avant

    article = conf.parent / "content" / "actualites" / "premiere.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nUn mot nouveau : tamaris.\n", encoding="utf-8"
    )
    construire_site(sortie, fichier=str(conf), indexer=True)
    assert temoin.read_text(encoding="utf-8") != avant[1]
    # Comme la ligne de commande, Pagefind laisse les fragments périmés à côté des nouveaux.
    nouveaux = (sortie / "pagefind" / "fragment").glob("*.pf_fragment")
    assert any(b"tamaris" in gzip.decompress(f.read_bytes()) for f in nouveaux)


def contenu_de_l_index(dossier: Path) -> dict[str, bytes]:
    return {
        p.relative_to(dossier).as_posix(): p.read_bytes()
        for p in sorted(dossier.rglob("*"))
        if p.is_file() and p.name != TEMOIN
    }


def test_l_ecriture_anticipee_donne_le_meme_index_sans_fichier_en_trop(site, tmp_path, monkeypatch):
    conf, sortie = site
    monkeypatch.setattr(indexation, "PAGES_AVANT_ANTICIPATION", 10**9)
    construire_site(tmp_path / "sans", fichier=str(conf), indexer=True)
    attendu = contenu_de_l_index(tmp_path / "sans" / "pagefind")

    # Dès la première page indexée : une seule écriture anticipée, puis celle de la fin s'il est
    # venu d'autres pages indexées depuis.
    monkeypatch.setattr(indexation, "PAGES_AVANT_ANTICIPATION", 1)
    ecritures = []
    envoyer = ServicePagefind.envoyer

    def espion(service, type_, **champs):
        ecritures.extend([type_] if type_ == "WriteFiles" else [])
        return envoyer(service, type_, **champs)

    monkeypatch.setattr(ServicePagefind, "envoyer", espion)
    construire_site(sortie, fichier=str(conf), indexer=True)
    assert 1 <= len(ecritures) <= 2
    assert contenu_de_l_index(sortie / "pagefind") == attendu

    # Build identique : l'écriture anticipée n'a pas lieu et l'index n'est pas réécrit.
    entree = sortie / "pagefind" / "pagefind-entry.json"
    avant = entree.stat().st_mtime_ns
    construire_site(sortie, fichier=str(conf), indexer=True)
    assert entree.stat().st_mtime_ns == avant

    # Une actualité modifiée : l'index est réécrit (par anticipation). Comme avec la ligne de
    # commande, les fichiers de l'index précédent restent ; l'anticipation n'en laisse aucun autre.
    precedent = set(contenu_de_l_index(sortie / "pagefind"))
    article = conf.parent / "content" / "actualites" / "premiere.md"
    article.write_text(
        article.read_text(encoding="utf-8") + "\nUn mot nouveau : tamaris.\n", encoding="utf-8"
    )
    construire_site(tmp_path / "sans-2", fichier=str(conf), indexer=True)
    construire_site(sortie, fichier=str(conf), indexer=True)
    nouveau = contenu_de_l_index(sortie / "pagefind")
    attendu = contenu_de_l_index(tmp_path / "sans-2" / "pagefind")
    assert {nom: nouveau.get(nom) for nom in attendu} == attendu
    assert set(nouveau) <= set(attendu) | precedent


def test_l_index_est_refait_s_il_a_disparu(site):
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=True)
    (sortie / "pagefind" / "pagefind-entry.json").unlink()
    construire_site(sortie, fichier=str(conf), indexer=True)
    assert (sortie / "pagefind" / "pagefind-entry.json").is_file()


def test_pagefind_est_arrete_quand_le_build_echoue(site, processus_lances):
    conf, sortie = site

    def panne(chemin, **_):
        if chemin.endswith("contact/index.html"):
            raise RuntimeError("panne pendant l'écriture")

    signals.content_written.connect(panne)
    try:
        with pytest.raises(RuntimeError, match="panne pendant"):
            construire_site(sortie, fichier=str(conf), indexer=True)
    finally:
        signals.content_written.disconnect(panne)
    (lance,) = processus_lances
    # Le build suivant du même processus (ou le ramasse-miettes) arrête le Pagefind orphelin.
    construire_site(sortie, fichier=str(conf), indexer=False)
    gc.collect()
    assert lance.wait(timeout=10) is not None
    assert not (sortie / "pagefind" / "pagefind-entry.json").exists()


def test_pagefind_introuvable_donne_une_erreur_claire(site, monkeypatch, tmp_path):
    conf, sortie = site
    monkeypatch.setattr(indexation, "executable_pagefind", lambda: tmp_path / "pas-de-pagefind")
    with pytest.raises(ErreurPagefind, match="impossible de lancer Pagefind"):
        construire_site(sortie, fichier=str(conf), indexer=True)


def test_pagefind_qui_s_arrete_donne_une_erreur_claire(site, monkeypatch, tmp_path):
    conf, sortie = site
    faux = tmp_path / "pagefind-en-panne"
    faux.write_text("#!/bin/sh\necho 'plus de mémoire' >&2\nexit 3\n", encoding="utf-8")
    faux.chmod(0o755)
    monkeypatch.setattr(indexation, "executable_pagefind", lambda: faux)
    with pytest.raises(ErreurPagefind, match="Pagefind s'est arrêté en cours de route : plus de mémoire"):
        construire_site(sortie, fichier=str(conf), indexer=True)


def test_sans_indexation_pagefind_n_est_pas_lance(site, processus_lances):
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=False)
    assert processus_lances == []
    assert not (sortie / "pagefind").exists()
    assert (sortie / "recherche" / "index.html").is_file()


def fragments_de_la_ligne_de_commande(sortie: Path, tmp_path: Path) -> dict[str, dict]:
    subprocess.run(
        [str(get_executable()), "--site", str(sortie), "--output-subdir", str(tmp_path / "cli"), "--silent"],
        check=True,
        timeout=120,
    )
    return fragments(tmp_path / "cli")


@pytest.mark.parametrize(
    ("ecritures", "mot_absent"),
    [
        # Aucune page `data-pagefind-body` : Pagefind indexe alors le <body> de toutes les pages.
        ([("a/index.html", "<p>pomme</p>"), ("b.html", "<p>poire</p>")], "cerise"),
        # Une page écrite deux fois : seule sa dernière version compte.
        (
            [
                ("a/index.html", "<main data-pagefind-body><p>pomme</p></main>"),
                ("c/index.html", "<main data-pagefind-body><p>prune</p></main>"),
                ("a/index.html", "<main data-pagefind-body><p>abricot</p></main>"),
            ],
            "pomme",
        ),
    ],
)
def test_les_cas_marginaux_donnent_l_index_de_la_ligne_de_commande(tmp_path, ecritures, mot_absent):
    sortie = tmp_path / "sortie"
    reglages = {}
    en_cours = indexation.Indexation(reglages, sortie)
    try:
        for relatif, corps in ecritures:  # comme le fait Pelican : écrire, puis `content_written`
            (sortie / relatif).parent.mkdir(parents=True, exist_ok=True)
            (sortie / relatif).write_text(f'<html lang="fr"><body>{corps}</body></html>', encoding="utf-8")
            en_cours.page_ecrite(str(sortie / relatif), {})
        en_cours.terminer(SimpleNamespace(settings=reglages))
    finally:
        en_cours.arreter()
    (sortie / "pagefind" / TEMOIN).unlink(missing_ok=True)
    index = fragments(sortie / "pagefind")
    assert index == fragments_de_la_ligne_de_commande(sortie, tmp_path)
    assert index and mot_absent not in json.dumps(index, ensure_ascii=False)


def test_les_pages_indexees_sont_ecrites_avant_les_autres(tmp_path):
    """Le site réel : pages et points d'accueil, puis actualités, puis le reste (l'index peut
    s'écrire dès la dernière actualité). Seuls les brouillons (aperçu local) viennent après."""
    ecrites = []

    def noter(chemin, context=None):
        ecrites.append(Path(chemin).relative_to(tmp_path / "sortie"))

    signals.content_written.connect(noter)
    try:
        construire_site(tmp_path / "sortie", indexer=True)
    finally:
        signals.content_written.disconnect(noter)
    indexees = [
        i
        for i, page in enumerate(ecrites)
        if page.suffix == ".html"
        and page.parts[0] != "brouillons"
        and indexation.MARQUEUR_CORPS in (tmp_path / "sortie" / page).read_bytes()
    ]
    premiere_actualite = next(i for i, page in enumerate(ecrites) if page.parts[0] == "actualites")
    assert max(indexees) < ecrites.index(Path("thematiques/index.html"))
    assert ecrites.index(Path("points-accueil/index.html")) in indexees
    assert ecrites.index(Path("points-accueil/index.html")) < premiere_actualite
