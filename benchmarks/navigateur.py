"""Temps de réponse de la recherche du point d'accueil le plus proche, dans un vrai Chromium.

Le site construit est servi sur 127.0.0.1 ; toute requête vers un autre hôte est bloquée.
Comme le test des points d'accueil : données déjà chargées, de l'envoi du formulaire à la mise
à jour de la zone des résultats (performance.now()), pour plusieurs saisies.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from pathlib import Path
from urllib.parse import urlparse

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
OPTIONS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"]
SAISIES = ("Lesquin", "villeneuve dascq", "59152", "Saint-Omer", "Valenciennes", "Seclin", "62000", "Roubaix")
MESURE_JS = """async (saisies) => {
    const champ = document.getElementById("pa-lieu");
    const resultats = document.getElementById("pa-resultats");
    const formulaire = document.getElementById("pa-formulaire");
    const durees = [];
    for (const saisie of saisies) {
        champ.value = saisie;
        const fin = new Promise((ok) => {
            const o = new MutationObserver(() => { o.disconnect(); ok(performance.now()); });
            o.observe(resultats, {childList: true, subtree: true, characterData: true});
        });
        const t0 = performance.now();
        formulaire.requestSubmit();
        durees.push((await fin) - t0);
    }
    return durees;
}"""


class _Silencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def servir(dossier: Path):
    serveur = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Silencieux, directory=str(dossier))
    )
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://127.0.0.1:{serveur.server_address[1]}"
    finally:
        serveur.shutdown()
        serveur.server_close()


def disponible() -> str | None:
    """None si Chromium et Playwright sont là, sinon la raison."""
    if not Path(CHROMIUM).exists():
        return f"Chromium absent ({CHROMIUM} ; « make installer-tests » l'installe)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright absent"
    return None


def temps_recherche_points(sortie: Path, chromium=None) -> list[float] | None:
    """Millisecondes de chaque recherche ; None si la page des points d'accueil n'est pas construite.

    `chromium` : un navigateur Playwright déjà lancé (celui des tests : l'API synchrone de Playwright
    ne peut pas être ouverte deux fois dans un même fil) ; sinon la mesure lance le sien.
    """
    if not (sortie / "points-accueil" / "index.html").is_file():
        return None
    if chromium is not None:
        with servir(sortie) as url:
            return _mesurer_recherche(chromium, url)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        lance = pw.chromium.launch(executable_path=CHROMIUM, args=OPTIONS)
        try:
            with servir(sortie) as url:
                return _mesurer_recherche(lance, url)
        finally:
            lance.close()


def _mesurer_recherche(chromium, url: str) -> list[float]:
    page = chromium.new_page(locale="fr-FR")
    try:
        page.route(
            "**/*",
            lambda route: (
                route.continue_()
                if urlparse(route.request.url).hostname in ("127.0.0.1", None)
                else route.abort()
            ),
        )
        page.goto(f"{url}/points-accueil/")
        page.focus("#pa-lieu")  # charge le JSON
        page.wait_for_selector("#pa-formulaire[data-pret]", timeout=30_000)
        return page.evaluate(MESURE_JS, list(SAISIES))
    finally:
        page.close()


def fichiers_charges(sortie: Path, pages: list[str], chromium=None) -> dict[str, set[str]]:
    """Pour chaque page (chemin relatif à `sortie`), les fichiers du site que Chromium télécharge
    vraiment en l'affichant (chemins relatifs) : une police déclarée par le CSS mais qu'aucun texte
    de la page n'utilise (l'italique, par exemple) n'est pas téléchargée.

    `chromium` : un navigateur Playwright déjà lancé (voir `temps_recherche_points`).
    """
    if chromium is not None:
        return _charges(chromium, sortie, pages)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        lance = pw.chromium.launch(executable_path=CHROMIUM, args=OPTIONS)
        try:
            return _charges(lance, sortie, pages)
        finally:
            lance.close()


def _charges(chromium, sortie: Path, pages: list[str]) -> dict[str, set[str]]:
    resultat: dict[str, set[str]] = {}
    with servir(sortie) as url:
        for chemin in pages:
            if not (sortie / chemin).is_file():
                continue
            page = chromium.new_page(locale="fr-FR")
            vus: set[str] = set()
            page.on("requestfinished", lambda requete, vus=vus: vus.add(requete.url))
            page.goto(f"{url}/{chemin.removesuffix('index.html')}")
            page.wait_for_load_state("networkidle")
            page.close()
            resultat[chemin] = {_relatif(a) for a in vus if urlparse(a).hostname == "127.0.0.1"}
    return resultat


def _relatif(adresse: str) -> str:
    from urllib.parse import unquote

    chemin = unquote(urlparse(adresse).path).lstrip("/")
    return chemin + "index.html" if not chemin or chemin.endswith("/") else chemin
