"""Commandes `gestion.py abonnes …` : importer, exporter (RGPD), effacer (RGPD), desinscrire, liste,
copier (passer à une autre base, de SQLite à PostgreSQL).

La base est celle de ABONNEMENTS_BASE (ou `--base`), comme le service ; elle est mise au dernier
schéma avant chaque commande. Messages en français, sans trace Python.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path


def _sans_trace(fonction):
    """Une base injoignable ou en erreur donne un message en français, pas celle du pilote ; une
    option ou une adresse de base fausses, leur message seul (sans renvoi à --debogage : c'est une
    saisie à corriger, pas une panne)."""

    @functools.wraps(fonction)
    def lancer(args) -> int:
        import sqlalchemy as sa

        from .base import BaseInvalide, adresse_affichee
        from .reglages import ReglagesInvalides, adresse_base

        try:
            return fonction(args)
        except (ReglagesInvalides, BaseInvalide) as exc:
            print(f"✗ {exc} ; rien n'a été changé", file=sys.stderr)
            return 1
        except sa.exc.SQLAlchemyError as exc:
            adresse = adresse_affichee(args.base or adresse_base(os.environ))
            print(
                f"✗ base des abonnements {adresse} injoignable ou en erreur "
                f"({type(getattr(exc, 'orig', None) or exc).__name__}) : vérifiez ABONNEMENTS_BASE "
                "(ou --base) et que la base répond, puis relancez ; rien n'a été changé",
                file=sys.stderr,
            )
            return 1

    return lancer


def _base(args) -> str:
    from .base import adresse_affichee, migrer
    from .reglages import adresse_base

    adresse = args.base or adresse_base(os.environ)
    if not args.base and not os.environ.get("ABONNEMENTS_BASE", "").strip():
        # Sur le serveur, sans l'environnement du service : des contacts importés ici n'iraient pas
        # dans la base du service. Dit sur la sortie d'erreur (un export JSON reste propre).
        print(
            f"ℹ base locale {adresse_affichee(adresse)} (ABONNEMENTS_BASE non définie) ; sur le serveur : "
            "sudo deploiement/gestion.sh abonnes …",
            file=sys.stderr,
        )
    migrer(adresse)
    return adresse


def commande_importer(args) -> int:
    from .base import maintenant, moteur
    from .importation import FichierIllisible, importer, lire_contacts
    from .reglages import ReglagesInvalides, editions_du_site

    editions = editions_du_site(args.settings)
    connues = tuple(e.ident for e in editions)
    par_defaut = (
        tuple(e.strip() for e in args.editions.split(",") if e.strip()) if args.editions else connues[:1]
    )
    inconnues = sorted(set(par_defaut) - set(connues))
    if inconnues:
        raise ReglagesInvalides(
            f"--editions : édition(s) inconnue(s) {', '.join(inconnues)} ; possibles : {', '.join(connues)}"
        )
    if not args.source.strip():
        raise ReglagesInvalides("--source vide : dites d'où viennent ces contacts (preuve du consentement)")
    try:
        lecture = lire_contacts(Path(args.fichier), par_defaut, connues)
    except FichierIllisible as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    for probleme in lecture.problemes:
        print(probleme, file=sys.stderr)
    if lecture.erreurs:
        print(
            f"\n✗ {len(lecture.erreurs)} erreur(s) : rien n'a été importé ; corrigez le fichier et relancez.",
            file=sys.stderr,
        )
        return 1
    if args.essai:
        print(f"Simulation : {len(lecture.contacts)} contact(s) valides à importer ; rien n'a été écrit.")
        return 0
    base = moteur(_base(args))
    with base.begin() as connexion:
        importes, deja, effacees = importer(connexion, lecture.contacts, args.source.strip(), maintenant())
    base.dispose()
    print(
        f"✓ {importes} contact(s) importé(s) (confirmés, source « {args.source.strip()} ») ; {deja} déjà dans la base (inchangés)."
    )
    if effacees:
        print(
            f"  {effacees} contact(s) non importé(s) : effacé(s) de la base à leur demande (abonnes effacer) ; "
            "ils peuvent se réinscrire eux-mêmes sur le site."
        )
    return 0


def commande_exporter(args) -> int:
    from .base import maintenant, moteur
    from .rgpd import exporter

    sortie = Path(args.sortie) if args.sortie else None
    base = moteur(_base(args))
    try:
        with base.begin() as connexion:
            donnees = exporter(connexion, args.adresse, maintenant())
            texte = json.dumps(donnees, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            if donnees is not None and sortie is not None:
                # Dans la transaction : fichier impossible à écrire (dossier absent, disque plein…),
                # l'export n'est pas noté dans l'historique.
                sortie.touch(mode=0o600, exist_ok=True)
                sortie.write_text(texte, encoding="utf-8")
    except OSError as exc:
        return _sortie_impossible(sortie, exc)
    finally:
        base.dispose()
    if donnees is None:
        print(f"✗ Aucune donnée pour l'adresse « {args.adresse} ».", file=sys.stderr)
        return 1
    if sortie is not None:
        print(f"✓ Données écrites dans {sortie} (à transmettre à la personne, puis à effacer).")
    else:
        sys.stdout.write(texte)
    return 0


def _sortie_impossible(sortie: Path, exc: OSError) -> int:
    if isinstance(exc, FileNotFoundError):
        raison = f"le dossier {sortie.parent} n'existe pas"
    elif isinstance(exc, PermissionError):
        raison = "droits insuffisants"
    elif isinstance(exc, IsADirectoryError):
        raison = "c'est un dossier"
    else:
        raison = exc.strerror or type(exc).__name__
    print(
        f"✗ impossible d'écrire {sortie} ({raison}) : choisissez avec --sortie un fichier dans un "
        "dossier existant où vous pouvez écrire ; rien n'a été exporté",
        file=sys.stderr,
    )
    return 1


def commande_effacer(args) -> int:
    from .base import maintenant, moteur
    from .rgpd import effacer

    if not args.oui:
        try:
            reponse = input(f"Effacer définitivement toutes les données de « {args.adresse} » ? [o/N] ")
        except EOFError:  # lancée sans terminal (script, tâche planifiée) : aucune réponse
            print(
                "\n✗ Pas de réponse (commande lancée sans terminal ?) : rien n'a été effacé ; "
                "ajoutez --oui pour effacer sans question.",
                file=sys.stderr,
            )
            return 1
        if reponse.strip().lower() not in ("o", "oui"):
            print("Rien n'a été effacé.")
            return 1
    base = moteur(_base(args))
    with base.begin() as connexion:
        efface = effacer(connexion, args.adresse, maintenant())
    base.dispose()
    if not efface:
        print(f"✗ Aucune personne avec l'adresse « {args.adresse} » : rien à effacer.", file=sys.stderr)
        return 1
    print(f"✓ « {args.adresse} » effacée ; l'historique garde les actions, sans l'adresse.")
    return 0


def commande_desinscrire(args) -> int:
    from .base import maintenant, moteur
    from .inscriptions import ACTEUR_COMMANDE, desinscrire
    from .reglages import editions_du_site
    from .rgpd import identifiant

    connues = [e.ident for e in editions_du_site(args.settings)]
    if args.edition and args.edition not in connues:
        print(
            f"✗ --edition : édition « {args.edition} » inconnue ; possibles : {', '.join(connues)}. "
            "Personne n'a été désinscrit.",
            file=sys.stderr,
        )
        return 1
    base = moteur(_base(args))
    with base.begin() as connexion:
        ident = identifiant(connexion, args.adresse)
        etat = "introuvable"
        if ident is not None:
            detail = f"demande par courriel{f' ({args.motif})' if args.motif else ''}"
            etat = desinscrire(connexion, ident, args.edition or "", maintenant(), ACTEUR_COMMANDE, detail)
    base.dispose()
    if etat == "introuvable":
        print(f"✗ Aucune personne avec l'adresse « {args.adresse} ».", file=sys.stderr)
        return 1
    quoi = f"de l'édition « {args.edition} »" if args.edition else "de toutes les éditions"
    print(f"✓ « {args.adresse} » désinscrite {quoi}" + (" (c'était déjà fait)." if etat == "rien" else "."))
    return 0


def commande_liste(args) -> int:
    from . import attente
    from .base import moteur
    from .reglages import editions_du_site
    from .rgpd import compter

    base = moteur(_base(args))
    with base.connect() as connexion:
        comptes = compter(connexion)
        file = attente.compter(connexion)
    base.dispose()
    statuts = comptes["statuts"]
    print(
        f"Personnes : {statuts['confirme']} confirmée(s), {statuts['en_attente']} en attente de confirmation, "
        f"{statuts['desinscrit']} désinscrite(s) ; {comptes['suppressions']} adresse(s) en liste de suppression ; "
        f"{comptes['effacees']} personne(s) effacée(s) à leur demande (non réimportables)."
    )
    for edition in editions_du_site(args.settings):
        print(
            f"  {edition.titre} ({edition.ident}) : {comptes['editions'].get(edition.ident, 0)} destinataire(s)"
        )
    if file["nombre"]:
        # Des courriels de confirmation que le serveur SMTP n'a pas encore pris : le service les
        # réessaie ; s'ils restent, c'est le serveur SMTP ou ses réglages (LETTRE_SMTP_*) à vérifier.
        print(
            f"⚠ {file['nombre']} courriel(s) de confirmation pas encore remis au serveur SMTP "
            f"(le plus ancien depuis le {file['plus_ancien']:%d/%m/%Y à %H:%M} UTC) : le service les "
            "réessaie ; voyez son journal et les réglages LETTRE_SMTP_*"
        )
    return 0


def commande_copier(args) -> int:
    import sqlalchemy as sa

    from .base import adresse_affichee, migrer, moteur
    from .copie import CopieImpossible, copier

    adresse = _base(args)
    vers = adresse_affichee(args.vers)
    if _comparable(args.vers) == _comparable(adresse):
        print(f"✗ {vers} est déjà la base de départ : donnez l'adresse d'une autre base", file=sys.stderr)
        return 1
    source, cible = moteur(adresse), moteur(args.vers)
    try:
        migrer(args.vers)
        with source.connect() as depart, cible.begin() as arrivee:
            copies = copier(depart, arrivee)
    except CopieImpossible as exc:
        print(f"✗ {exc} ; rien n'a été copié", file=sys.stderr)
        return 1
    except sa.exc.SQLAlchemyError as exc:
        print(
            f"✗ base d'arrivée {vers} injoignable ou en erreur "
            f"({type(getattr(exc, 'orig', None) or exc).__name__}) : vérifiez son adresse, que le "
            "serveur répond et que l'utilisateur peut y créer des tables ; rien n'a été copié",
            file=sys.stderr,
        )
        return 1
    finally:
        source.dispose()
        cible.dispose()
    print(
        f"✓ Base copiée dans {vers} : {copies['abonnes']} personne(s), {copies['consentements']} "
        f"consentement(s), {copies['historique']} ligne(s) d'historique, {copies['numeros']} numéro(s) "
        f"envoyé(s) ou en cours. La base de départ ({adresse_affichee(adresse)}) est inchangée."
    )
    print(
        "  Ensuite : ABONNEMENTS_BASE=<cette adresse> dans /etc/maillage/abonnements.env, puis "
        "« systemctl start abonnements lettre-envoi.timer » (docs/abonnements.md)."
    )
    return 0


def _comparable(adresse: str) -> str:
    """L'adresse sous une forme comparable (la même base écrite de deux façons)."""
    import sqlalchemy as sa

    try:
        return sa.make_url(adresse).render_as_string(hide_password=False)
    except sa.exc.ArgumentError:
        return adresse


