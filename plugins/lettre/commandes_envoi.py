"""`python gestion.py lettre envoyer` : le numéro dû, aux abonnés de la base, exactement une fois.

Déroulé d'un envoi réel (`--envoyer`) :
1. prendre le verrou d'envoi en base (un second envoyeur attend `verrou_attente_s`, puis renonce) ;
2. inscrire au registre git un numéro terminé en base mais pas encore au registre (arrêt entre
   les deux lors du passage précédent) ;
3. reprendre le numéro figé pas terminé s'il y en a un (même contenu, même liste), sinon
   construire le numéro dû et le figer avec ses destinataires ; un numéro figé dont aucune remise
   n'a abouti (serveur qui refusait l'expéditeur ou le message, injoignable) est refait : un
   numéro corrigé entre-temps part corrigé ;
4. envoyer aux restants, chaque remise notée en base avant la suivante ;
5. numéro complet : `termine_le` en base, puis le numéro entre au registre (`data/lettre/registre.jsonl`),
   à commiter ; la publication suivante en fait la page d'archive (la copie web des courriels).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import sqlalchemy as sa

from abonnements import envois
from abonnements.base import (
    BaseInvalide,
    adresse_affichee,
    adresse_par_defaut,
    fichier_sqlite,
    moteur,
    verifier_a_jour,
)
from abonnements.reglages import LONGUEUR_MIN_SECRET
from socle import reglages as reglages_socle
from socle.dates import date_longue
from socle.erreurs import chemin_affiche

from . import reglages
from .commandes import construire_preparation, erreur
from .envoi import ConnexionsEchouees, EnvoiArrete, Envoyeur, ErreurEnvoi, ParametresSMTP
from .generateur import chemins_donnees, lire_registre
from .interruption import Interruption
from .message import Courriel, Entetes
from .registre import chemin_numeros, inscrire_numeros, numero_depuis_donnees

CODE_INCOMPLET = 3  # à relancer plus tard : envoi arrêté sur des pannes, ou un autre envoi en cours
CODE_INTERROMPU = 130  # Ctrl-C, ou SIGTERM (`systemctl stop`, arrêt de la machine)


def courriel_de(preparation: dict) -> Courriel:
    return Courriel(
        preparation["numero"]["numero"],
        preparation["edition"],
        preparation["objet"],
        preparation["html"],
        preparation["texte"],
    )


def entetes_de(options: dict) -> Entetes:
    if not options["expediteur"]:
        raise ErreurEnvoi(
            "réglage LETTRE « expediteur » vide : indiquez l'adresse d'envoi dans pelicanconf.py"
        )
    service = (options["service_url"] or "").rstrip("/")
    if not service.startswith(("https://", "http://")):
        raise ErreurEnvoi(
            "réglage LETTRE « service_url » vide ou sans https:// : indiquez l'adresse publique du "
            "service d'abonnement (docs/abonnements.md) ; elle fait les liens de désinscription"
        )
    return Entetes(
        options["expediteur"],
        options["repondre_a"],
        options["list_id"],
        options["desinscription_courriel"],
        service,
    )


def secret_de(environ=os.environ) -> str:
    secret = environ.get("LETTRE_SECRET", "")
    if len(secret) < LONGUEUR_MIN_SECRET:
        raise ErreurEnvoi(
            f"variable LETTRE_SECRET absente ou trop courte ({LONGUEUR_MIN_SECRET} caractères au moins) : elle signe "
            "les liens de désinscription et de préférences, la même que celle du service (docs/lettre.md)"
        )
    return secret


def hors_du_depot(chemin: Path, settings, quoi: str) -> Path:
    """Les données personnelles des abonnés ne vont ni dans le dépôt ni dans output/."""
    chemin = chemin.expanduser().resolve()
    for interdit in (reglages_socle.racine_projet(settings), Path(settings["OUTPUT_PATH"])):
        interdit = interdit.resolve()
        if chemin == interdit or interdit in chemin.parents:
            raise ErreurEnvoi(
                f"{quoi} ({chemin}) est dans {interdit} : les données personnelles des "
                "abonnés ne doivent pas être dans le dépôt ni dans output/ ; placez-la ailleurs"
            )
    return chemin


def ouvrir_base(adresse: str, settings) -> sa.Engine:
    """La base du service d'abonnement, déjà au dernier schéma ; un fichier SQLite hors du dépôt et de output/.

    L'envoi ne crée ni ne migre la base : c'est le service qui en est propriétaire (`verifier_a_jour`).
    """
    fichier = fichier_sqlite(adresse)
    if fichier is not None:
        hors_du_depot(fichier, settings, "la base des abonnements")
    verifier_a_jour(adresse)  # d'abord : une base refusée ne laisse pas de moteur ouvert
    return moteur(adresse)


def marquer_envoye(settings, options, numero: envois.NumeroFige, comptes: envois.Comptes) -> Path:
    """Ajoute le numéro terminé au registre, figé, avec l'heure de fin d'envoi ; renvoie le fichier écrit."""
    registre, problemes = lire_registre(settings, options)
    if any(p.est_erreur for p in problemes):
        raise ErreurEnvoi(
            "le registre est illisible, le numéro n'y a pas été ajouté (il le sera à la prochaine "
            "commande, une fois le registre réparé) :\n" + "\n".join(map(str, problemes))
        )
    donnees = {
        **numero.preparation["numero"],
        "envoye": (numero.termine_le or dt.datetime.now(dt.UTC)).astimezone().isoformat(timespec="seconds"),
        "destinataires": comptes.envoye,
        "refus": comptes.refuse,
    }
    chemin, _ = chemins_donnees(settings, options)
    try:
        inscrire_numeros(chemin, registre.avec(numero_depuis_donnees(donnees)))
    except OSError as exc:
        raise ErreurEnvoi(
            f"le numéro {numero.numero} ({numero.edition}) est parti chez tous ses destinataires, mais "
            f"{chemin_numeros(chemin)} n'a pas pu être écrit ({exc.strerror or exc}) : corrigez (place sur "
            "le disque, droits du fichier) et relancez la même commande, qui l'inscrira au registre "
            "sans rien renvoyer"
        ) from exc
    return chemin_numeros(chemin)


def _resume(preparation: dict, a_envoyer: int, deja: int) -> None:
    numero = preparation["numero"]
    print(f"Lettre {numero['numero']} ({preparation['edition']}) : « {preparation['objet']} »")
    print(
        f"  {len(numero['actualites'])} actualité(s), {len(numero['rendez_vous'])} rendez-vous, "
        f"éditorial : {'oui' if numero['edito'] else 'non'} ; courriel HTML {preparation['taille_html'] / 1024:.1f} Ko"
    )
    for actualite in numero["actualites"]:
        print(f"    · {actualite['titre']}")
    print(f"  Destinataires : {a_envoyer + deja} dont {deja} déjà traités, {a_envoyer} à envoyer")
    if preparation.get("trop_anciennes"):
        print(
            f"  ⚠ {len(preparation['trop_anciennes'])} actualité(s) ancienne(s) jamais envoyée(s) à décider "
            "(voir « make check ») : " + ", ".join(preparation["trop_anciennes"])
        )


def _rien_a_envoyer(preparation: dict) -> str | None:
    """Pourquoi ce numéro ne part pas aujourd'hui (pas encore dû, vide), ou None."""
    numero = preparation["numero"]
    if not preparation["du"]:
        parution = date_longue(dt.date.fromisoformat(numero["parution"]))
        return f"Ce numéro paraît le {parution} : rien à envoyer aujourd'hui."
    if not (numero["actualites"] or numero["rendez_vous"] or numero["edito"]):
        return (
            "Numéro vide (ni actualité, ni rendez-vous, ni éditorial) : il ne part pas ; "
            "ses actualités éventuelles partiront dans le suivant."
        )
    return None


