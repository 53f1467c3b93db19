"""Commandes `python gestion.py lettre …` : aperçu, démarrage du registre, envoi.

lettre apercu                      construit l'aperçu du prochain numéro et dit où le lire
lettre demarrer                    inscrit les actualités déjà en ligne comme point de départ
lettre envoyer --abonnes F.csv     simulation (rien n'est envoyé) : ce qui partirait
lettre envoyer --abonnes F.csv --test moi@exemple.fr    un message d'essai
lettre envoyer --abonnes F.csv --envoyer                l'envoi réel, reprenable
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from socle import reglages as reglages_socle
from socle.erreurs import chemin_affiche

from . import reglages
from .generateur import chemins_donnees, lire_registre
from .registre import ecrire_registre, numero_depuis_donnees
from .selection import Registre

# `envoi` et `message` (smtplib, ssl, email…) ne servent qu'aux commandes d'envoi : importés par
# elles seulement, pas à chaque `python gestion.py construire` (qui déclare toutes les commandes).
if TYPE_CHECKING:
    from .envoi import Abonne
    from .message import Courriel, Entetes

CODE_INCOMPLET = 3  # certains abonnés restent à servir (refus temporaires) : relancer plus tard


def _erreur(texte: str) -> int:
    print(f"✗ {texte}", file=sys.stderr)
    return 1


def construire_preparation(
    settings, edition: str, fichier: str | None = None, aujourdhui: dt.date | None = None
) -> dict:
    """Construit le site (réglages donnés) dans un dossier temporaire ; renvoie la préparation.

    Le même générateur et les mêmes gabarits que l'aperçu : ce qu'on relit est ce qui part.
    """
    from pelican import Pelican

    from gestion import lire_reglages

    with tempfile.TemporaryDirectory(prefix="lettre-") as temporaire:
        socle = dict(settings.get("SOCLE") or {})
        if aujourdhui is not None:
            socle["date_construction"] = aujourdhui.isoformat()
        override = {
            "OUTPUT_PATH": temporaire,
            "DELETE_OUTPUT_DIRECTORY": False,
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "RECHERCHE": {**(settings.get("RECHERCHE") or {}), "indexer": False},
            "LETTRE": {**(settings.get("LETTRE") or {}), "apercu": True},
            "SOCLE": socle,
        }
        complets = lire_reglages(publication=True, fichier=fichier, override=override)
        Pelican(complets).run()
        dossier = Path(temporaire) / "lettre" / "apercu" / edition
        preparation = json.loads((dossier / "numero.json").read_text(encoding="utf-8"))
        preparation["html"] = (dossier / "courriel.html").read_text(encoding="utf-8")
        preparation["texte"] = (dossier / "courriel.txt").read_text(encoding="utf-8")
        preparation["edition"] = edition
        return preparation


def courriel_de(preparation: dict) -> Courriel:
    from .message import Courriel

    return Courriel(
        preparation["numero"]["numero"],
        preparation["edition"],
        preparation["objet"],
        preparation["html"],
        preparation["texte"],
        preparation.get("desinscription", ""),
    )


def entetes_de(options: dict) -> Entetes:
    from .envoi import ErreurEnvoi
    from .message import Entetes

    if not options["expediteur"]:
        raise ErreurEnvoi(
            "réglage LETTRE « expediteur » vide : indiquez l'adresse d'envoi dans pelicanconf.py"
        )
    if not options["desinscription_url"]:
        raise ErreurEnvoi(
            "réglage LETTRE « desinscription_url » vide : il faut une adresse https de désinscription "
            "en un clic (gestionnaire de listes), avec {jeton}"
        )
    return Entetes(
        options["expediteur"], options["repondre_a"], options["list_id"], options["desinscription_courriel"]
    )


def secret_de(environ=os.environ) -> bytes:
    from .envoi import ErreurEnvoi

    secret = environ.get("LETTRE_SECRET", "")
    if len(secret) < 16:
        raise ErreurEnvoi(
            "variable LETTRE_SECRET absente ou trop courte (16 caractères au moins) : "
            "elle signe les liens de désinscription (voir docs/lettre.md)"
        )
    return secret.encode("utf-8")


def hors_du_depot(chemin: Path, settings, quoi: str) -> Path:
    """Les données personnelles (abonnés, journaux) ne vont ni dans le dépôt ni dans output/."""
    from .envoi import ErreurEnvoi

    chemin = chemin.expanduser().resolve()
    for interdit in (reglages_socle.racine_projet(settings), Path(settings["OUTPUT_PATH"])):
        interdit = interdit.resolve()
        if chemin == interdit or interdit in chemin.parents:
            raise ErreurEnvoi(
                f"{quoi} ({chemin}) est dans {interdit} : les données personnelles des "
                "abonnés ne doivent pas être dans le dépôt ni dans output/ ; placez-les ailleurs"
            )
    return chemin


def dossier_journaux(args, settings) -> Path:
    brut = (
        args.journaux
        or os.environ.get("LETTRE_JOURNAUX")
        or str(Path(os.environ.get("XDG_STATE_HOME", "~/.local/state")).expanduser() / "lettre")
    )
    return hors_du_depot(Path(brut), settings, "le dossier des journaux d'envoi")


def preparation_en_cours(journaux: Path, edition: str, registre: Registre) -> dict | None:
    """Un envoi commencé et pas terminé : on le reprend tel quel (même contenu pour tous)."""
    envoyes = {(n.ident, n.edition) for n in registre.numeros}
    if not journaux.is_dir():
        return None
    for dossier in sorted(journaux.glob(f"*-{edition}"), reverse=True):
        fichier = dossier / "preparation.json"
        if fichier.exists():
            donnees = json.loads(fichier.read_text(encoding="utf-8"))
            if (donnees["numero"]["numero"], edition) not in envoyes:
                return donnees
    return None


def marquer_envoye(settings, options, preparation: dict, remis: int, refus: int) -> Path:
    """Ajoute le numéro au registre, figé, avec l'heure de fin d'envoi."""
    from .envoi import ErreurEnvoi

    registre, problemes = lire_registre(settings, options)
    if any(p.est_erreur for p in problemes):
        raise ErreurEnvoi(
            "le registre est illisible, le numéro n'y a pas été ajouté :\n" + "\n".join(map(str, problemes))
        )
    donnees = {
        **preparation["numero"],
        "envoye": dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds"),
        "destinataires": remis,
        "refus": refus,
    }
    chemin, _ = chemins_donnees(settings, options)
    ecrire_registre(chemin, registre.avec(numero_depuis_donnees(donnees)))
    return chemin


def _resume(preparation: dict, abonnes: list[Abonne], termines: dict) -> None:
    numero = preparation["numero"]
    restants = sum(1 for a in abonnes if a.courriel.lower() not in termines)
    print(f"Lettre {numero['numero']} ({preparation['edition']}) : « {preparation['objet']} »")
    print(
        f"  {len(numero['actualites'])} actualité(s), {len(numero['rendez_vous'])} rendez-vous, "
        f"éditorial : {'oui' if numero['edito'] else 'non'} ; courriel HTML {preparation['taille_html'] / 1024:.1f} Ko"
    )
    for actualite in numero["actualites"]:
        print(f"    · {actualite['titre']}")
    print(f"  Abonnés : {len(abonnes)} dont {len(abonnes) - restants} déjà servis, {restants} à envoyer")
    if preparation.get("trop_anciennes"):
        print(
            f"  ⚠ {len(preparation['trop_anciennes'])} actualité(s) ancienne(s) jamais envoyée(s) à décider "
            "(voir « make check ») : " + ", ".join(preparation["trop_anciennes"])
        )


def commande_envoyer(args) -> int:
    from gestion import lire_reglages

    from .envoi import Envoyeur, ErreurEnvoi, JournalEnvoi, ParametresSMTP, lire_abonnes

    settings = lire_reglages(publication=True, fichier=args.reglages)
    options = reglages.valider(settings)
    editions = {e.ident: e for e in reglages.editions(options)}
    edition = args.edition or next(iter(editions))
    if edition not in editions:
        return _erreur(f"édition « {edition} » inconnue ; éditions : {', '.join(editions)}")
    try:
        abonnes, problemes = lire_abonnes(
            hors_du_depot(Path(args.abonnes), settings, "le fichier des abonnés")
        )
        journaux = dossier_journaux(args, settings)
        for probleme in problemes:
            print(probleme, file=sys.stderr)
        registre, problemes_registre = lire_registre(settings, options)
        if any(p.est_erreur for p in problemes_registre):
            return _erreur("registre illisible :\n" + "\n".join(map(str, problemes_registre)))
        preparation = preparation_en_cours(journaux, edition, registre)
        reprise = preparation is not None
        if preparation is None:
            preparation = construire_preparation(settings, edition, args.reglages)
        journal = JournalEnvoi(journaux, preparation["numero"]["numero"], edition)
        termines = journal.termines()
        if reprise:
            print(
                f"↻ Reprise de l'envoi commencé du numéro {preparation['numero']['numero']} (contenu figé)."
            )
        _resume(preparation, abonnes, termines)
        if not preparation["du"] and not reprise and not args.test:
            parution = preparation["numero"]["parution"]
            print(f"Ce numéro paraît le {parution} : rien à envoyer aujourd'hui (simulation seulement).")
            return 0
        numero = preparation["numero"]
        if not (numero["actualites"] or numero["rendez_vous"] or numero["edito"]) and not args.test:
            print(
                "Numéro vide (ni actualité, ni rendez-vous, ni éditorial) : il ne part pas ; "
                "ses actualités éventuelles partiront dans le suivant."
            )
            return 0
        if not (args.envoyer or args.test):
            print(
                "Simulation : rien n'a été envoyé. Ajoutez --test VOTRE@ADRESSE pour un essai, "
                "ou --envoyer pour l'envoi réel."
            )
            return 0
        envoyeur = Envoyeur(
            ParametresSMTP.depuis_environnement(),
            entetes_de(options),
            secret_de(),
            float(args.debit or options["debit_par_seconde"]),
            int(options["essais_temporaires"]),
            float(options["attente_initiale_s"]),
        )
        courriel = courriel_de(preparation)
        if args.test:
            envoyeur.envoyer_essai(courriel, args.test)
            print(f"✓ Message d'essai envoyé à {args.test}.")
            return 0
        return _envoyer_tout(settings, options, preparation, envoyeur, courriel, abonnes, journal)
    except ErreurEnvoi as exc:
        return _erreur(str(exc))


def _envoyer_tout(settings, options, preparation, envoyeur, courriel, abonnes, journal) -> int:
    if journal.lire_preparation() is None:
        journal.figer_preparation(preparation)
    bilan = envoyeur.envoyer_liste(
        courriel, abonnes, journal, rapporter=lambda texte: print(f"  {texte}", file=sys.stderr)
    )
    print(
        f"Bilan : {bilan.envoyes} envoyé(s) en {bilan.duree_s:.1f} s ({bilan.debit:.1f}/s), "
        f"{bilan.deja_faits} déjà servi(s) avant, {len(bilan.refus_definitifs)} refus définitif(s), "
        f"{len(bilan.en_attente)} en attente."
    )
    # Tous les refus définitifs du numéro, y compris ceux d'un passage précédent interrompu.
    termines = journal.termines()
    refus = [e for e in termines.values() if e["etat"] == "refuse"]
    for entree in sorted(refus, key=lambda e: e["courriel"]):
        print(
            f"  ✗ refusé : {entree['courriel']} ({entree['code']} {entree['detail']}) : à retirer de la liste",
            file=sys.stderr,
        )
    if not bilan.complet:
        for adresse, code, texte in bilan.en_attente:
            print(f"  … en attente : {adresse} ({code or 'connexion'} {texte})", file=sys.stderr)
        print(
            "Relancez la même commande plus tard : seuls les abonnés restants recevront la lettre.",
            file=sys.stderr,
        )
        return CODE_INCOMPLET
    remis = sum(1 for e in termines.values() if e["etat"] == "envoye")
    chemin = marquer_envoye(settings, options, preparation, remis, len(refus))
    print(
        f"✓ Numéro {preparation['numero']['numero']} envoyé et inscrit au registre "
        f"({chemin_affiche(chemin, reglages_socle.racine_projet(settings))}) : commitez ce fichier."
    )
    return 0


def commande_apercu(args) -> int:
    from gestion import lire_reglages

    settings = lire_reglages(fichier=args.reglages)
    options = reglages.valider(settings)
    sortie = Path(settings["OUTPUT_PATH"])
    from pelican import Pelican

    Pelican(settings).run()
    for edition in reglages.editions(options):
        dossier = sortie / "lettre" / "apercu" / edition.ident
        donnees = json.loads((dossier / "numero.json").read_text(encoding="utf-8"))
        numero = donnees["numero"]
        print(
            f"✓ {edition.titre} {numero['numero']} ({'à envoyer' if donnees['du'] else 'paraîtra le ' + numero['parution']}) : "
            f"{len(numero['actualites'])} actualité(s), {len(numero['rendez_vous'])} rendez-vous, "
            f"{donnees['taille_html'] / 1024:.1f} Ko"
        )
        print(f"  page : {dossier / 'index.html'}\n  courriel : {dossier / 'courriel.html'}")
    return 0


def commande_demarrer(args) -> int:
    """Point de départ : les actualités déjà en ligne ne partiront jamais dans la lettre."""
    from actualites.entetes import lire_fichier
    from actualites.verification import fichiers_markdown
    from gestion import lire_reglages

    settings = lire_reglages(fichier=args.reglages)
    options = reglages.valider(settings)
    registre, problemes = lire_registre(settings, options)
    if any(p.est_erreur for p in problemes):
        return _erreur("registre illisible :\n" + "\n".join(map(str, problemes)))
    if registre.numeros and not args.forcer:
        return _erreur("des numéros sont déjà envoyés : le point de départ ne sert qu'au démarrage")
    uids = set(registre.depart_uids)
    for fichier in fichiers_markdown(settings, "ARTICLE_PATHS"):
        uid = (lire_fichier(fichier).valeur("uid") or "").strip().lower()
        if uid:
            uids.add(uid)
    nouveau = Registre(
        registre.numeros,
        frozenset(uids),
        reglages_socle.aujourdhui(settings),
        registre.ecartees,
        registre.a_envoyer,
    )
    chemin, _ = chemins_donnees(settings, options)
    ecrire_registre(chemin, nouveau)
    print(
        f"✓ {len(uids)} actualité(s) existante(s) inscrite(s) comme point de départ dans "
        f"{chemin_affiche(chemin, reglages_socle.racine_projet(settings))} : elles ne seront pas envoyées."
    )
    return 0


def ajouter_commandes(sous_parseurs, _settings) -> None:
    p = sous_parseurs.add_parser("lettre", help="la lettre : aperçu, démarrage, envoi")
    sous = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = sous.add_parser("apercu", help="construit le site de développement avec l'aperçu du prochain numéro")
    a.add_argument("--reglages", help="autre fichier de réglages Pelican")
    a.set_defaults(fonction=commande_apercu)
    d = sous.add_parser("demarrer", help="les actualités déjà en ligne ne seront pas envoyées")
    d.add_argument("--reglages", help="autre fichier de réglages Pelican")
    d.add_argument("--forcer", action="store_true", help="même si des numéros sont déjà envoyés")
    d.set_defaults(fonction=commande_demarrer)
    e = sous.add_parser("envoyer", help="envoie le numéro dû (simulation sans --envoyer)")
    e.add_argument("--abonnes", required=True, help="CSV des abonnés (hors du dépôt), colonne « courriel »")
    e.add_argument("--edition", help="édition à envoyer (par défaut : la principale)")
    e.add_argument("--envoyer", action="store_true", help="envoi réel (sinon : simulation)")
    e.add_argument("--test", metavar="ADRESSE", help="envoie un seul message d'essai à cette adresse")
    e.add_argument("--debit", type=float, help="messages par seconde au plus (réglage debit_par_seconde)")
    e.add_argument("--journaux", help="dossier des journaux d'envoi (ou LETTRE_JOURNAUX), hors du dépôt")
    e.add_argument("--reglages", help="autre fichier de réglages Pelican (par défaut publishconf.py)")
    e.set_defaults(fonction=commande_envoyer)
