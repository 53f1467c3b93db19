"""Adresses stables : une actualité déjà publiée qui change d'adresse reste joignable à l'ancienne.

Les liens des lettres envoyées, des flux et des sites qui nous citent pointent vers l'adresse
publiée. `data/adresses.yml` garde, par uid, toutes les adresses qu'une actualité a eues à la
publication (`gestion.py construire --publication` l'enrichit ; on n'en retire jamais rien) :

    actualites:
      3f6c…-uid:
      - actualites/ancien-titre/
      - actualites/nouveau-titre/

Le build écrit à chaque ancienne adresse une page de redirection (`redirection.html` :
`<meta http-equiv="refresh">` et lien canonique vers la nouvelle, `noindex`) ; `make check` dit
quelle adresse a changé. Fonctions pures (`redirections`, `enrichir`) testables sans Pelican.
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml

from socle import reglages as reglages_socle
from socle.erreurs import AVERTISSEMENT, Probleme, chemin_affiche
from socle.sources_yaml import ErreurYaml, charger_yaml

from . import reglages

logger = logging.getLogger(__name__)
ENTETE_FICHIER = (
    "# Adresses publiées des actualités, par uid : tenu par « make publish » (gestion.py construire\n"
    "# --publication), à committer. Une adresse qui n'est plus celle de son actualité redirige vers\n"
    "# la nouvelle : n'en retirez rien.\n"
)


def chemin_adresses(settings) -> Path:
    return reglages_socle.dossier_donnees(settings) / reglages.lire(settings)["adresses"]


def lire_adresses(chemin: Path, affiche: str) -> tuple[dict[str, list[str]], list[Probleme]]:
    """{uid: [adresses publiées]} (vide si le fichier n'existe pas encore), et ses problèmes."""
    if not chemin.is_file():
        return {}, []
    try:
        donnees = charger_yaml(chemin, affiche) or {}
    except ErreurYaml as exc:  # message en français, avec la ligne (socle.sources_yaml)
        return {}, [exc.probleme]
    actualites = donnees.get("actualites") if isinstance(donnees, dict) else None
    if not isinstance(actualites, dict) or not all(
        isinstance(v, list) and all(isinstance(a, str) for a in v) for v in actualites.values()
    ):
        return {}, [
            Probleme(
                affiche,
                None,
                "format inattendu : « actualites: » suivi, pour chaque uid, d'une liste d'adresses",
                "rétablissez le fichier depuis git",
            )
        ]
    return {str(uid).lower(): list(v) for uid, v in actualites.items()}, []


def enrichir(connues: dict[str, list[str]], actuelles: dict[str, str]) -> dict[str, list[str]]:
    """Les adresses connues plus les actuelles (une par uid), sans doublon ni suppression, triées."""
    resultat = {uid: list(adresses) for uid, adresses in connues.items()}
    for uid, adresse in actuelles.items():
        if adresse not in resultat.setdefault(uid, []):
            resultat[uid].append(adresse)
    return {uid: resultat[uid] for uid in sorted(resultat)}


def redirections(connues: dict[str, list[str]], actuelles: dict[str, str]) -> dict[str, str]:
    """{ancienne adresse: nouvelle} pour les actualités encore publiées dont l'adresse a changé.

    Une ancienne adresse aujourd'hui occupée par une autre actualité n'est pas redirigée.
    """
    occupees = set(actuelles.values())
    resultat = {}
    for uid, adresses in connues.items():
        nouvelle = actuelles.get(uid)
        if nouvelle is None:
            continue
        for ancienne in adresses:
            if ancienne != nouvelle and ancienne not in occupees:
                resultat[ancienne] = nouvelle
    return dict(sorted(resultat.items()))


def ecrire_adresses(chemin: Path, adresses: dict[str, list[str]]) -> bool:
    """Écrit le fichier s'il change ; renvoie True s'il a été écrit."""
    texte = ENTETE_FICHIER + yaml.safe_dump(
        {"actualites": adresses}, allow_unicode=True, sort_keys=False, default_flow_style=False
    )
    if chemin.is_file() and chemin.read_text(encoding="utf-8") == texte:
        return False
    chemin.parent.mkdir(parents=True, exist_ok=True)
    temporaire = chemin.with_name(chemin.name + ".tmp")
    temporaire.write_text(texte, encoding="utf-8")
    temporaire.replace(chemin)
    return True


def adresses_actuelles(articles) -> dict[str, str]:
    """{uid: adresse} des actualités publiées de ce build."""
    return {str(a.uid).strip().lower(): a.url for a in articles if str(getattr(a, "uid", "") or "").strip()}


def ecrire_redirections(generateur, writer) -> None:
    """Signal `article_writer_finalized` : une page de redirection à chaque ancienne adresse."""
    settings = generateur.settings
    chemin = chemin_adresses(settings)
    connues, problemes = lire_adresses(chemin, chemin_affiche(chemin, reglages_socle.racine_projet(settings)))
    for probleme in problemes:
        logger.warning("%s", probleme)
    gabarit = generateur.get_template("redirection")
    for ancienne, nouvelle in redirections(connues, adresses_actuelles(generateur.articles)).items():
        writer.write_file(
            f"{ancienne}index.html" if ancienne.endswith("/") else ancienne,
            gabarit,
            generateur.context,
            relative_urls=settings["RELATIVE_URLS"],
            cible=nouvelle,
        )


def problemes_d_adresses(settings, constats: list[tuple[str, str, int | None, str]]) -> list[Probleme]:
    """Pour `make check` : (fichier, uid, ligne, adresse) de chaque actualité → adresses changées."""
    chemin = chemin_adresses(settings)
    affiche_registre = chemin_affiche(chemin, reglages_socle.racine_projet(settings))
    connues, problemes = lire_adresses(chemin, affiche_registre)
    occupees = {adresse: fichier for fichier, _u, _l, adresse in constats}
    for fichier, uid, ligne, adresse in constats:
        # Adresse déjà publiée (changement déjà en ligne) : la redirection existe, rien à redire.
        deja_publiee = adresse in connues.get(uid, [])
        for ancienne in connues.get(uid, []):
            if ancienne == adresse or (deja_publiee and ancienne not in occupees):
                continue
            if ancienne in occupees:
                message = (
                    f"adresse changée : l'ancienne « {ancienne} » est maintenant celle de {occupees[ancienne]} ; "
                    "les liens déjà envoyés y mèneront"
                )
            else:
                message = f"adresse changée : l'ancienne « {ancienne} » redirigera vers « {adresse} »"
            slug = slug_de_l_adresse(settings, ancienne)
            retour = (
                f"écrivez « Slug: {slug} » dans l'en-tête"
                if slug
                else "remettez l'ancien slug dans « Slug: »"
            )
            problemes.append(
                Probleme(
                    fichier, ligne, message, f"rien à faire si c'est voulu ; sinon {retour}", AVERTISSEMENT
                )
            )
    return problemes


def slug_de_l_adresse(settings, adresse: str) -> str | None:
    """Le slug qui redonne `adresse` (« actualites/{slug}/ », réglage ARTICLE_URL), ou None."""
    avant, trouve, apres = settings["ARTICLE_URL"].partition("{slug}")
    if not trouve or "{" in avant + apres or not (adresse.startswith(avant) and adresse.endswith(apres)):
        return None
    slug = adresse[len(avant) : len(adresse) - len(apres)]
    return slug if slug and "/" not in slug else None
