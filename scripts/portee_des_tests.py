"""Faut-il lancer toute la suite de tests avant de publier ? (`.github/workflows/publier.yml`)

Un envoi du personnel qui ne change que les contenus et les données du site publié (`content/`,
`data/`) est vérifié par `make check` (les règles de l'éditeur et du build : en-têtes, mots-clés,
liens, images, données), puis construit : la suite de tests (un quart d'heure) vérifie le code, qui
n'a pas changé. Sans elle, l'actualité est en ligne en quelques minutes. La suite tourne pour tout le
reste : code, thème, réglages, dépendances, demande de fusion, lancement à la main, premier envoi
d'une branche, ou historique introuvable (dans le doute, on teste).
La publication de chaque matin (actualités programmées) ne change rien au dépôt : pas de suite.

    python scripts/portee_des_tests.py EVENEMENT AVANT APRES SITE

Écrit « suite=oui » ou « suite=non » sur la sortie (à ajouter à $GITHUB_OUTPUT), et pourquoi sur la
sortie d'erreur.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import PurePosixPath

DOSSIERS_DE_CONTENU = ("content", "data")
AUCUN_COMMIT = "0" * 40  # `github.event.before` du premier envoi d'une branche


def hors_contenus(fichiers: list[str], site: str) -> list[str]:
    """Les fichiers modifiés qui ne sont pas des contenus ou des données du site `site` (« . » : la racine)."""
    racine = PurePosixPath(site.strip("/") or ".")
    prefixes = [
        racine / dossier if str(racine) != "." else PurePosixPath(dossier) for dossier in DOSSIERS_DE_CONTENU
    ]
    return [f for f in fichiers if not any(PurePosixPath(f).is_relative_to(p) for p in prefixes)]


def fichiers_modifies(avant: str, apres: str) -> list[str] | None:
    """Les fichiers changés entre deux commits, ou None si l'historique manque."""
    if avant == AUCUN_COMMIT or not avant:
        return None
    present = subprocess.run(
        ["git", "cat-file", "-e", f"{avant}^{{commit}}"], capture_output=True, check=False
    )
    if present.returncode != 0:
        recupere = subprocess.run(
            ["git", "fetch", "--quiet", "--no-tags", "--depth=1", "origin", avant],
            capture_output=True,
            check=False,
        )
        if recupere.returncode != 0:
            return None
    diff = subprocess.run(
        # -z : les noms tels quels (sans -z, git cite « content/images/r\303\251union.jpg » entre
        # guillemets, et une espace couperait le nom en deux).
        ["git", "diff", "--name-only", "--no-renames", "-z", avant, apres],
        capture_output=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    )
    return [nom for nom in diff.stdout.split("\0") if nom] if diff.returncode == 0 else None


def decider(evenement: str, avant: str, apres: str, site: str) -> tuple[bool, str]:
    """(suite à lancer ?, pourquoi)."""
    if evenement == "schedule":
        return False, "publication du matin : le dépôt n'a pas changé depuis la dernière publication testée"
    if evenement != "push":
        return True, f"événement « {evenement} » : toute la suite"
    fichiers = fichiers_modifies(avant, apres)
    if fichiers is None:
        return True, "historique de l'envoi introuvable : toute la suite, par prudence"
    autres = hors_contenus(fichiers, site)
    if autres:
        return True, f"code ou réglages modifiés ({', '.join(autres[:5])}{'…' if len(autres) > 5 else ''})"
    return False, f"seulement des contenus et des données ({len(fichiers)} fichier(s)) : make check suffit"


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print(__doc__.split("\n\n")[2].strip(), file=sys.stderr)
        return 2
    suite, pourquoi = decider(*argv)
    print(f"suite={'oui' if suite else 'non'}")
    print(f"Tests : {'oui' if suite else 'non'}, {pourquoi}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
