"""Modèles des points d'accueil : vocabulaire, points, communes (dataclasses immuables)."""

from __future__ import annotations

from dataclasses import dataclass, field

from socle.association import numero_international

from .fermetures import Fermeture


@dataclass(frozen=True)
class Entree:
    """Une entrée du référentiel (territoire, type de structure ou façon d'être reçu)."""

    slug: str
    libelle: str
    couleur: str = ""


@dataclass(frozen=True)
class Referentiel:
    """Vocabulaire contrôlé ; l'ordre des territoires est celui de la page."""

    territoires: tuple[Entree, ...] = ()
    types: tuple[Entree, ...] = ()
    accueil: tuple[Entree, ...] = ()

    def dictionnaire(self, nom: str) -> dict[str, Entree]:
        return {e.slug: e for e in getattr(self, nom)}


@dataclass(frozen=True)
class Point:
    """Un lieu où l'on peut être reçu (ou une structure adhérente, selon le site)."""

    id: str
    structure: str
    type: Entree
    territoire: Entree
    commune: str
    code_postal: str
    latitude: float
    longitude: float
    accueil: Entree
    services: tuple[str, ...]
    actif: bool = True
    adresse: str = ""
    position_approximative: bool = False
    precisions: str = ""
    # Comment prendre rendez-vous ici : horaires d'accueil, téléphone, lien de réservation en
    # ligne (facultatifs ; sans téléphone ni lien, on réserve au numéro de l'association).
    horaires: str = ""
    telephone: str = ""
    rendez_vous: str = ""
    contact: str = field(default="", repr=False)
    publier_contact: bool = False
    # Périodes datées où le point ne reçoit pas (congés, travaux) : voir fermetures.py.
    fermetures: tuple[Fermeture, ...] = ()
    ligne: int = 0

    @property
    def contact_public(self) -> str:
        """Le nom de l'interlocuteur, seulement si le point a choisi de le publier."""
        return self.contact if self.publier_contact else ""

    @property
    def telephone_international(self) -> str:
        return numero_international(self.telephone) if self.telephone else ""

    @property
    def adresse_complete(self) -> str:
        ville = f"{self.code_postal} {self.commune}"
        return f"{self.adresse}, {ville}" if self.adresse else ville


@dataclass(frozen=True)
class Commune:
    """Une commune de la table : position exacte (GeoNames) ou approximative."""

    code_insee: str
    nom: str
    codes_postaux: tuple[str, ...]
    latitude: float
    longitude: float
    precision: str

    @property
    def approximative(self) -> bool:
        return self.precision != "exacte"


@dataclass(frozen=True)
class Lieu:
    """Ce que désigne une recherche : une commune, un code postal ou une position."""

    libelle: str
    latitude: float
    longitude: float
    approximatif: bool = False


@dataclass(frozen=True)
class Proche:
    """Un point d'accueil et sa distance (km, à vol d'oiseau) au lieu cherché."""

    point: Point
    distance_km: float
