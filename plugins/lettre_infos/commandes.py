"""Commande `lettre-infos apercu` : chaque numéro en PDF et en images PNG, sans construire le site.

Pour relire un numéro avant de le publier : `make lettre-infos-apercu` écrit dans
`captures/lettre-infos/` le PDF de chaque numéro et ses pages en PNG (pdftoppm, paquet
poppler-utils), et dit si un numéro dépasse ses deux pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from socle import reglages as reglages_socle
from socle.erreurs import AVERTISSEMENT, Probleme, chemin_affiche

RESOLUTION_PNG = 80  # points par pouce : une page A4 de 660 × 935 pixels
DELAI_PDFTOPPM_S = 120  # un pdftoppm bloqué n'arrête pas l'aperçu


def pages_png(dossier: Path, pdf: Path) -> list[Path]:
    """Les pages PNG d'un PDF dans `dossier` (« lettre-infos-2026-t4-1.png », -2…), triées."""
    motif = re.compile(re.escape(pdf.stem) + r"-[0-9]+\.png")
    return sorted(f for f in dossier.glob(f"{pdf.stem}-*.png") if motif.fullmatch(f.name))


def ecrire_apercus(settings, dossier: Path) -> tuple[list[Path], list]:
    """Écrit PDF et PNG de chaque numéro dans `dossier` ; renvoie (fichiers écrits, problèmes)."""
    from . import nouveau_generateur
    from .lecture import fichiers_numeros

    generateur = nouveau_generateur(settings)
    problemes = generateur.preparer()
    dossier.mkdir(parents=True, exist_ok=True)
    racine = reglages_socle.racine_projet(settings)
    ecrits = []
    pdftoppm = shutil.which("pdftoppm")
    # Un numéro sans PDF cette fois (trop long, titre manquant…) : son aperçu d'avant est effacé,
    # pour qu'on ne relise pas une ancienne version en la croyant à jour.
    produits = {Path(chemin).name for chemin in generateur.pdfs}
    for fichier in fichiers_numeros(Path(settings["PATH"]) / generateur.options["dossier"]):
        perime = dossier / generateur.nom_pdf(fichier.stem)
        if perime.name not in produits:
            for ancien in [perime, *pages_png(dossier, perime)]:
                ancien.unlink(missing_ok=True)
    for chemin, octets in sorted(generateur.pdfs.items()):
        pdf = dossier / Path(chemin).name
        pdf.write_bytes(octets)
        ecrits.append(pdf)
        if pdftoppm:
            for ancien in pages_png(dossier, pdf):
                ancien.unlink()
            try:
                rendu = subprocess.run(
                    [pdftoppm, "-png", "-r", str(RESOLUTION_PNG), str(pdf), str(dossier / pdf.stem)],
                    capture_output=True,
                    text=True,
                    timeout=DELAI_PDFTOPPM_S,
                    check=False,
                )
                echec = None
                if rendu.returncode != 0:
                    fin = (rendu.stderr or "").strip().splitlines()[-1:] or ["(aucun message)"]
                    echec = f"code {rendu.returncode} : {fin[0]}"
            except subprocess.TimeoutExpired:
                echec = f"arrêté après {DELAI_PDFTOPPM_S} s sans avoir fini"
            except OSError as exc:
                echec = f"non lancé : {exc.strerror or exc}"
            if echec:
                problemes.append(
                    Probleme(
                        chemin_affiche(pdf, racine),
                        None,
                        f"pdftoppm n'a pas pu rendre les pages en PNG ({echec})",
                        "le PDF est écrit ; vérifiez le paquet poppler-utils (make installer)",
                        AVERTISSEMENT,
                    )
                )
            ecrits += pages_png(dossier, pdf)
    return ecrits, problemes


def _commande(args) -> int:
    from gestion import lire_reglages

    # Les réglages de publication (publishconf.py) : les liens de l'aperçu sont ceux du PDF publié
    # (l'adresse du site), pas ceux du site de développement (localhost), si on le fait circuler.
    settings = lire_reglages(publication=args.reglages is None, fichier=args.reglages)
    dossier = Path(args.dossier or reglages_socle.racine_projet(settings) / "captures" / "lettre-infos")
    ecrits, problemes = ecrire_apercus(settings, dossier)
    for probleme in problemes:
        print(probleme, file=sys.stderr)
    for fichier in ecrits:
        print(f"  {fichier}")
    if not shutil.which("pdftoppm"):
        print(
            "⚠ pdftoppm introuvable (paquet poppler-utils, make installer) : PDF seulement.", file=sys.stderr
        )
    if any(p.est_erreur for p in problemes):
        print("✗ Des numéros ont des erreurs (ci-dessus) : corrigez-les avant de publier.", file=sys.stderr)
        return 1
    print(f"✓ Aperçus écrits dans {dossier}")
    return 0


def ajouter_commandes(sous_parseurs, _settings) -> None:
    p = sous_parseurs.add_parser("lettre-infos", help="Lettre d'infos : aperçu PDF et PNG des numéros")
    sous = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    apercu = sous.add_parser("apercu", help="écrit le PDF et les pages PNG de chaque numéro (captures/)")
    apercu.add_argument("--dossier", help="dossier des aperçus (par défaut : captures/lettre-infos/)")
    apercu.add_argument("--reglages", help="autre fichier de réglages Pelican (autre site)")
    apercu.set_defaults(fonction=_commande)
