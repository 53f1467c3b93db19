"""Envoi SMTP reprenable et idempotent : chaque abonné reçoit un numéro exactement une fois.

Le journal d'envoi (un fichier par numéro et édition, hors du dépôt et hors de output/ car il
contient des adresses) note chaque destinataire terminé *avant* de passer au suivant : après un
plantage, une coupure ou une erreur, la reprise saute ceux qui sont notés et n'en oublie aucun.
Refus temporaires (4xx, coupure) : nouvel essai avec attente croissante ; refus définitifs (5xx) :
notés et signalés. Le numéro n'entre au registre que lorsque tous les abonnés sont terminés.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path

from socle.erreurs import Probleme

from .message import Courriel, Entetes, construire_message

ADRESSE = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")
COLONNES_ADRESSE = ("courriel", "email", "adresse")


class ErreurEnvoi(Exception):
    """Un envoi ne peut pas commencer ou continuer (réglage, serveur injoignable…) ; message en français."""


@dataclass(frozen=True)
class ParametresSMTP:
    hote: str
    port: int
    securite: str  # « starttls », « tls » ou « aucune » (serveur local de test)
    utilisateur: str = ""
    mot_de_passe: str = ""
    delai_s: float = 30.0

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
    """Connexion (TLS implicite ou STARTTLS obligatoire) et authentification si demandée."""
    contexte = ssl.create_default_context()
    try:
        if parametres.securite == "tls":
            connexion = smtplib.SMTP_SSL(
                parametres.hote, parametres.port, timeout=parametres.delai_s, context=contexte
            )
        else:
            connexion = smtplib.SMTP(parametres.hote, parametres.port, timeout=parametres.delai_s)
            if parametres.securite == "starttls":
                connexion.starttls(context=contexte)
        if parametres.utilisateur:
            connexion.login(parametres.utilisateur, parametres.mot_de_passe)
    except smtplib.SMTPAuthenticationError as exc:
        raise ErreurEnvoi(
            f"authentification SMTP refusée ({exc.smtp_code}) : vérifiez "
            "LETTRE_SMTP_UTILISATEUR et LETTRE_SMTP_MOT_DE_PASSE"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise ErreurEnvoi(
            f"{parametres.hote} ne propose pas STARTTLS : utilisez LETTRE_SMTP_SECURITE=tls (port 465)"
        ) from None
    return connexion


@dataclass(frozen=True)
class Abonne:
    courriel: str
    nom: str = ""


def lire_abonnes(chemin: Path) -> tuple[list[Abonne], list[Probleme]]:
    """Abonnés d'un CSV (colonne « courriel » ou « email », « nom » facultative), sans doublons."""
    problemes: list[Probleme] = []
    affiche = str(chemin)
    try:
        texte = chemin.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ErreurEnvoi(f"fichier des abonnés introuvable : {chemin}") from None
    except UnicodeDecodeError:
        raise ErreurEnvoi(f"{chemin} n'est pas en UTF-8 : réenregistrez-le en « CSV UTF-8 »") from None
    dialecte = csv.excel
    try:
        dialecte = csv.Sniffer().sniff(texte.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        pass
    lecteur = csv.DictReader(texte.splitlines(), dialect=dialecte)
    colonnes = {(c or "").strip().lower(): c for c in lecteur.fieldnames or []}
    colonne = next((colonnes[c] for c in COLONNES_ADRESSE if c in colonnes), None)
    if colonne is None:
        raise ErreurEnvoi(f"{chemin} : pas de colonne « courriel » (ou « email ») sur la première ligne")
    colonne_nom = colonnes.get("nom") or colonnes.get("name")
    abonnes, vus = [], set()
    for numero, ligne in enumerate(lecteur, start=2):
        adresse = (ligne.get(colonne) or "").strip()
        if not adresse:
            continue
        if not ADRESSE.match(adresse):
            problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"adresse invalide « {adresse} » (ignorée)",
                    "corrigez-la dans le gestionnaire de listes puis réexportez",
                )
            )
            continue
        if adresse.lower() in vus:
            continue
        vus.add(adresse.lower())
        abonnes.append(Abonne(adresse, (ligne.get(colonne_nom) or "").strip() if colonne_nom else ""))
    return abonnes, problemes


