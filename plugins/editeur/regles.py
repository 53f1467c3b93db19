"""Les règles que l'éditeur /admin/ applique, tirées des chargeurs et des réglages (une seule source).

`regles(settings)` rassemble ce que vérifient `make check` et les chargeurs : mots-clés connus
(data/mots-cles.yml), format des dates, champs obligatoires et facultatifs, vocabulaires du
référentiel des points d'accueil, zone desservie, formats des identifiants et des codes postaux.
Le générateur l'écrit dans `admin/regles.json` ; la configuration de Decap CMS et la validation
des formulaires (admin/editeur.js) en sont déduites : aucune règle n'est recopiée à la main.
"""

from __future__ import annotations

import re
from pathlib import Path

from actualites import commandes as commandes_actualites
from actualites import reglages as reglages_actualites
from actualites import verification as verification_actualites
from formations import champs as champs_formations
from formations import chargement as chargement_formations
from formations import chargement_agenda
from formations import modeles as modeles_formations
from formations import reglages as reglages_formations
from lettre import reglages as reglages_lettre
from points_accueil import chargement as chargement_points
from points_accueil import reglages as reglages_points
from points_accueil.communes import charger_communes
from socle import reglages as reglages_socle
from socle.entetes import lire_fichier
from socle.erreurs import chemin_affiche
from socle.liens import plugins_actifs
from socle.sources_yaml import MappingLigne

# Les en-têtes d'une page neuve, dans l'ordre de celles de content/pages/.
ENTETES_PAGE = ("Title", "Slug", "Summary")
# Numéro d'une lettre, tel que l'écrit `lettre.calendrier.Parution.ident` (« 2026-24 »).
NUMERO_LETTRE = r"^\d{4}-\d{2}$"
# Un champ « {nom} » du modèle de `nouvelle-actualite` → l'en-tête qu'il remplit.
CHAMP_DU_MODELE = re.compile(r"^(?P<cle>[A-Z][A-Za-z]*): \{(?P<nom>\w+)\}$", re.M)


def entetes_actualite(modele: str | None = None) -> list[str]:
    """Les en-têtes qu'écrit `gestion.py nouvelle-actualite`, dans son ordre (« Title », « Date »…).

    Lus dans son modèle (`modele` : pour les tests) : l'éditeur écrit ainsi exactement les mêmes
    lignes que la commande, y compris quand le modèle change.
    """
    texte = commandes_actualites.MODELE if modele is None else modele
    return [trouve["cle"] for trouve in CHAMP_DU_MODELE.finditer(texte)]


def _mots_cles(settings) -> list[dict]:
    vocabulaire, _problemes = verification_actualites.vocabulaire_du_site(settings)
    return [{"slug": m.slug, "libelle": m.libelle} for m in vocabulaire]


def _referentiel_points(settings, options) -> dict:
    dossier = reglages_socle.dossier_donnees(settings)
    chemin = dossier / options["referentiel"]
    referentiel, _problemes = chargement_points.charger_referentiel(
        chemin, chemin_affiche(chemin, reglages_socle.racine_projet(settings))
    )
    return {
        nom: [{"slug": e.slug, "libelle": e.libelle} for e in getattr(referentiel, nom)]
        for nom in ("territoires", "types", "accueil")
    }


def adresses_prises(settings, cle_chemins: str, deja_lues: dict | None = None) -> list[str]:
    """Les adresses (slugs) déjà utilisées : `make check` refuse une adresse en double.

    `deja_lues` : celles que la vérification du build a relevées (`ADRESSES_DES_FICHIERS`), sinon
    les fichiers sont lus ici.
    """
    if deja_lues and cle_chemins in deja_lues:
        return list(deja_lues[cle_chemins])
    fichiers = verification_actualites.fichiers_markdown(settings, cle_chemins)
    return sorted({verification_actualites.slug_de(lire_fichier(f), settings) for f in fichiers} - {""})


def _zone_points(settings, options) -> dict | None:
    dossier = reglages_socle.dossier_donnees(settings)
    table, _problemes = charger_communes(dossier / options["communes"], options["communes"])
    zone = chargement_points.zone_desservie(options, table)
    return dict(zone) if zone else None


