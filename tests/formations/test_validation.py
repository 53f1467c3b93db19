"""Validation du catalogue et de l'agenda : chaque défaut est signalé en français avec sa ligne."""

from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from actualites.vocabulaire import charger_vocabulaire
from formations import verifier
from formations.chargement import charger_catalogue
from formations.chargement_agenda import charger_agenda
from formations.modeles import Lieu
from outils import DATE_TESTS, FIXTURES, lancer_gestion, reglages
from socle.erreurs import AVERTISSEMENT, ERREUR

AUJOURDHUI = dt.date(2026, 11, 23)

ENTETE = """\
lieux:
  - id: siege
    nom: Siège
    commune: Lille
modules:
  - slug: alpha
    titre: Alpha
    resume: Un module.
    objectifs: [Un]
    contenu: [Deux]
    public: Tous.
    duree_jours: 2
    deroulement: En groupe.
    financement: [ADVA]
    prix: Gratuit.
    prerequis: Aucun.
sessions:
"""


def catalogue(tmp_path, sessions: str):
    chemin = tmp_path / "formations.yml"
    chemin.write_text(ENTETE + textwrap.indent(textwrap.dedent(sessions), "  "), encoding="utf-8")
    return charger_catalogue(chemin, "data/formations.yml", AUJOURDHUI, "essai.example")


def agenda(tmp_path, evenements: str, **options):
    chemin = tmp_path / "agenda.yml"
    chemin.write_text("evenements:\n" + textwrap.indent(textwrap.dedent(evenements), "  "), encoding="utf-8")
    vocabulaire, _ = charger_vocabulaire(FIXTURES / "formations" / "data" / "mots-cles.yml", "mots-cles.yml")
    lieux = {"siege": Lieu("siege", "Siège", "Lille")}
    return charger_agenda(chemin, "data/agenda.yml", vocabulaire, lieux, "essai.example", **options)


SESSION_VALIDE = """\
- id: s1
  module: alpha
  jours: [2026-12-01, 2026-12-08]
  horaires: "9:30-17:00"
  lieu: siege
  capacite: 10
  statut: ouverte
  inscription: contact@essai.example
"""


def test_une_session_valide_ne_donne_aucun_probleme(tmp_path):
    resultat, problemes = catalogue(tmp_path, SESSION_VALIDE)
    assert problemes == []
    (session,) = resultat.sessions
    assert session.uid == "formation-s1@essai.example"
    assert [c.debut.day for c in session.creneaux] == [1, 8]


@pytest.mark.parametrize(
    ("remplacement", "ligne", "message", "conseil"),
    [
        (("module: alpha", "module: alpah"), 19, "module inconnu « alpah »", "alpha"),
        (
            ('horaires: "9:30-17:00"', 'horaires: "17:00-9:30"'),
            20,
            "la fin (09:30) précède le début (17:00)",
            "",
        ),
        (
            ('horaires: "9:30-17:00"', 'horaires: "9:75-17:00"'),
            21,
            "horaires « 9:75-17:00 » invalides",
            "guillemets",
        ),
        (('horaires: "9:30-17:00"', "horaires: 9:30"), 21, "horaires « 570 » invalides", "guillemets"),
        (
            ("jours: [2026-12-01, 2026-12-08]", "jours: [2026-12-01, 1er décembre]"),
            20,
            "date « 1er décembre » invalide",
            "année-mois-jour",
        ),
        # Une date à la française : le conseil la donne récrite, prête à copier.
        (
            ("jours: [2026-12-01, 2026-12-08]", "jours: [2026-12-01, 8/12/2026]"),
            20,
            "date « 8/12/2026 » invalide",
            "année-mois-jour : « 2026-12-08 »",
        ),
        (
            ("jours: [2026-12-01, 2026-12-08]", "jours: [2026-02-30]"),
            20,
            "date invalide « 2026-02-30 »",
            "année-mois-jour",
        ),
        # La nuit du passage à l'heure d'été, 2:00-3:00 n'existe pas à Paris : zoneinfo la décalait.
        (
            (
                'jours: [2026-12-01, 2026-12-08]\n  horaires: "9:30-17:00"',
                'jours: [2027-03-28]\n  horaires: "2:30-5:00"',
            ),
            20,
            "le 2027-03-28 à 02:30 n'existe pas dans le fuseau Europe/Paris",
            "03:30",
        ),
        (("capacite: 10", "capacite: -3"), 23, "« capacite » négatif (-3)", ""),
        (("capacite: 10", "capacite: beaucoup"), 23, "« capacite » doit être un nombre entier", ""),
        (("lieu: siege", "lieu: cave"), 22, "lieu inconnu « cave »", "siege"),
        (("statut: ouverte", "statut: pleine"), 24, "statut « pleine » inconnu", "complete"),
        (
            ("inscription: contact@essai.example", "inscription: www.essai.example"),
            25,
            "inscription « www.essai.example » invalide",
            "https://",
        ),
    ],
)
def test_chaque_defaut_de_session_est_une_erreur_localisee(tmp_path, remplacement, ligne, message, conseil):
    _resultat, problemes = catalogue(tmp_path, SESSION_VALIDE.replace(*remplacement))
    erreurs = [p for p in problemes if p.gravite == ERREUR]
    assert len(erreurs) == 1, [str(p) for p in problemes]
    (erreur,) = erreurs
    assert (erreur.fichier, erreur.ligne) == ("data/formations.yml", ligne)
    assert message in erreur.message
    assert conseil in erreur.conseil


