"""Envoi d'un numéro figé en base à de vrais serveurs SMTP locaux (aiosmtpd), sur SQLite et PostgreSQL.

Chaque test finit par vérifier les deux choses qui comptent : personne ne reçoit un numéro deux
fois, et rien n'est noté « envoyé » qui ne l'a pas été.
"""

from __future__ import annotations

import re
import time
from email import message_from_bytes, policy

import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup

from abonnements import envois, jetons
from abonnements.base import moteur
from abonnements.tables import historique, remises, suppressions
from lettre.commandes_envoi import courriel_de, entetes_de
from lettre.envoi import ConnexionsEchouees, EnvoiArrete, Envoyeur, ParametresSMTP
from lettre.reglages import lire

SECRET = "secret-de-test-assez-long-0123456789"  # le même que conftest (fixture « secret »)
ADRESSES = [f"abonne{i:03d}@essai.example" for i in range(30)]
LETTRE_ESSAI = {
    "expediteur": "Association d'essai <lettre@essai.example>",
    "repondre_a": "contact@essai.example",
    "list_id": "La lettre d'essai <lettre.essai.example>",
    "desinscription_courriel": "desinscription@essai.example",
    "service_url": "https://abonnements.essai.example",
}


def envoyeur(port: int, **autres) -> Envoyeur:
    parametres = ParametresSMTP("127.0.0.1", port, "aucune", delai_s=autres.pop("delai_s", 5))
    return Envoyeur(
        parametres,
        entetes_de(lire({"LETTRE": LETTRE_ESSAI})),
        SECRET,
        debit_par_seconde=0,
        attente_initiale_s=0.01,
        **autres,
    )


@pytest.fixture
def base(adresse_base):
    resultat = moteur(adresse_base)
    yield resultat
    resultat.dispose()


@pytest.fixture
def figer(base, adresse_base, preparation, aides):
    """figer(abonnés) : les inscrit en base, fige le numéro 2026-04 ; (numéro, ses destinataires)."""

    def faire(abonnes):
        aides.inscrire(adresse_base, abonnes)
        numero = envois.figer(base, preparation, "complete")
        return numero, envois.restants(base, numero)[0]

    return faire


def etats(base, numero) -> dict[str, str]:
    """Adresse → état de sa remise pour ce numéro, lu en base."""
    requete = sa.text(
        "SELECT a.courriel, r.etat FROM remises r JOIN abonnes a ON a.id = r.abonne_id WHERE r.numero_id = :n"
    )
    with base.connect() as connexion:
        return dict(connexion.execute(requete, {"n": numero.id}).all())


def test_chaque_message_est_complet_et_ses_liens_en_clair(serveur_smtp, figer, base):
    boite, port = serveur_smtp
    abonnes = [(ADRESSES[0], "Anne Lefèvre"), (ADRESSES[1], "Bob\r\nBcc: pirate@essai.example"), ADRESSES[2]]
    numero, restants = figer(abonnes)
    suivi = envois.SuiviNumero(base, numero)
    bilan = envoyeur(port).envoyer_numero(courriel_de(numero.preparation), suivi, restants)
    assert bilan.envoyes == 3 and envois.terminer(base, numero)
    assert sorted(boite.copies()) == ADRESSES[:3]
    ids = {d.courriel: d.abonne_id for d in restants}
    identifiants = set()
    for brut in boite.bruts:
        entetes_brutes = brut.split(b"\r\n\r\n", 1)[0].decode("ascii")
        # En clair (pas d'encodage RFC 2047), plié seulement entre deux adresses.
        ligne = re.search(r"^List-Unsubscribe: (.*?)\r\n(?! )", entetes_brutes + "\r\n", re.M | re.S).group(1)
        assert "=?" not in ligne and re.fullmatch(r"<[^<>\s]+>(,\r\n <[^<>\s]+>)*", ligne), ligne
        assert not re.search(r"^Bcc:", entetes_brutes, re.M | re.I)
        message = message_from_bytes(brut, policy=policy.default)
        destinataire = message["To"].addresses[0].addr_spec
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message.get_content_type() == "multipart/alternative"
        for entete in ("Message-ID", "Date", "From", "Reply-To", "List-Id", "Subject"):
            assert message[entete], entete
        identifiants.add(message["Message-ID"])
        https, mailto = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
        assert https.startswith("https://abonnements.essai.example/desinscription/")
        assert mailto.startswith("mailto:desinscription@essai.example?subject=desinscription%20")
        jeton = https.rsplit("/", 1)[1]
        assert jetons.verifier(SECRET, "desinscription", jeton) == (ids[destinataire], "complete")
        texte = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "JETON" not in html + texte and jeton in texte
        soupe = BeautifulSoup(html, "html.parser")
        liens = [a["href"] for a in soupe.find_all("a")]
        preferences = [lien for lien in liens if "/preferences/" in lien]
        assert len(preferences) == 1
        assert jetons.verifier(SECRET, "preferences", preferences[0].rsplit("/", 1)[1]) == (
            ids[destinataire],
            "",
        )
        web = soupe.find("a", string=re.compile("navigateur"))["href"]
        assert web == "https://essai.example/lettre/2026/04/"  # la page d'archive, pas l'aperçu
    noms = {m["To"].addresses[0].addr_spec: m["To"].addresses[0].display_name for _d, m in boite.recus}
    assert noms == {
        ADRESSES[0]: "Anne Lefèvre",
        ADRESSES[1]: "Bob Bcc: pirate@essai.example",
        ADRESSES[2]: "",
    }
    assert all("Bcc" not in m and len(m["To"].addresses) == 1 for _d, m in boite.recus)
    assert len(identifiants) == 3
    assert set(etats(base, numero).values()) == {"envoye"}


