#!/usr/bin/env python3
"""Commandes du site, pour le personnel et pour l'intégration continue.

    python gestion.py construire [--publication]   construit le site (refuse de publier sur erreur ;
                                                   publication : note les adresses dans data/adresses.yml)
    python gestion.py verifier [--publication]     vérifie contenus et données, sans rien écrire
    python gestion.py nouvelle-actualite "Titre"   crée une actualité datée avec son uid
    python gestion.py nouveau-site DOSSIER          crée un site minimal (autre association)
    python gestion.py abonnes importer|exporter|effacer|desinscrire|liste|copier
                                                   abonnés de la lettre (docs/abonnements.md)

Par défaut, les commandes travaillent sur le site de ce dossier (pelicanconf.py, publishconf.py) ;
`--site DOSSIER` (avant la commande) ou la variable d'environnement GESTION_SITE choisissent un
autre site, par exemple `python gestion.py --site exemples/mesclun verifier`.
Chaque plugin listé dans PLUGINS peut ajouter ses propres commandes (fonction
`ajouter_commandes`) et ses vérifications (fonction `verifier`) : rien à déclarer ici.
Les erreurs s'affichent en français, en une ou deux lignes, sans trace Python.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from abonnements.ligne_de_commande import ParseurFrancais

RACINE = Path(__file__).resolve().parent
REGLAGES = {False: "pelicanconf.py", True: "publishconf.py"}
VARIABLE_SITE = "GESTION_SITE"
logger = logging.getLogger("gestion")


def dossier_site(site: str | Path | None = None) -> Path:
    """Le dossier du site : `site`, sinon $GESTION_SITE, sinon ce dossier (le site principal)."""
    return Path(site or os.environ.get(VARIABLE_SITE) or RACINE).resolve()


def fichier_reglages(publication: bool = False, site: str | Path | None = None) -> Path:
    """pelicanconf.py (ou publishconf.py en publication) du site choisi ; erreur claire s'il manque."""
    dossier = dossier_site(site)
    fichier = dossier / REGLAGES[publication]
    if not fichier.is_file():
        raise FileNotFoundError(
            f"{fichier} introuvable : --site doit désigner le dossier d'un site "
            "(créez-en un avec « python gestion.py nouveau-site DOSSIER »)"
        )
    return fichier


def lire_reglages(
    publication: bool = False,
    fichier: str | None = None,
    override: dict | None = None,
    site: str | Path | None = None,
):
    """Réglages Pelican complets (avec valeurs par défaut), plugins rendus importables."""
    from pelican.settings import read_settings

    settings = read_settings(str(fichier or fichier_reglages(publication, site)), override=override)
    for chemin in settings.get("PLUGIN_PATHS", []):
        chemin = str((RACINE / chemin).resolve())
        if chemin not in sys.path:
            sys.path.insert(0, chemin)
    verifier_plugins(settings)
    return settings


def verifier_plugins(settings) -> None:
    """Chaque nom de PLUGINS est un plugin des PLUGIN_PATHS : sinon ValueError en français, avec le proche."""
    import difflib
    import importlib.util

    dossiers = [RACINE / chemin for chemin in settings.get("PLUGIN_PATHS", [])]
    possibles = sorted(
        p.name for d in dossiers if d.is_dir() for p in d.iterdir() if (p / "__init__.py").is_file()
    )
    for nom in settings.get("PLUGINS") or []:
        if isinstance(nom, str) and "." not in nom and importlib.util.find_spec(nom) is None:
            proche = difflib.get_close_matches(nom, possibles, n=1)
            conseil = f"vouliez-vous dire « {proche[0]} » ? " if proche else ""
            raise ValueError(
                f"Réglage PLUGINS : plugin « {nom} » introuvable ; {conseil}"
                f"plugins possibles : {', '.join(possibles)} (docs/autre-association.md)"
            )


def modules_plugins(settings):
    """Les modules des plugins actifs, dans l'ordre de PLUGINS."""
    return [importlib.import_module(nom) for nom in settings.get("PLUGINS") or []]


def verifier_tout(settings):
    """Tous les problèmes que signalent les plugins (`verifier(settings)`), triés, chacun une fois
    (deux plugins lisent le même fichier d'identité : ses problèmes ne sont dits et comptés qu'une fois)."""
    problemes = []
    for module in modules_plugins(settings):
        verifier = getattr(module, "verifier", None)
        if verifier is not None:
            problemes.extend(verifier(settings))
    return sorted(dict.fromkeys(problemes), key=lambda p: (p.fichier, p.ligne or 0, p.message))


