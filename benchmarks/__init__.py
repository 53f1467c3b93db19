"""Mesures de vitesse et de poids du site (`make bench`) : corpus généré, builds mesurés, tableau."""
