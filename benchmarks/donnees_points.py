"""Points d'accueil du corpus : les points réels, complétés jusqu'à 60 dans le format du plugin.

Les points ajoutés sont placés au centre d'une commune de la table du plugin (lue par son propre
chargeur) et marqués `position_approximative`, comme les points réels ; territoires, types et
façons d'être reçu viennent du référentiel du site. Le test de fumée repasse le fichier dans
`points_accueil.verifier`.
"""

from __future__ import annotations

import random

import yaml

NOMBRE_POINTS = 60
SERVICES = (
    "Accueil et orientation",
    "Premier entretien sur l'idée de projet",
    "Réunions d'information création",
    "Accompagnement de projet ESS",
    "Permanence CitésLab",
)
STRUCTURES = (
    "Centre social {commune}",
    "Mairie de {commune}",
    "Maison de l'emploi de {commune}",
    "Point Information Jeunesse de {commune}",
    "Maison des associations de {commune}",
)


def ecrire_points(donnees, settings, graine: int) -> str:
    """Complète `points-accueil.yml` (copié du site) jusqu'à 60 points ; renvoie un état lisible."""
    from points_accueil import reglages
    from points_accueil.chargement import charger_referentiel, dans_zone
    from points_accueil.communes import charger_communes

    options = reglages.lire(settings)
    chemin = donnees / options["points"]
    referentiel, _ = charger_referentiel(donnees / options["referentiel"], options["referentiel"])
    table, _ = charger_communes(donnees / options["communes"], options["communes"])
    if table is None:
        return "n/a — table des communes absente du site"
    existants = (yaml.safe_load(chemin.read_text(encoding="utf-8")) or {}).get("points") or []
    deja = {p.get("commune") for p in existants}
    candidates = sorted(
        (
            c
            for c in table.communes
            if c.nom not in deja and dans_zone(c.latitude, c.longitude, options["zone"])
        ),
        key=lambda c: c.code_insee,
    )
    alea = random.Random(f"points-{graine}")
    ajouts = []
    for rang, commune in enumerate(alea.sample(candidates, max(0, NOMBRE_POINTS - len(existants)))):
        ajouts.append(
            {
                "id": f"corpus-{rang + 1:02d}-{commune.code_insee}",
                "structure": alea.choice(STRUCTURES).format(commune=commune.nom),
                "type": alea.choice(referentiel.types).slug,
                "territoire": alea.choice(referentiel.territoires).slug,
                "commune": commune.nom,
                "code_postal": commune.codes_postaux[0],
                "coordonnees": [round(commune.latitude, 5), round(commune.longitude, 5)],
                "position_approximative": True,
                "accueil": alea.choice(referentiel.accueil).slug,
                "services": alea.sample(SERVICES, alea.randint(1, 3)),
                "actif": alea.random() > 0.05,
            }
        )
    entete = (
        "# Corpus de mesure : points réels du site, puis points générés (benchmarks/donnees_points.py).\n"
    )
    corps = yaml.safe_dump({"points": existants + ajouts}, allow_unicode=True, sort_keys=False, width=110)
    chemin.write_text(entete + corps, encoding="utf-8")
    return f"ok ({len(existants) + len(ajouts)} points, dont {len(ajouts)} générés)"