def test_refus_definitifs_en_suppression_temporaires_reessayes_puis_differes(serveur_smtp, figer, base):
    boite, port = serveur_smtp
    boite.temporaires = {ADRESSES[1]: 2}
    boite.toujours_temporaires = {ADRESSES[4]}
    boite.definitifs = {ADRESSES[2], ADRESSES[7]}
    numero, restants = figer(ADRESSES[:10])
    bilan = envoyeur(port).envoyer_numero(
        courriel_de(numero.preparation), envois.SuiviNumero(base, numero, essais_max=3), restants
    )
    assert bilan.envoyes == 7
    assert sorted(a for a, _c, _t in bilan.refus_definitifs) == [ADRESSES[2], ADRESSES[7]]
    assert [(a, c) for a, c, _t in bilan.differes] == [(ADRESSES[4], 452)]
    # Le numéro est complet malgré la boîte pleine : elle ne bloque pas les numéros suivants.
    assert envois.terminer(base, numero)
    assert boite.copies() == {a: 1 for a in ADRESSES[:10] if a not in boite.definitifs | {ADRESSES[4]}}
    vus = etats(base, numero)
    assert vus[ADRESSES[4]] == "differe" and vus[ADRESSES[2]] == vus[ADRESSES[7]] == "refuse"
    with base.connect() as connexion:
        supprimees = set(connexion.execute(sa.select(suppressions.c.courriel_canonique)).scalars())
        actions = sorted(connexion.execute(sa.select(historique.c.action)).scalars())
        essais = dict(connexion.execute(sa.select(remises.c.abonne_id, remises.c.essais)).all())
    assert supprimees == {ADRESSES[2], ADRESSES[7]}
    assert actions == ["differe", "refus_definitif", "refus_definitif"]
    assert essais[restants[4].abonne_id] == 3 and essais[restants[1].abonne_id] == 3
    # Le numéro suivant : la boîte pleine y est de nouveau destinataire, les refusées non.
    prep = numero.preparation
    suivant = envois.figer(base, {**prep, "numero": {**prep["numero"], "numero": "2026-05"}}, "complete")
    prochains = {d.courriel for d in envois.restants(base, suivant)[0]}
    assert prochains == set(ADRESSES[:10]) - {ADRESSES[2], ADRESSES[7]}


