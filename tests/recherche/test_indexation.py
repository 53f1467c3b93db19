"""Index Pagefind écrit une fois, à la fin du build, par la ligne de commande de Pagefind : seules
les pages `data-pagefind-body`, index non réécrit si aucune page indexée n'a changé, erreurs claires."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from outils import construire_site, copier_site_essai, lancer_gestion
from recherche import indexation
from recherche.indexation import TEMOIN, ErreurPagefind


def fragments(dossier: Path) -> dict[str, dict]:
    """Les pages d'un index Pagefind : {url: fragment (contenu, titre, ancres…)}."""
    pages = {}
    for fichier in (dossier / "fragment").glob("*.pf_fragment"):
        brut = gzip.decompress(fichier.read_bytes())
        assert brut.startswith(b"pagefind_dcd")
        fragment = json.loads(brut[len(b"pagefind_dcd") :])
        pages[fragment["url"]] = fragment
    return pages


def url_pagefind(relatif: str) -> str:
    """L'URL que Pagefind donne à une page : `actualites/x/index.html` → `/actualites/x/`."""
    return "/" + relatif.removesuffix("index.html")


@pytest.fixture
def site(tmp_path):
    """(pelicanconf.py du site d'essai copié, dossier de sortie)."""
    return copier_site_essai("site_minimal", tmp_path / "site"), tmp_path / "sortie"


def test_seules_les_pages_a_corps_sont_indexees(site):
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=True)
    index = fragments(sortie / "pagefind")
    attendues = {
        url_pagefind(p.relative_to(sortie).as_posix())
        for p in sortie.rglob("*.html")
        if b"data-pagefind-body" in p.read_bytes()
    }
    assert {"/actualites/premiere/", "/contact/"} <= attendues
    assert set(index) == attendues
    assert "/" not in index and "/thematiques/formation/" not in index  # sans data-pagefind-body
    entree = json.loads((sortie / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entree["languages"]["fr"]["page_count"] == len(attendues)
    assert "première actualité" in index["/actualites/premiere/"]["content"]
    assert set(indexation.pages_indexees(sortie)) == {
        p.relative_to(sortie).as_posix()
        for p in sortie.rglob("*.html")
        if b"data-pagefind-body" in p.read_bytes()
    }


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
    # Comme toujours avec Pagefind, les fragments périmés restent à côté des nouveaux.
    nouveaux = (sortie / "pagefind" / "fragment").glob("*.pf_fragment")
    assert any(b"tamaris" in gzip.decompress(f.read_bytes()) for f in nouveaux)


def test_l_index_est_refait_s_il_a_disparu(site):
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=True)
    (sortie / "pagefind" / "pagefind.js").unlink()
    construire_site(sortie, fichier=str(conf), indexer=True)
    assert (sortie / "pagefind" / "pagefind.js").is_file()


def test_sans_page_a_corps_toutes_les_pages_comptent(tmp_path):
    """Comme Pagefind : sans aucune page `data-pagefind-body`, le <body> de toutes les pages."""
    sortie = tmp_path / "sortie"
    for relatif, mot in (("a/index.html", "pomme"), ("b.html", "poire")):
        (sortie / relatif).parent.mkdir(parents=True, exist_ok=True)
        (sortie / relatif).write_text(f'<html lang="fr"><body><p>{mot}</p></body></html>', encoding="utf-8")
    assert indexation.indexer(sortie) is True
    assert set(fragments(sortie / "pagefind")) == {"/a/", "/b.html"}
    assert indexation.indexer(sortie) is False  # rien n'a changé


def test_pagefind_introuvable_donne_une_erreur_claire(site, monkeypatch, tmp_path):
    conf, sortie = site
    monkeypatch.setattr(indexation, "executable_pagefind", lambda: tmp_path / "pas-de-pagefind")
    with pytest.raises(ErreurPagefind, match="Pagefind n'a pas pu être lancé"):
        construire_site(sortie, fichier=str(conf), indexer=True)


def test_pagefind_en_erreur_donne_une_erreur_claire(site, monkeypatch, tmp_path):
    conf, sortie = site
    faux = tmp_path / "pagefind-en-panne"
    faux.write_text("#!/bin/sh\necho 'plus de mémoire' >&2\nexit 3\n", encoding="utf-8")
    faux.chmod(0o755)
    monkeypatch.setattr(indexation, "executable_pagefind", lambda: faux)
    with pytest.raises(ErreurPagefind, match=r"l'indexation Pagefind a échoué \(code 3\) : plus de mémoire"):
        construire_site(sortie, fichier=str(conf), indexer=True)
    assert not (sortie / "pagefind" / TEMOIN).exists()


def test_sans_indexation_pas_d_index(site):
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=False)
    assert not (sortie / "pagefind").exists()
    assert (sortie / "recherche" / "index.html").is_file()


