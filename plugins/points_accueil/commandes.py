"""Commande `plus-proche` : le même résultat que la page, pour le personnel au téléphone."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from socle import reglages as reglages_socle
from socle.dates import date_longue

from . import reglages
from .chargement import charger_tout
from .communes import libelle_choix, separer_code_postal
from .distances import OuvertsPuisFermes, formater_km
from .fermetures import annonces, points_fermes


def repondre(settings, texte: str, nombre: int, sortie=sys.stdout, jour: dt.date | None = None) -> int:
    """Affiche les points les plus proches d'une commune ou d'un code postal ; code de sortie.

    `jour` (`--le`) : les points ouverts ce jour-là (un rendez-vous pris pour plus tard) ; sans lui,
    aujourd'hui, comme le site construit ce matin.
    """
    donnees = charger_tout(settings)
    textes = reglages.lire(settings)["textes"]
    erreurs = [p for p in donnees.problemes if p.est_erreur]
    for probleme in erreurs:
        print(f"⚠ {probleme}", file=sys.stderr)
    if erreurs:
        print("  (points fautifs écartés : lancez « make check » pour le détail)", file=sys.stderr)
    if donnees.communes is None:
        print("✗ table des communes absente : python gestion.py communes", file=sys.stderr)
        return 1
    lieu, candidats = donnees.communes.rechercher(texte)
    if lieu is None:
        if candidats:
            if texte.strip().isdigit():
                intro = "plusieurs communes ont ce code postal, précisez laquelle"
            elif donnees.communes.trouver(texte):
                intro = "plusieurs communes portent ce nom, précisez"
            else:
                intro = "commune introuvable"
            print(f"✗ « {texte} » : {intro}. Vouliez-vous dire :", file=sys.stderr)
            code = separer_code_postal(texte)[1] or texte.strip()
            for commune in candidats:
                print(f"    {libelle_choix(commune, code)}", file=sys.stderr)
        else:
            print(f"✗ {textes['aucune_commune'].format(texte=texte)}", file=sys.stderr)
        return 1
    options = reglages.lire(settings)
    dites = annonces(
        donnees.points, jour or reglages_socle.aujourdhui(settings), options["preavis_fermeture"], textes
    )
    proches, plus_pres = OuvertsPuisFermes(donnees.points, points_fermes(dites)).plus_proches(
        lieu.latitude, lieu.longitude, nombre
    )
    if not proches and not plus_pres:
        print(f"✗ aucun point actif dans {options['points']}.", file=sys.stderr)
        return 1
    precision = " (position approximative de la commune)" if lieu.approximatif else ""
    if jour is not None:
        print(f"Le {date_longue(jour)} :", file=sortie)
    if proches:
        phrase = textes["plus_proche" if len(proches) == 1 else "plus_proches"].format(
            nombre=len(proches), lieu=lieu.libelle
        )
        print(f"{phrase}{precision}, à vol d'oiseau :", file=sortie)
    for rang, proche in enumerate(proches, start=1):
        _afficher(rang, proche, dites, textes, sortie)
    if plus_pres:
        cle = "ferme_plus_pres" if len(plus_pres) == 1 else "fermes_plus_pres"
        print(
            textes[cle] if jour is None else textes[f"{cle}_le"].format(jour=date_longue(jour)), file=sortie
        )
    for rang, proche in enumerate(plus_pres, start=len(proches) + 1):
        _afficher(rang, proche, dites, textes, sortie)
    return 0


def _afficher(rang, proche, dites, textes, sortie) -> None:
    """Un point de la réponse, avec ce qu'en dit sa fiche sur le site."""
    p = proche.point
    print(f"{rang}. {p.structure} — {formater_km(proche.distance_km)}", file=sortie)
    if p.id in dites:
        for texte in dites[p.id].textes:
            print(f"   ⚠ {texte}", file=sortie)
    print(
        f"   {p.adresse_complete}{' (position approximative)' if p.position_approximative else ''}",
        file=sortie,
    )
    print(f"   {p.accueil.libelle}", file=sortie)
    if p.precisions:
        print(f"   {p.precisions}", file=sortie)
    # Ce que la fiche du site dit au porteur : le personnel au téléphone lit la même chose.
    if p.horaires:
        print(f"   {textes['horaires']} {p.horaires}", file=sortie)
    rendez_vous = [t for t in (p.telephone, p.rendez_vous) if t]
    if rendez_vous:
        print(f"   {textes['prendre_rendez_vous']} {' · '.join(rendez_vous)}", file=sortie)
    if p.contact:
        print(
            f"   Interlocuteur (usage interne{'' if p.publier_contact else ', non publié'}) : {p.contact}",
            file=sortie,
        )


def _commande(args) -> int:
    from gestion import lire_reglages

    return repondre(lire_reglages(), " ".join(args.lieu), args.nombre, jour=args.le)


def date_du_rendez_vous(texte: str) -> dt.date:
    """L'option --le : une date AAAA-MM-JJ (message en français sinon)."""
    try:
        jour = dt.date.fromisoformat(texte.strip())
    except ValueError:
        jour = None
    if jour is None or len(texte.strip()) != len("2026-12-28"):  # Python lirait aussi « 20261228 »
        raise argparse.ArgumentTypeError(
            f"« {texte} » n'est pas une date : écrivez-la AAAA-MM-JJ, par exemple 2026-12-28"
        )
    return jour


def produire_communes(settings, sortie=sys.stdout) -> int:
    """Écrit la table des communes des départements du réglage ; code de sortie."""
    from socle import reglages as reglages_socle

    from .production_communes import produire

    options = reglages.lire(settings)
    if not options["departements"]:
        print(
            "✗ réglage POINTS_ACCUEIL['departements'] vide : indiquez dans pelicanconf.py les "
            'départements desservis, par exemple POINTS_ACCUEIL = {"departements": ["13"]}',
            file=sys.stderr,
        )
        return 1
    chemin = reglages_socle.dossier_donnees(settings) / options["communes"]
    try:
        texte = produire(options["departements"])
    except (ValueError, FileNotFoundError) as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")
    lignes = [ligne for ligne in texte.splitlines() if ligne and not ligne.startswith("#")]
    print(f"✓ {len(lignes) - 1} communes écrites dans {chemin}", file=sortie)
    return 0


def _commande_communes(args) -> int:
    from gestion import lire_reglages

    return produire_communes(lire_reglages())


def ajouter_commandes(sous_parseurs, _settings) -> None:
    c = sous_parseurs.add_parser(
        "communes", help="produit la table des communes des départements desservis (points d'accueil)"
    )
    c.set_defaults(fonction=_commande_communes)
    p = sous_parseurs.add_parser("plus-proche", help="points d'accueil les plus proches d'une commune")
    p.add_argument("lieu", nargs="+", help="nom de commune (accents facultatifs) ou code postal")
    p.add_argument("--nombre", type=int, default=3, help="nombre de points (3 par défaut)")
    p.add_argument(
        "--le",
        type=date_du_rendez_vous,
        metavar="AAAA-MM-JJ",
        help="les points ouverts ce jour-là, pour un rendez-vous pris plus tard (aujourd'hui par défaut)",
    )
    p.set_defaults(fonction=_commande)
