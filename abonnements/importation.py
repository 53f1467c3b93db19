"""Importer les contacts existants (fichier CSV exporté d'un tableur ou d'un gestionnaire de listes).

Règles de lecture (reprises de l'ancienne lecture des abonnés par l'envoi) : UTF-8 (avec ou sans
BOM), séparateur `,` `;` ou tabulation deviné sur la première ligne, colonne `courriel` (ou
`email`, `adresse`), `nom` (ou `name`) facultative. Colonnes facultatives en plus : `editions`
(identifiants séparés par des virgules ou des espaces), `statut` (une personne désinscrite ou
bloquée dans l'ancien outil n'est pas importée) et la date du consentement (`consenti_le`,
`date_inscription`, `optin_time`… : AAAA-MM-JJ, avec l'heure ou non, ou JJ/MM/AAAA), gardée dans la
preuve ; sans elle, la preuve porte la date de l'import.

Tout ou rien : le fichier est d'abord vérifié en entier (fichier, ligne, défaut, conseil) ; s'il
reste une erreur, rien n'est importé. Une adresse déjà dans la base n'est jamais modifiée (une
personne qui s'est désinscrite depuis l'export ne revient pas), sauf une demande jamais confirmée,
que l'import confirme.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from socle.erreurs import AVERTISSEMENT, Probleme

from .inscriptions import ACTEUR_COMMANDE, ajouter_editions, creer_ou_retrouver, noter
from .tables import abonnes, consentements
from .validation import SaisieInvalide, adresse_valide, canonique, nom_valide

COLONNES_ADRESSE = ("courriel", "email", "adresse")
COLONNES_NOM = ("nom", "name")
COLONNES_DATE = ("consenti_le", "date_consentement", "date_inscription", "optin_time", "confirm_time")
STATUTS_ACTIFS = {
    "",
    "confirme",
    "confirmé",
    "confirmed",
    "enabled",
    "actif",
    "active",
    "subscribed",
    "abonne",
    "abonné",
}
STATUTS_PARTIS = {
    "desinscrit",
    "désinscrit",
    "unsubscribed",
    "blocklisted",
    "blacklisted",
    "bloque",
    "bloqué",
    "disabled",
}


class FichierIllisible(ValueError):
    """Le fichier ne peut pas être lu du tout (absent, pas en UTF-8, sans colonne d'adresse)."""


@dataclass(frozen=True)
class Contact:
    ligne: int
    courriel: str
    nom: str
    editions: tuple[str, ...]
    consenti_le: dt.datetime | None = None  # date du consentement dans l'ancien outil, si connue


@dataclass
class Lecture:
    contacts: list[Contact] = field(default_factory=list)
    problemes: list[Probleme] = field(default_factory=list)

    @property
    def erreurs(self) -> list[Probleme]:
        return [p for p in self.problemes if p.est_erreur]


def lignes_csv(chemin: Path) -> tuple[csv.DictReader, dict[str, str]]:
    """Le lecteur du fichier et ses colonnes (nom en minuscules → nom tel qu'écrit)."""
    try:
        texte = chemin.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise FichierIllisible(f"fichier introuvable : {chemin}") from None
    except UnicodeDecodeError:
        raise FichierIllisible(f"{chemin} n'est pas en UTF-8 : réenregistrez-le en « CSV UTF-8 »") from None
    dialecte = csv.excel
    try:
        dialecte = csv.Sniffer().sniff(texte.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        pass
    # StringIO (et non splitlines) : un champ entre guillemets peut contenir un retour à la ligne.
    lecteur = csv.DictReader(io.StringIO(texte, newline=""), dialect=dialecte)
    colonnes = {(c or "").strip().lower(): c for c in lecteur.fieldnames or []}
    return lecteur, colonnes


def lire_date(texte: str) -> dt.datetime | None:
    """Une date de consentement de l'ancien outil, en UTC, ou None si illisible.

    ISO 8601 (`datetime.fromisoformat` : « 2019-03-14 », « 2019-03-14 10:30:00 », « …Z »,
    « …+01:00 ») ou JJ/MM/AAAA ; sans fuseau, c'est l'heure de Paris.
    """
    from zoneinfo import ZoneInfo

    texte = texte.strip()
    try:
        date = dt.datetime.fromisoformat(texte)
    except ValueError:
        try:
            date = dt.datetime.strptime(texte, "%d/%m/%Y")
        except ValueError:
            return None
    if date.tzinfo is None:
        date = date.replace(tzinfo=ZoneInfo("Europe/Paris"))
    return date.astimezone(dt.UTC)


def lire_contacts(
    chemin: Path, editions_par_defaut: tuple[str, ...], editions_connues: tuple[str, ...]
) -> Lecture:
    """Vérifie tout le fichier ; renvoie les contacts à importer et les problèmes (ligne par ligne)."""
    lecteur, colonnes = lignes_csv(chemin)
    colonne = next((colonnes[c] for c in COLONNES_ADRESSE if c in colonnes), None)
    if colonne is None:
        raise FichierIllisible(f"{chemin} : pas de colonne « courriel » (ou « email ») sur la première ligne")
    colonne_nom = next((colonnes[c] for c in COLONNES_NOM if c in colonnes), None)
    colonne_editions = colonnes.get("editions") or colonnes.get("éditions")
    colonne_statut = colonnes.get("statut") or colonnes.get("status")
    colonne_date = next((colonnes[c] for c in COLONNES_DATE if c in colonnes), None)
    maintenant = dt.datetime.now(dt.UTC)
    affiche = str(chemin)
    lecture, vus = Lecture(), set()
    for numero, ligne in enumerate(lecteur, start=2):
        brute = (ligne.get(colonne) or "").strip()
        if not brute:
            continue
        statut = (ligne.get(colonne_statut) or "").strip().lower() if colonne_statut else ""
        if statut in STATUTS_PARTIS:
            lecture.problemes.append(
                Probleme(
                    affiche, numero, f"« {brute} » : statut « {statut} », non importée", "", AVERTISSEMENT
                )
            )
            continue
        if statut not in STATUTS_ACTIFS:
            lecture.problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"statut « {statut} » inconnu",
                    "écrivez « confirme » (importée) ou « desinscrit » (ignorée), ou videz la colonne",
                )
            )
            continue
        try:
            courriel = adresse_valide(brute)
            nom = nom_valide(ligne.get(colonne_nom) or "") if colonne_nom else ""
        except SaisieInvalide as exc:
            lecture.problemes.append(
                Probleme(
                    affiche, numero, f"« {brute[:80]} » : {exc}", "corrigez la ligne puis relancez l'import"
                )
            )
            continue
        editions = editions_par_defaut
        if colonne_editions and (ligne.get(colonne_editions) or "").strip():
            editions = tuple(e for e in re.split(r"[\s,]+", ligne[colonne_editions].strip()) if e)
        inconnues = sorted(set(editions) - set(editions_connues))
        if inconnues:
            lecture.problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"édition(s) inconnue(s) : {', '.join(inconnues)}",
                    f"éditions possibles : {', '.join(editions_connues)}",
                )
            )
            continue
        if canonique(courriel) in vus:
            lecture.problemes.append(
                Probleme(affiche, numero, f"« {courriel} » en double (ligne ignorée)", "", AVERTISSEMENT)
            )
            continue
        consenti_le = None
        brute_date = (ligne.get(colonne_date) or "").strip() if colonne_date else ""
        if brute_date:
            consenti_le = lire_date(brute_date)
            if consenti_le is None or consenti_le > maintenant:
                lecture.problemes.append(
                    Probleme(
                        affiche,
                        numero,
                        f"date du consentement « {brute_date[:40]} » illisible ou à venir",
                        "écrivez-la AAAA-MM-JJ (avec l'heure ou non) ou JJ/MM/AAAA, ou videz la case",
                    )
                )
                continue
        vus.add(canonique(courriel))
        lecture.contacts.append(Contact(numero, courriel, nom, editions, consenti_le))
    return lecture


