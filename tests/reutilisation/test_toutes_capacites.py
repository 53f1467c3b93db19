"""Un nouveau site qui active toutes les capacités, comme le ferait le bénévole d'une autre association.

`nouveau-site`, puis les réglages et les données de docs/autre-association.md (points, formations,
agenda, lettre à deux éditions, Lettre d'infos, éditeur) : le site construit ne montre rien de
Maillage (pages, flux, calendriers, courriels d'aperçu, PDF, configuration de l'éditeur) et aucun
de ses liens internes ne mène à une page absente.
"""

from __future__ import annotations

import re
import shutil
import urllib.parse

import pytest
from pypdf import PdfReader

from outils import DATE_TESTS, MESCLUN, lancer_gestion, lire_html, servir, verifier_page_accessible

# Ce qui appartient à Maillage : son nom, sa ville, sa région, ses adresses, son dépôt, son code postal.
MOTS_DE_MAILLAGE = (
    "Maillage",
    "Lille",
    "Pas-de-Calais",
    "Hauts-de-France",
    "Roubaix",
    "maillage.asso.fr",
    "maillage/site",
    "59000",
)
# Fichiers que lit un visiteur, un abonné ou le personnel (les bibliothèques tierces à part).
SUFFIXES_LUS = {".html", ".xml", ".ics", ".json", ".geojson", ".txt", ".yml"}

REGLAGES = """
PLUGINS = ["socle", "actualites", "recherche", "points_accueil", "formations", "lettre",
           "lettre_infos", "chiffres", "editeur"]
SOCLE = {**SOCLE, "date_construction": "%(date)s"}
RECHERCHE = {"indexer": False}
POINTS_ACCUEIL = {"departements": ["13"]}
FORMATIONS = {"publics": {"tout-public": "Tout public"}}
LETTRE = {
    "periode_jours": 28,  # une lettre par mois : les textes ne parlent pas de « quinzaine »
    "editions": {
        "complete": {"titre": "La gazette", "mots_cles": [], "agenda": True},
        "membres": {"titre": "La gazette des membres", "mots_cles": ["vie-associative"], "agenda": False},
    },
    "expediteur": "Les Ruches <gazette@ruches.example>",
    "service_url": "https://abonnements.ruches.example",
}
EDITEUR = {"depot": {"name": "github", "repo": "ruches/site", "branch": "main"}}
"""

DONNEES = {
    "points-accueil-referentiel.yml": """
territoires: [{slug: centre, libelle: Centre-ville, couleur: "#2f6b2a"}]
types: [{slug: siege, libelle: Siège}]
accueil: [{slug: rdv, libelle: Sur rendez-vous}]
""",
    "points-accueil.yml": """
points:
  - {id: siege, structure: Les Ruches (siège), type: siege, territoire: centre, commune: Aubagne,
     code_postal: "13400", coordonnees: [43.29276, 5.57067], accueil: rdv, services: [Accueil], actif: true}
""",
    "formations.yml": """
lieux: [{id: siege, nom: Les Ruches, commune: Aubagne, code_postal: "13400"}]
modules:
  - {slug: creer, titre: Créer son association, resume: Les statuts et la déclaration., objectifs: [Statuts],
     contenu: [Statuts types], public: Tout public, duree_jours: 1, deroulement: Une journée., prix: Gratuit,
     financement: [Département], prerequis: Aucun}
sessions:
  - {id: creer-2026-12, module: creer, jours: [2026-12-03], horaires: "9:30-17:00", lieu: siege,
     inscription: contact@ruches.example}
""",
    "agenda.yml": """
evenements:
  - {id: forum-2026-11, titre: Forum des initiatives, debut: "2026-11-28 14:00", fin: "18:00", lieu: siege,
     publics: [tout-public], mots_cles: [vie-associative], resume: Rencontrer les associations.}
""",
}

NUMERO_LETTRE_INFOS = """Title: Un automne de ruches
Date: 2026-11-20
Summary: Trois projets accueillis cet automne.

## Éditorial

Les Ruches ont accueilli trois projets.
"""


@pytest.fixture(scope="module")
def site_complet(tmp_path_factory):
    """Le site créé par `nouveau-site`, toutes capacités actives, construit par `construire`."""
    dossier = tmp_path_factory.mktemp("autre") / "les-ruches"
    assert lancer_gestion("nouveau-site", str(dossier), "--nom", "Les Ruches").returncode == 0
    with (dossier / "pelicanconf.py").open("a", encoding="utf-8") as reglages:
        reglages.write(REGLAGES % {"date": DATE_TESTS})
    for nom, texte in DONNEES.items():
        (dossier / "data" / nom).write_text(texte, encoding="utf-8")
    # La table des communes que `gestion.py communes` écrit pour le 13 (celle de Mesclun, identique).
    shutil.copy(MESCLUN / "data" / "communes-13.csv", dossier / "data")
    (dossier / "content" / "lettre-infos").mkdir()
    (dossier / "content" / "lettre-infos" / "2026-T4.md").write_text(NUMERO_LETTRE_INFOS, encoding="utf-8")
    for commande in (["verifier"], ["construire"]):
        resultat = lancer_gestion("--site", str(dossier), *commande)
        assert resultat.returncode == 0, f"{commande}\n{resultat.stdout}\n{resultat.stderr}"
        assert "Traceback" not in resultat.stderr
    return dossier / "output"


