"""Vérification des actualités et des pages, avant tout build (`make check` et le build lui-même).

Chaque défaut devient un `Probleme` avec fichier, ligne, message et conseil, en français.
"""

from __future__ import annotations

import datetime as dt
import difflib
import fnmatch
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from pelican.readers import HTMLReader, MarkdownReader, RstReader
from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from socle import reglages as reglages_socle
from socle.adresses_uniques import adresses_prises
from socle.dates import date_longue
from socle.entetes import Entete, defauts_de_forme, lire_fichier
from socle.erreurs import AVERTISSEMENT, Probleme, chemin_affiche
from socle.markdown_site import convertisseur

from . import reglages
from .adresses_stables import problemes_d_adresses
from .html_retire import verifier_html
from .vocabulaire import Vocabulaire, charger_vocabulaire

FORMAT_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
CHAMPS_CONNUS = (
    "title",
    "date",
    "modified",
    "tags",
    "summary",
    "slug",
    "uid",
    "status",
    "lang",
    "template",
    "image",
    "image_alt",
    "author",
    "authors",
    "save_as",
    "url",
    "translation",
)
# Chaque lien tient sur une ligne (recherche faite sur tout le corps d'un coup, voir `_cibles`).
# Une cible entre chevrons peut contenir des espaces (`![…](<{static}/images/Photo stand.jpg>)`).
LIEN_MARKDOWN = re.compile(
    r"(?P<image>!?)\[(?P<texte>[^\]\n]*)\]\([ \t]*(?:<(?P<chevrons>[^>\n]+)>|(?P<cible>[^)\s>]+))"
)
LIEN_HTML = re.compile(r"<(?P<balise>a|img)\b[^>\n]*?\b(?:href|src)=\"(?P<cible>[^\"\n]+)\"", re.I)
PREFIXES_PELICAN = ("{filename}", "{static}", "{attach}")
# Une adresse sûre partout (sitemap, flux, liens) : minuscules sans accents, chiffres, tirets.
SLUG_VALIDE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SCHEMAS_EXTERNES = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.I)
# Ce que lit le lecteur Markdown de Pelican (le nôtre le remplace pour les mêmes extensions).
EXTENSIONS_MARKDOWN = tuple(MarkdownReader.file_extensions)
# Ceux que Pelican accepte (« skip » : réservé aux fichiers qu'on ne veut pas lire du tout).
STATUTS = ("published", "draft", "hidden", "skip")
# Ce que Pelican publie aussi, sans passer par nos vérifications.
EXTENSIONS_LUES_SANS_VERIFICATION = (*HTMLReader.file_extensions, *RstReader.file_extensions)
# Les textes d'exemple que `make nouvelle-actualite` écrit (commandes.MODELE), à remplacer.
RESUME_A_COMPLETER = "À compléter : une ou deux phrases qui résument l'actualité."
TEXTE_D_EXEMPLE = "Écrivez ici le texte de l'actualité"


def lire_date(texte: str) -> dt.datetime | None:
    """« 2013-05-24 » ou « 2013-05-24 14:30 » ; None si la date n'existe pas ou est mal écrite."""
    trouve = FORMAT_DATE.match(texte.strip())
    if not trouve:
        return None
    try:
        return dt.datetime(*(int(x) for x in trouve.groups(default="0")))
    except ValueError:
        return None


def vocabulaire_du_site(settings) -> tuple[Vocabulaire, list[Probleme]]:
    chemin = reglages_socle.dossier_donnees(settings) / reglages.lire(settings)["vocabulaire"]
    return charger_vocabulaire(chemin, chemin_affiche(chemin, reglages_socle.racine_projet(settings)))


def fichiers_du_dossier(settings, cle_chemins: str) -> list[Path]:
    """Les fichiers des dossiers `cle_chemins` (« ARTICLE_PATHS »…), sans ceux que Pelican ignore
    (IGNORE_FILES), les fichiers cachés ni ceux que les systèmes y laissent (Thumbs.db…)."""
    contenu = Path(settings["PATH"])
    ignores = [*(settings.get("IGNORE_FILES") or []), ".*", "~*", "*~", "Thumbs.db", "desktop.ini"]
    fichiers = []
    for dossier in settings.get(cle_chemins) or []:
        for fichier in (contenu / dossier).rglob("*"):
            if fichier.is_file() and not any(fnmatch.fnmatch(fichier.name, motif) for motif in ignores):
                fichiers.append(fichier)
    return sorted(fichiers)


