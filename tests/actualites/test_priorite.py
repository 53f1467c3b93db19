"""Boucle d'édition : l'actualité modifiée est écrite en premier, et le site reste celui d'un build complet."""

import logging
from pathlib import Path

from pelican import signals

from outils import construire_site, copier_site_essai


def _fichiers(sortie: Path) -> dict[str, bytes]:
    return {
        str(f.relative_to(sortie)): f.read_bytes()
        for f in sorted(sortie.rglob("*"))
        if f.is_file() and f.relative_to(sortie).parts[0] != "pagefind"
    }


def test_l_actualite_modifiee_est_ecrite_d_abord(tmp_path, caplog):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    avec_cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    sortie = tmp_path / "sortie"
    construire_site(sortie, fichier=str(conf), indexer=True, override=avec_cache)

    source = conf.parent / "content" / "actualites" / "deuxieme.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
    ecrites = []

    def noter(chemin, context=None):
        ecrites.append(Path(chemin).relative_to(sortie))

    signals.content_written.connect(noter)
    try:
        with caplog.at_level(logging.INFO):
            construire_site(sortie, fichier=str(conf), indexer=True, override=avec_cache)
    finally:
        signals.content_written.disconnect(noter)
    page = Path("actualites/deuxieme/index.html")
    assert ecrites[0] == page
    assert ecrites.count(page) == 2  # puis à sa place habituelle, à l'identique
    assert "Une phrase ajoutée." in (sortie / page).read_text(encoding="utf-8")
    assert "indexation de tout le dossier" not in caplog.text  # pas de réindexation complète
    assert "Index de recherche Pagefind écrit" in caplog.text

    # Build suivant sans changement, écrit dans l'ordre habituel : l'index est gardé tel quel.
    entree = sortie / "pagefind" / "pagefind-entry.json"
    avant = entree.stat().st_mtime_ns
    construire_site(sortie, fichier=str(conf), indexer=True, override=avec_cache)
    assert entree.stat().st_mtime_ns == avant

    # Le même contenu construit à froid : mêmes fichiers, octet pour octet.
    froid = tmp_path / "froid"
    construire_site(froid, fichier=str(conf), indexer=True)
    assert _fichiers(sortie) == _fichiers(froid)
