"""Les chiffres d'activité : séries par année et par territoire (modèles et logique pure)."""

from __future__ import annotations

from dataclasses import dataclass

from babel.numbers import format_decimal

from socle.dates import LOCALE

TEXTE_MANQUANT = "non communiqué"
MOINS = "\u2212"  # signe moins typographique


@dataclass(frozen=True)
class Territoire:
    id: str
    nom: str
    dans: str = ""  # territoire qui le contient (Lille dans la métropole), pour l'expliquer


@dataclass(frozen=True)
class Valeur:
    """Une valeur d'une série ; `nombre` None = la source ne la donne pas (jamais inventée)."""

    annee: int
    nombre: float | None
    territoire: str = ""
    note: str = ""

    @property
    def manquante(self) -> bool:
        return self.nombre is None


@dataclass(frozen=True)
class Serie:
    id: str
    titre: str
    definition: str
    unite: str
    source: str
    rubrique: str
    valeurs: tuple[Valeur, ...]

    @property
    def par_territoire(self) -> bool:
        return any(v.territoire for v in self.valeurs)

    @property
    def annees(self) -> tuple[int, ...]:
        return tuple(sorted({v.annee for v in self.valeurs}))

    @property
    def territoires(self) -> tuple[str, ...]:
        """Identifiants des territoires, dans l'ordre de première apparition."""
        return tuple(dict.fromkeys(v.territoire for v in self.valeurs if v.territoire))

    def valeur(self, annee: int, territoire: str = "") -> Valeur | None:
        for v in self.valeurs:
            if v.annee == annee and v.territoire == territoire:
                return v
        return None

    def derniere_connue(self) -> Valeur | None:
        """La valeur connue de l'année la plus récente (séries sans territoire)."""
        connues = [v for v in self.valeurs if not v.manquante and not v.territoire]
        return max(connues, key=lambda v: v.annee) if connues else None

    @property
    def nombre_connues(self) -> int:
        return sum(not v.manquante for v in self.valeurs)

    @property
    def a_un_graphique(self) -> bool:
        """Un graphique n'a de sens qu'avec au moins deux valeurs connues à comparer."""
        return self.nombre_connues >= 2


@dataclass(frozen=True)
class ChiffreAccueil:
    valeur: str
    libelle: str
    serie: str
    annee: int


@dataclass(frozen=True)
class Chiffres:
    source: str
    territoires: tuple[Territoire, ...]
    series: tuple[Serie, ...]
    accueil: tuple[tuple[str, str], ...] = ()  # (id de série, libellé)

    def territoire(self, ident: str) -> Territoire | None:
        return next((t for t in self.territoires if t.id == ident), None)

    def serie(self, ident: str) -> Serie | None:
        return next((s for s in self.series if s.id == ident), None)

    def rubriques(self) -> list[tuple[str, list[Serie]]]:
        """Les séries groupées par rubrique, dans l'ordre du fichier."""
        groupes: dict[str, list[Serie]] = {}
        for serie in self.series:
            groupes.setdefault(serie.rubrique, []).append(serie)
        return list(groupes.items())

    def chiffres_accueil(self, nombre_max: int) -> list[ChiffreAccueil]:
        """Les chiffres de la page d'accueil : dernière valeur connue de chaque série choisie."""
        resultat = []
        for ident, libelle in self.accueil[:nombre_max]:
            serie = self.serie(ident)
            derniere = serie.derniere_connue() if serie else None
            if derniere is not None:
                resultat.append(
                    ChiffreAccueil(formater(derniere.nombre, serie.unite), libelle, ident, derniere.annee)
                )
        return resultat


def formater(nombre: float | None, unite: str = "") -> str:
    """« 1 234 », « 59,1 % », « −40 » : le texte affiché ; « non communiqué » si absent.

    Espaces insécables, virgule décimale (Babel, français) ; le signe moins typographique (U+2212)
    plutôt que le trait d'union de Babel, trop court et coupable d'une coupure de ligne. Pour
    l'affichage seulement : les valeurs lues par des programmes gardent leur nombre.
    """
    if nombre is None:
        return TEXTE_MANQUANT
    texte = format_decimal(nombre, format="#,##0.#", locale=LOCALE).replace("\u202f", "\u00a0")
    texte = texte.replace("-", MOINS)
    return f"{texte}\u00a0%" if unite == "%" else texte


def description(serie: Serie, nom_territoire) -> str:
    """Texte de remplacement du graphique : toutes ses valeurs, en une phrase par année ou territoire."""
    morceaux = []
    if serie.par_territoire:
        for annee in serie.annees:
            parts = [
                f"{nom_territoire(t)} : {formater(v.nombre, serie.unite)}"
                for t in serie.territoires
                if (v := serie.valeur(annee, t)) is not None
            ]
            morceaux.append(f"En {annee}, " + " ; ".join(parts))
    else:
        morceaux.append(" ; ".join(f"{v.annee} : {formater(v.nombre, serie.unite)}" for v in serie.valeurs))
    unite = f" ({serie.unite})" if serie.unite and serie.unite != "%" else ""
    return f"{serie.titre}{unite}. " + ". ".join(morceaux) + "."


def lignes_tableau(serie: Serie, nom_territoire) -> tuple[list[str], list[tuple[str, list[Valeur | None]]]]:
    """(en-têtes de colonnes, lignes) du tableau de données d'une série.

    Par année : une ligne par année, une colonne de valeurs. Par territoire : une ligne par
    territoire, une colonne par année. `nom_territoire(id)` donne le nom affiché.
    """
    annees = serie.annees
    if not serie.par_territoire:
        entete = "part (%)" if serie.unite == "%" else (serie.unite or "valeur")
        return [entete], [(str(a), [serie.valeur(a)]) for a in annees]
    lignes = [(nom_territoire(t), [serie.valeur(a, t) for a in annees]) for t in serie.territoires]
    return [str(a) for a in annees], lignes