def fichiers_markdown(settings, cle_chemins: str) -> list[Path]:
    """Les fichiers Markdown que Pelican lit dans ces dossiers (.md, mais aussi .markdown, .mkd…)."""
    return [f for f in fichiers_du_dossier(settings, cle_chemins) if f.suffix[1:] in EXTENSIONS_MARKDOWN]


def fichiers_hors_markdown(settings) -> list[Probleme]:
    """Un fichier qui n'est pas du Markdown dans le dossier des actualités ou des pages : il n'est
    pas vérifié, et il est publié sans vérification (HTML, reStructuredText) ou pas du tout."""
    racine = reglages_socle.racine_projet(settings)
    contenu = Path(settings["PATH"])
    # Une photo rangée près de l'actualité, dans un dossier de STATIC_PATHS, est publiée telle quelle.
    statiques = [contenu / dossier for dossier in settings.get("STATIC_PATHS") or []]
    problemes = []
    for cle in ("ARTICLE_PATHS", "PAGE_PATHS"):
        for fichier in fichiers_du_dossier(settings, cle):
            extension = fichier.suffix[1:]
            if extension in EXTENSIONS_MARKDOWN or any(fichier.is_relative_to(d) for d in statiques):
                continue  # vérifié, ou publié tel quel
            nom_md = nom_markdown(fichier.name)
            if extension in EXTENSIONS_LUES_SANS_VERIFICATION:
                message = f"fichier .{extension} : publié sans les vérifications de make check"
            elif any(partie.startswith(".") for partie in fichier.relative_to(contenu).parts[:-1]):
                continue  # dossier caché : réglages d'un outil (.obsidian/, .git/), pas du contenu
            else:
                message = "fichier ignoré : seuls les fichiers .md sont publiés"
            conseil = (
                f"renommez-le « {nom_md} »"
                if nom_md
                else "écrivez l'actualité ou la page dans un fichier .md ; une image ou un document "
                "va dans content/images/ ou content/documents/"
            )
            problemes.append(Probleme(chemin_affiche(fichier, racine), None, message, conseil, AVERTISSEMENT))
    return problemes


def nom_markdown(nom: str) -> str | None:
    """Le nom que Pelican lirait pour un fichier Markdown mal nommé : « forum.md » pour « forum.md.txt »
    (extension cachée par Windows) ou « forum.MD » (Pelican ne lit que l'extension en minuscules)."""
    if nom.lower().endswith(".md.txt"):
        return nom.rsplit(".", 1)[0]
    base, point, extension = nom.rpartition(".")
    return f"{base}.{extension.lower()}" if point and extension.lower() in EXTENSIONS_MARKDOWN else None


def verifier_champs(entete: Entete, affiche: str) -> list[Probleme]:
    problemes = defauts_de_forme(entete, affiche)
    slug = entete.valeur("slug")
    if slug is not None and not SLUG_VALIDE.match(slug):
        problemes.append(
            Probleme(
                affiche,
                entete.ligne("slug"),
                f"slug « {slug} » invalide : il devient l'adresse de la page",
                f"écrivez-le en minuscules sans accents, mots séparés par des tirets : "
                f"« {slugify(slug, regex_subs=DEFAULT_CONFIG['SLUG_REGEX_SUBSTITUTIONS']) or 'mon-actualite'} »",
            )
        )
    for cle, (_valeur, ligne) in entete.champs.items():
        if cle not in CHAMPS_CONNUS:
            proche = difflib.get_close_matches(cle, CHAMPS_CONNUS, n=1)
            conseil = (
                f"vouliez-vous dire « {proche[0].capitalize()} » ?"
                if proche
                else "champs possibles : Title, Date, Tags, Summary, Uid, Slug, Status"
            )
            problemes.append(
                Probleme(
                    affiche, ligne, f"champ d'en-tête inconnu « {cle} » (ignoré)", conseil, AVERTISSEMENT
                )
            )
    return problemes


