"""Chargement et validation de l'agenda (`data/agenda.yml`) : réunions, forums, salons.

Les mots-clés viennent du vocabulaire des actualités (`data/mots-cles.yml`) ; un public peut en
attendre (réglage FORMATIONS « mots_cles_par_public » : chez Maillage, la lettre des élus retient les
événements marqués « collectivites »).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from socle.dates import conseil_de_date, heure_inexistante
from socle.erreurs import Probleme, fichier_vide
from socle.sources_yaml import MappingLigne

from .champs import Lecteur, lire_heure, lire_moment
from .chargement import CHAMPS_LIEU, lire_source, section
from .modeles import Agenda, Evenement, Lieu, statut_ecrit
from .reglages import DEFAUTS

CHAMPS_EVENEMENT = (
    "id",
    "titre",
    "debut",
    "fin",
    "lieu",
    "publics",
    "mots_cles",
    "intervenants",
    "resume",
    "description",
    "lien",
    "exemple",
    "statut",
)


def lire_lieu_evenement(
    entree: MappingLigne,
    lieux: dict[str, Lieu],
    lecteur: Lecteur,
    quoi: str,
    non_verifies: list | None = None,
) -> Lieu | None:
    """Le lieu : identifiant d'un lieu du catalogue, ou fiche « nom / adresse / commune ».

    `non_verifies` : donnée quand les lieux du catalogue n'ont pas pu être lus ; un identifiant de
    lieu n'y est alors pas « inconnu » : sa ligne y est notée, pour une seule erreur qui renvoie au
    catalogue (`charger_agenda`).
    """
    valeur = entree.get("lieu")
    ligne = entree.ligne_de("lieu")
    if isinstance(valeur, str) and valeur.strip() in lieux:
        return lieux[valeur.strip()]
    if isinstance(valeur, MappingLigne):
        lecteur.champs_inconnus(valeur, CHAMPS_LIEU[1:], f"le lieu de {quoi}")
        nom, commune = (
            lecteur.texte(valeur, "nom", f"lieu de {quoi}"),
            lecteur.texte(valeur, "commune", f"lieu de {quoi}"),
        )
        if nom and commune:
            return Lieu(
                f"lieu-{entree.get('id')}",
                nom,
                commune,
                lecteur.texte(valeur, "adresse", quoi, False),
                lecteur.code_postal(valeur, quoi),
            )
        return None
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        lecteur.erreur(
            ligne,
            f"{quoi} : champ « lieu » manquant",
            "ajoutez une ligne « lieu: » avec l'identifiant d'un lieu de data/formations.yml, ou une "
            "fiche « lieu: {nom: …, adresse: …, code_postal: …, commune: …} »",
        )
        return None
    if non_verifies is not None and isinstance(valeur, str):
        non_verifies.append(ligne)
        return None
    lecteur.erreur(
        ligne,
        f"{quoi} : lieu « {valeur} » inconnu ou manquant",
        "donnez l'identifiant d'un lieu de data/formations.yml, ou une fiche "
        "« lieu: {nom: …, adresse: …, code_postal: …, commune: …} »",
    )
    return None


def lire_periode(entree: MappingLigne, lecteur: Lecteur, quoi: str, fuseau: ZoneInfo):
    """(début, fin, journée entière) : « 2026-12-03 14:00 » / « 17:00 », ou des jours entiers."""
    debut = lire_moment(entree.get("debut"))
    if debut is None:
        lecteur.erreur(
            entree.ligne_de("debut"),
            f"{quoi} : début « {entree.get('debut')} » invalide ou manquant",
            conseil_de_date(
                entree.get("debut"),
                'année-mois-jour, entre guillemets : « debut: "{iso}" »',
                'écrivez-le entre guillemets : « "2026-12-03 14:00" », ou « 2026-12-03 » pour la journée',
            ),
        )
        return None
    valeur_fin = entree.get("fin")
    heure = lire_heure(valeur_fin) if isinstance(valeur_fin, str) else None
    if heure is not None:  # « 17:00 », « 17h » : le même jour
        fin = (dt.datetime.combine(debut[0].date(), heure), False)
    elif valeur_fin is not None:
        fin = lire_moment(valeur_fin)
    else:
        fin = (debut[0], True) if debut[1] else None
    if fin is None:
        lecteur.erreur(
            entree.ligne_de("fin"),
            f"{quoi} : fin « {entree.get('fin')} » invalide ou manquante",
            conseil_de_date(
                valeur_fin,
                'année-mois-jour, entre guillemets : « fin: "{iso}" »',
                'écrivez « fin: "17:00" » (même jour) ou « fin: "2026-12-04 12:00" »',
            ),
        )
        return None
    if debut[1] != fin[1]:
        lecteur.erreur(
            entree.ligne_de("fin"),
            f"{quoi} : début et fin doivent être tous deux des jours, ou tous deux des dates avec heure",
            "jours entiers : « debut: 2026-12-03 » et « fin: 2026-12-04 » ; avec heures : "
            '« debut: "2026-12-03 14:00" » et « fin: "17:00" » (ou « "2026-12-04 12:00" »)',
        )
        return None
    journee_entiere = debut[1]
    debut_dt, fin_dt = debut[0], fin[0]
    if journee_entiere:
        fin_dt += dt.timedelta(days=1)  # fin exclusive, comme en iCalendar
    if fin_dt <= debut_dt:
        lecteur.erreur(
            entree.ligne_de("fin"),
            f"{quoi} : la fin ({entree.get('fin')}) précède le début ({entree.get('debut')})",
            "vérifiez les dates et les heures",
        )
        return None
    if not journee_entiere:
        for champ, moment in (("debut", debut_dt), ("fin", fin_dt)):
            inexistante = heure_inexistante(moment, fuseau)
            if inexistante:
                lecteur.erreur(entree.ligne_de(champ), f"{quoi} : {champ} : {inexistante[0]}", inexistante[1])
                return None
    return debut_dt.replace(tzinfo=fuseau), fin_dt.replace(tzinfo=fuseau), journee_entiere


def lire_mots_cles(entree: MappingLigne, vocabulaire, lecteur: Lecteur, quoi: str) -> tuple:
    """Les mots-clés de l'entrée retrouvés dans le vocabulaire (`MotCle` : slug et libellé), sans doublon."""
    mots = lecteur.liste_textes(entree, "mots_cles", quoi)
    trouves = {}
    for mot in mots:
        trouve = vocabulaire.trouver(mot)
        if trouve is None:
            proche = vocabulaire.suggestion(mot)
            lecteur.erreur(
                entree.ligne_de("mots_cles"),
                f"{quoi} : mot-clé inconnu « {mot} »",
                f"vouliez-vous dire « {proche} » ?"
                if proche
                else "choisissez dans data/mots-cles.yml ou ajoutez-y ce mot-clé",
            )
        else:
            trouves.setdefault(trouve.slug, trouve)
    return tuple(trouves.values())


