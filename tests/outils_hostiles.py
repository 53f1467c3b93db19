"""Un site rempli de textes hostiles : chaque champ texte de chaque fichier de données, et des contenus.

Chaque valeur injectée est unique (elle porte le fichier et le champ) et contient de quoi exécuter du
code si elle était publiée telle quelle (balises, attributs d'événement, `javascript:`), des marques
de gabarit Jinja, `</script>` et des guillemets. `site_hostile` copie le vrai site (contenus et
données) et les y met ; les tests vérifient ensuite que tout est publié échappé (ou assaini) et, dans
un vrai navigateur, qu'aucune boîte de dialogue ne s'ouvre.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from outils import RACINE

CHARGE = (
    "\"'><img src=x onerror=alert(1)><svg onload=alert(2)></svg></script><script>alert(3)</script>"
    " {{ 7*7 }} {% if 1 %}si{% endif %} {# « ` ${alert(4)} &amp; \\"
)
# Champs de texte libre de chaque fichier de données (les identifiants, dates, couleurs, codes et
# adresses de courriel ont leur propre validation, testée ailleurs).
CHAMPS_TEXTE = {
    "association.yml": {"slogan", "description", "directeur_publication", "hebergeur", "rue", "ville"},
    "mots-cles.yml": {"libelle", "description"},
    "points-accueil.yml": {"structure", "adresse", "contact", "precisions", "services"},
    "points-accueil-referentiel.yml": {"libelle"},
    "formations.yml": {"nom", "adresse", "titre", "resume", "deroulement", "prerequis", "public", "prix"}
    | {"programme", "objectifs", "contenu", "financement"},
    "agenda.yml": {"titre", "resume", "description", "nom", "intervenants"},
}
ENTETE_ACTUALITE = (
    "Title: Titre {charge}\nDate: 2013-09-16 10:00\nTags: formation\nSummary: Résumé {charge} "
    "[lien](javascript:alert(5))\nUid: 0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f\nSlug: hostile\n\n"
    "Corps {charge}\n\n[clic](javascript:alert(6)) ![image](data:image/svg+xml,<svg onload=alert(7)>)\n"
)
PAGE = "Title: Page {charge}\nSlug: page-hostile\n\nTexte {charge}\n"


def valeur_hostile(fichier: str, chemin: str) -> str:
    return f"{fichier}:{chemin} {CHARGE}"


def _injecter(noeud, fichier: str, champs: set[str], chemin: str, injectees: list[str]):
    if isinstance(noeud, dict):
        for cle, valeur in noeud.items():
            ici = f"{chemin}.{cle}" if chemin else str(cle)
            if cle in champs and isinstance(valeur, str) and valeur.strip():
                noeud[cle] = valeur_hostile(fichier, ici)
                injectees.append(noeud[cle])
            elif (
                cle in champs
                and isinstance(valeur, list)
                and valeur
                and all(isinstance(v, str) for v in valeur)
            ):
                noeud[cle] = [valeur_hostile(fichier, f"{ici}[{i}]") for i in range(len(valeur))]
                injectees.extend(noeud[cle])
            else:
                _injecter(valeur, fichier, champs, ici, injectees)
    elif isinstance(noeud, list):
        for rang, element in enumerate(noeud):
            _injecter(element, fichier, champs, f"{chemin}[{rang}]", injectees)


def site_hostile(racine: Path) -> tuple[dict, list[str]]:
    """Copie contenus et données du vrai site sous `racine`, textes hostiles partout.

    Renvoie (réglages à passer à `construire_site`, valeurs injectées dans les données).
    """
    contenu, donnees = racine / "content", racine / "data"
    shutil.copytree(RACINE / "content", contenu)
    shutil.copytree(RACINE / "data", donnees)
    injectees: list[str] = []
    for fichier, champs in CHAMPS_TEXTE.items():
        chemin = donnees / fichier
        brut = yaml.safe_load(chemin.read_text(encoding="utf-8"))
        _injecter(brut, fichier, champs, "", injectees)
        chemin.write_text(yaml.safe_dump(brut, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (contenu / "actualites" / "hostile.md").write_text(
        ENTETE_ACTUALITE.format(charge=CHARGE), encoding="utf-8"
    )
    (contenu / "pages" / "hostile.md").write_text(PAGE.format(charge=CHARGE), encoding="utf-8")
    reglages = {
        "PATH": str(contenu),
        "SOCLE": {"donnees": str(donnees)},
        "CACHE_PATH": str(racine / "cache"),
    }
    return reglages, injectees