def ajouter_commandes(sous, settings) -> None:
    """Ajoute `abonnes importer|exporter|effacer|desinscrire|liste` au parseur de gestion.py."""
    abonnes = sous.add_parser(
        "abonnes", help="abonnés de la lettre : import, export et effacement (RGPD), comptes, copie"
    )
    actions = abonnes.add_subparsers(dest="action", required=True, metavar="ACTION")

    def action(nom: str, fonction, aide: str):
        p = actions.add_parser(nom, help=aide)
        p.add_argument(
            "--base", help="adresse de la base (défaut : ABONNEMENTS_BASE, ou le fichier SQLite local)"
        )
        p.set_defaults(fonction=_sans_trace(fonction), settings=settings)
        return p

    p = action("importer", commande_importer, "importe des contacts existants (CSV), confirmés, source notée")
    p.add_argument(
        "fichier", help="fichier CSV (colonne courriel ou email ; nom, editions, statut facultatives)"
    )
    p.add_argument(
        "--source", required=True, help="d'où viennent ces contacts, ex. « ancien outil, export 2026-11 »"
    )
    p.add_argument(
        "--editions", help="éditions données aux lignes sans colonne editions (défaut : la principale)"
    )
    p.add_argument("--essai", action="store_true", help="vérifie le fichier sans rien importer")
    p = action("exporter", commande_exporter, "toutes les données d'une personne, en JSON (droit d'accès)")
    p.add_argument("adresse")
    p.add_argument("--sortie", help="fichier JSON à écrire (défaut : la sortie standard)")
    p = action("effacer", commande_effacer, "efface une personne (droit à l'effacement)")
    p.add_argument("adresse")
    p.add_argument("--oui", action="store_true", help="sans demander de confirmation")
    p = action("desinscrire", commande_desinscrire, "désinscrit une adresse (demande reçue par courriel)")
    p.add_argument("adresse")
    p.add_argument("--edition", help="une seule édition (défaut : toutes)")
    p.add_argument("--motif", help="précision gardée dans l'historique, ex. « courriel du 2026-12-01 »")
    action("liste", commande_liste, "nombre de personnes par statut et de destinataires par édition")
    p = action(
        "copier", commande_copier, "copie toute la base dans une base neuve (passer de SQLite à PostgreSQL)"
    )
    p.add_argument(
        "vers",
        metavar="ADRESSE",
        help="base d'arrivée, vide, ex. postgresql+psycopg://abonnements@/abonnements",
    )
