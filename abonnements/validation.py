"""Validation stricte de ce qui arrive du formulaire (et des fichiers importés) : fonctions pures.

Une adresse est refusée plutôt que devinée : longueur (RFC 5321 : 254 caractères, 64 avant l'@),
partie locale en « dot-atom » ASCII, domaine en étiquettes valides (un domaine accentué est converti
en forme ASCII « xn-- »), aucun caractère de contrôle (retour à la ligne, tabulation, NUL…). Le
nom ne peut contenir ni retour à la ligne ni caractère invisible : il va dans l'en-tête `To:`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LONGUEUR_MAX_ADRESSE = 254
LONGUEUR_MAX_LOCALE = 64
LONGUEUR_MAX_NOM = 100
LOCALE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$")
ETIQUETTE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


class SaisieInvalide(ValueError):
    """Une valeur saisie est refusée ; `code` nomme le défaut (gabarits), le message l'explique."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


# Le champ du formulaire d'inscription que désigne chaque défaut (le service le rend à nouveau,
# rempli, le message à côté de ce champ) ; un défaut absent d'ici ne désigne aucun champ.
CHAMP_DU_DEFAUT = {
    "adresse_absente": "courriel",
    "adresse_invalide": "courriel",
    "nom_invalide": "nom",
    "edition_absente": "editions",
    "edition_inconnue": "editions",
    "consentement_absent": "consentement",
    "consentement_different": "consentement",
}


def _controle(texte: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in texte)


def adresse_valide(brute: str) -> str:
    """L'adresse normalisée (espaces autour retirés, domaine en ASCII) ; lève SaisieInvalide."""
    if _controle(brute):
        raise SaisieInvalide(
            "adresse_invalide", "adresse invalide : elle contient un caractère interdit (retour à la ligne…)"
        )
    adresse = brute.strip()
    if not adresse:
        raise SaisieInvalide("adresse_absente", "indiquez votre adresse électronique")
    if len(adresse) > LONGUEUR_MAX_ADRESSE:
        raise SaisieInvalide(
            "adresse_invalide", f"adresse invalide : l'adresse dépasse {LONGUEUR_MAX_ADRESSE} caractères"
        )
    locale, arobase, domaine = adresse.rpartition("@")
    if not arobase or not locale or not domaine:
        raise SaisieInvalide(
            "adresse_invalide", "adresse invalide : l'adresse doit avoir la forme nom@exemple.fr"
        )
    if len(locale) > LONGUEUR_MAX_LOCALE or not LOCALE.match(locale):
        raise SaisieInvalide(
            "adresse_invalide",
            "adresse invalide : la partie avant l'@ contient un caractère interdit ou est trop longue",
        )
    try:
        domaine = domaine.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise SaisieInvalide(
            "adresse_invalide", "adresse invalide : le nom de domaine (après l'@) n'est pas valide"
        ) from None
    etiquettes = domaine.split(".")
    if len(etiquettes) < 2 or not all(ETIQUETTE.match(e) for e in etiquettes) or etiquettes[-1].isdigit():
        raise SaisieInvalide(
            "adresse_invalide", "adresse invalide : le nom de domaine (après l'@) n'est pas valide"
        )
    adresse = f"{locale}@{domaine}"
    if len(adresse) > LONGUEUR_MAX_ADRESSE:
        raise SaisieInvalide(
            "adresse_invalide", f"adresse invalide : l'adresse dépasse {LONGUEUR_MAX_ADRESSE} caractères"
        )
    return adresse


def canonique(adresse: str) -> str:
    """La forme sur laquelle porte l'unicité (contrat commun au service et à l'envoi)."""
    return adresse.strip().lower()


def nom_valide(brut: str) -> str:
    """Le nom sans espaces autour ; lève SaisieInvalide s'il est trop long ou contient un contrôle."""
    if _controle(brut):
        raise SaisieInvalide("nom_invalide", "le nom contient un caractère interdit (retour à la ligne…)")
    nom = " ".join(brut.split())
    if len(nom) > LONGUEUR_MAX_NOM:
        raise SaisieInvalide("nom_invalide", f"le nom dépasse {LONGUEUR_MAX_NOM} caractères")
    return nom


@dataclass(frozen=True)
class Demande:
    """Une demande d'inscription valide, venue du formulaire du site."""

    courriel: str
    nom: str
    editions: tuple[str, ...]
    piege_rempli: bool  # le champ invisible a été rempli : un robot


def lire_demande(champs, editions_connues: tuple[str, ...]) -> Demande:
    """Valide les champs du formulaire (`champs.get` / `champs.getlist`) ; lève SaisieInvalide."""
    for nom in ("courriel", "nom", "site_web", "consentement"):
        if len(champs.getlist(nom)) > 1:
            raise SaisieInvalide("formulaire_invalide", f"le champ « {nom} » est donné plusieurs fois")
    courriel = adresse_valide(str(champs.get("courriel") or ""))
    nom = nom_valide(str(champs.get("nom") or ""))
    demandees = [str(e) for e in champs.getlist("editions")]
    inconnues = sorted(set(demandees) - set(editions_connues))
    if inconnues:
        raise SaisieInvalide("edition_inconnue", "l'édition demandée n'existe pas")
    if not demandees:
        raise SaisieInvalide("edition_absente", "choisissez au moins une édition de la lettre")
    if str(champs.get("consentement") or "") != "oui":
        raise SaisieInvalide(
            "consentement_absent", "cochez la case qui dit que vous acceptez de recevoir la lettre"
        )
    editions = tuple(e for e in editions_connues if e in demandees)
    return Demande(courriel, nom, editions, bool(str(champs.get("site_web") or "").strip()))
