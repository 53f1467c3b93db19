"""Le registre de la lettre : lecture validée et écriture, en deux fichiers versionnés.

- `registre.yml` (YAML, pour le personnel) : le point de départ (`depart`) et le sort des
  actualités anciennes (`ecartees`, `a_envoyer`) ; erreurs données à la ligne.
- `registre.jsonl` (à côté, écrit par la commande d'envoi seulement) : une ligne JSON par numéro
  envoyé, figé (actualités, agenda, éditorial) pour que la reconstruction du site redonne
  l'archive exactement telle qu'envoyée. Il grossit à chaque numéro et chaque build le relit :
  JSON se lit des dizaines de fois plus vite que YAML.

L'ancien format (numéros sous `numeros:` dans registre.yml) est encore lu ; la prochaine écriture
(envoi, `lettre demarrer`) le convertit.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import yaml

from socle.ecriture import ecrire_atomiquement
from socle.erreurs import Probleme, fichier_vide
from socle.sources_yaml import ErreurYaml, charger_yaml

from .selection import Actualite, Numero, Registre, RendezVous

ENTETE = """\
# Registre de la lettre. Les numéros envoyés, figés tels qu'envoyés, sont dans registre.jsonl
# (une ligne par numéro), tenu par « python gestion.py lettre envoyer » : ne le modifiez pas.
# Ici, vous pouvez décider du sort des actualités anciennes jamais envoyées :
#   ecartees:  uids à ne jamais envoyer ;  a_envoyer:  uids à envoyer malgré leur âge.
# depart : les actualités déjà en ligne quand la lettre a commencé (jamais envoyées).
"""
CONSEIL_NUMEROS = (
    "ce fichier est écrit par la commande d'envoi ; retrouvez la version précédente dans l'historique git"
)


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


def _entier(donnees, cle: str) -> int:
    valeur = donnees.get(cle) or 0
    if isinstance(valeur, bool) or not isinstance(valeur, int):
        raise ValueError(f"{cle} « {valeur} » invalide (nombre entier attendu)")
    return valeur


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
        journee_entiere=d.get("journee_entiere") is True,  # absent des numéros d'avant : False
    )


def _numero(d) -> Numero:
    if not isinstance(d, dict):
        raise ValueError("fiche de numéro attendue (numero, edition, parution, envoye…)")
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
        destinataires=_entier(d, "destinataires"),
        refus=_entier(d, "refus"),
    )


def _uids(donnees, cle: str, affiche: str, problemes: list[Probleme]) -> frozenset[str]:
    valeur = donnees.get(cle)
    if valeur is None:
        return frozenset()
    if not isinstance(valeur, list):
        problemes.append(
            Probleme(
                affiche,
                donnees.ligne_de(cle),
                f"« {cle} » doit être une liste d'uids (un par ligne, « - uid »)",
            )
        )
        return frozenset()
    return frozenset(str(u).strip().lower() for u in valeur)


def chemin_numeros(chemin: Path) -> Path:
    """Le fichier des numéros envoyés, à côté du registre : `registre.yml` → `registre.jsonl`."""
    return chemin.with_suffix(".jsonl")


def _lire_decisions(chemin: Path, affiche: str) -> tuple[dict, list[Probleme]]:
    """Le contenu de registre.yml (décisions du personnel) ; absent = aucune décision."""
    if not chemin.exists():
        return {}, []
    try:
        donnees = charger_yaml(chemin, affiche)
    except ErreurYaml as exc:
        return {}, [exc.probleme]
    if donnees is None:
        return {}, [
            fichier_vide(
                affiche,
                "« depart: »",
                f"rétablissez-le depuis git (git checkout -- {affiche}) : vide, il ferait envoyer "
                "par la prochaine lettre les actualités d'avant son démarrage",
            )
        ]
    if not isinstance(donnees, dict):
        return {}, [Probleme(affiche, 1, "le registre doit contenir des clés (depart:, ecartees:…)")]
    return donnees, []


def _lire_numeros(chemin: Path, affiche: str) -> tuple[list[tuple[int, object]], list[Probleme]]:
    """(ligne, données) de chaque numéro de registre.jsonl ; absent = aucun numéro envoyé."""
    try:
        texte = chemin.read_text(encoding="utf-8-sig")  # -sig : un éditeur a pu ajouter une BOM
    except FileNotFoundError:
        return [], []
    except UnicodeDecodeError:
        return [], [Probleme(affiche, None, "le fichier n'est pas en UTF-8", CONSEIL_NUMEROS)]
    except OSError as exc:  # un dossier à sa place, droits…
        return [], [Probleme(affiche, None, f"fichier illisible ({exc.strerror or exc})", CONSEIL_NUMEROS)]
    bruts, problemes = [], []
    for ligne, contenu in enumerate(texte.splitlines(), start=1):
        if not contenu.strip():
            continue
        try:
            bruts.append((ligne, json.loads(contenu)))
        except json.JSONDecodeError as exc:
            message = f"numéro illisible : JSON invalide à la colonne {exc.colno}"
            problemes.append(Probleme(affiche, ligne, message, CONSEIL_NUMEROS))
    return bruts, problemes


def charger_registre(chemin: Path, affiche: str) -> tuple[Registre, list[Probleme]]:
    """Lit registre.yml et registre.jsonl ; absents = registre vide. Un numéro illisible est une
    erreur (fichier et ligne donnés)."""
    donnees, problemes = _lire_decisions(chemin, affiche)
    affiche_numeros = str(Path(affiche).with_suffix(".jsonl"))
    bruts, autres = _lire_numeros(chemin_numeros(chemin), affiche_numeros)
    problemes += autres
    sources = [(affiche_numeros, ligne, brut) for ligne, brut in bruts]
    anciens = donnees.get("numeros") or []  # ancien format : les numéros dans registre.yml
    sources += [(affiche, getattr(brut, "ligne", None), brut) for brut in anciens]
    numeros: dict[tuple[str, str], tuple[Numero, str]] = {}
    for fichier, ligne, brut in sources:
        try:
            numero = _numero(brut)
        except (ValueError, TypeError, AttributeError) as exc:
            problemes.append(Probleme(fichier, ligne, f"numéro illisible : {exc}", CONSEIL_NUMEROS))
            continue
        cle = (numero.ident, numero.edition)
        if cle not in numeros:
            numeros[cle] = (numero, f"{fichier}:{ligne}")
        elif numeros[cle][0] != numero:  # identiques : conversion interrompue, sans conséquence
            problemes.append(
                Probleme(
                    fichier,
                    ligne,
                    f"numéro {numero.ident} ({numero.edition}) en double",
                    f"déjà en {numeros[cle][1]} ; gardez une seule entrée",
                )
            )
    depart = donnees.get("depart") or {}
    if not isinstance(depart, dict):
        problemes.append(
            Probleme(affiche, donnees.ligne_de("depart"), "« depart » doit contenir date: et uids:")
        )
        depart = {}
    depart_date = None
    if depart.get("date"):
        try:
            depart_date = _date(depart["date"], "date de départ")
        except ValueError as exc:
            problemes.append(Probleme(affiche, depart.ligne_de("date"), str(exc)))
    registre = Registre(
        numeros=tuple(sorted((n for n, _ in numeros.values()), key=lambda n: (n.parution, n.edition))),
        depart_uids=_uids(depart, "uids", affiche, problemes) if depart else frozenset(),
        depart_date=depart_date,
        ecartees=_uids(donnees, "ecartees", affiche, problemes) if donnees else frozenset(),
        a_envoyer=_uids(donnees, "a_envoyer", affiche, problemes) if donnees else frozenset(),
    )
    return registre, problemes


def _instant_texte(instant: dt.datetime) -> str:
    return instant.isoformat()


def numero_en_donnees(numero: Numero) -> dict:
    """Un numéro en dict (une ligne de registre.jsonl ; clés dans un ordre fixe : diffs lisibles)."""
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
                **({"journee_entiere": True} if r.journee_entiere else {}),
            }
            for r in numero.rendez_vous
        ],
    }


def numero_depuis_donnees(donnees: dict) -> Numero:
    """Inverse de `numero_en_donnees` (préparations enregistrées par l'envoi)."""
    return _numero(donnees)


def registre_en_texte(registre: Registre) -> str:
    """Le texte de registre.yml : les décisions du personnel (les numéros vont dans registre.jsonl)."""
    donnees = {
        "depart": {
            "date": registre.depart_date.isoformat() if registre.depart_date else None,
            "uids": sorted(registre.depart_uids),
        },
        "ecartees": sorted(registre.ecartees),
        "a_envoyer": sorted(registre.a_envoyer),
    }
    corps = yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return ENTETE + corps


def numeros_en_texte(registre: Registre) -> str:
    """Le texte de registre.jsonl : une ligne JSON par numéro envoyé, dans l'ordre des parutions."""
    numeros = sorted(registre.numeros, key=lambda n: (n.parution, n.edition))
    return "".join(json.dumps(numero_en_donnees(n), ensure_ascii=False) + "\n" for n in numeros)


def _ecrire(chemin: Path, texte: str) -> None:
    """Écrit atomiquement et durablement : l'ancien fichier ou le nouveau, jamais un morceau."""
    ecrire_atomiquement(chemin, texte.encode("utf-8"), durable=True)


def ecrire_registre(chemin: Path, registre: Registre) -> None:
    """Écrit registre.jsonl puis registre.yml (interrompue entre les deux, une conversion de
    l'ancien format laisse chaque numéro en double identique, lu une fois)."""
    _ecrire(chemin_numeros(chemin), numeros_en_texte(registre))
    _ecrire(chemin, registre_en_texte(registre))


def inscrire_numeros(chemin: Path, registre: Registre) -> None:
    """Après un envoi : seul registre.jsonl est réécrit. registre.yml, au personnel, garde ses
    commentaires ; il n'est réécrit que s'il a encore l'ancien format (numéros dedans) à convertir."""
    try:
        ancien = "numeros" in (charger_yaml(chemin) or {})
    except (ErreurYaml, TypeError):
        ancien = False
    if ancien:
        ecrire_registre(chemin, registre)
    else:
        _ecrire(chemin_numeros(chemin), numeros_en_texte(registre))