@pytest.mark.parametrize(
    ("ecrit", "attendu"),
    [
        ("12/09/2027", "2027-09-12"),
        ("22/01/2027 8h30", "2027-01-22 8h30"),
        ("3.12.2026 14:00", "2026-12-03 14:00"),
        ("31/02/2027", ""),  # n'existe pas : pas de conseil trompeur
        ("12/09/27", ""),  # année sur deux chiffres : ambiguë
        ("2027-09-12", ""),
        ("12 septembre 2027", "2027-09-12"),
        ("1er aout 2027 9h30", "2027-08-01 9h30"),
        ("31 février 2027", ""),
        ("12 septembr 2027", ""),  # mois mal écrit : pas de conseil deviné
        ("2027-9-2", "2027-09-02"),
        (None, ""),
    ],
)
def test_une_date_a_la_francaise_est_recrite_pour_le_conseil(ecrit, attendu):
    from formations.champs import lire_moment
    from socle.dates import en_annee_mois_jour

    assert en_annee_mois_jour(ecrit) == attendu
    if attendu:
        assert lire_moment(attendu) is not None  # le conseil s'écrit tel quel dans le fichier


@pytest.mark.parametrize(
    ("horaires", "debut", "fin"),
    [
        ("9h30-17h", (9, 30), (17, 0)),
        ("9h-12h30", (9, 0), (12, 30)),
        ("9 h 30 - 17 h", (9, 30), (17, 0)),
        ("9h30 – 17h", (9, 30), (17, 0)),  # tiret demi-cadratin d'un traitement de texte
    ],
)
def test_les_horaires_s_ecrivent_a_la_francaise(tmp_path, horaires, debut, fin):
    resultat, problemes = catalogue(tmp_path, SESSION_VALIDE.replace("9:30-17:00", horaires))
    assert problemes == []
    (session,) = resultat.sessions
    creneau = session.creneaux[0]
    assert (creneau.debut.hour, creneau.debut.minute) == debut
    assert (creneau.fin.hour, creneau.fin.minute) == fin


@pytest.mark.parametrize(("fin", "heure"), [("17h", (17, 0)), ("16h30", (16, 30)), ("16 h 30", (16, 30))])
def test_la_fin_d_un_evenement_s_ecrit_a_la_francaise(tmp_path, fin, heure):
    resultat, problemes = agenda(tmp_path, EVENEMENT_VALIDE.replace('fin: "16:30"', f'fin: "{fin}"'))
    assert problemes == []
    (evenement,) = resultat.evenements
    assert (evenement.fin.date(), evenement.fin.hour, evenement.fin.minute) == (
        evenement.debut.date(),
        *heure,
    )


@pytest.mark.parametrize(
    ("debut", "fin", "attendu"),
    [
        ("2026-12-03 14h", "16h30", ((14, 0), (16, 30))),
        ("2026-12-03 9 h 30", "2026-12-04 12h", ((9, 30), (12, 0))),
    ],
)
def test_le_debut_d_un_evenement_s_ecrit_a_la_francaise_comme_sa_fin(tmp_path, debut, fin, attendu):
    texte = EVENEMENT_VALIDE.replace('debut: "2026-12-03 14:00"', f'debut: "{debut}"')
    resultat, problemes = agenda(tmp_path, texte.replace('fin: "16:30"', f'fin: "{fin}"'))
    assert problemes == []
    (evenement,) = resultat.evenements
    heure_debut, heure_fin = attendu
    assert (evenement.debut.hour, evenement.debut.minute) == heure_debut
    assert (evenement.fin.hour, evenement.fin.minute) == heure_fin


