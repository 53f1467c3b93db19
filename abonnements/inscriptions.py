"""Les changements d'état d'un abonné : demande, confirmation, préférences, désinscription.

Chaque fonction reçoit une connexion ouverte dans **une** transaction (`moteur.begin()`) et laisse
une ligne dans `historique` (qui, quand, quoi ; jamais l'adresse dans le détail). L'unicité de
l'adresse canonique et des paires (abonné, édition) est tenue par les contraintes de la base :
`ON CONFLICT DO NOTHING` plutôt que « vérifier puis insérer ».

Règles (contrat avec l'envoi, voir docs/abonnements.md) :
- une demande crée l'abonné « en_attente » s'il est inconnu et une ligne de consentement non
  confirmée ; rien d'autre ne change tant que le lien de confirmation n'est pas suivi ;
- la confirmation ajoute les éditions demandées, passe l'abonné « confirme » et lève un
  `refus_definitif` de la liste de suppression (la personne vient de prouver sa boîte) ;
- se désinscrire retire l'édition (« desinscrit » quand il n'en reste aucune) ; la preuve du
  consentement reste.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from .sql import inserer
from .tables import abonnements, abonnes, consentements, historique, suppressions
from .validation import canonique

ACTEUR_WEB = "web"
ACTEUR_COMMANDE = "ligne de commande"


def noter(
    connexion, abonne_id: int | None, instant: dt.datetime, acteur: str, action: str, detail=""
) -> None:
    """Une ligne d'historique (l'adresse n'y figure jamais : l'effacement la rend anonyme)."""
    connexion.execute(
        historique.insert().values(
            abonne_id=abonne_id, quand=instant, acteur=acteur, action=action, detail=detail
        )
    )


def _liste(editions) -> str:
    return ",".join(editions)


def creer_ou_retrouver(
    connexion, courriel: str, nom: str, statut: str, instant: dt.datetime
) -> tuple[int, bool]:
    """(identifiant, créé ?) de l'abonné de cette adresse ; l'insère s'il n'existe pas."""
    requete = (
        inserer(connexion, abonnes)
        .values(
            courriel=courriel,
            courriel_canonique=canonique(courriel),
            nom=nom,
            statut=statut,
            cree_le=instant,
            confirme_le=instant if statut == "confirme" else None,
            modifie_le=instant,
        )
        .on_conflict_do_nothing(index_elements=[abonnes.c.courriel_canonique])
        .returning(abonnes.c.id)
    )
    ident = connexion.execute(requete).scalar()
    if ident is not None:
        return ident, True
    existant = sa.select(abonnes.c.id).where(abonnes.c.courriel_canonique == canonique(courriel))
    return connexion.execute(existant).scalar_one(), False


def ajouter_editions(connexion, abonne_id: int, editions, instant: dt.datetime) -> None:
    for edition in editions:
        connexion.execute(
            inserer(connexion, abonnements)
            .values(abonne_id=abonne_id, edition=edition, depuis=instant)
            .on_conflict_do_nothing()
        )


def demander(connexion, demande, texte: str, instant: dt.datetime) -> tuple[int, int]:
    """Enregistre une demande d'inscription ; renvoie (abonné, consentement à confirmer)."""
    abonne_id, _cree = creer_ou_retrouver(connexion, demande.courriel, demande.nom, "en_attente", instant)
    consentement_id = connexion.execute(
        consentements.insert()
        .values(
            abonne_id=abonne_id,
            donne_le=instant,
            source="formulaire",
            texte=texte,
            editions=_liste(demande.editions),
        )
        .returning(consentements.c.id)
    ).scalar_one()
    noter(
        connexion,
        abonne_id,
        instant,
        ACTEUR_WEB,
        "inscription_demandee",
        f"éditions : {', '.join(demande.editions)}",
    )
    return abonne_id, consentement_id


@dataclass(frozen=True)
class Abonne:
    """Ce que les pages montrent d'un abonné."""

    ident: int
    courriel: str
    nom: str
    statut: str
    editions: frozenset[str]


def lire(connexion, abonne_id: int) -> Abonne | None:
    ligne = connexion.execute(sa.select(abonnes).where(abonnes.c.id == abonne_id)).first()
    if ligne is None:
        return None
    editions = connexion.execute(
        sa.select(abonnements.c.edition).where(abonnements.c.abonne_id == abonne_id)
    ).scalars()
    return Abonne(ligne.id, ligne.courriel, ligne.nom, ligne.statut, frozenset(editions))


def etat_consentement(connexion, abonne_id: int, consentement_id: int) -> str:
    """« a_confirmer », « deja » (confirmé) ou « introuvable » : ce que la page du lien affiche."""
    confirme_le = connexion.execute(
        sa.select(consentements.c.confirme_le, consentements.c.id).where(
            consentements.c.id == consentement_id, consentements.c.abonne_id == abonne_id
        )
    ).first()
    if confirme_le is None:
        return "introuvable"
    return "a_confirmer" if confirme_le[0] is None else "deja"


