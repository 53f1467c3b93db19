"""Mauvaises entrées sur chaque route du vrai service : un message en français ou un 4xx simple,
jamais de trace Python, rien d'enregistré, rien d'envoyé. Sur SQLite et sur PostgreSQL."""

from __future__ import annotations

import time

import pytest
import requests
import sqlalchemy as sa
from bs4 import BeautifulSoup
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from outils_service import SECRET, SITE, lien_du_courriel, service_demarre

from abonnements import jetons
from abonnements.tables import abonnements, abonnes, consentements, courriels_a_remettre, historique
from outils import RACINE

ADRESSES_INVALIDES = [
    "",
    "pas-une-adresse",
    "anne@exemple",
    "anne@@exemple.fr",
    "anne martin@exemple.fr",
    "anne@exemple.fr\r\nBcc: pirate@exemple.fr",
    "anne@exemple.fr\nBcc: pirate@exemple.fr",
    "<anne@exemple.fr>",
    "anne@exemple.fr, bob@exemple.fr",
    "anne@-exemple.fr",
    "anne@exemple..fr",
    ".anne@exemple.fr",
    "anne@exemple.123",
    "a" * 65 + "@exemple.fr",
    "anne@" + "b" * 250 + ".fr",
    "anne@" + ".".join(["b" * 60] * 5) + ".fr",
    "anne\x00@exemple.fr",
]
NOMS_INVALIDES = [
    "Anne\r\nBcc: pirate@exemple.fr",
    "Anne\nSubject: gagné",
    "Anne\x00",
    "Anne\u202eenilA",  # inversion du sens d'écriture : invisible, trompeuse
    "A" * 101,
]


def etat(service) -> tuple[int, int, int, int]:
    return tuple(service.compter(t) for t in (abonnes, abonnements, consentements, historique))


def refus_propre(reponse, statut: int | None = None) -> None:
    assert 400 <= reponse.status_code < 500, (reponse.status_code, reponse.text[:300])
    if statut is not None:
        assert reponse.status_code == statut, reponse.text[:300]
    assert "Traceback" not in reponse.text and "Exception" not in reponse.text


def alerte(reponse) -> str:
    """Le message d'erreur de la page, en minuscules."""
    return BeautifulSoup(reponse.text, "html.parser").find(class_="alerte").get_text().lower()


def formulaire(adresse: str, **autres) -> dict:
    return {"courriel": adresse, "editions": "complete", "consentement": "oui", **autres}


@pytest.mark.parametrize("invalide", ADRESSES_INVALIDES)
def test_adresse_invalide_refusee_en_francais_sans_rien_garder(service, boite, invalide):
    avant = etat(service)
    reponse = service.poster("/inscription", formulaire(invalide))
    refus_propre(reponse, 400)
    assert "adresse" in alerte(reponse)
    # Le formulaire revient, le champ de l'adresse marqué (test_formulaire_a_corriger.py).
    champ = BeautifulSoup(reponse.text, "html.parser").find(id="lettre-courriel")
    assert champ["aria-invalid"] == "true"
    assert etat(service) == avant


@pytest.mark.parametrize("nom", NOMS_INVALIDES)
def test_nom_avec_injection_d_en_tete_refuse(service, boite, adresse, nom):
    avant = etat(service)
    reponse = service.poster("/inscription", formulaire(adresse, nom=nom))
    refus_propre(reponse, 400)
    assert "le nom" in alerte(reponse)
    assert etat(service) == avant
    time.sleep(0.2)
    assert boite.pour(adresse) == []


@pytest.mark.parametrize(
    ("champs", "mot"),
    [
        ({"consentement": ""}, "cochez la case"),
        ({"editions": "inconnue"}, "n'existe pas"),
        ({"editions": ""}, "au moins une édition"),
    ],
)
def test_formulaire_incomplet(service, adresse, champs, mot):
    avant = etat(service)
    donnees = {k: v for k, v in formulaire(adresse, **champs).items() if v != ""}
    reponse = service.poster("/inscription", donnees)
    refus_propre(reponse, 400)
    assert mot in alerte(reponse)
    assert etat(service) == avant