def test_une_personne_effacee_pendant_ses_essais_n_est_plus_reessayee(serveur_smtp, figer, base):
    """Effacée (RGPD) entre deux passes alors que son serveur répond 4xx : l'envoi se termine sans elle."""
    from abonnements.base import maintenant
    from abonnements.rgpd import effacer

    boite, port = serveur_smtp
    boite.toujours_temporaires = {ADRESSES[1]}
    numero, restants = figer(ADRESSES[:3])
    attentes = []

    def dormir(secondes):
        attentes.append(secondes)
        if len(attentes) == 1:
            with base.begin() as connexion:
                assert effacer(connexion, ADRESSES[1], maintenant())
        assert len(attentes) < 10, "la personne effacée est réessayée sans fin"

    bilan = envoyeur(port, dormir=dormir).envoyer_numero(
        courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants
    )
    assert bilan.envoyes == 2 and bilan.differes == [] and bilan.refus_definitifs == []
    assert len(attentes) == 1
    assert boite.copies() == {ADRESSES[0]: 1, ADRESSES[2]: 1}
    assert etats(base, numero) == {ADRESSES[0]: "envoye", ADRESSES[2]: "envoye"}
    assert envois.terminer(base, numero)


def test_connexion_coupee_au_milieu_de_la_liste(serveur_smtp, figer, base):
    boite, port = serveur_smtp
    boite.couper_au = 4
    numero, restants = figer(ADRESSES[:12])
    bilan = envoyeur(port).envoyer_numero(
        courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants
    )
    assert bilan.envoyes == 12 and envois.terminer(base, numero)
    assert boite.copies() == {a: 1 for a in ADRESSES[:12]}


@pytest.mark.parametrize("panne", ["injoignable", "muet"])
def test_serveur_en_panne_arret_rapide_rien_n_est_note(panne, figer, base, request):
    port = request.getfixturevalue("port_ferme" if panne == "injoignable" else "serveur_muet")
    numero, restants = figer(ADRESSES[:5])
    debut = time.monotonic()
    with pytest.raises(ConnexionsEchouees, match="3 échecs de connexion de suite") as arret:
        envoyeur(port, delai_s=1, echecs_connexion_max=3).envoyer_numero(
            courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants
        )
    duree = time.monotonic() - debut
    # Trois délais d'une seconde au plus (serveur muet) et deux courtes attentes : des secondes.
    assert duree < 3 * 1 + 5, duree
    assert arret.value.bilan.envoyes == 0 and "relancez" in str(arret.value)
    assert set(etats(base, numero).values()) == {"a_envoyer"}
    assert not envois.terminer(base, numero)


@pytest.mark.parametrize(
    ("reglage", "attendu"),
    [
        ("refuser_expediteur", "refuse l'expéditeur lettre@essai.example (553"),
        ("refuser_message", "refuse le message lui-même (554"),
    ],
)
def test_refus_de_l_expediteur_ou_du_message_arrete_tout(reglage, attendu, serveur_smtp, figer, base):
    boite, port = serveur_smtp
    setattr(boite, reglage, True)
    numero, restants = figer(ADRESSES[:5])
    with pytest.raises(EnvoiArrete, match=re.escape(attendu)) as arret:
        envoyeur(port).envoyer_numero(
            courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants
        )
    assert arret.value.bilan.envoyes == 0 and boite.recus == []
    assert set(etats(base, numero).values()) == {"a_envoyer"}  # personne n'est « refusé »
    with base.connect() as connexion:
        assert connexion.execute(sa.select(sa.func.count()).select_from(suppressions)).scalar() == 0


def test_authentification_refusee_arrete_tout(serveur_auth_refusee, figer, base):
    boite, port = serveur_auth_refusee
    numero, restants = figer(ADRESSES[:3])
    envoi = envoyeur(port)
    envoi.parametres = ParametresSMTP("127.0.0.1", port, "aucune", "lettre", "mauvais", delai_s=5)
    with pytest.raises(EnvoiArrete, match="authentification SMTP refusée \\(535"):
        envoi.envoyer_numero(courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants)
    assert boite.recus == [] and set(etats(base, numero).values()) == {"a_envoyer"}


@pytest.mark.parametrize(
    ("securite", "attendu"), [("starttls", "ne propose pas STARTTLS"), ("tls", "échec de TLS avec 127.0.0.1")]
)
def test_tls_impossible_arrete_tout(securite, attendu, serveur_smtp, figer, base):
    boite, port = serveur_smtp  # un serveur sans TLS
    numero, restants = figer(ADRESSES[:3])
    envoi = envoyeur(port)
    envoi.parametres = ParametresSMTP("127.0.0.1", port, securite, delai_s=5)
    with pytest.raises(EnvoiArrete, match=attendu):
        envoi.envoyer_numero(courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants)
    assert boite.recus == [] and set(etats(base, numero).values()) == {"a_envoyer"}


