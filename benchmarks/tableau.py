"""Le tableau des mesures : une ligne par chiffre, sa cible et si elle est atteinte."""

from __future__ import annotations

import os
import platform
import statistics
from dataclasses import asdict, dataclass
from importlib.metadata import version

NON_CONSTRUIT = "n/a — pas encore construit"


@dataclass(frozen=True)
class Ligne:
    cle: str  # identifiant stable (JSON, tests)
    mesure: str  # libellé pour les humains
    valeur: str
    cible: str = "—"
    atteinte: bool | None = None  # None : pas de cible, ou rien à mesurer

    @property
    def verdict(self) -> str:
        return {True: "atteint", False: "NON atteint", None: "—"}[self.atteinte]

    def en_dict(self) -> dict:
        return {**asdict(self), "verdict": self.verdict}


def mediane(valeurs: list[float]) -> float:
    return statistics.median(valeurs)


def modele_processeur() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for ligne in cpuinfo:
                if ligne.lower().startswith("model name"):
                    return ligne.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "inconnu"


def machine() -> dict[str, str]:
    return {
        "processeur": modele_processeur(),
        "coeurs": str(os.cpu_count()),
        "systeme": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pelican": version("pelican"),
        "jinja2": version("jinja2"),
        "markdown": version("markdown"),
    }


def formater(lignes: list[Ligne], entete: list[str]) -> str:
    """Tableau en texte brut, colonnes alignées, précédé des lignes d'en-tête."""
    titres = ("Mesure", "Valeur", "Cible", "Verdict")
    rangs = [(ligne.mesure, ligne.valeur, ligne.cible, ligne.verdict) for ligne in lignes]
    largeurs = [max(len(r[i]) for r in [titres, *rangs]) for i in range(4)]
    separateur = "  ".join("-" * n for n in largeurs)
    texte = [*entete, "", "  ".join(t.ljust(n) for t, n in zip(titres, largeurs, strict=True)), separateur]
    texte += ["  ".join(c.ljust(n) for c, n in zip(r, largeurs, strict=True)).rstrip() for r in rangs]
    return "\n".join(texte)


def formater_markdown(lignes: list[Ligne]) -> str:
    """Le même tableau en Markdown (pour la section « Performance » du README)."""
    texte = ["| Mesure | Valeur | Cible | Verdict |", "|---|---|---|---|"]
    texte += [f"| {ligne.mesure} | {ligne.valeur} | {ligne.cible} | {ligne.verdict} |" for ligne in lignes]
    return "\n".join(texte)
