"""Le guide docs/autre-association.md, suivi pas à pas : nouveau-site → verifier → construire → publier."""

from __future__ import annotations

import re
import shlex
import time

import feedparser
import pytest
import yaml

from outils import RACINE, lancer_gestion, lire_html

GUIDE = RACINE / "docs" / "autre-association.md"
MARQUE = "<!-- étapes testées"
NOMS_DE_MAILLAGE = ("Maillage", "Lille", "Pas-de-Calais", "porteurs de projet", "maillage.asso.fr")


def etapes_du_guide() -> list[list[str]]:
    """Les commandes du bloc qui suit la marque « étapes testées », découpées comme par le shell."""
    texte = GUIDE.read_text(encoding="utf-8")
    bloc = re.search(r"```sh\n(.*?)```", texte[texte.index(MARQUE) :], re.S).group(1)
    return [shlex.split(ligne) for ligne in bloc.splitlines() if ligne.strip()]


def test_les_etapes_du_guide_donnent_un_site_construit_et_publie(tmp_path, record_property):
    etapes = etapes_du_guide()
    assert [e[:2] for e in etapes] == [["python", "gestion.py"]] * 4
    dossier = tmp_path / "mon-site"
    debut = time.perf_counter()
    for etape in etapes:
        arguments = [str(dossier) if a == "../mon-site" else a for a in etape[2:]]
        resultat = lancer_gestion(*arguments)
        assert resultat.returncode == 0, f"{' '.join(etape)}\n{resultat.stdout}\n{resultat.stderr}"
        assert "Traceback" not in resultat.stderr
    duree = time.perf_counter() - debut
    record_property("secondes_nouveau_site_a_publie", round(duree, 2))
    print(f"du nouveau site au site publié : {duree:.1f} s")

    sortie = dossier / "output"
    accueil = lire_html(sortie / "index.html")
    # Le nom est dans l'en-tête ; le titre de l'accueil est le slogan, pas le nom répété.
    assert accueil.select_one(".marque__nom").get_text(strip=True) == "Mon association"
    assert accueil.select_one('link[rel="canonical"]')["href"].startswith("https://www.exemple.org/")
    flux = feedparser.parse((sortie / "flux" / "actualites.atom.xml").read_bytes())
    assert flux.feed.title == "Mon association : actualités" and len(flux.entries) == 1
    for fichier in sortie.rglob("*.html"):
        texte = fichier.read_text(encoding="utf-8")
        assert not [n for n in NOMS_DE_MAILLAGE if n in texte], fichier


def test_chaque_fichier_du_nouveau_site_est_commente(tmp_path):
    dossier = tmp_path / "site"
    assert lancer_gestion("nouveau-site", str(dossier)).returncode == 0
    for fichier in sorted(p for p in dossier.rglob("*") if p.is_file()):
        premiere = fichier.read_text(encoding="utf-8").splitlines()[0]
        assert premiere.startswith(('"""', "#", "Title:")), fichier  # docstring, commentaire, en-tête
    assert "À COMPLÉTER" in (dossier / "data" / "association.yml").read_text(encoding="utf-8")


def test_nouveau_site_refuse_un_dossier_qui_n_est_pas_vide(tmp_path):
    (tmp_path / "garde.txt").write_text("à garder", encoding="utf-8")
    resultat = lancer_gestion("nouveau-site", str(tmp_path))
    assert resultat.returncode == 1
    assert "n'est pas vide" in resultat.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["garde.txt"]


def test_un_site_introuvable_donne_une_erreur_claire(tmp_path):
    resultat = lancer_gestion("--site", str(tmp_path / "absent"), "verifier")
    assert resultat.returncode != 0
    assert "introuvable" in resultat.stderr and "nouveau-site" in resultat.stderr
    assert "Traceback" not in resultat.stderr


