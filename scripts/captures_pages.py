"""Captures d'écran de chaque type de page, sur téléphone (375 px) et grand écran (1280 px).

Usage : `make captures` (après `make html`). Sert le dossier output/ sur 127.0.0.1 (port libre),
ouvre chaque page dans Chromium (Playwright) et écrit captures/pages/<page>-<largeur>.png, pour
qu'un relecteur voie le thème sans lancer le site. La hauteur de l'en-tête sur téléphone, menu
fermé, est affichée au passage.
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

RACINE = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LARGEURS = {"telephone": (375, 812), "ecran": (1280, 900)}


class GestionnaireSilencieux(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (signature de la bibliothèque)
        pass


def pages_a_capturer(sortie: Path) -> dict[str, str]:
    """Un exemple de chaque type de page présent dans output/ (nom → chemin)."""
    candidates = {
        "accueil": "",
        "actualites": "actualites/",
        "thematiques": "thematiques/",
        "formations": "formations/",
        "agenda": "agenda/",
        "points-accueil": "points-accueil/",
        "recherche": "recherche/",
        "lettre": "lettre/",
        "chiffres": "chiffres-cles/",
        "page": "association/",
        "404": "404.html",
    }
    pages = {nom: chemin for nom, chemin in candidates.items() if (sortie / chemin).exists()}
    for nom, motif in (
        ("actualite", "actualites/*/index.html"),
        ("thematique", "thematiques/*/index.html"),
        ("formation", "formations/*/index.html"),
        ("commune", "points-accueil/communes/*/index.html"),
    ):
        trouves = sorted(sortie.glob(motif))
        if trouves:
            pages[nom] = str(trouves[0].relative_to(sortie)).removesuffix("index.html")
    return pages


def main() -> int:
    sortie = RACINE / "output"
    if not (sortie / "index.html").exists():
        print("output/ est vide : lancez d'abord « make html ».", file=sys.stderr)
        return 1
    dossier = RACINE / "captures" / "pages"
    dossier.mkdir(parents=True, exist_ok=True)
    gestionnaire = functools.partial(GestionnaireSilencieux, directory=str(sortie))
    serveur = http.server.ThreadingHTTPServer(("127.0.0.1", 0), gestionnaire)
    fil = threading.Thread(target=serveur.serve_forever, daemon=True)
    fil.start()
    url = f"http://127.0.0.1:{serveur.server_address[1]}/"
    try:
        with sync_playwright() as pw:
            navigateur = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless=new", "--no-sandbox"])
            for nom_largeur, (largeur, hauteur) in LARGEURS.items():
                contexte = navigateur.new_context(
                    locale="fr-FR", viewport={"width": largeur, "height": hauteur}
                )
                onglet = contexte.new_page()
                for nom, chemin in pages_a_capturer(sortie).items():
                    onglet.goto(url + chemin)
                    onglet.wait_for_load_state("networkidle")
                    fichier = dossier / f"{nom}-{nom_largeur}.png"
                    onglet.screenshot(path=str(fichier), full_page=True)
                    entete = onglet.evaluate(
                        "document.querySelector('header.entete').getBoundingClientRect().height"
                    )
                    print(f"{fichier.relative_to(RACINE)}  (en-tête : {entete:.0f} px)")
                contexte.close()
            navigateur.close()
    finally:
        serveur.shutdown()
        serveur.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
