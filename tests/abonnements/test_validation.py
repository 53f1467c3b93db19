"""Validation des saisies (fonctions pures) : adresses, noms, formulaire."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abonnements.application import ip_des_limites
from abonnements.reglages import origine
from abonnements.validation import SaisieInvalide, adresse_valide, canonique, lire_demande, nom_valide


class Champs(dict):
    """Les champs d'un formulaire comme Starlette les donne (`get`, `getlist`)."""

    def get(self, cle, defaut=None):
        valeurs = super().get(cle, [])
        return valeurs[-1] if valeurs else defaut

    def getlist(self, cle):
        return list(super().get(cle, []))


@pytest.mark.parametrize(
    ("brute", "attendue"),
    [
        ("  Anne.Martin+lettre@Exemple.fr ", "Anne.Martin+lettre@Exemple.fr"),
        ("zoe@école.fr", "zoe@xn--cole-9oa.fr"),
        ("o'neil@exemple.co.uk", "o'neil@exemple.co.uk"),
    ],
)
def test_adresses_valides_normalisees(brute, attendue):
    assert adresse_valide(brute) == attendue


@given(st.text(max_size=80))
def test_une_adresse_acceptee_ne_contient_ni_controle_ni_espace(texte):
    try:
        adresse = adresse_valide(texte)
    except SaisieInvalide as exc:
        assert exc.code in ("adresse_absente", "adresse_invalide")
        return
    assert adresse.count("@") == 1 and len(adresse) <= 254
    assert not any(c.isspace() or ord(c) < 32 for c in adresse)
    assert adresse.isascii()


@given(st.text(max_size=120))
def test_un_nom_accepte_tient_sur_une_ligne(texte):
    try:
        nom = nom_valide(texte)
    except SaisieInvalide:
        return
    assert "\n" not in nom and "\r" not in nom and len(nom) <= 100


def test_canonique_est_le_contrat_commun():
    assert canonique("  Anne@Exemple.FR ") == "anne@exemple.fr"


def test_demande_editions_dans_l_ordre_des_reglages():
    champs = Champs(courriel=["a@exemple.fr"], editions=["elus", "complete"], consentement=["oui"])
    demande = lire_demande(champs, ("complete", "elus"))
    assert demande.editions == ("complete", "elus") and not demande.piege_rempli


@pytest.mark.parametrize(
    ("url", "attendue"),
    [
        ("https://www.maillage.asso.fr/lettre/", "https://www.maillage.asso.fr"),
        ("HTTPS://WWW.Maillage.asso.fr:443", "https://www.maillage.asso.fr"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("null", ""),
        ("javascript:alert(1)", ""),
    ],
)
def test_origine(url, attendue):
    assert origine(url) == attendue


@pytest.mark.parametrize(
    ("hote", "cle"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"),
        ("::ffff:192.0.2.7", "192.0.2.7"),
        ("inconnue", "inconnue"),
    ],
)
def test_ip_des_limites(hote, cle):
    assert ip_des_limites(hote) == cle
