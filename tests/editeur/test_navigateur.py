"""L'éditeur /admin/ dans un vrai Chromium, contre decap-server sur une copie du dépôt.

Ce que l'éditeur écrit est comparé à ce qu'écrit `gestion.py nouvelle-actualite`, puis vérifié
par `gestion.py verifier` (make check) et publié par un vrai build.
"""

from __future__ import annotations

import difflib
import re

import pytest
from depot_copie import copier_depot
from playwright.sync_api import expect

from outils import lancer_gestion, lire_html, reglages

pytestmark = [pytest.mark.navigateur, pytest.mark.contenu_maillage]

TITRE = "Forum de l'ESS à Roubaix : œuvrer ensemble"
DATE = "2026-11-20 10:30"
RESUME = "Maillage tient un stand au forum de l'économie sociale et solidaire."
MOTS_CLES = ("Emploi", "Réseaux")  # libellés choisis dans la liste ; écrits en slugs


def fichiers_md(depot):
    return {f.relative_to(depot): f.read_bytes() for f in (depot / "content").rglob("*.md")}


def publier(page):
    page.get_by_role("button", name="Publier").first.click()
    page.get_by_text("Publier maintenant").click()


def ecrire_actualite(page, url, titre, resume):
    page.goto(f"{url}/admin/#/collections/actualites/new")
    page.get_by_label("Titre").fill(titre)
    page.get_by_label("Date de publication").fill(DATE.replace(" ", "T"))
    mots = page.get_by_label("Mots-clés")
    for mot in MOTS_CLES:
        mots.fill(mot)
        page.keyboard.press("Enter")
    if resume:
        page.get_by_label("Résumé").fill(resume)
    page.locator("[data-slate-editor]").last.click()
    page.keyboard.type("Le forum a lieu samedi, place de la Liberté.")
    page.keyboard.press("Enter")
    page.keyboard.type("Venez nombreux.")


def test_une_actualite_ecrite_dans_l_editeur_est_celle_de_la_commande(connecte, editeur_local, tmp_path):
    depot = editeur_local.dossier
    avant = fichiers_md(depot)
    ecrire_actualite(connecte, editeur_local.url, TITRE, RESUME)
    publier(connecte)
    connecte.get_by_text("Publiée", exact=True).first.wait_for()

    nouveaux = {chemin: texte for chemin, texte in fichiers_md(depot).items() if chemin not in avant}
    assert len(nouveaux) == 1, nouveaux
    ((chemin, octets),) = nouveaux.items()

    # La même actualité par la commande, dans une autre copie du dépôt.
    autre = tmp_path / "commande"
    autre.mkdir()
    reglages = copier_depot(autre, editeur_local.port_proxy)
    resultat = lancer_gestion(
        "nouvelle-actualite",
        TITRE,
        "--date",
        DATE,
        "--mots-cles",
        "emploi, reseaux",
        "--resume",
        RESUME,
        "--reglages",
        str(reglages),
    )
    assert resultat.returncode == 0, resultat.stderr
    attendus = {c: t for c, t in fichiers_md(autre).items() if c not in avant}
    assert list(attendus) == [chemin], "même dossier et même nom de fichier que la commande"
    texte = octets.decode("utf-8")
    uid = re.search(r"^Uid: (.+)$", texte, re.M).group(1)
    entetes_commande, _corps_modele = attendus[chemin].decode("utf-8").split("\n\n", 1)
    entetes_commande = re.sub(r"^Uid: .+$", f"Uid: {uid}", entetes_commande, flags=re.M)
    corps = "Le forum a lieu samedi, place de la Liberté.\n\nVenez nombreux.\n"
    assert texte == f"{entetes_commande}\n\n{corps}"

    verification = lancer_gestion("verifier", "--reglages", str(editeur_local.reglages))
    assert verification.returncode == 0, verification.stderr
    assert str(chemin) not in verification.stderr, "aucun avertissement pour l'actualité de l'éditeur"

    sortie, _journal = editeur_local.construire()
    page_publiee = sortie / "actualites" / "forum-de-less-a-roubaix-oeuvrer-ensemble" / "index.html"
    assert lire_html(page_publiee).h1.get_text(strip=True) == TITRE
    assert connecte.requetes_externes == [], "l'éditeur ne charge rien d'un autre hôte"


