"""L'application web du service d'abonnement (Starlette) : `creer_application(reglages)`.

Routes (contrat avec l'envoi, docs/abonnements.md) :
- `POST /inscription` : le formulaire du site ; toujours la même réponse, que l'adresse soit
  connue ou non ; le courriel de confirmation part après la réponse ; une saisie refusée rend le
  formulaire rempli, le défaut dit à côté du champ ;
- `GET|POST /confirmation/{jeton}` : le lien du courriel affiche un bouton ; le POST confirme
  (un robot qui visite les liens d'un courriel ne confirme rien) ;
- `GET|POST /preferences/{jeton}` : choisir ses éditions, ou se désinscrire de tout ;
- `GET|POST /desinscription/{jeton}` : RFC 8058 ; un POST `List-Unsubscribe=One-Click` désinscrit
  tout de suite (sans cookie ni session) ; le GET n'affiche qu'un bouton ;
- `GET /sante` (la base répond-elle ?) et `GET /` (renvoie à la page de la lettre du site).

Les courriels de confirmation passent par une file en base (`attente.py`) : remis juste après la
réponse, puis réessayés toutes les `relance_courriels_s` secondes au plus tant que le serveur SMTP
ne les a pas acceptés.

Le travail de base de données et d'envoi tourne dans le groupe de fils de Starlette
(`run_in_threadpool`) : la boucle asynchrone ne bloque jamais sur SQLite, PostgreSQL ou SMTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import ipaddress
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import jinja2
import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from . import attente, inscriptions, jetons, limites, rgpd
from .base import maintenant, moteur
from .courriels import REFUSE, REMIS, envoyer, message_confirmation
from .reglages import Reglages, origine
from .securite import EntetesSecurite, entetes_securite
from .validation import CHAMP_DU_DEFAUT, SaisieInvalide, canonique, lire_demande

logger = logging.getLogger(__name__)

TAILLE_MAX_CORPS = 16 * 1024  # un formulaire d'inscription tient en quelques centaines d'octets
CHAMPS_MAX = 20
HEURE, JOUR = 3600, 86400
PURGE_LIMITES_S = 600
# Un formulaire d'un autre texte de consentement fait relire les réglages du site au plus une fois
# par cet intervalle : un texte changé est pris sans redémarrage, un robot ne fait pas tout relire.
RELECTURE_REGLAGES_S = 30


class Refus(Exception):
    """Une demande refusée : code HTTP et message en français, affichés sans trace Python."""

    def __init__(self, statut: int, code: str, message: str):
        super().__init__(message)
        self.statut, self.code, self.message = statut, code, message


@dataclass
class Reponse:
    """Ce qu'un traitement (dans un fil) rend au gestionnaire de route : gabarit, variables, suite."""

    gabarit: str
    variables: dict = field(default_factory=dict)
    statut: int = 200
    apres: BackgroundTask | None = None


def ip_des_limites(hote: str) -> str:
    """L'adresse du visiteur pour les limites ; en IPv6, son réseau /64 (qu'un fournisseur donne
    souvent en entier à un seul abonné : sinon changer d'adresse contournerait la limite)."""
    try:
        adresse = ipaddress.ip_address(hote)
    except ValueError:
        return hote
    if adresse.version == 6:
        if adresse.ipv4_mapped:
            return str(adresse.ipv4_mapped)
        return str(ipaddress.ip_network(f"{adresse}/64", strict=False))
    return str(adresse)


