"""API de la lettre : `charger_rendez_vous` et `rendez_vous_entre` sur les données d'essai."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from formations.a_venir import RendezVous, charger_rendez_vous, rendez_vous_entre
from outils import DATE_TESTS, reglages

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(scope="module")
def rendez_vous(reglages_formations):
    settings = reglages_formations
    tous, problemes = charger_rendez_vous(settings)
    assert [str(p) for p in problemes] == []
    return tous


def test_tous_les_rendez_vous_sont_charges_et_tries(rendez_vous):
    assert [r.uid for r in rendez_vous] == [
        "formation-alpha-hier@essai.example",
        "formation-alpha-aujourdhui@essai.example",
        "evenement-reunion-hier@essai.example",
        "evenement-forum-aujourdhui@essai.example",
        "formation-beta-annulee@essai.example",
        "formation-beta-printemps@essai.example",
        "evenement-matinale-elus@essai.example",
    ]
    assert all(isinstance(r, RendezVous) and r.debut.tzinfo is not None for r in rendez_vous)


def test_une_session_donne_module_lieu_ancre_et_statut(rendez_vous):
    session = next(r for r in rendez_vous if r.uid.startswith("formation-beta-printemps"))
    assert session.genre == "formation"
    assert session.titre == "Bêta"
    assert session.debut == dt.datetime(2027, 3, 23, 9, 30, tzinfo=PARIS)
    assert session.fin == dt.datetime(2027, 3, 30, 17, 30, tzinfo=PARIS)
    assert session.lieu == "Annexe, Roubaix"
    assert session.url == "formations/beta/#session-beta-printemps"
    assert session.mots_cles == ("formation",)
    assert session.statut == "ouverte"
    assert "Bêta" in session.resume


def test_un_evenement_donne_ses_mots_cles_canoniques(rendez_vous):
    forum = next(r for r in rendez_vous if r.uid.startswith("evenement-forum"))
    assert forum.genre == "evenement"
    assert forum.statut == ""
    assert forum.mots_cles == ("emploi", "evenement")  # « Événements » saisi en libellé
    assert forum.url == "agenda/#evenement-forum-aujourdhui"
    assert forum.lieu == "Grand hall, Roubaix"
    assert forum.journee_entiere
    assert forum.debut == dt.datetime(2026, 11, 23, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("debut", "fin", "attendus"),
    [
        # Le jour du build : la session entamée le 16 et le forum du jour, pas la réunion de la veille.
        ("2026-11-23", "2026-11-23", ["alpha-aujourdhui", "forum-aujourdhui"]),
        # Une session sur plusieurs jours chevauche la période même si son premier jour est avant.
        ("2026-11-17", "2026-11-17", ["alpha-hier", "alpha-aujourdhui"]),
        # La quinzaine suivante : la session annulée est incluse (la lettre annonce l'annulation).
        ("2026-11-24", "2026-12-10", ["beta-annulee"]),
        ("2026-12-11", "2027-03-22", []),
        ("2026-12-11", "2027-03-26", ["beta-printemps", "matinale-elus"]),
        ("2027-03-30", "2027-04-30", ["beta-printemps"]),
        ("2027-04-01", "2027-04-30", []),
    ],
)
def test_rendez_vous_entre_retient_ce_qui_chevauche(rendez_vous, debut, fin, attendus):
    retenus = rendez_vous_entre(rendez_vous, dt.date.fromisoformat(debut), dt.date.fromisoformat(fin))
    assert [r.uid.split("-", 1)[1].split("@")[0] for r in retenus] == attendus


def test_une_session_annulee_garde_son_statut(rendez_vous):
    (annulee,) = rendez_vous_entre(rendez_vous, dt.date(2026, 12, 10), dt.date(2026, 12, 10))
    assert annulee.statut == "annulee"


def test_rendez_vous_entre_trie_par_debut_puis_uid(rendez_vous):
    melanges = list(reversed(rendez_vous))
    retenus = rendez_vous_entre(melanges, dt.date(2026, 1, 1), dt.date(2027, 12, 31))
    assert retenus == sorted(rendez_vous, key=lambda r: (r.debut, r.uid))


def test_une_periode_a_l_envers_est_refusee(rendez_vous):
    with pytest.raises(ValueError, match="à l'envers"):
        rendez_vous_entre(rendez_vous, dt.date(2026, 12, 2), dt.date(2026, 12, 1))


def test_les_donnees_du_site_se_chargent_sans_erreur():
    settings = reglages(override={"SOCLE": {"date_construction": DATE_TESTS}})
    tous, problemes = charger_rendez_vous(settings)
    assert [str(p) for p in problemes if p.est_erreur] == []
    assert sum(r.genre == "formation" for r in tous) >= 11