def test_un_relais_qui_refuse_tout_arrete_l_envoi(serveur_smtp, figer, base):
    """Le même 5xx pour chaque adresse, c'est le serveur : l'envoi s'arrête au 10e, le reste attend."""
    boite, port = serveur_smtp
    boite.definitifs = set(ADRESSES)
    numero, restants = figer(ADRESSES[:25])
    with pytest.raises(EnvoiArrete, match="10 refus définitifs de suite avec la même réponse"):
        envoyeur(port).envoyer_numero(
            courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants
        )
    # Ce n'étaient pas les adresses : les 10 refusées attendent ce numéro avec les 15 autres,
    # sans essai perdu (ils gardent tous leurs essais pour d'éventuels refus temporaires).
    assert set(etats(base, numero).values()) == {"a_envoyer"} and boite.recus == []
    with base.connect() as connexion:
        essais = connexion.execute(sa.select(remises.c.essais).where(remises.c.numero_id == numero.id))
        assert set(essais.scalars()) == {0}
    # Aucune ne reste en liste de suppression, l'historique le dit.
    with base.connect() as connexion:
        assert connexion.execute(sa.select(suppressions.c.courriel_canonique)).all() == []
        levees = connexion.execute(
            sa.select(historique.c.detail).where(historique.c.action == "suppression_levee")
        ).scalars()
        assert [d for d in levees if "le serveur, pas l'adresse" in d and "2026-04" in d] != []
        assert (
            connexion.execute(
                sa.select(sa.func.count()).where(historique.c.action == "suppression_levee")
            ).scalar()
            == 10
        )
    # Le relais réparé, la même commande sert les 25, une fois chacune.
    boite.definitifs = set()
    relance, retires = envois.restants(base, numero)
    assert len(relance) == 25 and retires == 0
    envoyeur(port).envoyer_numero(courriel_de(numero.preparation), envois.SuiviNumero(base, numero), relance)
    assert boite.copies() == {a: 1 for a in ADRESSES[:25]}
    assert set(etats(base, numero).values()) == {"envoye"} and envois.terminer(base, numero)


def test_une_adresse_internationale_refusee_n_arrete_pas_l_envoi(serveur_sans_smtputf8, figer, base):
    boite, port = serveur_sans_smtputf8
    numero, restants = figer(["élodie@essai.example", *ADRESSES[:3]])
    bilan = envoyeur(port).envoyer_numero(
        courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants
    )
    assert [(a, c) for a, c, _t in bilan.refus_definitifs] == [("élodie@essai.example", 553)]
    assert boite.copies() == {a: 1 for a in ADRESSES[:3]} and envois.terminer(base, numero)


def test_envoi_d_essai(serveur_smtp, preparation):
    boite, port = serveur_smtp
    envoyeur(port).envoyer_essai(courriel_de(preparation), "moi@essai.example")
    ((recu, message),) = boite.recus
    assert recu == "moi@essai.example" and message["Subject"].startswith("[ESSAI] ")


class HorlogeFactice:
    """Horloge qui avance d'une milliseconde à chaque lecture, et du temps demandé à chaque attente."""

    def __init__(self):
        self.t = 0.0
        self.attentes: list[float] = []

    def horloge(self) -> float:
        self.t += 0.001
        return self.t

    def dormir(self, duree: float) -> None:
        self.attentes.append(duree)
        self.t += duree


def test_debit_limite_respecte_l_intervalle(serveur_smtp, figer, base):
    _boite, port = serveur_smtp
    temps = HorlogeFactice()
    numero, restants = figer(ADRESSES[:4])
    limite = envoyeur(port, dormir=temps.dormir, horloge=temps.horloge)
    limite.debit_par_seconde = 2.0
    bilan = limite.envoyer_numero(courriel_de(numero.preparation), envois.SuiviNumero(base, numero), restants)
    # 4 messages à 2 par seconde : au moins 1,5 s entre le premier et le dernier, attentes de moins de 0,5 s.
    assert bilan.envoyes == 4 and len(temps.attentes) == 3
    assert all(0 < a <= 0.5 for a in temps.attentes) and sum(temps.attentes) > 1.45