def commande_verifier(args) -> int:
    settings = lire_reglages(args.publication, args.reglages)
    problemes = verifier_tout(settings)
    for probleme in problemes:
        print(probleme, file=sys.stderr)
    erreurs = sum(p.est_erreur for p in problemes)
    avertissements = len(problemes) - erreurs
    if erreurs:
        print(
            f"\n✗ {erreurs} erreur(s), {avertissements} avertissement(s) : corrigez les erreurs "
            "avant de publier (voir docs/publier.md).",
            file=sys.stderr,
        )
        return 1
    print(f"✓ Contenus et données valides ({avertissements} avertissement(s)).")
    return 0


class FormatPersonnel(logging.Formatter):
    """Messages du journal pour le personnel : une marque, le texte, pas de colonne technique."""

    MARQUES = {logging.WARNING: "⚠ ", logging.ERROR: "✗ ", logging.CRITICAL: "✗ "}

    def format(self, record):
        return self.MARQUES.get(record.levelno, "") + record.getMessage()


VOIR = " (voir le message détaillé plus haut, ou lancez make check)"
# Modèles (début) des messages anglais de Pelican sur des fautes que make check décrit déjà :
# → (modèle français, arguments gardés : tranche), ou None pour un message qui redit le précédent.
TRADUCTIONS_PELICAN = {
    "Skipping %s: could not find information about '%s'": (
        "%s : fichier écarté du site, l'en-tête « %s » manque" + VOIR,
        slice(0, 2),
    ),
    "Unable to find '%s', skipping url replacement.": (
        "lien ou image « %s » introuvable : laissé tel quel dans la page" + VOIR,
        slice(0, 1),
    ),
    "Other resources were not found and their urls not replaced": (
        "d'autres liens ou images sont introuvables" + VOIR,
        slice(0, 0),
    ),
    "Could not process %s": ("%s (dans content/) : fichier illisible, écarté du site" + VOIR, slice(0, 1)),
    "Cannot get modification stamp for %s": ("fichier introuvable : %s" + VOIR, slice(0, 1)),
    'There are %s items "%s" with lang %s': ("fichiers à la même adresse" + VOIR + " :", slice(3, None)),
    "There are %s original (not translated) items %s": None,
}


def _chemin_affiche(argument):
    """Un chemin absolu montré relatif au dossier courant, comme dans les messages de make check."""
    texte = str(argument)
    if os.path.isabs(texte) and not os.path.relpath(texte).startswith(".."):
        return os.path.relpath(texte)
    return texte


class TraductionPelican(logging.Filter):
    """Les messages anglais de Pelican que le personnel rencontre (fichier sans titre écarté, deux
    fichiers à la même adresse, lien introuvable), redits en français avec leurs fichiers ; un
    message inconnu passe tel quel."""

    def filter(self, record):
        if not record.name.startswith("pelican") or not isinstance(record.msg, str):
            return True
        for debut, traduction in TRADUCTIONS_PELICAN.items():
            if record.msg.startswith(debut):
                if traduction is None:
                    return False
                modele, gardes = traduction
                arguments = tuple(_chemin_affiche(a) for a in tuple(record.args or ())[gardes])
                # Les fichiers en double : un par ligne, après le message.
                record.msg = modele + "\n%s" * (len(arguments) - modele.count("%s"))
                record.args = arguments
                break
        return True


def configurer_journal(bavard: bool) -> None:
    gestionnaire = logging.StreamHandler(sys.stderr)
    gestionnaire.setFormatter(FormatPersonnel())
    gestionnaire.addFilter(TraductionPelican())
    racine = logging.getLogger()
    racine.handlers[:] = [gestionnaire]
    racine.setLevel(logging.INFO if bavard else logging.WARNING)


class BuildEchoue(Exception):
    """Le build a échoué : `output/` n'a pas été touché (le message le dit)."""

    def __init__(self, cause: BaseException, sortie: Path):
        super().__init__(str(cause))
        self.cause, self.sortie = cause, sortie