def ecrire_pages(sortie: Path, pages: dict[str, str]) -> None:
    for relatif, html in pages.items():
        (sortie / relatif).parent.mkdir(parents=True, exist_ok=True)
        (sortie / relatif).write_text(html, encoding="utf-8")


def test_pagefind_recoit_la_liste_exacte_des_pages_meme_longue_et_aux_noms_speciaux(tmp_path):
    """Pagefind ne lit que les pages indexées (les sœurs nombreuses par un seul motif), même
    nombreuses, aux noms longs ou faits de caractères qui seraient des motifs (« { , * [ »)."""
    sortie = tmp_path / "sortie"
    corps = '<html lang="fr"><body><main data-pagefind-body><p>{}</p></main></body></html>'
    long = "x" * 120
    pages = {f"actualites/{long}-{n}/index.html": corps.format(f"page {n}") for n in range(1200)}
    pages["actualites/2019/index.html"] = '<html lang="fr"><body><p>navet</p></body></html>'
    pages["drole/{a,b}*[c].html"] = corps.format("cornichon")
    pages["a/b/c.html"] = corps.format("radis")
    pages["liste/index.html"] = '<html lang="fr"><body><p>navet</p></body></html>'  # sans corps : ignorée
    ecrire_pages(sortie, pages)
    assert indexation.motif_des_pages(indexation.pages_indexees(sortie)) == (
        "{a/b/c.html,actualites/*/index.html,drole/\\{a\\,b\\}\\*\\[c\\].html}"
    )
    assert indexation.indexer(sortie) is True
    index = fragments(sortie / "pagefind")
    assert len(index) == 1202
    assert "cornichon" in index["/drole/{a,b}*[c].html"]["content"]
    assert "radis" in index["/a/b/c.html"]["content"]
    assert "/liste/" not in index and "/actualites/2019/" not in index


def test_l_index_du_site_en_place_est_repris_si_les_pages_indexees_n_ont_pas_change(
    site, monkeypatch, tmp_path
):
    """`gestion.py construire` construit dans un dossier neuf : l'index du site en place est recopié
    quand il a été fait sur les mêmes pages, au lieu de relancer Pagefind (ici en panne pour le prouver)."""
    conf, sortie = site
    construire_site(sortie, fichier=str(conf), indexer=True)
    faux = tmp_path / "pagefind-en-panne"
    faux.write_text("#!/bin/sh\necho 'Pagefind relancé' >&2\nexit 3\n", encoding="utf-8")
    faux.chmod(0o755)
    monkeypatch.setattr(indexation, "executable_pagefind", lambda: faux)

    neuf = tmp_path / "neuf"
    construire_site(neuf, fichier=str(conf), indexer=True, override={"SORTIE_PRECEDENTE": str(sortie)})
    assert fragments(neuf / "pagefind") == fragments(sortie / "pagefind")
    assert (neuf / "pagefind" / TEMOIN).read_text(encoding="utf-8") == (
        sortie / "pagefind" / TEMOIN
    ).read_text(encoding="utf-8")
    # Repris par liens physiques : les mêmes fichiers sur le disque, aucun octet recopié.
    repris = sorted(f.relative_to(neuf) for f in (neuf / "pagefind").rglob("*") if f.is_file())
    assert repris and all((neuf / f).samefile(sortie / f) for f in repris)

    article = conf.parent / "content" / "actualites" / "premiere.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nUn mot nouveau.\n", encoding="utf-8")
    with pytest.raises(ErreurPagefind, match="Pagefind relancé"):  # une page indexée a changé : à refaire
        construire_site(
            tmp_path / "autre", fichier=str(conf), indexer=True, override={"SORTIE_PRECEDENTE": str(neuf)}
        )


def test_gestion_construire_reprend_l_index_du_site_en_place(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    sortie = tmp_path / "output"
    conf.write_text(
        conf.read_text(encoding="utf-8")
        + f"\nOUTPUT_PATH = {str(sortie)!r}\nRECHERCHE = {{'indexer': True}}\n",
        encoding="utf-8",
    )
    premier = lancer_gestion("construire", "--bavard", "--reglages", str(conf))
    assert premier.returncode == 0, premier.stderr
    assert "Index de recherche Pagefind écrit" in premier.stderr
    second = lancer_gestion("construire", "--bavard", "--reglages", str(conf))
    assert second.returncode == 0, second.stderr
    assert "Index de recherche Pagefind repris du site en place" in second.stderr
    assert set(fragments(sortie / "pagefind")) >= {"/actualites/premiere/"}
