"""Droits des personnes (RGPD) et tenue de la base : export, effacement, comptes, purge.

- `exporter` : toutes les données d'une personne (abonné, éditions, consentements, historique,
  suppression, remises), en un dictionnaire prêt pour JSON ; l'export lui-même est historisé ;
- `effacer` : la personne disparaît (ses éditions, consentements et remises avec elle, et sa ligne
  de suppression) ; l'historique garde les actions, sans adresse, plus une ligne « effacement » ;
  seule l'empreinte de son adresse reste dans `suppressions` (`empreinte_effacee`) : un import d'une
  ancienne liste ne la réinscrit pas (elle peut se réinscrire elle-même sur le site) ;
- `purger_demandes` : les demandes jamais confirmées sont effacées après `JOURS_DEMANDE` jours.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa

from .inscriptions import ACTEUR_COMMANDE, noter
from .tables import (
    abonnements,
    abonnes,
    consentements,
    courriels_a_remettre,
    historique,
    numeros,
    remises,
    suppressions,
)
from .validation import canonique

JOURS_DEMANDE = 30
EFFACEMENT = "effacement"  # raison, dans `suppressions`, de l'empreinte d'une personne effacée


def empreinte_effacee(courriel: str) -> str:
    """La clé, dans `suppressions`, d'une personne effacée : l'empreinte de son adresse, pas l'adresse
    (« effacee: » + SHA-256 ; ne peut pas être une adresse, qui a toujours un « @ »)."""
    return "effacee:" + hashlib.sha256(canonique(courriel).encode("utf-8")).hexdigest()


def empreintes_effacees(connexion) -> set[str]:
    """Les empreintes (`empreinte_effacee`) des personnes effacées à leur demande."""
    requete = sa.select(suppressions.c.courriel_canonique).where(suppressions.c.raison == EFFACEMENT)
    return set(connexion.execute(requete).scalars())


def _date(valeur) -> str | None:
    if valeur is None:
        return None
    if valeur.tzinfo is None:
        valeur = valeur.replace(tzinfo=dt.UTC)
    return valeur.isoformat(timespec="seconds")


def _lignes(connexion, requete, dates=()) -> list[dict]:
    resultat = []
    for ligne in connexion.execute(requete).mappings():
        resultat.append({cle: _date(v) if cle in dates else v for cle, v in ligne.items()})
    return resultat


def _de_la_personne(connexion, table, ident: int, dates, *colonnes: str) -> list[dict]:
    """Les lignes de `table` qui appartiennent à la personne `ident`, dans l'ordre où elles ont été écrites."""
    requete = sa.select(*(table.c[nom] for nom in colonnes)).where(table.c.abonne_id == ident)
    return _lignes(connexion, requete.order_by(table.c.id), dates)


def identifiant(connexion, courriel: str) -> int | None:
    requete = sa.select(abonnes.c.id).where(abonnes.c.courriel_canonique == canonique(courriel))
    return connexion.execute(requete).scalar()


def exporter(connexion, courriel: str, instant: dt.datetime) -> dict | None:
    """Toutes les données de la personne de cette adresse (None si inconnue) ; note l'export."""
    ident = identifiant(connexion, courriel)
    if ident is None:
        return None
    dates = (
        "cree_le",
        "confirme_le",
        "modifie_le",
        "depuis",
        "donne_le",
        "quand",
        "fige_le",
        "prochain_essai",
    )
    personne = _lignes(
        connexion,
        sa.select(
            abonnes.c.courriel,
            abonnes.c.nom,
            abonnes.c.statut,
            abonnes.c.cree_le,
            abonnes.c.confirme_le,
            abonnes.c.modifie_le,
        ).where(abonnes.c.id == ident),
        dates,
    )[0]
    donnees = {
        "personne": personne,
        "editions": _lignes(
            connexion,
            sa.select(abonnements.c.edition, abonnements.c.depuis)
            .where(abonnements.c.abonne_id == ident)
            .order_by(abonnements.c.edition),
            dates,
        ),
        "consentements": _de_la_personne(
            connexion, consentements, ident, dates, "donne_le", "confirme_le", "source", "texte", "editions"
        ),
        "historique": _de_la_personne(
            connexion, historique, ident, dates, "quand", "acteur", "action", "detail"
        ),
        "suppression": _lignes(
            connexion,
            sa.select(suppressions.c.raison, suppressions.c.detail, suppressions.c.depuis).where(
                suppressions.c.courriel_canonique == canonique(courriel)
            ),
            dates,
        ),
        "remises": _lignes(
            connexion,
            sa.select(
                numeros.c.numero,
                numeros.c.edition,
                remises.c.etat,
                remises.c.essais,
                remises.c.code,
                remises.c.modifie_le,
            )
            .join(numeros, numeros.c.id == remises.c.numero_id)
            .where(remises.c.abonne_id == ident)
            .order_by(numeros.c.numero, numeros.c.edition),
            dates,
        ),
        # Le courriel de confirmation pas encore remis (message complet : c'est une donnée de la personne).
        "courriels_a_remettre": _de_la_personne(
            connexion,
            courriels_a_remettre,
            ident,
            dates,
            "cree_le",
            "essais",
            "prochain_essai",
            "derniere_erreur",
            "message",
        ),
    }
    noter(connexion, ident, instant, ACTEUR_COMMANDE, "export")
    return donnees


