"""Liens signés : confirmer une inscription, ouvrir ses préférences, se désinscrire.

Chaque jeton porte son usage (sel distinct : un jeton de confirmation n'ouvre pas les
préférences), l'identifiant de l'abonné et, au besoin, l'édition ; il est signé avec le secret du
service (variable d'environnement, jamais dans le dépôt) par itsdangerous. La confirmation expire
(`age_max_s`) ; les liens de préférences et de désinscription d'un numéro envoyé restent valables,
car un abonné doit pouvoir se désinscrire depuis une vieille lettre.
"""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

USAGES = ("confirmation", "preferences", "desinscription")


class JetonInvalide(ValueError):
    """Jeton falsifié, abîmé, d'un autre usage, ou expiré (`expire` vrai)."""

    def __init__(self, message: str, expire: bool = False):
        super().__init__(message)
        self.expire = expire


def _serialiseur(secret: str, usage: str) -> URLSafeTimedSerializer:
    if usage not in USAGES:
        raise ValueError(f"usage de jeton inconnu : {usage}")
    return URLSafeTimedSerializer(secret, salt=f"abonnements.{usage}")


def signer(secret: str, usage: str, abonne_id: int, edition: str = "") -> str:
    """Le jeton d'un abonné pour un usage (et une édition pour la désinscription d'une liste).

    Pour la confirmation, le second champ porte l'identifiant du consentement à confirmer (la
    demande précise que le lien valide, avec ses éditions) plutôt qu'une édition.
    """
    return _serialiseur(secret, usage).dumps([abonne_id, edition])


def verifier(secret: str, usage: str, jeton: str, age_max_s: int | None = None) -> tuple[int, str]:
    """(identifiant de l'abonné, édition) d'un jeton authentique ; lève JetonInvalide sinon."""
    try:
        abonne_id, edition = _serialiseur(secret, usage).loads(jeton, max_age=age_max_s)
    except SignatureExpired:
        raise JetonInvalide("ce lien a expiré", expire=True) from None
    except (BadSignature, ValueError, TypeError):
        raise JetonInvalide("ce lien n'est pas valide") from None
    if not isinstance(abonne_id, int) or not isinstance(edition, str):
        raise JetonInvalide("ce lien n'est pas valide")
    return abonne_id, edition
