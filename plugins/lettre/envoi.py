"""Envoi SMTP d'un numéro figé en base, qui se comporte sous les pannes.

Chaque remise est notée en base (`abonnements.envois.SuiviNumero`) avant de passer au destinataire
suivant : une relance reprend exactement là où l'envoi s'est arrêté. Ce que fait chaque réponse :

- 250 : envoyé ;
- 5xx au destinataire (RCPT) : refus définitif, l'adresse entre en liste de suppression ;
- 4xx au destinataire ou au message : nouvel essai à la passe suivante (attente croissante) ;
  encore refusé après `essais_max` essais (`SuiviNumero`, réglage `essais_temporaires`) : différé
  (il recevra le numéro suivant) ;
- refus de l'expéditeur (MAIL FROM 5xx), de l'authentification, de TLS, du message lui-même
  (DATA 5xx) : arrêt immédiat (`EnvoiArrete`), rien n'est noté pour le destinataire en cours ;
- serveur injoignable, muet (délai `delai_s`), coupure, 421 : nouvelle connexion ; après
  `echecs_connexion_max` échecs de suite, arrêt (`ConnexionsEchouees`) : l'envoi reprendra ;
- `REFUS_IDENTIQUES_MAX` refus définitifs de suite avec la même réponse (adresse ôtée) : c'est le
  serveur qui refuse tout (relais interdit…), pas les adresses : arrêt avant d'en refuser d'autres,
  ces adresses ressortent de la liste de suppression et recevront ce numéro à la relance.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from email.utils import parseaddr

from .message import Courriel, Entetes, construire_message

REFUS_IDENTIQUES_MAX = 10


class ErreurEnvoi(Exception):
    """Un envoi ne peut pas commencer ou continuer (réglage, serveur…) ; message en français."""


class EnvoiArrete(ErreurEnvoi):
    """Le serveur refuse l'envoi lui-même (expéditeur, authentification, TLS, message) : tout s'arrête."""


class ConnexionsEchouees(ErreurEnvoi):
    """Trop d'échecs de connexion de suite : l'envoi s'arrête tôt et reprendra à la relance."""


@dataclass(frozen=True)
class ParametresSMTP:
    hote: str
    port: int
    securite: str  # « starttls », « tls » ou « aucune » (serveur local de test)
    utilisateur: str = ""
    mot_de_passe: str = ""
    delai_s: float = 10.0  # chaque opération réseau : un serveur muet est abandonné en secondes

    @classmethod
    def depuis_environnement(cls, environ=os.environ) -> ParametresSMTP:
        """LETTRE_SMTP_HOTE, _PORT, _SECURITE, _UTILISATEUR, _MOT_DE_PASSE (jamais dans le dépôt)."""
        hote = environ.get("LETTRE_SMTP_HOTE", "").strip()
        if not hote:
            raise ErreurEnvoi(
                "variable d'environnement LETTRE_SMTP_HOTE absente : "
                "indiquez le serveur SMTP (voir docs/lettre.md)"
            )
        securite = environ.get("LETTRE_SMTP_SECURITE", "starttls").strip().lower()
        if securite not in ("starttls", "tls", "aucune"):
            raise ErreurEnvoi(f"LETTRE_SMTP_SECURITE « {securite} » invalide : starttls, tls ou aucune")
        port_defaut = {"starttls": 587, "tls": 465, "aucune": 25}[securite]
        try:
            port = int(environ.get("LETTRE_SMTP_PORT") or port_defaut)
        except ValueError:
            raise ErreurEnvoi("LETTRE_SMTP_PORT doit être un nombre (587, 465…)") from None
        return cls(
            hote,
            port,
            securite,
            environ.get("LETTRE_SMTP_UTILISATEUR", ""),
            environ.get("LETTRE_SMTP_MOT_DE_PASSE", ""),
        )