@dataclass
class Contexte:
    """Ce dont chaque étape a besoin : arguments, réglages, édition, base."""

    args: object
    settings: dict
    options: dict
    edition: str
    base: sa.Engine
    interruption: Interruption = field(default_factory=Interruption)

    def non_inscrits(self) -> list[envois.NumeroFige]:
        """Numéros figés en base de l'édition qui ne sont pas (encore) au registre."""
        registre, problemes = lire_registre(self.settings, self.options)
        if any(p.est_erreur for p in problemes):
            raise ErreurEnvoi("registre illisible :\n" + "\n".join(map(str, problemes)))
        inscrits = {(n.ident, n.edition) for n in registre.numeros}
        return [
            n for n in envois.numeros_de(self.base, self.edition) if (n.numero, n.edition) not in inscrits
        ]

    def envoyeur(self) -> Envoyeur:
        parametres = replace(
            ParametresSMTP.depuis_environnement(), delai_s=float(self.options["delai_smtp_s"])
        )
        return Envoyeur(
            parametres,
            entetes_de(self.options),
            secret_de(),
            float(self.args.debit if self.args.debit is not None else self.options["debit_par_seconde"]),
            float(self.options["attente_initiale_s"]),
            int(self.options["echecs_connexion_max"]),
            section_critique=self.interruption.section_critique,
        )

    def racine(self) -> Path:
        return reglages_socle.racine_projet(self.settings)


