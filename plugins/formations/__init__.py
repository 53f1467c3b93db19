"""Catalogue de formations (modules, sessions) et agenda : données YAML, pages, calendriers.

L'API de la lettre d'information est dans `formations.a_venir`.
"""

from __future__ import annotations

from .donnees import charger_donnees


def verifier(settings):
    """Pour `make check` : problèmes du catalogue et de l'agenda."""
    _catalogue, _agenda, problemes = charger_donnees(settings)
    return problemes


def register():
    """Branché au build dans une étape suivante (générateur des pages et calendriers)."""


__all__ = ["register", "verifier"]
