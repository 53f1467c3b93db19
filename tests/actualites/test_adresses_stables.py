"""Adresses stables : une actualité publiée qui change d'adresse reste joignable à l'ancienne."""

from __future__ import annotations

import pytest
import yaml

from actualites.adresses_stables import enrichir, lire_adresses, redirections
from outils import copier_site_essai, lancer_gestion, lire_html

UID = "11111111-1111-4111-8111-111111111111"  # premiere.md du site d'essai


def test_redirections_et_enrichissement_purs():
    connues = {"a": ["actualites/vieux/", "actualites/neuf/"], "b": ["actualites/b/"], "c": ["actualites/c/"]}
    actuelles = {"a": "actualites/neuf/", "b": "actualites/vieux/"}  # b a pris l'ancienne adresse de a
    # « vieux » est occupée par b : pas de redirection ; b a changé : « b/ » redirige ; c n'est plus publiée.
    assert redirections(connues, actuelles) == {"actualites/b/": "actualites/vieux/"}
    assert enrichir(connues, actuelles) == {
        "a": ["actualites/vieux/", "actualites/neuf/"],
        "b": ["actualites/b/", "actualites/vieux/"],
        "c": ["actualites/c/"],
    }
    assert enrichir({}, {"z": "x/", "a": "y/"}) == {"a": ["y/"], "z": ["x/"]}  # trié : diff lisible


def test_publier_noter_changer_d_adresse_rediriger(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    site, sortie = conf.parent, tmp_path / "sortie"
    conf.write_text(
        conf.read_text(encoding="utf-8") + f"\nOUTPUT_PATH = {str(sortie)!r}\nRELATIVE_URLS = False\n"
        "SITEURL = 'https://essai.example'\n",
        encoding="utf-8",
    )
    premiere = site / "content" / "actualites" / "premiere.md"
    registre = site / "data" / "adresses.yml"

    publication = lancer_gestion("construire", "--publication", "--reglages", str(conf))
    assert publication.returncode == 0, publication.stderr
    assert "adresses publiées notées dans data/adresses.yml : à committer" in publication.stdout
    assert yaml.safe_load(registre.read_text(encoding="utf-8"))["actualites"][UID] == ["actualites/premiere/"]

    premiere.write_text(
        premiere.read_text(encoding="utf-8").replace("Slug: premiere", "Slug: premiere-actualite"),
        encoding="utf-8",
    )
    verification = lancer_gestion("verifier", "--reglages", str(conf))
    assert (
        "content/actualites/premiere.md:6 : avertissement : adresse changée : l'ancienne « actualites/premiere/ » "
        "redirigera vers « actualites/premiere-actualite/ »" in verification.stderr
    )
    # Le conseil donne la ligne qui rend l'ancienne adresse, prête à recopier.
    assert "sinon écrivez « Slug: premiere » dans l'en-tête" in verification.stderr
    assert lancer_gestion("construire", "--publication", "--reglages", str(conf)).returncode == 0
    assert yaml.safe_load(registre.read_text(encoding="utf-8"))["actualites"][UID] == [
        "actualites/premiere/",
        "actualites/premiere-actualite/",
    ]
    page = lire_html(sortie / "actualites" / "premiere" / "index.html")
    cible = "https://essai.example/actualites/premiere-actualite/"
    assert page.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={cible}"
    assert page.find("link", rel="canonical")["href"] == cible
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert (sortie / "actualites" / "premiere-actualite" / "index.html").exists()
    plan = (sortie / "sitemap.xml").read_text(encoding="utf-8")
    assert "actualites/premiere-actualite/" in plan and "actualites/premiere/<" not in plan
    # Une autre publication ne change plus le fichier (rien à committer).
    encore = lancer_gestion("construire", "--publication", "--reglages", str(conf))
    assert encore.returncode == 0 and "à committer" not in encore.stdout
    # Le changement est en ligne : make check ne le redit plus à chaque fois (l'avertissement
    # permanent apprendrait à ne plus lire les avertissements).
    apres = lancer_gestion("verifier", "--reglages", str(conf))
    assert apres.returncode == 0 and "adresse changée" not in apres.stderr, apres.stderr


def test_slug_invalide_refuse_avec_sa_ligne(tmp_path):
    conf = copier_site_essai("site_minimal", tmp_path / "site")
    premiere = conf.parent / "content" / "actualites" / "premiere.md"
    premiere.write_text(
        premiere.read_text(encoding="utf-8").replace("Slug: premiere", 'Slug: Première "actu"'),
        encoding="utf-8",
    )
    resultat = lancer_gestion("verifier", "--reglages", str(conf))
    assert resultat.returncode == 1
    assert (
        'content/actualites/premiere.md:6 : erreur : slug « Première "actu" » invalide : il devient l\'adresse '
        "de la page" in resultat.stderr
    )
    assert "« premiere-actu »" in resultat.stderr


@pytest.mark.parametrize(
    ("contenu", "ligne", "attendu"),
    [
        (b"actualites:\n  abc:\n\t- actualites/a/\n", 3, "syntaxe YAML invalide : tabulation"),
        (b"actualites:\n  abc:\n  - actualites/\xe9t\xe9/\n", None, "le fichier n'est pas en UTF-8"),
        (b"actualites:\n  abc: [a/]\n  abc: [b/]\n", 3, "la clé « abc » apparaît deux fois"),
    ],
)
def test_registre_d_adresses_abime_un_message_en_francais(tmp_path, contenu, ligne, attendu):
    chemin = tmp_path / "adresses.yml"
    chemin.write_bytes(contenu)
    adresses, problemes = lire_adresses(chemin, "data/adresses.yml")
    assert adresses == {}
    (probleme,) = problemes
    assert (probleme.fichier, probleme.ligne) == ("data/adresses.yml", ligne)
    assert attendu in probleme.message
    assert "Error" not in probleme.message  # ni nom d'exception ni message anglais de PyYAML
