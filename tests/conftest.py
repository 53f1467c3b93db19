"""Fixtures communes : le vrai site construit une fois, un serveur local, Chromium.

- `site_public` : le site réel construit avec publishconf.py (URL absolues, mode strict,
  index Pagefind), à la date fixe DATE_TESTS ; aucun avertissement de build n'est toléré.
- `site_dev` : le site réel avec pelicanconf.py (URL relatives).
- `url_site` : le site de publication servi sur 127.0.0.1 (SITEURL = cette adresse locale).
- `page` : un onglet Chromium (Playwright) qui note toute requête vers un autre hôte
  que 127.0.0.1 dans `page.requetes_externes` et la bloque.
- `axe(page)` : violations d'accessibilité (axe-core, règles WCAG 2.1 A/AA).
- `adresse_base` : une base des abonnements neuve, au dernier schéma, une fois sur SQLite
  (fichier temporaire) et une fois sur un vrai PostgreSQL (démarré une fois par session).
- `mesclun_public`, `url_mesclun` : le second site (exemples/mesclun), construit comme en
  publication, et servi sur 127.0.0.1.

Les tests marqués `contenu_maillage` vérifient le contenu de Maillage (pages du rapport, communes
du Nord…) : ils sont sautés quand le site principal est celui d'une autre association, pour que
`make test` passe sur son dépôt ; les tests du moteur utilisent des sites d'essai.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from postgresql import ServeurPostgreSQL

from outils import MESCLUN, RACINE, SITEURL_PUBLIC, construire_site, servir

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = RACINE / "node_modules" / "axe-core" / "axe.min.js"
OPTIONS_CHROMIUM = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def site_public(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("public") / "output"
    _sortie, journal = construire_site(
        sortie,
        publication=True,
        indexer=True,
        override={"SITEURL": SITEURL_PUBLIC, "FEED_DOMAIN": SITEURL_PUBLIC},
    )
    assert journal.textes() == [], "le build public ne doit émettre aucun avertissement"
    return sortie


@pytest.fixture(scope="session")
def site_dev(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("dev") / "output"
    construire_site(sortie)
    return sortie


@pytest.fixture(scope="session")
def url_site(tmp_path_factory):
    """Le site de publication servi sur 127.0.0.1, construit avec cette adresse comme SITEURL.

    Ainsi les adresses absolues de la publication restent locales dans le navigateur.
    """
    sortie = tmp_path_factory.mktemp("navigateur") / "output"
    sortie.mkdir()
    with servir(sortie) as url:
        construire_site(sortie, publication=True, indexer=True, override={"SITEURL": url, "FEED_DOMAIN": url})
        yield url


def _publier_mesclun(sortie: Path, url: str) -> Path:
    _sortie, journal = construire_site(
        sortie,
        publication=True,
        indexer=True,
        fichier=str(MESCLUN / "publishconf.py"),
        override={"SITEURL": url, "FEED_DOMAIN": url},
    )
    assert journal.textes() == [], "le build public de Mesclun ne doit émettre aucun avertissement"
    return sortie


@pytest.fixture(scope="session")
def mesclun_public(tmp_path_factory):
    return _publier_mesclun(tmp_path_factory.mktemp("mesclun") / "output", "https://mesclun.example")


@pytest.fixture(scope="session")
def url_mesclun(tmp_path_factory):
    sortie = tmp_path_factory.mktemp("mesclun-navigateur") / "output"
    sortie.mkdir()
    with servir(sortie) as url:
        _publier_mesclun(sortie, url)
        yield url


def _site_principal_est_maillage() -> bool:
    import yaml

    identite = yaml.safe_load((RACINE / "data" / "association.yml").read_text(encoding="utf-8"))
    return identite.get("nom") == "Maillage"


def pytest_collection_modifyitems(config, items):
    if _site_principal_est_maillage():
        return
    sauter = pytest.mark.skip(
        reason="contenu de Maillage : le site principal est celui d'une autre association"
    )
    for item in items:
        if "contenu_maillage" in item.keywords:
            item.add_marker(sauter)


@pytest.fixture(scope="session")
def navigateur():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez « make test », qui l'installe")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=OPTIONS_CHROMIUM)
        yield chromium
        chromium.close()


@pytest.fixture
def page(navigateur):
    contexte = navigateur.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    onglet = contexte.new_page()
    onglet.requetes_externes = []

    def filtrer(route):
        hote = urlparse(route.request.url).hostname
        if hote in ("127.0.0.1", "localhost", None):
            route.continue_()
        else:
            onglet.requetes_externes.append(route.request.url)
            route.abort()

    onglet.route("**/*", filtrer)
    yield onglet
    contexte.close()


def _telephone(navigateur, **options):
    """Un onglet comme sur un téléphone (375 × 740, tactile) ; son contexte à fermer."""
    contexte = navigateur.new_context(
        locale="fr-FR", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True, **options
    )
    return contexte.new_page(), contexte


@pytest.fixture
def page_mobile(navigateur):
    onglet, contexte = _telephone(navigateur, device_scale_factor=2)
    yield onglet
    contexte.close()


@pytest.fixture
def telephone_sans_javascript(navigateur):
    onglet, contexte = _telephone(navigateur, java_script_enabled=False)
    yield onglet
    contexte.close()


def _axe(onglet, contexte: str | None = None) -> list[dict]:
    # Par le protocole de débogage, hors de la page : la CSP de la page (balise meta) refuse tout
    # script en ligne, et add_script_tag en insère un.
    onglet.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    resultat = onglet.evaluate("([ctx, opts]) => axe.run(ctx || document, opts)", [contexte, options])
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "aide": v["help"],
            "cibles": [n["target"] for n in v["nodes"]][:5],
        }
        for v in resultat["violations"]
    ]


@pytest.fixture
def axe():
    """`axe(page)` → liste des violations (vide si la page est accessible)."""
    return _axe


def pytest_report_header(config):
    return [
        f"chromium: {CHROMIUM} ({'présent' if Path(CHROMIUM).exists() else 'absent'})",
        f"axe-core: {json.loads((AXE.parent / 'package.json').read_text())['version'] if AXE.exists() else 'absent'}",
    ]


@pytest.fixture(scope="session")
def serveur_postgresql():
    serveur = ServeurPostgreSQL()
    serveur.demarrer()
    yield serveur
    serveur.arreter()


@pytest.fixture(params=["sqlite", "postgresql"])
def adresse_base(request, tmp_path):
    """L'adresse d'une base neuve migrée au dernier schéma, sur chacun des deux moteurs."""
    from abonnements.base import migrer

    if request.param == "sqlite":
        adresse = f"sqlite:///{tmp_path / 'abonnements.sqlite3'}"
    else:
        adresse = request.getfixturevalue("serveur_postgresql").nouvelle_base()
    migrer(adresse)
    return adresse


@pytest.fixture(autouse=True)
def sans_site_choisi(monkeypatch):
    """Chaque test part sans GESTION_SITE : `gestion.py --site`, appelé dans le processus des tests,
    le pose dans l'environnement ; sans ce nettoyage, les commandes lancées par les tests suivants
    viseraient ce site-là (un dossier temporaire peut-être déjà effacé)."""
    monkeypatch.delenv("GESTION_SITE", raising=False)
