"""Limites de débit du formulaire (table `limites`) : compteurs par fenêtre fixe, sur les deux moteurs.

La clé est une empreinte HMAC de l'adresse IP ou électronique (avec le secret du service) : la
table ne garde aucune donnée personnelle en clair, et ses lignes périmées sont effacées.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

import sqlalchemy as sa

from .sql import inserer
from .tables import limites


def cle(secret: str, espece: str, valeur: str) -> str:
    """« espece:empreinte » : l'empreinte seule ne permet pas de retrouver la valeur."""
    empreinte = hmac.new(secret.encode(), f"{espece}:{valeur}".encode(), hashlib.sha256).hexdigest()
    return f"{espece}:{empreinte[:40]}"


def compter(connexion: sa.Connection, cle_limite: str, fenetre_s: int, instant: dt.datetime) -> int:
    """Ajoute une demande au compteur de `cle_limite` et renvoie le total de la fenêtre en cours.

    Une seule requête (INSERT … ON CONFLICT DO UPDATE … RETURNING) : deux demandes simultanées ne
    peuvent pas lire le même compte. Une fenêtre échue repart à 1.
    """
    echue = limites.c.fenetre_debut < instant - dt.timedelta(seconds=fenetre_s)
    requete = inserer(connexion, limites).values(cle=cle_limite, fenetre_debut=instant, compte=1)
    requete = requete.on_conflict_do_update(
        index_elements=[limites.c.cle],
        set_={
            "compte": sa.case((echue, 1), else_=limites.c.compte + 1),
            "fenetre_debut": sa.case((echue, instant), else_=limites.c.fenetre_debut),
        },
    ).returning(limites.c.compte)
    return connexion.execute(requete).scalar_one()


def purger(connexion: sa.Connection, fenetre_max_s: int, instant: dt.datetime) -> int:
    """Efface les compteurs dont la fenêtre la plus longue est échue ; renvoie leur nombre."""
    limite = instant - dt.timedelta(seconds=fenetre_max_s)
    return connexion.execute(limites.delete().where(limites.c.fenetre_debut < limite)).rowcount