def lire_publics(donnees: MappingLigne, lecteur: Lecteur, par_defaut) -> dict[str, str]:
    """Les publics de l'agenda : « publics: {identifiant: libellé} », sinon ceux des réglages."""
    valeur = donnees.get("publics")
    if valeur is None:
        return dict(par_defaut)
    if not isinstance(valeur, dict) or not all(str(k).strip() and str(v).strip() for k, v in valeur.items()):
        lecteur.erreur(
            donnees.ligne_de("publics"),
            "« publics: » doit associer un identifiant à un libellé",
            "par exemple « publics: {membres: Structures adhérentes, tous: Tout public} »",
        )
        return dict(par_defaut)
    return {str(k): str(v) for k, v in valeur.items()}


def lire_evenement(entree: MappingLigne, contexte: dict, lecteur: Lecteur, vus: dict) -> Evenement | None:
    quoi = f"événement « {entree.get('id', '?')} »"
    lecteur.champs_inconnus(entree, CHAMPS_EVENEMENT, quoi)
    n_avant = len(lecteur.problemes)
    ident = lecteur.identifiant(entree, "id", quoi, vus)
    titre = lecteur.texte(entree, "titre", quoi)
    periode = lire_periode(entree, lecteur, quoi, contexte["fuseau"])
    lieu = lire_lieu_evenement(entree, contexte["lieux"], lecteur, quoi, contexte["lieux_non_verifies"])
    publics = lecteur.liste_textes(entree, "publics", quoi)
    for public in publics:
        if public not in contexte["publics"]:
            lecteur.erreur(
                entree.ligne_de("publics"),
                f"{quoi} : public « {public} » inconnu",
                f"publics possibles : {', '.join(contexte['publics'])} (liste « publics: » en tête "
                "de l'agenda, ou réglage FORMATIONS['publics'])",
            )
    mots = lire_mots_cles(entree, contexte["vocabulaire"], lecteur, quoi)
    mots_cles = tuple(m.slug for m in mots)
    for public in publics:
        attendus = contexte["mots_cles_par_public"].get(public) or ()
        attendus = (attendus,) if isinstance(attendus, str) else tuple(attendus)
        if attendus and not set(attendus) & set(mots_cles):
            libelle = contexte["publics"].get(public, public)
            lecteur.avertir(
                entree.ligne_de("mots_cles"),
                f"{quoi} : événement pour « {libelle} » sans le mot-clé « {' » ou « '.join(attendus)} »",
                "ajoutez-le : la lettre qui s'adresse à ce public sélectionne ce mot-clé",
            )
    lien = lecteur.texte(entree, "lien", quoi, obligatoire=False)
    if lien and not lien.startswith(("https://", "http://")):
        lecteur.erreur(entree.ligne_de("lien"), f"{quoi} : lien « {lien} » invalide", "une adresse https://…")
    exemple = entree.get("exemple", False)
    if not isinstance(exemple, bool):
        lecteur.erreur(entree.ligne_de("exemple"), f"{quoi} : « exemple » vaut true ou false")
    # Un rendez-vous annulé s'écrit comme une session annulée (modeles.ECRITURES_STATUT).
    ecrit = lecteur.texte(entree, "statut", quoi, obligatoire=False)
    statut = statut_ecrit(ecrit) if ecrit else ""
    if statut not in ("", "annulee"):
        lecteur.erreur(
            entree.ligne_de("statut"),
            f"{quoi} : statut « {ecrit} » inconnu",
            "écrivez « statut: annulee » pour un rendez-vous annulé (il reste affiché, marqué « Annulé ») ; "
            "retirez la ligne s'il a lieu",
        )
    if any(p.est_erreur for p in lecteur.problemes[n_avant:]) or periode is None or lieu is None:
        return None
    debut, fin, journee_entiere = periode
    return Evenement(
        dossier=contexte["url_agenda"],
        id=ident,
        titre=titre,
        debut=debut,
        fin=fin,
        journee_entiere=journee_entiere,
        lieu=lieu,
        publics=publics,
        mots_cles=mots_cles,
        libelles_mots_cles=tuple(m.libelle for m in mots),
        uid=f"evenement-{ident}@{contexte['domaine']}",
        intervenants=lecteur.liste_textes(entree, "intervenants", quoi, obligatoire=False),
        description=lecteur.texte(entree, "description", quoi, obligatoire=False),
        resume=lecteur.texte(entree, "resume", quoi),
        lien=lien,
        exemple=exemple,
        statut=statut,
    )


