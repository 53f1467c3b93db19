"""Commande `nouvelle-actualite` : crée un fichier daté, avec ses en-têtes, un uid neuf et son `Slug:`.

Le `Slug:` écrit dès la création fige l'adresse : corriger le titre ensuite ne la change plus.
"""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from pathlib import Path

from pelican.utils import slugify

from socle import reglages as reglages_socle
from socle.entetes import lire_fichier

from .verification import (
    LONGUEUR_MAX_ADRESSE,
    RESUME_A_COMPLETER,
    TEXTE_D_EXEMPLE,
    conseil_mot_inconnu,
    fichiers_markdown,
    lire_date,
    slug_de,
    vocabulaire_du_site,
)

MODELE = """Title: {titre}
Date: {date}
Tags: {mots_cles}
Summary: {resume}
Uid: {uid}
Slug: {slug}

{texte_d_exemple}, en Markdown : paragraphes séparés par une ligne vide,
**gras**, [un lien](https://www.example.org). Images et liens internes : voir docs/publier.md.
"""


def creer_actualite(settings, titre: str, date: dt.datetime, mots_cles: list[str], resume: str) -> Path:
    """Écrit `content/actualites/<année>/<date>-<slug>.md` ; lève ValueError (en français) sinon."""
    titre = titre.strip()
    if not titre:
        raise ValueError("le titre est vide")
    vocabulaire, _ = vocabulaire_du_site(settings)
    libelles = []
    for mot in mots_cles:
        trouve = vocabulaire.trouver(mot)
        if trouve is None:
            raise ValueError(f"mot-clé inconnu « {mot} » ; {conseil_mot_inconnu(vocabulaire, mot)}")
        libelles.append(trouve.slug)
    slug = slugify(titre, regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))
    if len(slug) > LONGUEUR_MAX_ADRESSE:  # titre très long : l'adresse s'arrête au dernier mot entier
        slug = slug[: LONGUEUR_MAX_ADRESSE + 1].rsplit("-", 1)[0][:LONGUEUR_MAX_ADRESSE]
    for existant in fichiers_markdown(settings, "ARTICLE_PATHS"):
        if slug_de(lire_fichier(existant), settings) == slug:
            raise ValueError(
                f"une actualité a déjà l'adresse « {slug} » ({existant.name}) : changez le titre"
            )
    dossier = Path(settings["PATH"]) / settings["ARTICLE_PATHS"][0] / f"{date:%Y}"
    chemin = dossier / f"{date:%Y-%m-%d}-{slug}.md"
    dossier.mkdir(parents=True, exist_ok=True)
    texte = MODELE.format(
        titre=titre,
        date=f"{date:%Y-%m-%d %H:%M}",
        mots_cles=", ".join(libelles) or "À COMPLÉTER",
        resume=resume or RESUME_A_COMPLETER,
        texte_d_exemple=TEXTE_D_EXEMPLE,
        uid=uuid.uuid4(),
        slug=slug,
    )
    with chemin.open("x", encoding="utf-8") as fichier:
        fichier.write(texte)
    return chemin


def _commande(args) -> int:
    from gestion import lire_reglages

    settings = lire_reglages(fichier=args.reglages)
    if args.date:
        date = lire_date(args.date)
        if date is None:
            print(
                f"✗ date invalide « {args.date} » : écrivez 2026-11-23 ou 2026-11-23 14:30", file=sys.stderr
            )
            return 1
    else:
        maintenant = dt.datetime.now().replace(second=0, microsecond=0)
        date = dt.datetime.combine(reglages_socle.aujourdhui(settings), maintenant.time())
    mots = [m.strip() for m in (args.mots_cles or "").split(",") if m.strip()]
    try:
        chemin = creer_actualite(settings, args.titre, date, mots, args.resume or "")
    except (ValueError, FileExistsError) as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    print(f"✓ Actualité créée : {chemin.relative_to(reglages_socle.racine_projet(settings))}")
    print("  Complétez le résumé, les mots-clés et le texte, puis : make check")
    return 0


def ajouter_commandes(sous_parseurs, _settings) -> None:
    p = sous_parseurs.add_parser("nouvelle-actualite", help="crée une actualité datée avec son uid")
    p.add_argument("titre", help="titre de l'actualité, entre guillemets")
    p.add_argument("--date", help="date de publication (par défaut : maintenant)")
    p.add_argument("--mots-cles", help="mots-clés séparés par des virgules (slug ou libellé)")
    p.add_argument("--resume", help="résumé d'une ou deux phrases")
    p.add_argument("--reglages", help="autre fichier de réglages Pelican (autre site)")
    p.set_defaults(fonction=_commande)