def _cibles(entete: Entete):
    """(numéro de ligne, cible, est_image, texte) pour chaque lien ou image du corps.

    Une recherche sur tout le corps (et non ligne à ligne) : la plupart des actualités n'ont
    aucun lien, et le numéro de ligne n'est calculé que pour ceux qu'on trouve.
    """
    corps = entete.corps
    trouves = []
    for trouve in LIEN_MARKDOWN.finditer(corps):
        cible = trouve["chevrons"] or trouve["cible"]
        trouves.append((trouve.start(), cible.strip(), bool(trouve["image"]), trouve["texte"]))
    for trouve in LIEN_HTML.finditer(corps):
        trouves.append((trouve.start(), trouve["cible"], trouve["balise"].lower() == "img", None))
    for debut, cible, est_image, texte in sorted(trouves, key=lambda t: t[0]):
        yield entete.ligne_corps + corps.count("\n", 0, debut), cible, est_image, texte


def verifier_liens(entete: Entete, fichier: Path, contenu: Path, affiche: str) -> list[Probleme]:
    """Liens internes et images : la cible doit exister dans `content/`."""
    problemes = []
    for numero, cible, est_image, texte in _cibles(entete):
        quoi = "image" if est_image else "lien interne"
        if est_image and texte is not None and not texte.strip():
            problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"image sans texte alternatif : {cible}",
                    "décrivez l'image entre les crochets : ![Affiche du forum](…)",
                    AVERTISSEMENT,
                )
            )
        if SCHEMAS_EXTERNES.match(cible):
            continue
        chemin = cible.split("#")[0].split("?")[0]
        prefixe = next((p for p in PREFIXES_PELICAN if chemin.startswith(p)), None)
        if prefixe is None:
            if chemin.startswith("/"):
                # Adresse du site construit (« /points-accueil/ ») : vérifiée sur le site construit.
                if est_image and not (contenu / chemin.lstrip("/")).exists():
                    problemes.append(
                        Probleme(
                            affiche,
                            numero,
                            f"image introuvable : {cible}",
                            "placez le fichier dans content/images/ et écrivez {static}/images/nom.jpg",
                        )
                    )
                continue
            problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"{quoi} {'relative' if est_image else 'relatif'} « {cible} » : "
                    f"{'elle casserait' if est_image else 'il casserait'} une fois publié{'e' if est_image else ''}",
                    f"écrivez {{static}}/{chemin.lstrip('./')} pour un fichier, ou {{filename}}/… pour une page",
                )
            )
            continue
        reste = chemin[len(prefixe) :]
        base = contenu if reste.startswith("/") else fichier.parent
        visee = (base / reste.lstrip("/")).resolve()
        if not visee.is_file():
            proche = nom_a_la_casse_pres(visee)
            problemes.append(
                Probleme(
                    affiche,
                    numero,
                    f"{quoi} {'cassée' if est_image else 'cassé'} : {cible} n'existe pas",
                    f"le fichier s'appelle « {proche} » : écrivez son nom exactement ainsi (majuscules comprises)"
                    if proche
                    else "vérifiez le nom du fichier (majuscules, accents, extension) dans content/",
                )
            )
    return problemes


def nom_a_la_casse_pres(visee: Path) -> str | None:
    """Le nom du fichier voisin qui ne diffère de `visee` que par les majuscules (« .JPG »), ou None.

    Sur le poste de la personne (macOS, Windows) le lien marche ; une fois publié, il casse."""
    if not visee.parent.is_dir():
        return None
    return next(
        (
            f.name
            for f in sorted(visee.parent.iterdir())
            if f.name.lower() == visee.name.lower() and f.is_file()
        ),
        None,
    )


def verifier_statut(entete: Entete, affiche: str) -> list[Probleme]:
    """« Status: brouillon » ou « publiée » : Pelican écarterait le fichier avec un message anglais."""
    statut = (entete.valeur("status") or "").strip()
    if not statut or statut.lower() in STATUTS:
        return []
    return [
        Probleme(
            affiche,
            entete.ligne("status"),
            f"statut « {statut} » inconnu : le fichier serait écarté du site sans être publié",
            "écrivez « Status: draft » (brouillon, pas encore en ligne), « Status: hidden » (en ligne, "
            "hors des listes) ou retirez la ligne (publié)",
        )
    ]


