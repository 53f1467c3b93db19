"""Le côté base de l'envoi (abonnements.envois), sur SQLite et PostgreSQL : gel des destinataires, verrou."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys

import pytest
import sqlalchemy as sa

from abonnements import envois
from abonnements.base import maintenant, moteur
from abonnements.tables import abonnes, suppressions, verrous

PREPARATION = {
    "numero": {"numero": "2026-04"},
    "edition": "complete",
    "objet": "Lettre",
    "html": "",
    "texte": "",
}


@pytest.fixture
def base(adresse_base):
    resultat = moteur(adresse_base)
    yield resultat
    resultat.dispose()


def adresses(destinataires) -> list[str]:
    return [d.courriel for d in destinataires]


def test_les_destinataires_sont_les_confirmes_de_l_edition_au_gel(base, adresse_base, aides):
    aides.inscrire(adresse_base, ["a@essai.example", ("b@essai.example", "Bé")])
    aides.inscrire(adresse_base, ["attente@essai.example"], statut="en_attente")
    aides.inscrire(adresse_base, ["parti@essai.example"], statut="desinscrit")
    aides.inscrire(adresse_base, ["elu@essai.example"], edition="elus")
    aides.inscrire(adresse_base, ["refuse@essai.example"])
    with base.begin() as connexion:
        connexion.execute(
            suppressions.insert().values(
                courriel_canonique="refuse@essai.example", raison="refus_definitif", depuis=maintenant()
            )
        )
    assert envois.compter_destinataires(base, "complete") == 2
    numero = envois.figer(base, PREPARATION, "complete")
    restants, retires = envois.restants(base, numero)
    assert adresses(restants) == ["a@essai.example", "b@essai.example"] and retires == 0
    assert restants[1].nom == "Bé" and numero.preparation == PREPARATION

    # Une relance retrouve le numéro figé et sa liste : un nouvel abonné n'y entre pas…
    aides.inscrire(adresse_base, ["nouveau@essai.example"])
    encore = envois.figer(base, {**PREPARATION, "objet": "autre"}, "complete")
    assert encore.id == numero.id and encore.preparation["objet"] == "Lettre"
    # … et une personne désinscrite depuis le gel n'est plus servie.
    with base.begin() as connexion:
        connexion.execute(
            abonnes.update().where(abonnes.c.courriel == "a@essai.example").values(statut="desinscrit")
        )
    restants, retires = envois.restants(base, encore)
    assert adresses(restants) == ["b@essai.example"] and retires == 1
    assert envois.comptes(base, encore).total == 1
    assert [n.numero for n in envois.numeros_de(base, "complete")] == ["2026-04"]


def test_un_second_envoyeur_renonce_avec_un_message_en_francais(base):
    premier = envois.Verrou(base, duree_s=60)
    assert premier.prendre() is None
    second = envois.Verrou(base, duree_s=60)
    with pytest.raises(envois.VerrouOccupe, match="un autre envoi est en cours") as refus:
        second.prendre(attente_s=0.3)
    assert premier.detenteur in str(refus.value) and "relancez plus tard" in str(refus.value)
    premier.rendre()
    assert second.prendre() is None
    second.rendre()


def test_un_verrou_expire_se_reprend_et_l_ancien_detenteur_le_sait(base):
    ancien = envois.Verrou(base, duree_s=60, detenteur="autre-machine:1:abcd")
    ancien.prendre()
    with base.begin() as connexion:
        connexion.execute(verrous.update().values(expire_le=maintenant() - dt.timedelta(seconds=1)))
    repreneur = envois.Verrou(base, duree_s=60)
    repris = repreneur.prendre()
    assert repris is not None and repris.detenteur == "autre-machine:1:abcd"
    with pytest.raises(envois.VerrouPerdu, match="repris par un autre envoyeur"):
        ancien.repousser(force=True)
    repreneur.repousser(force=True)
    repreneur.rendre()


def test_le_verrou_d_un_processus_tue_se_reprend_tout_de_suite(base):
    mort = subprocess.Popen([sys.executable, "-c", "pass"])
    mort.wait()  # un PID qui n'existe plus sur cette machine
    envois.Verrou(base, duree_s=3600, detenteur=f"{socket.gethostname()}:{mort.pid}:dead").prendre()
    repris = envois.Verrou(base, duree_s=60).prendre(attente_s=0)
    assert repris is not None and repris.detenteur.endswith(":dead")
    with base.connect() as connexion:
        assert connexion.execute(sa.select(sa.func.count()).select_from(verrous)).scalar() == 1
