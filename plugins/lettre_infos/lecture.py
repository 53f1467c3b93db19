"""Lecture et validation des numéros : `content/lettre-infos/<numéro>.md` → `NumeroInfos`.

Même format que les actualités (voir docs/lettre-infos.md) : des en-têtes « Clé: valeur »
(Title, Date, Summary, Exemple), une ligne vide, puis le texte en Markdown. Les en-têtes sont
relus par `socle.entetes` (comme ceux des actualités) pour dire au personnel à quelle ligne est l'erreur.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from markdown import Markdown
from markupsafe import Markup

from actualites.typographie import typographier
from socle.assainissement import assainir, avertissements_retraits
from socle.entetes import defauts_de_forme, lire_entete
from socle.erreurs import AVERTISSEMENT, ERREUR, Probleme
from socle.liens import liens_pelican_non_traduits

from .modeles import NumeroInfos

IDENT = re.compile(r"^[0-9]{4}-[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$")
DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
# Une image Markdown : ![texte de remplacement](chemin) ou ![…](chemin "légende").
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
CHAMPS = ("title", "date", "summary", "exemple")
OUI = {"oui", "true", "yes", "1"}
NON = {"non", "false", "no", "0", ""}
INVISIBLES = {"Cc", "Cf", "Zs", "Zl", "Zp"}  # commandes, formats (U+200B…), espaces : rien à dessiner
LATIN_FRANCAIS = 0x17F  # ASCII, Latin-1 et Latin étendu A (é, ç, œ…) : dans toute police pour le français
TYPOGRAPHIE_FRANCAISE = frozenset("‘’‚“”„–—…•€")


def fichiers_numeros(dossier: Path) -> list[Path]:
    """Les fichiers Markdown du dossier des numéros, triés par nom."""
    return sorted(dossier.glob("*.md")) if dossier.is_dir() else []


def _images(corps: str, ligne_corps: int, contenu: Path, affiche: str, problemes: list) -> tuple[str, ...]:
    images = []
    for decalage, ligne in enumerate(corps.splitlines()):
        for trouve in IMAGE.finditer(ligne):
            numero_ligne = ligne_corps + decalage
            src, alt = trouve["src"], trouve["alt"].strip()
            if not alt:
                problemes.append(
                    Probleme(
                        affiche,
                        numero_ligne,
                        f"image « {src} » sans texte de remplacement",
                        "décrivez l'image entre les crochets : ![Atelier de formation du mois de mars](images/…)",
                    )
                )
            if "://" in src or src.startswith(("/", "data:")):
                problemes.append(
                    Probleme(
                        affiche,
                        numero_ligne,
                        f"image « {src} » : seules les images du dépôt sont acceptées",
                        "copiez l'image dans content/images/ et écrivez « images/nom.jpg »",
                    )
                )
                continue
            if not (contenu / src).is_file():
                problemes.append(
                    Probleme(
                        affiche,
                        numero_ligne,
                        f"image « {src} » introuvable",
                        "le chemin part du dossier content/ : « images/nom.jpg » pour content/images/nom.jpg",
                    )
                )
                continue
            images.append(src)
    return tuple(dict.fromkeys(images))


def _a_verifier(caractere: str) -> bool:
    """Un caractère dessiné, hors de ceux qu'a toute police faite pour écrire le français."""
    point = ord(caractere)
    return not (
        point <= LATIN_FRANCAIS
        or caractere in TYPOGRAPHIE_FRANCAISE
        or 0xFE00 <= point <= 0xFE0F  # sélecteurs de variante (emoji) : invisibles
        or unicodedata.category(caractere) in INVISIBLES
    )


def caracteres_sans_glyphe(texte: str, couverts, affiche: str) -> list[Probleme]:
    """Une erreur par ligne qui contient un caractère que la police du PDF ne sait pas dessiner.

    WeasyPrint le remplacerait sans un mot par un carré vide, ou par une autre police de la machine
    (le PDF ne serait plus le même d'un ordinateur à l'autre). Espaces et caractères invisibles
    (séparateurs, sélecteurs de variante d'un emoji) ne sont pas dessinés : ils ne comptent pas.
    `couverts()` donne les caractères de la police : lue seulement si le texte sort du français courant
    (None : une police est inutilisable, erreur dite ailleurs).
    """
    if not any(_a_verifier(c) for c in set(texte)):
        return []
    dessinables = couverts()
    if dessinables is None:
        return []
    problemes = []
    for numero_ligne, ligne in enumerate(texte.splitlines(), start=1):
        absents = [c for c in dict.fromkeys(ligne) if _a_verifier(c) and ord(c) not in dessinables]
        if absents:
            liste = ", ".join(f"« {c} » (U+{ord(c):04X})" for c in absents)
            quoi, le = ("caractères absents", "les") if len(absents) > 1 else ("caractère absent", "le")
            problemes.append(
                Probleme(
                    affiche,
                    numero_ligne,
                    f"{quoi} de la police du PDF : {liste} ; le PDF {le} montrerait comme un carré vide",
                    f"remplacez-{le} par un mot ou un signe courant, ou retirez-{le} "
                    "(la police n'a ni emojis ni écritures non latines)",
                )
            )
    return problemes