def _publics_agenda(settings, options) -> list[dict]:
    """Les publics de l'agenda : sa liste « publics: », sinon FORMATIONS["publics"] (comme le chargeur)."""
    chemin = reglages_socle.dossier_donnees(settings) / options["agenda"]
    affiche = chemin_affiche(chemin, reglages_socle.racine_projet(settings))
    donnees, _problemes = chargement_formations.lire_source(chemin, affiche)
    if isinstance(donnees, MappingLigne):
        publics = chargement_agenda.lire_publics(
            donnees, champs_formations.Lecteur(affiche), options["publics"]
        )
    else:
        publics = dict(options["publics"])
    return [{"slug": cle, "libelle": libelle} for cle, libelle in publics.items()]


def regles(settings, adresses: dict | None = None) -> dict:
    """Toutes les règles, en données JSON (triées, déterministes) ; une section par plugin actif.

    `adresses` : les slugs des fichiers déjà relevés par le build (voir `adresses_prises`).
    """
    dossier = reglages_socle.dossier_donnees(settings)
    # Chemins à partir de la racine du dépôt, où Decap CMS écrit (site dans un sous-dossier compris).
    racine = reglages_socle.racine_depot(settings)
    site = chemin_affiche(reglages_socle.racine_projet(settings), racine)
    contenu = Path(settings["PATH"])

    def relatif(nom: str) -> str:
        return chemin_affiche(dossier / nom, racine)

    resultat = {
        "dossier_site": "" if site == "." else site,
        "formats": {
            "date_actualite": verification_actualites.FORMAT_DATE.pattern,
            "longueur_max_adresse": verification_actualites.LONGUEUR_MAX_ADRESSE,
            "identifiant": champs_formations.IDENTIFIANT.pattern,
            "code_postal": r"^\d{5}$",
            "moment": champs_formations.MOMENT.pattern,
        },
        "actualites": {
            "dossier": chemin_affiche(contenu / settings["ARTICLE_PATHS"][0], racine),
            "entetes": entetes_actualite(),
            "adresses": adresses_prises(settings, "ARTICLE_PATHS", adresses),
            "obligatoires": ["title", "date", "tags", "summary"],
            "mots_cles": _mots_cles(settings),
            "fichier_mots_cles": relatif(reglages_actualites.lire(settings)["vocabulaire"]),
            "regex_slug": [list(paire) for paire in settings.get("SLUG_REGEX_SUBSTITUTIONS", [])],
        },
        "pages": {
            "dossier": chemin_affiche(contenu / settings["PAGE_PATHS"][0], racine),
            "entetes": list(ENTETES_PAGE),
            "adresses": adresses_prises(settings, "PAGE_PATHS", adresses),
        },
    }
    actifs = plugins_actifs(settings)
    if "points_accueil" in actifs:
        options = reglages_points.lire(settings)
        resultat["points_accueil"] = {
            "fichier": relatif(options["points"]),
            "obligatoires": list(chargement_points.OBLIGATOIRES),
            "facultatifs": list(chargement_points.FACULTATIFS),
            "zone": _zone_points(settings, options),
            "vocabulaires": dict(chargement_points.VOCABULAIRES),
            "referentiel": _referentiel_points(settings, options),
            "fichier_referentiel": relatif(options["referentiel"]),
        }
    if "formations" in actifs:
        options = reglages_formations.lire(settings)
        resultat["formations"] = {
            "fichier": relatif(options["catalogue"]),
            "champs_lieu": list(chargement_formations.CHAMPS_LIEU),
            "champs_module": list(chargement_formations.CHAMPS_MODULE),
            "champs_session": list(chargement_formations.CHAMPS_SESSION),
            "statuts": list(modeles_formations.STATUTS),
        }
        resultat["agenda"] = {
            "fichier": relatif(options["agenda"]),
            "champs_evenement": list(chargement_agenda.CHAMPS_EVENEMENT),
            "publics": _publics_agenda(settings, options),
        }
    if "lettre" in actifs:
        options = reglages_lettre.lire(settings)
        resultat["lettre"] = {
            "dossier_editos": relatif(options["editos"]),
            "editions": sorted(options["editions"]),
            "numero": NUMERO_LETTRE,
        }
    return resultat
