"""Le schéma : les migrations Alembic donnent exactement `abonnements.tables`, sur les deux moteurs."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from abonnements import jetons
from abonnements.base import BaseInvalide, dernier_schema, maintenant, migrer, moteur
from abonnements.tables import abonnements, abonnes, metadata


def test_les_migrations_donnent_le_schema_des_tables(adresse_base):
    base = moteur(adresse_base)
    with base.connect() as connexion:
        differences = compare_metadata(MigrationContext.configure(connexion), metadata)
    base.dispose()
    assert differences == []


def test_migrer_deux_fois_ne_change_rien(adresse_base):
    migrer(adresse_base)
    base = moteur(adresse_base)
    assert set(sa.inspect(base).get_table_names()) >= set(metadata.tables)
    base.dispose()


def _abonne(connexion, courriel: str) -> int:
    instant = maintenant()
    return connexion.execute(
        abonnes.insert().values(
            courriel=courriel,
            courriel_canonique=courriel.strip().lower(),
            statut="en_attente",
            cree_le=instant,
            modifie_le=instant,
        )
    ).inserted_primary_key[0]


def test_une_adresse_canonique_n_existe_qu_une_fois(adresse_base):
    base = moteur(adresse_base)
    with base.begin() as connexion:
        _abonne(connexion, "Anne@Exemple.fr")
    with pytest.raises(sa.exc.IntegrityError), base.begin() as connexion:
        _abonne(connexion, "anne@exemple.fr")
    base.dispose()


def test_effacer_un_abonne_efface_ses_abonnements(adresse_base):
    base = moteur(adresse_base)
    with base.begin() as connexion:
        ident = _abonne(connexion, "bob@exemple.fr")
        connexion.execute(
            abonnements.insert().values(abonne_id=ident, edition="complete", depuis=maintenant())
        )
    with base.begin() as connexion:
        connexion.execute(abonnes.delete().where(abonnes.c.id == ident))
    with base.connect() as connexion:
        assert connexion.execute(sa.select(sa.func.count()).select_from(abonnements)).scalar() == 0
    base.dispose()


def test_adresse_de_base_illisible_ou_moteur_inconnu():
    with pytest.raises(BaseInvalide, match="illisible"):
        moteur("pas une adresse")
    with pytest.raises(BaseInvalide, match="non prise en charge"):
        moteur("mysql://x@y/z")
    with pytest.raises(BaseInvalide, match="écrivez sqlite:////chemin/fichier.sqlite3 ou postgresql"):
        moteur("mysql://x@y/z")


@pytest.mark.parametrize("usage", jetons.USAGES)
def test_jeton_authentique_rend_l_abonne_et_l_edition(usage):
    valeur = jetons.signer("un secret assez long", usage, 42, "elus")
    assert jetons.verifier("un secret assez long", usage, valeur) == (42, "elus")


def test_jeton_falsifie_d_un_autre_usage_ou_expire_est_refuse():
    valeur = jetons.signer("un secret assez long", "confirmation", 7)
    with pytest.raises(jetons.JetonInvalide):
        jetons.verifier("un autre secret long", "confirmation", valeur)
    with pytest.raises(jetons.JetonInvalide):
        jetons.verifier("un secret assez long", "desinscription", valeur)
    with pytest.raises(jetons.JetonInvalide):
        jetons.verifier("un secret assez long", "confirmation", valeur[:-2] + "xx")
    with pytest.raises(jetons.JetonInvalide) as erreur:
        jetons.verifier("un secret assez long", "confirmation", valeur, age_max_s=-1)
    assert erreur.value.expire


def _mettre_au_schema(adresse: str, revision: str) -> None:
    """Comme si une version plus récente du code avait migré la base (puis qu'on était revenu en arrière)."""
    base = moteur(adresse)
    with base.begin() as connexion:
        connexion.execute(sa.text("UPDATE alembic_version SET version_num = :r"), {"r": revision})
    base.dispose()


def test_base_d_un_schema_plus_recent_que_le_code_refusee_en_francais(adresse_base):
    """Retour à une version précédente du code après une mise à jour : un message qui dit quoi faire,
    pas l'erreur anglaise d'Alembic (« Can't locate revision »), et la base n'est pas touchée."""
    _mettre_au_schema(adresse_base, "0099")
    with pytest.raises(BaseInvalide) as erreur:
        migrer(adresse_base)
    message = str(erreur.value)
    assert "est au schéma « 0099 », inconnu de cette version du code" in message
    assert f"son dernier schéma est « {dernier_schema()} »" in message and "git pull" in message
    base = moteur(adresse_base)
    assert set(sa.inspect(base).get_table_names()) >= set(metadata.tables)
    base.dispose()


def test_mise_a_jour_d_une_base_en_service_garde_les_abonnes(adresse_base):
    """Le bénévole met à jour une base restée au premier schéma (0001) : les abonnés, leurs éditions
    et leurs preuves y sont encore, et la nouvelle table est utilisable."""
    from alembic import command

    from abonnements.base import configuration_alembic, revision_de
    from abonnements.tables import consentements, courriels_a_remettre

    command.downgrade(configuration_alembic(adresse_base), "0001")
    assert revision_de(adresse_base) == "0001"
    base = moteur(adresse_base)
    with base.begin() as connexion:
        assert "courriels_a_remettre" not in sa.inspect(connexion).get_table_names()
        ident = _abonne(connexion, "ancienne@exemple.fr")
        connexion.execute(
            abonnements.insert().values(abonne_id=ident, edition="complete", depuis=maintenant())
        )
        connexion.execute(
            consentements.insert().values(
                abonne_id=ident,
                donne_le=maintenant(),
                source="formulaire",
                texte="J'accepte",
                editions="complete",
            )
        )
    base.dispose()
    migrer(adresse_base)
    assert revision_de(adresse_base) == dernier_schema() != "0001"
    base = moteur(adresse_base)
    with base.begin() as connexion:
        assert connexion.execute(sa.select(abonnes.c.courriel)).scalars().all() == ["ancienne@exemple.fr"]
        assert connexion.execute(sa.select(abonnements.c.edition)).scalars().all() == ["complete"]
        assert connexion.execute(sa.select(consentements.c.texte)).scalars().all() == ["J'accepte"]
        connexion.execute(
            courriels_a_remettre.insert().values(
                abonne_id=ident, message="m", cree_le=maintenant(), prochain_essai=maintenant()
            )
        )
        differences = compare_metadata(MigrationContext.configure(connexion), metadata)
    base.dispose()
    assert differences == []


def test_une_base_sqlite_dans_le_dossier_personnel(tmp_path, monkeypatch):
    """« sqlite:///~/… » : la base est créée, migrée et relue dans le dossier personnel, là où l'envoi
    la cherche ; pas dans un dossier nommé « ~ » sous le dossier courant."""
    from abonnements.base import fichier_sqlite, revision_de, verifier_a_jour

    personnel, courant = tmp_path / "personnel", tmp_path / "courant"
    courant.mkdir()
    monkeypatch.setenv("HOME", str(personnel))
    monkeypatch.chdir(courant)
    adresse = "sqlite:///~/etat/abonnements.sqlite3"
    migrer(adresse)
    assert fichier_sqlite(adresse) == personnel / "etat" / "abonnements.sqlite3"
    assert (personnel / "etat" / "abonnements.sqlite3").is_file()
    assert not (courant / "~").exists()
    assert revision_de(adresse) == dernier_schema()
    verifier_a_jour(adresse)  # l'envoi la trouve, au dernier schéma
