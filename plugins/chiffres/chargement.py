"""Lecture et validation de `data/chiffres.yml` : territoires, séries, chiffres de l'accueil.

Chaque défaut devient un `Probleme` (fichier, ligne, conseil en français). Une valeur fautive
est écartée et le reste se charge (la publication refusera) ; rien n'est jamais deviné :
une valeur que la source ne donne pas s'écrit `manquant`.
"""

from __future__ import annotations

import re
from pathlib import Path

from socle.erreurs import AVERTISSEMENT, ERREUR, Probleme
from socle.sources_yaml import ErreurYaml, ListeLignes, MappingLigne, charger_yaml

from .modeles import MOINS, Chiffres, Serie, Territoire, Valeur, formater

MANQUANT = "manquant"
IDENTIFIANT = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NOMBRE_A_VIRGULE = re.compile(r"^-?\d+(?:,\d+)?$")
# Un point ou une virgule suivi de trois chiffres exactement : peut-être un séparateur de milliers.
MILLIERS_AMBIGUS = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$")
# « stagiaires formés en 2013 » : un libellé d'accueil qui dit l'année de son chiffre.
ANNEE_DU_LIBELLE = re.compile(r"\ben ([0-9]{4})\b")
VALEUR_ECRITE = re.compile(r"\bvaleur\s*:\s*[\"']?([^\s\"',}#]+)")
ANNEE_MIN, ANNEE_MAX = 1900, 2100
CHAMPS_SERIE = ("id", "titre", "definition", "unite", "source", "rubrique", "valeurs")
CHAMPS_VALEUR = ("annee", "valeur", "territoire", "note")


