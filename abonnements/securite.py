"""En-têtes de sécurité de toutes les réponses du service (middleware ASGI)."""

from __future__ import annotations

from .reglages import Reglages, origine


def entetes_securite(reglages: Reglages) -> list[tuple[bytes, bytes]]:
    site = origine(reglages.site_url)
    politique = (
        f"default-src 'none'; style-src {site}; img-src {site}; font-src {site}; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    entetes = {
        "content-security-policy": politique,
        "x-content-type-options": "nosniff",
        "x-frame-options": "DENY",
        # Les adresses des pages portent un jeton : jamais transmises à un autre site. (Pas
        # « no-referrer » : le navigateur enverrait alors « Origin: null » avec nos propres formulaires.)
        "referrer-policy": "same-origin",
        "cache-control": "no-store",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "geolocation=(), camera=(), microphone=()",
    }
    if reglages.service_url.startswith("https://"):
        entetes["strict-transport-security"] = "max-age=31536000"
    return [(k.encode(), v.encode()) for k, v in entetes.items()]


class EntetesSecurite:
    """Middleware ASGI : les en-têtes de sécurité sur toute réponse, erreurs comprises."""

    def __init__(self, app, entetes: list[tuple[bytes, bytes]]):
        self.app, self.entetes = app, entetes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        noms = {nom for nom, _ in self.entetes}

        async def envoyer_avec(message):
            if message["type"] == "http.response.start":
                gardes = [(k, v) for k, v in message.get("headers", []) if k.lower() not in noms]
                message = {**message, "headers": gardes + self.entetes}
            await send(message)

        await self.app(scope, receive, envoyer_avec)