class CompteurErreurs(logging.Handler):
    """Compte les erreurs que Pelican journalise sans s'arrêter (fichier illisible ignoré…)."""

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def construire_atomiquement(settings_de, sortie: Path, *, strict: bool = False) -> None:
    """Construit dans un dossier neuf à côté de `sortie`, qui ne remplace `sortie` qu'une fois réussi.

    `settings_de(dossier)` : les réglages du build, avec OUTPUT_PATH = ce dossier. Si le build
    échoue (données refusées, erreur de Pelican…), le dossier neuf est effacé et `sortie` reste
    tel quel : `BuildEchoue`. Sinon l'ancien site est mis de côté, le nouveau prend sa place
    (deux renommages dans le même dossier parent), puis l'ancien est effacé.
    `strict` (publication) : une erreur journalisée par Pelican sans arrêt fait aussi échouer.
    """
    import shutil
    import tempfile

    from pelican import Pelican

    sortie = sortie.resolve()
    sortie.parent.mkdir(parents=True, exist_ok=True)
    neuf = Path(tempfile.mkdtemp(prefix=f".{sortie.name}.neuf-", dir=sortie.parent))
    compteur = CompteurErreurs()
    logging.getLogger().addHandler(compteur)
    try:
        reglages = settings_de(neuf)
        # Ce que les plugins peuvent reprendre du site en place plutôt que le refaire (index de recherche).
        reglages["SORTIE_PRECEDENTE"] = str(sortie)
        Pelican(reglages).run()
        if strict and compteur.messages:
            raise RuntimeError(
                f"{len(compteur.messages)} erreur(s) signalée(s) pendant le build (ci-dessus) : publication refusée"
            )
    except BaseException as exc:
        shutil.rmtree(neuf, ignore_errors=True)
        if isinstance(exc, Exception):
            raise BuildEchoue(exc, sortie) from exc
        raise
    finally:
        logging.getLogger().removeHandler(compteur)
    neuf.chmod(0o755)  # mkdtemp crée le dossier en 0700 ; un serveur web doit pouvoir le lire
    ancien = None
    if sortie.exists():
        ancien = Path(tempfile.mkdtemp(prefix=f".{sortie.name}.ancien-", dir=sortie.parent))
        ancien.rmdir()
        sortie.rename(ancien)
    neuf.rename(sortie)
    if ancien is not None:
        shutil.rmtree(ancien, ignore_errors=True)


def construire_en_continu(
    fichier: str, *, override: dict | None = None, succes: str, montre: str
) -> dict | None:
    """Un build de l'aperçu ou de l'éditeur local : une erreur est affichée en français, pas levée.

    Renvoie les réglages lus (relus à chaque fois : ils ont pu changer), ou None si le fichier ne
    se lit pas (faute de frappe en cours d'enregistrement…). `succes` : ce qui est affiché après un
    build réussi ; `montre` : ce que l'on voit après un échec (« L'aperçu montre »…).
    Le build est atomique, comme `make html` : un échec laisse la dernière version construite
    entière (pas des flux ou des pages à moitié réécrits).
    """
    try:
        settings = lire_reglages(fichier=fichier, override=override)
    except Exception as exc:  # noqa: BLE001 (erreur de syntaxe, réglage refusé…)
        logger.error(
            "Les réglages %s ne se lisent pas : %s\n  Corrigez le fichier puis enregistrez-le.", fichier, exc
        )
        return None
    sortie = Path(settings["OUTPUT_PATH"])
    try:
        construire_atomiquement(
            lambda dossier: lire_reglages(
                fichier=fichier, override={**(override or {}), "OUTPUT_PATH": str(dossier)}
            ),
            sortie,
        )
    except BuildEchoue as exc:  # on corrige et on enregistre : le build suivant repart
        suite = (
            f"{montre} la dernière version construite"
            if sortie.exists()
            else "Rien n'est encore construit : la page s'affichera au premier build réussi"
        )
        logger.error(
            "Le site n'a pas pu être construit : %s\n  %s ; corrigez puis enregistrez.", exc.cause, suite
        )
    else:
        print(succes, flush=True)
    return settings


def chemins_du_site(settings, fichier: str) -> list[Path]:
    """Ce dont le site est fait, à surveiller : contenus, données, thème et fichier de réglages."""
    from socle.reglages import dossier_donnees

    chemins = [Path(settings["PATH"]), dossier_donnees(settings), Path(settings["THEME"]), Path(fichier)]
    return [chemin.resolve() for chemin in chemins if chemin.exists()]


def commande_construire(args) -> int:
    configurer_journal(args.bavard)
    settings = lire_reglages(args.publication, args.reglages)
    sortie = Path(settings["OUTPUT_PATH"])
    from socle.reglages import est_strict

    construire_atomiquement(
        lambda dossier: lire_reglages(
            args.publication, args.reglages, override={"OUTPUT_PATH": str(dossier)}
        ),
        sortie,
        # Publication : un fichier que Pelican écarte en le signalant (page sans titre…) n'est pas
        # publié en silence, le build échoue.
        strict=args.publication or est_strict(settings),
    )
    print(f"✓ Site construit dans {settings['OUTPUT_PATH']}")
    if args.publication:
        # Ce que les plugins notent d'une publication réussie (adresses publiées des actualités…).
        for module in modules_plugins(settings):
            for message in getattr(module, "apres_publication", lambda _s: [])(settings):
                print(f"  {message}")
    return 0


