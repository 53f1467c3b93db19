"""Banque de phrases françaises pour le corpus de mesure (vocabulaire du rapport d'activité).

Rien d'aléatoire ici : le générateur tire dans ces listes avec son propre `random.Random(graine)`.
"""

from __future__ import annotations

import random

COMMUNES = (
    "Lille",
    "Roubaix",
    "Tourcoing",
    "Wattrelos",
    "Villeneuve-d'Ascq",
    "Lomme",
    "Hellemmes",
    "Armentières",
    "Seclin",
    "Lesquin",
    "Loos",
    "Faches-Thumesnil",
    "Croix",
    "Hem",
    "Marcq-en-Barœul",
    "Mons-en-Barœul",
    "Wasquehal",
    "Halluin",
    "Comines",
    "Douai",
    "Valenciennes",
    "Denain",
    "Maubeuge",
    "Cambrai",
    "Dunkerque",
    "Béthune",
    "Lens",
    "Arras",
    "Liévin",
    "Hénin-Beaumont",
)
LIEUX = (
    "la maison de quartier",
    "la médiathèque",
    "la mairie",
    "le centre social",
    "la Maison de l'emploi",
    "la salle des fêtes",
    "la MRES",
    "l'hôtel de ville",
    "la maison des associations",
    "la CCI",
)
PARTENAIRES = (
    "l'APES",
    "la CRESS Nord-Pas-de-Calais",
    "la BGE de Lille",
    "les Cigales du Nord-Pas-de-Calais",
    "France Active",
    "Nord Actif",
    "la Région",
    "le Département du Nord",
    "Lille Métropole",
    "la MRES",
    "Pôle emploi",
    "la Maison de l'emploi",
    "l'URSCOP",
    "la Caisse des dépôts",
    "le Fonds social européen",
    "la ville de Roubaix",
    "la ville de Tourcoing",
    "l'ADIE",
)
PUBLICS = (
    "les porteurs de projet",
    "les bénévoles associatifs",
    "les habitants des quartiers",
    "les demandeurs d'emploi",
    "les jeunes de moins de 26 ans",
    "les responsables associatifs",
    "les élus locaux",
    "les salariés en reconversion",
    "les créateurs de coopératives",
    "les dirigeants de structures d'insertion",
)
ACTIONS = (
    "un atelier sur la création collective d'activité",
    "une réunion d'information sur l'ESS",
    "une permanence d'accueil des porteurs de projet",
    "un module de formation ADVA",
    "un forum de l'emploi associatif",
    "une rencontre avec des entrepreneurs sociaux",
    "un temps d'échange sur le financement solidaire",
    "une session de formation « Gérer »",
    "une journée portes ouvertes",
    "un café-création",
    "une soirée de présentation de CitésLab",
    "un stand au salon Créer",
    "une table ronde sur les coopératives d'activité",
    "un accompagnement collectif à la rédaction du plan d'affaires",
)
VERBES = (
    "organise",
    "anime",
    "propose",
    "accueille",
    "co-organise",
    "présente",
    "soutient",
    "relaie",
)
COMPLEMENTS = (
    "pour présenter les formes juridiques de l'économie sociale et solidaire",
    "afin d'aider chacun à mûrir son idée avant de se lancer",
    "avec le soutien des collectivités du territoire",
    "dans le cadre de la quinzaine de la création d'entreprises",
    "pour mieux connaître les dispositifs de financement existants",
    "en lien avec les acteurs de l'insertion par l'activité économique",
    "afin de rompre l'isolement des créateurs",
    "pour faire émerger des projets d'utilité sociale dans les quartiers",
    "sur inscription gratuite auprès de l'équipe",
    "en présence de porteurs de projet déjà accompagnés",
)
CONSTATS = (
    "Plus de {n} personnes ont été accueillies cette année.",
    "{n} projets ont été accompagnés jusqu'à leur création.",
    "Les participants repartent avec une fiche pratique et les contacts utiles.",
    "L'entrée est libre, dans la limite des places disponibles.",
    "Les échanges ont montré l'intérêt d'un accompagnement dans la durée.",
    "Une seconde date est prévue au printemps si la demande le justifie.",
    "Les personnes intéressées peuvent contacter l'équipe par téléphone ou par courriel.",
    "Ce rendez-vous est ouvert à tous, sans condition de diplôme ni de statut.",
    "{n} structures de l'économie sociale et solidaire y étaient représentées.",
    "Le compte rendu détaillé sera publié dans la prochaine lettre.",
)
TITRES = (
    "{action_maj} à {commune}",
    "{commune} : {action}",
    "Retour sur {action} à {commune}",
    "{partenaire_maj} et Maillage : {action} à {commune}",
    "Rendez-vous à {commune} pour {action}",
    "{action_maj} pour {public}",
)


def maj(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def titre(alea: random.Random) -> str:
    action = alea.choice(ACTIONS)
    partenaire = alea.choice(PARTENAIRES)
    return alea.choice(TITRES).format(
        action=action,
        action_maj=maj(action),
        commune=alea.choice(COMMUNES),
        partenaire_maj=maj(partenaire),
        public=alea.choice(PUBLICS),
    )


def phrase(alea: random.Random) -> str:
    """Une phrase d'actualité plausible (sujet, verbe, action, public, complément)."""
    if alea.random() < 0.3:
        return alea.choice(CONSTATS).format(n=alea.randint(8, 240))
    sujet = alea.choice(("Maillage", maj(alea.choice(PARTENAIRES)), "L'équipe de Maillage"))
    lieu = f" à {alea.choice(LIEUX)} de {alea.choice(COMMUNES)}" if alea.random() < 0.5 else ""
    return (
        f"{sujet} {alea.choice(VERBES)} {alea.choice(ACTIONS)} pour {alea.choice(PUBLICS)}{lieu}, "
        f"{alea.choice(COMPLEMENTS)}."
    )


def corps(alea: random.Random, mots_vises: int) -> str:
    """Corps Markdown d'environ `mots_vises` mots : paragraphes, gras, parfois une liste et un lien."""
    paragraphes: list[str] = []
    total = 0
    while total < mots_vises:
        phrases = [phrase(alea) for _ in range(alea.randint(2, 4))]
        if alea.random() < 0.3:
            mot = alea.choice(("Maillage", "l'ESS", "CitésLab", "la formation"))
            phrases[0] = phrases[0].replace(mot, f"**{mot}**", 1)
        paragraphes.append(" ".join(phrases))
        total += sum(len(p.split()) for p in phrases)
        if alea.random() < 0.15:
            elements = [f"- {maj(alea.choice(PUBLICS))} de {alea.choice(COMMUNES)}" for _ in range(3)]
            paragraphes.append("Public concerné :\n\n" + "\n".join(elements))
            total += 15
    if alea.random() < 0.25:
        paragraphes.append("Pour en savoir plus : [le site de l'APES](https://www.apes-hdf.org/).")
    return "\n\n".join(paragraphes)


def resume(alea: random.Random) -> str:
    return phrase(alea)
