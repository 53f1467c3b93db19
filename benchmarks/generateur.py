"""Générateur déterministe d'un grand site réaliste, dans les formats du vrai site.

Même graine, mêmes fichiers, octet pour octet : pas d'horloge, pas d'uuid4, un seul
`random.Random(graine)` par famille de données. Le corpus s'écrit dans un dossier à part
(`benchmarks/corpus/<nombre>/` par défaut, ignoré par git) avec :

- `content/actualites/AAAA/AAAA-MM-JJ-slug.md` : les actualités (Title, Date, Tags, Summary, Uid) ;
- `content/pages`, `content/images`, `content/extra` : copiés du vrai site ;
- `data/` : identité et vocabulaire copiés du vrai site, plus les données des autres capacités
  (points d'accueil, formations et agenda, registre de la lettre) générées par `complements`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pelican.utils import slugify

from . import complements, textes

RACINE_DEPOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).resolve().parent / "corpus"
VERSION = 1  # à changer quand le format généré change : les corpus existants sont refaits
GRAINE = 2013
ESPACE_UID = uuid.UUID("6f1c1d0e-8a55-4c2b-9d1e-3b7a2f6c4e10")  # uuid5 : uid stables d'un run à l'autre
PREMIERE_ANNEE, DERNIERE_ANNEE = 2014, 2025  # 12 ans, tous avant la date de build des mesures
COPIES_CONTENU = ("pages", "images", "extra")
COPIES_DONNEES = ("association.yml", "mots-cles.yml")


@dataclass
class Corpus:
    """Un site généré : où sont son contenu et ses données, et ce qu'il contient."""

    racine: Path
    nombre: int
    graine: int = GRAINE
    donnees_generees: dict[str, str] = field(default_factory=dict)  # capacité → « ok » ou raison

    @property
    def contenu(self) -> Path:
        return self.racine / "content"

    @property
    def donnees(self) -> Path:
        return self.racine / "data"

    def actualites(self) -> list[Path]:
        return sorted((self.contenu / "actualites").rglob("*.md"))


def slugs_du_vocabulaire(chemin: Path) -> list[str]:
    return [entree["slug"] for entree in yaml.safe_load(chemin.read_text(encoding="utf-8"))]


def dates_reparties(alea: random.Random, nombre: int) -> list[dt.datetime]:
    """`nombre` dates (heures ouvrées, au quart d'heure) réparties sur les 12 années, triées."""
    debut = dt.date(PREMIERE_ANNEE, 1, 1)
    jours = (dt.date(DERNIERE_ANNEE, 12, 31) - debut).days
    dates = []
    for _ in range(nombre):
        jour = debut + dt.timedelta(days=alea.randrange(jours + 1))
        dates.append(dt.datetime.combine(jour, dt.time(alea.randint(8, 18), alea.choice((0, 15, 30, 45)))))
    return sorted(dates)


def texte_actualite(
    titre: str, date: dt.datetime, mots_cles: list[str], resume: str, uid: uuid.UUID, corps: str
) -> str:
    """Une actualité au format du vrai site (en-têtes Pelican puis Markdown)."""
    return (
        f"Title: {titre}\nDate: {date:%Y-%m-%d %H:%M}\nTags: {', '.join(mots_cles)}\n"
        f"Summary: {resume}\nUid: {uid}\n\n{corps}\n"
    )


def ecrire_actualites(dossier: Path, nombre: int, vocabulaire: list[str], graine: int) -> list[Path]:
    """Écrit `nombre` actualités (150 à 400 mots, 1 à 3 mots-clés) ; renvoie leurs chemins."""
    alea = random.Random(f"actualites-{graine}")
    vus: set[str] = set()
    chemins = []
    for numero, date in enumerate(dates_reparties(alea, nombre)):
        titre = textes.titre(alea)
        while slugify(titre) in vus:  # une adresse par actualité, comme l'exige `make check`
            titre = f"{textes.titre(alea)} ({date.year})" if alea.random() < 0.5 else textes.titre(alea)
        slug = slugify(titre)
        vus.add(slug)
        mots_cles = alea.sample(vocabulaire, alea.randint(1, 3))
        uid = uuid.uuid5(ESPACE_UID, f"actualite-{graine}-{numero}")
        texte = texte_actualite(
            titre, date, mots_cles, textes.resume(alea), uid, textes.corps(alea, alea.randint(150, 400))
        )
        chemin = dossier / f"{date:%Y}" / f"{date:%Y-%m-%d}-{slug[:60]}.md"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(texte, encoding="utf-8")
        chemins.append(chemin)
    return chemins


def _copier_du_site(corpus: Corpus) -> None:
    for nom in COPIES_CONTENU:
        source = RACINE_DEPOT / "content" / nom
        if source.is_dir():
            shutil.copytree(source, corpus.contenu / nom)
    corpus.donnees.mkdir(parents=True)
    for nom in COPIES_DONNEES:
        shutil.copy2(RACINE_DEPOT / "data" / nom, corpus.donnees / nom)


def _empreinte(nombre: int, graine: int) -> dict:
    return {"version": VERSION, "nombre": nombre, "graine": graine, "complements": complements.empreinte()}


def generer(nombre: int, racine: Path | None = None, graine: int = GRAINE) -> Corpus:
    """Génère (ou réutilise s'il est à jour) le corpus de `nombre` actualités dans `racine`."""
    racine = Path(racine or CORPUS / str(nombre))
    corpus = Corpus(racine, nombre, graine)
    temoin = racine / "corpus.json"
    attendu = _empreinte(nombre, graine)
    if temoin.is_file():
        deja = json.loads(temoin.read_text(encoding="utf-8"))
        if deja.get("empreinte") == attendu:
            corpus.donnees_generees = deja["donnees_generees"]
            return corpus
    if racine.exists():
        shutil.rmtree(racine)
    _copier_du_site(corpus)
    vocabulaire = slugs_du_vocabulaire(corpus.donnees / "mots-cles.yml")
    ecrire_actualites(corpus.contenu / "actualites", nombre, vocabulaire, graine)
    corpus.donnees_generees = complements.generer_tout(corpus.donnees, corpus.contenu, vocabulaire, graine)
    temoin.write_text(
        json.dumps(
            {"empreinte": attendu, "donnees_generees": corpus.donnees_generees}, ensure_ascii=False, indent=2
        ),
        encoding="utf-8",
    )
    return corpus
