"""`make bench` : génère les corpus, mesure, imprime le tableau et l'écrit en JSON.

Les builds du site et de Pelican nu alternent dans la même boucle (site, nu, site, nu…) pour que
la charge des autres processus de la machine pèse autant sur les deux : on compare des rapports
mesurés ensemble, jamais des secondes d'un run à l'autre. Chaque chiffre de build est donné en
temps de processeur (utilisateur + système, Pagefind compris) et en durée réelle : une durée qui
ne tient que si le second cœur est libre n'est pas un résultat (`--charge` l'occupe).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path, PurePosixPath

from pelican.settings import DEFAULT_CONFIG
from pelican.utils import slugify

from . import complements, decomposition, ecritures, generateur, mesures, navigateur, poids
from .tableau import NON_CONSTRUIT, Ligne, formater, formater_markdown, machine, mediane

DOSSIER = Path(__file__).resolve().parent
CIBLE_COMPLET = 1.5  # durée réelle, machine au repos
CIBLE_COMPLET_CHARGE = 2.0  # durée réelle, un autre processus occupe un cœur
CIBLE_SANS_RECHERCHE = 1.2  # processeur et durée réelle
CIBLE_RECHERCHE_CPU = 1.0  # Pagefind seul, en temps de processeur de Pelican nu
CIBLE_MEMOIRE = 2.0
CIBLE_CROISSANCE = 3.3
CIBLE_EDITION_S = 1.5
CIBLE_RECHERCHE_MS = 50

# Pages pesées : (clé, libellé, chemin dans la sortie ou fonction, cible gzip en Ko ou None).
# Chemins des capacités des autres plugins : ceux qu'écrivent leurs générateurs.
PAGES = (
    ("poids_accueil", "Page d'accueil (HTML+CSS+JS+polices+images)", "index.html", 40),
    ("poids_actualite", "Une actualité (HTML+CSS+JS+polices+images)", None, None),
    ("poids_carte", "Carte des points d'accueil (hors tuiles)", "points-accueil/index.html", 80),
    ("poids_formations", "/formations/ (HTML+CSS+JS+polices+images)", "formations/index.html", None),
)
FICHIERS = (
    ("poids_courriel", "Courriel HTML d'une quinzaine chargée", 60, "brut"),
    ("poids_json", "JSON du point d'accueil le plus proche", 40, "gzip"),
)


def fichiers_a_peser(sortie: Path) -> dict[str, Path | None]:
    """Le courriel de l'aperçu (la plus lourde des éditions) et le JSON de recherche des points."""
    courriels = sorted(sortie.glob("lettre/apercu/*/courriel.html"), key=lambda c: (-c.stat().st_size, c))
    return {
        "poids_courriel": courriels[0] if courriels else None,
        "poids_json": sortie / "points-accueil" / "recherche.json",
    }


def lire_arguments(argv: list[str] | None) -> argparse.Namespace:
    parseur = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parseur.add_argument(
        "--repetitions", type=int, default=5, help="mesures par chiffre (médiane), 5 par défaut"
    )
    parseur.add_argument("--echauffement", type=int, default=1, help="builds non comptés avant les mesures")
    parseur.add_argument("--rapide", action="store_true", help="coup d'œil : 1 répétition, sans échauffement")
    parseur.add_argument(
        "--tailles",
        type=int,
        nargs=2,
        default=(1000, 3000),
        metavar=("PETIT", "GRAND"),
        help="nombres d'actualités des deux corpus (1000 3000 par défaut)",
    )
    parseur.add_argument("--dossier", type=Path, default=generateur.CORPUS, help="corpus et builds de mesure")
    parseur.add_argument(
        "--decomposition",
        action="store_true",
        help="mesure aussi le coût de chaque composant (Pagefind, typographie, chaque plugin)",
    )
    parseur.add_argument("--sans-navigateur", action="store_true", help="sans la mesure dans Chromium")
    parseur.add_argument(
        "--charge",
        action="store_true",
        help="mesure aussi le build complet pendant qu'un autre processus occupe un cœur",
    )
    parseur.add_argument("--resultats", type=Path, default=DOSSIER / "resultats", help="dossier des JSON")
    args = parseur.parse_args(argv)
    if args.rapide:
        args.repetitions, args.echauffement = 1, 0
    if args.repetitions < 1 or args.echauffement < 0:
        parseur.error("--repetitions doit valoir au moins 1 et --echauffement au moins 0")
    return args


