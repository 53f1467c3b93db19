"""Lecture anticipée par un second processus : mêmes résultats que Pelican seul, rien de perdu."""

import logging
from pathlib import Path

import pytest
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from actualites.anticipation import Anticipation
from actualites.lecteur import LecteurMarkdown
from outils import construire_site

EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.meta", "actualites.typographie"]


def _reglages() -> dict:
    reglages = {**DEFAULT_CONFIG, "TIMEZONE": "Europe/Paris"}
    reglages["MARKDOWN"] = {"extension_configs": {e: {} for e in EXTENSIONS}, "output_format": "html5"}
    return reglages


def _ecrire_actualites(dossier: Path, nombre: int) -> list[str]:
    chemins = []
    for i in range(nombre):
        chemin = dossier / f"actu-{i:02d}.md"
        note = f"Texte[^1] n° {i} avec ESS.\n\n[^1]: Note {i}.\n\n*[ESS]: économie sociale\n" if i % 3 else ""
        chemin.write_text(
            f"Title: Actualité {i}\nDate: 2014-01-{i % 28 + 1:02d} 10:00\nTags: emploi, formation\n"
            f"Summary: Résumé d'*actualité* {i}: \"court\"\n\n{note}Corps de l'actualité {i}...\n",
            encoding="utf-8",
        )
        chemins.append(str(chemin))
    return chemins


def _attendre_le_fils(anticipation: Anticipation) -> None:
    anticipation.fils.join(timeout=60)
    assert anticipation.fils.exitcode == 0


def test_les_conversions_du_fils_donnent_ce_que_donne_pelican(tmp_path, caplog):
    chemins = _ecrire_actualites(tmp_path, 12)
    lecteur, pelican = LecteurMarkdown(_reglages()), MarkdownReader(_reglages())
    anticipation = Anticipation([(chemin, lecteur) for chemin in chemins])
    _attendre_le_fils(anticipation)  # le fils a tout converti avant que le build ne lise
    for chemin in chemins:
        assert lecteur.read(chemin) == pelican.read(chemin)
    with caplog.at_level(logging.DEBUG, logger="actualites.anticipation"):
        anticipation.fermer()
    assert "12 fichier(s) sur 12 convertis par le second processus" in caplog.text
    assert lecteur._anticipation is None


def test_un_fils_tue_en_route_ne_fait_rien_perdre(tmp_path):
    chemins = _ecrire_actualites(tmp_path, 30)
    lecteur, pelican = LecteurMarkdown(_reglages()), MarkdownReader(_reglages())
    anticipation = Anticipation([(chemin, lecteur) for chemin in chemins])
    anticipation.fils.kill()
    for chemin in chemins:
        assert lecteur.read(chemin) == pelican.read(chemin)
    anticipation.fermer()


def test_une_erreur_de_lecture_est_celle_du_build(tmp_path):
    """Le fils ne rapporte pas l'erreur : le build reconvertit le fichier et lève la même erreur que Pelican."""
    chemins = _ecrire_actualites(tmp_path, 3)
    Path(chemins[-1]).write_bytes(b"Title: Mauvais\n\nCaf\xe9 en Latin-1\n")
    lecteur, pelican = LecteurMarkdown(_reglages()), MarkdownReader(_reglages())
    anticipation = Anticipation([(chemin, lecteur) for chemin in chemins])
    _attendre_le_fils(anticipation)
    with pytest.raises(UnicodeDecodeError) as notre_erreur:
        lecteur.read(chemins[-1])
    with pytest.raises(UnicodeDecodeError) as erreur_pelican:
        pelican.read(chemins[-1])
    assert str(notre_erreur.value) == str(erreur_pelican.value)
    assert lecteur.read(chemins[0]) == pelican.read(chemins[0])
    anticipation.fermer()


def _fichiers(sortie: Path) -> dict[str, bytes]:
    return {str(f.relative_to(sortie)): f.read_bytes() for f in sorted(sortie.rglob("*")) if f.is_file()}


def test_le_site_reel_est_identique_avec_ou_sans_second_processus(tmp_path, caplog):
    avec, sans = tmp_path / "avec", tmp_path / "sans"
    with caplog.at_level(logging.DEBUG, logger="actualites.anticipation"):
        construire_site(avec, override={"ACTUALITES": {"lecture_parallele_min": 1}})
    assert "convertis par le second processus" in caplog.text
    construire_site(sans, override={"ACTUALITES": {"lecture_parallele_min": None}})
    fichiers_avec, fichiers_sans = _fichiers(avec), _fichiers(sans)
    assert sorted(fichiers_avec) == sorted(fichiers_sans)
    differents = [nom for nom in fichiers_avec if fichiers_avec[nom] != fichiers_sans[nom]]
    assert differents == []