def textes_lus(sortie):
    """(fichier, texte) de chaque fichier lu par quelqu'un, PDF compris (son texte extrait)."""
    for fichier in sorted(sortie.rglob("*")):
        if fichier.is_dir() or {"decap", "vendor", "pagefind"} & set(fichier.relative_to(sortie).parts):
            continue
        if fichier.suffix == ".pdf":
            yield fichier, "\n".join(page.extract_text() for page in PdfReader(fichier).pages)
        elif fichier.suffix in SUFFIXES_LUS or fichier.name in {"_headers", "robots.txt"}:
            yield fichier, fichier.read_text(encoding="utf-8")


def test_rien_de_maillage_sur_le_site_d_une_autre_association(site_complet):
    lus = dict(textes_lus(site_complet))
    # Chaque capacité a bien écrit ce qu'on vérifie ici.
    for attendu in (
        "admin/config.yml",
        "calendriers/agenda.ics",
        "lettre/apercu/complete/courriel.txt",
        "lettre/apercu/membres/courriel.html",
        "lettre-infos/2026-t4/lettre-infos-2026-t4.pdf",
        "points-accueil/points-accueil.geojson",
    ):
        assert site_complet / attendu in lus, attendu
    trouves = {
        str(f.relative_to(site_complet)): [m for m in MOTS_DE_MAILLAGE if m in texte]
        for f, texte in lus.items()
        if any(m in texte for m in MOTS_DE_MAILLAGE)
    }
    assert trouves == {}
    assert "repo: ruches/site" in lus[site_complet / "admin" / "config.yml"]
    courriel = lus[site_complet / "lettre" / "apercu" / "complete" / "courriel.txt"]
    assert "Pas de nouvelle actualité depuis le numéro précédent." in courriel
    assert not [f for f, texte in lus.items() if "quinzaine" in texte and "admin" not in f.parts]


def _cible(sortie, page, adresse):
    """Le fichier de `sortie` que vise `adresse` (lien de `page`), ou None pour un lien externe."""
    morceaux = urllib.parse.urlsplit(adresse)
    if morceaux.scheme in {"mailto", "tel", "data"} or not morceaux.path:
        return None
    if morceaux.scheme and morceaux.netloc != "localhost:8000":  # SITEURL de développement
        return None
    if morceaux.path.startswith("/"):
        cible = sortie / morceaux.path.lstrip("/")
    else:
        cible = page.parent / morceaux.path
    return cible / "index.html" if morceaux.path.endswith("/") else cible


def test_aucun_lien_interne_ne_mene_a_une_page_absente(site_complet):
    """Pages et courriels d'aperçu : la politique de confidentialité, le pied de page… existent."""
    absents = set()
    pages = [p for p in site_complet.rglob("*.html") if "admin" not in p.relative_to(site_complet).parts]
    for page in pages:
        for balise in lire_html(page).select("a[href], link[href], script[src], img[src], form[action]"):
            adresse = balise.get("href") or balise.get("src") or balise.get("action")
            # L'aperçu renvoie à la page du numéro, écrite quand l'envoi le fige.
            # Pagefind (index non construit ici : RECHERCHE["indexer"]) est vérifié par tests/recherche.
            if "apercu" in page.parts and re.search(r"/lettre/\d{4}/\d+/", adresse) or "pagefind/" in adresse:
                continue
            cible = _cible(site_complet, page, adresse)
            if cible is not None and not cible.resolve().exists():
                absents.add((str(page.relative_to(site_complet)), adresse))
    assert absents == set()
    assert (site_complet / "confidentialite" / "index.html").exists()


def test_l_editeur_sans_depot_est_refuse_en_francais(tmp_path):
    """Sans « repo », l'éditeur publié n'aurait nulle part où écrire : `verifier` et la publication le disent."""
    dossier = tmp_path / "site"
    assert lancer_gestion("nouveau-site", str(dossier)).returncode == 0
    with (dossier / "pelicanconf.py").open("a", encoding="utf-8") as reglages:
        reglages.write('PLUGINS = [*PLUGINS, "editeur"]\n')
    for commande in (["verifier"], ["construire", "--publication"]):
        resultat = lancer_gestion("--site", str(dossier), *commande)
        assert resultat.returncode != 0, commande
        assert "Réglage EDITEUR : le dépôt du site n'est pas indiqué" in resultat.stderr
        assert '"repo": "mon-association/site"' in resultat.stderr
        assert "Traceback" not in resultat.stderr
    assert not (dossier / "output").exists()


@pytest.fixture(scope="module")
def url_site_complet(site_complet):
    with servir(site_complet) as url:
        yield url


@pytest.mark.navigateur
@pytest.mark.parametrize(
    "chemin",
    [
        "/",
        "/points-accueil/",
        "/formations/",
        "/agenda/",
        "/lettre/",
        "/lettre-infos/",
        "/confidentialite/",
        "/mentions-legales/",
        "/404.html",
    ],
)
def test_pages_de_l_autre_site_accessibles_sans_requete_tierce(url_site_complet, page, axe, chemin):
    verifier_page_accessible(page, axe, url_site_complet + chemin, titre="Les Ruches")
