"""Flux Atom des publications des plugins (numéros de la lettre, de la Lettre d'infos).

Écrits par feedgenerator, la bibliothèque dont Pelican se sert pour les flux des actualités :
échappement, dates RFC 3339 et enclosures sont les siens, pas un gabarit XML tenu à la main.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
from dataclasses import dataclass

from feedgenerator import Atom1Feed, Enclosure


@dataclass(frozen=True)
class EntreeFlux:
    """Une entrée : son adresse absolue sert aussi d'identifiant (elle ne change jamais)."""

    titre: str
    adresse: str
    date: dt.datetime  # avec fuseau
    resume: str  # texte brut (le flux le donne en HTML, échappé ici)
    auteur: str
    piece_jointe: tuple[str, int, str] | None = None  # (adresse, octets, type MIME)


class _FluxDate(Atom1Feed):
    """Atom1Feed dont la date de mise à jour, sans entrée, est celle du build (pas l'heure qu'il est) :
    un flux inchangé reste identique d'un build à l'autre."""

    def __init__(self, *args, sans_entree: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.sans_entree = sans_entree

    def latest_post_date(self):
        return super().latest_post_date() if self.items else self.sans_entree


def flux_atom(
    titre: str, adresse: str, adresse_flux: str, entrees, jour: dt.date, max_entrees: int | None = None
) -> bytes:
    """Le flux Atom (UTF-8) de `entrees` (des `EntreeFlux`, les plus récentes d'abord) ; `jour` : date
    du build, mise à jour d'un flux encore vide (un itérable : passé en générateur, seules les
    entrées gardées sont calculées) ; `max_entrees` : les premières seulement (réglage
    FEED_MAX_ITEMS, comme les flux des actualités : un lecteur de flux ne relit pas des années d'archives)."""
    flux = _FluxDate(
        title=titre,
        link=adresse,
        description="",
        feed_url=adresse_flux,
        feed_guid=adresse,
        language="fr",
        sans_entree=dt.datetime.combine(jour, dt.time(), tzinfo=dt.UTC),
    )
    for entree in itertools.islice(entrees, max_entrees):  # un générateur : le reste n'est pas calculé
        flux.add_item(
            title=entree.titre,
            link=entree.adresse,
            unique_id=entree.adresse,
            description=html.escape(entree.resume, quote=False),
            author_name=entree.auteur,
            pubdate=entree.date,
            updateddate=entree.date,
            enclosures=[Enclosure(*map(str, entree.piece_jointe))] if entree.piece_jointe else None,
        )
    return flux.writeString("utf-8").encode("utf-8")