def lignes_du_point(texte: str, identifiant: str) -> range:
    lignes = texte.splitlines()
    debut = lignes.index(f"  - id: {identifiant}")
    fin = next((i for i in range(debut + 1, len(lignes)) if lignes[i].startswith("  - id: ")), len(lignes))
    return range(debut, fin)


def lignes_changees(avant: str, apres: str) -> set[int]:
    """Numéros (0-based, dans `avant`) des lignes modifiées ou retirées, et de la ligne après
    laquelle des lignes sont insérées."""
    changees = set()
    matcher = difflib.SequenceMatcher(a=avant.splitlines(), b=apres.splitlines(), autojunk=False)
    for operation, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if operation == "insert":
            changees.add(i1 - 1)
        elif operation != "equal":
            changees.update(range(i1, i2))
    return changees


def ouvrir_point(page, url, resume_liste: str, identifiant: str):
    page.goto(f"{url}/admin/#/collections/donnees/entries/points_accueil")
    page.get_by_text(resume_liste, exact=True).locator("..").locator("button").first.click()
    return page.locator("[class*=SortableListItem]").filter(has=page.locator(f"input[value='{identifiant}']"))


def test_modifier_un_point_d_accueil_ne_touche_que_ses_lignes(connecte, editeur_local):
    fichier = editeur_local.dossier / "data" / "points-accueil.yml"
    avant = fichier.read_text(encoding="utf-8")
    point = ouvrir_point(
        connecte,
        editeur_local.url,
        "Point Information Jeunesse de Faches-Thumesnil (Faches-Thumesnil)",
        "faches-thumesnil-pij",
    )
    point.get_by_label("Structure qui accueille").fill("Point Information Jeunesse (PIJ) de Faches-Thumesnil")
    point.get_by_label("Latitude", exact=True).fill("50,5841")  # virgule décimale acceptée
    point.get_by_label("Adresse").fill("Rue Jean Jaurès")
    publier(connecte)
    connecte.get_by_text("Modifications enregistrées", exact=False).first.wait_for()

    apres = fichier.read_text(encoding="utf-8")
    changees = lignes_changees(avant, apres)
    assert changees, "le fichier a changé"
    assert changees <= set(lignes_du_point(avant, "faches-thumesnil-pij"))
    assert "    structure: Point Information Jeunesse (PIJ) de Faches-Thumesnil\n" in apres
    assert "    coordonnees: [50.5841, 3.06667]\n" in apres
    assert apres.startswith(avant.split("points:\n")[0]), "commentaires d'en-tête intacts"

    verification = lancer_gestion("verifier", "--reglages", str(editeur_local.reglages))
    assert verification.returncode == 0, verification.stderr


def message_du_chargeur(tmp_path, remplacer: tuple[str, str]) -> str:
    """Le message de `make check` pour le fichier des points modifié (copie à part)."""
    from points_accueil.chargement import charger_tout

    autre = tmp_path / "verification"
    autre.mkdir()
    reglages_copie = copier_depot(autre, 0)
    fichier = autre / "data" / "points-accueil.yml"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace(*remplacer), encoding="utf-8")
    (probleme,) = [p for p in charger_tout(reglages(fichier=str(reglages_copie))).problemes if p.est_erreur]
    return probleme.message.split(" : ", 1)[1]  # sans « point « id » : »


def test_une_valeur_refusee_par_make_check_est_refusee_en_francais(connecte, editeur_local, tmp_path):
    fichier = editeur_local.dossier / "data" / "points-accueil.yml"
    avant = fichier.read_bytes()
    point = ouvrir_point(connecte, editeur_local.url, "Maillage (siège) (Lille)", "maillage-siege")
    point.get_by_label("Latitude", exact=True).fill("3.05512")
    point.get_by_label("Longitude", exact=True).fill("50.63391")
    publier(connecte)
    message = connecte.get_by_text(re.compile("latitude et longitude inversées"))
    message.wait_for()
    attendu = message_du_chargeur(tmp_path, ("[50.63391, 3.05512]", "[3.05512, 50.63391]"))
    assert message.text_content().startswith(attendu), "le message de make check"
    connecte.wait_for_timeout(1000)
    assert fichier.read_bytes() == avant, "rien n'est écrit"

    actualites = fichiers_md(editeur_local.dossier)
    connecte.on("dialog", lambda dialogue: dialogue.accept())  # « quitter sans enregistrer ? »
    ecrire_actualite(connecte, editeur_local.url, "Une actualité sans résumé", resume="")
    publier(connecte)
    connecte.get_by_text(re.compile("Résumé.*(obligatoire|requis)", re.I)).first.wait_for()
    connecte.wait_for_timeout(1000)
    assert fichiers_md(editeur_local.dossier) == actualites, "rien n'est écrit"