class _Lecture:
    """Accumule les problèmes d'un fichier ; chaque méthode renvoie la valeur lue ou None."""

    def __init__(self, affiche: str, lignes: list[str] = ()):
        self.affiche = affiche
        self.lignes = lignes  # le texte du fichier : ce qui était écrit avant que YAML n'en fasse un nombre
        self.problemes: list[Probleme] = []

    def texte_de_la_valeur(self, ligne: int) -> str:
        """La valeur telle qu'écrite à sa ligne (« 1.200 »), YAML en ayant fait un nombre (1.2)."""
        if not 1 <= ligne <= len(self.lignes):
            return ""
        trouve = VALEUR_ECRITE.search(self.lignes[ligne - 1])
        return trouve[1] if trouve else ""

    def milliers_ambigus(self, ecrit: str, ligne: int, quoi: str) -> bool:
        """« 1.200 » ou « 1,200 » : mille deux cents (milliers séparés) ou un virgule deux ? Signalé.

        YAML lit 1.200 comme 1,2 : le chiffre publié serait mille fois trop petit, sans un mot.
        """
        if not MILLIERS_AMBIGUS.match(ecrit):
            return False
        signe = "-" if ecrit.startswith("-") else ""
        entier, decimales = re.split("[.,]", ecrit.lstrip("-"))
        milliers, virgule = f"{signe}{entier} {decimales}", f"{signe}{entier},{decimales.rstrip('0') or '0'}"
        self.signaler(
            ligne,
            f"{quoi} : « {ecrit} » est ambigu : {milliers} (point ou virgule des milliers) ou {virgule} ?",
            f"écrivez {signe}{entier}{decimales} ou « {milliers} » pour {milliers} ; "
            f"{virgule.replace(',', '.')} pour {virgule}",
        )
        return True

    def signaler(self, ligne, message, conseil="", gravite=ERREUR) -> None:
        self.problemes.append(Probleme(self.affiche, ligne, message, conseil, gravite))

    def elements(self, liste: list, ligne_liste: int, message: str, conseil: str) -> list[MappingLigne]:
        """Les éléments à clés de `liste` ; chaque autre élément est signalé à sa propre ligne."""
        bons = []
        for rang, element in enumerate(liste):
            if isinstance(element, MappingLigne):
                bons.append(element)
            else:
                ligne = liste.ligne_de(rang) if isinstance(liste, ListeLignes) else ligne_liste
                self.signaler(ligne, message, conseil)
        return bons

    def cles_inconnues(self, element: MappingLigne, connues, quoi: str) -> None:
        for cle in element:
            if cle not in connues:
                self.signaler(
                    element.ligne_de(cle),
                    f"champ « {cle} » inconnu dans {quoi}",
                    f"champs possibles : {', '.join(connues)}",
                )

    def texte(self, element: MappingLigne, cle: str, quoi: str, obligatoire=True) -> str | None:
        valeur = element.get(cle)
        if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
            if obligatoire:
                self.signaler(element.ligne, f"{quoi} : champ « {cle} » manquant", f"ajoutez « {cle}: … »")
                return None
            return ""
        if isinstance(valeur, dict | list):
            self.signaler(element.ligne_de(cle), f"{quoi} : « {cle} » doit être un texte")
            return None
        return str(valeur).strip()

    def nombre(self, element: MappingLigne, quoi: str) -> tuple[bool, float | None]:
        """(valide, nombre) ; `manquant` donne (True, None)."""
        ligne = element.ligne_de("valeur")
        if "valeur" not in element:
            self.signaler(
                element.ligne,
                f"{quoi} : champ « valeur » manquant",
                f"donnez le nombre, ou « valeur: {MANQUANT} » si la source ne le donne pas",
            )
            return False, None
        valeur = element["valeur"]
        if isinstance(valeur, bool):
            valeur = str(valeur)
        if isinstance(valeur, int | float):
            if self.milliers_ambigus(self.texte_de_la_valeur(ligne), ligne, quoi):
                return False, None
            return True, float(valeur)
        if valeur is None:
            self.signaler(
                ligne,
                f"{quoi} : valeur vide",
                f"donnez le nombre, ou « {MANQUANT} » si la source ne le donne pas",
            )
            return False, None
        texte = str(valeur).strip()
        if texte.lower() == MANQUANT:
            return True, None
        sans_espaces = texte.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if NOMBRE_A_VIRGULE.match(sans_espaces):
            if self.milliers_ambigus(sans_espaces, ligne, quoi):
                return False, None
            return True, float(sans_espaces.replace(",", "."))
        self.signaler(
            ligne,
            f"{quoi} : « {texte} » n'est pas un nombre",
            f"écrivez un nombre (82, 59.1), sans unité ni texte ; « {MANQUANT} » si la source ne le donne pas",
        )
        return False, None


def _territoires(donnees: MappingLigne, lecture: _Lecture) -> tuple[Territoire, ...]:
    territoires: dict[str, Territoire] = {}
    liste = donnees.get("territoires") or []
    if not isinstance(liste, list):
        lecture.signaler(donnees.ligne_de("territoires"), "« territoires » doit être une liste (- id: …)")
        return ()
    ligne_liste = donnees.ligne_de("territoires")
    conseil = "écrivez « - id: … » et « nom: … »"
    for element in lecture.elements(liste, ligne_liste, "territoire mal écrit", conseil):
        lecture.cles_inconnues(element, ("id", "nom", "dans"), "un territoire")
        ident = lecture.texte(element, "id", "territoire")
        nom = lecture.texte(element, "nom", f"territoire « {ident} »")
        if ident is None or nom is None:
            continue
        if ident in territoires:
            lecture.signaler(element.ligne_de("id"), f"territoire « {ident} » déclaré deux fois")
            continue
        territoires[ident] = Territoire(ident, nom, lecture.texte(element, "dans", "territoire", False) or "")
    for territoire in territoires.values():
        if territoire.dans and territoire.dans not in territoires:
            lecture.signaler(
                None, f"territoire « {territoire.id} » : « dans: {territoire.dans} » est inconnu"
            )
    return tuple(territoires.values())