def verifier_actualite(
    fichier: Path,
    entete: Entete,
    vocabulaire: Vocabulaire | None,
    aujourdhui: dt.date,
    contenu: Path,
    affiche: str,
) -> list[Probleme]:
    """Défauts d'une actualité seule (les doublons entre fichiers sont vus par `verifier`).

    `vocabulaire` vaut None quand `data/mots-cles.yml` est illisible : les mots-clés ne sont pas vérifiés.
    """
    problemes = verifier_champs(entete, affiche)
    if not (entete.valeur("title") or "").strip():
        problemes.append(
            Probleme(
                affiche,
                entete.ligne("title"),
                "titre manquant",
                "ajoutez en première ligne « Title: Le titre de l'actualité »",
            )
        )
    texte_date = entete.valeur("date")
    if not texte_date:
        problemes.append(
            Probleme(affiche, 1, "date manquante", "ajoutez une ligne « Date: 2026-11-23 » (année-mois-jour)")
        )
    else:
        date = lire_date(texte_date)
        if date is None:
            problemes.append(
                Probleme(
                    affiche,
                    entete.ligne("date"),
                    f"date invalide « {texte_date} »",
                    "écrivez-la année-mois-jour, par exemple « 2013-05-24 » ou « 2013-05-24 14:30 »",
                )
            )
        elif date.date() > aujourdhui and (entete.valeur("status") or "published") != "draft":
            problemes.append(
                Probleme(
                    affiche,
                    entete.ligne("date"),
                    f"actualité programmée : publiée à partir du {date_longue(date)}",
                    "rien à faire si c'est voulu ; sinon corrigez la date",
                    AVERTISSEMENT,
                )
            )
    problemes += verifier_statut(entete, affiche)
    texte_uid = entete.valeur("uid")
    if not texte_uid:
        problemes.append(
            Probleme(
                affiche,
                1,
                "identifiant « Uid » manquant",
                f"ajoutez la ligne « Uid: {uuid.uuid4()} » (la commande "
                "« make nouvelle-actualite » le fait pour vous) ; ne le changez jamais ensuite",
            )
        )
    else:
        try:
            uuid.UUID(texte_uid)
        except ValueError:
            problemes.append(
                Probleme(
                    affiche,
                    entete.ligne("uid"),
                    f"uid « {texte_uid} » invalide",
                    f"un uid ressemble à « {uuid.uuid4()} »",
                )
            )
    mots = [m.strip() for m in (entete.valeur("tags") or "").split(",") if m.strip()]
    if not mots:
        problemes.append(
            Probleme(
                affiche,
                entete.ligne("tags"),
                "aucun mot-clé",
                "ajoutez « Tags: … » avec un ou plusieurs mots-clés de data/mots-cles.yml",
            )
        )
    for mot in mots if vocabulaire is not None else []:
        if vocabulaire.trouver(mot) is None:
            conseil = conseil_mot_inconnu(vocabulaire, mot)
            problemes.append(Probleme(affiche, entete.ligne("tags"), f"mot-clé inconnu « {mot} »", conseil))
    if not (entete.valeur("summary") or "").strip():
        problemes.append(
            Probleme(
                affiche,
                1,
                "pas de résumé (Summary)",
                "ajoutez « Summary: … » : une ou deux phrases pour la liste, les flux et la lettre",
                AVERTISSEMENT,
            )
        )
    problemes += textes_d_exemple(entete, affiche)
    problemes += verifier_liens(entete, fichier, contenu, affiche)
    return problemes


def conseil_mot_inconnu(vocabulaire: Vocabulaire, mot: str) -> str:
    """Que faire d'un mot-clé hors du vocabulaire (make check et make nouvelle-actualite)."""
    separes = [m.strip() for m in re.split(r"[;/]", mot) if m.strip()]
    if len(separes) > 1:
        return f"séparez les mots-clés par des virgules : « {', '.join(separes)} »"
    if mot.strip().lower() == "à compléter":
        return "remplacez-le par un à trois mots-clés parmi : " + ", ".join(m.slug for m in vocabulaire)
    proche = vocabulaire.suggestion(mot)
    if proche:
        return f"vouliez-vous dire « {proche} » ?"
    return "choisissez dans data/mots-cles.yml ou ajoutez-y ce mot-clé"


