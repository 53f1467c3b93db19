"""Les modules JavaScript de l'éditeur (admin/*.js), exécutés par Node sur les vrais fichiers.

Ils sont pris dans le site construit (`site_dev`), là où le navigateur les charge : l'adresse
calculée est celle de Pelican, les en-têtes et le YAML se relisent et se réécrivent à l'octet près.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from pelican.utils import slugify

from outils import RACINE
from socle.entetes import lire_entete

NODE = shutil.which("node")
pytestmark = [
    pytest.mark.skipif(NODE is None, reason="Node.js absent (installé par scripts/installer.sh)"),
    pytest.mark.contenu_maillage,
]

TITRES = [
    "Forum de l'ESS à Roubaix : œuvrer ensemble",
    "« Créer à plusieurs » : l’atelier du 24 mai",
    "Salon Créer 2013 — Lille Grand Palais",
    "Cœur de quartier, Æsthétique & co… 5 € la journée",
    "  Espaces   multiples  et <em>balises</em> ",
    "Été 2014 : 53 porteurs accompagnés (CitésLab)",
    "Ça, c'est l'ÉPISS !",
]


def executer(site_dev, tmp_path, code: str):
    """Exécute un module ES qui importe les scripts de admin/ ; renvoie ce qu'il écrit en JSON."""
    script = tmp_path / "essai.mjs"
    script.write_text(code.replace("ADMIN", (site_dev / "admin").as_uri()), encoding="utf-8")
    resultat = subprocess.run([NODE, str(script)], capture_output=True, text=True, timeout=60, check=False)
    assert resultat.returncode == 0, resultat.stderr
    return json.loads(resultat.stdout)


def test_l_adresse_calculee_est_celle_de_pelican(site_dev, tmp_path):
    titres = TITRES + [
        lire_entete(f.read_text(encoding="utf-8")).valeur("title")
        for f in sorted((RACINE / "content").rglob("*.md"))
    ]
    from gestion import lire_reglages

    substitutions = lire_reglages()["SLUG_REGEX_SUBSTITUTIONS"]
    code = f"""
    import {{ adressePelican }} from "ADMIN/adresse.js";
    const titres = {json.dumps(titres)};
    const subs = {json.dumps([list(s) for s in substitutions])};
    console.log(JSON.stringify(titres.map((t) => adressePelican(t, subs))));
    """
    obtenues = executer(site_dev, tmp_path, code)
    assert obtenues == [slugify(t, regex_subs=substitutions) for t in titres]