def charger_agenda(
    chemin: Path,
    affiche: str,
    vocabulaire,
    lieux: dict[str, Lieu],
    domaine: str,
    fuseau: str = "Europe/Paris",
    publics: dict | None = None,
    url_agenda: str = "agenda/",
    mots_cles_par_public: dict | None = None,
    catalogue_illisible: str = "",
) -> tuple[Agenda, list[Probleme]]:
    """Lit et valide l'agenda ; renvoie (agenda des événements valides, problèmes).

    Les publics possibles (identifiant → libellé) : la liste « publics: » en tête du fichier,
    sinon `publics` (réglage FORMATIONS['publics']). `mots_cles_par_public` : réglage FORMATIONS
    du même nom. `catalogue_illisible` : voir `lire_lieu_evenement`.
    """
    donnees, problemes = lire_source(chemin, affiche)
    if donnees is None:
        vide = fichier_vide(
            affiche,
            "« evenements: » suivi des événements",
            f"rétablissez-le depuis git (git checkout -- {affiche}) ; sans aucun rendez-vous, "
            "écrivez « evenements: [] »",
        )
        return Agenda(()), problemes or [vide]
    lecteur = Lecteur(affiche)
    if not isinstance(donnees, MappingLigne):
        lecteur.erreur(1, "le fichier doit contenir « evenements: » suivi de la liste des événements")
        return Agenda(()), lecteur.problemes
    lecteur.champs_inconnus(donnees, ("publics", "evenements"), "l'agenda")
    contexte = {
        "lieux": lieux,
        "lieux_non_verifies": [] if catalogue_illisible else None,
        "vocabulaire": vocabulaire,
        "domaine": domaine,
        "fuseau": ZoneInfo(fuseau),
        "url_agenda": url_agenda,
        "publics": lire_publics(donnees, lecteur, publics if publics is not None else DEFAUTS["publics"]),
        "mots_cles_par_public": mots_cles_par_public or {},
    }
    vus: dict[str, int] = {}
    evenements = [
        e
        for e in (lire_evenement(x, contexte, lecteur, vus) for x in section(donnees, "evenements", lecteur))
        if e
    ]
    if non_verifies := contexte["lieux_non_verifies"]:
        # Une erreur pour tous : un seul défaut de formations.yml (une tabulation) n'en fait pas vingt.
        lecteur.erreur(
            non_verifies[0],
            f"lieu non vérifié pour {len(non_verifies)} rendez-vous (ligne{'s' if len(non_verifies) > 1 else ''} "
            f"{', '.join(map(str, non_verifies))}) : aucun lieu n'a pu être lu dans {catalogue_illisible}",
            f"corrigez d'abord l'erreur signalée dans {catalogue_illisible}, puis relancez la vérification",
        )
    evenements.sort(key=lambda e: (e.debut, e.id))
    return Agenda(tuple(evenements)), lecteur.problemes