def textes_d_exemple(entete: Entete, affiche: str) -> list[Probleme]:
    """Le résumé ou le texte d'exemple de `make nouvelle-actualite`, laissés tels quels."""
    problemes = []
    if (entete.valeur("summary") or "").strip().lower().startswith("à compléter :"):
        problemes.append(
            Probleme(
                affiche,
                entete.ligne("summary"),
                "résumé d'exemple (« À compléter… ») non remplacé",
                "écrivez après « Summary: » une ou deux phrases qui résument l'actualité",
            )
        )
    if TEXTE_D_EXEMPLE in entete.corps:
        debut = entete.corps.index(TEXTE_D_EXEMPLE)
        problemes.append(
            Probleme(
                affiche,
                entete.ligne_corps + entete.corps.count("\n", 0, debut),
                "texte d'exemple (« Écrivez ici le texte de l'actualité… ») encore là",
                "remplacez ce paragraphe par le texte de l'actualité",
                AVERTISSEMENT,
            )
        )
    return problemes


# L'adresse d'une page est le nom de son dossier dans output/ : 255 octets au plus sur les disques
# courants (ext4, NTFS, APFS) ; une marge pour les caches et les copies de sauvegarde.
LONGUEUR_MAX_ADRESSE = 200


def slug_de(entete: Entete, settings) -> str:
    explicite = (entete.valeur("slug") or "").strip()
    if explicite:
        return explicite
    return slugify(entete.valeur("title") or "", regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []))


def verifier(settings) -> list[Probleme]:
    """Tous les problèmes des actualités, des pages et du vocabulaire (pour `make check`)."""
    return verifier_avec_vocabulaire(settings, *vocabulaire_du_site(settings))


@dataclass(frozen=True)
class Constat:
    """Ce que la vérification retient d'un fichier : ses problèmes, et de quoi repérer les doublons."""

    problemes: tuple[Probleme, ...]
    slug: str = ""
    ligne_slug: int | None = None  # ligne à citer pour une adresse en double
    uid: str = ""
    ligne_uid: int | None = None
    publiee: bool = False  # actualité en ligne dans ce build (ni brouillon, ni programmée)


def constater(fichier: Path, affiche: str, genre: str, contexte: dict) -> Constat:
    """Vérifie un fichier seul (actualité ou page), nommé `affiche` dans les messages ; `contexte` :
    ce dont la vérification dépend en dehors du fichier (voir `verifier_avec_vocabulaire`)."""
    try:
        entete = lire_fichier(fichier)
    except UnicodeDecodeError:
        return Constat(
            (
                Probleme(
                    affiche,
                    None,
                    "le fichier n'est pas en UTF-8",
                    "enregistrez-le en UTF-8 depuis votre éditeur",
                ),
            )
        )
    if genre == "actualité":
        problemes = verifier_actualite(
            fichier, entete, contexte["vocabulaire"], contexte["aujourdhui"], contexte["contenu"], affiche
        )
    else:
        problemes = []
        if not (entete.valeur("title") or "").strip():
            problemes.append(Probleme(affiche, 1, "titre manquant", "ajoutez « Title: … »"))
        problemes += verifier_champs(entete, affiche)
        problemes += verifier_statut(entete, affiche)
        problemes += verifier_liens(entete, fichier, contexte["contenu"], affiche)
    if contexte.get("html", True):  # le build le signale à la lecture, sans seconde conversion
        if "markdown" not in contexte:
            contexte["markdown"] = convertisseur(contexte["settings"])
        problemes += verifier_html(entete, affiche, contexte["markdown"])
    date = lire_date(entete.valeur("date") or "")
    return Constat(
        tuple(problemes),
        slug_de(entete, contexte["settings"]),
        entete.ligne("slug") if entete.valeur("slug") else entete.ligne("title"),
        (entete.valeur("uid") or "").strip().lower(),
        entete.ligne("uid"),
        genre == "actualité"
        and (entete.valeur("status") or "published").strip().lower() == "published"
        and date is not None
        and date.date() <= contexte["aujourdhui"],
    )


