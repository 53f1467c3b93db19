"""Propriétés de la sélection sur des historiques aléatoires (hypothesis).

Publications (dont antidatées), modifications, suppressions, envois manqués : chaque actualité
part dans exactement un numéro envoyé de chaque édition qui la retient, et un numéro envoyé ne
change plus jamais, même relu depuis le fichier du registre après chaque envoi.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lettre.calendrier import parution_a_preparer
from lettre.registre import charger_registre, ecrire_registre
from lettre.reglages import Edition
from lettre.selection import Actualite, Numero, Registre, selectionner

PARIS = ZoneInfo("Europe/Paris")
PREMIER = dt.date(2026, 1, 5)
PERIODE = 14
JOURS = 120
EDITIONS = (
    Edition("complete", "La lettre", frozenset(), True, True),
    Edition("elus", "Élus", frozenset({"collectivites"}), True, False),
)

publication = st.tuples(
    st.just("publier"), st.integers(0, JOURS), st.integers(0, 40), st.integers(0, 23), st.booleans()
)
modification = st.tuples(
    st.just("modifier"), st.integers(0, JOURS), st.integers(0, 200), st.integers(-5, 5), st.booleans()
)
suppression = st.tuples(
    st.just("supprimer"), st.integers(0, JOURS), st.integers(0, 200), st.just(0), st.just(False)
)
historiques = st.lists(st.one_of(publication, publication, modification, suppression), max_size=60)
jours_d_envoi = st.sets(st.integers(0, JOURS), max_size=JOURS)  # la tâche planifiée peut manquer des jours


def _jour(n: int) -> dt.date:
    return PREMIER - dt.timedelta(days=10) + dt.timedelta(days=n)


def simuler(operations, envois: set[int], age_maximal: dt.timedelta, dossier: Path):
    """Rejoue l'historique jour par jour ; renvoie (registre final, actualités finales, retenues)."""
    chemin = dossier / "registre.yml"
    registre = Registre()
    actualites: dict[str, Actualite] = {}
    creees: list[str] = []
    retenues: set[str] = set()
    historique_numeros: list[Numero] = []
    par_jour: dict[int, list] = {}
    for op in operations:
        par_jour.setdefault(op[1], []).append(op)
    # Après la fin de l'historique, la tâche tourne chaque jour : tout ce qui reste doit partir.
    for n in range(JOURS + 2 * PERIODE + 1):
        aujourdhui = _jour(n)
        for genre, _jour_op, a, b, drapeau in par_jour.get(n, []):
            if genre == "publier":
                uid = f"{len(creees):08d}-0000-4000-8000-000000000000"
                date = dt.datetime.combine(aujourdhui - dt.timedelta(days=a), dt.time(b), tzinfo=PARIS)
                mots = ("collectivites",) if drapeau else ("emploi",)
                actualites[uid] = Actualite(uid, f"Titre {uid}", date, "Résumé", f"a/{uid}/", mots)
                creees.append(uid)
            elif creees:
                uid = creees[a % len(creees)]
                if uid not in actualites:
                    continue
                if genre == "supprimer":
                    del actualites[uid]
                else:
                    ancienne = actualites[uid]
                    date = min(
                        ancienne.date + dt.timedelta(days=b),
                        dt.datetime.combine(aujourdhui, dt.time(23), tzinfo=PARIS),
                    )
                    actualites[uid] = Actualite(
                        uid,
                        ancienne.titre + " (modifiée)",
                        date,
                        "Autre résumé",
                        ancienne.url,
                        ancienne.mots_cles,
                    )
        if n > JOURS or n in envois:
            for edition in EDITIONS:
                parution, due = parution_a_preparer(
                    PREMIER, PERIODE, registre.derniere_parution(edition.ident), aujourdhui
                )
                choix = selectionner(actualites.values(), registre, edition, parution.coupure(), age_maximal)
                retenues |= {a.uid for a in choix.trop_anciennes}
                if not due:
                    continue
                numero = Numero(
                    parution.ident,
                    edition.ident,
                    parution.date,
                    choix.retenues,
                    envoye=dt.datetime.combine(aujourdhui, dt.time(8), tzinfo=PARIS).isoformat(),
                )
                registre = registre.avec(numero)
                ecrire_registre(chemin, registre)
                registre, problemes = charger_registre(chemin, "registre.yml")
                assert problemes == []
                # Les numéros déjà envoyés sont inchangés, dans le même ordre, relus depuis le fichier.
                assert list(registre.numeros[: len(historique_numeros)]) == historique_numeros
                historique_numeros = list(registre.numeros)
    return registre, actualites, creees, retenues


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(historiques, jours_d_envoi)
def test_chaque_actualite_part_exactement_une_fois(operations, envois):
    with tempfile.TemporaryDirectory() as dossier:
        registre, actualites, creees, retenues = simuler(
            operations, envois, dt.timedelta(days=10_000), Path(dossier)
        )
    assert retenues == set()
    for edition in EDITIONS:
        envoyes = [a for n in registre.envoyes(edition.ident) for a in n.actualites]
        comptes: dict[str, int] = {}
        for actualite in envoyes:
            comptes[actualite.uid] = comptes.get(actualite.uid, 0) + 1
            assert edition.retient(actualite.mots_cles)
        # Jamais deux fois, même modifiée (date, titre) après l'envoi.
        assert all(c == 1 for c in comptes.values()), comptes
        # Toute actualité encore en ligne est partie une fois dans chaque édition qui la retient.
        for uid, actualite in actualites.items():
            if edition.retient(actualite.mots_cles):
                assert comptes.get(uid) == 1, (edition.ident, uid)
        # Une supprimée avant son envoi n'est jamais partie.
        assert set(comptes) <= set(creees)
        # Chaque actualité envoyée l'a été dans un numéro dont la coupure suit sa date d'alors.
        for numero in registre.envoyes(edition.ident):
            coupure = dt.datetime.combine(numero.parution, dt.time(0), tzinfo=PARIS)
            assert all(a.date < coupure for a in numero.actualites)
        # Les parutions envoyées d'une édition sont strictement croissantes.
        dates = [n.parution for n in registre.envoyes(edition.ident)]
        assert dates == sorted(set(dates))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(historiques, jours_d_envoi, st.integers(1, 30))
def test_une_actualite_trop_ancienne_est_signalee_jamais_perdue(operations, envois, age_jours):
    with tempfile.TemporaryDirectory() as dossier:
        registre, actualites, _creees, retenues = simuler(
            operations, envois, dt.timedelta(days=age_jours), Path(dossier)
        )
    envoyes = {a.uid for n in registre.envoyes("complete") for a in n.actualites}
    for uid in actualites:
        # En ligne à la fin : envoyée, ou signalée pour qu'une personne décide.
        assert uid in envoyes or uid in retenues, uid


def test_le_depart_et_les_decisions_du_personnel_sont_respectes():
    edition = EDITIONS[0]
    coupure = dt.datetime(2026, 11, 23, tzinfo=PARIS)
    vieille = Actualite("v", "Vieille", coupure - dt.timedelta(days=90), "", "", ())
    ecartee = Actualite("e", "Écartée", coupure - dt.timedelta(days=90), "", "", ())
    existante = Actualite("x", "Existante", coupure - dt.timedelta(days=2), "", "", ())
    registre = Registre(depart_uids=frozenset({"x"}), ecartees=frozenset({"e"}), a_envoyer=frozenset({"v"}))
    choix = selectionner([vieille, ecartee, existante], registre, edition, coupure, dt.timedelta(days=60))
    assert [a.uid for a in choix.retenues] == ["v"]
    assert choix.trop_anciennes == ()