def commande_reglage(args) -> int:
    """Affiche un réglage en JSON (pour l'intégration continue : éditions de la lettre…)."""
    import json

    valeur = lire_reglages(args.publication)
    for cle in args.chemin:
        if not isinstance(valeur, dict) or cle not in valeur:
            print(f"✗ réglage « {' '.join(args.chemin)} » introuvable", file=sys.stderr)
            return 1
        valeur = valeur[cle]
    if args.cles:
        valeur = list(valeur)
    print(json.dumps(valeur, ensure_ascii=False, default=str))
    return 0


def construire_parseur(settings) -> argparse.ArgumentParser:
    parseur = ParseurFrancais(prog="gestion.py", description=__doc__.split("\n\n")[0])
    parseur.add_argument("--debogage", action="store_true", help="affiche la trace Python complète")
    parseur.add_argument(
        "--site", metavar="DOSSIER", help="dossier d'un autre site (par défaut : le site principal)"
    )
    sous = parseur.add_subparsers(dest="commande", required=True, metavar="COMMANDE")

    for nom, fonction, aide in (
        ("construire", commande_construire, "construit le site dans output/"),
        ("verifier", commande_verifier, "vérifie contenus et données sans rien écrire"),
    ):
        p = sous.add_parser(nom, help=aide)
        p.add_argument("--publication", action="store_true", help="réglages de publication (publishconf.py)")
        p.add_argument("--reglages", help="autre fichier de réglages Pelican")
        p.add_argument("--bavard", action="store_true", help="plus de messages")
        p.set_defaults(fonction=fonction)

    p = sous.add_parser("reglage", help="affiche un réglage en JSON (ex. : reglage LETTRE editions --cles)")
    p.add_argument("chemin", nargs="+", help="nom du réglage, puis clés successives")
    p.add_argument("--cles", action="store_true", help="seulement la liste des clés")
    p.add_argument("--publication", action="store_true", help="réglages de publication (publishconf.py)")
    p.set_defaults(fonction=commande_reglage)

    for module in modules_plugins(settings):
        ajouter = getattr(module, "ajouter_commandes", None)
        if ajouter is not None:
            ajouter(sous, settings)
    # Le service d'abonnement n'est pas un plugin du site : ses commandes s'ajoutent ici.
    from abonnements.commandes import ajouter_commandes as ajouter_abonnes

    ajouter_abonnes(sous, settings)
    return parseur


def choisir_site(argv: list[str]) -> str | None:
    """Lit `--site DOSSIER` (placé avant la commande) et le transmet aux commandes des plugins.

    Les commandes lisent leurs réglages par `lire_reglages()` : la variable d'environnement
    GESTION_SITE leur donne le site choisi sans qu'elles aient à le recevoir.
    """
    prealable = ParseurFrancais(prog="gestion.py", add_help=False)
    prealable.add_argument("--site", metavar="DOSSIER")
    connus, _reste = prealable.parse_known_args(argv)
    if connus.site:
        os.environ[VARIABLE_SITE] = str(Path(connus.site).resolve())
    return connus.site


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debogage = "--debogage" in argv
    try:
        site = choisir_site(argv)
        # `nouveau-site` crée le dossier : les commandes viennent alors des réglages du site principal.
        if site and not Path(site, REGLAGES[False]).is_file() and "nouveau-site" not in argv:
            fichier_reglages(site=site)  # message clair : dossier sans pelicanconf.py
        settings = lire_reglages(site=site if site and Path(site, REGLAGES[False]).is_file() else RACINE)
        args = construire_parseur(settings).parse_args(argv)
        return args.fonction(args) or 0
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 (dernier filet : jamais de trace pour le personnel)
        if debogage:
            raise
        if isinstance(exc, FileNotFoundError):
            print(f"✗ {exc}", file=sys.stderr)
            return 2
        from socle.erreurs import DonneesInvalides

        intact = ""
        if isinstance(exc, BuildEchoue):
            intact = f"  Le site précédent ({exc.sortie}) est intact : rien n'y a été changé.\n"
            exc = exc.cause
        if isinstance(exc, DonneesInvalides):
            print(f"✗ {exc}", file=sys.stderr)
            print(f"{intact}  Rien n'a été publié. Détails et corrections : docs/publier.md", file=sys.stderr)
            return 1
        print(f"✗ Erreur : {exc}", file=sys.stderr)
        if intact:
            print(intact.rstrip("\n"), file=sys.stderr)
        print("  (relancez avec --debogage pour la trace technique)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