def environnement_gabarits(reglages: Reglages) -> jinja2.Environment:
    """Les gabarits du thème du site (surcharges comprises), échappement automatique."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in reglages.dossiers_gabarits]),
        # Pages HTML échappées ; le courriel texte (.txt) ne l'est pas (pas d'« &#39; » dans un texte).
        autoescape=jinja2.select_autoescape(["html"], default=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(reglages.contexte_site)
    return env


class Service:
    """Les gestionnaires de routes, autour des réglages, du moteur et des gabarits."""

    def __init__(self, reglages: Reglages, relire: Callable[[], Reglages] | None = None):
        self.reglages = reglages
        self.relire = relire  # relit les réglages du site (texte de consentement changé)
        self.derniere_relecture: float | None = None  # time.monotonic()
        self.consentement_relu: str | None = None  # texte lu à la dernière relecture
        self.verrou_relecture = threading.Lock()  # inscriptions servies dans plusieurs fils
        self.moteur = moteur(reglages.adresse_base)
        self.gabarits = environnement_gabarits(reglages)
        self.rendu = Jinja2Templates(env=self.gabarits)
        self.origine_site = origine(reglages.site_url)
        self.origine_service = origine(reglages.service_url)
        self.derniere_purge: float | None = None  # time.monotonic() de la dernière purge

    # --- outils -------------------------------------------------------------------------------

    def page(self, request: Request, reponse: Reponse) -> Response:
        variables = {
            "editions": self.reglages.editions,
            "service_url": self.reglages.service_url,
            "inscription_url": f"{self.reglages.site_url}/lettre/",
            "output_file": "abonnements/index.html",  # pour le gabarit de base : aucune entrée du menu
            **reponse.variables,
        }
        return self.rendu.TemplateResponse(
            request, reponse.gabarit, variables, status_code=reponse.statut, background=reponse.apres
        )

    def erreur(self, request: Request, refus: Refus) -> Response:
        variables = {"erreur": refus.code, "message": refus.message}
        return self.page(request, Reponse("abonnements/erreur.html", variables, refus.statut))

    @staticmethod
    def origine_de(request: Request) -> str | None:
        """L'origine déclarée par le navigateur (Origin, à défaut Referer) ; None si aucune."""
        valeur = request.headers.get("origin")
        if valeur is not None:
            return "null" if valeur.strip() == "null" else origine(valeur)
        referent = request.headers.get("referer")
        return origine(referent) if referent else None

    def verifier_origine(
        self, request: Request, acceptees: tuple[str, ...], obligatoire: bool
    ) -> Response | None:
        """Réponse 403 (texte simple) si la requête ne vient d'aucune des origines `acceptees` (la
        première est nommée dans le refus) ; None si elle est acceptée."""
        declaree = self.origine_de(request)
        if declaree in acceptees or (declaree is None and not obligatoire):
            return None
        return PlainTextResponse(
            f"Requête refusée : elle ne vient pas de {acceptees[0]}. Utilisez le formulaire de ce site.", 403
        )

    async def champs(self, request: Request):
        try:
            return await request.form(max_files=0, max_fields=CHAMPS_MAX)
        except HTTPException as exc:
            raise Refus(exc.status_code, "formulaire_invalide", "formulaire illisible") from None

    def ip(self, request: Request) -> str:
        return ip_des_limites(request.client.host if request.client else "inconnue")

    def depasse(self, connexion, espece: str, valeur: str, maximum: int, fenetre_s: int) -> bool:
        """Compte une demande ; vrai si la limite est dépassée (le compte est validé quand même)."""
        if not maximum:
            return False
        cle = limites.cle(self.reglages.secret, espece, valeur)
        return limites.compter(connexion, cle, fenetre_s, maintenant()) > maximum

    def entretenir(self) -> None:
        """Au plus toutes les 10 minutes : compteurs échus et demandes jamais confirmées effacés.

        Appelée à chaque inscription et à chaque passage de la file des courriels : sans inscription
        pendant des semaines, une demande jamais confirmée est quand même effacée au bout de 30 jours,
        comme le courriel de confirmation le promet.
        """
        if self.derniere_purge is not None and time.monotonic() - self.derniere_purge < PURGE_LIMITES_S:
            return
        self.derniere_purge = time.monotonic()
        with self.moteur.begin() as connexion:
            limites.purger(connexion, JOUR, maintenant())
            rgpd.purger_demandes(connexion, maintenant())

    def lire_jeton(self, usage: str, jeton: str, ip: str, age_max_s: int | None = None) -> tuple[int, str]:
        """(abonné, complément) d'un jeton valide ; un jeton refusé compte dans la limite par IP."""
        try:
            return jetons.verifier(self.reglages.secret, usage, jeton, age_max_s)
        except jetons.JetonInvalide as exc:
            with self.moteur.begin() as connexion:
                trop = self.depasse(connexion, "jeton", ip, self.reglages.limite_ip_par_heure, HEURE)
            if trop:
                raise Refus(
                    429, "trop_de_demandes", "trop de liens invalides : réessayez dans une heure"
                ) from None
            if exc.expire:
                raise Refus(
                    410, "lien_expire", "ce lien a expiré : refaites votre demande d'inscription"
                ) from None
            raise Refus(400, "lien_invalide", "ce lien n'est pas valide (incomplet ou modifié ?)") from None

    def lien(self, usage: str, abonne_id: int, complement: str = "") -> str:
        jeton = jetons.signer(self.reglages.secret, usage, abonne_id, complement)
        return f"{self.reglages.service_url}/{usage}/{jeton}"

    # --- inscription --------------------------------------------------------------------------

    def verifier_texte_consentement(self, champs) -> Reglages:
        """La preuve gardée est le texte de consentement du service : il doit être celui que le
        formulaire a montré (empreinte postée par le formulaire du site). Une autre empreinte : le site
        a été reconstruit avec un autre réglage LETTRE ; le service relit alors les réglages du site
        (au plus toutes les RELECTURE_REGLAGES_S secondes) et garde le nouveau texte s'il a cette
        empreinte. Sinon refus, rien gardé. Un formulaire sans empreinte (page d'avant cette
        vérification) est accepté comme avant.

        Renvoie les réglages dont le texte a été vérifié : ceux que l'inscription garde en preuve,
        même si un autre fil change le texte entre-temps.
        """
        reglages = self.reglages
        affiche = str(champs.get("texte_consentement") or "")
        if not affiche or affiche == reglages.empreinte_consentement:
            return reglages
        relus = self.relire_consentement(affiche)
        if relus is not None:
            return relus
        logger.error(
            "Inscription refusée : le formulaire du site montre un autre texte de consentement "
            "(empreinte %s) que celui du service (%s), même après relecture des réglages du site. "
            "Si le réglage LETTRE a changé, mettez à jour la copie du dépôt du service (git pull) ; "
            "si cela ne suffit pas, redémarrez-le (make abonnements, systemctl restart abonnements).",
            affiche[:32],
            self.reglages.empreinte_consentement,
        )
        raise Refus(
            409,
            "consentement_different",
            "le texte de la case de consentement vient de changer : rechargez la page, relisez-le, puis "
            "réessayez (si cela se répète, écrivez-nous)",
        )

    def relire_consentement(self, affiche: str) -> Reglages | None:
        """Les réglages du service avec le texte de consentement des réglages du site, si ce texte a
        l'empreinte `affiche` (il devient alors celui du service) ; sinon None. Seul ce texte change :
        le reste attend un redémarrage.

        Les réglages du site sont relus au plus toutes les RELECTURE_REGLAGES_S secondes ; entre deux,
        le texte lu la dernière fois sert : un formulaire d'une empreinte quelconque (robot) ne fait
        pas refuser pendant 30 s le premier formulaire du nouveau texte.
        """
        if self.relire is None:
            return None
        with self.verrou_relecture:  # une seule relecture à la fois, et un seul changement de texte
            if self.derniere_relecture is None or (
                time.monotonic() - self.derniere_relecture >= RELECTURE_REGLAGES_S
            ):
                self.derniere_relecture = time.monotonic()
                try:
                    self.consentement_relu = self.relire().consentement
                except Exception as exc:  # noqa: BLE001 (réglages en cours de modification : on garde l'ancien texte)
                    logger.error(
                        "Relecture des réglages du site impossible (texte de consentement gardé) : %s", exc
                    )
            if self.consentement_relu is None:
                return None
            relus = replace(self.reglages, consentement=self.consentement_relu)
            if relus.empreinte_consentement != affiche:
                return None
            if relus.consentement != self.reglages.consentement:
                self.reglages = relus
                logger.warning(
                    "Texte de consentement relu dans les réglages du site (empreinte %s) : c'est lui qui "
                    "est gardé en preuve désormais",
                    affiche[:32],
                )
            return self.reglages

    def inscrire(self, champs, ip: str) -> Reponse:
        """Une demande valide : une seule transaction pour les limites et l'enregistrement.

        Une saisie invalide est refusée avant tout accès à la base. Le piège rempli et la limite par
        adresse donnent la réponse habituelle (rien n'est dit sur l'adresse) sans rien enregistrer
        ni envoyer ; la limite par IP, un refus 429.
        """
        self.entretenir()
        demande = lire_demande(champs, self.reglages.identifiants_editions)
        reglages = self.verifier_texte_consentement(champs)  # peut relire le texte de consentement
        recue = Reponse("abonnements/demande-recue.html", {"heures_validite": reglages.confirmation_heures})
        instant = maintenant()
        demandee = False
        with self.moteur.begin() as connexion:
            trop = self.depasse(connexion, "ip", ip, reglages.limite_ip_par_heure, HEURE)
            if trop or demande.piege_rempli:
                pass
            elif self.depasse(
                connexion, "adresse", canonique(demande.courriel), reglages.limite_adresse_par_jour, JOUR
            ):
                logger.info("Inscription ignorée : limite par adresse atteinte")
            else:
                # La demande et son courriel dans la même transaction : l'une ne va pas sans l'autre.
                abonne_id, consentement_id = inscriptions.demander(
                    connexion, demande, reglages.consentement, instant
                )
                lien = self.lien("confirmation", abonne_id, str(consentement_id))
                message = message_confirmation(
                    reglages, self.gabarits, demande.courriel, demande.nom, lien, instant
                )
                attente.mettre_en_attente(connexion, abonne_id, message, instant)
                demandee = True
        if trop:
            raise Refus(
                429, "trop_de_demandes", "trop de demandes depuis votre réseau : réessayez dans une heure"
            )
        if demande.piege_rempli:
            logger.info("Inscription ignorée : champ piège rempli")
        if demandee:
            recue.apres = BackgroundTask(self.passage_courriels)
        return recue

    def remettre_courriels(self) -> int:
        """Remet les courriels de confirmation dus (`attente.py`) ; renvoie le nombre de remis.

        Un échec temporaire est reporté (délai croissant) ; un refus définitif, ou un courriel dont
        le lien a expiré, est abandonné et journalisé (sans l'adresse : la personne peut refaire sa
        demande). La base injoignable : rien n'est perdu, le passage suivant reprendra.
        """
        reglages = self.reglages
        with self.moteur.begin() as connexion:
            reserves = attente.reserver(connexion, maintenant())
        remis = 0
        premier = dt.timedelta(seconds=reglages.relance_courriels_s)
        validite = dt.timedelta(hours=reglages.confirmation_heures)
        for courriel in reserves:
            resultat, erreur = envoyer(reglages, courriel.message)
            instant = maintenant()
            prochain = instant + attente.delai_avant_essai(courriel.essais, premier)
            abandonne = resultat == REFUSE or (resultat != REMIS and prochain > courriel.cree_le + validite)
            with self.moteur.begin() as connexion:
                if resultat == REMIS or abandonne:
                    attente.retirer(connexion, courriel.ident)
                else:
                    attente.reporter(connexion, courriel, erreur, prochain)
            # Journalisé une fois la transaction validée : le journal ne dit « remis » ou
            # « abandonné » que de ce que la base a vraiment enregistré.
            if resultat == REMIS:
                remis += 1
                if courriel.essais > 1:
                    logger.info(
                        "Courriel de confirmation n° %d remis au %de essai", courriel.ident, courriel.essais
                    )
            elif abandonne:
                raison = "refus définitif du serveur" if resultat == REFUSE else "son lien aurait expiré"
                logger.error(
                    "Courriel de confirmation n° %d abandonné après %d essai(s) (%s) : %s",
                    courriel.ident,
                    courriel.essais,
                    raison,
                    erreur,
                )
            else:
                logger.error(
                    "Courriel de confirmation n° %d non remis (essai %d, nouvel essai dans %d s) : %s",
                    courriel.ident,
                    courriel.essais,
                    (prochain - instant).total_seconds(),
                    erreur,
                )
        return remis

    def passage_courriels(self) -> None:
        """Un passage de la file (après une inscription, ou par `relancer_courriels`), qui ne lève
        jamais : les courriels restent en base, le passage suivant les reprendra."""
        try:
            self.entretenir()
            self.remettre_courriels()
        except sa.exc.SQLAlchemyError as exc:
            cause = getattr(exc, "orig", None) or exc
            logger.error(
                "Courriels en attente : base injoignable (%s), nouvel essai au prochain passage",
                type(cause).__name__,
            )
        except Exception as exc:  # noqa: BLE001 (la boucle de relance ne doit pas s'arrêter)
            logger.error(
                "Courriels en attente : passage interrompu (%s : %s), nouvel essai au prochain passage",
                type(exc).__name__,
                exc,
            )

    async def relancer_courriels(self) -> None:
        """Tant que le service tourne : un passage de la file toutes les `relance_courriels_s` s."""
        while True:
            await asyncio.sleep(self.reglages.relance_courriels_s)
            await run_in_threadpool(self.passage_courriels)

    def formulaire_a_corriger(self, champs, code: str, message: str, statut: int) -> Reponse:
        """Le formulaire d'inscription du site rendu à nouveau, rempli de ce que la personne a
        envoyé (sauf le piège), le défaut dit en tête de page et à côté de son champ. Le texte de
        consentement est celui du service (celui qu'il garderait en preuve) ; changé, sa case est à
        recocher. Rien n'est gardé."""
        saisie = {
            "courriel": str(champs.get("courriel") or ""),
            "nom": str(champs.get("nom") or ""),
            "editions": [str(e) for e in champs.getlist("editions")],
            "consentement": code != "consentement_different" and champs.get("consentement") == "oui",
        }
        variables = {
            "erreur": code,
            "message_erreur": message[:1].upper() + message[1:],  # une phrase, sans son point
            "champ_en_erreur": CHAMP_DU_DEFAUT.get(code, ""),
            "saisie": saisie,
            # Les variables du formulaire dans le site (plugins/lettre), prises aux réglages du service.
            "LETTRE_INSCRIPTION": f"{self.reglages.service_url}/inscription",
            "LETTRE_EDITIONS": self.reglages.editions,
            "LETTRE_CONSENTEMENT": self.reglages.consentement,
            "LETTRE_CONSENTEMENT_EMPREINTE": self.reglages.empreinte_consentement,
        }
        return Reponse("abonnements/inscription-a-corriger.html", variables, statut)

    async def inscription(self, request: Request) -> Response:
        # Le formulaire du site, ou le même rendu à nouveau par le service (formulaire_a_corriger).
        refus = self.verifier_origine(request, (self.origine_site, self.origine_service), obligatoire=True)
        if refus is not None:
            return refus
        champs = await self.champs(request)
        try:
            reponse = await run_in_threadpool(self.inscrire, champs, self.ip(request))
        except SaisieInvalide as exc:
            reponse = self.formulaire_a_corriger(champs, exc.code, str(exc), 400)
        except Refus as exc:
            if exc.code != "consentement_different":
                raise
            reponse = self.formulaire_a_corriger(champs, exc.code, exc.message, exc.statut)
        return self.page(request, reponse)

    # --- confirmation -------------------------------------------------------------------------

    def confirmer(self, jeton: str, ip: str, agir: bool) -> Reponse:
        expire = None
        try:
            abonne_id, complement = self.lire_jeton(
                "confirmation", jeton, ip, self.reglages.confirmation_heures * HEURE
            )
        except Refus as refus:
            if refus.code != "lien_expire":
                raise
            # Authentique mais trop vieux : s'il a déjà été suivi, la page le dit (plutôt que
            # « refaites votre demande » à qui est inscrit) ; sinon, le refus « lien expiré ».
            expire = refus
            abonne_id, complement = jetons.verifier(self.reglages.secret, "confirmation", jeton)
            agir = False
        consentement_id = int(complement) if complement.isdigit() else -1
        with self.moteur.begin() as connexion:
            if agir:
                etat = inscriptions.confirmer(
                    connexion, abonne_id, consentement_id, self.reglages.identifiants_editions, maintenant()
                )
            else:
                etat = inscriptions.etat_consentement(connexion, abonne_id, consentement_id)
            abonne = inscriptions.lire(connexion, abonne_id)
        if expire is not None and (etat != "deja" or abonne is None):
            raise expire
        if etat == "introuvable" or abonne is None:
            raise Refus(404, "abonne_introuvable", "cette demande n'existe plus : refaites votre inscription")
        variables = {"etat": etat, "abonne": abonne, "lien_preferences": self.lien("preferences", abonne_id)}
        return Reponse("abonnements/confirmation.html", variables)

    async def confirmation(self, request: Request) -> Response:
        agir = request.method == "POST"
        if agir:
            refus = self.verifier_origine(request, (self.origine_service,), obligatoire=False)
            if refus is not None:
                return refus
            await self.champs(request)
        jeton = request.path_params["jeton"]
        return self.page(request, await run_in_threadpool(self.confirmer, jeton, self.ip(request), agir))

    # --- préférences --------------------------------------------------------------------------

    def preferer(self, jeton: str, ip: str, champs) -> Reponse:
        abonne_id, _ = self.lire_jeton("preferences", jeton, ip)
        enregistre = False
        with self.moteur.begin() as connexion:
            if champs is not None:
                voulues = () if champs.get("action") == "tout" else champs.getlist("editions")
                enregistre = inscriptions.changer_editions(
                    connexion,
                    abonne_id,
                    voulues,
                    self.reglages.identifiants_editions,
                    self.reglages.consentement,
                    maintenant(),
                )
            abonne = inscriptions.lire(connexion, abonne_id)
        if abonne is None:
            raise Refus(404, "abonne_introuvable", "aucun abonnement ne correspond à ce lien")
        variables = {
            "abonne": abonne,
            "envoye": champs is not None,
            "enregistre": enregistre,
            # Le texte gardé comme preuve quand une édition est ajoutée ici : il doit être affiché.
            "consentement": self.reglages.consentement,
        }
        return Reponse("abonnements/preferences.html", variables)

    async def preferences(self, request: Request) -> Response:
        champs = None
        if request.method == "POST":
            refus = self.verifier_origine(request, (self.origine_service,), obligatoire=False)
            if refus is not None:
                return refus
            champs = await self.champs(request)
        jeton = request.path_params["jeton"]
        return self.page(request, await run_in_threadpool(self.preferer, jeton, self.ip(request), champs))

    # --- désinscription -----------------------------------------------------------------------

    def desinscrire(self, jeton: str, ip: str, agir: bool, un_clic: bool) -> Reponse:
        abonne_id, edition = self.lire_jeton("desinscription", jeton, ip)
        with self.moteur.begin() as connexion:
            etat = "a_confirmer"
            if agir:
                detail = "un clic (RFC 8058)" if un_clic else "bouton de la page"
                etat = inscriptions.desinscrire(
                    connexion, abonne_id, edition, maintenant(), inscriptions.ACTEUR_WEB, detail
                )
            abonne = inscriptions.lire(connexion, abonne_id)
        if not agir and abonne is not None:
            # Rien à retirer (lien d'une vieille lettre, déjà suivi) : pas de bouton qui ne ferait rien.
            if not (edition in abonne.editions if edition else abonne.editions):
                etat = "rien"
        if abonne is None:
            if un_clic:  # rien à faire : la personne n'est plus là ; le fournisseur n'a pas à réessayer
                return Reponse("abonnements/desinscription.html", {"etat": "rien", "abonne": None})
            raise Refus(404, "abonne_introuvable", "aucun abonnement ne correspond à ce lien")
        variables = {
            "etat": etat,
            "abonne": abonne,
            "edition": edition,
            "titre_edition": self.reglages.titre_edition(edition) if edition else "",
            "lien_preferences": self.lien("preferences", abonne_id),
        }
        return Reponse("abonnements/desinscription.html", variables)

    async def desinscription(self, request: Request) -> Response:
        agir = request.method == "POST"
        un_clic = False
        if agir:
            champs = await self.champs(request)
            un_clic = champs.get("List-Unsubscribe") == "One-Click"
            # Un fournisseur de messagerie poste sans Origin ; un navigateur, depuis notre page.
            if not un_clic:
                refus = self.verifier_origine(request, (self.origine_service,), obligatoire=False)
                if refus is not None:
                    return refus
        jeton = request.path_params["jeton"]
        resultat = await run_in_threadpool(self.desinscrire, jeton, self.ip(request), agir, un_clic)
        return self.page(request, resultat)

    # --- accueil et surveillance -------------------------------------------------------------

    async def accueil(self, request: Request) -> Response:
        """L'adresse nue du service mène à la page de la lettre, sur le site."""
        return RedirectResponse(f"{self.reglages.site_url}/lettre/", 302)

    def verifier_base(self) -> None:
        with self.moteur.connect() as connexion:
            connexion.execute(sa.text("SELECT 1"))

    async def sante(self, request: Request) -> Response:
        """Pour la surveillance (nginx, systemd, une sonde) : 200 si la base répond, sinon 503."""
        await run_in_threadpool(self.verifier_base)
        return PlainTextResponse("ok")


