"""`gestion.py plus-proche` : ce que le personnel lit au téléphone, sur une copie des vraies données."""

from __future__ import annotations

import datetime as dt
import io

from outils import copier_site_reel, lancer_gestion, reglages
from points_accueil.commandes import repondre

NOUVEAU_POINT = """
  - id: lesquin-mairie-essai
    structure: Mairie de Lesquin (essai)
    type: mairie
    territoire: couronne-sud
    commune: Lesquin
    code_postal: "59810"
    adresse: 12, rue Faidherbe
    coordonnees: [50.5888, 3.1194]
    accueil: rendez-vous
    horaires: Du lundi au vendredi de 9 h à 12 h
    telephone: 03 20 87 50 50
    rendez_vous: https://rdv.example/lesquin
    services: [Accueil et orientation]
    actif: true
"""


def test_plus_proche_dit_horaires_telephone_et_lien_comme_la_fiche(tmp_path):
    conf, donnees = copier_site_reel(tmp_path)
    fichier = donnees / "points-accueil.yml"
    fichier.write_text(fichier.read_text(encoding="utf-8") + NOUVEAU_POINT, encoding="utf-8")
    sortie = io.StringIO()
    assert repondre(reglages(fichier=str(conf)), "Lesquin", 1, sortie=sortie) == 0
    lignes = sortie.getvalue().splitlines()
    assert lignes[1].startswith("1. Mairie de Lesquin (essai) — ")
    assert "   Horaires : Du lundi au vendredi de 9 h à 12 h" in lignes
    assert "   Prendre rendez-vous : 03 20 87 50 50 · https://rdv.example/lesquin" in lignes


def test_un_seul_point_demande_une_phrase_au_singulier():
    """« Les 1 points d'accueil les plus proches » : un seul point demandé a sa phrase."""
    un, trois = io.StringIO(), io.StringIO()
    assert repondre(reglages(), "Lesquin", 1, sortie=un) == 0
    assert repondre(reglages(), "Lesquin", 3, sortie=trois) == 0
    assert un.getvalue().startswith("Le point d'accueil le plus proche de Lesquin")
    assert trois.getvalue().startswith("Les 3 points d'accueil les plus proches de Lesquin")


def test_plus_proche_donne_d_abord_les_points_ouverts_puis_le_ferme_avec_ses_dates(tmp_path):
    from outils_points import FERME_LESQUIN, settings_fermetures

    from outils import DATE_TESTS

    override = settings_fermetures(tmp_path / "data")
    override["SOCLE"]["date_construction"] = DATE_TESTS
    sortie = io.StringIO()
    assert repondre(reglages(override=override), "Lesquin", 3, sortie=sortie) == 0
    lignes = sortie.getvalue().splitlines()
    titres = [ligne for ligne in lignes if ligne[:1].isdigit()]
    assert [t.split(" — ")[0] for t in titres][1:] == ["2. Siège d'essai", "3. Mairie de Lesquin"]
    assert lignes.index("Plus près, mais fermé en ce moment :") == lignes.index(titres[2]) - 1
    assert lignes[lignes.index(titres[2]) + 1] == f"   ⚠ {FERME_LESQUIN}"


def test_plus_proche_le_jour_d_un_rendez_vous_pris_plus_tard(tmp_path):
    """Au téléphone, pour un rendez-vous le 28 décembre : le siège, fermé ce jour-là (congés de fin
    d'année), passe après les points ouverts ; Lesquin, fermé aujourd'hui (travaux jusqu'au
    4 décembre), est de nouveau proposé, sans avertissement."""
    from outils_points import FERME_LESQUIN, FERME_SIEGE, settings_fermetures

    from outils import DATE_TESTS

    override = settings_fermetures(tmp_path / "data")
    override["SOCLE"]["date_construction"] = DATE_TESTS
    sortie = io.StringIO()
    jour = dt.date(2026, 12, 28)
    assert repondre(reglages(override=override), "Lesquin", 3, sortie=sortie, jour=jour) == 0
    lignes = sortie.getvalue().splitlines()
    assert lignes[0] == "Le lundi 28 décembre 2026 :"
    titres = [ligne for ligne in lignes if ligne[:1].isdigit()]
    noms = [t.split(" — ")[0].split(". ", 1)[1] for t in titres]
    assert "Mairie de Lesquin" in noms and FERME_LESQUIN not in sortie.getvalue()
    assert "Plus près, mais fermé le lundi 28 décembre 2026 :" in lignes
    ferme = lignes.index("Plus près, mais fermé le lundi 28 décembre 2026 :")
    assert lignes[ferme + 1].split(" — ")[0].endswith("Siège d'essai")
    assert lignes[ferme + 2] == f"   ⚠ {FERME_SIEGE}"


def test_plus_proche_le_refuse_une_date_illisible_en_francais():
    fait = lancer_gestion("plus-proche", "Lille", "--le", "28/12/2026")
    assert fait.returncode == 2 and "Traceback" not in fait.stderr
    assert "« 28/12/2026 » n'est pas une date : écrivez-la AAAA-MM-JJ, par exemple 2026-12-28" in fait.stderr
