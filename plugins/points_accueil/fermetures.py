"""Fermetures datées d'un point d'accueil (congés, travaux) : lecture, état à une date, texte.

Dans `data/points-accueil.yml`, un point porte une liste « fermetures: » :

    fermetures:
      - du: 2026-07-20
        au: 2026-08-24      # dernier jour fermé (compris)
        motif: congés d'été  # facultatif

À chaque build, par rapport à sa date (`socle.reglages.aujourdhui`) : une fermeture en cours ou
qui commence dans les `preavis_fermeture` jours est annoncée ; une fermeture passée ne se voit plus.
Logique pure : la date du jour est toujours passée en argument.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from socle.dates import conseil_de_date, date_moyenne, en_annee_mois_jour
from socle.erreurs import AVERTISSEMENT

CHAMPS = ("du", "au", "motif")
# Au-delà, une fermeture terminée est un reste à retirer du fichier (avertissement).
ANCIENNE_APRES_JOURS = 365
EXEMPLES_DE_DATE = {"du": "2026-07-20", "au": "2026-08-24"}
EXEMPLE = "ex. : « - du: 2026-07-20 », « au: 2026-08-24 », « motif: congés d'été »"
# Année-mois-jour seulement, comme l'éditeur (jourIso de validation.js) : date.fromisoformat lit
# aussi « 20260720 » et « 2026-W30-1 », que personne ne relit.
ANNEE_MOIS_JOUR = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


@dataclass(frozen=True)
class Fermeture:
    """Une période où le point ne reçoit personne, du premier au dernier jour compris."""

    du: dt.date
    au: dt.date
    motif: str = ""

    def en_cours(self, jour: dt.date) -> bool:
        return self.du <= jour <= self.au

    def annoncee(self, jour: dt.date, preavis_jours: int) -> bool:
        """En cours, ou commence dans les `preavis_jours` jours."""
        return self.au >= jour and self.du <= jour + dt.timedelta(days=preavis_jours)


def a_annoncer(fermetures: Iterable[Fermeture], jour: dt.date, preavis_jours: int) -> tuple[Fermeture, ...]:
    """Les fermetures à dire le `jour` du build, de la plus proche à la plus lointaine."""
    return tuple(
        sorted((f for f in fermetures if f.annoncee(jour, preavis_jours)), key=lambda f: (f.du, f.au))
    )


def ferme_le(fermetures: Iterable[Fermeture], jour: dt.date) -> bool:
    """Le point est-il fermé ce jour-là ?"""
    return any(f.en_cours(jour) for f in fermetures)


@dataclass(frozen=True)
class Annonce:
    """Ce que le site dit d'un point le jour du build : ses fermetures à venir ou en cours."""

    textes: tuple[str, ...]  # « Fermé du 20 juillet au 24 août 2026 (congés d'été) »…
    ferme: bool  # fermé ce jour-là : pas proposé comme « le plus proche » sans le dire


def annonces(points, jour: dt.date, preavis_jours: int, textes) -> dict[str, Annonce]:
    """Identifiant → annonce, pour les seuls points qui ont une fermeture à dire ce `jour`.

    `textes` : les textes du réglage (« fermeture », « fermeture_jour »).
    """
    resultat = {}
    for point in points:
        dites = a_annoncer(point.fermetures, jour, preavis_jours)
        if dites:
            resultat[point.id] = Annonce(
                tuple(texte_fermeture(f, textes["fermeture"], textes["fermeture_jour"]) for f in dites),
                ferme_le(dites, jour),
            )
    return resultat


def points_fermes(annonces_du_jour: dict[str, Annonce]) -> frozenset[str]:
    """Les identifiants des points fermés le jour du build (`distances.OuvertsPuisFermes`)."""
    return frozenset(cle for cle, annonce in annonces_du_jour.items() if annonce.ferme)


def texte_fermeture(fermeture: Fermeture, modele: str, modele_jour: str) -> str:
    """Le texte affiché : « Fermé du 20 juillet au 24 août 2026 (congés d'été) ».

    `modele` : réglage textes « fermeture » ({du}, {au} ; l'année du premier jour n'est écrite que
    si elle diffère de celle du dernier) ; `modele_jour` : « fermeture_jour » ({jour}), pour une
    fermeture d'un seul jour.
    """
    du, au = fermeture.du, fermeture.au
    if du == au:
        texte = modele_jour.replace("{jour}", date_moyenne(du))
    else:
        premier = date_moyenne(du)
        if du.year == au.year:
            premier = premier.rsplit(" ", 1)[0]
        texte = modele.replace("{du}", premier).replace("{au}", date_moyenne(au))
    return f"{texte} ({fermeture.motif})" if fermeture.motif else texte


