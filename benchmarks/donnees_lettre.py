"""Registre de la lettre du corpus : 300 parutions envoyées, écrites avec le code du plugin `lettre`.

Les numéros (toutes les éditions réglées dans pelicanconf.py) sont composés comme la lettre les
compose — chaque actualité part dans le premier numéro dont la coupure suit sa date — puis écrits
par `lettre.registre.ecrire_registre` : le format est celui du plugin, pas une copie.
La parution du jour du build n'est pas envoyée : c'est l'aperçu, une quinzaine chargée (15
actualités, un éditorial) dont on pèse le courriel.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

PARUTIONS_ENVOYEES = 300
FUSEAU = ZoneInfo("Europe/Paris")
EDITO = """Chères lectrices, chers lecteurs,

Cette quinzaine a été **particulièrement riche** : ateliers de création, réunions thématiques
avec les collectivités, nouvelles sessions de formation ADVA et forum de l'emploi associatif.
Vous trouverez ci-dessous toutes les actualités et les prochains rendez-vous.

Merci aux bénévoles, aux partenaires et aux porteurs de projet qui font vivre le réseau.
Pour nous écrire, répondez simplement à ce courriel.
"""


def premiere_parution(date_construction: dt.date, periode: int) -> dt.date:
    """Date du premier numéro pour que le 301e (non envoyé) tombe le jour du build."""
    return date_construction - dt.timedelta(days=periode * PARUTIONS_ENVOYEES)


def ecrire_registre(donnees, actualites, settings, date_construction: dt.date, graine: int) -> dict:
    """Écrit `data/lettre/registre.yml` (et `.jsonl`), l'éditorial du numéro à venir ; renvoie les réglages à poser."""
    from lettre import reglages
    from lettre.calendrier import parution_numero_k
    from lettre.registre import ecrire_registre as ecrire
    from lettre.selection import Actualite, Numero, Registre

    options = reglages.lire(settings)
    editions = reglages.editions(options)
    periode = int(options["periode_jours"])
    premier = premiere_parution(date_construction, periode)
    alea = random.Random(f"lettre-{graine}")
    vues = [
        Actualite(
            a.uid,
            a.titre,
            a.date.replace(tzinfo=FUSEAU),
            a.resume,
            f"actualites/{a.slug}/",
            tuple(sorted(a.mots_cles)),
        )
        for a in actualites
    ]
    parutions = [parution_numero_k(premier, periode, k) for k in range(PARUTIONS_ENVOYEES + 1)]
    coupures = [p.coupure() for p in parutions]
    numeros = []
    for k, parution in enumerate(parutions[:PARUTIONS_ENVOYEES]):
        dans = [a for a in vues if (k == 0 or coupures[k - 1] <= a.date) and a.date < coupures[k]]
        envoi = dt.datetime.combine(parution.date, dt.time(8, alea.randint(0, 59)), tzinfo=FUSEAU)
        for edition in editions:
            retenues = tuple(a for a in dans if edition.retient(a.mots_cles)) if k else ()
            numeros.append(
                Numero(
                    parution.ident,
                    edition.ident,
                    parution.date,
                    retenues,
                    (),
                    "",
                    envoi.isoformat(),
                    alea.randint(300, 900),
                    alea.randint(0, 3),
                )
            )
    registre = Registre(
        numeros=tuple(numeros),
        depart_uids=frozenset(a.uid for a in vues if a.date < coupures[0]),
        depart_date=premier,
    )
    ecrire(donnees / options["registre"], registre)
    editos = donnees / options["editos"]
    editos.mkdir(parents=True, exist_ok=True)
    (editos / f"{parutions[-1].ident}.md").write_text(EDITO, encoding="utf-8")
    return {"LETTRE": {"premier_numero": premier.isoformat()}}