@pytest.mark.parametrize(
    ("ecrit", "statut"),
    [("annulée", "annulee"), ("Annulé", "annulee"), ("complète", "complete"), ("complet", "complete")],
)
def test_le_statut_d_une_session_s_ecrit_comme_celui_d_un_evenement(tmp_path, ecrit, statut):
    # « statut: annulée » : accepté pour un rendez-vous de l'agenda, il l'est aussi pour une session.
    resultat, problemes = catalogue(tmp_path, SESSION_VALIDE.replace("statut: ouverte", f"statut: {ecrit}"))
    assert [p for p in problemes if p.est_erreur] == []
    (session,) = resultat.sessions
    assert session.statut == statut


def test_la_session_invalide_est_ecartee_et_les_autres_gardees(tmp_path):
    deux = SESSION_VALIDE + SESSION_VALIDE.replace("id: s1", "id: s2").replace("capacite: 10", "capacite: -1")
    resultat, _ = catalogue(tmp_path, deux)
    assert [s.id for s in resultat.sessions] == ["s1"]


def test_un_identifiant_en_double_est_refuse_avec_la_ligne_du_premier(tmp_path):
    _resultat, problemes = catalogue(tmp_path, SESSION_VALIDE + SESSION_VALIDE)
    (erreur,) = [p for p in problemes if p.est_erreur]
    assert erreur.ligne == 26
    assert "identifiant « s1 » en double" in erreur.message
    assert erreur.conseil == "déjà utilisé ligne 18"


def test_une_session_passee_encore_ouverte_est_un_avertissement(tmp_path):
    passee = SESSION_VALIDE.replace("[2026-12-01, 2026-12-08]", "[2026-11-01, 2026-11-22]")
    resultat, problemes = catalogue(tmp_path, passee)
    (probleme,) = problemes
    assert probleme.gravite == AVERTISSEMENT
    assert probleme.ligne == 24
    assert "session passée encore marquée « ouverte »" in probleme.message
    assert len(resultat.sessions) == 1  # un avertissement n'écarte rien


@pytest.mark.parametrize(
    ("jours", "ligne", "avant", "apres"),
    [
        ("[2026-12-08, 2026-12-01]", 20, "2026-12-08", "2026-12-01"),
        # Une liste d'une ligne par jour : l'avertissement donne la ligne du jour en cause.
        ("\n    - 2026-12-08\n    - {date: 2026-12-15}\n    - 2026-12-01", 23, "2026-12-15", "2026-12-01"),
    ],
)
def test_des_jours_dans_le_desordre_sont_signales_a_la_ligne_du_jour(tmp_path, jours, ligne, avant, apres):
    # « 2026-12-01 » écrit après le 8 : souvent une faute de frappe, que le tri cacherait.
    resultat, problemes = catalogue(tmp_path, SESSION_VALIDE.replace("[2026-12-01, 2026-12-08]", jours))
    (probleme,) = problemes
    assert probleme.gravite == AVERTISSEMENT and probleme.ligne == ligne
    assert f"le {apres} est écrit après le {avant}" in probleme.message
    assert "faute de frappe" in probleme.conseil
    (session,) = resultat.sessions  # un avertissement n'écarte rien ; les jours sont remis dans l'ordre
    assert [c.debut.date() for c in session.creneaux] == sorted(c.debut.date() for c in session.creneaux)


def test_un_effectif_superieur_a_la_capacite_est_un_avertissement(tmp_path):
    resultat, problemes = catalogue(
        tmp_path, SESSION_VALIDE.replace("capacite: 10", "capacite: 10\n  effectif: 14")
    )
    (probleme,) = problemes
    assert probleme.gravite == AVERTISSEMENT and probleme.ligne == 24
    assert "effectif (14) supérieur à la capacité (10)" in probleme.message
    assert [s.effectif for s in resultat.sessions] == [14]  # gardée : seulement signalée


def test_une_session_finissant_aujourdhui_ouverte_n_est_pas_signalee(tmp_path):
    # Jours dans l'ordre : « [2026-12-01, 2026-11-23] » finissait en fait le 1er décembre (jours triés).
    resultat, problemes = catalogue(
        tmp_path, SESSION_VALIDE.replace("[2026-12-01, 2026-12-08]", "[2026-11-16, 2026-11-23]")
    )
    assert resultat.sessions[0].fin.date() == AUJOURDHUI
    assert problemes == []


