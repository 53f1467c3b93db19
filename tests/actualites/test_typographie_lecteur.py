"""Typographie française du Markdown et lecteur Markdown réutilisé : mêmes résultats, moins de travail."""

from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from actualites.lecteur import LecteurMarkdown
from actualites.typographie import typographier, typographier_morceau
from outils import lecture_assainie

NBSP = "\u00a0"
EXTENSIONS = ["markdown.extensions.extra", "markdown.extensions.meta", "actualites.typographie"]


def html(texte: str) -> str:
    return markdown.markdown(texte, extensions=EXTENSIONS, output_format="html5")


@pytest.mark.parametrize(
    ("source", "attendu"),
    [
        ("l'association d'un projet", "l’association d’un projet"),
        ("aujourd'hui", "aujourd’hui"),
        ('il dit "bonjour" puis', f"il dit «{NBSP}bonjour{NBSP}» puis"),
        ('"bonjour"', f"«{NBSP}bonjour{NBSP}»"),
        ('(" entre ")', f"(«{NBSP}entre{NBSP}»)"),
        ("un 'mot' cité", "un ‘mot’ cité"),
        ("de 9 h -- 12 h", "de 9 h – 12 h"),
        ("une pause --- enfin", "une pause — enfin"),
        ("et puis...", "et puis…"),
        ("<< Bonjour >>", f"«{NBSP}Bonjour{NBSP}»"),
        ("rien à changer ici.", "rien à changer ici."),
    ],
)
def test_typographier(source, attendu):
    assert typographier(source) == attendu


def test_le_contexte_passe_d_un_morceau_a_l_autre():
    # « "*mot*" » découpé par l'emphase : le guillemet du second morceau ferme celui du premier.
    assert typographier_morceau('dit "', " ", False) == (f"dit «{NBSP}", True)
    assert typographier_morceau('" ici', "t", True) == (f"{NBSP}» ici", False)
    # Une apostrophe en tête de morceau : élision après une lettre, ouvrante après un blanc.
    assert typographier_morceau("'est", "c")[0] == "’est"
    assert typographier_morceau("'mot", " ")[0] == "‘mot"


def test_dans_le_markdown_le_code_et_le_html_brut_restent_intacts():
    rendu = html('Voir `l\'option "x"` et <a href="/y" title="l\'a">l\'autre</a> -- "*vite*"...')
    assert '<code>l\'option "x"</code>' in rendu
    assert '<a href="/y" title="l\'a">l’autre</a>' in rendu
    assert f"– «{NBSP}<em>vite</em>{NBSP}»…" in rendu


def test_un_bloc_de_code_est_laisse_tel_quel():
    rendu = html("Texte d'abord.\n\n    code d'exemple -- \"brut\"...\n")
    assert '<code>code d\'exemple -- "brut"...\n</code>' in rendu
    assert "Texte d’abord." in rendu


@given(st.text(alphabet=st.sampled_from(list("ab '\"-.<>é\n(")), max_size=60))
def test_plus_aucun_signe_droit_et_idempotente(texte):
    resultat = typographier(texte)
    assert "'" not in resultat and '"' not in resultat
    assert "--" not in resultat and "..." not in resultat
    assert resultat.count("«") + resultat.count("»") >= texte.count('"')
    assert typographier(resultat) == resultat


def _lecteurs(tmp_path: Path):
    settings = {**DEFAULT_CONFIG, "MARKDOWN": {"extension_configs": {e: {} for e in EXTENSIONS}}}
    settings["MARKDOWN"] = {**settings["MARKDOWN"], "output_format": "html5"}
    return MarkdownReader(dict(settings)), LecteurMarkdown(dict(settings))


FICHIERS = {
    "a.md": "Title: A\nSummary: Résumé d'*A*[^1]\n\nTexte[^1] avec HTML et ABBR.\n\n"
    "[^1]: Une note.\n\n*[ABBR]: Une abréviation\n",
    "b.md": "Title: B\nSummary: Clé: valeur dans le résumé\n\nTexte sans note ni ABBR.\n",
    "c.md": "Title: C\nSummary: C\n\nAutre[^1] note.\n\n[^1]: Deuxième note.\n",
}


def test_le_lecteur_reutilise_donne_le_meme_html_que_celui_de_pelican(tmp_path):
    """Notes, abréviations et en-têtes ne fuient pas d'un fichier à l'autre ; résumé « Clé: » intact."""
    for nom, texte in FICHIERS.items():
        (tmp_path / nom).write_text(texte, encoding="utf-8")
    pelican, notre = _lecteurs(tmp_path)
    for _tour in range(2):
        for nom in FICHIERS:
            chemin = str(tmp_path / nom)
            assert notre.read(chemin) == lecture_assainie(pelican, chemin)
    contenu_b, meta_b = notre.read(str(tmp_path / "b.md"))
    assert "abbr" not in contenu_b and "footnote" not in contenu_b
    assert meta_b["summary"] == "<p>Clé: valeur dans le résumé</p>"


def test_un_champ_en_double_garde_la_premiere_ligne_avec_un_avertissement_en_francais(tmp_path):
    from actualites.verification import verifier_champs
    from socle.entetes import lire_fichier

    chemin = tmp_path / "double.md"
    chemin.write_text("Title: Double\nDate: 2013-05-24\nDate: 2014-01-01\n\nTexte.\n", encoding="utf-8")
    pelican, notre = _lecteurs(tmp_path)
    assert notre.read(str(chemin)) == lecture_assainie(pelican, str(chemin))
    assert notre.read(str(chemin))[1]["date"].year == 2013
    [probleme] = verifier_champs(lire_fichier(chemin), "double.md")
    assert (probleme.ligne, probleme.message) == (
        3,
        "« Date » figure plusieurs fois dans l'en-tête ; seule la première ligne compte (ligne 2)",
    )
