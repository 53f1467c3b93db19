"""Envoi à un vrai serveur SMTP local (aiosmtpd) : messages complets, pannes, reprise."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from lettre.commandes import courriel_de, entetes_de
from lettre.envoi import Abonne, Envoyeur, JournalEnvoi, ParametresSMTP
from lettre.message import verifier_jeton
from lettre.reglages import lire

ABONNES = [Abonne(f"abonne{i:03d}@essai.example", f"Abonné {i}") for i in range(30)]
LETTRE_ESSAI = {
    "expediteur": "Association d'essai <lettre@essai.example>",
    "repondre_a": "contact@essai.example",
    "list_id": "La lettre d'essai <lettre.essai.example>",
    "desinscription_courriel": "desinscription@essai.example",
    "desinscription_url": "https://listes.essai.example/desinscription?jeton={jeton}",
}


SECRET = "secret-de-test-assez-long-0123456789"  # le même que conftest (fixture « secret »)


def envoyeur(port: int, essais: int = 4) -> Envoyeur:
    options = lire({"LETTRE": LETTRE_ESSAI})
    return Envoyeur(
        ParametresSMTP("127.0.0.1", port, "aucune", delai_s=5),
        entetes_de(options),
        SECRET.encode(),
        debit_par_seconde=0,
        essais=essais,
        attente_initiale_s=0.01,
    )


def test_chaque_message_est_complet_et_ses_liens_absolus(serveur_smtp, preparation, tmp_path):
    boite, port = serveur_smtp
    bilan = envoyeur(port).envoyer_liste(
        courriel_de(preparation), ABONNES[:5], JournalEnvoi(tmp_path, "2026-04", "complete")
    )
    assert bilan.complet and bilan.envoyes == 5
    assert sorted(boite.copies()) == sorted(a.courriel for a in ABONNES[:5])
    ids = set()
    for destinataire, message in boite.recus:
        assert message.get_content_type() == "multipart/alternative"
        for entete in (
            "Message-ID",
            "Date",
            "From",
            "Reply-To",
            "List-Id",
            "List-Unsubscribe",
            "Subject",
            "To",
        ):
            assert message[entete], entete
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["To"] == destinataire
        assert "La lettre n° 4" in message["Subject"]
        ids.add(message["Message-ID"])
        desinscriptions = re.findall(r"<([^>]+)>", message["List-Unsubscribe"])
        assert desinscriptions[0].startswith("mailto:desinscription@essai.example?subject=")
        assert desinscriptions[1].startswith("https://listes.essai.example/desinscription?jeton=")
        jeton = desinscriptions[1].split("jeton=")[1]
        assert verifier_jeton(SECRET.encode(), jeton) == ("complete", destinataire)
        texte = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert message.get_body(("plain",)).get_content_charset() == "utf-8"
        assert "Forum de l'emploi associatif" in texte and jeton in texte
        assert "JETONDESINSCRIPTION" not in html + texte
        soupe = BeautifulSoup(html, "html.parser")
        liens = [a["href"] for a in soupe.find_all("a")] + [i["src"] for i in soupe.find_all("img")]
        assert liens and all(lien.startswith(("https://", "mailto:")) for lien in liens), liens
        assert any(jeton in lien for lien in liens)
        assert (
            soupe.find(class_="pre-entete").get_text(strip=True).startswith("3 actualités et 5 rendez-vous")
        )
        assert all(img.get("alt") for img in soupe.find_all("img"))
    assert len(ids) == 5  # un identifiant par abonné


def test_refus_temporaires_reessayes_et_definitifs_signales(serveur_smtp, preparation, tmp_path):
    boite, port = serveur_smtp
    boite.temporaires = {ABONNES[1].courriel: 2, ABONNES[4].courriel: 10}
    boite.definitifs = {ABONNES[2].courriel, ABONNES[7].courriel}
    journal = JournalEnvoi(tmp_path, "2026-04", "complete")
    courriel = courriel_de(preparation)
    bilan = envoyeur(port, essais=3).envoyer_liste(courriel, ABONNES[:10], journal)
    assert bilan.envoyes == 7
    assert sorted(a for a, _c, _t in bilan.refus_definitifs) == [ABONNES[2].courriel, ABONNES[7].courriel]
    assert all(code == 550 for _a, code, _t in bilan.refus_definitifs)
    assert [a for a, _c, _t in bilan.en_attente] == [ABONNES[4].courriel]
    assert not bilan.complet
    # Plus tard, la boîte pleine se libère : la relance ne sert que celle-là.
    boite.temporaires = {}
    relance = envoyeur(port).envoyer_liste(courriel, ABONNES[:10], journal)
    assert relance.envoyes == 1 and relance.deja_faits == 9 and relance.complet
    attendu = {a.courriel: 1 for a in ABONNES[:10] if a.courriel not in boite.definitifs}
    assert boite.copies() == attendu


def test_connexion_coupee_au_milieu_de_la_liste(serveur_smtp, preparation, tmp_path):
    boite, port = serveur_smtp
    boite.couper_au = 4
    bilan = envoyeur(port).envoyer_liste(
        courriel_de(preparation), ABONNES[:12], JournalEnvoi(tmp_path, "2026-04", "complete")
    )
    assert bilan.complet and bilan.envoyes == 12
    assert boite.copies() == {a.courriel: 1 for a in ABONNES[:12]}


def test_serveur_injoignable_rien_n_est_note(preparation, tmp_path, port_ferme):
    journal = JournalEnvoi(tmp_path, "2026-04", "complete")
    bilan = envoyeur(port_ferme, essais=2).envoyer_liste(courriel_de(preparation), ABONNES[:3], journal)
    assert bilan.envoyes == 0 and len(bilan.en_attente) == 3 and journal.termines() == {}


def test_debit_vers_le_serveur_local(serveur_smtp, preparation, tmp_path, record_property):
    """Mesure (pas d'assertion de temps) : messages par seconde vers aiosmtpd local."""
    boite, port = serveur_smtp
    abonnes = [Abonne(f"debit{i:04d}@essai.example") for i in range(200)]
    bilan = envoyeur(port).envoyer_liste(
        courriel_de(preparation), abonnes, JournalEnvoi(tmp_path, "2026-04", "complete")
    )
    assert bilan.complet and len(boite.recus) == 200
    record_property("messages_par_seconde", round(bilan.debit, 1))
    print(f"\nDébit : {bilan.debit:.1f} messages/s ({bilan.envoyes} en {bilan.duree_s:.2f} s)")


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


def test_debit_limite_respecte_l_intervalle(serveur_smtp, preparation, tmp_path):
    _boite, port = serveur_smtp
    temps = HorlogeFactice()
    limite = envoyeur(port)
    limite.debit_par_seconde = 2.0
    limite.dormir, limite.horloge = temps.dormir, temps.horloge
    bilan = limite.envoyer_liste(
        courriel_de(preparation), ABONNES[:4], JournalEnvoi(tmp_path, "2026-04", "complete")
    )
    # 4 messages à 2 par seconde : au moins 1,5 s entre le premier et le dernier, attentes de moins de 0,5 s.
    assert bilan.envoyes == 4 and len(temps.attentes) == 3
    assert all(0 < a <= 0.5 for a in temps.attentes) and sum(temps.attentes) > 1.45


@pytest.mark.parametrize("destinataire", ["moi@essai.example"])
def test_envoi_d_essai(serveur_smtp, preparation, destinataire):
    boite, port = serveur_smtp
    envoyeur(port).envoyer_essai(courriel_de(preparation), destinataire)
    ((recu, message),) = boite.recus
    assert recu == destinataire and message["Subject"].startswith("[ESSAI] ")


def test_jeton_falsifie_refuse():
    from lettre.message import jeton

    vrai = jeton(SECRET.encode(), "complete", "a@essai.example")
    charge, signature = vrai.split(".")
    assert verifier_jeton(SECRET.encode(), vrai) == ("complete", "a@essai.example")
    assert verifier_jeton(b"autre-secret-0123456789", vrai) is None
    assert verifier_jeton(SECRET.encode(), charge + "." + signature[::-1]) is None
    assert verifier_jeton(SECRET.encode(), "n'importe quoi") is None
