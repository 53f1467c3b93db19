"""En-têtes HTTP du site publié (`_headers`, lu par Netlify, Cloudflare Pages…), d'après les réglages.

La même politique est portée par chaque page dans une balise `<meta http-equiv>` (`politique_meta`) :
un hébergeur qui n'applique pas `_headers` (GitHub Pages) sert quand même des pages qui refusent tout
script ou style en ligne. Une balise ne peut pas porter `frame-ancestors` (ni les autres en-têtes) :
voir deploiement/nginx.conf pour un hébergeur qui les applique tous.

La politique de sécurité (CSP) n'autorise que le site lui-même, plus les hôtes tiers dont une
capacité active a besoin : chaque plugin peut les déclarer par une fonction
`sources_csp(settings) -> {directive: [origines]}` (tuiles de la carte, formulaire d'inscription…).
"""

from __future__ import annotations

import importlib
from urllib.parse import urlparse

from .liens import plugins_actifs

# Directives et sources de base ; les plugins actifs y ajoutent leurs origines.
POLITIQUE = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'", "'wasm-unsafe-eval'")),
    ("style-src", ("'self'",)),
    ("img-src", ("'self'", "data:")),
    ("connect-src", ("'self'",)),
    ("font-src", ("'self'",)),
    ("object-src", ("'none'",)),
    ("frame-ancestors", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)


def origine(url: str) -> str:
    """« https://tile.openstreetmap.org/{z}/… » → « https://tile.openstreetmap.org » ; « » sinon."""
    morceaux = urlparse(url)
    return f"{morceaux.scheme}://{morceaux.netloc}" if morceaux.scheme and morceaux.netloc else ""


def politique_csp(settings) -> str:
    """La valeur de Content-Security-Policy pour ce site (ordre fixe, sans doublon)."""
    ajouts: dict[str, set[str]] = {}
    for nom in plugins_actifs(settings):
        fonction = getattr(importlib.import_module(nom), "sources_csp", None)
        for directive, origines in (fonction(settings) if fonction else {}).items():
            ajouts.setdefault(directive, set()).update(o for o in origines if o)
    return "; ".join(
        " ".join([directive, *sources, *sorted(ajouts.get(directive, ()))])
        for directive, sources in POLITIQUE
    )


# Directives qu'un navigateur ignore dans une balise <meta> (CSP niveau 3, § 6.1) : en-tête seulement.
HORS_META = ("frame-ancestors", "report-uri", "sandbox")


def politique_meta(settings) -> str:
    """La politique de `politique_csp`, sans ce qu'une balise `<meta>` ne peut pas porter."""
    return "; ".join(
        directive
        for directive in politique_csp(settings).split("; ")
        if directive.split(" ")[0] not in HORS_META
    )
