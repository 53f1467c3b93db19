"""Un seul lecteur d'en-têtes : ce que la vérification accepte, le build le lit (et réciproquement).

Propriété (hypothesis) : pour des en-têtes générés (espaces avant les deux-points, clés accentuées,
lignes de suite, doublons, cadre « --- », textes hostiles), la vérification et le lecteur du build
voient les mêmes champs, avec les mêmes valeurs, et aucun morceau d'en-tête ne passe dans le corps.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.settings import DEFAULT_CONFIG

from actualites.lecteur import LecteurMarkdown
from outils import copier_site_essai, lancer_gestion
from socle.entetes import lire_entete, lire_fichier

REGLAGES = {
    **DEFAULT_CONFIG,
    "TIMEZONE": "Europe/Paris",
    "MARKDOWN": {
        "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.meta": {}},
        "output_format": "html5",
    },
}
CLES = st.sampled_from(["Title", "title", "TITLE", "Slug", "Uid", "Lang", "Résumé", "Auteur", "X-Note"])
SEPARATEURS = st.sampled_from([":", ": ", " : ", "\t: ", "  :", ":\t"])
HOSTILE = st.text(
    alphabet=st.sampled_from(list("ab <>&\"'{}%#:-*_[]()`\\é«»"))
    | st.characters(codec="utf-8", exclude_categories=("C", "Z")),
    max_size=20,
).map(lambda t: t.strip())
MARGES_SUITE = st.sampled_from(["    ", "\t", "      "])
ESSAIS_ENTETES = 150


@st.composite
def fichiers(draw):
    """(texte du fichier, jetons des lignes d'en-tête, jetons du corps)."""
    lignes, jetons_entete = [], []
    encadre = draw(st.booleans())
    if encadre:
        lignes.append("---")
    for rang in range(draw(st.integers(1, 6))):
        jeton = f"jetonentete{rang}x"
        jetons_entete.append(jeton)
        marge = " " * draw(st.integers(0, 3))
        lignes.append(f"{marge}{draw(CLES)}{draw(SEPARATEURS)}{jeton} {draw(HOSTILE)}".rstrip())
        if draw(st.booleans()):
            jeton = f"jetonsuite{rang}x"
            jetons_entete.append(jeton)
            lignes.append(draw(MARGES_SUITE) + jeton)
    lignes.append("---" if encadre else "")
    jetons_corps = [f"jetoncorps{rang}x" for rang in range(draw(st.integers(1, 3)))]
    lignes += [f"Paragraphe {jeton}.\n" for jeton in jetons_corps]
    return "\n".join(lignes) + "\n", jetons_entete, jetons_corps


@settings(
    max_examples=ESSAIS_ENTETES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(fichier=fichiers())
def test_verification_et_build_lisent_les_memes_en_tetes(tmp_path, fichier):
    texte, jetons_entete, jetons_corps = fichier
    chemin = tmp_path / "a.md"
    chemin.write_text(texte, encoding="utf-8")
    verifie = lire_fichier(chemin)
    contenu, meta = LecteurMarkdown(REGLAGES).read(str(chemin))
    assert set(verifie.champs) <= set(meta)
    for cle in ("title", "lang", "résumé", "auteur", "x-note"):
        if cle in verifie.champs:
            assert meta[cle] == verifie.valeur(cle)
    if "uid" in verifie.champs:
        assert meta["uid"] == verifie.valeur("uid")
    for jeton in jetons_entete:
        assert jeton not in contenu  # rien de l'en-tête n'est publié comme texte
        assert any(jeton in valeur for valeurs in verifie.valeurs.values() for valeur in valeurs)
    for jeton in jetons_corps:
        assert jeton in contenu and jeton in verifie.corps


def test_espace_avant_les_deux_points_lue_par_les_deux():
    entete = lire_entete("Title : Forum emploi\nTags\t: emploi\n\nTexte.\n")
    assert entete.valeur("title") == "Forum emploi" and entete.valeur("tags") == "emploi"
    assert entete.corps == "Texte."


@pytest.fixture
def site(tmp_path):
    return copier_site_essai("site_minimal", tmp_path / "site").parent


def _verifier(site: Path):
    resultat = lancer_gestion("verifier", "--reglages", str(site / "pelicanconf.py"))
    assert "Traceback" not in resultat.stderr + resultat.stdout
    return resultat


def test_titre_avec_espace_avant_les_deux_points_accepte_et_publie(site, tmp_path):
    (site / "content" / "actualites" / "espace.md").write_text(
        "Title : Forum emploi de Roubaix\nDate : 2013-09-16\nTags : formation\nSummary : Un résumé.\n"
        "Uid : 88888888-8888-4888-8888-888888888888\nSlug : forum-roubaix\n\nLe texte.\n",
        encoding="utf-8",
    )
    assert _verifier(site).returncode == 0
    conf = site / "pelicanconf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\nOUTPUT_PATH = {str(tmp_path / 'sortie')!r}\n", encoding="utf-8"
    )
    resultat = lancer_gestion("construire", "--reglages", str(conf))
    assert resultat.returncode == 0, resultat.stderr
    page = (tmp_path / "sortie" / "actualites" / "forum-roubaix" / "index.html").read_text(encoding="utf-8")
    assert "Forum emploi de Roubaix" in page and "Le texte." in page


def test_en_tete_yaml_entre_tirets_message_clair(site):
    (site / "content" / "actualites" / "yaml.md").write_text(
        '---\ntitle: "Forum emploi"\ndate: 2013-09-16\ntags: [formation]\n---\n\nLe texte.\n',
        encoding="utf-8",
    )
    resultat = _verifier(site)
    assert resultat.returncode == 1
    assert (
        "content/actualites/yaml.md:1 : erreur : en-tête entre deux lignes « --- » (format YAML d'un autre "
        "outil) : non pris en charge" in resultat.stderr
    )
    assert "titre manquant" not in resultat.stderr


def test_cle_accentuee_signalee_au_lieu_de_passer_dans_le_corps(site):
    (site / "content" / "actualites" / "accent.md").write_text(
        "Title: Un titre\nDate: 2013-09-16\nTags: formation\nRésumé: Un résumé.\n"
        "Uid: 99999999-9999-4999-8999-999999999999\n\nLe texte.\n",
        encoding="utf-8",
    )
    resultat = _verifier(site)
    assert (
        "content/actualites/accent.md:4 : avertissement : champ d'en-tête inconnu « résumé »"
        in resultat.stderr
    )
    assert "Uid » manquant" not in resultat.stderr
