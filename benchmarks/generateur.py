"""Générateur déterministe d'un grand site réaliste, dans les formats du vrai site.

Même graine, mêmes fichiers, octet pour octet : pas d'horloge, pas d'uuid4, un seul
`random.Random(graine)` par famille de données. Le corpus s'écrit dans un dossier à part
(`benchmarks/corpus/<nombre>/` par défaut, ignoré par git) avec :

- `content/actualites/AAAA/AAAA-MM-JJ-slug.md` : les actualités (Title, Date, Tags, Summary, Uid) ;
- `content/pages`, `content/images`, `content/extra` : copiés du vrai site ;
- `data/` : copié du vrai site (identité, vocabulaire…), puis les données des autres capacités
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
VERSION = 2  # à changer quand le format généré change : les corpus existants sont refaits
GRAINE = 2013
ESPACE_UID = uuid.UUID("6f1c1d0e-8a55-4c2b-9d1e-3b7a2f6c4e10")  # uuid5 : uid stables d'un run à l'autre
DATE_CONSTRUCTION = dt.date(2026, 11, 23)  # « aujourd'hui » des mesures (un lundi, jour de lettre)
DEBUT = DATE_CONSTRUCTION - dt.timedelta(days=12 * 365 + 3)  # 12 ans d'actualités avant le build
QUINZAINE_CHARGEE = 15  # actualités de la dernière quinzaine : le prochain numéro de la lettre est lourd
COPIES_CONTENU = ("pages", "images", "extra")
DONNEES_REFAITES = ("lettre",)  # les données générées ici ; le reste de data/ est copié du vrai site


@dataclass
class Corpus:
    """Un site généré : où sont son contenu et ses données, et ce qu'il contient."""

    racine: Path
    nombre: int
    graine: int = GRAINE
    donnees_generees: dict[str, str] = field(default_factory=dict)  # capacité → « ok » ou raison
    reglages: dict = field(default_factory=dict)  # réglages propres au corpus (ex. LETTRE.premier_numero)

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


@dataclass(frozen=True)
class ActualiteGeneree:
    """Ce que les autres données générées (registre de la lettre) doivent savoir d'une actualité."""

    uid: str
    titre: str
    date: dt.datetime  # heure de Paris, sans fuseau (comme dans l'en-tête Date:)
    resume: str
    slug: str
    mots_cles: tuple[str, ...]


def dates_reparties(alea: random.Random, nombre: int) -> list[dt.datetime]:
    """`nombre` dates (heures ouvrées, au quart d'heure) sur les 12 ans avant le build, triées.

    Les `QUINZAINE_CHARGEE` dernières tombent dans les 14 jours avant le build : une quinzaine
    chargée pour le courriel de la lettre.
    """
    chargee = min(QUINZAINE_CHARGEE, nombre // 4)
    fin_reguliere = DATE_CONSTRUCTION - dt.timedelta(days=15)
    jours = []
    for rang in range(nombre):
        if rang < nombre - chargee:
            jours.append(DEBUT + dt.timedelta(days=alea.randrange((fin_reguliere - DEBUT).days + 1)))
        else:
            jours.append(DATE_CONSTRUCTION - dt.timedelta(days=alea.randint(1, 14)))
    return sorted(
        dt.datetime.combine(jour, dt.time(alea.randint(8, 18), alea.choice((0, 15, 30, 45))))
        for jour in jours
    )


def texte_actualite(
    titre: str, date: dt.datetime, mots_cles: list[str], resume: str, uid: uuid.UUID, corps: str
) -> str:
    """Une actualité au format du vrai site (en-têtes Pelican puis Markdown)."""
    return (
        f"Title: {titre}\nDate: {date:%Y-%m-%d %H:%M}\nTags: {', '.join(mots_cles)}\n"
        f"Summary: {resume}\nUid: {uid}\n\n{corps}\n"
    )


def ecrire_actualites(
    dossier: Path, nombre: int, vocabulaire: list[str], graine: int
) -> list[ActualiteGeneree]:
    """Écrit `nombre` actualités (150 à 400 mots, 1 à 3 mots-clés) ; renvoie ce qu'on en sait."""
    alea = random.Random(f"actualites-{graine}")
    vus: set[str] = set()
    ecrites = []
    for numero, date in enumerate(dates_reparties(alea, nombre)):
        titre = textes.titre(alea)
        while slugify(titre) in vus:  # une adresse par actualité, comme l'exige `make check`
            titre = f"{textes.titre(alea)} ({date.year})" if alea.random() < 0.5 else textes.titre(alea)
        slug = slugify(titre)
        vus.add(slug)
        mots_cles = alea.sample(vocabulaire, alea.randint(1, 3))
        uid = uuid.uuid5(ESPACE_UID, f"actualite-{graine}-{numero}")
        resume = textes.resume(alea)
        texte = texte_actualite(
            titre, date, mots_cles, resume, uid, textes.corps(alea, alea.randint(150, 400))
        )
        chemin = dossier / f"{date:%Y}" / f"{date:%Y-%m-%d}-{slug[:60]}.md"
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_text(texte, encoding="utf-8")
        ecrites.append(ActualiteGeneree(str(uid), titre, date, resume, slug, tuple(mots_cles)))
    return ecrites


def _copier_du_site(corpus: Corpus) -> None:
    for nom in COPIES_CONTENU:
        source = RACINE_DEPOT / "content" / nom
        if source.is_dir():
            shutil.copytree(source, corpus.contenu / nom)
    # Tout data/ : une capacité dont le générateur manque se construit avec les données du vrai site.
    shutil.copytree(RACINE_DEPOT / "data", corpus.donnees, ignore=shutil.ignore_patterns(*DONNEES_REFAITES))


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
            corpus.donnees_generees, corpus.reglages = deja["donnees_generees"], deja["reglages"]
            return corpus
    if racine.exists():
        shutil.rmtree(racine)
    _copier_du_site(corpus)
    vocabulaire = slugs_du_vocabulaire(corpus.donnees / "mots-cles.yml")
    actualites = ecrire_actualites(corpus.contenu / "actualites", nombre, vocabulaire, graine)
    corpus.donnees_generees, corpus.reglages = complements.generer_tout(
        corpus.donnees, actualites, vocabulaire, DEBUT, DATE_CONSTRUCTION, graine
    )
    etat = {"empreinte": attendu, "donnees_generees": corpus.donnees_generees, "reglages": corpus.reglages}
    temoin.write_text(json.dumps(etat, ensure_ascii=False, indent=2), encoding="utf-8")
    return corpus