def ouvrir_connexion(parametres: ParametresSMTP) -> smtplib.SMTP:
    """Connexion (TLS implicite ou STARTTLS obligatoire) et authentification si demandée.

    Refus de TLS ou de l'authentification : ErreurEnvoi (message en français). Serveur injoignable
    ou muet : OSError / smtplib.SMTPException, à réessayer plus tard.
    """
    contexte = ssl.create_default_context()
    connexion = None
    try:
        if parametres.securite == "tls":
            connexion = smtplib.SMTP_SSL(
                parametres.hote, parametres.port, timeout=parametres.delai_s, context=contexte
            )
        else:
            connexion = smtplib.SMTP(parametres.hote, parametres.port, timeout=parametres.delai_s)
            if parametres.securite == "starttls":
                try:
                    connexion.starttls(context=contexte)
                except smtplib.SMTPNotSupportedError:
                    raise ErreurEnvoi(
                        f"{parametres.hote} ne propose pas STARTTLS : utilisez "
                        "LETTRE_SMTP_SECURITE=tls (port 465)"
                    ) from None
        if parametres.utilisateur:
            connexion.login(parametres.utilisateur, parametres.mot_de_passe)
    except smtplib.SMTPAuthenticationError as exc:
        _fermer_sans_bruit(connexion)
        raise ErreurEnvoi(
            f"authentification SMTP refusée ({exc.smtp_code} {_texte(exc.smtp_error)}) : vérifiez "
            "LETTRE_SMTP_UTILISATEUR et LETTRE_SMTP_MOT_DE_PASSE"
        ) from None
    except smtplib.SMTPNotSupportedError:
        _fermer_sans_bruit(connexion)
        raise ErreurEnvoi(
            f"{parametres.hote} ne propose pas l'authentification (AUTH) sur cette connexion : "
            "vérifiez LETTRE_SMTP_SECURITE et le port"
        ) from None
    except ssl.SSLError as exc:
        _fermer_sans_bruit(connexion)
        raise ErreurEnvoi(
            f"échec de TLS avec {parametres.hote}:{parametres.port} ({exc.reason or exc}) : vérifiez "
            "LETTRE_SMTP_SECURITE (starttls sur 587, tls sur 465) et le certificat du serveur"
        ) from None
    except ErreurEnvoi:
        _fermer_sans_bruit(connexion)
        raise
    return connexion


def fermer(connexion) -> None:
    """Termine poliment (QUIT) ; si le serveur a déjà raccroché, ferme sans bruit.

    Ce qui a été remis avant reste remis : une panne au moment de QUIT n'est pas un échec d'envoi.
    """
    if connexion is not None:
        try:
            connexion.quit()
        except (smtplib.SMTPException, OSError):
            _fermer_sans_bruit(connexion)


def _fermer_sans_bruit(connexion) -> None:
    if connexion is not None:
        try:
            connexion.close()
        except OSError:
            pass


def _texte(valeur) -> str:
    return valeur.decode("utf-8", "replace") if isinstance(valeur, bytes) else str(valeur)


@dataclass(frozen=True)
class Issue:
    """Ce qu'une tentative a donné : « envoye », « temporaire », « definitif », « connexion » ou « arret »."""

    genre: str
    code: int | None = None
    texte: str = ""
    refuse: str = (
        ""  # pour un arrêt : « expediteur », « authentification », « tls », « message », « accueil »
    )


def classer(exc: Exception, destinataire: str) -> Issue:
    """La conséquence d'une erreur SMTP ou réseau pour un destinataire (voir le docstring du module)."""
    if isinstance(exc, ssl.SSLError):
        return Issue("arret", None, f"échec de TLS ({exc.reason or exc})", "tls")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, texte = exc.recipients.get(destinataire, next(iter(exc.recipients.values()), (421, "")))
        if code in (530, 535):  # authentification exigée : le compte SMTP, pas l'adresse
            return Issue("arret", code, _texte(texte), "authentification")
        genre = "connexion" if code == 421 else "temporaire" if 400 <= code < 500 else "definitif"
        return Issue(genre, code, _texte(texte))
    if isinstance(exc, smtplib.SMTPSenderRefused):
        if exc.smtp_code in (530, 535):
            return Issue("arret", exc.smtp_code, _texte(exc.smtp_error), "authentification")
        genre = "arret" if exc.smtp_code >= 500 else "connexion"
        return Issue(genre, exc.smtp_code, _texte(exc.smtp_error), "expediteur")
    if isinstance(exc, smtplib.SMTPDataError):
        code = exc.smtp_code
        genre = "connexion" if code == 421 else "temporaire" if 400 <= code < 500 else "arret"
        return Issue(genre, code, _texte(exc.smtp_error), "message")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        # Adresse internationale (non ASCII) et serveur sans SMTPUTF8 : cette adresse-là seulement.
        return Issue("definitif", 553, f"adresse non acceptée par ce serveur ({exc})")
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code != 421:
        genre = "arret" if exc.smtp_code >= 500 else "connexion"  # accueil, EHLO : le serveur entier
        return Issue(genre, exc.smtp_code, _texte(exc.smtp_error), "accueil")
    return Issue("connexion", None, f"{type(exc).__name__} {exc}".strip())


