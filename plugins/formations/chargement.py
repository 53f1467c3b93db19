"""Chargement et validation du catalogue (`data/formations.yml`) : lieux, modules, sessions.

Chaque défaut devient un `Probleme` (fichier, ligne, conseil). Un enregistrement invalide est
écarté ; le reste du catalogue se charge quand même (le build de publication refusera).
"""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

from socle.dates import conseil_de_date, heure_inexistante
from socle.erreurs import Probleme, fichier_vide
from socle.sources_yaml import ErreurYaml, ListeLignes, MappingLigne, charger_yaml

from .champs import Lecteur, dates_impossibles, lire_horaires, lire_jour
from .modeles import Catalogue, Creneau, Lieu, Module, Session, statut_ecrit

CHAMPS_LIEU = ("id", "nom", "adresse", "code_postal", "commune")
CHAMPS_MODULE = (
    "slug",
    "titre",
    "resume",
    "objectifs",
    "contenu",
    "public",
    "duree_jours",
    "deroulement",
    "financement",
    "prix",
    "prerequis",
)
CHAMPS_SESSION = (
    "id",
    "module",
    "jours",
    "horaires",
    "lieu",
    "capacite",
    "effectif",
    "statut",
    "inscription",
    "programme",
    "exemple",
)
CHAMPS_JOUR = ("date", "horaires")


def lire_source(chemin: Path, affiche: str) -> tuple[object | None, list[Probleme]]:
    """YAML du fichier, ou None et le problème (syntaxe, date impossible avec sa ligne)."""
    try:
        texte = chemin.read_text(encoding="utf-8")
    except (FileNotFoundError, UnicodeDecodeError):
        texte = None
    if texte is not None:
        impossibles = dates_impossibles(texte)
        if impossibles:
            return None, [
                Probleme(
                    affiche,
                    ligne,
                    f"date invalide « {date} » : ce jour n'existe pas",
                    "écrivez année-mois-jour, par exemple « 2026-12-03 »",
                )
                for ligne, date in impossibles
            ]
    try:
        return charger_yaml(chemin, affiche), []
    except ErreurYaml as exc:
        return None, [exc.probleme]
    except ValueError as exc:  # valeur que YAML ne sait pas convertir (date hors bornes…)
        return None, [Probleme(affiche, None, f"valeur invalide : {exc}", "vérifiez les dates du fichier")]


def section(donnees, cle: str, lecteur: Lecteur) -> list:
    valeur = donnees.get(cle)
    if valeur is None:
        return []
    if not isinstance(valeur, list):
        lecteur.erreur(donnees.ligne_de(cle), f"« {cle} » doit être une liste d'entrées commençant par « - »")
        return []
    resultat = []
    for rang, entree in enumerate(valeur):
        if isinstance(entree, MappingLigne):
            resultat.append(entree)
        else:
            lecteur.erreur(
                valeur.ligne_de(rang),
                f"entrée de « {cle} » qui n'est pas une fiche : « {entree} »",
                "chaque entrée est une série de lignes « champ: valeur »",
            )
    return resultat


def lire_lieu(entree: MappingLigne, lecteur: Lecteur, vus: dict) -> Lieu | None:
    quoi = f"lieu « {entree.get('id', '?')} »"
    lecteur.champs_inconnus(entree, CHAMPS_LIEU, quoi)
    ident = lecteur.identifiant(entree, "id", quoi, vus)
    nom, commune = lecteur.texte(entree, "nom", quoi), lecteur.texte(entree, "commune", quoi)
    if not (ident and nom and commune):
        return None
    return Lieu(
        ident,
        nom,
        commune,
        lecteur.texte(entree, "adresse", quoi, False),
        lecteur.code_postal(entree, quoi),
    )


def lire_lieux(donnees, lecteur: Lecteur) -> dict[str, Lieu]:
    vus: dict[str, int] = {}
    lieux = (lire_lieu(e, lecteur, vus) for e in section(donnees, "lieux", lecteur))
    return {lieu.id: lieu for lieu in lieux if lieu}


def lire_module(
    entree: MappingLigne, lecteur: Lecteur, vus: dict, dossier: str = "formations/"
) -> Module | None:
    quoi = f"module « {entree.get('slug', '?')} »"
    lecteur.champs_inconnus(entree, CHAMPS_MODULE, quoi)
    n_avant = len(lecteur.problemes)
    slug = lecteur.identifiant(entree, "slug", quoi, vus)
    textes = {
        c: lecteur.texte(entree, c, quoi)
        for c in ("titre", "resume", "public", "deroulement", "prix", "prerequis")
    }
    listes = {c: lecteur.liste_textes(entree, c, quoi) for c in ("objectifs", "contenu", "financement")}
    duree = entree.get("duree_jours")
    if duree is None or isinstance(duree, bool) or not isinstance(duree, int | float) or duree <= 0:
        lecteur.erreur(
            entree.ligne_de("duree_jours"),
            f"{quoi} : durée « {duree} » invalide",
            "donnez le nombre de jours, par exemple « duree_jours: 3 » ou « 1.5 »",
        )
        duree = None
    if not slug or duree is None or any(p.est_erreur for p in lecteur.problemes[n_avant:]):
        return None
    return Module(slug=slug, duree_jours=duree, dossier=dossier, **textes, **listes)