def confirmer(connexion, abonne_id: int, consentement_id: int, editions_connues, instant: dt.datetime) -> str:
    """« confirmee », « deja » (lien déjà suivi : rien ne change) ou « introuvable »."""
    ligne = connexion.execute(
        sa.select(consentements.c.editions).where(
            consentements.c.id == consentement_id, consentements.c.abonne_id == abonne_id
        )
    ).first()
    if ligne is None:
        return "introuvable"
    # La mise à jour conditionnelle tranche : deux clics simultanés, une seule confirmation.
    confirme = connexion.execute(
        consentements.update()
        .where(consentements.c.id == consentement_id, consentements.c.confirme_le.is_(None))
        .values(confirme_le=instant)
    ).rowcount
    if not confirme:
        return "deja"
    editions = [e for e in ligne.editions.split(",") if e in editions_connues]
    ajouter_editions(connexion, abonne_id, editions, instant)
    connexion.execute(
        abonnes.update()
        .where(abonnes.c.id == abonne_id)
        .values(statut="confirme", confirme_le=instant, modifie_le=instant)
    )
    adresse = sa.select(abonnes.c.courriel_canonique).where(abonnes.c.id == abonne_id).scalar_subquery()
    leve = connexion.execute(
        suppressions.delete().where(
            suppressions.c.courriel_canonique == adresse, suppressions.c.raison == "refus_definitif"
        )
    ).rowcount
    detail = f"éditions : {', '.join(editions)}" + (" ; refus définitif levé" if leve else "")
    noter(connexion, abonne_id, instant, ACTEUR_WEB, "confirmation", detail)
    return "confirmee"


def changer_editions(connexion, abonne_id: int, voulues, editions_connues, texte: str, instant) -> bool:
    """La page de préférences : l'abonné reçoit exactement `voulues` ; renvoie vrai si ça change.

    Le lien signé venu d'une lettre prouve la boîte : une édition ajoutée ici est un consentement
    confirmé (source « préférences »). Sans édition, l'abonné est « desinscrit ».
    """
    actuel = lire(connexion, abonne_id)
    if actuel is None:
        return False
    voulues = frozenset(voulues) & frozenset(editions_connues)
    ajout = [e for e in editions_connues if e in voulues - actuel.editions]
    retrait = sorted(actuel.editions - voulues)
    statut = "confirme" if voulues else "desinscrit"
    if not ajout and not retrait and statut == actuel.statut:
        return False
    if retrait:
        connexion.execute(
            abonnements.delete().where(
                abonnements.c.abonne_id == abonne_id, abonnements.c.edition.in_(retrait)
            )
        )
    if ajout:
        ajouter_editions(connexion, abonne_id, ajout, instant)
        connexion.execute(
            consentements.insert().values(
                abonne_id=abonne_id,
                donne_le=instant,
                confirme_le=instant,
                source="préférences",
                texte=texte,
                editions=_liste(ajout),
            )
        )
    valeurs = {"statut": statut, "modifie_le": instant}
    if statut == "confirme" and actuel.statut != "confirme":
        valeurs["confirme_le"] = instant
    connexion.execute(abonnes.update().where(abonnes.c.id == abonne_id).values(**valeurs))
    detail = f"ajout : {', '.join(ajout) or '—'} ; retrait : {', '.join(retrait) or '—'}"
    noter(connexion, abonne_id, instant, ACTEUR_WEB, "preferences", detail)
    return True


def desinscrire(connexion, abonne_id: int, edition: str, instant, acteur=ACTEUR_WEB, detail="") -> str:
    """Retire l'édition (toutes si `edition` est vide) : « fait », « rien » (déjà fait) ou « introuvable »."""
    statut = connexion.execute(sa.select(abonnes.c.statut).where(abonnes.c.id == abonne_id)).scalar()
    if statut is None:
        return "introuvable"
    condition = abonnements.c.abonne_id == abonne_id
    if edition:
        condition = condition & (abonnements.c.edition == edition)
    retirees = connexion.execute(abonnements.delete().where(condition)).rowcount
    restantes = connexion.execute(
        sa.select(sa.func.count()).select_from(abonnements).where(abonnements.c.abonne_id == abonne_id)
    ).scalar_one()
    devient_desinscrit = restantes == 0 and statut != "desinscrit"
    if not retirees and not devient_desinscrit:
        return "rien"
    valeurs = {"modifie_le": instant}
    if devient_desinscrit:
        valeurs["statut"] = "desinscrit"
    connexion.execute(abonnes.update().where(abonnes.c.id == abonne_id).values(**valeurs))
    texte = f"édition : {edition or 'toutes'}" + (f" ; {detail}" if detail else "")
    noter(connexion, abonne_id, instant, acteur, "desinscription", texte)
    return "fait"
