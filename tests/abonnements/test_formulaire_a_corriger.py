"""Une demande refusée par le vrai service rend le formulaire du site, rempli de ce que la personne a
envoyé, le défaut dit à côté de son champ (aria-invalid, aria-describedby, focus), en tête de page
avec un lien vers le champ, le même texte de consentement ; rien n'est gardé, rien n'est envoyé, et
ce qui est saisi n'est jamais recopié sans échappement. Sur SQLite et sur PostgreSQL."""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from test_mauvaises_saisies import etat

from abonnements.tables import abonnes, consentements


def soupe(reponse) -> BeautifulSoup:
    return BeautifulSoup(reponse.text, "html.parser")


def cochees(page: BeautifulSoup) -> list[str]:
    return [c["value"] for c in page.select("input[name=editions]") if c.has_attr("checked")]


def verifier_champ_en_erreur(page: BeautifulSoup, ids: list[str], mot: str) -> None:
    """Chaque champ de `ids` marqué invalide et décrit par le message (qui contient `mot`) ; le
    premier a le focus ; le lien du haut de page mène au premier ; aucun autre champ n'est marqué."""
    marques = [c["id"] for c in page.select("[aria-invalid=true]")]
    assert marques == ids
    for ident in ids:
        message = page.find(id=page.find(id=ident)["aria-describedby"])
        assert mot in message.get_text().lower()
    assert [c["id"] for c in page.select("[autofocus]")] == ids[:1]
    resume = page.find(class_="alerte")
    assert resume["role"] == "alert" and "pas enregistrée" in resume.get_text()
    assert resume.find("a")["href"] == f"#{ids[0]}"
    assert page.title.get_text().startswith("Erreur : ")


@pytest.mark.parametrize(
    ("champs", "ids", "mot"),
    [
        ({"courriel": "anne@exemple"}, ["lettre-courriel"], "nom de domaine"),
        ({"courriel": ""}, ["lettre-courriel"], "indiquez votre adresse"),
        ({"nom": "Anne\nBcc: pirate@exemple.fr"}, ["lettre-nom"], "caractère interdit"),
        ({"editions": []}, ["lettre-edition-complete", "lettre-edition-elus"], "au moins une édition"),
        ({"consentement": None}, ["lettre-consentement"], "cochez la case"),
    ],
)
def test_saisie_refusee_rend_le_formulaire_rempli_sans_rien_garder(service, boite, adresse, champs, ids, mot):
    envoye = {
        "courriel": adresse,
        "nom": "Zoé Lambert",
        "editions": ["elus"],
        "consentement": "oui",
        **champs,
    }
    envoye = {k: v for k, v in envoye.items() if v is not None}
    avant = etat(service)
    reponse = service.poster("/inscription", envoye)
    assert reponse.status_code == 400 and "Traceback" not in reponse.text
    page = soupe(reponse)
    formulaire = page.find("form", method="post")
    assert formulaire["action"] == service.url + "/inscription"
    assert page.find(id="lettre-courriel")["value"] == envoye["courriel"]
    assert page.find(id="lettre-nom")["value"] == envoye["nom"]
    assert cochees(page) == envoye["editions"]
    assert page.find(id="lettre-consentement").has_attr("checked") == ("consentement" in envoye)
    assert page.find(id="lettre-site-web").get("value", "") == ""
    verifier_champ_en_erreur(page, ids, mot)
    assert page.find("script") is None  # la politique du service n'en admet aucun (menu.js compris)
    assert etat(service) == avant
    time.sleep(0.2)
    assert boite.pour(envoye["courriel"]) == []


def test_le_formulaire_rendu_par_le_service_inscrit_avec_le_texte_qu_il_montre(service, boite, adresse):
    """Corrigée et renvoyée depuis la page du service (Origin : le service), la demande est gardée,
    et la preuve est le texte de la case que cette page a montré, mot pour mot."""
    refus = service.poster("/inscription", {"courriel": "x@y", "editions": ["elus"], "consentement": "oui"})
    page = soupe(refus)
    texte_montre = " ".join(page.find("label", attrs={"for": "lettre-consentement"}).get_text().split())
    corrige = {
        champ["name"]: champ.get("value", "")
        for champ in page.select("form[method=post] input")
        if champ["type"] not in ("checkbox",) or champ.has_attr("checked")
    }
    corrige["courriel"] = adresse
    reponse = service.poster("/inscription", corrige, origine=service.url)
    assert reponse.status_code == 200, reponse.text[:300]
    assert "Vérifiez votre boîte aux lettres" in reponse.text
    with service.moteur.connect() as connexion:
        ident = connexion.execute(sa.select(abonnes.c.id).where(abonnes.c.courriel == adresse)).scalar_one()
        preuve = connexion.execute(sa.select(consentements).where(consentements.c.abonne_id == ident)).one()
    assert preuve.texte == texte_montre and preuve.editions == "elus"
    boite.attendre(adresse)


@pytest.mark.parametrize(
    "hostile",
    ['"><script>alert(1)</script>', "<img src=x onerror=alert(1)>", "' autofocus onfocus='alert(1)"],
)
def test_la_saisie_recopiee_est_echappee(service, hostile):
    envoye = {"courriel": f"a{hostile}@exemple.fr", "nom": hostile, "editions": ["elus", hostile]}
    reponse = service.poster("/inscription", envoye)
    assert reponse.status_code == 400
    assert "<script>alert" not in reponse.text and "<img src=x" not in reponse.text
    page = soupe(reponse)
    assert page.find(id="lettre-courriel")["value"] == envoye["courriel"]
    assert page.find(id="lettre-nom")["value"] == hostile
    assert not page.select("[onfocus], [onerror]")
    # Une édition inconnue n'ajoute aucune case : seules celles des réglages sont proposées.
    assert cochees(page) == ["elus"]


def test_texte_de_consentement_change_la_case_est_a_recocher(service, boite, adresse):
    envoye = {"courriel": adresse, "editions": "complete", "consentement": "oui"}
    reponse = service.poster("/inscription", {**envoye, "texte_consentement": "0123456789abcdef"})
    assert reponse.status_code == 409
    page = soupe(reponse)
    assert page.find(id="lettre-courriel")["value"] == adresse
    assert not page.find(id="lettre-consentement").has_attr("checked")
    verifier_champ_en_erreur(page, ["lettre-consentement"], "rechargez la page")
    # L'empreinte du texte montré est celle du service : cochée à nouveau, la demande passe.
    empreinte = page.find("input", attrs={"name": "texte_consentement"})["value"]
    assert empreinte != "0123456789abcdef"
    renvoi = {**envoye, "texte_consentement": empreinte}
    assert service.poster("/inscription", renvoi, origine=service.url).status_code == 200
    boite.attendre(adresse)
