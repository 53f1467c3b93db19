"""Le courriel d'un abonné : message RFC 5322 complet et jeton de désinscription signé.

Le jeton porte l'édition et l'adresse, signées par HMAC-SHA256 avec un secret pris dans
l'environnement (jamais dans le dépôt) : le gestionnaire de listes le vérifie avec
`verifier_jeton` avant de désinscrire, sans qu'on puisse désinscrire quelqu'un d'autre.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from urllib.parse import quote

from .rendu import MARQUE_JETON


@dataclass(frozen=True)
class Courriel:
    """Un numéro prêt à envoyer : objet, corps HTML et texte (avec la marque du jeton)."""

    ident: str
    edition: str
    objet: str
    html: str
    texte: str
    desinscription: str = ""  # adresse https de désinscription, avec la marque du jeton


@dataclass(frozen=True)
class Entetes:
    """Ce que les réglages fixent pour tous les messages d'une liste."""

    expediteur: str
    repondre_a: str
    list_id: str
    desinscription_courriel: str  # adresse mailto, sans « mailto: »


def _b64(donnees: bytes) -> str:
    return base64.urlsafe_b64encode(donnees).rstrip(b"=").decode("ascii")


def _signature(secret: bytes, charge: str) -> str:
    return _b64(hmac.new(secret, charge.encode("utf-8"), hashlib.sha256).digest()[:18])


def jeton(secret: bytes, edition: str, courriel: str) -> str:
    """Jeton de désinscription : « <édition:adresse en base64url>.<signature> »."""
    charge = f"{edition}:{courriel.strip().lower()}"
    return f"{_b64(charge.encode('utf-8'))}.{_signature(secret, charge)}"


def verifier_jeton(secret: bytes, valeur: str) -> tuple[str, str] | None:
    """(édition, adresse) si le jeton est authentique, sinon None."""
    try:
        charge_b64, signature = valeur.split(".", 1)
        charge = base64.urlsafe_b64decode(charge_b64 + "=" * (-len(charge_b64) % 4)).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return None
    if not hmac.compare_digest(signature, _signature(secret, charge)) or ":" not in charge:
        return None
    edition, courriel = charge.split(":", 1)
    return edition, courriel


def message_id(ident: str, edition: str, courriel: str, domaine: str) -> str:
    """Identifiant stable par numéro et abonné : un renvoi après reprise porte le même."""
    empreinte = hashlib.sha256(f"{ident}/{edition}/{courriel.lower()}".encode()).hexdigest()[:24]
    return f"<lettre-{ident}-{edition}-{empreinte}@{domaine}>"


def construire_message(
    courriel: Courriel,
    entetes: Entetes,
    destinataire: str,
    secret: bytes,
    maintenant: dt.datetime,
    test: bool = False,
) -> EmailMessage:
    """Le message multipart/alternative (texte puis HTML) d'un abonné, en-têtes de liste compris."""
    valeur_jeton = jeton(secret, courriel.edition, destinataire)
    html = courriel.html.replace(MARQUE_JETON, valeur_jeton)
    texte = courriel.texte.replace(MARQUE_JETON, valeur_jeton)
    lien_web = courriel.desinscription.replace(MARQUE_JETON, valeur_jeton)
    nom, adresse = parseaddr(entetes.expediteur)
    domaine = adresse.rsplit("@", 1)[-1] if "@" in adresse else "localhost"
    message = EmailMessage()
    message["Subject"] = ("[ESSAI] " if test else "") + courriel.objet
    message["From"] = Address(nom, addr_spec=adresse) if nom else adresse
    message["To"] = destinataire
    if entetes.repondre_a:
        message["Reply-To"] = entetes.repondre_a
    message["Date"] = format_datetime(maintenant)
    message["Message-ID"] = message_id(
        courriel.ident + ("-essai" if test else ""), courriel.edition, destinataire, domaine
    )
    if entetes.list_id:
        message["List-Id"] = entetes.list_id
    desabonnements = []
    if entetes.desinscription_courriel:
        sujet = quote(f"desinscription {valeur_jeton}")
        desabonnements.append(f"<mailto:{entetes.desinscription_courriel}?subject={sujet}>")
    if lien_web:
        desabonnements.append(f"<{lien_web}>")
    if desabonnements:
        message["List-Unsubscribe"] = ", ".join(desabonnements)
    if lien_web.startswith("https://"):
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    message["Auto-Submitted"] = "auto-generated"
    message["Precedence"] = "bulk"
    message.set_content(texte, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message