def test_l_editeur_refuse_l_adresse_trop_longue_comme_make_check(site_dev, tmp_path):
    from editeur.regles import regles

    from actualites.verification import LONGUEUR_MAX_ADRESSE
    from outils import reglages

    les_regles = regles(reglages())
    juste, trop = "a" * LONGUEUR_MAX_ADRESSE, "é" * (LONGUEUR_MAX_ADRESSE // 2 + 1)  # 2 octets chacun
    code = f"""
    import {{ erreurAdresse }} from "ADMIN/validation.js";
    const regles = {json.dumps(les_regles)};
    console.log(JSON.stringify([{json.dumps(juste)}, {json.dumps(trop)}].map(
      (a) => erreurAdresse(a, regles, "actualites"))));
    """
    obtenus = executer(site_dev, tmp_path, code)
    assert obtenus[0] == ""
    assert obtenus[1].startswith(f"adresse trop longue ({LONGUEUR_MAX_ADRESSE // 2 + 1} caractères, au plus")


def test_les_entetes_se_relisent_et_se_reecrivent_a_l_identique(site_dev, tmp_path):
    fichiers = sorted((RACINE / "content").rglob("*.md"))
    textes = [f.read_text(encoding="utf-8") for f in fichiers]
    code = f"""
    import {{ ecrireEntetes, lireEntetes }} from "ADMIN/entetes.js";
    const textes = {json.dumps(textes)};
    console.log(JSON.stringify(textes.map((t) => {{
      const donnees = lireEntetes(t);
      return [ecrireEntetes(donnees, [], () => "x"), donnees.title, donnees.tags ?? null];
    }})));
    """
    nouveau = executer(
        site_dev,
        tmp_path,
        """
        import { ecrireEntetes } from "ADMIN/entetes.js";
        const donnees = { title: "Un titre", date: "2026-11-23 14:30", tags: ["emploi", "formation"],
          summary: "Le résumé\\nsur deux lignes.", slug: "un-titre", body: "Texte.\\n\\n", __jour: "2026-11-23" };
        console.log(JSON.stringify([
          ecrireEntetes(donnees, ["Title", "Date", "Tags", "Summary", "Uid"], () => "u-1"),
          ecrireEntetes(donnees, ["Title", "Date", "Slug", "Tags", "Summary", "Uid"], () => "u-1"),
        ]));
        """,
    )
    assert nouveau == [
        "Title: Un titre\nDate: 2026-11-23 14:30\nTags: emploi, formation\nSummary: Le résumé sur deux lignes.\n"
        "Uid: u-1\n\nTexte.\n",
        "Title: Un titre\nDate: 2026-11-23 14:30\nSlug: un-titre\nTags: emploi, formation\n"
        "Summary: Le résumé sur deux lignes.\nUid: u-1\n\nTexte.\n",
    ]
    for fichier, texte, (reecrit, titre, mots) in zip(
        fichiers, textes, executer(site_dev, tmp_path, code), strict=True
    ):
        entete = lire_entete(texte)
        assert reecrit == texte, fichier
        assert titre == entete.valeur("title")
        if entete.valeur("tags"):
            assert mots == [m.strip() for m in entete.valeur("tags").split(",")]


def test_le_yaml_garde_sa_mise_en_page(site_dev, tmp_path):
    code = """
    import { readFileSync } from "node:fs";
    import { ecrireYaml, lireYaml } from "ADMIN/yaml-fidele.js";
    const resultats = {};
    for (const nom of ["points-accueil.yml", "formations.yml", "agenda.yml"]) {
      const source = readFileSync(`DATA/${nom}`, "utf8");
      resultats[nom] = ecrireYaml(source, lireYaml(source)) === source;
    }
    const source = readFileSync("DATA/points-accueil.yml", "utf8");
    const donnees = lireYaml(source);
    donnees.points[1].structure = "PIJ de Faches-Thumesnil";
    donnees.points[1].services.push("Atelier : créer son activité");
    donnees.points[2].adresse = "";  // champ facultatif effacé
    delete donnees.points[3].contact;  // champ que le formulaire ne connaît pas : gardé
    donnees.points.splice(5, 1);
    donnees.points.push({ id: "lille-nouveau", structure: "Nouveau lieu", type: "association",
      territoire: "lille", commune: "Lille", code_postal: "59000", coordonnees: [50.63, 3.06],
      accueil: "rendez-vous", services: ["Accueil"], actif: true });
    resultats.modifie = ecrireYaml(source, donnees);
    try {
      ecrireYaml(source, { points: [] });
      resultats.videe = "écrite";
    } catch (erreur) {
      resultats.videe = erreur.message;
    }
    console.log(JSON.stringify(resultats));
    """.replace("DATA", str(RACINE / "data"))
    resultats = executer(site_dev, tmp_path, code)
    assert (
        resultats.pop("points-accueil.yml")
        and resultats.pop("formations.yml")
        and resultats.pop("agenda.yml")
    )

    assert resultats.pop("videe").startswith(
        "la liste « points » serait entièrement vidée : rien n'est écrit"
    )
    import yaml

    avant = (RACINE / "data" / "points-accueil.yml").read_text(encoding="utf-8")
    apres = resultats["modifie"]
    donnees_avant, donnees_apres = yaml.safe_load(avant)["points"], yaml.safe_load(apres)["points"]
    assert donnees_apres[1]["structure"] == "PIJ de Faches-Thumesnil"
    assert "adresse" not in donnees_apres[2]
    assert donnees_apres[3].get("contact") == donnees_avant[3].get("contact")
    assert [p["id"] for p in donnees_apres] == [
        p["id"] for p in donnees_avant if p["id"] != donnees_avant[5]["id"]
    ] + ["lille-nouveau"]
    assert donnees_apres[-1]["code_postal"] == "59000", "reste un texte pour PyYAML"
    # Hors des fiches touchées, toutes les lignes (commentaires compris) sont intactes.
    retirees = {ligne for ligne in avant.splitlines()} - set(apres.splitlines())
    touchees = {donnees_avant[i]["id"] for i in (1, 2, 5)}
    bloc_des = _blocs(avant)
    for ligne in retirees:
        assert bloc_des.get(ligne) in touchees, ligne
    assert "    coordonnees: [50.63, 3.06]\n    accueil: rendez-vous\n    services: [Accueil]\n" in apres


def _blocs(texte: str) -> dict[str, str]:
    """Ligne → identifiant du point dont elle fait partie."""
    blocs, courant = {}, None
    for ligne in texte.splitlines():
        if ligne.startswith("  - id: "):
            courant = ligne.removeprefix("  - id: ")
        blocs.setdefault(ligne, courant)
    return blocs


ENTETES_DELICATES = [
    "Title: Un titre\nRésumé: avec accent\nTags: a, b\n\nCorps.\n",
    "  Title: deux espaces avant la clé\nDate: 2026-11-23 14:30\n\nCorps.\n",
    "Title : espace avant les deux-points\nSummary: une valeur\n    prolongée\n\tet encore\n\nCorps.\n",
    "\ufeffTitle: avec BOM\nÉté_2014-bis: clé accentuée\nPas un en-tête\nsuite du corps\n",
    "Title: sans ligne vide\n1Date: une clé commençant par un chiffre\nCorps.\n",
]


@pytest.mark.parametrize("texte", ENTETES_DELICATES)
def test_l_editeur_lit_les_entetes_comme_le_build(site_dev, tmp_path, texte):
    """Même découpage en-têtes / corps que `socle.entetes` (make check et build), y compris accents."""
    code = f"""
    import {{ lireEntetes }} from "ADMIN/entetes.js";
    const d = lireEntetes({json.dumps(texte)});
    console.log(JSON.stringify([d.__entetes.map((c) => c.toLowerCase()), d.body]));
    """
    cles, corps = executer(site_dev, tmp_path, code)
    entete = lire_entete(texte)
    assert cles == [cle for cle, valeurs in entete.valeurs.items() for _ in valeurs]
    assert corps == entete.corps.rstrip("\n")


def test_l_apercu_date_une_actualite_comme_le_site(site_dev, tmp_path):
    """« Publiée le … » de l'aperçu : la date du site (socle.dates), « 1er août » compris."""
    import datetime as dt

    from socle.dates import date_moyenne

    dates = ["2026-08-01 10:30", "2026-11-20 10:30", "2027-01-01 00:00", "2026-03-31 23:59", "2026-12-09"]
    code = f"""
    import {{ dateLongue }} from "ADMIN/entetes.js";
    console.log(JSON.stringify({json.dumps(dates)}.map(dateLongue).concat([dateLongue("pas une date")])));
    """
    attendues = [date_moyenne(dt.date.fromisoformat(d[:10])) for d in dates] + [""]
    assert executer(site_dev, tmp_path, code) == attendues


FERMETURES_FAUTIVES = [
    {"du": "2026-07-20"},
    {"du": "20/07/2026", "au": "2026-08-24"},
    {"du": "2026-07-20", "au": "2026-13-01"},
    {"du": "demain", "au": "2026-08-24"},
    {"du": "2026-08-24", "au": "2026-07-20", "motif": "congés d'été"},
    # Lues par date.fromisoformat de Python 3.11, mais pas en année-mois-jour : refusées des deux côtés.
    {"du": "20260720", "au": "2026-W35-1"},
    {"du": "20 juillet 2026", "au": "1er Août 2026"},
    {"du": "2026-7-20", "au": "24 aout 2026"},
    {"du": "2026-07-20", "au": "24 juilet 2026"},
    {"du": "20/07/2026 au 24 août 2026"},
    {"du": "2026-07-20 au 2026-08-24", "au": "2026-08-24"},
    {"du": "2026-07-20", "au": "2026-08-24"},  # bonne : aucun message
]


def test_l_editeur_dit_des_fermetures_ce_que_dit_make_check(site_dev, tmp_path):
    from points_accueil.fermetures import lire_fermetures

    attendus = []
    for fermeture in FERMETURES_FAUTIVES:
        lire_fermetures(
            [fermeture],
            lambda _ligne, message, conseil, _gravite="": attendus.append(f"{message} : {conseil}"),
            None,
        )
    code = f"""
    import {{ erreursFermetures }} from "ADMIN/validation.js";
    console.log(JSON.stringify(erreursFermetures({json.dumps(FERMETURES_FAUTIVES)})));
    """
    assert len(attendus) == 14
    assert executer(site_dev, tmp_path, code) == attendus


def test_virgule_decimale_et_code_postal_colle_dits_comme_make_check(site_dev, tmp_path):
    """Les deux nombres collés d'une page française (« 50,63, 3,06 ») et l'adresse qui finit par
    « 59810 Lesquin » : le message de l'éditeur est celui du chargeur, lu sur un vrai fichier."""
    from outils import FIXTURES
    from points_accueil.chargement import charger_points, charger_referentiel
    from points_accueil.communes import charger_communes

    referentiel = charger_referentiel(
        FIXTURES / "points_accueil" / "data" / "points-accueil-referentiel.yml", "r"
    )[0]
    table = charger_communes(RACINE / "data" / "communes-59-62.csv", "communes.csv")[0]
    zone = {"lat_min": 49.95, "lat_max": 51.15, "lon_min": 1.5, "lon_max": 4.3}
    adresse = "12\u00a0rue de la Gare  59810 Lesquin"
    chemin = tmp_path / "points-accueil.yml"
    chemin.write_text(
        "points:\n  - id: mairie-lesquin\n    structure: Mairie\n    type: mairie\n    territoire: est\n"
        '    commune: Lesquin\n    code_postal: "59810"\n    coordonnees: [50,58232, 3,119]\n'
        f"    adresse: {adresse}\n    accueil: rendez-vous\n    services: [Accueil]\n    actif: true\n",
        encoding="utf-8",
    )
    _points, problemes = charger_points(chemin, "points-accueil.yml", referentiel, table, zone)
    attendus = sorted(f"{p.message.split(' : ', 1)[1]} : {p.conseil}" for p in problemes)
    code = f"""
    import {{ avisAdressePoint, erreurCoordonnees }} from "ADMIN/validation.js";
    const zone = {json.dumps(zone)};
    console.log(JSON.stringify([
      avisAdressePoint({json.dumps(adresse)}),
      erreurCoordonnees(["50,58232, 3,119", ""], zone),
      erreurCoordonnees([50.58232, 3.119], zone),
      avisAdressePoint("12 rue de la Gare"),
    ]));
    """
    avis, erreur, juste, sans_code = executer(site_dev, tmp_path, code)
    assert len(attendus) == 2
    assert sorted([avis, erreur]) == attendus
    assert juste == "" and sans_code == ""
