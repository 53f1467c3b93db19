"""Les courriels de confirmation à remettre (table `courriels_a_remettre`) : rien ne se perd si le
serveur SMTP est en panne au moment d'une inscription.

Le courriel est enregistré dans la même transaction que la demande d'inscription : une demande
acceptée a toujours son courriel. Le service le remet juste après avoir répondu, puis, tant qu'il
n'est pas parti, le réessaie à intervalles croissants (`delai_avant_essai`) jusqu'à l'expiration du
lien qu'il contient (`confirmation_heures`) : au-delà, il ne servirait plus à rien et il est
abandonné (journalisé ; la personne peut refaire sa demande). Un refus définitif du serveur (5xx)
l'abandonne aussi.

Plusieurs processus du service peuvent tourner sur la même base (PostgreSQL) : un courriel est
réservé avant d'être remis (le compteur d'essais sert de jeton : une seule réservation réussit),
et une réservation dure `BAIL` ; un processus tué pendant la remise laisse le courriel à reprendre.
Le courriel d'une personne effacée (RGPD) part avec elle (clé étrangère en cascade).
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import dataclass
from email.message import EmailMessage

import sqlalchemy as sa

from .base import utc
from .tables import courriels_a_remettre as table

BAIL = dt.timedelta(minutes=5)  # un courriel réservé et pas remis dans ce délai se reprend
DELAI_MAX = dt.timedelta(hours=1)
PAR_TOUR = 50  # courriels remis au plus par passage (les suivants au passage suivant)


@dataclass(frozen=True)
class Courriel:
    ident: int
    message: EmailMessage
    cree_le: dt.datetime
    essais: int  # essais commencés, celui-ci compris


def mettre_en_attente(
    connexion: sa.Connection, abonne_id: int, message: EmailMessage, instant: dt.datetime
) -> int:
    """Enregistre le courriel, à remettre tout de suite ; renvoie son identifiant."""
    requete = table.insert().values(
        abonne_id=abonne_id, message=message.as_string(), cree_le=instant, prochain_essai=instant
    )
    return connexion.execute(requete).inserted_primary_key[0]


def reserver(connexion: sa.Connection, instant: dt.datetime, nombre: int = PAR_TOUR) -> list[Courriel]:
    """Les courriels dus (`prochain_essai` passé), réservés pour ce processus pendant `BAIL`."""
    dus = connexion.execute(
        sa.select(table.c.id, table.c.message, table.c.cree_le, table.c.essais)
        .where(table.c.prochain_essai <= instant)
        .order_by(table.c.prochain_essai, table.c.id)
        .limit(nombre)
    ).all()
    reserves = []
    for ident, texte, cree_le, essais in dus:
        pris = connexion.execute(
            table.update()
            .where(table.c.id == ident, table.c.essais == essais)
            .values(essais=essais + 1, prochain_essai=instant + BAIL)
        ).rowcount
        if pris == 1:
            message = email.message_from_string(texte, policy=email.policy.default)
            reserves.append(Courriel(ident, message, utc(cree_le), essais + 1))
    return reserves


def retirer(connexion: sa.Connection, ident: int) -> None:
    """Le courriel est parti (ou abandonné) : il quitte la file."""
    connexion.execute(table.delete().where(table.c.id == ident))


def delai_avant_essai(essais: int, premier: dt.timedelta) -> dt.timedelta:
    """Attente avant l'essai suivant après `essais` échecs : `premier`, puis ×4, au plus une heure."""
    return min(premier * 4 ** (max(essais, 1) - 1), DELAI_MAX)


def reporter(connexion: sa.Connection, courriel: Courriel, erreur: str, prochain: dt.datetime) -> None:
    """Échec temporaire : on réessaiera à `prochain` ; l'erreur est gardée pour le personnel."""
    connexion.execute(
        table.update()
        .where(table.c.id == courriel.ident)
        .values(prochain_essai=prochain, derniere_erreur=erreur)
    )


def compter(connexion: sa.Connection) -> dict:
    """Courriels en file et date du plus ancien (None si la file est vide)."""
    nombre, plus_ancien = connexion.execute(sa.select(sa.func.count(), sa.func.min(table.c.cree_le))).one()
    return {"nombre": nombre, "plus_ancien": utc(plus_ancien)}