def verifier_corpus(variante: mesures.Variante) -> str:
    """`gestion.py verifier` (tous les plugins, comme `make check`) sur le corpus ; lève en cas d'erreur."""
    resultat = subprocess.run(
        [
            mesures.PYTHON,
            str(mesures.RACINE_DEPOT / "gestion.py"),
            "verifier",
            "--reglages",
            str(variante.reglages),
        ],
        cwd=mesures.RACINE_DEPOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if resultat.returncode != 0:
        raise mesures.EchecConstruction(f"le corpus ne passe pas « make check » :\n{resultat.stderr[-3000:]}")
    return resultat.stdout.strip()


def actualite_mediane(corpus: generateur.Corpus) -> tuple[Path, str]:
    """L'actualité du milieu (par date) : son fichier source et le chemin de sa page construite."""
    source = corpus.actualites()[len(corpus.actualites()) // 2]
    titre = source.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("Title:").strip()
    slug = slugify(titre, regex_subs=DEFAULT_CONFIG["SLUG_REGEX_SUBSTITUTIONS"])
    return source, f"actualites/{slug}/index.html"


def _ko(p: poids.Poids) -> str:
    texte = f"{p.brut_ko:.1f} Ko brut, {p.gzip_ko:.1f} Ko gzip ({len(p.fichiers)} fichiers)"
    if p.externes:
        texte += f", ⚠ {len(p.externes)} requête(s) vers un autre hôte"
    if p.manquants:
        texte += f", ⚠ {len(p.manquants)} introuvable(s)"
    if p.non_charges:
        texte += (
            f" ; non téléchargés par Chromium : {', '.join(PurePosixPath(f).name for f in p.non_charges)}"
        )
    return texte


def lignes_poids(
    sortie: Path, page_actualite: str, fichiers: dict[str, Path | None], charges: dict[str, set[str]] | None
) -> list[Ligne]:
    """Poids des pages ; `charges` : ce que Chromium a téléchargé pour chacune (None : sans navigateur,
    toute ressource référencée compte, polices de tous les styles du CSS comprises)."""
    lignes = []
    for cle, mesure, chemin, cible in PAGES:
        page = chemin or page_actualite
        mesure_p = poids.poids_page(sortie, page, None if charges is None else charges.get(page, set()))
        texte_cible = f"≤ {cible} Ko gzip" if cible else "—"
        if mesure_p is None:
            lignes.append(Ligne(cle, mesure, NON_CONSTRUIT, texte_cible))
            continue
        atteinte = None if cible is None else (mesure_p.gzip_ko <= cible and not mesure_p.externes)
        lignes.append(Ligne(cle, mesure, _ko(mesure_p), texte_cible, atteinte))
    for cle, mesure, cible, sorte in FICHIERS:
        chemin = fichiers.get(cle)
        mesure_f = poids.poids_fichier(chemin) if chemin else None
        texte_cible = f"≤ {cible} Ko {sorte}"
        if mesure_f is None:
            lignes.append(Ligne(cle, mesure, NON_CONSTRUIT, texte_cible))
            continue
        valeur = mesure_f.brut_ko if sorte == "brut" else mesure_f.gzip_ko
        lignes.append(Ligne(cle, mesure, _ko(mesure_f), texte_cible, valeur <= cible))
    return lignes


def rapport_par_tour(brutes: dict, a: str, b: str) -> float:
    """Médiane des rapports a/b calculés tour par tour (builds voisins dans le temps : robuste à la charge)."""
    return mediane([x / y for x, y in zip(brutes[a], brutes[b], strict=True)])


def comparaison(brutes: dict, med: dict, site: str, nu: str) -> tuple[float, float, str]:
    """(rapport CPU, rapport durée, texte) du build `site` face au build `nu` (préfixes des clés)."""
    cpu = rapport_par_tour(brutes, f"{site}_cpu", f"{nu}_cpu")
    duree = rapport_par_tour(brutes, f"{site}_s", f"{nu}_s")
    # La part du noyau (création des fichiers et dossiers) est donnée à part : c'est elle qui varie
    # d'un build à l'autre avec l'état du disque partagé ; la part utilisateur est le calcul du build.
    utilisateur = rapport_par_tour(brutes, f"{site}_hors_noyau", f"{nu}_hors_noyau")
    texte = (
        f"CPU {cpu:.2f}x ({med[f'{site}_cpu']:.1f} s contre {med[f'{nu}_cpu']:.1f} s, "
        f"dont noyau {med[f'{site}_sys']:.1f} s contre {med[f'{nu}_sys']:.1f} s ; "
        f"hors noyau {utilisateur:.2f}x) ; "
        f"durée {duree:.2f}x ({med[f'{site}_s']:.1f} s contre {med[f'{nu}_s']:.1f} s)"
    )
    return cpu, duree, texte


def mesurer(args: argparse.Namespace, annoncer=print) -> tuple[list[Ligne], dict]:
    """Toutes les mesures ; renvoie les lignes du tableau et les mesures brutes (pour le JSON)."""
    petit, grand = args.tailles
    corpus = {n: generateur.generer(n, args.dossier / str(n)) for n in (petit, grand)}
    travail = args.dossier / "_constructions"
    variantes = {
        (n, nom): mesures.preparer(
            nom, corpus[n].contenu, corpus[n].donnees, travail / str(n), corpus[n].reglages
        )
        for n in (petit, grand)
        for nom in ("site", "sans_recherche", "nu")
    }
    annoncer(f"Corpus : {petit} et {grand} actualités ; données générées : {corpus[petit].donnees_generees}")
    annoncer(f"Vérification du corpus : {verifier_corpus(variantes[(petit, 'site')])}")
    brutes: dict[str, list] = {}
    tours = args.echauffement + args.repetitions

    def noter(cle: str, resultat: mesures.Resultat) -> None:
        brutes.setdefault(f"{cle}_s", []).append(resultat.secondes)
        brutes.setdefault(f"{cle}_cpu", []).append(resultat.cpu_s)
        brutes.setdefault(f"{cle}_sys", []).append(resultat.systeme_s)
        brutes.setdefault(f"{cle}_hors_noyau", []).append(resultat.hors_noyau_s)
        brutes.setdefault(f"{cle}_mo", []).append(resultat.memoire_mo)

    def serie(cles: list[tuple[int, str]], etat: str, recherche: bool = False) -> None:
        froid = etat != "chaud"
        for tour in range(tours):
            annoncer(
                f"  builds {etat} : tour {tour + 1}/{tours}{' (échauffement)' if tour < args.echauffement else ''}"
            )
            for n, nom in cles:
                resultat = mesures.construire(variantes[(n, nom)], froid=froid)
                if tour >= args.echauffement:
                    noter(f"{nom}_{n}_{etat}", resultat)
                if recherche and (n, nom) == (petit, "site"):
                    seule = mesures.recherche_seule(variantes[(n, nom)])
                    if tour >= args.echauffement:
                        noter(f"pagefind_{n}_{etat}", seule)

    serie(
        [(petit, "site"), (petit, "nu"), (petit, "sans_recherche"), (grand, "site"), (grand, "nu")],
        "froid",
        recherche=True,
    )
    if args.charge:
        with mesures.charge():
            serie([(petit, "site"), (petit, "nu")], "charge")
    serie([(petit, "site"), (petit, "nu")], "chaud")  # les builds froids ont rempli le cache
    source, page = actualite_mediane(corpus[petit])
    annoncer("  boucle d'édition (pelican -r)")
    brutes["edition_s"] = mesures.boucle_edition(
        variantes[(petit, "site")],
        source,
        variantes[(petit, "site")].sortie / page,
        args.repetitions,
        args.echauffement,
    )
    med = {cle: mediane(v) for cle, v in brutes.items()}
    lignes = []
    _cpu, duree, texte = comparaison(brutes, med, f"site_{petit}_froid", f"nu_{petit}_froid")
    lignes.append(
        Ligne(
            "build_froid",
            f"Build complet, {petit} actualités, à froid, machine au repos",
            texte,
            f"durée ≤ {CIBLE_COMPLET}x Pelican nu",
            duree <= CIBLE_COMPLET,
        )
    )
    cpu, duree, texte = comparaison(brutes, med, f"sans_recherche_{petit}_froid", f"nu_{petit}_froid")
    lignes.append(
        Ligne(
            "build_sans_recherche",
            f"Site sans recherche, {petit} actualités, à froid",
            texte,
            f"CPU et durée ≤ {CIBLE_SANS_RECHERCHE}x Pelican nu",
            cpu <= CIBLE_SANS_RECHERCHE and duree <= CIBLE_SANS_RECHERCHE,
        )
    )
    cpu = rapport_par_tour(brutes, f"pagefind_{petit}_froid_cpu", f"nu_{petit}_froid_cpu")
    lignes.append(
        Ligne(
            "recherche_seule",
            f"Recherche seule (Pagefind sur le site construit), {petit} actualités",
            f"CPU {cpu:.2f}x Pelican nu ({med[f'pagefind_{petit}_froid_cpu']:.1f} s) ; "
            f"durée {med[f'pagefind_{petit}_froid_s']:.1f} s ; pic {med[f'pagefind_{petit}_froid_mo']:.0f} Mo",
            f"CPU ≤ {CIBLE_RECHERCHE_CPU}x Pelican nu",
            cpu <= CIBLE_RECHERCHE_CPU,
        )
    )
    if args.charge:
        _cpu, duree, texte = comparaison(brutes, med, f"site_{petit}_charge", f"nu_{petit}_charge")
        lignes.append(
            Ligne(
                "build_charge",
                f"Build complet, {petit} actualités, à froid, un cœur occupé par un autre processus",
                texte,
                f"durée ≤ {CIBLE_COMPLET_CHARGE}x Pelican nu",
                duree <= CIBLE_COMPLET_CHARGE,
            )
        )
    _cpu, _duree, texte = comparaison(brutes, med, f"site_{petit}_chaud", f"nu_{petit}_chaud")
    lignes.append(Ligne("build_chaud", f"Build complet, {petit} actualités, cache de contenu chaud", texte))
    # Rapport dans chaque tour (builds voisins dans le temps), puis médiane : robuste à la charge.
    croissance, croissance_nu = (
        rapport_par_tour(brutes, f"{nom}_{grand}_froid_s", f"{nom}_{petit}_froid_s") for nom in ("site", "nu")
    )
    croissance_cpu = rapport_par_tour(brutes, f"site_{grand}_froid_cpu", f"site_{petit}_froid_cpu")
    lignes.append(
        Ligne(
            "croissance",
            f"Croissance {grand} / {petit} actualités (à froid)",
            f"durée {croissance:.2f}x ({med[f'site_{grand}_froid_s']:.1f} s ; Pelican nu : {croissance_nu:.2f}x) ; "
            f"CPU {croissance_cpu:.2f}x",
            f"≤ {CIBLE_CROISSANCE}x",
            croissance <= CIBLE_CROISSANCE,
        )
    )
    edition = med["edition_s"]
    lignes.append(
        Ligne(
            "edition",
            f"Boucle d'édition, {petit} actualités (modif. → page réécrite)",
            f"{edition:.2f} s",
            f"≤ {CIBLE_EDITION_S} s",
            edition <= CIBLE_EDITION_S,
        )
    )
    for n in (petit, grand):
        memoire = rapport_par_tour(brutes, f"site_{n}_froid_mo", f"nu_{n}_froid_mo")
        detail = ""
        if n == petit:  # le pic du build est celui de Pelican ou celui de Pagefind, l'un après l'autre
            detail = (
                f" ; sans recherche {med[f'sans_recherche_{n}_froid_mo']:.0f} Mo, "
                f"Pagefind seul {med[f'pagefind_{n}_froid_mo']:.0f} Mo"
            )
        lignes.append(
            Ligne(
                f"memoire_{n}",
                f"Pic de mémoire du build, {n} actualités",
                f"{med[f'site_{n}_froid_mo']:.0f} Mo (Pelican nu : {med[f'nu_{n}_froid_mo']:.0f} Mo) : {memoire:.2f}x"
                + detail,
                f"≤ {CIBLE_MEMOIRE:.0f}x Pelican nu",
                memoire <= CIBLE_MEMOIRE,
            )
        )
    sortie = variantes[(petit, "site")].sortie
    lignes.append(
        Ligne(
            "ecritures",
            f"Ce que le build écrit, {petit} actualités",
            ecritures.resume(sortie, variantes[(petit, "nu")].sortie, petit),
        )
    )
    charges = None
    if not args.sans_navigateur and navigateur.disponible() is None:
        charges = navigateur.fichiers_charges(sortie, [chemin or page for _cle, _m, chemin, _c in PAGES])
    lignes += lignes_poids(sortie, page, fichiers_a_peser(sortie), charges)
    lignes.append(ligne_recherche(sortie, args.sans_navigateur, brutes))
    if args.decomposition:
        plugins = list(complements.reglages_du_site().get("PLUGINS") or [])
        lignes += decomposition.mesurer(
            variantes[(petit, "site")], travail / "decomposition", plugins, args.repetitions, annoncer
        )
    return lignes, {"brutes": brutes, "medianes": {cle: mediane(v) for cle, v in brutes.items() if v}}


def ligne_recherche(sortie: Path, sans_navigateur: bool, brutes: dict) -> Ligne:
    """Temps de réponse de la recherche du point d'accueil le plus proche, dans Chromium."""
    cle, mesure = "recherche_points", "Recherche du point le plus proche (Chromium, médiane)"
    cible = f"< {CIBLE_RECHERCHE_MS} ms"
    raison = "n/a — mesure dans le navigateur désactivée" if sans_navigateur else navigateur.disponible()
    if raison:
        return Ligne(cle, mesure, raison if raison.startswith("n/a") else f"n/a — {raison}", cible)
    durees = navigateur.temps_recherche_points(sortie)
    if durees is None:
        return Ligne(cle, mesure, NON_CONSTRUIT, cible)
    brutes["recherche_points_ms"] = durees
    valeur = mediane(durees)
    return Ligne(
        cle,
        mesure,
        f"{valeur:.1f} ms (max {max(durees):.1f} ms, {len(durees)} saisies)",
        cible,
        valeur < CIBLE_RECHERCHE_MS,
    )


def main(argv: list[str] | None = None) -> int:
    args = lire_arguments(argv)
    infos = machine()
    entete = [
        f"Machine : {infos['processeur']}, {infos['coeurs']} cœurs, {infos['systeme']}",
        f"Python {infos['python']}, Pelican {infos['pelican']}, Jinja2 {infos['jinja2']}, Markdown {infos['markdown']}",
        f"Médiane de {args.repetitions} mesure(s) après {args.echauffement} build(s) d'échauffement ; "
        "site et Pelican nu alternés dans la même boucle (comparer les rapports, pas les secondes) ; "
        "CPU : utilisateur + système, sous-processus compris.",
    ]
    debut = dt.datetime.now(dt.UTC)
    entete.append(
        f"Début des mesures : {debut:%Y-%m-%d %H:%M} UTC{' ; un cœur occupé par --charge pour la ligne dédiée' if args.charge else ''}"
    )
    print("Mesures en cours (compter quelques minutes avec 5 répétitions)…", flush=True)
    try:
        lignes, brutes = mesurer(args, annoncer=lambda texte: print(texte, flush=True))
    except mesures.EchecConstruction as exc:
        print(f"✗ Mesure impossible : {exc}", file=sys.stderr)
        return 1
    finally:
        mesures.effacer_les_ecartes()
    print()
    print(formater(lignes, entete))
    args.resultats.mkdir(parents=True, exist_ok=True)
    horodatage = dt.datetime.now(dt.UTC)
    print(f"Fin des mesures : {horodatage:%Y-%m-%d %H:%M} UTC")
    donnees_debut = debut.isoformat(timespec="seconds")
    donnees = {
        "date": horodatage.isoformat(timespec="seconds"),
        "debut": donnees_debut,
        "charge": args.charge,
        "machine": infos,
        "repetitions": args.repetitions,
        "echauffement": args.echauffement,
        "tailles": list(args.tailles),
        "lignes": [ligne.en_dict() for ligne in lignes],
        **brutes,
        "markdown": formater_markdown(lignes),
    }
    texte = json.dumps(donnees, ensure_ascii=False, indent=2)
    (args.resultats / f"mesures-{horodatage:%Y%m%dT%H%M%SZ}.json").write_text(texte, encoding="utf-8")
    (args.resultats / "dernieres.json").write_text(texte, encoding="utf-8")
    print(f"\nRésultats : {args.resultats / 'dernieres.json'}")
    return 0
