"""Le courriel d'un abonné : message RFC 5322 complet, liens signés de désinscription et de préférences.

Les jetons sont ceux du service d'abonnement (`abonnements.jetons`, signés avec LETTRE_SECRET) :
`desinscription` porte l'abonné et l'édition (RFC 8058, un clic), `preferences` l'abonné seul.

`List-Unsubscribe` et `List-Unsubscribe-Post` partent en clair (RFC 2369, RFC 8058) : la politique
par défaut du module `email` encode en RFC 2047 (`=?utf-8?q?…`) tout mot de plus de 78 caractères,
et une adresse de désinscription en est un ; les messageries n'y trouvent alors plus aucune
adresse. `PoliceLettre` plie ces en-têtes seulement entre deux adresses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, parseaddr
from urllib.parse import quote

from .rendu import MARQUE_JETON, MARQUE_PREFERENCES

EN_TETES_EN_CLAIR = frozenset({"list-unsubscribe", "list-unsubscribe-post"})
_ADRESSES_ENTRE_CHEVRONS = re.compile(r"<[^<>]*>")
_CONTROLES = re.compile(r"[\x00-\x1f\x7f]+")


class PoliceLettre(EmailPolicy):
    """Politique SMTP (CRLF) où les en-têtes de liste restent des adresses en clair."""

    def _en_clair(self, name, value) -> str:
        adresses = _ADRESSES_ENTRE_CHEVRONS.findall(str(value))
        corps = f",{self.linesep} ".join(adresses) if adresses else str(value)
        return f"{name}: {corps}{self.linesep}"

    def fold(self, name, value):
        if name.lower() in EN_TETES_EN_CLAIR:
            return self._en_clair(name, value)
        return super().fold(name, value)

    def fold_binary(self, name, value):
        if name.lower() in EN_TETES_EN_CLAIR:
            return self._en_clair(name, value).encode("ascii")
        return super().fold_binary(name, value)


POLICE = PoliceLettre(linesep="\r\n")


@dataclass(frozen=True)
class Courriel:
    """Un numéro prêt à envoyer : objet, corps HTML et texte (avec les marques des jetons)."""

    ident: str
    edition: str
    objet: str
    html: str
    texte: str


@dataclass(frozen=True)
class Entetes:
    """Ce que les réglages fixent pour tous les messages d'une liste."""

    expediteur: str
    repondre_a: str
    list_id: str
    desinscription_courriel: str  # adresse mailto, sans « mailto: »
    service_url: str  # adresse publique du service d'abonnement, sans « / » final


def message_id(ident: str, edition: str, courriel: str, domaine: str) -> str:
    """Identifiant stable par numéro et abonné : un renvoi après reprise porte le même."""
    empreinte = hashlib.sha256(f"{ident}/{edition}/{courriel.lower()}".encode()).hexdigest()[:24]
    return f"<lettre-{ident}-{edition}-{empreinte}@{domaine}>"


def nom_affichable(nom: str) -> str:
    """Le nom d'un abonné tel qu'il peut aller dans `To:` : sans retour à la ligne ni caractère de contrôle."""
    return " ".join(_CONTROLES.sub(" ", nom or "").split())[:100]


def destinataire_en_tete(courriel: str, nom: str = ""):
    """`To:` : « Nom <adresse> » encodé par `email` quand le nom est connu, l'adresse seule sinon.

    Lève ValueError si l'adresse elle-même est illisible (l'envoi la traite en refus définitif).
    """
    if _CONTROLES.search(courriel):
        raise ValueError(f"adresse illisible : {courriel!r}")
    adresse = Address(addr_spec=courriel.strip())
    nom = nom_affichable(nom)
    return Address(nom, addr_spec=adresse.addr_spec) if nom else adresse


def construire_message(
    courriel: Courriel,
    entetes: Entetes,
    destinataire: str,
    secret: str,
    maintenant: dt.datetime,
    abonne_id: int = 0,
    nom: str = "",
    test: bool = False,
) -> EmailMessage:
    """Le message multipart/alternative (texte puis HTML) d'un abonné, en-têtes de liste compris."""
    from abonnements.jetons import signer

    jeton = signer(secret, "desinscription", abonne_id, courriel.edition)
    jeton_preferences = signer(secret, "preferences", abonne_id)
    html = courriel.html.replace(MARQUE_JETON, jeton).replace(MARQUE_PREFERENCES, jeton_preferences)
    texte = courriel.texte.replace(MARQUE_JETON, jeton).replace(MARQUE_PREFERENCES, jeton_preferences)
    nom_expediteur, adresse = parseaddr(entetes.expediteur)
    domaine = adresse.rsplit("@", 1)[-1] if "@" in adresse else "localhost"
    message = EmailMessage(policy=POLICE)
    message["Subject"] = ("[ESSAI] " if test else "") + courriel.objet
    message["From"] = Address(nom_expediteur, addr_spec=adresse) if nom_expediteur else adresse
    message["To"] = destinataire_en_tete(destinataire, nom)
    if entetes.repondre_a:
        message["Reply-To"] = entetes.repondre_a
    message["Date"] = format_datetime(maintenant)
    message["Message-ID"] = message_id(
        courriel.ident + ("-essai" if test else ""), courriel.edition, destinataire, domaine
    )
    if entetes.list_id:
        message["List-Id"] = entetes.list_id
    desabonnements = []
    if entetes.service_url:
        desabonnements.append(f"<{entetes.service_url}/desinscription/{jeton}>")
    if entetes.desinscription_courriel:
        sujet = quote(f"desinscription {jeton}")
        desabonnements.append(f"<mailto:{entetes.desinscription_courriel}?subject={sujet}>")
    if desabonnements:
        message["List-Unsubscribe"] = ", ".join(desabonnements)
    if entetes.service_url.startswith("https://"):
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"  # RFC 8058
    message["Auto-Submitted"] = "auto-generated"
    message["Precedence"] = "bulk"
    message.set_content(texte, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message