def _valeurs(element: MappingLigne, ident: str, territoires, lecture: _Lecture) -> tuple[Valeur, ...]:
    liste = element.get("valeurs")
    if not isinstance(liste, list) or not liste:
        lecture.signaler(
            element.ligne_de("valeurs"),
            f"série « {ident} » : aucune valeur",
            "ajoutez « valeurs: » puis des lignes « - annee: 2013 » / « valeur: 82 »",
        )
        return ()
    valeurs: list[Valeur] = []
    vues: dict[tuple[int, str], int] = {}
    quoi = f"série « {ident} »"
    mal_ecrite = f"{quoi} : valeur mal écrite"
    conseil = "« - annee: 2013 » puis « valeur: 82 »"
    for brute in lecture.elements(liste, element.ligne_de("valeurs"), mal_ecrite, conseil):
        lecture.cles_inconnues(brute, CHAMPS_VALEUR, quoi)
        annee = brute.get("annee")
        if annee is None:
            lecture.signaler(
                brute.ligne, f"{quoi} : année manquante", "ajoutez « annee: 2013 » à cette valeur"
            )
            continue
        if isinstance(annee, bool) or not isinstance(annee, int) or not ANNEE_MIN <= annee <= ANNEE_MAX:
            lecture.signaler(
                brute.ligne_de("annee"),
                f"{quoi} : année « {annee} » invalide",
                "écrivez l'année sur 4 chiffres, par exemple 2013",
            )
            continue
        territoire = str(brute.get("territoire") or "").strip()
        if territoire and territoire not in territoires:
            connus = ", ".join(sorted(territoires)) or "aucun"
            lecture.signaler(
                brute.ligne_de("territoire"),
                f"{quoi} : territoire « {territoire} » inconnu",
                f"déclarez-le sous « territoires: » ou choisissez parmi : {connus}",
            )
            continue
        valide, nombre = lecture.nombre(brute, f"{quoi}, année {annee}")
        if not valide:
            continue
        if nombre is not None and nombre < 0:
            # Gardée (une évolution peut baisser), mais un compte ou une part ne descend pas sous zéro.
            # Le signe comme au clavier (et dans le fichier), non le moins typographique des pages.
            ecrite = formater(nombre).replace(MOINS, "-")
            lecture.signaler(
                brute.ligne_de("valeur"),
                f"{quoi}, année {annee} : valeur négative ({ecrite}), dessinée sous zéro",
                "vérifiez le signe : un nombre de personnes, de projets… ou une part n'est jamais négatif",
                AVERTISSEMENT,
            )
        cle = (annee, territoire)
        if cle in vues:
            lecture.signaler(
                brute.ligne,
                f"{quoi} : l'année {annee}{' pour ' + territoire if territoire else ''} figure deux fois (ligne {vues[cle]})",
                "gardez une seule valeur",
            )
            continue
        vues[cle] = brute.ligne
        valeurs.append(Valeur(annee, nombre, territoire, str(brute.get("note") or "").strip()))
    avec = {bool(v.territoire) for v in valeurs}
    if len(avec) > 1:
        lecture.signaler(
            element.ligne_de("valeurs"),
            f"série « {ident} » : certaines valeurs ont un territoire, d'autres non",
            "faites deux séries : une par année, une par territoire",
        )
    # Territoires dans l'ordre où le fichier les déclare (celui des tableaux et des graphiques).
    rang = {ident: i for i, ident in enumerate(territoires)}
    return tuple(sorted(valeurs, key=lambda v: (v.annee, rang.get(v.territoire, -1))))