def test_un_champ_mal_orthographie_est_signale_avec_suggestion(tmp_path):
    _resultat, problemes = catalogue(tmp_path, SESSION_VALIDE.replace("capacite:", "capacitee:"))
    inconnu = next(p for p in problemes if "champ inconnu" in p.message)
    assert inconnu.gravite == AVERTISSEMENT
    assert inconnu.conseil == "vouliez-vous dire « capacite » ?"


def test_une_erreur_de_syntaxe_yaml_donne_la_ligne(tmp_path):
    _resultat, problemes = catalogue(tmp_path, SESSION_VALIDE.replace("  lieu: siege", "lieu: siege"))
    (erreur,) = problemes
    assert erreur.ligne is not None
    assert "syntaxe YAML invalide" in erreur.message


def test_une_entree_qui_n_est_pas_une_fiche_est_signalee_a_sa_propre_ligne(tmp_path):
    _resultat, problemes = catalogue(tmp_path, SESSION_VALIDE + "- une session écrite en texte\n")
    (erreur,) = problemes
    lignes = (tmp_path / "formations.yml").read_text(encoding="utf-8").splitlines()
    assert lignes[erreur.ligne - 1].strip() == "- une session écrite en texte"
    assert "n'est pas une fiche" in erreur.message


EVENEMENT_VALIDE = """\
- id: e1
  titre: Réunion
  debut: "2026-12-03 14:00"
  fin: "16:30"
  lieu: siege
  publics: [associations]
  mots_cles: [reunion-thematique, Emploi]
  resume: Une réunion.
"""


def test_un_evenement_valide_ne_donne_aucun_probleme(tmp_path):
    resultat, problemes = agenda(tmp_path, EVENEMENT_VALIDE)
    assert problemes == []
    (evenement,) = resultat.evenements
    assert evenement.mots_cles == ("reunion-thematique", "emploi")
    assert (evenement.debut.hour, evenement.fin.hour, evenement.fin.minute) == (14, 16, 30)


@pytest.mark.parametrize(
    ("remplacement", "ligne", "message", "conseil"),
    [
        (
            ("mots_cles: [reunion-thematique, Emploi]", "mots_cles: [reunion-tematique]"),
            8,
            "mot-clé inconnu « reunion-tematique »",
            "vouliez-vous dire « Réunions thématiques » ?",
        ),
        (('fin: "16:30"', 'fin: "12:00"'), 5, "la fin (12:00) précède le début (2026-12-03 14:00)", ""),
        (
            ('debut: "2026-12-03 14:00"', 'debut: "2026-12-03 25:00"'),
            4,
            "début « 2026-12-03 25:00 » invalide",
            "guillemets",
        ),
        (
            ('debut: "2026-12-03 14:00"', 'debut: "03/12/2026 14:00"'),
            4,
            "début « 03/12/2026 14:00 » invalide",
            "",
        ),
        (
            ('debut: "2026-12-03 14:00"', 'debut: "3/12/2026 14h"'),
            4,
            "début « 3/12/2026 14h » invalide",
            '« debut: "2026-12-03 14h" »',
        ),
        (
            ('fin: "16:30"', 'fin: "04.12.2026 12:00"'),
            5,
            "fin « 04.12.2026 12:00 » invalide",
            '« fin: "2026-12-04 12:00" »',
        ),
        (
            ('debut: "2026-12-03 14:00"', 'debut: "2027-03-28 02:30"'),
            4,
            "debut : le 2027-03-28 à 02:30 n'existe pas dans le fuseau Europe/Paris",
            "03:30 (heure d'été) ou 01:30",
        ),
        (
            (
                'debut: "2026-12-03 14:00"\n  fin: "16:30"',
                'debut: "2027-03-27 22:00"\n  fin: "2027-03-28 02:15"',
            ),
            5,
            "fin : le 2027-03-28 à 02:15 n'existe pas",
            "03:15",
        ),
        (("lieu: siege", "lieu: grenier"), 6, "lieu « grenier » inconnu", "fiche"),
        (("publics: [associations]", "publics: [touristes]"), 7, "public « touristes » inconnu", "elus"),
        # Un lieu oublié : le champ manque (et non « lieu « None » inconnu »), ligne de l'événement.
        (("  lieu: siege\n", ""), 2, "champ « lieu » manquant", "lieu:"),
        (("lieu: siege", 'lieu: ""'), 6, "champ « lieu » manquant", "fiche"),
        # Un début en jour et une fin à l'heure : le conseil montre les deux façons d'écrire.
        (('fin: "16:30"', "fin: 2026-12-04"), 5, "tous deux des jours", 'fin: "17:00"'),
    ],
)
def test_chaque_defaut_d_evenement_est_une_erreur_localisee(tmp_path, remplacement, ligne, message, conseil):
    resultat, problemes = agenda(tmp_path, EVENEMENT_VALIDE.replace(*remplacement))
    (erreur,) = [p for p in problemes if p.est_erreur]
    assert (erreur.fichier, erreur.ligne) == ("data/agenda.yml", ligne)
    assert message in erreur.message
    assert conseil in erreur.conseil
    assert resultat.evenements == ()