def envoyer(args) -> int:
    from gestion import lire_reglages

    settings = lire_reglages(publication=True, fichier=args.reglages)
    options = reglages.valider(settings)
    editions = [e.ident for e in reglages.editions(options)]
    edition = args.edition or editions[0]
    if edition not in editions:
        return erreur(f"édition « {edition} » inconnue ; éditions : {', '.join(editions)}")
    adresse = args.base or os.environ.get("ABONNEMENTS_BASE") or adresse_par_defaut()
    try:
        base = ouvrir_base(adresse, settings)
        try:
            contexte = Contexte(args, settings, options, edition, base)
            if args.envoyer:
                # Sans cela, SIGTERM tue le processus sur-le-champ : ni message dans le journal, ni
                # verrou rendu, ni connexion fermée, et le message accepté à l'instant renvoyé demain.
                try:
                    with contexte.interruption.installee():
                        return _sous_verrou(contexte)
                except KeyboardInterrupt:
                    return erreur(
                        f"envoi interrompu{_ou_en_est(contexte)} : relancez la même commande, elle "
                        "reprend le même numéro pour les seuls destinataires qui ne l'ont pas encore reçu",
                        CODE_INTERROMPU,
                    )
            return _simuler_ou_essayer(contexte)
        finally:
            base.dispose()
    except (ErreurEnvoi, BaseInvalide) as exc:
        return erreur(str(exc))
    except sa.exc.SQLAlchemyError as exc:
        return erreur(
            f"base des abonnements {adresse_affichee(adresse)} injoignable ou en erreur "
            f"({type(getattr(exc, 'orig', None) or exc).__name__}) : vérifiez ABONNEMENTS_BASE et que la base répond ; "
            "relancez ensuite, l'envoi reprendra où il s'est arrêté"
        )


def _ou_en_est(contexte: Contexte) -> str:
    """« (numéro 2026-04 : 3 envoyé(s) sur 12, 9 à envoyer) » d'après la base, après un arrêt : la
    barre de progression, écrite avant la trace du dernier message, peut en montrer un de moins."""
    try:
        en_cours = [n for n in envois.numeros_de(contexte.base, contexte.edition) if n.termine_le is None]
        if not en_cours:
            return ""
        comptes = envois.comptes(contexte.base, en_cours[0])
    except (sa.exc.SQLAlchemyError, KeyboardInterrupt):  # un arrêt ne se bloque pas sur la base
        return ""
    return (
        f" (numéro {en_cours[0].numero} : {comptes.total - comptes.a_envoyer} traité(s) sur "
        f"{comptes.total}, {comptes.a_envoyer} à envoyer)"
    )


def _simuler_ou_essayer(contexte: Contexte) -> int:
    """Simulation (rien n'est écrit nulle part) ou message d'essai (une adresse, rien en base)."""
    args = contexte.args
    en_cours = [n for n in contexte.non_inscrits() if n.termine_le is None]
    comptes = envois.comptes(contexte.base, en_cours[0]) if en_cours else None
    if comptes and comptes.commence:  # sinon, rien n'est parti : --envoyer le refait (envois.defiger)
        numero = en_cours[0]
        preparation = numero.preparation
        print(f"↻ Envoi commencé du numéro {numero.numero} (figé le {numero.fige_le:%d/%m/%Y %H:%M} UTC).")
        _resume(preparation, comptes.a_envoyer, comptes.total - comptes.a_envoyer)
    else:
        preparation = construire_preparation(contexte.settings, contexte.edition, args.reglages)
        _resume(preparation, envois.compter_destinataires(contexte.base, contexte.edition), 0)
        pourquoi = _rien_a_envoyer(preparation)
        if pourquoi and not args.test:
            print(pourquoi)
            return 0
    if args.test:
        contexte.envoyeur().envoyer_essai(courriel_de(preparation), args.test)
        print(f"✓ Message d'essai envoyé à {args.test}.")
        return 0
    print(
        "Simulation : rien n'a été envoyé. Ajoutez --test VOTRE@ADRESSE pour un essai, "
        "ou --envoyer pour l'envoi réel."
    )
    return 0


