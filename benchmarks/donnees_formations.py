"""Sessions de formation et événements du corpus, dans le format du plugin `formations`.

Le catalogue et l'agenda du site sont copiés, puis complétés jusqu'à 300 rendez-vous (deux tiers
de sessions, un tiers d'événements) répartis sur les 12 ans du corpus, dont une dizaine dans les
quatre semaines après le build : la lettre à venir annonce donc des rendez-vous. Modules et
lieux sont ceux du catalogue ; les mots-clés, ceux du vocabulaire. Le test de fumée repasse le
tout dans le `verifier` du plugin.
"""

from __future__ import annotations

import datetime as dt
import random

import yaml

from . import textes

NOMBRE_RENDEZ_VOUS = 300
A_VENIR = 10  # dans les 4 semaines suivant le build


def _jours_au_hasard(alea: random.Random, debut: dt.date, fin: dt.date, nombre: int, a_venir_de: dt.date):
    jours = [debut + dt.timedelta(days=alea.randrange((fin - debut).days)) for _ in range(nombre - A_VENIR)]
    jours += [a_venir_de + dt.timedelta(days=alea.randint(1, 27)) for _ in range(A_VENIR)]
    return sorted(jour + dt.timedelta(days=(1 - jour.weekday()) % 7) for jour in jours)  # un mardi


def ecrire_formations(
    donnees, settings, vocabulaire, debut: dt.date, date_construction: dt.date, graine: int
) -> str:
    """Complète le catalogue et l'agenda copiés du site ; renvoie un état lisible."""
    from formations import reglages

    options = reglages.lire(settings)
    chemin_catalogue, chemin_agenda = donnees / options["catalogue"], donnees / options["agenda"]
    catalogue = yaml.safe_load(chemin_catalogue.read_text(encoding="utf-8"))
    agenda = yaml.safe_load(chemin_agenda.read_text(encoding="utf-8"))
    courriel = yaml.safe_load((donnees / "association.yml").read_text(encoding="utf-8"))["courriel"]
    modules = [m["slug"] for m in catalogue["modules"]]
    lieux = [lieu["id"] for lieu in catalogue["lieux"]]
    sessions, evenements = catalogue.setdefault("sessions", []), agenda.setdefault("evenements", [])
    a_generer = max(0, NOMBRE_RENDEZ_VOUS - len(sessions) - len(evenements))
    alea = random.Random(f"formations-{graine}")
    dates = _jours_au_hasard(alea, debut, date_construction, a_generer, date_construction)
    for rang, jour in enumerate(dates):
        passe = jour < date_construction
        if rang % 3:
            session = {
                "id": f"corpus-session-{rang:03d}",
                "module": alea.choice(modules),
                "jours": [jour + dt.timedelta(weeks=k) for k in range(alea.randint(1, 4))],
                "horaires": "9:30-17:00",
                "lieu": alea.choice(lieux),
                "capacite": 12,
            }
            if passe:
                session |= {"effectif": alea.randint(5, 12), "statut": "complete"}
            else:
                session["inscription"] = courriel
            sessions.append(session)
        else:
            heure = alea.choice((9, 14, 18))
            evenements.append(
                {
                    "id": f"corpus-evenement-{rang:03d}",
                    "titre": textes.maj(alea.choice(textes.ACTIONS)),
                    "debut": f"{jour:%Y-%m-%d} {heure}:00",
                    "fin": f"{heure + 2}:30",
                    "lieu": alea.choice(lieux),
                    "publics": ["porteurs"],
                    "mots_cles": alea.sample(vocabulaire, alea.randint(1, 3)),
                    "resume": textes.resume(alea),
                }
            )
    entete = (
        "# Corpus de mesure : données du site, puis rendez-vous générés (benchmarks/donnees_formations.py).\n"
    )
    for chemin, contenu in ((chemin_catalogue, catalogue), (chemin_agenda, agenda)):
        corps = yaml.safe_dump(contenu, allow_unicode=True, sort_keys=False, width=110)
        chemin.write_text(entete + corps, encoding="utf-8")
    return f"ok ({len(sessions)} sessions et {len(evenements)} événements, dont {a_generer} générés)"