@pytest.mark.parametrize("statut", ["annulee", "annulée", "annule", "Annulé"])
def test_un_evenement_annule_est_lu_comme_une_session_annulee(tmp_path, statut):
    resultat, problemes = agenda(tmp_path, EVENEMENT_VALIDE + f"  statut: {statut}\n")
    assert problemes == []
    (evenement,) = resultat.evenements
    assert evenement.annule and evenement.statut == "annulee"


def test_un_statut_d_evenement_inconnu_est_une_erreur(tmp_path):
    resultat, problemes = agenda(tmp_path, EVENEMENT_VALIDE + "  statut: reporté\n")
    (erreur,) = problemes
    assert erreur.est_erreur and erreur.ligne == 10
    assert "statut « reporté » inconnu" in erreur.message and "statut: annulee" in erreur.conseil
    assert resultat.evenements == ()


@pytest.mark.parametrize("attendus", [["collectivites"], "collectivites"])
def test_un_evenement_pour_les_elus_sans_collectivites_est_signale(tmp_path, attendus):
    # Réglage de Maillage (pelicanconf.py) : la lettre des élus retient « collectivites ».
    _resultat, problemes = agenda(
        tmp_path,
        EVENEMENT_VALIDE.replace("[associations]", "[elus]"),
        mots_cles_par_public={"elus": attendus},
    )
    (probleme,) = problemes
    assert probleme.gravite == AVERTISSEMENT
    assert "collectivites" in probleme.message
    assert "« Élus et collectivités »" in probleme.message and probleme.ligne == 8


def test_sans_le_reglage_aucun_mot_cle_n_est_attendu_d_un_public(tmp_path):
    # Une autre association n'a ni « collectivites » ni lettre des élus : rien à lui rappeler.
    _resultat, problemes = agenda(tmp_path, EVENEMENT_VALIDE.replace("[associations]", "[elus]"))
    assert problemes == []


def test_maillage_attend_collectivites_des_evenements_pour_les_elus():
    from formations.reglages import lire

    assert lire(reglages())["mots_cles_par_public"] == {"elus": ["collectivites"]}


def test_un_evenement_en_double_est_refuse(tmp_path):
    _resultat, problemes = agenda(tmp_path, EVENEMENT_VALIDE + EVENEMENT_VALIDE)
    (erreur,) = problemes
    assert erreur.ligne == 10 and "en double" in erreur.message


def test_verifier_couvre_les_deux_fichiers_du_site_d_essai():
    settings = reglages(
        override={
            "PATH": str(FIXTURES / "formations" / "content"),
            "SOCLE": {"donnees": str(FIXTURES / "formations" / "data"), "date_construction": DATE_TESTS},
        }
    )
    assert verifier(settings) == []


def verifier_catalogue_modifie(tmp_path, avant: str, apres: str):
    """`verifier` sur une copie des données d'essai dont formations.yml a `avant` remplacé par `apres`."""
    import shutil

    donnees = tmp_path / "data"
    shutil.copytree(FIXTURES / "formations" / "data", donnees)
    catalogue = donnees / "formations.yml"
    texte = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(texte.replace(avant, apres, 1), encoding="utf-8")
    settings = reglages(
        override={
            "PATH": str(FIXTURES / "formations" / "content"),
            "SOCLE": {"donnees": str(donnees), "date_construction": DATE_TESTS},
        }
    )
    return verifier(settings)