def test_une_fermeture_datee_est_verifiee_puis_ecrite_comme_dans_la_documentation(connecte, editeur_local):
    fichier = editeur_local.dossier / "data" / "points-accueil.yml"
    avant = fichier.read_text(encoding="utf-8")
    point = ouvrir_point(
        connecte,
        editeur_local.url,
        "Maison de la solidarité, CCAS de Houplin-Ancoisne (Houplin-Ancoisne)",
        "houplin-ancoisne-maison-solidarite",
    )
    point.get_by_role("button", name="Ajouter une fermeture").click()
    point.get_by_label("Premier jour fermé").fill("2026-08-24")
    point.get_by_label("Dernier jour fermé").fill("2026-07-20")
    point.get_by_label("Motif (facultatif)").fill("congés d'été")
    # Dit tout de suite, avec les mots de make check ; rien n'est écrit tant qu'il reste une faute.
    expect(point.locator(".maillage-fermetures [role=alert]")).to_contain_text(
        "fermeture : le dernier jour (2026-07-20) est avant le premier (2026-08-24)"
    )
    publier(connecte)
    connecte.wait_for_timeout(1000)
    assert fichier.read_text(encoding="utf-8") == avant, "rien n'est écrit"
    point.get_by_label("Dernier jour fermé").fill("2026-08-31")
    expect(point.locator(".maillage-fermetures [role=alert]")).to_have_count(0)
    publier(connecte)
    connecte.get_by_text("Modifications enregistrées", exact=False).first.wait_for()

    apres = fichier.read_text(encoding="utf-8")
    assert lignes_changees(avant, apres) <= set(lignes_du_point(avant, "houplin-ancoisne-maison-solidarite"))
    assert (
        "    fermetures:\n      - du: 2026-08-24\n        au: 2026-08-31\n        motif: congés d'été\n"
        in apres
    )
    verification = lancer_gestion("verifier", "--reglages", str(editeur_local.reglages))
    assert verification.returncode == 0, verification.stderr


def test_un_editorial_de_la_lettre(connecte, editeur_local):
    editos = editeur_local.dossier / "data" / "lettre" / "editos"
    connecte.goto(f"{editeur_local.url}/admin/#/collections/editos/new")
    connecte.get_by_label("Numéro").fill("24")
    connecte.locator("[data-slate-editor]").last.click()
    connecte.keyboard.type("Bonjour à toutes et à tous,")
    connecte.keyboard.press("Enter")
    connecte.keyboard.type("le forum de l'emploi associatif revient le 3 décembre.")
    publier(connecte)
    connecte.get_by_text(re.compile("numéro de lettre attendu")).wait_for()
    assert not editos.exists() or not list(editos.iterdir()), "rien n'est écrit"

    connecte.get_by_label("Numéro").fill("2026-24")
    publier(connecte)
    connecte.get_by_text("Publiée", exact=True).first.wait_for()
    fichier = editos / "2026-24.md"
    assert fichier.read_text(encoding="utf-8") == (
        "Bonjour à toutes et à tous,\n\nle forum de l'emploi associatif revient le 3 décembre.\n"
    )
    verification = lancer_gestion("verifier", "--reglages", str(editeur_local.reglages))
    assert verification.returncode == 0, verification.stderr


def ouvrir_session(page, url, identifiant: str):
    page.goto(f"{url}/admin/#/collections/donnees/entries/formations")
    page.get_by_text(identifiant, exact=True).first.locator("..").locator("button").first.click()
    return page.locator("[class*=SortableListItem]").filter(has=page.locator(f"input[value='{identifiant}']"))


