"""Lignes de commande en français : `ParseurFrancais`, un `argparse.ArgumentParser` traduit.

Python ne traduit pas les messages d'argparse ; ceux que le personnel et le bénévole rencontrent
(aide, option manquante ou inconnue, valeur invalide) sont dits ici en français. Servent
`gestion.py` et `python -m abonnements` (le service ne dépend pas du site : ce module est ici).
"""

from __future__ import annotations

import argparse
import re
import sys

# Les types d'options que nos commandes utilisent, dits comme le personnel les connaît.
TYPES = {"int": "nombre entier", "float": "nombre"}

# Les messages d'argparse (Python ne les traduit pas) : ceux que le personnel rencontre, en français.
MESSAGES_ARGPARSE = (
    (r"the following arguments are required: (.*)", r"il manque : \1"),
    (r"unrecognized arguments: (.*)", r"arguments inconnus : \1"),
    (
        r"argument (\S+): invalid choice: '(.*?)' \(choose from (.*)\)",
        r"\1 : « \2 » n'existe pas ; possibles : \3",
    ),
    (
        r"argument (\S+): invalid (\w+) value: '(.*)'",
        lambda m: f"{m[1]} : « {m[3]} » n'est pas une valeur valable ({TYPES.get(m[2], m[2])} attendu)",
    ),
    (r"argument (\S+): expected one argument", r"\1 : une valeur est attendue après l'option"),
    (r"argument (\S+): expected at least one argument", r"\1 : au moins une valeur est attendue"),
    (r"argument (\S+): not allowed with argument (.*)", r"\1 : incompatible avec \2"),
    (r"ambiguous option: (\S+) could match (.*)", r"option \1 ambiguë : \2 ?"),
    (r"argument (\S+): (.*)", r"\1 : \2"),
)


class ParseurFrancais(argparse.ArgumentParser):
    """Un ArgumentParser dont l'aide et les erreurs sont en français (sous-commandes comprises)."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        super().__init__(*args, add_help=False, **kwargs)
        if add_help:
            self.add_argument("-h", "--help", action="help", help="affiche cette aide")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "usage : ", 1)

    def format_help(self) -> str:
        texte = super().format_help().replace("usage: ", "usage : ", 1)
        return texte.replace("\npositional arguments:\n", "\narguments :\n").replace(
            "\noptions:\n", "\noptions :\n"
        )

    def error(self, message: str):
        for motif, traduction in MESSAGES_ARGPARSE:
            if re.fullmatch(motif, message):
                message = re.sub(motif, traduction, message)
                break
        self.print_usage(sys.stderr)
        self.exit(
            2, f"✗ {self.prog} : {message}\n  (« {self.prog} --help » explique les commandes et options)\n"
        )