def creer_application(reglages: Reglages, relire: Callable[[], Reglages] | None = None) -> Starlette:
    """L'application ASGI du service (à servir par uvicorn : `python -m abonnements`) ; `relire` :
    relit les réglages (voir `Service.relire_consentement`)."""
    service = Service(reglages, relire)
    routes = [
        Route("/", service.accueil, methods=["GET"]),
        Route("/sante", service.sante, methods=["GET"]),
        Route("/inscription", service.inscription, methods=["POST"]),
        Route("/confirmation/{jeton}", service.confirmation, methods=["GET", "POST"]),
        Route("/preferences/{jeton}", service.preferences, methods=["GET", "POST"]),
        Route("/desinscription/{jeton}", service.desinscription, methods=["GET", "POST"]),
    ]

    async def refus(request: Request, exc: Refus) -> Response:
        return service.erreur(request, exc)

    async def saisie(request: Request, exc: SaisieInvalide) -> Response:
        return service.erreur(request, Refus(400, exc.code, str(exc)))

    async def http(request: Request, exc: HTTPException) -> Response:
        messages = {
            404: "Page introuvable.",
            405: "Méthode non permise pour cette adresse.",
            413: "Requête trop volumineuse.",
        }
        texte = messages.get(exc.status_code, "Requête refusée.")
        return PlainTextResponse(texte, exc.status_code, headers=getattr(exc, "headers", None))

    securite = {k.decode(): v.decode() for k, v in entetes_securite(reglages)}

    async def base_injoignable(request: Request, exc: sa.exc.OperationalError) -> Response:
        # Une panne attendue, dite en une ligne : un gestionnaire par classe (comme Refus) est servi
        # à l'intérieur des middlewares, sans la trace que le serveur ajoute aux erreurs imprévues.
        logger.error("Base de données injoignable : %s", exc.orig)
        texte = "Le service est momentanément indisponible : réessayez dans quelques minutes."
        return PlainTextResponse(texte, 503)

    async def panne(request: Request, exc: Exception) -> Response:
        # Servie hors des middlewares (ServerErrorMiddleware) : les en-têtes de sécurité sont mis ici.
        return PlainTextResponse(
            "Erreur du service : réessayez plus tard, ou écrivez-nous.", 500, headers=securite
        )

    @contextlib.asynccontextmanager
    async def cycle(_app):
        relance = asyncio.create_task(service.relancer_courriels())
        try:
            yield
        finally:
            relance.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await relance
            service.moteur.dispose()

    application = Starlette(
        routes=routes,
        exception_handlers={
            Refus: refus,
            SaisieInvalide: saisie,
            HTTPException: http,
            sa.exc.OperationalError: base_injoignable,
            Exception: panne,
        },
        lifespan=cycle,
        max_body_size=TAILLE_MAX_CORPS,
    )
    application.add_middleware(EntetesSecurite, entetes=list(entetes_securite(reglages)))
    application.state.service = service
    return application