def importer(connexion, contacts: list[Contact], source: str, instant: dt.datetime) -> tuple[int, int, int]:
    """Crée les contacts absents, confirmés, avec la source du consentement ;
    (importés, déjà là, effacés à leur demande).

    Une personne « en_attente » (demande faite sur le site, jamais confirmée) est confirmée par
    l'import comme une absente : sinon elle serait effacée avec sa demande au bout de 30 jours,
    alors que l'ancien outil atteste son consentement. Confirmée ou désinscrite, elle ne change pas.
    Une personne effacée à sa demande (`abonnes effacer`) n'est pas réinscrite par un import.
    """
    from .rgpd import empreinte_effacee, empreintes_effacees

    opposees = empreintes_effacees(connexion)  # lues une fois, pas une requête par contact
    importes = deja = effacees = 0
    for contact in contacts:
        if empreinte_effacee(contact.courriel) in opposees:
            effacees += 1
            continue
        abonne_id, cree = creer_ou_retrouver(connexion, contact.courriel, contact.nom, "confirme", instant)
        if not cree:
            en_attente = connexion.execute(
                abonnes.update()
                .where(abonnes.c.id == abonne_id, abonnes.c.statut == "en_attente")
                .values(statut="confirme", confirme_le=instant, modifie_le=instant)
            ).rowcount
            if not en_attente:
                deja += 1
                continue
        ajouter_editions(connexion, abonne_id, contact.editions, instant)
        # La date de l'ancien outil si le fichier la donne ; sinon celle de l'import.
        donne_le = contact.consenti_le or instant
        connexion.execute(
            consentements.insert().values(
                abonne_id=abonne_id,
                donne_le=donne_le,
                confirme_le=donne_le,
                source=f"import : {source}"[:200],
                texte=f"Consentement donné avant le service d'abonnement, importé le "
                f"{instant:%Y-%m-%d} (source : {source})",
                editions=",".join(contact.editions),
            )
        )
        noter(connexion, abonne_id, instant, ACTEUR_COMMANDE, "import", f"source : {source}")
        importes += 1
    return importes, deja, effacees
