"""Le registre des numéros envoyés (`data/lettre/registre.yml`) : lecture validée et écriture.

Le registre est versionné : chaque numéro envoyé y est figé (actualités, agenda, éditorial)
pour que la reconstruction du site redonne l'archive exactement telle qu'envoyée. Seule la
commande d'envoi y ajoute des numéros ; le personnel peut y décider du sort des actualités
anciennes (`ecartees`, `a_envoyer`).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import yaml

from socle.erreurs import Probleme, fichier_vide
from socle.sources_yaml import ErreurYaml, charger_yaml

from .selection import Actualite, Numero, Registre, RendezVous

ENTETE = """\
# Registre de la lettre : les numéros envoyés, figés tels qu'envoyés.
# Tenu par « python gestion.py lettre envoyer » : ne modifiez pas les numéros à la main.
# Vous pouvez en revanche décider du sort des actualités anciennes jamais envoyées :
#   ecartees:  uids à ne jamais envoyer ;  a_envoyer:  uids à envoyer malgré leur âge.
# depart : les actualités déjà en ligne quand la lettre a commencé (jamais envoyées).
"""


def _date(valeur, quoi: str) -> dt.date:
    if isinstance(valeur, dt.datetime):
        return valeur.date()
    if isinstance(valeur, dt.date):
        return valeur
    try:
        return dt.date.fromisoformat(str(valeur))
    except ValueError:
        raise ValueError(f"{quoi} « {valeur} » invalide (AAAA-MM-JJ attendu)") from None


def _instant(valeur, quoi: str) -> dt.datetime:
    if isinstance(valeur, dt.datetime):
        instant = valeur
    else:
        try:
            instant = dt.datetime.fromisoformat(str(valeur))
        except ValueError:
            raise ValueError(f"{quoi} « {valeur} » invalide (date et heure ISO attendues)") from None
    if instant.tzinfo is None:
        raise ValueError(f"{quoi} « {valeur} » sans fuseau horaire (ajoutez +01:00 ou +02:00)")
    return instant


def _texte(donnees, cle: str) -> str:
    valeur = donnees.get(cle)
    return "" if valeur is None else str(valeur)


def _actualite(d) -> Actualite:
    return Actualite(
        uid=_texte(d, "uid").lower(),
        titre=_texte(d, "titre"),
        date=_instant(d.get("date"), "date"),
        resume=_texte(d, "resume"),
        url=_texte(d, "url"),
        mots_cles=tuple(str(m) for m in d.get("mots_cles") or ()),
    )


def _rendez_vous(d) -> RendezVous:
    return RendezVous(
        uid=_texte(d, "uid"),
        genre=_texte(d, "genre"),
        titre=_texte(d, "titre"),
        debut=_instant(d.get("debut"), "debut"),
        fin=_instant(d.get("fin"), "fin"),
        lieu=_texte(d, "lieu"),
        url=_texte(d, "url"),
        statut=_texte(d, "statut"),
        resume=_texte(d, "resume"),
        mots_cles=tuple(str(m) for m in d.get("mots_cles") or ()),
    )


def _numero(d) -> Numero:
    for cle in ("numero", "edition", "parution", "envoye"):
        if not d.get(cle):
            raise ValueError(f"champ « {cle} » manquant")
    return Numero(
        ident=str(d["numero"]),
        edition=str(d["edition"]),
        parution=_date(d["parution"], "parution"),
        actualites=tuple(_actualite(a) for a in d.get("actualites") or ()),
        rendez_vous=tuple(_rendez_vous(r) for r in d.get("rendez_vous") or ()),
        edito=_texte(d, "edito"),
        envoye=_instant(d["envoye"], "envoye").isoformat(),
        destinataires=int(d.get("destinataires") or 0),
        refus=int(d.get("refus") or 0),
    )


def _uids(donnees, cle: str) -> frozenset[str]:
    return frozenset(str(u).strip().lower() for u in donnees.get(cle) or ())


def charger_registre(chemin: Path, affiche: str) -> tuple[Registre, list[Probleme]]:
    """Lit le registre ; absent = registre vide. Un numéro illisible est une erreur (ligne donnée)."""
    if not chemin.exists():
        return Registre(), []
    try:
        donnees = charger_yaml(chemin, affiche)
    except ErreurYaml as exc:
        return Registre(), [exc.probleme]
    if donnees is None:
        return Registre(), [
            fichier_vide(
                affiche,
                "« depart: » et les numéros envoyés",
                f"rétablissez-le depuis git (git checkout -- {affiche}) : vide, il ferait renvoyer "
                "toutes les actualités par la prochaine lettre",
            )
        ]
    if not isinstance(donnees, dict):
        return Registre(), [Probleme(affiche, 1, "le registre doit contenir des clés (numeros:, depart:…)")]
    problemes: list[Probleme] = []
    numeros = []
    vus: dict[tuple[str, str], int] = {}
    lignes = {}
    for brut in donnees.get("numeros") or []:
        ligne = getattr(brut, "ligne", None)
        try:
            numero = _numero(brut)
        except (ValueError, TypeError, AttributeError) as exc:
            problemes.append(
                Probleme(
                    affiche,
                    ligne,
                    f"numéro illisible : {exc}",
                    "le registre est écrit par la commande d'envoi ; retrouvez la "
                    "version précédente dans l'historique git",
                )
            )
            continue
        cle = (numero.ident, numero.edition)
        if cle in vus:
            problemes.append(
                Probleme(
                    affiche,
                    ligne,
                    f"numéro {numero.ident} ({numero.edition}) en double",
                    f"déjà à la ligne {vus[cle]} ; gardez une seule entrée",
                )
            )
            continue
        vus[cle] = ligne
        lignes[cle] = ligne
        numeros.append(numero)
    depart = donnees.get("depart") or {}
    depart_date = None
    if depart.get("date"):
        try:
            depart_date = _date(depart["date"], "date de départ")
        except ValueError as exc:
            problemes.append(Probleme(affiche, depart.ligne_de("date"), str(exc)))
    registre = Registre(
        numeros=tuple(sorted(numeros, key=lambda n: (n.parution, n.edition))),
        depart_uids=_uids(depart, "uids") if isinstance(depart, dict) else frozenset(),
        depart_date=depart_date,
        ecartees=_uids(donnees, "ecartees"),
        a_envoyer=_uids(donnees, "a_envoyer"),
        lignes=lignes,
    )
    return registre, problemes


def _instant_texte(instant: dt.datetime) -> str:
    return instant.isoformat()


def numero_en_donnees(numero: Numero) -> dict:
    """Forme YAML d'un numéro (clés dans un ordre fixe : diffs lisibles)."""
    return {
        "numero": numero.ident,
        "edition": numero.edition,
        "parution": numero.parution.isoformat(),
        "envoye": numero.envoye,
        "destinataires": numero.destinataires,
        "refus": numero.refus,
        "edito": numero.edito,
        "actualites": [
            {
                "uid": a.uid,
                "titre": a.titre,
                "date": _instant_texte(a.date),
                "url": a.url,
                "mots_cles": list(a.mots_cles),
                "resume": a.resume,
            }
            for a in numero.actualites
        ],
        "rendez_vous": [
            {
                "uid": r.uid,
                "genre": r.genre,
                "titre": r.titre,
                "debut": _instant_texte(r.debut),
                "fin": _instant_texte(r.fin),
                "lieu": r.lieu,
                "url": r.url,
                "statut": r.statut,
                "mots_cles": list(r.mots_cles),
                "resume": r.resume,
            }
            for r in numero.rendez_vous
        ],
    }


def numero_depuis_donnees(donnees: dict) -> Numero:
    """Inverse de `numero_en_donnees` (préparations enregistrées par l'envoi)."""
    return _numero(donnees)


def registre_en_texte(registre: Registre) -> str:
    donnees = {
        "depart": {
            "date": registre.depart_date.isoformat() if registre.depart_date else None,
            "uids": sorted(registre.depart_uids),
        },
        "ecartees": sorted(registre.ecartees),
        "a_envoyer": sorted(registre.a_envoyer),
        "numeros": [numero_en_donnees(n) for n in registre.numeros],
    }
    corps = yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return ENTETE + corps


def ecrire_registre(chemin: Path, registre: Registre) -> None:
    """Écrit le registre atomiquement (fichier temporaire puis renommage)."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    descripteur, temporaire = tempfile.mkstemp(dir=chemin.parent, prefix=".registre-", suffix=".yml")
    with os.fdopen(descripteur, "w", encoding="utf-8") as fichier:
        fichier.write(registre_en_texte(registre))
        fichier.flush()
        os.fsync(fichier.fileno())
    os.replace(temporaire, chemin)