def verifier_avec_vocabulaire(
    settings,
    vocabulaire: Vocabulaire,
    problemes_vocabulaire: list,
    html: bool = True,
    adresses: dict | None = None,
) -> list[Probleme]:
    """Comme `verifier`, avec un vocabulaire déjà chargé (le build s'en sert ensuite).

    `html=False` (le build) : sans chercher ce que l'assainissement retire, que le lecteur signale
    en lisant chaque fichier (il a déjà le HTML rendu : pas de seconde conversion du Markdown).
    `adresses` : rempli, si donné, des slugs de tous les fichiers lus, par réglage de dossiers
    (« ARTICLE_PATHS », « PAGE_PATHS ») : l'éditeur s'en sert sans relire les fichiers.
    """
    racine = reglages_socle.racine_projet(settings)
    problemes = list(problemes_vocabulaire)
    contexte = {
        "racine": racine,
        "contenu": Path(settings["PATH"]),
        "aujourdhui": reglages_socle.aujourdhui(settings),
        # Vocabulaire illisible : on ne signale pas chaque mot-clé de chaque actualité comme inconnu.
        "vocabulaire": vocabulaire if len(vocabulaire) > 0 or not problemes else None,
        "settings": settings,
        "html": html,
    }
    vus_slug: dict[tuple[str, str], str] = {}
    vus_uid: dict[str, str] = {}
    publiees: list[tuple[str, str, int | None, str]] = []  # (fichier, uid, ligne, adresse)
    slugs: dict[str, list[tuple[str, str, int | None]]] = {"actualité": [], "page": []}
    for genre, cle in (("actualité", "ARTICLE_PATHS"), ("page", "PAGE_PATHS")):
        for fichier in fichiers_markdown(settings, cle):
            affiche = chemin_affiche(fichier, racine)
            constat = constater(fichier, affiche, genre, contexte)
            problemes += constat.problemes
            slug, uid = constat.slug, constat.uid
            if slug:
                slugs[genre].append((affiche, slug, constat.ligne_slug))
            if constat.publiee and slug:
                publiees.append((affiche, uid, constat.ligne_slug, adresse_actualite(settings, slug)))
            if len(slug.encode("utf-8")) > LONGUEUR_MAX_ADRESSE:
                problemes.append(
                    Probleme(
                        affiche,
                        constat.ligne_slug,
                        f"adresse trop longue ({len(slug)} caractères, au plus {LONGUEUR_MAX_ADRESSE}) : "
                        "elle devient le nom du dossier de la page, que le disque refuse",
                        "raccourcissez le titre ou ajoutez une ligne « Slug: quelques-mots-du-titre »",
                    )
                )
            if slug and (genre, slug) in vus_slug:
                problemes.append(
                    Probleme(
                        affiche,
                        constat.ligne_slug,
                        f"adresse en double : « {slug} » est déjà utilisée par {vus_slug[(genre, slug)]}",
                        "changez le titre ou ajoutez une ligne « Slug: autre-adresse »",
                    )
                )
            elif slug:
                vus_slug[(genre, slug)] = affiche
            if uid and uid in vus_uid:
                problemes.append(
                    Probleme(
                        affiche,
                        constat.ligne_uid,
                        f"uid en double : déjà utilisé par {vus_uid[uid]}",
                        f"une copie d'actualité garde l'uid de l'original : "
                        f"remplacez-le par « {uuid.uuid4()} »",
                    )
                )
            elif uid:
                vus_uid[uid] = affiche
    problemes += fichiers_hors_markdown(settings)
    problemes += adresses_prises(settings, slugs["page"], slugs["actualité"])
    if adresses is not None:
        for genre, cle in (("actualité", "ARTICLE_PATHS"), ("page", "PAGE_PATHS")):
            adresses[cle] = sorted({slug for _affiche, slug, _ligne in slugs[genre]})
    return problemes + problemes_d_adresses(settings, publiees)


def adresse_actualite(settings, slug: str) -> str:
    """L'adresse (relative au site) que le build donnera à l'actualité de ce slug."""
    return settings["ARTICLE_URL"].format(slug=slug)


def adresses_publiees(settings) -> dict[str, str]:
    """{uid: adresse} des actualités en ligne d'après les fichiers (pour `data/adresses.yml`)."""
    contexte = {
        "racine": reglages_socle.racine_projet(settings),
        "contenu": Path(settings["PATH"]),
        "aujourdhui": reglages_socle.aujourdhui(settings),
        "vocabulaire": None,
        "settings": settings,
    }
    resultat = {}
    for fichier in fichiers_markdown(settings, "ARTICLE_PATHS"):
        constat = constater(fichier, str(fichier), "actualité", contexte)
        if constat.publiee and constat.uid and constat.slug:
            resultat[constat.uid] = adresse_actualite(settings, constat.slug)
    return resultat