def lire_numero(
    chemin: Path, affiche: str, contenu: Path, md: Markdown, couverts=None
) -> tuple[NumeroInfos | None, list[Probleme]]:
    """Lit un numéro ; renvoie (numéro ou None s'il est inutilisable, problèmes).

    `couverts()` : les caractères de la police du PDF ; chaque autre caractère du fichier est signalé.
    """
    problemes: list[Probleme] = []
    ident = chemin.stem
    if not IDENT.match(ident):
        problemes.append(
            Probleme(
                affiche,
                None,
                f"nom de fichier « {chemin.name} » invalide",
                "nommez le fichier d'après l'année et le trimestre : « 2026-T4.md »",
            )
        )
        return None, problemes
    try:
        texte = chemin.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Probleme(affiche, None, "le fichier n'est pas en UTF-8", "enregistrez-le en UTF-8")]
    if couverts is not None:
        problemes += caracteres_sans_glyphe(texte, couverts, affiche)
    entete = lire_entete(texte)
    problemes += defauts_de_forme(entete, affiche)
    for cle, (_valeur, ligne) in entete.champs.items():
        if cle not in CHAMPS:
            problemes.append(
                Probleme(
                    affiche,
                    ligne,
                    f"en-tête « {cle.capitalize()} » inconnu (ignoré)",
                    "en-têtes possibles : Title, Date, Summary, Exemple",
                    AVERTISSEMENT,
                )
            )
    titre = (entete.valeur("title") or "").strip()
    if not titre:
        problemes.append(
            Probleme(affiche, 1, "titre manquant", "ajoutez en première ligne « Title: Le titre du numéro »")
        )
    brute = (entete.valeur("date") or "").strip()
    date = None
    trouve = DATE.match(brute)
    if trouve:
        try:
            date = dt.date(*(int(x) for x in trouve.groups()))
        except ValueError:
            date = None
    if date is None:
        problemes.append(
            Probleme(
                affiche,
                entete.ligne("date") if brute else 1,
                f"date « {brute} » invalide" if brute else "date manquante",
                "écrivez « Date: 2026-10-01 » (année-mois-jour, date de parution)",
            )
        )
    exemple_brut = (entete.valeur("exemple") or "").strip().lower()
    if exemple_brut not in OUI | NON:
        problemes.append(
            Probleme(
                affiche, entete.ligne("exemple"), f"« Exemple: {exemple_brut} » : écrivez « oui » ou « non »"
            )
        )
    if not entete.corps.strip():
        problemes.append(
            Probleme(
                affiche,
                entete.ligne_corps,
                "le numéro n'a pas de texte",
                "écrivez le texte sous les en-têtes, après une ligne vide",
            )
        )
    images = _images(entete.corps, entete.ligne_corps, contenu, affiche, problemes)
    # Une erreur, non un avertissement : le PDF, imprimé et envoyé, garderait le lien mort.
    problemes += liens_pelican_non_traduits(
        entete.corps, affiche, "un numéro de la Lettre d'infos", ERREUR, entete.ligne_corps
    )
    if not titre or date is None or not entete.corps.strip():
        return None, problemes
    md.reset()
    rendu = md.convert(entete.corps)
    propre = assainir(rendu)  # assaini comme les actualités, puis marqué sûr volontairement
    problemes += avertissements_retraits(
        rendu,
        affiche,
        "retirez-le du numéro : seuls les liens, l'emphase, les listes, les images, "
        "les tableaux et les titres sont publiés",
        entete.corps,
        entete.ligne_corps,
        propre=propre,
    )
    html = Markup(propre)
    resume = typographier((entete.valeur("summary") or "").strip())
    return NumeroInfos(
        ident, typographier(titre), date, resume, html, affiche, images, exemple_brut in OUI
    ), problemes