def _horaires(source: MappingLigne, lecteur: Lecteur, quoi: str, exemple: str):
    """Les horaires « début-fin » de `source` (session ou jour), ou None après avoir signalé l'erreur."""
    horaires = lire_horaires(source["horaires"])
    if horaires is None:
        lecteur.erreur(
            source.ligne_de("horaires"),
            f"{quoi} : horaires « {source['horaires']} » invalides",
            f'écrivez-les entre guillemets, début-fin : « "{exemple}" »',
        )
    return horaires


def lire_creneaux(entree: MappingLigne, lecteur: Lecteur, quoi: str, fuseau: ZoneInfo) -> tuple[Creneau, ...]:
    """Les jours d'une session (non consécutifs possibles), chacun avec ses horaires."""
    horaires_defaut = None
    if "horaires" in entree:
        horaires_defaut = _horaires(entree, lecteur, quoi, "9:30-17:00")
        if horaires_defaut is None:
            return ()
    jours = entree.get("jours")
    if not isinstance(jours, list) or not jours:
        lecteur.erreur(
            entree.ligne_de("jours"),
            f"{quoi} : « jours » manquant ou vide",
            "donnez la liste des jours : « jours: [2026-12-03, 2026-12-10] »",
        )
        return ()
    creneaux, lignes = [], []
    for rang, jour in enumerate(jours):
        ligne = jours.ligne_de(rang) if isinstance(jours, ListeLignes) else entree.ligne_de("jours")
        horaires = horaires_defaut
        if isinstance(jour, MappingLigne):
            lecteur.champs_inconnus(jour, CHAMPS_JOUR, quoi)
            if "horaires" in jour:
                horaires = _horaires(jour, lecteur, quoi, "14:00-17:30")
                if horaires is None:
                    return ()
            jour = jour.get("date")
        date = lire_jour(jour)
        if date is None:
            lecteur.erreur(
                ligne,
                f"{quoi} : date « {jour} » invalide",
                conseil_de_date(
                    jour,
                    "écrivez année-mois-jour : « {iso} »",
                    "écrivez année-mois-jour, par exemple « 2026-12-03 »",
                ),
            )
            return ()
        if horaires is None:
            lecteur.erreur(
                ligne,
                f"{quoi} : pas d'horaires pour le {date.isoformat()}",
                'ajoutez « horaires: "9:30-17:00" » à la session ou à ce jour',
            )
            return ()
        debut, fin = horaires
        if fin <= debut:
            lecteur.erreur(
                ligne,
                f"{quoi} : la fin ({fin:%H:%M}) précède le début ({debut:%H:%M}) le {date.isoformat()}",
                "vérifiez les horaires « début-fin »",
            )
            return ()
        for moment in (dt.datetime.combine(date, debut), dt.datetime.combine(date, fin)):
            inexistante = heure_inexistante(moment, fuseau)
            if inexistante:
                lecteur.erreur(ligne, f"{quoi} : {inexistante[0]}", inexistante[1])
                return ()
        creneaux.append(
            Creneau(dt.datetime.combine(date, debut, fuseau), dt.datetime.combine(date, fin, fuseau))
        )
        lignes.append(ligne)
    # Un jour antérieur au précédent est le plus souvent une faute de frappe (« 2027-09-05 » pour
    # « 2027-10-05 ») que le tri rendrait invisible : on le dit, à sa ligne.
    for (avant, _), (apres, ligne) in pairwise(zip(creneaux, lignes, strict=True)):
        if apres.debut.date() < avant.debut.date():
            lecteur.avertir(
                ligne,
                f"{quoi} : le {apres.debut.date().isoformat()} est écrit après le "
                f"{avant.debut.date().isoformat()} dans « jours »",
                "vérifiez cette date (faute de frappe ?) ; si elle est juste, rangez les jours dans l'ordre",
            )
            break
    creneaux.sort(key=lambda c: c.debut)
    for avant, apres in pairwise(creneaux):
        if avant.debut.date() == apres.debut.date():
            lecteur.erreur(
                entree.ligne_de("jours"),
                f"{quoi} : le {avant.debut.date().isoformat()} est donné deux fois",
                "un jour par ligne ; retirez le doublon",
            )
            return ()
    return tuple(creneaux)


