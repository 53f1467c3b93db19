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


REMIS, A_REESSAYER, REFUSE = "remis", "a_reessayer", "refuse"


def envoyer(reglages, message: EmailMessage) -> tuple[str, str]:
    """Remet le message au serveur SMTP (ou l'écrit au journal) : (REMIS | A_REESSAYER | REFUSE, erreur).

    Appelée par la file des courriels à remettre (`attente.py`), après la réponse au navigateur :
    une panne SMTP ne change rien à la réponse, identique pour tous. A_REESSAYER : serveur
    injoignable, muet ou refus temporaire (4xx) ; REFUSE : refus définitif (5xx), inutile d'insister.
    """
    if reglages.smtp is None:
        logger.warning(
            "Courriel non envoyé (ABONNEMENTS_COURRIELS=journal) à %s : %s\n%s",
            message["To"],
            message["Subject"],
            message.get_content(),
        )
        return REMIS, ""
    from lettre.envoi import ErreurEnvoi, fermer, ouvrir_connexion

    connexion = None
    try:
        connexion = ouvrir_connexion(reglages.smtp)
        connexion.send_message(message, from_addr=parseaddr(reglages.expediteur)[1])
    except smtplib.SMTPRecipientsRefused as exc:
        # Le message de l'exception contient l'adresse : le journal n'en garde que la réponse.
        reponses = list(exc.recipients.values())
        erreur = "; ".join(f"{code} {texte.decode(errors='replace')}" for code, texte in reponses)
        return (REFUSE if reponses and min(c for c, _t in reponses) >= 500 else A_REESSAYER), erreur
    except smtplib.SMTPResponseException as exc:
        return (REFUSE if exc.smtp_code >= 500 else A_REESSAYER), str(exc)
    except (ErreurEnvoi, smtplib.SMTPException, OSError) as exc:
        return A_REESSAYER, str(exc) or type(exc).__name__
    finally:
        fermer(connexion)  # une panne à QUIT ne rend pas « non remis » un message accepté
    return REMIS, ""
