"""Ce qu'un numéro contient : sélection par différence avec le registre (logique pure).

Une actualité part dans le premier numéro non envoyé dont la date de coupure est après la
sienne, pourvu que son `uid` ne figure dans aucun numéro déjà envoyé de la même édition.
Jamais de fenêtre de dates seule : une actualité ajoutée en retard ou antidatée part au
numéro suivant ; modifiée après envoi, elle ne repart pas ; supprimée, elle n'apparaît plus.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .reglages import Edition


@dataclass(frozen=True)
class Actualite:
    """Une actualité telle que la lettre la montre : titre, date, résumé et lien."""

    uid: str
    titre: str
    date: dt.datetime
    resume: str
    url: str
    mots_cles: tuple[str, ...] = ()


@dataclass(frozen=True)
class RendezVous:
    """Une formation ou un événement à venir, figé tel qu'annoncé dans un numéro."""

    uid: str
    genre: str
    titre: str
    debut: dt.datetime
    fin: dt.datetime
    lieu: str
    url: str
    statut: str = ""
    resume: str = ""
    mots_cles: tuple[str, ...] = ()
    journee_entiere: bool = False  # jours entiers : début à minuit, fin exclusive, pas d'heure


@dataclass(frozen=True)
class Numero:
    """Le contenu d'un numéro d'une édition : tout ce qu'il faut pour le rendre à l'identique."""

    ident: str
    edition: str
    parution: dt.date
    actualites: tuple[Actualite, ...]
    rendez_vous: tuple[RendezVous, ...] = ()
    edito: str = ""  # Markdown
    envoye: str = ""  # horodatage ISO de fin d'envoi ; vide = pas encore envoyé
    destinataires: int = 0
    refus: int = 0

    @property
    def uids(self) -> frozenset[str]:
        return frozenset(a.uid for a in self.actualites)


@dataclass(frozen=True)
class Registre:
    """Le registre des numéros envoyés (fichier versionné) et les décisions du personnel."""

    numeros: tuple[Numero, ...] = ()
    depart_uids: frozenset[str] = frozenset()  # actualités existantes au démarrage : jamais envoyées
    depart_date: dt.date | None = None
    ecartees: frozenset[str] = frozenset()  # décidé : ne pas envoyer
    a_envoyer: frozenset[str] = frozenset()  # décidé : envoyer malgré l'âge

    def envoyes(self, edition: str) -> list[Numero]:
        return [n for n in self.numeros if n.edition == edition]

    def uids_envoyes(self, edition: str) -> frozenset[str]:
        return frozenset().union(*(n.uids for n in self.envoyes(edition)))

    def derniere_parution(self, edition: str) -> dt.date | None:
        dates = [n.parution for n in self.envoyes(edition)]
        return max(dates) if dates else None

    def avec(self, numero: Numero) -> Registre:
        """Un nouveau registre où `numero` est ajouté (les numéros envoyés ne changent jamais)."""
        if any(n.ident == numero.ident and n.edition == numero.edition for n in self.numeros):
            raise ValueError(f"le numéro {numero.ident} ({numero.edition}) est déjà au registre")
        return Registre(
            self.numeros + (numero,),
            self.depart_uids,
            self.depart_date,
            self.ecartees,
            self.a_envoyer,
        )


@dataclass(frozen=True)
class Selection:
    retenues: tuple[Actualite, ...]
    trop_anciennes: tuple[Actualite, ...]  # jamais envoyées et trop vieilles : à décider


def selectionner(
    actualites, registre: Registre, edition: Edition, coupure: dt.datetime, age_maximal: dt.timedelta
) -> Selection:
    """Les actualités du prochain numéro de `edition` (coupure exclue), triées par date puis uid."""
    deja = registre.uids_envoyes(edition.ident) | registre.depart_uids | registre.ecartees
    candidates = [
        a for a in actualites if a.uid not in deja and a.date < coupure and edition.retient(a.mots_cles)
    ]
    limite = coupure - age_maximal
    anciennes = [a for a in candidates if a.date < limite and a.uid not in registre.a_envoyer]
    exclues = {a.uid for a in anciennes}
    retenues = [a for a in candidates if a.uid not in exclues]

    def cle(a):
        return (a.date, a.uid)

    return Selection(tuple(sorted(retenues, key=cle)), tuple(sorted(anciennes, key=cle)))


def agenda_du_numero(rendez_vous, edition: Edition) -> tuple[RendezVous, ...]:
    """Les rendez-vous de la période si l'édition a un agenda, triés (annulés compris : on l'annonce).

    Une édition à mots-clés (les élus : « collectivites ») ne retient que les rendez-vous qui en
    portent un, comme pour les actualités : c'est ce que data/agenda.yml annonce à qui le remplit.
    """
    if not edition.agenda:
        return ()
    retenus = (r for r in rendez_vous if edition.retient(r.mots_cles))
    return tuple(sorted(retenus, key=lambda r: (r.debut, r.titre, r.uid)))