def _sous_verrou(contexte: Contexte) -> int:
    verrou = envois.Verrou(contexte.base, duree_s=float(contexte.options["verrou_duree_s"]))
    try:
        repris = verrou.prendre(float(contexte.options["verrou_attente_s"]))
    except envois.VerrouOccupe as exc:
        return erreur(str(exc), CODE_INCOMPLET)
    try:
        if repris is not None:
            print(f"↻ Verrou d'un envoi arrêté repris ({repris.detenteur}).")
        return _envoyer_sous_verrou(contexte, verrou)
    except envois.VerrouPerdu as exc:
        return erreur(str(exc), CODE_INCOMPLET)
    finally:
        verrou.rendre()


def _inscrire(contexte: Contexte, numero: envois.NumeroFige) -> None:
    comptes = envois.comptes(contexte.base, numero)
    chemin = marquer_envoye(contexte.settings, contexte.options, numero, comptes)
    for adresse, etat, code, reponse in envois.non_remis(contexte.base, numero):
        quoi = "refusé (liste de suppression)" if etat == "refuse" else "différé (recevra le numéro suivant)"
        print(f"  ✗ {quoi} : {adresse} ({code or ''} {reponse})".replace("( ", "("), file=sys.stderr)
    print(
        f"✓ Numéro {numero.numero} ({numero.edition}) envoyé à {comptes.envoye} destinataire(s) "
        f"({comptes.refuse} refus définitif(s), {comptes.differe} différé(s)) et inscrit au registre "
        f"({chemin_affiche(chemin, contexte.racine())}) : commitez ce fichier."
    )


def _envoyer_sous_verrou(contexte: Contexte, verrou: envois.Verrou) -> int:
    figes = contexte.non_inscrits()
    for numero in figes:
        if numero.termine_le is not None:
            print(f"↻ Numéro {numero.numero} terminé lors d'un passage précédent, pas encore au registre.")
            _inscrire(contexte, numero)
    en_cours = [n for n in figes if n.termine_le is None]
    if en_cours and envois.defiger(contexte.base, en_cours[0]):
        print(
            f"↻ Numéro {en_cours[0].numero} figé lors d'un passage précédent, parti chez personne : "
            "refait depuis le contenu et les abonnés d'aujourd'hui."
        )
        en_cours = []
    if en_cours:
        numero = en_cours[0]
        print(f"↻ Reprise de l'envoi commencé du numéro {numero.numero} (contenu et destinataires figés).")
        envoyeur = contexte.envoyeur()
    else:
        preparation = construire_preparation(contexte.settings, contexte.edition, contexte.args.reglages)
        pourquoi = _rien_a_envoyer(preparation)
        if pourquoi:
            _resume(preparation, envois.compter_destinataires(contexte.base, contexte.edition), 0)
            print(pourquoi)
            return 0
        envoyeur = contexte.envoyeur()  # réglages SMTP et secret vérifiés avant de figer le numéro
        numero = envois.figer(contexte.base, preparation, contexte.edition)
    restants, retires = envois.restants(contexte.base, numero)
    comptes = envois.comptes(contexte.base, numero)
    _resume(numero.preparation, len(restants), comptes.total - len(restants))
    if retires:
        print(f"  {retires} destinataire(s) désinscrit(s) depuis le gel du numéro : retiré(s).")
    suivi = envois.SuiviNumero(contexte.base, numero, int(contexte.options["essais_temporaires"]))
    from .progression import ProgressionAffichee

    try:
        bilan = envoyeur.envoyer_numero(
            courriel_de(numero.preparation), suivi, restants, ProgressionAffichee(), verrou
        )
    except ConnexionsEchouees as exc:
        print(f"Bilan : {exc.bilan.envoyes} envoyé(s) avant l'arrêt.")
        return erreur(str(exc), CODE_INCOMPLET)
    except EnvoiArrete as exc:
        print(f"Bilan : {exc.bilan.envoyes} envoyé(s) avant l'arrêt.")
        return erreur(str(exc))
    print(
        f"Bilan : {bilan.envoyes} envoyé(s) en {bilan.duree_s:.1f} s ({bilan.debit:.1f}/s), "
        f"{len(bilan.refus_definitifs)} refus définitif(s), {len(bilan.differes)} différé(s)."
    )
    if not envois.terminer(contexte.base, numero):
        return erreur("des destinataires restent à servir : relancez la même commande", CODE_INCOMPLET)
    termine = next(n for n in envois.numeros_de(contexte.base, contexte.edition) if n.id == numero.id)
    _inscrire(contexte, termine)
    return 0
