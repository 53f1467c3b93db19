"""Commande `nouveau-site DOSSIER` : un site minimal d'une autre association, prêt à construire.

Dans l'esprit de `pelican-quickstart` : réglages commentés qui pointent vers le thème et les
plugins de ce moteur, identité de l'association à compléter, un vocabulaire de mots-clés, les
pages « L'association », mentions légales et confidentialité (celle-ci, la lettre y renvoie) et
une actualité. Le site construit et passe `verifier` tout de suite.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

MODELES = Path(__file__).resolve().parent / "modele_site"
# Fichier du site → modèle (les accolades des modèles sont des champs de `str.format`).
FICHIERS = {
    "pelicanconf.py": "pelicanconf.py.modele",
    "publishconf.py": "publishconf.py.modele",
    "data/association.yml": "association.yml.modele",
    "data/mots-cles.yml": "mots-cles.yml.modele",
    "content/pages/association.md": "association.md.modele",
    "content/pages/mentions-legales.md": "mentions-legales.md.modele",
    "content/pages/confidentialite.md": "confidentialite.md.modele",
    "content/actualites/{annee}/{jour}-bienvenue.md": "actualite.md.modele",
    ".gitignore": "gitignore.modele",
}
# Ce que le modèle laisse à remplacer : la marque dans les données et les pages, l'adresse d'exemple.
MARQUE_A_COMPLETER = "À COMPLÉTER"
SITEURL_EXEMPLE = "https://www.exemple.org"


def creer_site(dossier: Path, moteur: Path, nom: str, maintenant: dt.datetime) -> list[Path]:
    """Écrit le site dans `dossier` (vide ou absent) ; renvoie les fichiers écrits.

    Lève FileExistsError si le dossier contient déjà des fichiers : rien n'est écrasé.
    """
    dossier = dossier.resolve()
    if dossier.exists() and not dossier.is_dir():
        raise FileExistsError(
            f"{dossier} est un fichier, pas un dossier : choisissez un dossier neuf (rien n'a été écrit)"
        )
    if dossier.exists() and any(dossier.iterdir()):
        raise FileExistsError(f"{dossier} n'est pas vide : choisissez un dossier neuf (rien n'a été écrit)")
    relatif = os.path.relpath(moteur, dossier)
    site_affiche = os.path.relpath(dossier, moteur)
    champs = {
        "nom": nom,
        # Littéraux Python entre guillemets doubles (comme les écrit ruff format).
        "nom_py": json.dumps(nom, ensure_ascii=False),
        # Entre guillemets dans le YAML : « Collectif : Mesclun » ou « #Ruches » y restent un nom.
        "nom_yaml": json.dumps(nom, ensure_ascii=False),
        "moteur_py": json.dumps(relatif),
        "siteurl_py": json.dumps(SITEURL_EXEMPLE),
        # Relatif, comme MOTEUR : un chemin absolu ne vaudrait que sur cet ordinateur.
        "moteur_affiche": relatif,
        "site_affiche": site_affiche,
        "date": f"{maintenant:%Y-%m-%d %H:%M}",
        "uid": str(uuid.uuid4()),
    }
    ecrits = []
    for cible, modele in FICHIERS.items():
        chemin = dossier / cible.format(annee=f"{maintenant:%Y}", jour=f"{maintenant:%Y-%m-%d}")
        texte = (MODELES / modele).read_text(encoding="utf-8").format(**champs)
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(texte, encoding="utf-8")
        ecrits.append(chemin)
    return ecrits


def a_completer(settings) -> list:
    """Avertissements de publication : un « À COMPLÉTER » encore dans un fichier publié (une ligne
    par fichier, avec les numéros), un SITEURL resté l'adresse d'exemple du modèle.

    Les lignes de commentaire du YAML (« # … ») ne comptent pas : le modèle y explique la marque.
    """
    from . import reglages
    from .erreurs import AVERTISSEMENT, Probleme, chemin_affiche

    racine = reglages.racine_projet(settings)
    fichiers = sorted(reglages.dossier_donnees(settings).rglob("*.yml")) + sorted(
        Path(settings["PATH"]).rglob("*.md")
    )
    problemes = []
    for fichier in fichiers:
        try:
            lignes = fichier.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # signalé par le chargeur du fichier
        numeros = [
            n
            for n, ligne in enumerate(lignes, 1)
            if MARQUE_A_COMPLETER in ligne and not ligne.lstrip().startswith("#")
        ]
        if numeros:
            problemes.append(
                Probleme(
                    chemin_affiche(fichier, racine),
                    numeros[0],
                    f"« {MARQUE_A_COMPLETER} » encore dans ce fichier publié (ligne(s) {', '.join(map(str, numeros))})",
                    "remplacez ces valeurs d'exemple par les vraies (docs/autre-association.md)",
                    AVERTISSEMENT,
                )
            )
    if str(settings.get("SITEURL") or "").rstrip("/") == SITEURL_EXEMPLE:
        problemes.append(
            Probleme(
                "publishconf.py",
                None,
                f"SITEURL est encore l'adresse d'exemple {SITEURL_EXEMPLE} : les liens du site publié y mènent",
                "donnez l'adresse publique du site dans publishconf.py, ou par la variable d'environnement SITEURL",
                AVERTISSEMENT,
            )
        )
    return problemes