def test_le_module_et_le_lieu_d_une_session_sont_verifies_avant_l_enregistrement(
    connecte, editeur_local, tmp_path
):
    fichier = editeur_local.dossier / "data" / "formations.yml"
    avant = fichier.read_text(encoding="utf-8")
    # Le message de make check pour la même faute, dans une copie à part.
    autre = tmp_path / "verification"
    autre.mkdir()
    reglages_copie = copier_depot(autre, 0)
    copie = autre / "data" / "formations.yml"
    copie.write_text(avant.replace("    module: sassocier\n", "    module: sasocier\n", 1), encoding="utf-8")
    verification = lancer_gestion("verifier", "--reglages", str(reglages_copie))
    attendu = "module inconnu « sasocier »\n    → modules du catalogue : employer, evaluer, gerer, projeter, sassocier"
    assert attendu in verification.stderr, verification.stderr

    session = ouvrir_session(connecte, editeur_local.url, "sassocier-2012-12")
    session.get_by_label("Module (slug)").fill("sasocier")
    publier(connecte)
    message = connecte.get_by_text("module inconnu « sasocier »")
    message.wait_for()
    assert message.text_content() == attendu.replace("\n    → ", " : ")
    connecte.wait_for_timeout(1000)
    assert fichier.read_text(encoding="utf-8") == avant, "rien n'est écrit"

    session.get_by_label("Module (slug)").fill("gerer")
    session.get_by_label("Lieu (identifiant)").fill("lile")
    publier(connecte)
    connecte.get_by_text(
        re.compile("lieu inconnu « lile » : lieux déclarés dans « lieux: » : .*maillage-lille")
    ).wait_for()
    connecte.wait_for_timeout(1000)
    assert fichier.read_text(encoding="utf-8") == avant, "rien n'est écrit"

    session.get_by_label("Lieu (identifiant)").fill("dunkerque")
    publier(connecte)
    connecte.get_by_text("Modifications enregistrées", exact=False).first.wait_for()
    apres = fichier.read_text(encoding="utf-8")
    lignes = lignes_changees(avant, apres)
    assert len(lignes) == 2, lignes
    assert apres == avant.replace(
        "  - id: sassocier-2012-12\n    module: sassocier\n",
        "  - id: sassocier-2012-12\n    module: gerer\n",
        1,
    ).replace("    lieu: maillage-lille\n    capacite: 12\n", "    lieu: dunkerque\n    capacite: 12\n", 1)
    assert lancer_gestion("verifier", "--reglages", str(editeur_local.reglages)).returncode == 0


def test_un_identifiant_en_double_ou_mal_forme_est_refuse_avant_l_enregistrement(connecte, editeur_local):
    fichier = editeur_local.dossier / "data" / "points-accueil.yml"
    avant = fichier.read_bytes()
    point = ouvrir_point(
        connecte,
        editeur_local.url,
        "Point Information Jeunesse de Faches-Thumesnil (Faches-Thumesnil)",
        "faches-thumesnil-pij",
    )
    # Par son id HTML : le filtre de `point` (sa valeur) ne le trouverait plus une fois changé.
    identifiant = connecte.locator(f"#{point.get_by_label('Identifiant', exact=True).get_attribute('id')}")
    identifiant.fill("maillage-siege")  # celui du siège, plus haut dans la liste
    publier(connecte)
    connecte.get_by_text("identifiant « maillage-siege » en double").first.wait_for()
    identifiant.fill("Faches PIJ")
    publier(connecte)
    connecte.get_by_text("minuscules sans accents, chiffres et tirets").first.wait_for()
    connecte.wait_for_timeout(1000)
    assert fichier.read_bytes() == avant, "rien n'est écrit"


def test_les_jours_d_une_session_s_ecrivent_comme_dans_le_fichier_et_une_faute_est_dite_en_francais(
    connecte, editeur_local
):
    fichier = editeur_local.dossier / "data" / "formations.yml"
    avant = fichier.read_bytes()
    assert b"    jours: [2012-11-27, 2012-12-04, 2012-12-11]\n" in avant
    session = ouvrir_session(connecte, editeur_local.url, "sassocier-2012-12")
    jours = session.get_by_label("Jours", exact=True)
    assert jours.input_value() == "[2012-11-27, 2012-12-04, 2012-12-11]", "comme dans le fichier"
    jours.fill("[2012-11-27, 2012-12-04")
    message = connecte.get_by_role("alert").filter(has_text="écriture illisible")
    message.wait_for()  # dès la saisie, sans attendre « Publier »
    assert message.text_content() == (
        "écriture illisible (un crochet ] ou une accolade } manque, vers le 24e caractère) : "
        "suivez l'exemple sous le champ"
    )
    connecte.wait_for_timeout(1000)
    assert fichier.read_bytes() == avant, "rien n'est écrit"