def _series(donnees: MappingLigne, territoires, lecture: _Lecture) -> tuple[Serie, ...]:
    series: dict[str, Serie] = {}
    liste = donnees.get("series")
    if not isinstance(liste, list) or not liste:
        lecture.signaler(
            donnees.ligne_de("series"),
            "aucune série de chiffres",
            "ajoutez « series: » puis des séries « - id: … »",
        )
        return ()
    conseil = "chaque série commence par « - id: … »"
    for element in lecture.elements(liste, donnees.ligne_de("series"), "série mal écrite", conseil):
        lecture.cles_inconnues(element, CHAMPS_SERIE, "une série")
        ident = lecture.texte(element, "id", "série")
        if ident is None:
            continue
        if not IDENTIFIANT.match(ident):
            lecture.signaler(
                element.ligne_de("id"),
                f"identifiant de série « {ident} » invalide",
                "minuscules, chiffres et tirets : « projets-accueillis »",
            )
            continue
        if ident in series:
            lecture.signaler(element.ligne_de("id"), f"série « {ident} » déclarée deux fois")
            continue
        quoi = f"série « {ident} »"
        champs = {
            cle: lecture.texte(element, cle, quoi) for cle in ("titre", "definition", "source", "rubrique")
        }
        unite = lecture.texte(element, "unite", quoi, obligatoire=False)
        valeurs = _valeurs(element, ident, territoires, lecture)
        if None in champs.values() or not valeurs:
            continue
        series[ident] = Serie(
            ident,
            champs["titre"],
            champs["definition"],
            unite or "",
            champs["source"],
            champs["rubrique"],
            valeurs,
        )
    return tuple(series.values())


def _accueil(donnees: MappingLigne, series, lecture: _Lecture) -> tuple[tuple[str, str], ...]:
    choix = []
    liste = donnees.get("accueil") or []
    conseil = "« - serie: … » et « libelle: … »"
    if not isinstance(liste, list):
        lecture.signaler(donnees.ligne_de("accueil"), "« accueil » doit être une liste", conseil)
        liste = []
    for element in lecture.elements(
        liste, donnees.ligne_de("accueil"), "chiffre d'accueil mal écrit", conseil
    ):
        lecture.cles_inconnues(element, ("serie", "libelle"), "un chiffre d'accueil")
        ident = lecture.texte(element, "serie", "chiffre d'accueil")
        libelle = lecture.texte(element, "libelle", "chiffre d'accueil")
        if ident is None or libelle is None:
            continue
        serie = next((s for s in series if s.id == ident), None)
        derniere = serie.derniere_connue() if serie else None
        annee = ANNEE_DU_LIBELLE.search(libelle)
        if serie is None:
            lecture.signaler(
                element.ligne_de("serie"),
                f"chiffre d'accueil : série « {ident} » inconnue",
                "donnez l'« id » d'une série du fichier",
            )
        elif derniere is None:
            lecture.signaler(
                element.ligne_de("serie"),
                f"chiffre d'accueil : la série « {ident} » n'a aucune valeur connue sans territoire",
            )
        elif annee and int(annee[1]) != derniere.annee:
            lecture.signaler(
                element.ligne_de("libelle"),
                f"chiffre d'accueil « {libelle} » : la page d'accueil montrerait {formater(derniere.nombre, serie.unite)}, "
                f"le chiffre de {derniere.annee} (le dernier connu de la série « {ident} »), pas celui de {annee[1]}",
                f"mettez le libellé à jour (« en {derniere.annee} »), ou retirez-en l'année",
            )
        else:
            choix.append((ident, libelle))
    return tuple(choix)


def charger_chiffres(chemin: Path, affiche: str) -> tuple[Chiffres | None, list[Probleme]]:
    """Lit et valide le fichier des chiffres ; renvoie (chiffres ou None, problèmes)."""
    try:
        donnees = charger_yaml(chemin, affiche)
    except ErreurYaml as exc:
        return None, [exc.probleme]
    if not isinstance(donnees, MappingLigne):
        return None, [
            Probleme(affiche, 1, "le fichier doit contenir des clés (source:, territoires:, series:)")
        ]
    lecture = _Lecture(affiche, chemin.read_text(encoding="utf-8").splitlines())
    lecture.cles_inconnues(donnees, ("source", "territoires", "series", "accueil"), "le fichier")
    source = lecture.texte(donnees, "source", "fichier des chiffres") or ""
    territoires = _territoires(donnees, lecture)
    series = _series(donnees, [t.id for t in territoires], lecture)
    accueil = _accueil(donnees, series, lecture)
    return Chiffres(source, territoires, series, accueil), lecture.problemes
