"""Identité de l'association (nom, adresse, mentions légales, couleurs, menu) lue dans `data/`.

Rien de propre à une association n'est écrit dans le thème ni dans les plugins : tout vient d'ici,
pour qu'une autre association (Mesclun…) réutilise le thème en changeant ce seul fichier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .erreurs import Probleme
from .sources_yaml import ErreurYaml, MappingLigne, charger_yaml, lu_comme_nombre

COULEUR_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
CONTRASTE_MINIMAL = 4.5  # WCAG 2.1 AA, texte normal
# Couleurs facultatives du thème (texte, fonds, bordures, pied de page) et leur valeur par défaut.
COULEURS_FACULTATIVES = {
    "couleur_texte": "#1c1c1c",
    "couleur_texte_doux": "#4a4a4a",
    "couleur_fond_doux": "#f3f5f7",
    "couleur_bord": "#c9d1d9",
    "couleur_pied": "#1f2a33",
}
# Paires (texte, fond) lues sur le site : chacune doit atteindre CONTRASTE_MINIMAL.
PAIRES_LUES = (
    ("couleur_principale", "#ffffff"),
    ("couleur_accent", "#ffffff"),
    ("couleur_texte", "#ffffff"),
    ("couleur_texte_doux", "#ffffff"),
    ("couleur_principale", "couleur_fond_doux"),
    ("couleur_texte", "couleur_fond_doux"),
    ("couleur_texte_doux", "couleur_fond_doux"),
    ("#ffffff", "couleur_pied"),
)


@dataclass(frozen=True)
class LienMenu:
    titre: str
    lien: str
    # Pour les accès rapides de l'accueil : une phrase et un pictogramme du thème (facultatifs).
    texte: str = ""
    picto: str = ""


@dataclass(frozen=True)
class Chiffre:
    valeur: str
    libelle: str


@dataclass(frozen=True)
class Association:
    nom: str
    slogan: str
    description: str
    rue: str
    code_postal: str
    ville: str
    telephone: str
    courriel: str
    siret: str
    directeur_publication: str
    hebergeur: str
    couleur_principale: str
    couleur_accent: str
    logo: str = ""
    # Icône du site (.ico, 32×32), chemin dans le site publié ; vide = le logo seul sert d'icône.
    favicon: str = ""
    numero_formation: str = ""
    # Forme juridique, après le nom dans les mentions légales : « association loi 1901 »…
    forme_juridique: str = ""
    menu: tuple[LienMenu, ...] = ()
    pied_de_page: tuple[LienMenu, ...] = ()
    chiffres_cles: tuple[Chiffre, ...] = ()
    # Les trois ou quatre choses que les visiteurs viennent faire, en tête de l'accueil.
    acces_rapides: tuple[LienMenu, ...] = ()
    couleur_texte: str = COULEURS_FACULTATIVES["couleur_texte"]
    couleur_texte_doux: str = COULEURS_FACULTATIVES["couleur_texte_doux"]
    couleur_fond_doux: str = COULEURS_FACULTATIVES["couleur_fond_doux"]
    couleur_bord: str = COULEURS_FACULTATIVES["couleur_bord"]
    couleur_pied: str = COULEURS_FACULTATIVES["couleur_pied"]
    extra: dict = field(default_factory=dict)

    @property
    def adresse(self) -> str:
        return f"{self.rue}, {self.code_postal} {self.ville}"

    @property
    def telephone_international(self) -> str:
        return numero_international(self.telephone)


def numero_international(telephone: str) -> str:
    """Pour les liens `tel:` : « 03 20 15 14 18 », « +33 (0)3 20 15 14 18 » et
    « 00 33 3 20 15 14 18 » donnent tous +33320151418 (le numéro que compose le téléphone)."""
    texte = telephone.replace("(0)", "").strip()  # le « 0 » national noté entre parenthèses
    chiffres = re.sub(r"\D", "", texte)
    if texte.startswith("+"):
        return "+" + chiffres
    if chiffres.startswith("00"):  # préfixe international composé depuis la France
        return "+" + chiffres[2:]
    return "+33" + chiffres[1:] if chiffres.startswith("0") else "+" + chiffres


OBLIGATOIRES = (
    "nom",
    "slogan",
    "description",
    "rue",
    "code_postal",
    "ville",
    "telephone",
    "courriel",
    "siret",
    "directeur_publication",
    "hebergeur",
    "couleur_principale",
    "couleur_accent",
)


def luminance(hexa: str) -> float:
    """Luminance relative WCAG d'une couleur « #rrggbb »."""
    canaux = [int(hexa[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lineaires = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in canaux]
    return 0.2126 * lineaires[0] + 0.7152 * lineaires[1] + 0.0722 * lineaires[2]


def contraste(a: str, b: str) -> float:
    """Rapport de contraste WCAG entre deux couleurs (1 à 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _liens(donnees: MappingLigne, cle: str, affiche: str, problemes: list) -> tuple[LienMenu, ...]:
    liens = []
    for element in donnees.get(cle) or []:
        if not isinstance(element, dict) or not element.get("titre") or not element.get("lien"):
            ligne = getattr(element, "ligne", donnees.ligne_de(cle))
            problemes.append(
                Probleme(
                    affiche,
                    ligne,
                    f"entrée de « {cle} » incomplète",
                    "chaque entrée a un « titre » et un « lien »",
                )
            )
            continue
        liens.append(
            LienMenu(
                str(element["titre"]),
                str(element["lien"]),
                str(element.get("texte") or ""),
                str(element.get("picto") or ""),
            )
        )
    return tuple(liens)


def _contrastes_insuffisants(donnees: MappingLigne, couleurs: dict, affiche: str) -> list[Probleme]:
    """Les paires texte/fond du thème dont le contraste est sous le minimum WCAG AA."""
    problemes, signalees = [], set()
    for texte, fond in PAIRES_LUES:
        valeurs = [couleurs.get(c, c) for c in (texte, fond)]
        if not all(COULEUR_HEX.match(v) for v in valeurs):
            continue  # couleur absente ou invalide : déjà signalée
        rapport = contraste(*valeurs)
        if rapport < CONTRASTE_MINIMAL:
            # La couleur à changer : celle du texte, sauf sur les fonds réglables (pied, fond doux).
            cle = fond if fond in ("couleur_pied", "couleur_fond_doux") else texte
            if cle in signalees or texte in signalees:
                continue  # une couleur, un message ; un texte déjà trop clair sur blanc suffit
            signalees.add(cle)
            if cle == "couleur_fond_doux":
                defaut = f"trop foncée : contraste {rapport:.1f}:1 avec « {texte} » ({valeurs[0]})"
                conseil = "une teinte plus claire"
            else:
                sur = "sous du texte blanc" if cle == "couleur_pied" else "sur blanc"
                defaut = f"trop claire : contraste {rapport:.1f}:1 {sur}"
                conseil = "une teinte plus foncée"
            problemes.append(
                Probleme(
                    affiche,
                    donnees.ligne_de(cle),
                    f"couleur « {couleurs[cle]} » {defaut}",
                    f"il faut au moins {CONTRASTE_MINIMAL}:1 (WCAG AA) ; choisissez {conseil}",
                )
            )
    return problemes


def _nombres_abimes(donnees: MappingLigne, affiche: str) -> list[Probleme]:
    """Téléphone ou code postal sans guillemets que YAML a lu comme un nombre, en perdant le zéro
    du début (« 06000 » devient 3072, lu en octal ; « +33… » perd son « + »)."""
    problemes = []
    for cle in ("telephone", "code_postal"):
        valeur = donnees.get(cle)
        if lu_comme_nombre(cle, valeur):
            problemes.append(
                Probleme(
                    affiche,
                    donnees.ligne_de(cle),
                    f"« {cle} » lu comme un nombre ({valeur}) : le zéro ou le « + » du début est perdu",
                    f'écrivez-le entre guillemets, ex. : {cle}: "{"03 20 00 00 00" if cle == "telephone" else "06000"}"',
                )
            )
    return problemes


def charger_association(chemin: Path, affiche: str) -> tuple[Association | None, list[Probleme]]:
    """Lit et valide le fichier d'identité ; renvoie (association, problèmes), l'association à None
    si un champ obligatoire manque ou qu'une couleur est illisible."""
    try:
        donnees = charger_yaml(chemin, affiche)
    except ErreurYaml as exc:
        return None, [exc.probleme]
    if not isinstance(donnees, dict):
        return None, [Probleme(affiche, 1, "le fichier doit contenir des clés (nom:, rue:…)")]
    problemes: list[Probleme] = []
    for cle in OBLIGATOIRES:
        if not str(donnees.get(cle) or "").strip():
            problemes.append(
                Probleme(
                    affiche,
                    donnees.ligne,
                    f"champ obligatoire « {cle} » manquant",
                    f"ajoutez une ligne « {cle}: … »",
                )
            )
    problemes.extend(_nombres_abimes(donnees, affiche))
    couleurs = {**COULEURS_FACULTATIVES}
    for cle in ("couleur_principale", "couleur_accent", *COULEURS_FACULTATIVES):
        valeur = str(donnees.get(cle) or "")
        if valeur and not COULEUR_HEX.match(valeur):
            problemes.append(
                Probleme(
                    affiche,
                    donnees.ligne_de(cle),
                    f"couleur « {valeur} » invalide",
                    "écrivez-la « #rrggbb », par exemple « #1b5e8c »",
                )
            )
        elif valeur:
            couleurs[cle] = valeur
    # Sans ces champs ni des couleurs lisibles, aucune page ne s'affiche. Le reste (contraste, lien
    # du menu, chiffre clé incomplet…) est une erreur que la publication refuse, mais que l'aperçu
    # montre, comme le dit son message (« toléré en développement »).
    bloquant = any(p.est_erreur for p in problemes)
    problemes.extend(_contrastes_insuffisants(donnees, couleurs, affiche))
    menu = _liens(donnees, "menu", affiche, problemes)
    pied = _liens(donnees, "pied_de_page", affiche, problemes)
    acces = _liens(donnees, "acces_rapides", affiche, problemes)
    chiffres = []
    for element in donnees.get("chiffres_cles") or []:
        if isinstance(element, dict) and element.get("valeur") is not None and element.get("libelle"):
            chiffres.append(Chiffre(str(element["valeur"]), str(element["libelle"])))
        else:
            problemes.append(
                Probleme(
                    affiche,
                    getattr(element, "ligne", None),
                    "chiffre clé incomplet",
                    "donnez « valeur » et « libelle »",
                )
            )
    if bloquant:
        return None, problemes
    connus = (
        set(OBLIGATOIRES)
        | set(COULEURS_FACULTATIVES)
        | {
            "logo",
            "favicon",
            "numero_formation",
            "forme_juridique",
            "menu",
            "pied_de_page",
            "chiffres_cles",
            "acces_rapides",
        }
    )
    return (
        Association(
            **{cle: str(donnees[cle]).strip() for cle in OBLIGATOIRES},
            logo=str(donnees.get("logo") or ""),
            favicon=str(donnees.get("favicon") or ""),
            numero_formation=str(donnees.get("numero_formation") or ""),
            forme_juridique=str(donnees.get("forme_juridique") or "").strip(),
            menu=menu,
            pied_de_page=pied,
            chiffres_cles=tuple(chiffres),
            acces_rapides=acces,
            **{cle: couleurs[cle] for cle in COULEURS_FACULTATIVES},
            extra={k: v for k, v in donnees.items() if k not in connus},
        ),
        problemes,
    )