def lire_fermetures(valeur, erreur, aujourdhui: dt.date | None) -> tuple[Fermeture, ...]:
    """Les fermetures d'un point, validées ; chaque défaut passe par `erreur(ligne, message, conseil,
    gravite)` (ligne None : celle de « fermetures: »). Sans `aujourdhui`, pas d'avis sur les
    fermetures anciennes.
    """
    if valeur is None:
        return ()
    if isinstance(valeur, dict):
        valeur = [valeur]  # une seule fermeture écrite sans tiret : on comprend ce qui est voulu
    if not isinstance(valeur, list):
        erreur(None, "« fermetures » doit être une liste de périodes", f"un tiret par période, {EXEMPLE}")
        return ()
    fermetures = []
    for rang, entree in enumerate(valeur):
        if not isinstance(entree, dict):
            erreur(
                _ligne(valeur, rang),
                f"fermeture illisible : « {entree} »",
                f"chaque période a ses champs « du: », « au: » (et « motif: »), {EXEMPLE}",
            )
            continue
        fermeture = _lire_une(entree, lambda cle, e=entree: _ligne(e, cle), erreur, aujourdhui)
        if fermeture is not None:
            fermetures.append(fermeture)
    return tuple(sorted(fermetures, key=lambda f: (f.du, f.au)))


def _lire_une(entree, ligne, erreur, aujourdhui):
    inconnus = sorted(set(map(str, entree)) - set(CHAMPS))
    voulus = {cle: _champ_voulu(cle) for cle in inconnus}
    for cle, voulu in voulus.items():
        erreur(
            ligne(cle),
            f"fermeture : champ inconnu « {cle} »",
            (f"vouliez-vous dire « {voulu} » ? " if voulu else "") + "champs possibles : du, au, motif",
        )
    dates = {}
    if (sur_une_ligne := _periode_sur_une_ligne(entree)) is not None:
        erreur(
            ligne("du"),
            f"fermeture : « {str(entree['du']).strip()} » sur la seule ligne « du: »",
            f"« au: » a sa propre ligne, sous « du: » : {sur_une_ligne}",
        )
        return None
    for cle in ("du", "au"):
        if cle in voulus.values():
            continue  # « Du: », « aux: » : déjà dit, avec le bon nom
        if entree.get(cle) in (None, ""):
            erreur(
                ligne(cle),
                f"fermeture : date « {cle} » manquante",
                f"le premier (du) et le dernier jour fermé (au), {EXEMPLE}",
            )
            continue
        dates[cle] = _date(entree[cle])
        if dates[cle] is None:
            ecrit = str(entree[cle]).strip()
            erreur(
                ligne(cle),
                f"fermeture : date « {ecrit} » illisible",
                conseil_de_date(
                    ecrit,
                    f"écrivez « {cle}: {{iso}} » (année-mois-jour)",
                    f"écrivez la date en année-mois-jour, ex. : « {cle}: {EXEMPLES_DE_DATE[cle]} »",
                ),
            )
    motif = entree.get("motif")
    if motif is not None and not isinstance(motif, str):
        erreur(ligne("motif"), "fermeture : « motif » doit être une phrase", "ex. : « motif: congés d'été »")
        motif = ""
    if inconnus or len(dates) < 2 or None in dates.values():
        return None
    du, au = dates["du"], dates["au"]
    if au < du:
        erreur(
            ligne("au"),
            f"fermeture : le dernier jour ({au.isoformat()}) est avant le premier ({du.isoformat()})",
            "« du: » est le premier jour fermé, « au: » le dernier : échangez-les ou corrigez l'année",
        )
        return None
    if aujourdhui is not None and (aujourdhui - au).days > ANCIENNE_APRES_JOURS:
        erreur(
            ligne("au"),
            f"fermeture terminée depuis le {date_moyenne(au)} : elle ne s'affiche plus",
            "retirez-la du fichier (l'historique git la garde)",
            AVERTISSEMENT,
        )
    return Fermeture(du, au, " ".join((motif or "").split()))


def _champ_voulu(cle: str) -> str | None:
    """Le champ qu'une faute de frappe voulait dire (« Du », « aux », « motifs »), sinon None."""
    proches = difflib.get_close_matches(cle.strip().lower(), CHAMPS, n=1, cutoff=0.6)
    return proches[0] if proches else None


def _periode_sur_une_ligne(entree) -> str | None:
    """« du: 2026-07-20 au 2026-08-24 » (la tournure française, sur une ligne) : les deux lignes à
    écrire, « « du: 2026-07-20 », « au: 2026-08-24 » », sinon None."""
    ecrit = entree.get("du")
    trouve = re.fullmatch(r"(.+?)\s+au\s+(.+)", ecrit.strip()) if isinstance(ecrit, str) else None
    if not trouve or entree.get("au") not in (None, ""):
        return None
    premier, dernier = (en_annee_mois_jour(d) or d for d in trouve.groups())
    return f"« du: {premier} », « au: {dernier} »"


def _ligne(conteneur, cle) -> int | None:
    """La ligne d'un champ ou d'un élément (fichier lu par socle.sources_yaml), sinon None."""
    ligne_de = getattr(conteneur, "ligne_de", None)
    return ligne_de(cle) if ligne_de else None


def _date(valeur) -> dt.date | None:
    """Une date YAML (2026-07-20 sans guillemets), ou le même texte entre guillemets ; sinon None."""
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    if isinstance(valeur, str) and ANNEE_MOIS_JOUR.fullmatch(valeur.strip()):
        try:
            return dt.date.fromisoformat(valeur.strip())
        except ValueError:
            return None
    return None