def effacer(connexion, courriel: str, instant: dt.datetime, detail: str = "demande de la personne") -> bool:
    """Efface la personne de cette adresse ; faux si elle est inconnue (rien n'est fait)."""
    connexion.execute(suppressions.delete().where(suppressions.c.courriel_canonique == canonique(courriel)))
    ident = identifiant(connexion, courriel)
    if ident is None:
        return False
    # Les clés étrangères effacent éditions, consentements et remises, et anonymisent l'historique.
    connexion.execute(abonnes.delete().where(abonnes.c.id == ident))
    noter(connexion, None, instant, ACTEUR_COMMANDE, "effacement", detail)
    cle = empreinte_effacee(courriel)
    connexion.execute(suppressions.delete().where(suppressions.c.courriel_canonique == cle))
    connexion.execute(suppressions.insert().values(courriel_canonique=cle, raison=EFFACEMENT, depuis=instant))
    return True


def purger_demandes(connexion, instant: dt.datetime, jours: int = JOURS_DEMANDE) -> int:
    """Efface les personnes restées « en_attente » (jamais confirmées) depuis `jours` jours.

    Le délai court depuis leur dernière demande, pas la première : une personne qui redemande au
    29e jour garde sa nouvelle demande (et son courriel de confirmation) le temps de la confirmer.
    """
    limite = instant - dt.timedelta(days=jours)
    demande_recente = (
        sa.select(consentements.c.id)
        .where(consentements.c.abonne_id == abonnes.c.id, consentements.c.donne_le >= limite)
        .exists()
    )
    anciennes = (
        connexion.execute(
            sa.select(abonnes.c.id).where(
                abonnes.c.statut == "en_attente", abonnes.c.cree_le < limite, ~demande_recente
            )
        )
        .scalars()
        .all()
    )
    effacees = 0
    if anciennes:
        # Le nombre vraiment effacé : deux purges simultanées (deux processus) ne notent pas deux fois.
        effacees = connexion.execute(abonnes.delete().where(abonnes.c.id.in_(anciennes))).rowcount
        for _ in range(effacees):
            noter(
                connexion, None, instant, "service", "effacement", f"demande jamais confirmée ({jours} jours)"
            )
    return effacees


def compter(connexion) -> dict:
    """Nombre de personnes par statut, d'abonnés confirmés par édition, et de suppressions."""
    statuts = dict(
        connexion.execute(sa.select(abonnes.c.statut, sa.func.count()).group_by(abonnes.c.statut)).all()
    )
    destinataires = (
        sa.select(abonnements.c.edition, sa.func.count())
        .join(abonnes, abonnes.c.id == abonnements.c.abonne_id)
        .outerjoin(suppressions, suppressions.c.courriel_canonique == abonnes.c.courriel_canonique)
        .where(abonnes.c.statut == "confirme", suppressions.c.courriel_canonique.is_(None))
        .group_by(abonnements.c.edition)
    )
    return {
        "statuts": {s: statuts.get(s, 0) for s in ("en_attente", "confirme", "desinscrit")},
        "editions": dict(connexion.execute(destinataires).all()),
        "suppressions": connexion.execute(
            sa.select(sa.func.count()).select_from(suppressions).where(suppressions.c.raison != EFFACEMENT)
        ).scalar_one(),
        "effacees": connexion.execute(
            sa.select(sa.func.count()).select_from(suppressions).where(suppressions.c.raison == EFFACEMENT)
        ).scalar_one(),
    }
