"""Le courriel de confirmation (double opt-in) : composé depuis le thème, envoyé par le SMTP de la lettre.

Le texte vient du gabarit `abonnements/courriel-confirmation.txt` (surchargeable) ; l'envoi passe
par `lettre.envoi.ouvrir_connexion` (mêmes variables LETTRE_SMTP_* que la lettre). Sans SMTP réglé
(`ABONNEMENTS_COURRIELS=journal`, développement), le message est écrit au journal.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

logger = logging.getLogger(__name__)


def message_confirmation(reglages, gabarits, courriel: str, nom: str, lien: str, instant: dt.datetime):
    """Le message complet (en-têtes et texte) qui demande de confirmer l'inscription."""
    gabarit = gabarits.get_template("abonnements/courriel-confirmation.txt")
    variables = {
        **reglages.contexte_site,
        "lien_confirmation": lien,
        "heures_validite": reglages.confirmation_heures,
        "nom": nom,
    }
    objet, _, corps = gabarit.render(variables).strip().partition("\n")
    message = EmailMessage()
    message["Subject"] = objet.removeprefix("Objet :").strip()
    message["From"] = reglages.expediteur
    message["To"] = Address(display_name=nom, addr_spec=courriel)
    if reglages.repondre_a:
        message["Reply-To"] = reglages.repondre_a
    message["Date"] = format_datetime(instant)
    domaine = parseaddr(reglages.expediteur)[1].rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domaine)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(corps.strip() + "\n")
    return message


def envoyer(reglages, message: EmailMessage) -> bool:
    """Remet le message au serveur SMTP (ou l'écrit au journal) ; vrai s'il est parti.

    Appelée après la réponse au navigateur : une panne SMTP est journalisée (sans l'adresse) et
    la personne peut refaire sa demande ; elle ne change rien à la réponse, identique pour tous.
    """
    if reglages.smtp is None:
        logger.warning(
            "Courriel non envoyé (ABONNEMENTS_COURRIELS=journal) à %s : %s\n%s",
            message["To"],
            message["Subject"],
            message.get_content(),
        )
        return True
    from lettre.envoi import ErreurEnvoi, ouvrir_connexion

    try:
        connexion = ouvrir_connexion(reglages.smtp)
        try:
            connexion.send_message(message, from_addr=parseaddr(reglages.expediteur)[1])
        finally:
            connexion.quit()
    except (ErreurEnvoi, smtplib.SMTPException, OSError) as exc:
        logger.error("Courriel de confirmation non remis : %s", exc)
        return False
    return True