class JournalEnvoi:
    """Journal d'un numéro : préparation figée et une ligne JSON par destinataire terminé."""

    def __init__(self, dossier: Path, ident: str, edition: str):
        self.dossier = Path(dossier) / f"{ident}-{edition}"
        self.fichier = self.dossier / "envois.jsonl"
        self.preparation = self.dossier / "preparation.json"

    def termines(self) -> dict[str, dict]:
        """Destinataire (minuscules) → sa ligne de journal ; une dernière ligne tronquée est ignorée."""
        resultat = {}
        if not self.fichier.exists():
            return resultat
        for ligne in self.fichier.read_text(encoding="utf-8").splitlines():
            try:
                entree = json.loads(ligne)
            except json.JSONDecodeError:
                continue  # écriture interrompue par un arrêt brutal : ce destinataire sera repris
            resultat[entree["courriel"].lower()] = entree
        return resultat

    def noter(self, courriel: str, etat: str, code: int | None = None, detail: str = "") -> None:
        """Ajoute une ligne et la force sur disque avant de passer au destinataire suivant."""
        self.dossier.mkdir(parents=True, exist_ok=True, mode=0o700)
        entree = {
            "courriel": courriel,
            "etat": etat,
            "code": code,
            "detail": detail,
            "horodatage": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        with self.fichier.open("a", encoding="utf-8") as flux:
            flux.write(json.dumps(entree, ensure_ascii=False) + "\n")
            flux.flush()
            os.fsync(flux.fileno())

    def lire_preparation(self) -> dict | None:
        if not self.preparation.exists():
            return None
        return json.loads(self.preparation.read_text(encoding="utf-8"))

    def figer_preparation(self, donnees: dict) -> None:
        """La première préparation fait foi : une reprise renvoie exactement le même numéro."""
        self.dossier.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporaire = self.preparation.with_suffix(".tmp")
        temporaire.write_text(json.dumps(donnees, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        os.replace(temporaire, self.preparation)


@dataclass
class Bilan:
    """Résumé d'un passage de la commande d'envoi."""

    envoyes: int = 0
    deja_faits: int = 0
    refus_definitifs: list[tuple[str, int | None, str]] = field(default_factory=list)
    en_attente: list[tuple[str, int | None, str]] = field(default_factory=list)
    duree_s: float = 0.0

    @property
    def complet(self) -> bool:
        return not self.en_attente

    @property
    def debit(self) -> float:
        return self.envoyes / self.duree_s if self.duree_s > 0 else 0.0


def _erreur_smtp(exc: Exception, destinataire: str) -> tuple[int | None, str]:
    """(code, texte) d'une erreur SMTP ; code None = connexion perdue (temporaire)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, texte = exc.recipients.get(destinataire, next(iter(exc.recipients.values())))
        return code, texte.decode("utf-8", "replace") if isinstance(texte, bytes) else str(texte)
    if isinstance(exc, smtplib.SMTPResponseException):
        texte = exc.smtp_error
        return exc.smtp_code, texte.decode("utf-8", "replace") if isinstance(texte, bytes) else str(texte)
    return None, f"connexion perdue ({type(exc).__name__})"


@dataclass
class Envoyeur:
    """Envoie un numéro à une liste, avec reprise, débit limité et nouveaux essais."""

    parametres: ParametresSMTP
    entetes: Entetes
    secret: bytes
    debit_par_seconde: float = 5.0
    essais: int = 4
    attente_initiale_s: float = 2.0
    dormir: Callable[[float], None] = time.sleep
    horloge: Callable[[], float] = time.monotonic
    _connexion: smtplib.SMTP | None = None

    def _fermer(self) -> None:
        if self._connexion is not None:
            try:
                self._connexion.quit()
            except (smtplib.SMTPException, OSError):
                self._connexion.close()
            self._connexion = None

    def _abandonner(self) -> None:
        if self._connexion is not None:
            try:
                self._connexion.close()
            except OSError:
                pass
            self._connexion = None

    def _envoyer_un(self, message, destinataire: str) -> None:
        if self._connexion is None:
            self._connexion = ouvrir_connexion(self.parametres)
        self._connexion.send_message(
            message, from_addr=parseaddr(self.entetes.expediteur)[1], to_addrs=[destinataire]
        )

    def envoyer_essai(self, courriel: Courriel, destinataire: str) -> None:
        """Un seul message, marqué [ESSAI], sans journal ni registre."""
        message = construire_message(
            courriel, self.entetes, destinataire, self.secret, dt.datetime.now(dt.UTC), test=True
        )
        try:
            self._envoyer_un(message, destinataire)
        except (smtplib.SMTPException, OSError) as exc:
            code, texte = _erreur_smtp(exc, destinataire)
            raise ErreurEnvoi(
                f"envoi d'essai à {destinataire} refusé : {code or ''} {texte}".strip()
            ) from None
        finally:
            self._fermer()

    def envoyer_liste(
        self,
        courriel: Courriel,
        abonnes: list[Abonne],
        journal: JournalEnvoi,
        rapporter: Callable[[str], None] = lambda _texte: None,
    ) -> Bilan:
        """Envoie à chaque abonné pas encore noté au journal ; renvoie le bilan du passage."""
        bilan = Bilan()
        termines = journal.termines()
        intervalle = 1.0 / self.debit_par_seconde if self.debit_par_seconde > 0 else 0.0
        debut = self.horloge()
        prochain = debut
        try:
            for abonne in abonnes:
                cle = abonne.courriel.lower()
                if cle in termines:
                    bilan.deja_faits += 1
                    continue
                attente = prochain - self.horloge()
                if attente > 0:
                    self.dormir(attente)
                prochain = max(prochain, self.horloge()) + intervalle
                issue = self._essayer(courriel, abonne.courriel, journal)
                if issue is None:
                    bilan.envoyes += 1
                elif issue[0] is not None and 500 <= issue[0] < 600:
                    bilan.refus_definitifs.append((abonne.courriel, *issue))
                    rapporter(f"refus définitif {abonne.courriel} : {issue[0]} {issue[1]}")
                else:
                    bilan.en_attente.append((abonne.courriel, *issue))
                    rapporter(f"refus temporaire {abonne.courriel} : {issue[0] or ''} {issue[1]}")
        finally:
            self._fermer()
            bilan.duree_s = self.horloge() - debut
        return bilan

    def _essayer(self, courriel: Courriel, destinataire: str, journal: JournalEnvoi):
        """None si remis ; (code, texte) du dernier refus sinon (noté au journal si définitif)."""
        message = construire_message(
            courriel, self.entetes, destinataire, self.secret, dt.datetime.now(dt.UTC)
        )
        dernier = (None, "")
        for essai in range(max(1, self.essais)):
            if essai:
                self.dormir(self.attente_initiale_s * 2 ** (essai - 1))
            try:
                self._envoyer_un(message, destinataire)
            except ErreurEnvoi:
                raise
            except (smtplib.SMTPException, OSError) as exc:
                dernier = _erreur_smtp(exc, destinataire)
                code = dernier[0]
                if code is not None and 500 <= code < 600:
                    journal.noter(destinataire, "refuse", code, dernier[1])
                    return dernier
                if code is None or code == 421 or isinstance(exc, smtplib.SMTPServerDisconnected):
                    self._abandonner()  # connexion perdue : on en rouvrira une
                continue
            journal.noter(destinataire, "envoye")
            return None
        return dernier
