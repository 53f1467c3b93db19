"""Poids de ce que le navigateur télécharge pour une page : HTML, CSS, JS, polices, images.

On lit la page construite (BeautifulSoup) : feuilles de style, scripts, images, icônes,
préchargements, puis dans chaque CSS ses `url(...)` et `@import`. Chaque fichier compte une
fois. Colonne gzip : ce qu'enverrait un serveur qui compresse les types texte (gzip niveau 6) ;
les formats déjà compressés (woff2, png, jpg, webp…) comptent pour leur taille brute.
Les tuiles de carte ne sont pas dans le HTML (chargées au clic) : elles ne comptent pas.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

TYPES_TEXTE = {".html", ".htm", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ico", ".geojson"}
URL_CSS = re.compile(r"""url\(\s*['"]?(?P<url>[^'")]+)['"]?\s*\)|@import\s+['"](?P<imp>[^'"]+)['"]""")
HOTE_FICTIF = "http://site.invalid/"
POLICES = {".woff2", ".woff", ".ttf", ".otf"}


@dataclass
class Poids:
    """Octets bruts et compressés d'une page et de ce qu'elle référence."""

    brut: int = 0
    gzip: int = 0
    fichiers: list[str] = field(default_factory=list)
    externes: list[str] = field(default_factory=list)  # requêtes vers un autre hôte : à proscrire
    manquants: list[str] = field(default_factory=list)
    non_charges: list[str] = field(default_factory=list)  # référencés, mais pas téléchargés par le navigateur

    @property
    def gzip_ko(self) -> float:
        return self.gzip / 1024

    @property
    def brut_ko(self) -> float:
        return self.brut / 1024


def taille_gzip(chemin: Path, donnees: bytes) -> int:
    if chemin.suffix.lower() in TYPES_TEXTE:
        return len(gzip.compress(donnees, compresslevel=6, mtime=0))
    return len(donnees)


def references_html(html: str) -> list[str]:
    """Adresses des ressources que le navigateur charge pour ce HTML (hors liens et flux)."""
    soupe = BeautifulSoup(html, "lxml")
    adresses = []
    for lien in soupe.find_all("link", href=True):
        rels = {r.lower() for r in lien.get("rel") or []}
        if rels & {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}:
            adresses.append(lien["href"])
    adresses += [s["src"] for s in soupe.find_all("script", src=True)]
    for balise in soupe.find_all(["img", "source", "video", "audio", "input"]):
        if balise.get("src"):
            adresses.append(balise["src"])
        if balise.get("poster"):
            adresses.append(balise["poster"])
        for morceau in (balise.get("srcset") or "").split(","):
            if morceau.strip():
                adresses.append(morceau.split()[0])
    return adresses


def references_css(css: str) -> list[str]:
    return [m["url"] or m["imp"] for m in URL_CSS.finditer(css) if not (m["url"] or "").startswith("data:")]


def _fichier_local(sortie: Path, url: str) -> Path:
    chemin = unquote(urlsplit(url).path).lstrip("/")
    if not chemin or chemin.endswith("/"):
        chemin += "index.html"
    return sortie / PurePosixPath(chemin)


def poids_page(sortie: Path, page: str, charges: set[str] | None = None) -> Poids | None:
    """Poids de `page` (chemin relatif à `sortie`, ex. « index.html ») et de ses ressources ; None si absente.

    `charges` : les fichiers qu'un navigateur a vraiment téléchargés pour cette page
    (`navigateur.fichiers_charges`) ; une police déclarée mais non téléchargée (celle d'un style que
    la page n'utilise pas) ne compte alors pas. Sans eux, ou pour tout autre fichier (une icône, que
    Chromium sans écran ne demande pas), tout ce qui est référencé compte.
    """
    depart = sortie / page
    if not depart.is_file():
        return None
    poids = Poids()
    vus: set[Path] = set()
    a_voir: list[tuple[Path, str]] = [(depart, urljoin(HOTE_FICTIF, page))]
    while a_voir:
        fichier, url = a_voir.pop()
        fichier = fichier.resolve()
        if fichier in vus:
            continue
        vus.add(fichier)
        if not fichier.is_file():
            poids.manquants.append(url)
            continue
        relatif = fichier.relative_to(sortie.resolve()).as_posix()
        if charges is not None and fichier.suffix.lower() in POLICES and relatif not in charges:
            poids.non_charges.append(relatif)
            continue
        donnees = fichier.read_bytes()
        poids.brut += len(donnees)
        poids.gzip += taille_gzip(fichier, donnees)
        poids.fichiers.append(relatif)
        suffixe = fichier.suffix.lower()
        if suffixe in (".html", ".htm"):
            references = references_html(donnees.decode("utf-8", errors="replace"))
        elif suffixe == ".css":
            references = references_css(donnees.decode("utf-8", errors="replace"))
        else:
            continue
        for reference in references:
            cible = urljoin(url, reference.strip())
            if urlsplit(cible).scheme in ("data", "blob", "javascript"):
                continue
            if not cible.startswith(HOTE_FICTIF):
                poids.externes.append(cible)
                continue
            a_voir.append((_fichier_local(sortie, cible[len(HOTE_FICTIF) - 1 :]), cible))
    poids.fichiers.sort()
    return poids


def poids_fichier(chemin: Path) -> Poids | None:
    """Poids d'un fichier seul (JSON, courriel HTML déjà autonome) ; None s'il n'existe pas."""
    if not chemin.is_file():
        return None
    donnees = chemin.read_bytes()
    return Poids(len(donnees), taille_gzip(chemin, donnees), [chemin.name])