@dataclass
class Bilan:
    """Résumé d'un passage de la commande d'envoi."""

    envoyes: int = 0
    refus_definitifs: list[tuple[str, int | None, str]] = field(default_factory=list)
    differes: list[tuple[str, int | None, str]] = field(default_factory=list)
    duree_s: float = 0.0

    @property
    def debit(self) -> float:
        return self.envoyes / self.duree_s if self.duree_s > 0 else 0.0


class Progression:
    """Ce qui suit l'avancement (rien par défaut) : `lettre.progression` l'affiche."""

    def commencer(self, total: int) -> None:
        pass

    def avancer(self, quoi: str) -> None:
        pass

    def finir(self) -> None:
        pass


@dataclass
class Envoyeur:
    """Envoie un numéro à ses destinataires : débit limité, essais pour les 4xx, arrêt sur les pannes."""

    parametres: ParametresSMTP
    entetes: Entetes
    secret: str
    debit_par_seconde: float = 5.0
    attente_initiale_s: float = 2.0
    echecs_connexion_max: int = 3
    dormir: Callable[[float], None] = time.sleep
    horloge: Callable[[], float] = time.monotonic
    # Du message remis à sa trace en base, un arrêt demandé attend (`lettre.interruption`).
    section_critique: Callable[[], AbstractContextManager] = nullcontext
    _connexion: smtplib.SMTP | None = None
    _echecs: int = 0
    _refus_identiques: tuple[str, tuple] = ("", ())  # (réponse sans l'adresse, destinataires de suite)

    def _fermer(self) -> None:
        fermer(self._connexion)
        self._connexion = None

    def _abandonner(self) -> None:
        _fermer_sans_bruit(self._connexion)
        self._connexion = None

    def _expediteur(self) -> str:
        return parseaddr(self.entetes.expediteur)[1]

    def _remettre(self, message, destinataire: str) -> Issue:
        """Une remise ; les pannes de connexion sont réessayées ici, jusqu'à `echecs_connexion_max`."""
        while True:
            try:
                if self._connexion is None:
                    self._connexion = ouvrir_connexion(self.parametres)
                self._connexion.send_message(message, from_addr=self._expediteur(), to_addrs=[destinataire])
                self._echecs = 0
                return Issue("envoye", 250)
            except ErreurEnvoi as exc:
                raise EnvoiArrete(str(exc)) from None
            except (smtplib.SMTPException, OSError) as exc:
                issue = classer(exc, destinataire)
            if issue.genre == "arret":
                self._abandonner()
                raise EnvoiArrete(self._explication(issue))
            if issue.genre != "connexion":
                self._echecs = 0
                return issue
            self._abandonner()
            self._echecs += 1
            if self._echecs >= self.echecs_connexion_max:
                raise ConnexionsEchouees(
                    f"{self._echecs} échecs de connexion de suite à {self.parametres.hote}:"
                    f"{self.parametres.port} (dernier : {issue.texte or issue.code}) : envoi arrêté ; "
                    "relancez la même commande plus tard, elle reprendra où elle s'est arrêtée"
                )
            self.dormir(self.attente_initiale_s * 2 ** (self._echecs - 1))

    def _explication(self, issue: Issue) -> str:
        reponse = f"{issue.code or ''} {issue.texte}".strip()
        quoi = {
            "expediteur": f"le serveur SMTP refuse l'expéditeur {self._expediteur()} ({reponse}) : "
            "vérifiez le réglage LETTRE « expediteur » et que ce compte SMTP a le droit d'envoyer "
            "avec cette adresse",
            "authentification": f"le serveur SMTP exige une authentification ({reponse}) : vérifiez "
            "LETTRE_SMTP_UTILISATEUR et LETTRE_SMTP_MOT_DE_PASSE",
            "tls": f"{reponse} : vérifiez LETTRE_SMTP_SECURITE et le certificat du serveur",
            "message": f"le serveur SMTP refuse le message lui-même ({reponse}) : taille, contenu "
            "jugé indésirable ou politique du relais ; corrigez le numéro ou voyez avec l'hébergeur",
        }.get(issue.refuse, f"le serveur SMTP refuse l'envoi ({reponse})")
        return f"{quoi}. Envoi arrêté : le destinataire en cours n'est pas noté comme servi ; corrigez puis relancez"

    def envoyer_essai(self, courriel: Courriel, destinataire: str) -> None:
        """Un seul message, marqué [ESSAI], à une adresse qui n'est pas forcément abonnée ; rien en base."""
        try:
            message = construire_message(
                courriel, self.entetes, destinataire, self.secret, dt.datetime.now(dt.UTC), test=True
            )
        except ValueError:
            raise ErreurEnvoi(f"adresse d'essai illisible : {destinataire!r}") from None
        try:
            issue = self._remettre(message, destinataire)
        finally:
            self._fermer()
        if issue.genre != "envoye":
            raise ErreurEnvoi(f"envoi d'essai à {destinataire} refusé : {issue.code or ''} {issue.texte}")

    def envoyer_numero(
        self, courriel: Courriel, suivi, destinataires, progression=None, verrou=None
    ) -> Bilan:
        """Envoie à chaque destinataire et note chaque remise dans `suivi` avant de passer au suivant.

        Passe 1 : tous ; passes suivantes (après 2, 4, 8 s… par défaut) : les refus temporaires.
        `verrou` est repoussé pendant l'envoi. Lève EnvoiArrete ou ConnexionsEchouees (bilan partiel
        dans l'attribut `bilan` de l'exception) ; tout ce qui est noté l'est vraiment.
        """
        progression = progression or Progression()
        bilan = Bilan()
        lot = list(destinataires)
        intervalle = 1.0 / self.debit_par_seconde if self.debit_par_seconde > 0 else 0.0
        debut = self.horloge()
        prochain = debut
        passe = 0
        progression.commencer(len(lot))
        try:
            while lot:
                if passe:
                    self.dormir(self.attente_initiale_s * 2 ** (passe - 1))
                a_reessayer = []
                for destinataire in lot:
                    attente = prochain - self.horloge()
                    if attente > 0:
                        self.dormir(attente)
                    prochain = max(prochain, self.horloge()) + intervalle
                    if verrou is not None:
                        verrou.repousser()
                    suite = self._un(courriel, suivi, destinataire, bilan)
                    if suite is not None:
                        a_reessayer.append(suite)
                    else:
                        progression.avancer("fait")
                lot = a_reessayer
                passe += 1
        except ErreurEnvoi as exc:
            exc.bilan = bilan
            raise
        finally:
            self._fermer()
            progression.finir()
            bilan.duree_s = self.horloge() - debut
        return bilan

    def _un(self, courriel: Courriel, suivi, destinataire, bilan: Bilan):
        """Une remise notée en base ; renvoie le destinataire à réessayer (4xx), ou None."""
        try:
            message = construire_message(
                courriel,
                self.entetes,
                destinataire.courriel,
                self.secret,
                dt.datetime.now(dt.UTC),
                abonne_id=destinataire.abonne_id,
                nom=destinataire.nom,
            )
        except ValueError as exc:
            message, issue = (
                None,
                Issue("definitif", 553, f"adresse illisible, message non construit ({exc})"),
            )
        with self.section_critique():
            if message is not None:
                issue = self._remettre(message, destinataire.courriel)
            return self._noter(issue, suivi, destinataire, bilan)

    def _noter(self, issue: Issue, suivi, destinataire, bilan: Bilan):
        """La remise notée en base ; renvoie le destinataire à réessayer (4xx), ou None."""
        if issue.genre != "definitif":
            self._refus_identiques = ("", ())
        if issue.genre == "envoye":
            suivi.envoye(destinataire)
            bilan.envoyes += 1
        elif issue.genre == "definitif":
            suivi.refuse(destinataire, issue.code, issue.texte)
            bilan.refus_definitifs.append((destinataire.courriel, issue.code, issue.texte))
            self._compter_refus(issue, destinataire, suivi)
        else:
            etat = suivi.temporaire(destinataire, issue.code, issue.texte)
            if etat == "a_envoyer":
                return destinataire
            if etat == "differe":
                bilan.differes.append((destinataire.courriel, issue.code, issue.texte))
        return None

    def _compter_refus(self, issue: Issue, destinataire, suivi) -> None:
        reponse = f"{issue.code} {issue.texte.replace(destinataire.courriel, '')}"
        precedente, suite = self._refus_identiques
        suite = (*suite, destinataire) if reponse == precedente else (destinataire,)
        self._refus_identiques = (reponse, suite)
        if len(suite) >= REFUS_IDENTIQUES_MAX:
            # C'est le serveur, pas ces adresses : ni liste de suppression, ni numéro perdu pour elles.
            suivi.reprendre_refus(
                suite, f"{len(suite)} refus de suite identiques ({reponse}) : le serveur, pas l'adresse"
            )
            raise EnvoiArrete(
                f"{len(suite)} refus définitifs de suite avec la même réponse ({issue.code} {issue.texte}) : "
                "le serveur refuse sans doute tout envoi (relais interdit, compte non autorisé), pas ces "
                f"adresses. Envoi arrêté ; ces {len(suite)} adresses ne sont pas mises en liste de "
                "suppression. Corrigez la configuration SMTP, puis relancez la même commande : elles "
                "recevront ce numéro, comme le reste des destinataires"
            )
