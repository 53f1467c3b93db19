"""Table des communes (produite par `python gestion.py communes`) et recherche d'un lieu par nom ou code postal.

La normalisation est la même que dans `theme/static/js/points-accueil.js` : sans accents,
casse, tirets, apostrophes ni espaces ; « st »/« ste » valent « saint »/« sainte ». L'article
se tape ou non, devant ou entre parenthèses : « Bassée », « Bassée (La) » et « La Bassée »
désignent la même commune.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from socle.erreurs import Probleme

from .modeles import Commune, Lieu

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
_ABREVIATIONS = ((re.compile(r"\bst\b"), "saint"), (re.compile(r"\bste\b"), "sainte"))
_CODE_POSTAL = re.compile(r"\d{5}")
# « Nom (59000) » (un choix proposé), « Nom 59000 », « Nom, 59000 » ou « 59000 Nom » (une adresse copiée).
_NOM_ET_CODE = re.compile(r"^(.*?\D)[\s,]*\(?(\d{5})\)?$")
_CODE_ET_NOM = re.compile(r"^\(?(\d{5})\)?[\s,]+(\D.*)$")
_ARTICLE_DEVANT = re.compile(r"^(?:les|le|la|l)(?:\s+|\s*['’]\s*)(?=\S)", re.IGNORECASE)
_ARTICLE_APRES = re.compile(r"^(.*?)\s*\(\s*(les|le|la|l['’]?)\s*\)\s*$", re.IGNORECASE)
# Nom de commune le plus court proposé pour une saisie qui commence par lui (même seuil qu'en JS).
LONGUEUR_EN_TETE = 4
COLONNES = ["code_insee", "nom", "codes_postaux", "latitude", "longitude", "precision"]


def normaliser(texte: str) -> str:
    """Clé de recherche : « Saint-Étienne-du-Rouvray » et « st etienne du rouvray » donnent la même."""
    if not texte.isascii():  # le texte ASCII (la plupart des noms) n'a ni accent ni ligature
        texte = unicodedata.normalize("NFKD", texte.translate(_LIGATURES))
        texte = "".join(c for c in texte if not unicodedata.combining(c))
    texte = texte.lower()
    texte = re.sub(r"[^a-z0-9]+", " ", texte)
    for motif, remplacement in _ABREVIATIONS:
        texte = motif.sub(remplacement, texte)
    return texte.replace(" ", "")


def sans_article(nom: str) -> str:
    """« La Bassée » → « Bassée », « Quesnoy (Le) » → « Quesnoy » ; sinon le nom tel quel."""
    apres = _ARTICLE_APRES.match(nom.strip())
    if apres:
        return apres.group(1)
    return _ARTICLE_DEVANT.sub("", nom.strip())


@dataclass
class TableCommunes:
    """Communes indexées par nom normalisé et par code postal."""

    communes: list[Commune]
    par_nom: dict[str, list[Commune]] = field(init=False)
    par_code_postal: dict[str, list[Commune]] = field(init=False)
    # Nom normalisé sans son article (« bassee » pour La Bassée) → communes.
    par_nom_sans_article: dict[str, list[Commune]] = field(init=False)
    # (nom normalisé, commune) dans l'ordre des pages et de la recherche : nom, puis code INSEE.
    alphabetique: list[tuple[str, Commune]] = field(init=False)

    def __post_init__(self):
        self.par_nom, self.par_code_postal, self.par_nom_sans_article = {}, {}, {}
        cles = []
        for commune in self.communes:
            cle = normaliser(commune.nom)
            cles.append((cle, commune))
            self.par_nom.setdefault(cle, []).append(commune)
            self.par_nom_sans_article.setdefault(normaliser(sans_article(commune.nom)), []).append(commune)
            for code in commune.codes_postaux:
                self.par_code_postal.setdefault(code, []).append(commune)
        self.alphabetique = sorted(cles, key=lambda cc: (cc[0], cc[1].code_insee))

    def trouver(self, nom: str) -> list[Commune]:
        """Communes de ce nom (plusieurs en cas d'homonymie), ou liste vide.

        Le nom exact d'abord ; sinon le nom sans son article, tapé ou non.
        """
        exactes = self.par_nom.get(normaliser(nom))
        if exactes:
            return list(exactes)
        return list(self.par_nom_sans_article.get(normaliser(sans_article(nom)), []))

    def suggestions(self, texte: str, nombre: int = 8) -> list[Commune]:
        """Communes dont le nom commence par le texte, puis le contient, puis le commence, puis lui ressemble."""
        cle = normaliser(texte)
        if not cle:
            return []
        debut = [c for k, cs in sorted(self.par_nom.items()) if k.startswith(cle) for c in cs]
        dedans = [
            c for k, cs in sorted(self.par_nom.items()) if cle in k and not k.startswith(cle) for c in cs
        ]
        # « Lille Fives », « Berck-sur-Mer » : la saisie commence par le nom d'une commune.
        en_tete = [
            c
            for k in sorted(self.par_nom, key=lambda k: (-len(k), k))
            if len(k) >= LONGUEUR_EN_TETE and cle.startswith(k) and k != cle
            for c in self.par_nom[k]
        ]
        proches = [
            c
            for k in difflib.get_close_matches(cle, list(self.par_nom), n=nombre, cutoff=0.75)
            for c in self.par_nom[k]
        ]
        resultat = []
        for commune in debut + dedans + en_tete + proches:
            if commune not in resultat:
                resultat.append(commune)
        return resultat[:nombre]

    def du_code(self, code: str) -> list[Commune]:
        """Communes d'un code postal, par nom."""
        return sorted(self.par_code_postal.get(code, []), key=lambda c: (normaliser(c.nom), c.code_insee))

    def rechercher(self, texte: str) -> tuple[Lieu | None, list[Commune]]:
        """Le lieu désigné par un nom de commune ou un code postal ; sinon (None, suggestions).

        Un code postal partagé par plusieurs communes demande laquelle : (None, ces communes),
        car leur position moyenne mènerait parfois au mauvais point.
        Un code postal tapé avec le nom (« Nom (01000) », « Nom 01000 », « 01000 Nom ») choisit
        parmi des homonymes, et trouve la commune d'un nom mal tapé.
        """
        texte = texte.strip()
        if _CODE_POSTAL.fullmatch(texte):
            communes = self.du_code(texte)
            if len(communes) == 1:
                return lieu_de(communes[0]), []
            return None, communes
        texte, code = separer_code_postal(texte)
        communes = self.trouver(texte)
        if code:
            # Le code départage des homonymes ; il désigne seul la commune d'un nom mal tapé.
            communes = [c for c in communes if code in c.codes_postaux] or communes or self.du_code(code)
        if len(communes) == 1:
            return lieu_de(communes[0]), []
        if communes:
            return None, communes
        return None, self.suggestions(texte)


def separer_code_postal(texte: str) -> tuple[str, str | None]:
    """(nom, code postal) d'une saisie « Nom (59000) », « Nom 59000 », « 59000 Nom » ; sinon (texte, None)."""
    texte = texte.strip()
    nom_et_code = _NOM_ET_CODE.match(texte)
    if nom_et_code:
        return nom_et_code.group(1).strip(" ,"), nom_et_code.group(2)
    code_et_nom = _CODE_ET_NOM.match(texte)
    if code_et_nom:
        return code_et_nom.group(2).strip(" ,"), code_et_nom.group(1)
    return texte, None


def lieu_de(commune: Commune) -> Lieu:
    return Lieu(commune.nom, commune.latitude, commune.longitude, commune.approximative)


def libelle_choix(commune: Commune, code: str | None = None) -> str:
    """« Nom (code postal) » : ce qu'on tape pour choisir parmi des homonymes.

    Le code est `code` (celui qu'on a tapé) s'il est l'un de ceux de la commune, sinon son premier.
    """
    if not commune.codes_postaux:
        return commune.nom
    return f"{commune.nom} ({code if code in commune.codes_postaux else commune.codes_postaux[0]})"


def charger_communes(chemin: Path, affiche: str) -> tuple[TableCommunes | None, list[Probleme]]:
    """Lit la table produite par `gestion.py communes` ; (None, problèmes) si elle est illisible."""
    try:
        lignes = chemin.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return None, [
            Probleme(
                affiche,
                None,
                "table des communes introuvable",
                "réglez les départements desservis (POINTS_ACCUEIL['departements'] dans pelicanconf.py) "
                "puis produisez-la : python gestion.py communes",
            )
        ]
    numerotees = [
        (i, ligne) for i, ligne in enumerate(lignes, start=1) if ligne and not ligne.startswith("#")
    ]
    lecteur = csv.reader(ligne for _i, ligne in numerotees)
    entete = next(lecteur, None)
    if entete != COLONNES:
        return None, [
            Probleme(
                affiche,
                numerotees[0][0] if numerotees else None,
                f"en-tête inattendu ({entete}) ; attendu : {','.join(COLONNES)}",
                "reproduisez le fichier : python gestion.py communes",
            )
        ]
    communes, problemes = [], []
    for (numero, _ligne), valeurs in zip(numerotees[1:], lecteur, strict=False):
        try:
            code, nom, codes, lat, lon, precision = valeurs
            communes.append(Commune(code, nom, tuple(codes.split()), float(lat), float(lon), precision))
        except ValueError:
            problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"ligne illisible : {','.join(valeurs)}",
                    "reproduisez le fichier : python gestion.py communes",
                )
            )
    return TableCommunes(communes), problemes