def test_un_catalogue_illisible_ne_fait_pas_dire_lieu_inconnu_a_l_agenda(tmp_path):
    """Une date impossible rend formations.yml illisible : les lieux de l'agenda n'y sont pas
    « inconnus », leurs erreurs renvoient au catalogue à corriger d'abord."""
    problemes = verifier_catalogue_modifie(tmp_path, "2026-11-22", "2026-11-31")
    du_catalogue = [p for p in problemes if p.fichier.endswith("formations.yml")]
    de_l_agenda = [p for p in problemes if p.fichier.endswith("agenda.yml")]
    assert ["date invalide « 2026-11-31 »" in p.message for p in du_catalogue] == [True]
    assert de_l_agenda, "les événements aux lieux du catalogue ne peuvent pas être publiés"
    for probleme in de_l_agenda:
        assert "inconnu" not in probleme.message
        assert "non vérifié" in probleme.message and "formations.yml" in probleme.message
        assert "corrigez d'abord" in probleme.conseil


def test_un_catalogue_illisible_donne_une_seule_erreur_dans_l_agenda(tmp_path):
    """Une tabulation dans formations.yml : une erreur pour elle, une seule pour l'agenda (avec les
    lignes des rendez-vous concernés), au lieu d'une par rendez-vous qui cachait la vraie cause."""
    problemes = verifier_catalogue_modifie(tmp_path, "\n    commune: Lille", "\n\tcommune: Lille")
    agenda = (FIXTURES / "formations" / "data" / "agenda.yml").read_text(encoding="utf-8").splitlines()
    lignes = [
        n for n, texte in enumerate(agenda, start=1) if texte.strip() in ("lieu: siege", "lieu: annexe")
    ]
    assert len(lignes) >= 2
    (du_catalogue,) = [p for p in problemes if p.fichier.endswith("formations.yml")]
    assert "tabulation" in du_catalogue.message
    (de_l_agenda,) = [p for p in problemes if p.fichier.endswith("agenda.yml")]
    assert de_l_agenda.ligne == lignes[0]
    assert f"pour {len(lignes)} rendez-vous (lignes {', '.join(map(str, lignes))})" in de_l_agenda.message


def test_make_check_passe_sur_les_donnees_du_site():
    resultat = lancer_gestion("verifier")
    assert "formations.yml" not in resultat.stdout + resultat.stderr
    assert "agenda.yml" not in resultat.stdout + resultat.stderr


def test_les_publics_viennent_de_l_agenda_du_site(tmp_path):
    """Publics ouverts : la liste « publics: » de l'agenda remplace celle des réglages."""
    chemin = tmp_path / "agenda.yml"
    evenement = EVENEMENT_VALIDE.replace("[associations]", "[membres]")
    chemin.write_text(
        "publics:\n  membres: Structures adhérentes\nevenements:\n" + textwrap.indent(evenement, "  "),
        encoding="utf-8",
    )
    vocabulaire, _ = charger_vocabulaire(FIXTURES / "formations" / "data" / "mots-cles.yml", "mots-cles.yml")
    lieux = {"siege": Lieu("siege", "Siège", "Lille")}
    resultat, problemes = charger_agenda(chemin, "data/agenda.yml", vocabulaire, lieux, "essai.example")
    assert problemes == [] and resultat.evenements[0].publics == ("membres",)
    _resultat, problemes = agenda(tmp_path, evenement)  # sans liste : les publics des réglages
    (erreur,) = problemes
    assert "public « membres » inconnu" in erreur.message
    assert "publics: » en tête de l'agenda" in erreur.conseil


def test_code_postal_sans_guillemets_lu_en_octal_est_signale(tmp_path):
    """« 01000 » sans guillemets : YAML le lit en octal (512) ; publié tel quel, il serait faux."""
    chemin = tmp_path / "formations.yml"
    lieu_sans_guillemets = "    commune: Bourg-en-Bresse\n    code_postal: 01000\n"
    chemin.write_text(
        ENTETE.replace("    commune: Lille\n", lieu_sans_guillemets).replace("sessions:\n", "sessions: []\n"),
        encoding="utf-8",
    )
    _catalogue, problemes = charger_catalogue(chemin, "data/formations.yml", AUJOURDHUI, "essai.example")
    (probleme,) = [p for p in problemes if "code_postal" in p.message]
    assert probleme.gravite == ERREUR and probleme.ligne == 5
    assert "lu comme un nombre (512)" in probleme.message
    assert 'code_postal: "06000"' in probleme.conseil