def lire_session(entree: MappingLigne, contexte: dict, lecteur: Lecteur, vus: dict) -> Session | None:
    quoi = f"session « {entree.get('id', '?')} »"
    lecteur.champs_inconnus(entree, CHAMPS_SESSION, quoi)
    n_avant = len(lecteur.problemes)
    ident = lecteur.identifiant(entree, "id", quoi, vus)
    slug_module = lecteur.texte(entree, "module", quoi)
    module = contexte["modules"].get(slug_module)
    if slug_module and module is None:
        proposes = ", ".join(sorted(contexte["modules"])) or "aucun module valide"
        lecteur.erreur(
            entree.ligne_de("module"),
            f"{quoi} : module inconnu « {slug_module} »",
            f"modules du catalogue : {proposes}",
        )
    id_lieu = lecteur.texte(entree, "lieu", quoi)
    lieu = contexte["lieux"].get(id_lieu)
    if id_lieu and lieu is None:
        lecteur.erreur(
            entree.ligne_de("lieu"),
            f"{quoi} : lieu inconnu « {id_lieu} »",
            f"lieux déclarés dans « lieux: » : {', '.join(sorted(contexte['lieux'])) or 'aucun'}",
        )
    ecrit = lecteur.texte(entree, "statut", quoi, obligatoire=False)
    statut = statut_ecrit(ecrit) if ecrit else "ouverte"
    if statut is None:
        lecteur.erreur(
            entree.ligne_de("statut"),
            f"{quoi} : statut « {ecrit} » inconnu",
            "statuts possibles : ouverte, complete, annulee",
        )
    capacite = lecteur.entier(entree, "capacite", quoi)
    effectif = lecteur.entier(entree, "effectif", quoi)
    if capacite is not None and effectif is not None and effectif > capacite:
        lecteur.avertir(
            entree.ligne_de("effectif"),
            f"{quoi} : effectif ({effectif}) supérieur à la capacité ({capacite})",
            "vérifiez les deux nombres (faute de frappe ?) ; si la session a bien accueilli plus de "
            "stagiaires que prévu, corrigez la capacité",
        )
    inscription = lecteur.texte(entree, "inscription", quoi, obligatoire=False)
    if inscription and not (inscription.startswith(("https://", "http://", "mailto:")) or "@" in inscription):
        lecteur.erreur(
            entree.ligne_de("inscription"),
            f"{quoi} : inscription « {inscription} » invalide",
            "donnez une adresse web (https://…) ou un courriel",
        )
    exemple = entree.get("exemple", False)
    if not isinstance(exemple, bool):
        lecteur.erreur(entree.ligne_de("exemple"), f"{quoi} : « exemple » vaut true ou false")
    creneaux = lire_creneaux(entree, lecteur, quoi, contexte["fuseau"])
    if any(p.est_erreur for p in lecteur.problemes[n_avant:]) or not creneaux:
        return None
    session = Session(
        id=ident,
        module=module,
        creneaux=creneaux,
        lieu=lieu,
        statut=statut,
        uid=f"formation-{ident}@{contexte['domaine']}",
        capacite=capacite,
        effectif=effectif,
        inscription=inscription,
        programme=lecteur.texte(entree, "programme", quoi, obligatoire=False),
        exemple=exemple,
    )
    if statut == "ouverte" and "statut" in entree and session.est_passee(contexte["aujourdhui"]):
        lecteur.avertir(
            entree.ligne_de("statut"),
            f"{quoi} : session passée encore marquée « ouverte »",
            "retirez la ligne « statut » (ou mettez « complete ») une fois la session terminée",
        )
    if statut == "ouverte" and not inscription and not session.est_passee(contexte["aujourdhui"]):
        lecteur.avertir(
            entree.ligne,
            f"{quoi} : session ouverte sans moyen de s'inscrire",
            "ajoutez « inscription: » avec une adresse web ou un courriel",
        )
    return session


def charger_catalogue(
    chemin: Path,
    affiche: str,
    aujourdhui: dt.date,
    domaine: str,
    fuseau: str = "Europe/Paris",
    url_formations: str = "formations/",
) -> tuple[Catalogue, list[Probleme]]:
    """Lit et valide le catalogue ; renvoie (catalogue des entrées valides, problèmes)."""
    donnees, problemes = lire_source(chemin, affiche)
    if donnees is None:
        return Catalogue((), ()), problemes or [
            fichier_vide(affiche, "« lieux: », « modules: » et « sessions: »")
        ]
    lecteur = Lecteur(affiche)
    if not isinstance(donnees, MappingLigne):
        lecteur.erreur(1, "le fichier doit contenir « lieux: », « modules: » et « sessions: »")
        return Catalogue((), ()), lecteur.problemes
    lecteur.champs_inconnus(donnees, ("lieux", "modules", "sessions"), "le catalogue")
    lieux = lire_lieux(donnees, lecteur)
    vus: dict[str, int] = {}
    modules = [
        m
        for m in (lire_module(e, lecteur, vus, url_formations) for e in section(donnees, "modules", lecteur))
        if m
    ]
    contexte = {
        "modules": {m.slug: m for m in modules},
        "lieux": lieux,
        "aujourdhui": aujourdhui,
        "domaine": domaine,
        "fuseau": ZoneInfo(fuseau),
    }
    vus = {}
    sessions = [
        s
        for s in (lire_session(e, contexte, lecteur, vus) for e in section(donnees, "sessions", lecteur))
        if s
    ]
    sessions.sort(key=lambda s: (s.debut, s.id))
    return Catalogue(tuple(modules), tuple(sessions), tuple(lieux.values())), lecteur.problemes