@pytest.mark.parametrize("nom", ["Collectif : Mesclun", "#Ruches du Var", "Oui", 'Les "Ruches"'])
def test_le_nom_donne_a_nouveau_site_est_lu_tel_quel(tmp_path, nom):
    """Deux-points, dièse, « Oui » : le nom écrit dans data/association.yml reste le nom."""
    dossier = tmp_path / "site"
    assert lancer_gestion("nouveau-site", str(dossier), "--nom", nom).returncode == 0
    identite = yaml.safe_load((dossier / "data" / "association.yml").read_text(encoding="utf-8"))
    assert identite["nom"] == nom
    resultat = lancer_gestion("--site", str(dossier), "verifier")
    assert resultat.returncode == 0, resultat.stderr


def test_la_publication_rappelle_ce_qui_reste_a_completer(tmp_path):
    """Le site publié tel que `nouveau-site` l'écrit : chaque fichier « À COMPLÉTER », l'adresse d'exemple."""
    dossier = tmp_path / "site"
    assert lancer_gestion("nouveau-site", str(dossier)).returncode == 0
    publication = lancer_gestion("--site", str(dossier), "construire", "--publication")
    assert publication.returncode == 0, publication.stderr
    assert "⚠ data/association.yml:4 : avertissement : « À COMPLÉTER » encore dans ce fichier publié" in (
        publication.stdout
    )
    assert "content/pages/mentions-legales.md" in publication.stdout
    assert "SITEURL est encore l'adresse d'exemple https://www.exemple.org" in publication.stdout
    verification = lancer_gestion("--site", str(dossier), "verifier", "--publication")
    assert verification.returncode == 0 and "data/association.yml:4" in verification.stderr
    # Le développement ne s'en soucie pas : le site d'essai se construit sans bruit.
    assert "À COMPLÉTER" not in lancer_gestion("--site", str(dossier), "verifier").stderr
    # Remplies, les valeurs ne sont plus signalées.
    identite = dossier / "data" / "association.yml"
    lignes = identite.read_text(encoding="utf-8").splitlines()
    remplies = [
        ligne if ligne.startswith("#") else ligne.replace("À COMPLÉTER", "Rempli") for ligne in lignes
    ]
    identite.write_text("\n".join(remplies) + "\n", encoding="utf-8")
    encore = lancer_gestion("--site", str(dossier), "verifier", "--publication")
    assert "data/association.yml" not in encore.stderr
    # Les mentions légales disent ce que data/association.yml dit désormais (une seule source).
    texte = identite.read_text(encoding="utf-8").replace(
        "hebergeur: Rempli", "hebergeur: Hébergeur Exemple SAS, 2 rue du Centre de données, 59000 Lille"
    )
    identite.write_text(texte, encoding="utf-8")
    assert lancer_gestion("--site", str(dossier), "construire").returncode == 0
    mentions = lire_html(dossier / "output" / "mentions-legales" / "index.html").select_one("main")
    texte_mentions = mentions.get_text(" ", strip=True)
    assert "Hébergeur Exemple SAS, 2 rue du Centre de données, 59000 Lille" in texte_mentions
    assert "association loi 1901" in texte_mentions and "Rempli (nom, fonction)" in texte_mentions


def test_nouveau_site_sur_un_fichier_ou_sous_un_fichier_le_dit_en_francais(tmp_path):
    fichier = tmp_path / "notes.txt"
    fichier.write_text("à garder", encoding="utf-8")
    sur = lancer_gestion("nouveau-site", str(fichier))
    assert sur.returncode == 1 and "est un fichier, pas un dossier" in sur.stderr
    sous = lancer_gestion("nouveau-site", str(fichier / "site"))
    assert sous.returncode == 1 and "Impossible d'écrire le site dans" in sous.stderr
    for resultat in (sur, sous):
        assert "Errno" not in resultat.stderr and "Traceback" not in resultat.stderr
    assert fichier.read_text(encoding="utf-8") == "à garder"