def test_champ_donne_deux_fois_ou_corps_illisible(service, adresse):
    avant = etat(service)
    double = service.poster("/inscription", [("courriel", adresse), ("courriel", "autre@exemple.fr")])
    refus_propre(double, 400)
    json = service.poster("/inscription", None, json={"courriel": adresse})
    refus_propre(json)
    octets = service.poster(
        "/inscription",
        b"courriel=%FF%FE%00&consentement=oui&editions=complete",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    refus_propre(octets)
    trop = service.poster("/inscription", [(f"c{i}", "x") for i in range(100)])
    refus_propre(trop)
    assert etat(service) == avant


def test_corps_enorme_refuse(service, adresse):
    avant = etat(service)
    enorme = service.poster("/inscription", formulaire(adresse, nom="A" * 200_000))
    refus_propre(enorme, 413)
    adresse_enorme = service.poster("/inscription", formulaire("a" * 1_000_000 + "@exemple.fr"))
    refus_propre(adresse_enorme, 413)
    assert etat(service) == avant


@pytest.mark.parametrize("origine", ["https://pirate.example", "null", SITE + ".pirate.example", None])
def test_inscription_d_une_autre_origine_refusee(service, boite, adresse, origine):
    avant = etat(service)
    reponse = service.poster("/inscription", formulaire(adresse), origine=origine)
    refus_propre(reponse, 403)
    assert reponse.headers["Content-Type"].startswith("text/plain")
    assert "Requête refusée" in reponse.text
    assert etat(service) == avant
    time.sleep(0.2)
    assert boite.pour(adresse) == []


def test_formulaire_d_un_autre_texte_de_consentement_refuse_sans_rien_garder(service, boite, adresse):
    # Le site montre un texte (LETTRE changé, site reconstruit) que le service, pas redémarré, ne
    # garderait pas : la preuve serait fausse. Refus, rien gardé, et le personnel sait quoi faire.
    avant = etat(service)
    reponse = service.poster("/inscription", formulaire(adresse, texte_consentement="0123456789abcdef"))
    refus_propre(reponse, 409)
    assert "rechargez la page" in alerte(reponse)
    assert etat(service) == avant
    journal = service.texte_journal()
    assert "autre texte de consentement" in journal and "redémarrez-le" in journal
    assert boite.pour(adresse) == []


def reglages_du_site_avec_consentement(fichier, texte: str) -> None:
    """Les réglages de publication du dépôt, avec ce texte de case de consentement."""
    publishconf = RACINE / "publishconf.py"
    fichier.write_text(
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('publishconf', {str(publishconf)!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "globals().update({k: v for k, v in vars(module).items() if k.isupper()})\n"
        f"PATH = {str(RACINE / 'content')!r}\n"
        f"THEME = {str(RACINE / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(RACINE / 'plugins')!r}]\n"
        f"LETTRE = {{**LETTRE, 'consentement': {texte!r}}}\n",
        encoding="utf-8",
    )


def test_texte_de_consentement_change_pris_sans_redemarrer_le_service(tmp_path, boite, adresse):
    # Le personnel change le texte (LETTRE), met à jour le dépôt et reconstruit le site, sans penser
    # au service : le premier formulaire du nouveau texte le lui fait relire, et ce texte est gardé.
    from abonnements.base import migrer
    from lettre.reglages import empreinte_consentement

    version_1 = "J'accepte la lettre (version 1)."
    version_2 = "J'accepte la lettre (version 2), désinscription en un clic."
    reglages = tmp_path / "reglages_site.py"
    reglages_du_site_avec_consentement(reglages, version_1)
    base = f"sqlite:///{tmp_path / 'abonnements.sqlite3'}"
    migrer(base)
    with service_demarre(base, tmp_path, boite.port, ABONNEMENTS_REGLAGES_SITE=str(reglages)) as service:
        ancienne, nouvelle = empreinte_consentement(version_1), empreinte_consentement(version_2)
        premiere = service.poster("/inscription", formulaire(adresse, texte_consentement=ancienne))
        assert premiere.status_code == 200, premiere.text
        reglages_du_site_avec_consentement(reglages, version_2)
        # Un robot poste d'abord une empreinte quelconque : refusé, et il ne fait pas refuser le
        # premier vrai formulaire du nouveau texte pendant l'intervalle entre deux relectures.
        robot = service.poster("/inscription", formulaire("robot-" + adresse, texte_consentement="f" * 16))
        refus_propre(robot, 409)
        autre = "v2-" + adresse
        reponse = service.poster("/inscription", formulaire(autre, texte_consentement=nouvelle))
        assert reponse.status_code == 200, reponse.text
        with service.moteur.connect() as connexion:
            preuves = dict(
                connexion.execute(
                    sa.select(abonnes.c.courriel, consentements.c.texte).join(
                        consentements, consentements.c.abonne_id == abonnes.c.id
                    )
                ).all()
            )
        assert preuves == {adresse: version_1, autre: version_2}
        assert "Texte de consentement relu" in service.texte_journal()
        # Une page chargée avant le changement montre l'ancien texte : refusée, rien gardé.
        avant = etat(service)
        tardive = service.poster("/inscription", formulaire("v1-" + adresse, texte_consentement=ancienne))
        refus_propre(tardive, 409)
        assert etat(service) == avant
        boite.attendre(autre)
        assert "Traceback" not in service.texte_journal()


def test_formulaire_du_meme_texte_de_consentement_ou_sans_empreinte_accepte(service, boite, adresse):
    from lettre.reglages import empreinte_consentement

    def preuve(courriel: str) -> str:
        with service.moteur.connect() as connexion:
            return connexion.execute(
                sa.select(consentements.c.texte)
                .join(abonnes, abonnes.c.id == consentements.c.abonne_id)
                .where(abonnes.c.courriel == courriel)
            ).scalar_one()

    # Sans empreinte (une page publiée avant cette vérification) : accepté comme avant.
    assert service.poster("/inscription", formulaire(adresse)).status_code == 200
    texte = preuve(adresse)
    autre = "meme-texte-" + adresse
    reponse = service.poster(
        "/inscription", formulaire(autre, texte_consentement=empreinte_consentement(texte))
    )
    assert reponse.status_code == 200, reponse.text
    assert preuve(autre) == texte
    boite.attendre(autre)


def test_referer_du_site_suffit_sans_origin(service, boite, adresse):
    reponse = service.poster(
        "/inscription", formulaire(adresse), origine=None, headers={"Referer": SITE + "/lettre/"}
    )
    assert reponse.status_code == 200
    boite.attendre(adresse)


def test_piege_rempli_meme_reponse_rien_garde_rien_envoye(service, boite, adresse):
    avant = etat(service)
    reponse = service.poster("/inscription", formulaire(adresse, site_web="http://spam.example"))
    assert reponse.status_code == 200 and "Vérifiez votre boîte" in reponse.text
    assert etat(service) == avant
    time.sleep(0.5)
    assert boite.pour(adresse) == []


def test_methode_ou_adresse_inconnue(service):
    refus_propre(requests.get(service.url + "/inscription", timeout=20), 405)
    refus_propre(requests.get(service.url + "/admin", timeout=20), 404)
    refus_propre(requests.put(service.url + "/preferences/x", timeout=20), 405)


def jeton_ancien(usage: str, abonne_id: int, complement: str, age_s: int) -> str:
    """Un jeton signé comme `jetons.signer`, mais il y a `age_s` secondes."""

    class SignataireAncien(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - age_s

    serialiseur = URLSafeTimedSerializer(SECRET, salt=f"abonnements.{usage}", signer=SignataireAncien)
    return serialiseur.dumps([abonne_id, complement])


def inscrit_en_attente(service, boite, adresse) -> tuple[int, str]:
    assert service.poster("/inscription", formulaire(adresse)).status_code == 200
    lien = lien_du_courriel(boite.attendre(adresse)[0], "confirmation")
    with service.moteur.connect() as connexion:
        ident = connexion.execute(sa.select(abonnes.c.id).where(abonnes.c.courriel == adresse)).scalar_one()
    return ident, lien


def test_jetons_falsifies_d_un_autre_usage_ou_expires(service, boite, adresse):
    ident, lien = inscrit_en_attente(service, boite, adresse)
    jeton = lien.rsplit("/", 1)[1]
    consentement = jetons.verifier(SECRET, "confirmation", jeton)[1]
    avant = etat(service)
    faux = jeton[:-3] + ("aaa" if not jeton.endswith("aaa") else "bbb")
    autre_secret = URLSafeTimedSerializer("un-autre-secret-tout-aussi-long", salt="abonnements.confirmation")
    essais = {
        "falsifié": f"/confirmation/{faux}",
        "autre secret": f"/confirmation/{autre_secret.dumps([ident, consentement])}",
        "n'importe quoi": "/confirmation/n'importe%20quoi",
        "autre usage": f"/desinscription/{jeton}",
        "préférences avec la confirmation": f"/preferences/{jeton}",
        "expiré": f"/confirmation/{jeton_ancien('confirmation', ident, consentement, 3 * 86400)}",
        "très long": "/confirmation/" + "a" * 5000,
    }
    for quoi, chemin in essais.items():
        for methode in ("GET", "POST"):
            reponse = requests.request(
                methode, service.url + chemin, headers={"Origin": service.url}, timeout=20
            )
            refus_propre(reponse)
            assert "lien" in reponse.text, (quoi, methode, reponse.text[:200])
    expire = requests.get(service.url + essais["expiré"], timeout=20)
    assert expire.status_code == 410 and "expiré" in expire.text
    assert etat(service)[:3] == avant[:3]
    with service.moteur.connect() as connexion:
        assert (
            connexion.execute(sa.select(abonnes.c.statut).where(abonnes.c.id == ident)).scalar_one()
            == "en_attente"
        )


def test_jeton_authentique_d_une_personne_effacee(service):
    for chemin in ("/preferences/", "/desinscription/", "/confirmation/"):
        usage = chemin.strip("/")
        jeton = jetons.signer(SECRET, usage, 987654321, "7" if usage == "confirmation" else "")
        reponse = requests.get(service.url + chemin + jeton, timeout=20)
        refus_propre(reponse, 404)
        assert "aucun" in alerte(reponse) or "n'existe plus" in alerte(reponse)
    # Le fournisseur de messagerie qui poste un clic reçoit 200 : rien à refaire.
    un_clic = service.poster(
        f"/desinscription/{jetons.signer(SECRET, 'desinscription', 987654321, 'complete')}",
        {"List-Unsubscribe": "One-Click"},
        origine=None,
    )
    assert un_clic.status_code == 200


def test_pages_du_service_postees_depuis_un_autre_site(service, boite, adresse):
    ident, lien = inscrit_en_attente(service, boite, adresse)
    avant = etat(service)
    pirate = {"Origin": "https://pirate.example"}
    refus_propre(requests.post(lien, headers=pirate, timeout=20), 403)
    preferences = f"{service.url}/preferences/{jetons.signer(SECRET, 'preferences', ident)}"
    refus_propre(requests.post(preferences, data={"action": "tout"}, headers=pirate, timeout=20), 403)
    desinscription = f"{service.url}/desinscription/{jetons.signer(SECRET, 'desinscription', ident, '')}"
    refus_propre(requests.post(desinscription, data={}, headers=pirate, timeout=20), 403)
    assert etat(service) == avant


def test_limites_par_ip_et_par_adresse(tmp_path, boite, adresse_base, adresse):
    with service_demarre(
        adresse_base, tmp_path, boite.port, ABONNEMENTS_LIMITE_IP="4", ABONNEMENTS_LIMITE_ADRESSE="2"
    ) as service:
        premiere = [service.poster("/inscription", formulaire(adresse)) for _ in range(3)]
        assert [r.status_code for r in premiere] == [200, 200, 200]
        # La troisième demande pour la même adresse a la même réponse, mais rien ne part.
        assert premiere[2].text == premiere[0].text
        # Deux courriels partis et plus rien en file : aucun troisième n'est en route (un courriel
        # reste en file jusqu'à ce que le serveur SMTP l'ait accepté).
        boite.attendre(adresse, 2)
        limite = time.monotonic() + 20
        while service.compter(courriels_a_remettre) and time.monotonic() < limite:
            time.sleep(0.1)
        assert service.compter(courriels_a_remettre) == 0
        assert len(boite.pour(adresse)) == 2
        assert service.compter(consentements) == 2
        # Quatrième demande de cette IP : encore acceptée ; la cinquième est refusée (429).
        assert service.poster("/inscription", formulaire("autre-" + adresse)).status_code == 200
        avant = etat(service)
        refus = service.poster("/inscription", formulaire("encore-" + adresse))
        refus_propre(refus, 429)
        assert "Trop de demandes" in refus.text
        assert etat(service) == avant
        # Les jetons invalides ont leur propre compte : un robot qui essaie des liens est arrêté.
        essais = [requests.get(f"{service.url}/preferences/faux{i}", timeout=20) for i in range(5)]
        assert [r.status_code for r in essais] == [400, 400, 400, 400, 429]
        assert "Traceback" not in service.texte_journal()


def test_lien_de_confirmation_expire_deja_suivi(service, boite, adresse):
    """Confirmée, la personne rouvre le courriel une semaine plus tard : pas « lien expiré, refaites
    votre demande » (elle est inscrite), mais la page « inscription confirmée », sans rien changer."""
    ident, lien = inscrit_en_attente(service, boite, adresse)
    consentement = jetons.verifier(SECRET, "confirmation", lien.rsplit("/", 1)[1])[1]
    assert requests.post(lien, headers={"Origin": service.url}, timeout=20).status_code == 200
    avant = etat(service)
    vieux = f"{service.url}/confirmation/{jeton_ancien('confirmation', ident, consentement, 7 * 86400)}"
    for methode in ("GET", "POST"):
        reponse = requests.request(methode, vieux, headers={"Origin": service.url}, timeout=20)
        assert reponse.status_code == 200, reponse.text
        titre = BeautifulSoup(reponse.text, "html.parser").find("h1").get_text()
        assert titre == "Inscription confirmée"
    assert etat(service) == avant
